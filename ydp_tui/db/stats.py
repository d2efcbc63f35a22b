"""Counts over periods for the reports and the dashboard (read only).

Each counter is ``fn(session, date_from, date_to) -> int`` over [from, to], both ends included,
counted as DOMAIN.md §1 defines it.  The dashboard's figures and monthly trend and the center
report call the same counters, so a figure reads the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui.db.engine import Database
from ydp_tui.db.models import Seeker
from ydp_tui.rules.validation import add_months

Counter = Callable[[Session, dt.date, dt.date], int]


def seekers_registered(session: Session, date_from: dt.date, date_to: dt.date) -> int:
    """구직자: seekers whose 등록일 is in the period (erased or deleted ones not counted)."""
    return int(session.execute(
        select(func.count()).select_from(Seeker)
        .where(Seeker.registered_on >= date_from, Seeker.registered_on <= date_to,
               Seeker.deleted.is_(False))).scalar_one())


@dataclass(frozen=True)
class Measure:
    key: str
    label: str        # what the dashboard and the trend legend say
    counter: Counter | None   # None: the records it counts are not kept yet


# The dashboard's three figures, in order.
MEASURES: list[Measure] = [
    Measure("seekers", "구직 등록", seekers_registered),
    Measure("referrals", "취업알선", None),
    Measure("hired", "취업", None),
]


def count(db: Database, key: str, date_from: dt.date, date_to: dt.date) -> int | None:
    m = next(m for m in MEASURES if m.key == key)
    if m.counter is None:
        return None
    with db.session() as session:
        return m.counter(session, date_from, date_to)


def month_end(first: dt.date) -> dt.date:
    return add_months(first.replace(day=1), 1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Figures:
    """Each measure over some periods: ``values[key][i]`` for ``periods[i]`` (None: not kept)."""

    periods: list[tuple[dt.date, dt.date]]
    values: dict[str, list[int | None]]


def figures(db: Database, periods: list[tuple[dt.date, dt.date]]) -> Figures:
    """Every measure over every period, in one read session."""
    values: dict[str, list[int | None]] = {}
    with db.session() as session:
        for m in MEASURES:
            values[m.key] = [None if m.counter is None else m.counter(session, lo, hi) for lo, hi in periods]
    return Figures(periods, values)


def months(last: dt.date, n: int = 12) -> list[tuple[dt.date, dt.date]]:
    """The ``n`` calendar months ending with ``last``'s month (that month up to ``last``)."""
    out = []
    for i in range(n - 1, -1, -1):
        lo = add_months(last.replace(day=1), -i)
        out.append((lo, min(month_end(lo), last)))
    return out
