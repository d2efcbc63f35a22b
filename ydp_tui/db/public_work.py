"""Public-work services (공공일자리): program periods, applications, screening and selection.

The only code that writes these tables (with ``public_work_roster`` for worksites, the roster and
attendance, and ``public_work_payroll`` for the monthly payroll); the CLI and the screens call the
same functions.  Every write is one transaction with its access-log entry; a refused call
changes nothing.

Screening (``rules.public_work.screen``) is computed from the applications whenever it is asked
for, never stored: it is always what CONTRACT.md says.  On top of it are stored what people
decided: a supervisor's override (선발/제외, always with a reason, kept with who and when), a
participant giving up (포기), and who is already working (assigned to a worksite).  The standing
of every application (선발, 대기 n, 포기, 제외, 부적격) is ``rules.standings`` of both, so it is
stable (the same data give the same standings in any order) and explainable (rank from the rule,
then the decisions listed in the selection history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db import audit, policy, roles
from ydp_tui.db.cache import FingerprintCache, collector_paused
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import PwApplication, PwAssignment, PwPeriod, PwSelectionLog, SyncOp
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.hangul import fold, name_matches, query_kind
from ydp_tui.rules.validation import Invalid, age_on, clean_text, parse_date, phone_digits

ENTITY = "pw_application"


# =============================================================================================
# Program periods (data a supervisor edits) and the year's policy
# =============================================================================================


def shipped_periods() -> list[dict[str, Any]]:
    rows = []
    for v in data.load("public_work.json")["periods"]:
        rows.append({
            "id": stable_id("pw_period", v["program"], v["period"]), "program": v["program"], "period": v["period"],
            "start": dt.date.fromisoformat(v["start"]), "end": dt.date.fromisoformat(v["end"]),
            "headcount": v["headcount"], "budget": v["budget"], "city_budget": v["city_budget"],
            "city_ratio": v["city_ratio"], "income_pct": v["income_pct"], "asset_cap": v["asset_cap"],
            "default_hours": v["default_hours"], "min_age": v["min_age"], "senior_age": v["senior_age"],
            "senior_hours": v["senior_hours"], "exclusions": ";".join(v["exclusions"]),
            "work_types": ";".join(v["work_types"]), "note": v.get("note", ""),
        })
    return rows


def shipped_policy_rows() -> list[dict[str, Any]]:
    """Holidays (kind ``holiday``) and the attendance rule (kind ``public_work``) for policy_value."""
    return policy.shipped_rows(data.load("public_work.json")["policy"])


def seed_periods(session: Session) -> int:
    """Insert shipped periods (and holidays) this database does not have (by id or by name)."""
    have = {(r[0], r[1], r[2]) for r in session.execute(select(PwPeriod.id, PwPeriod.program, PwPeriod.period))}
    have_ids = {h[0] for h in have}
    have_names = {(h[1], h[2]) for h in have}
    new = [r for r in shipped_periods() if r["id"] not in have_ids and (r["program"], r["period"]) not in have_names]
    for r in new:
        session.add(PwPeriod(**r))
    return len(new) + policy.seed(session, shipped_policy_rows())


def to_period(row: PwPeriod) -> rules.Period:
    return rules.Period(
        program=row.program, period=row.period, start=row.start, end=row.end, headcount=row.headcount,
        budget=row.budget, city_budget=row.city_budget, city_ratio=row.city_ratio, income_pct=row.income_pct,
        asset_cap=row.asset_cap, default_hours=row.default_hours, min_age=row.min_age,
        senior_age=row.senior_age, senior_hours=row.senior_hours,
        exclusions=tuple(x for x in row.exclusions.split(";") if x),
        work_types=tuple(x for x in row.work_types.split(";") if x))


def _live_periods(session: Session) -> list[PwPeriod]:
    return list(session.execute(select(PwPeriod).where(PwPeriod.deleted.is_(False))
                                .order_by(PwPeriod.start, PwPeriod.program)).scalars())


def periods(db: Database) -> list[PwPeriod]:
    """Every program period, earliest first."""
    with db.session() as session:
        return _live_periods(session)


def programs(db: Database) -> list[str]:
    return sorted({p.program for p in periods(db)})


def _known(session: Session, program: str) -> str:
    return ", ".join(p.period for p in _live_periods(session) if p.program == program) or "없음"


def find_period(session: Session, program: str, period: str, *, lock: bool = False) -> PwPeriod:
    """A period by 사업명 and 기간; an unknown one is a Korean message naming what exists."""
    program, period = " ".join((program or "").split()), " ".join((period or "").split())
    stmt = select(PwPeriod).where(PwPeriod.program == program, PwPeriod.period == period,
                                  PwPeriod.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is not None:
        return row
    names = {p.program for p in _live_periods(session)}
    if program not in names:
        raise NotFound(f"사업명 '{program}'이(가) 없습니다 ({'/'.join(sorted(names)) or '등록된 사업 없음'})")
    raise NotFound(f"{program}에 기간 '{period}'이(가) 없습니다 (있는 기간: {_known(session, program)}; "
                   f"감독자가 'ydp-tui public-work period set'으로 엽니다)")


def _period_row(session: Session, period_id: str, *, lock: bool = False) -> PwPeriod:
    stmt = select(PwPeriod).where(PwPeriod.id == period_id, PwPeriod.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    row = session.execute(stmt).scalar_one_or_none()
    if row is None:
        raise NotFound("공공일자리 사업 기간을 찾을 수 없습니다")
    return row


def get_period(db: Database, period_id: str) -> PwPeriod:
    with db.session() as session:
        return _period_row(session, period_id)


def resolve_period(db: Database, program: str, period: str) -> PwPeriod:
    with db.session() as session:
        return find_period(session, program, period)


def current_period(db: Database, program: str | None = None) -> PwPeriod | None:
    """The period running today (of ``program``), else the latest that started, else the first."""
    rows = [p for p in periods(db) if program is None or p.program == program]
    if not rows:
        return None
    today = clock.today()
    running = [p for p in rows if p.start <= today <= p.end]
    if running:
        return running[0]
    started = [p for p in rows if p.start <= today]
    return started[-1] if started else rows[0]


def policy_for(session: Session, year: int) -> rules.Policy:
    median = policy.values(session, "median_income", year)
    wage = policy.values(session, "min_wage", year)
    try:
        return rules.policy_from(year, median, wage)
    except KeyError:
        what = "기준중위소득" if len(median) < 8 else "최저임금"
        kind = "median_income" if what == "기준중위소득" else "min_wage"
        raise NotFound(f"{year}년 {what}이(가) 없습니다 (감독자가 'ydp-tui policy set {kind} {year} ...'으로 넣으세요)") \
            from None


def holidays(session: Session, year: int) -> frozenset[dt.date]:
    """The year's public holidays (policy kind ``holiday``; a null value takes one out)."""
    out = set()
    for key, value in policy.values(session, "holiday", year).items():
        if value:
            try:
                out.add(dt.date.fromisoformat(key))
            except ValueError:
                continue
    return frozenset(out)


def holiday_names(session: Session, year: int) -> dict[dt.date, str]:
    out = {}
    for key, value in policy.values(session, "holiday", year).items():
        if value:
            try:
                out[dt.date.fromisoformat(key)] = str(value)
            except ValueError:
                continue
    return out


def weekly_min_hours(session: Session) -> int:
    return int(policy.values(session, "public_work", 0).get("weekly_holiday_min_hours", 15))


def period_fields(row: PwPeriod) -> dict[str, str]:
    """A period as its form shows it."""
    out = {}
    for spec in rules.PERIOD_FIELDS:
        value = getattr(row, spec.key)
        if spec.kind in ("multi", "list"):
            value = [x for x in value.split(";") if x]
        out[spec.key] = f"{value:,}" if spec.kind == "amount" and value is not None else spec.format(value)
    return out


def copy_source(rows: list[PwPeriod], program: str, period: str) -> PwPeriod | None:
    """Which period a new one starts from: the same program's latest period of the same half
    (2025-상반기 from 2024-상반기), else its latest one."""
    same = [p for p in rows if p.program == program and p.period != period]
    suffix = period.partition("-")[2]
    alike = [p for p in same if p.period.partition("-")[2] == suffix]
    return (alike or same or [None])[-1]


def _copied(source: PwPeriod, period: str) -> dict[str, str]:
    """A period's fields moved to another period label: dates move by the years between them."""
    base = period_fields(source)
    try:
        shift = int(period[:4]) - source.start.year
    except ValueError:
        shift = 0
    for key in ("start", "end"):
        d = getattr(source, key)
        try:
            base[key] = d.replace(year=d.year + shift).isoformat()
        except ValueError:  # 02-29 into a common year
            base[key] = d.replace(day=28, year=d.year + shift).isoformat()
    base["note"] = f"{source.program} {source.period}에서 복사"
    return base


def period_draft(db: Database, program: str, period: str, *, copy_from: str | None = None
                 ) -> tuple[dict[str, str], int | None, str | None]:
    """What the period form starts from: (fields, version or None when new, period copied from)."""
    with db.session() as session:
        row = session.execute(select(PwPeriod).where(PwPeriod.program == program, PwPeriod.period == period,
                                                     PwPeriod.deleted.is_(False))).scalar_one_or_none()
        if row is not None:
            return period_fields(row), row.version, None
        rows = _live_periods(session)
        source = next((p for p in rows if p.program == program and p.period == copy_from), None) if copy_from \
            else copy_source(rows, program, period)
        if source is None:
            return {}, None, None
        return _copied(source, period), None, source.period


def set_period(db: Database, program: str, period: str, raw: Mapping[str, object], *,
               copy_from: str | None = None, expected_version: int | None = None) -> PwPeriod:
    """Open a program period or change one (a supervisor's job: ``edit_policy``).

    ``raw`` holds the fields to set (form keys); missing ones keep their value, or for a new
    period come from ``copy_from`` (another period of the same program).  A headcount below the
    number already working is refused.
    """
    roles.require(db, "edit_policy")
    program, period = " ".join((program or "").split()), " ".join((period or "").split())
    errors: dict[str, str] = {}
    if not program or len(program) > 30:
        errors["사업명"] = "사업명을 30자 이내로 입력하세요"
    if not period or len(period) > 20:
        errors["기간"] = "기간을 20자 이내로 입력하세요 (예: 2025-상반기)"
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        row = session.execute(select(PwPeriod).where(PwPeriod.program == program, PwPeriod.period == period)
                              ).scalar_one_or_none()
        if row is not None and expected_version is not None and row.version != expected_version:
            raise StaleRecord(f"{program} {period}", row.updated_by)
        base: dict[str, object] = {}
        if row is not None and not row.deleted:
            base = period_fields(row)
        elif copy_from is not None:
            base = _copied(find_period(session, program, copy_from), period)
        merged = {**base, **{k: v for k, v in raw.items() if v is not None}}
        values, errors = parse_record(rules.PERIOD_FIELDS, merged, ParseContext(today=clock.today()))
        if not errors:
            built = rules.period_from(program, period, values)
            errors.update(built.check())
        if errors:
            raise ValidationFailed(errors)
        values["city_budget"] = built.city_budget
        values["exclusions"] = ";".join(built.exclusions)
        values["work_types"] = ";".join(built.work_types)
        values["note"] = values.get("note") or ""
        if row is not None:
            working = session.execute(select(func.count(func.distinct(PwAssignment.application_id))).where(
                PwAssignment.period_id == row.id, PwAssignment.deleted.is_(False))).scalar_one()
            if values["headcount"] < working:
                raise Refused(f"이미 배치된 참여자 {working:,}명보다 정원을 작게 할 수 없습니다")
        labels = {s.key: s.label for s in rules.PERIOD_FIELDS}
        if row is None:
            row = PwPeriod(id=stable_id("pw_period", program, period), program=program, period=period, **values)
            session.add(row)
            action, detail = "create", f"{program} {period} 열기" + (f" ({copy_from}에서 복사)" if copy_from else "")
        else:
            changed = [labels[k] for k, v in values.items() if getattr(row, k) != v]
            if row.deleted:
                row.deleted = False
                changed.append("다시 열기")
            for k, v in values.items():
                setattr(row, k, v)
            action, detail = "update", "수정: " + (", ".join(changed) or "변경 없음")
        session.flush()
        audit.record(session, action, "pw_period", row_id=row.id, subject=f"{program} {period}", detail=detail)
        return row


# =============================================================================================
# Applications
# =============================================================================================


def parse_context() -> ParseContext:
    return ParseContext(today=clock.today())


def validate(raw: Mapping[str, object], *, by: str = "key", ctx: ParseContext | None = None) -> dict[str, Any]:
    """Parse a whole application (spreadsheet specs: 사업명 and 기간 included)."""
    ctx = ctx or parse_context()
    values, errors = parse_record(rules.APPLICATION_FIELDS, raw, ctx, by=by)
    if not errors:
        try:
            errors.update(rules.check_record(values))
        except Invalid as exc:  # pragma: no cover - the field check ran first
            errors["신청번호"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    return values


def _columns(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in ("program", "period")}


def to_fields(app: PwApplication, period: PwPeriod) -> dict[str, str]:
    """An application as the spreadsheet (and the form) shows it."""
    out = {}
    for spec in rules.APPLICATION_FIELDS:
        if spec.key == "program":
            out[spec.key] = period.program
        elif spec.key == "period":
            out[spec.key] = period.period
        else:
            out[spec.key] = spec.format(getattr(app, spec.key))
    return out


def form_fields(app: PwApplication) -> dict[str, str]:
    """An application as the desk form shows it (yes/no as 예/아니오)."""
    out = {}
    for spec in rules.FORM_FIELDS:
        value = getattr(app, spec.key)
        out[spec.key] = (rules.YES if value else rules.NO) if isinstance(value, bool) else spec.format(value)
    return out


def same_person(session: Session, period_id: str, name: str, birth: dt.date, *, exclude_id: str | None = None
                ) -> str | None:
    """The 신청번호 of this person's application in the period, if any (one application a person)."""
    stmt = select(PwApplication.application_no, PwApplication.name).where(
        PwApplication.period_id == period_id, PwApplication.birth_date == birth,
        PwApplication.name_key.like(f"{fold(name)}|%"), PwApplication.deleted.is_(False))
    if exclude_id:
        stmt = stmt.where(PwApplication.id != exclude_id)
    for no, other in session.execute(stmt):
        if other and "".join(fold(other).split()) == "".join(fold(name).split()):
            return no
    return None


def add(db: Database, period_id: str, raw: Mapping[str, object]) -> PwApplication:
    """Receive one application typed at a desk for a period (form keys; yes/no as 예/아니오)."""
    with db.session() as session:
        period = _period_row(session, period_id)
    values = validate({**raw, "program": period.program, "period": period.period})
    with db.write() as session:
        period = _period_row(session, period_id)
        if values.get("application_no"):
            if session.execute(select(PwApplication.id).where(
                    PwApplication.application_no == values["application_no"])).first():
                raise ValidationFailed({"신청번호": f"'{values['application_no']}'은(는) 이미 있는 신청번호입니다"})
        other = same_person(session, period.id, values["name"], values["birth_date"])
        if other:
            raise ValidationFailed({"성명": f"같은 사람(성명+생년월일)이 {period.program} {period.period}에 이미 "
                                          f"신청했습니다 (신청번호 {other})"})
        if not values.get("application_no"):
            values["application_no"] = next_number(session, "public_work", values["applied_on"].year)
        app = PwApplication(period_id=period.id, source="직접 입력", **_columns(values))
        session.add(app)
        session.flush()
        audit.record(session, "create", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"참여 신청 접수 (직접 입력): {period.program} {period.period}")
        return app


def _load(session: Session, app_id: str) -> PwApplication:
    app = session.get(PwApplication, app_id)
    if app is None or app.deleted:
        raise NotFound("신청을 찾을 수 없습니다 (취소되었거나 없는 번호)")
    return app


def find_id(db: Database, application_no: str) -> str:
    with db.session() as session:
        found = session.execute(select(PwApplication.id).where(
            PwApplication.application_no == application_no.strip(), PwApplication.deleted.is_(False))
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"신청번호 {application_no}인 공공일자리 신청이 없습니다")
    return found


def _check_version(app: PwApplication, expected_version: int | None) -> None:
    if expected_version is not None and app.version != expected_version:
        raise StaleRecord(f"신청 {app.application_no}", app.updated_by)


def edit_values(db: Database, app_id: str) -> tuple[dict[str, str], int, str]:
    """An application for its edit form: (fields, version, period id)."""
    with db.session() as session:
        app = _load(session, app_id)
        return form_fields(app), app.version, app.period_id


def update(db: Database, app_id: str, raw: Mapping[str, object], *, expected_version: int) -> PwApplication:
    """Correct an application's data (screening follows at once; the change is logged)."""
    with db.session() as session:
        app = _load(session, app_id)
        period = _period_row(session, app.period_id)
    values = validate({**raw, "application_no": raw.get("application_no") or app.application_no,
                       "program": period.program, "period": period.period})
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if values["application_no"] != app.application_no:
            raise ValidationFailed({"신청번호": "신청번호는 바꿀 수 없습니다"})
        other = same_person(session, app.period_id, values["name"], values["birth_date"], exclude_id=app.id)
        if other:
            raise ValidationFailed({"성명": f"같은 사람(성명+생년월일)의 신청 {other}이(가) 이미 있습니다"})
        labels = {s.key: s.label for s in rules.APPLICATION_FIELDS}
        changed = []
        for key, value in _columns(values).items():
            if getattr(app, key) != value:
                changed.append(labels[key])
                setattr(app, key, value)
        if not changed:
            return app
        session.flush()
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail="수정: " + ", ".join(changed))
        return app


def withdraw(db: Database, app_id: str, reason: str, *, expected_version: int | None = None) -> None:
    """Take an application out (entered twice, withdrawn before selection), with a reason.
    Someone who has worked is not withdrawn: record 포기 instead."""
    reason = _reason(reason, required=True, what="신청을 취소하려면")
    with db.write() as session:
        app = _load(session, app_id)
        _check_version(app, expected_version)
        if session.execute(select(PwAssignment.id).where(PwAssignment.application_id == app.id,
                                                         PwAssignment.deleted.is_(False))).first():
            raise Refused("사업장에 배치된 신청은 취소할 수 없습니다 (그만두면 포기로 처리하세요)")
        app.deleted = True
        session.flush()
        _log(session, app, "취소", reason, before="", after="취소", actor=db.operator)
        audit.record(session, "delete", ENTITY, row_id=app.id, subject=app.application_no, detail=f"신청 취소: {reason}")


# =============================================================================================
# Screening and standings
# =============================================================================================

_COLS = (
    PwApplication.id, PwApplication.application_no, PwApplication.applied_on, PwApplication.name,
    PwApplication.birth_date, PwApplication.phone, PwApplication.dong, PwApplication.household_size,
    PwApplication.household_income, PwApplication.assets, PwApplication.livelihood, PwApplication.unemployment,
    PwApplication.household_member, PwApplication.dependents, PwApplication.override, PwApplication.gave_up_on,
    PwApplication.version, PwApplication.override_reason,
)
_NOBODY_BIRTH = dt.date(1900, 1, 1)


def _as_input(r: Any) -> rules.Application:
    return rules.Application(r[1], r[2], r[4] or _NOBODY_BIRTH, max(1, r[7]), r[8], r[9], bool(r[10]), bool(r[11]),
                             bool(r[12]), r[13])


@dataclass
class Screening:
    """A period's screening (the rule) and standings (the rule with what people decided)."""

    row: PwPeriod
    period: rules.Period
    policy: rules.Policy
    rows: list[Any]                     # application rows (_COLS), in arrival order
    results: list[rules.Result]
    standings: dict[str, rules.Standing]
    assigned: frozenset[str]            # application ids with an assignment in the period
    decisions: rules.Decisions
    by_no: dict[str, int] = field(default_factory=dict)

    def position(self, application_no: str) -> int:
        return self.by_no[application_no]

    def result_of(self, application_no: str) -> rules.Result:
        return self.results[self.by_no[application_no]]

    def standing_of(self, application_no: str) -> rules.Standing:
        return self.standings[application_no]


def _screening(session: Session, period_id: str, *, lock: bool = False) -> Screening:
    row = _period_row(session, period_id, lock=lock)
    period = to_period(row)
    pol = policy_for(session, period.year)
    conn = session.connection()
    with collector_paused():
        rows = conn.execute(select(*_COLS).where(PwApplication.period_id == row.id,
                                                 PwApplication.deleted.is_(False))).all()
        rows.sort(key=lambda r: (r[2], r[1]))
        results = rules.screen(period, pol, [_as_input(r) for r in rows])
        assigned = frozenset(conn.execute(select(PwAssignment.application_id).where(
            PwAssignment.period_id == row.id, PwAssignment.deleted.is_(False)).distinct()).scalars())
        decisions = rules.Decisions(
            overrides={r[1]: r[14] for r in rows if r[14]},
            gave_up=frozenset(r[1] for r in rows if r[15] is not None),
            working=frozenset(r[1] for r in rows if r[0] in assigned))
        return Screening(row, period, pol, rows, results, rules.standings(results, period.headcount, decisions),
                         assigned, decisions, {r.application_no: i for i, r in enumerate(results)})


# Read views reuse the last screening of a period while the data it came from is unchanged
# (search as you type, paging); writes always screen afresh inside their own transaction.
_screenings: FingerprintCache[Screening] = FingerprintCache()


def _fingerprint(session: Session, period_id: str) -> tuple[Any, ...]:
    conn = session.connection()
    apps = conn.execute(select(func.count(), func.coalesce(func.sum(PwApplication.version), 0),
                               func.max(PwApplication.updated_at)).where(PwApplication.period_id == period_id)).one()
    assigns = conn.execute(select(func.count(), func.coalesce(func.sum(PwAssignment.version), 0))
                           .where(PwAssignment.period_id == period_id)).one()
    period = conn.execute(select(PwPeriod.version, PwPeriod.updated_at, PwPeriod.deleted)
                          .where(PwPeriod.id == period_id)).all()
    last_op = conn.execute(select(func.max(SyncOp.seq))).scalar()
    return tuple(apps), tuple(assigns), tuple(tuple(r) for r in period), last_op


def screen(db: Database, period_id: str) -> Screening:
    """Screen every application of the period and put the decisions on top (pure over the data)."""
    with db.session() as session:
        return _screenings.get((db.url, period_id), _fingerprint(session, period_id),
                               lambda: _screening(session, period_id))


def forget_screenings() -> None:
    _screenings.clear()


def standing_text(st: rules.Standing) -> str:
    """``선발``, ``선발 (충원)``, ``대기 3``, ``포기`` …"""
    if st.state == rules.SELECTED:
        return "선발" if st.how == rules.BY_RANK else f"선발({st.how})"
    if st.state == rules.WAITING:
        return f"대기 {st.waiting_no}"
    return st.state


# --- lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppRow:
    """One line of the applications / selection list."""

    id: str
    version: int
    application_no: str
    applied_on: dt.date
    name: str
    birth_date: dt.date | None
    age: int | None
    phone: str
    dong: str
    household_size: int
    income: int
    assets: int
    eligible: bool
    reasons: tuple[str, ...]
    daily_hours: int
    daily_wage: int
    rank: int | None
    rule_selected: bool
    state: str
    how: str
    waiting_no: int | None
    assigned: bool
    override: str
    override_reason: str

    @property
    def standing(self) -> str:
        return standing_text(rules.Standing(self.application_no, self.state, self.how, self.waiting_no, self.rank))


@dataclass(frozen=True)
class Page:
    rows: list[AppRow]
    total: int
    offset: int


VIEWS = ("전체", "선발", "대기", "적격", "부적격", "포기ㆍ제외", "미배치", "조정", "충원")
ORDERS = ("선발순", "신청순", "성명순")


def _app_row(s: Screening, i: int) -> AppRow:
    r, res = s.rows[i], s.results[i]
    st = s.standings[res.application_no]
    return AppRow(r[0], r[16], r[1], r[2], r[3] or "(파기됨)", r[4], age_on(r[4], s.period.start) if r[4] else None,
                  r[5] or "", r[6] or "", r[7], r[8], r[9], res.eligible, res.reasons, res.daily_hours,
                  res.daily_wage, res.rank, res.selected, st.state, st.how, st.waiting_no, r[0] in s.assigned,
                  r[14], r[17])


_STATE_ORDER = {rules.SELECTED: 0, rules.WAITING: 1, rules.GAVE_UP: 2, rules.DROPPED: 2, rules.INELIGIBLE: 3}


def _order_key(s: Screening, order: str) -> Any:
    if order == "신청순":
        return lambda i: i
    if order == "성명순":
        return lambda i: (s.rows[i][3] or "", i)

    def key(i: int) -> tuple[int, int, int]:
        st = s.standings[s.results[i].application_no]
        return (_STATE_ORDER[st.state], st.rank if st.rank is not None else 10**9, i)

    return key


def _matches(s: Screening, i: int, view: str, query: str, digits: str) -> bool:
    r, res = s.rows[i], s.results[i]
    st = s.standings[res.application_no]
    if view == "선발" and st.state != rules.SELECTED:
        return False
    if view == "대기" and st.state != rules.WAITING:
        return False
    if view == "적격" and not res.eligible:
        return False
    if view == "부적격" and res.eligible:
        return False
    if view == "포기ㆍ제외" and st.state not in (rules.GAVE_UP, rules.DROPPED):
        return False
    if view == "미배치" and not (st.state == rules.SELECTED and r[0] not in s.assigned):
        return False
    if view == "조정" and not r[14]:
        return False
    if view == "충원" and not (st.state == rules.SELECTED and st.how == rules.FILLED):
        return False
    if view in rules.REASONS and view not in res.reasons:
        return False
    if not query:
        return True
    if digits:
        return digits in r[1].replace("-", "") or digits in phone_digits(r[5] or "")
    return query.lower() in r[1].lower() or name_matches(query, r[3] or "")


def filter_rows(s: Screening, *, query: str = "", view: str = "전체", order: str = "선발순") -> list[int]:
    """Positions of the applications that match, in the order asked for."""
    query = query.strip()
    digits = phone_digits(query) if query and query_kind(query) == "phone" else ""
    positions = [i for i in range(len(s.rows)) if (view == "전체" and not query) or _matches(s, i, view, query, digits)]
    positions.sort(key=_order_key(s, order))
    return positions


def page_of(s: Screening, positions: Sequence[int], *, limit: int = 200, offset: int = 0) -> Page:
    return Page([_app_row(s, i) for i in positions[offset:offset + limit]], len(positions), offset)


def list_page(db: Database, period_id: str, *, query: str = "", view: str = "전체", order: str = "선발순",
              limit: int = 200, offset: int = 0) -> Page:
    s = screen(db, period_id)
    return page_of(s, filter_rows(s, query=query, view=view, order=order), limit=limit, offset=offset)


@dataclass(frozen=True)
class Summary:
    """A period's selection in numbers."""

    program: str
    period: str
    headcount: int
    applicants: int
    eligible: int
    rule_selected: int          # the first N by the rule
    selected: int               # selected now (rule, overrides, 포기 and 충원)
    waiting: int
    gave_up: int
    dropped: int
    ineligible: int
    assigned: int               # selected and assigned to a worksite
    unassigned: int             # selected, not yet assigned (contact them)
    filled: int                 # selected to fill a seat someone left
    overridden: int
    over_capacity: int
    by_reason: dict[str, int]

    def line(self) -> str:
        text = (f"신청 {self.applicants:,} | 적격 {self.eligible:,} | 선발 {self.selected:,}/{self.headcount:,}"
                f" | 대기 {self.waiting:,} | 포기 {self.gave_up:,} | 제외 {self.dropped:,}")
        return text


def summarize(s: Screening) -> Summary:
    counts = {state: 0 for state in rules.STATES}
    by_reason = {code: 0 for code in rules.REASONS}
    eligible = assigned = filled = 0
    ids = {r[1]: r[0] for r in s.rows}
    for res in s.results:
        st = s.standings[res.application_no]
        counts[st.state] += 1
        if res.eligible:
            eligible += 1
        for code in res.reasons:
            by_reason[code] += 1
        if st.state == rules.SELECTED:
            if ids[res.application_no] in s.assigned:
                assigned += 1
            if st.how == rules.FILLED:
                filled += 1
    return Summary(
        program=s.period.program, period=s.period.period, headcount=s.period.headcount, applicants=len(s.results),
        eligible=eligible, rule_selected=sum(r.selected for r in s.results), selected=counts[rules.SELECTED],
        waiting=counts[rules.WAITING], gave_up=counts[rules.GAVE_UP], dropped=counts[rules.DROPPED],
        ineligible=counts[rules.INELIGIBLE], assigned=assigned, unassigned=counts[rules.SELECTED] - assigned,
        filled=filled, overridden=len(s.decisions.overrides),
        over_capacity=rules.over_capacity(s.period.headcount, s.decisions, s.standings), by_reason=by_reason)


def summary(db: Database, period_id: str) -> Summary:
    return summarize(screen(db, period_id))


# --- one application -------------------------------------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    action: str
    reason: str
    effective_on: dt.date | None
    partner: str | None             # 신청번호 of the other side of a swap
    before: str
    after: str
    rule_rank: int | None
    actor: str


@dataclass(frozen=True)
class Detail:
    id: str
    version: int
    period_id: str
    application_no: str
    name: str
    fields: dict[str, str]              # spreadsheet fields
    result: rules.Result
    standing: rules.Standing
    standing_text: str
    explanation: list[tuple[bool, str]]
    override: str
    override_reason: str
    override_by: str
    gave_up_on: dt.date | None
    gave_up_reason: str
    assignments: list[tuple[str, dt.date, dt.date, int]]    # (worksite, start, end, hours)
    history: list[LogEntry]


def _history(session: Session, app_id: str) -> list[LogEntry]:
    rows = session.execute(select(PwSelectionLog).where(PwSelectionLog.application_id == app_id)
                           .order_by(PwSelectionLog.created_at, PwSelectionLog.id)).scalars().all()
    partners = {r.partner_id for r in rows if r.partner_id}
    nos = dict(session.execute(select(PwApplication.id, PwApplication.application_no).where(
        PwApplication.id.in_(partners))).all()) if partners else {}
    return [LogEntry(r.created_at, r.action, r.reason, r.effective_on, nos.get(r.partner_id or ""), r.before,
                     r.after, r.rule_rank, r.actor) for r in rows]


def detail(db: Database, app_id: str, *, log_view: bool = True) -> Detail:
    """One application with its screening explained, its standing, assignments and history;
    opening it is written to the access log."""
    from ydp_tui.db.models import PwWorksite

    with db.session() as session:
        app = _load(session, app_id)
        period_row = _period_row(session, app.period_id)
    s = screen(db, app.period_id)
    res = s.result_of(app.application_no)
    st = s.standing_of(app.application_no)
    with db.session() as session:
        history = _history(session, app.id)
        assignments = [(w, a, b, h) for w, a, b, h in session.execute(
            select(PwWorksite.name, PwAssignment.start, PwAssignment.end, PwAssignment.daily_hours)
            .join(PwWorksite, PwWorksite.id == PwAssignment.worksite_id)
            .where(PwAssignment.application_id == app.id, PwAssignment.deleted.is_(False))
            .order_by(PwAssignment.start))]
    out = Detail(
        id=app.id, version=app.version, period_id=app.period_id, application_no=app.application_no,
        name=app.name or "(파기됨)", fields=to_fields(app, period_row), result=res, standing=st,
        standing_text=standing_text(st), explanation=rules.explain(s.period, s.policy, _as_input(s.rows[s.position(
            app.application_no)])), override=app.override, override_reason=app.override_reason,
        override_by=app.override_by, gave_up_on=app.gave_up_on, gave_up_reason=app.gave_up_reason,
        assignments=assignments, history=history)
    if log_view:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", ENTITY, row_id=app.id, subject=app.application_no, detail="조회 (신청 상세)")
    return out


def preview(period: rules.Period, pol: rules.Policy, raw: Mapping[str, object]
            ) -> tuple[rules.Result, list[tuple[bool, str]]] | None:
    """Screen what a form holds so far without saving (None until the needed fields parse)."""
    values, errors = parse_record(rules.FORM_FIELDS, raw, parse_context())
    needed = ("birth_date", "household_size", "household_income", "assets", "dependents")
    labels = {spec.key: spec.label for spec in rules.FORM_FIELDS}
    if any(labels[k] in errors or values.get(k) is None for k in needed):
        return None
    values["applied_on"] = values.get("applied_on") or clock.today()
    for key in ("livelihood", "unemployment", "household_member"):
        values[key] = values.get(key) == rules.YES
    app = rules.application_from(values)
    return rules.screen(period, pol, [app])[0], rules.explain(period, pol, app)


def form_context(db: Database, period_id: str) -> tuple[PwPeriod, rules.Period, rules.Policy]:
    """What the application form needs to screen as you type."""
    with db.session() as session:
        row = _period_row(session, period_id)
        return row, to_period(row), policy_for(session, row.start.year)


# =============================================================================================
# Selection: overrides (a supervisor's, with a reason) and 포기
# =============================================================================================


@dataclass(frozen=True)
class Change:
    """What a selection step did: a sentence, and who moved in or out because of it."""

    message: str
    selected: list[tuple[str, str]]     # (신청번호, 성명) newly selected (offered: contact them)
    unselected: list[tuple[str, str]]   # newly out of the selection (back to waiting)


def _reason(reason: str | None, *, required: bool, what: str) -> str:
    try:
        text = clean_text(reason or "", max_length=500)
    except Invalid as exc:
        raise ValidationFailed({"사유": str(exc)}) from None
    if required and not text:
        raise ValidationFailed({"사유": f"{what} 사유를 입력하세요"})
    return text


def _log(session: Session, app: PwApplication, action: str, reason: str, *, before: str, after: str,
         effective_on: dt.date | None = None, partner_id: str | None = None, rule_rank: int | None = None,
         actor: str = "") -> None:
    session.add(PwSelectionLog(application_id=app.id, period_id=app.period_id, action=action, reason=reason,
                               effective_on=effective_on, partner_id=partner_id, before=before, after=after,
                               rule_rank=rule_rank, actor=actor or "(미지정)"))


def _date(value: object | None, label: str, default: dt.date) -> dt.date:
    if value in (None, ""):
        return default
    try:
        return parse_date(value)
    except Invalid as exc:
        raise ValidationFailed({label: str(exc)}) from None


def _diff(before: Screening, after_standings: dict[str, rules.Standing], names: dict[str, str],
          skip: set[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    came, went = [], []
    for no, st in after_standings.items():
        if no in skip:
            continue
        was = before.standings[no].state
        if st.state == rules.SELECTED and was != rules.SELECTED:
            came.append((no, names[no]))
        elif was == rules.SELECTED and st.state == rules.WAITING:
            went.append((no, names[no]))
    return came, went


class _Step:
    """One selection write: the period locked, the screening before, and the standings after."""

    def __init__(self, db: Database, session: Session, app_ids: Sequence[str]) -> None:
        self.db = db
        self.session = session
        self.apps = [_load(session, a) for a in app_ids]
        period_ids = {a.period_id for a in self.apps}
        if len(period_ids) != 1:
            raise Refused("같은 사업 기간의 신청끼리만 맞바꿀 수 있습니다")
        self.s = _screening(session, self.apps[0].period_id, lock=True)
        self.names = {r[1]: r[3] or "(파기됨)" for r in self.s.rows}

    def standing(self, app: PwApplication) -> rules.Standing:
        return self.s.standing_of(app.application_no)

    def text(self, app: PwApplication) -> str:
        return standing_text(self.standing(app))

    def after(self, overrides: Mapping[str, str] | None = None, gave_up: set[str] | None = None) -> dict[str, rules.Standing]:
        d = self.s.decisions
        new_overrides = dict(d.overrides)
        for no, what in (overrides or {}).items():
            if what:
                new_overrides[no] = what
            else:
                new_overrides.pop(no, None)
        decisions = rules.Decisions(new_overrides, gave_up=frozenset(gave_up if gave_up is not None else d.gave_up),
                                    working=d.working)
        return rules.standings(self.s.results, self.s.period.headcount, decisions)

    def check_capacity(self, overrides: Mapping[str, str]) -> None:
        d = self.s.decisions
        new = dict(d.overrides)
        new.update({k: v for k, v in overrides.items() if v})
        over = rules.over_capacity(self.s.period.headcount, rules.Decisions(new, d.gave_up, d.working),
                                   self.s.standings)
        if over:
            out = {no for no, v in new.items() if v == rules.DROPPED} | set(d.gave_up)
            working = len(set(d.working) - out)
            chosen = len({no for no, v in new.items() if v == rules.SELECTED} - set(d.working) - out)
            raise Refused(f"정원 {self.s.period.headcount:,}명이 찼습니다 (배치된 참여자 {working:,}명, 그 밖의 조정 선발 "
                          f"{chosen:,}명). 맞바꾸기로 한 사람을 빼고 넣으세요")

    def change(self, message: str, after: dict[str, rules.Standing], skip: set[str], cause: str) -> Change:
        """The step's result; everyone it moved in or out of the selection gets a history line."""
        came, went = _diff(self.s, after, self.names, skip)
        moved = {no for no, _ in came} | {no for no, _ in went}
        if moved:
            others = {a.application_no: a for a in self.session.execute(select(PwApplication).where(
                PwApplication.period_id == self.s.row.id, PwApplication.application_no.in_(moved))).scalars()}
            for no in sorted(moved, key=lambda n: self.s.standings[n].rank or 0):
                other = others[no]
                now = standing_text(after[no])
                _log(self.session, other, "충원" if after[no].state == rules.SELECTED else "대기로", cause,
                     before=self.text(other), after=now, rule_rank=self.s.result_of(no).rank, actor=self.db.operator)
        return Change(message, came, went)


def _end_work(session: Session, app: PwApplication, first_day_off: dt.date, reason: str) -> int:
    """End the application's assignments before ``first_day_off``; refused when a day worked (or
    paid leave) is recorded from that day on (an absence then is harmless: it is no longer a
    working day).  Returns how many assignments changed."""
    from ydp_tui.db.models import PwAttendance

    paid = [s for s, (is_paid, _) in rules.ATTENDANCE_RULES.items() if is_paid]
    later = session.execute(select(PwAttendance.work_date, PwAttendance.status).where(
        PwAttendance.application_id == app.id, PwAttendance.deleted.is_(False), PwAttendance.status.in_(paid),
        PwAttendance.work_date >= first_day_off).order_by(PwAttendance.work_date)).first()
    if later is not None:
        day, status = later
        raise Refused(f"{first_day_off}부터 일하지 않으려면 그 뒤에 {status} 기록이 없어야 합니다 ({day} {status}). "
                      f"날짜를 {day + dt.timedelta(days=1)} 이후로 하거나 출근부를 먼저 고치세요")
    changed = 0
    last = first_day_off - dt.timedelta(days=1)
    for a in session.execute(select(PwAssignment).where(PwAssignment.application_id == app.id,
                                                        PwAssignment.deleted.is_(False))).scalars():
        if a.end <= last:
            continue
        if a.start > last:
            a.deleted = True              # never started: no attendance can exist (checked above)
        else:
            a.end = last
        a.ended_reason = reason[:200]
        changed += 1
    return changed


def override_select(db: Database, app_id: str, reason: str, *, expected_version: int | None = None) -> Change:
    """A supervisor selects an eligible applicant who is not selected (the last selected by rank
    goes back to the waiting list)."""
    roles.require(db, "override_selection")
    reason = _reason(reason, required=True, what="선발을 조정하려면")
    with db.write() as session:
        step = _Step(db, session, [app_id])
        app = step.apps[0]
        _check_version(app, expected_version)
        st, res = step.standing(app), step.s.result_of(app.application_no)
        if not res.eligible:
            raise Refused(f"부적격 신청은 선발할 수 없습니다 ({rules.reason_text(res.reasons)}). "
                          "신청 내용이 틀렸으면 먼저 고치세요")
        if st.state == rules.SELECTED:
            raise Refused(f"{app.application_no}은(는) 이미 선발되어 있습니다")
        if st.state == rules.GAVE_UP:
            raise Refused("포기한 신청입니다 (포기를 되돌린 뒤 선발하세요)")
        step.check_capacity({app.application_no: rules.SELECTED})
        after = step.after({app.application_no: rules.SELECTED})
        before = step.text(app)
        app.override, app.override_reason = rules.SELECTED, reason
        app.override_by, app.override_at = db.operator or "(미지정)", clock.now()
        session.flush()
        _log(session, app, "조정 선발", reason, before=before, after="선발(조정)", rule_rank=res.rank, actor=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"선발 조정: {before}에서 선발 사유: {reason}")
        return step.change(f"{app.application_no} {app.name}: 선발(조정)", after, {app.application_no},
                           f"{app.application_no} {app.name} 조정 선발")


def override_drop(db: Database, app_id: str, reason: str, *, on: object | None = None,
                  expected_version: int | None = None) -> Change:
    """A supervisor takes a selected person out (제외); the next on the waiting list is selected.
    Someone already working stops working from ``on`` (default today)."""
    roles.require(db, "override_selection")
    reason = _reason(reason, required=True, what="선발에서 제외하려면")
    first_off = _date(on, "제외일", clock.today())
    with db.write() as session:
        step = _Step(db, session, [app_id])
        app = step.apps[0]
        _check_version(app, expected_version)
        if step.standing(app).state != rules.SELECTED:
            raise Refused(f"선발된 사람만 제외할 수 있습니다 (지금: {step.text(app)})")
        before = step.text(app)
        after = step.after({app.application_no: rules.DROPPED})
        _end_work(session, app, first_off, f"제외: {reason}")
        app.override, app.override_reason = rules.DROPPED, reason
        app.override_by, app.override_at = db.operator or "(미지정)", clock.now()
        session.flush()
        _log(session, app, "제외", reason, before=before, after="제외", effective_on=first_off,
             rule_rank=step.s.result_of(app.application_no).rank, actor=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"선발 제외: {before}에서 제외 ({first_off}부터) 사유: {reason}")
        return step.change(f"{app.application_no} {app.name}: 제외", after, {app.application_no},
                           f"{app.application_no} {app.name} 제외")


def override_swap(db: Database, in_id: str, out_id: str, reason: str, *, on: object | None = None) -> Change:
    """A supervisor selects one applicant in place of a selected one, with one reason for both."""
    roles.require(db, "override_selection")
    reason = _reason(reason, required=True, what="맞바꾸려면")
    first_off = _date(on, "제외일", clock.today())
    if in_id == out_id:
        raise Refused("같은 신청끼리는 맞바꿀 수 없습니다")
    with db.write() as session:
        step = _Step(db, session, [in_id, out_id])
        app_in, app_out = step.apps
        res_in = step.s.result_of(app_in.application_no)
        if not res_in.eligible:
            raise Refused(f"{app_in.application_no}은(는) 부적격이라 선발할 수 없습니다 ({rules.reason_text(res_in.reasons)})")
        if step.standing(app_in).state in (rules.SELECTED, rules.GAVE_UP):
            raise Refused(f"{app_in.application_no}은(는) 넣을 수 없습니다 (지금: {step.text(app_in)})")
        if step.standing(app_out).state != rules.SELECTED:
            raise Refused(f"{app_out.application_no}은(는) 선발되어 있지 않습니다 (지금: {step.text(app_out)})")
        changes = {app_in.application_no: rules.SELECTED, app_out.application_no: rules.DROPPED}
        step.check_capacity(changes)
        after = step.after(changes)
        before_in, before_out = step.text(app_in), step.text(app_out)
        _end_work(session, app_out, first_off, f"맞바꿈 제외: {reason}")
        now, who = clock.now(), db.operator or "(미지정)"
        for a, what in ((app_in, rules.SELECTED), (app_out, rules.DROPPED)):
            a.override, a.override_reason, a.override_by, a.override_at = what, reason, who, now
        session.flush()
        _log(session, app_in, "맞바꿈 선발", reason, before=before_in, after="선발(조정)", partner_id=app_out.id,
             rule_rank=res_in.rank, actor=db.operator)
        _log(session, app_out, "맞바꿈 제외", reason, before=before_out, after="제외", partner_id=app_in.id,
             effective_on=first_off, rule_rank=step.s.result_of(app_out.application_no).rank, actor=db.operator)
        for a, other, what in ((app_in, app_out, "선발"), (app_out, app_in, "제외")):
            audit.record(session, "update", ENTITY, row_id=a.id, subject=a.application_no,
                         detail=f"맞바꿈 {what} ({other.application_no}와) 사유: {reason}")
        return step.change(f"{app_in.application_no} {app_in.name} 선발, {app_out.application_no} {app_out.name} 제외",
                           after, {app_in.application_no, app_out.application_no}, "맞바꿈")


def revert_override(db: Database, app_id: str, reason: str) -> Change:
    """Take a supervisor's override back (the rule decides again), with a reason."""
    roles.require(db, "override_selection")
    reason = _reason(reason, required=True, what="조정을 되돌리려면")
    with db.write() as session:
        step = _Step(db, session, [app_id])
        app = step.apps[0]
        if not app.override:
            raise Refused(f"{app.application_no}에는 되돌릴 조정이 없습니다")
        if app.override == rules.SELECTED and app.id in step.s.assigned:
            raise Refused("사업장에 배치된 참여자의 선발은 되돌릴 수 없습니다 (그만두면 포기, 빼려면 제외)")
        before = step.text(app)
        after = step.after({app.application_no: ""})
        app.override, app.override_reason, app.override_by, app.override_at = "", "", "", None
        session.flush()
        now_text = standing_text(after[app.application_no])
        _log(session, app, "조정 취소", reason, before=before, after=now_text,
             rule_rank=step.s.result_of(app.application_no).rank, actor=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"조정 취소: {before}에서 {now_text} 사유: {reason}")
        return step.change(f"{app.application_no} {app.name}: 조정 취소 ({now_text})", after, {app.application_no},
                           f"{app.application_no} {app.name} 조정 취소")


def give_up(db: Database, app_id: str, *, reason: str = "", on: object | None = None,
            expected_version: int | None = None) -> Change:
    """A selected (or waiting) person gives up (포기) from ``on`` (default today): their work ends
    the day before, and the next on the waiting list is selected (offered: contact them)."""
    reason = _reason(reason, required=False, what="")
    first_off = _date(on, "포기일", clock.today())
    with db.write() as session:
        step = _Step(db, session, [app_id])
        app = step.apps[0]
        _check_version(app, expected_version)
        st = step.standing(app)
        if st.state not in (rules.SELECTED, rules.WAITING):
            raise Refused(f"선발되었거나 대기 중인 사람만 포기할 수 있습니다 (지금: {step.text(app)})")
        if not step.s.period.start <= first_off <= step.s.period.end + dt.timedelta(days=1):
            raise ValidationFailed({"포기일": f"사업 기간({step.s.period.start} ~ {step.s.period.end}) 안의 날이어야 합니다"})
        before = step.text(app)
        after = step.after(gave_up=set(step.s.decisions.gave_up) | {app.application_no})
        _end_work(session, app, first_off, f"포기: {reason}" if reason else "포기")
        app.gave_up_on, app.gave_up_reason = first_off, reason
        session.flush()
        _log(session, app, "포기", reason, before=before, after="포기", effective_on=first_off,
             rule_rank=step.s.result_of(app.application_no).rank, actor=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"포기 ({first_off}부터): {before}" + (f" 사유: {reason}" if reason else ""))
        return step.change(f"{app.application_no} {app.name}: 포기 ({first_off}부터)", after, {app.application_no},
                           f"{app.application_no} {app.name} 포기")


def undo_give_up(db: Database, app_id: str, reason: str) -> Change:
    """A 포기 recorded by mistake is taken back (a supervisor's decision: it may push someone out)."""
    roles.require(db, "override_selection")
    reason = _reason(reason, required=True, what="포기를 되돌리려면")
    with db.write() as session:
        step = _Step(db, session, [app_id])
        app = step.apps[0]
        if app.gave_up_on is None:
            raise Refused(f"{app.application_no}은(는) 포기하지 않았습니다")
        gave_up = set(step.s.decisions.gave_up) - {app.application_no}
        d = step.s.decisions
        if rules.over_capacity(step.s.period.headcount, rules.Decisions(d.overrides, frozenset(gave_up), d.working),
                               step.s.standings):
            raise Refused("정원이 찼습니다 (배치된 참여자만으로). 먼저 자리를 비우세요")
        after = step.after(gave_up=gave_up)
        app.gave_up_on, app.gave_up_reason = None, ""
        session.flush()
        now_text = standing_text(after[app.application_no])
        _log(session, app, "포기 취소", reason, before="포기", after=now_text,
             rule_rank=step.s.result_of(app.application_no).rank, actor=db.operator)
        audit.record(session, "update", ENTITY, row_id=app.id, subject=app.application_no,
                     detail=f"포기 취소: {now_text} 사유: {reason}")
        return step.change(f"{app.application_no} {app.name}: 포기 취소 ({now_text})", after, {app.application_no},
                           f"{app.application_no} {app.name} 포기 취소")


def history(db: Database, app_id: str) -> list[LogEntry]:
    with db.session() as session:
        return _history(session, app_id)


# =============================================================================================
# Figures (for reports: another area renders them)
# =============================================================================================


def figures(db: Database, period_id: str, *, paid_to: dt.date | None = None) -> dict[str, Any]:
    """A period in numbers: applicants, eligible, selected (the rule's first N and now), the
    budget and its 시/구 shares, and payroll confirmed and paid so far (``paid_on`` up to
    ``paid_to``, default today) with their shares."""
    from ydp_tui.db.models import PwPayroll

    s = screen(db, period_id)
    sm = summarize(s)
    until = paid_to or clock.today()
    with db.session() as session:
        rows = session.execute(select(PwPayroll.status, PwPayroll.total, PwPayroll.city_share, PwPayroll.gu_share,
                                      PwPayroll.paid_on).where(PwPayroll.period_id == period_id,
                                                               PwPayroll.deleted.is_(False))).all()
        participants = session.execute(select(func.count(func.distinct(PwAssignment.application_id))).where(
            PwAssignment.period_id == period_id, PwAssignment.deleted.is_(False))).scalar_one()
    paid = [r for r in rows if r.status == "지급" and r.paid_on is not None and r.paid_on <= until]
    confirmed = [r for r in rows if r.status in ("확정", "지급")]
    return {
        "program": s.period.program, "period": s.period.period, "start": s.period.start, "end": s.period.end,
        "headcount": s.period.headcount, "applicants": sm.applicants, "eligible": sm.eligible,
        "selected": sm.rule_selected, "selected_now": sm.selected, "waiting": sm.waiting, "gave_up": sm.gave_up,
        "participants": participants, "budget": s.period.budget, "city_share": s.period.city_budget,
        "gu_share": s.period.gu_budget, "payroll_confirmed": sum(r.total for r in confirmed),
        "payroll_paid": sum(r.total for r in paid), "payroll_paid_city": sum(r.city_share for r in paid),
        "payroll_paid_gu": sum(r.gu_share for r in paid),
    }


def periods_between(db: Database, date_from: dt.date, date_to: dt.date) -> list[PwPeriod]:
    """Periods that overlap [from, to] (both included)."""
    return [p for p in periods(db) if p.start <= date_to and p.end >= date_from]
