"""Job seekers (구직자) and their counselling notes (상담 이력)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Index, Text
from sqlmodel import Field

from ydp_tui.db.models.base import Synced
from ydp_tui.rules.hangul import chosung, fold
from ydp_tui.rules.validation import phone_digits


class Seeker(Synced, table=True):
    __tablename__ = "seeker"
    # Search reads these in order and stops after a page (no sort of every match).
    __table_args__ = (
        Index("ix_seeker_search", "name_key", "deleted", "status"),
        Index("ix_seeker_phone", "phone_digits", "deleted", "status"),
        Index("ix_seeker_recent", "registered_on", "seeker_no"),
        Index("ix_seeker_updated", "updated_at"),
    )
    __label__ = "구직자"
    __personal__ = ("name", "birth_date", "gender", "phone", "address", "moved_in",
                    "certificates", "desired_wage", "career_years", "education")
    __derived__ = ("name_key", "phone_digits")

    seeker_no: str = Field(max_length=30, unique=True)          # 구직번호 D1-2024-00017
    name: str | None = Field(default=None, max_length=50, index=True)  # None only once erased
    name_key: str = Field(default="", max_length=160)                  # fold(name) | 초성
    birth_date: dt.date | None = Field(default=None, index=True)
    gender: str | None = Field(default=None, max_length=2)
    phone: str | None = Field(default=None, max_length=13)
    phone_digits: str = Field(default="", max_length=13)
    dong: str | None = Field(default=None, max_length=10)
    address: str | None = Field(default=None, max_length=200)
    moved_in: dt.date | None = None                               # 전입일
    education: str | None = Field(default=None, max_length=10)
    career_years: int | None = None
    desired_jobs: str = Field(default="", max_length=100)          # KECO codes, ';'
    desired_wage: int | None = None                               # 월, 원
    work_type: str | None = Field(default=None, max_length=10)     # 전일제/시간제/무관
    desired_hours: int | None = None                              # 주당 시간
    certificates: str = Field(default="", max_length=300)          # ';'
    target_groups: str = Field(default="", max_length=100)         # ';'
    registered_on: dt.date                                        # 등록일
    consent_date: dt.date | None = None                           # 개인정보 수집ㆍ이용 동의일
    consent_by: str = Field(default="", max_length=50)
    consent_version: str = Field(default="", max_length=20)
    status: str = Field(default="구직중", max_length=4, index=True)

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "name" in values:
            name = values["name"] or ""
            out["name_key"] = f"{fold(name)}|{chosung(fold(name))}" if name else ""
        if "phone" in values:
            out["phone_digits"] = phone_digits(values["phone"] or "")
        return out


class CounselNote(Synced, table=True):
    __tablename__ = "counsel_note"
    __label__ = "상담 이력"
    __personal__ = ("text",)

    seeker_id: str = Field(foreign_key="seeker.id", max_length=36, index=True)
    on: dt.date
    counselor: str = Field(max_length=50)
    kind: str = Field(max_length=10)
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
