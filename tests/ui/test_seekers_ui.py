"""The counselor's seeker workflow through the screens, keyboard only."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from tests.conftest import seeker_values
from tests.ui.conftest import ready, settle, wait_until
from ydp_tui.db import seekers
from ydp_tui.db.engine import Database


def _db(path):
    return Database.open(str(path), operator="확인", site_code="T1")


def _message(screen, key: str) -> str:
    return str(screen.query_one(f"#row-{key} .field-message", Static).render())


def _table_names(screen) -> list[str]:
    table = screen.query_one(DataTable)
    col = list(table.columns).index("name") if "name" in table.columns else 1
    return [str(table.get_row_at(i)[col]) for i in range(table.row_count)]


async def _fill_minimum(pilot, name: str = "김민수", birth: str = "19900315", phone: str = "01012345678") -> None:
    await pilot.press(*name, "tab", *birth, "tab", "right", "tab", *phone)


async def test_register_with_validation_and_consent(make_app, db_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "IntakeScreen"
        assert screen.focused.id == "field-name"
        # A Korean name, then an impossible birth date: the message appears next to the field.
        await pilot.press(*"김민수", "tab", *"1990-13-01")
        await pilot.pause()
        assert "날짜로 읽을 수 없습니다" in _message(screen, "birth_date")
        # Fix it; the hint shows the age; phone typed without dashes is normalised on leaving.
        await pilot.press(*["backspace"] * 10, *"19900315", "tab", "right", "tab", *"01012345678", "tab")
        await pilot.pause()
        assert "만 34세" in _message(screen, "birth_date")
        assert screen.query_one("#field-phone", Input).value == "010-1234-5678"
        # Save without consent: refused, nothing written.
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "동의" in str(screen.query_one("#consent-error", Static).render())
        db = _db(db_path)
        assert seekers.count(db) == 0
        # Consent (focus was moved to it), save.
        assert screen.focused.id == "consent-check"
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        page = seekers.search(db, "김민수")
        assert len(page.rows) == 1
        s = seekers.get(db, page.rows[0].id, log_view=False)
        assert (s.seeker_no, s.name, str(s.birth_date), s.phone, s.gender) == \
            ("T1-2024-00001", "김민수", "1990-03-15", "010-1234-5678", "남")
        assert s.consent_by == "김상담" and str(s.consent_date) == "2024-05-31"
        # The form is clear for the next person, cursor in 성명.
        assert screen.query_one("#field-name", Input).value == ""
        assert screen.focused.id == "field-name"
        db.dispose()


async def test_duplicate_prompt_then_register_anyway(make_app, db_path):
    db = _db(db_path)
    seekers.register(db, seeker_values(phone="010-5555-6666"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _fill_minimum(pilot)  # same 성명 + 생년월일 as the existing record
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DuplicateDialog"
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "T1-2024-00001"
        assert seekers.count(db) == 1
        await pilot.press("c")
        await settle(app, pilot)
        assert seekers.count(db) == 2
    db.dispose()


async def test_duplicate_prompt_opens_existing(make_app, db_path):
    db = _db(db_path)
    seekers.register(db, seeker_values(name="이영희", birth_date="1970-01-01", phone="010-2222-3333"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await _fill_minimum(pilot, name="박철수", birth="19800101", phone="01022223333")  # same phone
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DuplicateDialog"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SeekerDetailScreen"
        assert app.current_mode == "seekers"
        assert seekers.count(db) == 1
    db.dispose()


async def test_find_by_chosung_and_open(make_app, db_path):
    db = _db(db_path)
    seekers.register(db, seeker_values())
    seekers.register(db, seeker_values(name="강민성", birth_date="1985-01-02", phone="010-3333-4444"))
    seekers.register(db, seeker_values(name="이영희", birth_date="1970-01-01", phone="010-2222-3333"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert sorted(_table_names(app.screen)) == ["강민성", "김민수", "이영희"]
        await pilot.press(*"ㄱㅁㅅ")
        await settle(app, pilot)
        assert _table_names(app.screen) == ["강민성", "김민수"]
        await pilot.press("backspace", "backspace", "backspace")
        await pilot.press(*"김ㅁ")
        await settle(app, pilot)
        assert _table_names(app.screen) == ["김민수"]
        await pilot.press("enter")  # from the search box to the list
        await pilot.press("enter")  # open
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SeekerDetailScreen"
        assert app.screen.seeker.name == "김민수"
    db.dispose()


async def test_palette_finds_person_anywhere(make_app, db_path):
    db = _db(db_path)
    seekers.register(db, seeker_values())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"김ㅁ")
        from textual.command import CommandList

        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0 and "김민수" in str(commands.get_option_at_index(0).prompt))
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SeekerDetailScreen"
        assert app.screen.seeker.seeker_no == "T1-2024-00001"
    db.dispose()


async def test_markup_in_names_is_shown_literally(make_app, db_path):
    db = _db(db_path)
    seekers.register(db, seeker_values(name="a[/]b", phone="010-1000-2000"))
    seekers.register(db, seeker_values(name="[b]굵게", birth_date="1991-01-01", phone="010-1000-3000"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert sorted(_table_names(app.screen)) == sorted(["a[/]b", "[b]굵게"])
        table = app.screen.query_one(DataTable)
        assert all(isinstance(table.get_row_at(i)[1], Text) for i in range(table.row_count))
        app.screen.query_one(DataTable).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.seeker.name in ("a[/]b", "[b]굵게")
    db.dispose()


async def test_status_change_and_note(make_app, db_path):
    db = _db(db_path)
    s = seekers.register(db, seeker_values())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_seeker(s.id)
        await settle(app, pilot)
        await pilot.press("s", "down", "enter")
        await settle(app, pilot)
        assert seekers.get(db, s.id, log_view=False).status == "취업"
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press(*"주방 보조 희망", "ctrl+s")
        await settle(app, pilot)
        notes = seekers.notes(db, s.id)
        assert [(n.kind, n.text, n.counselor) for n in notes] == [("초기상담", "주방 보조 희망", "김상담")]
        table = app.screen.query_one("#notes", DataTable)
        assert table.row_count == 1
    db.dispose()


async def test_edit_refused_when_another_desk_saved_first(make_app, db_path):
    db = _db(db_path)
    s = seekers.register(db, seeker_values())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_seeker(s.id)
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        # Another desk changes the 행정동 meanwhile.
        other = Database.open(str(db_path), operator="이상담")
        seekers.update(other, s.id, {**seekers.to_fields(s), "dong": "도림동"}, expected_version=s.version)
        other.dispose()
        screen = app.screen
        screen.query_one("#field-career_years", Input).value = "7"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ConfirmDialog"
        assert "이상담" in app.screen.title_text and "행정동" in app.screen.title_text
        await pilot.press("n")  # keep my input
        await settle(app, pilot)
        assert screen.query_one("#field-career_years", Input).value == "7"
        stored = seekers.get(db, s.id, log_view=False)
        assert stored.dong == "도림동" and stored.career_years is None
    db.dispose()


async def test_operator_chosen_at_start(make_app, db_path):
    app = make_app(operator=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert type(app.screen).__name__ == "OperatorScreen"
        await pilot.press(*"박상담", "enter")
        await settle(app, pilot)
        assert "담당자 박상담" in app.status_text
    assert app.db.operator == "박상담"


async def test_read_only_disables_writes(make_app, db_path):
    db = _db(db_path)
    s = seekers.register(db, seeker_values())
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        assert "읽기 전용" in app.status_text
        app.open_seeker(s.id)
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "SeekerDetailScreen"  # no status dialog
    assert seekers.get(db, s.id, log_view=False).status == "구직중"
    db.dispose()


async def test_unusable_database_exits_with_message(make_app, tmp_path):
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_text("hello")
    app = make_app(path=bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert "SQLite 데이터베이스 파일이 아닙니다" in app.exit_message
    assert bad.read_text() == "hello"
