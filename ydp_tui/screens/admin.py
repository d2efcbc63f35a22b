"""관리 (F11): operator accounts, the access-log review, retention and erasure, backups, and
changing who is working.  Each entry says who may use it; the services refuse anyone else."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.text import pad_cells

# (id, title, permission or "", help, "module:Class")
ENTRIES = [
    ("operators", "담당자 계정", "manage_operators", "계정 만들기, 역할, PIN, 잠금 해제 (관리자)",
     "ydp_tui.screens.admin_operators:OperatorsScreen"),
    ("audit", "접속기록 점검", "review_audit", "기록을 보고 바꾸고 내보낸 내역 (감독자ㆍ관리자)",
     "ydp_tui.screens.admin_audit:AuditReviewScreen"),
    ("retention", "보관기간ㆍ파기", "erase", "보관기간이 지난 개인정보 파기 (감독자ㆍ관리자)",
     "ydp_tui.screens.admin_retention:RetentionScreen"),
    ("backup", "백업", "backup", "백업 목록과 지금 백업 (감독자ㆍ관리자)", "ydp_tui.screens.admin_backup:BackupScreen"),
    ("operator", "담당자 바꾸기", "", "다른 담당자로 로그인 (자리를 비울 때)", ""),
]


class AdminScreen(BaseScreen):
    TITLE_TEXT = "관리"
    DEFAULT_CSS = """
    AdminScreen #admin-menu { height: auto; margin: 1 1 0 1; border: round $primary; }
    AdminScreen #whoami { padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "back", "뒤로", id="screen.back"),
        *[Binding(str(i + 1), f"pick({i})", show=False, id=f"admin.pick{i + 1}") for i in range(len(ENTRIES))],
    ]

    def compose_body(self) -> ComposeResult:
        with Vertical():
            yield OptionList(*self._options(), id="admin-menu")
            yield Static("", id="whoami")
            yield Static(Text("번호 또는 Enter로 엽니다. 권한이 없는 항목은 열리지 않습니다."), classes="hint")

    def _options(self) -> list[Option]:
        out = []
        for i, (key, title, _perm, help_text, _target) in enumerate(ENTRIES):
            label = Text.assemble((f"{i + 1}", "bold"), "  ", (pad_cells(title, 16), "bold"), (help_text, "dim"))
            label.no_wrap = True
            label.overflow = "crop"
            out.append(Option(label, id=key))
        return out

    def on_mount(self) -> None:
        menu = self.query_one("#admin-menu", OptionList)
        menu.focus()
        menu.highlighted = 0
        self._whoami()

    def on_screen_resume(self) -> None:
        self._whoami()

    def on_database_ready(self) -> None:
        self._whoami()

    def _whoami(self) -> None:
        db = self.db
        if db is None:
            return
        text = f"지금 담당자: {db.operator or '(선택 전)'} ({db.role})"
        if db.key_warning:
            text += f"\n{db.key_warning}"
        self.query_one("#whoami", Static).update(Text(text))

    @on(OptionList.OptionSelected, "#admin-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_entry(str(event.option.id))

    def action_pick(self, index: int) -> None:
        self.open_entry(ENTRIES[index][0])

    def open_entry(self, key: str) -> None:
        import importlib

        entry = next(e for e in ENTRIES if e[0] == key)
        _key, title, permission, _help, target = entry
        if key == "operator":
            self.ydp.choose_operator()
            return
        db = self.require_db()
        if db is None:
            return
        from ydp_tui.db import roles

        if not roles.allowed(db, permission):
            try:
                roles.require(db, permission)
            except roles.Forbidden as exc:
                self.notify(str(exc), title=title, severity="error", timeout=8)
            return
        module, _, name = target.partition(":")
        self.app.push_screen(getattr(importlib.import_module(module), name)())
