"""Retention (보관기간) and erasure (파기) of personal data.

Each kind of record with personal data has a retention period (policy data) counted from its
last activity.  Records past it are listed for a supervisor (``erase`` permission), who
confirms; erasure empties the record's ``__personal__`` columns (and those of its child
records), removes those values from the sync history, writes an :class:`Erasure` row (which
syncs, so other machines erase too) and an access-log entry, all in one transaction.  The
record itself stays, without personal data, so counts and reports still add up.

After an erasure SQLite's WAL is checkpointed and truncated and freed space is zeroed
(``secure_delete``), so the erased values are gone from the database file too.  Backups made
before stay until they rotate out (``backup.keep_days``).

Other machines: when the sync import applies a bundle that contains ``erasure`` rows, it calls
:func:`apply_received` for each, which empties those fields of that row and scrubs the local
history the same way.

A new kind of record with personal data adds a :class:`Kind` to ``KINDS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, not_, or_, select, update
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, policy, roles
from ydp_tui.db.errors import NotFound, Refused, ValidationFailed
from ydp_tui.db.models import (Attendance, CounselNote, Erasure, ProgramParticipant, PwApplication, PwSelectionLog,
                               Seeker, SubsidyApplication, SubsidyReview, SyncOp, Synced)
from ydp_tui.rules import retention as rules
from ydp_tui.rules.validation import Invalid, clean_text

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

DEFAULT_REASON = "보관기간 경과"


@dataclass(frozen=True)
class Kind:
    """A kind of record that holds personal data and how long it is kept."""

    key: str                                  # the table name
    label: str
    model: type[Synced]
    number: str                               # the column people know the record by
    years: tuple[str, int, str]               # (policy kind, year, key) of the retention in years
    dates: tuple[str, ...]                    # date columns that count as activity (besides updated_at)
    children: tuple[tuple[type[Synced], str], ...] = field(default_factory=tuple)  # (model, foreign key)
    only: Callable[[Any], Any] | None = None  # which rows hold personal data of their own (table -> condition)


def _walk_ins(table: Any) -> Any:
    return table.c.seeker_id.is_(None)   # a seeker's participation holds no personal data: the seeker's does


KINDS: list[Kind] = [
    Kind("seeker", "구직자", Seeker, "seeker_no", ("consent", 0, "retention_years"), ("registered_on",),
         ((CounselNote, "seeker_id"),)),
    Kind("subsidy_application", "응시료 지원 신청", SubsidyApplication, "application_no",
         ("retention", 0, "subsidy_application"), ("applied_on",), ((SubsidyReview, "application_id"),)),
    Kind("pw_application", "공공일자리 참여 신청", PwApplication, "application_no",
         ("retention", 0, "pw_application"), ("applied_on", "gave_up_on"), ((PwSelectionLog, "application_id"),)),
    # walk-ins of the programs: known by no number of their own, so by the record's id
    Kind("program_participant", "프로그램 참여자(비회원)", ProgramParticipant, "id", ("programs", 0, "retention_years"),
         ("enrolled_on", "consent_date"), ((Attendance, "participant_id"),), only=_walk_ins),
]


def kind(key: str) -> Kind:
    for k in KINDS:
        if k.key == key:
            return k
    raise NotFound(f"'{key}'은(는) 파기할 수 있는 기록 종류가 아닙니다 ({', '.join(k.key for k in KINDS)})")


def years_of(session: Session, k: Kind) -> int:
    pkind, year, key = k.years
    value = policy.values(session, pkind, year).get(key)
    if value is None:
        raise NotFound(f"{k.label}의 보관기간 정책 값({pkind} {key})이 없습니다 (ydp-tui policy set으로 추가하세요)")
    return int(value)


# --- what is due --------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SEOUL).astimezone(dt.UTC)


def _not_erased(k: Kind) -> Any:
    table = k.model.__table__
    return not_(exists().where(Erasure.tbl == k.key, Erasure.target_id == table.c.id, Erasure.deleted.is_(False)))


def _due_condition(k: Kind, cutoff: dt.date) -> Any:
    """Last activity on or before ``cutoff``: every activity date and change is that old."""
    table = k.model.__table__
    after = _day_start(cutoff + dt.timedelta(days=1))
    conds = [table.c.updated_at < after, _not_erased(k)]
    if k.only is not None:
        conds.append(k.only(table))
    for col in k.dates:
        conds.append(or_(table.c[col].is_(None), table.c[col] <= cutoff))
    for child, fk in k.children:
        ct = child.__table__
        conds.append(not_(exists().where(ct.c[fk] == table.c.id, ct.c.updated_at >= after)))
    return and_(*conds)


@dataclass(frozen=True)
class DueRow:
    kind: str
    id: str
    number: str
    name: str          # masked
    last_activity: dt.date
    expires_on: dt.date
    deleted: bool


@dataclass(frozen=True)
class DuePage:
    kind: str
    label: str
    years: int
    rows: list[DueRow]
    total: int
    offset: int


@dataclass(frozen=True)
class Summary:
    kind: str
    label: str
    years: int
    due: int


def summary(db: Database) -> list[Summary]:
    """How many records of each kind are past their retention today."""
    roles.require(db, "erase")
    out = []
    today = clock.today()
    with db.session() as session:
        for k in KINDS:
            years = years_of(session, k)
            cutoff = rules.add_years(today, -years)
            n = session.execute(select(func.count()).select_from(k.model.__table__)
                                .where(_due_condition(k, cutoff))).scalar_one()
            out.append(Summary(k.key, k.label, years, n))
    return out


def _last_activity(session: Session, k: Kind, rows: list[Any]) -> dict[str, dt.date]:
    last: dict[str, dt.date] = {}
    for r in rows:
        days = [clock.local(r.updated_at).date(), *(getattr(r, c) for c in k.dates if getattr(r, c) is not None)]
        last[r.id] = max(days)
    ids = list(last)
    for child, fk in k.children:
        ct = child.__table__
        for parent, newest in session.execute(select(ct.c[fk], func.max(ct.c.updated_at))
                                              .where(ct.c[fk].in_(ids)).group_by(ct.c[fk])):
            if newest is not None:
                newest_day = clock.local(newest if newest.tzinfo else newest.replace(tzinfo=dt.UTC)).date()
                last[parent] = max(last[parent], newest_day)
    return last


def due(db: Database, kind_key: str, *, limit: int = 200, offset: int = 0, log: bool = True) -> DuePage:
    """Records of one kind past their retention, oldest activity first (names masked)."""
    roles.require(db, "erase")
    k = kind(kind_key)
    table = k.model.__table__
    today = clock.today()
    with db.session() as session:
        years = years_of(session, k)
        cutoff = rules.add_years(today, -years)
        cond = _due_condition(k, cutoff)
        cols = [table.c.id, table.c[k.number], table.c.name, table.c.updated_at, table.c.deleted,
                *(table.c[c] for c in k.dates)]
        rows = session.execute(select(*cols).where(cond).order_by(table.c.updated_at, table.c[k.number])
                               .limit(limit).offset(offset)).all()
        total = session.execute(select(func.count()).select_from(table).where(cond)).scalar_one()
        last = _last_activity(session, k, rows)
    out = [DueRow(k.key, r.id, getattr(r, k.number), rules.mask_name(r.name), last[r.id],
                  rules.expires_on(last[r.id], years), r.deleted) for r in rows]
    if log and offset == 0 and out:
        with db.write(audit_only=True) as session:
            audit.record(session, "search", k.key, count=total,
                         detail=f"보관기간 지난 {k.label} 목록: {total}건")
    return DuePage(k.key, k.label, years, out, total, offset)


# --- erasing ------------------------------------------------------------------------------------


def _blank(model: type[Synced], column: str) -> Any:
    col = model.__table__.c[column]
    if col.nullable:
        return None
    kind = col.type.python_type
    if kind is bool:
        return False
    return 0 if kind in (int, float) else ""


def personal_columns(model: type[Synced]) -> list[str]:
    return [c for c in model.__personal__ if c in model.__table__.c]


def scrub_history(session: Session, table: str, row_id: str, fields: list[str] | tuple[str, ...]) -> int:
    """Remove the values of ``fields`` of one row from the sync history (``sync_op.value``).

    The ops stay (their clocks keep merges converging); only the values go.  Returns how many
    ops held a value.  Called by :func:`erase` here and, for erasures received in a bundle,
    through :func:`apply_received`.
    """
    if not fields:
        return 0
    from ydp_tui.sync.conflicts import scrub_conflicts

    result = session.connection().execute(
        update(SyncOp).where(SyncOp.tbl == table, SyncOp.row_id == row_id, SyncOp.field.in_(list(fields)),
                             SyncOp.value.is_not(None)).values(value=None))
    scrub_conflicts(session, table, row_id, fields)  # the losing values a supervisor had not resolved
    return result.rowcount or 0


def apply_received(session: Session, erasure: Erasure | Any) -> None:
    """An erasure that arrived from another machine: empty the same fields of the same row here
    (without new change capture) and scrub the local history of them."""
    from ydp_tui.db.models import synced_tables

    model = synced_tables().get(erasure.tbl)
    fields = [f for f in (erasure.fields or "").split(";") if f]
    if model is None or not fields:
        return
    fields = [f for f in fields if f in model.__table__.c]
    table = model.__table__
    values = {f: _blank(model, f) for f in fields}
    values.update({k: v for k, v in model.derive(values).items() if k in table.c})
    session.connection().execute(update(table).where(table.c.id == erasure.target_id).values(**values))
    scrub_history(session, erasure.tbl, erasure.target_id, fields)


@dataclass(frozen=True)
class ErasureResult:
    erased: int
    numbers: list[str]
    history_scrubbed: int


def _reason(reason: str | None, *, before_due: bool) -> str:
    try:
        text = clean_text(reason or "", max_length=200)
    except Invalid as exc:
        raise ValidationFailed({"사유": str(exc)}) from None
    if before_due and (not text or text == DEFAULT_REASON):
        raise ValidationFailed({"사유": "보관기간 전에 파기하려면 사유를 적으세요 (예: 정보주체의 삭제 요구)"})
    return text or DEFAULT_REASON


def _erase_row(session: Session, model: type[Synced], obj: Synced, reason: str, now: dt.datetime,
               subject: str) -> list[str]:
    fields = personal_columns(model)
    for col in fields:
        setattr(obj, col, _blank(model, col))
    session.add(Erasure(tbl=model.__tablename__, target_id=obj.id, fields=";".join(fields), reason=reason,
                        erased_at=now, subject=subject))
    return fields


def erase(db: Database, kind_key: str, ids: list[str], *, reason: str | None = None,
          before_due: bool = False) -> ErasureResult:
    """Erase the personal data of these records (one transaction).

    Only records past their retention, unless ``before_due`` (then a reason is required: a
    person's request to delete, §36).  Already erased records are refused by number.
    """
    roles.require(db, "erase")
    k = kind(kind_key)
    text = _reason(reason, before_due=before_due)
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise Refused("파기할 기록을 고르세요")
    now = clock.now()
    numbers: list[str] = []
    scrubbed = 0
    with db.write() as session:
        cutoff = rules.add_years(clock.today(), -years_of(session, k))
        table = k.model.__table__
        found = {r.id: r for r in session.execute(
            select(table.c.id, table.c[k.number].label("number"), _due_condition(k, cutoff).label("due"),
                   _not_erased(k).label("live")).where(table.c.id.in_(ids)))}
        problems = []
        for i in ids:
            r = found.get(i)
            if r is None:
                problems.append(f"{i}: 없는 {k.label} 기록입니다")
            elif not r.live:
                problems.append(f"{r.number}: 이미 파기했습니다")
            elif not r.due and not before_due:
                problems.append(f"{r.number}: 보관기간이 아직 남았습니다")
        if problems:
            raise Refused("파기하지 않았습니다: " + "; ".join(problems[:5]) +
                          (f" 외 {len(problems) - 5}건" if len(problems) > 5 else ""))
        pending: list[tuple[str, str, list[str]]] = []
        for i in ids:
            obj = session.get(k.model, i)
            number = getattr(obj, k.number)
            fields = _erase_row(session, k.model, obj, text, now, number)
            pending.append((k.key, obj.id, fields))
            numbers.append(number)
            for child, fk in k.children:
                if not personal_columns(child):   # e.g. attendance: counts as activity, holds nothing personal
                    continue
                for c in session.execute(select(child).where(child.__table__.c[fk] == obj.id)).scalars():
                    pending.append((child.__tablename__, c.id, _erase_row(session, child, c, text, now, number)))
            session.flush()
            audit.record(session, "erase", k.key, row_id=obj.id, subject=number,
                         detail=f"{text}: {', '.join(_labels(fields))}" + (" (보관기간 전)" if before_due else ""))
        for tbl, row_id, fields in pending:
            scrubbed += scrub_history(session, tbl, row_id, fields)
    purge_freed_space(db)
    return ErasureResult(len(ids), numbers, scrubbed)


def _labels(fields: list[str]) -> list[str]:
    from ydp_tui.rules import seeker as seeker_rules

    names = {s.key: s.label for s in seeker_rules.SEEKER_FIELDS}
    names.update({"bank": "은행", "account_no": "계좌번호", "holder": "예금주", "text": "상담 내용"})
    return [names.get(f, f) for f in fields]


def purge_freed_space(db: Database) -> None:
    """Make erased values unrecoverable from the database files, as far as the backend allows.

    SQLite: ``secure_delete`` zeroes freed space as rows change; the WAL is checkpointed into the
    file and truncated.  PostgreSQL: ``VACUUM`` of the tables that held them (the server's
    own WAL and backups follow its retention).
    """
    if db.is_sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    tables = {k.model.__tablename__ for k in KINDS} | {c.__tablename__ for k in KINDS for c, _ in k.children}
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for t in sorted(tables | {"sync_op"}):
            conn.exec_driver_sql(f'VACUUM "{t}"')
