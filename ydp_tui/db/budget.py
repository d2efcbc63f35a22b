"""Budget execution services (예산 집행, DOMAIN.md §4): budget units per year, expenditures
entered against them, and the execution table.

The only code that writes ``budget_unit`` and ``budget_expenditure``.  A unit's 집행액 over a
period is what was entered against it (status 집행) plus the payments of the programs its
``sources`` name (data, not code): e.g. ``subsidy`` counts the youth exam-fee subsidy's paid
batches by their 지급일.  Payments are read from their own tables every time, never copied,
so the execution table always agrees with the program's own figures.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db import audit, roles
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import BudgetExpenditure, BudgetUnit, SubsidyApplication, SubsidyBatch
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import budget as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.validation import Invalid, clean_text, format_won, join_list

PERMISSION = "manage_budget"
ENTERED = "집행 입력"

# Spending a unit's ``sources`` may name: key -> (label, "module:function").  The function is
# ``fn(session, date_from, date_to, arg) -> won`` where ``arg`` is what follows ':' in the key
# (``public_work:동행일자리`` -> "동행일자리"), or "" for none.  An area adds one line.
SOURCES: dict[str, tuple[str, str]] = {
    "subsidy": ("청년 응시료 지원 지급", "ydp_tui.db.budget:subsidy_paid"),
    "public_work": ("공공일자리 급여 지급", "ydp_tui.db.budget:public_work_paid"),
    "enterprise_support": ("상생기업 재정지원", "ydp_tui.db.budget:enterprise_support"),
}


def subsidy_paid(session: Session, date_from: dt.date, date_to: dt.date, arg: str = "") -> int:
    """Youth exam-fee subsidy paid out in [from, to]: the approved amounts of the applications
    in the batches marked 지급 whose 지급일 falls in the period."""
    return int(session.execute(
        select(func.coalesce(func.sum(SubsidyApplication.granted_amount), 0))
        .join(SubsidyBatch, SubsidyApplication.batch_id == SubsidyBatch.id)
        .where(SubsidyApplication.status == "지급", SubsidyApplication.deleted.is_(False),
               SubsidyBatch.status == "지급", SubsidyBatch.deleted.is_(False),
               SubsidyBatch.paid_on >= date_from, SubsidyBatch.paid_on <= date_to)).scalar_one())


def public_work_paid(session: Session, date_from: dt.date, date_to: dt.date, arg: str = "") -> int:
    """Public-work payroll paid in [from, to]: the monthly payrolls marked 지급 whose 지급일 falls
    in the period, of the program ``arg`` (동행일자리, 지역공동체일자리; "" for every program)."""
    from ydp_tui.db.models import PwPayroll, PwPeriod

    stmt = (select(func.coalesce(func.sum(PwPayroll.total), 0))
            .join(PwPeriod, PwPayroll.period_id == PwPeriod.id)
            .where(PwPayroll.status == "지급", PwPayroll.deleted.is_(False),
                   PwPayroll.paid_on >= date_from, PwPayroll.paid_on <= date_to))
    if arg:
        stmt = stmt.where(PwPeriod.program == arg)
    return int(session.execute(stmt).scalar_one())


def enterprise_support(session: Session, date_from: dt.date, date_to: dt.date, arg: str = "") -> int:
    """(예비)사회적경제기업 재정지원 decided in [from, to] (지원 결정일): the programs area records the
    support as it is granted, so its amounts count here instead of being entered twice."""
    from ydp_tui.db.models import EnterpriseSupport

    return int(session.execute(
        select(func.coalesce(func.sum(EnterpriseSupport.amount), 0))
        .where(EnterpriseSupport.deleted.is_(False),
               EnterpriseSupport.granted_on >= date_from, EnterpriseSupport.granted_on <= date_to)).scalar_one())


def source_label(key: str) -> str:
    name, _, arg = key.partition(":")
    label = SOURCES[name][0] if name in SOURCES else key
    return f"{label} ({arg})" if arg else label


def _source_amount(session: Session, key: str, date_from: dt.date, date_to: dt.date) -> int | None:
    name, _, arg = key.partition(":")
    if name not in SOURCES:
        return None
    module, _, fn = SOURCES[name][1].partition(":")
    return int(getattr(importlib.import_module(module), fn)(session, date_from, date_to, arg))


def _source_list(text: str) -> list[str]:
    return [s for s in text.split(";") if s]


# =============================================================================================
# Budget units
# =============================================================================================


def shipped_units() -> list[dict[str, Any]]:
    rows = []
    for year, spec in data.load("budget.json")["years"].items():
        for u in spec["units"]:
            rows.append({"id": stable_id("budget_unit", year, u["code"]), "year": int(year), "code": u["code"],
                         "name": u["name"], "budget": int(u["budget"]), "sources": join_list(u.get("sources", [])),
                         "note": u.get("note", spec.get("note", ""))})
    return rows


def seed_units(session: Session) -> int:
    """Insert shipped units this database does not have (by id or by year and code)."""
    have = set(session.execute(select(BudgetUnit.id, BudgetUnit.year, BudgetUnit.code)).all())
    ids = {h[0] for h in have}
    keys = {(h[1], h[2]) for h in have}
    new = [r for r in shipped_units() if r["id"] not in ids and (r["year"], r["code"]) not in keys]
    for r in new:
        session.add(BudgetUnit(**r))
    return len(new)


def _units(session: Session, year: int) -> list[BudgetUnit]:
    return list(session.execute(
        select(BudgetUnit).where(BudgetUnit.year == year, BudgetUnit.deleted.is_(False))
        .order_by(BudgetUnit.code)).scalars())


def units(db: Database, year: int) -> list[BudgetUnit]:
    with db.session() as session:
        return _units(session, year)


def years(db: Database) -> list[int]:
    with db.session() as session:
        return sorted(set(session.execute(
            select(BudgetUnit.year).where(BudgetUnit.deleted.is_(False))).scalars()))


def find_unit(session: Session, year: int, text: str) -> BudgetUnit:
    """A unit of ``year`` by its code, its exact name, or a part of its name found once."""
    text = " ".join(str(text or "").split())
    found = _units(session, year)
    if not found:
        raise NotFound(f"{year}년 예산 단위사업이 없습니다 (ydp-tui budget unit set {year} ...으로 만드세요)")
    for u in found:
        if text in (u.code, u.name):
            return u
    partial = [u for u in found if text and text in u.name]
    if len(partial) == 1:
        return partial[0]
    names = ", ".join(f"{u.code} {u.name}" for u in found)
    if partial:
        raise ValidationFailed({"단위사업": f"'{text}'에 맞는 단위사업이 여럿입니다: "
                                         + ", ".join(u.name for u in partial)})
    raise ValidationFailed({"단위사업": f"'{text}'은(는) {year}년 단위사업이 아닙니다 ({names})"})


def unit_fields(u: BudgetUnit) -> dict[str, str]:
    out = {}
    for spec in rules.UNIT_FIELDS:
        value = getattr(u, spec.key)
        out[spec.key] = spec.format(_source_list(value) if spec.key == "sources" else value)
    return out


def set_unit(db: Database, year: int, code: str, raw: Mapping[str, object], *,
             expected_version: int | None = None) -> BudgetUnit:
    """Open a unit of a year or change one (예산액, 이름, 집행 출처): a supervisor's job.

    ``raw`` holds the fields to change (form keys); a new unit needs at least 단위사업명 and
    예산액.  Refused when the budget would fall below what is already spent in that year.
    """
    roles.require(db, PERMISSION)
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"연도": f"{year}은(는) 회계연도로 맞지 않습니다"})
    with db.write() as session:
        row = session.execute(select(BudgetUnit).where(BudgetUnit.year == year, BudgetUnit.code == code)
                              .with_for_update()).scalar_one_or_none()
        if row is not None and expected_version is not None and row.version != expected_version:
            raise StaleRecord(f"{year}년 단위사업 {code}", row.updated_by)
        base = unit_fields(row) if row is not None and not row.deleted else {"code": code}
        merged = {**base, **{k: v for k, v in raw.items() if v is not None}, "code": code}
        values, errors = parse_record(rules.UNIT_FIELDS, merged, ParseContext(today=clock.today()))
        unknown = [s for s in values.get("sources") or [] if s.partition(":")[0] not in SOURCES]
        if unknown:
            errors["집행 출처"] = (f"알 수 없는 출처입니다: {', '.join(unknown)} "
                               f"({', '.join(f'{k} {v[0]}' for k, v in SOURCES.items())} 중에서)")
        if errors:
            raise ValidationFailed(errors)
        clash = session.execute(select(BudgetUnit.code).where(
            BudgetUnit.year == year, BudgetUnit.name == values["name"], BudgetUnit.code != code,
            BudgetUnit.deleted.is_(False))).first()
        if clash:
            raise ValidationFailed({"단위사업명": f"'{values['name']}'은(는) 이미 {year}년 단위사업 {clash[0]}의 이름입니다"})
        values["sources"] = join_list(values["sources"] or [])
        values["note"] = values["note"] or ""
        if row is not None and not row.deleted:
            spent = _unit_spent(session, row, dt.date(year, 1, 1), dt.date(year, 12, 31))
            if values["budget"] < spent:
                raise Refused(f"이미 집행한 {format_won(spent)}보다 예산액을 작게 할 수 없습니다")
        labels = {s.key: s.label for s in rules.UNIT_FIELDS}
        if row is None:
            row = BudgetUnit(id=stable_id("budget_unit", str(year), code), year=year, **values)
            session.add(row)
            action, detail = "create", f"{year}년 단위사업 {code} {values['name']} {format_won(values['budget'])}"
        else:
            changed = [labels[k] for k, v in values.items() if getattr(row, k) != v]
            if row.deleted:
                row.deleted = False
                changed.append("다시 열기")
            for k, v in values.items():
                setattr(row, k, v)
            action, detail = "update", "수정: " + (", ".join(changed) or "변경 없음")
        session.flush()
        audit.record(session, action, "budget_unit", row_id=row.id, subject=f"{year}-{code}", detail=detail)
        return row


# =============================================================================================
# Execution
# =============================================================================================


def _entered(session: Session, unit_ids: Sequence[str], date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    if not unit_ids:
        return {}
    rows = session.execute(
        select(BudgetExpenditure.unit_id, func.coalesce(func.sum(BudgetExpenditure.amount), 0))
        .where(BudgetExpenditure.unit_id.in_(list(unit_ids)), BudgetExpenditure.status == "집행",
               BudgetExpenditure.deleted.is_(False),
               BudgetExpenditure.spent_on >= date_from, BudgetExpenditure.spent_on <= date_to)
        .group_by(BudgetExpenditure.unit_id)).all()
    return {r[0]: int(r[1]) for r in rows}


def _unit_spent(session: Session, unit: BudgetUnit, date_from: dt.date, date_to: dt.date) -> int:
    spent = _entered(session, [unit.id], date_from, date_to).get(unit.id, 0)
    for key in _source_list(unit.sources):
        spent += _source_amount(session, key, date_from, date_to) or 0
    return spent


@dataclass(frozen=True)
class Execution:
    date_from: dt.date
    date_to: dt.date
    lines: list[rules.UnitExecution]
    total: rules.ExecutionTotal
    notes: list[str]


def execution(db: Database, date_from: dt.date, date_to: dt.date) -> Execution:
    """Per unit (by code, over every year the period touches): 예산액 of those years and what
    was spent in [from, to], both ends included."""
    with db.session() as session:
        return _execution(session, date_from, date_to)


def _execution(session: Session, date_from: dt.date, date_to: dt.date) -> Execution:
    found = list(session.execute(
        select(BudgetUnit).where(BudgetUnit.year >= date_from.year, BudgetUnit.year <= date_to.year,
                                 BudgetUnit.deleted.is_(False))
        .order_by(BudgetUnit.code, BudgetUnit.year)).scalars())
    entered = _entered(session, [u.id for u in found], date_from, date_to)
    notes: list[str] = []
    by_code: dict[str, dict[str, Any]] = {}
    for u in found:
        # Each year's unit counts only the part of the period inside its year.
        lo, hi = max(date_from, dt.date(u.year, 1, 1)), min(date_to, dt.date(u.year, 12, 31))
        line = by_code.setdefault(u.code, {"name": u.name, "budget": 0, "by_source": {}})
        line["name"] = u.name
        line["budget"] += u.budget
        parts = line["by_source"]
        parts[ENTERED] = parts.get(ENTERED, 0) + entered.get(u.id, 0)
        for key in _source_list(u.sources):
            amount = _source_amount(session, key, lo, hi)
            if amount is None:
                note = f"알 수 없는 집행 출처 '{key}'은(는) 세지 않았습니다 ({u.year}년 {u.name})"
                if note not in notes:
                    notes.append(note)
                continue
            label = source_label(key)
            parts[label] = parts.get(label, 0) + amount
    lines = [rules.UnitExecution(code, v["name"], v["budget"], sum(v["by_source"].values()), v["by_source"])
             for code, v in by_code.items()]
    return Execution(date_from, date_to, lines, rules.total(lines), notes)


# =============================================================================================
# Expenditures
# =============================================================================================


@dataclass(frozen=True)
class ExpenditureRow:
    id: str
    version: int
    expenditure_no: str
    year: int
    unit_code: str
    unit_name: str
    spent_on: dt.date
    amount: int
    description: str
    payee: str
    fund: str
    status: str
    cancel_reason: str
    note: str
    created_by: str


@dataclass(frozen=True)
class Page:
    rows: list[ExpenditureRow]
    total: int
    amount: int          # sum of the 집행 rows matching (cancelled ones not counted)
    offset: int


def _row(e: BudgetExpenditure, u: BudgetUnit) -> ExpenditureRow:
    return ExpenditureRow(e.id, e.version, e.expenditure_no, u.year, u.code, u.name, e.spent_on, e.amount,
                          e.description, e.payee, e.fund, e.status, e.cancel_reason, e.note, e.created_by)


def expenditure_fields(db: Database, year: int) -> list[Any]:
    """The form's fields with the year's unit names to choose from."""
    return rules.expenditure_fields([u.name for u in units(db, year)])


def add_expenditure(db: Database, raw: Mapping[str, object]) -> BudgetExpenditure:
    """Enter one expenditure against a unit of the 집행일's year.

    ``raw["unit"]`` is the unit's name or code.  Refused when it would take the unit past its
    예산액 for the year (counting every source), or the operator may not manage the budget.
    """
    roles.require(db, PERMISSION)
    ctx = ParseContext(today=clock.today())
    specs = {s.key: s for s in rules.expenditure_fields()}
    try:
        day = specs["spent_on"].parse(raw.get("spent_on"), ctx)
    except Invalid as exc:
        day = None
        day_error = str(exc)
    with db.write() as session:
        unit: BudgetUnit | None = None
        errors: dict[str, str] = {}
        if day is None:
            errors["집행일"] = day_error
        else:
            try:
                unit = find_unit(session, day.year, str(raw.get("unit") or ""))
            except ValidationFailed as exc:
                errors.update(exc.errors)
            except NotFound as exc:
                errors["단위사업"] = str(exc)
        names = [unit.name] if unit is not None else []
        fields = rules.expenditure_fields(names)
        values, more = parse_record([f for f in fields if f.key not in ("unit", "spent_on")], raw, ctx)
        errors.update(more)
        if errors:
            raise ValidationFailed(errors)
        assert unit is not None and day is not None
        # Desks sharing a PostgreSQL database enter one unit's expenditures one at a time, so two
        # entries cannot both pass the check below (SQLite's BEGIN IMMEDIATE already serialises).
        session.execute(select(BudgetUnit.id).where(BudgetUnit.id == unit.id).with_for_update()).one()
        spent = _unit_spent(session, unit, dt.date(unit.year, 1, 1), dt.date(unit.year, 12, 31))
        left = rules.room(unit.budget, spent)
        if values["amount"] > left:
            raise ValidationFailed({"금액": f"{format_won(values['amount'])}은(는) {unit.name}의 남은 예산 "
                                           f"{format_won(left)}을 넘습니다 (예산액 {format_won(unit.budget)}, "
                                           f"집행 {format_won(spent)})"})
        e = BudgetExpenditure(expenditure_no=next_number(session, "budget", unit.year), unit_id=unit.id, spent_on=day,
                              amount=values["amount"], description=values["description"],
                              payee=values["payee"] or "", fund=values["fund"] or "", note=values["note"] or "")
        session.add(e)
        session.flush()
        audit.record(session, "create", "budget_expenditure", row_id=e.id, subject=e.expenditure_no,
                     detail=f"집행 입력: {unit.name} {day} {format_won(e.amount)} {e.description}")
        return e


def _load(session: Session, expenditure: str) -> tuple[BudgetExpenditure, BudgetUnit]:
    found = session.execute(
        select(BudgetExpenditure, BudgetUnit).join(BudgetUnit, BudgetExpenditure.unit_id == BudgetUnit.id)
        .where((BudgetExpenditure.id == expenditure) | (BudgetExpenditure.expenditure_no == expenditure.strip()),
               BudgetExpenditure.deleted.is_(False))).first()
    if found is None:
        raise NotFound(f"집행 {expenditure}이(가) 없습니다")
    return found[0], found[1]


def get_expenditure(db: Database, expenditure: str) -> ExpenditureRow:
    with db.session() as session:
        return _row(*_load(session, expenditure))


def cancel_expenditure(db: Database, expenditure: str, reason: str, *,
                       expected_version: int | None = None) -> BudgetExpenditure:
    """집행 -> 취소 with a reason; the row stays (a correction is a cancel and a new entry)."""
    roles.require(db, PERMISSION)
    try:
        reason = clean_text(reason, max_length=300)
    except Invalid as exc:
        raise ValidationFailed({"사유": str(exc)}) from None
    if not reason:
        raise ValidationFailed({"사유": "집행을 취소하려면 사유를 입력하세요"})
    with db.write() as session:
        e, u = _load(session, expenditure)
        if expected_version is not None and e.version != expected_version:
            raise StaleRecord(f"집행 {e.expenditure_no}", e.updated_by)
        if e.status == "취소":
            raise Refused(f"집행 {e.expenditure_no}은(는) 이미 취소되었습니다")
        e.status = "취소"
        e.cancel_reason = reason
        session.flush()
        audit.record(session, "update", "budget_expenditure", row_id=e.id, subject=e.expenditure_no,
                     detail=f"집행 취소: {u.name} {format_won(e.amount)} 사유: {reason}")
        return e


def expenditures(db: Database, year: int, *, unit: str | None = None, limit: int = 200,
                 offset: int = 0) -> Page:
    """A year's expenditures, newest 집행일 first, optionally of one unit (code or name)."""
    with db.session() as session:
        stmt = (select(BudgetExpenditure, BudgetUnit).join(BudgetUnit, BudgetExpenditure.unit_id == BudgetUnit.id)
                .where(BudgetUnit.year == year, BudgetExpenditure.deleted.is_(False)))
        if unit:
            stmt = stmt.where(BudgetUnit.id == find_unit(session, year, unit).id)
        total, amount = _totals(session, stmt)
        rows = session.execute(stmt.order_by(BudgetExpenditure.spent_on.desc(),
                                             BudgetExpenditure.expenditure_no.desc())
                               .limit(limit).offset(offset)).all()
        return Page([_row(e, u) for e, u in rows], total, amount, offset)


def _totals(session: Session, stmt: Any) -> tuple[int, int]:
    """(rows, won of the 집행 rows) of a list's query, counted by the database."""
    counted = stmt.with_only_columns(
        func.count(), func.coalesce(func.sum(case((BudgetExpenditure.status == "집행", BudgetExpenditure.amount),
                                                  else_=0)), 0))
    n, amount = session.execute(counted).one()
    return int(n), int(amount)
