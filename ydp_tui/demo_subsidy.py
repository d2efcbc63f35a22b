"""Demo data for the youth exam-fee subsidy (a ``demo.STEPS`` step) and the benchmark's sheet.

``seed`` scale reproduces the seed report as of 2024-05-31: 70 people paid 4,606,000원 in
weekly payment batches, some applications still waiting for review, and ineligible applications
of every reason screening can give at that volume (the 50,000,000원 budget is far from used up,
so none is ``BUDGET_EXHAUSTED``).  ``seoul`` makes 10,000 applications, enough to use the
budget up.  Everything is drawn from the given ``rng``: the same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ydp_tui.rules import subsidy as rules

YEAR = 2024
SEED_PEOPLE = 70
SEED_PAID = 4_606_000

# (시험구분, 시험명, 응시료): fees as published for 2024 (rounded where they vary by session).
EXAMS: list[tuple[str, str, int]] = [
    ("국가기술자격", "정보처리기사 필기", 19_400), ("국가기술자격", "정보처리기사 실기", 22_600),
    ("국가기술자격", "전기기사 필기", 19_400), ("국가기술자격", "전기기사 실기", 34_400),
    ("국가기술자격", "컴퓨터활용능력 1급 필기", 19_000), ("국가기술자격", "컴퓨터활용능력 1급 실기", 22_500),
    ("국가기술자격", "지게차운전기능사 실기", 25_300), ("국가기술자격", "조리기능사 실기", 26_900),
    ("국가기술자격", "산업안전기사 필기", 19_400), ("국가기술자격", "빅데이터분석기사 필기", 17_800),
    ("국가전문자격", "공인중개사 1차", 13_700), ("국가전문자격", "사회복지사 1급", 25_000),
    ("국가전문자격", "손해평가사 1차", 20_000), ("국가전문자격", "경비지도사 1차", 15_000),
    ("공인민간자격", "전산회계 1급", 25_000), ("공인민간자격", "ERP 정보관리사 회계 1급", 28_000),
    ("공인민간자격", "한국어교육능력검정", 40_000),
    ("어학시험", "TOEIC", 52_500), ("어학시험", "TOEIC Speaking", 84_000), ("어학시험", "OPIc", 84_000),
    ("어학시험", "TEPS", 46_000), ("어학시험", "JLPT N2", 49_000), ("어학시험", "HSK 5급", 78_000),
    ("한국사능력검정시험", "한국사능력검정시험 심화", 27_000), ("한국사능력검정시험", "한국사능력검정시험 기본", 22_000),
]
NOT_COVERED = [("운전면허", "1종 보통 운전면허", 18_000), ("공무원시험", "9급 공무원 공채", 5_000),
               ("기타", "바리스타 2급 (민간)", 60_000)]

BANKS: list[tuple[str, tuple[int, ...]]] = [
    ("국민은행", (6, 2, 6)), ("신한은행", (3, 3, 6)), ("우리은행", (4, 3, 6)), ("하나은행", (3, 6, 5)),
    ("농협은행", (3, 4, 4, 2)), ("기업은행", (3, 6, 2, 3)), ("카카오뱅크", (4, 2, 7)), ("토스뱅크", (4, 4, 4)),
    ("새마을금고", (4, 4, 4, 1)), ("우체국", (6, 2, 6)),
]


@dataclass
class Person:
    name: str
    birth: dt.date
    phone: str
    moved_in: dt.date
    bank: str
    account: str
    holder: str


@dataclass
class Plan:
    """Applications (form keys, plain account numbers) and what review did with them."""

    apps: list[dict[str, Any]] = field(default_factory=list)
    # application_no → ("승인" | "지급" | "반려" | "검토", reason); absent: 접수
    decisions: dict[str, tuple[str, str]] = field(default_factory=dict)
    # application_no → batch paid_on date
    paid_on: dict[str, dt.date] = field(default_factory=dict)


def program() -> rules.Program:
    from ydp_tui.db.subsidy import shipped_years

    row = next(r for r in shipped_years() if r["year"] == YEAR)
    return rules.program_from(YEAR, row)


class _Maker:
    def __init__(self, rng: random.Random, prefix: str = "W") -> None:
        from ydp_tui.demo import Names

        self.rng = rng
        self.names = Names(rng)
        self.prefix = prefix
        self.n = 0
        self.people: set[tuple[str, dt.date]] = set()
        self.phones: set[str] = set()

    def number(self) -> str:
        self.n += 1
        return f"{self.prefix}{YEAR}-{self.n:06d}"

    def account(self, groups: tuple[int, ...]) -> str:
        return "-".join("".join(str(self.rng.randrange(10)) for _ in range(g)) for g in groups)

    def person(self, *, birth_year: int | None = None, moved_in: dt.date | None = None) -> Person:
        rng = self.rng
        while True:
            year = birth_year or rng.choices(range(1985, 2006), [1 + (y >= 1992) + (y >= 1996) for y in range(1985, 2006)])[0]
            birth = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            gender = rng.choice(["남", "여"])
            name = self.names.person(gender, year)
            if (name, birth) not in self.people:
                self.people.add((name, birth))
                break
        while True:
            phone = f"010-{rng.randrange(2000, 10000):04d}-{rng.randrange(10000):04d}"
            if phone not in self.phones:
                self.phones.add(phone)
                break
        bank, groups = rng.choice(BANKS)
        holder = name
        if rng.random() < 0.04 and " " not in name:  # a parent's account: flagged for review
            holder = name[0] + rng.choice(self.names.given["남_old"] + self.names.given["여_old"])
        moved = moved_in or min(dt.date(2024, 3, 31), birth + dt.timedelta(days=rng.randrange(6000, 14000)))
        return Person(name, birth, phone, moved, bank, self.account(groups), holder)

    def app(self, p: Person, applied_on: dt.date, exam: tuple[str, str, int], *,
            exam_date: dt.date | None = None, employment: str = "미취업", business: str = "없음",
            fee: int | None = None) -> dict[str, Any]:
        rng = self.rng
        if exam_date is None:
            latest = applied_on - dt.timedelta(days=1)
            exam_date = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange((latest - dt.date(YEAR, 1, 1)).days + 1))
        return {
            "application_no": self.number(), "applied_on": applied_on, "name": p.name, "birth_date": p.birth,
            "phone": p.phone, "moved_in": p.moved_in, "employment": employment, "business": business,
            "exam_kind": exam[0], "exam_name": exam[1], "exam_date": exam_date,
            "fee": exam[2] if fee is None else fee, "bank": p.bank, "account_no": p.account, "holder": p.holder,
        }


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _person_apps(m: _Maker, p: Person, first: dt.date, last: dt.date, k: int) -> list[dict[str, Any]]:
    exams = m.rng.sample(EXAMS, k)
    day = _day(m.rng, first, last)
    out = []
    for exam in exams:
        out.append(m.app(p, day, exam))
        day = min(last, day + dt.timedelta(days=m.rng.choice([0, 0, 1, 2, 3])))
    return out


def _granted_total(prog: rules.Program, apps: list[dict[str, Any]]) -> int:
    return sum(r.amount for r in rules.screen(prog, [_input(a) for a in apps]))


def _input(a: dict[str, Any]) -> rules.Application:
    return rules.Application(a["application_no"], a["applied_on"], a["name"], a["birth_date"], a["moved_in"],
                             a["employment"] == "취업", a["business"] == "있음", a["exam_kind"], a["exam_name"],
                             a["exam_date"], a["fee"])


def _paid_core(m: _Maker, prog: rules.Program, people: int, target: int | None,
               first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """``people`` people whose applications are all granted; their total exactly ``target``."""
    rng = m.rng
    groups: list[list[dict[str, Any]]] = []
    persons: list[Person] = []
    for _ in range(people - (1 if target else 0)):
        p = m.person()
        persons.append(p)
        groups.append(_person_apps(m, p, first, last, rng.choices([1, 2, 3], [0.3, 0.5, 0.2])[0]))
    if not target:
        return [a for g in groups for a in g]
    # Adjust the others until the last person's one application can make up the rest.
    for _ in range(10_000):
        total = _granted_total(prog, [a for g in groups for a in g])
        rest = target - total
        if 5_000 <= rest <= prog.per_person_cap:
            break
        if rest > prog.per_person_cap:
            i = rng.randrange(len(groups))
            if len(groups[i]) < 4:
                day = groups[i][-1]["applied_on"]
                used = {a["exam_name"] for a in groups[i]}
                exam = rng.choice([e for e in EXAMS if e[1] not in used])
                groups[i].append(m.app(persons[i], day, exam))
        else:
            many = [i for i, g in enumerate(groups) if len(g) > 1]
            groups[rng.choice(many)].pop()
    else:  # pragma: no cover - the loop converges in a few dozen steps
        raise RuntimeError("demo subsidy amounts did not converge")
    last_person = m.person()
    day = _day(rng, first, last)
    kind, name, _ = rng.choice([e for e in EXAMS if e[0] == "어학시험"])
    groups.append([m.app(last_person, day, (kind, name, rest), fee=rest)])
    apps = [a for g in groups for a in g]
    assert _granted_total(prog, apps) == target
    return apps


def build(rng: random.Random, scale_name: str, factor: float) -> Plan:
    """What the demo inserts for a scale (pure: no database)."""
    prog = program()
    m = _Maker(rng)
    plan = Plan()
    if scale_name == "seoul":
        people, target = 600, None
    else:
        people = max(8, round(SEED_PEOPLE * factor))
        target = SEED_PAID if scale_name == "seed" else round(SEED_PAID * factor, -2)
    core = _paid_core(m, prog, people, target, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 24))
    core_nos = {a["application_no"] for a in core}
    apps = list(core)

    # Waiting for review: eligible applications of the last week.
    late = dt.date(YEAR, 5, 25), dt.date(YEAR, 5, 31)
    for _ in range(max(4, round(people * 0.2))):
        apps.extend(_person_apps(m, m.person(), *late, rng.choice([1, 1, 2])))
    # Eligible, but the reviewer rejected it (no receipt) or holds it in review.
    held = []
    for _ in range(3):
        held.append(m.app(m.person(), _day(rng, *late), rng.choice(EXAMS)))
    apps.extend(held)

    # Ineligible applications, every reason screening gives at this volume.
    showcase: list[tuple[dict[str, Any], str]] = []
    for _ in range(3):
        showcase.append((m.app(m.person(), _day(rng, dt.date(YEAR, 4, 22), dt.date(YEAR, 4, 30)),
                               rng.choice(EXAMS)), "PERIOD"))
    for year in (1984, 2006, 1983):
        showcase.append((m.app(m.person(birth_year=year), _day(rng, *late), rng.choice(EXAMS)), "AGE"))
    for _ in range(3):
        applied = _day(rng, *late)
        moved = applied - dt.timedelta(days=rng.randrange(1, 25))
        showcase.append((m.app(m.person(moved_in=moved), applied, rng.choice(EXAMS)), "RESIDENCY"))
    for _ in range(3):
        showcase.append((m.app(m.person(), _day(rng, *late), rng.choice(EXAMS), employment="취업"), "EMPLOYED"))
    for _ in range(2):
        showcase.append((m.app(m.person(), _day(rng, *late), rng.choice(EXAMS), business="있음"), "BUSINESS"))
    for exam in NOT_COVERED:
        showcase.append((m.app(m.person(), _day(rng, *late), exam), "EXAM_TYPE"))
    for when in ("before", "after", "before"):
        applied = _day(rng, *late)
        exam_date = (dt.date(YEAR - 1, 12, rng.randrange(1, 32)) if when == "before"
                     else applied + dt.timedelta(days=rng.randrange(1, 20)))
        showcase.append((m.app(m.person(), applied, rng.choice(EXAMS), exam_date=exam_date), "EXAM_DATE"))
    # The same exam again, and more exams after the cap is used up (people from the paid core).
    results = {r.application_no: r for r in rules.screen(prog, [_input(a) for a in core])}
    by_person: dict[tuple[str, dt.date], list[dict[str, Any]]] = {}
    for a in core:
        by_person.setdefault((a["name"], a["birth_date"]), []).append(a)
    totals = {k: sum(results[a["application_no"]].amount for a in v) for k, v in by_person.items()}
    capped = [k for k, t in totals.items() if t >= prog.per_person_cap]
    partial = [k for k, t in totals.items() if t < prog.per_person_cap]
    for key in rng.sample(partial, min(2, len(partial))):
        first = next(a for a in by_person[key] if results[a["application_no"]].amount > 0)
        again = dict(first, application_no=m.number(), applied_on=_day(rng, *late))
        showcase.append((again, "DUPLICATE"))
    for key in capped[:2]:
        p = by_person[key][0]
        used = {a["exam_name"] for a in by_person[key]}
        exam = rng.choice([e for e in EXAMS if e[1] not in used])
        person = Person(p["name"], p["birth_date"], p["phone"], p["moved_in"], p["bank"], p["account_no"], p["holder"])
        showcase.append((m.app(person, _day(rng, *late), exam), "CAP_REACHED"))
    apps.extend(a for a, _ in showcase)

    if scale_name == "seoul":  # fill up to 10,000 with applications all through May
        while len(apps) < 10_000:
            p = m.person()
            apps.extend(_person_apps(m, p, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 31), rng.choice([1, 1, 2, 3])))
        apps = apps[:10_000]

    # Decisions, in screening order, consistent with the screening's amounts.
    screened = rules.screen(prog, [_input(a) for a in apps])
    by_no = {a["application_no"]: a for a in apps}
    held_nos = [a["application_no"] for a in held]
    paydays = [dt.date(YEAR, 5, d) for d in (10, 17, 24, 31)]
    for r in screened:
        a = by_no[r.application_no]
        no = r.application_no
        if no in core_nos or (scale_name == "seoul" and a["applied_on"] <= dt.date(YEAR, 5, 20)):
            if r.eligible:
                payday = next(d for d in paydays if a["applied_on"] <= d - dt.timedelta(days=3))
                plan.decisions[no] = ("지급", "")
                plan.paid_on[no] = payday
            elif no in core_nos or rng.random() < 0.8:
                plan.decisions[no] = ("반려", f"선별 결과 부적격: {rules.reason_text(r.reasons)}")
        elif no == held_nos[0]:
            plan.decisions[no] = ("반려", "응시료 영수증을 내지 않았습니다 (보완 요청 기한 지남)")
        elif no == held_nos[1]:
            plan.decisions[no] = ("검토", "")
        elif not r.eligible and rng.random() < 0.5:
            plan.decisions[no] = ("반려", f"선별 결과 부적격: {rules.reason_text(r.reasons)}")
    plan.apps = apps
    return plan


def subsidy_step(db: Any, scale: Any, rng: random.Random, progress: Any) -> int:
    """``demo.STEPS`` step: applications, review history and paid batches."""
    from ydp_tui import crypto
    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.ids import uuid7
    from ydp_tui.db.models import SubsidyApplication, SubsidyBatch, SubsidyReview
    from ydp_tui.demo import _advance_counters

    plan = build(rng, scale.name, scale.factor)
    prog = program()
    amounts = {r.application_no: r for r in rules.screen(prog, [_input(a) for a in plan.apps])}
    key = crypto.field_key()
    site = db.site_code
    paydays = sorted(set(plan.paid_on.values()))
    batch_ids: dict[dt.date, str] = {}
    batches = []
    for i, day in enumerate(paydays, start=1):
        nos = [no for no, d in plan.paid_on.items() if d == day]
        batch_ids[day] = uuid7()
        batches.append({"id": batch_ids[day], "batch_no": f"{site}-{YEAR}-{i:05d}", "year": YEAR, "status": "지급",
                        "count": len(nos), "total": sum(amounts[no].amount for no in nos), "paid_on": day,
                        "paid_by": "최팀장", "exported_by": "김상담", "created_by": "김상담",
                        "exported_at": dt.datetime.combine(day - dt.timedelta(days=1), dt.time(0, 30), tzinfo=dt.UTC),
                        "note": f"{day.month}월 {day.day}일 이체"})
    rows = []
    reviews = []
    for a in plan.apps:
        no = a["application_no"]
        status, reason = plan.decisions.get(no, ("접수", ""))
        r = amounts[no]
        row = dict(a, account_no=crypto.encrypt_field(a["account_no"], key), source="demo-website.xlsx",
                   status=status, created_by="데모")
        row["id"] = uuid7()
        if status in ("지급", "반려"):
            decided = dt.datetime.combine(a["applied_on"] + dt.timedelta(days=2), dt.time(1, 0), tzinfo=dt.UTC)
            row.update(rule_amount=r.amount, rule_reasons=";".join(r.reasons), decided_by="김상담", decided_at=decided,
                       decision_reason=reason, receipt_checked=status == "지급", residence_checked=status == "지급")
            base = {"application_id": row["id"], "rule_amount": r.amount, "rule_reasons": ";".join(r.reasons),
                    "reviewer": "김상담", "created_by": "데모"}
            reviews.append({**base, "action": "검토", "from_status": "접수", "to_status": "검토"})
            if status == "지급":
                row.update(granted_amount=r.amount, batch_id=batch_ids[plan.paid_on[no]])
                reviews.append({**base, "action": "승인", "from_status": "검토", "to_status": "승인", "amount": r.amount,
                                "receipt_checked": True, "residence_checked": True})
                reviews.append({**base, "action": "지급", "from_status": "승인", "to_status": "지급", "amount": r.amount,
                                "reason": f"지급 일괄 {site}-{YEAR}-{paydays.index(plan.paid_on[no]) + 1:05d}",
                                "receipt_checked": True, "residence_checked": True})
            else:
                reviews.append({**base, "action": "반려", "from_status": "검토", "to_status": "반려", "reason": reason,
                                "overrule": r.eligible})
        elif status == "검토":
            reviews.append({"application_id": row["id"], "action": "검토", "from_status": "접수", "to_status": "검토",
                            "rule_amount": r.amount, "rule_reasons": ";".join(r.reasons), "reviewer": "김상담",
                            "created_by": "데모"})
        rows.append(row)
    with db.write() as session:
        bulk_insert(session, SubsidyBatch, batches)
        for start in range(0, len(rows), 2000):
            bulk_insert(session, SubsidyApplication, rows[start:start + 2000])
            if progress:
                progress("응시료 지원 신청", min(start + 2000, len(rows)), len(rows))
        for start in range(0, len(reviews), 5000):
            bulk_insert(session, SubsidyReview, reviews[start:start + 5000])
        if batches:
            _advance_counters(session, "subsidy_batch", {YEAR: len(batches)})
    return len(rows)


# --- the benchmark's website sheet --------------------------------------------------------------


def website_rows(n: int, seed: int = 2024) -> list[list[Any]]:
    """``n`` application rows as the website's spreadsheet has them (CONTRACT columns)."""
    rng = random.Random(f"{seed}:subsidy-sheet")
    m = _Maker(rng)
    out: list[list[Any]] = []
    while len(out) < n:
        p = m.person()
        for a in _person_apps(m, p, dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 31), rng.choice([1, 1, 2, 3])):
            if rng.random() < 0.03:
                a["employment"] = "취업"
            if rng.random() < 0.02:
                a["exam_kind"], a["exam_name"], a["fee"] = rng.choice(NOT_COVERED)
            out.append([a[s.key] for s in rules.APPLICATION_FIELDS])
    return out[:n]
