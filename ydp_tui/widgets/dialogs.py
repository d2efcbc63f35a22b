"""Small modal dialogs: confirm, message (with a scrolling list), text prompt, progress."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Static

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 90%;
    border: round $primary; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; padding: 0 0 1 0; width: 100%; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; padding: 1 0 0 0; }}
{name} .dialog-buttons Button {{ margin: 0 0 0 1; }}
"""


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no. Enter or Y confirms, Esc or N cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [
        Binding("escape,n", "answer(False)", "아니오", id="dialog.no"),
        Binding("y", "answer(True)", "예", id="dialog.yes"),
    ]

    def __init__(self, title: str, message: str = "", *, yes: str = "예", no: str = "아니오") -> None:
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.message:
                yield Static(Text(self.message))
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes", compact=True)
                yield Button(self.no, id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class MessageDialog(ModalScreen[None]):
    """A title and lines (an import's row errors, a refusal); scrolls when long."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MessageDialog") + """
    MessageDialog VerticalScroll { height: auto; max-height: 16; }
    MessageDialog .-error { color: $error; }
    """
    BINDINGS = [Binding("escape,enter", "dismiss_dialog", "닫기", id="dialog.close")]

    def __init__(self, title: str, lines: Sequence[str] = (), *, error: bool = False) -> None:
        super().__init__()
        self.title_text, self.lines, self.error = title, list(lines), error

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title" + (" -error" if self.error else ""))
            with VerticalScroll():
                for line in self.lines:
                    yield Static(Text(line))
            with Horizontal(classes="dialog-buttons"):
                yield Button("닫기", variant="primary", id="close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed)
    def _pressed(self) -> None:
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text (a file path, a reason). Enter accepts, Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TextPrompt") + """
    TextPrompt Input { width: 100%; }
    TextPrompt .prompt-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "취소", id="dialog.cancel")]

    def __init__(self, title: str, label: str = "", *, value: str = "", placeholder: str = "",
                 required: bool = True, max_length: int = 500, password: bool = False) -> None:
        super().__init__()
        self.title_text, self.label, self.value = title, label, value
        self.placeholder, self.required, self.max_length = placeholder, required, max_length
        self.password = password  # typed text shown as dots (a passphrase)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.label:
                yield Label(Text(self.label))
            yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="prompt-input",
                        password=self.password)
            yield Static("", classes="prompt-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value if self.password else event.value.strip()
        if self.required and not text:
            self.query_one(".prompt-error", Static).update("값을 입력하세요 (취소: Esc)")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProgressDialog(ModalScreen[None]):
    """Long work in a worker: a bar the worker advances (``advance``), closed with ``finish``."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ProgressDialog") + """
    ProgressDialog ProgressBar { width: 100%; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static("", id="progress-what")
            yield ProgressBar(total=None, show_eta=False, id="progress-bar")

    def advance(self, what: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        if total:
            bar.update(total=total, progress=done)
        self.query_one("#progress-what", Static).update(Text(f"{what} {done:,}/{total:,}" if total else what))
