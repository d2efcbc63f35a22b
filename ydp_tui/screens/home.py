"""The home menu: every section with its key, the database's state, and how to find anyone."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui import strings
from ydp_tui.screens import SECTIONS
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.widgets.text import pad_cells


MENU_KEYS = "1234567890"  # the first ten sections by number; the rest by F-key, Enter or Ctrl+P


class HomeScreen(ReloadingScreen):
    TITLE_TEXT = strings.HOME
    DEFAULT_CSS = """
    HomeScreen #menu { height: auto; max-height: 1fr; margin: 1 1 0 1; border: round $primary; }
    HomeScreen #opening { padding: 0 1; color: $warning; height: auto; }
    HomeScreen #summary { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "noop", "", show=False),
        *[Binding(key, f"pick({i})", show=False) for i, key in enumerate(MENU_KEYS[:len(SECTIONS)])],
    ]

    def compose_body(self):  # type: ignore[override]
        with Vertical():
            yield Static("", id="opening")
            yield OptionList(*self._options(), id="menu")
            yield Static("", id="summary")
            yield Static(Text("사람 찾기: Ctrl+P 뒤 이름ㆍ초성(ㄱㅁㅅ)ㆍ전화번호   메뉴: 숫자 또는 Enter   "
                              "어디서나 F1 처음 화면"), classes="hint")

    def _options(self) -> list[Option]:
        options = []
        for i, s in enumerate(SECTIONS):
            key = s.key.upper() if s.key else ""
            number = MENU_KEYS[i] if i < len(MENU_KEYS) else " "
            label = Text.assemble((number, "bold"), "  ", (pad_cells(s.title, 15), "bold"),
                                  (f"{key:<5}", "dim"), (s.help, "dim"))
            label.no_wrap = True
            label.overflow = "crop"
            options.append(Option(label, id=s.id))
        return options

    def on_mount(self) -> None:
        self.watch(self.app, "opening", self._opening_changed, init=True)
        self.query_one("#menu", OptionList).focus()
        self.query_one("#menu", OptionList).highlighted = 0

    def _opening_changed(self, text: str) -> None:
        widget = self.query_one("#opening", Static)
        widget.update(Text(text))
        widget.display = bool(text)

    def reload(self) -> None:
        def load() -> str:
            from ydp_tui.db import seekers

            db = self.db
            assert db is not None
            return (f"구직자 {seekers.count(db):,}명 (구직중 {seekers.count(db, status='구직중'):,}명)")

        self.run_service(load, lambda text: self.query_one("#summary", Static).update(Text(text)),
                         group="home-summary")

    @on(OptionList.OptionSelected, "#menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.ydp.open_section(str(event.option.id))

    def action_pick(self, index: int) -> None:
        self.ydp.open_section(SECTIONS[index].id)

    def action_noop(self) -> None:
        pass
