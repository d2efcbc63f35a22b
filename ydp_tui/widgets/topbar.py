"""One line at the top of every screen: where you are, and who is working on which database."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ydp_tui import strings


class TopBar(Static):
    DEFAULT_CSS = """
    TopBar {
        dock: top;
        height: 1;
        width: 100%;
        background: $primary;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.screen_title = title

    def on_mount(self) -> None:
        self.watch(self.app, "status_text", self._refresh, init=True)

    def set_title(self, title: str) -> None:
        self.screen_title = title
        self._refresh()

    def _refresh(self, _value: object = None) -> None:
        self.update(self._line_text())

    def _line_text(self) -> Text:
        left = Text.assemble((strings.APP_TITLE, "bold"), " ", (self.screen_title, "bold"))
        right = Text(getattr(self.app, "status_text", ""))
        width = max(self.size.width - 2, 20) if self.size.width else 78
        gap = width - left.cell_len - right.cell_len
        if gap < 1:
            right.truncate(max(width - left.cell_len - 1, 0), overflow="crop")
            gap = 1
        return Text.assemble(left, " " * gap, right)

    def on_resize(self) -> None:
        self._refresh()
