"""접속기록 점검 (감독자ㆍ관리자): the monthly review of the access log.

Filter by operator, period and person (a record number or a name); ``F`` shows only entries
the review should look at (bulk exports, after hours, account changes, failed sign-ins,
administration).  The hash chain is checked when the screen opens (``V`` again).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from ydp_tui import clock
from ydp_tui.screens.base import BaseScreen

PAGE = 200


def _clip(text: str, cells: int) -> str:
    if cell_len(text) <= cells:
        return text
    out, used = "", 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells - 3:
            break
        out, used = out + ch, used + w
    return out + "..."


class AuditReviewScreen(BaseScreen):
    TITLE_TEXT = "접속기록 점검"
    DEFAULT_CSS = """
    AuditReviewScreen #entries { height: 1fr; }
    AuditReviewScreen #chain { padding: 0 1; height: auto; }
    AuditReviewScreen #chain.-bad { color: $error; text-style: bold; }
    AuditReviewScreen .toolbar Input { width: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "focus_filter", "조건", id="audit.filter", tooltip="담당자ㆍ기간ㆍ대상 조건 칸으로"),
        Binding("f", "flagged", "주의만", id="audit.flagged", tooltip="대량 내보내기, 시간 외, 계정 변경, 로그인 실패, 관리 작업만"),
        Binding("v", "verify", "위변조 검사", id="audit.verify", tooltip="해시 체인을 처음부터 검사합니다"),
        Binding("escape", "back", "뒤로", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.flagged_only = False
        self.loaded = 0
        self.total = 0
        self.loading_more = False
        self.filter: Any = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="담당자", max_length=50, compact=True, id="f-operator")
            yield Input(placeholder="시작일", max_length=12, compact=True, id="f-from")
            yield Input(placeholder="종료일", max_length=12, compact=True, id="f-to")
            yield Input(placeholder="대상: 번호 또는 성명", max_length=50, compact=True, id="f-person")
        yield Static("위변조 검사 중", id="chain")
        yield Static("", classes="count", id="audit-count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="entries")

    @property
    def table(self) -> DataTable:
        return self.query_one("#entries", DataTable)

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= 100
        table = self.table
        table.add_column("시각", key="at")
        table.add_column("담당자", key="operator")
        table.add_column("작업", key="action")
        if self.wide:
            table.add_column("대상", key="entity")
        table.add_column("번호", key="subject")
        table.add_column("주의", key="flags")
        table.add_column("내용", key="detail")
        if self.wide:
            table.add_column("기기", key="machine")
        table.focus()
        self.apply()
        self.action_verify()

    # --- loading ---------------------------------------------------------------------------

    def _filter(self) -> Any:
        from ydp_tui.db import audit_review
        from ydp_tui.rules.validation import Invalid, parse_date

        values = {key: self.query_one(f"#f-{key}", Input).value.strip() for key in ("operator", "from", "to", "person")}
        dates = {}
        for key, label in (("from", "시작일"), ("to", "종료일")):
            try:
                dates[key] = parse_date(values[key]) if values[key] else None
            except Invalid as exc:
                self.notify(f"{label}: {exc}", severity="error")
                self.query_one(f"#f-{key}", Input).focus()
                return None
        return audit_review.Filter(operator=values["operator"], date_from=dates["from"], date_to=dates["to"],
                                   person=values["person"], flagged_only=self.flagged_only)

    def apply(self) -> None:
        from ydp_tui.db import audit_review

        db = self.db
        flt = self._filter()
        if db is None or flt is None:
            return
        self.filter = flt
        self.run_service(lambda: audit_review.review(db, flt, limit=PAGE), lambda page: self._show(page, append=False),
                         group="audit-review")

    def load_more(self) -> None:
        from ydp_tui.db import audit_review

        db, flt, offset = self.db, self.filter, self.loaded
        if db is None or flt is None or self.loading_more or self.loaded >= self.total:
            return
        self.loading_more = True
        self.run_service(lambda: audit_review.review(db, flt, limit=PAGE, offset=offset, log=False),
                         lambda page: self._show(page, append=True), group="audit-more")

    def _show(self, page: Any, *, append: bool) -> None:
        table = self.table
        if not append:
            table.clear()
            self.loaded = 0
            self.views = page.views_by_operator
        detail_cells = 60 if self.wide else 24
        for r in page.rows:
            local = clock.local(r.at)
            cells = [Text(local.strftime("%m-%d %H:%M")), Text(r.operator), Text(r.action_label)]
            if self.wide:
                cells.append(Text(r.entity_label))
            flags = Text(", ".join(r.flags), style="bold red" if r.flags else "")
            cells += [Text(r.subject), flags, Text(_clip(r.detail.replace("\n", " "), detail_cells))]
            if self.wide:
                cells.append(Text(r.machine))
            table.add_row(*cells, key=str(r.seq))
        self.loaded += len(page.rows)
        self.total = page.total
        self.loading_more = False
        text = f"{page.total:,}건{'이상' if page.capped else ''} 중 {self.loaded:,}건"
        if self.filter is not None:
            text += f" | {self.filter.describe()}"
        if getattr(self, "views", None):
            text += " | 조회: " + ", ".join(f"{o} {n:,}" for o, n in self.views[:3])
        self.query_one("#audit-count", Static).update(Text(text))

    # --- events ----------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.apply()
        self.table.focus()

    @on(DataTable.RowHighlighted, "#entries")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 1:
            self.load_more()

    def action_focus_filter(self) -> None:
        self.query_one("#f-operator", Input).focus()

    def action_flagged(self) -> None:
        self.flagged_only = not self.flagged_only
        self.apply()

    def action_verify(self) -> None:
        from ydp_tui.db import audit_review

        db = self.db
        if db is None:
            return
        chain = self.query_one("#chain", Static)
        chain.update(Text("위변조 검사 중..."))
        self.run_service(lambda: audit_review.verify(db), self._verified, group="audit-verify")

    def _verified(self, result: Any) -> None:
        chain = self.query_one("#chain", Static)
        chain.update(Text(result.message))
        chain.set_class(not result.ok, "-bad")
        if not result.ok:
            self.notify(result.message, severity="error", timeout=15)
