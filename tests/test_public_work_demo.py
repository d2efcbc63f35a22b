"""The demo's public-work data: the seed report's selection (190 and 16), a waiting list, every
reason, overrides and 포기 kept consistent with the services, attendance and a paid month."""

from __future__ import annotations

import random

from ydp_tui import demo, demo_public_work
from ydp_tui.db import public_work as pw
from ydp_tui.db import public_work_payroll as payroll
from ydp_tui.db import public_work_roster as roster


def test_seed_scale(db) -> None:
    demo_public_work.public_work_step(db, demo.SCALES["seed"], random.Random("2024:공공일자리"), None)
    first = {(p.program, p.period): p.id for p in pw.periods(db)}
    dh = pw.summary(db, first[("동행일자리", "2024-상반기")])
    cm = pw.summary(db, first[("지역공동체일자리", "2024-상반기")])
    # 주요 추진실적: 상반기 선발 190명 + 16명 = 206명, out of more applicants
    assert (dh.selected, cm.selected, dh.selected + cm.selected) == (190, 16, 206)
    assert dh.applicants > 190 and cm.applicants > 16 and dh.waiting > 0 and cm.waiting > 0
    assert dh.gave_up >= dh.filled > 0 and dh.unassigned == 0 and dh.overridden == 2   # a replacement may give up too
    assert all(dh.by_reason[code] > 0 for code in ("AGE", "INCOME", "ASSETS", "EXCLUDED"))
    assert cm.by_reason["DUPLICATE_HOUSEHOLD"] > 0
    # April is confirmed and paid; May is open and complete up to today (2024-05-31)
    april = payroll.payroll(db, first[("동행일자리", "2024-상반기")], 2024, 4)
    may = payroll.payroll(db, first[("동행일자리", "2024-상반기")], 2024, 5)
    assert (april.status, april.paid_on is not None, may.status, may.missing) == ("지급", True, "미확정", 0)
    assert april.city_share + april.gu_share == april.total > 190 * 1_000_000
    f = pw.figures(db, first[("동행일자리", "2024-상반기")])
    assert f["payroll_paid"] == april.total and f["participants"] == 190 + dh.gave_up
    sites = roster.worksites(db, first[("동행일자리", "2024-상반기")])
    assert len(sites) == 12 and sum(w.working for w in sites) == 190
    later = pw.summary(db, first[("동행일자리", "2024-하반기")])
    assert later.applicants > 0 and later.assigned == 0


def test_build_is_deterministic_and_seoul_has_ten_thousand() -> None:
    today = demo.SCALES["seed"].end
    a = demo_public_work.build(random.Random("x"), "small", 0.25, today)
    b = demo_public_work.build(random.Random("x"), "small", 0.25, today)
    assert [p.apps for p in a] == [p.apps for p in b] and [p.assignments for p in a] == [p.assignments for p in b]
    big = demo_public_work.build(random.Random(1), "seoul", 20.0, today)
    assert sum(len(p.apps) for p in big) == 10_000
