"""상생기업: social-economy enterprises, their 재정지원 (인건비 지원: amount, people, period),
공공구매 records against the year's target (a policy value per year), and the teams of contest
programs (창업아이디어 경진대회).

Counting over a period [from, to], both ends included: 재정지원 by its 결정일 (enterprises
supported, people, amount); 공공구매 by its 구매일 (amount, and 달성률 = amount / the year's
target × 100, one decimal half up, none when there is no target).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui.db import audit, policy
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, ValidationFailed
from ydp_tui.db.models import ContestTeam, Enterprise, EnterpriseSupport, Program, PublicPurchase
from ydp_tui.db.programs import apply_changes, check_version, load_program, parse_fields
from ydp_tui.rules import programs as rules
from ydp_tui.rules.hangul import fold, name_matches
from ydp_tui.rules.validation import format_won, rate

# =============================================================================================
# Enterprises
# =============================================================================================


@dataclass(frozen=True)
class EnterpriseRow:
    id: str
    version: int
    name: str
    kind: str
    brn: str
    dong: str
    support_amount: int      # 재정지원, this year
    purchase_amount: int     # 공공구매, this year


def _load(session: Session, enterprise_id: str) -> Enterprise:
    row = session.get(Enterprise, enterprise_id)
    if row is None or row.deleted:
        raise NotFound("기업을 찾을 수 없습니다")
    return row


def _check_unique(session: Session, values: dict[str, Any], exclude: str | None = None) -> None:
    for other in session.execute(select(Enterprise).where(Enterprise.deleted.is_(False))).scalars():
        if other.id == exclude:
            continue
        if values.get("brn") and other.brn == values["brn"]:
            raise ValidationFailed({"사업자등록번호": f"{values['brn']}은(는) 이미 등록된 '{other.name}'의 번호입니다"})
        if fold(other.name) == fold(values["name"]) and not values.get("brn"):
            raise ValidationFailed({"기업명": f"'{other.name}'이(가) 이미 있습니다 (다른 기업이면 사업자등록번호를 입력하세요)"})


def add(db: Database, raw: Mapping[str, object]) -> Enterprise:
    values = parse_fields(rules.ENTERPRISE_FIELDS, raw)
    with db.write() as session:
        _check_unique(session, values)
        row = Enterprise(**values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "enterprise", row_id=row.id, subject=row.name, detail=f"상생기업 등록 ({row.kind})")
        return row


def update(db: Database, enterprise_id: str, raw: Mapping[str, object], *,
           expected_version: int | None = None) -> Enterprise:
    values = parse_fields(rules.ENTERPRISE_FIELDS, raw)
    with db.write() as session:
        row = _load(session, enterprise_id)
        check_version(row, expected_version, f"기업 {row.name}")
        _check_unique(session, values, exclude=row.id)
        changed = apply_changes(rules.ENTERPRISE_FIELDS, row, values)
        if changed:
            session.flush()
            audit.record(session, "update", "enterprise", row_id=row.id, subject=row.name,
                         detail="수정: " + ", ".join(changed))
        return row


def get(db: Database, enterprise_id: str) -> Enterprise:
    with db.session() as session:
        return _load(session, enterprise_id)


def find(db: Database, name: str) -> Enterprise:
    with db.session() as session:
        rows = [e for e in session.execute(select(Enterprise).where(Enterprise.deleted.is_(False))).scalars()
                if fold(e.name) == fold(name) or e.brn == name.strip()]
    if not rows:
        raise NotFound(f"'{name}' 기업이 없습니다")
    return rows[0]


def list_enterprises(db: Database, year: int, *, query: str = "") -> list[EnterpriseRow]:
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as session:
        support = dict(session.execute(
            select(EnterpriseSupport.enterprise_id, func.sum(EnterpriseSupport.amount)).where(
                EnterpriseSupport.deleted.is_(False), EnterpriseSupport.granted_on >= lo,
                EnterpriseSupport.granted_on <= hi).group_by(EnterpriseSupport.enterprise_id)).all())
        bought = dict(session.execute(
            select(PublicPurchase.enterprise_id, func.sum(PublicPurchase.amount)).where(
                PublicPurchase.deleted.is_(False), PublicPurchase.purchased_on >= lo,
                PublicPurchase.purchased_on <= hi).group_by(PublicPurchase.enterprise_id)).all())
        rows = list(session.execute(select(Enterprise).where(Enterprise.deleted.is_(False))
                                    .order_by(Enterprise.name)).scalars())
    q = query.strip()
    return [EnterpriseRow(e.id, e.version, e.name, e.kind, e.brn or "", e.dong or "", int(support.get(e.id) or 0),
                          int(bought.get(e.id) or 0))
            for e in rows if not q or name_matches(q, e.name) or q in (e.brn or "")]


# =============================================================================================
# 재정지원 and 공공구매
# =============================================================================================


def add_support(db: Database, enterprise_id: str, raw: Mapping[str, object]) -> EnterpriseSupport:
    values = parse_fields(rules.SUPPORT_FIELDS, raw, rules.check_support)
    with db.write() as session:
        ent = _load(session, enterprise_id)
        row = EnterpriseSupport(enterprise_id=ent.id, **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "enterprise_support", row_id=row.id, subject=ent.name,
                     detail=f"재정지원 {row.kind} {format_won(row.amount)} ({row.people}명)")
        return row


def add_purchase(db: Database, enterprise_id: str, raw: Mapping[str, object]) -> PublicPurchase:
    values = parse_fields(rules.PURCHASE_FIELDS, raw)
    with db.write() as session:
        ent = _load(session, enterprise_id)
        row = PublicPurchase(enterprise_id=ent.id, **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "public_purchase", row_id=row.id, subject=ent.name,
                     detail=f"공공구매 {row.buyer} {format_won(row.amount)}")
        return row


def _mark_deleted(db: Database, model: Any, row_id: str, what: str) -> None:
    with db.write() as session:
        row = session.get(model, row_id)
        if row is None or row.deleted:
            raise NotFound(f"{what}을(를) 찾을 수 없습니다")
        row.deleted = True
        session.flush()
        audit.record(session, "delete", model.__tablename__, row_id=row.id, subject=row.enterprise_id,
                     detail=f"{what} 삭제 ({format_won(row.amount)})")


def delete_support(db: Database, support_id: str) -> None:
    _mark_deleted(db, EnterpriseSupport, support_id, "재정지원")


def delete_purchase(db: Database, purchase_id: str) -> None:
    _mark_deleted(db, PublicPurchase, purchase_id, "공공구매")


@dataclass(frozen=True)
class Record:
    """A support or purchase line of an enterprise's page."""

    id: str
    on: dt.date
    kind: str                # 재정지원: its kind; 공공구매: the buyer
    detail: str
    amount: int


def supports(db: Database, enterprise_id: str) -> list[Record]:
    with db.session() as session:
        rows = session.execute(select(EnterpriseSupport).where(
            EnterpriseSupport.enterprise_id == enterprise_id, EnterpriseSupport.deleted.is_(False))
            .order_by(EnterpriseSupport.granted_on.desc())).scalars()
        return [Record(r.id, r.granted_on, r.kind, " ".join(x for x in (f"{r.people}명" if r.people else "", _period(r)) if x),
                       r.amount)
                for r in rows]


def _period(r: EnterpriseSupport) -> str:
    if r.period_start and r.period_end:
        return f"{r.period_start}~{r.period_end}"
    return ""


def purchases(db: Database, enterprise_id: str) -> list[Record]:
    with db.session() as session:
        rows = session.execute(select(PublicPurchase).where(
            PublicPurchase.enterprise_id == enterprise_id, PublicPurchase.deleted.is_(False))
            .order_by(PublicPurchase.purchased_on.desc())).scalars()
        return [Record(r.id, r.purchased_on, r.buyer, r.item, r.amount) for r in rows]


def purchase_target(db: Database, year: int) -> int | None:
    with db.session() as session:
        value = policy.values(session, "public_purchase", year).get("target")
    return int(value) if value is not None else None


@dataclass(frozen=True)
class SupportFigures:
    enterprises: int
    people: int
    amount: int
    records: int


@dataclass(frozen=True)
class PurchaseFigures:
    year: int
    records: int
    enterprises: int
    amount: int
    target: int | None
    achievement_rate: float | None


def support_figures(db: Database, date_from: dt.date, date_to: dt.date) -> SupportFigures:
    with db.session() as session:
        rows = session.connection().execute(select(
            EnterpriseSupport.enterprise_id, EnterpriseSupport.people, EnterpriseSupport.amount).where(
            EnterpriseSupport.deleted.is_(False), EnterpriseSupport.granted_on >= date_from,
            EnterpriseSupport.granted_on <= date_to)).all()
    return SupportFigures(len({r[0] for r in rows}), sum(r[1] for r in rows), sum(int(r[2]) for r in rows), len(rows))


def purchase_figures(db: Database, date_from: dt.date, date_to: dt.date) -> list[PurchaseFigures]:
    """One line per year the period touches that has purchases (the target is per year)."""
    with db.session() as session:
        rows = session.connection().execute(select(
            PublicPurchase.enterprise_id, PublicPurchase.purchased_on, PublicPurchase.amount).where(
            PublicPurchase.deleted.is_(False), PublicPurchase.purchased_on >= date_from,
            PublicPurchase.purchased_on <= date_to)).all()
        targets = {y: policy.values(session, "public_purchase", y).get("target")
                   for y in range(date_from.year, date_to.year + 1)}
    out = []
    for year in range(date_from.year, date_to.year + 1):
        mine = [r for r in rows if r[1].year == year]
        if not mine:
            continue
        amount = sum(int(r[2]) for r in mine)
        target = int(targets[year]) if targets.get(year) is not None else None
        out.append(PurchaseFigures(year, len(mine), len({r[0] for r in mine}), amount, target,
                                   rate(amount, target) if target else None))
    return out


# =============================================================================================
# Contest teams (창업아이디어 경진대회)
# =============================================================================================


@dataclass(frozen=True)
class TeamRow:
    id: str
    version: int
    team_name: str
    leader: str
    members: int
    idea: str
    applied_on: dt.date
    status: str
    decided_on: dt.date | None


def contests(db: Database, year: int) -> list[Program]:
    with db.session() as session:
        return list(session.execute(select(Program).where(Program.year == year, Program.kind == "경진대회",
                                                          Program.deleted.is_(False)).order_by(Program.name)).scalars())


def teams(db: Database, program_id: str) -> list[TeamRow]:
    with db.session() as session:
        rows = session.execute(select(ContestTeam).where(ContestTeam.program_id == program_id,
                                                         ContestTeam.deleted.is_(False))
                               .order_by(ContestTeam.applied_on, ContestTeam.team_name)).scalars()
        return [TeamRow(t.id, t.version, t.team_name, t.leader or "", t.members, t.idea, t.applied_on, t.status,
                        t.decided_on) for t in rows]


def add_team(db: Database, program_id: str, raw: Mapping[str, object]) -> ContestTeam:
    values = parse_fields(rules.TEAM_FIELDS, raw, rules.check_team)
    with db.write() as session:
        program = load_program(session, program_id)
        if program.kind != "경진대회":
            raise ValidationFailed({"프로그램": f"'{program.name}'은(는) 경진대회가 아닙니다"})
        same = session.execute(select(ContestTeam.id).where(
            ContestTeam.program_id == program.id, ContestTeam.team_name == values["team_name"],
            ContestTeam.deleted.is_(False))).first()
        if same:
            raise ValidationFailed({"팀명": f"'{values['team_name']}' 팀이 이미 있습니다"})
        row = ContestTeam(program_id=program.id, **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "contest_team", row_id=row.id, subject=program.name,
                     detail=f"팀 등록: {row.team_name} ({row.status})")
        return row


def decide_team(db: Database, team_id: str, status: str, *, decided_on: object = None,
                expected_version: int | None = None) -> ContestTeam:
    """신청 -> 선발 | 탈락 (or back to 신청), on a day (default today)."""
    from ydp_tui import clock

    with db.write() as session:
        row = session.get(ContestTeam, team_id)
        if row is None or row.deleted:
            raise NotFound("팀을 찾을 수 없습니다")
        check_version(row, expected_version, f"팀 {row.team_name}")
        raw = {**{s.key: s.format(getattr(row, s.key)) for s in rules.TEAM_FIELDS}, "status": status,
               "decided_on": "" if status == "신청" else (decided_on or clock.today().isoformat())}
        values = parse_fields(rules.TEAM_FIELDS, raw, rules.check_team)
        old = row.status
        row.status, row.decided_on = values["status"], values["decided_on"]
        session.flush()
        audit.record(session, "update", "contest_team", row_id=row.id, subject=row.team_name,
                     detail=f"상태: {old} -> {row.status}")
        return row
