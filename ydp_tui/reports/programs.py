"""The figures of the seed's sections ③-⑤ (``report programs``) and 일자리 목표공시제
(``report targets``), counted from the data over [from, to], both ends included.

``programs``: one row per line of the council report, grouped by 단위사업 in the shipped order:
재정지원, each program with something in the period, 공공구매 (per year, against its target),
and each facility's use.  The columns mean, by ``kind``:

- a program (교육, 상담ㆍ컨설팅, 행사, 지원, 일경험): count = sessions held, people = 실인원
  (참여자-style programs: enrolled), average = attendances per session, completed = 이수자;
- 경진대회: count = teams selected, people = their members;
- 재정지원: count = enterprises supported, people = people supported, amount;
- 공공구매: count = purchases, amount, target, achievement_rate;
- 공간: count = uses (이용 건수), people = 이용인원, average = people per day of use.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ydp_tui import data
from ydp_tui.reports import Report
from ydp_tui.rules import programs as rules
from ydp_tui.rules.validation import format_rate

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

PROGRAM_COLUMNS = [
    ("unit", "단위사업"), ("team", "담당"), ("item", "사업"), ("kind", "구분"), ("count", "횟수ㆍ건수"),
    ("people", "인원"), ("average", "평균"), ("completed", "이수"), ("amount", "금액(원)"), ("target", "목표(원)"),
    ("achievement_rate", "달성률(%)"), ("summary", "실적"),
]

TARGET_COLUMNS = [
    ("year", "연도"), ("department", "부서"), ("project", "사업"), ("indicator", "지표"), ("unit", "단위"),
    ("target", "목표"), ("q1", "1분기"), ("q2", "2분기"), ("q3", "3분기"), ("q4", "4분기"), ("result", "실적"),
    ("achievement_rate", "달성률(%)"),
]


def _row(unit: str, team: str, item: str, kind: str, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {key: None for key, _ in PROGRAM_COLUMNS}
    row.update(unit=unit, team=team, item=item, kind=kind, **values)
    return row


def programs(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import enterprises, programs as program_service, spaces

    shipped = data.load("programs.json")
    units = list(shipped["budget_units"])
    owner = shipped["enterprise_owner"]        # the team and 단위사업 of 재정지원 and 공공구매
    sections: dict[str, list[dict[str, Any]]] = {}

    def add(row: dict[str, Any]) -> None:
        sections.setdefault(row["unit"], []).append(row)

    support = enterprises.support_figures(db, date_from, date_to)
    if support.records:
        add(_row(owner["unit"], owner["team"], "(예비)사회적경제기업 재정지원", "재정지원",
                 count=support.enterprises, people=support.people, amount=support.amount,
                 summary=f"{support.enterprises:,}개소, {rules.million(support.amount)}"))
    for f in program_service.figures(db, date_from, date_to):
        p = f.program
        add(_row(p.budget_unit, p.team, p.name, p.kind, count=f.count, people=f.people,
                 average=f.average if p.kind != "경진대회" else None, completed=f.completed, summary=f.summary))
    for pf in enterprises.purchase_figures(db, date_from, date_to):
        years = date_from.year != date_to.year
        goal = f"(목표액 대비 {format_rate(pf.achievement_rate)}%)" if pf.target else "(목표액 없음)"
        add(_row(owner["unit"], owner["team"], f"상생기업 공공구매{f' ({pf.year}년)' if years else ''}",
                 "공공구매", count=pf.records, amount=pf.amount, target=pf.target,
                 achievement_rate=pf.achievement_rate, summary=f"{rules.eok(pf.amount)}{goal}"))
    for s in spaces.use_stats(db, date_from, date_to):
        avg = f", 일 평균 {s.daily_average:,}명" if s.daily_average is not None else ""
        add(_row(s.budget_unit, s.team, f"{s.facility} 이용", "공간", count=s.uses, people=s.people,
                 average=s.daily_average, summary=f"이용 {s.uses:,}건({s.people:,}명){avg}"))
    rows = [r for unit in [*units, *sorted(set(sections) - set(units))] for r in sections.get(unit, [])]
    return Report(kind="programs", title="주요업무 추진실적 (상생기업ㆍ청년정책ㆍ청년 맞춤형 지원)",
                  columns=PROGRAM_COLUMNS, rows=rows, date_from=date_from, date_to=date_to,
                  notes=["회차는 열린 날이 기간 안이고 취소되지 않은 것 (오늘 이후 예정 회차는 세지 않음)",
                         "인원: 프로그램은 실인원(기간 안 회차에 출석한 사람), 공간은 이용인원 합계"])


def targets(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import targets as target_service
    from ydp_tui.rules import targets as target_rules

    rows = []
    figs = target_service.figures(db, date_from, date_to)
    for f in figs:
        r = f.row
        rows.append({"year": r.year, "department": r.department, "project": r.project, "indicator": r.name,
                     "unit": r.unit, "target": r.target, **{f"q{q}": f.quarters.get(q) for q in target_rules.QUARTERS},
                     "result": f.result, "achievement_rate": f.rate})
    notes = []
    if figs:
        deps = len({(f.row.year, f.row.department) for f in figs})
        projects = len({f.row.project_id for f in figs})
        rates = [f.rate for f in figs if f.rate is not None]
        notes.append(f"{deps}개 부서 {projects}개 사업 {len(figs)}개 지표, 평균 달성률 "
                     f"{format_rate(target_rules.mean_rate(rates))}%")
    notes.append("분기 실적은 그 분기의 마지막 날이 기간 안일 때 셉니다; 달성률 = 실적 / 연간 목표 x 100 (목표 0이면 없음)")
    return Report(kind="targets", title="일자리 목표공시제 추진실적", columns=TARGET_COLUMNS, rows=rows,
                  date_from=date_from, date_to=date_to, notes=notes)
