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


class SavingForm(BaseScreen):
    """A screen with one :class:`FormView` saved by Ctrl+S: every field checked first, then the
    service (``save_work``) runs in a worker; its refusal is shown beside the fields and nothing
    typed is lost; on success the message (``saved_text``) and the screen closes with the result.
    Refused in ``--read-only`` (``WRITE_ACTIONS``)."""

    WRITE_ACTIONS = frozenset({"save"})
    SAVE_GROUP = "form-save"
    saving = False

    @property
    def form(self) -> FormView:
        return self.query_one(FormView)

    def save_work(self, raw: dict[str, Any]) -> Callable[[], Any]:
        """What saving ``raw`` does, to run in the worker (values captured on the UI thread)."""
        raise NotImplementedError

    def saved_text(self, result: Any) -> str:
        return strings.SAVED

    def action_save(self) -> None:
        if self.saving:
            return
        errors = self.form.check_all()
        if errors:
            self.form.show_errors(errors)
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        work = self.save_work(self.form.raw_values())
        self.saving = True
        self.run_service(work, self._saved, failed=self._failed, group=self.SAVE_GROUP)

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.notify(self.saved_text(result), timeout=5)
        self.dismiss(result)

    def _failed(self, exc: YdpError) -> None:
        self.saving = False
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        self.show_error(exc)


class RecordForm(SavingForm):
    DEFAULT_CSS = """
    RecordForm #form-note { padding: 0 1; color: $text-muted; height: auto; }
    """
    SAVE_GROUP = "record-form-save"
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

    def on_mount(self) -> None:
        for key, value in self.values.items():
            self.form.row(key).set_raw(value)
        self.form.focus_first()

    def save_work(self, raw: dict[str, Any]) -> Callable[[], Any]:
        if self.prepare is not None:
            raw = self.prepare(raw)
        save = self.save_fn
        return lambda: save(raw)

    def saved_text(self, result: Any) -> str:
        return self.saved_message(result) if self.saved_message else strings.SAVED
