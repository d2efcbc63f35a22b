"""One application under review (서류 확인): the application (account masked), what screening
decided and why, the two checks, the amount (it can only go down) and the reason; approve,
reject, send back to review, and the history of every step."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.validation import Invalid, format_won, parse_amount
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.form import MultiChoice
from ydp_tui.widgets.topbar import TopBar

RECEIPT = "응시료 영수증 확인"
RESIDENCE = "주민등록 거주 확인"


def info_grid(d: Any) -> Table:
    f = d.fields
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(ratio=1)
    holder = Text(d.holder)
    if d.holder_differs:
        holder.append(" (신청인과 다름)", style="bold yellow")
    pairs = [
        ("성명", Text(d.name, style="bold")), ("생년월일", Text(f["birth_date"])),
        ("신청일", Text(f["applied_on"])), ("휴대전화", Text(f["phone"])),
        ("전입일", Text(f["moved_in"])), ("취업ㆍ사업자", Text(f"{f['employment']}, 사업자 {f['business']}")),
        ("시험", Text(f"{f['exam_kind']} {f['exam_name']}")), ("응시일", Text(f["exam_date"])),
        ("응시료", Text(format_won(d.fee))), ("계좌", Text(f"{d.bank} {d.account_masked}")),
        ("예금주", holder), ("지급 일괄", Text(d.batch_no or "-")),
    ]
    for _label, value in pairs:
        value.overflow = "fold"
    for i in range(0, len(pairs), 2):
        (a, va), (b, vb) = pairs[i], pairs[i + 1]
        grid.add_row(a, va, b, vb)
    return grid


def verdict_text(d: Any) -> Text:
    text = Text()
    if d.eligible:
        text.append("선별: 적격 ", style="bold green")
        text.append(format_won(d.rule_amount))
        if d.rule_amount < d.fee:
            text.append(" (1인 한도ㆍ예산으로 줄어듦)", style="dim")
    else:
        text.append("선별: 부적격 ", style="bold red")
        text.append(f"{rules.reason_text(d.reasons)} ({', '.join(d.reasons)})")
    text.append(f"\n상태 {d.status}", style="bold")
    if d.granted_amount is not None:
        text.append(f"  승인 {format_won(d.granted_amount)}")
    if d.status in ("접수", "검토") and d.eligible:
        text.append(f"  승인 가능 {format_won(d.max_grant)}")
    text.append(f"  이 사람 누적 {format_won(d.person_granted)}  예산 잔액 {format_won(d.budget_left)}", style="dim")
    if d.decision_reason and d.status not in ("접수",):
        text.append(f"\n사유: {d.decision_reason}", style="dim")
    return text


class ReviewScreen(BaseScreen):
    TITLE_TEXT = "신청 검토"
    DEFAULT_CSS = """
    ReviewScreen #info { padding: 0 1; height: auto; }
    ReviewScreen #verdict { padding: 0 1; height: auto; }
    ReviewScreen #checks { margin: 0 1; width: auto; }
    ReviewScreen .line { height: 1; padding: 0 1; }
    ReviewScreen .line Label { width: 10; color: $text-muted; }
    ReviewScreen .line Input { width: 1fr; }
    ReviewScreen #message { padding: 0 1; color: $error; height: auto; display: none; }
    ReviewScreen #history-title { padding: 0 1; text-style: bold; height: 1; }
    ReviewScreen #history { height: 1fr; min-height: 3; }
    """
    BINDINGS = [
        Binding("ctrl+s", "approve", "승인", id="review.approve", priority=True,
                tooltip="영수증ㆍ거주를 확인한 뒤 승인합니다 (금액은 낮출 수만 있음)"),
        Binding("ctrl+r", "reject", "반려", id="review.reject", priority=True, tooltip="사유를 적고 반려합니다"),
        Binding("ctrl+b", "begin", "검토", id="review.begin", priority=True, tooltip="접수에서 검토로"),
        Binding("ctrl+o", "reopen", "재검토", id="review.reopen", priority=True,
                tooltip="승인ㆍ반려를 검토로 되돌립니다 (사유 필요)"),
        Binding("ctrl+t", "edit", strings.EDIT, id="review.edit", priority=True, tooltip="신청 내용을 고칩니다"),
        Binding("ctrl+n", "next", "다음", id="review.next", priority=True, tooltip="목록의 다음 신청"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, app_id: str, *, order: list[str] | None = None) -> None:
        super().__init__()
        self.app_id = app_id
        self.order = order or []
        self.detail: Any = None
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("", id="verdict")
        yield MultiChoice([RECEIPT, RESIDENCE], id="checks")
        with Horizontal(classes="line"):
            yield Label("승인 금액")
            yield Input(placeholder="비우면 승인 가능 금액 전부", max_length=12, compact=True, id="amount")
        with Horizontal(classes="line"):
            yield Label("사유")
            yield Input(placeholder="반려ㆍ재검토ㆍ금액을 낮출 때ㆍ선별과 다르게 승인할 때", max_length=500,
                        compact=True, id="reason")
        yield Static("", id="message")
        yield Static("검토 기록", id="history-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="history")

    def on_mount(self) -> None:
        table = self.query_one("#history", DataTable)
        table.add_column("일시", key="at")
        table.add_column("처리", key="action")
        table.add_column("금액", key="amount")
        table.add_column("담당", key="who")
        table.add_column("사유", key="reason")
        self.query_one("#checks", MultiChoice).focus()
        self.load(log_view=True)

    def on_database_ready(self) -> None:
        if self.detail is None:
            self.load(log_view=True)

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self.load(log_view=False)

    def load(self, *, log_view: bool) -> None:
        from ydp_tui.db import subsidy

        db = self.db
        if db is None:
            return
        app_id = self.app_id
        self.run_service(lambda: subsidy.detail(db, app_id, log_view=log_view), self._show, group="review-load")

    def _show(self, d: Any) -> None:
        self.detail = d
        self.busy = False
        self.query_one(TopBar).set_title(f"신청 검토 {d.application_no}")
        self.query_one("#info", Static).update(info_grid(d))
        self.query_one("#verdict", Static).update(verdict_text(d))
        checks = self.query_one("#checks", MultiChoice)
        checks.value = [c for c, on_ in ((RECEIPT, d.receipt_checked), (RESIDENCE, d.residence_checked)) if on_]
        undecided = d.status in ("접수", "검토")
        checks.disabled = not undecided
        amount = self.query_one("#amount", Input)
        # Prefilled only with what the screening allows; overruling it is typed on purpose.
        amount.value = f"{d.max_grant:,}" if undecided and d.eligible and d.max_grant else ""
        amount.placeholder = ("비우면 승인 가능 금액 전부" if d.eligible else
                              f"선별과 다르게 승인하면 최대 {d.max_grant:,}원 (사유 필요)")
        amount.disabled = not undecided
        self.query_one("#reason", Input).value = ""
        self._say("")
        table = self.query_one("#history", DataTable)
        table.clear()
        for h in d.history:
            action = h.action + (" (선별과 다름)" if h.overrule else "")
            table.add_row(Text(clock.format_local(h.at)), Text(action),
                          Text("" if h.amount is None else f"{h.amount:,}", justify="right"), Text(h.reviewer),
                          Text(h.reason))
        self.query_one("#history-title", Static).update(Text(f"검토 기록 {len(d.history)}건"))
        self.refresh_bindings()

    # --- actions ---------------------------------------------------------------------------

    def _say(self, message: str, focus: str | None = None) -> None:
        widget = self.query_one("#message", Static)
        widget.update(Text(message))
        widget.display = bool(message)
        if focus:
            self.query_one(focus).focus()

    def _failed(self, exc: YdpError) -> None:
        self.busy = False
        if isinstance(exc, ValidationFailed):
            focus = "#reason" if "사유" in exc.errors else "#amount" if "승인 금액" in exc.errors else \
                "#checks" if "서류 확인" in exc.errors else None
            self._say(str(exc), focus)
        else:
            self._say(str(exc))
            self.show_error(exc)

    def _done(self, message: str) -> Any:
        def done(_result: Any) -> None:
            self.notify(message, timeout=4)
            self.load(log_view=False)

        return done

    def _reason(self) -> str:
        return self.query_one("#reason", Input).value.strip()

    def action_approve(self) -> None:
        from ydp_tui.db import subsidy

        d = self.detail
        if d is None or self.busy:
            return
        raw = self.query_one("#amount", Input).value.strip()
        try:
            amount = parse_amount(raw, minimum=0) if raw else None
        except Invalid as exc:
            self._say(f"승인 금액: {exc}", "#amount")
            return
        checks = self.query_one("#checks", MultiChoice).value
        db, reason, version = self.db, self._reason(), d.version
        self.busy = True
        self.run_service(lambda: subsidy.approve(db, d.id, amount=amount, receipt_checked=RECEIPT in checks,
                                                 residence_checked=RESIDENCE in checks, reason=reason,
                                                 expected_version=version),
                         lambda app: self._done(f"{app.application_no} 승인: {format_won(app.granted_amount)}")(app),
                         failed=self._failed, group="review-write")

    def action_reject(self) -> None:
        from ydp_tui.db import subsidy

        d = self.detail
        if d is None or self.busy:
            return
        reason = self._reason()
        if not reason:
            self._say("사유: 반려하려면 사유를 입력하세요", "#reason")
            return
        checks = self.query_one("#checks", MultiChoice).value
        db, version = self.db, d.version
        self.busy = True
        self.run_service(lambda: subsidy.reject(db, d.id, reason, receipt_checked=RECEIPT in checks,
                                                residence_checked=RESIDENCE in checks, expected_version=version),
                         self._done(f"{d.application_no} 반려: {reason}"), failed=self._failed, group="review-write")

    def action_begin(self) -> None:
        from ydp_tui.db import subsidy

        d = self.detail
        if d is None or self.busy:
            return
        db, version = self.db, d.version
        self.busy = True
        self.run_service(lambda: subsidy.begin_review(db, d.id, expected_version=version),
                         self._done(f"{d.application_no} 검토를 시작했습니다"), failed=self._failed,
                         group="review-write")

    def action_reopen(self) -> None:
        from ydp_tui.db import subsidy

        d = self.detail
        if d is None or self.busy:
            return
        reason = self._reason()
        if not reason:
            self._say("사유: 재검토하려면 사유를 입력하세요", "#reason")
            return
        db, version = self.db, d.version
        self.busy = True
        self.run_service(lambda: subsidy.reopen(db, d.id, reason, expected_version=version),
                         self._done(f"{d.application_no} 재검토로 되돌렸습니다"), failed=self._failed,
                         group="review-write")

    def action_edit(self) -> None:
        from ydp_tui.screens.subsidy_forms import ApplicationFormScreen

        if self.detail is not None:
            self.app.push_screen(ApplicationFormScreen(self.app_id))

    def action_next(self) -> None:
        if self.app_id in self.order:
            i = self.order.index(self.app_id)
            if i + 1 < len(self.order):
                self.app_id = self.order[i + 1]
                self.detail = None
                self.query_one("#checks", MultiChoice).focus()
                self.load(log_view=True)
                return
        self.notify("목록의 마지막 신청입니다")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        d = self.detail
        status = d.status if d is not None else None
        writes = {"approve", "reject", "begin", "reopen", "edit"}
        if action in writes and self.ydp.config.read_only:
            return None
        if action in ("approve", "reject", "edit"):
            return status in ("접수", "검토")
        if action == "begin":
            return status == "접수"
        if action == "reopen":
            return status in ("승인", "반려") and not (d is not None and d.batch_no)
        if action == "next":
            return bool(self.order)
        return True

    @on(Input.Submitted, "#reason")
    def _reason_submitted(self) -> None:
        self._say("")
