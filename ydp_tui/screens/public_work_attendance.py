"""출근부: one worksite's day, entered fast from the keyboard.  ``1`` 출근, ``2`` 결근, ``3``
병가, ``4`` 휴가 set the row and move down; ``A`` marks everyone not yet entered 출근; ``H`` the
hours of a short day; ``[``/``]`` the day before/after (what was typed is saved first);
``Ctrl+S`` saves the day in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.validation import Invalid, parse_date, parse_int
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.public_work import add_columns
from ydp_tui.widgets.dialogs import ConfirmDialog, TextPrompt
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

KEYS = {"1": rules.PRESENT, "2": rules.ABSENT, "3": rules.SICK, "4": rules.LEAVE}
STYLES = {rules.PRESENT: "green", rules.ABSENT: "bold red", rules.SICK: "yellow", rules.LEAVE: "cyan"}
CLEAR = "지움"


def open_attendance(screen: BaseScreen, period_id: str) -> None:
    """Ask for the worksite (and the day), then open its attendance."""
    from ydp_tui.screens.public_work_roster import WorksitePicker

    def chosen(picked: Any) -> None:
        if picked:
            site, day = picked
            screen.app.push_screen(AttendanceScreen(period_id, site, parse_date(day)))

    screen.app.push_screen(WorksitePicker("출근부: 날짜를 확인하고 사업장을 고르세요", period_id,
                                          lambda site, day: (site, day), day_label="날짜",
                                          day=clock.today().isoformat()), chosen)


class AttendanceScreen(BaseScreen):
    TITLE_TEXT = "출근부"
    DEFAULT_CSS = """
    AttendanceScreen #head { padding: 0 1; height: auto; }
    AttendanceScreen #sheet { height: 1fr; }
    """
    BINDINGS = [
        Binding("1", "mark('출근')", "출근", id="pw-att.present", tooltip="출근 (1일 근무시간)"),
        Binding("2", "mark('결근')", "결근", id="pw-att.absent", tooltip="결근"),
        Binding("3", "mark('병가')", "병가", id="pw-att.sick", tooltip="병가 (무급)"),
        Binding("4", "mark('휴가')", "휴가", id="pw-att.leave", tooltip="휴가 (유급)"),
        Binding("0,delete", "mark('지움')", "지움", id="pw-att.clear", show=False, tooltip="기록을 지웁니다"),
        Binding("h", "hours", "시간", id="pw-att.hours", tooltip="일찍 끝난 날: 출근 시간을 입력"),
        Binding("a", "all_present", "모두 출근", id="pw-att.all", tooltip="아직 입력하지 않은 사람을 모두 출근으로"),
        Binding("left_square_bracket", "day(-1)", "전날", id="pw-att.prev", tooltip="전날 (입력한 것은 저장)"),
        Binding("right_square_bracket", "day(1)", "다음날", id="pw-att.next", tooltip="다음날 (입력한 것은 저장)"),
        Binding("d", "pick_day", "날짜", id="pw-att.date", show=False, tooltip="날짜를 입력해 갑니다"),
        Binding("ctrl+s", "save", strings.SAVE, id="pw-att.save", priority=True, tooltip="이 날의 출근부를 저장"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str, worksite_id: str, day: dt.date | None = None) -> None:
        super().__init__()
        self.period_id, self.worksite_id = period_id, worksite_id
        self.day = day or clock.today()
        self.sheet: Any = None
        self.pending: dict[str, tuple[str | None, int | None]] = {}   # assignment id -> (status, hours)
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="head")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sheet")

    @property
    def table(self) -> DataTable:
        return self.query_one("#sheet", DataTable)

    def on_mount(self) -> None:
        add_columns(self.table, (("신청번호", "no", 13), ("성명", "name", 10), ("1일", "daily", 3), ("구분", "status", 4),
                                 ("시간", "hours", 4), ("", "mark", 1)))
        self.table.focus()
        if self.db is not None:
            self.load()

    def on_database_ready(self) -> None:
        if self.sheet is None:
            self.load()

    def load(self, *, keep_row: int | None = None) -> None:
        from ydp_tui.db import public_work_roster as roster

        db, site, day = self.db, self.worksite_id, self.day
        self.run_service(lambda: roster.attendance_sheet(db, site, day), lambda s: self._show(s, keep_row),
                         group="pw-att-load")

    def _show(self, sheet: Any, keep_row: int | None) -> None:
        self.sheet = sheet
        self.pending = {}
        self.saving = False
        self.query_one(TopBar).set_title(f"출근부 {sheet.title}")
        table = self.table
        table.clear()
        for r in sheet.rows:
            table.add_row(Text(fit_cells(r.application_no, 13)), Text(fit_cells(r.name, 10)),
                          Text(str(r.daily_hours), justify="right"),
                          *self._cells(r.status, r.hours, changed=False), key=r.assignment_id)
        if keep_row is not None and table.row_count:
            table.move_cursor(row=min(keep_row, table.row_count - 1), animate=False)
        self._head()

    def _cells(self, status: str | None, hours: int | None, *, changed: bool) -> list[Text]:
        return [Text(status or "-", style=STYLES.get(status or "", "dim")),
                Text("" if hours is None else str(hours), justify="right"),
                Text("*" if changed else "", style="bold yellow")]

    def _head(self) -> None:
        s = self.sheet
        if s is None:
            return
        text = Text()
        if not s.workday:
            text.append(f"근무일이 아닙니다: {s.why_not}", style="bold yellow")
        elif s.locked:
            text.append(s.locked, style="bold yellow")
        else:
            counts = {k: 0 for k in (*rules.ATTENDANCE, "미입력")}
            for r in s.rows:
                status = self.pending.get(r.assignment_id, (r.status, r.hours))[0]
                counts[status or "미입력"] += 1
            text.append(f"{len(s.rows)}명: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v))
            if self.pending:
                text.append(f"  저장 안 함 {len(self.pending)}건 (Ctrl+S)", style="bold yellow")
        text.append("\n1 출근  2 결근  3 병가  4 휴가  0 지움  H 시간  A 모두 출근  [ ] 전날ㆍ다음날", style="dim")
        self.query_one("#head", Static).update(text)

    # --- entering ---------------------------------------------------------------------------

    def _editable(self) -> bool:
        s = self.sheet
        if s is None:
            return False
        if not s.workday or s.locked:
            self.notify(s.locked or f"근무일이 아닙니다 ({s.why_not})", severity="warning")
            return False
        if not s.rows:
            self.notify("이 날 이 사업장에 배치된 사람이 없습니다", severity="warning")
            return False
        return True

    def _row(self) -> Any | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return next((r for r in self.sheet.rows if r.assignment_id == key), None)

    def _set(self, r: Any, status: str | None, hours: int | None) -> None:
        stored = (r.status, r.hours)
        value = (status, rules.entry_hours(status, hours, r.daily_hours) if status else None)
        if value == stored:
            self.pending.pop(r.assignment_id, None)
        else:
            self.pending[r.assignment_id] = value
        status_cell, hours_cell, mark = self._cells(value[0], value[1], changed=value != stored)
        self.table.update_cell(r.assignment_id, "status", status_cell)
        self.table.update_cell(r.assignment_id, "hours", hours_cell)
        self.table.update_cell(r.assignment_id, "mark", mark)

    def action_mark(self, status: str) -> None:
        if not self._editable():
            return
        r = self._row()
        if r is None:
            return
        self._set(r, None if status == CLEAR else status, None)
        table = self.table
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._head()

    def action_all_present(self) -> None:
        if not self._editable():
            return
        for r in self.sheet.rows:
            status = self.pending.get(r.assignment_id, (r.status, r.hours))[0]
            if status is None:
                self._set(r, rules.PRESENT, None)
        self._head()

    def action_hours(self) -> None:
        if not self._editable():
            return
        r = self._row()
        if r is None:
            return

        def chosen(text: str | None) -> None:
            if not text:
                return
            try:
                hours = parse_int(text, minimum=1, maximum=r.daily_hours)
            except Invalid as exc:
                self.notify(f"시간: {exc}", severity="error")
                return
            self._set(r, rules.PRESENT, hours)
            self._head()

        self.app.push_screen(TextPrompt(f"{r.name}: 출근 시간 (1~{r.daily_hours})", "시간",
                                        value=str(r.daily_hours), max_length=2), chosen)

    def _entries(self) -> list[tuple[str, str | None, int | None]]:
        return [(aid, status, hours) for aid, (status, hours) in self.pending.items()]

    def action_save(self, then: Any = None) -> None:
        from ydp_tui.db import public_work_roster as roster

        if self.saving or self.sheet is None:
            return
        if not self.pending:
            if then:
                then()
            else:
                self.notify(strings.NOTHING_CHANGED)
            return
        db, site, day, entries = self.db, self.worksite_id, self.day, self._entries()
        row = self.table.cursor_row
        self.saving = True

        def saved(changed: int) -> None:
            self.notify(f"{self.sheet.title}: {changed}건 저장했습니다", timeout=4)
            self.pending = {}
            if then:
                then()
            else:
                self.load(keep_row=row)

        def failed(exc: Any) -> None:
            self.saving = False
            self.show_error(exc)

        self.run_service(lambda: roster.record_attendance(db, site, day, entries), saved, failed=failed,
                         group="pw-att-save")

    def _go(self, day: dt.date) -> None:
        def move() -> None:
            self.day = day
            self.load(keep_row=self.table.cursor_row)

        if self.pending and self.sheet is not None and self.sheet.workday and not self.sheet.locked:
            self.action_save(then=move)
        else:
            move()

    def action_day(self, step: int) -> None:
        day = self.day + dt.timedelta(days=step)
        while day.weekday() >= 5:     # weekends are never working days; holidays are shown as such
            day += dt.timedelta(days=step)
        self._go(day)

    def action_pick_day(self) -> None:
        def chosen(text: str | None) -> None:
            if text:
                try:
                    self._go(parse_date(text))
                except Invalid as exc:
                    self.notify(f"날짜: {exc}", severity="error")

        self.app.push_screen(TextPrompt("출근부 날짜", "날짜", value=self.day.isoformat(), max_length=12), chosen)

    def action_back(self) -> None:
        if not self.pending:
            super().action_back()
            return

        def answered(save: bool | None) -> None:
            if save:
                self.action_save(then=lambda: BaseScreen.action_back(self))
            else:
                self.pending = {}
                BaseScreen.action_back(self)

        self.app.push_screen(ConfirmDialog(f"저장하지 않은 출근 기록 {len(self.pending)}건이 있습니다. 저장할까요?",
                                           "아니오를 고르면 입력한 것을 버리고 나갑니다.", yes="저장", no="버리기"), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "hours", "all_present", "save") and self.ydp.config.read_only:
            return None
        return True
