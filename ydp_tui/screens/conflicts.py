"""동기화 충돌: values two machines wrote to the same field concurrently.  The value every
machine shows is the later one; the other is kept here.  A supervisor keeps the current value
(``K``), takes the other (``O``) or types one (``E``); the decision syncs like any change."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding

from ydp_tui import clock, strings
from ydp_tui.screens.pending import PendingList, labelled
from ydp_tui.widgets.dialogs import ConfirmDialog, TextPrompt
from ydp_tui.widgets.text import fit_cells


def _who(code: str, by: str, at: Any) -> str:
    return f"{code} 기기, {by or '-'}, {clock.format_local(at) if at else '-'}"


class ConflictsScreen(PendingList):
    TITLE_TEXT = "동기화 충돌"
    BINDINGS = [
        Binding("k", "keep", "현재 값", id="conflicts.keep", tooltip="지금 값을 그대로 두고 충돌을 닫습니다"),
        Binding("o", "other", "다른 값", id="conflicts.other", tooltip="다른 기기에서 적은 값으로 바꿉니다"),
        Binding("e", "edit", "직접 입력", id="conflicts.edit", tooltip="알맞은 값을 직접 적습니다"),
        Binding("h", "history", "지난 충돌", id="conflicts.history", tooltip="해결된 충돌도 함께 봅니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.include_resolved = False

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= 100
        self._columns()
        self.table.focus()
        if self.db is not None:
            self.reload()

    def _columns(self) -> None:
        table = self.table
        table.clear(columns=True)
        table.add_column("기록", key="record")
        table.add_column("항목", key="field")
        table.add_column("현재 값", key="current")
        table.add_column("다른 값", key="other")
        table.add_column("기기", key="code")
        if self.wide or self.include_resolved:
            table.add_column("상태", key="status")

    def on_database_ready(self) -> None:
        self.reload()

    def reload(self) -> None:
        from ydp_tui.sync import conflicts

        db = self.db
        if db is None:
            return
        include = self.include_resolved
        self.run_service(lambda: conflicts.list_conflicts(db, include_resolved=include), self._show,
                         group="conflicts-load")

    @property
    def can_resolve(self) -> bool:
        from ydp_tui.db import roles

        return self.db is not None and not self.ydp.config.read_only and roles.allowed(self.db, "resolve_conflict")

    def _show(self, rows: list[Any]) -> None:
        width = 24 if self.wide else 12 if self.include_resolved else 15

        def cells(r: Any) -> list[Text]:
            record = r.record.removeprefix(f"{r.table_label} ") if not self.wide else r.record
            out = [Text(fit_cells(record, 30 if self.wide else 20)), Text(fit_cells(r.field_label, 10)),
                   Text(fit_cells(r.current, width)), Text(fit_cells(r.other, width)), Text(r.other_code)]
            if self.wide or self.include_resolved:
                out.append(Text(r.status, style="bold red" if r.status == "미해결" else "dim"))
            return out

        open_ = sum(1 for r in rows if r.status == "미해결")
        hint = Text()
        if not rows:
            hint.append("미해결 충돌이 없습니다." if not self.include_resolved else "충돌 기록이 없습니다.")
        elif self.include_resolved:
            hint.append(f"지난 충돌 {len(rows):,}건 (미해결 {open_:,}건). H: 미해결만 보기")
        else:
            hint.append(f"미해결 충돌 {open_:,}건", style="bold")
            hint.append(": 두 기기가 같은 항목을 따로 고쳤습니다. 모든 기기에 나중 값이 적용되었고, 다른 값은 여기 보관합니다.")
        if not self.can_resolve and rows:
            hint.append("\n해결은 감독자ㆍ관리자만 할 수 있습니다.", style="yellow")
        self.fill(rows, cells, lambda r: r.loser_op, hint)

    def detail(self, r: Any) -> Text:
        rows: list[tuple[str, Text | str]] = [
            ("기록", f"{r.record} / {r.field_label}"),
            ("현재 값", Text.assemble((r.current, "bold"),
                                   (f"  ({_who(r.current_code, r.current_by, r.current_at)})", "dim"))),
            ("다른 값", Text.assemble((r.other, "bold"), (f"  ({_who(r.other_code, r.other_by, r.other_at)})", "dim"))),
        ]
        if r.status != "미해결":
            rows.append(("처리", f"{r.status}: {r.resolution} ({r.resolved_by})"))
        return labelled(rows, 8)

    # --- resolving ---------------------------------------------------------------------------

    def _resolve(self, decision: str, value: str | None = None) -> None:
        from ydp_tui.sync import conflicts

        r = self.current()
        db = self.db
        if r is None or db is None:
            return

        def done(_: Any) -> None:
            self.notify(f"{r.record} {r.field_label}: {decision}(으)로 해결했습니다", title="충돌 해결", timeout=6)
            self.reload()

        self.run_service(lambda: conflicts.resolve(db, r.loser_op, decision, value=value,
                                                   expected_version=r.version),
                         done, group="conflicts-resolve")

    def _ask(self, decision: str, question: str) -> None:
        r = self.current()
        if r is None:
            return
        self.app.push_screen(ConfirmDialog(question, f"{r.record} / {r.field_label}"),
                             lambda yes: self._resolve(decision) if yes else None)

    def action_keep(self) -> None:
        from ydp_tui.sync.conflicts import KEEP

        r = self.current()
        if r is not None:
            self._ask(KEEP, f"현재 값 '{fit_cells(r.current, 30)}'을(를) 그대로 둡니까?")

    def action_other(self) -> None:
        from ydp_tui.sync.conflicts import OTHER

        r = self.current()
        if r is not None:
            self._ask(OTHER, f"다른 값 '{fit_cells(r.other, 30)}'(으)로 바꿉니까?")

    def action_edit(self) -> None:
        from ydp_tui.sync.conflicts import EDIT

        r = self.current()
        if r is None:
            return
        if not r.editable:
            self.notify(f"{r.field_label}은(는) 직접 고칠 수 없습니다: 두 값 중 하나를 고르세요", severity="warning")
            return
        value = "" if r.current == "(비어 있음)" else r.current
        self.app.push_screen(TextPrompt(f"{r.field_label} 직접 입력", r.record, value=value, required=False),
                             lambda typed: self._resolve(EDIT, typed) if typed is not None else None)

    def action_history(self) -> None:
        self.include_resolved = not self.include_resolved
        self._columns()
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep", "other", "edit"):
            if self.db is not None and not self.can_resolve:
                return None
            r = self.current()
            if r is not None and r.status != "미해결":
                return None
        return True
