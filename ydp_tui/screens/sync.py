"""동기화 (F10): export bundles between machines that never talk.

One action at the end of the day: ``E`` writes this machine's work to a bundle file (a USB
stick), ``I`` merges one from another machine and says what it brought (new, updated,
conflicts, possible duplicates).  The screen shows this machine, the machines it has exchanged
with and what each has not been sent yet, and the bundle history; ``C`` opens the conflicts,
``D`` the possible duplicate people (a supervisor resolves both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ydp_tui import clock, strings
from ydp_tui.db.errors import YdpError
from ydp_tui.screens.base import ReloadingScreen
from ydp_tui.widgets.dialogs import MessageDialog, ProgressDialog, TextPrompt

PHASES = {"파일 확인": "파일 확인", "확인": "변경 확인", "적용": "데이터베이스에 적용", "변경 읽기": "변경 읽기",
          "암호화": "암호화해서 저장"}


def _when(instant: Any) -> str:
    return clock.local(instant).strftime("%m-%d %H:%M") if instant else "-"


class SyncScreen(ReloadingScreen):
    TITLE_TEXT = "동기화"
    DEFAULT_CSS = """
    SyncScreen #summary { padding: 0 1; height: auto; }
    SyncScreen .section-title { margin: 1 0 0 0; }
    SyncScreen #peers { height: auto; max-height: 7; }
    SyncScreen #history { height: 1fr; min-height: 4; }
    """
    BINDINGS = [
        Binding("e", "export", "내보내기", id="sync.export",
                tooltip="이 기기의 변경을 꾸러미 파일(.ydpb)로 저장합니다 (USB 등으로 옮김)"),
        Binding("f", "export_for", "상대에게", id="sync.export_for",
                tooltip="고른 기기가 아직 받지 않은 변경만 꾸러미로 저장합니다"),
        Binding("i", "import", strings.IMPORT, id="sync.import",
                tooltip="다른 기기의 꾸러미를 합칩니다 (전부 확인한 뒤 한 번에)"),
        Binding("v", "inspect", "보기", id="sync.inspect", tooltip="꾸러미에 무엇이 들었는지 봅니다 (가져오지 않음)"),
        Binding("c", "conflicts", "충돌", id="sync.conflicts", tooltip="같은 항목을 두 기기에서 고친 기록 (감독자가 해결)"),
        Binding("d", "duplicates", "중복", id="sync.duplicates",
                tooltip="두 기기에서 등록된 같은 성명ㆍ생년월일 (감독자가 병합)"),
        Binding("escape", "back", strings.BACK, id="screen.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status: Any = None
        self.passphrase: str | None = None   # remembered until the app ends, once it opened a bundle

    def compose_body(self) -> ComposeResult:
        yield Static("불러오는 중", id="summary")
        yield Static("주고받은 기기", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="peers")
        yield Static("꾸러미 기록", classes="section-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="history")

    def on_mount(self) -> None:
        peers = self.query_one("#peers", DataTable)
        peers.add_column("기기", key="code")
        peers.add_column("마지막 가져옴", key="import")
        peers.add_column("마지막 보냄", key="export")
        peers.add_column("보낼 변경", key="unsent")
        history = self.query_one("#history", DataTable)
        history.add_column("일시", key="at")
        history.add_column("구분", key="dir")
        history.add_column("기기", key="code")
        history.add_column("변경", key="ops")
        history.add_column("새 기록", key="new")
        history.add_column("수정", key="upd")
        history.add_column("충돌", key="conf")
        if self.app.size.width >= 100:
            history.add_column("담당자", key="who")
            history.add_column("파일", key="file")
        self.wide = self.app.size.width >= 100
        if self.db is not None:
            self.reload()

    # --- status ------------------------------------------------------------------------

    def reload(self) -> None:
        from ydp_tui.sync import service

        db = self.db
        if db is None:
            return
        self.run_service(lambda: service.status(db), self._show, group="sync-status")

    def _show(self, st: Any) -> None:
        self.status = st
        text = Text()
        text.append(f"이 기기 {st.site_code}  ", style="bold")
        text.append(f"내보내지 않은 변경 {st.unsent:,}건", style="bold yellow" if st.unsent else "")
        text.append(f"\n마지막 내보내기 {_when(st.last_export)}  마지막 가져오기 {_when(st.last_import)}\n")
        text.append(f"충돌 {st.conflicts:,}건", style="bold red" if st.conflicts else "dim")
        text.append(" (C)  ", style="dim")
        text.append(f"중복 의심 {st.duplicates:,}쌍", style="bold red" if st.duplicates else "dim")
        text.append(" (D)   하루를 마치면 E로 내보내기", style="dim")
        self.query_one("#summary", Static).update(text)
        peers = self.query_one("#peers", DataTable)
        keep = peers.cursor_row
        peers.clear()
        for p in st.peers:
            peers.add_row(Text(p.site_code or p.site_id[:6]), Text(_when(p.last_import_at)),
                          Text(_when(p.last_export_at)), Text(f"{p.to_send:,}", justify="right"), key=p.site_id)
        if st.peers:
            peers.move_cursor(row=min(keep, len(st.peers) - 1), animate=False)
        history = self.query_one("#history", DataTable)
        history.clear()
        for h in st.history:
            cells = [Text(_when(h.at)), Text("가져옴" if h.direction == "import" else "내보냄"),
                     Text(h.peer_code or ("전체" if h.direction == "export" else "-")),
                     Text(f"{h.ops:,}", justify="right"),
                     Text(f"{h.rows_new:,}" if h.direction == "import" else "", justify="right"),
                     Text(f"{h.rows_updated:,}" if h.direction == "import" else "", justify="right"),
                     Text(f"{h.conflicts:,}" if h.direction == "import" else "", justify="right",
                          style="bold red" if h.conflicts else "")]
            if self.wide:
                cells += [Text(h.operator), Text(Path(h.file_name).name)]
            history.add_row(*cells, key=str(h.seq))
        if not st.history:
            history.add_row(Text("아직 주고받은 꾸러미가 없습니다"), *[Text("")] * (len(history.columns) - 1))

    # --- passphrase ----------------------------------------------------------------------

    def _with_passphrase(self, then: Any, *, for_export: bool) -> None:
        """Ask the passphrase (once per session; twice when this database has not used it)."""
        import os

        env = os.environ.get("YDP_BUNDLE_PASSPHRASE")
        if env or self.passphrase:
            then(env or self.passphrase)
            return

        def typed(value: str | None) -> None:
            if not value:
                return
            if not for_export:
                then(value)
                return
            from ydp_tui.sync import service

            db = self.db

            def check() -> bool:
                if service.is_new_passphrase(db, value):
                    service.check_new_passphrase(db, value)
                    return True
                return False

            self.run_service(check, lambda new: confirm(value) if new else then(value), group="sync-pass")

        def confirm(first: str) -> None:
            def again(value: str | None) -> None:
                if value is None:
                    return
                if value != first:
                    self.notify("두 번 입력한 암호가 다릅니다. 다시 하세요.", severity="error", timeout=8)
                    return
                then(first)

            self.app.push_screen(TextPrompt("새 꾸러미 암호 확인", "이 기기에서 처음 쓰는 암호입니다. 한 번 더 입력하세요.",
                                            password=True, max_length=200), again)

        label = ("일자리정책과 공용 암호 (받는 기기도 같은 암호를 씁니다)" if for_export
                 else "꾸러미를 만든 기기에서 쓴 암호")
        self.app.push_screen(TextPrompt("꾸러미 암호", label, password=True, max_length=200), typed)

    # --- actions --------------------------------------------------------------------------

    def _default_path(self) -> str:
        code = self.db.site_code if self.db is not None else "ydp"
        return str(Path.cwd() / f"ydp-{code}-{clock.local(clock.now()).strftime('%Y%m%d-%H%M')}.ydpb")

    def action_export(self) -> None:
        self._export(None)

    def action_export_for(self) -> None:
        peers = self.query_one("#peers", DataTable)
        if self.status is None or not self.status.peers:
            self.notify("아직 꾸러미를 주고받은 기기가 없습니다: E로 전체를 내보내세요.", severity="warning")
            return
        peer = self.status.peers[min(peers.cursor_row, len(self.status.peers) - 1)]
        self._export(peer.site_code)

    def _export(self, for_code: str | None) -> None:
        if self.require_db() is None:
            return
        title = f"{for_code} 기기에게 보낼 꾸러미" if for_code else "내보내기 꾸러미 (전체)"

        def chosen(path: str | None) -> None:
            if path:
                self._with_passphrase(lambda secret: self._run_export(path, secret, for_code), for_export=True)

        self.app.push_screen(TextPrompt(title, "저장할 파일 경로 (.ydpb, USB 등)", value=self._default_path()), chosen)

    def _with_progress(self, title: str, work: Any, done: Any, failed: Any, group: str) -> None:
        """Run ``work(report)`` in a worker behind a progress bar; ``done``/``failed`` after it closes."""
        progress = ProgressDialog(title)
        self.app.push_screen(progress)

        def report(what: str, n: int, total: int) -> None:
            self.app.call_from_thread(progress.advance, PHASES.get(what, what), n, total)

        def finished(result: Any) -> None:
            progress.dismiss()
            done(result)

        def refused(exc: YdpError) -> None:
            progress.dismiss()
            failed(exc)

        self.run_service(lambda: work(report), finished, failed=refused, group=group)

    def _run_export(self, path: str, secret: str, for_code: str | None) -> None:
        from ydp_tui.sync import service

        db = self.db

        def done(result: Any) -> None:
            self.passphrase = secret
            self.notify(result.summary(), title="내보내기", timeout=10)
            self.reload()

        self._with_progress("꾸러미 만드는 중",
                            lambda report: service.export_bundle(db, path, secret, for_peer=for_code, progress=report),
                            done, self.show_error, "sync-export")

    def action_import(self) -> None:
        if self.require_db() is None:
            return

        def chosen(path: str | None) -> None:
            if path:
                self._with_passphrase(lambda secret: self._run_import(path, secret), for_export=False)

        self.app.push_screen(TextPrompt("꾸러미 가져오기", "가져올 꾸러미 파일 경로 (.ydpb)",
                                        placeholder="/media/usb/ydp-N1-20240531-1800.ydpb"), chosen)

    def _run_import(self, path: str, secret: str) -> None:
        from ydp_tui.sync import service
        from ydp_tui.sync.bundle import PassphraseError

        db = self.db

        def done(summary: Any) -> None:
            self.passphrase = secret
            lines = summary.lines()
            self.app.push_screen(MessageDialog(lines[0], lines[1:]))
            self.reload()

        def failed(exc: YdpError) -> None:
            if isinstance(exc, PassphraseError):
                self.passphrase = None
            self.app.push_screen(MessageDialog("가져오지 않았습니다 (데이터베이스는 그대로)", str(exc).splitlines(),
                                               error=True))

        self._with_progress(f"꾸러미 가져오는 중: {Path(path).name}",
                            lambda report: service.import_bundle(db, path, secret, progress=report),
                            done, failed, "sync-import")

    def action_inspect(self) -> None:
        def chosen(path: str | None) -> None:
            if not path:
                return
            from ydp_tui.sync import service

            self.run_service(lambda: service.inspect_bundle(path), lambda m: self._show_manifest(path, m),
                             group="sync-inspect")

        self.app.push_screen(TextPrompt("꾸러미 보기", "꾸러미 파일 경로 (.ydpb): 암호 없이 manifest만 읽습니다"), chosen)

    def _show_manifest(self, path: str, m: dict[str, Any]) -> None:
        import datetime as dt

        from ydp_tui.sync.labels import table_label

        counts = m.get("counts", {})
        made = m.get("created_at")
        lines = [
            f"만든 기기: {m.get('site_code')} ({str(m.get('site_id'))[:8]}), {m.get('operator') or '-'}",
            f"만든 시각: {clock.format_local(dt.datetime.fromisoformat(made)) if made else '-'}",
            f"받을 기기: {m.get('for_code') or '모든 기기 (전체)'}",
            f"변경 {counts.get('ops', 0):,}건, 기록 {counts.get('rows', 0):,}개",
            *[f"  {table_label(t)} {n:,}건" for t, n in (counts.get("tables") or {}).items()],
            f"꾸러미 번호 {m.get('bundle_id')}, 형식 {m.get('format_version')}, 스키마 {m.get('schema')}",
        ]
        self.app.push_screen(MessageDialog(f"꾸러미: {Path(path).name}", lines))

    def action_conflicts(self) -> None:
        from ydp_tui.screens.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen())

    def action_duplicates(self) -> None:
        from ydp_tui.screens.duplicates import DuplicatesScreen

        self.app.push_screen(DuplicatesScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import" and self.ydp.config.read_only:
            return None
        return True
