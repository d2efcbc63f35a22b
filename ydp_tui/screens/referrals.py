"""취업알선ㆍ매칭 (F5): the referrals list, matching for a seeker or a vacancy, and one
referral's page where it moves along 알선 → 면접 → 채용 / 불합격 / 취소."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ydp_tui import strings
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.validation import format_won
from ydp_tui.screens.jobs_common import (FitTable, PagedListScreen, RecordScreen, cells, grid, pick_seeker,
                                         pick_vacancy)
from ydp_tui.screens.transfer import start_export, start_import
from ydp_tui.widgets.dialogs import ConfirmDialog, FormDialog
from ydp_tui.widgets.topbar import TopBar

VIEWS = ("전체", "진행중", *rules.codes("referral_status"))
STATUS_STYLE = {rules.REFERRED: "", rules.INTERVIEW: "cyan", rules.HIRED: "bold green", rules.FAILED: "dim",
                rules.CANCELLED: "dim"}


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


class ReferralsScreen(PagedListScreen):
    TITLE_TEXT = "취업알선ㆍ매칭"
    PREWARM_MATCHING = True
    FILTERS = VIEWS
    PLACEHOLDER = "/ 찾기: 구직자 성명(초성), 업체명, 알선번호, 구인번호"
    EMPTY = "취업알선이 없습니다 (M: 구직자에게 맞는 구인 찾기, K: 구인에 맞는 구직자 찾기)"
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="referrals.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="referrals.open", tooltip="알선을 열어 면접ㆍ채용을 기록합니다"),
        Binding("m", "match_seeker", "구직자 매칭", id="referrals.match-seeker", tooltip="구직자를 골라 맞는 구인을 찾습니다"),
        Binding("k", "match_vacancy", "구인 매칭", id="referrals.match-vacancy", tooltip="구인을 골라 맞는 구직자를 찾습니다"),
        Binding("i", "import", strings.IMPORT, id="referrals.import", tooltip="CSV/XLSX 가져오기"),
        Binding("x", "export", strings.EXPORT, id="referrals.export", tooltip="CSV/XLSX 내보내기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def columns(self, wide: bool) -> list[tuple[str, int | None]]:
        cols: list[tuple[str, int | None]] = [
            ("알선일", 10), ("구직자", 14), ("구인", 26 if wide else 20),
            ("업체", 18 if wide else 14), ("상태", 6)]
        if wide:
            cols = [("알선번호", 16), *cols, ("채용일", 10)]
        return cols

    def fetch(self, db: Any, query: str, view: str, limit: int, offset: int) -> Any:
        from ydp_tui.db import referrals

        return referrals.search(db, query, view=view, limit=limit, offset=offset)

    def row_cells(self, r: Any) -> list[Text]:
        out = [*cells(r.referred_on, r.seeker_name, r.title, r.employer), status_text(r.status)]
        if self.wide:
            out = [Text(r.referral_no), *out, *cells(r.hired_on or "")]
        return out

    def open_row(self, row_id: str) -> None:
        self.app.push_screen(ReferralScreen(row_id))

    def action_match_seeker(self) -> None:
        from ydp_tui.screens.matching import MatchScreen

        pick_seeker(self, "매칭할 구직자 (구직중)", lambda sid: self.app.push_screen(MatchScreen(seeker_id=sid)))

    def action_match_vacancy(self) -> None:
        from ydp_tui.screens.matching import MatchScreen

        pick_vacancy(self, "매칭할 구인 (모집중)", lambda vid: self.app.push_screen(MatchScreen(vacancy_id=vid)))

    def action_import(self) -> None:
        start_import(self, "referrals", "취업알선", on_done=self.reload)

    def action_export(self) -> None:
        start_export(self, "referrals", "취업알선", "취업알선.xlsx")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import" and self.ydp.config.read_only:
            return None
        return True


STEP_TITLES = {rules.INTERVIEW: "면접 기록", rules.HIRED: "채용 기록", rules.FAILED: "불합격 기록",
               rules.CANCELLED: "알선 취소"}
STEP_NOTES = {
    rules.HIRED: "채용하면 구직자는 '취업'이 되고 구인인원에 셉니다 (모두 채우면 충원). 임금은 구인의 임금으로 채워 두었습니다.",
    rules.CANCELLED: "채용을 취소하면 구직자는 다시 '구직중', 구인인원은 다시 빈자리가 됩니다. 사유를 적으세요.",
}


def referral_grid(d: Any) -> Any:
    r, s, v, e = d.referral, d.seeker, d.vacancy, d.employer
    hired = ""
    if r.hired_on:
        wage = f", {r.hired_wage_type} {format_won(r.hired_wage)}" if r.hired_wage_type and r.hired_wage else ""
        hired = f"{r.hired_on} (근무 시작 {r.start_on or r.hired_on}{wage})"
    closed = f"{r.closed_on} {r.reason}".strip() if r.closed_on else ""
    return grid([
        ("구직자", Text(f"{s.name or '(파기됨)'} ({s.birth_date or ''})", style="bold")),
        ("구직번호", f"{s.seeker_no} {s.status} {s.phone or ''}"),
        ("구인", Text(f"{v.vacancy_no} {v.title}", style="bold")), ("업체", f"{e.name} {e.phone or ''}"),
        ("알선일", f"{r.referred_on} ({r.counselor})"), ("상태", Text(r.status, style=STATUS_STYLE.get(r.status, "bold"))),
        ("면접일", str(r.interview_on or "")), ("채용", hired),
        ("불합격ㆍ취소", closed), ("행사", d.event_title or "-"),
    ])


class ReferralScreen(RecordScreen):
    """One referral and its steps; I 면접, H 채용, F 불합격, C 취소 (a hire too)."""

    TITLE_TEXT = "취업알선"
    DEFAULT_CSS = """
    ReferralScreen #info { padding: 0 1; height: auto; }
    ReferralScreen #next { padding: 0 1; height: auto; color: $text-muted; }
    ReferralScreen .section-title { padding: 0 1; height: 1; }
    ReferralScreen #steps { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("i", "step('면접')", "면접", id="referral.interview", tooltip="면접일을 기록합니다 (예정일도 됨)"),
        Binding("h", "step('채용')", "채용", id="referral.hire", tooltip="채용일, 근무시작일, 임금을 기록합니다"),
        Binding("f", "step('불합격')", "불합격", id="referral.fail", tooltip="불합격을 기록합니다"),
        Binding("c", "step('취소')", strings.CANCEL, id="referral.cancel", tooltip="알선(또는 채용)을 취소합니다"),
        Binding("o", "seeker", "구직자", id="referral.seeker", tooltip="구직자 정보를 엽니다"),
        Binding("v", "vacancy", "구인", id="referral.vacancy", tooltip="구인 정보를 엽니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, referral_id: str) -> None:
        super().__init__()
        self.referral_id = referral_id
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("", id="next")
        yield Static("진행 기록", classes="section-title", id="steps-title")
        yield FitTable(id="steps")

    def setup(self) -> None:
        self.query_one("#steps", FitTable).set_columns(("날짜", 10), ("처리", 8), ("상태", 12), ("담당", 8),
                                                        ("메모ㆍ사유", 30))
        self.query_one("#steps", FitTable).focus()

    def load(self, *, first: bool) -> None:
        """``first``: opening the referral shows the seeker's data, so it is logged (접속기록)."""
        from ydp_tui.db import referrals

        db = self.db
        if db is None:
            return
        rid = self.referral_id
        self.run_service(lambda: referrals.detail(db, rid, log_view=first), self._show, group="referral-load")

    def _show(self, d: Any) -> None:
        self.detail = d
        self.busy = False
        self.query_one(TopBar).set_title(f"취업알선 {d.referral.referral_no}")
        self.query_one("#info", Static).update(referral_grid(d))
        keys = {"면접": "I 면접", "채용": "H 채용", "불합격": "F 불합격", "취소": "C 취소"}
        nxt = ", ".join(keys[s] for s in d.next_steps)
        self.query_one("#next", Static).update(Text(f"다음 단계: {nxt}" if nxt else "끝난 알선입니다"))
        table = self.query_one("#steps", FitTable)
        table.clear()
        for s in d.steps:
            table.add_fit_row(s.on, s.action, f"{s.from_status}-{s.to_status}" if s.from_status else s.to_status,
                              s.by, s.note)
        self.query_one("#steps-title", Static).update(Text(f"진행 기록 {len(d.steps)}건"))
        self.refresh_bindings()

    def action_step(self, to_status: str) -> None:
        from ydp_tui.db import referrals

        d = self.detail
        if d is None or self.busy or to_status not in d.next_steps:
            return
        values = referrals.step_defaults(d, to_status)
        note = STEP_NOTES.get(to_status, "") if (to_status != rules.CANCELLED or d.referral.status == rules.HIRED) else ""

        def submit(raw: dict[str, Any] | None) -> None:
            if not raw:
                return
            db, rid, version = self.db, self.referral_id, d.referral.version
            self.busy = True

            def failed(exc: Any) -> None:
                self.busy = False
                self.show_error(exc)

            self.run_service(lambda: referrals.advance(db, rid, to_status, raw, expected_version=version),
                             lambda r: (self.notify(f"{r.referral_no}: {r.status}", title=strings.SAVED),
                                        self.load(first=False)),
                             failed=failed, group="referral-step")

        title = f"{STEP_TITLES[to_status]}: {d.seeker.name} -> {d.vacancy.title}"
        if to_status == rules.CANCELLED and d.referral.status == rules.HIRED:
            title = f"채용 취소: {d.seeker.name} -> {d.vacancy.title}"
        dialog = FormDialog(title, referrals.STEP_SPECS[to_status], values, hint=note)
        if to_status == rules.CANCELLED:
            question = "채용을 취소할까요?" if d.referral.status == rules.HIRED else "이 알선을 취소할까요?"

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.app.push_screen(dialog, submit)

            self.app.push_screen(ConfirmDialog(question, f"{d.referral.referral_no} {d.seeker.name} -> {d.vacancy.title}",
                                               yes="취소하기", no="그대로 두기"), confirmed)
            return
        self.app.push_screen(dialog, submit)

    def action_seeker(self) -> None:
        from ydp_tui.screens.seeker_detail import SeekerDetailScreen

        if self.detail is not None:
            self.app.push_screen(SeekerDetailScreen(self.detail.seeker.id))

    def action_vacancy(self) -> None:
        from ydp_tui.screens.vacancies import VacancyScreen

        if self.detail is not None:
            self.app.push_screen(VacancyScreen(self.detail.vacancy.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step":
            if self.ydp.config.read_only:
                return None
            d = self.detail
            return bool(d is not None and parameters and parameters[0] in d.next_steps)
        return True
