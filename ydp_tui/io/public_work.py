"""``ydp-tui import|export public-work`` — the 동 주민센터 application sheet (CONTRACT.md).

Columns: 신청번호, 사업명, 기간, 성명, 생년월일, 휴대전화, 행정동, 가구원수, 가구소득, 재산, 신청일,
생계급여수급, 실업급여수급, 세대내참여자, 부양가족수.

Each row names its program period (사업명 + 기간); an unknown one is a row error.  Rows match
existing applications by 신청번호: a row identical to its record is skipped (importing the same
file twice changes nothing), a differing one is an error naming the columns (an import never
overwrites).  One person (성명 + 생년월일) applies once per period.  All or nothing.
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
from ydp_tui.db.models import PwApplication, PwPeriod
from ydp_tui.db.public_work import ENTITY, parse_context
from ydp_tui.io.common import ImportResult, Progress, cells, parse_rows
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.hangul import fold

KIND = "public-work"
LABEL = "공공일자리 참여 신청"
SPECS = rules.APPLICATION_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = [s.label for s in SPECS if s.label != "휴대전화"]
_CHUNK = 500


def _problem_order(message: str) -> tuple[int, int]:
    head, _, rest = message.partition(": ")
    label = rest.split(" ", 1)[0]
    return int(head.split()[1]), COLUMNS.index(label) if label in COLUMNS else len(COLUMNS)


def _person(name: str, birth: Any) -> tuple[str, Any]:
    return "".join(fold(name).split()), birth


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    parsed, problems = parse_rows(table, SPECS, REQUIRED, parse_context())
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in parsed:
        errs = rules.check_record(values)
        problems.extend(row_message(number, label, reason) for label, reason in errs.items())
        if not errs:
            rows.append((number, values))
    present = [s.key for s in SPECS if s.label in table.headers]
    labels = {s.key: s.label for s in SPECS}
    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        periods = {(p.program, p.period): p for p in session.execute(
            select(PwPeriod).where(PwPeriod.deleted.is_(False))).scalars()}
        by_id = {p.id: p for p in periods.values()}
        programs = sorted({p.program for p in periods.values()})
        numbers = [v["application_no"] for _, v in rows]
        existing: dict[str, PwApplication] = {}
        for start in range(0, len(numbers), _CHUNK):
            for app in session.execute(select(PwApplication).where(
                    PwApplication.application_no.in_(numbers[start:start + _CHUNK]))).scalars():
                existing[app.application_no] = app
        people: dict[tuple[str, Any, Any], str] = {}
        period_ids = {p.id for p in periods.values()}
        for no, name, birth, pid in session.execute(select(
                PwApplication.application_no, PwApplication.name, PwApplication.birth_date, PwApplication.period_id)
                .where(PwApplication.deleted.is_(False), PwApplication.period_id.in_(period_ids))):
            if name:
                people[(pid, *_person(name, birth))] = no
        in_file: dict[str, tuple[int, dict[str, Any]]] = {}
        new_rows: list[dict[str, Any]] = []
        for number, values in rows:
            no = values["application_no"]
            period = periods.get((values["program"], values["period"]))
            if period is None:
                if values["program"] not in programs:
                    problems.append(row_message(number, "사업명", f"'{values['program']}'은(는) 없는 사업입니다 "
                                                f"({'/'.join(programs)})"))
                else:
                    have = ", ".join(k[1] for k in periods if k[0] == values["program"])
                    problems.append(row_message(number, "기간", f"'{values['period']}'은(는) {values['program']}에 없는 "
                                                f"기간입니다 (있는 기간: {have})"))
                continue
            if no in in_file:
                first_no, first = in_file[no]
                diff = [labels[k] for k in present if first.get(k) != values.get(k)]
                if diff:
                    problems.append(row_message(number, None, f"행 {first_no}과(와) 신청번호 {no}가 같은데 "
                                                f"내용이 다릅니다: {', '.join(diff)}"))
                else:
                    result.skipped += 1
                continue
            in_file[no] = (number, values)
            app = existing.get(no)
            if app is not None:
                if app.deleted:
                    problems.append(row_message(number, None, f"신청번호 {no}는 취소된 신청입니다 "
                                                "(가져오기는 취소된 신청을 되살리지 않습니다)"))
                    continue
                stored_period = by_id.get(app.period_id)
                diff = []
                for k in present:
                    if k == "program":
                        same = stored_period is not None and stored_period.program == values[k]
                    elif k == "period":
                        same = stored_period is not None and stored_period.period == values[k]
                    else:
                        same = getattr(app, k) == values.get(k)
                    if not same:
                        diff.append(labels[k])
                if diff:
                    problems.append(row_message(
                        number, None, f"이미 있는 신청 {no}({app.name}, {app.applied_on})와 다릅니다: {', '.join(diff)} "
                                      "(가져오기는 기존 신청을 덮어쓰지 않습니다)"))
                else:
                    result.skipped += 1
                continue
            person = (period.id, *_person(values["name"], values["birth_date"]))
            if person in people:
                problems.append(row_message(number, "성명", f"'{values['name']}'({values['birth_date']})은(는) "
                                            f"{period.program} {period.period}에 이미 신청했습니다 (신청번호 {people[person]})"))
                continue
            people[person] = no
            row = {k: v for k, v in values.items() if k not in ("program", "period")}
            row["period_id"] = period.id
            new_rows.append(row)
        if problems:
            problems.sort(key=_problem_order)
            raise ImportRefused(problems)
        total = len(new_rows)
        source = Path(path).name[:80]
        for values in new_rows:
            values["source"] = source
        for start in range(0, total, 2000):
            bulk_insert(session, PwApplication, new_rows[start:start + 2000])
            if progress:
                progress(min(start + 2000, total), total)
        result.created = total
        audit.record(session, "import", ENTITY,
                     detail=f"{Path(path).name}: 새로 {total}건, 건너뜀 {result.skipped}건 "
                            f"({clock.format_local(clock.now())})")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None,
                period_id: str | None = None) -> int:
    """Every application (of one period, if given) in the import's columns."""
    with db.session() as session:
        periods = {p.id: p for p in session.execute(select(PwPeriod)).scalars()}
        stmt = select(PwApplication).where(PwApplication.deleted.is_(False), PwApplication.name.is_not(None))
        if period_id is not None:
            stmt = stmt.where(PwApplication.period_id == period_id)
        apps = list(session.execute(stmt).scalars())
    apps.sort(key=lambda a: (periods[a.period_id].start, periods[a.period_id].program, a.applied_on,
                             a.application_no))

    def out_rows():
        for a in apps:
            p = periods[a.period_id]
            values = {s.key: getattr(a, s.key, None) for s in SPECS}
            values["program"], values["period"] = p.program, p.period
            yield cells(SPECS, values)

    count = write_table(path, COLUMNS, out_rows(), sheet=LABEL, number_format={"가구소득": "#,##0", "재산": "#,##0"})
    with db.write(audit_only=True) as session:
        audit.record(session, "export", ENTITY,
                     detail=f"{Path(path).name}: {count}건 ({clock.format_local(clock.now())})")
    return count
