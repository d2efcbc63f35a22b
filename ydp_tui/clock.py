"""The one place that reads the wall clock, so tests and snapshots can freeze it.

Instants are timezone-aware UTC; dates people see are in Asia/Seoul.  ``--demo`` shifts it to the demo data's as-of date (:func:`run_as_of`).  Set ``YDP_FROZEN_NOW``
(ISO 8601, e.g. ``2024-05-31T09:00:00+09:00``) or call :func:`freeze` to stop the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

SEOUL = ZoneInfo("Asia/Seoul")
_frozen: dt.datetime | None = None
_offset = dt.timedelta(0)   # the demo runs as of its data's date: the clock ticks, shifted


def run_as_of(day: dt.date) -> None:
    """Let the clock tick on from ``day`` at the current time of day (``--demo``: the seed's as-of
    date, so "today", deadlines and the dashboard read as they did then)."""
    global _offset
    real = dt.datetime.now(dt.UTC)
    _offset = dt.timedelta(0)
    _offset = dt.timedelta(days=(day - real.astimezone(SEOUL).date()).days)


def _env_frozen() -> dt.datetime | None:
    raw = os.environ.get("YDP_FROZEN_NOW")
    if not raw:
        return None
    value = dt.datetime.fromisoformat(raw)
    if value.tzinfo is None:
        value = value.replace(tzinfo=SEOUL)
    return value.astimezone(dt.UTC)


def now() -> dt.datetime:
    """Current instant, aware, UTC."""
    if _frozen is not None:
        return _frozen
    env = _env_frozen()
    return env if env is not None else dt.datetime.now(dt.UTC) + _offset


def today() -> dt.date:
    """Today's date in Seoul."""
    return now().astimezone(SEOUL).date()


def local(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(SEOUL)


def format_local(instant: dt.datetime | None) -> str:
    return "" if instant is None else local(instant).strftime("%Y-%m-%d %H:%M")


@contextmanager
def freeze(at: dt.datetime) -> Iterator[None]:
    global _frozen
    previous = _frozen
    _frozen = at if at.tzinfo else at.replace(tzinfo=SEOUL)
    _frozen = _frozen.astimezone(dt.UTC)
    try:
        yield
    finally:
        _frozen = previous
