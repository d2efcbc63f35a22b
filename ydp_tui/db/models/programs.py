"""Programs and sessions with participants and attendance; social-economy enterprises (상생기업)
with their support, public purchases and contest teams; shared spaces with bookings and uses;
일자리 목표공시제 (the year's projects, indicators, quarterly results)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field

from ydp_tui.db.models.base import Synced

__all__ = [
    "Attendance", "ContestTeam", "Enterprise", "EnterpriseSupport", "Program", "ProgramParticipant",
    "ProgramSession", "PublicPurchase", "Space", "SpaceBooking", "SpaceUse", "TargetIndicator", "TargetProject",
    "TargetResult",
]

# =============================================================================================
# Programs (교육ㆍ프로그램)
# =============================================================================================


class Program(Synced, table=True):
    """A program a team runs in a year (소셜벤처 창업아카데미, 청년 강사양성 ...)."""

    __tablename__ = "program"
    __label__ = "프로그램"
    __table_args__ = (Index("ix_program_year_name", "year", "name"),)

    year: int = Field(index=True)
    name: str = Field(max_length=100)
    team: str = Field(max_length=20)                 # 담당팀
    budget_unit: str = Field(max_length=40)          # 단위사업
    kind: str = Field(max_length=10)                 # 교육 | 상담ㆍ컨설팅 | 행사 | 지원 | 일경험 | 경진대회
    count_style: str = Field(default="실인원", max_length=4)  # how the figures read: 실인원 | 회차별 | 참여자
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    capacity: int | None = None                      # 정원 (회차별)
    completion_percent: int | None = None            # 이수 기준: 출석률 (%); None: 이수 없음
    place: str = Field(default="", max_length=60)    # 기본 장소
    note: str = Field(default="", max_length=300)


class ProgramSession(Synced, table=True):
    """One session (회차) of a program: date, time, place, kind."""

    __tablename__ = "program_session"
    __label__ = "프로그램 회차"
    __table_args__ = (Index("ix_program_session_program", "program_id", "held_on"),
                      Index("ix_program_session_held", "held_on"))

    program_id: str = Field(foreign_key="program.id", max_length=36)
    session_no: int                                  # 회차 (1, 2, ...)
    held_on: dt.date
    time_from: str = Field(default="", max_length=5)
    time_to: str = Field(default="", max_length=5)
    place: str = Field(default="", max_length=60)
    kind: str = Field(default="강의", max_length=10)
    topic: str = Field(default="", max_length=100)
    cancelled: bool = False
    note: str = Field(default="", max_length=200)


class ProgramParticipant(Synced, table=True):
    """Someone taking part: a registered seeker (``seeker_id``) or a walk-in with minimal data and
    its own consent (name, and a phone or birth date; never a 주민등록번호)."""

    __tablename__ = "program_participant"
    __label__ = "프로그램 참여자"
    __personal__ = ("name", "birth_date", "phone", "gender")
    __table_args__ = (Index("ix_program_participant_program", "program_id", "enrolled_on"),)

    program_id: str = Field(foreign_key="program.id", max_length=36)
    seeker_id: str | None = Field(default=None, foreign_key="seeker.id", max_length=36, index=True)
    name: str | None = Field(default=None, max_length=50)      # walk-ins only (seekers: the seeker's)
    birth_date: dt.date | None = None
    gender: str | None = Field(default=None, max_length=2)
    phone: str | None = Field(default=None, max_length=13)
    dong: str | None = Field(default=None, max_length=10)
    enrolled_on: dt.date                                        # 신청일
    consent_date: dt.date | None = None                         # walk-ins: 개인정보 수집ㆍ이용 동의일
    consent_by: str = Field(default="", max_length=50)
    status: str = Field(default="참여", max_length=4)            # 참여 | 중도포기
    note: str = Field(default="", max_length=200)


class Attendance(Synced, table=True):
    """Attendance of one participant at one session (id derived from the pair, so two desks
    marking the same person converge on one row)."""

    __tablename__ = "attendance"
    __label__ = "출석"
    __table_args__ = (UniqueConstraint("session_id", "participant_id", name="uq_attendance"),
                      Index("ix_attendance_participant", "participant_id"))

    session_id: str = Field(foreign_key="program_session.id", max_length=36)
    participant_id: str = Field(foreign_key="program_participant.id", max_length=36)
    present: bool = True


# =============================================================================================
# Enterprises (상생기업)
# =============================================================================================


class Enterprise(Synced, table=True):
    """A social-economy enterprise (사회적기업, 예비사회적기업, 마을기업, 협동조합, 소셜벤처 ...)."""

    __tablename__ = "enterprise"
    __label__ = "상생기업"
    __table_args__ = (Index("ix_enterprise_name", "name"),)

    name: str = Field(max_length=100)
    kind: str = Field(max_length=10)
    brn: str | None = Field(default=None, max_length=12)        # 사업자등록번호 123-45-67890
    representative: str = Field(default="", max_length=50)
    phone: str | None = Field(default=None, max_length=13)
    dong: str | None = Field(default=None, max_length=10)
    address: str = Field(default="", max_length=200)
    designated_on: dt.date | None = None                        # 지정ㆍ인증일
    note: str = Field(default="", max_length=300)


class EnterpriseSupport(Synced, table=True):
    """재정지원: 일자리창출ㆍ전문인력 인건비 and the like (amount, people, period)."""

    __tablename__ = "enterprise_support"
    __label__ = "재정지원"
    __table_args__ = (Index("ix_enterprise_support_granted", "granted_on"),)

    enterprise_id: str = Field(foreign_key="enterprise.id", max_length=36, index=True)
    kind: str = Field(max_length=20)
    granted_on: dt.date                                          # 지원 결정일
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    people: int = 0                                              # 지원 인원
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    note: str = Field(default="", max_length=200)


class PublicPurchase(Synced, table=True):
    """공공구매: a department of the district bought from an enterprise."""

    __tablename__ = "public_purchase"
    __label__ = "공공구매"
    __table_args__ = (Index("ix_public_purchase_on", "purchased_on"),)

    enterprise_id: str = Field(foreign_key="enterprise.id", max_length=36, index=True)
    purchased_on: dt.date
    buyer: str = Field(max_length=40)                            # 구매 부서
    item: str = Field(default="", max_length=100)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    note: str = Field(default="", max_length=200)


class ContestTeam(Synced, table=True):
    """A team of a contest program (창업아이디어 경진대회): applied, then selected or not."""

    __tablename__ = "contest_team"
    __label__ = "경진대회 팀"
    __personal__ = ("leader", "phone")

    program_id: str = Field(foreign_key="program.id", max_length=36, index=True)
    team_name: str = Field(max_length=60)
    leader: str | None = Field(default=None, max_length=50)
    phone: str | None = Field(default=None, max_length=13)
    members: int = 1
    idea: str = Field(default="", max_length=200)
    applied_on: dt.date
    status: str = Field(default="신청", max_length=4)             # 신청 | 선발 | 탈락
    decided_on: dt.date | None = None
    enterprise_id: str | None = Field(default=None, foreign_key="enterprise.id", max_length=36)


# =============================================================================================
# Spaces (공유 공간)
# =============================================================================================


class Space(Synced, table=True):
    """A room of a facility; shipped rows (``ydp_tui/data/spaces.json``) have ids equal everywhere."""

    __tablename__ = "space"
    __label__ = "공간"

    name: str = Field(max_length=60, unique=True)                # facility then room
    facility: str = Field(max_length=40)
    room: str = Field(max_length=30)
    capacity: int = 1
    team: str = Field(default="", max_length=20)
    budget_unit: str = Field(default="", max_length=40)
    open_from: str = Field(default="09:00", max_length=5)
    open_to: str = Field(default="18:00", max_length=5)
    sort: int = 0
    active: bool = True


class SpaceBooking(Synced, table=True):
    """A booking of a space for a time on a day; cancelled ones free the slot."""

    __tablename__ = "space_booking"
    __label__ = "공간 예약"
    __personal__ = ("booked_by", "phone")
    __table_args__ = (Index("ix_space_booking_day", "space_id", "day", "time_from"),
                      Index("ix_space_booking_date", "day"))

    booking_no: str = Field(max_length=30, unique=True)          # T1-2024-00017
    space_id: str = Field(foreign_key="space.id", max_length=36)
    day: dt.date
    time_from: str = Field(max_length=5)                         # HH:MM
    time_to: str = Field(max_length=5)
    booked_by: str | None = Field(default=None, max_length=50)   # 예약자 성명
    phone: str | None = Field(default=None, max_length=13)
    headcount: int = 1
    purpose: str = Field(default="", max_length=100)
    status: str = Field(default="예약", max_length=4)             # 예약 | 이용 | 취소
    cancel_reason: str = Field(default="", max_length=200)


class SpaceUse(Synced, table=True):
    """One use of a space (check-in): of a booking, or a walk-in use counted at the door."""

    __tablename__ = "space_use"
    __label__ = "공간 이용"
    __table_args__ = (Index("ix_space_use_day", "used_on", "space_id"),)

    space_id: str = Field(foreign_key="space.id", max_length=36)
    used_on: dt.date
    time_from: str = Field(default="", max_length=5)
    time_to: str = Field(default="", max_length=5)
    headcount: int = 1
    booking_id: str | None = Field(default=None, foreign_key="space_booking.id", max_length=36, index=True)
    kind: str = Field(default="자유 이용", max_length=6)           # 예약 이용 | 자유 이용
    note: str = Field(default="", max_length=200)


# =============================================================================================
# 일자리 목표공시제
# =============================================================================================


class TargetProject(Synced, table=True):
    """A project (대표 실천과제) of a department in a year."""

    __tablename__ = "target_project"
    __label__ = "목표공시 사업"
    __table_args__ = (Index("ix_target_project_year", "year", "department"),)

    year: int
    department: str = Field(max_length=30)
    name: str = Field(max_length=100)
    seq: int = 0
    note: str = Field(default="", max_length=200)


class TargetIndicator(Synced, table=True):
    """An indicator of a project with the year's target (목표)."""

    __tablename__ = "target_indicator"
    __label__ = "목표공시 지표"

    project_id: str = Field(foreign_key="target_project.id", max_length=36, index=True)
    name: str = Field(max_length=60)
    unit: str = Field(default="명", max_length=6)
    target: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    seq: int = 0


class TargetResult(Synced, table=True):
    """A quarter's result of an indicator (id derived from indicator and quarter)."""

    __tablename__ = "target_result"
    __label__ = "목표공시 분기 실적"
    __table_args__ = (UniqueConstraint("indicator_id", "quarter", name="uq_target_result"),)

    indicator_id: str = Field(foreign_key="target_indicator.id", max_length=36)
    quarter: int
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    note: str = Field(default="", max_length=200)
