"""Budget execution (예산 집행): the fields of an expenditure and of a budget unit, and the
arithmetic of the execution table (DOMAIN.md §4).  Pure: no I/O.

Amounts are kept in won.  The council table is in 천원: each unit's figure is its won amount
rounded half up to the thousand, the total (계) is the sum of the unit figures shown (so the
table adds up as printed), and 집행률 = 집행액 / 예산액 × 100 from the won amounts, one
decimal, half up; no budget, no rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ydp_tui.rules.fields import FieldSpec
from ydp_tui.rules.validation import Invalid, half_up, rate

FUNDS = ("국비", "시비", "구비")
STATUSES = ("집행", "취소")
UNIT_LABEL = "(단위: 천원)"


def expenditure_fields(unit_names: Sequence[str] = ()) -> list[FieldSpec]:
    """The expenditure form (and the CLI's checks); ``unit_names`` are the year's units."""
    return [
        FieldSpec("unit", "단위사업", "choice", required=True, choices=tuple(unit_names),
                  help="예산 단위사업"),
        FieldSpec("spent_on", "집행일", "past_date", required=True, placeholder="2024-05-31"),
        FieldSpec("amount", "금액", "amount", required=True, minimum=1, maximum=100_000_000_000,
                  placeholder="원 (예: 1,250,000)"),
        FieldSpec("description", "적요", "text", required=True, max_length=100,
                  placeholder="예: 5월 청년센터 위탁운영비"),
        FieldSpec("payee", "지급처", "text", max_length=60, placeholder="업체ㆍ기관 (선택)"),
        FieldSpec("fund", "재원", "choice", choices=FUNDS),
        FieldSpec("note", "비고", "text", max_length=200),
    ]


def _check_code(value: str, _ctx: object) -> None:
    if not value.isascii() or not value.replace("-", "").isalnum():
        raise Invalid(f"'{value}'은(는) 코드로 쓸 수 없습니다 (영문ㆍ숫자ㆍ'-')")


UNIT_FIELDS: list[FieldSpec] = [
    FieldSpec("code", "코드", "text", required=True, max_length=10, check=_check_code, placeholder="01"),
    FieldSpec("name", "단위사업명", "text", required=True, max_length=60),
    FieldSpec("budget", "예산액", "amount", required=True, minimum=0, maximum=1_000_000_000_000,
              placeholder="원"),
    FieldSpec("sources", "집행 출처", "list", max_length=40, placeholder="subsidy; public_work:동행일자리"),
    FieldSpec("note", "비고", "text", max_length=300),
]


def thousands(won: int) -> int:
    """Won to 천원, half up (1,500원 -> 2천원; -1,500원 -> -2천원)."""
    return int(half_up(Decimal(won) / 1000))


@dataclass(frozen=True)
class UnitExecution:
    """One line of the execution table (won), with what the spending came from."""

    code: str
    name: str
    budget: int
    spent: int
    by_source: dict[str, int]     # source label -> won ("집행 입력" for entered expenditures)

    @property
    def rate(self) -> float | None:
        return rate(self.spent, self.budget)

    @property
    def budget_k(self) -> int:
        return thousands(self.budget)

    @property
    def spent_k(self) -> int:
        return thousands(self.spent)


@dataclass(frozen=True)
class ExecutionTotal:
    budget: int
    spent: int
    budget_k: int
    spent_k: int

    @property
    def rate(self) -> float | None:
        return rate(self.spent, self.budget)


def total(lines: Sequence[UnitExecution]) -> ExecutionTotal:
    return ExecutionTotal(sum(u.budget for u in lines), sum(u.spent for u in lines),
                          sum(u.budget_k for u in lines), sum(u.spent_k for u in lines))


def room(budget: int, spent: int) -> int:
    """What is left to spend (never below zero)."""
    return max(budget - spent, 0)
