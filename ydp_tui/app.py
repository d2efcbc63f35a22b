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
        pin_for: str | None = None   # --operator names an account with a PIN: ask it
        refused: str | None = None   # --operator may not work (locked, deactivated)

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
        self.switch_mode("home")  # the theme is Textual's default dark one: setting it again costs a restyle

    def on_ready(self) -> None:
        # After the first frame: the database layer's imports must not delay it.
        self.open_database()

    @work(thread=True, exclusive=True, group="open-database")
    def open_database(self) -> None:
        from ydp_tui.db.engine import Database
        from ydp_tui.db.errors import PinRequired, SignInRefused, YdpError

        pin_for = refused = None
        try:
            db = Database.open(self.config.db, operator="", read_only=self.config.read_only)
            counts = None
            if self.config.demo:
                from ydp_tui import demo
                from ydp_tui.db import seekers

                if seekers.count(db) == 0:
                    counts = demo.generate(db, self.config.demo_scale, self.config.demo_seed,
                                           lambda what, done, total: self.call_from_thread(
                                               self._demo_progress, what, done, total))
            if self.operator_name:  # after the demo: its accounts decide the role
                try:
                    db.set_operator(self.operator_name)
                except PinRequired:
                    pin_for = self.operator_name
                except SignInRefused as exc:
                    refused = str(exc)
        except YdpError as exc:
            self.post_message(self.DatabaseFailed(str(exc)))
            return
        self.post_message(self.DatabaseOpened(db, counts, pin_for, refused))

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
            from ydp_tui import clock

            self.notify("데모 데이터: " + ", ".join(f"{k} {v:,}" for k, v in event.demo_counts.items())
                        + f"\n오늘은 {clock.today():%Y. %-m. %-d.}로 둡니다 (데모 자료의 기준일)",
                        title="데모 데이터베이스", timeout=8)
        self._update_status()
        for screen in self._all_screens():
            handler = getattr(screen, "on_database_ready", None)
            if handler is not None:
                handler()
        self.prewarm_search()
        self.daily_backup()
        if event.db.key_warning:
            self.notify(event.db.key_warning, title="암호화 키", severity="warning", timeout=15)
        if event.pin_for:
            self.operator_name = ""
            self._update_status()
            self.ask_pin(event.pin_for)
        elif event.refused:
            self.operator_name = ""
            self._update_status()
            self._sign_in_refused(event.refused)
        elif not self.operator_name:
            self.choose_operator()

    @work(thread=True, exclusive=True, group="prewarm")
    def prewarm_search(self) -> None:
        """After the first frame: import the sections' screens (so the first F-key opens at once)
        and what they import late (a module's optional ``prewarm()``), then build the name index
        search-as-you-type reads."""
        from ydp_tui.db import seekers

        for s in SECTIONS:
            module = importlib.import_module(s.target.partition(":")[0])
            prewarm = getattr(module, "prewarm", None)
            if prewarm is not None:
                prewarm()
        if self.db is not None:
            seekers.prewarm(self.db)

    @work(thread=True, exclusive=True, group="daily-backup")
    def daily_backup(self) -> None:
        """SQLite: today's automatic backup if there is none yet (db/backup.py)."""
        from ydp_tui.db import backup
        from ydp_tui.db.errors import YdpError

        if self.db is None:
            return
        try:
            backup.daily(self.db)
        except YdpError as exc:
            self.call_from_thread(self.notify, f"오늘의 자동 백업을 만들지 못했습니다: {exc}", severity="warning",
                                  timeout=10)

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

    def choose_operator(self) -> None:
        """Ask who is working (the operator screen), then sign them in."""
        from ydp_tui.screens.operator import OperatorScreen

        self.push_screen(OperatorScreen(), self.set_operator)

    def set_operator(self, name: str | None) -> None:
        if not name:
            if self.db is not None and not self.operator_name:
                self._check_nobody_may_work()
            return
        if self.db is None:
            self.operator_name = name
            self._update_status()
            return
        self._apply_operator(name)

    @work(thread=True, exclusive=True, group="operator")
    def _apply_operator(self, name: str) -> None:
        from ydp_tui.db.errors import PinRequired, SignInRefused

        db = self.db
        if db is None:
            return
        try:
            db.set_operator(name)
        except PinRequired:
            self.call_from_thread(self.ask_pin, name)
            return
        except SignInRefused as exc:
            self.call_from_thread(self._sign_in_refused, str(exc))
            return
        self.call_from_thread(self._signed_in, name)

    @work(thread=True, exclusive=True, group="operator")
    def _check_nobody_may_work(self) -> None:
        """Choosing nobody is allowed unless the policy says only account holders work."""
        from ydp_tui.db import operators

        db = self.db
        if db is None:
            return
        with db.session() as session:
            required = operators.security_policy(session).accounts_required
        if required:
            self.call_from_thread(self._sign_in_refused, "계정 있는 담당자만 일할 수 있습니다. 담당자를 고르세요")

    def ask_pin(self, name: str) -> None:
        from ydp_tui.screens.signin import PinScreen

        def done(signed_in: str | None) -> None:
            if signed_in:
                self._signed_in(signed_in)
            else:
                self.choose_operator()

        self.push_screen(PinScreen(name), done)

    def _sign_in_refused(self, message: str) -> None:
        self.notify(message, title="로그인", severity="error", timeout=10)
        self.choose_operator()

    def _signed_in(self, name: str) -> None:
        self.operator_name = name
        self._update_status()
        role = self.db.role if self.db is not None else ""
        self.notify(f"{name} ({role})", title="담당자")

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
