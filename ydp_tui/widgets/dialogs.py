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

from ydp_tui.widgets.form import FormView

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


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few choices (Enter), Esc cancels; the current one is highlighted."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog") + "ChoiceDialog OptionList { height: auto; }"
    BINDINGS = [Binding("escape", "cancel", "취소", id="dialog.cancel")]

    def __init__(self, title: str, choices: Sequence[str], current: str | None = None) -> None:
        super().__init__()
        self.title_text, self.choices, self.current = title, list(choices), current

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList
        from textual.widgets.option_list import Option

        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(Text(c), id=c) for c in self.choices])
        yield Footer()

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        options = self.query_one(OptionList)
        options.focus()
        if self.current in self.choices:
            options.highlighted = self.choices.index(self.current)

    def on_option_list_option_selected(self, event) -> None:  # type: ignore[no-untyped-def]
        self.dismiss(str(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SecretInput(Input):
    """A masked input drawn with ``*`` (Textual's bullet is East-Asian ambiguous: some Korean
    terminals draw it two cells wide)."""

    @property
    def _value(self) -> Text:  # type: ignore[override]
        if self.password:
            return Text("*" * len(self.value), no_wrap=True, overflow="ignore", end="")
        return super()._value


class SecretsDialog(ModalScreen[dict[str, str] | None]):
    """A few masked or plain inputs (a PIN twice, a name): Enter on the last one submits."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SecretsDialog") + """
    SecretsDialog .field { height: auto; }
    SecretsDialog .field Label { width: 14; padding: 0 1 0 0; }
    SecretsDialog .field Input { width: 1fr; background: $boost; }
    SecretsDialog .prompt-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "취소", id="dialog.cancel")]

    def __init__(self, title: str, fields: Sequence[tuple[str, str, bool]], *, note: str = "") -> None:
        """``fields``: (key, label, masked)."""
        super().__init__()
        self.title_text, self.fields, self.note = title, list(fields), note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(Text(self.note))
            for key, label, masked in self.fields:
                with Horizontal(classes="field"):
                    yield Label(Text(label))
                    yield SecretInput(password=masked, max_length=50, id=f"f-{key}", compact=True,
                                      placeholder="숫자 (가려서 보임)" if masked else f"{label} 입력")
            yield Static("", classes="prompt-error", id="secrets-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def show_error(self, message: str) -> None:
        self.query_one("#secrets-error", Static).update(Text(message))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index < len(inputs) - 1:
            inputs[index + 1].focus()
            return
        self.dismiss({key: self.query_one(f"#f-{key}", Input).value for key, _l, _m in self.fields})

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormDialog(ModalScreen[dict | None]):
    """A few fields in a dialog (a date and a reason, a choice and a date): built from
    :class:`~ydp_tui.rules.fields.FieldSpec` s like any form; Ctrl+S (or Enter on the last field)
    returns the raw values once they check, Esc cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FormDialog") + """
    FormDialog FormView { height: auto; max-height: 14; padding: 0; }
    FormDialog .dialog-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "확인", id="form-dialog.save", priority=True),
        Binding("escape", "cancel", "취소", id="dialog.cancel"),
    ]

    def __init__(self, title: str, specs: Sequence, values: dict | None = None, *, hint: str = "") -> None:
        super().__init__()
        self.title_text, self.specs, self.values, self.hint = title, list(specs), dict(values or {}), hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.hint:
                yield Static(Text(self.hint), classes="dialog-hint")
            yield FormView(self.specs)
        yield Footer()

    def on_mount(self) -> None:
        form = self.query_one(FormView)
        for key, value in self.values.items():
            form.row(key).set_raw(value)
        form.focus_first()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        rows = self.query_one(FormView).rows()
        if rows and event.input is rows[-1].control:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        form = self.query_one(FormView)
        errors = form.check_all()
        if errors:
            form.show_errors(errors)
            return
        self.dismiss(form.raw_values())

    def action_cancel(self) -> None:
        self.dismiss(None)
