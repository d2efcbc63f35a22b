"""Subsidy services against a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.subsidy_helpers import form, row, write_sheet
from ydp_tui import crypto
from ydp_tui.db import subsidy
from ydp_tui.db.errors import ImportRefused, NotFound, ReadOnlyError, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import AuditEntry, SubsidyApplication, SubsidyReview, SubsidyYear, SyncOp
from ydp_tui.io import subsidy as io

D = dt.date


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def sync_ops(db) -> int:
    return count(db, SyncOp)


def audit_details(db, action: str | None = None) -> list[str]:
    with db.session() as s:
        stmt = select(AuditEntry.detail, AuditEntry.action).order_by(AuditEntry.seq)
        return [d for d, a in s.execute(stmt) if action is None or a == action]


def imported(db, tmp_path: Path, rows: list[dict], name: str = "web.csv", **kw) -> io.ImportResult:
    return io.import_file(db, write_sheet(tmp_path / name, rows, **kw))


def results(db, year: int = 2024) -> dict[str, tuple[bool, tuple[str, ...], int]]:
    s = subsidy.screen(db, year)
    return {r.application_no: (r.eligible, r.reasons, r.amount) for r in s.results}


@pytest.fixture
def sup(open_db):
    """A supervisor: opening or changing program years and marking batches paid are theirs (roles)."""
    return open_db(operator="최팀장", role="감독자")


# --- program years ----------------------------------------------------------------------------


def test_shipped_2024_year(db, open_db, sup) -> None:
    y = subsidy.get_year(db, 2024)
    assert (y.period_start, y.period_end) == (D(2024, 5, 1), D(2024, 12, 31))
    assert (y.birth_year_from, y.birth_year_to, y.residence_months) == (1985, 2005, 1)
    assert (y.per_person_cap, y.budget, y.appropriation) == (100_000, 50_000_000, 50_500_000)
    assert y.exam_kinds.split(";") == ["국가기술자격", "국가전문자격", "공인민간자격", "어학시험", "한국사능력검정시험"]
    # seeding is idempotent and never overwrites a supervisor's change
    subsidy.set_year(sup, 2024, {"budget": "60,000,000"})
    again = open_db()
    assert count(again, SubsidyYear) == 1
    assert subsidy.get_year(again, 2024).budget == 60_000_000


def test_open_2025_without_code(db, tmp_path, sup) -> None:
    with pytest.raises(NotFound, match="2025년 응시료 지원 사업이 없습니다"):
        subsidy.screen(db, 2025)
    y = subsidy.set_year(sup, 2025, {"budget": "55000000", "exam_kinds": "국가기술자격;어학시험"}, copy_from=2024)
    assert (y.period_start, y.period_end, y.exam_from) == (D(2025, 5, 1), D(2025, 12, 31), D(2025, 1, 1))
    assert (y.birth_year_from, y.birth_year_to, y.budget) == (1986, 2006, 55_000_000)
    from ydp_tui import clock

    with clock.freeze(dt.datetime(2025, 6, 30, 9, 0, tzinfo=clock.SEOUL)):
        imported(db, tmp_path, [
            row(**{"신청번호": "Y25-1", "신청일": "2025-06-02", "생년월일": "2006-02-01", "응시일": "2025-02-01"}),
            row(**{"신청번호": "Y25-2", "신청일": "2025-06-02", "성명": "이영희", "생년월일": "1985-07-01",
                   "응시일": "2025-02-01"}),
            row(**{"신청번호": "Y25-3", "신청일": "2025-06-03", "성명": "박철수", "시험구분": "국가전문자격",
                   "응시일": "2025-02-01"}),
        ])
    assert results(db, 2025) == {"Y25-1": (True, (), 19_400), "Y25-2": (False, ("AGE",), 0),
                                 "Y25-3": (False, ("EXAM_TYPE",), 0)}
    assert subsidy.default_year(db) == (2024, False)


def test_year_validation(db, sup) -> None:
    with pytest.raises(ValidationFailed) as e:
        subsidy.set_year(sup, 2026, {"period_start": "2026-12-31", "period_end": "2026-01-01", "birth_year_from": "1987",
                                    "birth_year_to": "2007", "residence_months": "1", "per_person_cap": "0",
                                    "budget": "abc", "exam_from": "2026-01-01", "exam_kinds": "어학시험"})
    assert set(e.value.errors) == {"1인 한도", "지원규모"}
    with pytest.raises(ValidationFailed) as e:
        subsidy.set_year(sup, 2026, {"period_start": "2026-12-31", "period_end": "2026-01-01", "birth_year_from": "1987",
                                    "birth_year_to": "2007", "residence_months": "1", "per_person_cap": "100000",
                                    "budget": "1000000", "exam_from": "2026-01-01", "exam_kinds": "어학시험"})
    assert "사업 종료일" in e.value.errors
    assert [y.year for y in subsidy.years(db)] == [2024]


# --- import -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "encoding"), [("a.csv", "utf-8-sig"), ("b.csv", "utf-8"), ("c.csv", "cp949"),
                                                ("d.xlsx", None)])
def test_import_formats_and_reimport_changes_nothing(db, tmp_path, name, encoding) -> None:
    rows = [row(), row(**{"신청번호": "W-0002", "성명": "NGUYEN THI HOA", "생년월일": "1999-12-01",
                         "시험구분": "어학시험", "시험명": "TOEIC", "응시료": "52,500", "예금주": "NGUYEN THI HOA"})]
    kw = {"encoding": encoding} if encoding else {}
    result = imported(db, tmp_path, rows, name, **kw)
    assert (result.created, result.skipped) == (2, 0)
    ops, apps, audits = sync_ops(db), count(db, SubsidyApplication), len(audit_details(db))
    again = imported(db, tmp_path, rows, name, **kw)
    assert (again.created, again.skipped) == (0, 2)
    assert (sync_ops(db), count(db, SubsidyApplication)) == (ops, apps)
    assert len(audit_details(db)) == audits + 1  # the import itself is logged, nothing else changed
    assert results(db) == {"W-0001": (True, (), 19_400), "W-0002": (True, (), 52_500)}


def test_import_refuses_changed_application(db, tmp_path) -> None:
    imported(db, tmp_path, [row()])
    ops = sync_ops(db)
    with pytest.raises(ImportRefused) as e:
        imported(db, tmp_path, [row(**{"응시료": "20000", "계좌번호": "999-999-999999"}),
                                row(**{"신청번호": "W-0009"})], "again.csv")
    assert e.value.problems == ["행 2: 이미 있는 신청 W-0001(김민수, 2024-05-20)와 다릅니다: 응시료, 계좌번호 "
                                "(가져오기는 기존 신청을 덮어쓰지 않습니다)"]
    assert sync_ops(db) == ops and count(db, SubsidyApplication) == 1
    with db.session() as s:
        stored = s.execute(select(SubsidyApplication)).scalar_one()
    assert stored.fee == 19_400 and crypto.decrypt_field(stored.account_no) == "123456-01-234567"


def test_import_bad_rows_all_listed_nothing_written(db, tmp_path) -> None:
    rows = [
        row(),
        row(**{"신청번호": "W-0002", "응시료": "0"}),
        row(**{"신청번호": "W-0003", "응시료": "무료"}),
        row(**{"신청번호": "W-0004", "생년월일": "2030-01-01"}),
        row(**{"신청번호": "W-0005", "시험구분": ""}),
        row(**{"신청번호": "W-0006", "계좌번호": ""}),
        row(**{"신청번호": "W-0007", "시험구분": "운전면허"}),  # valid: screening rejects it
        row(**{"신청번호": "W-0001", "성명": "다른사람"}),        # same number, other content
    ]
    ops = sync_ops(db)
    with pytest.raises(ImportRefused) as e:
        imported(db, tmp_path, rows)
    assert e.value.problems == [
        "행 3: 응시료 0원은(는) 1원 이상이어야 합니다",
        "행 4: 응시료 '무료'은(는) 숫자가 아닙니다",
        "행 5: 생년월일 '2030-01-01'은(는) 미래의 날짜입니다",
        "행 6: 시험구분 값이 비어 있습니다 (필수 항목: 국가기술자격/국가전문자격/공인민간자격/어학시험/한국사능력검정시험)",
        "행 7: 계좌번호 값이 비어 있습니다 (지원금을 보낼 계좌가 없습니다)",
        "행 9: 행 2과(와) 신청번호 W-0001가 같은데 내용이 다릅니다: 성명",
    ]
    assert count(db, SubsidyApplication) == 0 and sync_ops(db) == ops


def test_import_identical_duplicate_rows_in_one_file(db, tmp_path) -> None:
    result = imported(db, tmp_path, [row(), row()])
    assert (result.created, result.skipped) == (1, 1)


def test_import_missing_columns_and_year(db, tmp_path) -> None:
    with pytest.raises(ImportRefused, match="필수 열이 없습니다: 계좌번호"):
        io.import_file(db, write_sheet(tmp_path / "x.csv", [row()], columns=[c for c in io.COLUMNS if c != "계좌번호"]))
    with pytest.raises(ImportRefused, match="2023년 응시료 지원 사업이 없습니다"):
        imported(db, tmp_path, [row(**{"신청일": "2023-05-20", "응시일": "2023-03-01"})])
    # 휴대전화 may be absent
    result = io.import_file(db, write_sheet(tmp_path / "y.csv", [row()], columns=[c for c in io.COLUMNS if c != "휴대전화"]))
    assert result.created == 1


def test_export_round_trips(db, tmp_path) -> None:
    imported(db, tmp_path, [row(), row(**{"신청번호": "W-0002", "성명": "이영희", "휴대전화": ""})])
    for name in ("out.xlsx", "out.csv"):
        assert io.export_file(db, tmp_path / name) == 2
        again = io.import_file(db, tmp_path / name)
        assert (again.created, again.skipped) == (0, 2)
    assert any("계좌번호 포함" in d for d in audit_details(db, "export"))


# --- personal data ----------------------------------------------------------------------------


def test_account_encrypted_at_rest_and_masked(db, tmp_path) -> None:
    imported(db, tmp_path, [row()])
    app_id = subsidy.find_id(db, "W-0001")
    subsidy.add(db, form(account_no="110-123-456789", name="이영희"))
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT account_no FROM subsidy_application")).scalars().all()
        ops = conn.execute(text("SELECT value FROM sync_op WHERE tbl='subsidy_application' AND field='account_no'")
                           ).scalars().all()
    for value in [*stored, *ops]:
        assert "v1:" in value and "456789" not in value and "234567" not in value
    assert SubsidyApplication.__encrypted__ == ("account_no",)
    d = subsidy.detail(db, app_id)
    assert d.account_masked == "123-****-4567" and d.fields["account_no"] == "123-****-4567"
    assert "234567" not in repr(subsidy.list_page(db, 2024))
    assert audit_details(db, "view")[-1] == "조회 (검토)"


def test_holder_name_differs_is_flagged(db, tmp_path) -> None:
    imported(db, tmp_path, [row(), row(**{"신청번호": "W-0002", "성명": "이영희", "예금주": "이철수"})])
    flagged = subsidy.list_page(db, 2024, view="예금주 다름")
    assert [r.application_no for r in flagged.rows] == ["W-0002"]
    assert subsidy.detail(db, subsidy.find_id(db, "W-0002")).holder_differs


# --- form entry ---------------------------------------------------------------------------------


def test_add_by_form(db) -> None:
    a = subsidy.add(db, form())
    assert a.application_no == "T1-2024-00001" and a.status == "접수" and a.year == 2024
    with pytest.raises(ValidationFailed) as e:
        subsidy.add(db, form(application_no="T1-2024-00001"))
    assert "이미 있는 신청번호" in e.value.errors["신청번호"]
    with pytest.raises(ValidationFailed) as e:
        subsidy.add(db, form(fee="0", birth_date="2030-01-01", account_no=""))
    assert set(e.value.errors) == {"응시료", "생년월일", "계좌번호"}
    assert count(db, SubsidyApplication) == 1


def test_update_before_decision_only(db) -> None:
    a = subsidy.add(db, form(moved_in="2024-05-01"))
    assert results(db)[a.application_no][1] == ("RESIDENCY",)
    fixed = subsidy.update(db, a.id, form(moved_in="2024-04-20", application_no=a.application_no),
                           expected_version=a.version)
    assert results(db)[a.application_no] == (True, (), 19_400)
    with pytest.raises(StaleRecord):
        subsidy.update(db, a.id, form(fee="10000"), expected_version=a.version)
    subsidy.reject(db, a.id, "영수증 없음", expected_version=fixed.version)
    with pytest.raises(Refused, match="반려된 신청은 고칠 수 없습니다"):
        subsidy.update(db, a.id, form(), expected_version=fixed.version + 1)


# --- review -------------------------------------------------------------------------------------


def setup_three(db, tmp_path) -> dict[str, str]:
    imported(db, tmp_path, [
        row(**{"신청번호": "R-1", "시험명": "TOEIC Speaking", "시험구분": "어학시험", "응시료": "84000"}),
        row(**{"신청번호": "R-2", "신청일": "2024-05-21", "시험명": "정보처리기사 실기", "응시료": "22600"}),
        row(**{"신청번호": "R-3", "신청일": "2024-05-21", "성명": "이영희", "취업여부": "취업"}),
    ])
    return {no: subsidy.find_id(db, no) for no in ("R-1", "R-2", "R-3")}


def test_review_flow_and_reasons(db, tmp_path) -> None:
    ids = setup_three(db, tmp_path)
    assert results(db)["R-2"] == (True, (), 16_000)
    with pytest.raises(ValidationFailed, match="응시료 영수증, 주민등록 거주 확인"):
        subsidy.approve(db, ids["R-1"])
    a = subsidy.begin_review(db, ids["R-1"])
    assert a.status == "검토"
    a = subsidy.approve(db, ids["R-1"], receipt_checked=True, residence_checked=True, expected_version=a.version)
    assert (a.status, a.granted_amount, a.rule_amount) == ("승인", 84_000, 84_000)
    # never above the rule's amount; lowering needs a reason
    with pytest.raises(ValidationFailed, match="16,000원을 넘습니다"):
        subsidy.approve(db, ids["R-2"], amount=20_000, receipt_checked=True, residence_checked=True)
    with pytest.raises(ValidationFailed, match="낮추려면 사유"):
        subsidy.approve(db, ids["R-2"], amount=10_000, receipt_checked=True, residence_checked=True)
    b = subsidy.approve(db, ids["R-2"], amount=10_000, receipt_checked=True, residence_checked=True,
                        reason="영수증 금액 10,000원 (할인 응시)")
    assert b.granted_amount == 10_000 and b.decision_reason.startswith("영수증")
    # overruling the screening needs a reason, and is capped by the fee and the person's cap
    with pytest.raises(ValidationFailed, match="선별 결과\\(취업 중\\)와 다르게"):
        subsidy.approve(db, ids["R-3"], receipt_checked=True, residence_checked=True)
    c = subsidy.approve(db, ids["R-3"], receipt_checked=True, residence_checked=True,
                        reason="신청일 당시 퇴사 확인 (고용보험 상실 2024-05-10)")
    assert c.granted_amount == 19_400
    with db.session() as s:
        hist = s.execute(select(SubsidyReview.action, SubsidyReview.overrule, SubsidyReview.reason)
                         .where(SubsidyReview.application_id == ids["R-3"])).all()
    assert [(h.action, h.overrule) for h in hist] == [("검토", False), ("승인", True)]
    # 반려 needs a reason; decided ones cannot be decided again without 재검토
    with pytest.raises(Refused, match="지금: 승인"):
        subsidy.reject(db, ids["R-3"], "x")
    r = subsidy.reopen(db, ids["R-3"], "고용보험 이력 재확인 필요")
    assert (r.status, r.granted_amount) == ("검토", None)
    with pytest.raises(ValidationFailed, match="반려하려면 사유"):
        subsidy.reject(db, ids["R-3"], "  ")
    r = subsidy.reject(db, ids["R-3"], "신청일 현재 재직 중")
    assert r.status == "반려"
    d = subsidy.detail(db, ids["R-3"])
    assert [h.action for h in d.history] == ["검토", "승인", "재검토", "반려"]
    assert d.history[-1].reason == "신청일 현재 재직 중"
    assert any("반려 사유: 신청일 현재 재직 중" in x for x in audit_details(db, "update"))


def test_approval_counts_decisions_for_cap_and_budget(db, tmp_path, sup) -> None:
    subsidy.set_year(sup, 2024, {"budget": "100000"})
    imported(db, tmp_path, [
        row(**{"신청번호": "B-1", "응시료": "60000", "시험명": "A"}),
        row(**{"신청번호": "B-2", "성명": "이영희", "응시료": "60000", "신청일": "2024-05-21", "시험명": "B"}),
        row(**{"신청번호": "B-3", "성명": "박철수", "응시료": "30000", "신청일": "2024-05-22", "시험명": "C"}),
    ])
    assert results(db) == {"B-1": (True, (), 60_000), "B-2": (True, (), 40_000),
                           "B-3": (False, ("BUDGET_EXHAUSTED",), 0)}
    ok = {"receipt_checked": True, "residence_checked": True}
    subsidy.reject(db, subsidy.find_id(db, "B-1"), "영수증 위조 의심")
    subsidy.approve(db, subsidy.find_id(db, "B-2"), **ok)
    # money freed by the rejection: B-3 may be approved against the screening, with a reason
    d = subsidy.detail(db, subsidy.find_id(db, "B-3"))
    assert (d.eligible, d.max_grant, d.budget_left) == (False, 30_000, 60_000)
    subsidy.approve(db, subsidy.find_id(db, "B-3"), reason="반려로 남은 예산 배정", **ok)
    with pytest.raises(Refused, match="지원규모를 작게 할 수 없습니다"):
        subsidy.set_year(sup, 2024, {"budget": "50000"})
    ov = subsidy.overview(db, 2024)
    assert (ov.granted_amount, ov.budget_left, ov.screening_left) == (70_000, 30_000, 0)
    assert "모두 배정" in ov.message()


def test_approve_never_exceeds_budget_left(db, tmp_path, sup) -> None:
    subsidy.set_year(sup, 2024, {"budget": "50000"})
    imported(db, tmp_path, [row(**{"신청번호": "C-1", "응시료": "45000"}),
                            row(**{"신청번호": "C-2", "성명": "이영희", "응시료": "45000", "신청일": "2024-05-21"})])
    ok = {"receipt_checked": True, "residence_checked": True}
    assert results(db)["C-2"] == (True, (), 5_000)
    subsidy.approve(db, subsidy.find_id(db, "C-2"), **ok)
    a = subsidy.approve(db, subsidy.find_id(db, "C-1"), **ok)
    assert a.granted_amount == 45_000
    ov = subsidy.overview(db, 2024)
    assert ov.budget_left == 0 and "더 이상 지원할 수 없습니다" in ov.message()


def test_review_refused_read_only(db, open_db, tmp_path) -> None:
    ids = setup_three(db, tmp_path)
    ro = open_db(read_only=True)
    with pytest.raises(ReadOnlyError):
        subsidy.approve(ro, ids["R-1"], receipt_checked=True, residence_checked=True)
    assert subsidy.detail(ro, ids["R-1"]).status == "접수"


def test_withdraw(db, tmp_path) -> None:
    ids = setup_three(db, tmp_path)
    subsidy.withdraw(db, ids["R-1"], "본인 취소 요청 (전화)")
    assert "R-1" not in results(db)
    assert results(db)["R-2"] == (True, (), 22_600)   # the cap is free again
    with pytest.raises(NotFound):
        subsidy.find_id(db, "R-1")


# --- payment batches ----------------------------------------------------------------------------


def approve_all(db) -> None:
    for r in subsidy.list_page(db, 2024, view="적격").rows:
        subsidy.approve(db, r.id, receipt_checked=True, residence_checked=True)


def test_batch_build_export_pay(db, tmp_path, sup) -> None:
    imported(db, tmp_path, [row(), row(**{"신청번호": "W-0002", "성명": "이영희", "예금주": "이철수",
                                          "은행": "신한은행", "계좌번호": "110-123-456789", "응시료": "52500"}),
                            row(**{"신청번호": "W-0003", "성명": "박철수", "취업여부": "취업"})])
    with pytest.raises(Refused, match="승인된 신청이 없습니다"):
        subsidy.create_batch(db, 2024)
    approve_all(db)
    assert [c.application_no for c in subsidy.candidates(db, 2024)] == ["W-0001", "W-0002"]
    with pytest.raises(Refused, match="W-0003: 승인된 신청이 아닙니다"):
        subsidy.create_batch(db, 2024, ["W-0001", "W-0003"])
    batch = subsidy.create_batch(db, 2024, note="5월 4주")
    assert (batch.count, batch.total) == (2, 71_900)
    assert subsidy.candidates(db, 2024) == []
    with pytest.raises(Refused, match="이체 파일을 먼저 내보내세요"):
        subsidy.mark_paid(sup, batch.batch_no)
    assert subsidy.export_batch(db, batch.batch_no, tmp_path / "pay.xlsx") == 2
    assert subsidy.export_batch(db, batch.batch_no, tmp_path / "pay.csv") == 2
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "pay.xlsx").active
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["은행", "계좌번호", "예금주", "금액", "신청번호"],
        ["국민은행", "123456-01-234567", "김민수", 19_400, "W-0001"],
        ["신한은행", "110-123-456789", "이철수", 52_500, "W-0002"]]
    csv_text = (tmp_path / "pay.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_text[0] == "은행,계좌번호,예금주,금액,신청번호" and csv_text[2] == "신한은행,110-123-456789,이철수,52500,W-0002"
    exports = audit_details(db, "export")
    assert len(exports) == 2 and "계좌번호 포함" in exports[0]
    b, lines = subsidy.batch_lines(db, batch.batch_no)
    assert [x.account_masked for x in lines] == ["123-****-4567", "110-****-6789"]
    assert [x.holder_differs for x in lines] == [False, True]
    with pytest.raises(ValidationFailed, match="미래"):
        subsidy.mark_paid(sup, batch.batch_no, paid_on="2024-06-03")
    paid = subsidy.mark_paid(sup, batch.batch_no, paid_on="2024-05-31")
    assert (paid.status, paid.paid_on) == ("지급", D(2024, 5, 31))
    assert [r.status for r in subsidy.list_page(db, 2024).rows] == ["지급", "지급", "접수"]
    with pytest.raises(Refused):
        subsidy.mark_paid(sup, batch.batch_no)
    with pytest.raises(Refused, match="지급된 일괄"):
        subsidy.cancel_batch(db, batch.batch_no, "실수")
    f = subsidy.figures(db, 2024)
    assert (f["granted_people"], f["granted_amount"], f["paid_amount"]) == (2, 71_900, 71_900)
    assert f["execution_rate"] == 0.1 and f["budget"] == 50_500_000


def test_batch_remove_and_cancel(db, tmp_path, sup) -> None:
    imported(db, tmp_path, [row(), row(**{"신청번호": "W-0002", "성명": "이영희"})])
    approve_all(db)
    batch = subsidy.create_batch(db, 2024)
    subsidy.export_batch(db, batch.batch_no, tmp_path / "p.csv")
    with pytest.raises(Refused, match="지급 일괄에 든 신청"):
        subsidy.reopen(db, subsidy.find_id(db, "W-0001"), "다시 봄")
    b = subsidy.remove_from_batch(db, batch.batch_no, "W-0002")
    assert (b.count, b.total, b.exported_at) == (1, 19_400, None)   # must export again
    with pytest.raises(Refused, match="이체 파일을 먼저"):
        subsidy.mark_paid(sup, batch.batch_no)
    subsidy.cancel_batch(db, batch.batch_no, "계좌 확인 후 다시")
    assert len(subsidy.candidates(db, 2024)) == 2
    second = subsidy.create_batch(db, 2024)
    assert second.batch_no.endswith("00002") and second.count == 2


# --- lists and figures --------------------------------------------------------------------------


def test_list_filters_and_near_cap(db, tmp_path) -> None:
    imported(db, tmp_path, [
        row(**{"신청번호": "L-1", "응시료": "84000", "시험명": "A"}),
        row(**{"신청번호": "L-2", "성명": "이영희", "생년월일": "1984-12-31"}),
        row(**{"신청번호": "L-3", "성명": "박철수", "전화번호": "", "휴대전화": "010-9999-1111"}),
    ])
    page = subsidy.list_page(db, 2024, view="부적격")
    assert [(r.application_no, r.reasons) for r in page.rows] == [("L-2", ("AGE",))]
    assert [r.application_no for r in subsidy.list_page(db, 2024, query="ㅂㅊ").rows] == ["L-3"]
    assert [r.application_no for r in subsidy.list_page(db, 2024, query="9999").rows] == ["L-3"]
    assert [r.application_no for r in subsidy.list_page(db, 2024, view="AGE").rows] == ["L-2"]
    page = subsidy.list_page(db, 2024, limit=2, offset=2)
    assert (page.total, [r.application_no for r in page.rows]) == (3, ["L-3"])
    ov = subsidy.overview(db, 2024)
    assert [(n.name, n.total, n.room) for n in ov.near_cap] == [("김민수", 84_000, 16_000)]
    assert (ov.eligible, ov.eligible_people, ov.eligible_amount) == (2, 2, 103_400)
    assert ov.by_reason["AGE"] == 1 and not ov.exhausted


def test_figures_by_period(db, tmp_path) -> None:
    imported(db, tmp_path, [row(**{"신청일": "2024-05-02"}),
                            row(**{"신청번호": "W-0002", "성명": "이영희", "신청일": "2024-05-30"})])
    approve_all(db)
    f = subsidy.figures(db, 2024, date_from=D(2024, 5, 1), date_to=D(2024, 5, 15))
    assert (f["applications"], f["eligible_people"], f["granted_amount"], f["paid_amount"]) == (1, 1, 19_400, 0)
    assert f["budget_left"] == 50_000_000 - 38_800
