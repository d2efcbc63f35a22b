"""공공일자리 roster of a period: who works where since when (filter by worksite and state,
sort, search, paged; readable at 80x24 and usable read-only by a supervisor), XLSX export for
the finance team, moving a participant; the worksites (사업장) and their form; the dialog that
assigns a selected applicant to a worksite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ydp_tui import clock, strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.validation import Invalid, parse_date
from ydp_tui.screens.record_form import SavingForm
from ydp_tui.screens.base import BaseScreen, ReloadingScreen
from ydp_tui.screens.public_work import PagedList, add_columns
from ydp_tui.widgets.dialogs import DIALOG_CSS, TextPrompt
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

ROSTER_VIEWS = ("전체", "근무중", "예정", "종료")
ROSTER_SORTS = ("사업장", "성명", "신청번호", "시작일", "나이")
ALL_SITES = "__all__"
STATE_STYLES = {"근무중": "green", "예정": "yellow", "종료": "dim"}


class WorksitePicker(ModalScreen[Any]):
    """Pick a worksite and a day; ``apply(worksite_id, day)`` runs in a worker (a service call)
    and the dialog closes with its result, or says what was refused and stays open."""

    DEFAULT_CSS = DIALOG_CSS.format(name="WorksitePicker") + """
    WorksitePicker OptionList { height: auto; max-height: 12; }
    WorksitePicker .line { height: 1; }
    WorksitePicker .line Label { width: 10; color: $text-muted; }
    WorksitePicker .line Input { width: 1fr; }
    WorksitePicker #picker-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel")]

    def __init__(self, title: str, period_id: str, apply: Callable[[str, str], Any], *, day_label: str,
                 day: str, exclude: str | None = None) -> None:
        super().__init__()
        self.title_text, self.period_id, self.apply = title, period_id, apply
        self.day_label, self.day, self.exclude = day_label, day, exclude

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            with Horizontal(classes="line"):
                yield Label(self.day_label)
                yield Input(self.day, max_length=12, compact=True, id="picker-day")
            yield OptionList(id="picker-sites")
            yield Static("", id="picker-error")
        yield Footer()

    def on_mount(self) -> None:
        from ydp_tui.db import public_work_roster as roster

        db, pid = self.app.db, self.period_id  # type: ignore[attr-defined]
        self._work(lambda: roster.worksites(db, pid), self._sites)
        self.query_one(OptionList).focus()

    def _sites(self, sites: list[Any]) -> None:
        options = self.query_one(OptionList)
        for w in sites:
            if w.id == self.exclude:
                continue
            room = f"{w.working}/{w.capacity}" if w.capacity else f"{w.working}명"
            label = Text.assemble((fit_cells(w.name, 28), "bold"), "  ", (f"{w.work_type} 1일 {w.daily_hours}시간 "
                                                                           f"{room}", "dim"))
            options.add_option(Option(label, id=w.id))
        if options.option_count:
            options.highlighted = 0
        else:
            self.query_one("#picker-error", Static).update(Text("사업장이 없습니다 (명단 화면의 W: 사업장에서 등록)"))

    def _work(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def run() -> None:
            try:
                result = fn()
            except YdpError as exc:
                self.app.call_from_thread(self._refused, exc)
                return
            self.app.call_from_thread(done, result)

        self.run_worker(run, thread=True, group="worksite-picker")

    def _refused(self, exc: YdpError) -> None:
        self.query_one("#picker-error", Static).update(Text(str(exc)))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        day = self.query_one("#picker-day", Input).value.strip()
        try:
            parse_date(day)
        except Invalid as exc:
            self._refused(ValidationFailed({self.day_label: str(exc)}))
            self.query_one("#picker-day", Input).focus()
            return
        site = str(event.option.id)
        self._work(lambda: self.apply(site, day), self.dismiss)

    def action_cancel(self) -> None:
        self.dismiss(None)


def AssignDialog(db: Any, period_id: str, row: Any) -> WorksitePicker:  # noqa: N802 - reads like a class
    """Assign a selected applicant (an applications-list row) to a worksite."""
    from ydp_tui.db import public_work_roster as roster

    return WorksitePicker(f"배치: {row.application_no} {row.name} (1일 {row.daily_hours}시간까지)", period_id,
                          lambda site, day: roster.assign(db, row.id, site, start=day), day_label="시작일",
                          day=clock.today().isoformat())


class RosterScreen(PagedList, BaseScreen):
    TITLE_TEXT = "공공일자리 참여자 명단"
    DEFAULT_CSS = """
    RosterScreen #list { height: 1fr; }
    RosterScreen #summary { padding: 0 1; height: 1; }
    RosterScreen .toolbar Select { width: 11; }
    RosterScreen .toolbar #site { width: 18; }
    RosterScreen .toolbar #sort { width: 12; }
    """
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="pw-roster.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", "상세", id="pw-roster.open", tooltip="참여자의 신청과 선발 기록"),
        Binding("t", "attendance", "출근부", id="pw-roster.attendance", tooltip="이 사업장의 출근부"),
        Binding("m", "move", "이동", id="pw-roster.move", tooltip="다른 사업장으로 옮깁니다"),
        Binding("w", "worksites", "사업장", id="pw-roster.worksites", tooltip="사업장 목록ㆍ등록"),
        Binding("x", "export", "XLSX", id="pw-roster.export", tooltip="명단을 XLSX로 (재무 담당)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str, worksite_id: str | None = None) -> None:
        super().__init__()
        self.period_id = period_id
        self.worksite_id = worksite_id
        self.query_text = ""
        self.view = "전체"
        self.sort = "사업장"
        self.rows: dict[str, Any] = {}
        self.init_paging()

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 성명ㆍ초성ㆍ번호", max_length=50, compact=True, id="search")
            yield Select([("전체 사업장", ALL_SITES)], value=ALL_SITES, allow_blank=False, compact=True, id="site")
            yield Select([(v, v) for v in ROSTER_VIEWS], value="전체", allow_blank=False, compact=True, id="view")
            yield Select([(f"{v}순", v) for v in ROSTER_SORTS], value="사업장", allow_blank=False, compact=True,
                         id="sort")
        yield Static("", id="summary")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= 112
        self.wider = self.app.size.width >= 124
        table = self.table
        add_columns(table, (("신청번호", "no", 13), ("성명", "name", 10), ("나이", "age", 4), ("사업장", "site", 16),
                            ("시간", "hours", 4), ("시작일", "start", 10), ("상태", "state", 6)))
        if self.wide:
            add_columns(table, (("업무", "work", 10), ("종료일", "end", 10), ("일급", "wage", 7)))
        if self.wider:
            add_columns(table, (("감독자", "supervisor", 10),))
        table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import public_work as pw
        from ydp_tui.db import public_work_roster as roster

        db, pid = self.db, self.period_id
        self.run_service(lambda: (pw.get_period(db, pid), roster.worksites(db, pid)), self._sites_loaded,
                         group="pw-roster-sites")
        self.reload()

    def _sites_loaded(self, result: tuple[Any, list[Any]]) -> None:
        period, sites = result
        self.period = period
        self.query_one(TopBar).set_title(f"{period.program} {period.period} 명단")
        select = self.query_one("#site", Select)
        select.set_options([("전체 사업장", ALL_SITES), *[(fit_cells(w.name, 18), w.id) for w in sites]])
        select.value = self.worksite_id or ALL_SITES

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep_cursor=True)

    def fetch(self, offset: int, limit: int) -> Any:
        from ydp_tui.db import public_work_roster as roster

        db, pid, site, query, view, sort = (self.db, self.period_id, self.worksite_id, self.query_text, self.view,
                                            self.sort)
        return lambda: roster.roster_page(db, pid, worksite_id=site, query=query, view=view, sort=sort, limit=limit,
                                          offset=offset)

    def add_row(self, table: DataTable, r: Any) -> None:
        self.rows[r.assignment_id] = r
        cells = [Text(fit_cells(r.application_no, 13)), Text(fit_cells(r.name, 10)),
                 Text("" if r.age is None else str(r.age), justify="right"), Text(fit_cells(r.worksite, 16)), Text(str(r.daily_hours), justify="right"), Text(str(r.start)),
                 Text(r.state, style=STATE_STYLES.get(r.state, ""))]
        if self.wide:
            cells += [Text(fit_cells(r.work_type, 10)), Text(str(r.end)), Text(f"{r.daily_wage:,}", justify="right")]
        if self.wider:
            cells.append(Text(fit_cells(r.supervisor, 10)))
        table.add_row(*cells, key=r.assignment_id)

    def page_shown(self, page: Any) -> None:
        shown = f"{page.total:,}건 중 {self.loaded:,}건" if self.loaded < page.total else f"{page.total:,}건"
        if page.total == 0 and not (self.query_text or self.view != "전체" or self.worksite_id):
            shown = "배치된 참여자가 없습니다 (신청ㆍ선발 화면에서 B: 배치)"
        self.query_one("#summary", Static).update(Text(
            f"참여자 {page.participants:,}명, 근무중 {page.working:,}명 | {shown} ({self.sort}순)"))

    # --- events --------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.table.row_count:
            self.table.focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        value = str(event.value)
        if event.select.id == "site":
            site = None if value == ALL_SITES else value
            if site == self.worksite_id:
                return
            self.worksite_id = site
        elif event.select.id == "view" and value != self.view:
            self.view = value
        elif event.select.id == "sort" and value != self.sort:
            self.sort = value
        else:
            return
        self.reload()

    @on(DataTable.RowSelected, "#list")
    def _selected(self) -> None:
        self.action_open()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def _row(self) -> Any | None:
        key = self.current_key()
        return self.rows.get(key) if key else None

    def action_open(self) -> None:
        from ydp_tui.screens.public_work_apps import ApplicationDetailScreen

        row = self._row()
        if row is not None:
            self.app.push_screen(ApplicationDetailScreen(row.application_id))

    def action_attendance(self) -> None:
        from ydp_tui.screens.public_work_attendance import AttendanceScreen, open_attendance

        row = self._row()
        site = self.worksite_id or (row.worksite_id if row else None)
        if site:
            self.app.push_screen(AttendanceScreen(self.period_id, site))
        else:
            open_attendance(self, self.period_id)

    def action_worksites(self) -> None:
        self.app.push_screen(WorksitesScreen(self.period_id))

    def action_move(self) -> None:
        from ydp_tui.db import public_work_roster as roster

        row = self._row()
        if row is None:
            return
        if row.state == "종료":
            self.notify("끝난 배치는 옮길 수 없습니다", severity="warning")
            return
        db = self.db
        picker = WorksitePicker(f"이동: {row.application_no} {row.name} (지금 {row.worksite})", self.period_id,
                                lambda site, day: roster.move(db, row.assignment_id, site, on=day), day_label="이동일",
                                day=clock.today().isoformat(), exclude=row.worksite_id)
        def moved(a: Any) -> None:
            if a is not None:
                self.notify(f"{row.application_no} {row.name}: {a.start}부터 옮겼습니다", timeout=6)
                self.reload(keep_cursor=True)

        self.app.push_screen(picker, moved)

    def action_export(self) -> None:
        from ydp_tui.db import public_work_roster as roster

        db, pid, site = self.db, self.period_id, self.worksite_id
        name = "참여자_명단.xlsx"
        if getattr(self, "period", None) is not None:
            name = f"{self.period.program}_{self.period.period}_명단.xlsx"

        def chosen(path: str | None) -> None:
            if path:
                target = str(Path(path).expanduser())
                self.run_service(lambda: roster.export_roster(db, pid, target, worksite_id=site),
                                 lambda n: self.notify(f"명단 {n:,}명을 저장했습니다: {target}", timeout=8),
                                 group="pw-roster-export")

        self.app.push_screen(TextPrompt("명단 내보내기", "저장할 파일 경로 (.xlsx 또는 .csv)", value=str(Path.cwd() / name)),
                             chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "move" and self.ydp.config.read_only:
            return None
        return True


class WorksitesScreen(ReloadingScreen):
    TITLE_TEXT = "공공일자리 사업장"
    DEFAULT_CSS = """
    WorksitesScreen #sites { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", strings.EDIT, id="pw-sites.open", tooltip="사업장을 고칩니다"),
        Binding("n", "new", "새 사업장", id="pw-sites.new", tooltip="사업장을 등록합니다"),
        Binding("t", "attendance", "출근부", id="pw-sites.attendance", tooltip="이 사업장의 출근부"),
        Binding("r", "roster", "명단", id="pw-sites.roster", tooltip="이 사업장의 명단"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str) -> None:
        super().__init__()
        self.period_id = period_id

    def compose_body(self) -> ComposeResult:
        yield Static(Text("부서ㆍ장소ㆍ업무ㆍ감독자ㆍ1일 시간(3~6)은 사업장마다 다릅니다. 인원: 오늘 일하는 사람"),
                     classes="hint")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="sites")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        add_columns(table, (("사업장", "name", 22), ("부서", "dept", 14), ("업무", "work", 10), ("감독자", "who", 8),
                            ("1일", "hours", 3), ("인원", "working", 4), ("정원", "capacity", 4)))
        table.focus()
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import public_work_roster as roster

        db, pid = self.db, self.period_id
        self.run_service(lambda: roster.worksites(db, pid), self._show, group="pw-sites")

    def _show(self, sites: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for w in sites:
            table.add_row(Text(fit_cells(w.name, 22)), Text(fit_cells(w.department, 14)),
                          Text(fit_cells(w.work_type, 10)), Text(fit_cells(w.supervisor, 8)), Text(str(w.daily_hours), justify="right"),
                          Text(f"{w.working:,}", justify="right"),
                          Text("" if w.capacity is None else f"{w.capacity:,}", justify="right"), key=w.id)

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        site = self._current()
        if site:
            self.app.push_screen(WorksiteFormScreen(self.period_id, site))

    def action_new(self) -> None:
        self.app.push_screen(WorksiteFormScreen(self.period_id))

    def action_attendance(self) -> None:
        from ydp_tui.screens.public_work_attendance import AttendanceScreen

        site = self._current()
        if site:
            self.app.push_screen(AttendanceScreen(self.period_id, site))

    def action_roster(self) -> None:
        site = self._current()
        if site:
            self.app.push_screen(RosterScreen(self.period_id, site))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new" and self.ydp.config.read_only:
            return None
        return True


class WorksiteFormScreen(SavingForm):
    TITLE_TEXT = "사업장"
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="pw-site.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str, worksite_id: str | None = None) -> None:
        super().__init__()
        self.period_id, self.worksite_id = period_id, worksite_id
        self.version: int | None = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield Static(Text("65세 이상 참여자는 사업장 시간과 관계없이 1일 3시간입니다. 바꾼 시간은 새로 배치하는 사람부터."),
                     classes="hint")
        yield FormView(rules.WORKSITE_FIELDS, id="site-form")

    def on_mount(self) -> None:
        self.query_one(TopBar).set_title("사업장 고치기" if self.worksite_id else "사업장 등록")
        if self.worksite_id is None:
            self.query_one(FormView).row("daily_hours").set_raw("6")
            self.query_one(FormView).focus_first()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import public_work_roster as roster

        if self.worksite_id is None or self.version is not None:
            return
        db, site = self.db, self.worksite_id
        self.run_service(lambda: roster.get_worksite(db, site), self._loaded, group="pw-site-load")

    def _loaded(self, ws: Any) -> None:
        from ydp_tui.db.public_work_roster import worksite_fields

        self.version = ws.version
        self.query_one(FormView).load(worksite_fields(ws))
        self.query_one(FormView).focus_first()

    SAVE_GROUP = "pw-site-save"

    def save_work(self, raw: dict[str, Any]) -> Any:
        from ydp_tui.db import public_work_roster as roster

        db, pid, site, version = self.db, self.period_id, self.worksite_id, self.version

        def work() -> Any:
            if site is None:
                return roster.add_worksite(db, pid, raw)
            return roster.update_worksite(db, site, raw, expected_version=version)

        return work

    def saved_text(self, ws: Any) -> str:
        return f"저장했습니다: {ws.name}"
