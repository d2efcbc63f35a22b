"""취업알선 services: refer a seeker to a vacancy and follow the pipeline 알선 → 면접 → 채용 /
불합격 / 취소, each step with its date and who recorded it.

A hire records 채용일, 근무시작일 and the wage, sets the seeker to 취업 (through the seekers
service, in the same transaction) and counts against the vacancy's headcount (filled: 충원).
Cancelling a hire (채용 → 취소) reverses both.  Referral numbers are ``{site}-{year}-{n}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, seekers, vacancies
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, ValidationFailed
from ydp_tui.db.jobs_base import Page, check_version, load, name_clause, page, validate
from ydp_tui.db.models import Employer, JobEvent, Referral, ReferralStep, Seeker, Vacancy
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.validation import Invalid, format_date, parse_date, rate

ENTITY = "referral"
FILTERS = ("전체", "진행중", *rules.codes("referral_status"))


def _date(raw: object | None, label: str) -> dt.date:
    if raw is None or raw == "":
        return clock.today()
    try:
        return parse_date(raw)
    except Invalid as exc:
        raise ValidationFailed({label: str(exc)}) from None


def _step(session: Session, referral: Referral, action: str, from_status: str, on: dt.date, by: str,
          note: str = "") -> None:
    session.add(ReferralStep(referral_id=referral.id, action=action, from_status=from_status,
                             to_status=referral.status, on=on, done_by=by, note=note[:200]))


def _open_problem(vacancy: Vacancy, hired: int, on: dt.date) -> str | None:
    """Why a vacancy cannot take a new referral on ``on`` (None when it can)."""
    if vacancy.status != rules.OPEN:
        return f"구인 {vacancy.vacancy_no}은(는) {vacancy.status} 상태입니다 (모집중인 구인에만 알선합니다)"
    if vacancy.deadline is not None and vacancy.deadline < on:
        return f"구인 {vacancy.vacancy_no}의 마감일 {vacancy.deadline}이(가) 지났습니다"
    if hired >= vacancy.headcount:
        return f"구인 {vacancy.vacancy_no}의 구인인원 {vacancy.headcount}명을 모두 채용했습니다"
    return None


def refer(db: Database, seeker_id: str, vacancy_id: str, *, on: object | None = None, note: str = "",
          event_id: str | None = None) -> Referral:
    """Refer a seeker (구직중) to an open vacancy.  Refused when the pair is already in progress."""
    day = _date(on, "알선일")
    with db.write() as session:
        return refer_in(session, db.operator, seeker_id, vacancy_id, day, note=note, event_id=event_id)


def refer_in(session: Session, operator: str, seeker_id: str, vacancy_id: str, day: dt.date, *, note: str = "",
             event_id: str | None = None) -> Referral:
    """:func:`refer` inside the caller's transaction (an on-site interview refers and interviews at once)."""
    if day > clock.today():
        raise ValidationFailed({"알선일": f"'{day}'은(는) 미래의 날짜입니다"})
    seeker = load(session, Seeker, seeker_id, "구직자")
    vacancy = session.get(Vacancy, vacancy_id, with_for_update=True)
    if vacancy is None or vacancy.deleted:
        raise NotFound("구인을 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    if seeker.status != "구직중":
        raise Refused(f"{seeker.name}({seeker.seeker_no})님은 '{seeker.status}' 상태입니다 "
                      "(구직중인 구직자만 알선합니다)")
    hired = vacancies.hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
    problem = _open_problem(vacancy, hired, day)
    if problem:
        raise Refused(problem)
    if day < vacancy.registered_on:
        raise ValidationFailed({"알선일": f"구인 등록일 {vacancy.registered_on}보다 앞섭니다"})
    if day < seeker.registered_on:
        raise ValidationFailed({"알선일": f"구직 등록일 {seeker.registered_on}보다 앞섭니다"})
    earlier = session.execute(select(Referral.referral_no, Referral.status).where(
        Referral.seeker_id == seeker.id, Referral.vacancy_id == vacancy.id, Referral.deleted.is_(False),
        Referral.status.in_((*rules.ACTIVE, rules.HIRED)))).first()
    if earlier:
        raise Refused(f"{seeker.name}님은 이 구인에 이미 알선되어 있습니다: {earlier[0]} ({earlier[1]})")
    if event_id is not None:
        load(session, JobEvent, event_id, "행사")
    referral = Referral(referral_no=next_number(session, "referral", day.year), seeker_id=seeker.id,
                        vacancy_id=vacancy.id, referred_on=day, counselor=operator or "(미지정)",
                        status=rules.REFERRED, event_id=event_id)
    session.add(referral)
    session.flush()
    _step(session, referral, rules.REFERRED, "", day, referral.counselor, note)
    audit.record(session, "create", ENTITY, row_id=referral.id, subject=referral.referral_no,
                 detail=f"취업알선: {seeker.seeker_no} -> {vacancy.vacancy_no}")
    return referral


STEP_SPECS = {rules.INTERVIEW: rules.INTERVIEW_FIELDS, rules.HIRED: rules.HIRE_FIELDS,
              rules.FAILED: rules.CLOSE_FIELDS, rules.CANCELLED: rules.CLOSE_FIELDS}


def step_values(to_status: str, raw: Mapping[str, object] | None) -> dict[str, Any]:
    if to_status not in STEP_SPECS:
        raise ValidationFailed({"상태": f"'{to_status}'(으)로는 바꿀 수 없습니다 (면접/채용/불합격/취소)"})
    return validate(STEP_SPECS[to_status], raw or {}, rules.check_hire if to_status == rules.HIRED else None)


def advance(db: Database, referral_id: str, to_status: str, raw: Mapping[str, object] | None = None, *,
            expected_version: int | None = None) -> Referral:
    """Move a referral along its pipeline (면접, 채용, 불합격, 취소) with the step's fields
    (``INTERVIEW_FIELDS``/``HIRE_FIELDS``/``CLOSE_FIELDS`` keys).  One transaction."""
    values = step_values(to_status, raw)
    with db.write() as session:
        return advance_in(session, db.operator, referral_id, to_status, values, expected_version=expected_version)


def advance_in(session: Session, operator: str, referral_id: str, to_status: str, values: dict[str, Any], *,
               expected_version: int | None = None) -> Referral:
    """:func:`advance` inside the caller's transaction, with values already parsed (``step_values``)."""
    referral = load(session, Referral, referral_id, "취업알선")
    check_version(referral, expected_version, f"취업알선 {referral.referral_no}")
    try:
        rules.check_transition(referral.status, to_status)
    except Invalid as exc:
        raise Refused(f"{referral.referral_no}: {exc}") from None
    on = values["on"]
    if on < referral.referred_on:
        label = STEP_SPECS[to_status][0].label
        raise ValidationFailed({label: f"알선일 {referral.referred_on}보다 앞섭니다"})
    vacancy = session.get(Vacancy, referral.vacancy_id, with_for_update=True)
    assert vacancy is not None
    previous = referral.status
    note = values.get("note") or ""
    action = to_status
    if to_status == rules.INTERVIEW:
        referral.interview_on = on
    elif to_status == rules.HIRED:
        _hire(session, referral, vacancy, values)
    else:
        if previous == rules.HIRED:
            if not note:
                raise ValidationFailed({"사유": "채용을 취소하려면 사유를 입력하세요"})
            action = "채용취소"
        referral.closed_on = on
        referral.reason = note
    referral.status = to_status
    session.flush()
    if action == "채용취소":
        _unhire(session, referral, vacancy)
    _step(session, referral, action, previous, on, operator or "(미지정)", note)
    audit.record(session, "update", ENTITY, row_id=referral.id, subject=referral.referral_no,
                 detail=f"{action}: {previous} -> {to_status} ({on})")
    return referral


def _hire(session: Session, referral: Referral, vacancy: Vacancy, values: dict[str, Any]) -> None:
    hired = vacancies.hired_counts(session, [vacancy.id]).get(vacancy.id, 0)
    if hired >= vacancy.headcount:
        raise Refused(f"구인 {vacancy.vacancy_no}의 구인인원 {vacancy.headcount}명을 이미 모두 채용했습니다 "
                      "(구인인원을 늘리거나 다른 채용을 취소하세요)")
    referral.hired_on = values["on"]
    referral.start_on = values.get("start_on") or values["on"]
    referral.hired_wage_type = values.get("wage_type") or vacancy.wage_type
    referral.hired_wage = values.get("wage") if values.get("wage") is not None else vacancy.wage
    referral.status = rules.HIRED
    session.flush()
    seekers.set_status_in(session, referral.seeker_id, "취업", why=f"채용 {referral.referral_no}")
    vacancies.settle_status(session, vacancy)


def _unhire(session: Session, referral: Referral, vacancy: Vacancy) -> None:
    """A hire was cancelled: the seeker looks for work again (unless hired elsewhere), the
    vacancy has room again."""
    other = session.execute(select(Referral.id).where(
        Referral.seeker_id == referral.seeker_id, Referral.status == rules.HIRED, Referral.deleted.is_(False),
        Referral.id != referral.id)).first()
    seeker = session.get(Seeker, referral.seeker_id)
    if other is None and seeker is not None and seeker.status == "취업":
        seekers.set_status_in(session, seeker.id, "구직중", why=f"채용 취소 {referral.referral_no}")
    vacancies.settle_status(session, vacancy)


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralRow:
    id: str
    referral_no: str
    referred_on: dt.date
    seeker_id: str
    seeker_name: str
    seeker_no: str
    vacancy_id: str
    vacancy_no: str
    title: str
    employer: str
    status: str
    interview_on: dt.date | None
    hired_on: dt.date | None
    event_id: str | None


_LIST = (Referral.id, Referral.referral_no, Referral.referred_on, Referral.seeker_id, Seeker.name.label("seeker_name"),
         Seeker.seeker_no, Referral.vacancy_id, Vacancy.vacancy_no, Vacancy.title, Employer.name.label("employer"),
         Referral.status, Referral.interview_on, Referral.hired_on, Referral.event_id)


def _row(r: Any) -> ReferralRow:
    return ReferralRow(r.id, r.referral_no, r.referred_on, r.seeker_id, r.seeker_name or "(파기됨)", r.seeker_no,
                       r.vacancy_id, r.vacancy_no, r.title, r.employer, r.status, r.interview_on, r.hired_on,
                       r.event_id)


def _joined(stmt: Any) -> Any:
    return (stmt.join(Seeker, Seeker.id == Referral.seeker_id).join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .join(Employer, Employer.id == Vacancy.employer_id))


def search(db: Database, query: str = "", *, view: str = "전체", seeker_id: str | None = None,
           vacancy_id: str | None = None, event_id: str | None = None, limit: int = 200,
           offset: int = 0) -> Page[ReferralRow]:
    """Referrals, newest 알선일 first: by 알선번호, 구인번호, the seeker's name (초성 too) or the
    employer's; ``view`` is a status or 진행중 (알선, 면접)."""
    query = query.strip()
    with db.session() as session:
        cond: list[Any] = [Referral.deleted.is_(False)]
        if view == "진행중":
            cond.append(Referral.status.in_(rules.ACTIVE))
        elif view in rules.codes("referral_status"):
            cond.append(Referral.status == view)
        if seeker_id:
            cond.append(Referral.seeker_id == seeker_id)
        if vacancy_id:
            cond.append(Referral.vacancy_id == vacancy_id)
        if event_id:
            cond.append(Referral.event_id == event_id)
        if query:
            cond.append(or_(Referral.referral_no.startswith(query.upper()), Vacancy.vacancy_no.startswith(query.upper()),
                            Seeker.seeker_no.startswith(query.upper()),
                            name_clause(Seeker.name_key, session, query),
                            name_clause(Employer.name_key, session, query)))
        stmt = _joined(select(*_LIST)).where(*cond).order_by(Referral.referred_on.desc(), Referral.referral_no.desc())
        return page(session, stmt, _joined(select(Referral.id)).where(*cond), _row, limit=limit, offset=offset)


@dataclass(frozen=True)
class Step:
    action: str
    from_status: str
    to_status: str
    on: dt.date
    by: str
    note: str
    at: dt.datetime


@dataclass(frozen=True)
class ReferralDetail:
    referral: Referral
    seeker: Seeker
    vacancy: Vacancy
    employer: Employer
    event_title: str
    steps: list[Step]
    next_steps: tuple[str, ...]


def detail(db: Database, referral_id: str, *, log_view: bool = True) -> ReferralDetail:
    with db.session() as session:
        referral = load(session, Referral, referral_id, "취업알선")
        seeker = session.get(Seeker, referral.seeker_id)
        vacancy = session.get(Vacancy, referral.vacancy_id)
        assert seeker is not None and vacancy is not None
        employer = session.get(Employer, vacancy.employer_id)
        assert employer is not None
        event = session.get(JobEvent, referral.event_id) if referral.event_id else None
        steps = [Step(s.action, s.from_status, s.to_status, s.on, s.done_by, s.note, s.created_at)
                 for s in session.execute(select(ReferralStep).where(
                     ReferralStep.referral_id == referral.id, ReferralStep.deleted.is_(False))
                     .order_by(ReferralStep.created_at, ReferralStep.id)).scalars()]
    if log_view:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", ENTITY, row_id=referral.id, subject=referral.referral_no,
                         detail=f"조회 (구직자 {seeker.seeker_no})")
    return ReferralDetail(referral, seeker, vacancy, employer, event.title if event else "", steps,
                          rules.TRANSITIONS.get(referral.status, ()))


def find_id(db: Database, referral_no: str) -> str:
    with db.session() as session:
        found = session.execute(select(Referral.id).where(Referral.referral_no == referral_no.strip(),
                                                          Referral.deleted.is_(False))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"알선번호 {referral_no}인 취업알선이 없습니다")
    return found


def pairs(session: Session, *, seeker_id: str | None = None, vacancy_id: str | None = None
          ) -> dict[str, tuple[str, str]]:
    """Referrals of one seeker (by vacancy id) or of one vacancy (by seeker id): the latest
    (알선번호, 상태) of each pair, for marking match results."""
    stmt = select(Referral.seeker_id, Referral.vacancy_id, Referral.referral_no, Referral.status).where(
        Referral.deleted.is_(False))
    if seeker_id:
        stmt = stmt.where(Referral.seeker_id == seeker_id)
    if vacancy_id:
        stmt = stmt.where(Referral.vacancy_id == vacancy_id)
    out: dict[str, tuple[str, str]] = {}
    for s_id, v_id, no, status in session.execute(stmt.order_by(Referral.referred_on, Referral.referral_no)):
        out[v_id if seeker_id else s_id] = (no, status)
    return out


def counts_by_day(db: Database, date_from: dt.date, date_to: dt.date) -> dict[dt.date, dict[str, int]]:
    """Per day in [from, to]: referrals made (알선일) and hires (채용일), for trend charts."""
    out: dict[dt.date, dict[str, int]] = {}
    with db.session() as session:
        for day, n in session.execute(select(Referral.referred_on, func.count()).where(
                Referral.deleted.is_(False), Referral.referred_on.between(date_from, date_to))
                .group_by(Referral.referred_on)):
            out.setdefault(day, {"referrals": 0, "hired": 0})["referrals"] = n
        for day, n in session.execute(select(Referral.hired_on, func.count(func.distinct(Referral.seeker_id))).where(
                Referral.deleted.is_(False), Referral.status == rules.HIRED,
                Referral.hired_on.between(date_from, date_to)).group_by(Referral.hired_on)):
            out.setdefault(day, {"referrals": 0, "hired": 0})["hired"] = n
    return dict(sorted(out.items()))


def center_figures(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """The 일자리플러스센터 table for [from, to], both ends included, as DOMAIN.md §1 defines it:
    ``{"employers", "openings", "seekers", "referrals", "hired", "employment_rate"}``."""
    out: dict[str, Any] = dict(vacancies.figures(db, date_from, date_to))
    with db.session() as session:
        out["seekers"] = session.execute(select(func.count()).select_from(Seeker).where(
            Seeker.deleted.is_(False), Seeker.registered_on.between(date_from, date_to))).scalar_one()
        out["referrals"] = session.execute(select(func.count()).select_from(Referral).where(
            Referral.deleted.is_(False), Referral.referred_on.between(date_from, date_to))).scalar_one()
        out["hired"] = session.execute(select(func.count(func.distinct(Referral.seeker_id))).where(
            Referral.deleted.is_(False), Referral.status == rules.HIRED,
            Referral.hired_on.between(date_from, date_to))).scalar_one()
    out["employment_rate"] = rate(out["hired"], out["seekers"])
    return {k: out[k] for k in ("employers", "openings", "seekers", "referrals", "hired", "employment_rate")}


def step_defaults(d: ReferralDetail, to_status: str) -> dict[str, str]:
    """What a step's form starts with (today, the vacancy's wage for a hire)."""
    values = {"on": format_date(clock.today())}
    if to_status == rules.HIRED:
        v = d.vacancy
        values.update({"wage_type": v.wage_type or "", "wage": "" if v.wage is None else str(v.wage)})
    return values
