"""Pick a registered job seeker by name, 초성 or phone digits (the same search as 구직자 찾기 and
the palette), as you type.  Dismisses with the seeker's id, ``"new"`` when the operator chose
to enter someone not registered (Ctrl+N), or None (Esc)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Static

from ydp_tui.widgets.dialogs import DIALOG_CSS

NEW = "new"


class SeekerPicker(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="SeekerPicker") + """
    SeekerPicker DataTable { height: 12; }
    SeekerPicker .picker-count { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "취소", id="picker.cancel"),
        Binding("ctrl+n", "new", "직접 입력", id="picker.new", priority=True,
                tooltip="구직자로 등록되지 않은 사람을 최소 정보와 동의로 입력합니다"),
    ]

    def __init__(self, title: str, *, allow_new: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.allow_new = allow_new

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder="성명, 초성(ㄱㅁㅅ), 전화번호 숫자", max_length=50, compact=True, id="picker-query")
            yield Static("", classes="picker-count", id="picker-count")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("name", "성명"), ("birth", "생년월일"), ("phone", "휴대전화"), ("no", "구직번호")):
            table.add_column(label, key=key)
        self.query_one(Input).focus()
        hint = "이름을 입력하면 찾습니다. Enter 또는 아래 화살표로 목록, 다시 Enter로 고릅니다."
        if self.allow_new:
            hint += " 없으면 Ctrl+N"
        self.query_one("#picker-count", Static).update(Text(hint))

    @on(Input.Changed, "#picker-query")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value.strip())

    @work(thread=True, exclusive=True, group="seeker-picker")
    def search(self, query: str) -> None:
        from ydp_tui.db import seekers

        db = getattr(self.app, "db", None)
        if db is None or not query:
            self.app.call_from_thread(self._show, None, query)
            return
        page = seekers.search(db, query, limit=50)
        self.app.call_from_thread(self._show, page, query)

    def _show(self, page: Any, query: str) -> None:
        if query != self.query_one(Input).value.strip():
            return   # an older answer
        table = self.query_one(DataTable)
        table.clear()
        if page is None:
            return
        for r in page.rows:
            table.add_row(Text(r.name), Text(str(r.birth_date or "")), Text(r.phone), Text(r.seeker_no), key=r.id)
        more = " (더 있으면 더 입력하세요)" if page.total > len(page.rows) else ""
        text = f"'{query}' {page.total:,}명{more}" if page.total else f"'{query}' 구직자가 없습니다" + (
            " (Ctrl+N: 직접 입력)" if self.allow_new else "")
        self.query_one("#picker-count", Static).update(Text(text))

    @on(Input.Submitted, "#picker-query")
    def _submitted(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count == 1:
            self.dismiss(str(table.coordinate_to_cell_key((0, 0)).row_key.value))
        elif table.row_count:
            table.focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one(Input) and self.query_one(DataTable).row_count:
            self.query_one(DataTable).focus()
            event.stop()

    @on(DataTable.RowSelected, "#picker-list")
    def _picked(self, event: DataTable.RowSelected) -> None:
        self.dismiss(str(event.row_key.value))

    def action_new(self) -> None:
        if self.allow_new:
            self.dismiss(NEW)

    def action_cancel(self) -> None:
        self.dismiss(None)
