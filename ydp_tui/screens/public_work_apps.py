"""공공일자리 applications of one period: the selection and waiting list (rank from the rule,
then the decisions on top), a supervisor's overrides with a reason (조정 선발, 제외, 맞바꾸기),
포기 with the next on the waiting list offered, assignment to a worksite; the desk form that
screens as you type; one application's page with its explanation and history."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.public_work import PagedList, add_columns
from ydp_tui.screens.transfer import start_import
from ydp_tui.widgets.dialogs import FormDialog, TextPrompt
from ydp_tui.widgets.form import FormView, MultiChoice
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

VIEWS = ("전체", "선발", "대기", "적격", "부적격", "포기ㆍ제외", "미배치", "조정", "충원")
ORDERS = ("선발순", "신청순", "성명순")

GIVE_UP_SPECS = (
    FieldSpec("on", "포기일", "date", required=True, placeholder="이 날부터 일하지 않음"),
    FieldSpec("reason", "사유", "text", max_length=500, placeholder="민간 취업, 건강, 이사 ..."),
)
DROP_SPECS = (
    FieldSpec("reason", "사유", "text", required=True, max_length=500, placeholder="기록에 남습니다"),
    FieldSpec("on", "제외일", "date", required=True, placeholder="이 날부터 일하지 않음"),
)
STATE_STYLES = {rules.SELECTED: "green", rules.WAITING: "yellow", rules.GAVE_UP: "dim", rules.DROPPED: "dim",
                rules.INELIGIBLE: "dim"}


def standing_cell(row: Any) -> Text:
    style = "cyan" if row.how == rules.OVERRIDE else STATE_STYLES.get(row.state, "")
    return Text(row.standing, style=style)


def verdict_cell(eligible: bool, reasons: tuple[str, ...]) -> Text:
    return Text("적격", style="green") if eligible else Text(fit_cells(rules.reason_short(reasons), 8), style="red")


def change_lines(change: Any) -> str:
    """What a selection step did, as the notification says it."""
    lines = [change.message]
    for no, name in change.selected:
        lines.append(f"추가 선발: {no} {name} (연락하여 참여 여부를 확인하세요)")
    for no, name in change.unselected:
        lines.append(f"대기로: {no} {name}")
    return "\n".join(lines)


class ApplicationsScreen(PagedList, BaseScreen):
    TITLE_TEXT = "공공일자리 신청ㆍ선발"
    DEFAULT_CSS = """
    ApplicationsScreen #list { height: 1fr; }
    ApplicationsScreen #summary { padding: 0 1; height: auto; }
    ApplicationsScreen #banner { padding: 0 1; height: auto; background: $warning 30%; display: none; }
    ApplicationsScreen .toolbar Select { width: 14; }
    """
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="pw-apps.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", "상세", id="pw-apps.open", tooltip="선별 설명과 선발 기록"),
        Binding("a", "add", "입력", id="pw-apps.add", tooltip="신청 한 건 입력 (입력하면서 선별)"),
        Binding("s", "select", "선발", id="pw-apps.select", tooltip="대기자를 선발 (감독자, 사유 필수)"),
        Binding("d", "drop", "제외", id="pw-apps.drop", tooltip="선발에서 제외 (감독자, 사유 필수)"),
        Binding("w", "swap", "맞바꿈", id="pw-apps.swap", tooltip="이 사람을 넣고 고른 선발자를 뺍니다 (감독자)"),
        Binding("g", "give_up", "포기", id="pw-apps.give_up", tooltip="포기 기록; 다음 대기자가 선발됩니다"),
        Binding("b", "assign", "배치", id="pw-apps.assign", tooltip="선발된 사람을 사업장에 배치"),
        Binding("i", "import", strings.IMPORT, id="pw-apps.import", show=False, tooltip="동 주민센터 신청 파일"),
        Binding("x", "export", strings.EXPORT, id="pw-apps.export", show=False, tooltip="이 기간 신청을 CSV/XLSX로"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str) -> None:
        super().__init__()
        self.period_id = period_id
        self.query_text = ""
        self.view = "전체"
        self.order = "선발순"
        self.rows: dict[str, Any] = {}
        self.swap_in: Any = None
        self.init_paging()

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 찾기: 성명, 초성, 신청번호, 전화번호", max_length=50, compact=True, id="search")
            yield Select([(v, v) for v in VIEWS], value="전체", allow_blank=False, compact=True, id="view")
            yield Select([(v, v) for v in ORDERS], value="선발순", allow_blank=False, compact=True, id="order")
        yield Static("", id="summary")
        yield Static("", id="banner")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")

    def on_mount(self) -> None:
        table = self.table
        self.wide = self.app.size.width >= 112
        add_columns(table, (("순위", "rank", 4), ("신청번호", "no", 13), ("성명", "name", 10), ("나이", "age", 4),
                            ("선별", "screen", 8), ("상태", "state", 10), ("시간", "hours", 4), ("배치", "assigned", 6)))
        if self.wide:
            add_columns(table, (("신청일", "applied", 10), ("가구소득", "income", 11),
                                ("조정 사유", "why", self.app.size.width - 104)))
        table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import public_work as pw

        db, pid = self.db, self.period_id
        self.run_service(lambda: pw.get_period(db, pid), self._period_loaded, group="pw-apps-period")
        self.reload()

    def _period_loaded(self, period: Any) -> None:
        self.period = period
        self.query_one(TopBar).set_title(f"{period.program} {period.period} 신청ㆍ선발")

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep_cursor=True)

    # --- paging -------------------------------------------------------------------------

    def fetch(self, offset: int, limit: int) -> Any:
        from ydp_tui.db import public_work as pw

        db, pid, query, view, order = self.db, self.period_id, self.query_text, self.view, self.order

        def load() -> Any:
            s = pw.screen(db, pid)
            page = pw.page_of(s, pw.filter_rows(s, query=query, view=view, order=order), limit=limit, offset=offset)
            return SimpleNamespace(rows=page.rows, total=page.total, summary=pw.summarize(s) if offset == 0 else None)

        return load

    def add_row(self, table: DataTable, r: Any) -> None:
        self.rows[r.id] = r
        cells = [Text(str(r.rank or "-"), justify="right"), Text(fit_cells(r.application_no, 13)),
                 Text(fit_cells(r.name, 10)), Text("" if r.age is None else str(r.age), justify="right"),
                 verdict_cell(r.eligible, r.reasons), standing_cell(r), Text(str(r.daily_hours), justify="right"),
                 Text("배치" if r.assigned else ("미배치" if r.state == rules.SELECTED else ""),
                      style="" if r.assigned else "yellow")]
        if self.wide:
            cells += [Text(str(r.applied_on)), Text(f"{r.income:,}", justify="right"),
                      Text(fit_cells(r.override_reason, self.app.size.width - 104))]
        table.add_row(*cells, key=r.id)

    def page_shown(self, page: Any) -> None:
        if page.summary is not None:
            sm = page.summary
            text = Text(sm.line(), style="bold")
            notes = []
            if sm.unassigned:
                notes.append(f"미배치 선발 {sm.unassigned:,}")
            if sm.over_capacity:
                notes.append(f"정원 초과 {sm.over_capacity:,}")
            if notes:
                text.append(" | " + ", ".join(notes), style="yellow")
            self.query_one("#summary", Static).update(text)
        what = f"'{self.query_text}' " if self.query_text else ""
        view = "" if self.view == "전체" else f"[{self.view}] "
        if self.total == 0:
            text_ = (f"{view}{what}찾는 신청이 없습니다" if (self.query_text or self.view != "전체")
                     else "신청이 없습니다 (A: 직접 입력, I: 동 주민센터 파일 가져오기)")
        else:
            text_ = f"{view}{what}{self.total:,}건 중 {self.loaded:,}건 ({self.order})"
            if self.loaded < self.total:
                text_ += " 아래로 더 보기"
        self.query_one("#count", Static).update(Text(text_))

    # --- events --------------------------------------------------------------------------

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

    @on(Select.Changed, "#order")
    def _order_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.order:
            self.order = str(event.value)
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
        row = self._row()
        if row is None:
            return
        if self.swap_in is not None:
            self._finish_swap(row)
            return
        self.app.push_screen(ApplicationDetailScreen(row.id))

    def action_add(self) -> None:
        self.app.push_screen(ApplicationFormScreen(self.period_id))

    def action_import(self) -> None:
        start_import(self, "public-work", "공공일자리 신청", on_done=self.reload)

    def action_export(self) -> None:
        from pathlib import Path

        db, pid = self.db, self.period_id

        def chosen(path: str | None) -> None:
            from ydp_tui.io import public_work as io

            if path:
                target = str(Path(path).expanduser())
                self.run_service(lambda: io.export_file(db, target, period_id=pid),
                                 lambda n: self.notify(f"{n:,}건을 저장했습니다: {target}", timeout=8), group="pw-export")

        self.app.push_screen(TextPrompt("이 기간의 신청 내보내기", "저장할 파일 경로 (.csv 또는 .xlsx)",
                                        value=str(Path.cwd() / "공공일자리_신청.xlsx")), chosen)

    def action_back(self) -> None:
        if self.swap_in is not None:
            self._cancel_swap()
            return
        super().action_back()

    # --- selection steps -------------------------------------------------------------------

    def _after(self, change: Any) -> None:
        self.notify(change_lines(change), title="선발", timeout=10)
        self.reload(keep_cursor=True)

    def _step(self, fn: Any) -> None:
        self.run_service(fn, self._after, group="pw-apps-step")

    def action_select(self) -> None:
        from ydp_tui.db import public_work as pw

        row = self._row()
        if row is None:
            return
        if not row.eligible or row.state == rules.SELECTED:
            self.notify(f"{row.application_no}: 적격이고 선발되지 않은 사람만 조정 선발합니다 (지금: {row.standing})",
                        severity="warning")
            return
        db = self.db

        def chosen(reason: str | None) -> None:
            if reason:
                self._step(lambda: pw.override_select(db, row.id, reason, expected_version=row.version))

        self.app.push_screen(TextPrompt(f"조정 선발: {row.application_no} {row.name} ({row.standing})",
                                        "사유 (기록에 남고 화면에 보입니다)", max_length=500), chosen)

    def action_drop(self) -> None:
        from ydp_tui.db import public_work as pw

        row = self._row()
        if row is None:
            return
        if row.state != rules.SELECTED:
            self.notify(f"선발된 사람만 제외합니다 (지금: {row.standing})", severity="warning")
            return
        db = self.db

        def chosen(values: dict | None) -> None:
            if values:
                self._step(lambda: pw.override_drop(db, row.id, values["reason"], on=values["on"],
                                                    expected_version=row.version))

        self.app.push_screen(FormDialog(f"선발에서 제외: {row.application_no} {row.name}", DROP_SPECS,
                                        {"on": clock.today().isoformat()},
                                        hint="다음 대기자가 선발됩니다. 일하던 사람은 제외일 전날까지 일한 것으로 합니다."),
                             chosen)

    def action_swap(self) -> None:
        row = self._row()
        if row is None:
            return
        if self.swap_in is not None:
            self._finish_swap(row)
            return
        if not row.eligible or row.state in (rules.SELECTED, rules.GAVE_UP):
            self.notify(f"넣을 사람(적격, 선발 안 됨)에서 W를 누르세요 (지금: {row.standing})", severity="warning")
            return
        self.swap_in = row
        banner = self.query_one("#banner", Static)
        banner.update(Text(f"맞바꾸기: {row.application_no} {row.name}을(를) 넣고 뺄 선발자를 고른 뒤 Enter (Esc 취소)"))
        banner.display = True

    def _cancel_swap(self) -> None:
        self.swap_in = None
        self.query_one("#banner", Static).display = False

    def _finish_swap(self, out_row: Any) -> None:
        from ydp_tui.db import public_work as pw

        in_row = self.swap_in
        if out_row.state != rules.SELECTED:
            self.notify(f"뺄 사람은 선발된 사람이어야 합니다 ({out_row.application_no}: {out_row.standing})",
                        severity="warning")
            return
        self._cancel_swap()
        db = self.db

        def chosen(values: dict | None) -> None:
            if values:
                self._step(lambda: pw.override_swap(db, in_row.id, out_row.id, values["reason"], on=values["on"]))

        self.app.push_screen(FormDialog(f"맞바꾸기: {in_row.application_no} {in_row.name} 넣고 "
                                        f"{out_row.application_no} {out_row.name} 빼기", DROP_SPECS,
                                        {"on": clock.today().isoformat()},
                                        hint="사유는 두 사람의 기록에 남습니다. 빠지는 사람은 제외일 전날까지 일합니다."),
                             chosen)

    def action_give_up(self) -> None:
        from ydp_tui.db import public_work as pw

        row = self._row()
        if row is None:
            return
        if row.state not in (rules.SELECTED, rules.WAITING):
            self.notify(f"선발되었거나 대기 중인 사람만 포기합니다 (지금: {row.standing})", severity="warning")
            return
        db = self.db

        def chosen(values: dict | None) -> None:
            if values:
                self._step(lambda: pw.give_up(db, row.id, reason=values["reason"], on=values["on"],
                                              expected_version=row.version))

        self.app.push_screen(FormDialog(f"포기: {row.application_no} {row.name} ({row.standing})", GIVE_UP_SPECS,
                                        {"on": clock.today().isoformat()},
                                        hint="선발된 사람이 포기하면 다음 대기자가 선발됩니다."), chosen)

    def action_assign(self) -> None:
        from ydp_tui.screens.public_work_roster import AssignDialog

        row = self._row()
        if row is None:
            return
        if row.state != rules.SELECTED:
            self.notify(f"선발된 사람만 배치합니다 (지금: {row.standing})", severity="warning")
            return
        if row.assigned:
            self.notify("이미 배치된 사람입니다 (옮기려면 명단 화면에서 이동)", severity="warning")
            return
        def assigned(a: Any) -> None:
            if a is not None:
                self.notify(f"{row.application_no} {row.name}: 배치했습니다 ({a.start}부터, 1일 {a.daily_hours}시간)",
                            timeout=6)
                self.reload(keep_cursor=True)

        self.app.push_screen(AssignDialog(self.db, self.period_id, row), assigned)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        writes = {"add", "select", "drop", "swap", "give_up", "assign", "import"}
        if action in writes and self.ydp.config.read_only:
            return None
        if action in ("select", "drop", "swap") and self.db is not None:
            from ydp_tui.db import roles

            if not roles.allowed(self.db, "override_selection"):
                return None
        return True


# =============================================================================================
# The desk form: screened as you type
# =============================================================================================


def result_text(result: Any, explanation: list[tuple[bool, str]], *, saved: str = "", standing: str = "",
                headcount: int | None = None) -> Text:
    text = Text()
    if saved:
        text.append(saved + "\n", style="bold")
    if result.eligible:
        text.append("적격", style="bold green")
        if saved and result.rank is not None:
            text.append(f"  순위 {result.rank:,}" + (f" / 정원 {headcount:,}" if headcount else ""))
        if standing:
            text.append(f"  {standing}", style="bold")
    else:
        text.append("부적격 ", style="bold red")
        text.append(f"{rules.reason_text(result.reasons)} ({', '.join(result.reasons)})")
    text.append(f"  1일 {result.daily_hours}시간, 일급 {result.daily_wage:,}원\n")
    for ok, line in explanation[:-1]:
        text.append("  " if ok else "X ", style="" if ok else "bold red")
        text.append(line + "\n", style="dim" if ok else "red")
    return text


class ApplicationFormScreen(BaseScreen):
    """New applications one after another (the form empties after each save), or a correction."""

    TITLE_TEXT = "공공일자리 신청 입력"
    DEFAULT_CSS = """
    ApplicationFormScreen #pw-form { height: 1fr; }
    ApplicationFormScreen #result { padding: 0 1; height: auto; max-height: 8; border-top: solid $primary; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="pw-form.save", priority=True, tooltip="검사하고 저장합니다"),
        Binding("ctrl+l", "clear", strings.CLEAR, id="pw-form.clear", tooltip="입력을 모두 지웁니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str, app_id: str | None = None) -> None:
        super().__init__()
        self.period_id = period_id
        self.app_id = app_id
        self.version: int | None = None
        self.context: Any = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        yield FormView(rules.FORM_FIELDS, id="pw-form")
        yield Static(Text("입력하면 곧바로 선별 결과가 여기에 나옵니다 (가구원수, 가구소득, 재산, 생년월일)"), id="result")

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def on_mount(self) -> None:
        if self.app_id is None:
            self._defaults()
            self.form.focus_first()
        if self.db is not None:
            self.on_database_ready()

    def _defaults(self) -> None:
        form = self.form
        form.row("applied_on").set_raw(clock.today().isoformat())
        for key in ("livelihood", "unemployment", "household_member"):
            form.row(key).set_raw(rules.NO)
        form.row("dependents").set_raw("0")

    def on_database_ready(self) -> None:
        from ydp_tui.db import public_work as pw

        db, pid, app_id = self.db, self.period_id, self.app_id
        if self.context is None:
            self.run_service(lambda: pw.form_context(db, pid), self._context_loaded, group="pw-form-context")
        if app_id is not None and self.version is None:
            self.run_service(lambda: pw.edit_values(db, app_id), self._loaded, group="pw-form-load")

    def _context_loaded(self, context: Any) -> None:
        self.context = context
        row = context[0]
        title = f"{row.program} {row.period} 신청 " + ("고치기" if self.app_id else "입력")
        self.query_one(TopBar).set_title(title)
        self._preview()

    def _loaded(self, result: tuple[dict[str, str], int, str]) -> None:
        fields, self.version, _ = result
        self.form.load(fields)
        self.form.row("application_no").control.disabled = True
        self.form.row("name").control.focus()
        self._preview()

    @on(Input.Changed)
    @on(MultiChoice.Changed)
    def _changed(self) -> None:
        self._preview()

    def _preview(self) -> None:
        from ydp_tui.db import public_work as pw

        if self.context is None:
            return
        _, period, policy = self.context
        got = pw.preview(period, policy, self.form.raw_values())
        if got is not None:
            self.query_one("#result", Static).update(result_text(*got, headcount=period.headcount))

    def action_clear(self) -> None:
        self.form.clear()
        self._defaults()
        self.form.focus_first()

    def action_save(self) -> None:
        from ydp_tui.db import public_work as pw

        if self.saving:
            return
        errors = self.form.check_all()
        if errors:
            self.form.show_errors(errors)
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        raw = self.form.raw_values()
        db, pid, app_id, version = self.db, self.period_id, self.app_id, self.version
        self.saving = True

        def work() -> Any:
            app = pw.add(db, pid, raw) if app_id is None else pw.update(db, app_id, raw, expected_version=version or 0)
            s = pw.screen(db, app.period_id)
            return (app, s.result_of(app.application_no), pw.standing_text(s.standing_of(app.application_no)),
                    pw.detail(db, app.id, log_view=False).explanation, s.period.headcount)

        self.run_service(work, self._saved, failed=self._failed, group="pw-form-save")

    def _saved(self, result: Any) -> None:
        app, res, standing, explanation, headcount = result
        self.saving = False
        saved = f"저장했습니다: {app.application_no} {app.name}"
        self.notify(f"{saved} ({'적격, ' + standing if res.eligible else '부적격'})", timeout=6)
        if self.app_id is not None:
            self.app.pop_screen()
            return
        self.form.clear()
        self._defaults()
        self.query_one("#result", Static).update(result_text(res, explanation, saved=saved, standing=standing,
                                                             headcount=headcount))
        self.form.focus_first()

    def _failed(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
            self.notify(str(exc), severity="error", timeout=8)
        else:
            self.show_error(exc)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.ydp.config.read_only:
            return None
        return True


# =============================================================================================
# One application
# =============================================================================================


def _won(text: str) -> str:
    return f"{int(text):,}원" if text.lstrip("-").isdigit() else text


def info_grid(d: Any) -> Table:
    f = d.fields
    grid = Table.grid(padding=(0, 1), expand=True)
    for style in ("dim", "", "dim", ""):
        grid.add_column(style=style, no_wrap=style == "dim", ratio=None if style else 1)
    yes = {k: "예" if f[k] == "Y" else "아니오" for k in ("livelihood", "unemployment", "household_member")}
    pairs = [
        ("성명", Text(d.name, style="bold")), ("생년월일", Text(f["birth_date"])),
        ("사업", Text(f"{f['program']} {f['period']}")), ("신청일", Text(f["applied_on"])),
        ("휴대전화", Text(f["phone"])), ("행정동", Text(f["dong"])),
        ("가구원수", Text(f"{f['household_size']}명 (부양 {f['dependents']}명)")),
        ("가구소득", Text(_won(f["household_income"]))), ("재산", Text(_won(f["assets"]))),
        ("수급", Text(f"생계 {yes['livelihood']}, 실업 {yes['unemployment']}")),
        ("세대 참여", Text(yes["household_member"])), ("신청번호", Text(d.application_no)),
    ]
    for i in range(0, len(pairs), 2):
        (a, va), (b, vb) = pairs[i], pairs[i + 1]
        grid.add_row(a, va, b, vb)
    return grid


def standing_text(d: Any) -> Text:
    text = Text()
    res = d.result
    if res.eligible:
        text.append(f"선별: 적격 순위 {res.rank:,}", style="bold green")
        text.append(" (선별 정원 안)" if res.selected else " (선별 정원 밖)", style="dim")
    else:
        text.append("선별: 부적격 ", style="bold red")
        text.append(f"{rules.reason_text(res.reasons)} ({', '.join(res.reasons)})")
    text.append(f"  1일 {res.daily_hours}시간 일급 {res.daily_wage:,}원\n")
    text.append(f"지금: {d.standing_text}", style="bold")
    if d.override:
        text.append(f"  조정({d.override}) {d.override_by}: {d.override_reason}", style="cyan")
    if d.gave_up_on:
        text.append(f"  포기 {d.gave_up_on}" + (f": {d.gave_up_reason}" if d.gave_up_reason else ""), style="yellow")
    for site, start, end, hours in d.assignments:
        text.append(f"\n배치: {site} {start} ~ {end}, 1일 {hours}시간", style="dim")
    return text


class ApplicationDetailScreen(BaseScreen):
    TITLE_TEXT = "공공일자리 신청"
    DEFAULT_CSS = """
    ApplicationDetailScreen #info { padding: 0 1; height: auto; }
    ApplicationDetailScreen #standing { padding: 0 1; height: auto; }
    ApplicationDetailScreen #explain { padding: 0 1; height: auto; color: $text-muted; }
    ApplicationDetailScreen #history { height: 1fr; min-height: 3; }
    """
    BINDINGS = [
        Binding("ctrl+t", "edit", strings.EDIT, id="pw-detail.edit", priority=True, tooltip="신청 내용을 고칩니다"),
        Binding("r", "revert", "조정 취소", id="pw-detail.revert", tooltip="감독자의 조정을 되돌립니다 (사유 필수)"),
        Binding("u", "undo_give_up", "포기 취소", id="pw-detail.undo", tooltip="잘못 기록한 포기를 되돌립니다 (감독자)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, app_id: str) -> None:
        super().__init__()
        self.app_id = app_id
        self.detail: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("", id="standing")
        yield Static("", id="explain")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="history")

    def on_mount(self) -> None:
        table = self.query_one("#history", DataTable)
        add_columns(table, (("일시", "at", 16), ("처리", "action", 10), ("전", "before", 10), ("후", "after", 10),
                            ("담당", "who", 8), ("사유", "reason", max(10, self.app.size.width - 70))))
        if self.db is not None:
            self.load(log_view=True)

    def on_database_ready(self) -> None:
        if self.detail is None:
            self.load(log_view=True)

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self.load(log_view=False)

    def load(self, *, log_view: bool) -> None:
        from ydp_tui.db import public_work as pw

        db, app_id = self.db, self.app_id
        self.run_service(lambda: pw.detail(db, app_id, log_view=log_view), self._show, group="pw-detail")

    def _show(self, d: Any) -> None:
        self.detail = d
        self.query_one(TopBar).set_title(f"공공일자리 신청 {d.application_no} {d.name}")
        self.query_one("#info", Static).update(info_grid(d))
        self.query_one("#standing", Static).update(standing_text(d))
        explain = Text()
        for ok, line in d.explanation[:-1]:
            explain.append("충족 " if ok else "미달 ", style="green" if ok else "bold red")
            explain.append(line + "\n")
        self.query_one("#explain", Static).update(explain)
        table = self.query_one("#history", DataTable)
        table.clear()
        for h in d.history:
            width = max(10, self.app.size.width - 70)
            table.add_row(Text(clock.format_local(h.at)), Text(fit_cells(h.action + (f" ({h.partner})" if h.partner
                                                                                   else ""), 10)),
                          Text(fit_cells(h.before, 10)), Text(fit_cells(h.after, 10)), Text(fit_cells(h.actor, 8)),
                          Text(fit_cells(h.reason, width)))
        self.refresh_bindings()

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(ApplicationFormScreen(self.detail.period_id, self.app_id))

    def _prompt(self, title: str, fn: Any) -> None:
        def chosen(reason: str | None) -> None:
            if reason:
                self.run_service(lambda: fn(reason), self._done, group="pw-detail-step")

        self.app.push_screen(TextPrompt(title, "사유 (기록에 남습니다)", max_length=500), chosen)

    def _done(self, change: Any) -> None:
        self.notify(change_lines(change), title="선발", timeout=10)
        self.load(log_view=False)

    def action_revert(self) -> None:
        from ydp_tui.db import public_work as pw

        d, db = self.detail, self.db
        if d is not None:
            self._prompt(f"조정 취소: {d.application_no} ({d.standing_text})", lambda r: pw.revert_override(db, d.id, r))

    def action_undo_give_up(self) -> None:
        from ydp_tui.db import public_work as pw

        d, db = self.detail, self.db
        if d is not None:
            self._prompt(f"포기 취소: {d.application_no}", lambda r: pw.undo_give_up(db, d.id, r))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        d = self.detail
        if action in ("edit", "revert", "undo_give_up") and self.ydp.config.read_only:
            return None
        if action in ("revert", "undo_give_up"):
            if d is None or (action == "revert" and not d.override) or (action == "undo_give_up" and not d.gave_up_on):
                return False
            if self.db is not None:
                from ydp_tui.db import roles

                if not roles.allowed(self.db, "override_selection"):
                    return None
        return True
