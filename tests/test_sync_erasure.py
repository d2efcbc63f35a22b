"""Erasure (파기) travels in bundles: the receiving machine empties the same fields and scrubs its
history and conflicts; a machine that had not seen the erasure cannot bring the person back."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import seeker_values
from tests.sync_helpers import machine, send
from ydp_tui.db import retention, seekers
from ydp_tui.db.models import Seeker, SyncConflict, SyncOp


def _name_anywhere(db, needle: str) -> list[str]:
    """Every place in the database file's tables where ``needle`` still appears."""
    from sqlmodel import SQLModel

    found = []
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        for table in SQLModel.metadata.sorted_tables:
            if table.name == "audit_log":  # the log holds numbers, never names (checked in admin tests)
                continue
            cur.execute(f"SELECT * FROM {table.name}")
            for row in cur.fetchall():
                if any(needle in str(v) for v in row if v is not None):
                    found.append(table.name)
                    break
        cur.close()
    finally:
        raw.close()
    return found


def test_erasure_travels_and_a_stale_laptop_cannot_restore_it(tmp_path):
    counter = machine(tmp_path, "C1", "최팀장", role="감독자")
    laptop = machine(tmp_path, "L1")
    person = seekers.register(counter, seeker_values(name="박지워", phone="010-5555-1212"))
    send(counter, laptop, tmp_path / "b")
    # The laptop, offline, edits the person (its copy still holds the name) ...
    copy = seekers.get(laptop, person.id, log_view=False)
    seekers.update(laptop, person.id, {**seekers.to_fields(copy), "name": "박지워리"},
                   expected_version=copy.version)
    # ... while the counter erases the record at the person's request.
    retention.erase(counter, "seeker", [person.id], reason="본인 요청", before_due=True)
    assert _name_anywhere(counter, "박지워") == []

    send(laptop, counter, tmp_path / "b")          # the laptop's edit, made before it knew, reaches the counter
    assert seekers.get(counter, person.id, log_view=False).name is None
    send(counter, laptop, tmp_path / "b")          # the erasure reaches the laptop
    assert seekers.get(laptop, person.id, log_view=False).name is None
    assert _name_anywhere(laptop, "박지워") == []
    assert _name_anywhere(laptop, "010-5555-1212") == []

    # A second laptop that only ever saw the old record sends it back to the counter.
    stale = machine(tmp_path, "L2")
    send(laptop, stale, tmp_path / "b")  # everything, the erasure included, as held by the laptop
    for db in (counter, laptop, stale):
        with db.session() as session:
            row = session.get(Seeker, person.id)
            assert (row.name, row.phone, row.name_key) == (None, None, "")
            assert session.execute(select(SyncConflict.loser_value).where(
                SyncConflict.row_id == person.id, SyncConflict.loser_value.is_not(None))).all() == []
            assert session.execute(select(SyncOp.value).where(
                SyncOp.row_id == person.id, SyncOp.field == "name", SyncOp.value.is_not(None))).all() == []
        assert _name_anywhere(db, "박지워") == []
    for db in (counter, laptop, stale):
        db.dispose()
