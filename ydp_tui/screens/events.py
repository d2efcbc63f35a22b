"""행사ㆍ교육 (F6): job포유 and 취업박람회 days with their participating vacancies and on-site
interviews (quick intake for walk-ins), and 취업교육 courses with enrolment and completion."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui import clock, strings
from ydp_tui.rules import jobs as rules
from ydp_tui.rules import seeker as seeker_rules
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.jobs_common import (FitTable, RecordFormScreen, RecordScreen, grid, pick_seeker,
                                         pick_vacancy, row_key)
from ydp_tui.widgets.dialogs import DIALOG_CSS, FormDialog
from ydp_tui.widgets.form import FormView, MultiChoice
from ydp_tui.widgets.topbar import TopBar


class EventsScreen(BaseScreen):
    TITLE_TEXT = "행사ㆍ교육"
    DEFAULT_CSS = """
    EventsScreen .section-title { padding: 0 1; height: 1; }
    EventsScreen DataTable { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("enter", "open", strings.OPEN, id="events.open", tooltip="행사나 과정을 엽니다"),
        Binding("n", "new_event", "새 행사", id="events.new", tooltip="job포유ㆍ취업박람회를 만듭니다"),
        Binding("c", "new_course", "새 과정", id="events.course", tooltip="취업교육 과정을 만듭니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("행사 (job포유ㆍ취업박람회)", classes="section-title", id="events-title")
        yield FitTable(id="events")
        yield Static("취업교육 과정", classes="section-title", id="courses-title")
        yield FitTable(id="courses")

    def on_mount(self) -> None:
        self.query_one("#events", FitTable).set_columns(("일자", 10), ("구분", 10), ("행사명", 28), ("구인", 4),
                                                         ("면접", 5), ("채용", 5))
        self.query_one("#courses", FitTable).set_columns(("과정명", 30), ("기간", 21), ("정원", 4), ("수강생", 6),
                                                          ("수료", 5))
        self.query_one("#events", DataTable).focus()
        self.load()

    def on_database_ready(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        from ydp_tui.db import events

        db = self.db
        if db is None:
            return
        self.run_service(lambda: (events.events(db), events.courses(db)), self._show, group="events-load")

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        evs, crs = result
        table = self.query_one("#events", FitTable)
        keep = row_key(table)
        table.clear()
        for e in evs:
            table.add_fit_row(e.held_on, e.kind, e.title, Text(f"{e.vacancies}", justify="right"),
                              Text(f"{e.interviewed}명", justify="right"), Text(f"{e.hired}명", justify="right"),
                              key=e.id)
        self.query_one("#events-title", Static).update(
            Text(f"행사 {len(evs)}회 (job포유ㆍ취업박람회)" + ("" if evs else " - N: 새 행사")))
        ct = self.query_one("#courses", FitTable)
        ct.clear()
        for c in crs:
            ct.add_fit_row(c.title, f"{c.starts_on}~{c.ends_on}", c.capacity or "-",
                           Text(f"{c.enrolled}명", justify="right"), Text(f"{c.completed}명", justify="right"), key=c.id)
        self.query_one("#courses-title", Static).update(
            Text(f"취업교육 {len(crs)}개 과정, {sum(c.enrolled for c in crs):,}명" + ("" if crs else " - C: 새 과정")))
        if keep:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except Exception:  # noqa: BLE001 - gone: stay
                pass

    @on(DataTable.RowSelected, "#events")
    def _event_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(EventScreen(str(event.row_key.value)))

    @on(DataTable.RowSelected, "#courses")
    def _course_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(CourseScreen(str(event.row_key.value)))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            key = row_key(focused)
            if key:
                self.app.push_screen(EventScreen(key) if focused.id == "events" else CourseScreen(key))

    def action_new_event(self) -> None:
        self.app.push_screen(EventFormScreen())

    def action_new_course(self) -> None:
        self.app.push_screen(CourseFormScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_event", "new_course") and self.ydp.config.read_only:
            return None
        return True


class EventFormScreen(RecordFormScreen):
    TITLE_TEXT = "행사 만들기"
    SPECS = rules.EVENT_FIELDS

    def defaults(self) -> dict[str, Any]:
        return {"kind": "job포유", "held_on": clock.today().isoformat(), "place": "일자리플러스센터"}

    def load(self, db: Any) -> tuple[dict[str, str], int, str]:
        from ydp_tui.db import events

        e = events.event_detail(db, self.record_id).event
        return events.event_fields(e), e.version, f"행사 수정 {e.title}"

    def save(self, db: Any, raw: dict[str, Any], version: int | None) -> Any:
        from ydp_tui.db import events

        if self.record_id is None:
            return events.create_event(db, raw)
        return events.update_event(db, self.record_id, raw, expected_version=version or 0)

    def saved(self, result: Any) -> None:
        self.notify(f"저장했습니다: {result.title}")
        self.app.pop_screen()
        if self.record_id is None:
            self.app.push_screen(EventScreen(result.id))


class CourseFormScreen(RecordFormScreen):
    TITLE_TEXT = "취업교육 과정 만들기"
    SPECS = rules.COURSE_FIELDS

    def defaults(self) -> dict[str, Any]:
        return {"starts_on": clock.today().isoformat(), "place": "일자리플러스센터 교육장"}

    def load(self, db: Any) -> tuple[dict[str, str], int, str]:
        from ydp_tui.db import events

        c = events.course_detail(db, self.record_id)[0]
        return events.course_fields(c), c.version, f"과정 수정 {c.title}"

    def save(self, db: Any, raw: dict[str, Any], version: int | None) -> Any:
        from ydp_tui.db import events

        if self.record_id is None:
            return events.create_course(db, raw)
        return events.update_course(db, self.record_id, raw, expected_version=version or 0)

    def saved(self, result: Any) -> None:
        self.notify(f"저장했습니다: {result.title}")
        self.app.pop_screen()
        if self.record_id is None:
            self.app.push_screen(CourseScreen(result.id))


QUICK_SPECS = [seeker_rules.FIELDS_BY_KEY[k] for k in ("name", "birth_date", "phone", "desired_jobs")]
CONSENT = "개인정보 수집ㆍ이용 동의를 받았습니다 (Space)"


class QuickIntakeDialog(ModalScreen[dict[str, Any] | None]):
    """A walk-in at a fair: 성명, 생년월일, 휴대전화, 희망직종 and consent; Ctrl+S registers."""

    DEFAULT_CSS = DIALOG_CSS.format(name="QuickIntakeDialog") + """
    QuickIntakeDialog FormView { height: auto; max-height: 12; }
    QuickIntakeDialog #quick-consent { margin: 0 0 0 14; width: auto; }
    QuickIntakeDialog #quick-error { color: $error; height: auto; padding: 0 0 0 14; }
    QuickIntakeDialog .dialog-note { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "등록", id="quick.save", priority=True, tooltip="구직자로 등록하고 면접으로 넘어갑니다"),
        Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("빠른 등록 (현장)", classes="dialog-title")
            yield Static(Text("동의 안내문(구직 등록 화면과 같음)을 읽어 드리고 동의를 받은 뒤 표시하세요. "
                              "나머지 정보는 나중에 구직자 화면에서 채웁니다."), classes="dialog-note")
            yield FormView(QUICK_SPECS)
            yield MultiChoice([CONSENT], id="quick-consent")
            yield Static("", id="quick-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FormView).focus_first()

    def action_save(self) -> None:
        form = self.query_one(FormView)
        errors = form.check_all()
        consent = bool(self.query_one("#quick-consent", MultiChoice).value)
        self.query_one("#quick-error", Static).update(
            "" if consent else "개인정보 수집ㆍ이용 동의를 받아야 등록할 수 있습니다")
        if errors or not consent:
            return
        self.dismiss(form.raw_values())

    def action_cancel(self) -> None:
        self.dismiss(None)


class BoothDialog(ModalScreen[tuple[str, bool] | None]):
    """Which participating vacancy the seeker interviewed for: Enter 면접, H 면접 후 바로 채용."""

    DEFAULT_CSS = DIALOG_CSS.format(name="BoothDialog") + "BoothDialog OptionList { height: auto; max-height: 14; }"
    BINDINGS = [
        Binding("enter", "pick(False)", "면접", id="booth.interview", priority=True, tooltip="현장면접을 기록합니다"),
        Binding("h", "pick(True)", "면접+채용", id="booth.hire", tooltip="현장면접 후 바로 채용을 기록합니다"),
        Binding("escape", "cancel", strings.CANCEL, id="dialog.cancel"),
    ]

    def __init__(self, who: str, booths: list[Any]) -> None:
        super().__init__()
        self.who, self.booths = who, booths

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"현장면접: {self.who}"), classes="dialog-title")
            yield OptionList(*[Option(Text(f"{b.vacancy_no} {b.title} ({b.employer}) {b.hired}/{b.headcount} {b.status}"),
                                      id=b.vacancy_id) for b in self.booths])
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0

    def action_pick(self, hired: bool) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        self.dismiss((str(options.get_option_at_index(options.highlighted).id), hired))

    def action_cancel(self) -> None:
        self.dismiss(None)


class EventScreen(RecordScreen):
    TITLE_TEXT = "행사"
    DEFAULT_CSS = """
    EventScreen #info { padding: 0 1; height: auto; }
    EventScreen .section-title { padding: 0 1; height: 1; }
    EventScreen #booths { height: 7; }
    EventScreen #interviews { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("i", "interview", "현장면접", id="event.interview", tooltip="구직자를 골라 현장면접(채용)을 기록합니다"),
        Binding("q", "quick", "빠른 등록", id="event.quick", tooltip="처음 온 사람을 구직자로 등록하고 면접을 기록합니다"),
        Binding("h", "hire", "채용", id="event.hire", tooltip="고른 면접을 채용으로"),
        Binding("f", "fail", "불합격", id="event.fail", tooltip="고른 면접을 불합격으로"),
        Binding("a", "add_vacancy", "구인 추가", id="event.add", tooltip="참여 구인을 추가합니다"),
        Binding("e", "edit", strings.EDIT, id="event.edit", show=False, tooltip="행사 정보를 고칩니다"),
        Binding("enter", "open", strings.OPEN, id="event.open", show=False, tooltip="알선(면접)을 엽니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, event_id: str) -> None:
        super().__init__()
        self.event_id = event_id

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("참여 구인", classes="section-title", id="booths-title")
        yield FitTable(id="booths")
        yield Static("현장면접", classes="section-title", id="interviews-title")
        yield FitTable(id="interviews")

    def setup(self) -> None:
        self.query_one("#booths", FitTable).set_columns(("구인번호", 14), ("제목", 20), ("업체", 16), ("인원", 5),
                                                         ("상태", 8))
        self.query_one("#interviews", FitTable).set_columns(("구직자", 14), ("구인", 20), ("업체", 16), ("상태", 6),
                                                             ("채용일", 10))
        self.query_one("#interviews", FitTable).focus()

    def load(self, *, first: bool = False) -> None:
        from ydp_tui.db import events

        db = self.db
        if db is None:
            return
        eid = self.event_id
        self.run_service(lambda: events.event_detail(db, eid), self._show, group="event-load")

    def _show(self, d: Any) -> None:
        self.detail = d
        e, row = d.event, d.row
        self.query_one(TopBar).set_title(f"{e.kind} {e.held_on}")
        employers = len({v.employer for v in d.vacancies})
        self.query_one("#info", Static).update(grid([
            ("행사명", Text(e.title, style="bold")), ("일자ㆍ장소", f"{e.held_on} {e.place}"),
            ("참여", f"업체 {employers}곳, 구인 {row.vacancies}건"), ("결과", f"면접 {row.interviewed}명, 채용 {row.hired}명"),
        ]))
        booths = self.query_one("#booths", FitTable)
        booths.clear()
        for v in d.vacancies:
            booths.add_fit_row(v.vacancy_no, v.title, v.employer, f"{v.hired}/{v.headcount}", v.status,
                               key=v.vacancy_id)
        self.query_one("#booths-title", Static).update(
            Text(f"참여 구인 {len(d.vacancies)}건" + ("" if d.vacancies else " (A: 구인 추가)")))
        table = self.query_one("#interviews", FitTable)
        keep = row_key(table)
        table.clear()
        for r in d.interviews:
            table.add_fit_row(r.seeker_name, r.title, r.employer, r.status, r.hired_on or "", key=r.id)
        if keep:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except Exception:  # noqa: BLE001
                pass
        self.query_one("#interviews-title", Static).update(
            Text(f"현장면접 {len(d.interviews)}건" + ("" if d.interviews else " (I: 현장면접, Q: 빠른 등록)")))
        self.refresh_bindings()

    # --- on-site interviews ------------------------------------------------------------------

    def _booths(self) -> list[Any]:
        return [v for v in self.detail.vacancies if v.status == rules.OPEN and v.hired < v.headcount]

    def _interview_with(self, seeker_id: str, who: str) -> None:
        from ydp_tui.db import events

        booths = self._booths()
        if not booths:
            self.notify("면접할 수 있는 참여 구인이 없습니다 (A: 구인 추가)", severity="warning")
            return

        def picked(choice: tuple[str, bool] | None) -> None:
            if not choice:
                return
            vid, hired = choice
            db, eid = self.db, self.event_id
            self.run_service(lambda: events.interview(db, eid, seeker_id, vid, hired=hired),
                             lambda r: (self.notify(f"{who}: {'채용' if hired else '면접'} 기록 ({r.referral_no})",
                                                    title=strings.SAVED), self.load()),
                             group="event-interview")

        self.app.push_screen(BoothDialog(who, booths), picked)

    def action_interview(self) -> None:
        if self.detail is None:
            return
        db = self.db

        def chosen(seeker_id: str) -> None:
            from ydp_tui.db import seekers

            self.run_service(lambda: seekers.get(db, seeker_id, log_view=False),
                             lambda s: self._interview_with(s.id, s.name), group="event-seeker")

        pick_seeker(self, "현장면접할 구직자 (없으면 Esc 후 Q: 빠른 등록)", chosen)

    def action_quick(self) -> None:
        if self.detail is None:
            return

        def registered(s: Any) -> None:
            self.notify(f"구직 등록: {s.seeker_no} {s.name}", title=strings.SAVED)
            self._interview_with(s.id, s.name)

        def entered(raw: dict[str, Any] | None, *, force: bool = False) -> None:
            from ydp_tui.db import events
            from ydp_tui.db.seekers import DuplicateFound

            if not raw:
                return
            db = self.db

            def refused(exc: Any) -> None:
                if isinstance(exc, DuplicateFound):
                    from ydp_tui.screens.intake import DuplicateDialog

                    def answer(choice: tuple[str, str | None] | None) -> None:
                        if choice and choice[0] == "continue":
                            entered(raw, force=True)
                        elif choice and choice[0] == "open" and choice[1]:
                            match = next(m for m in exc.matches if m.id == choice[1])
                            self.notify(f"이미 등록된 {match.name}({match.seeker_no})님으로 면접을 기록합니다")
                            self._interview_with(match.id, match.name)

                    self.app.push_screen(DuplicateDialog(exc.matches), answer)
                else:
                    self.show_error(exc)

            eid = self.event_id
            self.run_service(lambda: events.quick_intake(db, raw, consent=True, event_id=eid, force=force), registered,
                             failed=refused, group="event-quick")

        self.app.push_screen(QuickIntakeDialog(), entered)

    def _step(self, to_status: str) -> None:
        from ydp_tui.db import referrals

        if self.detail is None:
            return
        rid = row_key(self.query_one("#interviews", DataTable))
        if not rid:
            self.notify("현장면접 목록에서 사람을 고르세요", severity="warning")
            return

        def submit(raw: dict[str, Any] | None) -> None:
            if not raw:
                return
            db = self.db
            self.run_service(lambda: referrals.advance(db, rid, to_status, raw),
                             lambda r: (self.notify(f"{r.referral_no}: {r.status}", title=strings.SAVED), self.load()),
                             group="event-step")

        self.app.push_screen(FormDialog(f"{to_status} 기록", referrals.STEP_SPECS[to_status],
                                        {"on": min(self.detail.event.held_on, clock.today()).isoformat()}), submit)

    def action_hire(self) -> None:
        self._step(rules.HIRED)

    def action_fail(self) -> None:
        self._step(rules.FAILED)

    def action_add_vacancy(self) -> None:
        from ydp_tui.db import events

        def chosen(vid: str) -> None:
            db, eid = self.db, self.event_id
            self.run_service(lambda: events.add_vacancy(db, eid, vid),
                             lambda _l: (self.notify("참여 구인을 추가했습니다"), self.load()), group="event-add")

        pick_vacancy(self, "행사에 참여할 구인 (모집중)", chosen)

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(EventFormScreen(self.event_id))

    def action_open(self) -> None:
        from ydp_tui.screens.referrals import ReferralScreen

        rid = row_key(self.query_one("#interviews", DataTable))
        if rid:
            self.app.push_screen(ReferralScreen(rid))

    @on(DataTable.RowSelected, "#interviews")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("interview", "quick", "hire", "fail", "add_vacancy", "edit") and self.ydp.config.read_only:
            return None
        return True


class CourseScreen(RecordScreen):
    TITLE_TEXT = "취업교육"
    DEFAULT_CSS = """
    CourseScreen #info { padding: 0 1; height: auto; }
    CourseScreen .section-title { padding: 0 1; height: 1; }
    CourseScreen #enrolments { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("a", "enrol", "수강 등록", id="course.enrol", tooltip="구직자를 골라 과정에 등록합니다"),
        Binding("c", "finish('수료')", "수료", id="course.complete", tooltip="고른 사람을 수료로"),
        Binding("d", "finish('중도포기')", "중도포기", id="course.drop", tooltip="고른 사람을 중도포기로"),
        Binding("u", "finish('수강')", "수강으로", id="course.undo", show=False, tooltip="수료ㆍ중도포기를 되돌립니다"),
        Binding("e", "edit", strings.EDIT, id="course.edit", tooltip="과정 정보를 고칩니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, course_id: str) -> None:
        super().__init__()
        self.course_id = course_id

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("수강생", classes="section-title", id="enrolments-title")
        yield FitTable(id="enrolments")

    def setup(self) -> None:
        self.query_one("#enrolments", FitTable).set_columns(("성명", 12), ("생년월일", 10), ("구직번호", 14),
                                                             ("등록일", 10), ("상태", 8), ("수료ㆍ포기", 10))
        self.query_one("#enrolments", FitTable).focus()

    def load(self, *, first: bool = False) -> None:
        from ydp_tui.db import events

        db = self.db
        if db is None:
            return
        cid = self.course_id
        self.run_service(lambda: events.course_detail(db, cid), self._show, group="course-load")

    def _show(self, result: tuple[Any, Any, list[Any]]) -> None:
        course, row, enrolments = result
        self.detail = result
        self.query_one(TopBar).set_title(f"취업교육 {course.title}")
        self.query_one("#info", Static).update(grid([
            ("과정명", Text(course.title, style="bold")), ("기간", f"{course.starts_on} ~ {course.ends_on}"),
            ("장소", course.place), ("정원", f"{course.capacity}명" if course.capacity else "-"),
            ("수강생", f"{row.enrolled}명 (중도포기 {row.dropped}명)"), ("수료", f"{row.completed}명"),
        ]))
        table = self.query_one("#enrolments", FitTable)
        keep = row_key(table)
        table.clear()
        for e in enrolments:
            table.add_fit_row(e.name, e.birth_date or "", e.seeker_no, e.enrolled_on, e.status, e.completed_on or "",
                              key=e.id)
        if keep:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except Exception:  # noqa: BLE001
                pass
        self.query_one("#enrolments-title", Static).update(
            Text(f"수강생 {len(enrolments)}명" + ("" if enrolments else " (A: 수강 등록)")))

    def action_enrol(self) -> None:
        from ydp_tui.db import events

        def chosen(seeker_id: str) -> None:
            db, cid = self.db, self.course_id
            self.run_service(lambda: events.enrol(db, cid, seeker_id),
                             lambda _e: (self.notify("수강 등록했습니다", title=strings.SAVED), self.load()),
                             group="course-enrol")

        pick_seeker(self, "수강 등록할 구직자", chosen)

    def action_finish(self, status: str) -> None:
        from ydp_tui.db import events

        eid = row_key(self.query_one("#enrolments", DataTable))
        if not eid:
            return
        db = self.db
        self.run_service(lambda: events.finish(db, eid, status),
                         lambda e: (self.notify(f"{e.status}(으)로 바꿨습니다"), self.load()), group="course-finish")

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(CourseFormScreen(self.course_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("enrol", "finish", "edit") and self.ydp.config.read_only:
            return None
        return True
