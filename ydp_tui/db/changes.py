"""A cheap "did anything change?" for lists that other desks add to.

Every captured write (a save, an import, a bundle) appends to ``sync_op``, whose ``seq`` only
grows, on SQLite and PostgreSQL alike and whatever the desks' clocks say.  A list polls
:func:`token` (one index lookup) and reloads its page when the number moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ydp_tui.db.models import SyncOp

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database


def token(db: Database) -> int:
    with db.session() as session:
        return int(session.execute(select(func.max(SyncOp.seq))).scalar() or 0)
