"""프로그램ㆍ공간 (F12) through Pilot: book a slot by keyboard (an overlap refused, nothing
saved), check a booking in and count a walk-in, enter a department's quarter results, add a seeker to a program and mark attendance;
and a snapshot of the spaces day view at 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from tests.conftest import seeker_values
from tests.ui.conftest import settle, wait_until
from ydp_tui.app import YdpApp
from ydp_tui.config import Config
from ydp_tui.db import programs, seekers, spaces, targets
from ydp_tui.db.engine import Database
from ydp_tui.db.models import Operator
from ydp_tui.screens.programs import AttendanceScreen, ProgramScreen
from ydp_tui.screens.record_form import RecordForm
from ydp_tui.screens.spaces import SpacesScreen
from ydp_tui.screens.targets import ResultsScreen, TargetsScreen
from ydp_tui.widgets.day_grid import DayGrid
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.seeker_picker import SeekerPicker

SEMINAR = "스튜디오 영원 세미나실"


def _db(path: Path) -> Database:
    return Database.open(str(path), operator="김상담", site_code="T1")


def _app(path: Path) -> YdpApp:
    return YdpApp(Config(db=str(path), operator="김상담"), cursor_blink=False)


def _bookings(path: Path, day: str = "2024-05-31") -> list[tuple[str, str, str, str]]:
    db = _db(path)
    try:
        return [(b.space, b.time_from, b.time_to, b.booked_by) for b in spaces.bookings_on(db, day)]
    finally:
        db.dispose()


async def _open_spaces(app: YdpApp, pilot) -> SpacesScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("f12")
    await settle(app, pilot)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, SpacesScreen)
    return app.screen


async def test_book_a_slot_by_keyboard(db_path) -> None:
    db = _db(db_path)
    spaces.book(db, SEMINAR, {"day": "2024-05-31", "time_from": "10:00", "time_to": "12:00", "booked_by": "홍길동"})
    db.dispose()
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_spaces(app, pilot)
        assert "2024-05-31 (금) 오늘  스튜디오 영원" in str(screen.query_one("#where", Static).render())
        await pilot.press("down", "down")                       # 미디어실1 -> 미디어실2 -> 세미나실
        assert screen.query_one(DayGrid).current.label == "세미나실"
        await pilot.press("b")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RecordForm) and form.TITLE_TEXT == f"공간 예약: {SEMINAR}"
        # the form starts at the first free half hour after now (10:00 is taken until 12:00)
        assert form.form.raw_values()["time_from"] == "12:00" and form.form.raw_values()["time_to"] == "13:00"
        form.form.row("time_from").control.value = "11:59"     # overlaps 홍길동's 10:00~12:00
        form.form.row("time_to").control.value = "12:30"
        form.form.row("booked_by").control.focus()
        await pilot.press(*"김철수", "tab", *"01098765432", "tab", "3")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form                                # refused: the form and what was typed stay
        assert form.form.raw_values()["booked_by"] == "김철수"
        assert _bookings(db_path) == [(SEMINAR, "10:00", "12:00", "홍길동")]
        form.form.row("time_from").control.value = "12:00"      # touching 12:00 is fine
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, SpacesScreen)
        table = app.screen.query_one("#bookings", DataTable)
        assert [str(c) for c in table.get_row_at(1)][:5] == ["12:00~12:30", "세미나실", "김철수", "3", "예약"]
        # 홍길동 came with 5 people: check the booking in; then 4 people used the room without one
        table.focus()
        await pilot.press("up", "c")
        await pilot.pause()
        prompt = app.screen.query_one(Input)
        assert prompt.value == "1"
        prompt.value = "5"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [str(c) for c in table.get_row_at(0)][4] == "이용"
        screen.query_one(DayGrid).focus()
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one(Input).value = "4"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "자유 이용 1건(4명)" in str(screen.query_one("#legend", Static).render())
    assert _bookings(db_path) == [(SEMINAR, "10:00", "12:00", "홍길동"), (SEMINAR, "12:00", "12:30", "김철수")]
    db = _db(db_path)
    try:
        [stats] = spaces.use_stats(db, dt.date(2024, 5, 31), dt.date(2024, 5, 31))
        assert (stats.bookings, stats.used, stats.uses, stats.people) == (2, 1, 2, 9)
    finally:
        db.dispose()


async def test_enter_a_quarters_results(db_path) -> None:
    db = _db(db_path)
    with db.write() as s:
        s.add(Operator(name="최팀장", role="감독자"))
    db.set_operator("최팀장")
    targets.add_project(db, {"year": "2024", "department": "일자리정책과", "name": "구인구직 만남의 날"},
                        [{"name": "채용 인원", "unit": "명", "target": "400"}, {"name": "개최", "unit": "회", "target": "0"}])
    targets.add_project(db, {"year": "2024", "department": "복지정책과", "name": "노인 일자리"},
                        [{"name": "참여 인원", "unit": "명", "target": "30"}])
    meet = targets.indicators(db, 2024)[0]
    targets.save_results(db, 2024, 1, {meet.id: "49"})
    db.dispose()
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f12")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TargetsScreen) and screen.quarter == 2     # May: the second quarter
        table = screen.query_one("#targets", DataTable)
        assert [str(c) for c in table.get_row_at(1)] == ["  구인구직 만남의 날 / 채용 인원", "400명", "", "49", "12.3"]
        assert [str(c) for c in table.get_row_at(2)][4] == "-"                # target 0: no rate
        await pilot.press("enter")                                           # the department's line
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, ResultsScreen) and form.department == "일자리정책과"
        fields = form.query_one(FormView)
        await wait_until(pilot, lambda: len(fields.rows()) == 2)
        await pilot.press(*"51", "tab", *"2")
        assert "누적 100명 / 목표 400명, 달성률 25.0%" in str(fields.row(meet.id).query_one(".field-message", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await settle(app, pilot)
        assert [str(c) for c in table.get_row_at(1)][2:] == ["51", "100", "25.0"]
        assert "2분기 입력 2/3" in str(screen.query_one("#count", Static).render())
    db = _db(db_path)
    try:
        rows = targets.indicators(db, 2024)
        assert [r.results for r in rows] == [{1: 49, 2: 51}, {2: 2}, {}]
    finally:
        db.dispose()


async def test_add_a_seeker_and_mark_attendance(db_path) -> None:
    db = _db(db_path)
    seekers.register(db, seeker_values())                                      # 김민수
    seekers.register(db, seeker_values(name="이영희", birth_date="1968-07-01", phone="010-2345-6789"))
    p = programs.add_program(db, {"name": "ESG 홍보 마케팅 교육", "year": "2024", "team": "상생기업팀",
                                  "budget_unit": "지역기반 상생기업 활성화", "kind": "교육", "completion_percent": "50"})
    programs.add_session(db, p.id, {"held_on": "2024-05-30"})
    programs.enroll_walkin(db, p.id, {"name": "NGUYEN THI HOA", "phone": "010-3456-7890", "consent": "Y"})
    db.dispose()
    app = _app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f12")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ProgramScreen)
        program_screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SeekerPicker)
        await pilot.press(*"ㄱㅁ")
        await settle(app, pilot)
        picker_table = app.screen.query_one(DataTable)
        assert picker_table.row_count == 1 and str(picker_table.get_row_at(0)[0]) == "김민수"
        await pilot.press("enter")                                            # one match: picked
        await settle(app, pilot)
        assert app.screen is program_screen
        people = program_screen.query_one("#people", DataTable)
        assert sorted(str(people.get_row_at(i)[0]) for i in range(people.row_count)) == ["NGUYEN THI HOA", "김민수"]
        program_screen.query_one("#sessions", DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("space")                                            # the first line: NGUYEN THI HOA
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is program_screen
        await settle(app, pilot)
        rows = {str(people.get_row_at(i)[0]): [str(c) for c in people.get_row_at(i)] for i in range(people.row_count)}
        assert rows["NGUYEN THI HOA"][3:] == ["1/1", "이수"] and rows["김민수"][3:] == ["0/1", "참여"]
    db = _db(db_path)
    try:
        [f] = programs.figures(db, dt.date(2024, 1, 1), dt.date(2024, 5, 31))
        assert (f.count, f.people, f.completed, f.summary) == (1, 1, 1, "1회(1명)")
    finally:
        db.dispose()


def test_spaces_day_view_snapshot(snap_compare, db_path) -> None:
    db = _db(db_path)
    for space, f, t, who, n in ((SEMINAR, "10:00", "12:00", "홍길동", "8"), (SEMINAR, "12:00", "13:30", "김철수", "4"),
                                ("스튜디오 영원 미디어실1", "14:00", "17:00", "NGUYEN THI HOA", "2"),
                                ("스튜디오 영원 개방형 오피스", "09:00", "18:00", "이영희", "6")):
        spaces.book(db, space, {"day": "2024-05-31", "time_from": f, "time_to": t, "booked_by": who, "headcount": n,
                                "purpose": "팀 회의" if who == "홍길동" else ""})
    spaces.check_in(db, spaces.bookings_on(db, "2024-05-31")[-1].booking_no)
    spaces.record_use(db, "스튜디오 영원 미디어실2", {"used_on": "2024-05-31", "headcount": "3"})
    db.dispose()
    app = _app(db_path)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _open_spaces(app, pilot)
        await pilot.press("down", "down")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
