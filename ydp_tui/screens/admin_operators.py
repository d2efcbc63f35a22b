"""담당자 계정 (관리자): accounts, roles, PINs, locks."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import ChoiceDialog, ConfirmDialog, SecretsDialog

ROLES = ("상담사", "감독자", "관리자")


class OperatorsScreen(BaseScreen):
    TITLE_TEXT = "담당자 계정"
    DEFAULT_CSS = "OperatorsScreen #accounts { height: 1fr; }"
    BINDINGS = [
        Binding("n", "new", "새 계정", id="operators.new", tooltip="담당자 계정을 만듭니다 (감독자ㆍ관리자는 PIN 필수)"),
        Binding("r", "role", "역할", id="operators.role", tooltip="상담사/감독자/관리자"),
        Binding("p", "pin", "PIN", id="operators.pin", tooltip="PIN을 정하거나 새로 정합니다"),
        Binding("u", "unlock", "잠금 해제", id="operators.unlock", tooltip="PIN을 여러 번 틀려 잠긴 계정을 풉니다"),
        Binding("d", "active", "중지/재사용", id="operators.active", tooltip="그 이름으로는 일할 수 없게 합니다"),
        Binding("escape", "back", "뒤로", id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="count", id="accounts-count")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="accounts")

    def on_mount(self) -> None:
        table = self.query_one("#accounts", DataTable)
        for label, key in (("이름", "name"), ("역할", "role"), ("PIN", "pin"), ("상태", "status"),
                           ("최근 로그인", "last")):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    def load(self) -> None:
        from ydp_tui.db import operators

        db = self.db
        if db is None:
            return
        self.run_service(lambda: operators.accounts(db), self._show, group="accounts")

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        table = self.query_one("#accounts", DataTable)
        keep = self._current()
        table.clear()
        for r in rows:
            table.add_row(Text(r.name), Text(r.role), Text("있음" if r.has_pin else "없음"), Text(r.status),
                          Text(clock.format_local(r.last_success_at)), key=r.id)
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep.id), animate=False)
            except Exception:  # noqa: BLE001 - the row is gone
                pass
        missing = [r.name for r in rows if r.role != "상담사" and not r.has_pin and r.active]
        text = f"계정 {len(rows)}개"
        if missing:
            text += f" | PIN 없는 감독자ㆍ관리자: {', '.join(missing)} (P로 PIN을 정하세요)"
        self.query_one("#accounts-count", Static).update(Text(text))

    def _current(self) -> Any:
        table = self.query_one("#accounts", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if r.id == key), None)

    def _done(self, message: str) -> Any:
        def done(_result: Any) -> None:
            self.notify(message)
            self.load()

        return done

    def _same_pins(self, values: dict[str, str] | None) -> bool:
        """The dialog was answered and both PINs agree (else say so)."""
        if not values:
            return False
        if values["pin"] != values["again"]:
            self.notify("두 번 입력한 PIN이 다릅니다. 다시 하세요", severity="error")
            return False
        return True

    # --- actions --------------------------------------------------------------------------

    def action_new(self) -> None:
        def chosen(role: str | None) -> None:
            if not role:
                return
            note = "PIN: 숫자 6~12자리 (같은 숫자 반복, 123456 같은 연속 숫자는 안 됨)."
            if role == "상담사":
                note += " 상담사는 PIN을 비워 둘 수 있습니다."
            self.app.push_screen(SecretsDialog(f"새 {role} 계정", [("name", "이름", False), ("pin", "PIN", True),
                                                                 ("again", "PIN 확인", True)], note=note),
                                 lambda values: self._create(role, values))

        self.app.push_screen(ChoiceDialog("새 계정의 역할", ROLES, "상담사"), chosen)

    def _create(self, role: str, values: dict[str, str] | None) -> None:
        from ydp_tui.db import operators

        if not self._same_pins(values):
            return
        assert values is not None
        db = self.db
        name, pin = values["name"], values["pin"] or None
        self.run_service(lambda: operators.create(db, name, role, pin), self._done(f"계정을 만들었습니다: {name} ({role})"))

    def action_role(self) -> None:
        from ydp_tui.db import operators

        row = self._current()
        if row is None:
            return

        def chosen(role: str | None) -> None:
            if role and role != row.role:
                db = self.db
                self.run_service(lambda: operators.set_role(db, row.id, role, expected_version=row.version),
                                 self._done(f"{row.name}의 역할: {role}"))

        self.app.push_screen(ChoiceDialog(f"{row.name}의 역할", ROLES, row.role), chosen)

    def action_pin(self) -> None:
        from ydp_tui.db import operators

        row = self._current()
        if row is None:
            return

        def entered(values: dict[str, str] | None) -> None:
            if not self._same_pins(values):
                return
            db = self.db
            self.run_service(lambda: operators.set_pin(db, row.id, values["pin"]),
                             self._done(f"{row.name}의 PIN을 정했습니다"))

        self.app.push_screen(SecretsDialog(f"{row.name}의 새 PIN", [("pin", "새 PIN", True), ("again", "PIN 확인", True)],
                                           note="숫자 6~12자리. 본인에게 직접 알려 주세요."), entered)

    def action_unlock(self) -> None:
        from ydp_tui.db import operators

        row = self._current()
        if row is not None:
            db = self.db
            self.run_service(lambda: operators.unlock(db, row.name), self._done(f"{row.name} 계정의 잠금을 풀었습니다"))

    def action_active(self) -> None:
        from ydp_tui.db import operators

        row = self._current()
        if row is None:
            return
        active = not row.active

        def answer(yes: bool | None) -> None:
            if yes:
                db = self.db
                self.run_service(lambda: operators.set_active(db, row.id, active, expected_version=row.version),
                                 self._done(f"{row.name}: {'다시 사용' if active else '사용 중지'}"))

        what = "다시 쓰게 할까요?" if active else "사용 중지할까요? 그 이름으로는 일할 수 없게 됩니다."
        self.app.push_screen(ConfirmDialog(f"{row.name} 계정을 {what}"), answer)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "role", "pin", "unlock", "active") and self.ydp.config.read_only:
            return None
        return True
