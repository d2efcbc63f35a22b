"""``ydp-tui import|export vacancies`` — 구인, columns as CONTRACT.md lists them:
구인번호*, 사업자등록번호*, 제목*, 직종코드*, 구인인원*, 임금형태, 임금, 주당근로시간, 고용형태, 행정동,
학력, 경력, 자격증, 마감일, 등록일*, 상태.

The employer is found by 사업자등록번호 and must be registered (import employers first).  Rows
match vacancies by 구인번호: identical rows are skipped, a differing row is an error naming the
columns (an import never overwrites).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui.db import audit
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.jobs_base import joined, parse_context
from ydp_tui.db.models import Employer, Vacancy
from ydp_tui.db.vacancies import min_hourly
from ydp_tui.io.common import ImportResult, Progress, cells, match_existing, parse_rows, sort_problems
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import jobs as rules

KIND = "vacancies"
LABEL = "구인"
SPECS = rules.VACANCY_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = ["구인번호", "사업자등록번호", "제목", "직종코드", "구인인원", "등록일"]


def _stored(v: Vacancy, brn: str) -> dict[str, Any]:
    return {"vacancy_no": v.vacancy_no, "brn": brn, "title": v.title, "keco": v.keco, "headcount": v.headcount,
            "wage_type": v.wage_type, "wage": v.wage, "weekly_hours": v.weekly_hours,
            "employment_type": v.employment_type, "dong": v.dong, "education": v.education,
            "career": rules.format_career(v.career, v.career_months) or None, "certificates": v.certificates,
            "deadline": v.deadline, "registered_on": v.registered_on, "status": v.status}


def _comparable(values: dict[str, Any]) -> dict[str, Any]:
    """A parsed row in the stored form (경력 as text, 학력 무관 as empty) to compare with ``_stored``."""
    out = dict(values)
    out["career"] = rules.format_career(values.get("career"), values.get("career_months")) or None
    return out


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    parsed, problems = parse_rows(table, SPECS, REQUIRED, parse_context())
    present = [s.key for s in SPECS if s.label in table.headers]
    labels = {s.key: s.label for s in SPECS}
    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        employers = {e.brn: e for e in session.execute(select(Employer).where(Employer.deleted.is_(False))).scalars()}
        wages: dict[int, int | None] = {}
        rows = []
        for number, values in parsed:
            year = values["registered_on"].year
            if year not in wages:
                wages[year] = min_hourly(session, year)
            errs = rules.check_vacancy(values, min_hourly=wages[year])
            employer = employers.get(values["brn"])
            if employer is None:
                errs["사업자등록번호"] = f"'{values['brn']}'인 구인업체가 없습니다 (먼저 employers를 가져오세요)"
            elif values["registered_on"] < employer.registered_on:
                errs["등록일"] = f"구인업체 등록일 {employer.registered_on}보다 앞섭니다"
            problems.extend(row_message(number, label, reason) for label, reason in errs.items())
            if not errs:
                rows.append((number, joined(values)))
        brn_of = {e.id: e.brn for e in employers.values()}
        numbers = [v["vacancy_no"] for _, v in rows]
        existing: dict[str, dict[str, Any]] = {}
        for start in range(0, len(numbers), 500):
            for v in session.execute(select(Vacancy).where(Vacancy.vacancy_no.in_(numbers[start:start + 500]))).scalars():
                existing[v.vacancy_no] = _stored(v, brn_of.get(v.employer_id, ""))
        new, result.skipped, more = match_existing([(n, _comparable(v)) for n, v in rows],
                                                   lambda v: v["vacancy_no"], existing, present, labels,
                                                   lambda no: f"구인 {no}")
        problems.extend(more)
        if problems:
            raise ImportRefused(sort_problems(problems, COLUMNS))
        out = []
        for _, values in new:
            values = dict(values)
            values["employer_id"] = employers[values.pop("brn")].id
            values["career"], values["career_months"] = (
                rules.parse_career(values["career"]) if values.get("career") else (None, None))
            values["status"] = values.get("status") or rules.OPEN
            values.setdefault("certificates", "")
            out.append(values)
        for start in range(0, len(out), 2000):
            bulk_insert(session, Vacancy, out[start:start + 2000])
            if progress:
                progress(min(start + 2000, len(out)), len(out))
        result.created = len(out)
        audit.record(session, "import", "vacancy",
                     detail=f"{Path(path).name}: 새로 {result.created}건, 건너뜀 {result.skipped}건")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> int:
    with db.session() as session:
        rows = session.execute(select(Vacancy, Employer.brn).join(Employer, Employer.id == Vacancy.employer_id)
                               .where(Vacancy.deleted.is_(False))
                               .order_by(Vacancy.registered_on, Vacancy.vacancy_no)).all()

    def out() -> Any:
        for v, brn in rows:
            values = _stored(v, brn)
            yield cells(SPECS, values)

    count = write_table(path, COLUMNS, out(), sheet=LABEL, number_format={"임금": "#,##0"})
    with db.write(audit_only=True) as session:
        audit.record(session, "export", "vacancy", detail=f"{Path(path).name}: {count}건")
    return count
