"""The 보고서 section (F9) through Pilot: the dashboard, the reports screen (pick a period, see the
table, export it and the council pack), entering and cancelling an expenditure; a snapshot of
the dashboard at 80x24 (clock frozen at 2024-05-31, site code T1)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from textual.widgets import DataTable, Input, Static

from tests.conftest import seeker_values
from tests.ui.conftest import settle, wait_until
from ydp_tui.app import YdpApp
from ydp_tui.config import Config
from ydp_tui.db import budget, seekers
from ydp_tui.db.engine import Database
from ydp_tui.db.models import Operator

BOSS = "최팀장"


def make_db(tmp_path: Path) -> str:
    """Seekers over the last months and a few expenditures, entered by a supervisor."""
    path = tmp_path / "ui.sqlite3"
    db = Database.open(str(path), operator=BOSS, site_code="T1")
    with db.write() as s:
        s.add(Operator(name=BOSS, role="감독자"))
    db.set_operator(BOSS)
    days = ["2024-05-31", "2024-05-31", "2024-05-20", "2024-05-02", "2024-04-11", "2024-04-03", "2024-03-28",
            "2024-02-14", "2024-01-09", "2023-11-30", "2023-08-01"]
    people = [seekers.register(db, seeker_values(name=f"구직자{i:02d}", phone=f"010-2000-{i:04d}", registered_on=day,
                                                  consent_date=day)) for i, day in enumerate(days)]
    # referrals in March to May, two of them hired
    from tests.jobs_helpers import employer, vacancy
    from ydp_tui.db import referrals

    employer(db, registered_on="2023-06-01")
    v = vacancy(db, registered_on="2024-03-01", headcount="5")
    for person, day in zip(people[8:3:-1], ["2024-03-05", "2024-04-12", "2024-04-20", "2024-05-02", "2024-05-31"]):
        referrals.refer(db, person.id, v.id, on=day)
    for r, day in zip(referrals.search(db, limit=2).rows, ["2024-05-31", "2024-05-10"]):
        referrals.advance(db, r.id, "채용", {"on": day})
    for unit, day, amount in (("01", "2024-02-01", 100_000_000), ("01", "2024-05-31", 32_761_000),
                              ("05", "2024-03-10", 1_047_122_000), ("07", "2024-04-30", 34_854_000)):
        budget.add_expenditure(db, {"unit": unit, "spent_on": day, "amount": amount, "description": "집행"})
    db.dispose()
    return str(path)


def make_app(path: str, operator: str = BOSS) -> YdpApp:
    return YdpApp(Config(db=path, operator=operator), cursor_blink=False)


def cells(table: DataTable, row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def test_dashboard_then_reports_export_and_pack(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        figures = str(app.screen.query_one("#figures", Static).render())
        assert "오늘 (5. 31.)" in figures and "이번 달 (5월)" in figures
        today, month = [line.split() for line in figures.splitlines()[1:]]
        assert (today[-3], month[-3]) == ("2", "4")  # 2 registered today, 4 in May
        bars = app.screen.query_one("#bars").render().plain
        assert "청년의 사회적 자립기반 조성" in bars and "46.9%" in bars and "계" in bars

        await pilot.press("r")
        await settle(app, pilot)
        view = app.screen.query_one("#report-budget")
        table = view.query_one(DataTable)
        assert cells(table, 0) == ["계", "7,231,263", "1,214,737", "16.8"]
        # pick a period by hand: March and April only
        app.screen.query_one("#from", Input).focus()
        app.screen.query_one("#from", Input).value = ""
        await pilot.press(*"2024.3.1", "enter")
        assert app.screen.focused is app.screen.query_one("#to", Input)
        app.screen.query_one("#to", Input).value = ""
        await pilot.press(*"20240430", "enter")
        await settle(app, pilot)
        assert str(app.screen.query_one("#preset").value) == "직접 입력"
        assert cells(table, 0) == ["계", "7,231,263", "1,081,976", "15.0"]
        assert cells(table, 5)[0:3] == ["청년의 사회적 자립기반 조성", "2,233,802", "1,047,122"]
        assert "2024. 3. 1. ~ 2024. 4. 30." in str(view.query_one(".report-meta", Static).render())
        # a bad date says so and keeps the last table
        app.screen.query_one("#to", Input).value = "2024-02-30"
        await pilot.press("f5")
        await settle(app, pilot)
        assert "종료일" in str(app.screen.query_one("#period-info", Static).render())
        app.screen.query_one("#to", Input).value = "2024-04-30"

        # export the focused table
        table.focus()
        await pilot.press("x")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        assert prompt.value == str(tmp_path / "예산_집행_현황_20240430.xlsx")
        await pilot.press("enter")
        await settle(app, pilot)
        ws = load_workbook(tmp_path / "예산_집행_현황_20240430.xlsx").active
        assert (ws["A2"].value, ws["A3"].value) == ("기간: 2024. 3. 1. ~ 2024. 4. 30.", "(2024. 4. 30. 기준)")
        assert [c.value for c in ws[5]] == ["계", 7_231_263, 1_081_976, 15.0]

        # the council pack
        await pilot.press("p")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        prompt.value = str(tmp_path / "구의회.xlsx")
        await pilot.press("enter")
        await settle(app, pilot)
        await wait_until(pilot, lambda: (tmp_path / "구의회.xlsx").exists())
        from ydp_tui.reports import REPORTS

        wb = load_workbook(tmp_path / "구의회.xlsx")
        assert len(wb.sheetnames) == len(REPORTS) and wb.worksheets[0]["A3"].value == "(2024. 4. 30. 기준)"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "DashboardScreen"


async def test_enter_and_cancel_an_expenditure(tmp_path) -> None:
    path = make_db(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        table = app.screen.query_one("#list", DataTable)
        assert table.row_count == 4
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "RecordForm"
        await pilot.press(*"기본경비", "tab")        # 단위사업 -> 집행일 (today already)
        await pilot.press("tab", *"1,200,000", "tab", *"5월 사무용품", "ctrl+s")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ExpendituresScreen"
        await wait_until(pilot, lambda: table.row_count == 5)
        first = cells(table, 0)
        assert first[:4] == ["2024-05-31", "기본경비", "1,200,000", "5월 사무용품"]
        assert "집행 합계 1,215,937,000원" in str(app.screen.query_one("#count", Static).render())
        # cancel it with a reason
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"금액 오기", "enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        await wait_until(pilot, lambda: cells(table, 0)[4] == "취소")
    db = Database.open(path, operator="검사")
    try:
        rows = budget.expenditures(db, 2024).rows
        assert (rows[0].status, rows[0].cancel_reason, rows[0].amount) == ("취소", "금액 오기", 1_200_000)
    finally:
        db.dispose()


async def test_a_counselor_cannot_enter_expenditures(tmp_path) -> None:
    app = make_app(make_db(tmp_path), operator="김상담")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9", "e")
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ExpendituresScreen"
        assert any("감독자ㆍ관리자만" in n.message for n in app._notifications)


def test_dashboard_snapshot(tmp_path, snap_compare) -> None:
    app = make_app(make_db(tmp_path))

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("f9")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
