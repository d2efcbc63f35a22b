"""월 급여: a period's month — each participant's days, 주휴수당 and pay, the total and its
시비/구비 split, scheduled days still without an entry; XLSX for the finance team; a
supervisor confirms (출근부 locked), records the payment, or reopens with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.public_work import add_columns
from ydp_tui.widgets.dialogs import ConfirmDialog, TextPrompt
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

STATUS_STYLES = {"미확정": "yellow", "확정": "cyan", "지급": "green"}


class PayrollScreen(BaseScreen):
    TITLE_TEXT = "공공일자리 급여"
    DEFAULT_CSS = """
    PayrollScreen #pay-head { padding: 0 1; height: auto; }
    PayrollScreen #lines { height: 1fr; }
    """
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", "전달", id="pw-pay.prev", tooltip="지난달"),
        Binding("right_square_bracket", "month(1)", "다음달", id="pw-pay.next", tooltip="다음 달"),
        Binding("x", "export", "XLSX", id="pw-pay.export", tooltip="급여를 XLSX로 (재무 담당)"),
        Binding("c", "confirm", "확정", id="pw-pay.confirm", tooltip="급여 확정: 그 달 출근부가 잠깁니다 (감독자)"),
        Binding("p", "paid", "지급", id="pw-pay.paid", tooltip="지급 처리 (감독자)"),
        Binding("o", "reopen", "확정 취소", id="pw-pay.reopen", tooltip="확정을 취소하고 출근부를 고칩니다 (감독자)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, period_id: str, year: int, month: int) -> None:
        super().__init__()
        self.period_id, self.year, self.month = period_id, year, month
        self.payroll: Any = None
        self.months: list[tuple[int, int]] = []

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="pay-head")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="lines")

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= 116
        # the worksite name takes what a wide terminal has left (the columns need 114 cells)
        self.site_w = min(18 + max(self.app.size.width - 116, 0), 32) if self.wide else 18
        table = self.query_one(DataTable)
        columns = [("성명", "name", 10), ("사업장", "site", self.site_w), ("1일", "daily", 3), ("일수", "days", 4),
                   ("주휴", "weeks", 4), ("지급액", "total", 10), ("미입력", "missing", 6)]
        if self.wide:
            columns[2:2] = [("신청번호", "no", 13)]
            columns[-1:-1] = [("기본급", "base", 10), ("주휴수당", "weekly", 9), ("결근", "absent", 4)]
        add_columns(table, columns)
        table.focus()
        if self.db is not None:
            self.load()

    def on_database_ready(self) -> None:
        if self.payroll is None:
            self.load()

    def load(self) -> None:
        from ydp_tui.db import public_work_payroll as payroll

        db, pid, year, month = self.db, self.period_id, self.year, self.month

        def work() -> Any:
            months = [(y, m) for y, m, _ in payroll.months(db, pid)]
            if (year, month) not in months:
                return payroll.payroll(db, pid, *months[0]), months
            return payroll.payroll(db, pid, year, month), months

        self.run_service(work, self._show, group="pw-pay-load")

    def _show(self, result: tuple[Any, list[tuple[int, int]]]) -> None:
        p, self.months = result
        self.payroll = p
        self.year, self.month = p.year, p.month
        self.query_one(TopBar).set_title(p.title)
        head = Text()
        head.append(f"{p.year}년 {p.month}월 ", style="bold")
        head.append(p.status, style=f"bold {STATUS_STYLES.get(p.status, '')}")
        if p.paid_on:
            head.append(f" {p.paid_on}")
        if p.confirmed_by:
            head.append(f" (확정 {p.confirmed_by} {clock.format_local(p.confirmed_at)})", style="dim")
        head.append(f"  시급 {p.hourly:,}원\n")
        head.append(f"{p.participants:,}명, 근무 {p.days:,}일, 지급액 {p.total:,}원\n", style="bold")
        head.append(f"기본급 {p.base:,}원 + 주휴수당 {p.weekly:,}원\n")
        head.append(f"시비 {p.city_share:,}원 ({p.city_ratio}%) | 구비 {p.gu_share:,}원 ({100 - p.city_ratio}%)")
        if p.missing:
            head.append(f"\n출근 기록이 없는 근무일 {p.missing:,}일: 확정하려면 출근부를 채우세요", style="bold yellow")
        self.query_one("#pay-head", Static).update(head)
        table = self.query_one(DataTable)
        table.clear()
        for r in p.rows:
            cells = [Text(fit_cells(r.name, 10)), Text(fit_cells(r.worksite, self.site_w)), Text(str(r.daily_hours), justify="right"),
                     Text(str(r.days), justify="right"), Text(str(r.weeks), justify="right"),
                     Text(f"{r.total:,}", justify="right"),
                     Text(str(r.missing) if r.missing else "", justify="right", style="yellow")]
            if self.wide:
                cells[2:2] = [Text(fit_cells(r.application_no, 13))]
                cells[-1:-1] = [Text(f"{r.base:,}", justify="right"), Text(f"{r.weekly:,}", justify="right"),
                                Text(str(r.absent) if r.absent else "", justify="right")]
            table.add_row(*cells, key=r.application_id)
        self.refresh_bindings()

    # --- actions ---------------------------------------------------------------------------

    def action_month(self, step: int) -> None:
        if (self.year, self.month) not in self.months:
            return
        i = self.months.index((self.year, self.month)) + step
        if 0 <= i < len(self.months):
            self.year, self.month = self.months[i]
            self.load()
        else:
            self.notify("사업 기간 밖의 달입니다")

    def action_export(self) -> None:
        from ydp_tui.db import public_work_payroll as payroll

        p = self.payroll
        if p is None:
            return
        db, pid, year, month = self.db, self.period_id, self.year, self.month

        def chosen(path: str | None) -> None:
            if path:
                target = str(Path(path).expanduser())
                self.run_service(lambda: payroll.export(db, pid, year, month, target),
                                 lambda n: self.notify(f"급여 {n:,}명을 저장했습니다: {target}", timeout=8),
                                 group="pw-pay-export")

        name = f"{p.program}_{p.period}_{year}-{month:02d}_급여.xlsx"
        self.app.push_screen(TextPrompt("급여 내보내기", "저장할 파일 경로 (.xlsx 또는 .csv)", value=str(Path.cwd() / name)),
                             chosen)

    def _write(self, fn: Any, message: str) -> None:
        def done(p: Any) -> None:
            self.notify(message, timeout=6)
            self._show((p, self.months))

        self.run_service(fn, done, group="pw-pay-write")

    def action_confirm(self) -> None:
        from ydp_tui.db import public_work_payroll as payroll

        p = self.payroll
        if p is None:
            return
        db, pid, year, month = self.db, self.period_id, self.year, self.month

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(lambda: payroll.confirm(db, pid, year, month), f"{year}년 {month}월 급여를 확정했습니다")

        self.app.push_screen(ConfirmDialog(f"{year}년 {month}월 급여 {p.total:,}원을 확정할까요?",
                                           "확정하면 그 달 출근부를 고칠 수 없습니다 (확정 취소로 다시 열 수 있음)."), answered)

    def action_paid(self) -> None:
        from ydp_tui.db import public_work_payroll as payroll

        db, pid, year, month = self.db, self.period_id, self.year, self.month

        def chosen(day: str | None) -> None:
            if day:
                self._write(lambda: payroll.mark_paid(db, pid, year, month, paid_on=day),
                            f"{year}년 {month}월 급여를 지급 처리했습니다")

        self.app.push_screen(TextPrompt(f"{year}년 {month}월 급여 지급 처리", "지급일", value=clock.today().isoformat(),
                                        max_length=12), chosen)

    def action_reopen(self) -> None:
        from ydp_tui.db import public_work_payroll as payroll

        db, pid, year, month = self.db, self.period_id, self.year, self.month

        def chosen(reason: str | None) -> None:
            if reason:
                self._write(lambda: payroll.reopen(db, pid, year, month, reason),
                            f"{year}년 {month}월 확정을 취소했습니다 (출근부를 고칠 수 있습니다)")

        self.app.push_screen(TextPrompt(f"{year}년 {month}월 급여 확정 취소", "사유 (기록에 남습니다)", max_length=300),
                             chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        p = self.payroll
        if action in ("confirm", "paid", "reopen"):
            if self.ydp.config.read_only:
                return None
            if p is None:
                return False
            wanted = {"confirm": "미확정", "paid": "확정", "reopen": "확정"}[action]
            if p.status != wanted:
                return False
            if self.db is not None:
                from ydp_tui.db import roles

                if not roles.allowed(self.db, "approve_payment"):
                    return None
        return True
