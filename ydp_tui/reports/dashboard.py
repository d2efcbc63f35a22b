"""The supervisors' dashboard (현황판): today's and this month's figures, budget execution per
unit this year, and the monthly trend of the last twelve months.  One call, read only, from the
same counters and execution service the reports use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

TREND_MONTHS = 12


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    labels: list[tuple[str, str]]                       # (measure key, label), in order
    today_values: dict[str, int | None]                 # None: not kept (yet)
    month_values: dict[str, int | None]
    months: list[dt.date]                               # first day of each trend month
    trend: dict[str, list[int | None]]
    budget: Any                                         # db.budget.Execution, 1 January .. today


def load(db: Database, today: dt.date | None = None) -> Dashboard:
    from ydp_tui import clock
    from ydp_tui.db import budget, stats

    today = today or clock.today()
    month = (today.replace(day=1), today)
    trend_periods = stats.months(today, TREND_MONTHS)
    fig = stats.figures(db, [(today, today), month, *trend_periods])
    return Dashboard(
        today=today,
        labels=[(m.key, m.label) for m in stats.MEASURES],
        today_values={k: v[0] for k, v in fig.values.items()},
        month_values={k: v[1] for k, v in fig.values.items()},
        months=[lo for lo, _ in trend_periods],
        trend={k: v[2:] for k, v in fig.values.items()},
        budget=budget.execution(db, dt.date(today.year, 1, 1), today),
    )
