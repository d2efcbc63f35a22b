"""The Textual application: sections as modes, global keys, the command palette, and the
database opened in a worker after the first frame (SQLAlchemy is never imported before it).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from ydp_tui import strings
from ydp_tui.config import Config
from ydp_tui.palette import PeopleProvider, SectionsProvider
from ydp_tui.screens import SECTIONS, Section

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database


def _factory(target: str) -> Callable[[], Screen]:
    def make() -> Screen:
        module, _, name = target.partition(":")
        return getattr(importlib.import_module(module), name)()

    return make


def _modes() -> dict[str, Callable[[], Screen]]:
    modes: dict[str, Callable[[], Screen]] = {"home": _factory("ydp_tui.screens.home:HomeScreen")}
    for s in SECTIONS:
        modes[s.id] = _factory(s.target)
    return modes


def _bindings() -> list[Binding]:
    bindings = [
        Binding("f1", "go_home", strings.HOME, id="app.home", tooltip="처음 화면(메뉴)으로 갑니다"),
        Binding("ctrl+q", "quit", strings.QUIT, id="app.quit", priority=True, tooltip="앱을 끝냅니다"),
        Binding("ctrl+p", "command_palette", "명령", id="app.palette", priority=True, show=False,
                tooltip="사람(이름, 초성, 전화번호)이나 화면으로 바로 갑니다"),
    ]
    for s in SECTIONS:
        if s.key:
            bindings.append(Binding(s.key, f"open_section('{s.id}')", s.title, id=f"app.section.{s.id}",
                                    show=False, tooltip=s.help))
    return bindings


class YdpApp(App[None]):
    CSS_PATH = str(Path(__file__).with_name("app.tcss"))
    TITLE = strings.APP_TITLE
    SUB_TITLE = strings.DIVISION
    MODES = _modes()
    BINDINGS = _bindings()
    COMMANDS = App.COMMANDS | {PeopleProvider, SectionsProvider}

    status_text: reactive[str] = reactive("")
    opening: reactive[str] = reactive(strings.OPENING)

    @dataclass
    class DatabaseOpened(Message):
        db: Any
        demo_counts: dict[str, int] | None

    @dataclass
    class DatabaseFailed(Message):
        message: str

    def __init__(self, config: Config, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.config = config
        self.db: Database | None = None
        self.exit_message: str | None = None
        self.freeze_cursor = not cursor_blink
        self.operator_name = config.operator or ""
        self._update_status()

    # --- startup --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.switch_mode("home")

    def on_ready(self) -> None:
        # After the first frame: the database layer's imports must not delay it.
        self.open_database()

    @work(thread=True, exclusive=True, group="open-database")
    def open_database(self) -> None:
        from ydp_tui.db.engine import Database
        from ydp_tui.db.errors import YdpError

        try:
            db = Database.open(self.config.db, operator=self.operator_name, read_only=self.config.read_only)
            counts = None
            if self.config.demo:
                from ydp_tui import demo
                from ydp_tui.db import seekers

                if seekers.count(db) == 0:
                    counts = demo.generate(db, self.config.demo_scale, self.config.demo_seed,
                                           lambda what, done, total: self.call_from_thread(
                                               self._demo_progress, what, done, total))
                    db.set_operator(db.operator)  # the demo made the accounts (최팀장 is a supervisor)
        except YdpError as exc:
            self.post_message(self.DatabaseFailed(str(exc)))
            return
        self.post_message(self.DatabaseOpened(db, counts))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Snapshot tests run with the cursor blink frozen (DESIGN.md: deterministic tests).
        if self.freeze_cursor and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    def _demo_progress(self, what: str, done: int, total: int) -> None:
        self.opening = f"데모 데이터 만드는 중: {what} {done:,}/{total:,}"

    @on(DatabaseOpened)
    def _opened(self, event: DatabaseOpened) -> None:
        self.db = event.db
        self.opening = ""
        if self.config.demo and event.demo_counts:
            self.notify("데모 데이터: " + ", ".join(f"{k} {v:,}" for k, v in event.demo_counts.items()),
                        title="데모 데이터베이스", timeout=6)
        self._update_status()
        for screen in self._all_screens():
            handler = getattr(screen, "on_database_ready", None)
            if handler is not None:
                handler()
        self.prewarm_search()
        if not self.operator_name:
            from ydp_tui.screens.operator import OperatorScreen

            self.push_screen(OperatorScreen(), self.set_operator)

    @work(thread=True, exclusive=True, group="prewarm")
    def prewarm_search(self) -> None:
        from ydp_tui.db import seekers

        if self.db is not None:
            seekers.prewarm(self.db)

    @on(DatabaseFailed)
    def _failed(self, event: DatabaseFailed) -> None:
        self.exit_message = event.message
        self.exit(return_code=2)

    def _all_screens(self) -> list[Screen]:
        screens: list[Screen] = []
        for stack in self._screen_stacks.values():
            screens.extend(stack)
        return screens

    # --- who and where ----------------------------------------------------------------

    def set_operator(self, name: str | None) -> None:
        if not name:
            return
        self.operator_name = name
        self._update_status()
        if self.db is not None:
            self._apply_operator(name)

    @work(thread=True, exclusive=True, group="operator")
    def _apply_operator(self, name: str) -> None:
        if self.db is not None:
            self.db.set_operator(name)
        self.call_from_thread(self._update_status)

    def _update_status(self) -> None:
        parts = [f"{strings.OPERATOR} {self.operator_name or '(선택 전)'}", self.config.db_label]
        if self.db is not None:
            parts.append(f"{strings.MACHINE} {self.db.site_code}")
        if self.config.read_only:
            parts.append(strings.READ_ONLY)
        self.status_text = " | ".join(parts)

    # --- navigation -----------------------------------------------------------------

    def action_go_home(self) -> None:
        self.go_home()

    def go_home(self) -> None:
        if self.current_mode != "home":
            self.switch_mode("home")

    def action_open_section(self, section_id: str) -> None:
        self.open_section(section_id)

    def open_section(self, section_id: str) -> None:
        if self.current_mode != section_id:
            self.switch_mode(section_id)

    def open_seeker(self, seeker_id: str) -> None:
        from ydp_tui.screens.seeker_detail import SeekerDetailScreen

        self.open_section("seekers")
        self.push_screen(SeekerDetailScreen(seeker_id))

    @property
    def sections(self) -> list[Section]:
        return SECTIONS
