"""Helpers for sync tests: machines (databases with their own site code), exchanges, and what a
database holds (every synced table, comparable across machines)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui.db.engine import Database
from ydp_tui.db.models import SyncConflict, synced_tables
from ydp_tui.sync import service
from ydp_tui.sync.merge import table_specs

PASS = "영등포-일자리-2024"


def machine(tmp_path: Path, code: str, operator: str = "김상담", *, role: str | None = None) -> Database:
    path = tmp_path / f"{code}.sqlite3"
    if role is not None:
        from tests.conftest import _ensure_account

        _ensure_account(str(path), operator, role, code)
    return Database.open(str(path), operator=operator, site_code=code)


def send(src: Database, dst: Database, folder: Path, *, for_peer: str | None = None,
         name: str | None = None) -> service.ImportSummary:
    """Export from ``src`` (everything, or only what ``for_peer`` lacks) and import into ``dst``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{src.site_code}-to-{dst.site_code}-{len(list(folder.iterdir()))}.ydpb")
    service.export_bundle(src, path, PASS, for_peer=for_peer)
    return service.import_bundle(dst, path, PASS)


def holdings(db: Database) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced row's synced columns (encrypted ones decrypted), by table and id."""
    from ydp_tui import crypto

    out: dict[str, dict[str, dict[str, Any]]] = {}
    specs = table_specs()
    with db.session() as session:
        for name, model in synced_tables().items():
            cols = specs[name]
            t = model.__table__
            rows = {}
            for r in session.connection().execute(select(t)).mappings():
                row = {}
                for c in cols:
                    value = r[c]
                    if cols[c].encrypted and value is not None:
                        value = crypto.decrypt_field(value)
                    row[c] = value
                rows[r["id"]] = row
            out[name] = rows
    return out


def fingerprint(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (data, versions, the change log, conflicts, peers, bundle history,
    the clock, the access log, the schema stamp): what a refused import must leave as it was.
    Only the note of the day SQLite last checked the file (written on opening) is left out."""
    from sqlmodel import SQLModel

    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        out = {}
        for table in [*(t.name for t in SQLModel.metadata.sorted_tables), "alembic_version"]:
            cur.execute(f"SELECT * FROM {table}")
            rows = [tuple(r) for r in cur.fetchall()]
            if table == "local_state":   # opening the file notes the day of SQLite's check: not data
                rows = [r for r in rows if r[0] != "quick_check"]
            out[table] = sorted(rows)
        cur.close()
        return out
    finally:
        raw.close()


def conflicts(db: Database, *, status: str | None = None) -> list[SyncConflict]:
    with db.session() as session:
        stmt = select(SyncConflict).order_by(SyncConflict.loser_op)
        if status:
            stmt = stmt.where(SyncConflict.status == status)
        return list(session.execute(stmt).scalars())


def edit_seeker(db: Database, seeker_id: str, **changes: Any) -> Any:
    """Change a seeker the way the edit form does (loaded version, every field sent back)."""
    from ydp_tui.db import seekers

    current = seekers.get(db, seeker_id, log_view=False)
    fields = seekers.to_fields(current)
    fields.update(changes)
    return seekers.update(db, seeker_id, fields, expected_version=current.version)


def value_of(stored: str | None) -> Any:
    return None if stored is None else json.loads(stored)
