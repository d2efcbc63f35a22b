"""구인업체 (employers) with job아라 visits, 구인 (vacancies), 취업알선 (referrals) with their
pipeline steps, 행사 (job포유, 취업박람회) with participating vacancies, and 취업교육 courses
with enrolments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Index, Text
from sqlmodel import Field

from ydp_tui.db.models.base import Synced
from ydp_tui.rules.hangul import chosung, fold
from ydp_tui.rules.validation import phone_digits


def _name_key(name: str | None) -> str:
    name = name or ""
    return f"{fold(name)}|{chosung(fold(name))}" if name else ""


class Employer(Synced, table=True):
    """A business that offers jobs.  사업자등록번호 is unique among live employers (the service
    checks it; no database constraint, so two laptops that register the same employer offline
    can still exchange bundles)."""

    __tablename__ = "employer"
    __label__ = "구인업체"
    __personal__ = ("representative",)
    __derived__ = ("name_key", "brn_digits")
    __table_args__ = (
        Index("ix_employer_brn", "brn_digits", "deleted"),
        Index("ix_employer_name", "name_key"),
        Index("ix_employer_updated", "updated_at"),
    )

    brn: str = Field(max_length=12)                        # 사업자등록번호 123-45-67890
    brn_digits: str = Field(default="", max_length=10)
    name: str = Field(max_length=100)                      # 업체명
    name_key: str = Field(default="", max_length=300)
    representative: str | None = Field(default=None, max_length=50)  # 대표자
    phone: str | None = Field(default=None, max_length=20)
    dong: str | None = Field(default=None, max_length=10)
    address: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=50)   # 업종
    size: str | None = Field(default=None, max_length=10)       # 규모
    social: bool = False                                        # 상생기업ㆍ사회적경제기업
    welcome_groups: str = Field(default="", max_length=100)     # 우대대상 (대상구분, ';')
    registered_on: dt.date

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "name" in values:
            out["name_key"] = _name_key(values["name"])
        if "brn" in values:
            out["brn_digits"] = phone_digits(values["brn"] or "")
        return out


class EmployerVisit(Synced, table=True):
    """A "job아라" visit (찾아가는 구인기업 발굴): who went, when, what came of it."""

    __tablename__ = "employer_visit"
    __label__ = "job아라 방문"

    employer_id: str = Field(foreign_key="employer.id", max_length=36, index=True)
    visited_on: dt.date = Field(index=True)
    visitor: str = Field(max_length=50)
    outcome: str = Field(max_length=10)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Vacancy(Synced, table=True):
    """One job offer (구인) of an employer.  Its filled headcount is counted from referrals in
    status 채용, never stored; the service sets 충원 when it is reached."""

    __tablename__ = "vacancy"
    __label__ = "구인"
    __derived__ = ("title_key",)
    __table_args__ = (
        Index("ix_vacancy_open", "status", "deadline"),
        Index("ix_vacancy_recent", "registered_on", "vacancy_no"),
        Index("ix_vacancy_updated", "updated_at"),
    )

    vacancy_no: str = Field(max_length=30, unique=True)      # 구인번호
    employer_id: str = Field(foreign_key="employer.id", max_length=36, index=True)
    title: str = Field(max_length=100)
    title_key: str = Field(default="", max_length=300)
    keco: str = Field(max_length=4)                          # 직종코드 (2~4자리)
    headcount: int                                           # 구인인원
    wage_type: str | None = Field(default=None, max_length=2)   # 시급/일급/월급/연봉
    wage: int | None = None
    weekly_hours: int | None = None
    employment_type: str | None = Field(default=None, max_length=12)
    dong: str | None = Field(default=None, max_length=10)       # 근무지 (None: 업체 행정동)
    address: str | None = Field(default=None, max_length=200)
    education: str | None = Field(default=None, max_length=10)  # 요구 학력 이상 (None: 무관)
    career: str | None = Field(default=None, max_length=4)      # 신입/경력/무관
    career_months: int | None = None
    certificates: str = Field(default="", max_length=300)       # 요구 자격증 ';'
    deadline: dt.date | None = None                             # 마감일 (None: 채용시까지)
    registered_on: dt.date
    status: str = Field(default="모집중", max_length=4)

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        if "title" in values:
            return {"title_key": _name_key(values["title"])}
        return {}


class Referral(Synced, table=True):
    """취업알선: a seeker referred to a vacancy, and how it went (알선 → 면접 → 채용/불합격/취소)."""

    __tablename__ = "referral"
    __label__ = "취업알선"
    __personal__ = ("reason",)
    __table_args__ = (
        Index("ix_referral_vacancy", "vacancy_id", "status"),
        Index("ix_referral_seeker", "seeker_id", "status"),
        Index("ix_referral_recent", "referred_on", "referral_no"),
        Index("ix_referral_hired", "hired_on"),
        Index("ix_referral_updated", "updated_at"),
    )

    referral_no: str = Field(max_length=30, unique=True)     # 알선번호
    seeker_id: str = Field(foreign_key="seeker.id", max_length=36)
    vacancy_id: str = Field(foreign_key="vacancy.id", max_length=36)
    referred_on: dt.date                                     # 알선일
    counselor: str = Field(default="", max_length=50)        # 알선한 사람
    status: str = Field(default="알선", max_length=4)
    interview_on: dt.date | None = None                      # 면접일
    hired_on: dt.date | None = None                          # 채용일
    start_on: dt.date | None = None                          # 근무시작일
    hired_wage_type: str | None = Field(default=None, max_length=2)
    hired_wage: int | None = None
    closed_on: dt.date | None = None                         # 불합격ㆍ취소일
    reason: str = Field(default="", max_length=200)          # 불합격ㆍ취소 사유
    event_id: str | None = Field(default=None, foreign_key="job_event.id", max_length=36, index=True)


class ReferralStep(Synced, table=True):
    """One step of a referral's pipeline, with its date and who recorded it."""

    __tablename__ = "referral_step"
    __label__ = "취업알선 진행"
    __personal__ = ("note",)

    referral_id: str = Field(foreign_key="referral.id", max_length=36, index=True)
    action: str = Field(max_length=6)            # 알선, 면접, 채용, 불합격, 취소, 채용취소
    from_status: str = Field(default="", max_length=4)
    to_status: str = Field(max_length=4)
    on: dt.date
    done_by: str = Field(default="", max_length=50)
    note: str = Field(default="", max_length=200)


class JobEvent(Synced, table=True):
    """구인ㆍ구직 만남의 날 (job포유), 취업박람회 and the like: a day, a place, employers' vacancies,
    on-site interviews (referrals carrying the event) and hires."""

    __tablename__ = "job_event"
    __label__ = "행사"
    __table_args__ = (Index("ix_job_event_held", "held_on"),)

    kind: str = Field(max_length=10)
    title: str = Field(max_length=100)
    held_on: dt.date
    place: str = Field(default="", max_length=100)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class EventVacancy(Synced, table=True):
    """A vacancy taking part in an event (its employer comes with it)."""

    __tablename__ = "event_vacancy"
    __label__ = "행사 참여 구인"

    event_id: str = Field(foreign_key="job_event.id", max_length=36, index=True)
    vacancy_id: str = Field(foreign_key="vacancy.id", max_length=36, index=True)


class Course(Synced, table=True):
    """A 취업교육 course (과정)."""

    __tablename__ = "course"
    __label__ = "취업교육 과정"
    __table_args__ = (Index("ix_course_start", "starts_on"),)

    title: str = Field(max_length=100)
    starts_on: dt.date
    ends_on: dt.date
    place: str = Field(default="", max_length=100)
    capacity: int | None = None
    note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class Enrolment(Synced, table=True):
    """A seeker on a course: 수강, then 수료 or 중도포기."""

    __tablename__ = "course_enrolment"
    __label__ = "수강"

    course_id: str = Field(foreign_key="course.id", max_length=36, index=True)
    seeker_id: str = Field(foreign_key="seeker.id", max_length=36, index=True)
    enrolled_on: dt.date
    status: str = Field(default="수강", max_length=4)
    completed_on: dt.date | None = None       # 수료일 or 중도포기일
