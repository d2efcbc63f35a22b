"""매칭: for a seeker the best open vacancies, or for a vacancy the best seekers; the highlighted
result's score explained criterion by criterion; ``R`` refers the pair in one key."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import data, strings
from ydp_tui.rules import keco
from ydp_tui.rules.validation import format_won
from ydp_tui.screens.base import BaseScreen
from ydp_tui.screens.jobs_common import FitTable, row_key
from ydp_tui.widgets.topbar import TopBar


def _two_lines(first: Text, second: Text) -> Text:
    for line in (first, second):
        line.no_wrap = True
        line.overflow = "crop"
    return Text("\n").join([first, second])


def seeker_line(s: Any) -> Text:
    """Who is matched: name, birth, number, dong; then what they wish for (codes, wage, hours)."""
    wish = [f"희망직종 {', '.join(s.jobs) or '없음'}", f"월 {format_won(s.wage)}" if s.wage else "",
            s.work_type or "", s.education or "", ", ".join(sorted(s.groups))]
    return _two_lines(Text.assemble((s.name, "bold"), f" ({s.birth or ''}, {s.seeker_no}) 구직중 | "
                                                      f"{s.dong or '주소 미입력'}"),
                      Text(" | ".join(x for x in wish if x)))


def vacancy_line(v: Any) -> Text:
    names = data.keco_names()
    wage = f"{v.wage_type} {format_won(v.wage)}" if v.wage_type and v.wage else "임금 협의"
    second = Text(f"{keco.describe(v.keco, names)} | {wage}" + (f" | 마감 {v.deadline}" if v.deadline else ""))
    return _two_lines(Text.assemble((f"{v.vacancy_no} {v.title}", "bold"), f" ({v.employer}) | "
                                                                          f"{v.dong or '근무지 미입력'}"), second)


def explanation(row: Any, rank: int, *, seeker_mode: bool) -> Group:
    """The score and every criterion's points and reason, for one result."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1, overflow="fold")
    who = (f"{row.vacancy.vacancy_no} {row.vacancy.title} ({row.vacancy.employer})" if seeker_mode
           else f"{row.seeker.name} ({row.seeker.birth or ''}, {row.seeker.seeker_no})")
    title = Text.assemble((f"{rank}위 {row.score}점", "bold"), f"  {who}")
    title.no_wrap = True
    title.overflow = "crop"
    for c in row.criteria:
        style = "green" if c.points == c.max_points else ("yellow" if c.points else "red")
        table.add_row(c.label, Text(f"{c.points}/{c.max_points}", style=style), Text(c.reason))
    if row.referral:
        table.add_row("알선", "", Text(f"이미 알선함: {row.referral[0]} ({row.referral[1]})", style="bold yellow"))
    return Group(title, table)


class MatchScreen(BaseScreen):
    TITLE_TEXT = "매칭"
    DEFAULT_CSS = """
    MatchScreen #subject { padding: 0 1; height: 2; }
    MatchScreen #summary { padding: 0 1; height: 1; color: $text-muted; }
    MatchScreen #results { height: 1fr; min-height: 5; }
    MatchScreen #why { padding: 0 1; height: auto; max-height: 11; border-top: solid $primary; }
    """
    BINDINGS = [
        Binding("r", "refer", "알선", id="match.refer", tooltip="고른 짝을 오늘 날짜로 알선합니다 (한 번에)"),
        Binding("enter", "open", strings.OPEN, id="match.open", tooltip="구인(또는 구직자) 정보를 엽니다"),
        Binding("a", "open_referral", "알선 보기", id="match.referral", tooltip="이미 알선한 짝이면 그 알선을 엽니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, *, seeker_id: str | None = None, vacancy_id: str | None = None) -> None:
        super().__init__()
        assert (seeker_id is None) != (vacancy_id is None)
        self.seeker_id, self.vacancy_id = seeker_id, vacancy_id
        self.seeker_mode = seeker_id is not None
        self.result: Any = None
        self.rows: dict[str, Any] = {}
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static("매칭하는 중", id="subject")
        yield Static("", id="summary")
        yield FitTable(id="results")
        yield Static("", id="why")

    @property
    def table(self) -> FitTable:
        return self.query_one("#results", FitTable)

    def on_mount(self) -> None:
        if self.seeker_mode:
            self.table.set_columns(("순위", 4), ("점수", 4), ("제목", 24), ("업체", 16), ("마감일", 10), ("알선", 6))
        else:
            self.table.set_columns(("순위", 4), ("점수", 4), ("성명", 16), ("생년월일", 10), ("행정동", 8),
                                   ("희망임금", 11), ("알선", 6))
        self.table.focus()
        self.load()

    def on_database_ready(self) -> None:
        if self.result is None:
            self.load()

    def on_screen_resume(self) -> None:
        if self.result is not None:
            self.load()

    def load(self) -> None:
        from ydp_tui.db import matching

        db = self.db
        if db is None:
            return
        if self.seeker_mode:
            sid = self.seeker_id
            self.run_service(lambda: matching.for_seeker(db, sid), self._show, failed=self._failed, group="match")
        else:
            vid = self.vacancy_id
            self.run_service(lambda: matching.for_vacancy(db, vid), self._show, failed=self._failed, group="match")

    def _failed(self, exc: Exception) -> None:
        self.query_one("#subject", Static).update(Text(str(exc), style="bold red"))
        self.query_one("#summary", Static).update(Text("Esc: 뒤로"))

    def _show(self, result: Any) -> None:
        keep = row_key(self.table)
        self.result = result
        if self.seeker_mode:
            self.query_one(TopBar).set_title(f"매칭: {result.seeker.name}에게 맞는 구인")
            self.query_one("#subject", Static).update(seeker_line(result.seeker))
        else:
            self.query_one(TopBar).set_title(f"매칭: 구인 {result.vacancy.vacancy_no}에 맞는 구직자")
            self.query_one("#subject", Static).update(vacancy_line(result.vacancy))
        self.query_one("#summary", Static).update(Text(
            result.summary if result.rows else f"{result.summary} - 맞는 짝이 없습니다"))
        table = self.table
        table.clear()
        self.rows = {}
        for i, row in enumerate(result.rows):
            key = row.vacancy.id if self.seeker_mode else row.seeker.id
            self.rows[key] = (i + 1, row)
            mark = Text(row.referral[1], style="yellow") if row.referral else Text("")
            score = Text(f"{row.score}", justify="right", style="bold")
            rank = Text(f"{i + 1}", justify="right")
            if self.seeker_mode:
                v = row.vacancy
                table.add_fit_row(rank, score, v.title, v.employer, v.deadline or "채용시까지", mark, key=key)
            else:
                s = row.seeker
                table.add_fit_row(rank, score, s.name, s.birth or "", s.dong or "",
                                  Text(f"{s.wage:,}" if s.wage else "", justify="right"), mark, key=key)
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._explain()
        self.refresh_bindings()

    def _current(self) -> Any:
        key = row_key(self.table)
        return self.rows.get(key) if key else None

    def _explain(self) -> None:
        current = self._current()
        why = self.query_one("#why", Static)
        if current is None:
            why.update(Text(""))
            why.display = False
            return
        why.display = True
        rank, row = current
        why.update(explanation(row, rank, seeker_mode=self.seeker_mode))

    @on(DataTable.RowHighlighted, "#results")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain()
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#results")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_refer(self) -> None:
        from ydp_tui.db import referrals

        current = self._current()
        if current is None or self.busy:
            return
        _rank, row = current
        db, sid, vid = self.db, row.seeker.id, row.vacancy.id
        self.busy = True

        def done(referral: Any) -> None:
            self.busy = False
            self.notify(f"알선했습니다: {referral.referral_no} ({row.seeker.name} -> {row.vacancy.title})",
                        title=strings.SAVED)
            self.load()

        def failed(exc: Exception) -> None:
            self.busy = False
            self.show_error(exc)  # type: ignore[arg-type]

        self.run_service(lambda: referrals.refer(db, sid, vid), done, failed=failed, group="match-refer")

    def action_open(self) -> None:
        current = self._current()
        if current is None:
            return
        _rank, row = current
        if self.seeker_mode:
            from ydp_tui.screens.vacancies import VacancyScreen

            self.app.push_screen(VacancyScreen(row.vacancy.id))
        else:
            from ydp_tui.screens.seeker_detail import SeekerDetailScreen

            self.app.push_screen(SeekerDetailScreen(row.seeker.id))

    def action_open_referral(self) -> None:
        from ydp_tui.db import referrals
        from ydp_tui.screens.referrals import ReferralScreen

        current = self._current()
        if current is None or not current[1].referral:
            return
        db, number = self.db, current[1].referral[0]
        self.run_service(lambda: referrals.find_id(db, number), lambda rid: self.app.push_screen(ReferralScreen(rid)),
                         group="match-open-referral")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refer" and self.ydp.config.read_only:
            return None
        if action == "open_referral":
            current = self._current() if self.is_mounted else None
            return bool(current and current[1].referral)
        return True
