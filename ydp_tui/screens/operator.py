"""Choosing who is working (shown on every screen, written on every record and log entry)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui.rules.validation import Invalid, normalize_name
from ydp_tui.widgets.dialogs import DIALOG_CSS


class OperatorScreen(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="OperatorScreen") + """
    OperatorScreen OptionList { height: auto; max-height: 8; }
    OperatorScreen .prompt-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "skip", "나중에", id="operator.skip")]

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("담당자 선택", classes="dialog-title")
            yield Static(Text("누가 일하는지 기록합니다. 이름을 입력하거나 목록에서 고르세요 (Enter). "
                              "PIN이 있는 계정은 다음 화면에서 PIN을 묻습니다."))
            yield Input(placeholder="담당자 이름", max_length=50, id="operator-name")
            yield OptionList(id="operator-list")
            yield Static("", classes="prompt-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.run_worker(self._load, thread=True, group="operators")

    def _load(self) -> None:
        from ydp_tui.db import operators

        names = operators.names(self.app.db)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, names)

    def _show(self, names: list[str]) -> None:
        self.names = names
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(Text(n), id=n) for n in names])
        self.query_one(Input).suggester = SuggestFromList(names, case_sensitive=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            name = normalize_name(event.value)
        except Invalid as exc:
            self.query_one(".prompt-error", Static).update(Text(f"담당자 이름: {exc}"))
            return
        self.dismiss(name)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))

    def action_skip(self) -> None:
        self.dismiss(None)
