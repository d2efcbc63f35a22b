"""일자리 목표공시제: the year's projects (대표 실천과제) per department with their indicators and
targets (a supervisor sets them), the quarterly results each department enters, achievement
rates and the quarterly summary.

A quarter's results of a department are saved together in one transaction; a result another
desk changed since the form was loaded is never overwritten (StaleRecord).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ydp_tui.db import audit, roles
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import TargetIndicator, TargetProject, TargetResult
from ydp_tui.db.programs import apply_changes, check_version, parse_fields
from ydp_tui.rules import targets as rules
from ydp_tui.rules.hangul import fold
from ydp_tui.rules.validation import Invalid, format_number, parse_int

MAX_VALUE = 10**12


# =============================================================================================
# Projects and indicators (a supervisor's job)
# =============================================================================================


def add_project(db: Database, raw: Mapping[str, object],
                indicators: Sequence[Mapping[str, object]] = ()) -> TargetProject:
    """A department's project for a year, with its indicators (at least one)."""
    roles.require(db, "manage_targets")
    values = parse_fields(rules.PROJECT_FIELDS, raw)
    parsed = []
    errors: dict[str, str] = {}
    for i, ind in enumerate(indicators, 1):
        try:
            parsed.append(parse_fields(rules.INDICATOR_FIELDS, ind))
        except ValidationFailed as exc:
            errors.update({f"지표 {i} {k}": v for k, v in exc.errors.items()})
    if not indicators:
        errors["지표"] = "지표를 하나 이상 입력하세요 (지표, 단위, 목표)"
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        same = [p for p in _projects(session, values["year"]) if fold(p.department) == fold(values["department"])
                and fold(p.name) == fold(values["name"])]
        if same:
            raise ValidationFailed({"사업명": f"{values['year']}년 {values['department']}에 '{values['name']}' 사업이 이미 있습니다"})
        seq = len(_projects(session, values["year"])) + 1
        project = TargetProject(seq=seq, **values)
        session.add(project)
        session.flush()
        for i, ind in enumerate(parsed, 1):
            session.add(TargetIndicator(project_id=project.id, seq=i, **ind))
        session.flush()
        audit.record(session, "create", "target_project", row_id=project.id, subject=f"{project.year} {project.department}",
                     detail=f"목표공시 사업 등록: {project.name} (지표 {len(parsed)}개)")
        return project


def add_indicator(db: Database, project_id: str, raw: Mapping[str, object]) -> TargetIndicator:
    roles.require(db, "manage_targets")
    values = parse_fields(rules.INDICATOR_FIELDS, raw)
    with db.write() as session:
        project = _load_project(session, project_id)
        seq = len(_indicators(session, [project.id])) + 1
        row = TargetIndicator(project_id=project.id, seq=seq, **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "target_indicator", row_id=row.id, subject=project.name,
                     detail=f"지표 추가: {row.name} 목표 {format_number(row.target)}{row.unit}")
        return row


def update_indicator(db: Database, indicator_id: str, raw: Mapping[str, object], *,
                     expected_version: int | None = None) -> TargetIndicator:
    roles.require(db, "manage_targets")
    values = parse_fields(rules.INDICATOR_FIELDS, raw)
    with db.write() as session:
        row = session.get(TargetIndicator, indicator_id)
        if row is None or row.deleted:
            raise NotFound("지표를 찾을 수 없습니다")
        check_version(row, expected_version, f"지표 {row.name}")
        changed = apply_changes(rules.INDICATOR_FIELDS, row, values)
        if changed:
            session.flush()
            audit.record(session, "update", "target_indicator", row_id=row.id, subject=row.name,
                         detail="수정: " + ", ".join(changed))
        return row


def _load_project(session: Session, project_id: str) -> TargetProject:
    row = session.get(TargetProject, project_id)
    if row is None or row.deleted:
        raise NotFound("목표공시 사업을 찾을 수 없습니다")
    return row


def _projects(session: Session, year: int) -> list[TargetProject]:
    return list(session.execute(select(TargetProject).where(TargetProject.year == year,
                                                            TargetProject.deleted.is_(False))
                                .order_by(TargetProject.seq, TargetProject.name)).scalars())


def _indicators(session: Session, project_ids: Sequence[str]) -> list[TargetIndicator]:
    if not project_ids:
        return []
    return list(session.execute(select(TargetIndicator).where(TargetIndicator.project_id.in_(list(project_ids)),
                                                              TargetIndicator.deleted.is_(False))
                                .order_by(TargetIndicator.seq)).scalars())


def years(db: Database) -> list[int]:
    with db.session() as session:
        return sorted(set(session.execute(select(TargetProject.year).where(TargetProject.deleted.is_(False))).scalars()))


# =============================================================================================
# The year's indicators with their results
# =============================================================================================


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    version: int
    year: int
    department: str
    project_id: str
    project: str
    name: str
    unit: str
    target: int
    results: dict[int, int]                 # quarter -> value (entered quarters)
    result_versions: dict[int, int]         # quarter -> version of the stored result

    def upto(self, quarter: int) -> int:
        return rules.cumulative(self.results, quarter)

    def rate(self, quarter: int) -> float | None:
        return rules.achievement(self.upto(quarter), self.target)

    @property
    def label(self) -> str:
        return f"{self.project} / {self.name}"

    def figures(self) -> rules.IndicatorFigures:
        return rules.IndicatorFigures(self.department, self.project_id, self.target, self.results)


def indicators(db: Database, year: int, *, department: str | None = None) -> list[IndicatorRow]:
    """The year's indicators in the plan's order (department's first project first)."""
    with db.session() as session:
        projects = _projects(session, year)
        if department:
            projects = [p for p in projects if p.department == department]
        by_id = {p.id: p for p in projects}
        inds = _indicators(session, list(by_id))
        results: dict[str, dict[int, TargetResult]] = {}
        if inds:
            for r in session.execute(select(TargetResult).where(
                    TargetResult.indicator_id.in_([i.id for i in inds]), TargetResult.deleted.is_(False))).scalars():
                results.setdefault(r.indicator_id, {})[r.quarter] = r
    dep_order = {d: n for n, d in enumerate(dict.fromkeys(p.department for p in projects))}
    out = [IndicatorRow(i.id, i.version, year, by_id[i.project_id].department, i.project_id, by_id[i.project_id].name,
                        i.name, i.unit, i.target, {q: r.value for q, r in results.get(i.id, {}).items()},
                        {q: r.version for q, r in results.get(i.id, {}).items()}) for i in inds]
    seq = {p.id: p.seq for p in projects}
    out.sort(key=lambda r: (dep_order[r.department], seq[r.project_id], r.project))
    return out


def departments(db: Database, year: int) -> list[str]:
    with db.session() as session:
        return list(dict.fromkeys(p.department for p in _projects(session, year)))


# =============================================================================================
# Quarterly results
# =============================================================================================


def save_results(db: Database, year: int, quarter: int, values: Mapping[str, object], *,
                 loaded: Mapping[str, int | None] | None = None) -> int:
    """Enter a quarter's results: ``values`` maps indicator id -> the value as typed ('' clears
    it).  All or nothing: a bad value or a result another desk changed since ``loaded`` (indicator
    id -> the result's version as the form showed it, None when there was none) refuses the lot."""
    if quarter not in rules.QUARTERS:
        raise ValidationFailed({"분기": f"{quarter}은(는) 분기가 아닙니다 (1~4)"})
    with db.write() as session:
        inds = {i.id: i for i in _indicators(session, [p.id for p in _projects(session, year)])}
        projects = {p.id: p for p in _projects(session, year)}
        parsed: dict[str, int | None] = {}
        errors: dict[str, str] = {}
        for ind_id, raw in values.items():
            ind = inds.get(ind_id)
            if ind is None:
                raise NotFound(f"{year}년 목표공시 지표가 아닙니다: {ind_id}")
            label = f"{projects[ind.project_id].name} / {ind.name}"
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                parsed[ind_id] = None
                continue
            try:
                parsed[ind_id] = parse_int(raw, minimum=0, maximum=MAX_VALUE)
            except Invalid as exc:
                errors[label] = str(exc)
        if errors:
            raise ValidationFailed(errors)
        stored = {r.indicator_id: r for r in session.execute(select(TargetResult).where(
            TargetResult.indicator_id.in_(list(parsed)), TargetResult.quarter == quarter)).scalars()} if parsed else {}
        if loaded is not None:
            for ind_id, version in loaded.items():
                r = stored.get(ind_id)
                now = None if r is None or r.deleted else r.version
                if now != version:
                    raise StaleRecord(f"{quarter}분기 실적 ({inds[ind_id].name})", r.updated_by if r else "")
        changed: list[str] = []
        for ind_id, value in parsed.items():
            r = stored.get(ind_id)
            if value is None:
                if r is not None and not r.deleted:
                    r.deleted = True
                    changed.append(inds[ind_id].name)
                continue
            if r is None:
                session.add(TargetResult(id=stable_id("target_result", ind_id, str(quarter)), indicator_id=ind_id,
                                         quarter=quarter, value=value))
                changed.append(inds[ind_id].name)
            elif r.deleted or r.value != value:
                r.value, r.deleted = value, False
                changed.append(inds[ind_id].name)
        if changed:
            session.flush()
            deps = sorted({projects[inds[i].project_id].department for i in parsed})
            audit.record(session, "update", "target_result", subject=f"{year} {quarter}분기",
                         detail=f"{', '.join(deps)} 실적 {len(changed)}개 지표 입력")
        return len(changed)


# =============================================================================================
# Summary and figures
# =============================================================================================


@dataclass(frozen=True)
class Summary:
    year: int
    quarter: int
    departments: list[rules.DepartmentSummary]
    total: rules.DepartmentSummary


def summary(db: Database, year: int, quarter: int) -> Summary:
    rows = indicators(db, year)
    figs = [r.figures() for r in rows]
    deps = rules.summary(figs, quarter)
    everyone = [rules.IndicatorFigures("계", f.project_id, f.target, f.results) for f in figs]
    total = rules.summary(everyone, quarter)
    return Summary(year, quarter, deps, total[0] if total else rules.DepartmentSummary("계", 0, 0, 0, 0, None))


@dataclass(frozen=True)
class TargetFigures:
    row: IndicatorRow
    quarters: dict[int, int | None]        # the period's quarters -> result (None: not entered)
    result: int
    rate: float | None


def figures(db: Database, date_from: dt.date, date_to: dt.date) -> list[TargetFigures]:
    """Per indicator of every year the period touches: the results of the quarters that end in
    [from, to], their sum, and the achievement rate against the year's target."""
    out = []
    for year in range(date_from.year, date_to.year + 1):
        qs = rules.quarters_in(year, date_from, date_to)
        for row in indicators(db, year):
            quarters: dict[int, Any] = {q: row.results.get(q) for q in qs}
            result = sum(v for v in quarters.values() if v is not None)
            out.append(TargetFigures(row, quarters, result, rules.achievement(result, row.target) if qs else None))
    return out
