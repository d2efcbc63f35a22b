"""Demo data for public-work jobs (a ``demo.STEPS`` step) and the benchmark's applicants.

``seed`` scale reproduces the seed report as of 2024-05-31: 동행일자리 190 and 지역공동체일자리 16
selected for 2024 상반기 out of more applicants (ineligible ones of every reason, and a waiting
list), a supervisor's swap with its reason, participants at worksites since the period's start,
a few who gave up with the next on the waiting list taking their seat, attendance for every
working day of April and May (of May only at ``small`` scale; earlier months would add tens of
thousands of rows for little), April's payroll confirmed and paid, May still open; and the first
applications for 하반기 (recruited in May and June).  ``seoul`` makes about 10,000
applicants.  Everything is drawn from the given ``rng``: the same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ydp_tui import clock, data
from ydp_tui.rules import public_work as rules

# (program, period) -> (applicants at seed scale, number prefix, first and last 신청일)
APPLICANTS: dict[tuple[str, str], tuple[int, str, dt.date, dt.date]] = {
    ("동행일자리", "2024-상반기"): (262, "D24A", dt.date(2023, 11, 20), dt.date(2023, 12, 15)),
    ("지역공동체일자리", "2024-상반기"): (31, "J24A", dt.date(2024, 1, 2), dt.date(2024, 1, 19)),
    ("동행일자리", "2024-하반기"): (84, "D24B", dt.date(2024, 5, 13), dt.date(2024, 5, 31)),
    ("지역공동체일자리", "2024-하반기"): (12, "J24B", dt.date(2024, 5, 20), dt.date(2024, 5, 31)),
}
SEOUL_APPLICANTS = {("동행일자리", "2024-상반기"): 7000, ("지역공동체일자리", "2024-상반기"): 1500,
                    ("동행일자리", "2024-하반기"): 1200, ("지역공동체일자리", "2024-하반기"): 300}

# Worksites: (name, department, place, work type, daily hours)
WORKSITES: dict[str, list[tuple[str, str, str, str, int]]] = {
    "동행일자리": [
        ("구청 민원실 안내", "민원여권과", "영등포구청 1층", "공공서비스", 6),
        ("영등포본동 행정지원", "영등포본동 주민센터", "영등포본동 주민센터", "공공서비스", 6),
        ("신길동 경로당 지원", "어르신복지과", "신길1~7동 경로당", "공공서비스", 5),
        ("구립도서관 자료 정리", "교육지원과", "영등포구립도서관", "공공서비스", 6),
        ("문래동 골목 환경정비", "문래동 주민센터", "문래동 일대", "그린환경", 6),
        ("당산 어린이공원 관리", "공원녹지과", "당산공원 외 4곳", "그린환경", 6),
        ("도림천 산책로 정비", "치수과", "도림천 산책로", "그린환경", 4),
        ("영등포시장 주변 환경정비", "청소행정과", "영등포시장 일대", "그린환경", 6),
        ("여의도 한강공원 안전순찰", "안전총괄과", "여의도 한강공원", "안전관리", 6),
        ("영등포역 주변 안전순찰", "안전총괄과", "영등포역 광장", "안전관리", 6),
        ("대림동 안전지킴이", "대림2동 주민센터", "대림중앙시장 일대", "안전관리", 5),
        ("어린이 통학로 교통안전", "교통행정과", "관내 초등학교 14곳", "안전관리", 4),
    ],
    "지역공동체일자리": [
        ("양평동 자원순환센터", "청소행정과", "양평동 자원순환센터", "자원재생", 6),
        ("대림동 다문화가족 통번역 지원", "가족정책과", "영등포구 가족센터", "다문화지원", 6),
        ("문래 창작촌 마을 가꾸기", "자치행정과", "문래창작촌", "마을가꾸기", 6),
    ],
}

GIVE_UP_REASONS = ["민간 기업 취업", "건강 악화", "가족 돌봄", "이사 (타 지역 전출)", "개인 사정", "다른 일자리 사업 참여"]


@dataclass
class PeriodPlan:
    row: dict[str, Any]                      # the shipped period
    period: rules.Period
    apps: list[dict[str, Any]] = field(default_factory=list)
    overrides: dict[str, tuple[str, str]] = field(default_factory=dict)     # no -> (선발|제외, reason)
    swap: tuple[str, str] | None = None      # (in, out) of the supervisor's swap
    gave_up: dict[str, tuple[dt.date, str]] = field(default_factory=dict)   # no -> (포기일, reason)
    # assignments: (no, worksite index, start, end, daily hours)
    assignments: list[tuple[str, int, dt.date, dt.date, int]] = field(default_factory=list)
    filled: list[tuple[str, str]] = field(default_factory=list)             # (replacement, who left)


def policy(year: int) -> rules.Policy:
    table = data.load("policy.json")
    return rules.policy_from(year, table["median_income"][str(year)], table["min_wage"][str(year)])


def holidays(year: int) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in data.load("public_work.json")["policy"]["holiday"].get(
        str(year), {}))


def shipped() -> list[dict[str, Any]]:
    from ydp_tui.db.public_work import shipped_periods

    return shipped_periods()


def period_of(row: dict[str, Any]) -> rules.Period:
    return rules.period_from(row["program"], row["period"], row)


class _People:
    def __init__(self, rng: random.Random) -> None:
        from ydp_tui.demo import Names

        self.rng = rng
        self.names = Names(rng)
        self.phones: set[str] = set()
        self.seen: set[tuple[str, dt.date]] = set()
        self.dongs = data.dongs()

    def applicant(self, period: rules.Period, pol: rules.Policy, no: str, applied_on: dt.date) -> dict[str, Any]:
        rng = self.rng
        while True:
            age = rng.choices([rng.randint(20, 39), rng.randint(40, 64), rng.randint(65, 82)], [0.12, 0.5, 0.38])[0]
            birth = dt.date(period.start.year - age, 1, 1) - dt.timedelta(days=rng.randrange(365))
            if rng.random() < 0.01:
                birth = dt.date(period.start.year - 17, 6, 1) + dt.timedelta(days=rng.randrange(150))  # too young
            gender = rng.choice(["남", "여"])
            name = self.names.person(gender, birth.year)
            if (name, birth) not in self.seen:
                self.seen.add((name, birth))
                break
        while True:
            phone = f"010-{rng.randrange(2000, 10000):04d}-{rng.randrange(10000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                break
        size = rng.choices(range(1, 10), [46, 25, 14, 9, 3, 1.5, 0.8, 0.4, 0.3])[0]
        line = period.income_pct / 100
        roll = rng.random()
        ratio = rng.uniform(line + 0.005, 1.4) if roll < 0.12 else 0.0 if roll < 0.16 else rng.uniform(0.05, line)
        income = int(pol.median_for(size) * ratio) // 1000 * 1000
        assets = rng.choice([0, 0, rng.randrange(1, 60) * 1_000_000, rng.randrange(60, 300) * 1_000_000])
        if rng.random() < 0.04:
            assets = rng.randrange(500, 900) * 1_000_000
        return {
            "application_no": no, "name": name, "birth_date": birth, "phone": phone, "dong": rng.choice(self.dongs),
            "household_size": size, "household_income": income, "assets": assets, "applied_on": applied_on,
            "livelihood": rng.random() < 0.03, "unemployment": rng.random() < 0.03,
            "household_member": rng.random() < (0.06 if rules.HOUSEHOLD_MEMBER in period.exclusions else 0.03),
            "dependents": rng.choices([0, 1, 2, 3, 4], [50, 25, 15, 7, 3])[0],
        }


def _input(a: dict[str, Any]) -> rules.Application:
    return rules.Application(a["application_no"], a["applied_on"], a["birth_date"], a["household_size"],
                             a["household_income"], a["assets"], a["livelihood"], a["unemployment"],
                             a["household_member"], a["dependents"])


def applicants(rng: random.Random, period: rules.Period, n: int, prefix: str, first: dt.date, last: dt.date,
               people: _People | None = None) -> list[dict[str, Any]]:
    """``n`` applications to ``period`` (numbers ``{prefix}-00001`` …), 신청일 between first and last."""
    pol = policy(period.year)
    people = people or _People(rng)
    span = (last - first).days
    days = sorted(first + dt.timedelta(days=rng.randrange(span + 1)) for _ in range(n))
    return [people.applicant(period, pol, f"{prefix}-{i:05d}", day) for i, day in enumerate(days, start=1)]


def _every_reason(rng: random.Random, plan: PeriodPlan) -> None:
    """Make sure each reason screening can give appears at least once (the others are drawn)."""
    period = plan.period
    pol = policy(period.year)
    apps = rng.sample(plan.apps, min(len(plan.apps), 5))
    changes = [
        ("AGE", lambda a: a.update(birth_date=dt.date(period.start.year - 18, 12, 24))),
        ("INCOME", lambda a: a.update(household_income=rules.income_threshold(pol.median_for(a["household_size"]),
                                                                           period.income_pct) + 1)),
        ("ASSETS", lambda a: a.update(assets=period.asset_cap + 1_000_000)),
        ("EXCLUDED", lambda a: a.update(unemployment=True)),
        ("DUPLICATE_HOUSEHOLD", lambda a: a.update(household_member=True)),
    ]
    for a, (code, change) in zip(apps, changes):
        if code == "DUPLICATE_HOUSEHOLD" and rules.HOUSEHOLD_MEMBER not in period.exclusions:
            continue
        change(a)


def _next_workday(day: dt.date, days_off: frozenset[dt.date]) -> dt.date:
    while not rules.is_workday(day, days_off):
        day += dt.timedelta(days=1)
    return day


def build(rng: random.Random, scale_name: str, factor: float, today: dt.date) -> list[PeriodPlan]:
    """What the demo inserts (pure: no database)."""
    plans = []
    people = _People(rng)
    for row in shipped():
        key = (row["program"], row["period"])
        if key not in APPLICANTS:
            continue
        base, prefix, first, last = APPLICANTS[key]
        period = period_of(row)
        if scale_name == "seoul":
            n = SEOUL_APPLICANTS[key]
        else:
            n = max(round(base * factor), int(period.headcount * 1.3) if period.start <= today else 6)
        plan = PeriodPlan(row, period, applicants(rng, period, n, prefix, first, min(last, today), people))
        _every_reason(rng, plan)
        if period.start <= today:
            _select_and_work(rng, plan, today)
        plans.append(plan)
    return plans


def _select_and_work(rng: random.Random, plan: PeriodPlan, today: dt.date) -> None:
    period = plan.period
    results = rules.screen(period, policy(period.year), [_input(a) for a in plan.apps])
    headcount = period.headcount
    days_off = holidays(period.year)
    sites = WORKSITES[period.program]
    start = _next_workday(period.start, days_off)
    overrides: dict[str, str] = {}
    if period.program == "동행일자리":
        waiting = sorted((r for r in results if r.rank is not None and r.rank > headcount), key=lambda r: r.rank)
        last_in = [r for r in results if r.rank == headcount]
        if waiting[2:] and last_in:
            plan.swap = (waiting[2].application_no, last_in[0].application_no)
            reason = "동장 추천: 한부모 가구 긴급 생계 지원 (선정위원회 1월 2일 의결)"
            plan.overrides[plan.swap[0]] = (rules.SELECTED, reason)
            plan.overrides[plan.swap[1]] = (rules.DROPPED, reason)
            overrides = {no: what for no, (what, _) in plan.overrides.items()}
    decisions = rules.Decisions(overrides)
    st = rules.standings(results, headcount, decisions)
    by_no = {r.application_no: r for r in results}
    site_of: dict[str, int] = {}
    for i, no in enumerate(sorted(n for n, s in st.items() if s.state == rules.SELECTED)):
        site_of[no] = i % len(sites)
        plan.assignments.append((no, site_of[no], start, period.end,
                                 rules.assignment_hours(sites[site_of[no]][4], by_no[no].daily_hours)))
    # A few give up along the way; the next on the waiting list takes the seat a few days later.
    leavers = round(headcount * 0.05)
    working = set(site_of)
    gave_up: set[str] = set()
    dates = sorted(start + dt.timedelta(days=rng.randrange(20, max(21, (min(today, period.end) - start).days - 5)))
                   for _ in range(leavers))
    for day in dates:
        first_off = _next_workday(day, days_off)
        if first_off > today:
            continue
        began = {no for no, _, a_start, _, _ in plan.assignments if a_start < first_off}
        candidates = sorted(n for n in working & began if n not in gave_up)
        if not candidates:
            break
        who = rng.choice(candidates)
        plan.gave_up[who] = (first_off, rng.choice(GIVE_UP_REASONS))
        gave_up.add(who)
        for i, (no, site, a_start, a_end, hours) in enumerate(plan.assignments):
            if no == who and a_end >= first_off:
                plan.assignments[i] = (no, site, a_start, first_off - dt.timedelta(days=1), hours)
        before = st
        st = rules.standings(results, headcount, rules.Decisions(overrides, frozenset(gave_up), frozenset(working)))
        for no, s in st.items():
            if s.state == rules.SELECTED and before[no].state != rules.SELECTED:
                begin = _next_workday(first_off + dt.timedelta(days=3), days_off)
                if begin > min(today, period.end):
                    continue
                site_of[no] = site_of[who]
                working.add(no)
                plan.filled.append((no, who))
                plan.assignments.append((no, site_of[no], begin, period.end,
                                         rules.assignment_hours(sites[site_of[no]][4], by_no[no].daily_hours)))


def attendance(rng: random.Random, assignments: list[tuple[str, int, dt.date, dt.date, int]],
               first: dt.date, last: dt.date, days_off: frozenset[dt.date]) -> list[tuple[str, dt.date, str, int]]:
    """(no, day, status, hours) for every working day of the assignments between first and last."""
    out = []
    for no, _site, a_start, a_end, hours in assignments:
        day = max(a_start, first)
        end = min(a_end, last)
        while day <= end:
            if rules.is_workday(day, days_off):
                roll = rng.random()
                if roll < 0.955:
                    worked = hours - 1 if hours > 3 and rng.random() < 0.01 else hours
                    out.append((no, day, rules.PRESENT, worked))
                elif roll < 0.97:
                    out.append((no, day, rules.ABSENT, 0))
                elif roll < 0.985:
                    out.append((no, day, rules.SICK, 0))
                else:
                    out.append((no, day, rules.LEAVE, hours))
            day += dt.timedelta(days=1)
    return out


Progress = Callable[[str, int, int], None]


def public_work_step(db: Any, scale: Any, rng: random.Random, progress: Progress | None) -> int:
    """Fill the public-work tables for a scale; returns the number of applications."""
    from ydp_tui.db import public_work as pw
    from ydp_tui.db import public_work_payroll as payroll
    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.ids import uuid7
    from ydp_tui.db.models import PwApplication, PwAssignment, PwAttendance, PwSelectionLog, PwWorksite

    from ydp_tui.demo import Names

    today = min(clock.today(), scale.end)
    plans = build(rng, scale.name, scale.factor, today)
    names = Names(rng)
    total = 0
    with db.write() as session:
        ids = {(p.program, p.period): p.id for p in pw._live_periods(session)}
        for plan in plans:
            period_id = ids[(plan.period.program, plan.period.period)]
            app_ids: dict[str, str] = {}
            rows = []
            for a in plan.apps:
                row = dict(a, id=uuid7(), period_id=period_id, source="demo-동주민센터.xlsx", created_by="데모")
                app_ids[a["application_no"]] = row["id"]
                if a["application_no"] in plan.overrides:
                    what, reason = plan.overrides[a["application_no"]]
                    row.update(override=what, override_reason=reason, override_by="최팀장",
                               override_at=dt.datetime(plan.period.start.year, 1, 2, 1, 0, tzinfo=dt.UTC))
                if a["application_no"] in plan.gave_up:
                    row.update(gave_up_on=plan.gave_up[a["application_no"]][0],
                               gave_up_reason=plan.gave_up[a["application_no"]][1])
                rows.append(row)
            for start in range(0, len(rows), 2000):
                bulk_insert(session, PwApplication, rows[start:start + 2000])
            total += len(rows)
            if progress:
                progress("공공일자리 신청", total, total)
            if not plan.assignments:
                continue
            sites = []
            for name, dept, place, work, hours in WORKSITES[plan.period.program]:
                sites.append({"id": uuid7(), "period_id": period_id, "name": name, "department": dept, "place": place,
                              "work_type": work, "supervisor": names.person(rng.choice(["남", "여"]), 1980),
                              "supervisor_phone": f"02-2670-{rng.randrange(3000, 4000)}", "daily_hours": hours,
                              "created_by": "데모"})
            bulk_insert(session, PwWorksite, sites)
            assignment_rows = []
            assignment_of: dict[tuple[str, dt.date], str] = {}
            for no, site, a_start, a_end, hours in plan.assignments:
                aid = uuid7()
                note = ""
                if no in plan.gave_up and a_end < plan.period.end:
                    note = f"포기: {plan.gave_up[no][1]}"
                assignment_rows.append({"id": aid, "application_id": app_ids[no], "period_id": period_id,
                                        "worksite_id": sites[site]["id"], "start": a_start, "end": a_end,
                                        "daily_hours": hours, "ended_reason": note, "created_by": "데모"})
                assignment_of[(no, a_start)] = aid
            bulk_insert(session, PwAssignment, assignment_rows)
            logs = _logs(plan, app_ids, period_id)
            if logs:
                bulk_insert(session, PwSelectionLog, logs)
            first_month = max(1, today.month - (0 if scale.name == "small" else 1))   # "some attendance"
            days_off = holidays(plan.period.year)
            entries = attendance(rng, plan.assignments, max(plan.period.start, dt.date(today.year, first_month, 1)),
                                 today, days_off)
            starts = {}
            for no, _site, a_start, a_end, _hours in plan.assignments:
                starts.setdefault(no, []).append((a_start, a_end))
            att_rows = []
            for no, day, status, hours in entries:
                a_start = next(s for s, e in starts[no] if s <= day <= e)
                att_rows.append({"application_id": app_ids[no], "assignment_id": assignment_of[(no, a_start)],
                                 "period_id": period_id, "work_date": day, "status": status, "hours": hours,
                                 "created_by": "데모"})
            for start in range(0, len(att_rows), 5000):
                bulk_insert(session, PwAttendance, att_rows[start:start + 5000])
                if progress:
                    progress(f"{plan.period.program} 출근부", min(start + 5000, len(att_rows)), len(att_rows))
            # Months that ended before today are confirmed and paid on the 10th of the next month.
            for year, month in rules.months_of(plan.period):
                _, last = rules.month_bounds(year, month)
                if last >= today or month < first_month:
                    continue
                stored, _ = payroll.confirm_in(session, period_id, year, month, by="최팀장")
                paid_on = dt.date(year + (month == 12), month % 12 + 1, 10)
                stored.confirmed_at = dt.datetime.combine(paid_on - dt.timedelta(days=5), dt.time(0, 30),
                                                          tzinfo=dt.UTC)
                if paid_on <= today:
                    stored.status, stored.paid_on, stored.paid_by = payroll.PAID, paid_on, "최팀장"
                session.flush()
    return total


def _logs(plan: PeriodPlan, app_ids: dict[str, str], period_id: str) -> list[dict[str, Any]]:
    out = []
    base = {"period_id": period_id, "actor": "최팀장", "created_by": "데모"}
    if plan.swap:
        a_in, a_out = plan.swap
        reason = plan.overrides[a_in][1]
        out.append({**base, "application_id": app_ids[a_in], "action": "맞바꿈 선발", "reason": reason,
                    "partner_id": app_ids[a_out], "before": "대기 3", "after": "선발(조정)"})
        out.append({**base, "application_id": app_ids[a_out], "action": "맞바꿈 제외", "reason": reason,
                    "partner_id": app_ids[a_in], "before": "선발", "after": "제외"})
    for no, (day, reason) in plan.gave_up.items():
        out.append({**base, "application_id": app_ids[no], "action": "포기", "reason": reason, "effective_on": day,
                    "before": "선발", "after": "포기", "actor": "김상담"})
    for no, who in plan.filled:
        out.append({**base, "application_id": app_ids[no], "action": "충원", "reason": f"{who} 포기",
                    "before": "대기", "after": "선발(충원)", "actor": "김상담"})
    return out
