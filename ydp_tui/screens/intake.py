"""구직 등록 (and 구직자 수정): the seeker form, consent first, duplicates shown before saving."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import StaleRecord, ValidationFailed, YdpError
from ydp_tui.rules import seeker as rules
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.topbar import TopBar
from ydp_tui.widgets.dialogs import DIALOG_CSS, ConfirmDialog
from ydp_tui.widgets.form import FieldRow, FormView, MultiChoice

FORM_SPECS = [s for s in rules.SEEKER_FIELDS if s.key not in ("status", "consent_date")]
CONSENT_SPEC = rules.FIELDS_BY_KEY["consent_date"]
CONSENT_LABEL = "개인정보 동의"
CONSENT_GIVEN = "위 내용을 안내하고 동의를 받았습니다 (Space)"


class SeekerForm(FormView):
    """The seeker fields, then the consent block (notice, checkbox, date)."""

    DEFAULT_CSS = """
    SeekerForm #consent-notice { padding: 1 0 0 0; color: $text-muted; height: auto; }
    SeekerForm #consent-check { margin: 0 0 0 14; width: auto; }
    SeekerForm #consent-error { color: $error; padding: 0 0 0 14; height: auto; }
    SeekerForm #consent-recorded { padding: 0 0 0 14; height: auto; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static("", id="consent-notice")
        yield MultiChoice([CONSENT_GIVEN], id="consent-check")
        yield Static("", id="consent-error")
        yield FieldRow(CONSENT_SPEC)
        yield Static("", id="consent-recorded")

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))


class DuplicateDialog(ModalScreen[tuple[str, str | None] | None]):
    """The same person may already be registered: open the existing record, or go on."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DuplicateDialog") + """
    DuplicateDialog DataTable { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("enter", "open", "기존 기록 열기", id="duplicate.open", priority=True),
        Binding("c", "go_on", "그래도 새로 등록", id="duplicate.continue"),
        Binding("escape", "cancel", strings.CANCEL, id="duplicate.cancel"),
    ]

    def __init__(self, matches: list[Any]) -> None:
        super().__init__()
        self.matches = matches

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("같은 사람으로 보이는 구직자가 이미 있습니다", classes="dialog-title")
            yield Static(Text("성명+생년월일 또는 휴대전화가 같습니다. Enter: 기존 기록 열기, "
                              "C: 다른 사람이므로 새로 등록, Esc: 돌아가 고치기"))
            yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("구직번호", "성명", "생년월일", "휴대전화", "상태")
        for m in self.matches:
            table.add_row(Text(m.seeker_no), Text(m.name), Text(str(m.birth_date or "")), Text(m.phone),
                          Text(m.status), key=m.id)
        table.focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.dismiss(("open", str(row_key.value)))

    def action_go_on(self) -> None:
        self.dismiss(("continue", None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class IntakeScreen(BaseScreen):
    """New seeker (default) or edit of an existing one (``seeker_id``)."""

    TITLE_TEXT = "구직 등록"
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="intake.save", priority=True, tooltip="검사 후 저장합니다"),
        Binding("ctrl+l", "clear", strings.CLEAR, id="intake.clear", tooltip="입력한 내용을 모두 지웁니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, seeker_id: str | None = None) -> None:
        super().__init__()
        self.seeker_id = seeker_id
        self.version: int | None = None
        self.loaded: dict[str, str] | None = None
        self.saving = False
        if seeker_id:
            self.TITLE_TEXT = "구직자 수정"

    def compose_body(self) -> ComposeResult:
        yield SeekerForm(FORM_SPECS, id="seeker-form")

    @property
    def form(self) -> SeekerForm:
        return self.query_one(SeekerForm)

    def on_mount(self) -> None:
        self.reset_defaults()
        self.form.focus_first()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import seekers

        db = self.db
        assert db is not None
        self.run_service(lambda: seekers.consent_notice(db), self._show_notice, group="notice")
        if self.seeker_id:
            self.run_service(lambda: seekers.get(db, self.seeker_id, log_view=False), self._loaded, group="load")

    def _show_notice(self, notice: str) -> None:
        self.query_one("#consent-notice", Static).update(Text(notice))

    def reset_defaults(self) -> None:
        today = clock.today().isoformat()
        self.form.row("registered_on").set_raw(today)
        self.form.row("consent_date").set_raw(today)

    # --- editing an existing record ------------------------------------------------------

    def _loaded(self, seeker: Any) -> None:
        from ydp_tui.db.seekers import to_fields

        self.version = seeker.version
        self.loaded = to_fields(seeker)
        self.form.load(self.loaded)
        check = self.query_one("#consent-check", MultiChoice)
        check.value = [CONSENT_GIVEN] if seeker.consent_date else []
        check.disabled = True
        self.form.row("consent_date").control.disabled = True
        self.query_one("#consent-recorded", Static).update(
            Text(f"동의 기록: {seeker.consent_date} {seeker.consent_by} (안내문 {seeker.consent_version})"))
        self.query_one(TopBar).set_title(f"구직자 수정 {seeker.seeker_no}")

    def is_dirty(self) -> bool:
        values = {k: v for k, v in self.form.raw_values().items()}
        if self.loaded is None:
            baseline = {"registered_on": clock.today().isoformat(), "consent_date": clock.today().isoformat()}
            return any(v not in ("", [], None, baseline.get(k)) for k, v in values.items())
        return any(self._as_text(values.get(k)) != self._as_text(self.loaded.get(k))
                   for k in values if k != "consent_date")

    @staticmethod
    def _as_text(value: Any) -> str:
        if isinstance(value, list):
            return ";".join(value)
        return "" if value is None else str(value)

    # --- actions -------------------------------------------------------------------------

    def action_clear(self) -> None:
        if self.seeker_id:
            if self.loaded:
                self.form.load(self.loaded)
            return
        self.form.clear()
        self.query_one("#consent-check", MultiChoice).value = []
        self.query_one("#consent-error", Static).update("")
        self.reset_defaults()
        self.form.focus_first()
        self.form.scroll_home(animate=False)

    def action_back(self) -> None:
        if self.seeker_id and self.is_dirty():
            def answer(leave: bool | None) -> None:
                if leave:
                    self.app.pop_screen()

            self.app.push_screen(ConfirmDialog("고친 내용을 저장하지 않고 나갈까요?", yes="나가기", no="계속 고치기"), answer)
            return
        super().action_back()

    def action_save(self) -> None:
        if self.saving:
            return
        errors = self.form.check_all()
        consent_ok = bool(self.query_one("#consent-check", MultiChoice).value)
        consent_error = self.query_one("#consent-error", Static)
        if not consent_ok:
            errors[CONSENT_LABEL] = "개인정보 수집ㆍ이용 동의를 받아야 저장할 수 있습니다"
            consent_error.update(errors[CONSENT_LABEL])
        else:
            consent_error.update("")
        if errors:
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            first = next((r for r in self.form.rows() if r.spec.label in errors), None)
            if first is not None:
                first.control.focus()
                first.scroll_visible()
            elif not consent_ok:
                self.query_one("#consent-check", MultiChoice).focus()
            return
        self._submit(force=False)

    def _submit(self, *, force: bool) -> None:
        from ydp_tui.db import seekers

        db = self.db
        if db is None:
            self.notify(strings.NOT_READY, severity="warning")
            return
        raw = self.form.raw_values()
        self.saving = True
        if self.seeker_id:
            version, loaded = self.version or 0, self.loaded
            self.run_service(lambda: seekers.update(db, self.seeker_id, raw, expected_version=version,
                                                    loaded=loaded),
                             self._updated, failed=self._refused, group="save")
        else:
            self.run_service(lambda: seekers.register(db, raw, force=force), self._registered,
                             failed=self._refused, group="save")

    def _registered(self, seeker: Any) -> None:
        self.saving = False
        self.notify(f"구직 등록 완료: {seeker.seeker_no} {seeker.name}", title=strings.SAVED)
        self.action_clear()

    def _updated(self, seeker: Any) -> None:
        self.saving = False
        self.notify(f"저장했습니다: {seeker.seeker_no} {seeker.name}")
        self.app.pop_screen()

    def _refused(self, exc: YdpError) -> None:
        from ydp_tui.db.seekers import DuplicateFound

        self.saving = False
        if isinstance(exc, DuplicateFound):
            self.app.push_screen(DuplicateDialog(exc.matches), self._duplicate_answer)
        elif isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
            self.notify(strings.FIX_FIELDS.format(n=len(exc.errors)), severity="error")
        elif isinstance(exc, StaleRecord):
            self.app.push_screen(ConfirmDialog(str(exc), "다시 불러오면 이 화면에서 고친 내용은 버립니다.",
                                               yes="다시 불러오기", no="입력 유지"), self._reload_answer)
        else:
            self.show_error(exc)

    def _duplicate_answer(self, answer: tuple[str, str | None] | None) -> None:
        if answer is None:
            return
        action, seeker_id = answer
        if action == "continue":
            self._submit(force=True)
        elif action == "open" and seeker_id:
            self.ydp.open_seeker(seeker_id)

    def _reload_answer(self, reload: bool | None) -> None:
        if reload:
            self.on_database_ready()
