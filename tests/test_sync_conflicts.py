"""A supervisor resolves conflicts (keep, take the other, edit); the decision is itself a synced
change that closes the same conflict on every machine; erasure can scrub the kept values."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import seeker_values
from tests.sync_helpers import conflicts, edit_seeker, holdings, machine, send
from ydp_tui import clock
from ydp_tui.db import seekers
from ydp_tui.db.errors import StaleRecord, ValidationFailed
from ydp_tui.db.roles import Forbidden
from ydp_tui.sync import conflicts as sync_conflicts


@pytest.fixture
def pair(tmp_path):
    """A laptop and the counter (a supervisor works there) with one conflict on 주소."""
    laptop = machine(tmp_path, "N1")
    counter = machine(tmp_path, "C1", "최팀장", role="감독자")
    s = seekers.register(laptop, seeker_values())
    send(laptop, counter, tmp_path / "0")
    with clock.freeze(dt.datetime(2024, 5, 31, 11, 0, tzinfo=clock.SEOUL)):
        edit_seeker(laptop, s.id, address="박람회에서 받은 주소")
    with clock.freeze(dt.datetime(2024, 5, 31, 12, 0, tzinfo=clock.SEOUL)):
        edit_seeker(counter, s.id, address="창구에서 고친 주소")
        send(laptop, counter, tmp_path / "1")
        send(counter, laptop, tmp_path / "2")
    yield laptop, counter, s
    laptop.dispose()
    counter.dispose()


def test_the_list_shows_both_values_who_when_and_which_machine(pair):
    laptop, counter, s = pair
    (row,) = sync_conflicts.list_conflicts(counter)
    assert (row.table_label, row.field_label, row.record) == ("구직자", "주소", f"구직자 {s.seeker_no} 김민수")
    assert (row.current, row.current_code, row.current_by) == ("창구에서 고친 주소", "C1", "최팀장")
    assert (row.other, row.other_code, row.other_by) == ("박람회에서 받은 주소", "N1", "김상담")
    assert clock.format_local(row.other_at) == "2024-05-31 11:00"
    assert clock.format_local(row.current_at) == "2024-05-31 12:00"
    assert sync_conflicts.count_open(counter) == 1
    assert [r.loser_op for r in sync_conflicts.list_conflicts(laptop)] == [row.loser_op]


def test_only_a_supervisor_resolves(pair):
    laptop, counter, _ = pair
    (row,) = sync_conflicts.list_conflicts(laptop)
    with pytest.raises(Forbidden, match="동기화 충돌 해결은\\(는\\) 감독자/관리자만"):
        sync_conflicts.resolve(laptop, row.loser_op, sync_conflicts.KEEP)
    assert sync_conflicts.count_open(laptop) == 1


def test_taking_the_other_value_syncs_and_closes_the_conflict_everywhere(pair, tmp_path):
    laptop, counter, s = pair
    (row,) = sync_conflicts.list_conflicts(counter)
    done = sync_conflicts.resolve(counter, row.loser_op, sync_conflicts.OTHER, note="본인 확인",
                                  expected_version=row.version)
    assert (done.status, done.resolution, done.resolved_by) == ("해결", "다른 값", "최팀장")
    assert seekers.get(counter, s.id, log_view=False).address == "박람회에서 받은 주소"
    assert sync_conflicts.list_conflicts(counter) == []
    send(counter, laptop, tmp_path / "3")
    assert seekers.get(laptop, s.id, log_view=False).address == "박람회에서 받은 주소"
    assert sync_conflicts.list_conflicts(laptop) == []
    assert [c.status for c in conflicts(laptop)] == ["해결"]
    assert [r.resolution for r in sync_conflicts.list_conflicts(laptop, include_resolved=True)] == ["다른 값"]
    assert holdings(laptop) == holdings(counter)


def test_keeping_the_current_value_changes_no_record_but_syncs_the_decision(pair, tmp_path):
    laptop, counter, s = pair
    version = seekers.get(counter, s.id, log_view=False).version
    (row,) = sync_conflicts.list_conflicts(counter)
    sync_conflicts.resolve(counter, row.loser_op, sync_conflicts.KEEP)
    assert seekers.get(counter, s.id, log_view=False).version == version
    send(counter, laptop, tmp_path / "3")
    assert sync_conflicts.list_conflicts(laptop) == []


def test_editing_checks_the_value_like_the_form_does(pair):
    laptop, counter, s = pair
    (row,) = sync_conflicts.list_conflicts(counter)
    with pytest.raises(ValidationFailed, match="주소"):
        sync_conflicts.resolve(counter, row.loser_op, sync_conflicts.EDIT, value="가" * 201)
    sync_conflicts.resolve(counter, row.loser_op, sync_conflicts.EDIT, value="서울특별시 영등포구 당산로 123 2층")
    assert seekers.get(counter, s.id, log_view=False).address == "서울특별시 영등포구 당산로 123 2층"


def test_a_resolution_against_a_record_changed_meanwhile_is_refused(pair):
    laptop, counter, s = pair
    (row,) = sync_conflicts.list_conflicts(counter)
    edit_seeker(counter, s.id, dong="여의동")
    with pytest.raises(StaleRecord):
        sync_conflicts.resolve(counter, row.loser_op, sync_conflicts.OTHER, expected_version=row.version)
    assert sync_conflicts.count_open(counter) == 1


def test_a_decision_that_arrives_before_the_conflict_is_seen_closes_it_on_arrival(tmp_path):
    a = machine(tmp_path, "N1")
    b = machine(tmp_path, "N2", "이상담")
    c = machine(tmp_path, "C1", "최팀장", role="감독자")
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "0")
    send(a, c, tmp_path / "0c")
    with clock.freeze(dt.datetime(2024, 5, 31, 11, 0, tzinfo=clock.SEOUL)):
        edit_seeker(a, s.id, address="A")
    with clock.freeze(dt.datetime(2024, 5, 31, 12, 0, tzinfo=clock.SEOUL)):
        edit_seeker(b, s.id, address="B")
        send(a, c, tmp_path / "1")
        send(b, c, tmp_path / "2")
        (row,) = sync_conflicts.list_conflicts(c)
        sync_conflicts.resolve(c, row.loser_op, sync_conflicts.KEEP)
        send(c, b, tmp_path / "3")          # B gets the decision and A's losing value together
    assert sync_conflicts.list_conflicts(b) == []
    assert [k.status for k in conflicts(b)] == ["해결"]
    for d in (a, b, c):
        d.dispose()


def test_scrub_conflicts_nulls_the_kept_values(pair):
    laptop, counter, s = pair
    with counter.write() as session:
        assert sync_conflicts.scrub_conflicts(session, "seeker", s.id, ["address", "phone"]) == 1
    (k,) = conflicts(counter)
    assert (k.loser_value, k.winner_value) == (None, None)


def test_every_area_labels_its_fields_for_the_conflict_list():
    """Each registered table is synced, its specs name its columns, and a conflict on a vacancy's
    wage reads as the form says it."""
    from ydp_tui.db.models import synced_tables
    from ydp_tui.sync import labels

    tables = synced_tables()
    for table in labels.FIELD_SPECS:
        columns = set(tables[table].__table__.c.keys())
        keys = set(labels.specs(table))
        assert len(keys & columns) >= len(keys) / 2, table
    assert labels.field_label("vacancy", "wage") == "임금"
    assert labels.field_label("pw_application", "household_income") == "가구소득"
