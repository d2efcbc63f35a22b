"""프로그램ㆍ공간 (F12): the way in to programs, 상생기업, spaces and 일자리 목표공시제, each a
letter key, with this year's figures so far."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui import clock, strings
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.widgets.text import pad_cells

PARTS = [
    ("p", "programs", "교육ㆍ프로그램", "회차ㆍ참여자ㆍ출석ㆍ이수"),
    ("e", "enterprises", "상생기업", "재정지원ㆍ공공구매ㆍ경진대회 팀"),
    ("s", "spaces", "공간 예약", "시설별 하루 예약ㆍ이용 확인ㆍ이용 통계"),
    ("t", "targets", "일자리 목표공시", "부서별 분기 실적ㆍ달성률ㆍ분기 요약"),
]


class ProgramsHomeScreen(ReloadingScreen):
    TITLE_TEXT = "프로그램ㆍ공간"
    DEFAULT_CSS = """
    ProgramsHomeScreen #parts { height: auto; margin: 1 1 0 1; border: round $primary; }
    ProgramsHomeScreen #figures { padding: 1 1 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("p", "open('programs')", "프로그램", id="programs-home.programs", tooltip="교육ㆍ프로그램"),
        Binding("e", "open('enterprises')", "상생기업", id="programs-home.enterprises", tooltip="상생기업"),
        Binding("s", "open('spaces')", "공간 예약", id="programs-home.spaces", tooltip="공간 예약"),
        Binding("t", "open('targets')", "목표공시", id="programs-home.targets", tooltip="일자리 목표공시"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def compose_body(self):  # type: ignore[override]
        with Vertical():
            yield OptionList(*self._options(), id="parts")
            yield Static("", id="figures")

    def _options(self) -> list[Option]:
        out = []
        for key, part, title, help_text in PARTS:
            label = Text.assemble((key.upper(), "bold"), "  ", (pad_cells(title, 18), "bold"), (help_text, "dim"))
            label.no_wrap = True
            label.overflow = "crop"
            out.append(Option(label, id=part))
        return out

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.query_one(OptionList).highlighted = 0
        if self.db is not None:
            self.on_database_ready()

    def reload(self) -> None:
        db = self.db

        def load() -> Text:
            import datetime as dt

            from ydp_tui.db import enterprises, programs, spaces
            from ydp_tui.rules.programs import eok
            from ydp_tui.rules.validation import format_rate

            today = clock.today()
            year = today.year
            rows = programs.list_programs(db, year)
            sessions = sum(r.sessions for r in rows)
            purchases = enterprises.purchase_figures(db, dt.date(year, 1, 1), today)
            booked = spaces.bookings_on(db, today)
            text = Text()
            text.append(f"{year}년 {today.month}월 {today.day}일까지\n", style="bold")
            text.append(f"프로그램 {len(rows):,}개, 회차 {sessions:,}회\n")
            if purchases:
                p = purchases[0]
                goal = f" (목표액 대비 {format_rate(p.achievement_rate)}%)" if p.target else ""
                text.append(f"상생기업 공공구매 {eok(p.amount)}{goal}\n")
            text.append(f"오늘 공간 예약 {len(booked):,}건")
            return text

        self.run_service(load, lambda text: self.query_one("#figures", Static).update(text), group="programs-home")

    @on(OptionList.OptionSelected, "#parts")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open(str(event.option.id))

    def action_open(self, part: str) -> None:
        screens: dict[str, Any] = {
            "programs": ("ydp_tui.screens.programs", "ProgramsScreen"),
            "enterprises": ("ydp_tui.screens.enterprises", "EnterprisesScreen"),
            "spaces": ("ydp_tui.screens.spaces", "SpacesScreen"),
            "targets": ("ydp_tui.screens.targets", "TargetsScreen"),
        }
        import importlib

        module, name = screens[part]
        self.app.push_screen(getattr(importlib.import_module(module), name)())
