"""구인업체 services: register, find, edit, and "job아라" visits (찾아가는 구인기업 발굴).

The only code that writes employers and visits.  A 사업자등록번호 is registered once (its check
digit verified); a second registration of the same number is refused and names the first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui.db import audit
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused
from ydp_tui.db.jobs_base import (Page, changed_labels, check_version, fields_of, load, name_clause, page,
                                  validate)
from ydp_tui.db.models import Employer, EmployerVisit, Vacancy
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.validation import phone_digits

ENTITY = "employer"


@dataclass(frozen=True)
class EmployerRow:
    id: str
    brn: str
    name: str
    dong: str
    industry: str
    social: bool
    registered_on: dt.date
    open_vacancies: int


class DuplicateEmployer(Refused):
    def __init__(self, existing: Employer) -> None:
        self.existing_id = existing.id
        super().__init__(f"사업자등록번호 {existing.brn}은(는) 이미 등록된 구인업체입니다: {existing.name} "
                         f"(등록일 {existing.registered_on})")


def parse(raw: Mapping[str, object], *, by: str = "key", form: bool = True) -> dict[str, Any]:
    values = validate(rules.EMPLOYER_FORM if form else rules.EMPLOYER_FIELDS, raw, rules.check_employer, by=by)
    values["social"] = bool(values.get("social"))
    return values


def to_fields(e: Employer) -> dict[str, str]:
    return fields_of(rules.EMPLOYER_FORM, e)


def find_by_brn(session: Session, brn: str) -> Employer | None:
    digits = phone_digits(brn)
    return session.execute(select(Employer).where(Employer.brn_digits == digits, Employer.deleted.is_(False))
                           .order_by(Employer.created_at)).scalars().first()


def register(db: Database, raw: Mapping[str, object]) -> Employer:
    values = parse(raw)
    with db.write() as session:
        existing = find_by_brn(session, values["brn"])
        if existing is not None:
            raise DuplicateEmployer(existing)
        employer = Employer(**values)
        session.add(employer)
        session.flush()
        audit.record(session, "create", ENTITY, row_id=employer.id, subject=employer.brn, detail="구인업체 등록")
        return employer


def update(db: Database, employer_id: str, raw: Mapping[str, object], *, expected_version: int) -> Employer:
    values = parse(raw)
    with db.write() as session:
        employer = load(session, Employer, employer_id, "구인업체")
        check_version(employer, expected_version, f"구인업체 {employer.name}")
        if values["brn"] != employer.brn:
            other = find_by_brn(session, values["brn"])
            if other is not None and other.id != employer.id:
                raise DuplicateEmployer(other)
        changed = changed_labels(rules.EMPLOYER_FORM, employer, values)
        if not changed:
            return employer
        for key, value in values.items():
            setattr(employer, key, value)
        session.flush()
        audit.record(session, "update", ENTITY, row_id=employer.id, subject=employer.brn,
                     detail="수정: " + ", ".join(changed))
        return employer


def get(db: Database, employer_id: str) -> Employer:
    with db.session() as session:
        return load(session, Employer, employer_id, "구인업체")


def get_by_brn(db: Database, brn: str) -> Employer:
    with db.session() as session:
        found = find_by_brn(session, brn)
    if found is None:
        raise NotFound(f"사업자등록번호 {brn}인 구인업체가 없습니다 (먼저 구인업체를 등록하세요)")
    return found


def _row(r: Any) -> EmployerRow:
    return EmployerRow(r.id, r.brn, r.name, r.dong or "", r.industry or "", r.social, r.registered_on,
                       int(r.open_vacancies or 0))


def search(db: Database, query: str = "", *, limit: int = 200, offset: int = 0) -> Page[EmployerRow]:
    """Employers whose name (or its 초성) contains ``query`` or whose 사업자등록번호 starts with its
    digits, in 가나다 order; an empty query lists the most recently registered first."""
    query = query.strip()
    open_count = (select(func.count()).where(Vacancy.employer_id == Employer.id, Vacancy.deleted.is_(False),
                                             Vacancy.status == rules.OPEN)
                  .correlate(Employer).scalar_subquery().label("open_vacancies"))
    with db.session() as session:
        cond = [Employer.deleted.is_(False)]
        if query:
            digits = phone_digits(query)
            if digits and len(digits) == len(query.replace("-", "").replace(" ", "")):
                cond.append(Employer.brn_digits.startswith(digits))
            else:
                cond.append(name_clause(Employer.name_key, session, query))
        stmt = select(Employer.id, Employer.brn, Employer.name, Employer.dong, Employer.industry, Employer.social,
                      Employer.registered_on, open_count).where(*cond)
        order = ((Employer.name_key, Employer.id) if query else
                 (Employer.registered_on.desc(), Employer.created_at.desc()))
        return page(session, stmt.order_by(*order), select(Employer.id).where(*cond), _row,
                    limit=limit, offset=offset)


def count(db: Database) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(Employer)
                               .where(Employer.deleted.is_(False))).scalar_one()


# --- job아라 visits ---------------------------------------------------------------------------


def add_visit(db: Database, employer_id: str, raw: Mapping[str, object]) -> EmployerVisit:
    values = validate(rules.VISIT_FIELDS, {"visitor": db.operator, **raw})
    with db.write() as session:
        employer = load(session, Employer, employer_id, "구인업체")
        visit = EmployerVisit(employer_id=employer.id, note=values.pop("note") or "", **values)
        session.add(visit)
        session.flush()
        audit.record(session, "create", "employer_visit", row_id=visit.id, subject=employer.brn,
                     detail=f"job아라 방문 {visit.visited_on} ({visit.outcome})")
        return visit


def visits(db: Database, employer_id: str) -> list[EmployerVisit]:
    with db.session() as session:
        return list(session.execute(select(EmployerVisit).where(
            EmployerVisit.employer_id == employer_id, EmployerVisit.deleted.is_(False))
            .order_by(EmployerVisit.visited_on.desc(), EmployerVisit.created_at.desc())).scalars())


def visit_figures(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """job아라 in a period: visits, employers visited, and visits by outcome."""
    with db.session() as session:
        rows = session.execute(select(EmployerVisit.employer_id, EmployerVisit.outcome).where(
            EmployerVisit.deleted.is_(False), EmployerVisit.visited_on.between(date_from, date_to))).all()
    outcomes = {o: 0 for o in rules.codes("visit_outcome")}
    for _, outcome in rows:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {"visits": len(rows), "employers": len({r[0] for r in rows}), "by_outcome": outcomes}
