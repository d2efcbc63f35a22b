"""Shared helpers for the administration tests: the CLI in-process, counts, accounts."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import seeker_values
from ydp_tui import cli
from ydp_tui.db import roles, seekers
from ydp_tui.db.models import AuditEntry, Seeker

PIN = "482915"


def run(capsys, target: str, *args: str, operator: str | None = "정관리") -> tuple[int, str, str]:
    """``ydp-tui --db target [--operator NAME] args…`` in this process: (status, stdout, stderr)."""
    argv = ["--db", target]
    if operator:
        argv += ["--operator", operator]
    capsys.readouterr()
    code = cli.main([*argv, *args])
    out, err = capsys.readouterr()
    return code, out, err


def admin(open_db, name: str = "정관리"):
    """An administrator account (no PIN) and a database opened as them."""
    return open_db(operator=name, role=roles.ADMIN)


def register(db, name: str, phone: str, **over: object) -> Seeker:
    return seekers.register(db, seeker_values(name=name, phone=phone, **over), force=True)


def seeker_names(db) -> list[str]:
    with db.session() as s:
        return sorted(n or "" for n in s.execute(select(Seeker.name)).scalars())


def audit_rows(db, action: str | None = None) -> list[AuditEntry]:
    with db.session() as s:
        stmt = select(AuditEntry).order_by(AuditEntry.seq)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        return list(s.execute(stmt).scalars())


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def digest(path: Path) -> str:
    """The database file and its WAL, as bytes: proof nothing was written."""
    h = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()
