"""Change capture: every write through a session records its per-field changes in
``sync_op``, in the same transaction, from one place (a ``before_flush`` hook).

Services never write ops themselves.  The hook also stamps ``updated_at``/``updated_by``,
recomputes derived columns, refuses writes in read-only mode and refuses hard deletes of
synced rows (deletes are the ``deleted`` tombstone).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import Date, DateTime, event, inspect, select, text
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db.errors import ReadOnlyError, Refused
from ydp_tui.db.ids import uuid7
from ydp_tui.db.models import AuditEntry, AuditHead, SyncOp, Synced


@dataclass
class WriteContext:
    """What a writing session knows about who and where it is."""

    operator: str
    machine: str
    site_id: str
    read_only: bool = False
    audit_only: bool = False     # read-only mode still appends to the access log
    capture: bool = True         # False while sync applies a bundle (it records ops itself)
    allow_hard_delete: bool = False  # erasure (파기) only


# --- values --------------------------------------------------------------------------


def encode_value(value: Any) -> str | None:
    """A column value as JSON text (dates ISO 8601)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).isoformat()
    elif isinstance(value, dt.date):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def decode_value(model: type[Synced], field: str, raw: str | None) -> Any:
    """The inverse of :func:`encode_value` for ``model.field``."""
    if raw is None:
        return None
    value = json.loads(raw)
    if value is None:
        return None
    col_type = model.__table__.c[field].type
    if isinstance(col_type, DateTime) or getattr(col_type, "impl", None).__class__ is DateTime:
        return dt.datetime.fromisoformat(value)
    if isinstance(col_type, Date):
        return dt.date.fromisoformat(value)
    return value


# --- clock ---------------------------------------------------------------------------


def physical_hlc(now: dt.datetime | None = None) -> int:
    """The physical part of a hybrid logical clock: milliseconds << 16."""
    now = now or clock.now()
    return int(now.timestamp() * 1000) << 16


def next_hlc(session: Session) -> int:
    """Advance this database's HLC and return it (locks the site row until commit)."""
    p = physical_hlc()
    conn = session.connection()
    conn.execute(
        text("UPDATE site_info SET hlc = CASE WHEN :p > hlc THEN :p ELSE hlc + 1 END WHERE id = 1"),
        {"p": p},
    )
    return int(conn.execute(text("SELECT hlc FROM site_info WHERE id = 1")).scalar_one())


# --- the hook ------------------------------------------------------------------------


def _context(session: Session) -> WriteContext:
    ctx = session.info.get("ydp")
    if ctx is None:
        raise RuntimeError("writes must go through Database.write()")
    return ctx


def _last_clocks(session: Session, table: str, row_id: str) -> dict[str, tuple[int, str]]:
    rows = session.connection().execute(
        select(SyncOp.field, SyncOp.hlc, SyncOp.site_id).where(
            SyncOp.tbl == table, SyncOp.row_id == row_id
        )
    )
    best: dict[str, tuple[int, str]] = {}
    for field, hlc, site in rows:
        if field not in best or (hlc, site) > best[field]:
            best[field] = (hlc, site)
    return best


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    ctx = _context(session)
    touched = [*session.new, *session.dirty, *session.deleted]
    if ctx.read_only or ctx.audit_only:
        for obj in touched:
            if not isinstance(obj, AuditEntry | AuditHead):
                raise ReadOnlyError()
    for obj in session.deleted:
        if isinstance(obj, Synced) and not ctx.allow_hard_delete:
            raise Refused(f"{obj.__label__}은(는) 지우지 않고 삭제 표시만 합니다")
    if not ctx.capture:
        for obj in [*session.new, *session.dirty]:
            if isinstance(obj, Synced):
                _apply_derived(obj, obj.derive({c: getattr(obj, c) for c in obj.__table__.columns.keys()}))
        return

    now = clock.now()
    ops: list[dict[str, Any]] = []
    hlc: int | None = None

    for obj in list(session.new):
        if not isinstance(obj, Synced):
            continue
        obj.created_at = now
        obj.updated_at = now
        obj.created_by = obj.created_by or ctx.operator
        obj.updated_by = ctx.operator
        cls = type(obj)
        _apply_derived(obj, cls.derive({c: getattr(obj, c) for c in cls.__table__.columns.keys()}))
        if hlc is None:
            hlc = next_hlc(session)
        for col in cls.sync_columns():
            value = getattr(obj, col)
            if value is None:
                continue
            ops.append(_op(ctx, hlc, cls.__tablename__, obj.id, col, value, None))

    for obj in list(session.dirty):
        if not isinstance(obj, Synced) or obj in session.new:
            continue
        cls = type(obj)
        state = inspect(obj)
        changed = [c for c in cls.sync_columns() if state.attrs[c].history.has_changes()]
        changed = [c for c in changed if c not in ("updated_at", "updated_by")]
        if not changed:
            continue
        obj.updated_at = now
        obj.updated_by = ctx.operator
        _apply_derived(obj, cls.derive({c: getattr(obj, c) for c in changed}))
        if hlc is None:
            hlc = next_hlc(session)
        bases = _last_clocks(session, cls.__tablename__, obj.id)
        if not bases:
            # A row with no changes recorded yet (shipped reference data, seeded without capture)
            # changed for the first time: record every column, so a machine that lacks the row
            # (an older app that did not ship it) can create it from the bundle.
            changed = [c for c in cls.sync_columns() if c not in ("updated_at", "updated_by")
                       and (c in changed or getattr(obj, c) is not None)]
        for col in [*changed, "updated_at", "updated_by"]:
            base = bases.get(col)
            ops.append(_op(ctx, hlc, cls.__tablename__, obj.id, col, getattr(obj, col), base))

    if ops:
        session.connection().execute(SyncOp.__table__.insert(), ops)


def _apply_derived(obj: Synced, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


def _op(ctx: WriteContext, hlc: int, table: str, row_id: str, field: str, value: Any,
        base: tuple[int, str] | None) -> dict[str, Any]:
    return {
        "op_id": uuid7(),
        "hlc": hlc,
        "site_id": ctx.site_id,
        "tbl": table,
        "row_id": row_id,
        "field": field,
        "value": encode_value(value),
        "base_hlc": base[0] if base else None,
        "base_site": base[1] if base else None,
    }


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)


# --- bulk ----------------------------------------------------------------------------


def _field_default(model: type[Synced], name: str) -> Any:
    info = model.model_fields.get(name)
    if info is None:
        return None
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.default is PydanticUndefined else info.default


def bulk_insert(session: Session, model: type[Synced], rows: list[dict[str, Any]]) -> list[str]:
    """Insert many new rows fast (Core executemany), with their ops, in the caller's transaction.

    Used by imports and the demo generator; rows are dicts of column values (validated).
    """
    ctx = _context(session)
    if ctx.read_only or ctx.audit_only:
        raise ReadOnlyError()
    if not rows:
        return []
    now = clock.now()
    columns = model.__table__.columns.keys()
    sync_cols = model.sync_columns()
    hlc = next_hlc(session) if ctx.capture else 0
    full_rows: list[dict[str, Any]] = []
    ops: list[dict[str, Any]] = []
    defaults = {c: _field_default(model, c) for c in columns if c not in ("id",)}
    for row in rows:
        full = dict(defaults)
        full.update(row)
        full["id"] = row.get("id") or uuid7()
        full["created_at"] = now
        full["updated_at"] = now
        full["created_by"] = row.get("created_by") or ctx.operator
        full["updated_by"] = ctx.operator
        full["deleted"] = bool(row.get("deleted", False))
        full["version"] = 1
        full.update(model.derive(full))
        full_rows.append(full)
        if ctx.capture:
            for col in sync_cols:
                value = full[col]
                if value is not None:
                    ops.append(_op(ctx, hlc, model.__tablename__, full["id"], col, value, None))
    conn = session.connection()
    conn.execute(model.__table__.insert(), full_rows)
    if ops:
        conn.execute(SyncOp.__table__.insert(), ops)
    return [r["id"] for r in full_rows]
