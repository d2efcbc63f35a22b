"""``ydp-tui import|export referrals`` — 취업알선, columns as CONTRACT.md lists them:
알선번호*, 성명*, 생년월일*, 구인번호*, 알선일*, 상태 (알선|면접|채용|불합격|취소, default 알선), 채용일.

The seeker is found by 성명 + 생년월일 and must exist (and be the only one); the vacancy by
구인번호.  Rows match referrals by 알선번호: identical rows are skipped, a differing row is an
error naming the columns.  A new row in status 채용 is a hire like one made at the counter:
the seeker becomes 취업, the hire counts against the vacancy's headcount (which it may not
exceed) and a filled vacancy becomes 충원.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from ydp_tui import clock
from ydp_tui.db import audit, seekers, vacancies
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.jobs_base import parse_context
from ydp_tui.db.models import Referral, ReferralStep, Seeker, Vacancy
from ydp_tui.io.common import ImportResult, Progress, cells, match_existing, parse_rows, sort_problems
from ydp_tui.io.spreadsheet import check_headers, read_table, row_message, write_table
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.hangul import fold

KIND = "referrals"
LABEL = "취업알선"
SPECS = rules.REFERRAL_FIELDS
COLUMNS = [s.label for s in SPECS]
REQUIRED = ["알선번호", "성명", "생년월일", "구인번호", "알선일"]
_CHUNK = 500


def _chunks(items: list[Any]) -> Any:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def import_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> ImportResult:
    table = read_table(path)
    unknown = check_headers(table, COLUMNS, REQUIRED)
    parsed, problems = parse_rows(table, SPECS, REQUIRED, parse_context())
    present = [s.key for s in SPECS if s.label in table.headers]
    labels = {s.key: s.label for s in SPECS}
    result = ImportResult(KIND, warnings=[f"알 수 없는 열은 읽지 않았습니다: {', '.join(unknown)}"] if unknown else [])
    with db.write() as session:
        births = sorted({v["birth_date"] for _, v in parsed})
        people: dict[tuple[str, Any], list[Seeker]] = {}
        for chunk in _chunks(births):
            for s in session.execute(select(Seeker).where(Seeker.birth_date.in_(chunk), Seeker.deleted.is_(False))
                                     ).scalars():
                if s.name:
                    people.setdefault((fold(s.name), s.birth_date), []).append(s)
        numbers = sorted({v["vacancy_no"] for _, v in parsed})
        by_no: dict[str, Vacancy] = {}
        for chunk in _chunks(numbers):
            for v in session.execute(select(Vacancy).where(Vacancy.vacancy_no.in_(chunk),
                                                           Vacancy.deleted.is_(False))).scalars():
                by_no[v.vacancy_no] = v
        rows = []
        for number, values in parsed:
            values.setdefault("status", rules.REFERRED)
            errs = rules.check_referral(values)
            found = people.get((fold(values["name"]), values["birth_date"]), [])
            if not found:
                errs["성명"] = (f"'{values['name']}'({values['birth_date']})인 구직자가 없습니다 "
                              "(먼저 seekers를 가져오거나 등록하세요)")
            elif len(found) > 1:
                errs["성명"] = (f"'{values['name']}'({values['birth_date']})인 구직자가 {len(found)}명입니다 "
                              f"({', '.join(s.seeker_no for s in found)}): 화면에서 알선하세요")
            vacancy = by_no.get(values["vacancy_no"])
            if vacancy is None:
                errs["구인번호"] = f"'{values['vacancy_no']}'인 구인이 없습니다 (먼저 vacancies를 가져오세요)"
            elif values["referred_on"] < vacancy.registered_on:
                errs["알선일"] = f"구인 등록일 {vacancy.registered_on}보다 앞섭니다"
            problems.extend(row_message(number, label, reason) for label, reason in errs.items())
            if not errs:
                rows.append((number, {**values, "seeker_id": found[0].id, "vacancy_id": vacancy.id}))
        keyed = [k for k in ("referral_no", "referred_on", "status", "hired_on") if k in present]
        compare = [*keyed, "seeker_id", "vacancy_id"]
        existing: dict[str, dict[str, Any]] = {}
        for chunk in _chunks([v["referral_no"] for _, v in rows]):
            for r in session.execute(select(Referral).where(Referral.referral_no.in_(chunk))).scalars():
                existing[r.referral_no] = {k: getattr(r, k) for k in compare}
        names = {**labels, "seeker_id": "성명", "vacancy_id": "구인번호"}
        new, result.skipped, more = match_existing(rows, lambda v: v["referral_no"], existing, compare, names,
                                                   lambda no: f"취업알선 {no}")
        problems.extend(more)
        # hires may not exceed a vacancy's headcount (counting those already recorded)
        hires = [(n, v) for n, v in new if v["status"] == rules.HIRED]
        if hires:
            taken = vacancies.hired_counts(session, {v["vacancy_id"] for _, v in hires})
            heads = {v.id: v for v in by_no.values()}
            for number, values in hires:
                vid = values["vacancy_id"]
                taken[vid] = taken.get(vid, 0) + 1
                if taken[vid] > heads[vid].headcount:
                    problems.append(row_message(number, "상태", f"구인 {heads[vid].vacancy_no}의 구인인원 "
                                                f"{heads[vid].headcount}명보다 채용이 많습니다"))
        if problems:
            raise ImportRefused(sort_problems(problems, COLUMNS))
        out, steps = [], []
        source = Path(path).name[:100]
        for _, values in new:
            row = {"referral_no": values["referral_no"], "seeker_id": values["seeker_id"],
                   "vacancy_id": values["vacancy_id"], "referred_on": values["referred_on"],
                   "status": values["status"], "hired_on": values.get("hired_on"),
                   "start_on": values.get("hired_on"), "counselor": db.operator or "(가져오기)"}
            if row["status"] in (rules.FAILED, rules.CANCELLED):
                row["closed_on"] = row["referred_on"]
            out.append(row)
        ids = []
        for start in range(0, len(out), 2000):
            ids += bulk_insert(session, Referral, out[start:start + 2000])
            if progress:
                progress(min(start + 2000, len(out)), len(out))
        for rid, row in zip(ids, out):
            steps.append({"referral_id": rid, "action": "가져오기", "from_status": "", "to_status": row["status"],
                          "on": row["hired_on"] or row["referred_on"], "done_by": db.operator or "", "note": source})
        for start in range(0, len(steps), 2000):
            bulk_insert(session, ReferralStep, steps[start:start + 2000])
        for row in out:
            if row["status"] == rules.HIRED:
                seeker = session.get(Seeker, row["seeker_id"])
                if seeker is not None and seeker.status == "구직중":
                    seekers.set_status_in(session, seeker.id, "취업", why=f"채용 {row['referral_no']} (가져오기)")
        for vid in {row["vacancy_id"] for row in out if row["status"] == rules.HIRED}:
            vacancy = session.get(Vacancy, vid)
            assert vacancy is not None
            vacancies.settle_status(session, vacancy)
        result.created = len(out)
        audit.record(session, "import", "referral",
                     detail=f"{Path(path).name}: 새로 {result.created}건, 건너뜀 {result.skipped}건 "
                            f"({clock.format_local(clock.now())})")
    return result


def export_file(db: Database, path: str | Path, *, progress: Progress | None = None) -> int:
    """Every referral with the seeker's 성명 and 생년월일 (personal data: the export is logged)."""
    with db.session() as session:
        rows = session.execute(
            select(Referral.referral_no, Seeker.name, Seeker.birth_date, Vacancy.vacancy_no, Referral.referred_on,
                   Referral.status, Referral.hired_on)
            .join(Seeker, Seeker.id == Referral.seeker_id).join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .where(Referral.deleted.is_(False), Seeker.name.is_not(None))
            .order_by(Referral.referred_on, Referral.referral_no)).all()

    def out() -> Any:
        for r in rows:
            yield cells(SPECS, {"referral_no": r[0], "name": r[1], "birth_date": r[2], "vacancy_no": r[3],
                                "referred_on": r[4], "status": r[5], "hired_on": r[6]})

    count = write_table(path, COLUMNS, out(), sheet=LABEL)
    with db.write(audit_only=True) as session:
        audit.record(session, "export", "referral", detail=f"{Path(path).name}: {count}건 (구직자 성명ㆍ생년월일 포함)")
    return count
