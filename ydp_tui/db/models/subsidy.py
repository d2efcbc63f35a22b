"""Youth exam-fee subsidy (청년 국가자격시험 응시료 지원): program years, applications, review
history and payment batches (지급 일괄)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import Column, Index, Text
from sqlmodel import Field

from ydp_tui.db.models.base import Synced
from ydp_tui.db.types import UTCDateTime
from ydp_tui.rules.hangul import chosung, fold


class SubsidyYear(Synced, table=True):
    """One program year's rules: data a supervisor edits, never code (2025 is a new row)."""

    __tablename__ = "subsidy_year"
    __label__ = "응시료 지원 사업연도"

    year: int = Field(unique=True)
    period_start: dt.date                     # 사업기간 시작
    period_end: dt.date                       # 사업기간 끝
    birth_year_from: int                      # 출생연도 (이상)
    birth_year_to: int                        # 출생연도 (이하)
    residence_months: int = 1                 # 영등포구 주민등록 (개월 이상)
    per_person_cap: int                       # 1인 한도 (원, 연간 누적)
    budget: int                               # 지원규모 (원): 심사가 나눠 주는 돈
    appropriation: int                        # 예산액 (원): 집행률의 분모
    exam_from: dt.date                        # 이 날 이후 응시한 시험
    exam_kinds: str = Field(default="", max_length=300)  # 시험구분, ';'
    note: str = Field(default="", max_length=300)


class SubsidyBatch(Synced, table=True):
    """A payment batch (지급 일괄): approved applications paid by one bank transfer file."""

    __tablename__ = "subsidy_batch"
    __label__ = "지급 일괄"

    batch_no: str = Field(max_length=30, unique=True)   # T1-2024-00003
    year: int = Field(index=True)
    status: str = Field(default="작성", max_length=4, index=True)  # 작성 | 지급 | 취소
    count: int = 0
    total: int = 0
    exported_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    exported_by: str = Field(default="", max_length=50)
    paid_on: dt.date | None = None
    paid_by: str = Field(default="", max_length=50)
    note: str = Field(default="", max_length=200)


class SubsidyApplication(Synced, table=True):
    """One application (신청) as the district website sends it, or as typed at a desk."""

    __tablename__ = "subsidy_application"
    __label__ = "응시료 지원 신청"
    __personal__ = ("name", "birth_date", "phone", "moved_in", "bank", "account_no", "holder", "decision_reason")
    __encrypted__: ClassVar[tuple[str, ...]] = ("account_no",)
    __derived__ = ("name_key", "year")
    __table_args__ = (Index("ix_subsidy_application_order", "year", "applied_on", "application_no"),)

    application_no: str = Field(max_length=30, unique=True)   # 신청번호
    year: int = Field(default=0)                              # 신청일의 연도 (derived)
    applied_on: dt.date                                       # 신청일
    name: str | None = Field(default=None, max_length=50)     # None only once erased
    name_key: str = Field(default="", max_length=160, index=True)
    birth_date: dt.date | None = None
    phone: str | None = Field(default=None, max_length=13)
    moved_in: dt.date | None = None                           # 전입일
    employment: str = Field(default="미취업", max_length=4)    # 미취업 | 취업
    business: str = Field(default="없음", max_length=4)        # 없음 | 있음
    exam_kind: str = Field(max_length=30)                     # 시험구분 (any text; screening judges it)
    exam_name: str = Field(max_length=60)                     # 시험명
    exam_date: dt.date                                        # 응시일
    fee: int                                                  # 응시료 (원)
    bank: str | None = Field(default=None, max_length=20)
    account_no: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # encrypted
    holder: str | None = Field(default=None, max_length=50)   # 예금주
    source: str = Field(default="", max_length=80)            # 가져온 파일 이름 / 직접 입력

    status: str = Field(default="접수", max_length=4, index=True)  # 접수 검토 승인 반려 지급
    rule_amount: int | None = None          # screening's amount when the decision was made
    rule_reasons: str = Field(default="", max_length=200)    # screening's reasons then, ';'
    granted_amount: int | None = None       # 승인 금액 (≤ the rule's amount)
    receipt_checked: bool = False           # 응시료 영수증 확인
    residence_checked: bool = False         # 주민등록 거주 확인
    decided_by: str = Field(default="", max_length=50)
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    batch_id: str | None = Field(default=None, foreign_key="subsidy_batch.id", max_length=36, index=True)

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "name" in values:
            name = values["name"] or ""
            out["name_key"] = f"{fold(name)}|{chosung(fold(name))}" if name else ""
        if "applied_on" in values and values["applied_on"] is not None:
            out["year"] = values["applied_on"].year
        return out


class SubsidyReview(Synced, table=True):
    """One step of an application's review history (검토, 승인, 반려, 재검토, 지급)."""

    __tablename__ = "subsidy_review"
    __label__ = "응시료 지원 검토 기록"
    __personal__ = ("reason",)

    application_id: str = Field(foreign_key="subsidy_application.id", max_length=36, index=True)
    action: str = Field(max_length=6)
    from_status: str = Field(max_length=4)
    to_status: str = Field(max_length=4)
    amount: int | None = None
    rule_amount: int | None = None
    rule_reasons: str = Field(default="", max_length=200)
    overrule: bool = False                  # against the screening's result
    receipt_checked: bool = False
    residence_checked: bool = False
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    reviewer: str = Field(default="", max_length=50)
