"""Screening rules (CONTRACT.md, subsidy) at their edges: pure, no database."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.fields import ParseContext, parse_record

D = dt.date
KINDS = ("국가기술자격", "국가전문자격", "공인민간자격", "어학시험", "한국사능력검정시험")


def program(**over: object) -> rules.Program:
    values: dict[str, object] = dict(
        year=2024, period_start=D(2024, 5, 1), period_end=D(2024, 12, 31), birth_year_from=1985,
        birth_year_to=2005, residence_months=1, per_person_cap=100_000, budget=50_000_000,
        exam_kinds=KINDS, exam_from=D(2024, 1, 1))
    values.update(over)
    return rules.Program(**values)  # type: ignore[arg-type]


_n = iter(range(1, 10**9))


def app(**over: object) -> rules.Application:
    values: dict[str, object] = dict(
        application_no=f"A{next(_n):05d}", applied_on=D(2024, 5, 20), name="김민수", birth_date=D(1995, 3, 15),
        moved_in=D(2020, 1, 1), employed=False, business=False, exam_kind="국가기술자격",
        exam_name="정보처리기사 필기", exam_date=D(2024, 3, 9), fee=19_400)
    values.update(over)
    return rules.Application(**values)  # type: ignore[arg-type]


def one(a: rules.Application, p: rules.Program | None = None) -> rules.Result:
    (result,) = rules.screen(p or program(), [a])
    return result


# --- eligibility edges -----------------------------------------------------------------------


@pytest.mark.parametrize(("birth", "ok"), [
    (D(1985, 1, 1), True), (D(1984, 12, 31), False), (D(2005, 12, 31), True), (D(2006, 1, 1), False),
])
def test_birth_year_edges(birth: dt.date, ok: bool) -> None:
    r = one(app(birth_date=birth))
    assert r.eligible is ok
    assert r.reasons == (() if ok else ("AGE",))
    assert r.amount == (19_400 if ok else 0)


@pytest.mark.parametrize(("moved_in", "applied_on", "ok"), [
    (D(2024, 4, 20), D(2024, 5, 20), True),     # exactly one month before
    (D(2024, 4, 21), D(2024, 5, 20), False),    # one day short
    (D(2024, 1, 31), D(2024, 2, 29), True),     # 01-31 + 1 month → 02-29 (2024 is a leap year)
    (D(2024, 1, 31), D(2024, 2, 28), False),
    (D(2024, 3, 31), D(2024, 4, 30), True),     # 03-31 → 04-30
    (D(2024, 5, 31), D(2024, 6, 30), True),
    (D(2024, 5, 31), D(2024, 6, 29), False),
])
def test_residence_one_calendar_month(moved_in: dt.date, applied_on: dt.date, ok: bool) -> None:
    p = program(period_start=D(2024, 1, 1))
    r = one(app(moved_in=moved_in, applied_on=applied_on, exam_date=D(2024, 1, 5)), p)
    assert ("RESIDENCY" not in r.reasons) is ok
    assert r.eligible is ok


def test_residence_months_is_data() -> None:
    a = app(moved_in=D(2024, 3, 20), applied_on=D(2024, 5, 20))
    assert one(a, program(residence_months=2)).eligible
    assert one(a, program(residence_months=3)).reasons == ("RESIDENCY",)


def test_no_moved_in_date_is_not_resident() -> None:
    assert one(app(moved_in=None)).reasons == ("RESIDENCY",)


@pytest.mark.parametrize(("exam_date", "ok"), [
    (D(2023, 12, 31), False), (D(2024, 1, 1), True), (D(2024, 5, 20), True), (D(2024, 5, 21), False),
])
def test_exam_date_edges(exam_date: dt.date, ok: bool) -> None:
    r = one(app(exam_date=exam_date, applied_on=D(2024, 5, 20)))
    assert r.reasons == (() if ok else ("EXAM_DATE",))


@pytest.mark.parametrize(("applied_on", "ok"), [
    (D(2024, 4, 30), False), (D(2024, 5, 1), True), (D(2024, 12, 31), True),
])
def test_period_edges(applied_on: dt.date, ok: bool) -> None:
    r = one(app(applied_on=applied_on, exam_date=D(2024, 1, 2), moved_in=D(2020, 1, 1)))
    assert r.reasons == (() if ok else ("PERIOD",))


def test_exam_kinds_unknown_and_spacing() -> None:
    assert one(app(exam_kind="운전면허")).reasons == ("EXAM_TYPE",)
    assert one(app(exam_kind=" 어학시험 ")).eligible
    assert one(app(exam_kind="어학 시험")).reasons == ("EXAM_TYPE",)


def test_all_reasons_in_contract_order() -> None:
    a = app(applied_on=D(2024, 4, 30), birth_date=D(1980, 1, 1), moved_in=D(2024, 4, 15), employed=True,
            business=True, exam_kind="운전면허", exam_date=D(2023, 5, 1))
    r = one(a)
    assert r.reasons == ("PERIOD", "AGE", "RESIDENCY", "EMPLOYED", "BUSINESS", "EXAM_TYPE", "EXAM_DATE")
    assert (r.eligible, r.amount) == (False, 0)
    assert list(rules.REASONS[:7]) == list(r.reasons)


# --- cap, budget, duplicates ----------------------------------------------------------------


def test_cap_across_two_applications() -> None:
    first = app(applied_on=D(2024, 5, 10), exam_name="TOEIC Speaking", fee=84_000)
    second = app(applied_on=D(2024, 5, 11), exam_name="정보처리기사 실기", fee=22_600)
    third = app(applied_on=D(2024, 5, 12), exam_name="TOEIC", fee=52_500)
    r1, r2, r3 = rules.screen(program(), [third, second, first])
    assert (r1.application_no, r1.amount, r1.eligible) == (first.application_no, 84_000, True)
    assert (r2.amount, r2.eligible, r2.reasons) == (16_000, True, ())       # reduced to the cap
    assert (r3.amount, r3.eligible, r3.reasons) == (0, False, ("CAP_REACHED",))


def test_cap_is_per_person_name_and_birth() -> None:
    a = app(fee=100_000, exam_name="A")
    same = app(name="김 민수", applied_on=D(2024, 5, 21), exam_name="B")  # spacing folded
    namesake = app(birth_date=D(1995, 3, 16), applied_on=D(2024, 5, 21), exam_name="B")
    res = {r.application_no: r for r in rules.screen(program(), [a, same, namesake])}
    assert res[same.application_no].reasons == ("CAP_REACHED",)
    assert res[namesake.application_no].amount == 19_400


def test_cap_exactly_reached_then_next_refused() -> None:
    a = app(fee=60_000, exam_name="A", applied_on=D(2024, 5, 1))
    b = app(fee=40_000, exam_name="B", applied_on=D(2024, 5, 2))
    c = app(fee=1, exam_name="C", applied_on=D(2024, 5, 3))
    r = rules.screen(program(), [a, b, c])
    assert [x.amount for x in r] == [60_000, 40_000, 0]
    assert r[2].reasons == ("CAP_REACHED",)


def test_budget_last_won() -> None:
    p = program(budget=50_000)
    people = [app(name=f"사람{i}", applied_on=D(2024, 5, 10), fee=fee, application_no=f"B{i}")
              for i, fee in enumerate([19_999, 30_000, 5_000, 7_000])]
    r = rules.screen(p, people)
    assert [x.amount for x in r] == [19_999, 30_000, 1, 0]      # the last won goes to B2
    assert r[2].eligible and r[2].reasons == ()
    assert r[3].reasons == ("BUDGET_EXHAUSTED",) and not r[3].eligible
    assert sum(x.amount for x in r) == 50_000


def test_budget_exactly_used_up_by_one() -> None:
    p = program(budget=19_400)
    r = rules.screen(p, [app(application_no="X1"), app(application_no="X2", name="이영희", exam_name="Z")])
    assert [x.amount for x in r] == [19_400, 0]
    assert r[1].reasons == ("BUDGET_EXHAUSTED",)


def test_cap_before_budget_and_only_without_other_reasons() -> None:
    p = program(budget=100_000)
    a = app(application_no="C1", fee=100_000, exam_name="A", applied_on=D(2024, 5, 1))
    same_person = app(application_no="C2", exam_name="B", applied_on=D(2024, 5, 2))
    other_employed = app(application_no="C3", name="박철수", employed=True, applied_on=D(2024, 5, 3))
    other = app(application_no="C4", name="최지우", applied_on=D(2024, 5, 4))
    r = rules.screen(p, [a, same_person, other_employed, other])
    assert r[1].reasons == ("CAP_REACHED",)               # both used up: the cap is named
    assert r[2].reasons == ("EMPLOYED",)                  # never BUDGET_EXHAUSTED alongside another reason
    assert r[3].reasons == ("BUDGET_EXHAUSTED",)


def test_duplicate_same_person_exam_and_date() -> None:
    a = app(application_no="D1", applied_on=D(2024, 5, 10))
    again = app(application_no="D2", applied_on=D(2024, 5, 11))
    other_date = app(application_no="D3", applied_on=D(2024, 5, 11), exam_date=D(2024, 3, 10))
    r = rules.screen(program(), [again, a, other_date])
    assert [x.application_no for x in r] == ["D1", "D2", "D3"]
    assert r[1].reasons == ("DUPLICATE",) and r[1].amount == 0
    assert r[2].eligible and r[2].amount == 19_400


def test_duplicate_needs_an_earlier_grant() -> None:
    # The first application was not granted (employed then): the second is not a duplicate.
    a = app(application_no="E1", applied_on=D(2024, 5, 10), employed=True)
    b = app(application_no="E2", applied_on=D(2024, 5, 20))
    r = rules.screen(program(), [a, b])
    assert r[0].reasons == ("EMPLOYED",)
    assert r[1].eligible


def test_duplicate_alongside_other_reasons_in_order() -> None:
    a = app(application_no="F1", applied_on=D(2024, 5, 10))
    b = app(application_no="F2", applied_on=D(2024, 5, 20), employed=True)
    assert rules.screen(program(), [a, b])[1].reasons == ("EMPLOYED", "DUPLICATE")


def test_order_is_date_then_number_and_deterministic() -> None:
    apps = [app(application_no=f"N{i:03d}", name=f"사람{i % 7}", exam_name=f"시험{i}",
                applied_on=D(2024, 5, 1 + i % 5), fee=30_000 + i) for i in range(60)]
    p = program(budget=900_000)
    expected = rules.screen(p, apps)
    assert [r.application_no for r in expected] == [a.application_no for a in
                                                   sorted(apps, key=lambda a: (a.applied_on, a.application_no))]
    for seed in range(5):
        shuffled = apps[:]
        random.Random(seed).shuffle(shuffled)
        assert rules.screen(p, shuffled) == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 150_000), st.integers(0, 30), st.integers(0, 2)),
                min_size=1, max_size=40),
       st.integers(1, 400_000))
def test_invariants(items: list[tuple[int, int, int, int]], budget: int) -> None:
    apps = [app(application_no=f"H{i:03d}", name=f"사람{person}", fee=fee, applied_on=D(2024, 5, 1 + day),
                exam_name=f"시험{exam}") for i, (person, fee, day, exam) in enumerate(items)]
    p = program(budget=budget)
    results = rules.screen(p, apps)
    by_no = {a.application_no: a for a in apps}
    assert sum(r.amount for r in results) <= budget
    per: dict[str, int] = {}
    for r in results:
        a = by_no[r.application_no]
        assert (r.amount > 0) == r.eligible
        assert r.amount <= a.fee
        assert r.eligible == (not r.reasons)
        assert list(r.reasons) == [c for c in rules.REASONS if c in r.reasons]
        if {"CAP_REACHED", "BUDGET_EXHAUSTED"} & set(r.reasons):
            assert len(r.reasons) == 1
        per[a.name] = per.get(a.name, 0) + r.amount
    assert max(per.values()) <= p.per_person_cap


# --- review ceiling ---------------------------------------------------------------------------


def test_max_grant() -> None:
    assert rules.max_grant(19_400, 19_400, True, 100_000, 10**6) == 19_400
    assert rules.max_grant(84_000, 16_000, True, 100_000, 10**6) == 16_000     # the rule's amount
    assert rules.max_grant(84_000, 0, False, 100_000, 10**6) == 84_000        # overruled: up to the fee
    assert rules.max_grant(84_000, 0, False, 30_000, 10**6) == 30_000         # never above the cap left
    assert rules.max_grant(84_000, 84_000, True, 100_000, 5) == 5             # nor the budget left
    assert rules.max_grant(84_000, 84_000, True, 0, 5) == 0


# --- fields -----------------------------------------------------------------------------------


def parse(**over: object) -> tuple[dict, dict]:
    raw: dict[str, object] = {
        "신청번호": "W-1", "신청일": "2024.5.20", "성명": "김민수", "생년월일": "19950315",
        "휴대전화": "01012345678", "전입일": "2020-01-01", "취업여부": "미취업", "사업자등록여부": "없음",
        "시험구분": "국가기술자격", "시험명": "정보처리기사 필기", "응시일": "2024. 3. 9.", "응시료": "19,400",
        "은행": "국민은행", "계좌번호": "123456 01 123456", "예금주": "김민수"}
    raw.update(over)
    values, errors = parse_record(rules.APPLICATION_FIELDS, raw, ParseContext(today=D(2024, 5, 31)), by="label")
    if not errors:
        errors.update(rules.check_record(values))
    return values, errors


def test_fields_parse_and_normalise() -> None:
    values, errors = parse()
    assert errors == {}
    assert values["applied_on"] == D(2024, 5, 20) and values["fee"] == 19_400
    assert values["phone"] == "010-1234-5678" and values["account_no"] == "123456-01-123456"


@pytest.mark.parametrize(("label", "raw", "fragment"), [
    ("응시료", "0", "1원 이상"), ("응시료", "무료", "숫자가 아닙니다"), ("생년월일", "2030-01-01", "미래"),
    ("시험구분", "", "비어 있습니다"), ("계좌번호", "", "비어 있습니다"), ("계좌번호", "12-34", "9~16자리"),
    ("계좌번호", "123-abc-456", "계좌번호가 아닙니다"), ("취업여부", "무직", "허용되지 않는 값"),
    ("신청일", "2024-06-01", "미래"), ("신청번호", "가 나", "신청번호로 쓸 수 없습니다"),
])
def test_fields_refuse(label: str, raw: str, fragment: str) -> None:
    _, errors = parse(**{label: raw})
    assert fragment in errors[label]


def test_unknown_exam_kind_is_a_valid_field() -> None:
    values, errors = parse(시험구분="운전면허")
    assert errors == {} and values["exam_kind"] == "운전면허"


def test_holder_differs() -> None:
    assert not rules.holder_differs("김민수", "김민수")
    assert not rules.holder_differs("NGUYEN THI HOA", "nguyen thihoa")
    assert rules.holder_differs("김민수", "김영수")


def test_program_check() -> None:
    assert program().check() == {}
    bad = program(period_end=D(2024, 4, 1), birth_year_to=1980, exam_kinds=(), budget=0)
    assert set(bad.check()) == {"사업 종료일", "생년 까지", "시험구분", "지원규모"}
