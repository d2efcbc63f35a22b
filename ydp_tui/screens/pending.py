"""A list of things waiting for a supervisor's decision (sync conflicts, possible duplicate
people), the highlighted one's detail below it, and a hint line above."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.text import pad_cells


def labelled(rows: Sequence[tuple[str, Text | str]], width: int) -> Text:
    """Label-value lines with the labels padded to ``width`` cells (dim)."""
    text = Text()
    for i, (label, value) in enumerate(rows):
        text.append(pad_cells(label, width), style="dim")
        text.append_text(value if isinstance(value, Text) else Text(value))
        if i < len(rows) - 1:
            text.append("\n")
    return text


class PendingList(BaseScreen):
    DEFAULT_CSS = """
    PendingList #hint { padding: 0 1; height: auto; }
    PendingList #list { height: 1fr; }
    PendingList #detail { padding: 0 1; height: auto; border-top: solid $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Any] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="hint")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="list")
        yield Static("", id="detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#list", DataTable)

    def current(self) -> Any:
        if not self.items or self.table.row_count == 0:
            return None
        return self.items[min(self.table.cursor_row, len(self.items) - 1)]

    def fill(self, items: list[Any], cells: Callable[[Any], list[Text]], key: Callable[[Any], str],
             hint: Text) -> None:
        """Show ``items`` (keeping the cursor's place), the hint and the current item's detail."""
        self.items = items
        table = self.table
        keep = table.cursor_row
        table.clear()
        for item in items:
            table.add_row(*cells(item), key=key(item))
        if items:
            table.move_cursor(row=min(keep, len(items) - 1), animate=False)
        self.query_one("#hint", Static).update(hint)
        self.show_detail()

    @on(DataTable.RowHighlighted, "#list")
    def _highlighted(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item = self.current()
        self.query_one("#detail", Static).update(self.detail(item) if item is not None else "")
        self.refresh_bindings()

    def detail(self, item: Any) -> Text:
        raise NotImplementedError
