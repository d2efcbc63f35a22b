"""보관기간ㆍ파기 (감독자ㆍ관리자): records past their retention, per kind; mark with Space,
erase with E after confirming.  Names are masked: the number identifies the record."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import ConfirmDialog

PAGE = 200


class RetentionScreen(BaseScreen):
    TITLE_TEXT = "보관기간ㆍ파기"
    DEFAULT_CSS = """
    RetentionScreen #kinds { padding: 0 1; height: auto; }
    RetentionScreen #due { height: 1fr; }
    """
    BINDINGS = [
        Binding("k", "next_kind", "종류", id="retention.kind", tooltip="구직자/응시료 지원 신청 등 기록 종류를 바꿉니다"),
        Binding("space", "toggle", "고르기", id="retention.toggle", tooltip="이 기록을 파기 대상으로 고르거나 뺍니다"),
        Binding("a", "toggle_all", "모두", id="retention.all", tooltip="보이는 기록 모두 고르기/풀기"),
        Binding("e", "erase", "파기", id="retention.erase", tooltip="고른 기록의 개인정보를 파기합니다 (확인 후)"),
        Binding("escape", "back", "뒤로", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[Any] = []
        self.kind_index = 0
        self.rows: list[Any] = []
        self.picked: set[str] = set()
        self.page: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="kinds")
        yield Static("", classes="count", id="due-count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="due")

    def on_mount(self) -> None:
        table = self.query_one("#due", DataTable)
        table.add_column("", key="pick")
        for label, key in (("번호", "number"), ("성명", "name"), ("마지막 활동", "last"), ("보관 만료", "expires")):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    def load(self) -> None:
        from ydp_tui.db import retention

        db = self.db
        if db is None:
            return
        self.run_service(lambda: retention.summary(db), self._kinds_loaded, group="retention-summary")

    def _kinds_loaded(self, kinds: list[Any]) -> None:
        self.kinds = kinds
        parts = [f"{k.label} {k.due:,}건 (보관 {k.years}년)" for k in kinds]
        self.query_one("#kinds", Static).update(Text("파기 대상: " + ", ".join(parts)))
        if kinds and not any(k.due for k in kinds[self.kind_index:self.kind_index + 1]):
            first = next((i for i, k in enumerate(kinds) if k.due), self.kind_index)
            self.kind_index = first
        self.load_rows()

    def load_rows(self) -> None:
        from ydp_tui.db import retention

        db = self.db
        if db is None or not self.kinds:
            return
        kind = self.kinds[self.kind_index].kind
        self.run_service(lambda: retention.due(db, kind, limit=PAGE), self._rows_loaded, group="retention-due")

    def _rows_loaded(self, page: Any) -> None:
        self.page = page
        self.rows = page.rows
        self.picked &= {r.id for r in page.rows}
        table = self.query_one("#due", DataTable)
        table.clear()
        for r in page.rows:
            number = r.number if len(r.number) <= 20 else r.number[:8] + "~"   # kinds known by their id
            table.add_row(Text("[v]" if r.id in self.picked else "[ ]"), Text(number), Text(r.name),
                          Text(str(r.last_activity)), Text(str(r.expires_on)), key=r.id)
        self._count()

    def _count(self) -> None:
        page = self.page
        if page is None:
            return
        if not page.total:
            text = f"보관기간({page.years}년)이 지난 {page.label} 기록이 없습니다"
        else:
            text = f"{page.label} {page.total:,}건 중 {len(page.rows):,}건 표시 | 고름 {len(self.picked):,}건"
        self.query_one("#due-count", Static).update(Text(text))

    # --- actions --------------------------------------------------------------------------

    def action_next_kind(self) -> None:
        if self.kinds:
            self.kind_index = (self.kind_index + 1) % len(self.kinds)
            self.picked.clear()
            self.load_rows()

    def _current(self) -> str | None:
        table = self.query_one("#due", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_toggle(self) -> None:
        row_id = self._current()
        if row_id is None:
            return
        self.picked ^= {row_id}
        table = self.query_one("#due", DataTable)
        table.update_cell(row_id, "pick", Text("[v]" if row_id in self.picked else "[ ]"))
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._count()

    def action_toggle_all(self) -> None:
        ids = {r.id for r in self.rows}
        self.picked = set() if self.picked == ids else ids
        table = self.query_one("#due", DataTable)
        for r in self.rows:
            table.update_cell(r.id, "pick", Text("[v]" if r.id in self.picked else "[ ]"))
        self._count()

    def action_erase(self) -> None:
        from ydp_tui.db import retention

        if not self.picked or self.page is None:
            self.notify("파기할 기록을 Space로 고르세요 (A: 모두)", severity="warning")
            return
        ids = [r.id for r in self.rows if r.id in self.picked]
        kind, label = self.page.kind, self.page.label

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            db = self.db

            def done(result: Any) -> None:
                self.picked.clear()
                self.notify(f"{label} {result.erased:,}건의 개인정보를 파기했습니다")
                self.load()

            self.run_service(lambda: retention.erase(db, kind, ids), done, group="retention-erase")

        self.app.push_screen(ConfirmDialog(
            f"{label} {len(ids):,}건의 개인정보를 파기할까요?",
            "성명ㆍ연락처 등 개인정보 항목을 비우고 변경 이력에서도 지웁니다. 되돌릴 수 없습니다. "
            "번호와 통계에 쓰는 항목은 남습니다.", yes="파기", no="취소"), answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "erase" and self.ydp.config.read_only:
            return None
        return True
