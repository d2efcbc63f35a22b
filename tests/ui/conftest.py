"""Fixtures for screen tests: a prepared SQLite file and an app pointed at it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ydp_tui.app import YdpApp
from ydp_tui.config import Config


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """An empty, migrated database with site code T1 (so numbers are T1-2024-…)."""
    from ydp_tui.db.engine import Database

    path = tmp_path / "ui.sqlite3"
    Database.open(str(path), operator="준비", site_code="T1").dispose()
    return path


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., YdpApp]:
    def make(operator: str | None = "김상담", read_only: bool = False, path: Path | None = None) -> YdpApp:
        config = Config(db=str(path or db_path), operator=operator, read_only=read_only)
        return YdpApp(config, cursor_blink=False)

    return make


async def settle(app: YdpApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app is quiet: no worker running and none started by the messages the
    finished ones posted (opening the database starts sign-in, prewarm and backup workers, a
    screen's load may start another).  Fails rather than waiting forever."""
    quiet = 0
    for _ in range(200):
        await pilot.pause()
        if any(not w.is_finished for w in app.workers):
            quiet = 0
            await app.workers.wait_for_complete()
            continue
        quiet += 1
        if quiet == 2:
            return
    raise AssertionError("the app never became quiet (a worker keeps starting)")


ready = settle  # the database open and every worker finished


async def wait_until(pilot, predicate, tries: int = 500) -> None:  # type: ignore[no-untyped-def]
    """Yield to the app until ``predicate()`` holds (no timed sleeps; fails if it never does)."""
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause()
    raise AssertionError("condition never became true")
