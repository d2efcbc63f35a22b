"""The demo's sync step: a job fair's laptop merged at the counter, with one conflict and the two
people registered on both sides waiting for a supervisor."""

from __future__ import annotations

import random

from ydp_tui import demo, demo_sync
from ydp_tui.sync import conflicts, people, service


def test_demo_sync_step(db):
    demo.operators_step(db, demo.SCALES["small"], random.Random(1), None)
    demo.seekers_step(db, demo.SCALES["small"], random.Random(2), None)
    new = demo_sync.sync_step(db, demo.SCALES["small"], random.Random(3), None)
    assert new == 28                       # 14 people from the fair and their notes
    st = service.status(db)
    assert [p.site_code for p in st.peers] == ["N1"]
    assert [(h.direction, h.rows_new, h.conflicts) for h in st.history] == [("import", 0, 1), ("import", 28, 0)]
    (c,) = conflicts.list_conflicts(db)
    assert (c.field_label, {c.current, c.other}) == ("휴대전화", {"010-9000-1111", "010-9000-2222"})
    assert len(people.list_pairs(db)) == 2
