"""The supervisor's conflict list and its resolution (CouchDB keeps losing revisions; so do we).

A conflict (``sync_conflict``, recorded by ``merge``) is shown while it is 미해결 and its losing
value differs from the field's value now.  Resolving it (permission ``resolve_conflict``) keeps
the current value, takes the other one, or sets a typed value: the field change is an ordinary
synced change of the record (optimistic locking included), and the decision is a
``sync_resolution`` row that travels too, so the same conflict closes on every machine.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, roles
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import SyncConflict, SyncOp, SyncResolution, synced_tables
from ydp_tui.rules.validation import Invalid
from ydp_tui.sync import labels
from ydp_tui.sync.merge import OPEN, RESOLVED, SUPERSEDED, register_after_apply, table_specs

KEEP, OTHER, EDIT = "현재 값", "다른 값", "직접 입력"
DECISIONS = (KEEP, OTHER, EDIT)
LIST_LIMIT = 500


@dataclass(frozen=True)
class ConflictRow:
    loser_op: str
    table: str
    row_id: str
    field: str
    table_label: str
    field_label: str
    record: str              # 구직자 T1-2024-00001 김민수
    current: str             # the field's value now (as shown)
    other: str               # the losing value (as shown)
    other_by: str
    other_at: dt.datetime | None
    other_code: str
    current_by: str
    current_at: dt.datetime | None
    current_code: str
    detected_at: dt.datetime
    status: str
    resolved_by: str
    resolution: str
    version: int             # the record's version now (optimistic locking of the resolution)
    editable: bool           # an edit can be typed (not an instant)


def _current(session: Session, table: str, row_id: str, field: str) -> tuple[Any, str, str, Any, str]:
    """(stored value, op id, site, hlc, by) of the field's winning change now."""
    conn = session.connection()
    row = conn.execute(select(SyncOp.value, SyncOp.op_id, SyncOp.site_id, SyncOp.hlc)
                       .where(SyncOp.tbl == table, SyncOp.row_id == row_id, SyncOp.field == field)
                       .order_by(SyncOp.hlc.desc(), SyncOp.site_id.desc()).limit(1)).first()
    if row is None:
        return None, "", "", 0, ""
    by = conn.execute(select(SyncOp.value).where(SyncOp.tbl == table, SyncOp.row_id == row_id,
                                                 SyncOp.field == "updated_by", SyncOp.hlc == row[3],
                                                 SyncOp.site_id == row[2])).scalar()
    return row[0], row[1], row[2], row[3], json.loads(by) if by else ""


def _plain(table: str, field: str, stored: str | None) -> Any:
    if stored is None:
        return None
    value = json.loads(stored)
    spec = table_specs().get(table, {}).get(field)
    if spec is not None and spec.encrypted and value is not None:
        from ydp_tui import crypto

        return crypto.decrypt_field(value)
    return value


def _rows(session: Session, records: list[SyncConflict], *, only_open: bool) -> list[ConflictRow]:
    from ydp_tui.sync.clock import hlc_time
    from ydp_tui.sync.peers import site_codes

    codes = site_codes(session)
    models = synced_tables()
    out = []
    for c in records:
        model = models.get(c.tbl)
        if model is None:
            continue
        spec = table_specs()[c.tbl].get(c.field)
        encrypted = bool(spec and spec.encrypted)
        stored, _op, site, hlc, by = _current(session, c.tbl, c.row_id, c.field)
        if only_open and _plain(c.tbl, c.field, stored) == _plain(c.tbl, c.field, c.loser_value):
            continue  # the field holds the losing value again: nothing is lost
        version = session.connection().execute(
            select(model.__table__.c.version).where(model.__table__.c.id == c.row_id)).scalar() or 0
        updated_at = session.connection().execute(
            select(SyncOp.value).where(SyncOp.tbl == c.tbl, SyncOp.row_id == c.row_id, SyncOp.field == "updated_at",
                                       SyncOp.hlc == hlc, SyncOp.site_id == site)).scalar()
        out.append(ConflictRow(
            c.loser_op, c.tbl, c.row_id, c.field, model.__label__, labels.field_label(c.tbl, c.field),
            labels.describe(session, c.tbl, c.row_id),
            labels.display(c.tbl, c.field, stored, encrypted=encrypted),
            labels.display(c.tbl, c.field, c.loser_value, encrypted=encrypted),
            c.loser_by, c.loser_at, c.loser_code or codes.get(c.loser_site, c.loser_site[:6]),
            by, dt.datetime.fromisoformat(json.loads(updated_at)) if updated_at else (hlc_time(hlc) if hlc else None),
            codes.get(site, site[:6]), c.detected_at, c.status, c.resolved_by, c.resolution, int(version),
            not (spec and spec.kind == "datetime") and not encrypted,
        ))
    return out


def list_conflicts(db: Database, *, include_resolved: bool = False, limit: int = LIST_LIMIT) -> list[ConflictRow]:
    """Open conflicts (newest first); with ``include_resolved`` the resolved ones too.  Opening the
    list is written to the access log (it shows personal values)."""
    with db.session() as session:
        stmt = select(SyncConflict)
        stmt = stmt.where(SyncConflict.status.in_((OPEN, RESOLVED)) if include_resolved else
                          SyncConflict.status == OPEN)
        records = list(session.execute(stmt.order_by(SyncConflict.detected_at.desc(), SyncConflict.tbl,
                                                     SyncConflict.row_id).limit(limit)).scalars())
        rows = _rows(session, records, only_open=not include_resolved)
    if rows:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", "sync_conflict", detail=f"동기화 충돌 목록 {len(rows)}건")
    return rows


def count_open(db: Database) -> int:
    with db.session() as session:
        records = list(session.execute(select(SyncConflict).where(SyncConflict.status == OPEN)
                                       .limit(LIST_LIMIT)).scalars())
        return sum(1 for c in records
                   if _plain(c.tbl, c.field, _current(session, c.tbl, c.row_id, c.field)[0])
                   != _plain(c.tbl, c.field, c.loser_value))


def resolve(db: Database, loser_op: str, decision: str, *, value: str | None = None, note: str = "",
            expected_version: int | None = None) -> ConflictRow:
    """Close one conflict (a supervisor): keep the current value, take the other, or set ``value``."""
    roles.require(db, "resolve_conflict")
    if decision not in DECISIONS:
        raise Refused(f"'{decision}'은(는) 충돌 해결 방법이 아닙니다 ({', '.join(DECISIONS)})")
    with db.write() as session:
        c = session.get(SyncConflict, loser_op)
        if c is None:
            raise NotFound("그 충돌을 찾을 수 없습니다")
        if c.status != OPEN:
            raise Refused(f"이미 처리된 충돌입니다 ({c.status}{', ' + c.resolved_by if c.resolved_by else ''})")
        model = synced_tables().get(c.tbl)
        spec = table_specs().get(c.tbl, {}).get(c.field)
        if model is None or spec is None:
            raise Refused(f"이 앱이 모르는 표의 충돌입니다 ({c.tbl}.{c.field})")
        row = session.get(model, c.row_id)
        if row is None:
            raise NotFound(f"{model.__label__} 기록을 찾을 수 없습니다")
        label = labels.field_label(c.tbl, c.field)
        what = labels.describe(session, c.tbl, c.row_id)
        if expected_version is not None and row.version != expected_version:
            raise StaleRecord(what, row.updated_by)
        if decision == OTHER:
            new_value = json.loads(c.loser_value) if c.loser_value is not None else None
            if spec.kind in ("date", "datetime") and new_value is not None:
                new_value = (dt.date.fromisoformat(new_value) if spec.kind == "date"
                             else dt.datetime.fromisoformat(new_value))
            setattr(row, c.field, new_value)
        elif decision == EDIT:
            if spec.kind == "datetime" or spec.encrypted:
                raise Refused(f"{label}은(는) 직접 고칠 수 없습니다: 두 값 중 하나를 고르세요")
            try:
                new_value = labels.parse_edit(c.tbl, c.field, value or "", spec.kind)
            except Invalid as exc:
                raise ValidationFailed({label: str(exc)}) from None
            if new_value is None and not spec.nullable:
                raise ValidationFailed({label: "값이 비어 있습니다"})
            setattr(row, c.field, new_value)
        session.flush()
        res_id = stable_id("sync-resolution", loser_op)
        res = session.get(SyncResolution, res_id)
        if res is None:
            session.add(SyncResolution(id=res_id, loser_op=loser_op, tbl=c.tbl, row_id=c.row_id, field=c.field,
                                       decision=decision, note=note[:200]))
        else:
            res.decision, res.note, res.deleted = decision, note[:200], False
        c.status, c.resolved_by, c.resolved_at, c.resolution = RESOLVED, db.operator, clock.now(), decision
        session.flush()
        audit.record(session, "update", c.tbl, row_id=c.row_id, subject=what[:60],
                     detail=f"동기화 충돌 해결: {label} ({decision})" + (f" {note}" if note else ""))
        rows = _rows(session, [c], only_open=False)
    return rows[0]


def scrub_conflicts(session: Session, table: str, row_id: str, fields: list[str] | tuple[str, ...]) -> int:
    """Null the values kept for conflicts of these fields of one record (erasure, 파기)."""
    if not fields:
        return 0
    result = session.connection().execute(
        update(SyncConflict).where(SyncConflict.tbl == table, SyncConflict.row_id == row_id,
                                   SyncConflict.field.in_(list(fields)))
        .values(loser_value=None, winner_value=None))
    return result.rowcount or 0


def _resolutions_arrived(session: Session, row_ids: list[str]) -> None:
    """A decision taken on another machine closes the same conflict here."""
    conn = session.connection()
    for i in range(0, len(row_ids), 500):
        for loser_op, decision, by, deleted in conn.execute(
                select(SyncResolution.loser_op, SyncResolution.decision, SyncResolution.updated_by,
                       SyncResolution.deleted).where(SyncResolution.id.in_(row_ids[i:i + 500]))):
            if deleted:
                continue
            conn.execute(update(SyncConflict).where(SyncConflict.loser_op == loser_op,
                                                    SyncConflict.status == OPEN)
                         .values(status=RESOLVED, resolved_by=by, resolved_at=clock.now(), resolution=decision))


register_after_apply("sync_resolution", _resolutions_arrived)

__all__ = ["DECISIONS", "EDIT", "KEEP", "OTHER", "OPEN", "RESOLVED", "SUPERSEDED", "ConflictRow", "count_open",
           "list_conflicts", "resolve", "scrub_conflicts"]
