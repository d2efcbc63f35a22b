"""상생기업 (재정지원, 공공구매 against the year's target, contest teams) and 일자리 목표공시제
(projects and indicators set by a supervisor, quarterly results, achievement rates, summary)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.programs_helpers import build, program
from ydp_tui.db import enterprises, policy, programs, targets
from ydp_tui.db.errors import StaleRecord, ValidationFailed
from ydp_tui.db.roles import Forbidden
from ydp_tui.rules import targets as rules

D = dt.date


def test_support_and_purchases_against_the_target(db):
    build(db)
    s = enterprises.support_figures(db, D(2024, 1, 1), D(2024, 5, 31))
    assert (s.enterprises, s.people, s.amount, s.records) == (1, 3, 9_500_000, 2)
    assert enterprises.support_figures(db, D(2024, 1, 1), D(2024, 5, 30)).amount == 6_500_000
    assert enterprises.purchase_target(db, 2024) == 4_560_000_000           # shipped policy value
    [p] = enterprises.purchase_figures(db, D(2024, 1, 1), D(2024, 5, 31))
    assert (p.amount, p.enterprises, p.target, p.achievement_rate) == (2_700_000_000, 2, 4_560_000_000, 59.2)
    [p] = enterprises.purchase_figures(db, D(2024, 5, 31), D(2024, 5, 31))
    assert (p.amount, p.achievement_rate) == (2_600_000_000, 57.0)          # the seed's 26억원, 57%
    assert enterprises.purchase_figures(db, D(2024, 6, 1), D(2024, 12, 31)) == []
    rows = {r.name: r for r in enterprises.list_enterprises(db, 2024)}
    assert (rows["영원협동조합"].support_amount, rows["영원협동조합"].purchase_amount) == (9_500_000, 2_600_000_000)
    assert rows["행복마을기업"].support_amount == 0                          # its support was in 2023


def test_a_year_without_a_target_has_no_rate(db):
    e = enterprises.add(db, {"name": "내일협동조합", "kind": "협동조합"})
    enterprises.add_purchase(db, e.id, {"purchased_on": "2023-07-01", "buyer": "총무과", "amount": "1000"})
    [p] = enterprises.purchase_figures(db, D(2023, 1, 1), D(2023, 12, 31))
    assert (p.target, p.achievement_rate) == (None, None)


def test_enterprise_checks(db):
    enterprises.add(db, {"name": "영원협동조합", "kind": "협동조합", "brn": "2208162517"})
    with pytest.raises(ValidationFailed, match="이미 등록된"):
        enterprises.add(db, {"name": "다른 이름", "kind": "협동조합", "brn": "220-81-62517"})
    with pytest.raises(ValidationFailed) as exc:
        enterprises.add(db, {"name": "x", "kind": "주식회사", "brn": "220-81-62510"})
    assert set(exc.value.errors) == {"구분", "사업자등록번호"}
    e = enterprises.find(db, "영원협동조합")
    with pytest.raises(ValidationFailed) as exc:
        enterprises.add_support(db, e.id, {"kind": "일자리창출 인건비", "amount": "0"})
    assert set(exc.value.errors) == {"지원금액"}
    with pytest.raises(ValidationFailed) as exc:
        enterprises.add_support(db, e.id, {"kind": "일자리창출 인건비", "amount": "1", "period_start": "2024-03-01",
                                           "period_end": "2024-02-01"})
    assert exc.value.errors == {"지원 끝": "지원 끝이 지원 시작보다 앞섭니다"}


def test_contest_teams(db):
    contest = programs.add_program(db, program(name="창업아이디어 경진대회", kind="경진대회"))
    t = enterprises.add_team(db, contest.id, {"team_name": "알파", "members": "3", "applied_on": "2024-05-01"})
    with pytest.raises(ValidationFailed, match="이미"):
        enterprises.add_team(db, contest.id, {"team_name": "알파", "applied_on": "2024-05-01"})
    with pytest.raises(ValidationFailed, match="결정일"):
        enterprises.add_team(db, contest.id, {"team_name": "베타", "applied_on": "2024-05-01", "status": "선발"})
    enterprises.decide_team(db, t.id, "선발")
    [row] = enterprises.teams(db, contest.id)
    assert (row.status, row.decided_on) == ("선발", D(2024, 5, 31))
    [f] = programs.figures(db, D(2024, 5, 31), D(2024, 5, 31))
    assert (f.count, f.people, f.summary) == (1, 3, "1개팀 선발")
    academy = programs.add_program(db, program())
    with pytest.raises(ValidationFailed, match="경진대회가 아닙니다"):
        enterprises.add_team(db, academy.id, {"team_name": "감마", "applied_on": "2024-05-01"})


# --- 일자리 목표공시제 ----------------------------------------------------------------------------


def test_achievement_rates_one_decimal_half_up():
    assert rules.achievement(49, 400) == 12.3            # 12.25: half up (round() would give 12.2)
    assert rules.achievement(1, 3) == 33.3 and rules.achievement(2, 3) == 66.7
    assert rules.achievement(57, 100) == 57.0
    assert rules.achievement(5, 0) is None               # no target, no rate
    assert rules.mean_rate([12.3, 33.3]) == 22.8
    assert rules.mean_rate([]) is None
    assert rules.quarters_in(2024, D(2024, 1, 1), D(2024, 5, 31)) == [1]
    assert rules.quarters_in(2024, D(2024, 1, 1), D(2024, 6, 30)) == [1, 2]
    assert rules.quarters_in(2024, D(2024, 4, 1), D(2024, 6, 29)) == []
    assert rules.quarter_range(2024, 1) == (D(2024, 1, 1), D(2024, 3, 31))
    assert rules.quarter_range(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))


def _plan(db) -> list[targets.IndicatorRow]:
    targets.add_project(db, {"year": "2024", "department": "일자리정책과", "name": "구인구직 만남의 날"},
                        [{"name": "채용 인원", "unit": "명", "target": "400"}, {"name": "개최", "unit": "회", "target": "0"}])
    targets.add_project(db, {"year": "2024", "department": "일자리정책과", "name": "취업박람회"},
                        [{"name": "참여 기업", "unit": "개", "target": "3"}])
    targets.add_project(db, {"year": "2024", "department": "복지정책과", "name": "노인 일자리"},
                        [{"name": "참여 인원", "unit": "명", "target": "1,000"}])
    return targets.indicators(db, 2024)


def test_targets_need_a_supervisor(db, open_db):
    with pytest.raises(Forbidden, match="감독자/관리자만"):
        targets.add_project(db, {"year": "2024", "department": "일자리정책과", "name": "x"},
                            [{"name": "y", "unit": "명", "target": "1"}])
    boss = open_db(operator="최팀장", role="감독자")
    with pytest.raises(ValidationFailed) as exc:
        targets.add_project(boss, {"year": "2024", "department": "일자리정책과", "name": "x"}, [{"name": "", "target": "-1"}])
    assert set(exc.value.errors) == {"지표 1 지표", "지표 1 목표"}
    with pytest.raises(ValidationFailed, match="하나 이상"):
        targets.add_project(boss, {"year": "2024", "department": "일자리정책과", "name": "x"}, [])


def test_quarterly_results_rates_and_summary(open_db):
    boss = open_db(operator="최팀장", role="감독자")
    meet, fair_count, fair, elders = _plan(boss)
    assert [r.label for r in (meet, fair_count, fair, elders)] == [
        "구인구직 만남의 날 / 채용 인원", "구인구직 만남의 날 / 개최", "취업박람회 / 참여 기업", "노인 일자리 / 참여 인원"]
    desk = open_db(operator="김상담")                       # results are any desk's job
    assert targets.save_results(desk, 2024, 1, {meet.id: "49", fair_count.id: "3", fair.id: "1"},
                                loaded={meet.id: None, fair_count.id: None, fair.id: None}) == 3
    targets.save_results(desk, 2024, 1, {elders.id: "250"})
    targets.save_results(desk, 2024, 2, {meet.id: "51", fair.id: "2"})
    rows = {r.label: r for r in targets.indicators(desk, 2024)}
    m = rows["구인구직 만남의 날 / 채용 인원"]
    assert (m.upto(1), m.rate(1), m.upto(2), m.rate(2)) == (49, 12.3, 100, 25.0)
    assert rows["구인구직 만남의 날 / 개최"].rate(1) is None                    # target 0
    assert rows["취업박람회 / 참여 기업"].rate(1) == 33.3 and rows["취업박람회 / 참여 기업"].rate(2) == 100.0
    s = targets.summary(desk, 2024, 1)
    assert [(d.department, d.projects, d.indicators, d.entered, d.achieved, d.average_rate) for d in s.departments] == [
        ("일자리정책과", 2, 3, 3, 0, 22.8),                # (12.3 + 33.3) / 2
        ("복지정책과", 1, 1, 1, 0, 25.0)]
    assert (s.total.projects, s.total.indicators, s.total.average_rate) == (3, 4, 23.5)   # (12.3+33.3+25.0)/3
    q2 = targets.summary(desk, 2024, 2)
    assert [(d.entered, d.achieved, d.average_rate) for d in q2.departments] == [(2, 1, 62.5), (0, 0, 25.0)]


def test_results_are_all_or_nothing_and_never_overwritten(open_db):
    boss = open_db(operator="최팀장", role="감독자")
    meet, _, fair, _ = _plan(boss)
    desk = open_db(operator="김상담")
    with pytest.raises(ValidationFailed) as exc:
        targets.save_results(desk, 2024, 1, {meet.id: "10", fair.id: "많음"})
    assert exc.value.errors == {"취업박람회 / 참여 기업": "'많음'은(는) 숫자가 아닙니다"}
    assert targets.indicators(desk, 2024)[0].results == {}
    targets.save_results(boss, 2024, 1, {meet.id: "10"})
    with pytest.raises(StaleRecord, match="최팀장님이"):
        targets.save_results(desk, 2024, 1, {meet.id: "12"}, loaded={meet.id: None})
    assert targets.indicators(desk, 2024)[0].results == {1: 10}
    version = targets.indicators(desk, 2024)[0].result_versions[1]
    targets.save_results(desk, 2024, 1, {meet.id: ""}, loaded={meet.id: version})     # cleared
    assert targets.indicators(desk, 2024)[0].results == {}
    with pytest.raises(ValidationFailed, match="분기"):
        targets.save_results(desk, 2024, 5, {meet.id: "1"})


def test_purchase_target_is_policy_data(db, open_db):
    boss = open_db(operator="최팀장", role="감독자")
    with boss.write() as session:
        policy.set_value(session, "public_purchase", 2025, "target", 5_000_000_000)
    assert enterprises.purchase_target(db, 2025) == 5_000_000_000
