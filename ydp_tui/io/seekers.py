"""``ydp-tui import|export seekers`` — columns as CONTRACT.md lists them.

Rows match existing seekers by 성명 + 생년월일: a row identical to its record is skipped, a
row that differs is an error naming the differing columns (an import never overwrites).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui import clock
from ydp_tui.db import audit, roles
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.models import Seeker
from ydp_tui.db.numbers import next_number
from ydp_tui.db.seekers import parse_context, to_columns, to_fields
from ydp_tui.io.common import ImportResult, Progress, cells, parse_rows
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import seeker as rules
from ydp_tui.rules.hangul import fold

KIND = "seekers"
LABEL = "구직자"
SPECS = rules.SEEKER_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = ["성명", "생년월일", "휴대전화", "등록일", "동의일"]
_REASONS = {"동의일": "값이 비어 있습니다 (개인정보 수집ㆍ이용 동의 없이는 등록할 수 없습니다)"}


def _person_key(name: str, birth: Any) -> tuple[str, Any]:
    return fold(name), birth


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    ctx = parse_context()
    parsed, problems = parse_rows(table, SPECS, REQUIRED, ctx, required_reason=_REASONS)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in parsed:
        errs = rules.check_record(values)
        problems.extend(row_message(number, label, reason) for label, reason in errs.items())
        if not errs:
            rows.append((number, to_columns(values)))
    present = {s.key for s in SPECS if s.label in table.headers}
    if "work_type" in present:
        present.add("desired_hours")
    labels = {s.key: s.label for s in SPECS} | {"desired_hours": "근무형태"}

    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        existing: dict[tuple[str, Any], list[Seeker]] = {}
        births = {v["birth_date"] for _, v in rows}
        if births:
            stmt = select(Seeker).where(Seeker.deleted.is_(False))
            if len(births) < 500:
                stmt = stmt.where(Seeker.birth_date.in_(births))
            for s in session.execute(stmt).scalars():
                if s.name:
                    existing.setdefault(_person_key(s.name, s.birth_date), []).append(s)
        in_file: dict[tuple[str, Any], tuple[int, dict[str, Any]]] = {}
        new_rows: list[dict[str, Any]] = []
        for number, values in rows:
            key = _person_key(values["name"], values["birth_date"])
            if key in in_file:
                first_no, first = in_file[key]
                diff = [labels[k] for k in present if first.get(k) != values.get(k)]
                if diff:
                    problems.append(row_message(number, None, f"행 {first_no}과(와) 같은 사람(성명ㆍ생년월일)인데 "
                                                f"내용이 다릅니다: {', '.join(dict.fromkeys(diff))}"))
                else:
                    result.skipped += 1
                continue
            in_file[key] = (number, values)
            matches = existing.get(key, [])
            if matches:
                same = [m for m in matches if all(getattr(m, k) == values.get(k) for k in present)]
                if same:
                    result.skipped += 1
                    continue
                m = matches[0]
                diff = [labels[k] for k in present if getattr(m, k) != values.get(k)]
                problems.append(row_message(
                    number, None,
                    f"이미 등록된 구직자 {m.seeker_no}({m.name}, {m.birth_date})와 다릅니다: "
                    f"{', '.join(dict.fromkeys(diff))} (가져오기는 기존 기록을 덮어쓰지 않습니다)"))
                continue
            new_rows.append(values)
        if problems:
            problems.sort(key=lambda p: int(p.split(":")[0].split()[1]))
            raise ImportRefused(problems)
        total = len(new_rows)
        for i, values in enumerate(new_rows):
            values["seeker_no"] = next_number(session, "seeker", values["registered_on"].year)
            values["consent_by"] = db.operator or "(미지정)"
            values["consent_version"] = rules.CONSENT_VERSION
            values.setdefault("status", "구직중")
            if progress and (i % 500 == 0):
                progress(i, total)
        for start in range(0, total, 2000):
            bulk_insert(session, Seeker, new_rows[start:start + 2000])
            if progress:
                progress(min(start + 2000, total), total)
        result.created = total
        audit.record(session, "import", "seeker", detail=f"{Path(path).name}: 새로 {total}건, 건너뜀 {result.skipped}건")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> int:
    roles.require(db, "export_personal")
    with db.session() as session:
        seekers = list(session.execute(
            select(Seeker).where(Seeker.deleted.is_(False), Seeker.name.is_not(None))
            .order_by(Seeker.registered_on, Seeker.seeker_no)).scalars())

    def rows():
        for s in seekers:
            fields = to_fields(s)
            values: dict[str, Any] = {spec.key: getattr(s, spec.key) for spec in SPECS}
            values["work_type"] = fields["work_type"] or None
            values["desired_jobs"] = fields["desired_jobs"]
            values["certificates"] = fields["certificates"]
            values["target_groups"] = fields["target_groups"]
            yield cells(SPECS, values)

    count = write_table(path, COLUMNS, rows(), sheet=LABEL, number_format={"희망임금": "#,##0"})
    with db.write(audit_only=True) as session:
        audit.record(session, "export", "seeker", detail=f"{Path(path).name}: {count}건 ({clock.format_local(clock.now())})")
    return count
