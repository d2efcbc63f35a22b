"""One record's form from its field specs: values checked as typed, Ctrl+S saves through a
service in a worker, the service's refusal shown beside the fields, nothing typed is lost.

The screen is pushed with a callback; it dismisses with what ``save`` returned::

    self.app.push_screen(RecordForm("회차 추가", rules.SESSION_FIELDS, save=lambda raw: ...), done)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ydp_tui import strings
from ydp_tui.db.errors import ValidationFailed, YdpError
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.form import FormView


class RecordForm(BaseScreen):
    DEFAULT_CSS = """
    RecordForm #form-note { padding: 0 1; color: $text-muted; height: auto; }
    """
    WRITE_ACTIONS = frozenset({"save"})
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="record-form.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, title: str, specs: Sequence[FieldSpec], *, save: Callable[[dict[str, Any]], Any],
                 values: dict[str, Any] | None = None, note: str = "",
                 saved_message: Callable[[Any], str] | None = None,
                 hints: dict[str, Callable[[Any], str]] | None = None,
                 prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.specs = list(specs)
        self.save_fn = save
        self.values = values or {}
        self.note = note
        self.saved_message = saved_message
        self.hints = hints
        self.prepare = prepare
        self.saving = False

    def compose_body(self) -> ComposeResult:
        if self.note:
            yield Static(Text(self.note), id="form-note")
        yield FormView(self.specs, hints=self.hints, id="record-form")

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def on_mount(self) -> None:
        for key, value in self.values.items():
            self.form.row(key).set_raw(value)
        self.form.focus_first()

    def action_save(self) -> None:
        if self.saving:
            return
        errors = self.form.check_all()
        if errors:
            self.form.show_errors(errors)
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        raw = self.form.raw_values()
        if self.prepare is not None:
            raw = self.prepare(raw)
        self.saving = True
        save = self.save_fn
        self.run_service(lambda: save(raw), self._saved, failed=self._failed, group="record-form-save")

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.notify(self.saved_message(result) if self.saved_message else strings.SAVED, timeout=5)
        self.dismiss(result)

    def _failed(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        self.show_error(exc)

