"""Matching scores as pure functions: each criterion at its edges, hard requirements, the score
and its explanation (rules.matching)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from ydp_tui import data
from ydp_tui.rules import matching as m

D = dt.date
SHIPPED = json.loads((Path(m.__file__).parents[1] / "data" / "policy.json").read_text(encoding="utf-8"))
WEIGHTS, RULES = SHIPPED["match_weights"]["0"], SHIPPED["match_rules"]["0"]
P = m.policy_from(WEIGHTS, RULES)
DONGS = frozenset(data.dongs())


def seeker(**over) -> m.SeekerSide:
    values = dict(id="s1", seeker_no="T1-2024-00001", name="김민수", birth=D(1990, 3, 15), dong="문래동", in_gu=True,
                  education="고졸", career_years=3, jobs=("5301",), wage=2_000_000, work_type="전일제", hours=None,
                  certs=(), cert_keys=(), groups=frozenset(), registered_on=D(2024, 5, 1))
    values.update(over)
    if "dong" in over and "in_gu" not in over:
        values["in_gu"] = over["dong"] in DONGS
    if "certs" in over:
        values["cert_keys"] = tuple(m.cert_key(c) for c in over["certs"])
    return m.SeekerSide(**values)


def vacancy(**over) -> m.VacancySide:
    values = dict(id="v1", vacancy_no="V-1", title="주방 보조", employer="(주)한강푸드", keco="5301", dong="문래동",
                  in_gu=True, wage_type="월급", wage=2_000_000, weekly_hours=40, employment_type="기간의 정함 없음",
                  education=None, career="무관", career_months=None, certs=(), cert_keys=(), welcome=frozenset(),
                  deadline=None, registered_on=D(2024, 5, 1))
    values.update(over)
    if "dong" in over and "in_gu" not in over:
        values["in_gu"] = over["dong"] in DONGS
    if "certs" in over:
        values["cert_keys"] = tuple(m.cert_key(c) for c in over["certs"])
    return m.VacancySide(**values)


def policy(**rules_over) -> m.MatchPolicy:
    return m.policy_from(WEIGHTS, {**RULES, **rules_over})


# --- wages normalised to a month -----------------------------------------------------------


def test_monthly_hours_include_weekly_holiday_pay_from_15_hours() -> None:
    assert m.monthly_hours(40, P) == 209          # (40 + 8) x 4.345 = 208.56
    assert m.monthly_hours(15, P) == 78           # (15 + 3) x 4.345 = 78.21: 주휴 from 15 hours
    assert m.monthly_hours(14, P) == 61           # 14 x 4.345 = 60.83: no 주휴
    assert m.monthly_hours(None, P) == 209        # hours unknown: a full-time month


def test_monthly_wage_per_type() -> None:
    assert m.monthly_wage("시급", 10_000, 40, P) == 2_090_000
    assert m.monthly_wage("시급", 9_860, None, P) == 2_060_740      # 2024 최저임금 월 환산액
    assert m.monthly_wage("일급", 100_000, 40, P) == 2_172_500      # x 5 days x 4.345 weeks
    assert m.monthly_wage("월급", 2_500_000, 40, P) == 2_500_000
    assert m.monthly_wage("연봉", 30_000_001, 40, P) == 2_500_000   # half up to the won
    assert m.monthly_wage(None, None, 40, P) is None
    assert m.monthly_wage("시급", None, 40, P) is None


def test_weeks_per_month_is_policy_data() -> None:
    assert m.monthly_wage("시급", 10_000, 40, policy(weeks_per_month=4.0)) == 1_920_000


# --- criteria ------------------------------------------------------------------------------


def test_occupation_levels_and_the_best_of_several_wishes() -> None:
    v = vacancy(keco="5301")
    assert m.occupation(seeker(jobs=("5301",)), v, P) == (100, ("level", 4, "5301"))
    assert m.occupation(seeker(jobs=("530",)), v, P) == (80, ("level", 3, "530"))
    assert m.occupation(seeker(jobs=("53",)), v, P) == (60, ("level", 2, "53"))
    assert m.occupation(seeker(jobs=("5302",)), v, P) == (80, ("level", 3, "5302"))   # same 소분류 530
    assert m.occupation(seeker(jobs=("56", "53", "5301")), v, P)[0] == 100
    assert m.occupation(seeker(jobs=("54",)), v, P) == (m.FAIL, ("miss",))
    assert m.occupation(seeker(jobs=()), v, P) == (0, ("none",))
    assert m.occupation(seeker(jobs=("53",)), vacancy(keco="53"), P)[0] == 60


def test_region_same_dong_then_the_gu_then_outside() -> None:
    assert m.region(seeker(dong="문래동"), vacancy(dong="문래동"), P) == (100, ("same",))
    assert m.region(seeker(dong="당산1동"), vacancy(dong="당산2동"), P) == (60, ("gu",))
    assert m.region(seeker(dong="기타"), vacancy(dong="문래동"), P) == (20, ("outside",))
    assert m.region(seeker(dong="기타"), vacancy(dong="기타"), P) == (20, ("outside",))   # 기타 is no dong
    assert m.region(seeker(dong=None), vacancy(dong="문래동"), P) == (30, ("unknown",))


def test_wage_at_the_wish_near_it_and_below() -> None:
    v = vacancy(wage_type="월급", wage=1_800_000)
    assert m.wage(seeker(wage=1_800_000), v, P) == (100, ("ok", 1_800_000))
    assert m.wage(seeker(wage=2_000_000), v, P) == (50, ("near", 1_800_000, 90))        # exactly 90%
    assert m.wage(seeker(wage=2_000_001), v, P)[0] == m.FAIL                          # just below 90%
    assert m.wage(seeker(wage=None), v, P) == (50, ("no_wish", 1_800_000))
    assert m.wage(seeker(wage=2_000_000), vacancy(wage_type=None, wage=None), P) == (50, ("no_offer",))
    assert m.wage(seeker(wage=2_090_000), vacancy(wage_type="시급", wage=10_000, weekly_hours=40), P)[0] == 100


def test_wage_near_threshold_is_policy_data() -> None:
    v = vacancy(wage_type="월급", wage=1_800_000)
    assert m.wage(seeker(wage=2_000_000), v, policy(wage_near_percent=95))[0] == m.FAIL


def test_hours_full_time_part_time_and_the_tolerance() -> None:
    full, part20 = vacancy(weekly_hours=40), vacancy(weekly_hours=20, employment_type="시간선택제")
    assert m.hours(seeker(work_type="무관"), part20, P)[0] == 100
    assert m.hours(seeker(work_type=None), part20, P)[0] == 100
    assert m.hours(seeker(work_type="전일제"), full, P) == (100, ("full",))
    assert m.hours(seeker(work_type="전일제"), part20, P) == (m.FAIL, ("want_full",))
    assert m.hours(seeker(work_type="시간제", hours=25), part20, P) == (100, ("part",))       # 5 hours apart
    assert m.hours(seeker(work_type="시간제", hours=26), part20, P) == (50, ("part_far",))   # 6 apart
    assert m.hours(seeker(work_type="시간제"), full, P) == (m.FAIL, ("want_part",))
    # below full_time_min_hours (35) a job counts as part-time, whatever its employment type
    assert m.hours(seeker(work_type="전일제"), vacancy(weekly_hours=35), P)[0] == 100
    assert m.hours(seeker(work_type="전일제"), vacancy(weekly_hours=34), P)[0] == m.FAIL


def test_education_at_least_the_required_level() -> None:
    v = vacancy(education="고졸")
    assert m.education(seeker(education="고졸"), v, P) == (100, ("ok",))
    assert m.education(seeker(education="대학원졸"), v, P) == (100, ("ok",))
    assert m.education(seeker(education="중졸"), v, P) == (m.FAIL, ("short",))
    assert m.education(seeker(education=None), v, P) == (50, ("unknown",))
    assert m.education(seeker(education="중졸"), vacancy(education=None), P) == (100, ("any",))


def test_career_months() -> None:
    v = vacancy(career="경력", career_months=24)
    assert m.career(seeker(career_years=2), v, P) == (100, ("ok",))
    assert m.career(seeker(career_years=1), v, P) == (m.FAIL, ("short",))
    assert m.career(seeker(career_years=None), v, P) == (50, ("unknown",))
    assert m.career(seeker(career_years=0), vacancy(career="경력", career_months=None), P)[0] == m.FAIL
    assert m.career(seeker(career_years=0), vacancy(career="신입"), P) == (100, ("new",))
    assert m.career(seeker(career_years=0), vacancy(career="무관"), P) == (100, ("any",))


def test_certificates_every_required_one_held() -> None:
    v = vacancy(certs=("요양보호사",))
    assert m.certificates(seeker(certs=("요양보호사",)), v, P) == (100, ("ok",))
    assert m.certificates(seeker(certs=("요양 보호사 1급",)), v, P)[0] == 100      # spaces, a grade after it
    assert m.certificates(seeker(certs=()), v, P) == (m.FAIL, ("missing", ("요양보호사",)))
    two = vacancy(certs=("지게차운전기능사", "운전면허 1종 보통"))
    assert m.certificates(seeker(certs=("지게차운전기능사",)), two, P) == (m.FAIL, ("missing", ("운전면허 1종 보통",)))
    assert m.certificates(seeker(certs=()), vacancy(certs=()), P) == (100, ("none",))


def test_target_groups_the_employer_welcomes() -> None:
    v = vacancy(welcome=frozenset({"경력보유여성", "중장년"}))
    assert m.target_groups(seeker(groups=frozenset({"중장년"})), v, P) == (100, ("ok", ("중장년",)))
    assert m.target_groups(seeker(groups=frozenset({"청년"})), v, P) == (m.FAIL, ("no",))
    assert m.target_groups(seeker(), vacancy(), P) == (50, ("none",))


# --- the score, hard requirements, explanations -------------------------------------------------


def test_hard_requirements_filter_and_soft_ones_rank() -> None:
    short = seeker(education="중졸")
    v = vacancy(education="고졸")
    assert m.evaluate(short, v, P) is None
    soft = dataclasses.replace(P, hard=frozenset({"occupation"}))
    ev = m.evaluate(short, v, soft)
    assert ev is not None and m.explain(ev, short, v, soft, {})[m.CRITERIA.index("education")].points == 0
    assert m.evaluate(seeker(jobs=("54",)), vacancy(), P) is None             # no shared 중분류
    assert m.evaluate(seeker(certs=()), vacancy(certs=("조리기능사",)), P) is None
    # what is not hard never filters: a wage far below the wish only ranks lower
    low = m.evaluate(seeker(wage=4_000_000), vacancy(), P)
    assert low is not None and m.explain(low, seeker(wage=4_000_000), vacancy(), P, {})[2].points == 0
    assert low.score == 78   # 35 + 15 + 0 + 10 + 5 + 5 + 5 + 2.5


def test_score_is_the_weighted_mean_and_every_criterion_is_explained() -> None:
    s = seeker(jobs=("53",), dong="당산1동", wage=2_000_000, work_type="전일제")
    v = vacancy(keco="5301", dong="문래동", wage_type="시급", wage=10_000, weekly_hours=40)
    ev = m.evaluate(s, v, P)
    assert ev is not None
    # occupation 60% of 35, region 60% of 15, wage 20, hours 10, education 5, career 5, certs 5, groups 50% of 5
    assert ev.score == round((35 * 60 + 15 * 60 + 20 * 100 + 10 * 100 + 5 * 100 + 5 * 100 + 5 * 100 + 5 * 50) / 100)
    parts = m.explain(ev, s, v, P, data.keco_names())
    assert [c.key for c in parts] == list(m.CRITERIA)
    assert sum(c.points for c in parts) == ev.score == 78
    assert sum(c.max_points for c in parts) == 100
    text = {c.key: c.text for c in parts}
    assert text["occupation"] == "같은 중분류 53 음식 서비스직 (희망 53, 구인 5301) (21/35점)"
    assert text["region"] == "영등포구 안 (거주 당산1동, 근무 문래동) (9/15점)"
    assert text["wage"] == "제시 월 2,090,000원(시급 10,000원) >= 희망 2,000,000원 (20/20점)"
    assert text["hours"] == "전일제 희망, 기간의 정함 없음, 주 40시간 (10/10점)"
    assert text["target_groups"] == "우대대상 지정 없음 (3/5점)"


def test_a_perfect_pair_scores_100_and_weights_are_policy_data() -> None:
    s = seeker(jobs=("5301",), groups=frozenset({"청년"}))
    v = vacancy(welcome=frozenset({"청년"}))
    assert m.evaluate(s, v, P).score == 100
    only_region = m.policy_from({"region": 1}, RULES)
    assert m.evaluate(seeker(dong="당산1동"), vacancy(), only_region).score == 60
    assert only_region.max_points("region") == 100 and only_region.max_points("wage") == 0


def test_policy_values_are_checked() -> None:
    with pytest.raises(m.PolicyError, match="region_gu"):
        m.policy_from(WEIGHTS, {k: v for k, v in RULES.items() if k != "region_gu"})
    with pytest.raises(m.PolicyError, match="hard"):
        m.policy_from(WEIGHTS, {**RULES, "hard": ["salary"]})
    with pytest.raises(m.PolicyError, match="합이 0"):
        m.policy_from({c: 0 for c in m.CRITERIA}, RULES)
    with pytest.raises(m.PolicyError, match="weeks_per_month"):
        m.policy_from(WEIGHTS, {**RULES, "weeks_per_month": "4.345"})


def test_best_orders_by_score_then_the_tie_break() -> None:
    a, b, c = (m.Evaluation(s) for s in (70, 90, 70))
    pairs = [("late", a), ("top", b), ("early", c)]
    assert [o for o, _ in m.best(pairs, 2, key=lambda o: o)] == ["top", "early"]
