"""Youth exam-fee subsidy services: program years, applications, screening, review, payment
batches and the year's figures.

The only code that writes the subsidy tables; the CLI and the screens both call these.  Every
write is one transaction with its access-log entry; a refused call changes nothing.

Screening (``rules.subsidy.screen``) is computed from the applications every time it is asked
for, never stored, so it always follows CONTRACT.md.  Review decisions are stored: the reviewer
approves at most the screening's amount (or the fee, when overruling the screening with a
reason), and never more than the person's cap and the year's budget still allow counting the
decisions already made, so the year cannot pay out more than its budget.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, crypto, data
from ydp_tui.db import audit, policy
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.gc_pause import collector_paused
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import SubsidyApplication, SubsidyBatch, SubsidyReview, SubsidyYear, SyncOp
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import subsidy as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.hangul import name_matches, query_kind
from ydp_tui.rules.validation import Invalid, clean_text, format_won, parse_date, phone_digits, rate

ENTITY = "subsidy_application"
NEAR_CAP_DEFAULT = 80


# =============================================================================================
# Program years
# =============================================================================================


def shipped_years() -> list[dict[str, Any]]:
    rows = []
    for year, v in data.load("subsidy.json")["years"].items():
        rows.append({
            "id": stable_id("subsidy_year", year), "year": int(year),
            "period_start": dt.date.fromisoformat(v["period_start"]),
            "period_end": dt.date.fromisoformat(v["period_end"]),
            "birth_year_from": v["birth_year_from"], "birth_year_to": v["birth_year_to"],
            "residence_months": v["residence_months"], "per_person_cap": v["per_person_cap"],
            "budget": v["budget"], "appropriation": v.get("appropriation", v["budget"]),
            "exam_from": dt.date.fromisoformat(v["exam_from"]),
            "exam_kinds": ";".join(v["exam_kinds"]), "note": v.get("note", ""),
        })
    return rows


def seed_years(session: Session) -> int:
    """Insert shipped program years this database does not have (by id or by year)."""
    rows = shipped_years()
    have = {(r[0], r[1]) for r in session.execute(select(SubsidyYear.id, SubsidyYear.year))}
    have_ids = {h[0] for h in have}
    have_years = {h[1] for h in have}
    new = [r for r in rows if r["id"] not in have_ids and r["year"] not in have_years]
    for r in new:
        session.add(SubsidyYear(**r))
    return len(new)


def to_program(row: SubsidyYear) -> rules.Program:
    return rules.program_from(row.year, {
        "period_start": row.period_start, "period_end": row.period_end,
        "birth_year_from": row.birth_year_from, "birth_year_to": row.birth_year_to,
        "residence_months": row.residence_months, "per_person_cap": row.per_person_cap,
        "budget": row.budget, "exam_kinds": row.exam_kinds, "exam_from": row.exam_from,
    })


def _year_row(session: Session, year: int, *, lock: bool = False) -> SubsidyYear:
    stmt = select(SubsidyYear).where(SubsidyYear.year == year, SubsidyYear.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise NotFound(f"{year}년 응시료 지원 사업이 없습니다 "
                       f"(감독자가 'ydp-tui subsidy year set {year} ...' 또는 사업연도 화면에서 여세요)")
    return row


def years(db: Database) -> list[SubsidyYear]:
    with db.session() as session:
        return list(session.execute(
            select(SubsidyYear).where(SubsidyYear.deleted.is_(False)).order_by(SubsidyYear.year)).scalars())


def default_year(db: Database) -> tuple[int, bool]:
    """This year when it has a program, else the latest program year: (year, fell back)."""
    today = clock.today().year
    have = [y.year for y in years(db)]
    if not have or today in have:
        return today, False
    earlier = [y for y in have if y <= today]
    return (max(earlier) if earlier else min(have)), True


def get_year(db: Database, year: int) -> SubsidyYear:
    with db.session() as session:
        return _year_row(session, year)


def year_fields(row: SubsidyYear) -> dict[str, str]:
    """A program year as its form shows it."""
    out = {}
    for spec in rules.YEAR_FIELDS:
        value = getattr(row, spec.key)
        if spec.key == "exam_kinds":
            value = [k for k in value.split(";") if k]
        out[spec.key] = spec.format(value)
    return out


def set_year(db: Database, year: int, raw: Mapping[str, object], *, copy_from: int | None = None,
             expected_version: int | None = None) -> SubsidyYear:
    """Open a program year or change one (a supervisor's job).

    ``raw`` holds the fields to set (form keys; missing ones keep their value, or for a new year
    come from ``copy_from``).  Refused when the budget or the cap would fall below what review
    has already granted.
    """
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"연도": f"{year}은(는) 사업연도로 맞지 않습니다"})
    with db.write() as session:
        row = session.execute(select(SubsidyYear).where(SubsidyYear.year == year)).scalar_one_or_none()
        if row is not None and expected_version is not None and row.version != expected_version:
            raise StaleRecord(f"{year}년 응시료 지원 사업", row.updated_by)
        base: dict[str, object] = {}
        if row is not None and not row.deleted:
            base = year_fields(row)
        elif copy_from is not None:
            base = _copied(_year_row(session, copy_from), year)
        merged = {**base, **{k: v for k, v in raw.items() if v is not None}}
        ctx = ParseContext(today=clock.today())
        values, errors = parse_record(rules.YEAR_FIELDS, merged, ctx)
        if not errors:
            if values.get("appropriation") is None:
                values["appropriation"] = values["budget"]
            values["exam_kinds"] = [" ".join(k.split()) for k in values["exam_kinds"]]
            errors.update(rules.program_from(year, values).check())
            if values["exam_from"].year > year:
                errors["응시일 기준"] = f"{year}년 사업의 응시일 기준이 {values['exam_from'].year}년입니다"
        if errors:
            raise ValidationFailed(errors)
        values["exam_kinds"] = ";".join(values["exam_kinds"])
        granted, person_max = _granted_totals(session, year)
        if granted > values["budget"]:
            raise Refused(f"이미 승인ㆍ지급한 금액 {format_won(granted)}보다 지원규모를 작게 할 수 없습니다")
        if person_max > values["per_person_cap"]:
            raise Refused(f"이미 {format_won(person_max)}을 승인받은 사람이 있어 1인 한도를 그보다 작게 할 수 없습니다")
        labels = {s.key: s.label for s in rules.YEAR_FIELDS}
        if row is None:
            row = SubsidyYear(id=stable_id("subsidy_year", str(year)), year=year, **values)
            session.add(row)
            detail = f"{year}년 사업 열기" + (f" ({copy_from}년에서 복사)" if copy_from else "")
            action = "create"
        else:
            changed = [labels[k] for k, v in values.items() if getattr(row, k) != v]
            if row.deleted:
                row.deleted = False
                changed.append("다시 열기")
            for k, v in values.items():
                setattr(row, k, v)
            detail = "수정: " + (", ".join(changed) or "변경 없음")
            action = "update"
        session.flush()
        audit.record(session, action, "subsidy_year", row_id=row.id, subject=str(year), detail=detail)
        return row


def _copied(source: SubsidyYear, year: int) -> dict[str, str]:
    """A year's fields moved to another year: dates and birth years shift, amounts stay."""
    shift = year - source.year
    base = year_fields(source)
    for key in ("period_start", "period_end", "exam_from"):
        d = getattr(source, key)
        try:
            base[key] = d.replace(year=d.year + shift).isoformat()
        except ValueError:  # 02-29 into a common year
            base[key] = d.replace(day=28, year=d.year + shift).isoformat()
    base["birth_year_from"] = str(source.birth_year_from + shift)
    base["birth_year_to"] = str(source.birth_year_to + shift)
    base["note"] = f"{source.year}년에서 복사"
    return base


def year_draft(db: Database, year: int) -> tuple[dict[str, str], int | None, int | None]:
    """What the year form starts from: (fields, version or None when new, year copied from)."""
    with db.session() as session:
        row = session.execute(select(SubsidyYear).where(SubsidyYear.year == year)).scalar_one_or_none()
        if row is not None and not row.deleted:
            return year_fields(row), row.version, None
        sources = list(session.execute(select(SubsidyYear).where(SubsidyYear.deleted.is_(False))
                                       .order_by(SubsidyYear.year)).scalars())
        if not sources:
            return {}, None, None
        earlier = [y for y in sources if y.year < year]
        source = earlier[-1] if earlier else sources[0]
        return _copied(source, year), None, source.year


def _granted_totals(session: Session, year: int) -> tuple[int, int]:
    """(total granted in the year, the largest total granted to one person)."""
    rows = session.execute(
        select(SubsidyApplication.name, SubsidyApplication.birth_date, SubsidyApplication.granted_amount)
        .where(SubsidyApplication.year == year, SubsidyApplication.deleted.is_(False),
               SubsidyApplication.status.in_(rules.GRANTED))).all()
    per: dict[Any, int] = {}
    for name, birth, amount in rows:
        key = rules.person_key(name or "", birth or dt.date.min)
        per[key] = per.get(key, 0) + (amount or 0)
    return sum(per.values()), max(per.values(), default=0)


def near_cap_percent(db: Database) -> int:
    with db.session() as session:
        return int(policy.values(session, "subsidy", 0).get("near_cap_percent", NEAR_CAP_DEFAULT))


# =============================================================================================
# Applications: fields, form entry, edits
# =============================================================================================


def parse_context() -> ParseContext:
    return ParseContext(today=clock.today())


def validate(raw: Mapping[str, object], *, by: str = "key", ctx: ParseContext | None = None) -> dict[str, Any]:
    ctx = ctx or parse_context()
    values, errors = parse_record(rules.APPLICATION_FIELDS, raw, ctx, by=by)
    if not errors:
        try:
            errors.update(rules.check_record(values))
        except Invalid as exc:  # normalisers re-run on already checked values: never expected
            errors["계좌번호"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return values


def to_fields(app: SubsidyApplication) -> dict[str, str]:
    """An application as the form (and a spreadsheet row) shows it; the account in full."""
    out: dict[str, str] = {}
    for spec in rules.APPLICATION_FIELDS:
        value = getattr(app, spec.key)
        if spec.key == "account_no":
            value = crypto.decrypt_field(value)
        out[spec.key] = spec.format(value)
    return out


def edit_values(db: Database, app_id: str) -> tuple[dict[str, str], str, int, str]:
    """An application for its edit form: (fields with 계좌번호 left empty, the masked number,
    version, status).  The full number never leaves the service."""
    with db.session() as session:
        app = _load(session, app_id)
    fields = to_fields(app)
    masked = crypto.mask_account(fields["account_no"])
    fields["account_no"] = ""
    return fields, masked, app.version, app.status


def add(db: Database, raw: Mapping[str, object]) -> SubsidyApplication:
    """Receive one application typed at a desk (or read by a website import that gives one)."""
    values = validate(raw)
    with db.write() as session:
        _year_row(session, values["applied_on"].year)
        if values.get("application_no"):
            found = session.execute(select(SubsidyApplication.id).where(
                SubsidyApplication.application_no == values["application_no"])).first()
            if found:
                raise ValidationFailed({"신청번호": f"'{values['application_no']}'은(는) 이미 있는 신청번호입니다"})
        else:
            values["application_no"] = next_number(session, "subsidy", values["applied_on"].year)
        values["account_no"] = crypto.encrypt_field(values["account_no"])
        app = SubsidyApplication(source="직접 입력", **values)
        session.add(app)
        session.flush()
        audit.record(session, "create", ENTITY, row_id=app.id, subject=app.application_no, detail="신청 접수 (직접 입력)")
        return app


def _load(session: Session, app_id: str) -> SubsidyApplication:
    app = session.get(SubsidyApplication, app_id)
    if app is None or app.deleted:
        raise NotFound("신청을 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    return app


def find_id(db: Database, application_no: str) -> str:
    with db.session() as session:
        found = session.execute(select(SubsidyApplication.id).where(
            SubsidyApplication.application_no == application_no.strip(),
            SubsidyApplication.deleted.is_(False))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"신청번호 {application_no}인 신청이 없습니다")
    return found


def _check_version(app: SubsidyApplication, expected_version: int | None) -> None:
    if expected_version is not None and app.version != expected_version:
        raise StaleRecord(f"신청 {app.application_no}", app.updated_by)


def update(db: Database, app_id: str, raw: Mapping[str, object], *, expected_version: int) -> SubsidyApplication:
    """Correct an application's data before it is decided (접수/검토 only).

    An empty 계좌번호 keeps the stored one (the form never shows the number in full).
    """
    keep_account = raw.get("account_no") in (None, "")
    if keep_account:
        with db.session() as session:
            stored = crypto.decrypt_field(_load(session, app_id).account_no)
        raw = {**raw, "account_no": stored}
    values = validate(raw)
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status not in ("접수", "검토"):
            raise Refused(f"{app.status}된 신청은 고칠 수 없습니다 (재검토로 되돌린 뒤 고치세요)")
        values["application_no"] = values.get("application_no") or app.application_no
        if values["application_no"] != app.application_no:
            raise ValidationFailed({"신청번호": "신청번호는 바꿀 수 없습니다"})
        old_account = crypto.decrypt_field(app.account_no)
        labels = {s.key: s.label for s in rules.APPLICATION_FIELDS}
        changed = []
        for key, value in values.items():
            current = old_account if key == "account_no" else getattr(app, key)
            if current != value:
                changed.append(labels[key])
                setattr(app, key, crypto.encrypt_field(value) if key == "account_no" else value)
        if not changed:
            return app
        session.flush()
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail="수정: " + ", ".join(changed))
        return app


def withdraw(db: Database, app_id: str, reason: str, *, expected_version: int | None = None) -> None:
    """Take an undecided application out (the applicant withdrew, entered twice …), with a reason."""
    reason = _reason(reason, required=True, what="신청을 취소하려면")
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status in rules.GRANTED:
            raise Refused(f"{app.status}된 신청은 취소할 수 없습니다 (먼저 재검토로 되돌리세요)")
        app.deleted = True
        session.flush()
        _history(session, app, "취소", app.status, app.status, reason=reason, reviewer=db.operator)
        audit.record(session, "delete", ENTITY, row_id=app.id, subject=app.application_no, detail=f"신청 취소: {reason}")


# =============================================================================================
# Screening
# =============================================================================================


_SCREEN_COLS = (
    SubsidyApplication.id, SubsidyApplication.application_no, SubsidyApplication.applied_on,
    SubsidyApplication.name, SubsidyApplication.birth_date, SubsidyApplication.moved_in,
    SubsidyApplication.employment, SubsidyApplication.business, SubsidyApplication.exam_kind,
    SubsidyApplication.exam_name, SubsidyApplication.exam_date, SubsidyApplication.fee,
    SubsidyApplication.status, SubsidyApplication.granted_amount, SubsidyApplication.holder,
    SubsidyApplication.phone, SubsidyApplication.batch_id, SubsidyApplication.version,
)


_NOBODY_BIRTH = dt.date(1, 1, 1)


def _as_input(r: Any) -> rules.Application:
    _id, no, applied_on, name, birth, moved_in, employment, business, kind, exam, exam_date, fee = r[:12]
    return rules.Application(
        no, applied_on, name if name is not None else f"#{no}",  # erased (파기): nobody's
        birth or _NOBODY_BIRTH, moved_in, employment == "취업", business == "있음", kind, exam, exam_date, fee)


@dataclass
class Screening:
    """A year's screening: the program, every application (in order) and its result."""

    program: rules.Program
    year_row: SubsidyYear
    rows: list[Any]                       # database rows (see _SCREEN_COLS), in screening order
    inputs: list[rules.Application]
    results: list[rules.Result]
    by_no: dict[str, int] = field(default_factory=dict)

    def result_of(self, application_no: str) -> rules.Result:
        return self.results[self.by_no[application_no]]


def _screening(session: Session, year: int, *, lock: bool = False) -> Screening:
    year_row = _year_row(session, year, lock=lock)
    program = to_program(year_row)
    with collector_paused():
        # Core rows (no ORM objects: 10,000 of them load in tens of milliseconds), ordered in
        # Python so the order is the same on every backend whatever its collation.
        rows = session.connection().execute(
            select(*_SCREEN_COLS).where(SubsidyApplication.year == year, SubsidyApplication.deleted.is_(False))
        ).all()
        rows.sort(key=lambda r: (r[2], r[1]))
        inputs = [_as_input(r) for r in rows]
        results = rules.screen(program, inputs)
        by_no = {r.application_no: i for i, r in enumerate(results)}
    return Screening(program, year_row, rows, inputs, results, by_no)


# Read views (lists, the budget panel, search as you type) reuse the last screening of a year
# while the data it was computed from is unchanged; writes always screen afresh inside their
# own transaction.  The fingerprint changes with any insert, update or tombstone of the year's
# applications, any change of its program row, and any captured or synced change at all.
_cache_lock = threading.Lock()
_cache: dict[tuple[str, int], tuple[tuple[Any, ...], Screening]] = {}
_CACHE_SIZE = 8


def _fingerprint(session: Session, year: int) -> tuple[Any, ...]:
    conn = session.connection()
    apps = conn.execute(select(func.count(), func.coalesce(func.sum(SubsidyApplication.version), 0),
                               func.max(SubsidyApplication.updated_at))
                        .where(SubsidyApplication.year == year)).one()
    program = conn.execute(select(SubsidyYear.id, SubsidyYear.version, SubsidyYear.updated_at,
                                  SubsidyYear.deleted).where(SubsidyYear.year == year)).all()
    last_op = conn.execute(select(func.max(SyncOp.seq))).scalar()
    return tuple(apps), tuple(tuple(r) for r in program), last_op


def screen(db: Database, year: int) -> Screening:
    """Screen every application whose 신청일 falls in ``year`` (pure over the stored data)."""
    key = (db.url, year)
    with db.session() as session:
        fingerprint = _fingerprint(session, year)
        with _cache_lock:
            hit = _cache.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
        result = _screening(session, year)
    with _cache_lock:
        _cache.pop(key, None)
        _cache[key] = (fingerprint, result)
        while len(_cache) > _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
    return result


def forget_screenings() -> None:
    """Drop cached screenings (benchmarks measure a cold start with it)."""
    with _cache_lock:
        _cache.clear()


# =============================================================================================
# Lists and the budget overview
# =============================================================================================


@dataclass(frozen=True)
class AppRow:
    """One line of the applications list: the application, its screening and its review state."""

    id: str
    version: int
    application_no: str
    applied_on: dt.date
    name: str
    birth_date: dt.date | None
    phone: str
    exam_kind: str
    exam_name: str
    exam_date: dt.date
    fee: int
    status: str
    eligible: bool
    reasons: tuple[str, ...]
    amount: int                 # screening's amount
    granted_amount: int | None
    holder_differs: bool
    in_batch: bool


@dataclass(frozen=True)
class Page:
    rows: list[AppRow]
    total: int
    offset: int


FILTERS = ("전체", "적격", "부적격", "접수", "검토", "승인", "반려", "지급", "미결정", "예금주 다름")


def _matches(r: Any, res: rules.Result, query: str, digits: str, view: str) -> bool:
    if view == "적격" and not res.eligible:
        return False
    if view == "부적격" and res.eligible:
        return False
    if view in rules.STATUSES and r.status != view:
        return False
    if view == "미결정" and r.status not in ("접수", "검토"):
        return False
    if view == "예금주 다름" and not rules.holder_differs(r.name, r.holder):
        return False
    if view in rules.REASONS and view not in res.reasons:
        return False
    if not query:
        return True
    if digits:
        return digits in r.application_no.replace("-", "") or digits in phone_digits(r.phone or "")
    return query.lower() in r.application_no.lower() or name_matches(query, r.name or "")


def _app_row(r: Any, res: rules.Result) -> AppRow:
    return AppRow(
        r.id, r.version, r.application_no, r.applied_on, r.name or "(파기됨)", r.birth_date, r.phone or "",
        r.exam_kind, r.exam_name, r.exam_date, r.fee, r.status, res.eligible, res.reasons, res.amount,
        r.granted_amount, rules.holder_differs(r.name, r.holder), r.batch_id is not None)


def filter_rows(s: Screening, *, query: str = "", view: str = "전체") -> list[int]:
    """Positions (in screening order) of the applications that match a query and a view."""
    query = query.strip()
    digits = phone_digits(query) if query and query_kind(query) == "phone" else ""
    if not query and view == "전체":
        return list(range(len(s.rows)))
    return [i for i, (r, res) in enumerate(zip(s.rows, s.results)) if _matches(r, res, query, digits, view)]


def page_of(s: Screening, positions: Sequence[int], *, limit: int = 200, offset: int = 0) -> Page:
    rows = [_app_row(s.rows[i], s.results[i]) for i in positions[offset:offset + limit]]
    return Page(rows, len(positions), offset)


def list_page(db: Database, year: int, *, query: str = "", view: str = "전체", limit: int = 200,
              offset: int = 0) -> Page:
    """Applications of the year in screening order (first come first served), filtered and paged."""
    s = screen(db, year)
    return page_of(s, filter_rows(s, query=query, view=view), limit=limit, offset=offset)


@dataclass(frozen=True)
class NearCap:
    name: str
    birth_date: dt.date
    total: int
    room: int


@dataclass(frozen=True)
class Overview:
    """The budget panel: what screening hands out, what review granted and paid."""

    year: int
    budget: int                     # 지원규모
    appropriation: int              # 예산액
    per_person_cap: int
    applications: int
    eligible: int
    eligible_people: int
    eligible_amount: int
    screening_left: int             # 지원규모 − screening's amounts
    granted_people: int
    granted_amount: int             # 승인 + 지급
    paid_amount: int                # 지급
    budget_left: int                # 지원규모 − granted
    by_status: dict[str, int]
    by_reason: dict[str, int]
    near_cap: list[NearCap]
    near_cap_percent: int
    undecided_eligible: int

    @property
    def exhausted(self) -> bool:
        return self.screening_left <= 0

    @property
    def execution_rate(self) -> float | None:
        return rate(self.paid_amount, self.appropriation)

    def message(self) -> str:
        """The plain sentence the screen shows about the budget."""
        if self.budget_left <= 0:
            return (f"{self.year}년 예산({format_won(self.budget)})을 모두 승인했습니다. "
                    "더 이상 지원할 수 없습니다.")
        if self.exhausted:
            return (f"{self.year}년 예산({format_won(self.budget)})이 모두 배정되었습니다. "
                    "이후 신청은 '예산 소진'으로 부적격입니다.")
        return (f"예산 잔액 {format_won(self.screening_left)} (선별 기준) / "
                f"{format_won(self.budget_left)} (승인 기준)")


def _overview(s: Screening, percent: int) -> Overview:
    """One pass over the screening: its totals, the review's totals, who is near the cap."""
    program = s.program
    cap = program.per_person_cap
    by_status = {st: 0 for st in rules.STATUSES}
    by_reason = {code: 0 for code in rules.REASONS}
    totals: dict[Any, int] = {}
    names: dict[Any, str] = {}
    granted_people: set[Any] = set()
    eligible = eligible_amount = granted = paid = undecided_eligible = 0
    with collector_paused():
        for r, inp, res in zip(s.rows, s.inputs, s.results):
            status = r.status
            by_status[status] += 1
            for code in res.reasons:
                by_reason[code] += 1
            if res.eligible:
                eligible += 1
                eligible_amount += res.amount
                person = rules.person_key(inp.name, inp.birth_date)
                totals[person] = totals.get(person, 0) + res.amount
                names.setdefault(person, inp.name)
                if status in ("접수", "검토"):
                    undecided_eligible += 1
            if status in rules.GRANTED:
                granted += r.granted_amount or 0
                granted_people.add(rules.person_key(inp.name, inp.birth_date))
                if status == "지급":
                    paid += r.granted_amount or 0
    near = [NearCap(names[(k, b)], b, total, cap - total) for k, b, total in rules.near_cap(program, totals, percent)]
    return Overview(
        year=program.year, budget=program.budget, appropriation=s.year_row.appropriation,
        per_person_cap=cap, applications=len(s.results), eligible=eligible, eligible_people=len(totals),
        eligible_amount=eligible_amount, screening_left=program.budget - eligible_amount,
        granted_people=len(granted_people), granted_amount=granted, paid_amount=paid,
        budget_left=program.budget - granted, by_status=by_status, by_reason=by_reason,
        near_cap=near, near_cap_percent=percent, undecided_eligible=undecided_eligible)


def overview(db: Database, year: int, *, screening: Screening | None = None) -> Overview:
    s = screening or screen(db, year)
    return _overview(s, near_cap_percent(db))


def figures(db: Database, year: int, *, date_from: dt.date | None = None,
            date_to: dt.date | None = None) -> dict[str, Any]:
    """The seed's figures from the data: applications received in [from, to] (both included;
    default the whole year), eligible as screening decides, granted as review decided (승인 or
    지급), paid (지급), the budget (예산액) and 집행률 = paid / 예산액 × 100."""
    s = screen(db, year)
    lo = date_from or dt.date(year, 1, 1)
    hi = date_to or dt.date(year, 12, 31)
    apps = eligible_amount = granted_amount = paid_amount = 0
    eligible_people: set[Any] = set()
    granted_people: set[Any] = set()
    for r, inp, res in zip(s.rows, s.inputs, s.results):
        if not lo <= r.applied_on <= hi:
            continue
        apps += 1
        person = rules.person_key(inp.name, inp.birth_date)
        if res.eligible:
            eligible_people.add(person)
            eligible_amount += res.amount
        if r.status in rules.GRANTED:
            granted_people.add(person)
            granted_amount += r.granted_amount or 0
        if r.status == "지급":
            paid_amount += r.granted_amount or 0
    budget = s.year_row.appropriation
    granted_year = sum((r.granted_amount or 0) for r in s.rows if r.status in rules.GRANTED)
    return {
        "year": year, "from": lo, "to": hi,
        "applications": apps, "eligible_people": len(eligible_people), "eligible_amount": eligible_amount,
        "granted_people": len(granted_people), "granted_amount": granted_amount, "paid_amount": paid_amount,
        "budget": budget, "execution_rate": rate(paid_amount, budget),
        "support_budget": s.program.budget, "budget_left": s.program.budget - granted_year,
    }


# =============================================================================================
# One application: detail, review
# =============================================================================================


@dataclass(frozen=True)
class Review:
    at: dt.datetime
    action: str
    from_status: str
    to_status: str
    amount: int | None
    reason: str
    reviewer: str
    overrule: bool


@dataclass(frozen=True)
class Detail:
    """One application for the review screen: account masked, screening and limits attached."""

    id: str
    version: int
    fields: dict[str, str]          # form values (account masked)
    application_no: str
    name: str
    status: str
    fee: int
    bank: str
    account_masked: str
    holder: str
    holder_differs: bool
    eligible: bool
    reasons: tuple[str, ...]
    rule_amount: int                # screening's amount now
    max_grant: int                  # what an approval may grant now
    person_granted: int             # already granted to the person (other applications)
    budget_left: int                # 지원규모 − granted
    granted_amount: int | None
    decision_reason: str
    receipt_checked: bool
    residence_checked: bool
    batch_no: str | None
    history: list[Review]


def _rooms(s: Screening, app: Any) -> tuple[int, int, int]:
    """(person's granted total excluding this application, person room, budget room)."""
    person = rules.person_key(app.name or f"#{app.application_no}", app.birth_date or dt.date(1, 1, 1))
    person_granted = 0
    granted = 0
    for r, inp in zip(s.rows, s.inputs):
        if r.status not in rules.GRANTED or r.id == app.id:
            continue
        amount = r.granted_amount or 0
        granted += amount
        if rules.person_key(inp.name, inp.birth_date) == person:
            person_granted += amount
    return person_granted, s.program.per_person_cap - person_granted, s.program.budget - granted


def _history_of(session: Session, app_id: str) -> list[Review]:
    rows = session.execute(select(SubsidyReview).where(SubsidyReview.application_id == app_id)
                           .order_by(SubsidyReview.created_at, SubsidyReview.id)).scalars()
    return [Review(r.created_at, r.action, r.from_status, r.to_status, r.amount, r.reason, r.reviewer, r.overrule)
            for r in rows]


def detail(db: Database, app_id: str, *, log_view: bool = True) -> Detail:
    """One application with everything a reviewer needs; opening it is logged (접속기록)."""
    with db.session() as session:
        app = _load(session, app_id)
    s = screen(db, app.year)          # the list's screening, when nothing changed since
    res = s.result_of(app.application_no)
    person_granted, person_room, budget_room = _rooms(s, app)
    with db.session() as session:
        batch_no = None
        if app.batch_id:
            batch_no = session.execute(select(SubsidyBatch.batch_no).where(
                SubsidyBatch.id == app.batch_id)).scalar_one_or_none()
        history = _history_of(session, app.id)
    fields = to_fields(app)
    masked = crypto.mask_account(fields["account_no"])
    fields["account_no"] = masked
    out = Detail(
        id=app.id, version=app.version, fields=fields, application_no=app.application_no,
        name=app.name or "(파기됨)", status=app.status, fee=app.fee, bank=app.bank or "", account_masked=masked,
        holder=app.holder or "", holder_differs=rules.holder_differs(app.name, app.holder),
        eligible=res.eligible, reasons=res.reasons, rule_amount=res.amount,
        max_grant=rules.max_grant(app.fee, res.amount, res.eligible, person_room, budget_room),
        person_granted=person_granted, budget_left=budget_room, granted_amount=app.granted_amount,
        decision_reason=app.decision_reason, receipt_checked=app.receipt_checked,
        residence_checked=app.residence_checked, batch_no=batch_no, history=history)
    if log_view:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", ENTITY, row_id=app.id, subject=app.application_no, detail="조회 (검토)")
    return out


def _reason(reason: str | None, *, required: bool, what: str) -> str:
    try:
        text = clean_text(reason or "", max_length=500)
    except Invalid as exc:
        raise ValidationFailed({"사유": str(exc)}) from None
    if required and not text:
        raise ValidationFailed({"사유": f"{what} 사유를 입력하세요"})
    return text


def _history(session: Session, app: SubsidyApplication, action: str, from_status: str, to_status: str, *,
             amount: int | None = None, rule: rules.Result | None = None, reason: str = "",
             overrule: bool = False, reviewer: str = "") -> None:
    session.add(SubsidyReview(
        application_id=app.id, action=action, from_status=from_status, to_status=to_status, amount=amount,
        rule_amount=rule.amount if rule else None, rule_reasons=";".join(rule.reasons) if rule else "",
        overrule=overrule, receipt_checked=app.receipt_checked, residence_checked=app.residence_checked,
        reason=reason, reviewer=reviewer or "(미지정)"))


def begin_review(db: Database, app_id: str, *, expected_version: int | None = None) -> SubsidyApplication:
    """접수 -> 검토: the reviewer has started checking the papers."""
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status != "접수":
            raise Refused(f"접수 상태의 신청만 검토를 시작할 수 있습니다 (지금: {app.status})")
        s = _screening(session, app.year)
        app.status = "검토"
        session.flush()
        _history(session, app, "검토", "접수", "검토", rule=s.result_of(app.application_no), reviewer=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no, detail="상태: 접수에서 검토")
        return app


def approve(db: Database, app_id: str, *, amount: int | None = None, receipt_checked: bool = False,
            residence_checked: bool = False, reason: str = "",
            expected_version: int | None = None) -> SubsidyApplication:
    """검토 -> 승인 (접수 passes through 검토).  Both papers must be checked.

    The amount defaults to the most allowed (:func:`rules.max_grant`) and may only be lowered;
    lowering it, or approving what the screening found ineligible, needs a reason.
    """
    if not (receipt_checked and residence_checked):
        missing = [w for w, ok in (("응시료 영수증", receipt_checked), ("주민등록 거주", residence_checked)) if not ok]
        raise ValidationFailed({"서류 확인": f"{', '.join(missing)} 확인을 마쳐야 승인할 수 있습니다"})
    reason = _reason(reason, required=False, what="")
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status not in ("접수", "검토"):
            raise Refused(f"접수ㆍ검토 상태의 신청만 승인할 수 있습니다 (지금: {app.status})")
        s = _screening(session, app.year, lock=True)   # one approval per year at a time
        res = s.result_of(app.application_no)
        _, person_room, budget_room = _rooms(s, app)
        ceiling = rules.max_grant(app.fee, res.amount, res.eligible, person_room, budget_room)
        if ceiling <= 0:
            why = "1인 한도" if person_room <= 0 else "예산" if budget_room <= 0 else "선별 금액"
            raise Refused(f"{why}이(가) 남지 않아 승인할 수 없습니다 (반려하세요)")
        granted = ceiling if amount is None else amount
        if granted <= 0:
            raise ValidationFailed({"승인 금액": "1원 이상이어야 합니다 (지원하지 않으면 반려하세요)"})
        if granted > ceiling:
            raise ValidationFailed({"승인 금액": f"{format_won(granted)}은(는) 승인할 수 있는 금액 "
                                             f"{format_won(ceiling)}을 넘습니다 (금액은 낮출 수만 있습니다)"})
        overrule = not res.eligible
        if overrule and not reason:
            raise ValidationFailed({"사유": f"선별 결과({rules.reason_text(res.reasons)})와 다르게 승인하려면 사유를 입력하세요"})
        if granted < ceiling and not reason:
            raise ValidationFailed({"사유": f"금액을 {format_won(ceiling)}에서 낮추려면 사유를 입력하세요"})
        old = app.status
        app.receipt_checked = True
        app.residence_checked = True
        if old == "접수":
            _history(session, app, "검토", "접수", "검토", rule=res, reviewer=db.operator)
        app.status = "승인"
        app.granted_amount = granted
        app.rule_amount = res.amount
        app.rule_reasons = ";".join(res.reasons)
        app.decided_by = db.operator or "(미지정)"
        app.decided_at = clock.now()
        app.decision_reason = reason
        session.flush()
        _history(session, app, "승인", "검토", "승인", amount=granted, rule=res, reason=reason, overrule=overrule,
                 reviewer=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"상태: {old}에서 승인 {format_won(granted)}" + (" (선별과 다르게)" if overrule else "")
                     + (f" 사유: {reason}" if reason else ""))
        return app


def reject(db: Database, app_id: str, reason: str, *, receipt_checked: bool | None = None,
           residence_checked: bool | None = None, expected_version: int | None = None) -> SubsidyApplication:
    """접수/검토 -> 반려, always with a reason (kept in the history)."""
    reason = _reason(reason, required=True, what="반려하려면")
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status not in ("접수", "검토"):
            raise Refused(f"접수ㆍ검토 상태의 신청만 반려할 수 있습니다 (지금: {app.status})")
        s = _screening(session, app.year)
        res = s.result_of(app.application_no)
        if receipt_checked is not None:
            app.receipt_checked = receipt_checked
        if residence_checked is not None:
            app.residence_checked = residence_checked
        old = app.status
        if old == "접수":
            _history(session, app, "검토", "접수", "검토", rule=res, reviewer=db.operator)
        app.status = "반려"
        app.granted_amount = None
        app.rule_amount = res.amount
        app.rule_reasons = ";".join(res.reasons)
        app.decided_by = db.operator or "(미지정)"
        app.decided_at = clock.now()
        app.decision_reason = reason
        session.flush()
        _history(session, app, "반려", "검토", "반려", rule=res, reason=reason, overrule=res.eligible,
                 reviewer=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"상태: {old}에서 반려 사유: {reason}")
        return app


def reopen(db: Database, app_id: str, reason: str, *, expected_version: int | None = None) -> SubsidyApplication:
    """승인 (not yet in a batch) or 반려 -> 검토 again, with a reason."""
    reason = _reason(reason, required=True, what="재검토하려면")
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if app.status not in ("승인", "반려"):
            raise Refused(f"승인ㆍ반려된 신청만 재검토할 수 있습니다 (지금: {app.status})")
        if app.batch_id:
            raise Refused("지급 일괄에 든 신청입니다. 먼저 일괄에서 빼세요")
        old = app.status
        app.status = "검토"
        app.granted_amount = None
        app.decision_reason = reason
        session.flush()
        _history(session, app, "재검토", old, "검토", reason=reason, reviewer=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"상태: {old}에서 검토 (재검토) 사유: {reason}")
        return app


# =============================================================================================
# Payment batches (지급 일괄)
# =============================================================================================

BATCH_COLUMNS = ["은행", "계좌번호", "예금주", "금액", "신청번호"]


@dataclass(frozen=True)
class BatchRow:
    id: str
    version: int
    batch_no: str
    year: int
    status: str
    count: int
    total: int
    created_at: dt.datetime
    created_by: str
    exported_at: dt.datetime | None
    paid_on: dt.date | None
    note: str


@dataclass(frozen=True)
class PayLine:
    """One line of a batch (or a candidate for one): account masked."""

    app_id: str
    application_no: str
    applied_on: dt.date
    name: str
    bank: str
    account_masked: str
    holder: str
    holder_differs: bool
    amount: int


def _batch_row(b: SubsidyBatch) -> BatchRow:
    return BatchRow(b.id, b.version, b.batch_no, b.year, b.status, b.count, b.total, b.created_at, b.created_by,
                    b.exported_at, b.paid_on, b.note)


def _pay_lines(apps: Sequence[SubsidyApplication]) -> list[PayLine]:
    return [PayLine(a.id, a.application_no, a.applied_on, a.name or "(파기됨)", a.bank or "",
                    crypto.mask_account(crypto.decrypt_field(a.account_no)), a.holder or "",
                    rules.holder_differs(a.name, a.holder), a.granted_amount or 0) for a in apps]


def candidates(db: Database, year: int) -> list[PayLine]:
    """Approved applications not yet in a batch, first come first served."""
    with db.session() as session:
        apps = list(session.execute(
            select(SubsidyApplication).where(
                SubsidyApplication.year == year, SubsidyApplication.deleted.is_(False),
                SubsidyApplication.status == "승인", SubsidyApplication.batch_id.is_(None))
            .order_by(SubsidyApplication.applied_on, SubsidyApplication.application_no)).scalars())
    return _pay_lines(apps)


def create_batch(db: Database, year: int, application_nos: Sequence[str] | None = None, *,
                 note: str = "") -> SubsidyBatch:
    """Gather approved applications into a new batch (all of the year's unbatched ones by default)."""
    try:
        note = clean_text(note, max_length=200)
    except Invalid as exc:
        raise ValidationFailed({"비고": str(exc)}) from None
    with db.write() as session:
        _year_row(session, year)
        stmt = select(SubsidyApplication).where(SubsidyApplication.year == year,
                                                SubsidyApplication.deleted.is_(False))
        if application_nos is not None:
            wanted = list(dict.fromkeys(n.strip() for n in application_nos if n.strip()))
            if not wanted:
                raise Refused("일괄에 넣을 신청을 고르세요")
            found = {a.application_no: a for a in session.execute(
                select(SubsidyApplication).where(SubsidyApplication.application_no.in_(wanted),
                                                 SubsidyApplication.deleted.is_(False))).scalars()}
            problems = []
            for no in wanted:
                a = found.get(no)
                if a is None:
                    problems.append(f"{no}: 없는 신청번호입니다")
                elif a.year != year:
                    problems.append(f"{no}: {a.year}년 신청입니다")
                elif a.status != "승인":
                    problems.append(f"{no}: 승인된 신청이 아닙니다 (지금: {a.status})")
                elif a.batch_id:
                    problems.append(f"{no}: 이미 다른 지급 일괄에 있습니다")
            if problems:
                raise Refused("\n".join(problems))
            apps = sorted(found.values(), key=lambda a: (a.applied_on, a.application_no))
        else:
            apps = list(session.execute(stmt.where(SubsidyApplication.status == "승인",
                                                   SubsidyApplication.batch_id.is_(None))
                                        .order_by(SubsidyApplication.applied_on,
                                                  SubsidyApplication.application_no)).scalars())
            if not apps:
                raise Refused(f"{year}년에 지급 일괄에 넣을 승인된 신청이 없습니다")
        missing = [a.application_no for a in apps if not a.account_no or not a.bank or not a.holder]
        if missing:
            raise Refused(f"계좌 정보가 없는 신청이 있습니다: {', '.join(missing[:10])}")
        batch = SubsidyBatch(batch_no=next_number(session, "subsidy_batch", year), year=year,
                             count=len(apps), total=sum(a.granted_amount or 0 for a in apps), note=note)
        session.add(batch)
        session.flush()
        for a in apps:
            a.batch_id = batch.id
        session.flush()
        flagged = sum(rules.holder_differs(a.name, a.holder) for a in apps)
        audit.record(session, "create", "subsidy_batch", row_id=batch.id, subject=batch.batch_no,
                     detail=f"지급 일괄 작성: {batch.count}건 {format_won(batch.total)}"
                     + (f", 예금주 다름 {flagged}건" if flagged else ""))
        return batch


def _load_batch(session: Session, batch: str, *, lock: bool = False) -> SubsidyBatch:
    stmt = select(SubsidyBatch).where((SubsidyBatch.id == batch) | (SubsidyBatch.batch_no == batch),
                                      SubsidyBatch.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise NotFound(f"지급 일괄 {batch}이(가) 없습니다")
    return row


def _batch_apps(session: Session, batch_id: str) -> list[SubsidyApplication]:
    return list(session.execute(
        select(SubsidyApplication).where(SubsidyApplication.batch_id == batch_id)
        .order_by(SubsidyApplication.applied_on, SubsidyApplication.application_no)).scalars())


def batches(db: Database, year: int | None = None) -> list[BatchRow]:
    with db.session() as session:
        stmt = select(SubsidyBatch).where(SubsidyBatch.deleted.is_(False))
        if year is not None:
            stmt = stmt.where(SubsidyBatch.year == year)
        return [_batch_row(b) for b in session.execute(stmt.order_by(SubsidyBatch.batch_no.desc())).scalars()]


def batch_lines(db: Database, batch: str) -> tuple[BatchRow, list[PayLine]]:
    with db.session() as session:
        b = _load_batch(session, batch)
        return _batch_row(b), _pay_lines(_batch_apps(session, b.id))


def remove_from_batch(db: Database, batch: str, application_no: str) -> SubsidyBatch:
    with db.write() as session:
        b = _load_batch(session, batch, lock=True)
        if b.status != "작성":
            raise Refused(f"{b.status}된 일괄은 고칠 수 없습니다")
        app = session.execute(select(SubsidyApplication).where(
            SubsidyApplication.application_no == application_no, SubsidyApplication.batch_id == b.id)
        ).scalar_one_or_none()
        if app is None:
            raise NotFound(f"신청 {application_no}은(는) 이 일괄에 없습니다")
        app.batch_id = None
        b.count -= 1
        b.total -= app.granted_amount or 0
        b.exported_at = None  # the file no longer matches: export again before paying
        session.flush()
        audit.record(session, "update", "subsidy_batch", row_id=b.id, subject=b.batch_no,
                     detail=f"일괄에서 뺌: {application_no}")
        return b


def cancel_batch(db: Database, batch: str, reason: str) -> SubsidyBatch:
    """An unpaid batch is cancelled; its applications are free for another batch."""
    reason = _reason(reason, required=True, what="일괄을 취소하려면")
    with db.write() as session:
        b = _load_batch(session, batch, lock=True)
        if b.status != "작성":
            raise Refused(f"{b.status}된 일괄은 취소할 수 없습니다")
        for a in _batch_apps(session, b.id):
            a.batch_id = None
        b.status = "취소"
        b.note = (f"{b.note} / 취소: {reason}" if b.note else f"취소: {reason}")[:200]
        session.flush()
        audit.record(session, "update", "subsidy_batch", row_id=b.id, subject=b.batch_no, detail=f"일괄 취소: {reason}")
        return b


def export_batch(db: Database, batch: str, path: str | Path) -> int:
    """The bank-transfer file (XLSX or CSV): 은행, 계좌번호 (in full), 예금주, 금액, 신청번호.

    The only place account numbers leave the database unmasked: logged as an export of
    personal data.
    """
    from ydp_tui.io.spreadsheet import write_table

    with db.session() as session:
        b = _load_batch(session, batch)
        if b.status == "취소":
            raise Refused("취소된 일괄은 내보낼 수 없습니다")
        apps = _batch_apps(session, b.id)
    if not apps:
        raise Refused("빈 일괄입니다")
    rows = [[a.bank, crypto.decrypt_field(a.account_no), a.holder, a.granted_amount, a.application_no] for a in apps]
    count = write_table(path, BATCH_COLUMNS, rows, sheet=f"지급일괄 {b.batch_no}", number_format={"금액": "#,##0"})
    detail = (f"이체 파일 {Path(path).name}: {count}건 {format_won(b.total)} (계좌번호 포함, "
              f"{clock.format_local(clock.now())})")
    if db.read_only:
        with db.write(audit_only=True) as session:
            audit.record(session, "export", "subsidy_batch", row_id=b.id, subject=b.batch_no, detail=detail)
        return count
    with db.write() as session:
        row = _load_batch(session, b.id)
        if row.status == "작성":
            row.exported_at = clock.now()
            row.exported_by = db.operator or "(미지정)"
        session.flush()
        audit.record(session, "export", "subsidy_batch", row_id=b.id, subject=b.batch_no, detail=detail)
    return count


def mark_paid(db: Database, batch: str, *, paid_on: object | None = None) -> SubsidyBatch:
    """The transfer is done: the batch and each of its applications become 지급."""
    try:
        on = clock.today() if paid_on in (None, "") else parse_date(paid_on)
    except Invalid as exc:
        raise ValidationFailed({"지급일": str(exc)}) from None
    if on > clock.today():
        raise ValidationFailed({"지급일": f"'{on}'은(는) 미래의 날짜입니다"})
    with db.write() as session:
        b = _load_batch(session, batch, lock=True)
        if b.status != "작성":
            raise Refused(f"{b.status}된 일괄입니다 (작성 중인 일괄만 지급 처리합니다)")
        if b.exported_at is None:
            raise Refused("이체 파일을 먼저 내보내세요 (내보낸 뒤 일괄이 바뀌었으면 다시 내보내세요)")
        apps = _batch_apps(session, b.id)
        if not apps:
            raise Refused("빈 일괄입니다")
        created = clock.local(b.created_at).date()
        if on < created:
            raise ValidationFailed({"지급일": f"일괄을 만든 날({created})보다 앞섭니다"})
        for a in apps:
            if a.status != "승인":
                raise Refused(f"신청 {a.application_no}이(가) 승인 상태가 아닙니다 (지금: {a.status})")
            a.status = "지급"
            _history(session, a, "지급", "승인", "지급", amount=a.granted_amount, reason=f"지급 일괄 {b.batch_no}",
                     reviewer=db.operator)
        b.status = "지급"
        b.paid_on = on
        b.paid_by = db.operator or "(미지정)"
        session.flush()
        audit.record(session, "update", "subsidy_batch", row_id=b.id, subject=b.batch_no,
                     detail=f"지급 완료 {on}: {b.count}건 {format_won(b.total)}")
        return b
