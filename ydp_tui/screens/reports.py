"""보고서: pick a period (a preset or two dates), see every registered report for it, export one
(XLSX, CSV or JSON by the file's extension) or the whole council pack (보고 자료, XLSX).

Generic over ``ydp_tui.reports.REPORTS``: a kind added there shows here without more code.
Each report is built in its own worker and appears when it is ready.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Label, Select, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import YdpError
from ydp_tui.reports import REPORTS
from ydp_tui.rules.validation import Invalid, add_months, parse_date
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import ProgressDialog, TextPrompt

CUSTOM = "직접 입력"
PRESETS = ("올해", "이번 달", "지난 달", "작년", CUSTOM)


def preset_range(name: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    first = today.replace(day=1)
    if name == "올해":
        return dt.date(today.year, 1, 1), today
    if name == "이번 달":
        return first, today
    if name == "지난 달":
        lo = add_months(first, -1)
        return lo, first - dt.timedelta(days=1)
    if name == "작년":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    return None


def natural_width(report: Any) -> int:
    """Cells the report's table needs laid out in a row (DataTable pads each column by 2)."""
    from rich.cells import cell_len

    from ydp_tui.reports import render

    rows = [values for _, values in render.lines(report)]
    return sum(max([cell_len(label)] + [cell_len(render.display(r[i])) for r in rows]) + 2
               for i, (_, label) in enumerate(report.columns))


class ReportView(Vertical, can_focus=False):
    """One report: title, period and unit, the table (계 first, bold), notes."""

    DEFAULT_CSS = """
    ReportView { height: auto; margin: 0 0 1 0; }
    ReportView .report-title { text-style: bold; color: $accent; height: 1; }
    ReportView .report-meta { color: $text-muted; height: auto; }
    ReportView DataTable { height: auto; max-height: 20; }
    ReportView .report-notes { color: $text-muted; height: auto; }
    """

    def __init__(self, kind: str) -> None:
        super().__init__(id=f"report-{kind}")
        self.kind = kind
        self.report: Any = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.kind), classes="report-title")
        yield Static(Text("불러오는 중...", style="dim"), classes="report-meta")
        yield DataTable(cursor_type="row", zebra_stripes=True, show_cursor=True)
        yield Static("", classes="report-notes")

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def show(self, report: Any) -> None:
        from ydp_tui.reports import render

        self.report = report
        self.query_one(".report-title", Static).update(Text(report.title))
        self.query_one(".report-meta", Static).update(Text(render.caption(report)))
        table = self.table
        table.clear(columns=True)
        numeric = render.numeric_keys(report)
        keys = [k for k, _ in report.columns]
        rows = render.lines(report)
        if report.single and natural_width(report) > self.app.size.width - 4:
            # One row too wide for the screen: read it down, one figure a line.
            table.add_column(Text("항목"), key="label")
            table.add_column(Text("값", justify="right"), key="value")
            values = rows[0][1] if rows else [None] * len(keys)
            for (key, label), v in zip(report.columns, values):
                table.add_row(Text(label), Text(render.display(v), justify="right"), key=key)
        else:
            for key, label in report.columns:
                table.add_column(Text(label, justify="right" if key in numeric else "left"), key=key)
            for i, (is_total, values) in enumerate(rows):
                cells = [Text(render.display(v), justify="right" if k in numeric else "left",
                              style="bold" if is_total else "") for k, v in zip(keys, values)]
                table.add_row(*cells, key=f"{'total' if is_total else 'row'}-{i}")
        self.query_one(".report-notes", Static).update(Text("\n".join(f"주: {n}" for n in report.notes)))

    def failed(self, message: str) -> None:
        self.query_one(".report-meta", Static).update(Text(message, style="red"))


class ReportsScreen(BaseScreen):
    TITLE_TEXT = "보고서"
    DEFAULT_CSS = """
    ReportsScreen #period { height: auto; padding: 0 1; }
    ReportsScreen #period Label { padding: 0 1 0 0; }
    ReportsScreen #period Select { width: 14; }
    ReportsScreen #period Input { width: 14; }
    ReportsScreen #period-info { height: 1; padding: 0 1; }
    ReportsScreen #period-info.-error { color: $error; }
    ReportsScreen #reports { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("f5", "run", "조회", id="reports.run", tooltip="고른 기간으로 모든 보고서를 다시 셉니다"),
        Binding("x", "export", strings.EXPORT, id="reports.export",
                tooltip="고른 표를 파일로 (.xlsx, .csv, .json: 확장자로 정함)"),
        Binding("p", "pack", "보고 자료", id="reports.pack",
                tooltip="모든 보고서를 시트 하나씩 담은 구의회 보고 자료 (XLSX)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        today = clock.today()
        self.date_from, self.date_to = dt.date(today.year, 1, 1), today

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="period"):
            yield Label("기간")
            yield Select([(p, p) for p in PRESETS], value="올해", allow_blank=False, compact=True, id="preset")
            yield Input(self.date_from.isoformat(), placeholder="시작일", max_length=12, compact=True, id="from")
            yield Label(" ~ ")
            yield Input(self.date_to.isoformat(), placeholder="종료일", max_length=12, compact=True, id="to")
        yield Static("", id="period-info")
        with VerticalScroll(id="reports"):
            for kind in REPORTS:
                yield ReportView(kind)

    def on_mount(self) -> None:
        self._info()
        self.query_one("#preset", Select).focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        self.action_run()

    # --- the period -------------------------------------------------------------------------

    def _info(self, error: str = "") -> None:
        from ydp_tui.rules.validation import format_date_official

        info = self.query_one("#period-info", Static)
        info.set_class(bool(error), "-error")
        if error:
            info.update(Text(error))
            return
        info.update(Text(f"{format_date_official(self.date_from)} ~ {format_date_official(self.date_to)} "
                         f"({format_date_official(self.date_to)} 기준, 양 끝 날 포함)  Enter 조회"))

    def _set_dates(self, lo: dt.date, hi: dt.date) -> None:
        self.query_one("#from", Input).value = lo.isoformat()
        self.query_one("#to", Input).value = hi.isoformat()

    @on(Select.Changed, "#preset")
    def _preset(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        found = preset_range(str(event.value), clock.today())
        if found is None:
            if self.focused is event.select:
                self.query_one("#from", Input).focus()
            return
        self._set_dates(*found)
        self.action_run()

    @on(Input.Changed, "#from, #to")
    def _typed(self) -> None:
        """Dates typed by hand (not the preset's own) make the preset '직접 입력'."""
        preset = self.query_one("#preset", Select)
        shown = (self.query_one("#from", Input).value, self.query_one("#to", Input).value)
        found = preset_range(str(preset.value), clock.today())
        if found is not None and shown != (found[0].isoformat(), found[1].isoformat()):
            preset.value = CUSTOM

    @on(Input.Submitted, "#from, #to")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "from":
            self.query_one("#to", Input).focus()
        self.action_run()

    def read_period(self) -> tuple[dt.date, dt.date] | None:
        problems = []
        dates = []
        for wid, label in (("#from", "시작일"), ("#to", "종료일")):
            try:
                dates.append(parse_date(self.query_one(wid, Input).value))
            except Invalid as exc:
                problems.append(f"{label} {exc}")
        if not problems and dates[0] > dates[1]:
            problems.append(f"시작일 {dates[0]}이(가) 종료일 {dates[1]}보다 늦습니다")
        if problems:
            self._info("; ".join(problems))
            return None
        return dates[0], dates[1]

    # --- building ---------------------------------------------------------------------------

    def views(self) -> list[ReportView]:
        return list(self.query(ReportView))

    def action_run(self) -> None:
        from ydp_tui.reports import build

        found = self.read_period()
        if found is None or self.db is None:
            return
        self.date_from, self.date_to = found
        self._info()
        db = self.db
        lo, hi = found
        for view in self.views():
            view.query_one(".report-meta", Static).update(Text("불러오는 중...", style="dim"))

            def work(kind: str = view.kind) -> Any:
                return build(kind, db, lo, hi)

            def failed(exc: YdpError, view: ReportView = view) -> None:
                view.failed(str(exc))

            self.run_service(work, view.show, failed=failed, group=f"report-{view.kind}")

    # --- files ------------------------------------------------------------------------------

    def focused_view(self) -> ReportView | None:
        widget = self.focused
        while widget is not None and not isinstance(widget, ReportView):
            widget = widget.parent  # type: ignore[assignment]
        if widget is None:
            built = [v for v in self.views() if v.report is not None]
            return built[0] if built else None
        return widget

    def action_export(self) -> None:
        from ydp_tui.reports import render

        view = self.focused_view()
        if view is None or view.report is None:
            self.notify("내보낼 표가 아직 없습니다 (F5 조회)", severity="warning")
            return
        report = view.report
        name = f"{report.title.replace(' ', '_')}_{report.date_to:%Y%m%d}.xlsx"

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = str(Path(path).expanduser())
            author = self.db.operator if self.db else ""
            self.run_service(lambda: render.write(report, target, author=author),
                             lambda _: self.notify(f"저장했습니다: {target}", title=report.title, timeout=10),
                             group="report-export")

        self.app.push_screen(TextPrompt(f"{report.title} 내보내기", "저장할 파일 (.xlsx, .csv, .json)",
                                        value=str(Path.cwd() / name)), chosen)

    def action_pack(self) -> None:
        from ydp_tui.reports import render

        found = self.read_period()
        if found is None or self.require_db() is None:
            return
        lo, hi = found
        db = self.db

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = str(Path(path).expanduser())
            progress = ProgressDialog("보고 자료 만드는 중")
            self.app.push_screen(progress)

            def report(kind: str, done: int, total: int) -> None:
                self.app.call_from_thread(progress.advance, "보고서", done, total)

            def finished(reports: list[Any]) -> None:
                progress.dismiss()
                self.notify(f"{len(reports)}개 시트를 저장했습니다: {target}", title="보고 자료", timeout=10)

            def failed(exc: YdpError) -> None:
                progress.dismiss()
                self.show_error(exc)

            self.run_service(lambda: render.council_pack(db, lo, hi, target, progress=report), finished,
                             failed=failed, group="report-pack")

        self.app.push_screen(TextPrompt("보고 자료 (XLSX, 보고서마다 시트 하나)", "저장할 파일 (.xlsx)",
                                        value=str(Path.cwd() / f"보고자료_{hi:%Y%m%d}.xlsx")), chosen)
