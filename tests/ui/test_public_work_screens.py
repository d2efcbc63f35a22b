"""The public-work screens through Pilot, keyboard only: screening a form entry, a supervisor's
override with a reason, entering attendance; and a snapshot of the roster at 80x24."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from textual.widgets import DataTable, Input, Static

from tests.public_work_helpers import PERIOD, PROGRAM, people, write_sheet
from tests.ui.conftest import settle, wait_until
from ydp_tui.app import YdpApp
from ydp_tui.config import Config
from ydp_tui.db import public_work as pw
from ydp_tui.db import public_work_roster as roster
from ydp_tui.db.engine import Database
from ydp_tui.db.models import Operator, PwApplication, PwAttendance, PwSelectionLog
from ydp_tui.io import public_work as io


def make_db(tmp_path: Path, n: int = 0, *, headcount: int | None = None) -> str:
    path = tmp_path / "ui.sqlite3"
    db = Database.open(str(path), operator="준비", site_code="T1")
    with db.write() as s:
        s.add(Operator(name="최팀장", role="감독자"))
    db.set_operator("최팀장")
    if headcount:
        pw.set_period(db, PROGRAM, PERIOD, {"headcount": str(headcount)})
    if n:
        io.import_file(db, write_sheet(tmp_path / "dong.csv", people(n)))
    db.dispose()
    return str(path)


def make_app(path: str, operator: str = "김상담", read_only: bool = False) -> YdpApp:
    return YdpApp(Config(db=path, operator=operator, read_only=read_only), cursor_blink=False)


def open_db(path: str) -> Database:
    return Database.open(path, operator="검사")


async def to_applications(app: YdpApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("f7")
    await settle(app, pilot)
    await pilot.press("enter")          # the running period (동행일자리 2024-상반기) is highlighted
    await settle(app, pilot)


def result_text(app: YdpApp) -> str:
    return str(app.screen.query_one("#result", Static).render())


async def test_screening_a_form_entry(tmp_path) -> None:
    path = make_db(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_applications(app, pilot)
        assert "신청이 없습니다" in str(app.screen.query_one("#count", Static).render())
        await pilot.press("a")
        await settle(app, pilot)
        assert app.screen.focused.id == "field-application_no"
        await pilot.press("tab", *"박순자", "tab", *"19570302", "tab", "tab", *"문래", "tab", *"1", "tab",
                          *"1900000", "tab", *"30000000")
        await settle(app, pilot)
        # screened as typed: 1 person at 80% is 1,782,756원
        assert "부적격 가구소득 기준 초과 (INCOME)" in result_text(app)
        assert "1일 3시간, 일급 29,580원" in result_text(app)
        field = app.screen.query_one("#field-household_income", Input)
        field.value = "1,500,000"
        await settle(app, pilot)
        assert result_text(app).startswith("적격")
        # a household of 0 is refused beside its field; nothing is written
        app.screen.query_one("#field-household_size", Input).value = "0"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        message = str(app.screen.query_one("#row-household_size .field-message", Static).render())
        assert message == "0은(는) 1 이상이어야 합니다"
        db = open_db(path)
        with db.session() as s:
            assert s.execute(select(PwApplication)).first() is None
        app.screen.query_one("#field-household_size", Input).value = "1"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        text = result_text(app)
        assert text.startswith("저장했습니다: T1-2024-00001 박순자") and "적격  순위 1 / 정원 190  선발" in text
        assert app.screen.query_one("#field-name", Input).value == ""      # ready for the next one
        await pilot.press("escape")
        await settle(app, pilot)
        table = app.screen.query_one("#list", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:6] == ["1", "T1-2024-00001", "박순자", "66", "적격", "선발"]
    with db.session() as s:
        got = s.execute(select(PwApplication.name, PwApplication.household_income, PwApplication.assets)).all()
    assert got == [("박순자", 1_500_000, 30_000_000)]
    db.dispose()


async def test_override_with_a_reason(tmp_path) -> None:
    path = make_db(tmp_path, 5, headcount=3)
    counselor = make_app(path)
    async with counselor.run_test(size=(80, 24)) as pilot:
        await to_applications(counselor, pilot)
        await pilot.press("end")
        await settle(counselor, pilot)
        await pilot.press("s")                          # not a supervisor: the action is disabled
        await settle(counselor, pilot)
        assert type(counselor.screen).__name__ == "ApplicationsScreen"
    app = make_app(path, operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_applications(app, pilot)
        table = app.screen.query_one("#list", DataTable)
        assert [str(table.get_row_at(i)[5]) for i in range(5)] == ["선발", "선발", "선발", "대기 1", "대기 2"]
        await pilot.press("down", "down", "down", "down")   # P-0005, 대기 2
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("enter")                       # no reason: the prompt says so and stays
        await pilot.pause()
        assert "값을 입력하세요" in str(app.screen.query_one(".prompt-error", Static).render())
        await pilot.press(*"동장 추천: 긴급 생계 지원", "enter")
        await settle(app, pilot)
        await wait_until(pilot, lambda: str(app.screen.query_one("#list", DataTable).get_row_at(2)[5]) == "선발(조정)")
        table = app.screen.query_one("#list", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(5)]
        assert [(r[1], r[5]) for r in rows] == [("P-0001", "선발"), ("P-0002", "선발"), ("P-0005", "선발(조정)"),
                                                ("P-0003", "대기 1"), ("P-0004", "대기 2")]
        await pilot.press("enter")                         # the detail shows the reason and the history
        await settle(app, pilot)
        standing = str(app.screen.query_one("#standing", Static).render())
        assert "지금: 선발(조정)" in standing and "동장 추천: 긴급 생계 지원" in standing
        history = app.screen.query_one("#history", DataTable)
        assert [str(c) for c in history.get_row_at(0)][1:5] == ["조정 선발", "대기 2", "선발(조정)", "최팀장"]
    db = open_db(path)
    with db.session() as s:
        app_row = s.execute(select(PwApplication).where(PwApplication.application_no == "P-0005")).scalar_one()
        logs = s.execute(select(PwSelectionLog.action, PwSelectionLog.reason)).all()
    assert (app_row.override, app_row.override_reason, app_row.override_by) == ("선발", "동장 추천: 긴급 생계 지원", "최팀장")
    assert sorted(logs) == [("대기로", "P-0005 강참여5 조정 선발"), ("조정 선발", "동장 추천: 긴급 생계 지원")]
    db.dispose()


def _working_site(path: str) -> None:
    db = Database.open(path, operator="준비")
    pid = pw.resolve_period(db, PROGRAM, PERIOD).id
    site = roster.add_worksite(db, pid, {"name": "문래동 골목 환경정비", "department": "문래동 주민센터", "place": "문래동",
                                         "work_type": "그린환경", "supervisor": "정주무관", "daily_hours": "6"})
    other = roster.add_worksite(db, pid, {"name": "여의도 한강공원 안전순찰", "department": "안전총괄과",
                                          "place": "여의도 한강공원", "work_type": "안전관리", "supervisor": "한주무관",
                                          "daily_hours": "4", "capacity": "10"})
    for i, no in enumerate(("P-0001", "P-0002", "P-0003", "P-0004")):
        roster.assign(db, pw.find_id(db, no), (site if i < 3 else other).id, start="2024-05-27")
    db.dispose()


async def test_entering_attendance(tmp_path) -> None:
    path = make_db(tmp_path, 5)
    _working_site(path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        await pilot.press("t")                            # worksite picker: today, the first worksite
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "출근부 문래동 골목 환경정비 2024. 5. 31. (금)" in str(app.screen.query_one("#topbar", Static).render())
        table = app.screen.query_one("#sheet", DataTable)
        assert table.row_count == 3
        # rows by name: 박참여2, 이참여1, 최참여3
        await pilot.press("1", "2")                        # 출근, 결근; the cursor moves down each time
        await pilot.press("h")
        await pilot.pause()
        app.screen.query_one(Input).value = "4"
        await pilot.press("enter")                         # the third: 4 hours
        await pilot.pause()
        head = str(app.screen.query_one("#head", Static).render())
        assert "출근 2, 결근 1" in head and "저장 안 함 3건" in head
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "저장 안 함" not in str(app.screen.query_one("#head", Static).render())
        await pilot.press("left_square_bracket")            # Thursday 5/30: nothing entered yet
        await settle(app, pilot)
        await pilot.press("a", "left_square_bracket")       # all present, then the day before: saved first
        await settle(app, pilot)
        assert "2024. 5. 29." in str(app.screen.query_one("#topbar", Static).render())
    db = open_db(path)
    with db.session() as s:
        got = sorted(s.execute(select(PwAttendance.work_date, PwApplication.application_no, PwAttendance.status,
                                      PwAttendance.hours)
                               .join(PwApplication, PwApplication.id == PwAttendance.application_id)).all())
    assert [(str(d), no, st, h) for d, no, st, h in got] == [
        ("2024-05-30", "P-0001", "출근", 6), ("2024-05-30", "P-0002", "출근", 6), ("2024-05-30", "P-0003", "출근", 6),
        ("2024-05-31", "P-0001", "결근", 0), ("2024-05-31", "P-0002", "출근", 6), ("2024-05-31", "P-0003", "출근", 4)]
    db.dispose()


def test_roster_snapshot(tmp_path, snap_compare) -> None:
    path = make_db(tmp_path, 6)
    _working_site(path)
    app = make_app(path, operator="최팀장", read_only=True)

    async def open_roster(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press("f7")
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_roster)


async def test_worksite_form_refuses_then_saves(tmp_path) -> None:
    """The shared form saving (SavingForm): a missing field is named and nothing is written; once
    filled, Ctrl+S saves, says so and closes; read-only refuses the key."""
    from ydp_tui.db.models import PwWorksite
    from ydp_tui.screens.public_work_roster import WorksiteFormScreen

    path = make_db(tmp_path)
    db = open_db(path)
    period = pw.resolve_period(db, PROGRAM, PERIOD)
    db.dispose()
    app = make_app(path, operator="최팀장")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(WorksiteFormScreen(period.id))
        await settle(app, pilot)
        app.screen.query_one("#field-name", Input).value = "문래동 주민센터 환경정비"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WorksiteFormScreen)                   # 부서 and the rest are missing
        message = str(app.screen.query_one("#row-department .field-message", Static).render())
        assert message == "값이 비어 있습니다 (필수 항목)"
        for key, value in (("department", "문래동 주민센터"), ("place", "문래동 일대"), ("work_type", "그린환경"),
                           ("supervisor", "김감독")):
            app.screen.query_one(f"#field-{key}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, WorksiteFormScreen)
    db = open_db(path)
    with db.session() as s:
        assert s.execute(select(PwWorksite.name, PwWorksite.daily_hours)).all() == [("문래동 주민센터 환경정비", 6)]
    db.dispose()
    app = make_app(path, operator="최팀장", read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.push_screen(WorksiteFormScreen(period.id))
        await settle(app, pilot)
        assert app.screen.check_action("save", ()) is None
