"""공간 예약: one facility's rooms on a day as a timeline (30-minute slots), the day's bookings
below; book a slot (overlaps are refused and the existing booking named), check a booking in,
cancel it, count a walk-in use; the use statistics over a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from ydp_tui import clock, strings
from ydp_tui.rules import spaces as rules
from ydp_tui.rules.validation import Invalid, parse_date
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.record_form import RecordForm
from ydp_tui.widgets.day_grid import DayGrid, GridRow
from ydp_tui.widgets.dialogs import TextPrompt
from ydp_tui.widgets.tables import current_key
from ydp_tui.widgets.text import fit_cells

WEEKDAYS = "월화수목금토일"


def day_label(day: dt.date) -> str:
    return f"{day.isoformat()} ({WEEKDAYS[day.weekday()]})"


def grid_rows(view: Any) -> list[GridRow]:
    """The day view as grid rows: each room's slots booked, used (checked in) or clashing."""
    rows = []
    for s in view.spaces:
        grid = rules.slots(s.open_from, s.open_to)
        states = ["free"] * len(grid)
        for b in view.of(s.id):
            state = "clash" if b.id in view.clashes else "used" if b.status == "이용" else "booked"
            for i, (a, z) in enumerate(grid):
                if rules.overlaps(a, z, b.time_from, b.time_to) and states[i] != "clash":
                    states[i] = state
        rows.append(GridRow(s.id, s.room, states))
    return rows


class SpacesScreen(BaseScreen):
    TITLE_TEXT = "공간 예약"
    DEFAULT_CSS = """
    SpacesScreen #where { padding: 0 1; height: 1; }
    SpacesScreen #grid { margin: 0 0 0 0; }
    SpacesScreen #legend { padding: 0 1; height: 1; color: $text-muted; }
    SpacesScreen #bookings { height: 1fr; }
    """
    WRITE_ACTIONS = frozenset({"book", "check_in", "cancel", "walk_in"})
    BINDINGS = [
        Binding("b", "book", "예약", id="spaces.book", tooltip="고른 공간에 예약을 넣습니다 (겹치면 거부)"),
        Binding("c", "check_in", "이용 확인", id="spaces.check_in", tooltip="고른 예약의 사람이 왔음 (이용 인원 기록)"),
        Binding("x", "cancel", "취소", id="spaces.cancel", tooltip="고른 예약을 취소합니다 (확인 후)"),
        Binding("w", "walk_in", "자유 이용", id="spaces.walk_in", tooltip="예약 없이 이용한 인원을 셉니다"),
        Binding("left_square_bracket", "day(-1)", "전날", key_display="[", show=False, id="spaces.prev_day",
                tooltip="하루 앞으로"),
        Binding("right_square_bracket", "day(1)", "다음날", key_display="]", show=False, id="spaces.next_day",
                tooltip="하루 뒤로"),
        Binding("f", "facility(1)", "시설", show=False, id="spaces.facility", tooltip="다음 시설"),
        Binding("shift+f", "facility(-1)", "이전 시설", show=False, id="spaces.facility_prev", tooltip="이전 시설"),
        Binding("t", "today", "오늘", show=False, id="spaces.today", tooltip="오늘로"),
        Binding("g", "goto", "날짜", show=False, id="spaces.goto", tooltip="날짜를 입력해 갑니다"),
        Binding("u", "stats", "통계", id="spaces.stats", tooltip="기간의 이용 통계"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day = clock.today()
        self.facilities: list[str] = []
        self.facility_index = 0
        self.view: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="where")
        yield DayGrid(id="grid")
        yield Static("", id="legend")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="bookings")

    @property
    def table(self) -> DataTable:
        return self.query_one("#bookings", DataTable)

    @property
    def grid(self) -> DayGrid:
        return self.query_one(DayGrid)

    def on_mount(self) -> None:
        table = self.table
        wide = self.app.size.width >= 100
        table.add_column("시간", key="time")
        table.add_column("공간", key="room")
        table.add_column("예약자", key="by")
        table.add_column("인원", key="people")
        table.add_column("상태", key="status")
        table.add_column("용도", key="purpose")
        if wide:
            table.add_column("예약번호", key="no")
        self.wide = wide
        self.grid.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import spaces

        db = self.db
        self.run_service(lambda: spaces.facilities(db), self._facilities, group="spaces-facilities")

    def _facilities(self, names: list[str]) -> None:
        self.facilities = names
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None and self.facilities:
            self.reload()

    @property
    def facility(self) -> str:
        return self.facilities[self.facility_index] if self.facilities else ""

    def reload(self) -> None:
        from ydp_tui.db import spaces

        if not self.facilities:
            return
        db, day, facility = self.db, self.day, self.facility
        self.run_service(lambda: spaces.day_view(db, day, facility), self._show, group="spaces-day")

    def _show(self, view: Any) -> None:
        keep = self.grid.current.key if self.grid.current else None
        self.view = view
        today = " 오늘" if view.day == clock.today() else ""
        where = Text.assemble((day_label(view.day), "bold"), today, "  ", (view.facility, "bold"),
                              ("  [ ] 날짜  f 시설  g 이동", "dim"))
        self.query_one("#where", Static).update(where)
        self.grid.set_rows(view.spaces[0].open_from if view.spaces else "09:00", grid_rows(view), keep=keep)
        table = self.table
        table.clear()
        for b in view.bookings:
            room = next(s.room for s in view.spaces if s.id == b.space_id)
            status = Text("겹침", style="bold red") if b.id in view.clashes else Text(b.status)
            cells = [Text(f"{b.time_from}~{b.time_to}"), Text(fit_cells(room, 14)), Text(fit_cells(b.booked_by, 10)),
                     Text(f"{b.headcount}", justify="right"), status, Text(b.purpose)]
            if self.wide:
                cells.append(Text(b.booking_no))
            table.add_row(*cells, key=b.id)
        walk = sum(n for n, _ in view.walk_ins.values())
        walk_people = sum(p for _, p in view.walk_ins.values())
        legend = Text.assemble(("  ", "on dark_orange3"), " 예약 ", ("  ", "on green4"), " 이용 ",
                               ("!!", "bold white on red3"), " 겹침  ",
                               f"예약 {len(view.bookings):,}건", f" | 자유 이용 {walk:,}건({walk_people:,}명)" if walk else "")
        self.query_one("#legend", Static).update(legend)
        self._follow_grid()

    # --- selection ---------------------------------------------------------------------

    def _current_booking(self) -> Any:
        key = current_key(self.table)
        if self.view is None or key is None:
            return None
        return next((b for b in self.view.bookings if b.id == key), None)

    def _current_space(self) -> Any:
        row = self.grid.current
        if self.view is None or row is None:
            return None
        return next(s for s in self.view.spaces if s.id == row.key)

    @on(DayGrid.Moved)
    def _grid_moved(self) -> None:
        self._follow_grid()

    def _follow_grid(self) -> None:
        """The bookings table's cursor goes to the chosen room's first booking."""
        space = self._current_space()
        if space is None:
            return
        for i, b in enumerate(self.view.bookings):
            if b.space_id == space.id:
                self.table.move_cursor(row=i, animate=False)
                return

    # --- navigation --------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        self.day += dt.timedelta(days=step)
        self.reload()

    def action_today(self) -> None:
        self.day = clock.today()
        self.reload()

    def action_facility(self, step: int) -> None:
        if self.facilities:
            self.facility_index = (self.facility_index + step) % len(self.facilities)
            self.grid.cursor = 0
            self.reload()

    def action_goto(self) -> None:
        def chosen(text: str | None) -> None:
            if not text:
                return
            try:
                self.day = parse_date(text)
            except Invalid as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload()

        self.app.push_screen(TextPrompt("날짜로 가기", "날짜", value=self.day.isoformat()), chosen)

    # --- actions -----------------------------------------------------------------------

    def action_book(self) -> None:
        from ydp_tui.db import spaces

        space = self._current_space()
        if space is None or self.require_db() is None:
            return
        taken = [(b.time_from, b.time_to) for b in self.view.of(space.id)]
        free = rules.free_ranges(taken, space.open_from, space.open_to)
        if self.day == clock.today():
            now = clock.local(clock.now()).strftime("%H:%M")
            free = [(max(a, now), b) for a, b in free if b > now]
        start = free[0][0] if free else space.open_from
        start = rules.from_minutes(-(-rules.minutes(start) // 30) * 30)   # the next half hour
        end = rules.from_minutes(min(rules.minutes(start) + 60, rules.minutes(space.open_to)))
        db, space_id = self.db, space.id
        form = RecordForm(
            f"공간 예약: {space.name}", rules.BOOKING_FIELDS,
            save=lambda raw: spaces.book(db, space_id, raw),
            values={"day": self.day.isoformat(), "time_from": start, "time_to": end},
            note=f"{space.name} (정원 {space.capacity}명, {space.open_from}~{space.open_to}). "
                 f"이날 빈 시간: {', '.join(f'{a}~{b}' for a, b in free) or '없음'}",
            saved_message=lambda b: f"예약했습니다: {b.booking_no} {b.space} {b.day} {b.time_from}~{b.time_to} {b.booked_by}")
        self.app.push_screen(form, self._after_book)

    def _after_book(self, booking: Any) -> None:
        if booking is not None:
            self.day = booking.day
            self.reload()

    def action_check_in(self) -> None:
        from ydp_tui.db import spaces

        b = self._current_booking()
        if b is None:
            self.notify("이용 확인할 예약을 목록에서 고르세요", severity="warning")
            return
        db = self.db

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self.run_service(lambda: spaces.check_in(db, b.id, text, expected_version=b.version),
                             lambda r: (self.notify(f"이용 확인: {r.booking_no} {r.booked_by}"), self.reload()),
                             group="spaces-check-in")

        self.app.push_screen(TextPrompt(f"이용 확인: {b.booked_by} {b.time_from}~{b.time_to}", "실제 이용 인원",
                                        value=str(b.headcount)), chosen)

    def action_cancel(self) -> None:
        from ydp_tui.db import spaces

        b = self._current_booking()
        if b is None:
            self.notify("취소할 예약을 목록에서 고르세요", severity="warning")
            return
        db = self.db

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self.run_service(lambda: spaces.cancel(db, b.id, text, expected_version=b.version),
                             lambda r: (self.notify(f"취소했습니다: {r.booking_no} {r.booked_by} {r.time_from}~{r.time_to}"),
                                        self.reload()), group="spaces-cancel")

        self.app.push_screen(TextPrompt(f"예약 취소: {b.space} {b.time_from}~{b.time_to} {b.booked_by}",
                                        "취소 사유 (Enter: 취소함, Esc: 그만둠)", required=False), chosen)

    def action_walk_in(self) -> None:
        from ydp_tui.db import spaces

        space = self._current_space()
        if space is None or self.require_db() is None:
            return
        db, day = self.db, self.day

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self.run_service(lambda: spaces.record_use(db, space.id, {"used_on": day, "headcount": text}),
                             lambda u: (self.notify(f"자유 이용 {u.headcount}명을 기록했습니다: {space.name}"), self.reload()),
                             group="spaces-walk-in")

        self.app.push_screen(TextPrompt(f"자유 이용: {space.name} {day}", "인원", placeholder="명"), chosen)

    def action_stats(self) -> None:
        self.app.push_screen(SpaceStatsScreen())


class SpaceStatsScreen(BaseScreen):
    """Use statistics over a period: per facility, or per room (R)."""

    TITLE_TEXT = "공간 이용 통계"
    DEFAULT_CSS = """
    SpaceStatsScreen .line { height: 1; padding: 0 1; }
    SpaceStatsScreen .line Label { width: 6; color: $text-muted; }
    SpaceStatsScreen .line Input { width: 14; }
    SpaceStatsScreen #stats { height: 1fr; }
    """
    BINDINGS = [
        Binding("r", "by_room", "방마다", id="space-stats.by_room", tooltip="시설마다 / 방마다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        today = clock.today()
        self.date_from, self.date_to = dt.date(today.year, 1, 1), today
        self.by_room = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="line"):
            yield Label("기간")
            yield Input(self.date_from.isoformat(), compact=True, id="from")
            yield Label(" ~ ")
            yield Input(self.date_to.isoformat(), compact=True, id="to")
        yield Static("", classes="count", id="stats-note")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="stats")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("name", "공간"), ("bookings", "예약"), ("used", "확인"), ("no_show", "미이용"), ("uses", "이용"),
                           ("people", "인원"), ("days", "일수"), ("avg", "일평균")):
            table.add_column(label, key=key)
        table.focus()
        if self.db is not None:
            self.reload()

    def on_database_ready(self) -> None:
        self.reload()

    @on(Input.Submitted)
    def _period(self) -> None:
        try:
            a = parse_date(self.query_one("#from", Input).value)
            b = parse_date(self.query_one("#to", Input).value)
        except Invalid as exc:
            self.notify(str(exc), severity="error")
            return
        if b < a:
            self.notify("끝 날짜가 시작 날짜보다 앞섭니다", severity="error")
            return
        self.date_from, self.date_to = a, b
        self.reload()
        self.query_one(DataTable).focus()

    def action_by_room(self) -> None:
        self.by_room = not self.by_room
        self.reload()

    def reload(self) -> None:
        from ydp_tui.db import spaces

        db, a, b, by_room = self.db, self.date_from, self.date_to, self.by_room
        self.run_service(lambda: spaces.use_stats(db, a, b, by_room=by_room), self._show, group="space-stats")

    def _show(self, rows: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            name = f"  {r.room}" if self.by_room else r.facility
            values = [r.bookings, r.used, r.no_show, r.uses, r.people, r.days]
            table.add_row(Text(fit_cells(name, 24)), *[Text(f"{v:,}", justify="right") for v in values],
                          Text("-" if r.daily_average is None else f"{r.daily_average:,}", justify="right"))
        what = "방마다" if self.by_room else "시설마다"
        self.query_one("#stats-note", Static).update(Text(
            f"{self.date_from}~{self.date_to} {what} (R: 바꾸기). 이용 = 이용 확인한 예약 + 자유 이용, 일평균 = 인원 / 이용한 날"))
