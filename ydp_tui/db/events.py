"""행사 (job포유 구인ㆍ구직 만남의 날, 취업박람회) and 취업교육 services.

An event has a day, a place and the vacancies (with their employers) taking part.  On-site
interviews (1:1 현장면접) are referrals that carry the event, recorded seeker by seeker in
status 면접 (or straight to 채용); a walk-in is registered first by quick intake (성명,
생년월일, 휴대전화, 동의, 희망직종) through the seekers service.  Courses track enrolment and
completion (수강 → 수료/중도포기) per seeker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from ydp_tui import clock
from ydp_tui.db import audit, referrals, seekers
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import Refused, ValidationFailed
from ydp_tui.db.jobs_base import changed_labels, check_version, fields_of, load, validate
from ydp_tui.db.models import Course, Employer, Enrolment, EventVacancy, JobEvent, Referral, Seeker, Vacancy
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.validation import parse_date

# =============================================================================================
# Events
# =============================================================================================


def _event_values(raw: Mapping[str, object]) -> dict[str, Any]:
    values = validate(rules.EVENT_FIELDS, raw)
    values["place"] = values.get("place") or ""
    values["note"] = values.get("note") or ""
    return values


def create_event(db: Database, raw: Mapping[str, object]) -> JobEvent:
    values = _event_values(raw)
    with db.write() as session:
        event = JobEvent(**values)
        session.add(event)
        session.flush()
        audit.record(session, "create", "job_event", row_id=event.id, subject=event.title,
                     detail=f"{event.kind} {event.held_on}")
        return event


def update_event(db: Database, event_id: str, raw: Mapping[str, object], *, expected_version: int) -> JobEvent:
    values = _event_values(raw)
    with db.write() as session:
        event = load(session, JobEvent, event_id, "행사")
        check_version(event, expected_version, f"행사 {event.title}")
        changed = changed_labels(rules.EVENT_FIELDS, event, values)
        for key, value in values.items():
            setattr(event, key, value)
        if changed:
            session.flush()
            audit.record(session, "update", "job_event", row_id=event.id, subject=event.title,
                         detail="수정: " + ", ".join(changed))
        return event


def event_fields(event: JobEvent) -> dict[str, str]:
    return fields_of(rules.EVENT_FIELDS, event)


def add_vacancy(db: Database, event_id: str, vacancy_id: str) -> EventVacancy:
    with db.write() as session:
        event = load(session, JobEvent, event_id, "행사")
        vacancy = load(session, Vacancy, vacancy_id, "구인")
        if session.execute(select(EventVacancy.id).where(
                EventVacancy.event_id == event.id, EventVacancy.vacancy_id == vacancy.id,
                EventVacancy.deleted.is_(False))).first():
            raise Refused(f"구인 {vacancy.vacancy_no}은(는) 이미 이 행사에 참여하고 있습니다")
        link = EventVacancy(event_id=event.id, vacancy_id=vacancy.id)
        session.add(link)
        session.flush()
        audit.record(session, "update", "job_event", row_id=event.id, subject=event.title,
                     detail=f"참여 구인 추가: {vacancy.vacancy_no}")
        return link


def remove_vacancy(db: Database, event_id: str, vacancy_id: str) -> None:
    with db.write() as session:
        link = session.execute(select(EventVacancy).where(
            EventVacancy.event_id == event_id, EventVacancy.vacancy_id == vacancy_id,
            EventVacancy.deleted.is_(False))).scalars().first()
        if link is None:
            raise Refused("이 행사에 참여한 구인이 아닙니다")
        link.deleted = True
        session.flush()
        audit.record(session, "update", "job_event", row_id=event_id, detail="참여 구인 빼기")


@dataclass(frozen=True)
class EventRow:
    id: str
    kind: str
    title: str
    held_on: dt.date
    place: str
    vacancies: int
    interviewed: int     # distinct seekers interviewed on site
    hired: int           # distinct seekers hired


def _event_counts(session: Any, event_ids: list[str]) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    if not event_ids:
        return {}, {}
    links = dict(session.execute(select(EventVacancy.event_id, func.count()).where(
        EventVacancy.event_id.in_(event_ids), EventVacancy.deleted.is_(False))
        .group_by(EventVacancy.event_id)).all())
    people: dict[str, tuple[int, int]] = {}
    interviewed = dict(session.execute(select(Referral.event_id, func.count(func.distinct(Referral.seeker_id))).where(
        Referral.event_id.in_(event_ids), Referral.deleted.is_(False),
        Referral.status.in_((rules.INTERVIEW, rules.HIRED, rules.FAILED))).group_by(Referral.event_id)).all())
    hired = dict(session.execute(select(Referral.event_id, func.count(func.distinct(Referral.seeker_id))).where(
        Referral.event_id.in_(event_ids), Referral.deleted.is_(False), Referral.status == rules.HIRED)
        .group_by(Referral.event_id)).all())
    for e in event_ids:
        people[e] = (interviewed.get(e, 0), hired.get(e, 0))
    return links, people


def events(db: Database, *, limit: int = 200) -> list[EventRow]:
    """Events, the latest first, with what came of them."""
    with db.session() as session:
        rows = session.execute(select(JobEvent).where(JobEvent.deleted.is_(False))
                               .order_by(JobEvent.held_on.desc(), JobEvent.title).limit(limit)).scalars().all()
        links, people = _event_counts(session, [e.id for e in rows])
    return [EventRow(e.id, e.kind, e.title, e.held_on, e.place, links.get(e.id, 0), *people.get(e.id, (0, 0)))
            for e in rows]


@dataclass(frozen=True)
class EventVacancyRow:
    vacancy_id: str
    vacancy_no: str
    title: str
    employer: str
    headcount: int
    hired: int
    status: str


@dataclass(frozen=True)
class EventDetail:
    event: JobEvent
    row: EventRow
    vacancies: list[EventVacancyRow]
    interviews: list[referrals.ReferralRow]


def event_detail(db: Database, event_id: str) -> EventDetail:
    from ydp_tui.db.vacancies import hired_counts, shown_status

    with db.session() as session:
        event = load(session, JobEvent, event_id, "행사")
        vrows = session.execute(
            select(Vacancy.id, Vacancy.vacancy_no, Vacancy.title, Employer.name, Vacancy.headcount, Vacancy.status,
                   Vacancy.deadline)
            .join(EventVacancy, EventVacancy.vacancy_id == Vacancy.id).join(Employer, Employer.id == Vacancy.employer_id)
            .where(EventVacancy.event_id == event.id, EventVacancy.deleted.is_(False))
            .order_by(Employer.name_key, Vacancy.vacancy_no)).all()
        hired = hired_counts(session, [r[0] for r in vrows])
        links, people = _event_counts(session, [event.id])
    today = clock.today()
    vacancies = [EventVacancyRow(r[0], r[1], r[2], r[3], r[4], hired.get(r[0], 0), shown_status(r[5], r[6], today))
                 for r in vrows]
    interviews = referrals.search(db, event_id=event.id, limit=1000).rows
    row = EventRow(event.id, event.kind, event.title, event.held_on, event.place, links.get(event.id, 0),
                   *people.get(event.id, (0, 0)))
    return EventDetail(event, row, vacancies, interviews)


def interview(db: Database, event_id: str, seeker_id: str, vacancy_id: str, *, hired: bool = False,
              note: str = "") -> Referral:
    """An on-site interview (1:1 현장면접) at an event, in one transaction: a referral dated the
    event's day in status 면접, or straight on to 채용.  The vacancy must take part in the event."""
    with db.write() as session:
        event = load(session, JobEvent, event_id, "행사")
        linked = session.execute(select(EventVacancy.id).where(
            EventVacancy.event_id == event.id, EventVacancy.vacancy_id == vacancy_id,
            EventVacancy.deleted.is_(False))).first()
        if not linked:
            raise Refused("이 행사에 참여한 구인이 아닙니다 (먼저 참여 구인으로 추가하세요)")
        day = min(event.held_on, clock.today())
        referral = referrals.refer_in(session, db.operator, seeker_id, vacancy_id, day,
                                      note=note or f"{event.title} 현장면접", event_id=event.id)
        referrals.advance_in(session, db.operator, referral.id, rules.INTERVIEW,
                             referrals.step_values(rules.INTERVIEW, {"on": day, "note": "현장면접"}))
        if hired:
            referrals.advance_in(session, db.operator, referral.id, rules.HIRED,
                                 referrals.step_values(rules.HIRED, {"on": day, "note": "현장 채용"}))
        return referral


QUICK_KEYS = ("name", "birth_date", "phone", "desired_jobs")


def quick_intake(db: Database, raw: Mapping[str, object], *, consent: bool, event_id: str | None = None,
                 force: bool = False) -> Seeker:
    """Register a walk-in at a fair: 성명, 생년월일, 휴대전화, 희망직종 and consent, dated the
    event's day (typed in later at the counter, it is still the day they came) or today."""
    if not consent:
        raise ValidationFailed({"개인정보 동의": "개인정보 수집ㆍ이용 동의를 받아야 등록할 수 있습니다"})
    day = clock.today()
    if event_id is not None:
        with db.session() as session:
            day = min(day, load(session, JobEvent, event_id, "행사").held_on)
    values = {k: raw.get(k, "") for k in QUICK_KEYS}
    return seekers.register(db, {**values, "registered_on": day.isoformat(), "consent_date": day.isoformat()},
                            force=force)


def event_figures(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, dict[str, int]]:
    """Events held in [from, to], by kind: ``{kind: {"events", "interviewed", "hired"}}``; people
    are counted per event (someone interviewed at two events counts at both)."""
    with db.session() as session:
        rows = session.execute(select(JobEvent.id, JobEvent.kind).where(
            JobEvent.deleted.is_(False), JobEvent.held_on.between(date_from, date_to))).all()
        _, people = _event_counts(session, [r[0] for r in rows])
    out = {k: {"events": 0, "interviewed": 0, "hired": 0} for k in rules.codes("event_kind")}
    for event_id, kind in rows:
        bucket = out.setdefault(kind, {"events": 0, "interviewed": 0, "hired": 0})
        bucket["events"] += 1
        bucket["interviewed"] += people[event_id][0]
        bucket["hired"] += people[event_id][1]
    return out


# =============================================================================================
# Courses (취업교육)
# =============================================================================================


def _course_values(raw: Mapping[str, object]) -> dict[str, Any]:
    values = validate(rules.COURSE_FIELDS, raw, rules.check_course)
    values["place"] = values.get("place") or ""
    values["note"] = values.get("note") or ""
    return values


def create_course(db: Database, raw: Mapping[str, object]) -> Course:
    values = _course_values(raw)
    with db.write() as session:
        course = Course(**values)
        session.add(course)
        session.flush()
        audit.record(session, "create", "course", row_id=course.id, subject=course.title,
                     detail=f"{course.starts_on} ~ {course.ends_on}")
        return course


def update_course(db: Database, course_id: str, raw: Mapping[str, object], *, expected_version: int) -> Course:
    values = _course_values(raw)
    with db.write() as session:
        course = load(session, Course, course_id, "취업교육 과정")
        check_version(course, expected_version, f"과정 {course.title}")
        enrolled = _enrolled(session, course.id)
        if values.get("capacity") is not None and values["capacity"] < enrolled:
            raise ValidationFailed({"정원": f"이미 {enrolled}명이 수강 중입니다"})
        changed = changed_labels(rules.COURSE_FIELDS, course, values)
        for key, value in values.items():
            setattr(course, key, value)
        if changed:
            session.flush()
            audit.record(session, "update", "course", row_id=course.id, subject=course.title,
                         detail="수정: " + ", ".join(changed))
        return course


def course_fields(course: Course) -> dict[str, str]:
    return fields_of(rules.COURSE_FIELDS, course)


def _enrolled(session: Any, course_id: str) -> int:
    return session.execute(select(func.count()).select_from(Enrolment).where(
        Enrolment.course_id == course_id, Enrolment.deleted.is_(False),
        Enrolment.status != rules.ENROL_DROPPED)).scalar_one()


def enrol(db: Database, course_id: str, seeker_id: str, *, on: object | None = None) -> Enrolment:
    day = parse_date(on) if on else clock.today()
    with db.write() as session:
        course = load(session, Course, course_id, "취업교육 과정")
        seeker = load(session, Seeker, seeker_id, "구직자")
        if session.execute(select(Enrolment.id).where(
                Enrolment.course_id == course.id, Enrolment.seeker_id == seeker.id,
                Enrolment.deleted.is_(False))).first():
            raise Refused(f"{seeker.name}님은 이미 이 과정에 등록되어 있습니다")
        if course.capacity is not None and _enrolled(session, course.id) >= course.capacity:
            raise Refused(f"정원 {course.capacity}명이 찼습니다 (정원을 늘리거나 다른 과정을 고르세요)")
        if day > course.ends_on:
            raise ValidationFailed({"등록일": f"과정이 {course.ends_on}에 끝났습니다"})
        enrolment = Enrolment(course_id=course.id, seeker_id=seeker.id, enrolled_on=day, status=rules.ENROL_ACTIVE)
        session.add(enrolment)
        session.flush()
        audit.record(session, "create", "course_enrolment", row_id=enrolment.id, subject=seeker.seeker_no,
                     detail=f"수강 등록: {course.title}")
        return enrolment


def finish(db: Database, enrolment_id: str, status: str, *, on: object | None = None) -> Enrolment:
    """수료 or 중도포기 (or back to 수강 to correct a mistake)."""
    if status not in rules.codes("enrolment_status"):
        raise ValidationFailed({"상태": f"'{status}'은(는) 수강 상태가 아닙니다 (수강/수료/중도포기)"})
    day = parse_date(on) if on else clock.today()
    with db.write() as session:
        enrolment = load(session, Enrolment, enrolment_id, "수강")
        course = load(session, Course, enrolment.course_id, "취업교육 과정")
        if status == rules.ENROL_DONE and day < course.starts_on:
            raise ValidationFailed({"수료일": f"과정 시작일 {course.starts_on}보다 앞섭니다"})
        old = enrolment.status
        enrolment.status = status
        enrolment.completed_on = None if status == rules.ENROL_ACTIVE else day
        session.flush()
        audit.record(session, "update", "course_enrolment", row_id=enrolment.id, subject=course.title,
                     detail=f"{old} -> {status}")
        return enrolment


@dataclass(frozen=True)
class CourseRow:
    id: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    place: str
    capacity: int | None
    enrolled: int        # everyone enrolled (수강, 수료, 중도포기)
    completed: int       # 수료
    dropped: int         # 중도포기


@dataclass(frozen=True)
class EnrolmentRow:
    id: str
    seeker_id: str
    seeker_no: str
    name: str
    birth_date: dt.date | None
    enrolled_on: dt.date
    status: str
    completed_on: dt.date | None


def _course_counts(session: Any, ids: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {i: {} for i in ids}
    if ids:
        for cid, status, n in session.execute(select(Enrolment.course_id, Enrolment.status, func.count()).where(
                Enrolment.course_id.in_(ids), Enrolment.deleted.is_(False))
                .group_by(Enrolment.course_id, Enrolment.status)):
            out[cid][status] = n
    return out


def courses(db: Database, *, limit: int = 200) -> list[CourseRow]:
    with db.session() as session:
        rows = session.execute(select(Course).where(Course.deleted.is_(False))
                               .order_by(Course.starts_on.desc(), Course.title).limit(limit)).scalars().all()
        counts = _course_counts(session, [c.id for c in rows])
    return [CourseRow(c.id, c.title, c.starts_on, c.ends_on, c.place, c.capacity, sum(counts[c.id].values()),
                      counts[c.id].get(rules.ENROL_DONE, 0), counts[c.id].get(rules.ENROL_DROPPED, 0)) for c in rows]


def course_detail(db: Database, course_id: str) -> tuple[Course, CourseRow, list[EnrolmentRow]]:
    with db.session() as session:
        course = load(session, Course, course_id, "취업교육 과정")
        counts = _course_counts(session, [course.id])[course.id]
        rows = [EnrolmentRow(r[0], r[1], r[2], r[3] or "(파기됨)", r[4], r[5], r[6], r[7]) for r in session.execute(
            select(Enrolment.id, Seeker.id, Seeker.seeker_no, Seeker.name, Seeker.birth_date, Enrolment.enrolled_on,
                   Enrolment.status, Enrolment.completed_on)
            .join(Seeker, Seeker.id == Enrolment.seeker_id)
            .where(Enrolment.course_id == course.id, Enrolment.deleted.is_(False))
            .order_by(Seeker.name_key, Seeker.seeker_no))]
    row = CourseRow(course.id, course.title, course.starts_on, course.ends_on, course.place, course.capacity,
                    sum(counts.values()), counts.get(rules.ENROL_DONE, 0), counts.get(rules.ENROL_DROPPED, 0))
    return course, row, rows


def course_figures(db: Database, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Courses that started in [from, to]: ``{"courses", "people", "completed", "dropped"}`` (people:
    distinct seekers enrolled)."""
    with db.session() as session:
        ids = list(session.execute(select(Course.id).where(
            Course.deleted.is_(False), Course.starts_on.between(date_from, date_to))).scalars())
        people = completed = dropped = 0
        if ids:
            people = session.execute(select(func.count(func.distinct(Enrolment.seeker_id))).where(
                Enrolment.course_id.in_(ids), Enrolment.deleted.is_(False))).scalar_one()
            counts = _course_counts(session, ids)
            completed = sum(c.get(rules.ENROL_DONE, 0) for c in counts.values())
            dropped = sum(c.get(rules.ENROL_DROPPED, 0) for c in counts.values())
    return {"courses": len(ids), "people": people, "completed": completed, "dropped": dropped}
