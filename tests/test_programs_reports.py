"""``report programs`` and ``report targets``: the report functions on the hand-worked data
(tests/programs_helpers), an empty period, and the --to day counting.

The ``report`` command and its renderers are another area's; these call the functions the
registry names, as the command will."""

from __future__ import annotations

import datetime as dt

from tests.programs_helpers import build
from ydp_tui import reports
from ydp_tui.db import spaces, targets

D = dt.date


def _spaces(db) -> None:
    b = spaces.book(db, "스튜디오 영원 세미나실", {"day": "2024-05-31", "time_from": "10:00", "time_to": "12:00",
                                             "booked_by": "홍길동", "headcount": "6"})
    spaces.check_in(db, b.booking_no, "5")
    spaces.record_use(db, "스튜디오 영원 미디어실1", {"used_on": "2024-05-30", "headcount": "2"})
    for day, n in (("2024-05-29", 200), ("2024-05-30", 205), ("2024-05-31", 207)):
        spaces.record_use(db, "서울청년센터 영등포 상담실", {"used_on": day, "headcount": str(n)})


def test_programs_report(db):
    build(db)
    _spaces(db)
    assert reports.REPORTS["programs"] == "ydp_tui.reports.programs:programs"
    r = reports.build("programs", db, D(2024, 1, 1), D(2024, 5, 31))
    assert [k for k, _ in r.columns] == ["unit", "team", "item", "kind", "count", "people", "average", "completed",
                                         "amount", "target", "achievement_rate", "summary"]
    rows = [{k: v for k, v in row.items() if v is not None} for row in r.as_json()]
    unit3, unit4, unit5 = "지역기반 상생기업 활성화", "청년정책 활성화", "청년의 사회적 자립기반 조성"
    assert rows == [
        {"unit": unit3, "team": "상생기업팀", "item": "(예비)사회적경제기업 재정지원", "kind": "재정지원", "count": 1,
         "people": 3, "amount": 9_500_000, "summary": "1개소, 9.5백만원"},
        {"unit": unit3, "team": "상생기업팀", "item": "소셜벤처 창업아카데미", "kind": "교육", "count": 3, "people": 5,
         "average": 3, "completed": 1, "summary": "3회(5명)"},
        {"unit": unit3, "team": "상생기업팀", "item": "창업아이디어 경진대회", "kind": "경진대회", "count": 3, "people": 6,
         "summary": "3개팀 선발"},
        {"unit": unit3, "team": "상생기업팀", "item": "상생기업 공공구매", "kind": "공공구매", "count": 2,
         "amount": 2_700_000_000, "target": 4_560_000_000, "achievement_rate": 59.2,
         "summary": "27억원(목표액 대비 59.2%)"},
        {"unit": unit3, "team": "상생기업팀", "item": "스튜디오 영원 이용", "kind": "공간", "count": 2, "people": 7,
         "average": 4, "summary": "이용 2건(7명), 일 평균 4명"},               # 7 people over 2 days: 3.5 -> 4
        {"unit": unit4, "team": "청년정책팀", "item": "청년 강사양성", "kind": "교육", "count": 2, "people": 4, "average": 4,
         "summary": "2회, 회차별 4명"},
        {"unit": unit5, "team": "청년지원팀", "item": "온라인 수강권", "kind": "지원", "count": 0, "people": 3,
         "summary": "3명"},
        {"unit": unit5, "team": "청년지원팀", "item": "서울청년센터 영등포 이용", "kind": "공간", "count": 3, "people": 612,
         "average": 204, "summary": "이용 3건(612명), 일 평균 204명"},
    ]


def test_programs_report_empty_period_and_the_last_day(db):
    build(db)
    _spaces(db)
    assert reports.build("programs", db, D(2024, 4, 3), D(2024, 4, 30)).rows == []
    assert reports.build("programs", db, D(2023, 1, 1), D(2023, 11, 30)).as_json() == []
    last = {row["item"]: row for row in reports.build("programs", db, D(2024, 5, 31), D(2024, 5, 31)).rows}
    assert set(last) == {"(예비)사회적경제기업 재정지원", "소셜벤처 창업아카데미", "상생기업 공공구매", "스튜디오 영원 이용",
                         "온라인 수강권", "서울청년센터 영등포 이용"}
    assert last["상생기업 공공구매"]["summary"] == "26억원(목표액 대비 57.0%)"
    assert (last["소셜벤처 창업아카데미"]["count"], last["소셜벤처 창업아카데미"]["people"]) == (1, 2)
    assert (last["서울청년센터 영등포 이용"]["people"], last["스튜디오 영원 이용"]["count"]) == (207, 1)
    assert last["(예비)사회적경제기업 재정지원"]["amount"] == 3_000_000


def test_targets_report(open_db):
    boss = open_db(operator="최팀장", role="감독자")
    targets.add_project(boss, {"year": "2024", "department": "일자리정책과", "name": "구인구직 만남의 날"},
                        [{"name": "채용 인원", "unit": "명", "target": "400"}, {"name": "개최", "unit": "회", "target": "0"}])
    targets.add_project(boss, {"year": "2024", "department": "복지정책과", "name": "노인 일자리"},
                        [{"name": "참여 인원", "unit": "명", "target": "3"}])
    meet, held, elders = targets.indicators(boss, 2024)
    targets.save_results(boss, 2024, 1, {meet.id: "49", held.id: "3", elders.id: "1"})
    targets.save_results(boss, 2024, 2, {meet.id: "51", elders.id: "1"})

    def rows(a, b):
        return reports.build("targets", boss, a, b).as_json()

    jan_may = rows(D(2024, 1, 1), D(2024, 5, 31))
    assert jan_may == [
        {"year": 2024, "department": "일자리정책과", "project": "구인구직 만남의 날", "indicator": "채용 인원", "unit": "명",
         "target": 400, "q1": 49, "q2": None, "q3": None, "q4": None, "result": 49, "achievement_rate": 12.3},
        {"year": 2024, "department": "일자리정책과", "project": "구인구직 만남의 날", "indicator": "개최", "unit": "회",
         "target": 0, "q1": 3, "q2": None, "q3": None, "q4": None, "result": 3, "achievement_rate": None},
        {"year": 2024, "department": "복지정책과", "project": "노인 일자리", "indicator": "참여 인원", "unit": "명",
         "target": 3, "q1": 1, "q2": None, "q3": None, "q4": None, "result": 1, "achievement_rate": 33.3},
    ]
    half = rows(D(2024, 1, 1), D(2024, 6, 30))              # Q2 ends on the --to day: it counts
    assert [(r["q2"], r["result"], r["achievement_rate"]) for r in half] == [(51, 100, 25.0), (None, 3, None),
                                                                           (1, 2, 66.7)]
    assert [r["result"] for r in rows(D(2024, 1, 1), D(2024, 6, 29))] == [49, 3, 1]
    report = reports.build("targets", boss, D(2024, 1, 1), D(2024, 6, 30))
    assert report.notes[0] == "2개 부서 2개 사업 3개 지표, 평균 달성률 45.9%"    # (25.0 + 66.7) / 2 = 45.85
    assert rows(D(2023, 1, 1), D(2023, 12, 31)) == []
