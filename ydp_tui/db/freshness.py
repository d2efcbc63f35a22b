"""Has the database changed since we last looked?  For in-process indexes (the matching index;
the name index in ``seeker_index`` asks the same question the same way and could use this).

SQLite: ``PRAGMA data_version`` on a connection of our own changes whenever any other connection
(this process or another) commits.  Other databases cannot say cheaply, so the answer is always
yes and the index asks what changed (rows by ``updated_at``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database


class ChangeWatch:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Any = None
        self._version: int | None = None

    def changed(self) -> bool:
        """True when something was committed since the last call (always True off SQLite)."""
        if not self.db.is_sqlite:
            return True
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        version = self._conn.cursor().execute("PRAGMA data_version").fetchone()[0]
        changed = version != self._version
        self._version = version
        return changed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
