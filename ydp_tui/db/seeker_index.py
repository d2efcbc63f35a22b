"""An in-process index of seeker names for search-as-you-type (≤ 20 ms at 100,000 seekers).

SQLite's GLOB costs ~30 ms per 100k rows; a scan of Python strings with ``in`` costs a few.  The
index holds, per seeker, ``name_key`` (``fold(name)|초성``), phone digits, status and the sort key,
in 가나다 order.  It stays fresh without polling everything:

- SQLite: ``PRAGMA data_version`` on the index's own connection changes whenever any connection
  (this process, another process) commits; only then is the database asked what changed.
- What changed = rows with ``updated_at`` at or after the last seen instant minus a window (other
  desks' clocks may lag); re-applying a row is harmless.  A full rebuild happens at most hourly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ydp_tui.db.models import LocalState, Seeker
from ydp_tui.rules import search as search_rules
from ydp_tui.rules.hangul import chosung, fold, is_cho

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

SKEW_WINDOW = dt.timedelta(minutes=10)
SYNC_GENERATION = "sync_generation"  # bumped by every bundle import that changed seekers (ydp_tui.sync)
FULL_REBUILD_SECONDS = 3600


class SeekerIndex:
    """Parallel lists in 가나다 order: ``sorts`` (for bisect), ``ids``, ``keys``, ``phones``, ``statuses``."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.by_id: dict[str, str] = {}  # id -> sort key, to find a row to move
        self.sorts: list[str] = []
        self.ids: list[str] = []
        self.keys: list[str] = []
        self.phones: list[str] = []
        self.statuses: list[str] = []
        self.watermark: dt.datetime | None = None
        self.built_at = 0.0
        self._version_conn: Any = None
        self._data_version: int | None = None
        self._hay: dict[str, tuple[str, list[int]]] | None = None
        self.generation: str | None = None

    # --- freshness -------------------------------------------------------------------

    def _changed_since_last_look(self) -> bool:
        if not self.db.is_sqlite:
            return True
        if self._version_conn is None:
            self._version_conn = self.db.engine.raw_connection()
        version = self._version_conn.cursor().execute("PRAGMA data_version").fetchone()[0]
        changed = version != self._data_version
        self._data_version = version
        return changed

    def refresh(self) -> None:
        with self.lock:
            if not self.built_at or time.monotonic() - self.built_at > FULL_REBUILD_SECONDS:
                self._changed_since_last_look()
                self._build()
            elif self._changed_since_last_look():
                self._update()

    @staticmethod
    def _columns() -> Any:
        return select(Seeker.id, Seeker.name_key, Seeker.phone_digits, Seeker.status, Seeker.birth_date,
                      Seeker.seeker_no, Seeker.deleted, Seeker.updated_at)

    @staticmethod
    def _sort(r: Any) -> str:
        return _sort_key(r.name_key, r.birth_date, r.seeker_no, r.id)

    def _build(self) -> None:
        generation = self._generation()  # before the rows: an import meanwhile rebuilds again
        # A plain driver query: 100,000 rows without ORM row or type processing (the birth date
        # arrives as ISO text on SQLite and as a date on PostgreSQL; str() gives ISO for both).
        with self.db.session() as session:
            conn = session.connection()
            watermark = session.execute(select(func.max(Seeker.updated_at))).scalar()
            raw = conn.exec_driver_sql(
                "SELECT name_key, birth_date, seeker_no, id, phone_digits, status FROM seeker WHERE NOT deleted"
            ).all()
        # One string per row sorts several times faster than a tuple (see _sort_key).
        rows = sorted((_sort_key(k, b, no, i), i, k or "", p or "", st) for k, b, no, i, p, st in raw)
        self.sorts = [r[0] for r in rows]
        self.ids = [r[1] for r in rows]
        self.keys = [r[2] for r in rows]
        self.phones = [r[3] for r in rows]
        self.statuses = [r[4] for r in rows]
        self.by_id = dict(zip(self.ids, self.sorts, strict=True))
        self.watermark = watermark
        self.built_at = time.monotonic()
        self._hay = None
        self.generation = generation

    def _generation(self) -> str | None:
        with self.db.session() as session:
            return session.execute(select(LocalState.value).where(LocalState.key == SYNC_GENERATION)).scalar()

    def _update(self) -> None:
        if self._generation() != self.generation:
            self._build()  # merged bundles carry other machines' updated_at (often hours old)
            return
        since = (self.watermark or dt.datetime.min.replace(tzinfo=dt.UTC)) - SKEW_WINDOW
        with self.db.session() as session:
            rows = session.execute(self._columns().where(Seeker.updated_at >= since)).all()
        if len(rows) > 5000:
            self._build()
            return
        if rows:
            self._hay = None
        for r in rows:
            old = self.by_id.pop(r.id, None)
            if old is not None:
                i = bisect.bisect_left(self.sorts, old)
                if i < len(self.sorts) and self.sorts[i] == old:
                    for column in (self.sorts, self.ids, self.keys, self.phones, self.statuses):
                        del column[i]
            if not r.deleted:
                sort = self._sort(r)
                i = bisect.bisect_left(self.sorts, sort)
                self.sorts.insert(i, sort)
                self.ids.insert(i, r.id)
                self.keys.insert(i, r.name_key or "")
                self.phones.insert(i, r.phone_digits or "")
                self.statuses.insert(i, r.status)
                self.by_id[r.id] = sort
            if self.watermark is None or r.updated_at > self.watermark:
                self.watermark = r.updated_at

    # --- queries ---------------------------------------------------------------------

    def _haystacks(self) -> dict[str, tuple[str, list[int]]]:
        """One string per kind of text (fold parts, 초성 parts, phones), rows joined by newlines,
        with each row's start offset: the regex engine then scans in C, in 가나다 order."""
        if self._hay is None:
            folds = [k.partition("|")[0] for k in self.keys]
            chos = [k.partition("|")[2] for k in self.keys]
            self._hay = {name: ("\n".join(texts), _offsets(texts))
                         for name, texts in (("fold", folds), ("cho", chos), ("phone", self.phones))}
        return self._hay

    def search(self, query: str, *, status: str | None, limit: int, offset: int,
               cap: int) -> tuple[list[str], int]:
        """Ids of one page in 가나다 order, and how many match (at most ``cap + 1`` counted)."""
        self.refresh()
        with self.lock:
            hay_name, pattern = _pattern(query)
            text, starts = self._haystacks()[hay_name]
            statuses, ids = self.statuses, self.ids
            page: list[str] = []
            total = 0
            last = -1
            for m in pattern.finditer(text):
                row = bisect.bisect_right(starts, m.start()) - 1
                if row == last:
                    continue
                last = row
                if status is not None and statuses[row] != status:
                    continue
                total += 1
                if offset < total <= offset + limit:
                    page.append(ids[row])
                if total > cap and total > offset + limit:
                    break
            return page, total

    def close(self) -> None:
        if self._version_conn is not None:
            self._version_conn.close()
            self._version_conn = None


def _sort_key(name_key: str | None, birth: Any, seeker_no: str, seeker_id: str) -> str:
    """가나다 order of name, then birth date, number and id, as one string: NUL sorts below every
    character and appears in none of the parts, so this orders exactly like the tuple would."""
    return f"{name_key or ''}\0{str(birth) if birth else ''}\0{seeker_no}\0{seeker_id}"


def _offsets(texts: list[str]) -> list[int]:
    starts = [0] * len(texts)
    pos = 0
    for i, t in enumerate(texts):
        starts[i] = pos
        pos += len(t) + 1
    return starts


def _pattern(query: str) -> tuple[str, re.Pattern[str]]:
    """Which text to scan and for what: the cheapest exact test the query allows."""
    stripped = query.replace("-", "").replace(" ", "")
    if stripped.isdigit():
        return "phone", re.compile(re.escape(stripped))
    q = fold(query)
    if not any(is_cho(ch) for ch in q):
        return "fold", re.compile(re.escape(q))
    if all(is_cho(ch) for ch in q.replace(" ", "")):
        return "cho", re.compile(re.escape(chosung(q)))
    return "fold", re.compile(search_rules.regex_pattern(query))


def index_for(db: Database) -> SeekerIndex:
    idx = getattr(db, "_seeker_index", None)
    if idx is None:
        idx = SeekerIndex(db)
        db._seeker_index = idx  # type: ignore[attr-defined]
    return idx
