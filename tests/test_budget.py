"""Budget units and expenditures (db/budget.py) against a real database, and the execution
they add up to, by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.subsidy_helpers import row, write_sheet
from ydp_tui.db import budget, subsidy
from ydp_tui.db.errors import NotFound, ReadOnlyError, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import AuditEntry, BudgetExpenditure, BudgetUnit
from ydp_tui.db.roles import Forbidden
from ydp_tui.io import subsidy as io

D = dt.date
BOSS = dict(operator="최팀장", role="감독자")


def spend(db, **over) -> BudgetExpenditure:
    raw = {"unit": "01", "spent_on": "2024-05-02", "amount": "1,000,000", "description": "취업박람회 부스 임차"}
    raw.update(over)
    return budget.add_expenditure(db, raw)


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def lines(db, lo: dt.date, hi: dt.date) -> dict[str, tuple[int, int]]:
    return {u.code: (u.budget, u.spent) for u in budget.execution(db, lo, hi).lines}


def test_shipped_units_are_the_seed_rows(db, open_db) -> None:
    units = budget.units(db, 2024)
    assert [(u.code, u.name, u.budget) for u in units] == [
        ("01", "희망이 되는 안정적인 일자리지원", 384_871_000), ("02", "지역일자리 사업 지원", 3_734_340_000),
        ("03", "지역기반 상생기업 활성화", 471_844_000), ("04", "청년정책 활성화", 157_200_000),
        ("05", "청년의 사회적 자립기반 조성", 2_233_802_000), ("06", "인력운영비", 151_699_000),
        ("07", "기본경비", 97_507_000),
    ]
    assert sum(u.budget for u in units) == 7_231_263_000  # the seed's 계
    # which programs' payments count where: data, beside the budgets
    assert {u.code: u.sources for u in units if u.sources} == {
        "02": "public_work:동행일자리;public_work:지역공동체일자리", "03": "enterprise_support", "05": "subsidy"}
    # reopening seeds nothing twice and keeps a supervisor's change
    boss = open_db(**BOSS)
    budget.set_unit(boss, 2024, "07", {"budget": "100,000,000"})
    again = open_db()
    assert count(again, BudgetUnit) == 7
    assert budget.units(again, 2024)[-1].budget == 100_000_000


def test_enter_by_code_name_or_part_of_name(open_db) -> None:
    db = open_db(**BOSS)
    a = spend(db, unit="01")
    b = spend(db, unit="청년정책 활성화", amount="2000")
    c = spend(db, unit="상생", amount="3000", spent_on="20240531", payee="(주)다온", fund="구비")
    assert [a.expenditure_no, b.expenditure_no, c.expenditure_no] == ["T1-2024-00001", "T1-2024-00002", "T1-2024-00003"]
    page = budget.expenditures(db, 2024)
    assert [(r.unit_code, r.amount, r.spent_on) for r in page.rows] == [
        ("03", 3000, D(2024, 5, 31)), ("04", 2000, D(2024, 5, 2)), ("01", 1_000_000, D(2024, 5, 2))]
    assert (page.total, page.amount) == (3, 1_005_000)
    assert budget.expenditures(db, 2024, unit="03").rows[0].payee == "(주)다온"
    with db.session() as s:
        assert s.execute(select(AuditEntry.detail).where(AuditEntry.entity == "budget_expenditure")).scalars().first() \
            == "집행 입력: 희망이 되는 안정적인 일자리지원 2024-05-02 1,000,000원 취업박람회 부스 임차"


def test_bad_input_names_every_field_and_writes_nothing(open_db) -> None:
    db = open_db(**BOSS)
    with pytest.raises(ValidationFailed) as e:
        spend(db, unit="청년", amount="0", description=" ", fund="도비")
    assert e.value.errors == {
        "단위사업": "'청년'에 맞는 단위사업이 여럿입니다: 청년정책 활성화, 청년의 사회적 자립기반 조성",
        "금액": "0원은(는) 1원 이상이어야 합니다", "적요": "값이 비어 있습니다 (필수 항목)",
        "재원": "'도비'은(는) 허용되지 않는 값입니다 (국비/시비/구비 중 하나)"}
    with pytest.raises(ValidationFailed, match="집행일: '2024-06-01'은\\(는\\) 미래의 날짜입니다"):
        spend(db, spent_on="2024-06-01")  # the clock is frozen at 2024-05-31
    with pytest.raises(ValidationFailed, match="단위사업: 2023년 예산 단위사업이 없습니다"):
        spend(db, spent_on="2023-12-31")
    with pytest.raises(ValidationFailed, match="'없는사업'은\\(는\\) 2024년 단위사업이 아닙니다"):
        spend(db, unit="없는사업")
    assert count(db, BudgetExpenditure) == 0


def test_counselor_and_read_only_are_refused(open_db) -> None:
    counselor = open_db(operator="김상담")
    with pytest.raises(Forbidden, match="예산ㆍ집행 관리은\\(는\\) 감독자/관리자만"):
        spend(counselor)
    boss = open_db(**BOSS)
    e = spend(boss)
    with pytest.raises(Forbidden):
        budget.cancel_expenditure(counselor, e.expenditure_no, "잘못 입력")
    with pytest.raises(Forbidden):
        budget.set_unit(counselor, 2024, "01", {"budget": "1"})
    ro = open_db(read_only=True, **BOSS)
    with pytest.raises(ReadOnlyError):
        spend(ro)
    assert count(boss, BudgetExpenditure) == 1


def test_the_last_won_of_the_budget(open_db) -> None:
    db = open_db(**BOSS)
    spend(db, unit="07", amount="97,000,000")
    with pytest.raises(ValidationFailed, match="507,001원은\\(는\\) 기본경비의 남은 예산 507,000원을 넘습니다"):
        spend(db, unit="07", amount="507,001")
    spend(db, unit="07", amount="507,000")
    assert lines(db, D(2024, 1, 1), D(2024, 12, 31))["07"] == (97_507_000, 97_507_000)
    with pytest.raises(ValidationFailed, match="남은 예산 0원"):
        spend(db, unit="07", amount="1")


def test_cancel_keeps_the_row_and_stops_counting_it(open_db) -> None:
    db = open_db(**BOSS)
    e = spend(db, amount="5,000,000")
    with pytest.raises(ValidationFailed, match="사유"):
        budget.cancel_expenditure(db, e.expenditure_no, "  ")
    with pytest.raises(StaleRecord):
        budget.cancel_expenditure(db, e.expenditure_no, "금액 오기", expected_version=e.version + 1)
    budget.cancel_expenditure(db, e.expenditure_no, "금액 오기", expected_version=e.version)
    with pytest.raises(Refused, match="이미 취소"):
        budget.cancel_expenditure(db, e.expenditure_no, "다시")
    with pytest.raises(NotFound):
        budget.cancel_expenditure(db, "T1-2024-99999", "없는 번호")
    row = budget.get_expenditure(db, e.expenditure_no)
    assert (row.status, row.cancel_reason) == ("취소", "금액 오기")
    page = budget.expenditures(db, 2024)
    assert (page.total, page.amount) == (1, 0)
    assert lines(db, D(2024, 1, 1), D(2024, 12, 31))["01"] == (384_871_000, 0)


def test_execution_counts_both_ends_of_the_period(open_db) -> None:
    db = open_db(**BOSS)
    spend(db, spent_on="2024-03-01", amount="1000")
    spend(db, spent_on="2024-03-31", amount="20000")
    spend(db, spent_on="2024-02-29", amount="300000")
    spend(db, spent_on="2024-04-01", amount="4000000")
    assert lines(db, D(2024, 3, 1), D(2024, 3, 31))["01"] == (384_871_000, 21_000)
    assert lines(db, D(2024, 3, 31), D(2024, 3, 31))["01"] == (384_871_000, 20_000)
    assert lines(db, D(2024, 1, 1), D(2024, 5, 31))["01"] == (384_871_000, 4_321_000)
    assert budget.execution(db, D(2023, 1, 1), D(2023, 12, 31)).lines == []


def test_subsidy_payments_count_by_their_payment_day(open_db, tmp_path) -> None:
    db = open_db(**BOSS)
    io.import_file(db, write_sheet(tmp_path / "web.csv", [
        row(), row(**{"신청번호": "W-0002", "성명": "이영희", "응시료": "52500"})]))
    for r in subsidy.list_page(db, 2024, view="적격").rows:
        subsidy.approve(db, r.id, receipt_checked=True, residence_checked=True)
    batch = subsidy.create_batch(db, 2024)
    subsidy.export_batch(db, batch.batch_no, tmp_path / "pay.xlsx")
    # approved and exported, not yet paid: nothing spent
    assert lines(db, D(2024, 1, 1), D(2024, 5, 31))["05"] == (2_233_802_000, 0)
    subsidy.mark_paid(db, batch.batch_no, paid_on="2024-05-31")
    spend(db, unit="05", spent_on="2024-05-31", amount="100000")
    ex = budget.execution(db, D(2024, 5, 31), D(2024, 5, 31))
    five = next(u for u in ex.lines if u.code == "05")
    assert (five.spent, five.by_source) == (19_400 + 52_500 + 100_000,
                                            {"집행 입력": 100_000, "청년 응시료 지원 지급": 71_900})
    assert lines(db, D(2024, 5, 1), D(2024, 5, 30))["05"] == (2_233_802_000, 0)
    # the budget cannot go below what is spent, sources included
    with pytest.raises(Refused, match="이미 집행한 171,900원보다"):
        budget.set_unit(db, 2024, "05", {"budget": "171,899"})


def test_units_are_data_a_supervisor_edits(open_db) -> None:
    db = open_db(**BOSS)
    u = budget.set_unit(db, 2025, "01", {"name": "희망이 되는 안정적인 일자리지원", "budget": "400,000,000"})
    assert (u.year, u.code, u.budget, u.sources) == (2025, "01", 400_000_000, "")
    with pytest.raises(ValidationFailed, match="집행 출처: 알 수 없는 출처입니다: payroll"):
        budget.set_unit(db, 2025, "01", {"sources": "payroll"})
    with pytest.raises(ValidationFailed, match="이미 2025년 단위사업 01의 이름"):
        budget.set_unit(db, 2025, "02", {"name": "희망이 되는 안정적인 일자리지원", "budget": "1"})
    with pytest.raises(ValidationFailed, match="단위사업명: 값이 비어 있습니다"):
        budget.set_unit(db, 2025, "03", {"budget": "1"})
    with pytest.raises(StaleRecord):
        budget.set_unit(db, 2025, "01", {"budget": "1"}, expected_version=u.version + 1)
    budget.set_unit(db, 2025, "01", {"sources": "subsidy"}, expected_version=u.version)
    assert budget.units(db, 2025)[0].sources == "subsidy"
    assert budget.years(db) == [2024, 2025]


def test_enterprise_support_counts_by_its_decision_day(open_db) -> None:
    from ydp_tui.db import enterprises

    db = open_db(**BOSS)
    ent = enterprises.add(db, {"name": "(주)함께일터", "kind": "사회적기업"})
    enterprises.add_support(db, ent.id, {"kind": "일자리창출 인건비", "granted_on": "2024-03-04", "amount": "6,500,000",
                                         "people": "2"})
    enterprises.add_support(db, ent.id, {"kind": "전문인력 인건비", "granted_on": "2024-04-01", "amount": "2,000,000"})
    spend(db, unit="03", spent_on="2024-03-04", amount="500000")
    ex = budget.execution(db, D(2024, 3, 1), D(2024, 3, 31))
    three = next(u for u in ex.lines if u.code == "03")
    assert (three.spent, three.by_source) == (7_000_000, {"집행 입력": 500_000, "상생기업 재정지원": 6_500_000})
    assert lines(db, D(2024, 1, 1), D(2024, 5, 31))["03"] == (471_844_000, 9_000_000)
