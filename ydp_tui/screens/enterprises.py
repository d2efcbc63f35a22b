"""상생기업: the enterprises with this year's 재정지원 and 공공구매 (against the year's target);
one enterprise's support and purchase records; the teams of a contest (창업아이디어 경진대회)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from ydp_tui import clock, strings
from ydp_tui.rules import programs as rules
from ydp_tui.rules.validation import format_rate, format_won
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.record_form import RecordForm
from ydp_tui.widgets.dialogs import ConfirmDialog
from ydp_tui.widgets.tables import current_key, move_to_key
from ydp_tui.widgets.text import fit_cells


class EnterprisesScreen(BaseScreen):
    TITLE_TEXT = "상생기업"
    DEFAULT_CSS = """
    EnterprisesScreen #panel { padding: 0 1; height: 2; }
    EnterprisesScreen #enterprises { height: 1fr; }
    EnterprisesScreen #year { width: 12; }
    """
    WRITE_ACTIONS = frozenset({"new"})
    BINDINGS = [
        Binding("slash", "focus_search", strings.SEARCH, id="enterprises.search", tooltip="찾기 칸으로"),
        Binding("enter", "open", strings.OPEN, id="enterprises.open", tooltip="재정지원ㆍ공공구매 기록"),
        Binding("n", "new", "기업 등록", id="enterprises.new", tooltip="상생기업을 등록합니다"),
        Binding("c", "teams", "경진대회", id="enterprises.teams", tooltip="창업아이디어 경진대회 팀"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = clock.today().year
        self.query_text = ""

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Input(placeholder="/ 찾기: 기업명, 초성, 사업자등록번호", max_length=50, compact=True, id="search")
            yield Select([(f"{y}년", y) for y in range(self.year - 2, self.year + 2)], value=self.year,
                         allow_blank=False, compact=True, id="year")
        yield Static("", id="panel")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="enterprises")

    @property
    def table(self) -> DataTable:
        return self.query_one("#enterprises", DataTable)

    def on_mount(self) -> None:
        for key, label in (("name", "기업명"), ("kind", "구분"), ("support", "재정지원(원)"), ("purchase", "공공구매(원)")):
            self.table.add_column(label, key=key)
        if self.app.size.width >= 100:
            self.table.add_column("사업자등록번호", key="brn")
        self.table.focus()
        if self.db is not None:
            self.reload()

    def on_database_ready(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.db is not None:
            self.reload(keep=True)

    def reload(self, *, keep: bool = False) -> None:
        from ydp_tui.db import enterprises

        db, year, query = self.db, self.year, self.query_text
        keep_id = current_key(self.table) if keep else None

        def load() -> tuple[list[Any], Any, list[Any], int | None]:
            lo = dt.date(year, 1, 1)
            hi = min(dt.date(year, 12, 31), max(lo, clock.today()))
            return (enterprises.list_enterprises(db, year, query=query), enterprises.support_figures(db, lo, hi),
                    enterprises.purchase_figures(db, lo, dt.date(year, 12, 31)) or [None],
                    enterprises.purchase_target(db, year))

        self.run_service(load, lambda r: self._show(*r, keep_id=keep_id), group="enterprises-list")

    def _show(self, rows: list[Any], support: Any, purchases: list[Any], target: int | None, *,
              keep_id: str | None) -> None:
        p = purchases[0]
        amount = p.amount if p else 0
        goal = f" / 목표 {rules.eok(target)} ({format_rate(p.achievement_rate if p else 0.0)}%)" if target else " (목표액 없음)"
        panel = Text.assemble((f"{self.year}년 재정지원 ", "bold"), f"{support.enterprises:,}개소 {rules.million(support.amount)}",
                              f" ({support.people:,}명)\n", (f"{self.year}년 공공구매 ", "bold"), f"{rules.eok(amount)}{goal}")
        self.query_one("#panel", Static).update(panel)
        table = self.table
        table.clear()
        for r in rows:
            cells = [Text(fit_cells(r.name, 28)), Text(r.kind), Text(f"{r.support_amount:,}", justify="right"),
                     Text(f"{r.purchase_amount:,}", justify="right")]
            if self.app.size.width >= 100:
                cells.append(Text(r.brn))
            table.add_row(*cells, key=r.id)
        move_to_key(table, keep_id)

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#year")
    def _year(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.year:
            self.year = int(event.value)  # type: ignore[arg-type]
            self.reload()

    @on(DataTable.RowSelected, "#enterprises")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(EnterpriseScreen(str(event.row_key.value)))

    def action_open(self) -> None:
        key = current_key(self.table)
        if key:
            self.app.push_screen(EnterpriseScreen(key))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_new(self) -> None:
        from ydp_tui.db import enterprises

        db = self.db
        self.app.push_screen(RecordForm("상생기업 등록", rules.ENTERPRISE_FIELDS, save=lambda raw: enterprises.add(db, raw),
                                        saved_message=lambda e: f"등록했습니다: {e.name}"), lambda _: self.reload())

    def action_teams(self) -> None:
        self.app.push_screen(TeamsScreen(self.year))


class EnterpriseScreen(BaseScreen):
    TITLE_TEXT = "상생기업"
    DEFAULT_CSS = """
    EnterpriseScreen #info { padding: 0 1; height: auto; }
    EnterpriseScreen .section-title { padding: 0 1; }
    EnterpriseScreen DataTable { height: 1fr; min-height: 3; }
    """
    WRITE_ACTIONS = frozenset({"support", "purchase", "delete", "edit"})
    BINDINGS = [
        Binding("g", "support", "재정지원 추가", id="enterprise.support", tooltip="인건비 등 재정지원 기록"),
        Binding("b", "purchase", "공공구매 추가", id="enterprise.purchase", tooltip="구의 부서가 산 것"),
        Binding("delete", "delete", "기록 삭제", id="enterprise.delete", tooltip="고른 재정지원ㆍ공공구매 기록을 지웁니다 (확인)"),
        Binding("e", "edit", strings.EDIT, id="enterprise.edit", tooltip="기업 정보를 고칩니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, enterprise_id: str) -> None:
        super().__init__()
        self.enterprise_id = enterprise_id
        self.enterprise: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="info")
        yield Static("재정지원 (G: 추가)", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="supports")
        yield Static("공공구매 (B: 추가)", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="purchases")

    def on_mount(self) -> None:
        for tid, cols in (("#supports", ("결정일", "지원 구분", "기간ㆍ인원", "금액")), ("#purchases", ("구매일", "구매 부서", "품목", "금액"))):
            table = self.query_one(tid, DataTable)
            for label in cols:
                table.add_column(label)
        self.query_one("#supports", DataTable).focus()
        if self.db is not None:
            self.load()

    def on_database_ready(self) -> None:
        if self.enterprise is None:
            self.load()

    def load(self) -> None:
        from ydp_tui.db import enterprises

        db, eid = self.db, self.enterprise_id
        self.run_service(lambda: (enterprises.get(db, eid), enterprises.supports(db, eid), enterprises.purchases(db, eid)),
                         self._show, group="enterprise-load")

    def _show(self, result: tuple[Any, list[Any], list[Any]]) -> None:
        from ydp_tui.widgets.topbar import TopBar

        e, supports, purchases = result
        self.enterprise = e
        self.query_one(TopBar).set_title(f"상생기업: {e.name}")
        self.query_one("#info", Static).update(Text.assemble(
            (f"{e.kind}", "bold"), f" | 사업자 {e.brn or '-'} | 대표 {e.representative or '-'} | {e.dong or ''} {e.address}",
            f"\n재정지원 {format_won(sum(r.amount for r in supports))} | 공공구매 {format_won(sum(r.amount for r in purchases))}"))
        for tid, rows in (("#supports", supports), ("#purchases", purchases)):
            table = self.query_one(tid, DataTable)
            table.clear()
            for r in rows:
                table.add_row(Text(str(r.on)), Text(r.kind), Text(fit_cells(r.detail, 30)),
                              Text(f"{r.amount:,}", justify="right"), key=r.id)

    def action_support(self) -> None:
        from ydp_tui.db import enterprises

        db, eid = self.db, self.enterprise_id
        self.app.push_screen(RecordForm("재정지원 추가", rules.SUPPORT_FIELDS, save=lambda raw: enterprises.add_support(db, eid, raw),
                                        values={"granted_on": clock.today().isoformat()},
                                        saved_message=lambda r: f"재정지원 {format_won(r.amount)}을 기록했습니다"),
                             lambda _: self.load())

    def action_purchase(self) -> None:
        from ydp_tui.db import enterprises

        db, eid = self.db, self.enterprise_id
        self.app.push_screen(RecordForm("공공구매 추가", rules.PURCHASE_FIELDS,
                                        save=lambda raw: enterprises.add_purchase(db, eid, raw),
                                        values={"purchased_on": clock.today().isoformat()},
                                        saved_message=lambda r: f"공공구매 {format_won(r.amount)}을 기록했습니다"),
                             lambda _: self.load())

    def action_delete(self) -> None:
        from ydp_tui.db import enterprises

        table = self.focused if isinstance(self.focused, DataTable) else None
        key = current_key(table) if table is not None else None
        if table is None or key is None:
            self.notify("지울 기록을 목록에서 고르세요", severity="warning")
            return
        is_support = table.id == "supports"
        db = self.db

        def answer(yes: bool | None) -> None:
            if yes:
                fn = enterprises.delete_support if is_support else enterprises.delete_purchase
                self.run_service(lambda: fn(db, key), lambda _: self.load(), group="enterprise-delete")

        self.app.push_screen(ConfirmDialog(f"{'재정지원' if is_support else '공공구매'} 기록을 지웁니다",
                                           "실적에서 빠집니다. 지운 기록은 목록에 나오지 않습니다."), answer)

    def action_edit(self) -> None:
        from ydp_tui.db import enterprises, programs

        e = self.enterprise
        if e is None:
            return
        db = self.db
        self.app.push_screen(RecordForm(f"기업 수정: {e.name}", rules.ENTERPRISE_FIELDS,
                                        save=lambda raw: enterprises.update(db, e.id, raw, expected_version=e.version),
                                        values=programs.fields_of(rules.ENTERPRISE_FIELDS, e)), lambda _: self.load())


class TeamsScreen(BaseScreen):
    """A contest's teams: register, select (선발), drop (탈락), back to 신청."""

    TITLE_TEXT = "경진대회 팀"
    DEFAULT_CSS = """
    TeamsScreen #teams { height: 1fr; }
    """
    WRITE_ACTIONS = frozenset({"new", "decide"})
    BINDINGS = [
        Binding("n", "new", "팀 등록", id="teams.new", tooltip="신청한 팀을 등록합니다"),
        Binding("s", "decide('선발')", "선발", id="teams.select", tooltip="고른 팀을 선발합니다 (오늘)"),
        Binding("r", "decide('탈락')", "탈락", id="teams.reject", tooltip="고른 팀을 탈락으로"),
        Binding("u", "decide('신청')", "되돌림", id="teams.undo", tooltip="신청 상태로 되돌립니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.contest_id: str | None = None
        self.rows: list[Any] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="toolbar"):
            yield Select([], prompt="경진대회", compact=True, id="contest")
        yield Static("", classes="count", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="teams")

    def on_mount(self) -> None:
        self.query_one("#contest", Select).styles.width = 40
        table = self.query_one(DataTable)
        for label in ("팀명", "대표자", "팀원", "신청일", "상태", "아이디어"):
            table.add_column(label)
        table.focus()
        if self.db is not None:
            self.on_database_ready()

    def on_database_ready(self) -> None:
        from ydp_tui.db import enterprises

        db, year = self.db, self.year
        self.run_service(lambda: enterprises.contests(db, year), self._contests, group="teams-contests")

    def _contests(self, contests: list[Any]) -> None:
        select = self.query_one("#contest", Select)
        select.set_options([(p.name, p.id) for p in contests])
        if contests:
            self.contest_id = contests[0].id
            select.value = self.contest_id
            self.reload()
        else:
            self.query_one("#count", Static).update(Text(
                f"{self.year}년 경진대회 프로그램이 없습니다 (교육ㆍ프로그램에서 구분 '경진대회'로 등록하세요)"))

    @on(Select.Changed, "#contest")
    def _contest(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.contest_id:
            self.contest_id = str(event.value)
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import enterprises

        if self.contest_id is None:
            return
        db, cid = self.db, self.contest_id
        self.run_service(lambda: enterprises.teams(db, cid), self._show, group="teams-list")

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        table = self.query_one(DataTable)
        keep = current_key(table)
        table.clear()
        for t in rows:
            style = "green" if t.status == "선발" else "dim" if t.status == "탈락" else ""
            table.add_row(Text(fit_cells(t.team_name, 16)), Text(t.leader), Text(f"{t.members}", justify="right"),
                          Text(str(t.applied_on)), Text(t.status, style=style), Text(fit_cells(t.idea, 20)), key=t.id)
        move_to_key(table, keep)
        chosen = sum(1 for t in rows if t.status == "선발")
        self.query_one("#count", Static).update(Text(f"신청 {len(rows):,}팀, 선발 {chosen:,}팀 "
                                                     f"(팀원 {sum(t.members for t in rows if t.status == '선발'):,}명)"))

    def action_new(self) -> None:
        from ydp_tui.db import enterprises

        if self.contest_id is None:
            return
        db, cid = self.db, self.contest_id
        self.app.push_screen(RecordForm("경진대회 팀 등록", rules.TEAM_FIELDS, save=lambda raw: enterprises.add_team(db, cid, raw),
                                        values={"applied_on": clock.today().isoformat(), "status": "신청"},
                                        saved_message=lambda t: f"팀을 등록했습니다: {t.team_name}"), lambda _: self.reload())

    def action_decide(self, status: str) -> None:
        from ydp_tui.db import enterprises

        key = current_key(self.query_one(DataTable))
        row = next((t for t in self.rows if t.id == key), None)
        if row is None or row.status == status:
            return
        db = self.db
        self.run_service(lambda: enterprises.decide_team(db, row.id, status, expected_version=row.version),
                         lambda t: (self.notify(f"{t.team_name}: {t.status}"), self.reload()), group="teams-decide")

