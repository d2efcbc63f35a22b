"""공공일자리 (F7): the program periods (동행일자리, 지역공동체일자리 …) with their selection in
numbers; from a period to its applications and selection, the roster, attendance and payroll.
A supervisor opens the next period here (data, not code)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.screens.record_form import SavingForm
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.screens.transfer import start_export, start_import
from ydp_tui.widgets.dialogs import FormDialog
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

NEW_PERIOD_SPECS = (
    FieldSpec("program", "사업명", "text", required=True, max_length=30, placeholder="동행일자리"),
    FieldSpec("period", "기간", "text", required=True, max_length=20, placeholder="2025-상반기"),
)


def add_columns(table: DataTable, columns: Any) -> None:
    """Columns of a fixed width in cells (label, key, width): a paged list keeps its layout as
    pages load, and the widths never lag behind the rows (cells are cut with ``fit_cells``)."""
    for label, key, width in columns:
        table.add_column(label, key=key, width=width)


def period_line(p: Any) -> str:
    """``동행일자리 2024-상반기 (2024-01-01 ~ 2024-06-30, 정원 190명)``"""
    return f"{p.program} {p.period} ({p.start} ~ {p.end}, 정원 {p.headcount:,}명)"


class PagedList:
    """What the long lists of this area share: a DataTable paged ~200 rows at a time (the next
    page loads when the cursor reaches the last row), the cursor kept across reloads, a count line.

    The screen sets ``PAGE``, implements ``fetch(offset, limit)`` (a function run in a worker that
    returns a page with ``rows`` and ``total``) and ``add_row(table, row)``."""

    PAGE = 200
    LIST_ID = "#list"

    def init_paging(self) -> None:
        self.loaded = 0
        self.total = 0
        self.loading_more = False
        self.keep_id: str | None = None

    @property
    def table(self) -> DataTable:
        return self.query_one(self.LIST_ID, DataTable)  # type: ignore[attr-defined]

    def current_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def reload(self, *, keep_cursor: bool = False) -> None:
        if self.db is None:  # type: ignore[attr-defined]
            return
        self.keep_id = self.current_key() if keep_cursor else None
        fetch = self.fetch(0, max(self.PAGE, self.loaded) if keep_cursor else self.PAGE)
        self.run_service(fetch, lambda page: self.show_page(page, append=False),  # type: ignore[attr-defined]
                         group=f"{type(self).__name__}-list")

    def load_more(self) -> None:
        if self.db is None or self.loading_more or self.loaded >= self.total:  # type: ignore[attr-defined]
            return
        self.loading_more = True
        self.run_service(self.fetch(self.loaded, self.PAGE),  # type: ignore[attr-defined]
                         lambda page: self.show_page(page, append=True), group=f"{type(self).__name__}-more")

    def show_page(self, page: Any, *, append: bool) -> None:
        table = self.table
        if not append:
            table.clear()
            self.loaded = 0
        for row in page.rows:
            self.add_row(table, row)
        self.loaded += len(page.rows)
        self.total = page.total
        self.loading_more = False
        if self.keep_id is not None:
            try:
                table.move_cursor(row=table.get_row_index(self.keep_id), animate=False)
            except Exception:  # noqa: BLE001 - the row is gone (filtered out): stay
                pass
            self.keep_id = None
        self.page_shown(page)

    def page_shown(self, page: Any) -> None:
        """After a page is shown (update the count line)."""

    def fetch(self, offset: int, limit: int) -> Any:
        raise NotImplementedError

    def add_row(self, table: DataTable, row: Any) -> None:
        raise NotImplementedError

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # a plain handler name: Textual finds it on a mixin (decorated handlers it would not)
        if event.data_table is self.table and event.cursor_row >= self.table.row_count - 1:
            self.load_more()


class PublicWorkScreen(ReloadingScreen):
    TITLE_TEXT = "공공일자리"
    DEFAULT_CSS = """
    PublicWorkScreen #periods { height: 1fr; }
    PublicWorkScreen #period-info { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("enter", "open", "선발ㆍ신청", id="pw.open", tooltip="기간의 신청, 선발ㆍ대기자, 조정"),
        Binding("w", "roster", "명단", id="pw.roster", tooltip="사업장과 참여자 명단"),
        Binding("t", "attendance", "출근부", id="pw.attendance", tooltip="사업장별 하루 출근 기록"),
        Binding("p", "payroll", "급여", id="pw.payroll", tooltip="월 급여 (주휴수당, 시비ㆍ구비)"),
        Binding("i", "import", strings.IMPORT, id="pw.import", tooltip="동 주민센터 신청 파일(CSV/XLSX) 가져오기"),
        Binding("x", "export", strings.EXPORT, id="pw.export", show=False, tooltip="모든 신청을 CSV/XLSX로"),
        Binding("e", "edit", "기간 수정", id="pw.edit", tooltip="날짜ㆍ정원ㆍ예산ㆍ기준 (감독자)"),
        Binding("n", "new", "새 기간", id="pw.new", tooltip="다음 기간을 엽니다 (감독자, 이전 기간 값에서)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, Any] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Enter 신청ㆍ선발, W 명단, T 출근부, P 급여, E 기간 수정, N 새 기간"),
                     classes="hint")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="periods")
        yield Static(Text("불러오는 중..."), id="period-info")

    def on_mount(self) -> None:
        table = self.query_one("#periods", DataTable)
        self.wide = self.app.size.width >= 90
        add_columns(table, (("사업명", "program", 16), ("기간", "period", 11), ("사업기간", "dates", 11),
                            ("정원", "headcount", 4), ("신청", "applicants", 5)))
        if self.wide:
            add_columns(table, (("적격", "eligible", 5),))
        add_columns(table, (("선발", "selected", 4), ("대기", "waiting", 4), ("근무", "working", 4)))
        table.focus()
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import public_work as pw

        db = self.db

        def load() -> list[tuple[Any, Any]]:
            return [(p, pw.summary(db, p.id)) for p in pw.periods(db)]

        self.run_service(load, self._show, group="pw-periods")

    def _show(self, items: list[tuple[Any, Any]]) -> None:
        table = self.query_one("#periods", DataTable)
        keep = self.current_id()
        table.clear()
        self.rows = {}
        for p, sm in items:
            self.rows[p.id] = (p, sm)
            cells = [Text(fit_cells(p.program, 16)), Text(fit_cells(p.period, 11)),
                     Text(f"{p.start:%m-%d}~{p.end:%m-%d}"), Text(f"{p.headcount:,}", justify="right"),
                     Text(f"{sm.applicants:,}", justify="right")]
            if self.wide:
                cells.append(Text(f"{sm.eligible:,}", justify="right"))
            cells += [Text(f"{sm.selected:,}", justify="right", style="yellow" if sm.selected < p.headcount else ""),
                      Text(f"{sm.waiting:,}", justify="right"), Text(f"{sm.assigned:,}", justify="right")]
            table.add_row(*cells, key=p.id)
        if not items:
            self.query_one("#period-info", Static).update(Text("사업 기간이 없습니다 (N: 새 기간)"))
            return
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        else:
            from ydp_tui import clock as _clock

            today = _clock.today()
            running = [i for i, (p, _) in enumerate(items) if p.start <= today <= p.end]
            if running:
                table.move_cursor(row=running[0], animate=False)
        self._info()

    def current_id(self) -> str | None:
        table = self.query_one("#periods", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowHighlighted, "#periods")
    def _highlighted(self) -> None:
        self._info()

    def _info(self) -> None:
        pid = self.current_id()
        if pid not in self.rows:
            return
        p, sm = self.rows[pid]
        lines = Text()
        exclusions = p.exclusions.replace(";", ", ") or "없음"
        lines.append(f"{p.program} {p.period}", style="bold")
        lines.append(f"  시:구 {p.city_ratio}:{100 - p.city_ratio}  제외: {exclusions}\n")
        lines.append(f"예산 {p.budget:,}원 (시비 {p.city_budget:,} / 구비 {p.budget - p.city_budget:,})\n")
        lines.append(f"기준: 만 {p.min_age}세 이상, 소득 중위 {p.income_pct}% 이하, 재산 {p.asset_cap:,}원 이하\n",
                     style="dim")
        extra = []
        if sm.unassigned:
            extra.append(f"선발 미배치 {sm.unassigned:,}명")
        if sm.gave_up:
            extra.append(f"포기 {sm.gave_up:,}명")
        if sm.over_capacity:
            extra.append(f"정원 초과 {sm.over_capacity:,}명")
        lines.append(f"1일 {p.default_hours}시간 ({p.senior_age}세 이상 {p.senior_hours}시간)", style="dim")
        if extra:
            lines.append(" | " + ", ".join(extra), style="yellow")
        self.query_one("#period-info", Static).update(lines)

    @on(DataTable.RowSelected, "#periods")
    def _selected(self) -> None:
        self.action_open()

    # --- actions -------------------------------------------------------------------------

    def _period(self) -> Any | None:
        pid = self.current_id()
        return self.rows[pid][0] if pid in self.rows else None

    def action_open(self) -> None:
        from ydp_tui.screens.public_work_apps import ApplicationsScreen

        p = self._period()
        if p is not None:
            self.app.push_screen(ApplicationsScreen(p.id))

    def action_roster(self) -> None:
        from ydp_tui.screens.public_work_roster import RosterScreen

        p = self._period()
        if p is not None:
            self.app.push_screen(RosterScreen(p.id))

    def action_attendance(self) -> None:
        from ydp_tui.screens.public_work_attendance import open_attendance

        p = self._period()
        if p is not None:
            open_attendance(self, p.id)

    def action_payroll(self) -> None:
        from ydp_tui.screens.public_work_payroll import PayrollScreen

        p = self._period()
        if p is not None:
            today = clock.today()
            month = (today.year, today.month) if p.start <= today <= p.end else (p.start.year, p.start.month)
            self.app.push_screen(PayrollScreen(p.id, *month))

    def action_import(self) -> None:
        start_import(self, "public-work", "공공일자리 신청", on_done=self.reload)

    def action_export(self) -> None:
        start_export(self, "public-work", "공공일자리 신청", "공공일자리_신청.xlsx")

    def action_edit(self) -> None:
        p = self._period()
        if p is not None:
            self.app.push_screen(PeriodFormScreen(p.program, p.period))

    def action_new(self) -> None:
        p = self._period()
        program = p.program if p is not None else "동행일자리"
        suggestion = ""
        if p is not None and p.period[:4].isdigit():
            half = p.period[5:]
            suggestion = f"{p.period[:4]}-하반기" if half == "상반기" else f"{int(p.period[:4]) + 1}-상반기"

        def chosen(values: dict | None) -> None:
            if values:   # the form starts from the same program's period of the same half (period_draft)
                self.app.push_screen(PeriodFormScreen(" ".join(values["program"].split()),
                                                      " ".join(values["period"].split())))

        self.app.push_screen(FormDialog("새 사업 기간", NEW_PERIOD_SPECS, {"program": program, "period": suggestion},
                                        hint="같은 사업의 지난 상반기(하반기) 값을 가져와 날짜만 옮겨 채웁니다. "
                                             "확인한 뒤 저장하세요."), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("import", "new", "edit") and self.ydp.config.read_only:
            return None
        if action in ("new", "edit") and self.db is not None:
            from ydp_tui.db import roles

            if not roles.allowed(self.db, "edit_policy"):
                return None
        return True


class PeriodFormScreen(SavingForm):
    """Open or change one program period (a supervisor's job)."""

    TITLE_TEXT = "사업 기간"
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="pw-period.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, program: str, period: str, copy_from: str | None = None) -> None:
        super().__init__()
        self.program, self.period, self.copy_from = program, period, copy_from
        self.version: int | None = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="hint", id="period-note")
        yield FormView(rules.PERIOD_FIELDS, id="period-form")

    def on_mount(self) -> None:
        self.query_one(TopBar).set_title(f"{self.program} {self.period}")
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import public_work as pw

        db, program, period, copy_from = self.db, self.program, self.period, self.copy_from
        self.run_service(lambda: pw.period_draft(db, program, period, copy_from=copy_from), self._loaded,
                         group="pw-period-load")

    def _loaded(self, result: tuple[dict[str, str], int | None, str | None]) -> None:
        fields, self.version, copied = result
        form = self.query_one(FormView)
        form.load(fields)
        if self.version is None:
            self.copy_from = copied
            note = (f"새 기간: {copied} 값에서 날짜를 옮겨 채웠습니다. 확인하고 Ctrl+S로 엽니다." if copied
                    else "새 사업: 값을 모두 입력하고 Ctrl+S로 엽니다.")
        else:
            note = "고친 뒤 Ctrl+S로 저장합니다. 선별은 곧바로 새 값으로 다시 계산됩니다."
        self.query_one("#period-note", Static).update(Text(note))
        form.focus_first()

    SAVE_GROUP = "pw-period-save"

    def save_work(self, raw: dict[str, Any]) -> Any:
        from ydp_tui.db import public_work as pw

        db, program, period, version, copy_from = self.db, self.program, self.period, self.version, self.copy_from
        return lambda: pw.set_period(db, program, period, raw, copy_from=copy_from, expected_version=version)

    def saved_text(self, row: Any) -> str:
        return f"저장했습니다: {period_line(row)}"
