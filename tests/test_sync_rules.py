"""The merge rules (``sync.lww``) converge whatever the order of exchange (hypothesis, pure).

Machines write one field (each change names the change it replaced, as capture does) and pass
changes to each other in any order and any batches, with skewed clocks.  Each machine keeps
conflict records the way ``merge.apply`` does: on each arrival, unless the new changes merely
continue the value it shows (``is_chain``), every losing leaf is recorded once and a recorded
change that something replaced is marked superseded.  Once everyone holds everything, every
machine shows the same value and holds the same open records: the losing leaves, each once.

The stateful test (``test_sync_stateful``) checks the same on real databases and bundles; this
one tries many more histories in a fraction of the time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from ydp_tui.sync import lww


@dataclass(frozen=True)
class Change:
    clock: tuple[int, str]
    base: tuple[int, str] | None


@dataclass
class Machine:
    site: str
    skew: int
    hlc: int = 0
    held: dict[tuple[int, str], Change] = field(default_factory=dict)
    records: dict[tuple[int, str], str] = field(default_factory=dict)   # loser clock -> open | superseded

    def shown(self) -> Change | None:
        return lww.winner(self.held.values()) if self.held else None

    def write(self, now: int) -> None:
        self.hlc = max(now + self.skew, self.hlc + 1)
        current = self.shown()
        c = Change((self.hlc, self.site), current.clock if current else None)
        self.held[c.clock] = c

    def receive(self, batch: list[Change]) -> None:
        new = [c for c in batch if c.clock not in self.held]
        if not new:
            return
        before = self.shown()
        for c in new:
            self.held[c.clock] = c
            self.hlc = max(self.hlc, c.clock[0])
        if len(self.held) < 2 or lww.is_chain(new, before.clock if before else None):
            return
        every = list(self.held.values())
        gone = lww.replaced(every)
        for clock_ in gone:
            if clock_ in self.records:
                self.records[clock_] = "superseded"
        _, losers = lww.losers(every)
        for c in losers:
            self.records.setdefault(c.clock, "open")


actions = st.lists(st.one_of(
    st.tuples(st.just("write"), st.integers(0, 4), st.integers(0, 3)),
    st.tuples(st.just("send"), st.integers(0, 4), st.integers(0, 4), st.randoms(use_true_random=False)),
), max_size=25)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(n=st.integers(2, 5), skews=st.lists(st.integers(-3, 3), min_size=5, max_size=5), steps=actions)
def test_conflict_records_and_winner_converge_in_any_order(n, skews, steps):
    machines = [Machine(f"s{i}", skews[i]) for i in range(n)]
    now = 100
    for step in steps:
        if step[0] == "write":
            _, i, tick = step
            now += tick
            machines[i % n].write(now)
        else:
            _, i, j, rnd = step
            src, dst = machines[i % n], machines[j % n]
            if src is dst:
                continue
            changes = list(src.held.values())
            rnd.shuffle(changes)
            cut = rnd.randint(0, len(changes))
            # a bundle carries all that the receiver lacks; deliver it in two arbitrary batches,
            # the way two bundles from two machines may arrive
            dst.receive(changes[:cut])
            dst.receive(changes[cut:])
    everything = {c.clock: c for m in machines for c in m.held.values()}
    for m in machines:
        m.receive(list(everything.values()))
    if not everything:
        return
    winner, losers = lww.losers(list(everything.values()))
    for m in machines:
        assert m.shown() == winner
        open_ = {k for k, v in m.records.items() if v == "open"}
        assert open_ == {c.clock for c in losers}
    # a loser is never the winner, and the winner is a leaf
    assert winner in lww.leaves(list(everything.values()))
