"""``ydp-tui import|export employers`` — 구인업체, columns as CONTRACT.md lists them:
사업자등록번호*, 업체명*, 대표자, 전화, 행정동, 주소, 업종, 규모, 상생기업 (Y/N), 등록일.

Rows match employers by 사업자등록번호 (check digit verified): identical rows are skipped, a
differing row is an error naming the columns (an import never overwrites).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui import clock
from ydp_tui.db import audit
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.jobs_base import joined, parse_context
from ydp_tui.db.models import Employer
from ydp_tui.io.common import ImportResult, Progress, cells, match_existing, parse_rows, sort_problems
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import jobs as rules

KIND = "employers"
LABEL = "구인업체"
SPECS = rules.EMPLOYER_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = ["사업자등록번호", "업체명"]


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    parsed, problems = parse_rows(table, SPECS, REQUIRED, parse_context())
    rows = []
    for number, values in parsed:
        errs = rules.check_employer(values)
        problems.extend(row_message(number, label, reason) for label, reason in errs.items())
        if not errs:
            values["social"] = bool(values.get("social"))
            rows.append((number, joined(values)))
    present = [s.key for s in SPECS if s.label in table.headers]
    labels = {s.key: s.label for s in SPECS}
    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        existing = {e.brn: {k: getattr(e, k) for k in present}
                    for e in session.execute(select(Employer).where(Employer.deleted.is_(False))).scalars()}
        new, result.skipped, more = match_existing(rows, lambda v: v["brn"], existing, present, labels,
                                                   lambda brn: f"구인업체(사업자등록번호 {brn})")
        problems.extend(more)
        if problems:
            raise ImportRefused(sort_problems(problems, COLUMNS))
        today = clock.today()
        values_list = [{**v, "registered_on": v.get("registered_on") or today} for _, v in new]
        for start in range(0, len(values_list), 2000):
            bulk_insert(session, Employer, values_list[start:start + 2000])
            if progress:
                progress(min(start + 2000, len(values_list)), len(values_list))
        result.created = len(values_list)
        audit.record(session, "import", "employer",
                     detail=f"{Path(path).name}: 새로 {result.created}건, 건너뜀 {result.skipped}건")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> int:
    with db.session() as session:
        employers = list(session.execute(select(Employer).where(Employer.deleted.is_(False))
                                         .order_by(Employer.registered_on, Employer.brn)).scalars())

    def out() -> Any:
        for e in employers:
            yield cells(SPECS, {s.key: getattr(e, s.key) for s in SPECS})

    count = write_table(path, COLUMNS, out(), sheet=LABEL)
    with db.write(audit_only=True) as session:
        audit.record(session, "export", "employer", detail=f"{Path(path).name}: {count}건")
    return count
