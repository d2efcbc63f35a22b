"""Environment problems a desk meets: an unreachable PostgreSQL server (CLI and TUI)."""

from __future__ import annotations

from ydp_tui import cli
from ydp_tui.app import YdpApp
from ydp_tui.config import Config

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/x"
MESSAGE = ("데이터베이스 서버에 연결할 수 없습니다 (127.0.0.1:1/x): 연결이 거부되었습니다. "
           "서버가 켜져 있는지, 주소와 포트가 맞는지 확인하세요")


def test_unreachable_postgresql_on_the_command_line(capsys):
    code = cli.main(["--db", UNREACHABLE, "seekers", "list"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.splitlines() == [f"ydp-tui: {MESSAGE}"]


async def test_unreachable_postgresql_in_the_tui():
    app = YdpApp(Config(db=UNREACHABLE, operator="김상담"), cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert app.exit_message == MESSAGE
