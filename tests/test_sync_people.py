"""Possible duplicate people: listed after a merge, never merged silently; a supervisor merges
(notes re-pointed, the other tombstoned, all synced) or dismisses (synced too)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import seeker_values
from tests.sync_helpers import holdings, machine, send
from ydp_tui.db import seekers
from ydp_tui.db.models import CounselNote, Seeker
from ydp_tui.db.roles import Forbidden
from ydp_tui.sync import people


@pytest.fixture
def pair(tmp_path):
    laptop = machine(tmp_path, "N1")
    counter = machine(tmp_path, "C1", "최팀장", role="감독자")
    at_counter = seekers.register(counter, seeker_values(phone="010-1111-1111"))
    seekers.add_note(counter, at_counter.id, on="2024-05-02", kind="초기상담", text="창구 상담")
    at_fair = seekers.register(laptop, seeker_values(name="김민수", phone="010-2222-2222", dong="대림2동"))
    seekers.add_note(laptop, at_fair.id, on="2024-05-31", kind="초기상담", text="박람회 상담")
    seekers.register(laptop, seeker_values(name="김민수", birth_date="1991-03-15", phone="010-3333-3333"))
    summary = send(laptop, counter, tmp_path / "1")
    yield laptop, counter, at_counter, at_fair, summary
    laptop.dispose()
    counter.dispose()


def test_the_import_counts_and_the_list_shows_the_pair_nothing_merged(pair):
    laptop, counter, at_counter, at_fair, summary = pair
    assert summary.duplicates == 1
    assert any("중복 의심 1쌍" in line for line in summary.lines())
    (p,) = people.list_pairs(counter)
    assert {p.a.seeker_no, p.b.seeker_no} == {at_counter.seeker_no, at_fair.seeker_no}
    assert {p.a.notes, p.b.notes} == {1}
    assert seekers.count(counter) == 3          # nothing merged by itself
    assert people.count_pairs(laptop) == 0      # the laptop has not seen the counter's record yet


def test_merging_re_points_the_notes_and_tombstones_the_other_as_synced_changes(pair, tmp_path):
    laptop, counter, at_counter, at_fair, _ = pair
    moved = people.merge(counter, at_counter.id, at_fair.id)
    assert moved == {"상담 이력": 1}
    assert [n.text for n in seekers.notes(counter, at_counter.id)] == ["박람회 상담", "창구 상담"]
    assert people.list_pairs(counter) == []
    send(counter, laptop, tmp_path / "2")
    with laptop.session() as session:
        assert session.get(Seeker, at_fair.id).deleted is True
        assert set(session.execute(select(CounselNote.seeker_id)).scalars()) == {at_counter.id}
    assert holdings(laptop) == holdings(counter)


def test_dismissing_travels_and_the_pair_stays_off_the_list(pair, tmp_path):
    laptop, counter, at_counter, at_fair, _ = pair
    send(counter, laptop, tmp_path / "2")
    assert people.count_pairs(laptop) == 1
    people.dismiss(counter, at_fair.id, at_counter.id, note="생년월일 같은 다른 분")
    assert people.list_pairs(counter) == []
    send(counter, laptop, tmp_path / "3")
    assert people.count_pairs(laptop) == 0
    assert seekers.count(laptop) == 3


def test_merging_and_dismissing_need_the_permission(pair):
    laptop, counter, at_counter, at_fair, _ = pair
    with pytest.raises(Forbidden, match="중복 인물 병합"):
        people.merge(laptop, at_fair.id, at_counter.id)
    with pytest.raises(Forbidden):
        people.dismiss(laptop, at_fair.id, at_counter.id)
