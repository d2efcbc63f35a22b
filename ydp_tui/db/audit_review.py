"""The monthly access-log review (접속기록 점검): filter by operator, date, person and flags.

Reading the log is itself written to the log.  Only 감독자/관리자 review it (``review_audit``);
removing entries past their retention is a 관리자's (``prune_audit``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, and_, cast, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, policy, roles
from ydp_tui.db.models import AuditEntry, synced_tables
from ydp_tui.rules import audit_review as rules
from ydp_tui.rules import retention as retention_rules

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

COUNT_CAP = 10_000
OTHER_LABELS = {"database": "데이터베이스", "audit_log": "접속기록", "retention": "보관기간"}


@dataclass(frozen=True)
class Filter:
    operator: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    person: str = ""           # a record number (구직번호 …) or a person's name
    flagged_only: bool = False
    action: str = ""           # one of audit.ACTIONS, or "" for all

    def describe(self) -> str:
        parts = []
        if self.operator:
            parts.append(f"담당자 {self.operator}")
        if self.date_from or self.date_to:
            parts.append(f"기간 {self.date_from or ''}~{self.date_to or ''}")
        if self.person:
            parts.append("대상 지정")  # never the person's name in the log itself
        if self.action:
            parts.append(f"작업 {audit.ACTIONS.get(self.action, self.action)}")
        if self.flagged_only:
            parts.append("주의 항목만")
        return ", ".join(parts) or "전체"


@dataclass(frozen=True)
class Row:
    seq: int
    at: dt.datetime
    operator: str
    machine: str
    action: str
    entity: str
    subject: str
    detail: str
    count: int | None
    flags: list[str]

    @property
    def action_label(self) -> str:
        return audit.ACTIONS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at.isoformat(), "operator": self.operator, "machine": self.machine,
                "action": self.action, "entity": self.entity, "subject": self.subject, "detail": self.detail,
                "count": self.count, "flags": self.flags}


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    offset: int
    capped: bool = False
    views_by_operator: list[tuple[str, int]] = field(default_factory=list)


def entity_label(entity: str) -> str:
    model = synced_tables().get(entity)
    return model.__label__ if model is not None else OTHER_LABELS.get(entity, entity)


def review_policy(session: Session) -> rules.ReviewPolicy:
    values = policy.values(session, "audit_review", 0)
    base = rules.ReviewPolicy()
    return rules.ReviewPolicy(int(values.get("bulk_rows", base.bulk_rows)),
                              int(values.get("work_start_hour", base.work_start_hour)),
                              int(values.get("work_end_hour", base.work_end_hour)))


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SEOUL).astimezone(dt.UTC)


def _local_hour(session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("hour", func.timezone("Asia/Seoul", AuditEntry.at)), Integer)
    return cast(func.strftime("%H", AuditEntry.at, "+9 hours"), Integer)


def person_targets(session: Session, person: str) -> tuple[list[str], str]:
    """Row ids of records of the person called ``person`` (every table with a ``name``), and the
    text itself as a record number."""
    text = person.strip()
    ids: list[str] = []
    for model in synced_tables().values():
        if "name" in model.__personal__ and "name" in model.__table__.c:
            ids += list(session.execute(select(model.__table__.c.id).where(model.__table__.c.name == text))
                        .scalars())
    return ids, text


def _conditions(session: Session, flt: Filter, pol: rules.ReviewPolicy) -> list[Any]:
    conds: list[Any] = []
    if flt.operator:
        conds.append(AuditEntry.operator == flt.operator.strip())
    if flt.date_from:
        conds.append(AuditEntry.at >= _local_midnight(flt.date_from))
    if flt.date_to:
        conds.append(AuditEntry.at < _local_midnight(flt.date_to + dt.timedelta(days=1)))
    if flt.action:
        conds.append(AuditEntry.action == flt.action)
    if flt.person.strip():
        ids, number = person_targets(session, flt.person)
        target = AuditEntry.subject == number
        if ids:
            target = or_(target, AuditEntry.row_id.in_(ids))
        conds.append(target)
    if flt.flagged_only:
        hour = _local_hour(session)
        conds.append(or_(
            and_(AuditEntry.action.in_(rules.BULK_ACTIONS), AuditEntry.count >= pol.bulk_rows),
            hour < pol.work_start_hour, hour >= pol.work_end_hour,
            and_(AuditEntry.entity == "operator", AuditEntry.action != "login"),
            and_(AuditEntry.action == "login", or_(*[AuditEntry.detail.like(f"{p}%") for p in rules.SIGNIN_FAILURES])),
            and_(AuditEntry.action.in_(rules.ADMIN_ACTIONS), not_(AuditEntry.detail.like("자동%"))),
            and_(AuditEntry.entity == "audit_log", AuditEntry.action == "delete"),
        ))
    return conds or [literal(True)]


def _row(e: Any, pol: rules.ReviewPolicy) -> Row:
    hour = clock.local(e.at).hour
    return Row(e.seq, e.at, e.operator, e.machine, e.action, e.entity, e.subject or "", e.detail, e.count,
               rules.flags(action=e.action, entity=e.entity, count=e.count, local_hour=hour, detail=e.detail,
                           policy=pol))


def review(db: Database, flt: Filter | None = None, *, limit: int = 200, offset: int = 0,
           log: bool = True) -> Page:
    """One page of the access log, newest first, with each entry's flags."""
    roles.require(db, "review_audit")
    flt = flt or Filter()
    with db.session() as session:
        pol = review_policy(session)
        conds = _conditions(session, flt, pol)
        stmt = (select(AuditEntry.seq, AuditEntry.at, AuditEntry.operator, AuditEntry.machine, AuditEntry.action,
                       AuditEntry.entity, AuditEntry.subject, AuditEntry.detail, AuditEntry.count)
                .where(*conds).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset))
        rows = [_row(e, pol) for e in session.execute(stmt)]
        inner = select(AuditEntry.seq).where(*conds).limit(COUNT_CAP + 1).subquery()
        total = session.execute(select(func.count()).select_from(inner)).scalar_one()
        views: list[tuple[str, int]] = []
        if offset == 0:
            views = [(o, n) for o, n in session.execute(
                select(AuditEntry.operator, func.count()).where(*conds, AuditEntry.action == "view")
                .group_by(AuditEntry.operator).order_by(func.count().desc()).limit(5))]
    if log and offset == 0:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", "audit_log", detail=f"접속기록 점검: {flt.describe()}")
    return Page(rows, min(total, COUNT_CAP), offset, capped=total > COUNT_CAP, views_by_operator=views)


def verify(db: Database) -> audit.Verification:
    roles.require(db, "review_audit")
    with db.session() as session:
        return audit.check(session)


def prune(db: Database) -> tuple[int, dt.date]:
    """Remove entries older than the access log's retention (never under two years)."""
    roles.require(db, "prune_audit")
    with db.write() as session:
        years = policy.values(session, "retention", 0).get("audit_log")
        cutoff = retention_rules.audit_cutoff(clock.today(), years)
        removed = audit.prune(session, _local_midnight(cutoff))
        audit.record(session, "delete", "audit_log", count=removed,
                     detail=f"보관기간({retention_rules.audit_years(years)}년) 지난 접속기록 {removed}건 정리 "
                            f"({cutoff} 이전)")
    return removed, cutoff
