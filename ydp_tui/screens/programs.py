"""교육ㆍ프로그램: a year's programs with their figures so far; one program's sessions and
participants; attendance per session; adding a registered seeker (by name or 초성) or a walk-in
with consent."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ydp_tui import clock, strings
from ydp_tui.rules import programs as rules
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.record_form import RecordForm
from ydp_tui.widgets.dialogs import ConfirmDialog
from ydp_tui.widgets.tables import current_key, move_to_key
from ydp_tui.widgets.text import fit_cells


def _cell(value: object, *, right: bool = False) -> Text:
    return Text("" if value is None else f"{value:,}" if isinstance(value, int) else str(value),
                justify="right" if right else "left")


class ProgramsScreen(BaseScreen):
    TITLE_TEXT = "교육ㆍ프로그램"
    DEFAULT_CSS = """
    ProgramsScreen #programs { height: 1fr; }
    ProgramsScreen #year { width: 12; }
    """
    WRITE_ACTIONS = frozenset({"new"})
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="programs.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="programs.open", tooltip="회차ㆍ참여자ㆍ출석"),
        Binding("n", "new", "새 프로그램", id="programs.new", tooltip="프로그램을 등록합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = clock.today().year
        self.query_text = ""
        self.rows: list[Any] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 찾기: 프로그램명, 초성", max_length=50, compact=True, id="search")
            yield Select([], prompt="연도", compact=True, id="year")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="programs")

    @property
    def table(self) -> DataTable:
        return self.query_one("#programs", DataTable)

    def on_mount(self) -> None:
        table = self.table
        self.wide = self.app.size.width >= 100
        for key, label in (("name", "프로그램"), ("team", "담당"), ("sessions", "회차"), ("planned", "예정"),
                           ("enrolled", "참여자"), ("completed", "이수"), ("summary", "실적")):
            table.add_column(label, key=key)
        if self.wide:
            table.add_column("단위사업", key="unit")
        table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import programs

        db = self.db
        self.run_service(lambda: programs.program_years(db), self._years, group="programs-years")

    def _years(self, years: list[int]) -> None:
        select = self.query_one("#year", Select)
        select.set_options([(f"{y}년", y) for y in sorted(set(years) | {self.year})])
        select.value = self.year
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep=True)

    def reload(self, *, keep: bool = False) -> None:
        from ydp_tui.db import programs

        db, year, query = self.db, self.year, self.query_text
        keep_id = self._current_id() if keep else None
        self.run_service(lambda: programs.list_programs(db, year, query=query),
                         lambda rows: self._show(rows, keep_id), group="programs-list")

    def _show(self, rows: list[Any], keep_id: str | None) -> None:
        self.rows = rows
        table = self.table
        table.clear()
        width = 40 if self.wide else 24
        for r in rows:
            cells = [Text(fit_cells(r.name, width)), Text(r.team.removesuffix("팀")), _cell(r.sessions, right=True),
                     _cell(r.planned, right=True), _cell(r.enrolled, right=True),
                     _cell(r.completed if r.completion_percent is not None else "-", right=True), Text(r.summary)]
            if self.wide:
                cells.append(Text(r.budget_unit))
            table.add_row(*cells, key=r.id)
        move_to_key(table, keep_id)
        q = f"'{self.query_text}' " if self.query_text else ""
        text = (f"{self.year}년 {q}프로그램 {len(rows):,}개, 회차 {sum(r.sessions for r in rows):,}회 (오늘까지)"
                if rows else f"{self.year}년 {q}프로그램이 없습니다 (N: 새 프로그램)")
        self.query_one("#count", Static).update(Text(text))

    def _current_id(self) -> str | None:
        return current_key(self.table)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#year")
    def _year(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.year:
            self.year = int(event.value)  # type: ignore[arg-type]
            self.reload()

    @on(DataTable.RowSelected, "#programs")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(ProgramScreen(str(event.row_key.value)))

    def action_open(self) -> None:
        pid = self._current_id()
        if pid:
            self.app.push_screen(ProgramScreen(pid))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new(self) -> None:
        from ydp_tui.db import programs

        db = self.db
        if self.require_db() is None:
            return

        def after(program: Any) -> None:
            if program is not None:
                self.app.push_screen(ProgramScreen(program.id))

        self.run_service(lambda: programs.completion_default(db), lambda pct: self.app.push_screen(RecordForm(
            "새 프로그램", rules.PROGRAM_FIELDS, save=lambda raw: programs.add_program(db, raw),
            values={"year": str(self.year), "count_style": "실인원", "completion_percent": str(pct)},
            note="실적 표시: 실인원 4회(30명) | 회차별 11회, 회차별 20명 | 참여자 75명 (회차 없음). "
                 "이수 기준: 출석률 %, 비우면 이수 없음.",
            saved_message=lambda p: f"프로그램을 등록했습니다: {p.name}"), after), group="programs-new")


class ProgramScreen(BaseScreen):
    """One program: its sessions (Enter: attendance) and participants."""

    TITLE_TEXT = "프로그램"
    DEFAULT_CSS = """
    ProgramScreen #info { padding: 0 1; height: auto; }
    ProgramScreen .section-title { padding: 0 1; }
    ProgramScreen #sessions { height: 1fr; min-height: 4; }
    ProgramScreen #people { height: 1fr; min-height: 4; }
    """
    WRITE_ACTIONS = frozenset({"add_session", "add_person", "toggle_cancel", "toggle_drop", "edit"})
    BINDINGS = [
        Binding("enter", "attendance", "출석", id="program.attendance", tooltip="고른 회차의 출석을 기록합니다"),
        Binding("s", "add_session", "회차 추가", id="program.add_session", tooltip="회차(날짜ㆍ장소ㆍ구분)를 더합니다"),
        Binding("a", "add_person", "참여자 추가", id="program.add_person",
                tooltip="구직자를 이름ㆍ초성으로 찾아 넣거나, 직접 입력 (동의 필요)"),
        Binding("c", "toggle_cancel", "회차 취소", id="program.cancel_session", tooltip="고른 회차를 취소하거나 되돌립니다"),
        Binding("d", "toggle_drop", "중도포기", id="program.drop", tooltip="고른 참여자를 중도포기로 (또는 되돌림)"),
        Binding("e", "edit", strings.EDIT, id="program.edit", tooltip="프로그램 정보를 고칩니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, program_id: str) -> None:
        super().__init__()
        self.program_id = program_id
        self.program: Any = None
        self.session_rows: list[Any] = []
        self.people: list[Any] = []

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("회차", classes="section-title", id="sessions-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sessions")
        yield Static("참여자", classes="section-title", id="people-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="people")

    def on_mount(self) -> None:
        s = self.query_one("#sessions", DataTable)
        for key, label in (("no", "회차"), ("day", "날짜"), ("time", "시간"), ("kind", "구분"), ("present", "출석"),
                           ("topic", "내용")):
            s.add_column(label, key=key)
        p = self.query_one("#people", DataTable)
        for key, label in (("name", "성명"), ("phone", "휴대전화"), ("source", "구분"), ("attended", "출석"),
                           ("status", "상태")):
            p.add_column(label, key=key)
        s.focus()
        if self.db is not None:
            self.load(log_view=True)

    def on_database_ready(self) -> None:
        if self.program is None:
            self.load(log_view=True)

    def on_screen_resume(self) -> None:
        if self.program is not None:
            self.load(log_view=False)

    def load(self, *, log_view: bool) -> None:
        from ydp_tui.db import programs

        db, pid = self.db, self.program_id

        def work() -> tuple[Any, list[Any], list[Any]]:
            return programs.get_program(db, pid), programs.sessions(db, pid), programs.participants(
                db, pid, log_view=log_view)

        self.run_service(work, self._show, group="program-load")

    def _show(self, result: tuple[Any, list[Any], list[Any]]) -> None:
        from ydp_tui.widgets.topbar import TopBar

        program, sessions, people = result
        self.program, self.session_rows, self.people = program, sessions, people
        self.query_one(TopBar).set_title(f"{program.name} ({program.year})")
        held = sum(1 for s in sessions if s.held)
        need = rules.required_sessions(held, program.completion_percent)
        rule = (f"이수: 출석률 {program.completion_percent}% (지금 {need}회 이상)" if need else
                f"이수: 출석률 {program.completion_percent}%" if program.completion_percent else "이수 기준 없음")
        info = Text.assemble((f"{program.team} | {program.kind} | {program.count_style}", "bold"),
                             f" | {rule}" + (f" | {program.place}" if program.place else ""))
        self.query_one("#info", Static).update(info)
        s = self.query_one("#sessions", DataTable)
        keep_s = current_key(s)
        s.clear()
        today = clock.today()
        for r in sessions:
            day = Text(str(r.held_on), style="strike dim" if r.cancelled else "" if r.held_on <= today else "italic")
            present = "취소" if r.cancelled else ("예정" if r.held_on > today else f"{r.present}")
            s.add_row(Text(f"{r.session_no}"), day, Text(f"{r.time_from}~{r.time_to}" if r.time_from else ""),
                      Text(r.kind), Text(present, justify="right"), Text(fit_cells(r.topic, 20)), key=r.id)
        move_to_key(s, keep_s)
        planned = sum(1 for r in sessions if not r.cancelled and r.held_on > today)
        self.query_one("#sessions-title", Static).update(Text(
            f"회차 {held}회 열림" + (f", {planned}회 예정" if planned else "") + " (Enter: 출석, S: 추가, C: 취소)"))
        p = self.query_one("#people", DataTable)
        keep_p = current_key(p)
        p.clear()
        for r in people:
            status = Text("이수", style="green") if r.completed else Text(r.status, style="dim" if r.status == "중도포기" else "")
            p.add_row(Text(r.name), Text(r.phone), Text(r.source), Text(f"{r.attended}/{held}", justify="right"), status,
                      key=r.id)
        move_to_key(p, keep_p)
        done = sum(1 for r in people if r.completed)
        self.query_one("#people-title", Static).update(Text(
            f"참여자 {len(people)}명" + (f", 이수 {done}명" if program.completion_percent else "") + " (A: 추가, D: 중도포기)"))

    def action_attendance(self) -> None:
        key = current_key(self.query_one("#sessions", DataTable))
        if key:
            self.app.push_screen(AttendanceScreen(key))

    @on(DataTable.RowSelected, "#sessions")
    def _session_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(AttendanceScreen(str(event.row_key.value)))

    def action_add_session(self) -> None:
        from ydp_tui.db import programs

        if self.program is None:
            return
        db, pid = self.db, self.program_id
        self.app.push_screen(RecordForm(
            f"회차 추가: {self.program.name}", rules.SESSION_FIELDS, save=lambda raw: programs.add_session(db, pid, raw),
            values={"held_on": clock.today().isoformat()},
            saved_message=lambda r: f"{r.session_no}회차를 추가했습니다 ({r.held_on})"), lambda _: self.load(log_view=False))

    def action_add_person(self) -> None:
        from ydp_tui.widgets.seeker_picker import NEW, SeekerPicker

        if self.program is None:
            return

        def picked(choice: str | None) -> None:
            if choice == NEW:
                self._walk_in()
            elif choice:
                self._enroll(choice)

        self.app.push_screen(SeekerPicker(f"참여자 추가: {self.program.name}"), picked)

    def _enroll(self, seeker_id: str) -> None:
        from ydp_tui.db import programs

        db, pid = self.db, self.program_id
        self.run_service(lambda: programs.enroll_seeker(db, pid, seeker_id),
                         lambda _: (self.notify("참여자로 넣었습니다 (구직자)"), self.load(log_view=False)),
                         group="program-enroll")

    def _walk_in(self) -> None:
        from ydp_tui.db import policy, programs

        db, pid = self.db, self.program_id

        def years() -> int:
            with db.session() as session:
                return int(policy.values(session, "programs", 0).get("retention_years", 3))

        def show(n: int) -> None:
            self.app.push_screen(RecordForm(
                f"참여자 직접 입력: {self.program.name}", rules.WALKIN_FIELDS,
                save=lambda raw: programs.enroll_walkin(db, pid, raw),
                values={"enrolled_on": clock.today().isoformat()}, note=rules.WALKIN_CONSENT.format(years=n)
                + "\n위 내용을 알리고 동의를 받은 뒤 '개인정보 동의'를 Space로 표시하세요.",
                saved_message=lambda r: f"참여자로 넣었습니다: {r.name}"), lambda _: self.load(log_view=False))

        self.run_service(years, show, group="program-walk-in")

    def action_toggle_cancel(self) -> None:
        from ydp_tui.db import programs

        key = current_key(self.query_one("#sessions", DataTable))
        row = next((r for r in self.session_rows if r.id == key), None)
        if row is None:
            return
        db = self.db
        what = "취소를 되돌립니다" if row.cancelled else "취소합니다 (실적에서 빠집니다)"

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_service(lambda: programs.set_cancelled(db, row.id, not row.cancelled,
                                                                expected_version=row.version),
                                 lambda _: self.load(log_view=False), group="program-cancel")

        self.app.push_screen(ConfirmDialog(f"{row.session_no}회차({row.held_on})를 {what}"), answer)

    def action_toggle_drop(self) -> None:
        from ydp_tui.db import programs

        key = current_key(self.query_one("#people", DataTable))
        row = next((r for r in self.people if r.id == key), None)
        if row is None:
            self.notify("참여자 목록에서 사람을 고르세요 (Tab으로 목록을 옮깁니다)", severity="warning")
            return
        db = self.db
        status = "참여" if row.status == "중도포기" else "중도포기"

        def answer(yes: bool | None) -> None:
            if yes:
                self.run_service(lambda: programs.set_participant_status(db, row.id, status, expected_version=row.version),
                                 lambda _: self.load(log_view=False), group="program-drop")

        self.app.push_screen(ConfirmDialog(f"{row.name}: {row.status}에서 {status}(으)로 바꿉니다"), answer)

    def action_edit(self) -> None:
        from ydp_tui.db import programs

        if self.program is None:
            return
        db, p = self.db, self.program
        self.app.push_screen(RecordForm(
            f"프로그램 수정: {p.name}", rules.PROGRAM_FIELDS,
            save=lambda raw: programs.update_program(db, p.id, raw, expected_version=p.version),
            values=programs.fields_of(rules.PROGRAM_FIELDS, p), saved_message=lambda r: f"저장했습니다: {r.name}"),
            lambda _: self.load(log_view=False))


class AttendanceScreen(BaseScreen):
    """One session's attendance: Space marks a person present or absent, Ctrl+S saves all."""

    TITLE_TEXT = "출석"
    DEFAULT_CSS = """
    AttendanceScreen #sheet-info { padding: 0 1; height: auto; }
    AttendanceScreen #sheet { height: 1fr; }
    """
    WRITE_ACTIONS = frozenset({"toggle", "all", "save"})
    BINDINGS = [
        Binding("space", "toggle", "출석/결석", id="attendance.toggle", tooltip="고른 사람의 출석을 바꿉니다"),
        Binding("a", "all", "모두 출석", id="attendance.all", tooltip="모두 출석으로 (결석만 골라 바꾸세요)"),
        Binding("ctrl+s", "save", strings.SAVE, id="attendance.save", priority=True, tooltip="출석을 저장합니다"),
        Binding("escape", "leave", strings.BACK, id="screen.back"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.sheet: Any = None
        self.present: set[str] = set()
        self.saved: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="sheet-info")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sheet")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("출석", key="mark")
        table.add_column("성명", key="name")
        table.add_column("상태", key="status")
        table.focus()
        if self.db is not None:
            self.load()

    def on_database_ready(self) -> None:
        if self.sheet is None:
            self.load()

    def load(self) -> None:
        from ydp_tui.db import programs

        db, sid = self.db, self.session_id
        self.run_service(lambda: programs.attendance_sheet(db, sid), self._show, group="attendance-load")

    def _show(self, sheet: Any) -> None:
        from ydp_tui.widgets.topbar import TopBar

        self.sheet = sheet
        self.present = {x.participant_id for x in sheet.lines if x.present}
        self.saved = set(self.present)
        s = sheet.session
        self.query_one(TopBar).set_title(f"출석: {sheet.program_name} {s.session_no}회차")
        table = self.query_one(DataTable)
        table.clear()
        for line in sheet.lines:
            table.add_row(self._mark(line.participant_id), Text(line.name), Text(line.status), key=line.participant_id)
        self._info()

    def _mark(self, pid: str) -> Text:
        return Text("[v] 출석", style="green") if pid in self.present else Text("[ ] 결석", style="dim")

    def _info(self) -> None:
        s = self.sheet.session
        changed = " | 저장하지 않은 변경 있음" if self.present != self.saved else ""
        self.query_one("#sheet-info", Static).update(Text(
            f"{s.held_on} {s.time_from}~{s.time_to} {s.kind} {s.place} | 출석 {len(self.present)}명 / "
            f"{len(self.sheet.lines)}명{changed}"))

    def _current(self) -> str | None:
        return current_key(self.query_one(DataTable))

    def action_toggle(self) -> None:
        pid = self._current()
        if pid is None or self.sheet is None:
            return
        self.present ^= {pid}
        table = self.query_one(DataTable)
        table.update_cell(pid, "mark", self._mark(pid))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1, animate=False)
        self._info()

    def action_all(self) -> None:
        if self.sheet is None:
            return
        self.present = {x.participant_id for x in self.sheet.lines}
        table = self.query_one(DataTable)
        for pid in self.present:
            table.update_cell(pid, "mark", self._mark(pid))
        self._info()

    def action_save(self) -> None:
        from ydp_tui.db import programs

        if self.sheet is None:
            return
        db, sid, present = self.db, self.session_id, set(self.present)
        loaded = {x.participant_id: x.version for x in self.sheet.lines}
        self.run_service(lambda: programs.save_attendance(db, sid, present, loaded=loaded), self._saved,
                         group="attendance-save")

    def _saved(self, changed: int) -> None:
        self.saved = set(self.present)
        self.notify(f"출석을 저장했습니다: {len(self.present)}명 출석" if changed else strings.NOTHING_CHANGED)
        self.app.pop_screen()

    def action_leave(self) -> None:
        if self.present == self.saved:
            self.app.pop_screen()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("저장하지 않은 출석이 있습니다. 버리고 나갈까요?", yes="버리고 나가기", no="계속 고치기"),
                             answer)

