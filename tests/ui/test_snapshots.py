"""SVG snapshots of key screens at 80x24 (clock frozen at 2024-05-31, site code T1).

Update with ``pytest --snapshot-update`` and look at the SVG before committing it.
"""

from __future__ import annotations

from tests.conftest import seeker_values
from tests.ui.conftest import settle
from ydp_tui.db import seekers
from ydp_tui.db.engine import Database

PEOPLE = [
    dict(name="김민수", birth_date="1990-03-15", phone="010-1234-5678", dong="문래동"),
    dict(name="이영희", birth_date="1968-07-01", phone="010-2345-6789", dong="대림2동", gender="여"),
    dict(name="NGUYEN THI HOA", birth_date="1995-11-20", phone="010-3456-7890", dong="대림3동", gender="여"),
    dict(name="박철수", birth_date="1958-02-28", phone="010-4567-8901", dong="신길5동", target_groups="고령자"),
    dict(name="a[/]b", birth_date="2000-01-01", phone="010-5678-9012", dong="여의동"),
]


def _fill(path) -> None:
    db = Database.open(str(path), operator="김상담", site_code="T1")
    for p in PEOPLE:
        seekers.register(db, seeker_values(**p))
    db.dispose()


def test_intake_form(snap_compare, make_app):
    app = make_app()

    async def run_before(pilot):
        await settle(app, pilot)
        await pilot.press("f2")
        await settle(app, pilot)
        await pilot.press(*"김민수", "tab", *"1990-13-01")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_seeker_list(snap_compare, make_app, db_path):
    _fill(db_path)
    app = make_app()

    async def run_before(pilot):
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
