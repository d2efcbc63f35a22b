"""구인ㆍ알선ㆍ매칭 through the screens, keyboard only: match from a seeker's page, refer in one
key, move the referral to 채용; bad vacancy input; an on-site interview with quick intake; and a
snapshot of the matching screen with its explanation at 80x24."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from tests.jobs_helpers import BRN2, employer, seeker, vacancy
from tests.ui.conftest import ready, settle, wait_until
from ydp_tui.db import events, referrals, seekers, vacancies
from ydp_tui.db.engine import Database


def fill(path) -> dict[str, str]:
    db = Database.open(str(path), operator="김상담", site_code="T1")
    try:
        employer(db)
        employer(db, brn=BRN2, name="여의요양원", dong="여의동", welcome_groups=["중장년"])
        v1 = vacancy(db, title="주방 보조", keco="5301")
        vacancy(db, title="주방장", keco="53", wage_type="월급", wage="2,600,000")
        vacancy(db, brn=BRN2, title="요양보호사", keco="55", wage_type="월급", wage="2,300,000", dong="여의동")
        s = seeker(db, name="김민수", desired_jobs="5301;55", dong="문래동", target_groups="중장년")
        seeker(db, name="이영희", phone="010-2222-3333", dong="당산1동")
        ev = events.create_event(db, {"kind": "job포유", "title": "5월 만남의 날", "held_on": "2024-05-29"})
        events.add_vacancy(db, ev.id, v1.id)
        return {"seeker": s.id, "vacancy": v1.id, "event": ev.id}
    finally:
        db.dispose()


def plain(widget: Static) -> str:
    """What a Static shows, as text (it may hold a Rich table or group)."""
    import io

    from rich.console import Console

    console = Console(width=78, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


def texts(screen) -> str:
    return "\n".join(plain(w) for w in screen.query(Static))


async def test_match_refer_and_hire_from_a_seekers_page(make_app, db_path) -> None:
    ids = fill(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        app.open_seeker(ids["seeker"])
        await settle(app, pilot)
        await pilot.press("m")                                   # 매칭 from the seeker's page
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "MatchScreen"
        table = screen.query_one("#results", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["주방 보조", "주방장", "요양보호사"]
        why = plain(screen.query_one("#why", Static))
        assert "1위 98점" in why and "같은 세분류 5301 음식 서비스직" in why and "35/35" in why
        await pilot.press("down", "down")                        # the explanation follows the cursor
        await pilot.pause()
        assert "우대대상 중장년" in plain(screen.query_one("#why", Static))
        await pilot.press("up", "up", "r")                       # refer in one key
        await settle(app, pilot)
        await wait_until(pilot, lambda: str(screen.query_one("#results", DataTable).get_row_at(0)[5]) == "알선")
        assert "이미 알선함: T1-2024-00001 (알선)" in plain(screen.query_one("#why", Static))
        await pilot.press("a")                                   # open that referral
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ReferralScreen"
        assert "다음 단계: I 면접, H 채용, F 불합격, C 취소" in texts(app.screen)
        await pilot.press("h")
        await settle(app, pilot)
        dialog = app.screen
        assert type(dialog).__name__ == "FormDialog"
        assert dialog.query_one("#field-wage", Input).value == "10000"   # the vacancy's wage, filled in
        await pilot.press("tab", *"2024-06-03", "ctrl+s")        # 근무시작일
        await settle(app, pilot)
        assert "다음 단계: C 취소" in texts(app.screen)
    db = Database.open(str(db_path), operator="확인")
    try:
        r = referrals.detail(db, referrals.find_id(db, "T1-2024-00001"), log_view=False)
        assert (r.referral.status, str(r.referral.hired_on), str(r.referral.start_on)) == ("채용", "2024-05-31",
                                                                                          "2024-06-03")
        assert seekers.get(db, ids["seeker"], log_view=False).status == "취업"
        assert vacancies.get(db, ids["vacancy"]).vacancy.status == "충원"
    finally:
        db.dispose()


async def test_bad_vacancy_input_is_shown_and_nothing_saved(make_app, db_path) -> None:
    fill(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        assert "3건 중 3건 표시" in str(app.screen.query_one("#count", Static).render())
        await pilot.press("n")
        await settle(app, pilot)
        form = app.screen
        await pilot.press("tab", *"124-81-00999")                 # 사업자등록번호 with a wrong check digit
        await pilot.pause()
        assert "검증번호가 맞지 않습니다" in str(form.query_one("#row-brn .field-message", Static).render())
        for key, value in (("brn", "124-81-00998"), ("title", "설거지"), ("keco", "53"), ("headcount", "0"),
                           ("wage", "0"), ("deadline", "2024-04-01"), ("registered_on", "2024-05-01")):
            form.query_one(f"#field-{key}", Input).value = value
        await pilot.pause()
        assert "구인인원은 1명 이상이어야 합니다" in str(form.query_one("#row-headcount .field-message", Static).render())
        assert "임금은 0원보다 많아야 합니다" in str(form.query_one("#row-wage .field-message", Static).render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        form.query_one("#field-headcount", Input).value = "1"
        form.query_one("#field-wage", Input).value = "10000"
        await pilot.press("ctrl+s")                              # the service refuses the deadline
        await settle(app, pilot)
        assert "마감일 2024-04-01이(가) 등록일 2024-05-01보다 앞섭니다" in str(
            form.query_one("#row-deadline .field-message", Static).render())
        assert app.screen is form
    db = Database.open(str(db_path), operator="확인")
    try:
        assert vacancies.search(db, "설거지").rows == []
    finally:
        db.dispose()


async def test_quick_intake_and_on_site_interview_at_a_fair(make_app, db_path) -> None:
    ids = fill(db_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "EventScreen"
        await pilot.press("q")
        await settle(app, pilot)
        await pilot.press(*"NGUYEN THI HOA", "tab", *"19951120", "tab", *"01034567890", "tab", *"53")
        await pilot.press("ctrl+s")                              # no consent yet: refused on the dialog
        await pilot.pause()
        assert "동의를 받아야" in texts(app.screen)
        await pilot.press("tab", "space", "ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "BoothDialog"
        await pilot.press("h")                                   # interviewed and hired on the spot
        await settle(app, pilot)
        assert "면접 1명, 채용 1명" in texts(app.screen)
    db = Database.open(str(db_path), operator="확인")
    try:
        walk_in = seekers.search(db, "nguyen").rows[0]
        assert (walk_in.status, str(walk_in.registered_on)) == ("취업", "2024-05-29")
        d = events.event_detail(db, ids["event"])
        assert [(r.seeker_name, r.status) for r in d.interviews] == [("NGUYEN THI HOA", "채용")]
    finally:
        db.dispose()


def test_matching_screen_snapshot(snap_compare, make_app, db_path) -> None:
    ids = fill(db_path)
    app = make_app()

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        app.open_seeker(ids["seeker"])
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_every_binding_has_an_action_an_id_and_a_tooltip() -> None:
    import importlib
    import inspect

    from textual.binding import Binding

    for name in ("employers", "vacancies", "referrals", "matching", "events", "jobs_common"):
        module = importlib.import_module(f"ydp_tui.screens.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for b in cls.__dict__.get("BINDINGS", []):
                if not isinstance(b, Binding):
                    continue
                action = b.action.split("(")[0]
                assert hasattr(cls, f"action_{action}"), f"{cls.__name__}: {b.key} -> {b.action}"
                assert b.id, f"{cls.__name__}: {b.key} has no id"
                if b.show and b.key != "escape":
                    assert b.tooltip, f"{cls.__name__}: {b.key} has no tooltip"
