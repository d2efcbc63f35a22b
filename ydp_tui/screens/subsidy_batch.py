"""지급 일괄: gather approved applications into a payment batch, export the bank-transfer file
(XLSX or CSV: 은행, 계좌번호, 예금주, 금액, 신청번호), then mark the batch paid.  Account numbers
are masked on screen; only the exported file holds them in full (logged as an export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.screens.base import BaseScreen, ReloadingScreen
from ydp_tui.widgets.dialogs import ConfirmDialog, TextPrompt
from ydp_tui.widgets.topbar import TopBar


def _line_cells(x: Any) -> list[Text]:
    holder = Text(x.holder)
    if x.holder_differs:
        holder.append(" 다름", style="bold yellow")
    return [Text(x.application_no), Text(x.name), Text(x.bank), Text(x.account_masked), holder,
            Text(f"{x.amount:,}", justify="right")]


class BatchScreen(ReloadingScreen):
    """Approved applications waiting for a batch (Space picks, C makes the batch) and the batches."""

    TITLE_TEXT = "지급 일괄"
    DEFAULT_CSS = """
    BatchScreen #cand-title, BatchScreen #batch-title { padding: 0 1; text-style: bold; height: 1; }
    BatchScreen #candidates { height: 1fr; min-height: 4; }
    BatchScreen #batches { height: 8; }
    """
    BINDINGS = [
        Binding("space", "toggle", "선택", id="batch.toggle", tooltip="이 신청을 일괄에 넣거나 뺍니다"),
        Binding("a", "toggle_all", "모두", id="batch.all", tooltip="모두 고르기/모두 풀기"),
        Binding("c", "create", "일괄 만들기", id="batch.create", tooltip="고른 신청(없으면 전부)으로 일괄을 만듭니다"),
        Binding("enter", "open", strings.OPEN, id="batch.open", tooltip="일괄을 엽니다 (이체 파일, 지급 완료)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, year: int) -> None:
        super().__init__()
        self.year = year
        self.lines: list[Any] = []
        self.picked: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static("", id="cand-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="candidates")
        yield Static("지급 일괄", id="batch-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="batches")

    def on_mount(self) -> None:
        self.query_one(TopBar).set_title(f"{self.year}년 지급 일괄")
        cand = self.query_one("#candidates", DataTable)
        cand.add_column("", key="pick")
        for label, key in (("신청번호", "no"), ("성명", "name"), ("은행", "bank"), ("계좌번호", "account"),
                           ("예금주", "holder"), ("금액", "amount")):
            cand.add_column(label, key=key)
        batches = self.query_one("#batches", DataTable)
        for label, key in (("일괄번호", "no"), ("상태", "status"), ("건수", "count"), ("금액", "total"),
                           ("내보냄", "exported"), ("지급일", "paid")):
            batches.add_column(label, key=key)
        cand.focus()
        if self.db is not None:
            self.reload()

    def reload(self) -> None:
        from ydp_tui.db import subsidy

        db, year = self.db, self.year
        self.run_service(lambda: (subsidy.candidates(db, year), subsidy.batches(db, year)), self._show,
                         group="batch-load")

    def _show(self, result: tuple[list[Any], list[Any]]) -> None:
        self.lines, batches = result
        ids = {x.app_id for x in self.lines}
        self.picked &= ids
        cand = self.query_one("#candidates", DataTable)
        cand.clear()
        for x in self.lines:
            cand.add_row(Text("[v]" if x.app_id in self.picked else "[ ]"), *_line_cells(x), key=x.app_id)
        table = self.query_one("#batches", DataTable)
        table.clear()
        for b in batches:
            table.add_row(Text(b.batch_no), Text(b.status), Text(f"{b.count:,}", justify="right"),
                          Text(f"{b.total:,}", justify="right"), Text(clock.format_local(b.exported_at) or "-"),
                          Text(str(b.paid_on or "-")), key=b.batch_no)
        self._update_title()

    def _update_title(self) -> None:
        total = sum(x.amount for x in self.lines)
        picked = [x for x in self.lines if x.app_id in self.picked]
        flagged = sum(x.holder_differs for x in self.lines)
        text = f"승인되어 일괄을 기다리는 신청 {len(self.lines):,}건 {total:,}원"
        if picked:
            text += f" | 고름 {len(picked):,}건 {sum(x.amount for x in picked):,}원"
        if flagged:
            text += f" | 예금주 다름 {flagged}건"
        if not self.lines:
            text = "일괄을 기다리는 승인 신청이 없습니다 (검토 화면에서 승인하세요)"
        self.query_one("#cand-title", Static).update(Text(text))

    # --- actions ---------------------------------------------------------------------------

    def _cursor_key(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_toggle(self) -> None:
        app_id = self._cursor_key("#candidates")
        if app_id is None:
            return
        self.picked ^= {app_id}
        cand = self.query_one("#candidates", DataTable)
        cand.update_cell(app_id, "pick", Text("[v]" if app_id in self.picked else "[ ]"))
        if cand.cursor_row < cand.row_count - 1:
            cand.move_cursor(row=cand.cursor_row + 1)
        self._update_title()

    def action_toggle_all(self) -> None:
        all_ids = {x.app_id for x in self.lines}
        self.picked = set() if self.picked == all_ids else all_ids
        cand = self.query_one("#candidates", DataTable)
        for app_id in all_ids:
            cand.update_cell(app_id, "pick", Text("[v]" if app_id in self.picked else "[ ]"))
        self._update_title()

    def action_create(self) -> None:
        from ydp_tui.db import subsidy

        if not self.lines:
            self.notify("일괄에 넣을 승인 신청이 없습니다", severity="warning")
            return
        chosen = [x for x in self.lines if x.app_id in self.picked] or self.lines
        total = sum(x.amount for x in chosen)
        numbers = [x.application_no for x in chosen]
        db, year = self.db, self.year

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_service(lambda: subsidy.create_batch(db, year, numbers), self._created, group="batch-write")

        self.app.push_screen(ConfirmDialog(f"지급 일괄을 만들까요? {len(chosen):,}건 {total:,}원",
                                           "만든 뒤 이체 파일을 내보내고, 이체를 마치면 지급 완료로 표시합니다."),
                             confirmed)

    def _created(self, batch: Any) -> None:
        self.picked.clear()
        self.notify(f"지급 일괄 {batch.batch_no}: {batch.count:,}건 {batch.total:,}원", timeout=6)
        self.app.push_screen(BatchDetailScreen(batch.batch_no))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "batches":
            batch_no = self._cursor_key("#batches")
            if batch_no:
                self.app.push_screen(BatchDetailScreen(batch_no))
        else:
            self.action_toggle()

    @on(DataTable.RowSelected, "#batches")
    def _batch_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(BatchDetailScreen(str(event.row_key.value)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create" and self.ydp.config.read_only:
            return None
        return True


class BatchDetailScreen(BaseScreen):
    TITLE_TEXT = "지급 일괄"
    DEFAULT_CSS = """
    BatchDetailScreen #batch-info { padding: 0 1; height: auto; }
    BatchDetailScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("x", "export", "이체 파일", id="batch.export", tooltip="XLSX/CSV: 은행, 계좌번호, 예금주, 금액, 신청번호"),
        Binding("p", "paid", "지급 완료", id="batch.paid", tooltip="이체를 마쳤으면 지급으로 표시합니다"),
        Binding("delete", "remove", "빼기", id="batch.remove", tooltip="이 신청을 일괄에서 뺍니다 (지급 전)"),
        Binding("k", "cancel_batch", "일괄 취소", id="batch.cancel", tooltip="지급 전 일괄을 취소합니다"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self, batch_no: str) -> None:
        super().__init__()
        self.batch_no = batch_no
        self.batch: Any = None

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="batch-info")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="lines")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("신청번호", "no"), ("성명", "name"), ("은행", "bank"), ("계좌번호", "account"),
                           ("예금주", "holder"), ("금액", "amount")):
            table.add_column(label, key=key)
        table.focus()
        if self.db is not None:
            self.reload()

    def on_database_ready(self) -> None:
        self.reload()

    def reload(self) -> None:
        from ydp_tui.db import subsidy

        db, batch_no = self.db, self.batch_no
        self.run_service(lambda: subsidy.batch_lines(db, batch_no), self._show, group="batch-detail")

    def _show(self, result: tuple[Any, list[Any]]) -> None:
        b, lines = result
        self.batch = b
        self.query_one(TopBar).set_title(f"지급 일괄 {b.batch_no} ({b.status})")
        info = Text()
        info.append(f"{b.count:,}건 {b.total:,}원", style="bold")
        info.append(f"  상태 {b.status}  내보냄 {clock.format_local(b.exported_at) or '-'}  지급일 {b.paid_on or '-'}")
        if b.status == "작성":
            info.append("\n" + ("이체를 마쳤으면 P로 지급 완료를 표시하세요." if b.exported_at
                                else "X로 이체 파일을 내보내세요 (계좌번호가 그대로 들어갑니다)."), style="dim")
        if b.note:
            info.append(f"\n비고: {b.note}", style="dim")
        self.query_one("#batch-info", Static).update(info)
        table = self.query_one(DataTable)
        table.clear()
        for x in lines:
            table.add_row(*_line_cells(x), key=x.application_no)
        self.refresh_bindings()

    def action_export(self) -> None:
        from ydp_tui.db import subsidy

        if self.batch is None:
            return
        db, batch_no = self.db, self.batch_no

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = str(Path(path).expanduser())
            self.run_service(lambda: subsidy.export_batch(db, batch_no, target),
                             lambda n: (self.notify(f"이체 파일 {n:,}건: {target} (계좌번호 포함: 보관에 주의)",
                                                    timeout=10), self.reload()), group="batch-write")

        self.app.push_screen(TextPrompt("이체 파일 내보내기", "저장할 파일 (.xlsx 또는 .csv)",
                                        value=str(Path.cwd() / f"지급일괄_{batch_no}.xlsx")), chosen)

    def action_paid(self) -> None:
        from ydp_tui.db import subsidy

        b = self.batch
        if b is None:
            return
        db, batch_no = self.db, self.batch_no

        def chosen(day: str | None) -> None:
            if day:
                self.run_service(lambda: subsidy.mark_paid(db, batch_no, paid_on=day),
                                 lambda r: (self.notify(f"지급 완료: {r.count:,}건 {r.total:,}원 ({r.paid_on})"),
                                            self.reload()), group="batch-write")

        self.app.push_screen(TextPrompt(f"지급 완료 표시: {b.count:,}건 {b.total:,}원", "이체한 날 (지급일)",
                                        value=clock.today().isoformat()), chosen)

    def action_remove(self) -> None:
        from ydp_tui.db import subsidy

        table = self.query_one(DataTable)
        if self.batch is None or table.row_count == 0:
            return
        no = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        db, batch_no = self.db, self.batch_no

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_service(lambda: subsidy.remove_from_batch(db, batch_no, no),
                                 lambda _b: (self.notify(f"{no}을(를) 뺐습니다. 이체 파일을 다시 내보내세요"),
                                             self.reload()), group="batch-write")

        self.app.push_screen(ConfirmDialog(f"{no}을(를) 이 일괄에서 뺄까요?", "신청은 승인 상태로 남습니다."), confirmed)

    def action_cancel_batch(self) -> None:
        from ydp_tui.db import subsidy

        if self.batch is None:
            return
        db, batch_no = self.db, self.batch_no

        def chosen(reason: str | None) -> None:
            if reason:
                self.run_service(lambda: subsidy.cancel_batch(db, batch_no, reason),
                                 lambda _b: (self.notify(f"{batch_no}을(를) 취소했습니다"), self.reload()),
                                 group="batch-write")

        self.app.push_screen(TextPrompt(f"지급 일괄 {batch_no} 취소", "사유"), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        b = self.batch
        if action in ("paid", "remove", "cancel_batch"):
            if self.ydp.config.read_only:
                return None
            return b is not None and b.status == "작성"
        if action == "export":
            return b is not None and b.status != "취소"
        return True
