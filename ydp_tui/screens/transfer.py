"""Import and export from a screen: ask for the file, show progress, report every bad row.

Any spreadsheet kind registered in ``ydp_tui.io.KINDS`` works the same way, so each area's
screen offers import/export with one call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ydp_tui.db.errors import ImportRefused, YdpError
from ydp_tui.io import KINDS
from ydp_tui.screens.base import BaseScreen
from ydp_tui.widgets.dialogs import MessageDialog, ProgressDialog, TextPrompt


def start_import(screen: BaseScreen, kind: str, label: str, on_done: Callable[[], None] | None = None) -> None:
    if screen.require_db() is None:
        return

    def chosen(path: str | None) -> None:
        if not path:
            return
        progress = ProgressDialog(f"{label} 가져오는 중: {Path(path).name}")
        screen.app.push_screen(progress)
        module = importlib.import_module(KINDS[kind])
        db = screen.db

        def report(done: int, total: int) -> None:
            screen.app.call_from_thread(progress.advance, "행", done, total)

        def work() -> Any:
            return module.import_file(db, path, progress=report)

        def finished(result: Any) -> None:
            progress.dismiss()
            lines = [result.summary, *result.warnings]
            screen.notify("\n".join(lines), title=f"{label} 가져오기", timeout=10)
            if on_done:
                on_done()

        def failed(exc: YdpError) -> None:
            progress.dismiss()
            if isinstance(exc, ImportRefused):
                screen.app.push_screen(MessageDialog(
                    f"가져오지 않았습니다: {len(exc.problems)}개 문제 (아무것도 저장하지 않음)", exc.problems, error=True))
            else:
                screen.show_error(exc)

        screen.run_service(work, finished, failed=failed, group="import")

    screen.app.push_screen(TextPrompt(f"{label} 가져오기", "파일 경로 (.csv UTF-8/CP949 또는 .xlsx)",
                                      placeholder="/home/me/구직자.xlsx"), chosen)


def start_export(screen: BaseScreen, kind: str, label: str, default_name: str) -> None:
    if screen.require_db() is None:
        return

    def chosen(path: str | None) -> None:
        if not path:
            return
        module = importlib.import_module(KINDS[kind])
        db = screen.db
        target = str(Path(path).expanduser())
        progress = ProgressDialog(f"{label} 내보내는 중")
        screen.app.push_screen(progress)

        def finished(count: int) -> None:
            progress.dismiss()
            screen.notify(f"{count:,}건을 저장했습니다: {target}", title=f"{label} 내보내기", timeout=10)

        def failed(exc: YdpError) -> None:
            progress.dismiss()
            screen.show_error(exc)

        screen.run_service(lambda: module.export_file(db, target), finished, failed=failed, group="export")

    screen.app.push_screen(TextPrompt(f"{label} 내보내기", "저장할 파일 경로 (.csv 또는 .xlsx)",
                                      value=str(Path.cwd() / default_name)), chosen)
