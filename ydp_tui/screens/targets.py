"""일자리 목표공시제: the year's indicators with their targets, a quarter's results, the result so
far and the achievement rate; a department's quarter entered in one form; the quarterly summary;
projects and indicators (a supervisor's)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules import targets as rules
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.rules.validation import format_rate
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.record_form import RecordForm
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.tables import current_key, move_to_key
from ydp_tui.widgets.text import fit_cells

ALL = "__all__"


def _quarter_now() -> int:
    return rules.quarter_of(clock.today())


class TargetsScreen(BaseScreen):
    TITLE_TEXT = "일자리 목표공시"
    WRITE_ACTIONS = frozenset({"enter_results", "new_project", "new_indicator"})
    DEFAULT_CSS = """
    TargetsScreen .toolbar Select { width: 12; }
    TargetsScreen #department { width: 22; }
    TargetsScreen #targets { height: 1fr; }
    """
    BINDINGS = [
        Binding("enter", "enter_results", "실적 입력", id="targets.results",
                tooltip="고른 지표의 부서가 이 분기 실적을 입력합니다"),
        Binding("s", "summary", "분기 요약", id="targets.summary", tooltip="부서별 분기 요약"),
        Binding("left_square_bracket", "quarter(-1)", "이전 분기", key_display="[", id="targets.prev", show=False,
                tooltip="이전 분기"),
        Binding("right_square_bracket", "quarter(1)", "다음 분기", key_display="]", id="targets.next", show=False,
                tooltip="다음 분기"),
        Binding("n", "new_project", "사업 추가", id="targets.new_project", tooltip="부서의 대표 실천과제와 지표 (감독자)"),
        Binding("a", "new_indicator", "지표 추가", id="targets.new_indicator", tooltip="고른 사업에 지표를 더합니다 (감독자)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = clock.today().year
        self.quarter = _quarter_now()
        self.department: str | None = None
        self.rows: list[Any] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Select([], prompt="연도", allow_blank=True, compact=True, id="year")
            yield Select([(f"{q}분기", q) for q in rules.QUARTERS], value=self.quarter, allow_blank=False,
                         compact=True, id="quarter")
            yield Select([], prompt="전체 부서", compact=True, id="department")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="targets")

    @property
    def table(self) -> DataTable:
        return self.query_one("#targets", DataTable)

    def on_mount(self) -> None:
        self.table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import targets

        db = self.db
        self.run_service(lambda: targets.years(db), self._years, group="targets-years")

    def _years(self, years: list[int]) -> None:
        options = sorted(set(years) | {self.year})
        select = self.query_one("#year", Select)
        select.set_options([(f"{y}년", y) for y in options])
        select.value = self.year
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep=True)

    def reload(self, *, keep: bool = False) -> None:
        from ydp_tui.db import targets

        db, year = self.db, self.year
        keep_id = self._current_key() if keep else None

        def load() -> tuple[list[Any], list[str]]:
            return targets.indicators(db, year), targets.departments(db, year)

        self.run_service(load, lambda r: self._show(*r, keep_id=keep_id), group="targets-list")

    def _show(self, rows: list[Any], departments: list[str], *, keep_id: str | None = None) -> None:
        dep_select = self.query_one("#department", Select)
        current = self.department
        dep_select.set_options([(d, d) for d in departments])
        if current in departments:
            dep_select.value = current
        else:
            self.department = None
        self.rows = [r for r in rows if self.department is None or r.department == self.department]
        q = self.quarter
        table = self.table
        table.clear(columns=True)
        wide = self.app.size.width >= 100
        table.add_column("부서 / 사업 / 지표", key="what")
        table.add_column("목표", key="target")
        table.add_column(f"{q}분기", key="q")
        table.add_column("누적", key="sum")
        table.add_column("달성률", key="rate")
        width = 54 if wide else 32
        department = None
        for r in self.rows:
            if r.department != department:     # a department's line: Enter on it opens its form too
                department = r.department
                table.add_row(Text(fit_cells(department, width), style="bold"), Text(""), Text(""), Text(""), Text(""),
                              key=f"dep:{department}")
            value = r.results.get(q)
            table.add_row(Text("  " + fit_cells(r.label, width - 2)), Text(f"{r.target:,}{r.unit}", justify="right"),
                          Text("" if value is None else f"{value:,}", justify="right"),
                          Text(f"{r.upto(q):,}", justify="right"),
                          Text(format_rate(r.rate(q)), justify="right"), key=r.id)
        move_to_key(table, keep_id)
        self._count()

    def _count(self) -> None:
        q = self.quarter
        if not self.rows:
            text = (f"{self.year}년 목표공시 사업이 없습니다 (N: 사업 추가, 감독자)" if self.department is None
                    else f"{self.department}의 {self.year}년 사업이 없습니다")
        else:
            deps = len({r.department for r in self.rows})
            projects = len({r.project_id for r in self.rows})
            entered = sum(1 for r in self.rows if q in r.results)
            rates = [x for x in (r.rate(q) for r in self.rows) if x is not None]
            text = (f"{q}분기까지 {deps}개 부서 {projects}개 사업 {len(self.rows)}개 지표 | {q}분기 입력 "
                    f"{entered}/{len(self.rows)} | 평균 달성률 {format_rate(rules.mean_rate(rates))}%")
        self.query_one("#count", Static).update(Text(text))

    def _current_key(self) -> str | None:
        return current_key(self.table)

    def _current(self) -> Any:
        key = self._current_key()
        return next((r for r in self.rows if r.id == key), None)

    def _current_department(self) -> str | None:
        key = self._current_key()
        if key and key.startswith("dep:"):
            return key[4:]
        row = self._current()
        return row.department if row else None

    # --- events ------------------------------------------------------------------------

    @on(Select.Changed, "#year")
    def _year_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.year:
            self.year = int(event.value)  # type: ignore[arg-type]
            self.reload()

    @on(Select.Changed, "#quarter")
    def _quarter_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.quarter:
            self.quarter = int(event.value)  # type: ignore[arg-type]
            self.reload(keep=True)

    @on(Select.Changed, "#department")
    def _department_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if value != self.department:
            self.department = value
            self.reload()

    @on(DataTable.RowSelected, "#targets")
    def _selected(self) -> None:
        self.action_enter_results()

    def action_quarter(self, step: int) -> None:
        self.query_one("#quarter", Select).value = (self.quarter - 1 + step) % 4 + 1

    def action_enter_results(self) -> None:
        department = self._current_department()
        if department is None:
            self.notify("실적을 입력할 부서나 지표를 고르세요", severity="warning")
            return
        self.app.push_screen(ResultsScreen(self.year, self.quarter, department))

    def action_summary(self) -> None:
        self.app.push_screen(SummaryScreen(self.year, self.quarter))

    def action_new_project(self) -> None:
        from ydp_tui.db import targets

        db = self.db
        ind_specs = [dataclasses.replace(s, key=f"ind_{s.key}") for s in rules.INDICATOR_FIELDS]

        def save(raw: dict[str, Any]) -> Any:
            project = {s.key: raw[s.key] for s in rules.PROJECT_FIELDS}
            indicator = {s.key: raw[f"ind_{s.key}"] for s in rules.INDICATOR_FIELDS}
            return targets.add_project(db, project, [indicator])

        values = {"year": str(self.year), "ind_unit": "명"}
        department = self.department or self._current_department()
        if department:
            values["department"] = department
        self.app.push_screen(RecordForm("목표공시 사업 추가", [*rules.PROJECT_FIELDS, *ind_specs], save=save, values=values,
                                        note="부서의 대표 실천과제와 첫 지표(연간 목표). 지표는 A로 더할 수 있습니다.",
                                        saved_message=lambda p: f"사업을 추가했습니다: {p.department} {p.name}"),
                             lambda _: self.reload())

    def action_new_indicator(self) -> None:
        from ydp_tui.db import targets

        row = self._current()
        if row is None:
            self.notify("지표를 더할 사업의 지표 줄을 고르세요", severity="warning")
            return
        db, project_id = self.db, row.project_id
        self.app.push_screen(RecordForm(f"지표 추가: {row.project}", rules.INDICATOR_FIELDS,
                                        save=lambda raw: targets.add_indicator(db, project_id, raw),
                                        values={"unit": "명"},
                                        saved_message=lambda i: f"지표를 추가했습니다: {i.name}"),
                             lambda _: self.reload(keep=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_project", "new_indicator") and self.db is not None:
            from ydp_tui.db import roles

            if not roles.allowed(self.db, "manage_targets"):
                return None
        return super().check_action(action, parameters)


class ResultsScreen(BaseScreen):
    """A department's results for one quarter, every indicator in one form; saved together."""

    TITLE_TEXT = "분기 실적 입력"
    DEFAULT_CSS = """
    ResultsScreen #results-note { padding: 0 1; color: $text-muted; height: auto; }
    ResultsScreen FieldRow .field-label { width: 30; }
    ResultsScreen FieldRow .field-message { padding: 0 0 0 30; }
    """
    WRITE_ACTIONS = frozenset({"save"})
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="target-results.save", priority=True,
                tooltip="이 분기 실적을 한꺼번에 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, year: int, quarter: int, department: str) -> None:
        super().__init__()
        self.year, self.quarter, self.department = year, quarter, department
        self.TITLE_TEXT = f"{year}년 {quarter}분기 실적: {department}"
        self.rows: list[Any] = []
        self.loaded: dict[str, int | None] = {}
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="results-note")

    def on_mount(self) -> None:
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import targets

        if self.rows:
            return
        db, year, dep = self.db, self.year, self.department
        self.run_service(lambda: targets.indicators(db, year, department=dep), self._loaded, group="target-results")

    def _loaded(self, rows: list[Any]) -> None:
        q = self.quarter
        self.rows = rows
        self.loaded = {r.id: r.result_versions.get(q) for r in rows}
        specs = []
        hints = {}
        for r in rows:
            before = r.upto(q - 1)
            specs.append(FieldSpec(r.id, f"{r.project} / {r.name}", "int", minimum=0, maximum=10**12,
                                   placeholder=f"목표 {r.target:,}{r.unit}, {q - 1}분기까지 {before:,}" if q > 1
                                   else f"목표 {r.target:,}{r.unit}"))
            hints[r.id] = self._hint(r, before)
        self.query_one("#results-note", Static).update(Text(
            f"{self.department} {len(rows)}개 지표의 {q}분기 실적 (그 분기에 한 것만; 누적은 저절로 더합니다). "
            "비우면 입력하지 않은 것입니다. Ctrl+S로 한꺼번에 저장합니다."))
        form = FormView(specs, hints=hints, id="results-form")
        self.mount(form)
        self.call_after_refresh(self._fill, form)

    def _fill(self, form: FormView) -> None:
        form.load({r.id: "" if r.results.get(self.quarter) is None else str(r.results[self.quarter]) for r in self.rows})
        form.focus_first()

    @staticmethod
    def _hint(row: Any, before: int) -> Any:
        def hint(value: int) -> str:
            total = before + value
            return f"누적 {total:,}{row.unit} / 목표 {row.target:,}{row.unit}, 달성률 {format_rate(rules.achievement(total, row.target))}%"
        return hint

    def action_save(self) -> None:
        from ydp_tui.db import targets

        if self.saving or not self.rows:
            return
        form = self.query_one(FormView)
        errors = {label: e for label, e in form.check_all().items() if "비어 있습니다" not in e}
        if errors:
            form.show_errors(errors)
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        raw = form.raw_values()
        db, year, q, loaded = self.db, self.year, self.quarter, dict(self.loaded)
        self.saving = True
        self.run_service(lambda: targets.save_results(db, year, q, raw, loaded=loaded), self._saved,
                         failed=self._failed, group="target-results-save")

    def _saved(self, changed: int) -> None:
        self.saving = False
        self.notify(f"{self.department} {self.quarter}분기 실적을 저장했습니다 ({changed}개 지표 바뀜)"
                    if changed else strings.NOTHING_CHANGED, timeout=5)
        self.app.pop_screen()

    def _failed(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.query_one(FormView).show_errors(exc.errors)
        self.show_error(exc)


class SummaryScreen(BaseScreen):
    """The quarterly summary: per department, indicators entered and achieved, the mean rate."""

    TITLE_TEXT = "목표공시 분기 요약"
    DEFAULT_CSS = """
    SummaryScreen #summary { height: 1fr; }
    """
    BINDINGS = [
        Binding("left_square_bracket", "quarter(-1)", "이전 분기", key_display="[", id="target-summary.prev",
                tooltip="이전 분기"),
        Binding("right_square_bracket", "quarter(1)", "다음 분기", key_display="]", id="target-summary.next",
                tooltip="다음 분기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, year: int, quarter: int) -> None:
        super().__init__()
        self.year, self.quarter = year, quarter

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="section-title", id="summary-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="summary")
        yield Static(Text("입력: 이 분기 실적을 넣은 지표, 달성: 누적이 연간 목표에 이른 지표, 평균 달성률: 목표가 있는 지표의 평균"),
                     classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("dep", "부서"), ("projects", "사업"), ("indicators", "지표"), ("entered", "입력"),
                           ("achieved", "달성"), ("rate", "평균 달성률(%)")):
            table.add_column(label, key=key)
        table.focus()
        if self.db is not None:
            self.reload()

    def on_database_ready(self) -> None:
        self.reload()

    def reload(self) -> None:
        from ydp_tui.db import targets

        db, year, q = self.db, self.year, self.quarter
        self.run_service(lambda: targets.summary(db, year, q), self._show, group="target-summary")

    def _show(self, s: Any) -> None:
        self.query_one("#summary-title", Static).update(Text(f"{s.year}년 {s.quarter}분기까지 부서별 추진실적"))
        table = self.query_one(DataTable)
        table.clear()
        for d in [*s.departments, s.total]:
            style = "bold" if d is s.total else ""
            table.add_row(Text(fit_cells(d.department, 20), style=style),
                          *[Text(f"{n:,}", justify="right", style=style)
                            for n in (d.projects, d.indicators, d.entered, d.achieved)],
                          Text(format_rate(d.average_rate), justify="right", style=style))

    def action_quarter(self, step: int) -> None:
        self.quarter = (self.quarter - 1 + step) % 4 + 1
        self.reload()
