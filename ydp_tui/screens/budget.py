"""예산 집행: a year's expenditures (newest first, paged, by unit), the form that enters one
(``RecordForm``), and cancelling one with a reason.  Entering and cancelling are a supervisor's (manage_budget);
payroll and subsidy payments are not entered here: they count by themselves."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Select, Static

from ydp_tui import clock, strings
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import ConfirmDialog, TextPrompt
from ydp_tui.widgets.tables import current_key
from ydp_tui.widgets.text import fit_cells

PAGE = 200
ALL_UNITS = "전체"


class ExpendituresScreen(BaseScreen):
    TITLE_TEXT = "예산 집행"
    WRITE_ACTIONS = frozenset({"add", "cancel_row"})
    DEFAULT_CSS = """
    ExpendituresScreen #year { width: 12; }
    ExpendituresScreen #unit { width: 1fr; }
    ExpendituresScreen #list { height: 1fr; }
    """
    BINDINGS = [
        Binding("a", "add", "집행 입력", id="budget.add", tooltip="집행 한 건을 입력합니다 (감독자)"),
        Binding("c", "cancel_row", "집행 취소", id="budget.cancel", tooltip="고른 집행을 사유와 함께 취소합니다 (감독자)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = clock.today().year
        self.unit = ALL_UNITS
        self.unit_names: list[str] = []
        self.rows: dict[str, Any] = {}
        self.loaded = 0
        self.total = 0
        self.loading_more = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Label("연도")
            yield Select([(f"{self.year}년", self.year)], value=self.year, allow_blank=False, compact=True, id="year")
            yield Label(" 단위사업")
            yield Select([(ALL_UNITS, ALL_UNITS)], value=ALL_UNITS, allow_blank=False, compact=True, id="unit")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")

    @property
    def table(self) -> DataTable:
        return self.query_one("#list", DataTable)

    def on_mount(self) -> None:
        table = self.table
        wide = self.app.size.width >= 100
        self.wide = wide
        self.widest = self.app.size.width >= 130
        table.add_column("집행일", key="day")
        table.add_column("단위사업", key="unit")
        table.add_column("금액", key="amount")
        table.add_column("적요", key="what")
        table.add_column("상태", key="status")
        if wide:
            table.add_column("지급처", key="payee")
        if self.widest:
            table.add_column("집행번호", key="no")
        table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import budget

        db = self.db

        def load() -> tuple[list[int], list[str]]:
            return budget.years(db), [u.name for u in budget.units(db, self.year)]

        self.run_service(load, self._years_loaded, group="budget-years")

    def _years_loaded(self, result: tuple[list[int], list[str]]) -> None:
        years, names = result
        self.unit_names = names
        year_select = self.query_one("#year", Select)
        year_select.set_options([(f"{y}년", y) for y in sorted(set(years) | {self.year})])
        year_select.value = self.year
        unit_select = self.query_one("#unit", Select)
        unit_select.set_options([(ALL_UNITS, ALL_UNITS)] + [(n, n) for n in names])
        unit_select.value = self.unit if self.unit in names else ALL_UNITS
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import budget

        db, year = self.db, self.year
        unit = None if self.unit == ALL_UNITS else self.unit
        if db is None:
            return
        self.run_service(lambda: budget.expenditures(db, year, unit=unit, limit=PAGE), self._shown,
                         group="budget-list")

    def _shown(self, page: Any, *, append: bool = False) -> None:
        table = self.table
        if not append:
            table.clear()
            self.rows = {}
            self.loaded = 0
        for r in page.rows:
            cancelled = r.status == "취소"
            style = "dim strike" if cancelled else ""
            unit_w, what_w = (20, 30) if self.wide else (14, 24)
            cells = [Text(str(r.spent_on), style=style), Text(fit_cells(r.unit_name, unit_w), style=style),
                     Text(f"{r.amount:,}", justify="right", style=style),
                     Text(fit_cells(r.description, what_w), style=style),
                     Text(r.status, style="yellow" if cancelled else "")]
            if self.wide:
                cells.append(Text(fit_cells(r.payee, 16)))
            if self.widest:
                cells.append(Text(r.expenditure_no))
            table.add_row(*cells, key=r.id)
            self.rows[r.id] = r
        self.loaded += len(page.rows)
        self.total = page.total
        self.loading_more = False
        what = "" if self.unit == ALL_UNITS else f"{self.unit}: "
        if page.total == 0:
            text = f"{what}{self.year}년 집행이 없습니다 (A: 집행 입력)"
        else:
            text = f"{what}{page.total:,}건 중 {self.loaded:,}건, 집행 합계 {page.amount:,}원 (취소 제외)"
        self.query_one("#count", Static).update(Text(text))

    @on(DataTable.RowHighlighted, "#list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        from ydp_tui.db import budget

        if event.cursor_row < self.table.row_count - 1 or self.loading_more or self.loaded >= self.total:
            return
        self.loading_more = True
        db, year, offset = self.db, self.year, self.loaded
        unit = None if self.unit == ALL_UNITS else self.unit
        self.run_service(lambda: budget.expenditures(db, year, unit=unit, limit=PAGE, offset=offset),
                         lambda page: self._shown(page, append=True), group="budget-more")

    @on(Select.Changed, "#year")
    def _year_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.year:
            self.year = int(event.value)  # type: ignore[arg-type]
            self.unit = ALL_UNITS
            self.on_database_ready()

    @on(Select.Changed, "#unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.unit:
            self.unit = str(event.value)
            self.reload()

    def _current(self) -> Any:
        key = current_key(self.table)
        return None if key is None else self.rows.get(key)

    def _may_manage(self) -> bool:
        from ydp_tui.db import roles

        if self.db is None:
            return False
        if not roles.allowed(self.db, "manage_budget"):
            self.notify(f"예산ㆍ집행 관리는 감독자ㆍ관리자만 할 수 있습니다 (현재 {self.db.role})", severity="error")
            return False
        return True

    def action_add(self) -> None:
        if not self._may_manage():
            return
        if not self.unit_names:
            self.notify(f"{self.year}년 예산 단위사업이 없습니다 (ydp-tui budget unit set)", severity="error")
            return
        from ydp_tui.db import budget
        from ydp_tui.rules import budget as rules
        from ydp_tui.screens.record_form import RecordForm

        db = self.db
        values = {"spent_on": clock.today().isoformat()}
        if self.unit != ALL_UNITS:
            values["unit"] = self.unit
        form = RecordForm("집행 입력", rules.expenditure_fields(self.unit_names),
                          save=lambda raw: budget.add_expenditure(db, raw), values=values,
                          note="집행일이 속한 해의 단위사업으로 들어갑니다. 남은 예산을 넘는 금액은 받지 않습니다. "
                               "잘못 넣은 집행은 목록에서 C로 취소하고 다시 입력합니다.",
                          saved_message=lambda e: f"저장했습니다: {e.expenditure_no} {e.amount:,}원")
        self.app.push_screen(form, lambda _: self.reload())

    def action_cancel_row(self) -> None:
        from ydp_tui.db import budget

        row = self._current()
        if row is None or not self._may_manage():
            return
        if row.status == "취소":
            self.notify(f"{row.expenditure_no}은(는) 이미 취소되었습니다", severity="warning")
            return

        def reason_given(reason: str | None) -> None:
            if not reason:
                return

            def confirmed(yes: bool | None) -> None:
                if yes:
                    db = self.db
                    self.run_service(lambda: budget.cancel_expenditure(db, row.id, reason,
                                                                       expected_version=row.version),
                                     lambda e: (self.notify(f"취소했습니다: {e.expenditure_no}"), self.reload()),
                                     group="budget-cancel")

            self.app.push_screen(ConfirmDialog(f"집행 {row.expenditure_no}을(를) 취소할까요?",
                                               f"{row.spent_on} {row.unit_name} {row.amount:,}원 {row.description}\n"
                                               f"사유: {reason}"), confirmed)

        self.app.push_screen(TextPrompt("집행 취소", "사유 (기록에 남습니다)"), reason_given)

