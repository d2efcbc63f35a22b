"""Convergence under random work (hypothesis, stateful): 3 to 5 machines register, edit, delete
and re-create records with skewed clocks, and exchange bundles in random order - repeated, stale,
made for another machine, truncated and tampered with.

Invariants:
- a tampered or truncated bundle is refused and changes nothing;
- importing a bundle again changes nothing;
- after every machine has imported a bundle from every other, they all hold identical data and the
  same conflicts;
- each concurrent edit of the same field is logged as exactly one conflict, on every machine: the
  model below knows each edit's value and the value it replaced (every edit writes a value of its
  own), so the losing values are those no later edit replaced, except the one now shown.

Examples: the ``ci`` profile (the default) runs 150 (``YDP_HYPOTHESIS_EXAMPLES`` to change; the pure
rules test, ``test_sync_rules``, adds 600 histories),
derandomised so every run tries the same ones.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import select
from sqlmodel import SQLModel

from tests.conftest import seeker_values
from tests.sync_helpers import PASS, conflicts, fingerprint, holdings
from ydp_tui import clock
from ydp_tui.db import policy, seekers
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import YdpError
from ydp_tui.db.models import Operator, PolicyValue, Seeker
from ydp_tui.sync import conflicts as sync_conflicts
from ydp_tui.sync import peers, service
from ydp_tui.sync.bundle import BundleRefused

settings.register_profile("ci", max_examples=int(os.environ.get("YDP_HYPOTHESIS_EXAMPLES", "500")),
                          stateful_step_count=10, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("dev", max_examples=int(os.environ.get("YDP_HYPOTHESIS_EXAMPLES", "50")), stateful_step_count=10, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])

BASE = dt.datetime(2024, 5, 31, 9, 0, tzinfo=clock.SEOUL)
NAMES = ["김민수", "이영희", "NGUYEN THI HOA"]
KEYS = ["a", "b"]
CODES = ["N1", "N2", "N3", "N4", "C1"]
MACHINES = st.integers(0, 4)
PICK = st.integers(0, 10_000)


def _reset(db: Database, code: str) -> None:
    """Make the database a new, empty machine: every table emptied but the shipped reference rows
    (equal on every machine, never changed here), a new site id.  Ten times faster than a new file."""
    import secrets

    from ydp_tui.db.models import AuditHead, PolicyValue, SiteInfo, SubsidyYear

    with db._write_engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name == PolicyValue.__tablename__:
                conn.execute(table.delete().where(table.c.kind == "sync_test"))
            elif table.name != SubsidyYear.__tablename__:
                conn.execute(table.delete())
        site_id = secrets.token_hex(16)
        conn.execute(SiteInfo.__table__.insert(), {"id": 1, "site_id": site_id, "site_code": code, "hlc": 0,
                                                   "created_at": clock.now()})
        conn.execute(AuditHead.__table__.insert(), {"id": 1, "seq": 0, "hash": "0" * 64})
    db.site_id, db.site_code = site_id, code
    with db.write() as session:
        session.add(Operator(name=db.operator, role="감독자"))
    db.role = "감독자"


class Machines(RuleBasedStateMachine):
    pool: list[Database] = []
    folder: Path = Path()

    @initialize(n=st.integers(3, 5))
    def start(self, n: int) -> None:
        self.n = n
        self.dbs = self.pool[:n]
        for db, code in zip(self.dbs, CODES):
            _reset(db, code)
        self.skew = [0] * n
        self.minutes = 0
        self.count = 0
        self.edits: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
        self.resolved: set[str] = set()
        self.bundles: list[tuple[Path, int, int | None]] = []

    # --- helpers -------------------------------------------------------------------------------

    def at(self, i: int):
        return clock.freeze(BASE + dt.timedelta(minutes=self.minutes + self.skew[i]))

    def token(self, what: str) -> str:
        self.count += 1
        return f"{what}-{self.count}"

    def live(self, i: int) -> list[Seeker]:
        with self.dbs[i].session() as session:
            return list(session.execute(select(Seeker).where(Seeker.deleted.is_(False)).order_by(Seeker.id)).scalars())

    def policy_row(self, i: int, key: str) -> PolicyValue | None:
        with self.dbs[i].session() as session:
            return session.execute(select(PolicyValue).where(PolicyValue.kind == "sync_test",
                                                             PolicyValue.key == key)).scalar_one_or_none()

    def bundle_path(self) -> Path:
        self.count += 1
        return self.folder / f"b{self.count}.ydpb"

    def export(self, src: int, for_peer: int | None) -> Path:
        path = self.bundle_path()
        code = None
        if for_peer is not None:
            with self.dbs[src].session() as session:
                try:
                    code = peers.find(session, CODES[for_peer]).site_code
                except YdpError:
                    code = None
        with self.at(src):
            service.export_bundle(self.dbs[src], path, PASS, for_peer=code)
        self.bundles.append((path, src, for_peer if code else None))
        return path

    def imported(self, dst: int, path: Path) -> service.ImportSummary:
        db = self.dbs[dst]
        with self.at(dst):
            summary = service.import_bundle(db, path, PASS)
            after = fingerprint(db)
            again = service.import_bundle(db, path, PASS)
        assert again.already
        assert fingerprint(db) == after, "importing the same bundle again changed the database"
        return summary

    # --- work at a desk ------------------------------------------------------------------------

    @rule(i=MACHINES, name=st.sampled_from(NAMES))
    def register(self, i: int, name: str) -> None:
        i %= self.n
        token = self.token("주소")
        with self.at(i):
            s = seekers.register(self.dbs[i], seeker_values(name=name, address=token,
                                                            phone=f"010-5555-{self.count:04d}"), force=True)
        self.edits[("seeker", s.id)].append((token, None))

    @rule(i=MACHINES, pick=PICK)
    def edit_address(self, i: int, pick: int) -> None:
        i %= self.n
        live = self.live(i)
        if not live:
            return
        s = live[pick % len(live)]
        fields = seekers.to_fields(s)
        token = self.token("주소")
        fields["address"] = token
        with self.at(i):
            seekers.update(self.dbs[i], s.id, fields, expected_version=s.version)
        self.edits[("seeker", s.id)].append((token, s.address))

    @rule(i=MACHINES, pick=PICK, status=st.sampled_from(["구직중", "취업", "중단"]))
    def set_status(self, i: int, pick: int, status: str) -> None:
        i %= self.n
        live = self.live(i)
        if live:
            with self.at(i):
                seekers.set_status(self.dbs[i], live[pick % len(live)].id, status)

    @rule(i=MACHINES, pick=PICK)
    def delete(self, i: int, pick: int) -> None:
        i %= self.n
        live = self.live(i)
        if live:
            s = live[pick % len(live)]
            with self.at(i):
                seekers.mark_deleted(self.dbs[i], s.id, expected_version=s.version)

    @rule(i=MACHINES, pick=PICK)
    def note(self, i: int, pick: int) -> None:
        i %= self.n
        live = self.live(i)
        if live:
            with self.at(i):
                seekers.add_note(self.dbs[i], live[pick % len(live)].id, on="2024-05-31", kind="초기상담",
                                 text=self.token("상담"))

    @rule(i=MACHINES, key=st.sampled_from(KEYS))
    def set_policy(self, i: int, key: str) -> None:
        """The same row on every machine (a shipped-style id): created, changed, re-created."""
        i %= self.n
        row = self.policy_row(i, key)
        token = self.token("값")
        with self.at(i), self.dbs[i].write() as session:
            policy.set_value(session, "sync_test", 2030, key, token)
        self.edits[("policy", key)].append((token, json.loads(row.value) if row else None))

    @rule(i=MACHINES, key=st.sampled_from(KEYS))
    def delete_policy(self, i: int, key: str) -> None:
        i %= self.n
        row = self.policy_row(i, key)
        if row is not None and not row.deleted:
            with self.at(i), self.dbs[i].write() as session:
                session.get(PolicyValue, row.id).deleted = True

    @rule(minutes=st.integers(1, 90))
    def tick(self, minutes: int) -> None:
        self.minutes += minutes

    @rule(i=MACHINES, minutes=st.integers(-150, 150))
    def skew_clock(self, i: int, minutes: int) -> None:
        self.skew[i % self.n] = minutes

    @rule(i=MACHINES, pick=PICK, edit=st.booleans())
    def resolve(self, i: int, pick: int, edit: bool) -> None:
        i %= self.n
        db = self.dbs[i]
        rows = [r for r in sync_conflicts.list_conflicts(db) if (r.table, r.field) in
                (("seeker", "address"), ("policy_value", "value"))]
        if not rows:
            return
        r = rows[pick % len(rows)]
        loser = self._loser_token(db, r.loser_op)
        key = ("seeker", r.row_id) if r.table == "seeker" else ("policy", self._policy_key(db, r.row_id))
        current = self._current_token(db, key)
        with self.at(i):
            if edit:
                token = self.token("값" if r.table == "policy_value" else "주소")
                raw = json.dumps(token) if r.table == "policy_value" else token
                sync_conflicts.resolve(db, r.loser_op, sync_conflicts.EDIT, value=raw)
                self.edits[key].append((token, current))
            else:
                sync_conflicts.resolve(db, r.loser_op, sync_conflicts.KEEP)
        self.resolved.add(loser)

    # --- exchanges -------------------------------------------------------------------------------

    @rule(src=MACHINES, dst=MACHINES, for_peer=st.booleans())
    def exchange(self, src: int, dst: int, for_peer: bool) -> None:
        src, dst = src % self.n, dst % self.n
        if src == dst:
            return
        path = self.export(src, dst if for_peer else None)
        assert not self.imported(dst, path).already

    @rule(pick=PICK, dst=MACHINES)
    def replay_old_bundle(self, pick: int, dst: int) -> None:
        if not self.bundles:
            return
        dst %= self.n
        path, src, made_for = self.bundles[pick % len(self.bundles)]
        db = self.dbs[dst]
        before = fingerprint(db)
        try:
            self.imported(dst, path)
        except BundleRefused as exc:
            own = src == dst
            assert own or (made_for is not None and made_for != dst), str(exc)
            assert fingerprint(db) == before

    @rule(src=MACHINES, dst=MACHINES, pos=PICK, truncate=st.booleans())
    def damaged_bundle(self, src: int, dst: int, pos: int, truncate: bool) -> None:
        src, dst = src % self.n, dst % self.n
        if src == dst:
            return
        path = self.export(src, None)
        self.bundles.pop()
        raw = bytearray(path.read_bytes())
        if truncate:
            raw = raw[: pos % len(raw)]
        else:
            raw[pos % len(raw)] ^= 0x5A
        path.write_bytes(bytes(raw))
        db = self.dbs[dst]
        before = fingerprint(db)
        with self.at(dst):
            try:
                service.import_bundle(db, path, PASS)
            except YdpError:
                pass
            else:
                raise AssertionError("a damaged bundle was imported")
        assert fingerprint(db) == before

    def everyone_with_everyone(self) -> None:
        """The end of the day as the division works: every laptop's bundle goes to the counter (the
        last machine), then the counter's bundle goes back to every laptop.  The rules before have
        already exchanged bundles between any two machines in any order."""
        hub = self.n - 1
        for src in range(hub):
            path = self.export(src, None)
            with self.at(hub):
                service.import_bundle(self.dbs[hub], path, PASS)
        path = self.export(hub, None)
        for dst in range(hub):
            with self.at(dst):
                service.import_bundle(self.dbs[dst], path, PASS)
        self.check_converged()

    # --- what must hold ----------------------------------------------------------------------------

    @invariant()
    def clocks_only_grow(self) -> None:
        pass  # checked by the import itself: a change arriving with a clock at or below ours is held

    def check_converged(self) -> None:
        first = holdings(self.dbs[0])
        for db in self.dbs[1:]:
            assert holdings(db) == first, f"{db.site_code} differs from {self.dbs[0].site_code}"
        recorded = [{(k.loser_op, k.status) for k in conflicts(db) if k.status != "대체됨"} for db in self.dbs]
        assert all(r == recorded[0] for r in recorded[1:]), "machines disagree on the conflicts"
        db = self.dbs[0]
        for key, edits in self.edits.items():
            replaced = {base for _, base in edits if base is not None}
            leaves = {token for token, _ in edits if token not in replaced}
            shown = self._current_token(db, key)
            assert shown in leaves, (key, shown, leaves)
            losers = leaves - {shown}
            table, row_id, field = self._where(db, key)
            if row_id is None:
                continue
            got = [(self._token(k.tbl, k.loser_value), k.status) for k in conflicts(db)
                   if (k.tbl, k.row_id, k.field) == (table, row_id, field) and k.status != "대체됨"]
            tokens = [t for t, _ in got]
            assert sorted(tokens) == sorted(losers), (key, got, losers)
            assert len(tokens) == len(set(tokens)), "a conflict was logged twice"
            for token, status in got:
                assert status == ("해결" if token in self.resolved else "미해결"), (key, token, status)

    def teardown(self) -> None:
        if getattr(self, "dbs", None):
            self.everyone_with_everyone()

    # --- reading the model's values back -------------------------------------------------------

    @staticmethod
    def _token(table: str, stored: str | None):
        """A change-log value as the model wrote it (a policy value is JSON inside the column)."""
        value = None if stored is None else json.loads(stored)
        return json.loads(value) if table == "policy_value" and value is not None else value

    def _loser_token(self, db: Database, loser_op: str) -> str:
        (k,) = [k for k in conflicts(db) if k.loser_op == loser_op]
        return self._token(k.tbl, k.loser_value)

    def _policy_key(self, db: Database, row_id: str) -> str:
        with db.session() as session:
            return session.get(PolicyValue, row_id).key

    def _where(self, db: Database, key: tuple[str, str]) -> tuple[str, str | None, str]:
        if key[0] == "seeker":
            return "seeker", key[1], "address"
        with db.session() as session:
            row = session.execute(select(PolicyValue.id).where(PolicyValue.kind == "sync_test",
                                                               PolicyValue.key == key[1])).scalar()
        return "policy_value", row, "value"

    def _current_token(self, db: Database, key: tuple[str, str]) -> str | None:
        with db.session() as session:
            if key[0] == "seeker":
                row = session.get(Seeker, key[1])
                return row.address if row else None
            row = session.execute(select(PolicyValue.value).where(PolicyValue.kind == "sync_test",
                                                                  PolicyValue.key == key[1])).scalar()
            return json.loads(row) if row else None


def test_machines_converge(tmp_path: Path) -> None:
    pool = [Database.open(str(tmp_path / f"{code}.sqlite3"), operator=f"{code} 담당", site_code=code)
            for code in CODES]
    Machines.pool = pool
    Machines.folder = tmp_path / "bundles"
    Machines.folder.mkdir()
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    try:
        run_state_machine_as_test(Machines, settings=settings.get_profile(profile))
    finally:
        for db in pool:
            db.dispose()


@pytest.fixture(autouse=True)
def _quiet_bundles(tmp_path: Path):
    yield
