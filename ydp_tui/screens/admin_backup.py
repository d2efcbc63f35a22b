"""백업 (감독자ㆍ관리자): the backups beside the database, and a backup now.  Restoring is a
command (``ydp-tui restore FILE``) run with every desk closed, never from a running desk."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui.screens.base import BaseScreen


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024):,} KB"


class BackupScreen(BaseScreen):
    TITLE_TEXT = "백업"
    DEFAULT_CSS = """
    BackupScreen #backup-info { padding: 0 1; height: auto; }
    BackupScreen #backups { height: 1fr; }
    """
    BINDINGS = [
        Binding("b", "backup", "지금 백업", id="backup.now", tooltip="데이터베이스의 사본을 지금 만듭니다"),
        Binding("escape", "back", "뒤로", id="screen.back"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="backup-info")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="backups")

    def on_mount(self) -> None:
        table = self.query_one("#backups", DataTable)
        for label, key in (("종류", "kind"), ("만든 때", "made"), ("크기", "size"), ("파일", "file")):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    def load(self) -> None:
        from ydp_tui.db import backup

        db = self.db
        if db is None:
            return
        self.run_service(lambda: (backup.listing(db), backup.keep_days(db)), self._show, group="backups")

    def _show(self, loaded: tuple[list[Any], int]) -> None:
        items, keep = loaded
        db = self.db
        table = self.query_one("#backups", DataTable)
        table.clear()
        for b in items:
            table.add_row(Text(b.kind), Text(b.made_at), Text(_size(b.size)), Text(b.path.name), key=str(b.path))
        if db is not None and not db.is_sqlite:
            info = ("PostgreSQL: B를 누르면 서버의 pg_dump로 백업합니다 (사용자 데이터 폴더의 backups). "
                    "복원은 모든 창구를 닫고 서버에서 pg_restore로 합니다.")
        else:
            folder = items[0].path.parent if items else "데이터베이스 옆 backups 폴더"
            info = (f"백업 {len(items)}개: {folder}\n자동 백업: 하루 한 번, 최근 {keep}일치 보관 (정책 backup.keep_days)."
                    "\n복원: 모든 창구의 앱을 끝낸 뒤 ydp-tui restore FILE")
        self.query_one("#backup-info", Static).update(Text(info))

    def action_backup(self) -> None:
        from ydp_tui.db import backup

        db = self.db
        if db is None:
            return

        def done(path: Any) -> None:
            self.notify(f"백업했습니다: {path}", timeout=10)
            self.load()

        self.notify("백업하는 중...")
        self.run_service(lambda: backup.make(db), done, group="backup-now")
