"""Hybrid logical clocks and version vectors.

An HLC is ``milliseconds << 16 | counter`` (``db.capture.next_hlc`` advances this database's
clock for every write transaction).  Merging a bundle moves the clock past every change it
brings, so a change made here afterwards is ordered after everything it could have seen.

A version vector ``{site_id: hlc}`` says, per machine, the newest of its changes a database
holds; because a bundle carries every change above what its receiver holds, a database that
holds a machine's change at clock ``h`` holds all of that machine's older ones too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ydp_tui import clock

LOGICAL_BITS = 16


def physical_ms(hlc: int) -> int:
    return hlc >> LOGICAL_BITS


def hlc_time(hlc: int) -> dt.datetime:
    """The wall-clock instant a clock value was taken at (aware UTC)."""
    return dt.datetime.fromtimestamp(physical_ms(hlc) / 1000, tz=dt.UTC)


def now_ms() -> int:
    return int(clock.now().timestamp() * 1000)


def receive(session: Session, newest: int) -> None:
    """Move this database's clock to at least ``newest`` (HLC receive rule)."""
    session.connection().execute(
        text("UPDATE site_info SET hlc = CASE WHEN hlc < :h THEN :h ELSE hlc END WHERE id = 1"), {"h": newest})


def lock_site(session: Session) -> int:
    """Take this database's clock row for the transaction (writers queue behind it); its value."""
    conn = session.connection()
    conn.execute(text("UPDATE site_info SET hlc = hlc WHERE id = 1"))
    return int(conn.execute(text("SELECT hlc FROM site_info WHERE id = 1")).scalar_one())


def local_vector(session: Session) -> dict[str, int]:
    """What this database holds: its own clock, and the newest change of every other machine."""
    from ydp_tui.db.models import SiteInfo, SyncPeer

    conn = session.connection()
    site_id, own = conn.execute(select(SiteInfo.site_id, SiteInfo.hlc).where(SiteInfo.id == 1)).one()
    vector = {site: int(h) for site, h in conn.execute(select(SyncPeer.site_id, SyncPeer.held_hlc)) if h}
    vector[site_id] = int(own)
    return vector


def parse_vector(value: Any) -> dict[str, int] | None:
    """A vector from JSON, or None when it is not one."""
    if not isinstance(value, dict):
        return None
    out: dict[str, int] = {}
    for site, h in value.items():
        if not isinstance(site, str) or not isinstance(h, int) or isinstance(h, bool) or h < 0:
            return None
        out[site] = h
    return out
