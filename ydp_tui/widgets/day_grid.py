"""A day's timeline per row (rooms, desks): one column per 30 minutes, two cells wide, the hours
on top.  Up/Down choose a row; each slot shows its state by colour and a mark, so the grid
reads on a plain terminal too.  Widths are in cells (Hangul labels are two cells a letter).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ydp_tui.widgets.text import fit_cells, pad_cells

# state -> (two cells, style)
STATES: dict[str, tuple[str, str]] = {
    "free": (". ", "dim"),
    "booked": ("  ", "on dark_orange3"),
    "used": ("  ", "on green4"),
    "clash": ("!!", "bold white on red3"),
}
LABEL_MAX = 16


@dataclass(frozen=True)
class GridRow:
    key: str
    label: str
    slots: list[str]          # one state per slot (see STATES)


class DayGrid(Widget, can_focus=True):
    DEFAULT_CSS = """
    DayGrid { height: auto; width: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "위", show=False),
        Binding("down", "move(1)", "아래", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Moved(Message):
        grid: DayGrid
        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[GridRow] = []
        self.first_hour = 9
        self.slot_minutes = 30

    def set_rows(self, open_from: str, rows: list[GridRow], *, keep: str | None = None) -> None:
        self.first_hour = int(open_from[:2])
        self.rows = rows
        keys = [r.key for r in rows]
        self.cursor = keys.index(keep) if keep in keys else min(self.cursor, max(len(rows) - 1, 0))
        self.refresh(layout=True)

    @property
    def current(self) -> GridRow | None:
        return self.rows[self.cursor] if self.rows else None

    def _label_width(self) -> int:
        from rich.cells import cell_len

        return min(LABEL_MAX, max([cell_len(r.label) for r in self.rows] + [4])) + 2

    def render(self) -> Text:
        width = self._label_width()
        text = Text(no_wrap=True, overflow="crop")
        slots = max((len(r.slots) for r in self.rows), default=0)
        header = Text(pad_cells("", width))
        for i in range(0, slots, 2):
            header.append(pad_cells(f"{self.first_hour + i // 2:02d}", 4), style="bold")
        text.append_text(header)
        for n, row in enumerate(self.rows):
            text.append("\n")
            chosen = n == self.cursor
            mark = ">" if chosen else " "
            label = pad_cells(f"{mark}{fit_cells(row.label, width - 2)}", width)
            text.append(label, style=("reverse" if self.has_focus else "bold") if chosen else "")
            for state in row.slots:
                cells, style = STATES.get(state, STATES["free"])
                text.append(cells, style=style)
        return text

    def get_content_height(self, container, viewport, width) -> int:  # type: ignore[no-untyped-def]
        return len(self.rows) + 1

    def watch_cursor(self, value: int) -> None:
        self.refresh()
        if self.rows:
            self.post_message(self.Moved(self, self.rows[value].key))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = (self.cursor + step) % len(self.rows)

    def on_click(self, event: Click) -> None:
        row = event.y - 1
        if 0 <= row < len(self.rows):
            self.cursor = row

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
