"""Public-work monthly payroll: days × daily wage plus 주휴수당, the month's total split by the
period's 시/구 ratio; confirming a month (확정) locks its attendance and keeps its lines, paying
(지급) records the date; XLSX export for the finance team.

The pay rules are ``rules.public_work.month_pay`` (which month a week's 주휴수당 belongs to is
decided there: the month of the week's last scheduled working day).  An unconfirmed month is
computed from the attendance every time it is asked for; a confirmed one is read back as it was
confirmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, roles
from ydp_tui.db.cache import collector_paused
from ydp_tui.db.capture import bulk_insert
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, ValidationFailed
from ydp_tui.db.models import PwApplication, PwAssignment, PwAttendance, PwPayroll, PwPayrollLine, PwWorksite
from ydp_tui.db.public_work import _period_row, _reason, holidays, policy_for, to_period, weekly_min_hours
from ydp_tui.rules import public_work as rules
from ydp_tui.rules.validation import Invalid, format_won, parse_date

UNCONFIRMED, CONFIRMED, PAID = "미확정", "확정", "지급"


@dataclass(frozen=True)
class PayRow:
    application_id: str
    application_no: str
    name: str
    birth_date: dt.date | None
    worksite: str                 # where they worked last in the month
    daily_hours: int
    days: int
    hours: int
    base: int
    weeks: int
    weekly: int
    total: int
    scheduled: int
    missing: int
    absent: int


@dataclass(frozen=True)
class Payroll:
    period_id: str
    program: str
    period: str
    year: int
    month: int
    status: str                   # 미확정 | 확정 | 지급
    hourly: int
    city_ratio: int
    rows: list[PayRow]
    participants: int
    days: int
    base: int
    weekly: int
    total: int
    city_share: int
    gu_share: int
    missing: int                  # scheduled days without an entry (a confirmed month has none)
    confirmed_by: str
    confirmed_at: dt.datetime | None
    paid_on: dt.date | None
    version: int | None

    @property
    def title(self) -> str:
        return f"{self.program} {self.period} {self.year}년 {self.month}월 급여"

    def line(self) -> str:
        return (f"{self.participants:,}명 | 지급액 {self.total:,}원 (기본 {self.base:,}, 주휴 {self.weekly:,}) | "
                f"시비 {self.city_share:,} 구비 {self.gu_share:,} ({self.city_ratio}:{100 - self.city_ratio})")


def _month(year: int, month: int, period: rules.Period) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise ValidationFailed({"월": f"{month}월은 없습니다"})
    if (year, month) not in rules.months_of(period):
        raise ValidationFailed({"월": f"{year}년 {month}월은 {period.title} 기간({period.start} ~ {period.end}) 밖입니다"})
    return rules.month_bounds(year, month)


def parse_month(raw: object) -> tuple[int, int]:
    """``2024-05``, ``2024.5``, ``202405`` → (2024, 5)."""
    text = "" if raw is None else str(raw).strip().replace(".", "-").replace("/", "-").rstrip("-")
    parts = [p for p in text.split("-") if p]
    try:
        if len(parts) == 1 and len(parts[0]) == 6:
            return int(parts[0][:4]), int(parts[0][4:])
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            if 1 <= month <= 12:
                return year, month
    except ValueError:
        pass
    raise ValidationFailed({"월": f"'{raw}'을(를) 월로 읽을 수 없습니다 (예: 2024-05)"})


def _days_off(session: Session, year: int, month: int) -> frozenset[dt.date]:
    """Holidays of the year, and of the neighbouring year when a week crosses into it."""
    days = holidays(session, year)
    if month == 1:
        days |= holidays(session, year - 1)
    if month == 12:
        days |= holidays(session, year + 1)
    return days


def _attendance(conn: Any, period_id: str, lo: dt.date, hi: dt.date) -> dict[str, dict[dt.date, tuple[str, int]]]:
    """Every attendance entry of the period between two days: application id -> day -> (status,
    hours).  Read straight from the driver (a month of 10,000 participants is 230,000 rows; the
    covering index ``ix_pw_attendance_period_date`` answers it without touching the table)."""
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.cursor()       # the driver's own rows (plain tuples), same transaction
    try:
        cursor.execute(
            "SELECT application_id, work_date, status, hours FROM pw_attendance "
            f"WHERE period_id = {mark} AND work_date >= {mark} AND work_date <= {mark} AND deleted = {mark}",
            (period_id, lo.isoformat() if sqlite else lo, hi.isoformat() if sqlite else hi, False))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    out: dict[str, dict[dt.date, tuple[str, int]]] = {}
    as_date = dt.date.fromisoformat if sqlite else None
    for app_id, day, status, hours in rows:
        got = out.get(app_id)
        if got is None:
            got = out[app_id] = {}
        got[as_date(day) if as_date is not None else day] = (status, hours)
    return out


def _compute(session: Session, period_id: str, year: int, month: int) -> tuple[list[PayRow], int, rules.Period]:
    with collector_paused():
        return _compute_month(session, period_id, year, month)


def _compute_month(session: Session, period_id: str, year: int, month: int
                   ) -> tuple[list[PayRow], int, rules.Period]:
    row = _period_row(session, period_id)
    period = to_period(row)
    first, last = _month(year, month, period)
    hourly = policy_for(session, period.year).hourly
    days_off = _days_off(session, year, month)
    min_hours = weekly_min_hours(session)
    week_first = first - dt.timedelta(days=first.weekday())
    week_last = last + dt.timedelta(days=6 - last.weekday())
    conn = session.connection()
    spans: dict[str, list[tuple[rules.Span, str]]] = {}
    for app_id, start, end, hours, site in conn.execute(
            select(PwAssignment.application_id, PwAssignment.start, PwAssignment.end, PwAssignment.daily_hours,
                   PwWorksite.name).join(PwWorksite, PwWorksite.id == PwAssignment.worksite_id)
            .where(PwAssignment.period_id == period_id, PwAssignment.deleted.is_(False),
                   PwAssignment.start <= week_last, PwAssignment.end >= week_first)).all():
        spans.setdefault(app_id, []).append((rules.Span(start, end, hours), site))
    entries = _attendance(conn, period_id, week_first, week_last)
    people = {r[0]: r[1:] for r in conn.execute(
        select(PwApplication.id, PwApplication.application_no, PwApplication.name, PwApplication.birth_date)
        .where(PwApplication.period_id == period_id)).all()}
    calendar = rules.month_calendar(year, month, days_off)
    out = []
    for app_id, items in spans.items():
        in_month = [(s, site) for s, site in items if s.start <= last and s.end >= first]
        if not in_month:
            continue   # only a neighbouring week touches this month: paid with its own month
        pay = rules.month_pay([s for s, _ in items], entries.get(app_id, {}), year, month, days_off, hourly, min_hours,
                              calendar=calendar)
        span, site = max(in_month, key=lambda x: x[0].start)
        no, name, birth = people.get(app_id, ("", None, None))
        out.append(PayRow(app_id, no, name or "(파기됨)", birth, site, span.daily_hours, pay.days, pay.hours, pay.base,
                          pay.weeks, pay.weekly, pay.total, pay.scheduled, pay.missing, pay.absent))
    out.sort(key=lambda r: (r.worksite, r.name, r.application_no))
    return out, hourly, period


def _stored(session: Session, period_id: str, year: int, month: int) -> PwPayroll | None:
    return session.execute(select(PwPayroll).where(PwPayroll.period_id == period_id,
                                                   PwPayroll.month == dt.date(year, month, 1),
                                                   PwPayroll.deleted.is_(False))).scalar_one_or_none()


def _stored_rows(session: Session, payroll_id: str) -> list[PayRow]:
    L = PwPayrollLine
    rows = session.connection().execute(
        select(L.application_id, PwApplication.application_no, PwApplication.name, PwApplication.birth_date,
               L.worksite, L.daily_hours, L.days, L.hours, L.base, L.weeks, L.weekly, L.total, L.absent)
        .join(PwApplication, PwApplication.id == L.application_id)
        .where(L.payroll_id == payroll_id, L.deleted.is_(False))).all()
    out = [PayRow(app_id, no, name or "(파기됨)", birth, site, daily, days, hours, base, weeks, weekly, total,
                  days + absent, 0, absent)
           for app_id, no, name, birth, site, daily, days, hours, base, weeks, weekly, total, absent in rows]
    out.sort(key=lambda r: (r.worksite, r.name, r.application_no))
    return out


def _totals(rows: list[PayRow]) -> tuple[int, int, int, int, int]:
    return (sum(r.days for r in rows), sum(r.base for r in rows), sum(r.weekly for r in rows),
            sum(r.total for r in rows), sum(r.missing for r in rows))


def payroll(db: Database, period_id: str, year: int, month: int) -> Payroll:
    """A month's payroll: as confirmed, or computed now from the attendance."""
    with db.session() as session:
        row = _period_row(session, period_id)
        period = to_period(row)
        _month(year, month, period)
        stored = _stored(session, period_id, year, month)
        if stored is not None and stored.status in (CONFIRMED, PAID):
            rows = _stored_rows(session, stored.id)
            return Payroll(period_id, period.program, period.period, year, month, stored.status, stored.hourly,
                           period.city_ratio, rows, stored.participants, stored.days, stored.base, stored.weekly,
                           stored.total, stored.city_share, stored.gu_share, 0, stored.confirmed_by,
                           stored.confirmed_at, stored.paid_on, stored.version)
        rows, hourly, period = _compute(session, period_id, year, month)
    days, base, weekly, total, missing = _totals(rows)
    city, gu = rules.split(total, period.city_ratio)
    return Payroll(period_id, period.program, period.period, year, month, UNCONFIRMED, hourly, period.city_ratio, rows,
                   len(rows), days, base, weekly, total, city, gu, missing, "", None, None,
                   stored.version if stored is not None else None)


def _missing_lines(rows: list[PayRow], limit: int = 5) -> str:
    short = [f"{r.application_no} {r.name} {r.missing}일" for r in rows if r.missing][:limit]
    more = sum(1 for r in rows if r.missing) - len(short)
    return ", ".join(short) + (f" 외 {more}명" if more > 0 else "")


def confirm(db: Database, period_id: str, year: int, month: int) -> Payroll:
    """확정: the month is over and every scheduled day has an entry; its lines are kept and its
    attendance locked.  A supervisor's step (``approve_payment``)."""
    roles.require(db, "approve_payment")
    with db.write() as session:
        stored, rows = confirm_in(session, period_id, year, month, by=db.operator or "(미지정)")
        audit.record(session, "update", "pw_payroll", row_id=stored.id, subject=f"{year}-{month:02d}",
                     detail=f"급여 확정: {len(rows)}명 {format_won(stored.total)} (시비 {format_won(stored.city_share)}, "
                            f"구비 {format_won(stored.gu_share)})")
    return payroll(db, period_id, year, month)


def confirm_in(session: Session, period_id: str, year: int, month: int, *, by: str
               ) -> tuple[PwPayroll, list[PayRow]]:
    """The work of :func:`confirm` inside a caller's transaction (the demo generator uses it too)."""
    row = _period_row(session, period_id, lock=True)
    period = to_period(row)
    first, last = _month(year, month, period)
    if last > clock.today():
        raise Refused(f"{year}년 {month}월이 끝난 뒤({last})에 확정할 수 있습니다")
    stored = _stored(session, period_id, year, month)
    if stored is not None and stored.status in (CONFIRMED, PAID):
        raise Refused(f"{year}년 {month}월 급여는 이미 {stored.status}되었습니다")
    rows, hourly, period = _compute(session, period_id, year, month)
    if not rows:
        raise Refused(f"{year}년 {month}월에 일한 참여자가 없습니다")
    days, base, weekly, total, missing = _totals(rows)
    if missing:
        raise Refused(f"출근 기록이 없는 근무일이 {missing}일 있습니다: {_missing_lines(rows)} "
                      "(출근부를 채운 뒤 확정하세요)")
    city, gu = rules.split(total, period.city_ratio)
    values = dict(status=CONFIRMED, participants=len(rows), days=days, base=base, weekly=weekly, total=total,
                  city_share=city, gu_share=gu, hourly=hourly, confirmed_by=by, confirmed_at=clock.now(),
                  paid_on=None, paid_by="")
    if stored is None:
        stored = PwPayroll(period_id=period_id, month=first, **values)
        session.add(stored)
    else:
        for k, v in values.items():
            setattr(stored, k, v)
    session.flush()
    bulk_insert(session, PwPayrollLine, [
        {"payroll_id": stored.id, "application_id": r.application_id, "worksite": r.worksite[:60],
         "daily_hours": r.daily_hours, "days": r.days, "hours": r.hours, "base": r.base, "weeks": r.weeks,
         "weekly": r.weekly, "total": r.total, "absent": r.absent} for r in rows])
    return stored, rows


def reopen(db: Database, period_id: str, year: int, month: int, reason: str) -> Payroll:
    """확정 → 미확정 (not once paid), with a reason: attendance can be corrected again."""
    roles.require(db, "approve_payment")
    reason = _reason(reason, required=True, what="확정을 취소하려면")
    with db.write() as session:
        _period_row(session, period_id, lock=True)
        stored = _stored(session, period_id, year, month)
        if stored is None or stored.status != CONFIRMED:
            raise Refused(f"{year}년 {month}월 급여는 확정 상태가 아닙니다" + (f" (지금: {stored.status})" if stored else ""))
        stored.status = "취소"
        stored.note = f"확정 취소: {reason}"[:300]
        for line in session.execute(select(PwPayrollLine).where(PwPayrollLine.payroll_id == stored.id,
                                                                PwPayrollLine.deleted.is_(False))).scalars():
            line.deleted = True
        session.flush()
        audit.record(session, "update", "pw_payroll", row_id=stored.id, subject=f"{year}-{month:02d}",
                     detail=f"급여 확정 취소: {reason}")
    return payroll(db, period_id, year, month)


def mark_paid(db: Database, period_id: str, year: int, month: int, *, paid_on: object | None = None) -> Payroll:
    """지급: the confirmed month was paid on ``paid_on`` (default today)."""
    roles.require(db, "approve_payment")
    try:
        on = clock.today() if paid_on in (None, "") else parse_date(paid_on)
    except Invalid as exc:
        raise ValidationFailed({"지급일": str(exc)}) from None
    if on > clock.today():
        raise ValidationFailed({"지급일": f"'{on}'은(는) 미래의 날짜입니다"})
    with db.write() as session:
        stored = _stored(session, period_id, year, month)
        if stored is None or stored.status != CONFIRMED:
            raise Refused(f"확정된 급여만 지급 처리합니다 ({year}년 {month}월: {stored.status if stored else '미확정'})")
        if stored.confirmed_at is not None and on < clock.local(stored.confirmed_at).date():
            raise ValidationFailed({"지급일": "확정한 날보다 앞섭니다"})
        stored.status = PAID
        stored.paid_on = on
        stored.paid_by = db.operator or "(미지정)"
        session.flush()
        audit.record(session, "update", "pw_payroll", row_id=stored.id, subject=f"{year}-{month:02d}",
                     detail=f"급여 지급 {on}: {format_won(stored.total)}")
    return payroll(db, period_id, year, month)


def months(db: Database, period_id: str) -> list[tuple[int, int, str]]:
    """(year, month, status) for every month of the period."""
    with db.session() as session:
        period = to_period(_period_row(session, period_id))
        stored = {(p.month.year, p.month.month): p.status for p in session.execute(
            select(PwPayroll).where(PwPayroll.period_id == period_id, PwPayroll.deleted.is_(False))).scalars()}
    return [(y, m, stored[(y, m)] if stored.get((y, m)) in (CONFIRMED, PAID) else UNCONFIRMED)
            for y, m in rules.months_of(period)]


PAYROLL_COLUMNS = ["신청번호", "성명", "생년월일", "사업장", "1일 근무시간", "시급", "일급", "근무일수", "근무시간", "기본급",
                   "주휴 주수", "주휴수당", "지급액", "결근ㆍ병가", "미입력"]


def export(db: Database, period_id: str, year: int, month: int, path: str | Path) -> int:
    """The month's payroll as XLSX (or CSV): one row per participant, then the total and its
    시비/구비 split.  Logged as an export of personal data."""
    from ydp_tui.io.spreadsheet import write_table

    p = payroll(db, period_id, year, month)
    rows: list[list[Any]] = [[r.application_no, r.name, r.birth_date, r.worksite, r.daily_hours, p.hourly,
                              r.daily_hours * p.hourly, r.days, r.hours, r.base, r.weeks, r.weekly, r.total, r.absent,
                              r.missing] for r in p.rows]
    blank = [None] * len(PAYROLL_COLUMNS)
    rows.append(blank)
    total = list(blank)
    total[0], total[1], total[7], total[9], total[11], total[12] = "합계", f"{p.participants}명", p.days, p.base, \
        p.weekly, p.total
    rows.append(total)
    for label, amount, share in (("시비", p.city_share, p.city_ratio), ("구비", p.gu_share, 100 - p.city_ratio)):
        line = list(blank)
        line[0], line[1], line[12] = label, f"{share}%", amount
        rows.append(line)
    status = list(blank)
    status[0], status[1] = "상태", p.status + (f" ({p.paid_on})" if p.paid_on else "")
    rows.append(status)
    money = {c: "#,##0" for c in ("시급", "일급", "기본급", "주휴수당", "지급액")}
    write_table(path, PAYROLL_COLUMNS, rows, sheet=f"{year}-{month:02d} 급여", number_format=money)
    with db.write(audit_only=True) as session:
        audit.record(session, "export", "pw_payroll", subject=f"{p.program} {p.period} {year}-{month:02d}",
                     detail=f"급여 {Path(path).name}: {p.participants}명 {format_won(p.total)} ({p.status}, "
                            f"{clock.format_local(clock.now())})")
    return len(p.rows)


@dataclass(frozen=True)
class DayLine:
    day: dt.date
    scheduled: bool
    why_not: str
    status: str | None
    hours: int | None
    daily_hours: int | None


def participant_month(db: Database, app_id: str, year: int, month: int) -> tuple[list[DayLine], rules.Pay]:
    """One participant's month, day by day, and its pay."""
    from ydp_tui.db.public_work import holiday_names
    from ydp_tui.db.public_work_roster import _why_not

    with db.session() as session:
        app = session.get(PwApplication, app_id)
        if app is None or app.deleted:
            raise NotFound("신청을 찾을 수 없습니다")
        period = to_period(_period_row(session, app.period_id))
        first, last = _month(year, month, period)
        spans = [rules.Span(s, e, h) for s, e, h in session.execute(
            select(PwAssignment.start, PwAssignment.end, PwAssignment.daily_hours)
            .where(PwAssignment.application_id == app_id, PwAssignment.deleted.is_(False)))]
        names = holiday_names(session, year)
        days_off = _days_off(session, year, month)
        entries = {d: rules.Entry(s, h) for d, s, h in session.execute(
            select(PwAttendance.work_date, PwAttendance.status, PwAttendance.hours)
            .where(PwAttendance.application_id == app_id, PwAttendance.deleted.is_(False)))}
        hourly = policy_for(session, period.year).hourly
        min_hours = weekly_min_hours(session)
    sched = rules.scheduled(spans, first, last, days_off)
    lines = []
    day = first
    while day <= last:
        e = entries.get(day)
        lines.append(DayLine(day, day in sched, _why_not(day, names), e.status if e else None,
                             e.hours if e else None, sched.get(day)))
        day += dt.timedelta(days=1)
    return lines, rules.month_pay(spans, entries, year, month, days_off, hourly, min_hours)
