"""Forms of the subsidy area: one application typed at a desk (or corrected before a
decision), and the program years a supervisor opens and edits (2025 is data, not code)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.validation import format_won
from ydp_tui.screens.record_form import SavingForm
from ydp_tui.screens.base import BaseScreen, ReloadingScreen
from ydp_tui.widgets.dialogs import TextPrompt
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.topbar import TopBar


class ApplicationFormScreen(BaseScreen):
    """New application (default) or a correction of an undecided one (``app_id``)."""

    TITLE_TEXT = "응시료 지원 신청 입력"
    DEFAULT_CSS = """
    ApplicationFormScreen #form-note { padding: 0 1; color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="subsidy-form.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, app_id: str | None = None) -> None:
        super().__init__()
        self.app_id = app_id
        self.version: int | None = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        note = ("예금주가 비어 있으면 성명으로 저장합니다. 신청번호를 비우면 새 번호를 붙입니다."
                if self.app_id is None else "계좌번호는 바꿀 때만 입력하세요.")
        yield Static(Text(note), id="form-note")
        yield FormView(rules.APPLICATION_FIELDS, id="subsidy-form")

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def on_mount(self) -> None:
        if self.app_id is None:
            self.form.row("applied_on").set_raw(clock.today().isoformat())
            self.form.row("employment").set_raw("미취업")
            self.form.row("business").set_raw("없음")
            self.form.focus_first()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import subsidy

        if self.app_id is None or self.version is not None:
            return
        db, app_id = self.db, self.app_id
        self.run_service(lambda: subsidy.edit_values(db, app_id), self._loaded, group="subsidy-form-load")

    def _loaded(self, result: tuple[dict[str, str], str, int, str]) -> None:
        fields, masked, version, status = result
        self.version = version
        self.form.load(fields)
        self.form.row("application_no").control.disabled = True
        self.form.row("account_no").control.placeholder = f"바꿀 때만 입력 (지금: {masked})"  # type: ignore[attr-defined]
        self.query_one(TopBar).set_title(f"신청 고치기 {fields['application_no']} ({status})")
        self.form.row("applied_on").control.focus()

    def action_save(self) -> None:
        from ydp_tui.db import subsidy

        if self.saving:
            return
        raw = self.form.raw_values()
        if not str(raw.get("holder") or "").strip():
            raw["holder"] = raw.get("name", "")
            self.form.row("holder").set_raw(raw["holder"])
        errors = self.form.check_all()
        if self.app_id is not None:
            errors.pop("계좌번호", None)  # empty: keep the stored number
        if errors:
            self.form.show_errors(errors)
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        db, app_id, version = self.db, self.app_id, self.version
        self.saving = True

        def work() -> Any:
            if app_id is None:
                return subsidy.add(db, raw)
            return subsidy.update(db, app_id, raw, expected_version=version or 0)

        self.run_service(work, self._saved, failed=self._failed, group="subsidy-form-save")

    def _saved(self, app: Any) -> None:
        self.saving = False
        self.notify(f"저장했습니다: {app.application_no} {app.name}", timeout=5)
        self.app.pop_screen()

    def _failed(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
            self.notify(str(exc), severity="error", timeout=8)
        else:
            self.show_error(exc)


class YearsScreen(ReloadingScreen):
    """Program years: Enter edits one, N opens a new year from the latest."""

    TITLE_TEXT = "응시료 지원 사업연도"
    DEFAULT_CSS = """
    YearsScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "open", strings.EDIT, id="subsidy-years.open", tooltip="고르거나 고칩니다"),
        Binding("n", "new", "새 연도", id="subsidy-years.new", tooltip="새 사업연도를 엽니다 (이전 연도 값에서)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(Text("사업연도마다 기간ㆍ출생연도ㆍ거주기간ㆍ1인 한도ㆍ예산ㆍ시험구분이 다릅니다. "
                          "바꾸면 그 연도의 선별이 곧바로 새 값으로 계산됩니다."), classes="hint")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="years")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("연도", "사업기간", "출생연도", "거주", "1인 한도", "지원규모")
        table.focus()
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import subsidy

        db = self.db
        self.run_service(lambda: subsidy.years(db), self._show, group="subsidy-years-list")

    def _show(self, years: list[Any]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for y in years:
            table.add_row(Text(str(y.year)), Text(f"{y.period_start}~{y.period_end}"),
                          Text(f"{y.birth_year_from}~{y.birth_year_to}"), Text(f"{y.residence_months}개월"),
                          Text(format_won(y.per_person_cap)), Text(format_won(y.budget)), key=str(y.year))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            year = int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))
            self.app.push_screen(YearEditScreen(year))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(YearEditScreen(int(str(event.row_key.value))))

    def action_new(self) -> None:
        def chosen(text: str | None) -> None:
            if text and text.isdigit() and 2000 <= int(text) <= 2100:
                self.app.push_screen(YearEditScreen(int(text)))
            elif text:
                self.notify(f"'{text}'은(는) 연도가 아닙니다 (예: {clock.today().year + 1})", severity="error")

        self.app.push_screen(TextPrompt("새 사업연도", "연도", value=str(clock.today().year + 1)), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new" and self.ydp.config.read_only:
            return None
        return True


class YearEditScreen(SavingForm):
    TITLE_TEXT = "사업연도"
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="subsidy-year.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.version: int | None = None
        self.copy_from: int | None = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="hint", id="year-note")
        yield FormView(rules.YEAR_FIELDS, id="year-form")

    def on_mount(self) -> None:
        self.query_one(TopBar).set_title(f"{self.year}년 응시료 지원 사업")
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import subsidy

        db, year = self.db, self.year
        self.run_service(lambda: subsidy.year_draft(db, year), self._loaded, group="year-load")

    def _loaded(self, result: tuple[dict[str, str], int | None, int | None]) -> None:
        fields, self.version, self.copy_from = result
        form = self.query_one(FormView)
        form.load(fields)
        note = (f"새 연도: {self.copy_from}년 값에서 날짜와 출생연도를 옮겨 채웠습니다. 확인하고 Ctrl+S로 엽니다."
                if self.copy_from else "고친 뒤 Ctrl+S로 저장합니다.")
        self.query_one("#year-note", Static).update(Text(note))
        form.focus_first()

    SAVE_GROUP = "year-save"

    def save_work(self, raw: dict[str, Any]) -> Any:
        from ydp_tui.db import subsidy

        db, year, version = self.db, self.year, self.version
        return lambda: subsidy.set_year(db, year, raw, expected_version=version)

    def saved_text(self, row: Any) -> str:
        return f"{row.year}년 사업을 저장했습니다"
