"""The subsidy screens through Pilot: import, review with a reason, build and pay a batch; and a
snapshot of the review screen at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from textual.widgets import DataTable, Input, Static

from tests.subsidy_helpers import row, write_sheet
from tests.ui.conftest import settle
from ydp_tui.app import YdpApp
from ydp_tui.config import Config
from ydp_tui.db import subsidy
from ydp_tui.db.engine import Database
from ydp_tui.db.models import Operator, SubsidyApplication
from ydp_tui.io import subsidy as io

ROWS = [
    row(**{"신청번호": "W-0001", "신청일": "2024-05-02"}),
    row(**{"신청번호": "W-0002", "신청일": "2024-05-03", "성명": "이영희", "생년월일": "1999-07-01",
           "시험구분": "어학시험", "시험명": "TOEIC Speaking", "응시료": "84000", "예금주": "이철수",
           "은행": "신한은행", "계좌번호": "110-123-456789", "응시일": "2024-04-13"}),
    row(**{"신청번호": "W-0003", "신청일": "2024-05-07", "성명": "박철수", "생년월일": "1984-12-31"}),
    row(**{"신청번호": "W-0004", "신청일": "2024-05-08", "성명": "NGUYEN THI HOA", "생년월일": "2001-10-20",
           "예금주": "NGUYEN THI HOA", "시험구분": "운전면허", "시험명": "1종 보통", "응시료": "18000"}),
]


def make_db(tmp_path: Path, rows: list[dict] | None = None) -> str:
    path = tmp_path / "ui.sqlite3"
    db = Database.open(str(path), operator="김상담", site_code="T1")
    if rows:
        io.import_file(db, write_sheet(tmp_path / "web.csv", rows))
    db.dispose()
    return str(path)


def make_app(path: str, operator: str = "김상담") -> YdpApp:
    return YdpApp(Config(db=path, operator=operator), cursor_blink=False)


def statuses(path: str) -> dict[str, tuple[str, int | None, str]]:
    db = Database.open(path, operator="검사")
    try:
        with db.session() as s:
            return {a.application_no: (a.status, a.granted_amount, a.decision_reason)
                    for a in s.execute(select(SubsidyApplication)).scalars()}
    finally:
        db.dispose()


async def test_import_from_the_list_screen(tmp_path) -> None:
    path = make_db(tmp_path)
    sheet = write_sheet(tmp_path / "홈페이지.xlsx", ROWS)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        assert "신청이 없습니다" in str(app.screen.query_one("#count", Static).render())
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(sheet)
        await pilot.press("enter")
        await settle(app, pilot)
        table = app.screen.query_one("#list", DataTable)
        assert table.row_count == 4
        assert [str(c) for c in table.get_row_at(2)][:4] == ["W-0003", "2024-05-07", "박철수", "연령"]
        assert [str(c) for c in table.get_row_at(3)][3] == "시험종류"
        budget = str(app.screen.query_one("#budget", Static).render())
        assert "적격 2명 103,400원" in budget and "한도 임박(80%+) 1명: 이영희 84,000" in budget
    assert set(statuses(path)) == {"W-0001", "W-0002", "W-0003", "W-0004"}


async def test_import_refused_lists_every_bad_row(tmp_path) -> None:
    path = make_db(tmp_path)
    sheet = write_sheet(tmp_path / "bad.csv", [row(), row(**{"신청번호": "W-0002", "응시료": "무료"}),
                                               row(**{"신청번호": "W-0003", "계좌번호": ""})])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one(Input).value = str(sheet)
        await pilot.press("enter")
        await settle(app, pilot)
        lines = [str(s.render()) for s in app.screen.query(Static)]
        assert any("2개 문제" in line for line in lines)
        assert "행 3: 응시료 '무료'은(는) 숫자가 아닙니다" in lines
        assert "행 4: 계좌번호 값이 비어 있습니다 (지원금을 보낼 계좌가 없습니다)" in lines
    assert statuses(path) == {}


async def test_review_reject_with_reason_then_approve(tmp_path) -> None:
    path = make_db(tmp_path, ROWS)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("enter")                      # W-0001, eligible
        await settle(app, pilot)
        assert "적격" in str(app.screen.query_one("#verdict", Static).render())
        await pilot.press("ctrl+r")                     # no reason yet: refused on screen
        await pilot.pause()
        assert "반려하려면 사유를 입력하세요" in str(app.screen.query_one("#message", Static).render())
        assert app.screen.focused is app.screen.query_one("#reason", Input)
        await pilot.press(*"영수증 미제출")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "상태 반려" in str(app.screen.query_one("#verdict", Static).render())
        assert app.screen.query_one("#history", DataTable).row_count == 2
        await pilot.press("ctrl+n")                     # next: W-0002
        await settle(app, pilot)
        await pilot.press("ctrl+s")                     # papers not checked
        await pilot.pause()
        assert "확인을 마쳐야" in str(app.screen.query_one("#message", Static).render())
        app.screen.query_one("#checks").focus()
        await pilot.press("space", "right", "space")    # both checks
        amount = app.screen.query_one("#amount", Input)
        assert amount.value == "84,000"
        amount.value = "80,000"
        await pilot.press("ctrl+s")                     # lowered without a reason
        await pilot.pause()
        assert "낮추려면 사유" in str(app.screen.query_one("#message", Static).render())
        app.screen.query_one("#reason", Input).value = "영수증 금액 80,000원"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "상태 승인" in str(app.screen.query_one("#verdict", Static).render())
    got = statuses(path)
    assert got["W-0001"] == ("반려", None, "영수증 미제출")
    assert got["W-0002"] == ("승인", 80_000, "영수증 금액 80,000원")


async def test_build_export_and_pay_a_batch(tmp_path) -> None:
    path = make_db(tmp_path, ROWS)
    db = Database.open(path, operator="김상담")
    for no in ("W-0001", "W-0002"):
        subsidy.approve(db, subsidy.find_id(db, no), receipt_checked=True, residence_checked=True)
    with db.write() as session:  # marking a batch paid is a supervisor's (roles)
        session.add(Operator(name="최팀장", role="감독자"))
    db.dispose()
    out = tmp_path / "transfer.xlsx"
    app = make_app(path, operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        cand = app.screen.query_one("#candidates", DataTable)
        assert cand.row_count == 2
        assert "110-****-6789" in [str(c) for c in cand.get_row_at(1)]
        await pilot.press("space")                      # pick W-0001 only
        assert "고름 1건 19,400원" in str(app.screen.query_one("#cand-title", Static).render())
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert "지급 일괄 T1-2024-00001" in str(app.screen.query_one("#topbar", Static).render())
        await pilot.press("p")                          # not exported yet: refused
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = str(out)
        await pilot.press("enter")
        await settle(app, pilot)
        assert out.exists()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")                      # today
        await settle(app, pilot)
        assert "지급일 2024-05-31" in str(app.screen.query_one("#batch-info", Static).render())
    got = statuses(path)
    assert got["W-0001"][0] == "지급" and got["W-0002"][0] == "승인"
    from openpyxl import load_workbook

    assert list(load_workbook(out).active.iter_rows(values_only=True)) == [
        ("은행", "계좌번호", "예금주", "금액", "신청번호"), ("국민은행", "123456-01-234567", "김민수", 19_400, "W-0001")]


async def test_add_by_form(tmp_path) -> None:
    path = make_db(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        values = {"name": "김민수", "birth_date": "1995-03-15", "moved_in": "2020-01-01", "exam_kind": "어학시험",
                  "exam_name": "TOEIC", "exam_date": "2024-04-01", "fee": "0", "bank": "국민은행",
                  "account_no": "123456-01-234567"}
        for key, value in values.items():
            app.screen.query_one(f"#field-{key}", Input).value = value
        await pilot.press("ctrl+s")                     # fee 0 refused beside the field
        await pilot.pause()
        assert "1원 이상" in str(app.screen.query_one("#row-fee .field-message", Static).render())
        app.screen.query_one("#field-fee", Input).value = "52,500"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one("#list", DataTable).row_count == 1
    assert statuses(path) == {"T1-2024-00001": ("접수", None, "")}


@pytest.fixture
def review_db(tmp_path) -> str:
    path = make_db(tmp_path, ROWS)
    db = Database.open(path, operator="김상담")
    app_id = subsidy.find_id(db, "W-0002")
    subsidy.begin_review(db, app_id)
    db.dispose()
    return path


def test_review_screen_snapshot(review_db, snap_compare) -> None:
    app = make_app(review_db)

    async def open_review(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_review)
