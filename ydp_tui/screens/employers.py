"""구인업체: the list (name, 초성 or 사업자등록번호), an employer's page with its vacancies and
job아라 visits, and the employer form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.rules import jobs as rules
from ydp_tui.screens.jobs_common import (FitTable, PagedListScreen, RecordFormScreen, RecordScreen, cells, grid,
                                         row_key)
from ydp_tui.screens.transfer import start_export, start_import
from ydp_tui.widgets.dialogs import FormDialog
from ydp_tui.widgets.topbar import TopBar


class EmployersScreen(PagedListScreen):
    TITLE_TEXT = "구인업체"
    PLACEHOLDER = "/ 찾기: 업체명, 초성, 사업자등록번호"
    EMPTY = "등록된 구인업체가 없습니다 (N: 새 업체, I: 가져오기)"
    UNIT = "곳"
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="employers.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="employers.open", tooltip="업체 정보, 구인, 방문 기록"),
        Binding("n", "new", "새 업체", id="employers.new", tooltip="구인업체를 등록합니다"),
        Binding("i", "import", strings.IMPORT, id="employers.import", tooltip="CSV/XLSX 가져오기"),
        Binding("x", "export", strings.EXPORT, id="employers.export", tooltip="CSV/XLSX 내보내기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def columns(self, wide: bool) -> list[tuple[str, int | None]]:
        cols: list[tuple[str, int | None]] = [
            ("업체명", 30 if wide else 24), ("사업자등록번호", 14), ("행정동", 10),
            ("모집중", 6)]
        if wide:
            cols += [("업종", 18), ("상생", 4), ("등록일", 10)]
        return cols

    def fetch(self, db: Any, query: str, view: str, limit: int, offset: int) -> Any:
        from ydp_tui.db import employers

        return employers.search(db, query, limit=limit, offset=offset)

    def row_cells(self, r: Any) -> list[Text]:
        out = cells(r.name, r.brn, r.dong, Text(f"{r.open_vacancies}", justify="right"))
        if self.wide:
            out += cells(r.industry, "Y" if r.social else "", r.registered_on)
        return out

    def open_row(self, row_id: str) -> None:
        self.app.push_screen(EmployerScreen(row_id))

    def action_new(self) -> None:
        self.app.push_screen(EmployerFormScreen())

    def action_import(self) -> None:
        start_import(self, "employers", "구인업체", on_done=self.reload)

    def action_export(self) -> None:
        start_export(self, "employers", "구인업체", "구인업체.xlsx")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "import") and self.ydp.config.read_only:
            return None
        return True


class EmployerFormScreen(RecordFormScreen):
    TITLE_TEXT = "구인업체 등록"
    SPECS = rules.EMPLOYER_FORM
    NOTE = "사업자등록번호는 검증번호까지 확인합니다. 우대대상은 매칭에서 해당 구직자를 앞에 둡니다."

    def defaults(self) -> dict[str, Any]:
        return {"registered_on": clock.today().isoformat()}

    def load(self, db: Any) -> tuple[dict[str, str], int, str]:
        from ydp_tui.db import employers

        e = employers.get(db, self.record_id)
        return employers.to_fields(e), e.version, f"구인업체 수정 {e.name}"

    def save(self, db: Any, raw: dict[str, Any], version: int | None) -> Any:
        from ydp_tui.db import employers

        if self.record_id is None:
            return employers.register(db, raw)
        return employers.update(db, self.record_id, raw, expected_version=version or 0)

    def saved(self, result: Any) -> None:
        self.notify(f"저장했습니다: {result.name} ({result.brn})")
        self.app.pop_screen()
        if self.record_id is None:
            self.app.push_screen(EmployerScreen(result.id))


class EmployerScreen(RecordScreen):
    """One employer: its data, its vacancies (Enter opens one) and job아라 visits."""

    TITLE_TEXT = "구인업체"
    DEFAULT_CSS = """
    EmployerScreen #info { padding: 0 1; height: auto; }
    EmployerScreen .section-title { padding: 0 1; height: 1; }
    EmployerScreen #vacancies { height: 1fr; min-height: 4; }
    EmployerScreen #visits { height: 6; }
    """
    BINDINGS = [
        Binding("e", "edit", strings.EDIT, id="employer.edit", tooltip="업체 정보를 고칩니다"),
        Binding("a", "add_vacancy", "구인 등록", id="employer.vacancy", tooltip="이 업체의 구인을 등록합니다"),
        Binding("v", "visit", "방문 기록", id="employer.visit", tooltip="job아라(찾아가는 구인기업 발굴) 방문을 기록합니다"),
        Binding("enter", "open", strings.OPEN, id="employer.open", show=False, tooltip="구인 열기"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, employer_id: str) -> None:
        super().__init__()
        self.employer_id = employer_id

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("구인", classes="section-title", id="vacancies-title")
        yield FitTable(id="vacancies")
        yield Static("job아라 방문", classes="section-title", id="visits-title")
        yield FitTable(id="visits")

    def setup(self) -> None:
        self.query_one("#vacancies", FitTable).set_columns(("구인번호", 14), ("제목", 24), ("인원", 5), ("마감일", 10),
                                                            ("상태", 8))
        self.query_one("#visits", FitTable).set_columns(("방문일", 10), ("방문자", 8), ("결과", 14), ("내용", 36))
        self.query_one("#vacancies", FitTable).focus()

    def load(self, *, first: bool) -> None:
        from ydp_tui.db import employers, vacancies

        db = self.db
        if db is None:
            return
        eid = self.employer_id

        def work() -> tuple[Any, Any, list[Any]]:
            return (employers.get(db, eid), vacancies.search(db, employer_id=eid, limit=500),
                    employers.visits(db, eid))

        self.run_service(work, self._show, group="employer-load")

    def _show(self, result: tuple[Any, Any, list[Any]]) -> None:
        e, page, visits = result
        self.detail = e
        self.query_one(TopBar).set_title(f"구인업체 {e.name}")
        where = " ".join(x for x in (e.dong or "", e.address or "") if x)
        self.query_one("#info", Static).update(grid([
            ("업체명", Text(e.name, style="bold")), ("사업자등록번호", e.brn),
            ("대표자", e.representative or ""), ("전화", e.phone or ""),
            ("주소", where), ("업종ㆍ규모", " ".join(x for x in (e.industry or "", e.size or "") if x)),
            ("상생기업", "예" if e.social else "아니오"), ("우대대상", e.welcome_groups.replace(";", ", ") or "-"),
        ]))
        table = self.query_one("#vacancies", FitTable)
        table.clear()
        for r in page.rows:
            table.add_fit_row(r.vacancy_no, r.title, f"{r.hired}/{r.headcount}", r.deadline or "채용시까지", r.status,
                              key=r.id)
        self.query_one("#vacancies-title", Static).update(
            Text(f"구인 {page.total:,}건" + ("" if page.rows else " (A: 구인 등록)")))
        vt = self.query_one("#visits", FitTable)
        vt.clear()
        for v in visits:
            vt.add_fit_row(v.visited_on, v.visitor, v.outcome, v.note.replace("\n", " "), key=v.id)
        self.query_one("#visits-title", Static).update(
            Text(f"job아라 방문 {len(visits)}건" + ("" if visits else " (V: 방문 기록)")))

    @on(DataTable.RowSelected, "#vacancies")
    def _vacancy_selected(self, event: DataTable.RowSelected) -> None:
        from ydp_tui.screens.vacancies import VacancyScreen

        self.app.push_screen(VacancyScreen(str(event.row_key.value)))

    def action_open(self) -> None:
        from ydp_tui.screens.vacancies import VacancyScreen

        vid = row_key(self.query_one("#vacancies", DataTable))
        if vid:
            self.app.push_screen(VacancyScreen(vid))

    def action_edit(self) -> None:
        if self.detail is not None:
            self.app.push_screen(EmployerFormScreen(self.employer_id))

    def action_add_vacancy(self) -> None:
        from ydp_tui.screens.vacancies import VacancyFormScreen

        if self.detail is not None:
            self.app.push_screen(VacancyFormScreen(brn=self.detail.brn))

    def action_visit(self) -> None:
        if self.detail is None:
            return

        def chosen(values: dict[str, Any] | None) -> None:
            from ydp_tui.db import employers

            if not values:
                return
            db, eid = self.db, self.employer_id
            self.run_service(lambda: employers.add_visit(db, eid, values),
                             lambda v: (self.notify(f"방문을 기록했습니다: {v.visited_on} {v.outcome}"), self.load(first=False)),
                             group="employer-visit")

        self.app.push_screen(FormDialog(f"job아라 방문 기록: {self.detail.name}", rules.VISIT_FIELDS,
                                        {"visited_on": clock.today().isoformat(), "visitor": self.ydp.operator_name,
                                         "outcome": "구인 발굴"}), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "add_vacancy", "visit") and self.ydp.config.read_only:
            return None
        return True
