"""The sync screen (F10), the conflict screen and the duplicates screen through Pilot: export
with a new passphrase asked twice, import with its summary, a wrong passphrase changing nothing,
a supervisor resolving a conflict and merging two records, a counselor who cannot; a snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from tests.conftest import seeker_values
from tests.sync_helpers import PASS, edit_seeker, fingerprint, machine, send
from tests.ui.conftest import settle
from ydp_tui import clock
from ydp_tui.app import YdpApp
from ydp_tui.config import Config
from ydp_tui.db import seekers
from ydp_tui.db.models import Seeker
from ydp_tui.widgets.dialogs import ConfirmDialog, MessageDialog, TextPrompt


def _app(path: Path, operator: str = "김상담") -> YdpApp:
    return YdpApp(Config(db=str(path), operator=operator), cursor_blink=False)


async def _type(app: YdpApp, pilot, text: str) -> None:
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(app, pilot)


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def _conflict(tmp_path: Path):
    """A laptop and the counter (supervisor 최팀장) with one conflict on 주소, merged at the counter."""
    laptop = machine(tmp_path, "N1")
    counter = machine(tmp_path, "C1", "최팀장", role="감독자")
    s = seekers.register(laptop, seeker_values())
    send(laptop, counter, tmp_path / "b")
    for db, address, hour in ((laptop, "박람회 주소", 11), (counter, "창구 주소", 12)):
        with clock.freeze(dt.datetime(2024, 5, 31, hour, 0, tzinfo=clock.SEOUL)):
            edit_seeker(db, s.id, address=address)
    with clock.freeze(dt.datetime(2024, 5, 31, 12, 30, tzinfo=clock.SEOUL)):
        send(laptop, counter, tmp_path / "b")
    laptop.dispose()
    counter.dispose()
    return s


async def test_export_asks_a_new_passphrase_twice_then_import_shows_the_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    laptop = machine(tmp_path, "N1")
    seekers.register(laptop, seeker_values())
    laptop.dispose()
    app = _app(tmp_path / "N1.sqlite3")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "이 기기 N1" in summary and "내보내지 않은 변경" in summary
        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen.query_one(Input).value == str(tmp_path / "ydp-N1-20240531-1000.ydpb")
        await _type(app, pilot, str(tmp_path / "저녁.ydpb"))
        await _type(app, pilot, PASS)
        assert isinstance(app.screen, TextPrompt) and app.screen.title_text == "새 꾸러미 암호 확인"
        await _type(app, pilot, "다르게 친 암호입니다")
        assert not (tmp_path / "저녁.ydpb").exists()              # mistyped: nothing written
        await pilot.press("e")
        await settle(app, pilot)
        await _type(app, pilot, str(tmp_path / "저녁.ydpb"))
        await _type(app, pilot, PASS)
        await _type(app, pilot, PASS)
        assert (tmp_path / "저녁.ydpb").exists()
        history = _cells(app.screen.query_one("#history", DataTable))
        assert history[0][1:4] == ["내보냄", "전체", "19"]
    machine(tmp_path, "C1", "창구").dispose()
    app = _app(tmp_path / "C1.sqlite3", "창구")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        counter = machine(tmp_path, "C1", "창구")
        before = fingerprint(counter)   # after opening (today's automatic backup is its own commit)
        counter.dispose()
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("i")
        await settle(app, pilot)
        await _type(app, pilot, str(tmp_path / "저녁.ydpb"))
        await _type(app, pilot, "틀린 암호입니다")
        assert isinstance(app.screen, MessageDialog) and app.screen.error
        assert "암호가 맞지 않습니다" in " ".join(app.screen.lines)
        await pilot.press("escape")
        counter = machine(tmp_path, "C1", "창구")
        assert fingerprint(counter) == before
        counter.dispose()
        await pilot.press("i")
        await settle(app, pilot)
        await _type(app, pilot, str(tmp_path / "저녁.ydpb"))
        await _type(app, pilot, PASS)
        assert isinstance(app.screen, MessageDialog) and not app.screen.error
        assert app.screen.title_text == "N1 기기의 꾸러미를 가져왔습니다: 새 기록 1건, 수정 0건, 충돌 0건"
        await pilot.press("escape")
        await settle(app, pilot)
        assert _cells(app.screen.query_one("#peers", DataTable))[0][0] == "N1"
        assert _cells(app.screen.query_one("#history", DataTable))[0][1:5] == ["가져옴", "N1", "19", "1"]
        # the passphrase is remembered for the session: a second import does not ask it
        await pilot.press("i")
        await settle(app, pilot)
        await _type(app, pilot, str(tmp_path / "저녁.ydpb"))
        assert isinstance(app.screen, MessageDialog) and "이미 가져온 꾸러미" in app.screen.title_text


async def test_a_supervisor_takes_the_other_value(tmp_path):
    s = _conflict(tmp_path)
    app = _app(tmp_path / "C1.sqlite3", "최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        assert "충돌 1건" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("c")
        await settle(app, pilot)
        rows = _cells(app.screen.query_one("#list", DataTable))
        assert rows == [[f"{s.seeker_no} 김민수", "주소", "창구 주소", "박람회 주소", "N1"]]
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "N1 기기, 김상담, 2024-05-31 11:00" in detail and "C1 기기, 최팀장, 2024-05-31 12:00" in detail
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen.query_one("#list", DataTable).row_count == 0
        await pilot.press("h")
        await settle(app, pilot)
        assert _cells(app.screen.query_one("#list", DataTable))[0][-1] == "해결"
    db = machine(tmp_path, "C1", "확인")
    assert seekers.get(db, s.id, log_view=False).address == "박람회 주소"
    db.dispose()


async def test_a_counselor_sees_conflicts_but_cannot_resolve(tmp_path):
    _conflict(tmp_path)
    app = _app(tmp_path / "C1.sqlite3", "이상담")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert "감독자ㆍ관리자만" in str(app.screen.query_one("#hint", Static).render())
        await pilot.press("k")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one("#list", DataTable).row_count == 1


async def test_a_supervisor_merges_two_records_of_one_person(tmp_path):
    laptop = machine(tmp_path, "N1")
    counter = machine(tmp_path, "C1", "최팀장", role="감독자")
    kept = seekers.register(counter, seeker_values(phone="010-1111-1111"))
    other = seekers.register(laptop, seeker_values(phone="010-2222-2222"))
    seekers.add_note(laptop, other.id, on="2024-05-31", kind="초기상담", text="박람회 상담")
    send(laptop, counter, tmp_path / "b")
    laptop.dispose()
    counter.dispose()
    app = _app(tmp_path / "C1.sqlite3", "최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        await pilot.press("d")
        await settle(app, pilot)
        assert _cells(app.screen.query_one("#list", DataTable)) == [
            ["김민수", "1990-03-15", kept.seeker_no, other.seeker_no]]
        assert "상담 이력" in str(app.screen.query_one("#detail", Static).render())
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen.query_one("#list", DataTable).row_count == 0
    db = machine(tmp_path, "C1", "확인")
    with db.session() as session:
        assert session.get(Seeker, other.id).deleted is True
    assert [n.text for n in seekers.notes(db, kept.id)] == ["박람회 상담"]
    db.dispose()


def test_sync_screen_snapshot(snap_compare, tmp_path):
    _conflict(tmp_path)

    async def run_before(pilot):
        await settle(pilot.app, pilot)
        await pilot.press("f10")
        await settle(pilot.app, pilot)

    assert snap_compare(_app(tmp_path / "C1.sqlite3", "최팀장"), terminal_size=(80, 24), run_before=run_before)
