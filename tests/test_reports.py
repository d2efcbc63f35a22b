"""Reports on small databases built here, every expected number worked out by hand; the
renderers; the XLSX opened back with openpyxl and read cell by cell."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from tests.conftest import seeker_values
from tests.subsidy_helpers import row, write_sheet
from ydp_tui import clock
from ydp_tui.db import budget, seekers, subsidy
from ydp_tui.io import subsidy as io
from ydp_tui.reports import REPORTS, Report, build, dashboard, render

D = dt.date
BOSS = dict(operator="최팀장", role="감독자")
SUBSIDY_KEYS = ["applications", "eligible_people", "eligible_amount", "granted_people", "granted_amount",
                "paid_amount", "budget", "execution_rate"]


def spend(db, unit: str, day: str, amount: int) -> None:
    budget.add_expenditure(db, {"unit": unit, "spent_on": day, "amount": amount, "description": "테스트 집행"})


# --- budget ---------------------------------------------------------------------------------------


@pytest.fixture
def spent(open_db):
    db = open_db(**BOSS)
    spend(db, "01", "2024-01-01", 1_000_500)     # on --from: counts
    spend(db, "01", "2024-05-31", 2_000_000)     # on --to: counts
    spend(db, "02", "2024-03-15", 1_867_170_000)
    spend(db, "07", "2024-05-31", 499)           # rounds down to 0천원
    return db


def test_budget_report_by_hand(spent) -> None:
    r = build("budget", spent, D(2024, 1, 1), D(2024, 5, 31))
    assert r.as_json() == [
        # 3,000,500원 -> 3,000.5천원 -> 3,001 (half up); 3,000,500 / 384,871,000 = 0.78% -> 0.8
        {"unit": "희망이 되는 안정적인 일자리지원", "budget": 384_871, "spent": 3_001, "execution_rate": 0.8},
        # 1,867,170,000 / 3,734,340,000 = exactly 50%
        {"unit": "지역일자리 사업 지원", "budget": 3_734_340, "spent": 1_867_170, "execution_rate": 50.0},
        {"unit": "지역기반 상생기업 활성화", "budget": 471_844, "spent": 0, "execution_rate": 0.0},
        {"unit": "청년정책 활성화", "budget": 157_200, "spent": 0, "execution_rate": 0.0},
        {"unit": "청년의 사회적 자립기반 조성", "budget": 2_233_802, "spent": 0, "execution_rate": 0.0},
        {"unit": "인력운영비", "budget": 151_699, "spent": 0, "execution_rate": 0.0},
        # 499원 -> 0.499천원 -> 0; 499 / 97,507,000 = 0.0005% -> 0.0
        {"unit": "기본경비", "budget": 97_507, "spent": 0, "execution_rate": 0.0},
    ]
    # 계: the sum of the rows as printed; rate from won: 1,870,170,999 / 7,231,263,000 = 25.86% -> 25.9
    assert r.totals == {"unit": "계", "budget": 7_231_263, "spent": 1_870_171, "execution_rate": 25.9}
    assert r.unit == "(단위: 천원)"
    # the boundaries: the day after the first entry, the day before the last
    inner = build("budget", spent, D(2024, 1, 2), D(2024, 5, 30))
    assert inner.rows[0]["spent"] == 0 and inner.rows[1]["spent"] == 1_867_170
    assert build("budget", spent, D(2024, 5, 31), D(2024, 5, 31)).rows[0]["spent"] == 2_000


def test_budget_report_empty_period(db) -> None:
    none = build("budget", db, D(2023, 1, 1), D(2023, 12, 31))  # no units that year
    assert none.as_json() == []
    assert none.totals == {"unit": "계", "budget": 0, "spent": 0, "execution_rate": None}
    assert render.lines(none) == [(True, ["계", 0, 0, None])]
    assert render.csv_text(none).splitlines() == ["단위사업명,예산액,집행액,집행률(%)", "계,0,0,-"]
    quiet = build("budget", db, D(2024, 1, 1), D(2024, 1, 31))  # units, nothing spent
    assert {r["spent"] for r in quiet.rows} == {0} and quiet.totals["execution_rate"] == 0.0


def test_budget_report_over_two_years(spent) -> None:
    budget.set_unit(spent, 2025, "01", {"name": "희망이 되는 안정적인 일자리지원", "budget": "400,000,000"})
    r = build("budget", spent, D(2024, 5, 1), D(2025, 1, 31))
    first = r.rows[0]
    # both years' budgets, the 2024 spending inside the period (5.31 only)
    assert (first["budget"], first["spent"]) == (784_871, 2_000)


# --- subsidy --------------------------------------------------------------------------------------


@pytest.fixture
def applied(open_db, tmp_path):
    db = open_db(**BOSS)
    io.import_file(db, write_sheet(tmp_path / "web.csv", [
        row(**{"신청번호": "W-0001", "신청일": "2024-05-01"}),                                   # 19,400
        row(**{"신청번호": "W-0002", "성명": "이영희", "신청일": "2024-05-20", "응시료": "52500"}),  # 52,500
        row(**{"신청번호": "W-0003", "성명": "박철수", "신청일": "2024-05-31", "취업여부": "취업"}),  # EMPLOYED
        row(**{"신청번호": "W-0004", "성명": "김민수", "신청일": "2024-05-31", "시험명": "전기기사 필기",
               "응시료": "19400"}),                                                              # 김민수 again
    ]))
    for no in ("W-0001", "W-0002"):
        subsidy.approve(db, subsidy.find_id(db, no), receipt_checked=True, residence_checked=True)
    batch = subsidy.create_batch(db, 2024, ["W-0001"])
    subsidy.export_batch(db, batch.batch_no, tmp_path / "pay.xlsx")
    subsidy.mark_paid(db, batch.batch_no)
    return db


def test_subsidy_report_by_hand(applied) -> None:
    r = build("subsidy", applied, D(2024, 5, 1), D(2024, 5, 31))
    assert list(r.as_json()) == SUBSIDY_KEYS
    assert r.as_json() == {
        "applications": 4,
        "eligible_people": 2,              # 김민수 (W-0001, W-0004) and 이영희; 박철수 is employed
        "eligible_amount": 19_400 + 52_500 + 19_400,
        "granted_people": 2, "granted_amount": 19_400 + 52_500,   # W-0001 paid, W-0002 approved
        "paid_amount": 19_400,
        "budget": 50_500_000,
        "execution_rate": 0.0,             # 19,400 / 50,500,000 = 0.038% -> 0.0
    }
    # the same as the subsidy's own figures (one definition, not a recount)
    f = subsidy.figures(applied, 2024, date_from=D(2024, 5, 1), date_to=D(2024, 5, 31))
    assert all(r.rows[0][k] == f[k] for k in SUBSIDY_KEYS)
    # boundaries: 5.31 counts, 5.1 counts, a period between them holds W-0002 only
    assert build("subsidy", applied, D(2024, 5, 31), D(2024, 5, 31)).rows[0]["applications"] == 2
    assert build("subsidy", applied, D(2024, 5, 1), D(2024, 5, 1)).rows[0]["paid_amount"] == 19_400
    mid = build("subsidy", applied, D(2024, 5, 2), D(2024, 5, 30)).rows[0]
    assert (mid["applications"], mid["granted_amount"], mid["paid_amount"]) == (1, 52_500, 0)


def test_subsidy_report_empty_period(db) -> None:
    empty = build("subsidy", db, D(2024, 1, 1), D(2024, 4, 30))
    assert empty.as_json() == {k: 0 for k in SUBSIDY_KEYS[:-2]} | {"budget": 50_500_000, "execution_rate": 0.0}
    no_year = build("subsidy", db, D(2023, 1, 1), D(2023, 12, 31))
    assert no_year.as_json()["budget"] == 0 and no_year.as_json()["execution_rate"] is None
    assert render.display(no_year.as_json()["execution_rate"]) == "-"


# --- renderers ------------------------------------------------------------------------------------


def sample() -> Report:
    return Report(kind="sample", title="일자리플러스센터 운영", single=True, unit="(단위: 명, 건)",
                  columns=[("seekers", "구직자"), ("hired", "취업자"), ("employment_rate", "취업률(%)"),
                           ("none_rate", "빈 비율")],
                  rows=[{"seekers": 978, "hired": 391, "employment_rate": 40.0, "none_rate": None}],
                  date_from=D(2024, 1, 1), date_to=D(2024, 5, 31), notes=["취업률 = 취업자 / 구직자 x 100"])


def test_display_cells() -> None:
    assert [render.display(v) for v in (1_234_567, 40.0, 0.8, None, 0, D(2024, 5, 31), "계")] == \
        ["1,234,567", "40.0", "0.8", "-", "0", "2024. 5. 31.", "계"]
    r = sample()
    assert render.caption(r) == "기간: 2024. 1. 1. ~ 2024. 5. 31. (2024. 5. 31. 기준) (단위: 명, 건)"
    assert render.numeric_keys(r) == {"seekers", "hired", "employment_rate", "none_rate"}
    assert render.csv_text(r).splitlines() == ["구직자,취업자,취업률(%),빈 비율", "978,391,40.0,-"]
    assert json.dumps(render.json_value(r)) == '{"seekers": 978, "hired": 391, "employment_rate": 40.0, "none_rate": null}'


def test_xlsx_cell_by_cell(spent, tmp_path) -> None:
    out = tmp_path / "예산.xlsx"
    report = build("budget", spent, D(2024, 1, 1), D(2024, 5, 31))
    render.write_workbook([report, sample()], out, author="최팀장")
    wb = load_workbook(out)
    assert wb.sheetnames == ["예산 집행 현황", "일자리플러스센터 운영"]
    assert wb.properties.creator == "최팀장"
    ws = wb["예산 집행 현황"]
    assert ws["A1"].value == "예산 집행 현황" and ws["A1"].font.bold
    assert ws["A2"].value == "기간: 2024. 1. 1. ~ 2024. 5. 31."
    assert ws["A3"].value == "(2024. 5. 31. 기준)"
    assert ws["D3"].value == "(단위: 천원)" and ws["D3"].alignment.horizontal == "right"
    assert [c.value for c in ws[4]] == ["단위사업명", "예산액", "집행액", "집행률(%)"]
    assert all(c.font.bold for c in ws[4])
    total = [c.value for c in ws[5]]
    assert total == ["계", 7_231_263, 1_870_171, 25.9] and all(c.font.bold for c in ws[5])
    assert [c.value for c in ws[6]] == ["희망이 되는 안정적인 일자리지원", 384_871, 3_001, 0.8]
    assert not ws["A6"].font.bold
    for r in range(5, 13):
        assert ws.cell(row=r, column=2).number_format == "#,##0"
        assert ws.cell(row=r, column=3).number_format == "#,##0"
        assert ws.cell(row=r, column=4).number_format == "0.0"
    assert ws["A12"].value == "기본경비" and ws["A13"].value is None
    assert ws["A14"].value == ("주: 집행액 = 집행 입력 + 공공일자리 급여 지급 + 상생기업 재정지원 + 청년 응시료 지원 지급 "
                               "(기간 안에 집행ㆍ지급ㆍ결정된 것)")
    assert ws.column_dimensions["A"].width >= 31  # the longest unit name is 31 cells wide
    other = wb["일자리플러스센터 운영"]
    assert [c.value for c in other[5]] == [978, 391, 40.0, "-"]
    assert other["D3"].value == "(단위: 명, 건)"
    assert [c.number_format for c in other[5]][:3] == ["#,##0", "#,##0", "0.0"]


def test_council_pack_has_every_registered_report(applied, tmp_path) -> None:
    out = tmp_path / "보고자료.xlsx"
    seen = []
    reports = render.council_pack(applied, D(2024, 1, 1), D(2024, 5, 31), out,
                                  progress=lambda kind, i, n: seen.append((kind, i, n)))
    assert [r.kind for r in reports] == list(REPORTS)
    assert seen[-1] == ("", len(REPORTS), len(REPORTS))
    wb = load_workbook(out)
    assert wb.sheetnames == [r.title for r in reports]
    for ws, r in zip(wb.worksheets, reports):
        assert ws["A1"].value == r.title
        assert ws["A3"].value == "(2024. 5. 31. 기준)"
        assert [c.value for c in ws[4]][:len(r.columns)] == [h for _, h in r.columns]
    ws = wb["청년 국가자격시험 응시료 지원"]
    assert [c.value for c in ws[5]] == [4, 2, 91_300, 2, 71_900, 19_400, 50_500_000, 0.0]
    assert ws["H3"].value == "(단위: 원)"
    assert not (tmp_path / "보고자료.xlsx.part").exists()


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert render.sheet_name("예산/집행 [2024]: 현황?", used) == "예산 집행  2024   현황"
    assert render.sheet_name("예산/집행 [2024]: 현황?", used) == "예산 집행  2024   현황 (2)"
    long = "가" * 40
    assert len(render.sheet_name(long, used)) == 31 and len(render.sheet_name(long, used)) == 31


# --- dashboard ------------------------------------------------------------------------------------


# --- center and events ----------------------------------------------------------------------------


@pytest.fixture
def center_db(db):
    """Two employers, three vacancies, four seekers, three referrals (two hired), two events, a course."""
    from tests.jobs_helpers import BRN2, employer, seeker, vacancy
    from ydp_tui.db import events, referrals

    employer(db, registered_on="2023-12-01")                             # (주)한강푸드
    employer(db, brn=BRN2, name="대림물류", registered_on="2023-12-01")
    v1 = vacancy(db, registered_on="2024-01-01", headcount="2")         # on --from: counts
    v2 = vacancy(db, registered_on="2024-05-31", headcount="3", title="홀 서빙")  # on --to: counts
    vacancy(db, brn=BRN2, registered_on="2023-12-31", headcount="4", title="상하차")  # the day before
    s1 = seeker(db, name="가나다", phone="010-3000-0001", registered_on="2024-01-01", consent_date="2024-01-01")
    s2 = seeker(db, name="나다라", phone="010-3000-0002", registered_on="2024-05-31", consent_date="2024-05-31")
    s3 = seeker(db, name="다라마", phone="010-3000-0003", registered_on="2023-12-31", consent_date="2023-12-31")
    seeker(db, name="라마바", phone="010-3000-0004", registered_on="2024-03-03", consent_date="2024-03-03")
    r1 = referrals.refer(db, s1.id, v1.id, on="2024-02-01")
    referrals.refer(db, s2.id, v2.id, on="2024-05-31")
    r3 = referrals.refer(db, s3.id, v1.id, on="2024-03-01")
    referrals.advance(db, r1.id, "채용", {"on": "2024-05-31"})
    referrals.advance(db, r3.id, "채용", {"on": "2024-03-02"})
    events.create_event(db, {"kind": "job포유", "title": "3월 만남의 날", "held_on": "2024-03-20"})
    events.create_event(db, {"kind": "job포유", "title": "작년 만남의 날", "held_on": "2023-12-20"})
    course = events.create_course(db, {"title": "요양보호사 과정", "starts_on": "2024-05-06", "ends_on": "2024-05-31"})
    events.enrol(db, course.id, s1.id, on="2024-05-02")
    return db


def test_center_report_by_hand(center_db) -> None:
    r = build("center", center_db, D(2024, 1, 1), D(2024, 5, 31))
    assert r.as_json() == {
        "employers": 1,        # only 한강푸드 registered a vacancy in the period (대림물류's was 2023-12-31)
        "openings": 5,         # 2 + 3
        "seekers": 3,          # 1.1, 3.3 and 5.31; not 2023-12-31
        "referrals": 3,        # 2.1, 3.1, 5.31
        "hired": 2,            # 5.31 and 3.2 (a seeker registered last year counts when hired in the period)
        "employment_rate": 66.7,   # 2 / 3 = 66.66..% -> 66.7
    }
    assert list(r.as_json()) == ["employers", "openings", "seekers", "referrals", "hired", "employment_rate"]
    last_day = build("center", center_db, D(2024, 5, 31), D(2024, 5, 31)).as_json()
    assert last_day == {"employers": 1, "openings": 3, "seekers": 1, "referrals": 1, "hired": 1,
                        "employment_rate": 100.0}
    empty = build("center", center_db, D(2022, 1, 1), D(2022, 12, 31)).as_json()
    assert empty == {"employers": 0, "openings": 0, "seekers": 0, "referrals": 0, "hired": 0, "employment_rate": None}
    assert [render.display(v) for v in empty.values()] == ["0", "0", "0", "0", "0", "-"]


def test_events_report_by_hand(center_db) -> None:
    rows = build("events", center_db, D(2024, 1, 1), D(2024, 5, 31)).as_json()
    assert rows == [
        {"kind": "job포유", "held": 1, "interviewed": 0, "hired": 0, "people": None},   # 2023-12-20 is outside
        {"kind": "취업박람회", "held": 0, "interviewed": 0, "hired": 0, "people": None},
        {"kind": "기타 행사", "held": 0, "interviewed": 0, "hired": 0, "people": None},
        {"kind": "취업교육", "held": 1, "interviewed": None, "hired": None, "people": 1},
    ]
    assert build("events", center_db, D(2024, 5, 7), D(2024, 5, 31)).rows[-1]["held"] == 0  # started 5.6


def test_dashboard_figures_and_trend(db) -> None:
    for i, day in enumerate(["2024-05-31", "2024-05-31", "2024-05-01", "2024-04-30", "2023-06-01", "2023-05-31"]):
        seekers.register(db, seeker_values(name=f"구직자{i}", phone=f"010-1000-{i:04d}", registered_on=day,
                                           consent_date=day))
    d = dashboard.load(db)
    assert d.today == D(2024, 5, 31)
    assert (d.today_values["seekers"], d.month_values["seekers"]) == (2, 3)
    assert (d.today_values["referrals"], d.month_values["hired"]) == (0, 0)
    assert d.months[0] == D(2023, 6, 1) and d.months[-1] == D(2024, 5, 1) and len(d.months) == 12
    # 2023-05-31 is before the twelve months; 2023-06-01 is the first of them
    assert d.trend["seekers"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3]
    assert [u.code for u in d.budget.lines] == ["01", "02", "03", "04", "05", "06", "07"]
    assert (d.budget.date_from, d.budget.date_to) == (D(2024, 1, 1), D(2024, 5, 31))


# --- public work ----------------------------------------------------------------------------------


@pytest.fixture
def public_work(open_db, tmp_path):
    """동행일자리 2024-상반기 with headcount 3: five eligible applicants and one over the income line;
    the first selected works every workday of April, paid on 2024-05-10."""
    from tests.public_work_helpers import people, row
    from tests.public_work_helpers import write_sheet as pw_sheet
    from ydp_tui.db import public_work as pw
    from ydp_tui.db import public_work_payroll as payroll
    from ydp_tui.db import public_work_roster as roster
    from ydp_tui.io import public_work as pw_io

    db = open_db(**BOSS)
    pw.set_period(db, "동행일자리", "2024-상반기", {"headcount": "3"})
    rich = row(**{"신청번호": "P-0099", "성명": "부자", "휴대전화": "010-9999-0000", "가구소득": "9,000,000"})
    pw_io.import_file(db, pw_sheet(tmp_path / "dong.csv", [*people(5), rich]))
    pid = pw.resolve_period(db, "동행일자리", "2024-상반기").id
    site = roster.add_worksite(db, pid, {"name": "문래동 그린환경", "department": "청소행정과", "place": "문래동",
                                         "work_type": "그린환경", "supervisor": "한주무관", "daily_hours": "6",
                                         "capacity": ""})
    a = roster.assign(db, pw.find_id(db, "P-0001"), site.id, start="2024-04-01")
    day = D(2024, 4, 1)
    while day <= D(2024, 4, 30):
        if roster.is_workday(db, day):
            roster.record_attendance(db, site.id, day, [(a.id, "출근", None)])
        day += dt.timedelta(days=1)
    with clock.freeze(dt.datetime(2024, 5, 10, 10, 0, tzinfo=clock.SEOUL)):  # the day it was paid
        payroll.confirm(db, pid, 2024, 4)
        paid = payroll.mark_paid(db, pid, 2024, 4)
    return db, paid.total


def test_public_work_report_by_hand(public_work) -> None:
    db, april = public_work
    assert april > 0
    r = build("public-work", db, D(2024, 1, 1), D(2024, 5, 31))
    contract = ["program", "period", "applicants", "eligible", "selected", "budget", "city_share", "gu_share"]
    assert [list(x)[:8] for x in r.as_json()] == [contract, contract]
    dh, jc = r.as_json()
    assert (dh["program"], dh["period"], dh["applicants"], dh["eligible"], dh["selected"]) == \
        ("동행일자리", "2024-상반기", 6, 5, 3)     # 부자 is over 80% of the median income; headcount 3
    assert (dh["budget"], dh["city_share"], dh["gu_share"], dh["payroll_paid"]) == \
        (3_094_000_000, 2_166_000_000, 928_000_000, april)
    assert (jc["program"], jc["applicants"], jc["selected"], jc["payroll_paid"]) == ("지역공동체일자리", 0, 0, 0)
    assert r.totals == {"program": "계", "period": "", "applicants": 6, "eligible": 5, "selected": 3,
                        "budget": 3_293_000_000, "city_share": 2_316_000_000, "gu_share": 977_000_000,
                        "payroll_paid": april}
    # paid on 5.10: not yet on 5.9, counted on 5.10; the payroll counts against 지역일자리 사업 지원 too
    assert build("public-work", db, D(2024, 1, 1), D(2024, 5, 9)).rows[0]["payroll_paid"] == 0
    assert build("public-work", db, D(2024, 5, 10), D(2024, 5, 10)).rows[0]["payroll_paid"] == april
    unit = next(u for u in budget.execution(db, D(2024, 5, 10), D(2024, 5, 10)).lines if u.code == "02")
    assert unit.by_source == {"집행 입력": 0, "공공일자리 급여 지급 (동행일자리)": april,
                              "공공일자리 급여 지급 (지역공동체일자리)": 0}
    assert next(u for u in budget.execution(db, D(2024, 5, 11), D(2024, 5, 31)).lines if u.code == "02").spent == 0


def test_public_work_report_empty_period(db) -> None:
    r = build("public-work", db, D(2023, 1, 1), D(2023, 12, 31))  # no program period in 2023
    assert r.as_json() == [] and r.totals["applicants"] == 0 and r.totals["payroll_paid"] == 0
    # the second half's periods start 7.1: a period that ends 6.30 does not take them
    assert [x["period"] for x in build("public-work", db, D(2024, 6, 30), D(2024, 6, 30)).rows] == \
        ["2024-상반기", "2024-상반기"]


def test_dashboard_counts_as_the_center_report(center_db) -> None:
    d = dashboard.load(center_db)
    assert (d.today_values["seekers"], d.today_values["referrals"], d.today_values["hired"]) == (1, 1, 1)
    assert (d.month_values["seekers"], d.month_values["referrals"], d.month_values["hired"]) == (1, 1, 1)
    assert d.trend["referrals"][-5:] == [0, 1, 1, 0, 1]     # Jan..May: 2.1, 3.1, 5.31
    assert d.trend["hired"][-5:] == [0, 0, 1, 0, 1]
    jan = build("center", center_db, D(2024, 1, 1), D(2024, 1, 31)).rows[0]
    assert d.trend["seekers"][-5] == jan["seekers"] == 1
