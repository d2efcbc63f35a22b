"""The dashboard's figures over periods (read only), counted by the center's own service.

구직 등록, 취업알선 and 취업 for a period are ``referrals.center_figures`` (DOMAIN.md §1: seekers
whose 등록일, referrals whose 알선일, distinct seekers whose 채용일 is in the period), so the
dashboard, its monthly trend and the ``center`` report read the same wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ydp_tui.db.engine import Database
from ydp_tui.rules.validation import add_months


@dataclass(frozen=True)
class Measure:
    key: str          # the center figures' key
    label: str        # what the dashboard and the trend legend say


# The dashboard's three figures, in order.
MEASURES: list[Measure] = [
    Measure("seekers", "구직 등록"),
    Measure("referrals", "취업알선"),
    Measure("hired", "취업"),
]


def month_end(first: dt.date) -> dt.date:
    return add_months(first.replace(day=1), 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Figures:
    """Each measure over some periods: ``values[key][i]`` for ``periods[i]``."""

    periods: list[tuple[dt.date, dt.date]]
    values: dict[str, list[int | None]]


def figures(db: Database, periods: list[tuple[dt.date, dt.date]]) -> Figures:
    """Every measure over every period."""
    from ydp_tui.db import referrals

    values: dict[str, list[int | None]] = {m.key: [] for m in MEASURES}
    for lo, hi in periods:
        f = referrals.center_figures(db, lo, hi)
        for m in MEASURES:
            values[m.key].append(f[m.key])
    return Figures(periods, values)


def months(last: dt.date, n: int = 12) -> list[tuple[dt.date, dt.date]]:
    """The ``n`` calendar months ending with ``last``'s month (that month up to ``last``)."""
    out = []
    for i in range(n - 1, -1, -1):
        lo = add_months(last.replace(day=1), -i)
        out.append((lo, min(month_end(lo), last)))
    return out
