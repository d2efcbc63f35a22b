"""예산 집행 (CONTRACT.md, Reports: budget; DOMAIN.md §4): per 단위사업 its 예산액, what was
spent in [from, to] (entered expenditures and the payments of the programs the unit counts)
and 집행률, in 천원, with the total (계) as the seed's table has it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ydp_tui.reports import Report

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

COLUMNS = [("unit", "단위사업명"), ("budget", "예산액"), ("spent", "집행액"), ("execution_rate", "집행률(%)")]


def build(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import budget
    from ydp_tui.rules.budget import UNIT_LABEL

    ex = budget.execution(db, date_from, date_to)
    rows = [{"unit": u.name, "budget": u.budget_k, "spent": u.spent_k, "execution_rate": u.rate} for u in ex.lines]
    totals = {"unit": "계", "budget": ex.total.budget_k, "spent": ex.total.spent_k, "execution_rate": ex.total.rate}
    linked = list(dict.fromkeys(k.split(" (")[0] for u in ex.lines for k in u.by_source if k != budget.ENTERED))
    notes = [" + ".join(["집행액 = 집행 입력", *linked]) + " (기간 안에 집행ㆍ지급ㆍ결정된 것)", *ex.notes]
    if not rows:
        notes.append(f"{date_from.year}~{date_to.year}년 예산 단위사업이 없습니다")
    return Report(kind="budget", title="예산 집행 현황", columns=COLUMNS, rows=rows, unit=UNIT_LABEL,
                  date_from=date_from, date_to=date_to, notes=notes, totals=totals)
