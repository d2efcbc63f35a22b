"""Policy values per year (DESIGN.md: policy numbers are data, never constants in code).

Shipped values (``ydp_tui/data/policy.json``) are seeded with ids equal on every machine and
without change capture, so every database starts alike and a supervisor's later edit is an
ordinary synced change of the same row.  Year 0 holds values that do not vary by year.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ydp_tui import data
from ydp_tui.db.errors import NotFound, Refused
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import PolicyValue

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database


def shipped_rows(table: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of ``policy.json`` (or of another area's ``{kind: {year: {key: value}}}`` table)."""
    rows = []
    for kind, years in (data.load("policy.json") if table is None else table).items():
        if kind.startswith("_"):
            continue
        note = years.get("_note", "")
        for year, values in years.items():
            if year.startswith("_"):
                continue
            for key, value in values.items():
                rows.append({"id": stable_id("policy", kind, year, key), "kind": kind, "year": int(year),
                             "key": key, "value": json.dumps(value, ensure_ascii=False), "note": note})
    return rows


def seed(session: Session, rows: list[dict[str, Any]] | None = None) -> int:
    """Insert shipped rows this database does not have yet. Returns how many."""
    rows = shipped_rows() if rows is None else rows
    if not rows:
        return 0
    have_ids = set(session.execute(select(PolicyValue.id)).scalars())
    have_keys = {tuple(r) for r in session.execute(select(PolicyValue.kind, PolicyValue.year, PolicyValue.key))}
    new = [r for r in rows if r["id"] not in have_ids and (r["kind"], r["year"], r["key"]) not in have_keys]
    for r in new:
        session.add(PolicyValue(**r))
    return len(new)


def values(session: Session, kind: str, year: int) -> dict[str, Any]:
    rows = session.execute(
        select(PolicyValue.key, PolicyValue.value).where(
            PolicyValue.kind == kind, PolicyValue.year == year, PolicyValue.deleted.is_(False)
        )
    ).all()
    return {k: json.loads(v) for k, v in rows}


def value(session: Session, kind: str, year: int, key: str) -> Any:
    found = values(session, kind, year)
    if key not in found:
        raise NotFound(f"{year}년 {kind} 정책 값 '{key}'이(가) 없습니다 (ydp-tui policy set으로 추가하세요)")
    return found[key]


def years(session: Session, kind: str) -> list[int]:
    return sorted(set(session.execute(
        select(PolicyValue.year).where(PolicyValue.kind == kind, PolicyValue.deleted.is_(False))
    ).scalars()))


def set_value(session: Session, kind: str, year: int, key: str, new_value: Any, note: str = "") -> PolicyValue:
    """Add or change one value (a synced change)."""
    if not kind or not key:
        raise Refused("정책 종류와 항목을 입력하세요")
    encoded = json.dumps(new_value, ensure_ascii=False)
    row = session.execute(
        select(PolicyValue).where(PolicyValue.kind == kind, PolicyValue.year == year, PolicyValue.key == key)
    ).scalar_one_or_none()
    if row is None:
        row = PolicyValue(id=stable_id("policy", kind, str(year), key), kind=kind, year=year, key=key,
                          value=encoded, note=note)
        session.add(row)
    else:
        row.value = encoded
        row.deleted = False
        if note:
            row.note = note
    session.flush()
    return row


def change(db: Database, kind: str, year: int, key: str, new_value: Any, note: str = "") -> PolicyValue:
    """``ydp-tui policy set``: a supervisor adds or changes one value (logged)."""
    from ydp_tui.db import audit, roles

    roles.require(db, "edit_policy")
    with db.write() as session:
        old = values(session, kind, year).get(key)
        row = set_value(session, kind, year, key, new_value, note)
        audit.record(session, "update", "policy_value", row_id=row.id, subject=f"{kind} {year} {key}"[:60],
                     detail=f"정책 값: {json.dumps(old, ensure_ascii=False)} -> "
                            f"{json.dumps(new_value, ensure_ascii=False)}")
        return row


def all_rows(session: Session, kind: str | None = None) -> list[PolicyValue]:
    stmt = select(PolicyValue).where(PolicyValue.deleted.is_(False))
    if kind:
        stmt = stmt.where(PolicyValue.kind == kind)
    return list(session.execute(stmt.order_by(PolicyValue.kind, PolicyValue.year, PolicyValue.key)).scalars())
