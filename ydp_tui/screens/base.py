"""The base of every screen: top bar, body, footer; database work in thread workers.

``run_service(fn, done)`` runs ``fn`` (which calls ``ydp_tui.db`` services) in a thread
worker and hands its result to ``done`` on the UI thread; a :class:`YdpError` is shown as
its Korean message (or passed to ``failed``).  Workers never touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, get_current_worker

from ydp_tui import strings
from ydp_tui.db.errors import YdpError
from ydp_tui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from ydp_tui.app import YdpApp
    from ydp_tui.db.engine import Database

T = TypeVar("T")


class BaseScreen(Screen):
    TITLE_TEXT = ""
    # Actions that write: shown disabled, and refused, when the database is opened --read-only
    # (a screen with other conditions overrides ``check_action`` and calls this one).
    WRITE_ACTIONS: frozenset[str] = frozenset()
    BINDINGS = [
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE_TEXT)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    # --- the app and its database ---------------------------------------------------

    @property
    def ydp(self) -> YdpApp:
        return self.app  # type: ignore[return-value]

    @property
    def db(self) -> Database | None:
        return self.ydp.db

    def require_db(self) -> Database | None:
        if self.db is None:
            self.notify(strings.NOT_READY, severity="warning")
        return self.db

    def on_database_ready(self) -> None:
        """Called on every screen in the stack once the database is open (override to load)."""

    # --- workers --------------------------------------------------------------------

    def run_service(self, fn: Callable[[], T], done: Callable[[T], None] | None = None, *,
                    failed: Callable[[YdpError], None] | None = None, group: str = "db",
                    exclusive: bool = True, name: str = "") -> Worker[None] | None:
        if self.require_db() is None:
            return None

        def work() -> None:
            worker = get_current_worker()
            try:
                result = fn()
            except YdpError as exc:
                if not worker.is_cancelled:
                    self.app.call_from_thread(failed or self.show_error, exc)
                return
            except Exception as exc:  # noqa: BLE001 - shown, logged, never a crash
                if not worker.is_cancelled:
                    self.app.call_from_thread(self.show_unexpected, exc)
                return
            if done is not None and not worker.is_cancelled:
                self.app.call_from_thread(done, result)

        return self.run_worker(work, thread=True, group=group, exclusive=exclusive, name=name or group)

    def show_error(self, exc: YdpError) -> None:
        from ydp_tui.widgets.dialogs import MessageDialog

        lines = str(exc).splitlines()
        if len(lines) > 1:
            self.app.push_screen(MessageDialog(lines[0] if len(lines) < 2 else f"{len(lines)}개 문제", lines,
                                               error=True))
        else:
            self.notify(str(exc), severity="error", timeout=8)

    def show_unexpected(self, exc: Exception) -> None:
        self.log.error(repr(exc))
        self.notify(f"{strings.UNEXPECTED}: {type(exc).__name__}: {exc}", severity="error", timeout=10)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and self.ydp.config.read_only:
            return None
        return True

    # --- navigation -----------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.ydp.go_home()


class ReloadingScreen(BaseScreen):
    """A screen showing what :meth:`reload` loads: loaded once the database is open and again
    whenever the screen comes back on top (another screen may have changed it).  ``on_mount``
    calls ``reload`` itself when the database is already open."""

    def on_database_ready(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError
