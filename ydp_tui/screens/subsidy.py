"""청년 응시료 지원: applications in first-come order with their screening, the budget panel
(budget left, people near their cap, a plain sentence when the money is used up), search
and filters; Enter opens the review screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ydp_tui import strings
from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.validation import format_won
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.transfer import start_export, start_import

PAGE = 200
VIEWS = ("전체", "미결정", "적격", "부적격", "접수", "검토", "승인", "반려", "지급", "예금주 다름")


def budget_panel(ov: Any) -> Text:
    """Three short lines (they fit 80 columns): what screening and review hand out, what is
    left (or, plainly, that the money is used up), and who is near the per-person cap."""
    text = Text()
    text.append(f"{ov.year}년 지원규모 {ov.budget:,}원", style="bold")
    text.append(f" | 적격 {ov.eligible_people:,}명 {ov.eligible_amount:,}원"
                f" | 승인 {ov.granted_people:,}명 {ov.granted_amount:,}원\n")
    if ov.exhausted or ov.budget_left <= 0:
        text.append(ov.message(), style="bold yellow")
    else:
        text.append(f"지급 {ov.paid_amount:,}원 | 잔액 {ov.screening_left:,}원(선별) "
                    f"{ov.budget_left:,}원(승인) | 미결정 {ov.undecided_eligible:,}건")
    text.append("\n")
    if ov.near_cap:
        shown = ", ".join(f"{n.name} {n.total:,}" for n in ov.near_cap[:3])
        more = f" 외 {len(ov.near_cap) - 3:,}명" if len(ov.near_cap) > 3 else ""
        text.append(f"한도 임박({ov.near_cap_percent}%+) {len(ov.near_cap):,}명: {shown}{more}", style="dim")
    else:
        text.append(f"한도 임박({ov.near_cap_percent}%+): 없음", style="dim")
    return text


class SubsidyScreen(BaseScreen):
    TITLE_TEXT = "청년 응시료 지원"
    DEFAULT_CSS = """
    SubsidyScreen #budget { padding: 0 1; height: 3; text-wrap: nowrap; text-overflow: clip; }
    SubsidyScreen #list { height: 1fr; }
    SubsidyScreen .toolbar Select { width: 16; }
    SubsidyScreen #year { width: 12; }
    """
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="subsidy.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", "검토", id="subsidy.open", tooltip="신청을 열어 검토합니다"),
        Binding("a", "add", "신청 입력", id="subsidy.add", tooltip="신청 한 건을 직접 입력합니다"),
        Binding("i", "import", strings.IMPORT, id="subsidy.import", tooltip="홈페이지 신청 파일(CSV/XLSX) 가져오기"),
        Binding("x", "export", strings.EXPORT, id="subsidy.export", show=False,
                tooltip="신청을 CSV/XLSX로 내보내기 (계좌번호 포함, 접속기록에 남음)"),
        Binding("b", "batches", "지급 일괄", id="subsidy.batches", tooltip="승인된 신청을 모아 이체 파일을 만듭니다"),
        Binding("y", "years", "사업연도", id="subsidy.years", tooltip="기간ㆍ대상ㆍ한도ㆍ예산 (감독자)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year: int | None = None
        self.query_text = ""
        self.view = "전체"
        self.loaded = 0
        self.total = 0
        self.loading_more = False
        self.keep_id: str | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 찾기: 성명, 초성, 신청번호, 전화번호", max_length=50, compact=True, id="search")
            yield Select([(v, v) for v in VIEWS], value="전체", allow_blank=False, compact=True, id="view")
            yield Select([], prompt="연도", compact=True, id="year")
        yield Static("", id="budget")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")

    @property
    def table(self) -> DataTable:
        return self.query_one("#list", DataTable)

    def on_mount(self) -> None:
        self._columns()
        self.table.focus()
        if self.db is not None:
            self.on_database_ready()

    def _columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        width = self.app.size.width
        self.wide = width >= 100
        self.medium = width >= 90
        table.add_column("신청번호", key="no")
        table.add_column("신청일", key="applied")
        table.add_column("성명", key="name")
        table.add_column("선별", key="screen")
        table.add_column("금액", key="amount")
        table.add_column("상태", key="status")
        if self.medium:
            table.add_column("승인액", key="granted")
        if self.wide:
            table.add_column("시험명", key="exam")
            table.add_column("예금주", key="holder")

    def on_database_ready(self) -> None:
        from ydp_tui.db import subsidy

        db = self.db
        assert db is not None

        def load() -> tuple[list[int], int]:
            year, _ = subsidy.default_year(db)
            return [y.year for y in subsidy.years(db)], year

        self.run_service(load, self._years_loaded, group="subsidy-years")

    def _years_loaded(self, result: tuple[list[int], int]) -> None:
        years, default = result
        select = self.query_one("#year", Select)
        options = [(f"{y}년", y) for y in sorted(set(years) | {default})]
        select.set_options(options)
        if self.year is None or self.year not in dict((v, v) for _, v in options):
            self.year = default
        select.value = self.year
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None and self.year is not None:
            self.reload(keep_cursor=True)

    # --- loading ---------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        from ydp_tui.db import subsidy

        db, year = self.db, self.year
        if db is None or year is None:
            return
        self.keep_id = self._current_id() if keep_cursor else None
        query, view = self.query_text, self.view
        limit = max(PAGE, self.loaded) if keep_cursor else PAGE

        def load() -> tuple[Any, Any]:
            s = subsidy.screen(db, year)
            page = subsidy.page_of(s, subsidy.filter_rows(s, query=query, view=view), limit=limit)
            return page, subsidy.overview(db, year, screening=s)

        self.run_service(load, self._loaded, group="subsidy-list")

    def _loaded(self, result: tuple[Any, Any]) -> None:
        page, ov = result
        self.query_one("#budget", Static).update(budget_panel(ov))
        self._show(page, append=False)

    def load_more(self) -> None:
        from ydp_tui.db import subsidy

        db, year = self.db, self.year
        if db is None or year is None or self.loading_more or self.loaded >= self.total:
            return
        self.loading_more = True
        query, view, offset = self.query_text, self.view, self.loaded
        self.run_service(lambda: subsidy.list_page(db, year, query=query, view=view, limit=PAGE, offset=offset),
                         lambda page: self._show(page, append=True), group="subsidy-more")

    def _show(self, page: Any, *, append: bool) -> None:
        table = self.table
        if not append:
            table.clear()
            self.loaded = 0
        for r in page.rows:
            verdict = Text("적격", style="green") if r.eligible else Text(rules.reason_short(r.reasons), style="red")
            cells = [Text(r.application_no), Text(str(r.applied_on)), Text(r.name), verdict,
                     Text(f"{r.amount:,}" if r.eligible else "-", justify="right"), Text(r.status)]
            if self.medium:
                cells.append(Text("" if r.granted_amount is None else f"{r.granted_amount:,}", justify="right"))
            if self.wide:
                cells.append(Text(r.exam_name))
                cells.append(Text("다름" if r.holder_differs else "", style="yellow"))
            table.add_row(*cells, key=r.id)
        self.loaded += len(page.rows)
        self.total = page.total
        self.loading_more = False
        if self.keep_id is not None:
            try:
                table.move_cursor(row=table.get_row_index(self.keep_id), animate=False)
            except Exception:  # noqa: BLE001 - the row is gone (filtered out): stay
                pass
            self.keep_id = None
        self._update_count()

    def _update_count(self) -> None:
        what = f"'{self.query_text}' " if self.query_text else ""
        view = "" if self.view == "전체" else f"[{self.view}] "
        if self.total == 0:
            text = (f"{view}{what}찾는 신청이 없습니다" if (self.query_text or self.view != "전체")
                    else "신청이 없습니다 (I: 홈페이지 파일 가져오기, A: 직접 입력)")
        else:
            text = f"{view}{what}{self.total:,}건 중 {self.loaded:,}건 (선착순: 신청일, 신청번호)"
            if self.loaded < self.total:
                text += " 아래로 더 보기"
        self.query_one("#count", Static).update(Text(text))

    def _current_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def visible_ids(self) -> list[str]:
        """Application ids in the list's order (the review screen's 'next')."""
        table = self.table
        return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]

    # --- events ----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.table.row_count:
            self.table.focus()

    @on(Select.Changed, "#view")
    def _view_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.view:
            self.view = str(event.value)
            self.reload()

    @on(Select.Changed, "#year")
    def _year_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.year:
            self.year = int(event.value)  # type: ignore[arg-type]
            self.reload()

    @on(DataTable.RowHighlighted, "#list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 1:
            self.load_more()

    @on(DataTable.RowSelected, "#list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.open_review(str(event.row_key.value))

    def open_review(self, app_id: str) -> None:
        from ydp_tui.screens.subsidy_review import ReviewScreen

        self.app.push_screen(ReviewScreen(app_id, order=self.visible_ids()))

    def action_open(self) -> None:
        app_id = self._current_id()
        if app_id:
            self.open_review(app_id)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_add(self) -> None:
        from ydp_tui.screens.subsidy_forms import ApplicationFormScreen

        self.app.push_screen(ApplicationFormScreen())

    def action_import(self) -> None:
        start_import(self, "subsidy", "응시료 지원 신청", on_done=self.on_database_ready)

    def action_export(self) -> None:
        start_export(self, "subsidy", "응시료 지원 신청", "응시료지원_신청.xlsx")

    def action_batches(self) -> None:
        from ydp_tui.screens.subsidy_batch import BatchScreen

        if self.year is not None:
            self.app.push_screen(BatchScreen(self.year))

    def action_years(self) -> None:
        from ydp_tui.screens.subsidy_forms import YearsScreen

        self.app.push_screen(YearsScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "import") and self.ydp.config.read_only:
            return None
        return True
