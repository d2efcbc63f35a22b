"""청년 국가자격시험 응시료 지원 (CONTRACT.md, Reports: subsidy), from the subsidy's own figures
(``db.subsidy.figures``: screening for eligibility, review for what was granted and paid).

Applications received in [from, to], both ends included.  A period over several program years
adds each year's figures (a person is counted once per program year) and their 예산액.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ydp_tui.reports import Report

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

COLUMNS = [
    ("applications", "신청(건)"), ("eligible_people", "적격(명)"), ("eligible_amount", "적격 금액"),
    ("granted_people", "지원(명)"), ("granted_amount", "지원 금액"), ("paid_amount", "지급액"),
    ("budget", "예산액"), ("execution_rate", "집행률(%)"),
]
SUMMED = ("applications", "eligible_people", "eligible_amount", "granted_people", "granted_amount",
          "paid_amount", "budget")


def build(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import subsidy
    from ydp_tui.rules.validation import rate

    row = dict.fromkeys(SUMMED, 0)
    years = [y.year for y in subsidy.years(db) if date_from.year <= y.year <= date_to.year]
    for year in years:
        f = subsidy.figures(db, year, date_from=max(date_from, dt.date(year, 1, 1)),
                            date_to=min(date_to, dt.date(year, 12, 31)))
        for key in SUMMED:
            row[key] += f[key]
    out = {**row, "execution_rate": rate(row["paid_amount"], row["budget"])}
    notes = ["신청일 기준. 적격은 선별 결과, 지원은 승인ㆍ지급, 집행률 = 지급액 / 예산액 x 100"]
    if not years:
        notes.append(f"{date_from.year}~{date_to.year}년에 응시료 지원 사업연도가 없습니다")
    return Report(kind="subsidy", title="청년 국가자격시험 응시료 지원", columns=COLUMNS, rows=[out], single=True,
                  unit="(단위: 원)", date_from=date_from, date_to=date_to, notes=notes)
