"""Public-work rules at every boundary the issue lists (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ydp_tui.rules import public_work as pw
from ydp_tui.rules.validation import Invalid

D = dt.date

MEDIAN_2024 = {"1": 2228445, "2": 3682609, "3": 4714657, "4": 5729913, "5": 6695735, "6": 7618369,
               "7": 8514994, "extra": 896625}
POLICY = pw.policy_from(2024, MEDIAN_2024, {"hourly": 9860})

DONGHAENG = pw.Period(
    program="동행일자리", period="2024-상반기", start=D(2024, 1, 1), end=D(2024, 6, 30), headcount=3,
    budget=3_094_000_000, city_budget=2_166_000_000, city_ratio=70, income_pct=80, asset_cap=499_000_000,
    default_hours=6, min_age=18, senior_age=65, senior_hours=3, exclusions=(pw.LIVELIHOOD, pw.UNEMPLOYMENT))
COMMUNITY = pw.Period(
    program="지역공동체일자리", period="2024-상반기", start=D(2024, 2, 1), end=D(2024, 6, 30), headcount=16,
    budget=199_000_000, city_budget=150_000_000, city_ratio=75, income_pct=70, asset_cap=499_000_000,
    default_hours=6, min_age=18, senior_age=65, senior_hours=3, exclusions=pw.EXCLUSIONS)


def app(no: str = "A1", *, applied_on: D = D(2023, 12, 1), birth: D = D(1970, 5, 5), size: int = 1,
        income: int = 1_000_000, assets: int = 10_000_000, livelihood: bool = False, unemployment: bool = False,
        member: bool = False, dependents: int = 0) -> pw.Application:
    return pw.Application(no, applied_on, birth, size, income, assets, livelihood, unemployment, member, dependents)


def one(period: pw.Period, a: pw.Application) -> pw.Result:
    return pw.screen(period, POLICY, [a])[0]


# --- age and hours --------------------------------------------------------------------------


def test_18th_birthday_on_the_start_date_counts() -> None:
    assert one(DONGHAENG, app(birth=D(2006, 1, 1))).reasons == ()
    assert one(DONGHAENG, app(birth=D(2006, 1, 2))).reasons == ("AGE",)
    # 지역공동체 starts 2024-02-01
    assert one(COMMUNITY, app(birth=D(2006, 2, 1))).eligible
    assert one(COMMUNITY, app(birth=D(2006, 2, 2))).reasons == ("AGE",)


def test_65th_birthday_on_the_start_date_gives_three_hours() -> None:
    on_day = one(DONGHAENG, app(birth=D(1959, 1, 1)))
    day_after = one(DONGHAENG, app(birth=D(1959, 1, 2)))
    assert (on_day.daily_hours, on_day.daily_wage) == (3, 29_580)
    assert (day_after.daily_hours, day_after.daily_wage) == (6, 59_160)
    # hours and wage are given for the ineligible too
    young = one(DONGHAENG, app(birth=D(2010, 1, 1)))
    assert (young.eligible, young.daily_hours, young.daily_wage, young.rank, young.selected) == (False, 6, 59_160,
                                                                                                None, False)


# --- income, assets, household sizes -----------------------------------------------------------


def test_threshold_is_rounded_half_up_not_to_even() -> None:
    # 5 persons at 70%: 6,695,735 x 0.7 = 4,687,014.5
    assert round(6_695_735 * 70 / 100) == 4_687_014       # what Python's round would give
    assert pw.income_threshold(6_695_735, 70) == 4_687_015
    at = one(COMMUNITY, app(size=5, income=4_687_015))
    over = one(COMMUNITY, app(size=5, income=4_687_016))
    assert at.eligible and over.reasons == ("INCOME",)


def test_income_exactly_at_the_threshold_and_one_won_over() -> None:
    # 1 person at 80%: 2,228,445 x 0.8 = 1,782,756 exactly
    assert one(DONGHAENG, app(income=1_782_756)).eligible
    assert one(DONGHAENG, app(income=1_782_757)).reasons == ("INCOME",)
    assert one(DONGHAENG, app(income=0)).eligible


@pytest.mark.parametrize("size, median", [
    (1, 2_228_445), (2, 3_682_609), (3, 4_714_657), (4, 5_729_913), (5, 6_695_735), (6, 7_618_369),
    (7, 8_514_994), (8, 8_514_994 + 896_625), (9, 8_514_994 + 2 * 896_625),
])
def test_household_sizes_1_to_9(size: int, median: int) -> None:
    assert POLICY.median_for(size) == median
    threshold = pw.income_threshold(median, 80)
    assert one(DONGHAENG, app(size=size, income=threshold)).eligible
    assert one(DONGHAENG, app(size=size, income=threshold + 1)).reasons == ("INCOME",)


def test_household_of_zero_is_not_a_household() -> None:
    with pytest.raises(ValueError):
        POLICY.median_for(0)
    with pytest.raises(Invalid, match="1 이상"):
        pw.FIELDS_BY_KEY["household_size"].parse("0", None)  # type: ignore[arg-type]


def test_assets_at_the_cap_and_one_won_over() -> None:
    assert one(DONGHAENG, app(assets=499_000_000)).eligible
    assert one(DONGHAENG, app(assets=499_000_001)).reasons == ("ASSETS",)


# --- exclusions and the order of reasons --------------------------------------------------------


def test_exclusions_per_program() -> None:
    assert one(DONGHAENG, app(livelihood=True)).reasons == ("EXCLUDED",)
    assert one(DONGHAENG, app(unemployment=True)).reasons == ("EXCLUDED",)
    assert one(DONGHAENG, app(member=True)).eligible                       # 동행: a second member may join
    assert one(COMMUNITY, app(member=True)).reasons == ("DUPLICATE_HOUSEHOLD",)
    assert one(COMMUNITY, app(livelihood=True, unemployment=True)).reasons == ("EXCLUDED",)


def test_every_reason_in_contract_order() -> None:
    r = one(COMMUNITY, app(birth=D(2010, 1, 1), income=9_000_000, assets=600_000_000, unemployment=True,
                           member=True))
    assert r.reasons == ("AGE", "INCOME", "ASSETS", "EXCLUDED", "DUPLICATE_HOUSEHOLD")
    assert r.as_json() == {"application_no": "A1", "eligible": False,
                           "reasons": ["AGE", "INCOME", "ASSETS", "EXCLUDED", "DUPLICATE_HOUSEHOLD"],
                           "daily_hours": 6, "daily_wage": 59_160, "rank": None, "selected": False}


# --- priority and selection -------------------------------------------------------------------


def test_priority_order_and_the_first_n_selected() -> None:
    apps = [
        app("A5", income=1_000_000, assets=5, dependents=0),
        app("A1", size=2, income=1_000_000),                          # lowest ratio (1,000,000 / 3,682,609)
        app("A4", income=1_000_000, assets=5, dependents=2),          # more dependents first
        app("A3", income=1_000_000, assets=1),                        # less assets first
        app("A7", income=1_000_000, assets=5, dependents=0, applied_on=D(2023, 11, 30)),  # earlier 신청일
        app("A6", income=1_000_000, assets=5, dependents=0),          # same day: 신청번호
        app("A2", income=99_000_000),                                 # ineligible
    ]
    results = pw.screen(DONGHAENG, POLICY, apps)
    assert [r.application_no for r in results] == ["A7", "A1", "A2", "A3", "A4", "A5", "A6"]  # arrival order
    ranks = {r.application_no: (r.rank, r.selected) for r in results}
    assert ranks == {"A1": (1, True), "A3": (2, True), "A4": (3, True), "A7": (4, False), "A5": (5, False),
                     "A6": (6, False), "A2": (None, False)}
    # any input order gives the same results
    assert pw.screen(DONGHAENG, POLICY, list(reversed(apps))) == results


def test_ratio_is_compared_exactly() -> None:
    # 1,000,000 / 2,228,445 (1 person) vs 1,652,568 / 3,682,609 (2 persons): 0.4487434... vs 0.4487492...
    a = app("B", size=1, income=1_000_000)
    b = app("A", size=2, income=1_652_568)
    ranks = {r.application_no: r.rank for r in pw.screen(DONGHAENG, POLICY, [b, a])}
    assert ranks == {"B": 1, "A": 2}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.integers(0, 2_000_000), st.integers(0, 3), st.integers(0, 3)),
                min_size=1, max_size=25))
def test_fast_ranking_is_the_priority_rule(rows: list[tuple[int, int, int, int]]) -> None:
    apps = [app(f"A{i:02d}", size=size, income=income, assets=assets, dependents=deps)
            for i, (size, income, assets, deps) in enumerate(rows)]
    results = pw.screen(DONGHAENG, POLICY, apps)
    eligible = [a for a, r in zip(sorted(apps, key=pw.arrival_key), results) if r.eligible]
    expected = sorted(eligible, key=lambda a: pw.priority_key(a, POLICY.median_for(a.household_size)))
    assert [a.application_no for a in expected] == [r.application_no for r in sorted(
        (r for r in results if r.eligible), key=lambda r: r.rank)]


def _results(n: int, headcount: int = 3) -> list[pw.Result]:
    period = pw.Period(**{**DONGHAENG.__dict__, "headcount": headcount})
    apps = [app(f"A{i}", income=100_000 * i) for i in range(1, n + 1)] + [app("X", income=99_000_000)]
    return pw.screen(period, POLICY, apps)


def _states(st: dict[str, pw.Standing]) -> dict[str, tuple[str, str, int | None]]:
    return {no: (s.state, s.how, s.waiting_no) for no, s in sorted(st.items())}


def test_standings_without_decisions_are_the_rule() -> None:
    st = pw.standings(_results(5), 3, pw.Decisions({}))
    assert _states(st) == {"A1": ("선발", "순위", None), "A2": ("선발", "순위", None), "A3": ("선발", "순위", None),
                           "A4": ("대기", "", 1), "A5": ("대기", "", 2), "X": ("부적격", "", None)}


def test_give_up_offers_the_next_on_the_waiting_list() -> None:
    st = pw.standings(_results(5), 3, pw.Decisions({}, gave_up=frozenset({"A2"})))
    assert _states(st)["A2"] == ("포기", "", None)
    assert _states(st)["A4"] == ("선발", "충원", None)
    assert _states(st)["A5"] == ("대기", "", 1)


def test_overrides_select_drop_and_swap() -> None:
    results = _results(5)
    select = pw.standings(results, 3, pw.Decisions({"A5": "선발"}))
    assert _states(select)["A5"] == ("선발", "조정", None)
    assert _states(select)["A3"] == ("대기", "", 1)           # the last by rank makes room
    drop = pw.standings(results, 3, pw.Decisions({"A1": "제외"}))
    assert _states(drop)["A1"] == ("제외", "", None) and _states(drop)["A4"] == ("선발", "충원", None)
    swap = pw.standings(results, 3, pw.Decisions({"A5": "선발", "A2": "제외"}))
    assert [no for no, s in sorted(swap.items()) if s.state == "선발"] == ["A1", "A3", "A5"]
    assert _states(swap)["A4"] == ("대기", "", 1)


def test_people_already_working_are_never_pushed_out() -> None:
    results = _results(5)
    working = frozenset({"A1", "A2", "A4"})                      # A4 came in as a replacement earlier
    st = pw.standings(results, 3, pw.Decisions({}, working=working))
    assert [no for no, s in sorted(st.items()) if s.state == "선발"] == ["A1", "A2", "A4"]
    assert _states(st)["A4"] == ("선발", "충원", None) and _states(st)["A3"] == ("대기", "", 1)
    assert pw.over_capacity(3, pw.Decisions({"A5": "선발"}, working=working), st) == 1
    assert pw.over_capacity(3, pw.Decisions({"A5": "선발", "A1": "제외"}, working=working), st) == 0


# --- working days, attendance and pay ---------------------------------------------------------

HOLIDAYS_2024 = frozenset({D(2024, 4, 10), D(2024, 5, 6), D(2024, 5, 15), D(2024, 6, 6)})
SPAN6 = [pw.Span(D(2024, 1, 1), D(2024, 6, 30), 6)]
SPAN3 = [pw.Span(D(2024, 1, 1), D(2024, 6, 30), 3)]


def full(spans: list[pw.Span], first: D, last: D, **changes: pw.Entry) -> dict[D, pw.Entry]:
    days = pw.scheduled(spans, first, last, HOLIDAYS_2024)
    entries = {d: pw.Entry("출근", h) for d, h in days.items()}
    for iso, entry in changes.items():
        entries[D.fromisoformat(iso.replace("_", "-").lstrip("d"))] = entry
    return entries


def pay(spans, entries, month: int) -> pw.Pay:
    return pw.month_pay(spans, entries, 2024, month, HOLIDAYS_2024, 9860, 15)


def test_a_month_starting_mid_week_full_attendance() -> None:
    # May 2024 starts on a Wednesday; 23 weekdays less 5/6 and 5/15 = 21 working days.
    p = pay(SPAN6, full(SPAN6, D(2024, 4, 1), D(2024, 6, 30)), 5)
    assert (p.days, p.hours, p.base) == (21, 126, 126 * 9860)
    # Weeks by their last working day: 4/29~5/3, 5/7~10, 5/13~17, 5/20~24 and 5/27~31 (the last
    # ends on Friday 5/31) are May's; April pays none of 4/29's week.
    assert (p.weeks, p.weekly) == (5, 5 * 6 * 9860)
    assert p.total == 1_538_160 and p.missing == 0 and p.scheduled == 21
    april = pay(SPAN6, full(SPAN6, D(2024, 4, 1), D(2024, 6, 30)), 4)
    assert (april.days, april.weeks) == (21, 4)


def test_a_week_with_a_holiday_and_exactly_fifteen_hours() -> None:
    entries = full(SPAN3, D(2024, 4, 1), D(2024, 6, 30))
    p = pay(SPAN3, entries, 5)
    # 3 hours a day: a five-day week is exactly 15 hours (paid); the weeks of 5/6 and 5/15 have
    # four days, 12 hours (not paid).
    assert (p.weeks, p.weekly) == (3, 3 * 3 * 9860)
    assert p.base == 21 * 3 * 9860


def test_an_absence_breaks_its_week_only() -> None:
    entries = full(SPAN6, D(2024, 4, 1), D(2024, 6, 30), d2024_05_22=pw.Entry("결근", 0))
    p = pay(SPAN6, entries, 5)
    assert (p.days, p.absent, p.weeks) == (20, 1, 4)
    assert p.total == 20 * 59_160 + 4 * 59_160
    sick = pay(SPAN6, full(SPAN6, D(2024, 4, 1), D(2024, 6, 30), d2024_05_22=pw.Entry("병가", 0)), 5)
    assert (sick.days, sick.weeks) == (20, 4)
    leave = pay(SPAN6, full(SPAN6, D(2024, 4, 1), D(2024, 6, 30), d2024_05_22=pw.Entry("휴가", 6)), 5)
    assert (leave.days, leave.weeks, leave.total) == (21, 5, 1_538_160)     # paid leave keeps the week
    late = pay(SPAN6, full(SPAN6, D(2024, 4, 1), D(2024, 6, 30), d2024_05_22=pw.Entry("출근", 4)), 5)
    assert (late.hours, late.weeks) == (124, 5)                              # 조퇴 is not an absence


def test_a_missing_day_pays_nothing_and_breaks_the_week() -> None:
    entries = full(SPAN6, D(2024, 4, 1), D(2024, 6, 30))
    del entries[D(2024, 5, 31)]
    p = pay(SPAN6, entries, 5)
    assert (p.days, p.missing, p.weeks) == (20, 1, 4)
    # an April absence on 4/29 costs May its first week
    entries = full(SPAN6, D(2024, 4, 1), D(2024, 6, 30), d2024_04_29=pw.Entry("결근", 0))
    assert pay(SPAN6, entries, 5).weeks == 4


def test_starting_mid_week_and_moving_worksites() -> None:
    spans = [pw.Span(D(2024, 5, 8), D(2024, 5, 21), 6), pw.Span(D(2024, 5, 22), D(2024, 6, 30), 4)]
    p = pay(spans, full(spans, D(2024, 5, 1), D(2024, 6, 30)), 5)
    # 5/8~10 (3 days, 18 h: paid), 5/13~17 less 5/15, 5/20~24 (6,6,4,4,4 = 24 h over 5 days),
    # 5/27~31 (4 h a day, 20 h)
    assert p.days == 3 + 4 + 5 + 5
    assert p.weeks == 4
    assert p.weekly == 6 * 9860 + 6 * 9860 + round(24 * 9860 / 5) + 4 * 9860


def test_split_city_rounded_gu_the_remainder() -> None:
    assert pw.split(1_538_161, 70) == (1_076_713, 461_448)     # 1,076,712.7 -> 1,076,713
    assert pw.split(5, 75) == (4, 1)                           # 3.75 -> 4
    assert pw.split(2, 25) == (1, 1)                           # 0.5 -> 1 (half up)
    city, gu = pw.split(3_094_000_000, 70)
    assert city + gu == 3_094_000_000


def test_attendance_entry_rules() -> None:
    assert pw.entry_problem("출근", 6, 6) is None
    assert "1~6시간" in pw.entry_problem("출근", 7, 6)
    assert "출근 구분이 아닙니다" in pw.entry_problem("지각", None, 6)
    assert pw.entry_hours("휴가", None, 3) == 3 and pw.entry_hours("결근", None, 6) == 0
    assert pw.is_workday(D(2024, 5, 31), HOLIDAYS_2024) and not pw.is_workday(D(2024, 6, 1), HOLIDAYS_2024)
    assert not pw.is_workday(D(2024, 5, 15), HOLIDAYS_2024)


def test_period_checks() -> None:
    assert DONGHAENG.check() == {}
    bad = pw.Period(**{**DONGHAENG.__dict__, "period": "2025-상반기", "end": D(2025, 1, 31),
                       "city_budget": 4_000_000_000, "senior_hours": 7})
    assert set(bad.check()) == {"종료일", "시비", "고령 시간"}
    assert "연도" in pw.Period(**{**DONGHAENG.__dict__, "period": "2025-상반기"}).check()["시작일"]
    assert pw.months_of(COMMUNITY) == [(2024, m) for m in range(2, 7)]
    assert pw.period_from("동행일자리", "2025-상반기", {
        "start": D(2025, 1, 1), "end": D(2025, 6, 30), "headcount": 190, "budget": 199_000_000, "city_ratio": 75,
        "income_pct": 85, "asset_cap": 499_000_000, "default_hours": 6, "min_age": 18, "senior_age": 65,
        "senior_hours": 3, "exclusions": "생계급여수급", "work_types": ["공공서비스"]}).city_budget == 149_250_000
