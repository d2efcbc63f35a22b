from ydp_tui.db import seekers
from tests.conftest import seeker_values


def test_register_and_find(db):
    s = seekers.register(db, seeker_values())
    assert s.seeker_no == "T1-2024-00001"
    page = seekers.search(db, "ㄱㅁㅅ")
    assert [r.name for r in page.rows] == ["김민수"]


def test_shipped_policy_rows_fit_their_columns():
    """Every shipped policy value (and its note) fits the column: PostgreSQL refuses what SQLite keeps."""
    from ydp_tui.db import policy, programs, public_work
    from ydp_tui.db.models import PolicyValue

    limits = {c.name: c.type.length for c in PolicyValue.__table__.c if getattr(c.type, "length", None)}
    rows = policy.shipped_rows() + public_work.shipped_policy_rows() + programs.shipped_policy_rows()
    too_long = [(r["kind"], r["key"], col) for r in rows for col, n in limits.items()
                if col in r and len(str(r[col])) > n]
    assert too_long == []


def test_the_demo_clock_ticks_on_from_its_date(monkeypatch):
    """``ydp-tui --demo`` runs as of its data's date (2024-05-31): today is that day, and time still moves."""
    import datetime as dt

    from ydp_tui import clock

    monkeypatch.setattr(clock, "_frozen", None)
    monkeypatch.setattr(clock, "_offset", clock._offset)   # restored after the test
    monkeypatch.delenv("YDP_FROZEN_NOW", raising=False)
    clock.run_as_of(dt.date(2024, 5, 31))
    first = clock.now()
    assert clock.today() == dt.date(2024, 5, 31)
    assert clock.now() >= first
