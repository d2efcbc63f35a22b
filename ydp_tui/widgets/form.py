"""Forms built from :class:`~ydp_tui.rules.fields.FieldSpec`: every field validates as it is
typed and says what is wrong, in Korean, on the line below it.  The same specs drive import
and the services' final check, so the form never accepts what a save would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Select, Static

from ydp_tui import clock, data
from ydp_tui.rules import keco
from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.validation import Invalid, age_on, format_won


def ui_context() -> ParseContext:
    return ParseContext(today=clock.today(), keco_names=data.keco_names())


class MultiChoice(Widget, can_focus=True):
    """Choices on one or two lines, for short lists.

    Several (``single=False``): Left/Right move, Space toggles.  One (``single=True``):
    Left/Right choose at once, Space toggles the current one, Backspace clears.
    """

    DEFAULT_CSS = """
    MultiChoice { height: auto; width: 1fr; background: $boost; }
    MultiChoice:focus { background: $surface-lighten-1; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "이전", show=False),
        Binding("right", "move(1)", "다음", show=False),
        Binding("space", "toggle", "선택", id="choice.toggle"),
        Binding("backspace,delete", "clear", "지우기", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Changed(Message):
        widget: MultiChoice

        @property
        def control(self) -> MultiChoice:
            return self.widget

    def __init__(self, choices: Sequence[str], *, single: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = list(choices)
        self.single = single
        self.selected: list[str] = []

    @property
    def value(self) -> Any:
        if self.single:
            return self.selected[0] if self.selected else ""
        return [c for c in self.choices if c in self.selected]

    @value.setter
    def value(self, items: Any) -> None:
        if isinstance(items, str):
            items = [items] if items else []
        self.selected = [c for c in items if c in self.choices][: 1 if self.single else None]
        if self.selected:
            self.cursor = self.choices.index(self.selected[0])
        self.refresh(layout=True)

    def render(self) -> Text:
        text = Text()
        for i, choice in enumerate(self.choices):
            on = choice in self.selected
            mark = ("(o)" if on else "( )") if self.single else ("[v]" if on else "[ ]")
            style = "reverse" if self.has_focus and i == self.cursor else ("bold" if on else "")
            if i:
                text.append("  ")
            text.append(f"{mark} {choice}", style=style)
        return text

    def _changed(self) -> None:
        self.refresh(layout=True)
        self.post_message(self.Changed(self))

    def action_move(self, step: int) -> None:
        if self.single and not self.selected:
            self.selected = [self.choices[self.cursor]]
            self._changed()
            return
        self.cursor = (self.cursor + step) % len(self.choices)
        if self.single:
            self.selected = [self.choices[self.cursor]]
            self._changed()

    def action_toggle(self) -> None:
        choice = self.choices[self.cursor]
        if choice in self.selected:
            self.selected.remove(choice)
        elif self.single:
            self.selected = [choice]
        else:
            self.selected.append(choice)
        self._changed()

    def action_clear(self) -> None:
        if self.selected:
            self.selected = []
            self._changed()

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class FieldRow(Vertical):
    """Label and control on one line, the message (error or hint) below it."""

    DEFAULT_CSS = """
    FieldRow { height: auto; margin: 0 0 0 0; }
    FieldRow > Horizontal { height: auto; }
    FieldRow .field-label { width: 14; padding: 0 1 0 0; color: $text-muted; }
    FieldRow.-required .field-label { color: $text; }
    FieldRow Input { width: 1fr; }
    FieldRow Select { width: 1fr; }
    FieldRow .field-message { height: auto; padding: 0 0 0 14; display: none; }
    FieldRow.-has-message .field-message { display: block; }
    FieldRow.-invalid .field-message { color: $error; }
    FieldRow .field-message.-hint { color: $text-muted; }
    """

    def __init__(self, spec: FieldSpec, *, hint: Callable[[Any], str] | None = None) -> None:
        super().__init__(id=f"row-{spec.key}", classes="-required" if spec.required else "")
        self.spec = spec
        self.touched = False
        self._programmatic: Any = None
        self.hint_fn = hint

    # --- composition --------------------------------------------------------------

    def make_control(self) -> Widget:
        spec = self.spec
        cid = f"field-{spec.key}"
        if spec.kind == "choice" and len(spec.choices) <= 6:
            return MultiChoice(spec.choices, single=True, id=cid)
        if spec.kind == "choice":
            # A long list: type to narrow (suggestions complete with Right), completed on leaving.
            return Input(placeholder=spec.placeholder or "입력하면 목록에서 찾습니다", compact=True, id=cid,
                         suggester=SuggestFromList(spec.choices, case_sensitive=False))
        if spec.kind == "multi":
            return MultiChoice(spec.choices, id=cid)
        if spec.kind == "yesno":
            return Checkbox(spec.label, compact=True, id=cid)
        return Input(placeholder=spec.placeholder, max_length=spec.max_length if spec.kind in
                     ("text", "name", "longtext", "list") else 40, compact=True, id=cid)

    def compose(self) -> ComposeResult:
        label = self.spec.label + (" *" if self.spec.required else "")
        with Horizontal():
            yield Label(label, classes="field-label")
            yield self.make_control()
        yield Static("", classes="field-message")

    @property
    def control(self) -> Widget:
        return self.query_one(f"#field-{self.spec.key}")

    # --- values -------------------------------------------------------------------

    def raw(self) -> Any:
        c = self.control
        if isinstance(c, Select):
            return "" if c.value is Select.NULL else c.value
        if isinstance(c, MultiChoice):
            return c.value
        if isinstance(c, Checkbox):
            return c.value
        assert isinstance(c, Input)
        return c.value

    def set_raw(self, value: Any) -> None:
        c = self.control
        if isinstance(c, Select):
            c.value = value if value in self.spec.choices else Select.NULL
        elif isinstance(c, MultiChoice):
            c.value = value if isinstance(value, list | tuple) else [v for v in str(value or "").split(";") if v]
        elif isinstance(c, Checkbox):
            c.value = bool(value)
        else:
            assert isinstance(c, Input)
            c.value = "" if value is None else str(value)
        self.touched = False
        self._programmatic = self.raw()
        self.set_message("", invalid=False)

    # --- messages -----------------------------------------------------------------

    def set_message(self, message: str, *, invalid: bool) -> None:
        widget = self.query_one(".field-message", Static)
        widget.update(Text(message))
        widget.set_class(not invalid and bool(message), "-hint")
        self.set_class(bool(message), "-has-message")
        self.set_class(invalid, "-invalid")

    def check(self, *, show_required: bool = False) -> str | None:
        """Validate the current value; show the result; return the error (or None)."""
        raw = self.raw()
        try:
            value = self.spec.parse(raw, ui_context())
        except Invalid as exc:
            if self.spec.is_empty(raw) and not (self.touched or show_required):
                self.set_message("", invalid=False)
                return str(exc)
            self.set_message(str(exc), invalid=True)
            return str(exc)
        self.set_message(self.hint(value), invalid=False)
        return None

    def hint(self, value: Any) -> str:
        if value is None or value == []:
            return ""
        if self.hint_fn is not None:
            return self.hint_fn(value)
        kind = self.spec.kind
        if kind == "codes":
            names = data.keco_names()
            return ", ".join(keco.describe(c, names) for c in value)
        if kind == "amount":
            return format_won(value)
        if kind == "birth":
            return f"만 {age_on(value, clock.today())}세"
        return ""

    def normalise(self) -> None:
        """Show the stored form of the value (dates, phones) once the field is left."""
        c = self.control
        if not isinstance(c, Input) or not c.value.strip():
            return
        if self.spec.kind == "choice":
            typed = c.value.strip()
            found = [x for x in self.spec.choices if x.startswith(typed)] or \
                [x for x in self.spec.choices if typed in x]
            if typed not in self.spec.choices and len(found) == 1:
                c.value = found[0]
            return
        if self.spec.kind in ("date", "birth", "past_date", "time", "mobile", "phone", "brn"):
            try:
                c.value = self.spec.format(self.spec.parse(c.value, ui_context()))
            except Invalid:
                pass

    @on(Input.Changed)
    @on(Select.Changed)
    @on(MultiChoice.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Message) -> None:
        if getattr(event, "control", None) is not self.control:
            return
        if not self.touched and self.raw() == self._programmatic:
            return  # the change a load or a clear made, not the user's typing
        self.touched = True
        self.check()

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        if event.input is self.control:
            self.normalise()


class FormView(VerticalScroll):
    """A scrolling form of :class:`FieldRow` s."""

    DEFAULT_CSS = """
    FormView { height: 1fr; padding: 0 1; }
    """

    def __init__(self, specs: Sequence[FieldSpec], *, hints: dict[str, Callable[[Any], str]] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.specs = list(specs)
        self.hints = hints or {}

    def compose(self) -> ComposeResult:
        for spec in self.specs:
            yield FieldRow(spec, hint=self.hints.get(spec.key))

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def row(self, key: str) -> FieldRow:
        return self.query_one(f"#row-{key}", FieldRow)

    def raw_values(self) -> dict[str, Any]:
        return {row.spec.key: row.raw() for row in self.rows()}

    def load(self, values: dict[str, Any]) -> None:
        for row in self.rows():
            row.set_raw(values.get(row.spec.key, ""))

    def clear(self) -> None:
        for row in self.rows():
            row.set_raw("" if row.spec.kind != "multi" else [])

    def check_all(self) -> dict[str, str]:
        """Validate every field (required ones included); returns errors by label."""
        errors = {}
        for row in self.rows():
            err = row.check(show_required=True)
            if err:
                errors[row.spec.label] = err
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show errors (by label) from a save the service refused; focus the first."""
        first = None
        for row in self.rows():
            if row.spec.label in errors:
                row.set_message(errors[row.spec.label], invalid=True)
                first = first or row
        if first is not None:
            first.control.focus()
            first.scroll_visible()

    def focus_first(self) -> None:
        rows = self.rows()
        if rows:
            rows[0].control.focus()
