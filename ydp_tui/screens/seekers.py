"""구직자 찾기: search as you type (name, 초성, phone digits), paged list, open with Enter."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ydp_tui import strings
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.live import LiveRefresh
from ydp_tui.screens.transfer import start_export, start_import

PAGE = 200
STATUSES = ("구직중", "취업", "중단")


class SeekersScreen(LiveRefresh, BaseScreen):
    TITLE_TEXT = "구직자 찾기"
    DEFAULT_CSS = """
    SeekersScreen #list { height: 1fr; }
    """
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="seekers.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="seekers.open", show=True),
        Binding("n", "new", "새 등록", id="seekers.new", tooltip="구직 등록 화면으로"),
        Binding("i", "import", strings.IMPORT, id="seekers.import", tooltip="CSV/XLSX 가져오기"),
        Binding("x", "export", strings.EXPORT, id="seekers.export", tooltip="CSV/XLSX 내보내기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.status: str | None = None
        self.loaded = 0
        self.total = 0
        self.loading_more = False
        self.keep_id: str | None = None
        # The search in flight: mount, resume and the status box's first Changed all ask for the
        # same page, and one query answers them.
        self._pending: tuple[object, ...] | None = None
        self._pending_worker: Any = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 찾기: 성명, 초성(ㄱㅁㅅ), 전화번호 숫자", max_length=50, compact=True, id="search")
            yield Select([(s, s) for s in STATUSES], prompt="전체 상태", compact=True, id="status")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")

    @property
    def table(self) -> DataTable:
        return self.query_one("#list", DataTable)

    def on_mount(self) -> None:
        self.query_one("#search", Input).focus()
        self._columns()
        if self.db is not None:
            self.reload()
        self.start_live_refresh()

    def refresh_from_changes(self) -> None:
        """Another desk (or this one) saved: the same page again, the cursor on the same person."""
        if not self.loading_more:
            self.reload(keep_cursor=True)

    def _columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        wide = self.app.size.width >= 100
        table.add_column("구직번호", key="no")
        table.add_column("성명", key="name")
        table.add_column("생년월일", key="birth")
        table.add_column("휴대전화", key="phone")
        table.add_column("행정동", key="dong")
        table.add_column("상태", key="status")
        if wide:
            table.add_column("등록일", key="registered")
        self.wide = wide

    def on_database_ready(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep_cursor=True)

    # --- loading ---------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        from ydp_tui.db import seekers

        db = self.db
        if db is None:
            return
        query, status = self.query_text, self.status
        limit = max(PAGE, self.loaded) if keep_cursor else PAGE
        key = (query, status, limit)
        worker = self._pending_worker
        if key == self._pending and worker is not None and not worker.is_finished:
            return
        self._pending = key
        self.keep_id = self._current_id() if keep_cursor else None
        self._pending_worker = self.run_service(
            lambda: seekers.search(db, query, limit=limit, status=status),
            lambda page: self._show(page, append=False), group="seekers-search")

    def load_more(self) -> None:
        from ydp_tui.db import seekers

        db = self.db
        if db is None or self.loading_more or self.loaded >= self.total:
            return
        self.loading_more = True
        query, status, offset = self.query_text, self.status, self.loaded
        self.run_service(lambda: seekers.search(db, query, limit=PAGE, offset=offset, status=status),
                         lambda page: self._show(page, append=True), group="seekers-more")

    def _show(self, page: Any, *, append: bool) -> None:
        table = self.table
        if not append:
            table.clear()
            self.loaded = 0
        for r in page.rows:
            cells = [Text(r.seeker_no), Text(r.name), Text(str(r.birth_date or "")), Text(r.phone),
                     Text(r.dong), Text(r.status)]
            if self.wide:
                cells.append(Text(str(r.registered_on)))
            table.add_row(*cells, key=r.id)
        self.loaded += len(page.rows)
        self.total = page.total
        self.capped = page.capped
        self.loading_more = False
        if self.keep_id is not None:
            try:
                table.move_cursor(row=table.get_row_index(self.keep_id), animate=False)
            except Exception:  # noqa: BLE001 - the row is gone: stay where we are
                pass
            self.keep_id = None
        self._update_count()

    def _update_count(self) -> None:
        q = f"'{self.query_text}' " if self.query_text else ""
        if self.total == 0:
            text = f"{q}찾는 구직자가 없습니다" if self.query_text else "등록된 구직자가 없습니다 (F2 구직 등록)"
        else:
            more = "이상" if getattr(self, "capped", False) else ""
            text = f"{q}{self.total:,}명{more} 중 {self.loaded:,}명 표시"
            if self.loaded < self.total:
                text += " (아래로 내리면 더 보기)"
        self.query_one("#count", Static).update(Text(text))

    def _current_id(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # --- events ----------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self.table.row_count:
            self.table.focus()

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        self.status = None if event.value is Select.NULL else str(event.value)
        self.reload()

    @on(DataTable.RowHighlighted, "#list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 1:
            self.load_more()

    @on(DataTable.RowSelected, "#list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.ydp.open_seeker(str(event.row_key.value))

    def action_open(self) -> None:
        seeker_id = self._current_id()
        if seeker_id:
            self.ydp.open_seeker(seeker_id)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new(self) -> None:
        self.ydp.open_section("intake")

    def action_import(self) -> None:
        start_import(self, "seekers", "구직자", on_done=self.reload)

    def action_export(self) -> None:
        start_export(self, "seekers", "구직자", "구직자.xlsx")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import" and self.ydp.config.read_only:
            return None  # shown dimmed: writes are refused in read-only mode
        return True
