"""Pieces the 구인ㆍ알선ㆍ행사 screens share: a searchable paged list, a record form screen, a
small form dialog, a picker (find a seeker or a vacancy and choose it) and a detail grid.

Nothing here imports the database layer at module top (the app starts without SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Select, Static

from ydp_tui import strings
from ydp_tui.db.errors import StaleRecord, ValidationFailed, YdpError
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import DIALOG_CSS, ConfirmDialog
from ydp_tui.widgets.form import FormView
from ydp_tui.widgets.text import fit_cells
from ydp_tui.widgets.topbar import TopBar

PAGE = 200


def cells(*values: object) -> list[Text]:
    """DataTable cells, always ``Text`` (a plain str would be parsed as markup)."""
    return [v if isinstance(v, Text) else Text("" if v is None else str(v)) for v in values]


def fit_row(row: Sequence[Text], widths: Sequence[int | None]) -> list[Text]:
    """Crop each cell to its column's width in cells, marking the cut with '~' (never the
    ambiguous-width ellipsis) so a reader sees the value goes on."""
    out = []
    for cell, width in zip(row, widths):
        if width is not None and cell.cell_len > width:
            cell = Text(fit_cells(cell.plain, width), style=cell.style, justify=cell.justify)
        out.append(cell)
    return out + list(row[len(widths):])


class FitTable(DataTable):
    """A row-cursor table whose columns have widths in cells; ``add_fit_row`` crops to them, so
    the table fits 80 columns whatever the data.  (``None`` sizes a column by its content, but
    Textual then redraws the header late: give number columns a width too.)"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.widths: list[int | None] = []

    def set_columns(self, *columns: tuple[str, int | None]) -> None:
        for label, width in columns:
            self.add_column(label, width=width)
            self.widths.append(width)

    def add_fit_row(self, *values: object, key: str | None = None) -> Any:
        return self.add_row(*fit_row(cells(*values), self.widths), key=key)


def grid(pairs: Sequence[tuple[str, object]], *, columns: int = 2) -> Table:
    """Label/value pairs in ``columns`` pairs per line, values folding when long."""
    table = Table.grid(padding=(0, 1), expand=True)
    for _ in range(columns):
        table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=1)
    items = [(label, v if isinstance(v, Text) else Text("" if v is None else str(v))) for label, v in pairs]
    for _, value in items:
        value.overflow = "fold"
    while len(items) % columns:
        items.append(("", Text("")))
    for i in range(0, len(items), columns):
        row: list[Any] = []
        for label, value in items[i:i + columns]:
            row += [label, value]
        table.add_row(*row)
    return table


def row_key(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


class PagedListScreen(BaseScreen):
    """Search box, a filter, a count line and a paged table that loads more at its end.

    Subclasses set ``FILTERS``, ``PLACEHOLDER``, ``EMPTY`` and implement ``columns(wide)``,
    ``fetch(db, query, view, limit, offset)`` (a service call returning a Page) and ``row_cells``.
    """

    FILTERS: tuple[str, ...] = ("전체",)
    PREWARM_MATCHING = False  # build the matching index in the background (its first build can take seconds)
    PLACEHOLDER = "/ 찾기"
    EMPTY = "목록이 비어 있습니다"
    UNIT = "건"
    DEFAULT_CSS = """
    PagedListScreen #list { height: 1fr; }
    PagedListScreen .toolbar Select { width: 16; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self.view = self.FILTERS[0]
        self.loaded = 0
        self.total = 0
        self.capped = False
        self.loading_more = False
        self.keep_id: str | None = None
        self.wide = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder=self.PLACEHOLDER, max_length=50, compact=True, id="search")
            if len(self.FILTERS) > 1:
                yield Select([(f, f) for f in self.FILTERS], value=self.FILTERS[0], allow_blank=False,
                             compact=True, id="view")
        yield Static("", classes="count", id="count")
        yield FitTable(id="list")

    @property
    def table(self) -> FitTable:
        return self.query_one("#list", FitTable)

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= 100
        self.table.set_columns(*self.columns(self.wide))
        self.table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        self.reload()
        if self.PREWARM_MATCHING and self.db is not None:
            from ydp_tui.db import matching

            db = self.db
            self.run_service(lambda: matching.prewarm(db), group="match-prewarm")

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep_cursor=True)

    # --- to implement ----------------------------------------------------------------------

    def columns(self, wide: bool) -> list[tuple[str, int | None]]:
        """(header, width in cells or None for as wide as the content)."""
        raise NotImplementedError

    def fetch(self, db: Any, query: str, view: str, limit: int, offset: int) -> Any:
        raise NotImplementedError

    def row_cells(self, row: Any) -> list[Text]:
        raise NotImplementedError

    def open_row(self, row_id: str) -> None:
        raise NotImplementedError

    # --- loading ---------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        db = self.db
        if db is None:
            return
        self.keep_id = self.current_id() if keep_cursor else None
        query, view = self.query_text, self.view
        limit = max(PAGE, self.loaded) if keep_cursor else PAGE
        self.run_service(lambda: self.fetch(db, query, view, limit, 0), lambda p: self._show(p, append=False),
                         group=f"{self.id or type(self).__name__}-list")

    def load_more(self) -> None:
        db = self.db
        if db is None or self.loading_more or self.loaded >= self.total:
            return
        self.loading_more = True
        query, view, offset = self.query_text, self.view, self.loaded
        self.run_service(lambda: self.fetch(db, query, view, PAGE, offset), lambda p: self._show(p, append=True),
                         group=f"{type(self).__name__}-more")

    def _show(self, page: Any, *, append: bool) -> None:
        table = self.table
        if not append:
            table.clear()
            self.loaded = 0
        for r in page.rows:
            table.add_fit_row(*self.row_cells(r), key=r.id)
        self.loaded += len(page.rows)
        self.total = page.total
        self.capped = getattr(page, "capped", False)
        self.loading_more = False
        if self.keep_id is not None:
            try:
                table.move_cursor(row=table.get_row_index(self.keep_id), animate=False)
            except Exception:  # noqa: BLE001 - the row is gone: stay where we are
                pass
            self.keep_id = None
        self._update_count()

    def _update_count(self) -> None:
        what = f"'{self.query_text}' " if self.query_text else ""
        view = "" if self.view == self.FILTERS[0] else f"[{self.view}] "
        if self.total == 0:
            text = f"{view}{what}찾는 항목이 없습니다" if (what or view) else self.EMPTY
        else:
            more = " 이상" if self.capped else ""
            text = f"{view}{what}{self.total:,}{self.UNIT}{more} 중 {self.loaded:,}{self.UNIT} 표시"
            if self.loaded < self.total:
                text += " (아래로 내리면 더 보기)"
        self.query_one("#count", Static).update(Text(text))

    def current_id(self) -> str | None:
        return row_key(self.table)

    # --- events ----------------------------------------------------------------------------

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

    @on(DataTable.RowHighlighted, "#list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.table.row_count - 1:
            self.load_more()

    @on(DataTable.RowSelected, "#list")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(str(event.row_key.value))

    def action_open(self) -> None:
        row_id = self.current_id()
        if row_id:
            self.open_row(row_id)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()


class RecordScreen(BaseScreen):
    """One record's page: ``load(first=True)`` when mounted (or once the database opens), and
    ``load(first=False)`` when shown again after a screen above it closes.  ``setup()`` adds
    the tables' columns; ``self.detail`` holds what was loaded (None until then)."""

    def __init__(self) -> None:
        super().__init__()
        self.detail: Any = None

    def on_mount(self) -> None:
        self.setup()
        self.load(first=True)

    def on_database_ready(self) -> None:
        if self.detail is None:
            self.load(first=True)

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self.load(first=False)

    def setup(self) -> None:
        """Columns of the page's tables, focus."""

    def load(self, *, first: bool) -> None:
        raise NotImplementedError


class RecordFormScreen(BaseScreen):
    """A record's form (new, or an edit with optimistic locking): ``Ctrl+S`` saves, errors show
    beside their fields, a save another desk beat is offered a reload.

    Subclasses set ``SPECS`` and implement ``load(db)`` (fields, version, title; only for an
    edit), ``save(db, raw, version)`` and ``saved(result)``; ``defaults()`` fills a new form.
    """

    SPECS: Sequence[FieldSpec] = ()
    HINTS: dict[str, Callable[[Any], str]] = {}
    NOTE = ""
    DEFAULT_CSS = """
    RecordFormScreen #form-note { padding: 0 1; color: $text-muted; height: auto; }
    RecordFormScreen FieldRow .field-label { width: 18; }
    RecordFormScreen FieldRow .field-message { padding: 0 0 0 18; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="jobs-form.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, record_id: str | None = None) -> None:
        super().__init__()
        self.record_id = record_id
        self.version: int | None = None
        self.saving = False

    def compose_body(self) -> ComposeResult:
        if self.NOTE:
            yield Static(Text(self.NOTE), id="form-note")
        yield FormView(self.SPECS, hints=self.HINTS, id="record-form")

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def on_mount(self) -> None:
        if self.record_id is None:
            self.form.load(self.defaults())
        self.form.focus_first()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        if self.record_id is None or self.version is not None:
            return
        db = self.db
        self.run_service(lambda: self.load(db), self._loaded, group="record-form-load")

    def _loaded(self, result: tuple[dict[str, str], int, str]) -> None:
        fields, version, title = result
        self.version = version
        self.form.load(fields)
        self.query_one(TopBar).set_title(title)
        self.form.focus_first()

    def defaults(self) -> dict[str, Any]:
        return {}

    def load(self, db: Any) -> tuple[dict[str, str], int, str]:
        raise NotImplementedError

    def save(self, db: Any, raw: dict[str, Any], version: int | None) -> Any:
        raise NotImplementedError

    def saved(self, result: Any) -> None:
        self.app.pop_screen()

    def action_save(self) -> None:
        if self.saving:
            return
        errors = self.form.check_all()
        if errors:
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            first = next((r for r in self.form.rows() if r.spec.label in errors), None)
            if first is not None:
                first.control.focus()
                first.scroll_visible()
            return
        db, raw, version = self.db, self.form.raw_values(), self.version
        self.saving = True
        self.run_service(lambda: self.save(db, raw, version), self._saved, failed=self._refused, group="record-save")

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.saved(result)

    def _refused(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
            self.notify(strings.FIX_FIELDS.format(n=len(exc.errors)) + f": {exc}", severity="error", timeout=8)
        elif isinstance(exc, StaleRecord):
            def answer(reload: bool | None) -> None:
                if reload:
                    self.version = None
                    self.on_database_ready()

            self.app.push_screen(ConfirmDialog(str(exc), "다시 불러오면 이 화면에서 고친 내용은 버립니다.",
                                               yes="다시 불러오기", no="입력 유지"), answer)
        else:
            self.show_error(exc)


class PickerDialog(ModalScreen[str | None]):
    """Find something as you type and choose it with ``Enter`` (``Esc`` cancels).

    ``search(query)`` runs in a thread worker and returns rows of (id, cells); ``columns`` names
    the table's columns.
    """

    DEFAULT_CSS = DIALOG_CSS.format(name="PickerDialog") + """
    PickerDialog DataTable { height: 12; }
    PickerDialog Input { width: 100%; }
    PickerDialog .picker-count { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("enter", "choose", "고르기", id="picker.choose", priority=True, tooltip="고른 항목으로 계속합니다"),
        Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel"),
        Binding("down", "to_list", "목록", id="picker.list", show=False, tooltip="찾은 목록으로 갑니다"),
    ]

    def __init__(self, title: str, placeholder: str, columns: Sequence[tuple[str, int | None]],
                 search: Callable[[str], list[tuple[str, list[Text]]]]) -> None:
        super().__init__()
        self.title_text, self.placeholder, self.column_names, self.search = title, placeholder, columns, search

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder=self.placeholder, max_length=50, compact=True, id="picker-search")
            yield Static("", classes="picker-count")
            yield FitTable(id="picker-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FitTable).set_columns(*self.column_names)
        self.query_one(Input).focus()
        self._find("")

    def _find(self, query: str) -> None:
        search = self.search

        def work() -> None:
            from textual.worker import get_current_worker

            try:
                rows = search(query)
            except YdpError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error")
                return
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show, rows)

        self.run_worker(work, thread=True, exclusive=True, group="picker")

    def _show(self, rows: list[tuple[str, list[Text]]]) -> None:
        table = self.query_one(FitTable)
        table.clear()
        for row_id, row_cells in rows:
            table.add_fit_row(*row_cells, key=row_id)
        self.query_one(".picker-count", Static).update(
            Text(f"{len(rows)}건" + (" (Enter: 고르기, 아래 화살표: 목록)" if rows else " - 찾는 항목이 없습니다")))

    @on(Input.Changed, "#picker-search")
    def _changed(self, event: Input.Changed) -> None:
        self._find(event.value.strip())

    def action_to_list(self) -> None:
        self.query_one(DataTable).focus()

    def action_choose(self) -> None:
        chosen = row_key(self.query_one(DataTable))
        if chosen:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick_seeker(screen: BaseScreen, title: str, chosen: Callable[[str], None]) -> None:
    """A picker over 구직중 seekers (name, 초성 or phone digits)."""
    db = screen.db
    if db is None:
        return

    def search(query: str) -> list[tuple[str, list[Text]]]:
        from ydp_tui.db import seekers

        page = seekers.search(db, query, limit=50, status="구직중")
        return [(r.id, cells(r.name, r.birth_date or "", r.phone, r.dong, r.seeker_no)) for r in page.rows]

    columns = [("성명", 14), ("생년월일", 10), ("휴대전화", 13), ("행정동", 8), ("구직번호", 16)]
    screen.app.push_screen(PickerDialog(title, "성명, 초성(ㄱㅁㅅ), 전화번호 숫자", columns, search),
                           lambda picked: chosen(picked) if picked else None)


def pick_vacancy(screen: BaseScreen, title: str, chosen: Callable[[str], None]) -> None:
    """A picker over vacancies open for matching (구인번호, 제목 or 업체명)."""
    db = screen.db
    if db is None:
        return

    def search(query: str) -> list[tuple[str, list[Text]]]:
        from ydp_tui.db import vacancies

        page = vacancies.search(db, query, view="매칭 가능", limit=50)
        return [(r.id, cells(r.title, r.employer, f"{r.hired}/{r.headcount}", r.deadline or "채용시까지", r.vacancy_no))
                for r in page.rows]

    columns = [("제목", 18), ("업체", 14), ("인원", 5), ("마감일", 10), ("구인번호", 14)]
    screen.app.push_screen(PickerDialog(title, "구인번호, 제목, 업체명", columns, search),
                           lambda picked: chosen(picked) if picked else None)
