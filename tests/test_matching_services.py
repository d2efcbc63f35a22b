"""Matching services and their in-process index against a real database: who takes part, the
explanations, referred pairs marked, and the index following writes from this and another desk."""

from __future__ import annotations

import pytest

from tests.jobs_helpers import BRN2, employer, seeker, vacancy
from ydp_tui.db import employers, matching, policy, referrals, seekers, vacancies
from ydp_tui.db.errors import NotFound, Refused


def setup(db):
    employer(db)
    employer(db, brn=BRN2, name="여의요양원", dong="여의동", welcome_groups=["중장년"])
    near = vacancy(db, title="주방 보조", keco="5301")
    far = vacancy(db, title="주방장", keco="53", wage_type="월급", wage="2,600,000", education="대졸")
    care = vacancy(db, brn=BRN2, title="요양보호사", keco="55", certificates="요양보호사", wage_type="월급",
                   wage="2,300,000")
    return near, far, care


def test_for_seeker_ranks_open_vacancies_with_reasons(db) -> None:
    near, far, care = setup(db)
    s = seeker(db, desired_jobs="5301;55", education="대졸", certificates="요양보호사", dong="문래동",
               target_groups="중장년")
    result = matching.for_seeker(db, s.id)
    assert [(r.vacancy.id, r.score) for r in result.rows] == [(near.id, 98), (far.id, 84), (care.id, 80)]
    top = result.rows[0]
    assert top.referral is None
    assert matching.criteria_json(top) == {
        "occupation": "같은 세분류 5301 음식 서비스직 (35/35점)",
        "region": "같은 행정동 문래동 (15/15점)",
        "wage": "제시 월 2,090,000원(시급 10,000원) >= 희망 2,000,000원 (20/20점)",
        "hours": "전일제 희망, 기간의 정함 없음, 주 40시간 (10/10점)",
        "education": "학력 무관 (5/5점)",
        "career": "경력 무관 (5/5점)",
        "certificates": "요구 자격증 없음 (5/5점)",
        "target_groups": "우대대상 지정 없음 (3/5점)",
    }
    assert result.rows[2].criteria[-1].reason == "우대대상 중장년"
    assert result.rows[2].criteria[1].reason == "영등포구 안 (거주 문래동, 근무 여의동)"   # the employer's dong
    assert result.candidates == 3 and result.excluded == 0


def test_hard_requirements_filter_and_open_vacancies_only(db) -> None:
    near, far, care = setup(db)
    s = seeker(db, desired_jobs="53;55", education="고졸")   # no 대졸, no 요양보호사
    result = matching.for_seeker(db, s.id)
    assert [r.vacancy.id for r in result.rows] == [near.id]
    assert (result.candidates, result.excluded) == (3, 2)
    vacancies.set_status(db, near.id, "마감")
    assert matching.for_seeker(db, s.id).rows == []
    with pytest.raises(Refused, match="매칭할 수 없습니다 \\(마감; 모집중인 구인만 매칭합니다\\)"):
        matching.for_vacancy(db, near.id)
    past = vacancy(db, title="지난 구인", deadline="2024-05-30")
    with pytest.raises(Refused, match="마감일 2024-05-30 지남"):
        matching.for_vacancy(db, past.id)


def test_for_vacancy_and_referred_pairs_are_marked(db) -> None:
    near, _, _ = setup(db)
    a = seeker(db, name="김민수", dong="문래동")
    b = seeker(db, name="이영희", phone="010-2222-3333", dong="당산1동")
    c = seeker(db, name="박철수", phone="010-3333-4444", desired_jobs="61")   # another 중분류: not a candidate
    result = matching.for_vacancy(db, near.id)
    assert [(r.seeker.name, r.score) for r in result.rows] == [("김민수", 84), ("이영희", 78)]
    assert result.candidates == 2
    r = referrals.refer(db, b.id, near.id)
    marked = {row.seeker.name: row.referral for row in matching.for_vacancy(db, near.id).rows}
    assert marked == {"김민수": None, "이영희": (r.referral_no, "알선")}
    assert matching.criteria_json(matching.for_vacancy(db, near.id).rows[1])["referral"] == \
        f"이미 알선함: {r.referral_no} (알선)"
    seekers.set_status(db, a.id, "중단")
    assert [row.seeker.name for row in matching.for_vacancy(db, near.id).rows] == ["이영희"]
    with pytest.raises(Refused, match="'중단' 상태입니다 \\(구직중인 구직자만 매칭합니다\\)"):
        matching.for_seeker(db, a.id)
    assert c.id not in {row.seeker.id for row in result.rows}


def test_a_filled_vacancy_drops_out_and_comes_back(db) -> None:
    near, _, _ = setup(db)
    a = seeker(db)
    other = seeker(db, name="이영희", phone="010-2222-3333")
    r = referrals.refer(db, a.id, near.id)
    assert near.id in {x.vacancy.id for x in matching.for_seeker(db, other.id).rows}
    referrals.advance(db, r.id, "채용")
    assert near.id not in {x.vacancy.id for x in matching.for_seeker(db, other.id).rows}
    referrals.advance(db, r.id, "취소", {"note": "입사 취소"})
    assert near.id in {x.vacancy.id for x in matching.for_seeker(db, other.id).rows}


def test_index_follows_another_desk(db, open_db) -> None:
    near, _, _ = setup(db)
    s = seeker(db, desired_jobs="53;62")
    assert len(matching.for_seeker(db, s.id).rows) == 1          # builds the index
    desk = open_db(operator="다른상담")
    driver = vacancy(desk, title="배송 기사", keco="62", wage_type="월급", wage="2,800,000")
    assert {r.vacancy.title for r in matching.for_seeker(db, s.id).rows} == {"주방 보조", "배송 기사"}
    employers.update(desk, near.employer_id, {**employers.to_fields(employers.get(desk, near.employer_id)),
                                              "dong": "대림1동"}, expected_version=1)
    row = next(r for r in matching.for_seeker(db, s.id).rows if r.vacancy.id == near.id)
    assert row.vacancy.dong == "대림1동"
    seekers.update(desk, s.id, {**seekers.to_fields(seekers.get(desk, s.id)), "desired_jobs": "62"},
                   expected_version=seekers.get(desk, s.id).version)
    assert [r.vacancy.id for r in matching.for_seeker(db, s.id).rows] == [driver.id]


def test_weights_and_hard_rules_are_policy_data(db) -> None:
    near, far, _ = setup(db)
    s = seeker(db, education="고졸")
    assert [r.vacancy.id for r in matching.for_seeker(db, s.id).rows] == [near.id]
    with db.write() as session:
        policy.set_value(session, "match_rules", 0, "hard", ["occupation", "certificates"])
        policy.set_value(session, "match_weights", 2024, "education", 0)   # this year only
    result = matching.for_seeker(db, s.id)
    assert [r.vacancy.id for r in result.rows] == [near.id, far.id]
    assert result.rows[1].criteria[4].max_points == 0 and result.hard == ("직종", "자격증")
    with db.write() as session:
        policy.set_value(session, "match_rules", 0, "hard", ["salary"])
    with pytest.raises(Refused, match="모르는 기준"):
        matching.for_seeker(db, s.id)


def test_find_seeker_by_name_and_birth(db) -> None:
    s = seeker(db)
    import datetime as dt

    assert matching.find_seeker(db, "김민수", dt.date(1990, 3, 15)) == s.id
    with pytest.raises(NotFound):
        matching.find_seeker(db, "김민수", dt.date(1990, 3, 16))
    seekers.register(db, {**seekers.to_fields(s), "phone": "010-9999-0000", "consent_date": "2024-04-01"}, force=True)
    with pytest.raises(Refused, match="2명입니다"):
        matching.find_seeker(db, "김민수", dt.date(1990, 3, 15))
