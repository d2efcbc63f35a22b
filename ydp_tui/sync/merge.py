"""Merging changes: per-field last-writer-wins by (HLC, site id), conflicts kept.

Generic over every synced table (``Synced.sync_columns()``): a table another area adds merges
without more code.  The rules:

- A change already held (its clock is at or below what this database holds of its machine:
  ``clock.local_vector``) is skipped; the others are *new*.
- For each field, the change with the greatest (HLC, site id) is the value, on every machine
  alike, whatever order bundles arrive in.  ``deleted`` is a field like the others.
- Each change names the clock of the value it replaced (its *base*).  The changes of a field
  that no other change replaced are its *leaves* (CouchDB's leaf revisions): one is the
  winner, every other one is a value written concurrently and lost - a **conflict**, kept in
  ``sync_conflict`` for a supervisor.  A recorded loser that its own machine later replaced is
  no longer a leaf: its conflict is marked 대체됨 (nothing is lost).  The record times
  (``created_at`` and friends) merge without conflicts, and so do the sync tables' own rows.
- Rows a bundle creates are inserted (tables in foreign-key order), rows it changes are
  updated with ``version + 1`` so a desk holding an older copy gets ``StaleRecord``; derived
  columns are recomputed; encrypted columns arrive in plain text (inside the encrypted
  bundle) and are encrypted with this machine's key.

Hooks: ``AFTER_APPLY[table]`` functions ``(session, row_ids)`` run inside the import's
transaction after its changes are applied (``register_after_apply``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from ydp_tui import clock, crypto
from ydp_tui.db.capture import _field_default, encode_value
from ydp_tui.db.models import SyncConflict, SyncOp, SyncResolution, Synced, synced_tables
from ydp_tui.sync import lww
from ydp_tui.sync.bundle import BundleRefused, damaged
from ydp_tui.sync.clock import hlc_time

META_FIELDS = frozenset({"created_at", "updated_at", "created_by", "updated_by"})
# Sync's own decision tables merge by last-writer-wins without conflicts of their own.
NO_CONFLICT_TABLES = frozenset({"sync_resolution", "person_review"})
OPEN, RESOLVED, SUPERSEDED = "미해결", "해결", "대체됨"

AFTER_APPLY: dict[str, list[Callable[[Session, list[str]], None]]] = defaultdict(list)

Progress = Callable[[str, int, int], None]
CHUNK = 500
MAX_HLC = (1 << 63) - 1


def register_after_apply(table: str, fn: Callable[[Session, list[str]], None]) -> None:
    """Call ``fn(session, row_ids)`` after each import that changed rows of ``table``."""
    if fn not in AFTER_APPLY[table]:
        AFTER_APPLY[table].append(fn)


# --- what a column accepts -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    name: str
    kind: str               # str | int | bool | date | datetime | any
    max_length: int | None
    nullable: bool
    default: Any
    encrypted: bool


def _kind(col_type: Any) -> tuple[str, int | None]:
    t = col_type.impl if isinstance(col_type, TypeDecorator) else col_type
    if isinstance(t, Boolean):
        return "bool", None
    if isinstance(t, DateTime):
        return "datetime", None
    if isinstance(t, Date):
        return "date", None
    if isinstance(t, Integer):
        return "int", None
    if isinstance(t, String):
        return "str", t.length
    return "any", None


@cache
def table_specs() -> dict[str, dict[str, ColumnSpec]]:
    """Every synced table's synced columns and what each accepts."""
    out: dict[str, dict[str, ColumnSpec]] = {}
    for name, model in synced_tables().items():
        encrypted = set(getattr(model, "__encrypted__", ()))
        cols: dict[str, ColumnSpec] = {}
        for col_name in model.sync_columns():
            col = model.__table__.c[col_name]
            kind, length = _kind(col.type)
            cols[col_name] = ColumnSpec(col_name, kind, None if col_name in encrypted else length,
                                        bool(col.nullable), _field_default(model, col_name), col_name in encrypted)
        out[name] = cols
    return out


def encrypted_fields() -> dict[str, frozenset[str]]:
    return {t: frozenset(c for c, s in cols.items() if s.encrypted)
            for t, cols in table_specs().items() if any(s.encrypted for s in cols.values())}


class _Bad(Exception):
    pass


def _convert(spec: ColumnSpec, value: Any) -> Any:
    """The column value for a JSON value from a bundle, or _Bad."""
    if value is None:
        if spec.nullable:
            return None
        if spec.default is not None:
            return spec.default  # an erased (파기) value of a column that cannot be empty
        raise _Bad("비어 있을 수 없습니다")
    kind = spec.kind
    if kind == "str":
        if not isinstance(value, str):
            raise _Bad("글자가 아닙니다")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise _Bad(f"{spec.max_length}자보다 깁니다")
        return value
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # SQLite keeps whatever Python gave it: 268000.0 in an integer column
        if not isinstance(value, int) or isinstance(value, bool) or not -MAX_HLC <= value <= MAX_HLC:
            raise _Bad("정수가 아닙니다")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise _Bad("예/아니오 값이 아닙니다")
        return value
    if kind == "date":
        if not isinstance(value, str):
            raise _Bad("날짜가 아닙니다")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _Bad("날짜가 아닙니다") from None
    if kind == "datetime":
        if not isinstance(value, str):
            raise _Bad("일시가 아닙니다")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise _Bad("일시가 아닙니다") from None
        if parsed.tzinfo is None:
            raise _Bad("시간대가 없는 일시입니다")
        return parsed.astimezone(dt.UTC)
    return value


# --- changes ---------------------------------------------------------------------------------


class _Clocked:
    """``clock`` = (HLC, site id) of a change, ``base`` = the clock of the value it replaced."""

    __slots__ = ()
    hlc: int
    site: str
    base_hlc: int | None
    base_site: str | None

    @property
    def clock(self) -> tuple[int, str]:
        return (self.hlc, self.site)

    @property
    def base(self) -> tuple[int, str] | None:
        return None if self.base_hlc is None else (self.base_hlc, self.base_site)  # type: ignore[return-value]


@dataclass(slots=True)
class Op(_Clocked):
    """One change: ``value`` is the column's Python value (plain text for encrypted columns)."""

    op_id: str
    hlc: int
    site: str
    table: str
    row: str
    field: str
    value: Any
    base_hlc: int | None
    base_site: str | None
    stored: str | None = None   # the value as this database's change log keeps it (JSON text)


_ID = re.compile(r"[0-9A-Za-z_-]{1,36}").fullmatch
_SITE = re.compile(r"[0-9A-Za-z]{1,32}").fullmatch
KEYS = ("op", "hlc", "site", "table", "row", "field", "value", "base_hlc", "base_site")


def op_line(op_id: str, hlc: int, site: str, table: str, row: str, field_: str, value: str | None,
            base_hlc: int | None, base_site: str | None) -> str:
    """One line of ``ops.jsonl``: a JSON array in the order of ``KEYS`` (the manifest names them);
    ``value`` is already JSON text (the change log's form).  Ids, sites, tables and fields are plain
    identifiers (checked when they arrive), so nothing needs escaping."""
    base = "null,null" if base_hlc is None else f'{base_hlc},"{base_site}"'
    return (f'["{op_id}",{hlc},"{site}","{table}","{row}","{field_}",'
            f'{"null" if value is None else value},{base}]')


def _load_lines(data: bytes) -> list[Any]:
    """Every line of ``ops.jsonl`` as JSON (one C-speed parse; line by line only to name a bad one)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise damaged("ops.jsonl이 UTF-8이 아닙니다") from None
    body = text[:-1] if text.endswith("\n") else text
    if not body:
        return []
    count = body.count("\n") + 1
    try:
        raws = json.loads("[" + body.replace("\n", ",") + "]")
        if isinstance(raws, list) and len(raws) == count:
            return raws
    except json.JSONDecodeError:
        pass
    for n, line in enumerate(body.split("\n"), 1):
        try:
            json.loads(line)
        except json.JSONDecodeError:
            raise damaged(f"ops.jsonl {n}행을 읽을 수 없습니다") from None
    raise damaged("ops.jsonl의 형식")


def parse_ops(data: bytes, progress: Progress | None = None, held: dict[str, int] | None = None,
              skipped: tuple[str, list[tuple[int, str]]] | None = None) -> list[Op]:
    """The lines of ``ops.jsonl`` checked against this schema; BundleRefused names the first bad line.

    A change this database already holds (``held``: its version vector) is checked for its shape
    only and left out: it will not be applied (the bundle's integrity is checked as a whole).
    ``skipped`` = (site, list): the (clock, id) of that site's changes left out are added to the list.
    """
    specs = table_specs()
    held = held or {}
    watch, watched = skipped if skipped is not None else ("", [])
    raws = _load_lines(data)
    ops: list[Op] = []
    seen: set[str] = set()
    total = len(raws)
    nkeys = len(KEYS)
    for n, raw in enumerate(raws, 1):
        if type(raw) is not list or len(raw) != nkeys:
            raise damaged(f"ops.jsonl {n}행의 형식")
        op_id, hlc, site, table, row, fname, value, base_hlc, base_site = raw
        if type(hlc) is not int or not 0 < hlc <= MAX_HLC or type(op_id) is not str or not _ID(op_id) \
                or type(row) is not str or not _ID(row) or type(site) is not str or not _SITE(site):
            raise damaged(f"ops.jsonl {n}행의 변경 번호ㆍ시계ㆍ기기")
        if hlc <= held.get(site, -1):
            if site == watch:
                watched.append((hlc, op_id))
            continue
        if base_hlc is not None or base_site is not None:
            if type(base_hlc) is not int or type(base_site) is not str or not _SITE(base_site) \
                    or not 0 <= base_hlc < hlc and not (base_hlc == hlc and base_site < site):
                raise damaged(f"ops.jsonl {n}행의 이전 시계")
        cols = specs.get(table) if isinstance(table, str) else None
        if cols is None:
            raise BundleRefused(f"꾸러미에 이 앱이 모르는 표 '{table}'의 변경이 있습니다 (ops.jsonl {n}행). "
                                "앱을 업데이트한 뒤 가져오세요. 데이터베이스는 그대로입니다.")
        spec = cols.get(fname) if isinstance(fname, str) else None
        if spec is None:
            raise BundleRefused(f"꾸러미에 이 앱이 모르는 항목 '{table}.{fname}'의 변경이 있습니다 "
                                f"(ops.jsonl {n}행). 앱을 업데이트한 뒤 가져오세요. 데이터베이스는 그대로입니다.")
        if value is not None or not spec.nullable:
            if spec.kind == "str" and type(value) is str and (spec.max_length is None or len(value) <= spec.max_length):
                pass  # the common case, checked inline
            else:
                try:
                    value = _convert(spec, value)
                except _Bad as exc:
                    raise BundleRefused(f"꾸러미의 {table}.{fname} 값이 맞지 않습니다: {exc} (ops.jsonl {n}행). "
                                        "데이터베이스는 그대로입니다.") from None
        if op_id in seen:
            raise damaged(f"ops.jsonl {n}행: 같은 변경이 두 번 있습니다")
        seen.add(op_id)
        ops.append(Op(op_id, hlc, site, table, row, fname, value, base_hlc, base_site))
        if progress is not None and n % 20_000 == 0:
            progress("확인", n, total)
    return ops


_json_str = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) does, in C


def fast_json(value: Any) -> str | None:
    """``encode_value`` with the common types done inline (the import's hot path)."""
    t = type(value)
    if t is str:
        return _json_str(value)
    if value is None:
        return None
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    return encode_value(value)


def local_json(spec: ColumnSpec, value: Any) -> str | None:
    """The change log's form of a column value (encrypted columns encrypted with our key)."""
    if spec.encrypted and value is not None:
        return encode_value(crypto.encrypt_field(value))
    return encode_value(value)


def _plain_of_stored(spec: ColumnSpec, stored: str | None) -> str | None:
    """The plain JSON text of a change log value (decrypting encrypted columns)."""
    if not spec.encrypted or stored is None:
        return stored
    token = json.loads(stored)
    return encode_value(crypto.decrypt_field(token) if token is not None else None)


def _chunks(items: list[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- applying --------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    applied: int = 0
    new_rows: dict[str, int] = field(default_factory=dict)
    updated_rows: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0             # new conflicts whose values differ
    superseded: int = 0
    touched: dict[str, list[str]] = field(default_factory=dict)   # table -> rows with new changes
    newest: int = 0                # greatest clock among the new changes


@dataclass(slots=True)
class _LocalOp(_Clocked):
    op_id: str
    hlc: int
    site: str
    field: str
    stored: str | None
    base_hlc: int | None
    base_site: str | None


def _table_order() -> dict[str, int]:
    from sqlmodel import SQLModel

    return {t.name: i for i, t in enumerate(SQLModel.metadata.sorted_tables)}


def apply(session: Session, ops: list[Op], vector: dict[str, int], *, site_codes: dict[str, str],
          bundle_id: str, progress: Progress | None = None) -> ApplyResult:
    """Apply the changes not yet held (``vector``) in the caller's transaction."""
    result = ApplyResult()
    new = [o for o in ops if o.hlc > vector.get(o.site, -1)]
    result.applied = len(new)
    if not new:
        return result
    result.newest = max(o.hlc for o in new)
    specs = table_specs()
    models = synced_tables()
    conn = session.connection()
    by_table: dict[str, dict[str, list[Op]]] = defaultdict(lambda: defaultdict(list))
    for o in new:
        by_table[o.table][o.row].append(o)
    order = _table_order()
    tables = sorted(by_table, key=lambda t: order.get(t, 0))

    conflict_rows: list[dict[str, Any]] = []
    superseded_ops: set[str] = set()
    inserts: dict[str, list[dict[str, Any]]] = {}
    updates: dict[str, list[dict[str, Any]]] = {}
    done = 0
    now = clock.now()
    for table in tables:
        model = models[table]
        cols = specs[table]
        rows = by_table[table]
        ids = list(rows)
        result.touched[table] = ids
        existing: set[str] = set()
        id_col = model.__table__.c.id
        for chunk in _chunks(ids):
            existing.update(conn.execute(select(id_col).where(id_col.in_(chunk))).scalars())
        local: dict[str, list[_LocalOp]] = defaultdict(list)
        fields = sorted({o.field for r in rows.values() for o in r} | {"updated_by", "updated_at"})
        for chunk in _chunks([i for i in ids if i in existing]):
            for r in conn.execute(select(SyncOp.op_id, SyncOp.hlc, SyncOp.site_id, SyncOp.row_id, SyncOp.field,
                                         SyncOp.value, SyncOp.base_hlc, SyncOp.base_site)
                                  .where(SyncOp.tbl == table, SyncOp.row_id.in_(chunk), SyncOp.field.in_(fields))):
                local[r[3]].append(_LocalOp(r[0], int(r[1]), r[2], r[4], r[5], r[6], r[7]))
        encrypted = {f for f, spec in cols.items() if spec.encrypted}
        detect = table not in NO_CONFLICT_TABLES
        table_inserts: list[dict[str, Any]] = []
        table_updates: list[dict[str, Any]] = []
        for row_id, row_ops in rows.items():
            for o in row_ops:
                o.stored = local_json(cols[o.field], o.value) if o.field in encrypted else fast_json(o.value)
            # the newest new change of each field, and the fields with more than one change
            best: dict[str, Op] = {}
            several: set[str] = set()
            for o in row_ops:
                b = best.get(o.field)
                if b is None:
                    best[o.field] = o
                else:
                    several.add(o.field)
                    if (o.hlc, o.site) > (b.hlc, b.site):
                        best[o.field] = o
            row_local = local.get(row_id)
            local_best: dict[str, _LocalOp] = {}
            if row_local:
                for lo in row_local:
                    b2 = local_best.get(lo.field)
                    if b2 is None or (lo.hlc, lo.site) > (b2.hlc, b2.site):
                        local_best[lo.field] = lo
                several.update(f for f in best if f in local_best)
            winners: dict[str, Any] = {}
            for fname, o in best.items():
                lb = local_best.get(fname)
                if lb is None or (o.hlc, o.site) > (lb.hlc, lb.site):
                    winners[fname] = json.loads(o.stored) if fname in encrypted and o.stored is not None else o.value
            if detect and several:
                new_by_field: dict[str, list[Op]] = defaultdict(list)
                for o in row_ops:
                    new_by_field[o.field].append(o)
                local_by_field: dict[str, list[_LocalOp]] = defaultdict(list)
                for lo in row_local or ():
                    local_by_field[lo.field].append(lo)
                for fname in several:
                    held = local_best.get(fname)
                    if fname not in META_FIELDS and not lww.is_chain(new_by_field[fname],
                                                                     held.clock if held else None):
                        _detect(cols[fname], new_by_field[fname], local_by_field.get(fname, []), new_by_field,
                                local_by_field, table, row_id, fname, site_codes, bundle_id, now, conflict_rows,
                                superseded_ops)
            if not winners:
                continue
            if row_id in existing:
                winners.update(model.derive(dict(winners)))
                winners["_id"] = row_id
                table_updates.append(winners)
            else:
                table_inserts.append(_new_row(model, cols, row_id, winners))
        if table_inserts:
            inserts[table] = table_inserts
            result.new_rows[table] = len(table_inserts)
        if table_updates:
            updates[table] = table_updates
            result.updated_rows[table] = len(table_updates)
        done += len(rows)
        if progress is not None:
            progress("적용", done, len(new) + sum(len(r) for r in by_table.values()))

    _check_unique(conn, models, inserts, updates)
    for table in tables:
        if table in inserts:
            for chunk in _chunks(inserts[table], 2000):
                conn.execute(models[table].__table__.insert(), chunk)
    for table in tables:
        if table in updates:
            _update_rows(conn, models[table], updates[table])
    _insert_ops(conn, new, progress, done, done + len(new))
    result.conflicts, result.superseded = _record_conflicts(conn, conflict_rows, superseded_ops)
    return result


_OP_COLUMNS = ("op_id", "hlc", "site_id", "tbl", "row_id", "field", "value", "base_hlc", "base_site")


def _insert_ops(conn: Any, new: list[Op], progress: Progress | None, done: int, total: int) -> None:
    """The new changes into this database's log (the hot path: COPY on PostgreSQL, plain DB-API
    executemany on SQLite), in the caller's transaction."""
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY sync_op ({', '.join(_OP_COLUMNS)}) FROM STDIN") as copy:
            for n, o in enumerate(new, 1):
                copy.write_row((o.op_id, o.hlc, o.site, o.table, o.row, o.field, o.stored, o.base_hlc, o.base_site))
                if progress is not None and n % 10_000 == 0:
                    progress("적용", done + n, total)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cache = None
    if conn.dialect.name == "sqlite" and len(new) > 20_000:  # the log's indexes stay in memory while they grow
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size=-65536")
    sql = f"INSERT INTO sync_op ({', '.join(_OP_COLUMNS)}) VALUES ({', '.join([mark] * len(_OP_COLUMNS))})"
    for chunk in _chunks(new, 10_000):
        conn.exec_driver_sql(sql, [(o.op_id, o.hlc, o.site, o.table, o.row, o.field, o.stored, o.base_hlc,
                                    o.base_site) for o in chunk])
        done += len(chunk)
        if progress is not None:
            progress("적용", done, total)
    if cache is not None:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")


@cache
def _defaults(model: type[Synced]) -> dict[str, Any]:
    """Static column defaults (factories such as ids and instants are not defaults of a merged row)."""
    out = {}
    for c in model.__table__.columns.keys():
        info = model.model_fields.get(c)
        out[c] = None if info is not None and info.default_factory is not None else _field_default(model, c)
    return out


@cache
def _required(model: type[Synced]) -> tuple[str, ...]:
    return tuple(name for name, column in model.__table__.columns.items() if not column.nullable)


def _new_row(model: type[Synced], cols: dict[str, ColumnSpec], row_id: str, winners: dict[str, Any]) -> dict[str, Any]:
    full = dict(_defaults(model))
    full["id"] = row_id
    full.update(winners)
    full["version"] = 1
    for name in ("created_at", "updated_at"):
        if full.get(name) is None:
            full[name] = clock.now()
    full.update(model.derive(full))
    for name in _required(model):
        if full.get(name) is None:
            raise BundleRefused(f"꾸러미의 {model.__label__} 기록({row_id})에 필요한 항목 '{name}'이(가) 없습니다. "
                                "데이터베이스는 그대로입니다.")
    return full


def _update_rows(conn: Any, model: type[Synced], rows: list[dict[str, Any]]) -> None:
    table = model.__table__
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[tuple(sorted(k for k in r if k != "_id"))].append(r)
    for keys, group in groups.items():
        stmt = (table.update().where(table.c.id == bindparam("_id"))
                .values({k: bindparam(f"v_{k}") for k in keys} | {"version": table.c.version + 1}))
        for chunk in _chunks(group, 2000):
            conn.execute(stmt, [{"_id": r["_id"], **{f"v_{k}": r[k] for k in keys}} for r in chunk])


def _check_unique(conn: Any, models: dict[str, type[Synced]], inserts: dict[str, list[dict[str, Any]]],
                  updates: dict[str, list[dict[str, Any]]]) -> None:
    """A number that is unique here (구직번호, 신청번호 ...) already held by another record: refused
    with the number named, before anything is written."""
    for table in set(inserts) | set(updates):
        model = models[table]
        unique = [c for c in model.__table__.columns if c.unique and c.name != "id"]
        for uc in model.__table__.constraints:
            cols = list(getattr(uc, "columns", []))
            if uc.__class__.__name__ == "UniqueConstraint" and len(cols) == 1 and cols[0] not in unique:
                unique.append(cols[0])
        for column in unique:
            wanted: dict[Any, str] = {}
            for r in [*inserts.get(table, ()), *updates.get(table, ())]:
                if column.name in r and r[column.name] is not None:
                    row_id = r.get("id") or r["_id"]
                    value = r[column.name]
                    if value in wanted and wanted[value] != row_id:
                        raise _unique_refused(model, column.name, value)
                    wanted[value] = row_id
            values = list(wanted)
            for chunk in _chunks(values):
                for value, other in conn.execute(select(column, model.__table__.c.id).where(column.in_(chunk))):
                    if wanted.get(value) != other:
                        raise _unique_refused(model, column.name, value)


def _unique_refused(model: type[Synced], column: str, value: Any) -> BundleRefused:
    return BundleRefused(f"꾸러미의 {model.__label__} '{value}'({column})이(가) 이 데이터베이스에 다른 기록으로 "
                         "이미 있습니다. 같은 번호를 두 기기에서 따로 만든 것입니다: 한쪽 번호를 고친 뒤 다시 "
                         "내보내세요. 데이터베이스는 그대로입니다.")


# --- conflicts -------------------------------------------------------------------------------


def _detect(spec: ColumnSpec, fops: list[Op], lops: Iterable[_LocalOp], by_field_new: dict[str, list[Op]],
            by_field_local: dict[str, list[_LocalOp]], table: str, row_id: str, fname: str,
            site_codes: dict[str, str], bundle_id: str, now: dt.datetime, out: list[dict[str, Any]],
            superseded: set[str]) -> None:
    every: list[Any] = [*lops, *fops]
    gone = lww.replaced(every)
    superseded.update(o.op_id for o in every if o.clock in gone)
    winner, losers = lww.losers(every)
    if not losers:
        return
    winner_plain = _plain(spec, winner)
    who = _Who(by_field_new, by_field_local, site_codes)
    w_by, w_at, w_code = who.of(winner)
    for loser in losers:
        l_by, l_at, l_code = who.of(loser)
        out.append({
            "loser_op": loser.op_id, "tbl": table, "row_id": row_id, "field": fname,
            "loser_value": loser.stored, "loser_hlc": loser.hlc, "loser_site": loser.site, "loser_code": l_code,
            "loser_by": l_by, "loser_at": l_at,
            "winner_op": winner.op_id, "winner_value": winner.stored, "winner_hlc": winner.hlc,
            "winner_site": winner.site, "winner_code": w_code, "winner_by": w_by, "winner_at": w_at,
            "same_value": _plain(spec, loser) == winner_plain, "detected_at": now, "bundle_id": bundle_id,
            "status": OPEN, "resolved_by": "", "resolved_at": None, "resolution": "",
        })


def _plain(spec: ColumnSpec, o: Any) -> str | None:
    if isinstance(o, Op):
        return encode_value(o.value)
    return _plain_of_stored(spec, o.stored)


class _Who:
    """Who wrote a change and when: the ``updated_by``/``updated_at`` written with it."""

    def __init__(self, new: dict[str, list[Op]], local: dict[str, list[_LocalOp]], codes: dict[str, str]) -> None:
        self.new, self.local, self.codes = new, local, codes

    def _value(self, fname: str, clock_: tuple[int, str]) -> Any:
        for o in self.new.get(fname, ()):
            if o.clock == clock_:
                return o.value
        for lo in self.local.get(fname, ()):
            if lo.clock == clock_ and lo.stored is not None:
                raw = json.loads(lo.stored)
                return dt.datetime.fromisoformat(raw) if fname == "updated_at" and raw else raw
        return None

    def of(self, o: Any) -> tuple[str, dt.datetime, str]:
        by = self._value("updated_by", o.clock) or ""
        at = self._value("updated_at", o.clock) or hlc_time(o.hlc)
        return str(by)[:50], at, self.codes.get(o.site, "")[:8]


def _record_conflicts(conn: Any, rows: list[dict[str, Any]], superseded: set[str]) -> tuple[int, int]:
    """Insert the conflicts not recorded yet; mark recorded ones whose loser was replaced."""
    table = SyncConflict.__table__
    fresh: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["loser_op"] not in superseded:
            fresh[r["loser_op"]] = r
    known: set[str] = set()
    for chunk in _chunks(list(fresh)):
        known.update(conn.execute(select(table.c.loser_op).where(table.c.loser_op.in_(chunk))).scalars())
    to_insert = [r for op, r in fresh.items() if op not in known]
    if to_insert:
        resolved: dict[str, tuple[str, str]] = {}
        for chunk in _chunks([r["loser_op"] for r in to_insert]):
            for loser_op, decision, by in conn.execute(
                    select(SyncResolution.loser_op, SyncResolution.decision, SyncResolution.updated_by)
                    .where(SyncResolution.loser_op.in_(chunk), SyncResolution.deleted.is_(False))):
                resolved[loser_op] = (decision, by)
        for r in to_insert:
            if r["loser_op"] in resolved:
                decision, by = resolved[r["loser_op"]]
                r.update(status=RESOLVED, resolved_by=by, resolved_at=clock.now(), resolution=decision)
        conn.execute(table.insert(), to_insert)
    marked = 0
    for chunk in _chunks(list(superseded)):
        marked += conn.execute(table.update().where(table.c.loser_op.in_(chunk), table.c.status != SUPERSEDED)
                               .values(status=SUPERSEDED)).rowcount or 0
    return sum(1 for r in to_insert if not r["same_value"] and r["status"] == OPEN), marked


def run_after_apply(session: Session, touched: dict[str, list[str]]) -> None:
    for table, row_ids in touched.items():
        for fn in AFTER_APPLY.get(table, ()):
            fn(session, row_ids)


# --- erasure (파기) travels ------------------------------------------------------------------
# An erasure made on another machine arrives as an ``erasure`` row: empty the same fields here and
# scrub them from our history and conflicts.  A bundle from a machine that had not yet seen the
# erasure may still carry the old values (as history, or as a later edit): after every import the
# erased records it touched are emptied and scrubbed again, so an erased person never comes back.


def _apply_new_erasures(session: Session, row_ids: list[str]) -> None:
    from ydp_tui.db import retention
    from ydp_tui.db.models import Erasure

    for chunk in _chunks(row_ids):
        for erasure in session.execute(select(Erasure).where(Erasure.id.in_(chunk), Erasure.deleted.is_(False))
                                       ).scalars():
            retention.apply_received(session, erasure)


def _reapply_erasures(table: str) -> Callable[[Session, list[str]], None]:
    def reapply(session: Session, row_ids: list[str]) -> None:
        from ydp_tui.db import retention
        from ydp_tui.db.models import Erasure

        erased = session.execute(select(Erasure).where(Erasure.tbl == table, Erasure.deleted.is_(False))
                                 ).scalars().all()
        if not erased:
            return
        touched = set(row_ids)
        for erasure in erased:
            if erasure.target_id in touched:
                retention.apply_received(session, erasure)

    reapply.__name__ = f"reapply_erasures_{table}"
    return reapply


def _register_erasure_hooks() -> None:
    from ydp_tui.db.models import synced_tables

    register_after_apply("erasure", _apply_new_erasures)
    for name, model in synced_tables().items():
        if model.__personal__:
            register_after_apply(name, _reapply_erasures(name))


_register_erasure_hooks()
