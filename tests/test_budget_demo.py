"""The demo's budget execution: entered expenditures plus what the demo's programs paid give the
seed report's 예산현황 as of 2024-05-31, from the data (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as dt

from ydp_tui import demo
from ydp_tui.db import budget
from ydp_tui.reports import build

SEED = [  # 단위사업명, 예산액, 집행액 (천원), 집행률 (%)
    ("희망이 되는 안정적인 일자리지원", 384_871, 132_761, 34.5), ("지역일자리 사업 지원", 3_734_340, 1_377_421, 36.9),
    ("지역기반 상생기업 활성화", 471_844, 208_274, 44.1), ("청년정책 활성화", 157_200, 88_801, 56.5),
    ("청년의 사회적 자립기반 조성", 2_233_802, 1_047_122, 46.9), ("인력운영비", 151_699, 50_887, 33.5),
    ("기본경비", 97_507, 34_854, 35.7),
]


def test_seed_scale_gives_the_seed_table(db) -> None:
    counts = demo.generate(db, "seed", 2024)
    assert list(counts)[-1] == "예산 집행"  # last: it tops up what the steps before paid
    r = build("budget", db, dt.date(2024, 1, 1), dt.date(2024, 5, 31))
    assert [(x["unit"], x["budget"], x["spent"], x["execution_rate"]) for x in r.rows] == SEED
    assert r.totals == {"unit": "계", "budget": 7_231_263, "spent": 2_940_120, "execution_rate": 40.7}
    # the programs' own payments are part of it, not typed in again
    by = {u.code: u.by_source for u in budget.execution(db, dt.date(2024, 1, 1), dt.date(2024, 5, 31)).lines}
    assert by["05"]["청년 응시료 지원 지급"] == 4_606_000
    assert by["02"]["공공일자리 급여 지급 (동행일자리)"] > 190 * 1_000_000
    assert by["03"]["상생기업 재정지원"] == 91_000_000
    page = budget.expenditures(db, 2024, limit=1000)
    assert page.total == counts["예산 집행"] and page.amount == sum(v["집행 입력"] for v in by.values())
    assert max(x.spent_on for x in page.rows) <= dt.date(2024, 5, 31)
