"""The demo's subsidy data reproduces the seed report's figures, and is consistent with review."""

from __future__ import annotations

import random

from ydp_tui import demo, demo_subsidy
from ydp_tui.db import subsidy
from ydp_tui.rules import subsidy as rules


def test_seed_scale_figures(db) -> None:
    demo.generate(db, "seed", 2024)
    f = subsidy.figures(db, 2024, date_to=demo.SCALES["seed"].end)
    # 주요 추진실적: 70명, 4,606천원; 예산현황 50,500천원, 집행률 9.1%
    assert (f["granted_people"], f["granted_amount"], f["paid_amount"]) == (70, 4_606_000, 4_606_000)
    assert (f["budget"], f["execution_rate"]) == (50_500_000, 9.1)
    assert f["budget_left"] == 50_000_000 - 4_606_000
    ov = subsidy.overview(db, 2024)
    for code in rules.REASONS[:-1]:   # every reason but BUDGET_EXHAUSTED (the budget is far from used up)
        assert ov.by_reason[code] > 0, code
    assert ov.by_status["접수"] > 0 and ov.by_status["반려"] > 0 and ov.by_status["검토"] > 0
    # every paid amount is what screening gives, and each batch adds up
    s = subsidy.screen(db, 2024)
    for r, res in zip(s.rows, s.results):
        if r.status == "지급":
            assert r.granted_amount == res.amount > 0
    batches = subsidy.batches(db, 2024)
    assert sum(b.total for b in batches) == 4_606_000
    for b in batches:
        _, lines = subsidy.batch_lines(db, b.batch_no)
        assert sum(x.amount for x in lines) == b.total and len(lines) == b.count


def test_build_is_deterministic_and_seoul_uses_the_budget_up() -> None:
    a = demo_subsidy.build(random.Random("x"), "small", 0.25)
    b = demo_subsidy.build(random.Random("x"), "small", 0.25)
    assert a.apps == b.apps and a.decisions == b.decisions
    big = demo_subsidy.build(random.Random(1), "seoul", 20.0)
    assert len(big.apps) == 10_000
    results = rules.screen(demo_subsidy.program(), [demo_subsidy._input(x) for x in big.apps])
    assert any(r.reasons == ("BUDGET_EXHAUSTED",) for r in results)
    assert sum(r.amount for r in results) == 50_000_000
