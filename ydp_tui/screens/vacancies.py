"""구인 (F4): the vacancies list, a vacancy's page (its referrals; matching in one key; close
or reopen it) and the vacancy form.  Employers are one key away (U)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, data, strings
from ydp_tui.rules import jobs as rules
from ydp_tui.rules import keco
from ydp_tui.rules.validation import format_won
from ydp_tui.screens.jobs_common import FitTable, PagedListScreen, RecordFormScreen, RecordScreen, cells, grid, row_key
from ydp_tui.screens.transfer import start_export, start_import
from ydp_tui.widgets.topbar import TopBar

VIEWS = ("전체", "매칭 가능", "모집중", "마감", "충원")


def status_text(status: str) -> Text:
    style = {"모집중": "green", "기한지남": "yellow", "마감": "dim", "충원": "cyan"}.get(status, "")
    return Text(status, style=style)


class VacanciesScreen(PagedListScreen):
    TITLE_TEXT = "구인"
    PREWARM_MATCHING = True
    FILTERS = VIEWS
    PLACEHOLDER = "/ 찾기: 구인번호, 제목, 업체명(초성)"
    EMPTY = "등록된 구인이 없습니다 (N: 새 구인, U: 구인업체, I: 가져오기)"
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="vacancies.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="vacancies.open", tooltip="구인 정보와 알선 현황"),
        Binding("m", "match", "매칭", id="vacancies.match", tooltip="이 구인에 맞는 구직자를 찾습니다"),
        Binding("n", "new", "새 구인", id="vacancies.new", tooltip="구인을 등록합니다 (사업자등록번호로 업체 지정)"),
        Binding("u", "employers", "구인업체", id="vacancies.employers", tooltip="구인업체 목록, 등록, job아라 방문"),
        Binding("i", "import", strings.IMPORT, id="vacancies.import", tooltip="CSV/XLSX 가져오기"),
        Binding("x", "export", strings.EXPORT, id="vacancies.export", tooltip="CSV/XLSX 내보내기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def columns(self, wide: bool) -> list[tuple[str, int | None]]:
        cols: list[tuple[str, int | None]] = [
            ("제목", 34 if wide else 22), ("업체", 20 if wide else 16), ("인원", 5),
            ("마감일", 10), ("상태", 8)]
        if wide:
            cols = [("구인번호", 16), *cols, ("직종", 4), ("근무지", 10)]
        return cols

    def fetch(self, db: Any, query: str, view: str, limit: int, offset: int) -> Any:
        from ydp_tui.db import vacancies

        return vacancies.search(db, query, view=view, limit=limit, offset=offset)

    def row_cells(self, r: Any) -> list[Text]:
        out = [*cells(r.title, r.employer, Text(f"{r.hired}/{r.headcount}", justify="right"),
                      r.deadline or "채용시까지"), status_text(r.status)]
        if self.wide:
            out = [Text(r.vacancy_no), *out, *cells(r.keco, r.dong)]
        return out

    def open_row(self, row_id: str) -> None:
        self.app.push_screen(VacancyScreen(row_id))

    def action_match(self) -> None:
        from ydp_tui.screens.matching import MatchScreen

        vid = self.current_id()
        if vid:
            self.app.push_screen(MatchScreen(vacancy_id=vid))

    def action_new(self) -> None:
        self.app.push_screen(VacancyFormScreen())

    def action_employers(self) -> None:
        from ydp_tui.screens.employers import EmployersScreen

        self.app.push_screen(EmployersScreen())

    def action_import(self) -> None:
        start_import(self, "vacancies", "구인", on_done=self.reload)

    def action_export(self) -> None:
        start_export(self, "vacancies", "구인", "구인.xlsx")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "import") and self.ydp.config.read_only:
            return None
        return True


def _keco_hint(value: Any) -> str:
    return keco.describe(str(value), data.keco_names()) if value else ""


class VacancyFormScreen(RecordFormScreen):
    TITLE_TEXT = "구인 등록"
    SPECS = rules.VACANCY_FORM
    HINTS = {"keco": _keco_hint}
    NOTE = "임금은 임금형태와 함께 (시급ㆍ일급ㆍ월급ㆍ연봉). 마감일을 비우면 채용시까지. 학력ㆍ자격증은 매칭의 필수 조건입니다."

    def __init__(self, record_id: str | None = None, *, brn: str = "") -> None:
        super().__init__(record_id)
        self.brn = brn

    def defaults(self) -> dict[str, Any]:
        return {"brn": self.brn, "registered_on": clock.today().isoformat(), "status": rules.OPEN, "headcount": "1",
                "education": "무관", "career": "무관"}

    def on_mount(self) -> None:
        super().on_mount()
        if self.record_id is None and self.brn:
            self.form.row("title").control.focus()

    def load(self, db: Any) -> tuple[dict[str, str], int, str]:
        from ydp_tui.db import vacancies

        d = vacancies.get(db, self.record_id)
        return vacancies.to_fields(d.vacancy, d.employer.brn), d.vacancy.version, f"구인 수정 {d.vacancy.vacancy_no}"

    def _loaded(self, result: tuple[dict[str, str], int, str]) -> None:
        super()._loaded(result)
        self.form.row("vacancy_no").control.disabled = True

    def save(self, db: Any, raw: dict[str, Any], version: int | None) -> Any:
        from ydp_tui.db import vacancies

        if self.record_id is None:
            return vacancies.create(db, raw)
        return vacancies.update(db, self.record_id, raw, expected_version=version or 0)

    def saved(self, result: Any) -> None:
        self.notify(f"저장했습니다: {result.vacancy_no} {result.title}")
        self.app.pop_screen()
        if self.record_id is None:
            self.app.push_screen(VacancyScreen(result.id))


def vacancy_grid(d: Any) -> Any:
    v, e = d.vacancy, d.employer
    names = data.keco_names()
    wage = f"{v.wage_type} {format_won(v.wage)}" if v.wage_type and v.wage else "협의"
    hours = f"주 {v.weekly_hours}시간" if v.weekly_hours else ""
    where = v.dong or f"{e.dong or ''} (업체)"
    if v.address:
        where = f"{where} {v.address}"
    state = Text(f"{v.status}", style="bold")
    if not d.open:
        state.append("  (매칭 제외)", style="yellow")
    return grid([
        ("제목", Text(v.title, style="bold")), ("업체", Text(f"{e.name} {e.brn}")),
        ("직종", keco.describe(v.keco, names)), ("채용/인원", f"{d.hired}/{v.headcount}명"),
        ("임금", wage), ("근무", " ".join(x for x in (v.employment_type or "", hours) if x)),
        ("근무지", where), ("마감일", str(v.deadline or "채용시까지")),
        ("학력", f"{v.education} 이상" if v.education else "무관"),
        ("경력", rules.format_career(v.career, v.career_months) or "무관"),
        ("자격증", v.certificates.replace(";", ", ") or "-"), ("상태", state),
        ("우대대상", e.welcome_groups.replace(";", ", ") or "-"), ("등록일", str(v.registered_on)),
    ])


class VacancyScreen(RecordScreen):
    """One vacancy: its data, the referrals made to it (Enter opens one), matching, status."""

    TITLE_TEXT = "구인"
    DEFAULT_CSS = """
    VacancyScreen #info { padding: 0 1; height: auto; }
    VacancyScreen .section-title { padding: 0 1; height: 1; }
    VacancyScreen #referrals { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("m", "match", "매칭", id="vacancy.match", tooltip="이 구인에 맞는 구직자를 찾아 바로 알선합니다"),
        Binding("e", "edit", strings.EDIT, id="vacancy.edit", tooltip="구인 정보를 고칩니다"),
        Binding("c", "close", "마감", id="vacancy.close", tooltip="모집을 마감합니다 (매칭에서 빠짐)"),
        Binding("o", "reopen", "다시 모집", id="vacancy.reopen", tooltip="마감한 구인을 다시 모집중으로"),
        Binding("b", "employer", "업체", id="vacancy.employer", tooltip="구인업체 정보"),
        Binding("enter", "open", strings.OPEN, id="vacancy.open", show=False, tooltip="알선 열기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, vacancy_id: str) -> None:
        super().__init__()
        self.vacancy_id = vacancy_id

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("취업알선", classes="section-title", id="referrals-title")
        yield FitTable(id="referrals")

    def setup(self) -> None:
        self.query_one("#referrals", FitTable).set_columns(("알선번호", 14), ("알선일", 10), ("구직자", 14), ("상태", 6),
                                                            ("면접일", 10), ("채용일", 10))
        self.query_one("#referrals", FitTable).focus()

    def load(self, *, first: bool = False) -> None:
        from ydp_tui.db import referrals, vacancies

        db = self.db
        if db is None:
            return
        vid = self.vacancy_id
        self.run_service(lambda: (vacancies.get(db, vid), referrals.search(db, vacancy_id=vid, limit=500)),
                         self._show, group="vacancy-load")

    def _show(self, result: tuple[Any, Any]) -> None:
        d, page = result
        self.detail = d
        self.query_one(TopBar).set_title(f"구인 {d.vacancy.vacancy_no}")
        self.query_one("#info", Static).update(vacancy_grid(d))
        table = self.query_one("#referrals", FitTable)
        table.clear()
        for r in page.rows:
            table.add_fit_row(r.referral_no, r.referred_on, r.seeker_name, r.status, r.interview_on or "",
                              r.hired_on or "", key=r.id)
        self.query_one("#referrals-title", Static).update(
            Text(f"취업알선 {page.total:,}건" + ("" if page.rows else " (M: 매칭에서 알선)")))
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#referrals")
    def _selected(self, event: DataTable.RowSelected) -> None:
        from ydp_tui.screens.referrals import ReferralScreen

        self.app.push_screen(ReferralScreen(str(event.row_key.value)))

    def action_open(self) -> None:
        from ydp_tui.screens.referrals import ReferralScreen

        rid = row_key(self.query_one("#referrals", DataTable))
        if rid:
            self.app.push_screen(ReferralScreen(rid))

    def action_match(self) -> None:
        from ydp_tui.screens.matching import MatchScreen

        self.app.push_screen(MatchScreen(vacancy_id=self.vacancy_id))

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(VacancyFormScreen(self.vacancy_id))

    def action_employer(self) -> None:
        from ydp_tui.screens.employers import EmployerScreen

        if self.detail is not None:
            self.app.push_screen(EmployerScreen(self.detail.employer.id))

    def _set_status(self, status: str) -> None:
        from ydp_tui.db import vacancies

        if self.detail is None:
            return
        db, vid, version = self.db, self.vacancy_id, self.detail.vacancy.version
        self.run_service(lambda: vacancies.set_status(db, vid, status, expected_version=version),
                         lambda v: (self.notify(f"{v.vacancy_no}: {v.status}"), self.load()), group="vacancy-status")

    def action_close(self) -> None:
        self._set_status(rules.CLOSED)

    def action_reopen(self) -> None:
        self._set_status(rules.OPEN)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "reopen") and self.ydp.config.read_only:
            return None
        status = self.detail.vacancy.status if self.detail is not None else None
        if action == "close":
            return status == rules.OPEN
        if action == "reopen":
            return status in (rules.CLOSED, rules.FILLED)
        return True
