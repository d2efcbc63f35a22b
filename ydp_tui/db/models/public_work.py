"""Public-work jobs (공공일자리): program periods, applications, the selection log, worksites,
assignments (the roster), daily attendance and monthly payrolls."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from ydp_tui.db.models.base import Synced
from ydp_tui.db.types import UTCDateTime
from ydp_tui.rules.hangul import chosung, fold


class PwPeriod(Synced, table=True):
    """One program period's rules (동행일자리 2024-상반기 …): data a supervisor edits, never code."""

    __tablename__ = "pw_period"
    __label__ = "공공일자리 사업 기간"
    __table_args__ = (UniqueConstraint("program", "period", name="uq_pw_period"),)

    program: str = Field(max_length=30)                      # 사업명
    period: str = Field(max_length=20)                       # 기간 (2024-상반기)
    start: dt.date                                           # 시작일
    end: dt.date                                             # 종료일
    headcount: int                                           # 정원 (선발인원)
    budget: int = Field(sa_column=Column(BigInteger, nullable=False))       # 예산 (원)
    city_budget: int = Field(sa_column=Column(BigInteger, nullable=False))  # 그 중 시비 (원)
    city_ratio: int                                          # 급여의 시비 비율 (%)
    income_pct: int                                          # 기준중위소득의 % 이하
    asset_cap: int = Field(sa_column=Column(BigInteger, nullable=False))    # 재산 (원) 이하
    default_hours: int                                       # 1일 근무시간
    min_age: int
    senior_age: int
    senior_hours: int
    exclusions: str = Field(default="", max_length=100)     # ';': 생계급여수급;실업급여수급;세대내참여자
    work_types: str = Field(default="", max_length=200)     # ';': 공공서비스;그린환경;안전관리
    note: str = Field(default="", max_length=300)


class PwApplication(Synced, table=True):
    """One application (참여 신청) from the 동 주민센터 sheet or typed at a desk, and what people
    decided about it on top of the rule (a supervisor's override, 포기)."""

    __tablename__ = "pw_application"
    __label__ = "공공일자리 참여 신청"
    __personal__ = ("name", "birth_date", "phone", "dong", "household_size", "household_income", "assets",
                    "livelihood", "unemployment", "household_member", "dependents", "override_reason",
                    "gave_up_reason")
    __derived__ = ("name_key",)
    __table_args__ = (Index("ix_pw_application_period_order", "period_id", "applied_on", "application_no"),)

    application_no: str = Field(max_length=30, unique=True)  # 신청번호
    period_id: str = Field(foreign_key="pw_period.id", max_length=36)
    name: str | None = Field(default=None, max_length=50)     # None only once erased
    name_key: str = Field(default="", max_length=160, index=True)
    birth_date: dt.date | None = None
    phone: str | None = Field(default=None, max_length=13)
    dong: str | None = Field(default=None, max_length=10)
    household_size: int = 1                                   # 가구원수
    household_income: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))  # 월, 원
    assets: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))            # 원
    applied_on: dt.date                                       # 신청일
    livelihood: bool = False                                  # 생계급여수급
    unemployment: bool = False                                # 실업급여수급
    household_member: bool = False                            # 세대내참여자
    dependents: int = 0                                       # 부양가족수
    source: str = Field(default="", max_length=80)

    override: str = Field(default="", max_length=4)           # "" | 선발 | 제외 (a supervisor's, with a reason)
    override_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    override_by: str = Field(default="", max_length=50)
    override_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    gave_up_on: dt.date | None = None                          # 포기일 (from this day on not working)
    gave_up_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        if "name" not in values:
            return {}
        name = values["name"] or ""
        return {"name_key": f"{fold(name)}|{chosung(fold(name))}" if name else ""}


class PwSelectionLog(Synced, table=True):
    """One step of an application's selection history (조정 선발, 제외, 맞바꿈, 포기, 되돌림), with
    who, when, why and the standing it had then."""

    __tablename__ = "pw_selection_log"
    __label__ = "공공일자리 선발 기록"
    __personal__ = ("reason",)

    application_id: str = Field(foreign_key="pw_application.id", max_length=36, index=True)
    period_id: str = Field(foreign_key="pw_period.id", max_length=36, index=True)
    action: str = Field(max_length=10)
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    effective_on: dt.date | None = None
    partner_id: str | None = Field(default=None, max_length=36)   # the other side of a swap
    before: str = Field(default="", max_length=20)                # standing before (선발, 대기 3, …)
    after: str = Field(default="", max_length=20)
    rule_rank: int | None = None
    actor: str = Field(default="", max_length=50)                 # who


class PwWorksite(Synced, table=True):
    """A worksite (사업장) of a period: where participants work, under whom, how many hours."""

    __tablename__ = "pw_worksite"
    __label__ = "공공일자리 사업장"

    period_id: str = Field(foreign_key="pw_period.id", max_length=36, index=True)
    name: str = Field(max_length=60)
    department: str = Field(max_length=40)
    place: str = Field(max_length=100)
    work_type: str = Field(max_length=30)
    supervisor: str = Field(max_length=50)
    supervisor_phone: str | None = Field(default=None, max_length=13)
    daily_hours: int = 6
    capacity: int | None = None
    note: str = Field(default="", max_length=200)


class PwAssignment(Synced, table=True):
    """A participant at a worksite from a day to a day (the roster).  Moving to another worksite
    ends one assignment and starts the next."""

    __tablename__ = "pw_assignment"
    __label__ = "공공일자리 배치"

    application_id: str = Field(foreign_key="pw_application.id", max_length=36, index=True)
    period_id: str = Field(foreign_key="pw_period.id", max_length=36, index=True)
    worksite_id: str = Field(foreign_key="pw_worksite.id", max_length=36, index=True)
    start: dt.date
    end: dt.date
    daily_hours: int
    ended_reason: str = Field(default="", max_length=200)


class PwAttendance(Synced, table=True):
    """One participant's day: 출근, 결근, 병가 or 휴가, and the hours worked."""

    __tablename__ = "pw_attendance"
    __label__ = "공공일자리 출근 기록"
    __table_args__ = (UniqueConstraint("application_id", "work_date", name="uq_pw_attendance_day"),
                      # covering: a month's payroll reads these columns only (index-only scan)
                      Index("ix_pw_attendance_period_date", "period_id", "work_date", "deleted", "application_id",
                            "status", "hours"))

    application_id: str = Field(foreign_key="pw_application.id", max_length=36)
    assignment_id: str = Field(foreign_key="pw_assignment.id", max_length=36, index=True)
    period_id: str = Field(foreign_key="pw_period.id", max_length=36)
    work_date: dt.date
    status: str = Field(max_length=4)
    hours: int = 0


class PwPayroll(Synced, table=True):
    """A month's payroll of a period once confirmed (확정: attendance of the month is locked) and
    paid (지급).  Its lines keep what was paid even if rules change later."""

    __tablename__ = "pw_payroll"
    __label__ = "공공일자리 월 급여"
    __table_args__ = (UniqueConstraint("period_id", "month", name="uq_pw_payroll_month"),)

    period_id: str = Field(foreign_key="pw_period.id", max_length=36)
    month: dt.date                                   # the month's first day
    status: str = Field(default="확정", max_length=4)  # 확정 | 지급 | 취소
    participants: int = 0
    days: int = 0
    base: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    weekly: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    total: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    city_share: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    gu_share: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    hourly: int = 0
    confirmed_by: str = Field(default="", max_length=50)
    confirmed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_on: dt.date | None = None
    paid_by: str = Field(default="", max_length=50)
    note: str = Field(default="", max_length=300)


class PwPayrollLine(Synced, table=True):
    """One participant's pay in a confirmed month."""

    __tablename__ = "pw_payroll_line"
    __label__ = "공공일자리 급여 내역"

    payroll_id: str = Field(foreign_key="pw_payroll.id", max_length=36, index=True)
    application_id: str = Field(foreign_key="pw_application.id", max_length=36, index=True)
    worksite: str = Field(default="", max_length=60)
    daily_hours: int = 0
    days: int = 0
    hours: int = 0
    base: int = 0
    weeks: int = 0
    weekly: int = 0
    total: int = 0
    absent: int = 0
