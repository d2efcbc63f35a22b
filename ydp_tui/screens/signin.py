"""Signing in with a PIN (an account that has one): the PIN is checked in a worker; wrong PINs
are counted and five lock the account (db/operators.py)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from ydp_tui.widgets.dialogs import DIALOG_CSS, SecretInput


class PinScreen(ModalScreen[str | None]):
    """Ask ``name``'s PIN; dismissed with the name once signed in, None when given up."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PinScreen") + """
    PinScreen Input { width: 24; }
    PinScreen .prompt-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "다른 담당자", id="pin.cancel", tooltip="담당자를 다시 고릅니다")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.operator = name
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"{self.operator} 로그인"), classes="dialog-title")
            yield Static(Text("이 계정은 PIN으로 로그인합니다. PIN을 입력하고 Enter를 누르세요."))
            yield SecretInput(password=True, max_length=12, placeholder="PIN (숫자)", id="pin")
            yield Static("", classes="prompt-error", id="pin-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#pin")
    def _submitted(self, event: Input.Submitted) -> None:
        pin = event.value
        if self.checking:
            return
        if not pin:
            self._error("PIN을 입력하세요 (다른 담당자: Esc)")
            return
        db = self.app.db  # type: ignore[attr-defined]
        if db is None:
            self._error("데이터베이스를 여는 중입니다. 잠시 뒤에 다시 시도하세요.")
            return
        self.checking = True
        name = self.operator

        def check() -> None:
            from ydp_tui.db.errors import YdpError

            try:
                db.set_operator(name, pin)
            except YdpError as exc:
                self.app.call_from_thread(self._refused, exc)
                return
            self.app.call_from_thread(self.dismiss, name)

        self.run_worker(check, thread=True, group="sign-in", exclusive=True)

    def _refused(self, exc: Exception) -> None:
        self.checking = False
        pin = self.query_one("#pin", Input)
        pin.value = ""
        self._error(str(exc))
        if getattr(exc, "locked", False):
            pin.disabled = True  # nothing more to try here: Esc to choose someone else
        else:
            pin.focus()

    def _error(self, message: str) -> None:
        self.query_one("#pin-error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
