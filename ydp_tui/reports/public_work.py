"""공공일자리 (CONTRACT.md, Reports: public-work): one row per program period that overlaps
[from, to], from the public-work area's own figures (``db.public_work.figures``): applicants,
eligible and selected as screening and selection decide, the period's budget and its 시/구 shares,
and the payroll paid up to the end date (beyond the contract's keys: ``payroll_paid``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ydp_tui.reports import Report

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

COLUMNS = [
    ("program", "사업명"), ("period", "기간"), ("applicants", "신청(명)"), ("eligible", "적격(명)"),
    ("selected", "선발(명)"), ("budget", "예산"), ("city_share", "시비"), ("gu_share", "구비"),
    ("payroll_paid", "급여 지급액"),
]
SUMMED = ("applicants", "eligible", "selected", "budget", "city_share", "gu_share", "payroll_paid")


def build(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import public_work

    rows = []
    for p in public_work.periods_between(db, date_from, date_to):
        f = public_work.figures(db, p.id, paid_to=date_to)
        rows.append({k: f[k] for k, _ in COLUMNS})
    totals = {"program": "계", "period": "", **{k: sum(r[k] for r in rows) for k in SUMMED}}
    notes = ["사업 기간이 조회 기간과 겹치는 모든 기간. 선발 = 선별 순위의 정원 안, 급여 지급액 = 종료일까지 지급한 월 급여"]
    if not rows:
        notes.append(f"{date_from} ~ {date_to}에 걸치는 공공일자리 사업 기간이 없습니다")
    return Report(kind="public-work", title="공공분야 일자리", columns=COLUMNS, rows=rows, unit="(단위: 명, 원)",
                  date_from=date_from, date_to=date_to, notes=notes, totals=totals)
