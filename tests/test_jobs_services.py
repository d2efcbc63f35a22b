"""Employers, vacancies, the referral pipeline, events and courses against a real database
(SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.jobs_helpers import BRN, BRN2, employer, seeker, vacancy
from ydp_tui import clock
from ydp_tui.db import employers, events, referrals, seekers, vacancies
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import AuditEntry, Employer, Referral, ReferralStep, SyncOp, Vacancy

D = dt.date


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


# --- employers ------------------------------------------------------------------------------


def test_employer_register_find_and_duplicate(db) -> None:
    e = employer(db, brn="1248100998")
    assert (e.brn, e.brn_digits, e.social) == (BRN, "1248100998", False)
    with pytest.raises(employers.DuplicateEmployer, match="이미 등록된 구인업체입니다: \\(주\\)한강푸드"):
        employer(db, name="다른 이름")
    assert [r.name for r in employers.search(db, "ㅎㄱ").rows] == ["(주)한강푸드"]
    assert [r.brn for r in employers.search(db, "124-81").rows] == [BRN]
    assert employers.search(db, "없는업체").rows == []
    ops = count(db, SyncOp)
    assert ops > 0  # captured for sync


def test_invalid_brn_saves_nothing(db) -> None:
    with pytest.raises(ValidationFailed) as err:
        employer(db, brn="124-81-00999")
    assert err.value.errors == {"사업자등록번호": "'124-81-00999'의 검증번호가 맞지 않습니다 (사업자등록번호를 다시 확인하세요)"}
    assert count(db, Employer) == 0


def test_employer_edit_is_refused_when_another_desk_saved_first(db, open_db) -> None:
    e = employer(db)
    other = open_db(operator="다른상담")
    employers.update(other, e.id, {**employers.to_fields(e), "phone": "02-2670-9999"}, expected_version=e.version)
    with pytest.raises(StaleRecord, match="다른상담님이 먼저 저장했습니다"):
        employers.update(db, e.id, {**employers.to_fields(e), "industry": "한식"}, expected_version=e.version)
    assert employers.get(db, e.id).phone == "02-2670-9999"


def test_job_ara_visits(db) -> None:
    e = employer(db)
    employers.add_visit(db, e.id, {"visited_on": "2024-05-20", "outcome": "구인 발굴", "note": "주방 1명 구인 예정"})
    with pytest.raises(ValidationFailed, match="방문일"):
        employers.add_visit(db, e.id, {"visited_on": "2024-06-01", "outcome": "부재"})
    visits = employers.visits(db, e.id)
    assert [(v.visited_on, v.visitor, v.outcome) for v in visits] == [(D(2024, 5, 20), "테스트상담", "구인 발굴")]
    assert employers.visit_figures(db, D(2024, 5, 1), D(2024, 5, 31))["by_outcome"]["구인 발굴"] == 1


# --- vacancies ------------------------------------------------------------------------------


def test_vacancy_numbers_and_figures(db) -> None:
    employer(db, registered_on="2023-01-02")
    employer(db, brn=BRN2, name="여의요양원")
    a = vacancy(db, headcount="2")
    b = vacancy(db, brn=BRN2, title="요양보호사", keco="55", vacancy_no="K151-2404-0001", registered_on="2024-04-30")
    vacancy(db, title="작년 구인", registered_on="2023-12-31", deadline="")
    assert a.vacancy_no == "T1-2024-00001" and b.vacancy_no == "K151-2404-0001"
    assert vacancies.figures(db, D(2024, 1, 1), D(2024, 5, 31)) == {"employers": 2, "openings": 3}
    assert vacancies.figures(db, D(2024, 5, 1), D(2024, 5, 1)) == {"employers": 1, "openings": 2}
    with pytest.raises(ValidationFailed, match="이미 있는 구인번호"):
        vacancy(db, vacancy_no="K151-2404-0001")


@pytest.mark.parametrize("over, label", [
    ({"wage": "0"}, "임금"), ({"wage": "-1"}, "임금"), ({"headcount": "0"}, "구인인원"),
    ({"deadline": "2024-04-30"}, "마감일"), ({"brn": "124-81-00999"}, "사업자등록번호"),
    ({"brn": BRN2}, "사업자등록번호"),   # a valid number, but no such employer
])
def test_bad_vacancy_saves_nothing(db, over, label) -> None:
    employer(db)
    with pytest.raises(ValidationFailed) as err:
        vacancy(db, **over)
    assert label in err.value.errors
    assert count(db, Vacancy) == 0


def test_vacancy_search_views(db) -> None:
    employer(db)
    open_ = vacancy(db)
    closed = vacancy(db, title="홀 서빙", deadline="2024-05-10")
    vacancies.set_status(db, closed.id, "마감")
    past = vacancy(db, title="설거지", deadline="2024-05-30")
    titles = {r.title: r.status for r in vacancies.search(db).rows}
    assert titles == {"주방 보조": "모집중", "홀 서빙": "마감", "설거지": "기한지남"}
    assert [r.id for r in vacancies.search(db, view="매칭 가능").rows] == [open_.id]
    assert [r.id for r in vacancies.search(db, "한강").rows] == [past.id, closed.id, open_.id]
    assert [r.id for r in vacancies.search(db, "ㅅㄱㅈ").rows] == [past.id]


# --- the referral pipeline ------------------------------------------------------------------


def test_refer_interview_hire_and_cancel_the_hire(db) -> None:
    employer(db)
    v = vacancy(db, headcount="1")
    s = seeker(db)
    r = referrals.refer(db, s.id, v.id, on="2024-05-20")
    assert (r.referral_no, r.status, r.counselor) == ("T1-2024-00001", "알선", "테스트상담")
    r = referrals.advance(db, r.id, "면접", {"on": "2024-05-24"})
    assert (r.status, r.interview_on) == ("면접", D(2024, 5, 24))
    r = referrals.advance(db, r.id, "채용", {"on": "2024-05-27", "start_on": "2024-06-03"})
    assert (r.status, r.hired_on, r.start_on, r.hired_wage_type, r.hired_wage) == (
        "채용", D(2024, 5, 27), D(2024, 6, 3), "시급", 10_000)
    assert seekers.get(db, s.id).status == "취업"
    d = vacancies.get(db, v.id)
    assert (d.vacancy.status, d.hired, d.open) == ("충원", 1, False)
    assert referrals.center_figures(db, D(2024, 1, 1), D(2024, 5, 31))["hired"] == 1
    # cancelling the hire reverses it
    with pytest.raises(ValidationFailed, match="채용을 취소하려면 사유를 입력하세요"):
        referrals.advance(db, r.id, "취소", {"on": "2024-05-30"})
    assert seekers.get(db, s.id).status == "취업"
    r = referrals.advance(db, r.id, "취소", {"on": "2024-05-30", "note": "입사 포기"})
    assert (r.status, r.closed_on, r.reason) == ("취소", D(2024, 5, 30), "입사 포기")
    assert seekers.get(db, s.id).status == "구직중"
    d = vacancies.get(db, v.id)
    assert (d.vacancy.status, d.hired, d.open) == ("모집중", 0, True)
    steps = referrals.detail(db, r.id).steps
    assert [(x.action, x.from_status, x.to_status, x.on, x.by) for x in steps] == [
        ("알선", "", "알선", D(2024, 5, 20), "테스트상담"), ("면접", "알선", "면접", D(2024, 5, 24), "테스트상담"),
        ("채용", "면접", "채용", D(2024, 5, 27), "테스트상담"), ("채용취소", "채용", "취소", D(2024, 5, 30), "테스트상담")]
    assert count(db, ReferralStep) == 4
    with db.session() as session:
        details = [a.detail for a in session.execute(select(AuditEntry).where(AuditEntry.entity == "seeker")).scalars()]
    assert "상태: 구직중 -> 취업 (채용 T1-2024-00001)" in details
    assert "상태: 취업 -> 구직중 (채용 취소 T1-2024-00001)" in details


def test_headcount_counts_hires_and_refuses_one_more(db) -> None:
    employer(db)
    v = vacancy(db, headcount="2")
    people = [seeker(db, name=n, phone=f"010-5555-000{i}") for i, n in enumerate(("가나다", "라마바", "사아자"))]
    refs = [referrals.refer(db, p.id, v.id) for p in people]
    referrals.advance(db, refs[0].id, "채용")
    assert vacancies.get(db, v.id).vacancy.status == "모집중"
    referrals.advance(db, refs[1].id, "채용")
    assert vacancies.get(db, v.id).vacancy.status == "충원"
    with pytest.raises(Refused, match="구인인원 2명을 이미 모두 채용했습니다"):
        referrals.advance(db, refs[2].id, "채용")
    assert referrals.detail(db, refs[2].id).referral.status == "알선"
    assert seekers.get(db, people[2].id).status == "구직중"
    with pytest.raises(Refused, match="충원 상태입니다"):
        referrals.refer(db, seeker(db, name="차카타", phone="010-5555-0009").id, v.id)
    with pytest.raises(ValidationFailed, match="이미 채용한 2명보다 적게 할 수 없습니다"):
        vacancies.update(db, v.id, {**vacancies.to_fields(v, BRN), "headcount": "1"},
                         expected_version=vacancies.get(db, v.id).vacancy.version)


def test_refusals_change_nothing(db) -> None:
    employer(db)
    v = vacancy(db)
    s = seeker(db)
    r = referrals.refer(db, s.id, v.id)
    with pytest.raises(Refused, match="이미 알선되어 있습니다: T1-2024-00001 \\(알선\\)"):
        referrals.refer(db, s.id, v.id)
    with pytest.raises(ValidationFailed, match="미래의 날짜"):
        referrals.refer(db, s.id, v.id, on="2024-06-01")
    with pytest.raises(ValidationFailed, match="구인 등록일 2024-05-01보다 앞섭니다"):
        referrals.refer(db, seeker(db, name="나중에", phone="010-7777-0001").id, v.id, on="2024-04-30")
    referrals.advance(db, r.id, "불합격", {"note": "경력 부족"})
    with pytest.raises(Refused, match="'불합격' 상태의 알선은 더 바꿀 수 없습니다"):
        referrals.advance(db, r.id, "채용")
    with pytest.raises(ValidationFailed, match="면접일"):
        referrals.advance(db, referrals.refer(db, s.id, v.id).id, "면접", {"on": "2024-05-30"})
    stopped = seeker(db, name="중단함", phone="010-7777-0002")
    seekers.set_status(db, stopped.id, "중단")
    with pytest.raises(Refused, match="'중단' 상태입니다 \\(구직중인 구직자만 알선합니다\\)"):
        referrals.refer(db, stopped.id, v.id)
    past = vacancy(db, title="지난 구인", deadline="2024-05-30")
    with pytest.raises(Refused, match="마감일 2024-05-30이\\(가\\) 지났습니다"):
        referrals.refer(db, s.id, past.id)
    assert count(db, Referral) == 2
    with pytest.raises(NotFound):
        referrals.detail(db, "no-such-id")


def test_stale_step_is_refused(db, open_db) -> None:
    employer(db)
    r = referrals.refer(db, seeker(db).id, vacancy(db).id)
    other = open_db(operator="다른상담")
    referrals.advance(other, r.id, "면접", expected_version=r.version)
    with pytest.raises(StaleRecord):
        referrals.advance(db, r.id, "불합격", expected_version=r.version)


def test_center_figures_count_by_date(db) -> None:
    employer(db)
    v = vacancy(db, headcount="3", registered_on="2024-03-01")
    a = seeker(db, registered_on="2024-02-01", consent_date="2024-02-01")
    b = seeker(db, name="이영희", phone="010-2222-3333", registered_on="2023-12-30", consent_date="2023-12-30")
    with clock.freeze(dt.datetime(2024, 3, 31, 10, 0, tzinfo=clock.SEOUL)):
        ra = referrals.refer(db, a.id, v.id, on="2024-03-10")
        referrals.advance(db, ra.id, "채용", {"on": "2024-03-31"})
    rb = referrals.refer(db, b.id, v.id, on="2024-04-02")
    referrals.advance(db, rb.id, "채용", {"on": "2024-04-03"})
    march = referrals.center_figures(db, D(2024, 3, 1), D(2024, 3, 31))
    assert march == {"employers": 1, "openings": 3, "seekers": 0, "referrals": 1, "hired": 1, "employment_rate": None}
    year = referrals.center_figures(db, D(2024, 1, 1), D(2024, 5, 31))
    assert year == {"employers": 1, "openings": 3, "seekers": 1, "referrals": 2, "hired": 2, "employment_rate": 200.0}
    assert referrals.counts_by_day(db, D(2024, 4, 1), D(2024, 4, 30)) == {
        D(2024, 4, 2): {"referrals": 1, "hired": 0}, D(2024, 4, 3): {"referrals": 0, "hired": 1}}


# --- events and courses ---------------------------------------------------------------------


def test_job_fair_interviews_hires_and_quick_intake(db) -> None:
    employer(db)
    v1 = vacancy(db)
    v2 = vacancy(db, title="홀 서빙", headcount="2")
    other = vacancy(db, title="행사 밖 구인")
    ev = events.create_event(db, {"kind": "job포유", "title": "5월 구인ㆍ구직 만남의 날", "held_on": "2024-05-22",
                                  "place": "일자리플러스센터"})
    events.add_vacancy(db, ev.id, v1.id)
    events.add_vacancy(db, ev.id, v2.id)
    with pytest.raises(Refused, match="이미 이 행사에 참여"):
        events.add_vacancy(db, ev.id, v1.id)
    walk_in = events.quick_intake(db, {"name": "NGUYEN THI HOA", "birth_date": "1995-11-20", "phone": "01034567890",
                                       "desired_jobs": "53"}, consent=True, event_id=ev.id)
    assert (walk_in.registered_on, walk_in.consent_date, walk_in.status) == (D(2024, 5, 22), D(2024, 5, 22), "구직중")
    with pytest.raises(ValidationFailed, match="동의"):
        events.quick_intake(db, {"name": "동의안함", "birth_date": "1990-01-01", "phone": "01011112222"}, consent=False)
    regular = seeker(db)
    hired = events.interview(db, ev.id, walk_in.id, v1.id, hired=True)
    events.interview(db, ev.id, regular.id, v2.id)
    with pytest.raises(Refused, match="이 행사에 참여한 구인이 아닙니다"):
        events.interview(db, ev.id, regular.id, other.id)
    d = events.event_detail(db, ev.id)
    assert (d.row.vacancies, d.row.interviewed, d.row.hired) == (2, 2, 1)
    assert {(r.seeker_name, r.status) for r in d.interviews} == {("NGUYEN THI HOA", "채용"), ("김민수", "면접")}
    steps = [s.action for s in referrals.detail(db, hired.id).steps]
    assert steps == ["알선", "면접", "채용"]
    assert seekers.get(db, walk_in.id).status == "취업"
    assert events.event_figures(db, D(2024, 5, 1), D(2024, 5, 31))["job포유"] == {"events": 1, "interviewed": 2, "hired": 1}


def test_an_on_site_interview_is_one_transaction(db) -> None:
    employer(db)
    v = vacancy(db, headcount="1")
    ev = events.create_event(db, {"kind": "취업박람회", "title": "희망 취업박람회", "held_on": "2024-05-30"})
    events.add_vacancy(db, ev.id, v.id)
    first = seeker(db)
    events.interview(db, ev.id, first.id, v.id, hired=True)
    vacancies.set_status(db, v.id, "마감")  # a refused hire must not leave its referral behind
    before = count(db, Referral)
    with pytest.raises(Refused):
        events.interview(db, ev.id, seeker(db, name="둘째", phone="010-8888-0001").id, v.id, hired=True)
    assert count(db, Referral) == before


def test_course_enrolment_and_completion(db) -> None:
    course = events.create_course(db, {"title": "중장년 요양보호사 취업 과정", "starts_on": "2024-05-06",
                                       "ends_on": "2024-05-24", "capacity": "2"})
    with pytest.raises(ValidationFailed, match="종료일"):
        events.create_course(db, {"title": "거꾸로", "starts_on": "2024-05-06", "ends_on": "2024-05-01"})
    people = [seeker(db, name=n, phone=f"010-6666-000{i}") for i, n in enumerate(("가", "나", "다"))]
    e1 = events.enrol(db, course.id, people[0].id, on="2024-05-02")
    events.enrol(db, course.id, people[1].id, on="2024-05-02")
    with pytest.raises(Refused, match="정원 2명이 찼습니다"):
        events.enrol(db, course.id, people[2].id)
    with pytest.raises(Refused, match="이미 이 과정에 등록"):
        events.enrol(db, course.id, people[0].id)
    events.finish(db, e1.id, "수료", on="2024-05-24")
    _, row, rows = events.course_detail(db, course.id)
    assert (row.enrolled, row.completed, row.dropped) == (2, 1, 0)
    assert [(r.name, r.status, r.completed_on) for r in rows] == [("가", "수료", D(2024, 5, 24)), ("나", "수강", None)]
    assert events.course_figures(db, D(2024, 5, 1), D(2024, 5, 31)) == {"courses": 1, "people": 2, "completed": 1,
                                                                       "dropped": 0}
