"""Public-work jobs (공공일자리: 동행일자리, 지역공동체일자리): eligibility, hours and wages,
priority, selection with overrides, working days and the monthly payroll.

Pure: no I/O, no ORM.  Every number comes in as data: the program period's row (dates,
headcount, income percentage, asset cap, hours, exclusions) as a :class:`Period`, the year's
기준중위소득 and 최저임금 as a :class:`Policy`, the year's public holidays as a set of dates.

- :func:`screen` is the rule CONTRACT.md (public-work) defines: every reason that applies, daily
  hours and wage, and the rank among the eligible by the priority rule (DOMAIN.md §2); the first
  ``headcount`` are selected.
- :func:`standings` puts the people's decisions on top of the rule: a supervisor's overrides
  (선발/제외, with a reason kept elsewhere), 포기 (gave up), and who is already working
  (assigned to a worksite: never pushed out by a later application).  Seats left are filled in
  rank order, so when someone gives up the next on the waiting list is selected (offered).
- :func:`month_pay` is one participant's pay for a month: paid hours × hourly wage, plus
  주휴수당 for each week (Mon-Sun) with at least 15 scheduled hours, every scheduled day attended.
  A week belongs to the month of its last scheduled working day (a month starting mid-week pays
  the week that ends in it; the week that starts in it and ends in the next month is paid then).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from ydp_tui import data
from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.validation import age_on, half_up, normalize_application_no

# --- reasons -------------------------------------------------------------------------------

REASONS: tuple[str, ...] = ("AGE", "INCOME", "ASSETS", "EXCLUDED", "DUPLICATE_HOUSEHOLD")

REASON_LABELS: dict[str, str] = {
    "AGE": "나이 기준 미달",
    "INCOME": "가구소득 기준 초과",
    "ASSETS": "재산 기준 초과",
    "EXCLUDED": "참여 제외 대상 (생계급여ㆍ실업급여 수급)",
    "DUPLICATE_HOUSEHOLD": "같은 세대 참여자 있음",
}

REASON_SHORT: dict[str, str] = {
    "AGE": "나이", "INCOME": "소득", "ASSETS": "재산", "EXCLUDED": "제외대상", "DUPLICATE_HOUSEHOLD": "세대중복",
}

# Published exclusions a period may apply (the spreadsheet's column names).  The first two make
# an applicant EXCLUDED, the third DUPLICATE_HOUSEHOLD (지역공동체일자리: 1세대 2인 이상).
LIVELIHOOD, UNEMPLOYMENT, HOUSEHOLD_MEMBER = "생계급여수급", "실업급여수급", "세대내참여자"
EXCLUSIONS: tuple[str, ...] = (LIVELIHOOD, UNEMPLOYMENT, HOUSEHOLD_MEMBER)


def reason_short(codes: Iterable[str]) -> str:
    return ",".join(REASON_SHORT.get(c, c) for c in codes)


def reason_text(codes: Iterable[str]) -> str:
    return ", ".join(REASON_LABELS.get(c, c) for c in codes)


# --- the program period and the year's policy ----------------------------------------------

_PERIOD_LABEL = re.compile(r"^(\d{4})-\S{1,15}$")


@dataclass(frozen=True)
class Period:
    """One program period's rules (a ``pw_period`` row)."""

    program: str
    period: str
    start: dt.date
    end: dt.date
    headcount: int
    budget: int
    city_budget: int
    city_ratio: int            # 시비 비율 (%), the rest is 구비
    income_pct: int            # 기준중위소득의 몇 % 이하
    asset_cap: int             # 재산 (원) 이하
    default_hours: int         # 1일 근무시간
    min_age: int               # 만 나이 (시작일 기준) 이상
    senior_age: int            # 이 나이 이상은 senior_hours
    senior_hours: int
    exclusions: tuple[str, ...] = ()
    work_types: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        """The year whose 기준중위소득 and 최저임금 apply (a period lies within one year)."""
        return self.start.year

    @property
    def gu_budget(self) -> int:
        return self.budget - self.city_budget

    @property
    def title(self) -> str:
        return f"{self.program} {self.period}"

    def check(self) -> dict[str, str]:
        """Problems with the values themselves (errors by label)."""
        errors: dict[str, str] = {}
        m = _PERIOD_LABEL.match(self.period)
        if not m:
            errors["기간"] = f"'{self.period}'은(는) 기간 이름이 아닙니다 (예: 2025-상반기)"
        if self.end < self.start:
            errors["종료일"] = "끝나는 날이 시작하는 날보다 앞섭니다"
        elif self.end.year != self.start.year:
            errors["종료일"] = "한 기간은 한 해 안에 있어야 합니다 (최저임금ㆍ기준중위소득이 해마다 다릅니다)"
        elif m and int(m[1]) != self.start.year:
            errors["시작일"] = f"기간 '{self.period}'의 연도와 시작일의 연도가 다릅니다"
        if self.city_budget > self.budget:
            errors["시비"] = "시비가 예산보다 큽니다"
        if not self.min_age <= self.senior_age:
            errors["고령 연령"] = "고령 연령이 최저 연령보다 낮습니다"
        if self.senior_hours > self.default_hours:
            errors["고령 시간"] = "고령자 근무시간이 1일 근무시간보다 깁니다"
        unknown = [e for e in self.exclusions if e not in EXCLUSIONS]
        if unknown:
            errors["제외 대상"] = f"알 수 없는 제외 대상: {', '.join(unknown)} ({'/'.join(EXCLUSIONS)})"
        return errors


@dataclass(frozen=True)
class Policy:
    """The year's numbers: 기준중위소득 by household size (1..7 and each person above 7) and
    the minimum hourly wage."""

    year: int
    median: Mapping[int, int]       # household size 1..7 -> won per month
    extra: int                      # added for each person above 7
    hourly: int

    def median_for(self, size: int) -> int:
        if size < 1:
            raise ValueError("household size must be at least 1")
        if size <= 7:
            return self.median[size]
        return self.median[7] + (size - 7) * self.extra


def policy_from(year: int, median_values: Mapping[str, Any], wage_values: Mapping[str, Any]) -> Policy:
    """Build from ``policy_value`` rows (kinds ``median_income`` and ``min_wage``)."""
    missing = [str(n) for n in range(1, 8) if str(n) not in median_values]
    if missing or "extra" not in median_values:
        raise KeyError(f"median_income {year}: {', '.join(missing + ([] if 'extra' in median_values else ['extra']))}")
    if "hourly" not in wage_values:
        raise KeyError(f"min_wage {year}: hourly")
    return Policy(year, {n: int(median_values[str(n)]) for n in range(1, 8)}, int(median_values["extra"]),
                  int(wage_values["hourly"]))


def income_threshold(median: int, pct: int | Decimal) -> int:
    """median × pct / 100, rounded half up to the won (not Python's round, which rounds a half
    to even: 6,695,735 × 70% = 4,687,014.5 → 4,687,015)."""
    return int(half_up(Decimal(median) * Decimal(pct) / 100))


# --- one application as screening sees it ----------------------------------------------------


class Application(NamedTuple):
    application_no: str
    applied_on: dt.date
    birth_date: dt.date
    household_size: int
    income: int
    assets: int
    livelihood: bool           # 생계급여 수급
    unemployment: bool         # 실업급여 수급
    household_member: bool     # 세대 내 다른 참여자
    dependents: int            # 부양가족수


class Result(NamedTuple):
    application_no: str
    eligible: bool
    reasons: tuple[str, ...]
    daily_hours: int
    daily_wage: int
    rank: int | None
    selected: bool

    def as_json(self) -> dict[str, Any]:
        """The object ``ydp-tui public-work screen --format json`` prints (CONTRACT.md)."""
        return {"application_no": self.application_no, "eligible": self.eligible, "reasons": list(self.reasons),
                "daily_hours": self.daily_hours, "daily_wage": self.daily_wage, "rank": self.rank,
                "selected": self.selected}


def daily_hours(period: Period, birth_date: dt.date) -> int:
    """3 hours for the 65 and over (만 나이 on the start date, a birthday that day counts)."""
    return period.senior_hours if age_on(birth_date, period.start) >= period.senior_age else period.default_hours


def reasons_of(period: Period, policy: Policy, app: Application, *, threshold: int | None = None) -> list[str]:
    """Every reason that applies, in CONTRACT.md's order."""
    reasons: list[str] = []
    if age_on(app.birth_date, period.start) < period.min_age:
        reasons.append("AGE")
    if threshold is None:
        threshold = income_threshold(policy.median_for(app.household_size), period.income_pct)
    if app.income > threshold:
        reasons.append("INCOME")
    if app.assets > period.asset_cap:
        reasons.append("ASSETS")
    if (app.livelihood and LIVELIHOOD in period.exclusions) or (app.unemployment and UNEMPLOYMENT in period.exclusions):
        reasons.append("EXCLUDED")
    if app.household_member and HOUSEHOLD_MEMBER in period.exclusions:
        reasons.append("DUPLICATE_HOUSEHOLD")
    return reasons


# Applications are listed as they arrived: 신청일, then 신청번호.
def arrival_key(app: Application) -> tuple[dt.date, str]:
    return app.applied_on, app.application_no


def priority_key(app: Application, median: int) -> tuple[Fraction, int, int, dt.date, str]:
    """DOMAIN.md §2 (assumption): 가구소득 ÷ 기준중위소득 ascending (exact, as a fraction), then
    재산 ascending, then 부양가족수 descending, then 신청일, then 신청번호."""
    return Fraction(app.income, median), app.assets, -app.dependents, app.applied_on, app.application_no


def _scaled_ratios(medians: Mapping[int, int]) -> dict[int, int]:
    """For each household size, the factor that puts 가구소득 ÷ 기준중위소득 over one common
    denominator (the medians' least common multiple): comparing ``income × factor`` integers is
    exactly comparing the fractions, and much faster than :class:`Fraction`."""
    common = math.lcm(*medians.values()) if medians else 1
    return {size: common // median for size, median in medians.items()}


def screen(period: Period, policy: Policy, applications: Sequence[Application]) -> list[Result]:
    """Screen and rank a period's applications; results in arrival order (신청일, 신청번호)."""
    ordered = sorted(applications, key=arrival_key)
    thresholds: dict[int, int] = {}
    medians: dict[int, int] = {}
    wage = policy.hourly
    partial: list[tuple[Application, tuple[str, ...], int]] = []
    eligible: list[int] = []
    for i, app in enumerate(ordered):
        size = app.household_size
        if size not in thresholds:
            medians[size] = policy.median_for(size)
            thresholds[size] = income_threshold(medians[size], period.income_pct)
        reasons = tuple(reasons_of(period, policy, app, threshold=thresholds[size]))
        partial.append((app, reasons, daily_hours(period, app.birth_date)))
        if not reasons:
            eligible.append(i)
    # priority_key's order, with the ratio as an exact integer over a common denominator
    factors = _scaled_ratios(medians)
    keyed = []
    for i in eligible:
        a = ordered[i]
        keyed.append(((a.income * factors[a.household_size], a.assets, -a.dependents, a.applied_on,
                       a.application_no), i))
    keyed.sort()
    ranks = {i: n for n, (_, i) in enumerate(keyed, start=1)}
    results = []
    for i, (app, reasons, hours) in enumerate(partial):
        rank = ranks.get(i)
        results.append(Result(app.application_no, not reasons, reasons, hours, hours * wage, rank,
                              rank is not None and rank <= period.headcount))
    return results


def explain(period: Period, policy: Policy, app: Application) -> list[tuple[bool, str]]:
    """Each test as a person reads it: (passed, sentence)."""
    age = age_on(app.birth_date, period.start)
    median = policy.median_for(app.household_size)
    threshold = income_threshold(median, period.income_pct)
    hours = daily_hours(period, app.birth_date)
    lines = [
        (age >= period.min_age, f"만 {age}세 ({period.start} 기준, {period.min_age}세 이상)"),
        (app.income <= threshold,
         f"가구소득 {app.income:,}원 / 기준 {threshold:,}원 ({app.household_size}인 중위의 {period.income_pct}%, "
         f"중위 대비 {float(half_up(Decimal(app.income) * 100 / median, 1)):.1f}%)"),
        (app.assets <= period.asset_cap, f"재산 {app.assets:,}원 / 기준 {period.asset_cap:,}원 이하"),
    ]
    excluded = [e for e, on in ((LIVELIHOOD, app.livelihood), (UNEMPLOYMENT, app.unemployment)) if on]
    applies = [e for e in excluded if e in period.exclusions]
    lines.append((not applies, f"{', '.join(applies)} (참여 제외)" if applies else
                  ("생계급여ㆍ실업급여 수급 아님" if not excluded else f"{', '.join(excluded)} (이 사업은 제외 대상 아님)")))
    if HOUSEHOLD_MEMBER in period.exclusions:
        lines.append((not app.household_member, "같은 세대에 다른 참여자 있음 (1세대 1인)" if app.household_member
                      else "같은 세대 참여자 없음"))
    lines.append((True, f"1일 {hours}시간" + (f" ({period.senior_age}세 이상)" if hours == period.senior_hours
                                              and age >= period.senior_age else "")
                  + f", 일급 {hours * policy.hourly:,}원 (시급 {policy.hourly:,}원)"))
    return lines


# --- standings: the rule, then what people decided -------------------------------------------

SELECTED, WAITING, GAVE_UP, DROPPED, INELIGIBLE = "선발", "대기", "포기", "제외", "부적격"
STATES: tuple[str, ...] = (SELECTED, WAITING, GAVE_UP, DROPPED, INELIGIBLE)
# How a selected person came to be selected.
BY_RANK, FILLED, OVERRIDE = "순위", "충원", "조정"


class Standing(NamedTuple):
    application_no: str
    state: str                  # 선발 | 대기 | 포기 | 제외 | 부적격
    how: str                    # for 선발: 순위 (within the headcount) | 충원 (filled a seat left) | 조정
    waiting_no: int | None      # 대기 1, 2, …
    rank: int | None            # the rule's rank among the eligible


@dataclass(frozen=True)
class Decisions:
    """What people decided on top of the rule, by 신청번호."""

    overrides: Mapping[str, str]          # 신청번호 -> 선발 | 제외 (a supervisor's, with a reason)
    gave_up: frozenset[str] = frozenset()  # 포기
    working: frozenset[str] = frozenset()  # assigned to a worksite: stays selected


def standings(results: Sequence[Result], headcount: int, decisions: Decisions) -> dict[str, Standing]:
    """Each application's standing.  Deterministic and independent of the order decisions were
    made in: out are those who gave up or were dropped; in for sure are the overridden-in and
    those already working; the seats left go to the eligible in rank order; the rest wait in
    that order."""
    out: dict[str, str] = {}
    for no, what in decisions.overrides.items():
        if what == DROPPED:
            out[no] = DROPPED
    for no in decisions.gave_up:
        out[no] = GAVE_UP
    forced = {no for no, what in decisions.overrides.items() if what == SELECTED and no not in out}
    forced |= {no for no in decisions.working if no not in out}
    by_no = {r.application_no: r for r in results}
    forced &= set(by_no)
    seats = headcount - len(forced)
    ranked = sorted((r for r in results if r.rank is not None), key=lambda r: r.rank)  # type: ignore[arg-type, return-value]
    out_states: dict[str, Standing] = {}
    waiting = 0
    for r in ranked:
        no = r.application_no
        if no in out or no in forced:
            continue
        if seats > 0:
            seats -= 1
            out_states[no] = Standing(no, SELECTED, BY_RANK if r.rank <= headcount else FILLED, None, r.rank)  # type: ignore[operator]
        else:
            waiting += 1
            out_states[no] = Standing(no, WAITING, "", waiting, r.rank)
    for no in forced:
        r = by_no[no]
        how = OVERRIDE if decisions.overrides.get(no) == SELECTED else (
            BY_RANK if r.rank is not None and r.rank <= headcount else FILLED)
        out_states[no] = Standing(no, SELECTED, how, None, r.rank)
    for r in results:
        no = r.application_no
        if no in out_states:
            continue
        out_states[no] = Standing(no, out.get(no, INELIGIBLE), "", None, r.rank)
    return out_states


def over_capacity(headcount: int, decisions: Decisions, known: Iterable[str]) -> int:
    """How many more are forced in than there are seats (0 when they fit)."""
    known = set(known)
    out = {no for no, what in decisions.overrides.items() if what == DROPPED} | set(decisions.gave_up)
    forced = {no for no, what in decisions.overrides.items() if what == SELECTED} | set(decisions.working)
    return max(0, len((forced - out) & known) - headcount)


# --- working days and attendance ------------------------------------------------------------

PRESENT, ABSENT, SICK, LEAVE = "출근", "결근", "병가", "휴가"
ATTENDANCE: tuple[str, ...] = (PRESENT, ABSENT, SICK, LEAVE)
# (paid, counts as attended for 주휴수당).  휴가 is paid leave (연차유급휴가): paid at the day's
# hours and not an absence.  병가 is unpaid sick leave and, like 결근, breaks the week.
ATTENDANCE_RULES: dict[str, tuple[bool, bool]] = {
    PRESENT: (True, True), LEAVE: (True, True), ABSENT: (False, False), SICK: (False, False),
}


class Span(NamedTuple):
    """One assignment: worked on weekdays from ``start`` to ``end`` (both included)."""

    start: dt.date
    end: dt.date
    daily_hours: int


class Entry(NamedTuple):
    status: str
    hours: int


def is_workday(day: dt.date, holidays: frozenset[dt.date] | set[dt.date]) -> bool:
    """Monday to Friday, not a public holiday (5 days a week)."""
    return day.weekday() < 5 and day not in holidays


def scheduled(spans: Sequence[Span], first: dt.date, last: dt.date,
              holidays: frozenset[dt.date] | set[dt.date]) -> dict[dt.date, int]:
    """Scheduled working days between ``first`` and ``last`` -> that day's hours."""
    out: dict[dt.date, int] = {}
    one = dt.timedelta(days=1)
    for span in spans:
        day = max(span.start, first)
        end = min(span.end, last)
        while day <= end:
            if day.weekday() < 5 and day not in holidays:
                out[day] = span.daily_hours
            day += one
    return out


def entry_problem(status: str, hours: int | None, daily: int) -> str | None:
    """What is wrong with one attendance entry (None when it is fine)."""
    if status not in ATTENDANCE_RULES:
        return f"'{status}'은(는) 출근 구분이 아닙니다 ({'/'.join(ATTENDANCE)} 중 하나)"
    if hours is None:
        return None
    if status == PRESENT and not 1 <= hours <= daily:
        return f"출근 시간 {hours}시간은 1~{daily}시간이어야 합니다 (1일 {daily}시간)"
    if status != PRESENT and hours not in (0, daily if status == LEAVE else 0):
        return f"{status}의 시간은 {daily if status == LEAVE else 0}시간입니다"
    return None


def entry_hours(status: str, hours: int | None, daily: int) -> int:
    """The hours stored for an entry: 출근 as given (default the day's hours), 휴가 the day's
    hours, 결근ㆍ병가 none."""
    if status == PRESENT:
        return daily if hours is None else hours
    return daily if status == LEAVE else 0


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


class Pay(NamedTuple):
    days: int          # paid days (출근, 휴가)
    hours: int         # paid hours
    base: int          # hours × hourly wage
    weeks: int         # weeks with 주휴수당
    weekly: int        # 주휴수당
    total: int
    scheduled: int     # scheduled working days in the month
    missing: int       # scheduled days in the month without an entry
    absent: int        # 결근ㆍ병가 days


@dataclass(frozen=True)
class MonthCalendar:
    """The working days (Monday to Friday, not a holiday) of the whole weeks around a month,
    shared by every participant's pay for that month."""

    year: int
    month: int
    first: dt.date
    last: dt.date
    days: tuple[tuple[dt.date, int, bool], ...]     # (day, week number from 0, in the month)
    weeks: int


def month_calendar(year: int, month: int, holidays: frozenset[dt.date] | set[dt.date]) -> MonthCalendar:
    first, last = month_bounds(year, month)
    monday = first - dt.timedelta(days=first.weekday())
    sunday = last + dt.timedelta(days=6 - last.weekday())
    days = []
    day = monday
    while day <= sunday:
        if day.weekday() < 5 and day not in holidays:
            days.append((day, (day - monday).days // 7, first <= day <= last))
        day += dt.timedelta(days=1)
    return MonthCalendar(year, month, first, last, tuple(days), (sunday - monday).days // 7 + 1)


def month_pay(spans: Sequence[Span], entries: Mapping[dt.date, Entry], year: int, month: int,
              holidays: frozenset[dt.date] | set[dt.date], hourly: int, min_weekly_hours: int, *,
              calendar: MonthCalendar | None = None) -> Pay:
    """One participant's pay for a month (see the module's doc for which month a week belongs to).

    A week is judged on all its scheduled days, in this month or the next (or previous) one;
    ``calendar`` may be given when many participants are paid for the same month."""
    cal = calendar if calendar is not None else month_calendar(year, month, holidays)
    first, last = cal.first, cal.last
    week_hours = [0] * cal.weeks
    week_days = [0] * cal.weeks
    week_last: list[dt.date | None] = [None] * cal.weeks
    week_ok = [True] * cal.weeks
    paid_days = paid_hours = missing = absent = in_month = 0
    rules_of = ATTENDANCE_RULES
    nothing = (False, False)
    single = spans[0] if len(spans) == 1 else None
    for day, week, inside in cal.days:
        if single is not None:
            if day < single[0] or day > single[1]:
                continue
            hours = single[2]
        else:
            hours = 0
            for span in spans:
                if span[0] <= day <= span[1]:
                    hours = span[2]
            if not hours:
                continue
        week_hours[week] += hours
        week_days[week] += 1
        week_last[week] = day
        entry = entries.get(day)           # (status, hours): an Entry or a plain tuple
        paid, counts = rules_of.get(entry[0], nothing) if entry is not None else nothing
        if not counts:
            week_ok[week] = False
        if not inside:
            continue
        in_month += 1
        if entry is None:
            missing += 1
        elif paid:
            paid_days += 1
            paid_hours += entry[1] if entry[1] < hours else hours
        else:
            absent += 1
    weekly = weekly_weeks = 0
    for week in range(cal.weeks):
        end = week_last[week]
        if end is None or not first <= end <= last or week_hours[week] < min_weekly_hours or not week_ok[week]:
            continue
        weekly_weeks += 1
        # 1일 소정근로시간 × 시급; when the hours changed within the week, its average (half up).
        total, days = week_hours[week] * hourly, week_days[week]
        weekly += (2 * total + days) // (2 * days)
    base = paid_hours * hourly
    return Pay(paid_days, paid_hours, base, weekly_weeks, weekly, base + weekly, in_month, missing, absent)


def split(total: int, city_ratio: int | Decimal) -> tuple[int, int]:
    """(시비, 구비): the city's share rounded half up to the won, the district's the remainder."""
    city = int(half_up(Decimal(total) * Decimal(city_ratio) / 100))
    return city, total - city


def months_of(period: Period) -> list[tuple[int, int]]:
    out = []
    y, m = period.start.year, period.start.month
    while (y, m) <= (period.end.year, period.end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --- fields (form and spreadsheet) -------------------------------------------------------------


def _check_app_no(value: Any, ctx: ParseContext) -> None:
    normalize_application_no(value)


def dong_choices() -> tuple[str, ...]:
    return tuple(data.dongs())


APPLICATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("application_no", "신청번호", "text", max_length=30, check=_check_app_no,
              placeholder="비우면 자동 부여", help="동 주민센터 신청번호 (비우면 이 기기에서 새 번호)"),
    FieldSpec("program", "사업명", "text", required=True, max_length=30, placeholder="동행일자리"),
    FieldSpec("period", "기간", "text", required=True, max_length=20, placeholder="2024-상반기"),
    FieldSpec("name", "성명", "name", required=True, max_length=50, placeholder="홍길동 / NGUYEN THI HOA"),
    FieldSpec("birth_date", "생년월일", "birth", required=True, placeholder="1960-03-15"),
    FieldSpec("phone", "휴대전화", "mobile", placeholder="010-1234-5678"),
    FieldSpec("dong", "행정동", "choice", required=True, choices=dong_choices(), placeholder="문래 + Tab"),
    FieldSpec("household_size", "가구원수", "int", required=True, minimum=1, maximum=20, placeholder="1"),
    FieldSpec("household_income", "가구소득", "amount", required=True, maximum=10_000_000_000,
              placeholder="월, 원: 1,500,000"),
    FieldSpec("assets", "재산", "amount", required=True, maximum=1_000_000_000_000, placeholder="원: 50,000,000"),
    FieldSpec("applied_on", "신청일", "past_date", required=True, placeholder="2024-05-31"),
    FieldSpec("livelihood", LIVELIHOOD, "yesno", required=True),
    FieldSpec("unemployment", UNEMPLOYMENT, "yesno", required=True),
    FieldSpec("household_member", HOUSEHOLD_MEMBER, "yesno", required=True),
    FieldSpec("dependents", "부양가족수", "int", required=True, minimum=0, maximum=20, placeholder="0"),
)

FIELDS_BY_KEY = {f.key: f for f in APPLICATION_FIELDS}
YES, NO = "예", "아니오"

# The desk form: the period is chosen on the screen; yes/no answers are two choices (the
# service reads them with the spreadsheet's Y/N parser: 예 = Y).
FORM_FIELDS: tuple[FieldSpec, ...] = tuple(
    replace(s, kind="choice", choices=(NO, YES), required=False) if s.kind == "yesno" else s
    for s in APPLICATION_FIELDS if s.key not in ("program", "period"))


def check_record(values: dict[str, Any]) -> dict[str, str]:
    """Rules across fields (errors by label); normalises the number."""
    errors: dict[str, str] = {}
    if values.get("application_no"):
        values["application_no"] = normalize_application_no(values["application_no"])
    for key in ("program", "period"):
        if values.get(key):
            values[key] = " ".join(values[key].split())
    birth, applied = values.get("birth_date"), values.get("applied_on")
    if birth and applied and applied < birth:
        errors["신청일"] = "신청일이 생년월일보다 앞섭니다"
    return errors


def application_from(values: Mapping[str, Any]) -> Application:
    """Screening's view of parsed values (form keys)."""
    return Application(values.get("application_no") or "(새 신청)", values["applied_on"], values["birth_date"],
                       values["household_size"], values["household_income"], values["assets"],
                       bool(values["livelihood"]), bool(values["unemployment"]), bool(values["household_member"]),
                       values["dependents"])


# --- program period fields (a supervisor's form and ``public-work period set``) --------------

PERIOD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("start", "시작일", "date", required=True, placeholder="2025-01-01"),
    FieldSpec("end", "종료일", "date", required=True, placeholder="2025-06-30"),
    FieldSpec("headcount", "정원", "int", required=True, minimum=1, maximum=100_000, placeholder="190"),
    FieldSpec("budget", "예산", "amount", required=True, minimum=0, maximum=1_000_000_000_000,
              placeholder="3,094,000,000"),
    FieldSpec("city_budget", "시비", "amount", minimum=0, maximum=1_000_000_000_000,
              placeholder="비우면 예산 x 시비율", help="예산 중 시비 (원); 구비는 나머지"),
    FieldSpec("city_ratio", "시비율(%)", "int", required=True, minimum=0, maximum=100, placeholder="70",
              help="급여를 시비ㆍ구비로 나누는 비율"),
    FieldSpec("income_pct", "소득기준(%)", "int", required=True, minimum=1, maximum=300, placeholder="80",
              help="기준중위소득의 몇 % 이하"),
    FieldSpec("asset_cap", "재산기준", "amount", required=True, minimum=0, maximum=1_000_000_000_000,
              placeholder="499,000,000"),
    FieldSpec("default_hours", "1일 시간", "int", required=True, minimum=1, maximum=8, placeholder="6"),
    FieldSpec("min_age", "최저 연령", "int", required=True, minimum=0, maximum=120, placeholder="18"),
    FieldSpec("senior_age", "고령 연령", "int", required=True, minimum=0, maximum=120, placeholder="65"),
    FieldSpec("senior_hours", "고령 시간", "int", required=True, minimum=1, maximum=8, placeholder="3"),
    FieldSpec("exclusions", "제외 대상", "multi", choices=EXCLUSIONS),
    FieldSpec("work_types", "사업 내용", "list", max_length=30, placeholder="공공서비스;그린환경;안전관리"),
    FieldSpec("note", "비고", "text", max_length=300),
)


def period_from(program: str, period: str, values: Mapping[str, Any]) -> Period:
    def items(key: str) -> tuple[str, ...]:
        raw = values.get(key) or ()
        if isinstance(raw, str):
            raw = [x for x in raw.split(";") if x]
        return tuple(" ".join(x.split()) for x in raw)

    budget = values["budget"]
    city = values.get("city_budget")
    if city is None:
        city = int(half_up(Decimal(budget) * values["city_ratio"] / 100))
    return Period(program=program, period=period, start=values["start"], end=values["end"],
                  headcount=values["headcount"], budget=budget, city_budget=city, city_ratio=values["city_ratio"],
                  income_pct=values["income_pct"], asset_cap=values["asset_cap"],
                  default_hours=values["default_hours"], min_age=values["min_age"],
                  senior_age=values["senior_age"], senior_hours=values["senior_hours"],
                  exclusions=items("exclusions"), work_types=items("work_types"))


# --- worksites (사업장) ---------------------------------------------------------------------

WORKSITE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "사업장", "text", required=True, max_length=60, placeholder="문래동 주민센터 환경정비"),
    FieldSpec("department", "부서", "text", required=True, max_length=40, placeholder="문래동 주민센터"),
    FieldSpec("place", "장소", "text", required=True, max_length=100, placeholder="문래동 일대"),
    FieldSpec("work_type", "업무", "text", required=True, max_length=30, placeholder="그린환경"),
    FieldSpec("supervisor", "감독자", "name", required=True, max_length=50, placeholder="담당 공무원"),
    FieldSpec("supervisor_phone", "감독자 전화", "phone", placeholder="02-2670-1234"),
    FieldSpec("daily_hours", "1일 시간", "int", required=True, minimum=3, maximum=6, placeholder="6",
              help="3~6시간 (65세 이상은 3시간)"),
    FieldSpec("capacity", "배치 인원", "int", minimum=1, maximum=10_000, placeholder="비우면 제한 없음"),
    FieldSpec("note", "비고", "text", max_length=200),
)


def assignment_hours(worksite_hours: int, rule_hours: int) -> int:
    """A participant works the worksite's hours, never more than the rule allows (65+: 3)."""
    return min(worksite_hours, rule_hours)
