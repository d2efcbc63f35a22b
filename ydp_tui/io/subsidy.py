"""``ydp-tui import|export subsidy`` — the district website's application sheet (CONTRACT.md).

Columns: 신청번호, 신청일, 성명, 생년월일, 휴대전화, 전입일, 취업여부, 사업자등록여부, 시험구분, 시험명,
응시일, 응시료, 은행, 계좌번호, 예금주.

Rows match existing applications by 신청번호: a row identical to its record is skipped (importing
the same file twice changes nothing), a row that differs is an error naming the differing
columns (an import never overwrites).  An exam kind outside the program's list is accepted
here: screening rejects it (EXAM_TYPE).  Account numbers are encrypted before they are stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui import clock, crypto
from ydp_tui.db import audit, roles
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.models import SubsidyApplication, SubsidyYear
from ydp_tui.db.subsidy import ENTITY, parse_context
from ydp_tui.io.common import ImportResult, Progress, cells, parse_rows
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.validation import Invalid

KIND = "subsidy"
LABEL = "응시료 지원 신청"
SPECS = rules.APPLICATION_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = [s.label for s in SPECS if s.label != "휴대전화"]
_REASONS = {
    "계좌번호": "값이 비어 있습니다 (지원금을 보낼 계좌가 없습니다)",
    "시험구분": "값이 비어 있습니다 (필수 항목: 국가기술자격/국가전문자격/공인민간자격/어학시험/한국사능력검정시험)",
}
_CHUNK = 500


def _stored(app: Any, key: str, account: str | None) -> Any:
    return account if key == "account_no" else getattr(app, key)


def _problem_order(message: str) -> tuple[int, int]:
    """Row number, then the column's position (``행 3: 응시료 …`` before ``행 3: 계좌번호 …``)."""
    head, _, rest = message.partition(": ")
    label = rest.split(" ", 1)[0]
    return int(head.split()[1]), COLUMNS.index(label) if label in COLUMNS else len(COLUMNS)


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    ctx = parse_context()
    parsed, problems = parse_rows(table, SPECS, REQUIRED, ctx, required_reason=_REASONS)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in parsed:
        try:
            errs = rules.check_record(values)
        except Invalid as exc:  # pragma: no cover - the field checks ran first
            errs = {"계좌번호": str(exc)}
        problems.extend(row_message(number, label, reason) for label, reason in errs.items())
        if not errs:
            rows.append((number, values))
    present = [s.key for s in SPECS if s.label in table.headers]
    labels = {s.key: s.label for s in SPECS}

    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        known_years = set(session.execute(select(SubsidyYear.year).where(SubsidyYear.deleted.is_(False))).scalars())
        numbers = [v["application_no"] for _, v in rows]
        existing: dict[str, SubsidyApplication] = {}
        for start in range(0, len(numbers), _CHUNK):
            chunk = numbers[start:start + _CHUNK]
            for app in session.execute(select(SubsidyApplication).where(
                    SubsidyApplication.application_no.in_(chunk))).scalars():
                existing[app.application_no] = app
        in_file: dict[str, tuple[int, dict[str, Any]]] = {}
        new_rows: list[dict[str, Any]] = []
        for number, values in rows:
            no = values["application_no"]
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
                account = crypto.decrypt_field(app.account_no) if "account_no" in present else None
                diff = [labels[k] for k in present if _stored(app, k, account) != values.get(k)]
                if diff:
                    problems.append(row_message(
                        number, None,
                        f"이미 있는 신청 {no}({app.name}, {app.applied_on})와 다릅니다: {', '.join(diff)} "
                        "(가져오기는 기존 신청을 덮어쓰지 않습니다)"))
                else:
                    result.skipped += 1
                continue
            if values["applied_on"].year not in known_years:
                problems.append(row_message(number, "신청일", f"'{values['applied_on']}': "
                                            f"{values['applied_on'].year}년 응시료 지원 사업이 없습니다 "
                                            "(감독자가 사업연도를 먼저 여세요)"))
                continue
            new_rows.append(values)
        if problems:
            problems.sort(key=_problem_order)
            raise ImportRefused(problems)
        total = len(new_rows)
        source = Path(path).name[:80]
        key = crypto.field_key()
        for i, values in enumerate(new_rows):
            values["account_no"] = crypto.encrypt_field(values["account_no"], key)
            values["source"] = source
            values["status"] = "접수"
            if progress and i % 1000 == 0:
                progress(i, total)
        for start in range(0, total, 2000):
            bulk_insert(session, SubsidyApplication, new_rows[start:start + 2000])
            if progress:
                progress(min(start + 2000, total), total)
        result.created = total
        audit.record(session, "import", ENTITY,
                     detail=f"{Path(path).name}: 새로 {total}건, 건너뜀 {result.skipped}건 "
                            f"({clock.format_local(clock.now())})")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None,
                year: int | None = None) -> int:
    """Every application (of ``year``, if given) in the import's columns, accounts in full.

    Account numbers leave the database here: the export is logged as an export of personal data.
    """
    roles.require(db, "export_personal")
    with db.session() as session:
        stmt = select(SubsidyApplication).where(SubsidyApplication.deleted.is_(False),
                                                SubsidyApplication.name.is_not(None))
        if year is not None:
            stmt = stmt.where(SubsidyApplication.year == year)
        apps = list(session.execute(stmt.order_by(SubsidyApplication.applied_on,
                                                  SubsidyApplication.application_no)).scalars())
    key = crypto.field_key() if apps else None

    def out_rows():
        for a in apps:
            values = {s.key: getattr(a, s.key) for s in SPECS}
            values["account_no"] = crypto.decrypt_field(a.account_no, key)
            yield cells(SPECS, values)

    count = write_table(path, COLUMNS, out_rows(), sheet=LABEL, number_format={"응시료": "#,##0"})
    with db.write(audit_only=True) as session:
        audit.record(session, "export", ENTITY,
                     detail=f"{Path(path).name}: {count}건, 계좌번호 포함 ({clock.format_local(clock.now())})")
    return count
