"""일자리 목표공시제: quarters, achievement rates and the quarterly summary.  Pure: no I/O.

Each indicator has the year's target; results are entered per quarter.  The result up to a
quarter is the sum of the quarters so far; the achievement rate is that sum over the target, in
percent with one decimal half up, and there is none (``None``, "-" on screen) when the target
is 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.programs import codes
from ydp_tui.rules.validation import half_up, rate

QUARTERS = (1, 2, 3, 4)


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return first, last


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarters_in(year: int, date_from: dt.date, date_to: dt.date) -> list[int]:
    """The quarters of ``year`` whose results fall in [from, to]: a quarter's result is as of its
    last day, so it counts when that day is in the period (both ends included)."""
    return [q for q in QUARTERS if date_from <= quarter_range(year, q)[1] <= date_to]


def cumulative(results: Mapping[int, int], upto: int) -> int:
    return sum(v for q, v in results.items() if q <= upto)


def achievement(result: int, target: int) -> float | None:
    return rate(result, target)


@dataclass(frozen=True)
class IndicatorFigures:
    """What the summary needs of one indicator."""

    department: str
    project_id: str
    target: int
    results: Mapping[int, int]       # quarter -> value (entered quarters only)


@dataclass(frozen=True)
class DepartmentSummary:
    department: str
    projects: int
    indicators: int
    entered: int                     # indicators with this quarter's result entered
    achieved: int                    # indicators whose result so far reaches the target
    average_rate: float | None       # mean of the indicators' rates so far (targets > 0)


def summary(items: Iterable[IndicatorFigures], quarter: int) -> list[DepartmentSummary]:
    """Per department (in order of first appearance), as of ``quarter``."""
    by_dep: dict[str, list[IndicatorFigures]] = {}
    for it in items:
        by_dep.setdefault(it.department, []).append(it)
    out = []
    for dep, its in by_dep.items():
        rates = [achievement(cumulative(i.results, quarter), i.target) for i in its]
        known = [r for r in rates if r is not None]
        out.append(DepartmentSummary(
            dep, len({i.project_id for i in its}), len(its), sum(1 for i in its if quarter in i.results),
            sum(1 for i in its if i.target > 0 and cumulative(i.results, quarter) >= i.target),
            mean_rate(known)))
    return out


def mean_rate(rates: Sequence[float]) -> float | None:
    if not rates:
        return None
    return float(half_up(sum(Decimal(str(r)) for r in rates) / len(rates), 1))


def _this_year(ctx: ParseContext) -> int:
    return ctx.today.year


PROJECT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("year", "연도", "int", required=True, minimum=2000, maximum=2100, default=_this_year),
    FieldSpec("department", "부서", "text", required=True, max_length=30, placeholder="예: 일자리정책과"),
    FieldSpec("name", "사업명", "text", required=True, max_length=100, placeholder="대표 실천과제"),
    FieldSpec("note", "비고", "text", max_length=200),
)

INDICATOR_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "지표", "text", required=True, max_length=60, placeholder="예: 취업 인원"),
    FieldSpec("unit", "단위", "choice", required=True, choices=codes("target_units"), default=lambda ctx: "명"),
    FieldSpec("target", "목표", "int", required=True, minimum=0, maximum=10**12, placeholder="연간 목표"),
)
