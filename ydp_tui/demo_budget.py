"""Demo data for budget execution (a ``demo.STEPS`` step; keep it after every step that pays
something out).

The seed report gives each 단위사업's 집행액 as of 2024-05-31 (DOMAIN.md §4).  This step asks
the execution service what the demo's programs have already paid against each unit by then
(the youth subsidy's paid batches, public-work payrolls paid, 상생기업 재정지원), and enters ordinary expenditures (집행 입력) dated
January to May for the rest, so the execution table comes out of the data at the seed's
figures.  Nothing is written into the report: the entries are real rows a user can list,
cancel and export.  Every scale uses the same budget (the division's budget does not grow with
the number of seekers); where the programs alone already spent more, no entry is made.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

YEAR = 2024
AS_OF = dt.date(YEAR, 5, 31)

# 집행액 (원) by unit code as of 2024-05-31: the seed report's 4 예산현황.
SEED_SPENT: dict[str, int] = {
    "01": 132_761_000, "02": 1_377_421_000, "03": 208_274_000, "04": 88_801_000,
    "05": 1_047_122_000, "06": 50_887_000, "07": 34_854_000,
}

# (적요, 지급처, 재원, weight, monthly): what each unit spends its money on (the seed's sections).
ITEMS: dict[str, list[tuple[str, str, str, int, bool]]] = {
    "01": [("일자리플러스센터 직업상담사 인건비", "", "구비", 6, True),
           ("구인ㆍ구직만남의 날(job포유) 운영", "(주)행사기획 다온", "구비", 2, False),
           ("구직자 취업교육 위탁 운영", "영등포여성인력개발센터", "구비", 3, False),
           ("희망 취업박람회 개최", "(주)이벤트웍스", "구비", 2, False),
           ("일자리 목표공시제 홍보물 제작", "영등포인쇄", "구비", 1, False)],
    "02": [("동행일자리 참여자 4대보험 기관부담금", "국민건강보험공단", "시비", 4, True),
           ("지역공동체일자리 참여자 4대보험 기관부담금", "국민건강보험공단", "국비", 1, True),
           ("공공일자리 참여자 안전교육ㆍ보호장구", "(주)세이프코리아", "구비", 1, False),
           ("공공일자리 사업 재료비", "영등포상사", "시비", 1, False)],
    "03": [("소셜벤처 창업아카데미 운영", "영등포사회적경제지원센터", "구비", 2, False),
           ("창업아이디어 경진대회 시상", "선정팀 15개", "구비", 1, False),
           ("스튜디오 영원 운영 위탁", "영등포구시설관리공단", "구비", 3, True),
           ("ESG 홍보 마케팅 교육", "(주)소셜마케팅랩", "시비", 1, False)],
    "04": [("고립은둔 청년 부모ㆍ가족 지원 프로그램", "(사)청년마음건강", "구비", 2, False),
           ("청년 강사양성 프로그램 운영", "(주)러닝크루", "구비", 3, False),
           ("청년정책위원회 참석수당", "청년정책위원", "구비", 1, False),
           ("청년정책 기본계획 수립 연구용역", "서울정책연구소", "구비", 3, False)],
    "05": [("서울청년센터 영등포 위탁운영비", "(사)청년문화공간", "시비", 6, True),
           ("청년 취업 필수자격증 온라인 수강권", "(주)에듀온", "국비", 1, False),
           ("청년건축학교 실내건축 교육 운영", "영등포 청년건축학교", "구비", 2, False),
           ("청년 일 경험 사업 참여자 인건비", "", "구비", 3, True),
           ("디지털마케팅ㆍ생성형AI 교육", "(주)디지털캠퍼스", "국비", 1, False)],
    "06": [("기간제 근로자 보수", "", "구비", 5, True), ("기간제 근로자 4대보험 기관부담금", "국민건강보험공단", "구비", 1, True)],
    "07": [("사무관리비", "", "구비", 3, True), ("국내여비", "", "구비", 1, True), ("업무추진비", "", "구비", 1, True)],
}


def _split(rng: random.Random, rest: int, items: list[tuple[str, str, str, int, bool]]
           ) -> list[tuple[dt.date, int, str, str, str]]:
    """Entries summing exactly to ``rest`` won: monthly items once a month, others on a few days."""
    slots: list[tuple[dt.date, float, str, str, str]] = []
    for what, payee, fund, weight, monthly in items:
        if monthly:
            for month in range(1, 6):
                day = dt.date(YEAR, month, rng.randint(20, 28))
                slots.append((day, weight / 5 * rng.uniform(0.9, 1.1), f"{month}월 {what}", payee, fund))
        else:
            for n in range(rng.choice([1, 2, 2, 3])):
                day = dt.date(YEAR, 1, 15) + dt.timedelta(days=rng.randrange((AS_OF - dt.date(YEAR, 1, 15)).days + 1))
                slots.append((day, weight * rng.uniform(0.5, 1.0), what + (f" ({n + 1}차)" if n else ""), payee, fund))
    slots.sort(key=lambda s: s[0])
    if rest < 1000 * len(slots):
        day, _, what, payee, fund = slots[-1]
        return [(day, rest, what, payee, fund)]
    total_weight = sum(s[1] for s in slots)
    out = []
    given = 0
    for i, (day, weight, what, payee, fund) in enumerate(slots):
        amount = rest - given if i == len(slots) - 1 else round(rest * weight / total_weight, -3)
        given += amount
        out.append((day, amount, what, payee, fund))
    return out


def budget_step(db: Any, scale: Any, rng: random.Random, progress: Any) -> int:
    """``demo.STEPS`` step: the expenditures that bring each unit to the seed's 집행액."""
    from ydp_tui.db import budget
    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.models import BudgetExpenditure
    from ydp_tui.demo import _advance_counters

    ex = budget.execution(db, dt.date(YEAR, 1, 1), AS_OF)
    units = {u.code: u.id for u in budget.units(db, YEAR)}
    rows: list[dict[str, Any]] = []
    for line in ex.lines:
        target = SEED_SPENT.get(line.code)
        if target is None or line.code not in units:
            continue
        rest = target - line.spent
        if rest <= 0:
            continue
        for day, amount, what, payee, fund in _split(rng, rest, ITEMS[line.code]):
            rows.append({"unit_id": units[line.code], "spent_on": day, "amount": amount, "description": what,
                         "payee": payee, "fund": fund, "status": "집행", "created_by": "최팀장"})
    rows.sort(key=lambda r: r["spent_on"])
    for i, r in enumerate(rows, start=1):
        r["expenditure_no"] = f"{db.site_code}-{YEAR}-{i:05d}"
    with db.write() as session:
        bulk_insert(session, BudgetExpenditure, rows)
        if rows:
            _advance_counters(session, "budget", {YEAR: len(rows)})
    if progress:
        progress("예산 집행", len(rows), len(rows))
    return len(rows)
