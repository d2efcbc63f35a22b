"""관리 (F11) and signing in, through Pilot: PIN dialog, accounts, the access-log review, erasure,
and a seeker list that follows another desk without losing its cursor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from textual.widgets import DataTable, Input, Static

from tests.conftest import seeker_values
from tests.ui.conftest import ready, settle, wait_until
from ydp_tui import clock
from ydp_tui.db import operators, seekers
from ydp_tui.db.engine import Database
from ydp_tui.db.models import Operator

PIN = "482915"


def _db(path, operator: str = "설정"):
    return Database.open(str(path), operator=operator, site_code="T1")


def _account(path, name: str, role: str, pin: str | None = None) -> None:
    db = _db(path)
    with db.write() as s:
        s.add(Operator(name=name, role=role, pin_hash=operators.hash_pin(pin) if pin else None))
    db.dispose()


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_operator_with_a_pin_signs_in_at_start(make_app, db_path):
    _account(db_path, "최팀장", "감독자", PIN)
    app = make_app(operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PinScreen")
        assert app.db.operator == "" and "(선택 전)" in app.status_text
        await pilot.press(*"000111", "enter")
        await settle(app, pilot)
        assert "PIN이 맞지 않습니다 (1/5회)" in _text(app.screen, "#pin-error")
        assert app.screen.query_one("#pin", Input).value == ""
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert (app.db.operator, app.db.role) == ("최팀장", "감독자")
        assert "담당자 최팀장" in app.status_text


async def test_choosing_an_operator_asks_the_pin_and_esc_chooses_again(make_app, db_path):
    _account(db_path, "최팀장", "감독자", PIN)
    app = make_app(operator=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "OperatorScreen")
        await pilot.press(*"최팀장", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PinScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OperatorScreen"
        await pilot.press(*"김상담", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert (app.db.operator, app.db.role) == ("김상담", "상담사")


async def test_admin_entries_refuse_a_counselor(make_app):
    app = make_app(operator="김상담")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f11")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "AdminScreen"
        assert "지금 담당자: 김상담 (상담사)" in _text(app.screen, "#whoami")
        for key in "1234":
            await pilot.press(key)
            await settle(app, pilot)
            assert type(app.screen).__name__ == "AdminScreen"
        messages = [str(n.message) for n in app._notifications]
        assert any("담당자 계정 관리은(는) 관리자만" in m for m in messages)
        assert any("접속기록 점검은(는) 감독자/관리자만" in m for m in messages)


async def test_administrator_creates_a_supervisor_account(make_app, db_path):
    _account(db_path, "정관리", "관리자")
    app = make_app(operator="정관리")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f11", "1")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OperatorsScreen"
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("down", "enter")  # 감독자
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SecretsDialog"
        await pilot.press(*"최팀장", "enter")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#accounts", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)][:4] for i in range(table.row_count)]
        assert ["최팀장", "감독자", "있음", "사용"] in rows
    db = _db(db_path)
    assert operators.pin_needed(db, "최팀장")
    db.dispose()


async def test_review_screen_shows_tampering_and_filters(make_app, db_path):
    _account(db_path, "최팀장", "감독자")
    db = _db(db_path, "김상담")
    a = seekers.register(db, seeker_values())
    seekers.get(db, a.id)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = '조작' WHERE seq = 1"))
    db.dispose()
    app = make_app(operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f11", "2")
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "AuditReviewScreen"
        assert "1번 항목부터 내용이 바뀌었거나 빠졌습니다" in _text(screen, "#chain")
        assert screen.query_one("#chain", Static).has_class("-bad")
        await pilot.press("slash", *"김상담", "enter")
        await settle(app, pilot)
        table = screen.query_one("#entries", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["조회", "등록"]
        assert "2건 중 2건 | 담당자 김상담" in _text(screen, "#audit-count")


async def test_retention_screen_erases_after_confirming(make_app, db_path):
    _account(db_path, "최팀장", "감독자")
    db = _db(db_path, "김상담")
    with clock.freeze(dt.datetime(2021, 5, 3, 10, 0, tzinfo=clock.SEOUL)):
        old = seekers.register(db, seeker_values(name="김지난", registered_on="2021-05-03", consent_date="2021-05-03"))
    seekers.register(db, seeker_values(name="이요즘", phone="010-2222-3333"))
    db.dispose()
    app = make_app(operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f11", "3")
        await settle(app, pilot)
        screen = app.screen
        assert "구직자 1건 (보관 3년)" in _text(screen, "#kinds")
        table = screen.query_one("#due", DataTable)
        assert [str(c) for c in table.get_row_at(0)] == ["[ ]", old.seeker_no, "김*난", "2021-05-03", "2024-05-03"]
        await pilot.press("e")  # nothing picked: refused
        await settle(app, pilot)
        await pilot.press("space", "e")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await settle(app, pilot)
        assert "구직자 0건" in _text(screen, "#kinds")
    db = _db(db_path)
    assert seekers.get(db, old.id, log_view=False).name is None
    assert [r.name for r in seekers.search(db, "").rows] == ["이요즘", "(파기됨)"]
    db.dispose()


async def test_seeker_list_follows_another_desk_keeping_the_cursor(make_app, db_path):
    db = _db(db_path, "김상담")
    for i, name in enumerate(["가나다", "라마바", "사아자"]):
        seekers.register(db, seeker_values(name=name, phone=f"010-1000-000{i}", birth_date=f"199{i}-01-01"))
    app = make_app(operator="김상담")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#list", DataTable)
        assert table.row_count == 3
        await pilot.press("tab", "down")
        await pilot.pause()
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        screen.poll_changes()
        await settle(app, pilot)
        assert table.row_count == 3  # nothing changed: nothing reloaded
        other = _db(db_path, "이상담")  # another desk registers someone
        seekers.register(other, seeker_values(name="차카타", phone="010-1000-0009", birth_date="1999-01-01"))
        other.dispose()
        screen.poll_changes()
        await settle(app, pilot)
        assert table.row_count == 4
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == chosen
        assert "4명 중 4명 표시" in _text(screen, "#count")
    db.dispose()


def test_review_screen_snapshot(snap_compare, make_app, db_path):
    _account(db_path, "최팀장", "감독자")
    db = _db(db_path, "김상담")
    a = seekers.register(db, seeker_values())
    seekers.get(db, a.id)
    from ydp_tui.io import seekers as seekers_io

    seekers_io.export_file(db, db_path.parent / "out.csv")
    with clock.freeze(dt.datetime(2024, 5, 30, 22, 15, tzinfo=clock.SEOUL)):
        seekers.get(db, a.id)
    db.dispose()
    app = make_app(operator="최팀장")

    async def run_before(pilot):
        await settle(app, pilot)
        await pilot.press("f11", "2")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_five_wrong_pins_lock_the_dialog(make_app, db_path):
    _account(db_path, "최팀장", "감독자", PIN)
    app = make_app(operator="최팀장")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "PinScreen")
        for _ in range(5):
            await pilot.press(*"000111", "enter")
            await settle(app, pilot)
        screen = app.screen
        assert "최팀장 계정은 PIN을 5회 틀려 10:30까지 잠겼습니다" in _text(screen, "#pin-error")
        assert screen.query_one("#pin", Input).disabled
        await pilot.press("escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OperatorScreen"
        assert app.db.operator == ""


async def test_nobody_may_not_work_when_accounts_are_required(make_app, db_path):
    db = _db(db_path)
    from ydp_tui.db import policy

    with db.write() as s:
        policy.set_value(s, "security", 0, "accounts_required", 1)
    db.dispose()
    app = make_app(operator=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "OperatorScreen")
        first = app.screen
        await pilot.press("escape")  # "나중에"
        await settle(app, pilot)
        assert type(app.screen).__name__ == "OperatorScreen" and app.screen is not first
        assert any("계정 있는 담당자만" in str(n.message) for n in app._notifications)
