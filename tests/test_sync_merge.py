"""Merging bundles between machines: new and changed records, per-field last-writer-wins,
conflicts kept, forwarding, refusals that change nothing, optimistic locking after a merge."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from tests.conftest import seeker_values
from tests.sync_helpers import PASS, conflicts, edit_seeker, fingerprint, holdings, machine, send
from ydp_tui import clock, crypto
from ydp_tui.db import policy, seekers
from ydp_tui.db.errors import StaleRecord
from ydp_tui.db.models import CounselNote, Seeker
from ydp_tui.sync import merge, service
from ydp_tui.sync.bundle import BundleRefused


@pytest.fixture
def trio(tmp_path):
    a, b, c = machine(tmp_path, "N1"), machine(tmp_path, "N2", "이상담"), machine(tmp_path, "C1", "박상담")
    yield a, b, c
    for d in (a, b, c):
        d.dispose()


def test_new_records_arrive_with_notes_and_derived_columns(trio, tmp_path):
    a, b, _ = trio
    s = seekers.register(a, seeker_values(name="김민수", phone="010-1234-5678"))
    seekers.add_note(a, s.id, on="2024-05-31", kind="초기상담", text="박람회 현장 상담")
    summary = send(a, b, tmp_path / "x")
    assert (summary.new, summary.updated, summary.conflicts) == (2, 0, 0)
    assert summary.tables == {"구직자": {"new": 1, "updated": 0}, "상담 이력": {"new": 1, "updated": 0}}
    got = seekers.get(b, s.id, log_view=False)
    assert (got.seeker_no, got.name, got.name_key, got.phone_digits) == (s.seeker_no, "김민수", s.name_key, "01012345678")
    assert [n.text for n in seekers.notes(b, s.id)] == ["박람회 현장 상담"]
    # the counter finds the laptop's seekers by name at once (their updated_at is the laptop's)
    assert [r.seeker_no for r in seekers.search(b, "ㄱㅁㅅ").rows] == [s.seeker_no]
    assert holdings(a) == holdings(b)


def test_reimport_is_a_noop_and_changes_nothing(trio, tmp_path):
    a, b, _ = trio
    seekers.register(a, seeker_values())
    path = tmp_path / "a.ydpb"
    service.export_bundle(a, path, PASS)
    first = service.import_bundle(b, path, PASS)
    before = fingerprint(b)
    again = service.import_bundle(b, path, PASS)
    assert again.already and not first.already
    assert "이미 가져온 꾸러미" in again.lines()[0]
    assert fingerprint(b) == before


def test_different_fields_merge_without_conflict(trio, tmp_path):
    a, b, _ = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    edit_seeker(a, s.id, phone="010-2222-3333")
    edit_seeker(b, s.id, address="서울특별시 영등포구 당산로 123")
    send(a, b, tmp_path / "2")
    send(b, a, tmp_path / "3")
    for db in (a, b):
        got = seekers.get(db, s.id, log_view=False)
        assert (got.phone, got.address) == ("010-2222-3333", "서울특별시 영등포구 당산로 123")
        assert conflicts(db) == []
    assert holdings(a) == holdings(b)


def test_same_field_concurrent_edit_is_one_conflict_with_the_same_winner_everywhere(trio, tmp_path):
    a, b, c = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    send(a, c, tmp_path / "1c")
    with clock.freeze(dt.datetime(2024, 5, 31, 11, 0, tzinfo=clock.SEOUL)):
        edit_seeker(a, s.id, address="A가 적은 주소")
    with clock.freeze(dt.datetime(2024, 5, 31, 12, 0, tzinfo=clock.SEOUL)):
        edit_seeker(b, s.id, address="B가 나중에 적은 주소")
        summary_ab = send(a, b, tmp_path / "2")
        summary_ba = send(b, a, tmp_path / "3")
        send(b, c, tmp_path / "4")
        send(a, c, tmp_path / "5")
    assert summary_ab.conflicts == 1 and summary_ba.conflicts == 1
    for db in (a, b, c):
        assert seekers.get(db, s.id, log_view=False).address == "B가 나중에 적은 주소"
        recorded = conflicts(db)
        assert len(recorded) == 1, db.site_code
        (k,) = recorded
        assert (k.field, k.status, k.loser_code, k.loser_by, k.winner_code) == ("address", "미해결", "N1", "김상담", "N2")
        assert merge.json.loads(k.loser_value) == "A가 적은 주소"
    assert holdings(a) == holdings(b) == holdings(c)


def test_same_value_written_on_two_machines_is_not_an_open_conflict(trio, tmp_path):
    from ydp_tui.sync import conflicts as sync_conflicts

    a, b, _ = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    seekers.set_status(a, s.id, "취업")
    seekers.set_status(b, s.id, "취업")
    summary = send(a, b, tmp_path / "2")
    assert summary.conflicts == 0
    assert [c.same_value for c in conflicts(b)] == [True]
    assert sync_conflicts.list_conflicts(b) == []


def test_forwarding_a_to_b_to_c_and_back(trio, tmp_path):
    a, b, c = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    send(b, c, tmp_path / "2")          # C never saw A: B forwards A's work
    assert seekers.get(c, s.id, log_view=False).seeker_no == s.seeker_no
    edit_seeker(c, s.id, dong="여의동")
    send(c, b, tmp_path / "3", for_peer="N2")
    send(b, a, tmp_path / "4")
    assert seekers.get(a, s.id, log_view=False).dong == "여의동"
    assert holdings(a) == holdings(b) == holdings(c)


def test_export_for_a_peer_carries_only_what_it_lacks(trio, tmp_path):
    a, b, _ = trio
    for i in range(3):
        seekers.register(a, seeker_values(name=f"박{'가나다'[i]}영", phone=f"010-3000-000{i}"))
    send(a, b, tmp_path / "1")
    send(b, a, tmp_path / "2")          # A learns what B holds
    seekers.register(a, seeker_values(name="최신규", phone="010-4000-0000"))
    result = service.export_bundle(a, tmp_path / "for-b.ydpb", PASS, for_peer="n2")
    full = service.export_bundle(a, tmp_path / "all.ydpb", PASS)
    assert 0 < result.ops < full.ops and result.rows == 1 and result.for_code == "N2"
    summary = service.import_bundle(b, tmp_path / "for-b.ydpb", PASS)
    assert summary.new == 1 and holdings(a) == holdings(b)


def test_a_bundle_made_for_another_machine_is_refused_when_it_lacks_older_changes(trio, tmp_path):
    a, b, c = trio
    seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    send(b, a, tmp_path / "2")
    seekers.register(a, seeker_values(name="이나중", phone="010-5000-0000"))
    service.export_bundle(a, tmp_path / "for-b.ydpb", PASS, for_peer="N2")
    before = fingerprint(c)
    with pytest.raises(BundleRefused, match="N2 기기에게 보낸 것"):
        service.import_bundle(c, tmp_path / "for-b.ydpb", PASS)
    assert fingerprint(c) == before


def test_deletes_are_a_field_and_recreation_of_a_shared_row(trio, tmp_path):
    a, b, _ = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    seekers.mark_deleted(b, s.id, expected_version=seekers.get(b, s.id, log_view=False).version)
    edit_seeker(a, s.id, phone="010-7777-8888")         # a different field: merges, the row stays deleted
    send(b, a, tmp_path / "2")
    send(a, b, tmp_path / "3")
    for db in (a, b):
        with db.session() as session:
            row = session.get(Seeker, s.id)
            assert (row.deleted, row.phone) == (True, "010-7777-8888")
    # a policy value created on two machines is the same row (the same id everywhere)
    for db, value in ((a, 10500), (b, 10600)):
        with db.write() as session:
            policy.set_value(session, "min_wage", 2027, "hourly", value)
    send(a, b, tmp_path / "4")
    send(b, a, tmp_path / "5")
    with a.session() as sa, b.session() as sb:
        assert policy.value(sa, "min_wage", 2027, "hourly") == policy.value(sb, "min_wage", 2027, "hourly")
    for db in (a, b):   # the two creations are concurrent: only the differing value is a conflict to look at
        assert [(k.tbl, k.field) for k in conflicts(db) if not k.same_value] == [("policy_value", "value")]
    assert holdings(a) == holdings(b)


def test_a_desk_holding_an_older_copy_gets_stale_record_after_a_merge(trio, tmp_path):
    a, b, _ = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    opened = seekers.get(b, s.id, log_view=False)          # a desk opens the record on B
    fields = seekers.to_fields(opened)
    edit_seeker(a, s.id, dong="도림동")
    send(a, b, tmp_path / "2")
    assert seekers.get(b, s.id, log_view=False).version == opened.version + 1
    fields["address"] = "책상에서 고친 주소"
    with pytest.raises(StaleRecord):
        seekers.update(b, s.id, fields, expected_version=opened.version)
    assert seekers.get(b, s.id, log_view=False).dong == "도림동"


def test_a_cloned_laptop_is_refused(tmp_path):
    import shutil

    a = machine(tmp_path, "N1")
    seekers.register(a, seeker_values())
    service.export_bundle(a, tmp_path / "a.ydpb", PASS)
    a.dispose()
    shutil.copy(tmp_path / "N1.sqlite3", tmp_path / "clone.sqlite3")
    from ydp_tui.db.engine import Database

    clone = Database.open(str(tmp_path / "clone.sqlite3"), operator="복사")
    before = fingerprint(clone)
    with pytest.raises(BundleRefused, match="같은 기기 번호"):
        service.import_bundle(clone, tmp_path / "a.ydpb", PASS)
    assert fingerprint(clone) == before
    clone.dispose()


def test_a_clock_far_in_the_future_is_refused_by_policy(trio, tmp_path):
    a, b, _ = trio
    with clock.freeze(dt.datetime(2024, 6, 2, 10, 0, tzinfo=clock.SEOUL)):   # A's clock is two days ahead
        seekers.register(a, seeker_values())
        service.export_bundle(a, tmp_path / "a.ydpb", PASS)
    before = fingerprint(b)
    with pytest.raises(BundleRefused, match="1,440분 넘게 앞선"):
        service.import_bundle(b, tmp_path / "a.ydpb", PASS)
    assert fingerprint(b) == before
    with b.write() as session:                                   # the threshold is policy data
        policy.set_value(session, "sync", 0, "max_clock_ahead_minutes", 4320)
    assert service.import_bundle(b, tmp_path / "a.ydpb", PASS).new == 1


def test_the_receivers_clock_moves_past_every_change_it_merged(trio, tmp_path):
    a, b, _ = trio
    with clock.freeze(dt.datetime(2024, 5, 31, 15, 0, tzinfo=clock.SEOUL)):   # A runs five hours ahead
        s = seekers.register(a, seeker_values())
        send(a, b, tmp_path / "1")
    edit_seeker(b, s.id, address="B가 나중에 고침")        # B's wall clock says 10:00, but it saw A's 15:00 change
    send(b, a, tmp_path / "2")
    assert seekers.get(a, s.id, log_view=False).address == "B가 나중에 고침"
    assert conflicts(a) == []


def test_encrypted_columns_travel_in_plain_text_inside_and_are_encrypted_with_the_receivers_key(
        tmp_path, monkeypatch):
    from tests.subsidy_helpers import form
    from ydp_tui.db import subsidy
    from ydp_tui.db.models import SubsidyApplication

    monkeypatch.setenv("YDP_KEY_FILE", str(tmp_path / "a.key"))
    crypto.reset_cache()
    a = machine(tmp_path, "N1")
    app = subsidy.add(a, form(account_no="123-456-789012", name="홍길동", holder="홍길동"))
    service.export_bundle(a, tmp_path / "a.ydpb", PASS)
    key_a = crypto.field_key()
    monkeypatch.setenv("YDP_KEY_FILE", str(tmp_path / "b.key"))
    crypto.reset_cache()
    b = machine(tmp_path, "C1")
    service.import_bundle(b, tmp_path / "a.ydpb", PASS)
    assert crypto.field_key() != key_a
    with b.session() as session:
        stored = session.get(SubsidyApplication, app.id).account_no
        ops = session.execute(text("SELECT value FROM sync_op WHERE field = 'account_no'")).scalars().all()
    assert stored.startswith("v1:") and crypto.decrypt_field(stored) == "123-456-789012"
    assert all(merge.json.loads(v).startswith("v1:") for v in ops)
    raw = (tmp_path / "a.ydpb").read_bytes()
    assert b"123-456-789012" not in raw and "홍길동".encode() not in raw
    a.dispose()
    b.dispose()
    crypto.reset_cache()


def test_a_number_made_twice_on_two_machines_is_refused_naming_it(trio, tmp_path):
    a, b, _ = trio
    sa = seekers.register(a, seeker_values())
    sb = seekers.register(b, seeker_values(name="다른사람", phone="010-9000-0000"))
    with b.write() as session:                 # made by hand with A's number (a restored old file, say)
        session.get(Seeker, sb.id).seeker_no = sa.seeker_no
    before = fingerprint(b)
    with pytest.raises(BundleRefused, match=sa.seeker_no):
        send(a, b, tmp_path / "1")
    assert fingerprint(b) == before


def test_after_apply_hooks_run_inside_the_import(trio, tmp_path, monkeypatch):
    a, b, _ = trio
    s = seekers.register(a, seeker_values())
    seen = []

    def hook(session, row_ids):
        seen.append((sorted(row_ids), session.get(Seeker, s.id).name))

    monkeypatch.setitem(merge.AFTER_APPLY, "seeker", [hook])
    send(a, b, tmp_path / "1")
    assert seen == [([s.id], "김민수")]


def test_superseded_loser_is_marked_when_its_machine_replaced_it(trio, tmp_path):
    a, b, c = trio
    s = seekers.register(a, seeker_values())
    send(a, b, tmp_path / "1")
    send(a, c, tmp_path / "1c")
    with clock.freeze(dt.datetime(2024, 5, 31, 11, 0, tzinfo=clock.SEOUL)):
        edit_seeker(a, s.id, address="A1")
    with clock.freeze(dt.datetime(2024, 5, 31, 12, 0, tzinfo=clock.SEOUL)):
        edit_seeker(b, s.id, address="B")
    send(a, c, tmp_path / "2")
    send(b, c, tmp_path / "3")                  # C: A1 lost to B
    assert [merge.json.loads(k.loser_value) for k in conflicts(c, status="미해결")] == ["A1"]
    with clock.freeze(dt.datetime(2024, 5, 31, 13, 0, tzinfo=clock.SEOUL)):
        edit_seeker(a, s.id, address="A2")            # A replaces its own A1, not having seen B
        send(a, c, tmp_path / "4")
    assert [k.status for k in conflicts(c) if merge.json.loads(k.loser_value) == "A1"] == ["대체됨"]
    assert [merge.json.loads(k.loser_value) for k in conflicts(c, status="미해결")] == ["B"]
    assert seekers.get(c, s.id, log_view=False).address == "A2"


def test_notes_of_a_seeker_and_imports_on_postgresql_and_sqlite(open_db, tmp_path):
    """One side on the parametrised backend (PostgreSQL in CI), the other a laptop's SQLite file."""
    counter = open_db(operator="창구", site_code="C1")
    laptop = machine(tmp_path, "N1")
    s = seekers.register(laptop, seeker_values())
    seekers.add_note(laptop, s.id, on="2024-05-31", kind="초기상담", text="현장")
    assert send(laptop, counter, tmp_path / "1").new == 2
    edit_seeker(counter, s.id, dong="당산1동")
    edit_seeker(laptop, s.id, phone="010-1111-2222")
    send(counter, laptop, tmp_path / "2", for_peer="N1")
    send(laptop, counter, tmp_path / "3", for_peer="C1")
    assert holdings(counter) == holdings(laptop)
    with counter.session() as session:
        assert session.execute(select(CounselNote.text)).scalars().all() == ["현장"]
    laptop.dispose()


def test_a_machine_that_went_back_to_an_old_copy_is_refused(trio, tmp_path):
    """A laptop restored from an old file would reuse clocks of changes it already sent: its new
    changes would look already held here and be skipped.  Refused instead, saying why."""
    import shutil

    a, b, _ = trio
    seekers.register(a, seeker_values())
    a.dispose()
    shutil.copy(tmp_path / "N1.sqlite3", tmp_path / "old-N1.sqlite3")
    a = machine(tmp_path, "N1")
    seekers.register(a, seeker_values(name="이영희", phone="010-2000-0000"))
    send(a, b, tmp_path / "1")
    a.dispose()
    shutil.copy(tmp_path / "old-N1.sqlite3", tmp_path / "N1.sqlite3")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"N1.sqlite3{suffix}").unlink(missing_ok=True)
    restored = machine(tmp_path, "N1")
    with clock.freeze(dt.datetime(2024, 5, 31, 9, 0, tzinfo=clock.SEOUL)):   # and its clock set back
        seekers.add_note(restored, seekers.search(restored).rows[0].id, on="2024-05-31", kind="초기상담", text="x")
        service.export_bundle(restored, tmp_path / "restored.ydpb", PASS)
        before = fingerprint(b)
        with pytest.raises(BundleRefused, match="예전 상태로 돌아갔습니다"):
            service.import_bundle(b, tmp_path / "restored.ydpb", PASS)
    assert fingerprint(b) == before
    restored.dispose()


def test_a_shipped_row_only_the_exporter_has_arrives_whole_when_first_changed(trio, tmp_path):
    """A newer app ships next year's value (seeded without capture); a supervisor changes it; an
    older app that never shipped the row gets the whole row, not a refusal."""
    from ydp_tui.db.ids import stable_id
    from ydp_tui.db.models import PolicyValue

    a, b, _ = trio
    row_id = stable_id("policy", "min_wage", "2027", "hourly")
    with a.write(system=True) as session:
        session.add(PolicyValue(id=row_id, kind="min_wage", year=2027, key="hourly", value="10500", note="예정"))
    with a.write() as session:
        policy.set_value(session, "min_wage", 2027, "hourly", 10600)
    send(a, b, tmp_path / "1")
    with b.session() as session:
        row = session.get(PolicyValue, row_id)
        assert (row.kind, row.year, row.key, row.value, row.note) == ("min_wage", 2027, "hourly", "10600", "예정")
    assert holdings(a)["policy_value"][row_id] == holdings(b)["policy_value"][row_id]
