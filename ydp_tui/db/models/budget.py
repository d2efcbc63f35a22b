"""Budget execution (예산 집행): budget units (단위사업) per year and the expenditures entered
against them.  Payroll and subsidy payments are not copied here: the execution report counts
them from their own tables through the unit's ``sources`` (data)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field

from ydp_tui.db.models.base import Synced


class BudgetUnit(Synced, table=True):
    """One 단위사업 of one year: its 예산액 and which programs' payments count against it."""

    __tablename__ = "budget_unit"
    __label__ = "단위사업"
    __table_args__ = (UniqueConstraint("year", "code", name="uq_budget_unit"),)

    year: int = Field(index=True)
    code: str = Field(max_length=10)                  # 01, 02 ... (the order of the council report)
    name: str = Field(max_length=60)                  # 단위사업명
    budget: int = Field(sa_type=BigInteger)           # 예산액 (원): billions, beyond 32 bits
    sources: str = Field(default="", max_length=300)  # spending sources counted here, ';'
    note: str = Field(default="", max_length=300)


class BudgetExpenditure(Synced, table=True):
    """One expenditure (집행) entered against a unit; corrected by cancelling (취소) and
    entering again, so what was reported stays traceable."""

    __tablename__ = "budget_expenditure"
    __label__ = "예산 집행"
    __table_args__ = (Index("ix_budget_expenditure_unit_day", "unit_id", "spent_on"),)

    expenditure_no: str = Field(max_length=30, unique=True)   # 집행번호 T1-2024-00012
    unit_id: str = Field(foreign_key="budget_unit.id", max_length=36)
    spent_on: dt.date = Field(index=True)                     # 집행일
    amount: int = Field(sa_type=BigInteger)                   # 금액 (원)
    description: str = Field(max_length=100)                  # 적요
    payee: str = Field(default="", max_length=60)             # 지급처 (업체ㆍ기관)
    fund: str = Field(default="", max_length=4)               # 재원: 국비 | 시비 | 구비
    status: str = Field(default="집행", max_length=4)          # 집행 | 취소
    cancel_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    note: str = Field(default="", max_length=200)
