"""구인 services: register a vacancy for an employer, edit it, close it, find it, and the
figures the reports count (구인업체, 구인인원 by 등록일).

A vacancy's filled headcount is the number of its referrals in status 채용 (counted, never
stored).  A hire that reaches the headcount sets 충원 (``referrals.hire``); a cancelled hire
that goes below it sets 모집중 again.  Only open vacancies take part in matching: status 모집중,
deadline not passed, headcount not filled (:func:`is_open`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, policy
from ydp_tui.db.employers import find_by_brn
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, ValidationFailed
from ydp_tui.db.jobs_base import (Page, changed_labels, check_version, fields_of, joined, load, name_clause, page,
                                  parse_context)
from ydp_tui.db.models import Employer, Referral, Vacancy
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.fields import ParseContext, parse_record

ENTITY = "vacancy"
FILTERS = ("전체", "매칭 가능", rules.OPEN, rules.CLOSED, rules.FILLED)


def is_open(status: str, deadline: dt.date | None, headcount: int, hired: int, today: dt.date) -> bool:
    """Takes part in matching: 모집중, deadline not passed, headcount not filled."""
    return status == rules.OPEN and (deadline is None or deadline >= today) and hired < headcount


def shown_status(status: str, deadline: dt.date | None, today: dt.date) -> str:
    """The status as lists show it: a 모집중 past its deadline says so."""
    if status == rules.OPEN and deadline is not None and deadline < today:
        return "기한지남"
    return status


def min_hourly(session: Session, year: int) -> int | None:
    return policy.values(session, "min_wage", year).get("hourly")


def parse(session: Session, raw: Mapping[str, object], *, by: str = "key", form: bool = True,
          ctx: ParseContext | None = None) -> tuple[dict[str, Any], Employer | None]:
    """Parse and check a vacancy; (values, its employer).  Raises ValidationFailed."""
    specs = rules.VACANCY_FORM if form else rules.VACANCY_FIELDS
    values, errors = parse_record(specs, raw, ctx or parse_context(), by=by)
    employer = None
    if not errors:
        errors.update(rules.check_vacancy(values, min_hourly=min_hourly(session, values["registered_on"].year)))
        employer = find_by_brn(session, values["brn"])
        if employer is None:
            errors["사업자등록번호"] = f"'{values['brn']}'인 구인업체가 없습니다 (먼저 구인업체를 등록하세요)"
    if errors:
        raise ValidationFailed(errors)
    values = joined(values)
    values.pop("brn")
    return values, employer


def to_fields(v: Vacancy, brn: str) -> dict[str, str]:
    return fields_of(rules.VACANCY_FORM, v, brn=brn, career=rules.format_career(v.career, v.career_months),
                     education=v.education or "무관")


def hired_counts(session: Session, vacancy_ids: Iterable[str]) -> dict[str, int]:
    ids = list(vacancy_ids)
    out: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out.update(session.execute(
            select(Referral.vacancy_id, func.count()).where(
                Referral.vacancy_id.in_(chunk), Referral.status == rules.HIRED, Referral.deleted.is_(False))
            .group_by(Referral.vacancy_id)).all())
    return out


def create(db: Database, raw: Mapping[str, object]) -> Vacancy:
    with db.write() as session:
        values, employer = parse(session, raw)
        assert employer is not None
        if values.get("vacancy_no"):
            if session.execute(select(Vacancy.id).where(Vacancy.vacancy_no == values["vacancy_no"])).first():
                raise ValidationFailed({"구인번호": f"'{values['vacancy_no']}'은(는) 이미 있는 구인번호입니다"})
        else:
            values["vacancy_no"] = next_number(session, "vacancy", values["registered_on"].year)
        if values["registered_on"] < employer.registered_on:
            raise ValidationFailed({"등록일": f"구인업체 등록일 {employer.registered_on}보다 앞섭니다"})
        vacancy = Vacancy(employer_id=employer.id, **values)
        session.add(vacancy)
        session.flush()
        audit.record(session, "create", ENTITY, row_id=vacancy.id, subject=vacancy.vacancy_no,
                     detail=f"구인 등록: {employer.name} {vacancy.title}")
        return vacancy


def update(db: Database, vacancy_id: str, raw: Mapping[str, object], *, expected_version: int) -> Vacancy:
    with db.write() as session:
        vacancy = load(session, Vacancy, vacancy_id, "구인")
        check_version(vacancy, expected_version, f"구인 {vacancy.vacancy_no}")
        values, employer = parse(session, raw)
        assert employer is not None
        values["vacancy_no"] = values.get("vacancy_no") or vacancy.vacancy_no
        if values["vacancy_no"] != vacancy.vacancy_no:
            raise ValidationFailed({"구인번호": "구인번호는 바꿀 수 없습니다"})
        hired = hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
        if values["headcount"] < hired:
            raise ValidationFailed({"구인인원": f"이미 채용한 {hired}명보다 적게 할 수 없습니다"})
        if values["status"] == rules.OPEN and hired >= values["headcount"]:
            values["status"] = rules.FILLED
        values["employer_id"] = employer.id
        changed = changed_labels(rules.VACANCY_FORM, vacancy, values)
        if not changed:
            return vacancy
        for key, value in values.items():
            setattr(vacancy, key, value)
        session.flush()
        audit.record(session, "update", ENTITY, row_id=vacancy.id, subject=vacancy.vacancy_no,
                     detail="수정: " + ", ".join(changed))
        return vacancy


def set_status(db: Database, vacancy_id: str, status: str, *, expected_version: int | None = None) -> Vacancy:
    if status not in rules.codes("vacancy_status"):
        raise ValidationFailed({"상태": f"'{status}'은(는) 구인 상태가 아닙니다 (모집중/마감/충원)"})
    with db.write() as session:
        vacancy = load(session, Vacancy, vacancy_id, "구인")
        check_version(vacancy, expected_version, f"구인 {vacancy.vacancy_no}")
        if status == rules.OPEN:
            hired = hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
            if hired >= vacancy.headcount:
                raise Refused(f"구인인원 {vacancy.headcount}명을 모두 채용해 모집중으로 되돌릴 수 없습니다 "
                              "(구인인원을 늘리세요)")
        if vacancy.status != status:
            old = vacancy.status
            vacancy.status = status
            session.flush()
            audit.record(session, "update", ENTITY, row_id=vacancy.id, subject=vacancy.vacancy_no,
                         detail=f"상태: {old} -> {status}")
        return vacancy


def settle_status(session: Session, vacancy: Vacancy) -> None:
    """After a hire or a cancelled hire: 충원 when the headcount is filled, 모집중 again below it."""
    hired = hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
    if vacancy.status == rules.OPEN and hired >= vacancy.headcount:
        vacancy.status = rules.FILLED
    elif vacancy.status == rules.FILLED and hired < vacancy.headcount:
        vacancy.status = rules.OPEN


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyRow:
    id: str
    vacancy_no: str
    title: str
    employer: str
    keco: str
    headcount: int
    hired: int
    deadline: dt.date | None
    status: str          # as shown (기한지남 for a 모집중 past its deadline)
    registered_on: dt.date
    dong: str


@dataclass(frozen=True)
class VacancyDetail:
    vacancy: Vacancy
    employer: Employer
    hired: int
    open: bool


def get(db: Database, vacancy_id: str) -> VacancyDetail:
    with db.session() as session:
        vacancy = load(session, Vacancy, vacancy_id, "구인")
        employer = session.get(Employer, vacancy.employer_id)
        assert employer is not None
        hired = hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
    return VacancyDetail(vacancy, employer, hired,
                         is_open(vacancy.status, vacancy.deadline, vacancy.headcount, hired, clock.today()))


def find_id(db: Database, vacancy_no: str) -> str:
    with db.session() as session:
        found = session.execute(select(Vacancy.id).where(Vacancy.vacancy_no == vacancy_no.strip(),
                                                         Vacancy.deleted.is_(False))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"구인번호 {vacancy_no}인 구인이 없습니다")
    return found


def _hired_subquery() -> Any:
    return (select(func.count()).where(Referral.vacancy_id == Vacancy.id, Referral.status == rules.HIRED,
                                       Referral.deleted.is_(False))
            .correlate(Vacancy).scalar_subquery())


def search(db: Database, query: str = "", *, view: str = "전체", employer_id: str | None = None,
           limit: int = 200, offset: int = 0) -> Page[VacancyRow]:
    """Vacancies by 구인번호, title or employer name (초성 too), newest first; ``view`` filters
    (``매칭 가능``: open for matching)."""
    query = query.strip()
    today = clock.today()
    hired = _hired_subquery()
    with db.session() as session:
        cond: list[Any] = [Vacancy.deleted.is_(False)]
        if employer_id:
            cond.append(Vacancy.employer_id == employer_id)
        if view in (rules.OPEN, rules.CLOSED, rules.FILLED):
            cond.append(Vacancy.status == view)
        elif view == "매칭 가능":
            cond.append(and_(Vacancy.status == rules.OPEN,
                             or_(Vacancy.deadline.is_(None), Vacancy.deadline >= today), hired < Vacancy.headcount))
        if query:
            cond.append(or_(Vacancy.vacancy_no.startswith(query.upper()), Vacancy.vacancy_no.startswith(query),
                            name_clause(Vacancy.title_key, session, query),
                            name_clause(Employer.name_key, session, query)))
        base = select(Vacancy.id).join(Employer, Employer.id == Vacancy.employer_id).where(*cond)
        stmt = (select(Vacancy.id, Vacancy.vacancy_no, Vacancy.title, Employer.name.label("employer"), Vacancy.keco,
                       Vacancy.headcount, hired.label("hired"), Vacancy.deadline, Vacancy.status,
                       Vacancy.registered_on, func.coalesce(Vacancy.dong, Employer.dong).label("dong"))
                .join(Employer, Employer.id == Vacancy.employer_id).where(*cond)
                .order_by(Vacancy.registered_on.desc(), Vacancy.vacancy_no.desc()))

        def make(r: Any) -> VacancyRow:
            return VacancyRow(r.id, r.vacancy_no, r.title, r.employer, r.keco, r.headcount, int(r.hired),
                              r.deadline, shown_status(r.status, r.deadline, today), r.registered_on, r.dong or "")

        return page(session, stmt, base, make, limit=limit, offset=offset)


def figures(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """DOMAIN.md §1 over [from, to]: 구인업체 = distinct employers with a vacancy registered in the
    period; 구인인원 = the sum of those vacancies' headcounts."""
    with db.session() as session:
        row = session.execute(select(func.count(func.distinct(Vacancy.employer_id)),
                                     func.coalesce(func.sum(Vacancy.headcount), 0)).where(
            Vacancy.deleted.is_(False), Vacancy.registered_on.between(date_from, date_to))).one()
    return {"employers": int(row[0]), "openings": int(row[1])}
