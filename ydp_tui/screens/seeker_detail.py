"""One seeker: the record (opening it is logged), status change, counselling notes, edit."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui import clock, data, strings
from ydp_tui.rules import keco
from ydp_tui.rules.fields import FieldSpec
from ydp_tui.rules.seeker import format_work_type
from ydp_tui.rules.validation import age_on, format_won
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.topbar import TopBar
from ydp_tui.widgets.dialogs import DIALOG_CSS
from ydp_tui.widgets.form import FormView

NOTE_SPECS = [
    FieldSpec("on", "상담일", "past_date", required=True, default=lambda ctx: ctx.today),
    FieldSpec("kind", "구분", "choice", required=True, choices=tuple(data.code_list("counsel_kind"))),
    FieldSpec("text", "내용", "longtext", required=True, max_length=2000, placeholder="상담 내용"),
]


class StatusDialog(ModalScreen[str | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="StatusDialog") + "StatusDialog OptionList { height: auto; }"
    BINDINGS = [Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"상태 바꾸기 (지금: {self.current})", classes="dialog-title")
            yield OptionList(*[Option(s, id=s) for s in data.code_list("seeker_status")])
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = data.code_list("seeker_status").index(self.current)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[dict[str, Any] | None]):
    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog") + "NoteDialog FormView { height: auto; max-height: 12; }"
    BINDINGS = [
        Binding("ctrl+s", "save", strings.SAVE, id="note.save", priority=True),
        Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("상담 이력 추가", classes="dialog-title")
            yield FormView(NOTE_SPECS)
        yield Footer()

    def on_mount(self) -> None:
        form = self.query_one(FormView)
        form.row("on").set_raw(clock.today().isoformat())
        form.row("kind").set_raw("초기상담")
        form.row("text").control.focus()

    def action_save(self) -> None:
        form = self.query_one(FormView)
        errors = form.check_all()
        if errors:
            self.notify(strings.FIX_FIELDS.format(n=len(errors)), severity="error")
            return
        self.dismiss(form.raw_values())

    def action_cancel(self) -> None:
        self.dismiss(None)


class SeekerDetailScreen(BaseScreen):
    TITLE_TEXT = "구직자"
    DEFAULT_CSS = """
    SeekerDetailScreen #info { padding: 0 1; height: auto; }
    SeekerDetailScreen #notes-title { padding: 1 1 0 1; text-style: bold; height: auto; }
    SeekerDetailScreen DataTable { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("e", "edit", strings.EDIT, id="seeker.edit", tooltip="구직자 정보를 고칩니다"),
        Binding("s", "status", "상태", id="seeker.status", tooltip="구직중/취업/중단"),
        Binding("n", "note", "상담 기록", id="seeker.note", tooltip="상담 이력을 추가합니다"),
        Binding("m", "match", "매칭", id="seeker.match", tooltip="맞는 구인을 찾아 바로 알선합니다 (취업알선ㆍ매칭)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, seeker_id: str) -> None:
        super().__init__()
        self.seeker_id = seeker_id
        self.seeker: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("상담 이력", id="notes-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="notes")

    def on_mount(self) -> None:
        table = self.query_one("#notes", DataTable)
        table.add_column("상담일", key="on")
        table.add_column("구분", key="kind")
        table.add_column("상담사", key="counselor")
        table.add_column("내용", key="text")
        self.load(log_view=True)

    def on_screen_resume(self) -> None:
        if self.seeker is not None:
            self.load(log_view=False)

    def load(self, *, log_view: bool) -> None:
        from ydp_tui.db import seekers

        db = self.db
        if db is None:
            return

        def work() -> tuple[Any, list[Any]]:
            return seekers.get(db, self.seeker_id, log_view=log_view), seekers.notes(db, self.seeker_id)

        self.run_service(work, self._show, group="seeker-load")

    def _show(self, result: tuple[Any, list[Any]]) -> None:
        seeker, notes = result
        self.seeker = seeker
        self.query_one(TopBar).set_title(f"구직자 {seeker.seeker_no}")
        self.query_one("#info", Static).update(self.render_info(seeker))
        table = self.query_one("#notes", DataTable)
        table.clear()
        for note in notes:
            table.add_row(Text(str(note.on)), Text(note.kind), Text(note.counselor),
                          Text((note.text or "").replace("\n", " ")), key=note.id)
        self.query_one("#notes-title", Static).update(
            Text(f"상담 이력 {len(notes)}건" + ("" if notes else " (N: 상담 기록 추가)")))

    @staticmethod
    def render_info(s: Any) -> Table:
        names = data.keco_names()
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1)
        age = f" (만 {age_on(s.birth_date, clock.today())}세)" if s.birth_date else ""
        jobs = ", ".join(keco.describe(c, names) for c in s.desired_jobs.split(";") if c)
        where = s.dong or ""
        if s.address:
            where = f"{where} {s.address}".strip()
        pairs = [
            ("성명", Text(s.name or "(파기됨)", style="bold")), ("상태", Text(s.status, style="bold")),
            ("생년월일", Text(f"{s.birth_date or ''}{age}")), ("성별", Text(s.gender or "")),
            ("휴대전화", Text(s.phone or "")), ("주소", Text(where)),
            ("전입일", Text(str(s.moved_in or ""))), ("학력ㆍ경력", Text(
                " ".join(x for x in [s.education or "", f"{s.career_years}년" if s.career_years is not None else ""] if x))),
            ("희망직종", Text(jobs)), ("희망임금", Text(format_won(s.desired_wage))),
            ("근무형태", Text(format_work_type(s.work_type, s.desired_hours))),
            ("자격증", Text(s.certificates.replace(";", ", "))),
            ("대상구분", Text(s.target_groups.replace(";", ", "))), ("등록일", Text(str(s.registered_on))),
            ("동의", Text(f"{s.consent_date or '-'} {s.consent_by}")),
            ("최근 수정", Text(f"{clock.format_local(s.updated_at)} {s.updated_by}")),
        ]
        for _label, value in pairs:
            value.overflow = "fold"
        for i in range(0, len(pairs), 2):
            (a, va), (b, vb) = pairs[i], pairs[i + 1]
            grid.add_row(a, va, b, vb)
        return grid

    # --- actions ---------------------------------------------------------------------------

    def action_edit(self) -> None:
        from ydp_tui.screens.intake import IntakeScreen

        if self.seeker is not None:
            self.app.push_screen(IntakeScreen(self.seeker_id))

    def action_status(self) -> None:
        if self.seeker is None:
            return

        def chosen(status: str | None) -> None:
            from ydp_tui.db import seekers

            if not status or status == self.seeker.status:
                return
            db, version = self.db, self.seeker.version
            self.run_service(lambda: seekers.set_status(db, self.seeker_id, status, expected_version=version),
                             lambda s: (self.notify(f"상태를 '{s.status}'(으)로 바꿨습니다"), self.load(log_view=False)),
                             group="seeker-status")

        self.app.push_screen(StatusDialog(self.seeker.status), chosen)

    def action_note(self) -> None:
        if self.seeker is None:
            return

        def chosen(values: dict[str, Any] | None) -> None:
            from ydp_tui.db import seekers

            if not values:
                return
            db = self.db
            self.run_service(lambda: seekers.add_note(db, self.seeker_id, on=values["on"], kind=values["kind"],
                                                      text=values["text"]),
                             lambda _n: (self.notify("상담 이력을 추가했습니다"), self.load(log_view=False)),
                             group="seeker-note")

        self.app.push_screen(NoteDialog(), chosen)

    def action_match(self) -> None:
        from ydp_tui.screens.matching import MatchScreen

        if self.seeker is not None:
            self.app.push_screen(MatchScreen(seeker_id=self.seeker_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "status", "note") and self.ydp.config.read_only:
            return None
        return True
