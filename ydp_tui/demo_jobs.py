"""Demo data for employers, vacancies, referrals, events and courses (a ``demo.STEPS`` step).

At ``seed`` scale the data reproduces the seed report's 일자리플러스센터 table for
2024-01-01..2024-05-31 when counted as DOMAIN.md §1 defines it: 1,057 employers with a vacancy
registered in the period, 1,339 openings (their headcounts), 4,558 referrals, 391 seekers hired
(a referral in status 채용 with its 채용일 in the period; 978 seekers come from the seekers step:
40.0%).  Three job포유 days interview 84 people and hire 14; one 취업박람회 is held (the report
gives no figures for it: 40 interviewed, 6 hired here); four 취업교육 courses take 120 people.
Other scales keep these proportions (``Scale.factor``); ``seoul`` has 20,000 vacancies.

Hires are made as the counter makes them: the seeker becomes 취업 (through the seekers
service), a vacancy whose headcount is reached is 충원.  Everything is drawn from the given
``rng``: the same seed gives the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from ydp_tui import data
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.validation import brn_check_ok

SEED = {"employers": 1057, "vacancies": 1160, "openings": 1339, "referrals": 4558, "hired": 391,
        "jobpo": 3, "jobpo_people": 84, "jobpo_hired": 14, "fairs": 1, "fair_people": 40, "fair_hired": 6,
        "courses": 4, "course_people": 120, "visits": 60}
SEOUL_VACANCIES = 20_000
COUNSELORS = ["김상담", "이상담", "박상담"]

# 중분류 -> (업종, name endings, sample titles, certificates that jobs there ask for)
TRADES: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "02": ("사무 지원 서비스업", ["컨설팅", "솔루션", "사무소", "세무회계"],
           ["사무 보조", "경리 사무원", "총무 사무원", "고객 상담 사무원"], ["컴퓨터활용능력 2급", "전산회계 2급"]),
    "53": ("음식점업", ["식당", "푸드", "한식당", "베이커리", "분식"],
           ["주방 보조", "홀 서빙", "조리원", "급식 조리사"], ["조리기능사"]),
    "55": ("사회복지 서비스업", ["요양원", "재가복지센터", "어린이집", "요양센터"],
           ["요양보호사", "방문 요양보호사", "보육 도우미", "간병인"], ["요양보호사", "보육교사 2급"]),
    "56": ("사업시설 관리업", ["클린", "환경", "시설관리", "빌딩관리"],
           ["건물 청소원", "미화원", "세탁원", "주차 관리원"], []),
    "61": ("소매업", ["마트", "유통", "상사", "편의점"], ["매장 판매원", "계산원", "영업 사원", "매장 관리"], []),
    "62": ("운송업", ["물류", "운수", "택배", "로지스"],
           ["택배 배송원", "지게차 운전원", "화물차 운전원", "물류 상하차"], ["운전면허 1종 보통", "지게차운전기능사"]),
    "54": ("경비 서비스업", ["경비", "시큐리티", "안전"], ["아파트 경비원", "건물 경비원", "시설 보안요원"], ["경비지도사"]),
    "89": ("제조업", ["산업", "정밀", "테크", "공업"], ["생산직 사원", "포장원", "조립원", "검사원"], []),
    "83": ("전기공사업", ["전기", "전력", "이엔지"], ["전기 설비 기사", "전기 보조원"], ["전기기능사"]),
    "23": ("사회복지 서비스업", ["복지관", "복지재단", "지역아동센터"], ["사회복지사", "생활지도원"], ["사회복지사 2급"]),
}
GENERIC = ("기타 서비스업", ["주식회사", "코리아", "앤컴퍼니"], ["{name} 채용", "{name} 경력 채용"], [])
PREFIXES = ["한강", "영등포", "여의", "문래", "당산", "대림", "신길", "도림", "양평", "서울", "한빛", "미래",
            "푸른", "새솔", "동진", "태평", "대성", "하나", "누리", "다온", "해솔", "가온", "늘품", "참빛"]
OUTSIDE = ["서울특별시 구로구 디지털로 300", "서울특별시 금천구 가산디지털1로 145", "서울특별시 동작구 노량진로 100",
           "서울특별시 양천구 목동동로 233", "경기도 부천시 길주로 210", "경기도 광명시 오리로 613"]
COURSE_TITLES = ["경력보유여성 사무행정 실무 과정", "중장년 요양보호사 취업 과정", "청년 면접 역량 강화 과정",
                 "디지털 기초(스마트폰ㆍ키오스크) 교육", "물류ㆍ지게차 취업 과정", "조리 실무 취업 과정"]


@dataclass
class _Vacancy:
    row: dict[str, Any]
    major: str
    hired: int = 0


@dataclass
class _Plan:
    employers: list[dict[str, Any]] = field(default_factory=list)
    vacancies: list[_Vacancy] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    event_links: list[dict[str, Any]] = field(default_factory=list)
    courses: list[dict[str, Any]] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    hired_seekers: list[tuple[str, str]] = field(default_factory=list)  # (seeker id, referral no)


def targets(scale: Any) -> dict[str, int]:
    if scale.name == "seed":
        return dict(SEED)
    f = scale.factor
    vacancies = SEOUL_VACANCIES if scale.name == "seoul" else round(SEED["vacancies"] * f)
    out = {k: max(1, round(v * f)) for k, v in SEED.items()}
    out["vacancies"] = vacancies
    out["employers"] = round(vacancies * SEED["employers"] / SEED["vacancies"])
    out["openings"] = round(vacancies * SEED["openings"] / SEED["vacancies"])
    return out


def _brn(rng: random.Random, used: set[str]) -> str:
    while True:
        head = f"{rng.randrange(101, 900):03d}{rng.choice([81, 85, 86, 87, *range(10, 80)]):02d}{rng.randrange(10000):04d}"
        digits = next(head + str(c) for c in range(10) if brn_check_ok(head + str(c)))
        if digits not in used:
            used.add(digits)
            return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max(0, (last - first).days) + 1))


def _number(site: str, counters: dict[int, int], day: dt.date) -> str:
    counters[day.year] = counters.get(day.year, 0) + 1
    return f"{site}-{day.year}-{counters[day.year]:05d}"


class _Builder:
    def __init__(self, rng: random.Random, scale: Any, site: str, seekers: list[Any]) -> None:
        from ydp_tui.demo import Names

        self.rng = rng
        self.scale = scale
        self.site = site
        self.names = Names(rng)
        self.t = targets(scale)
        self.plan = _Plan()
        self.seekers = seekers
        self.dongs = data.dongs()
        majors = [c for c in data.keco_names() if len(c) == 2]
        self.majors = majors
        self.major_weights = [6 if c in TRADES else 1 for c in majors]
        self.by_major: dict[str, list[_Vacancy]] = {}
        self.reg_dates: dict[str, list[dt.date]] = {}
        self.pairs: set[tuple[str, str]] = set()
        self.ref_counters: dict[int, int] = {}
        self.vac_counters: dict[int, int] = {}

    # --- employers and vacancies ---------------------------------------------------------

    def employers_and_vacancies(self) -> None:
        rng, t, scale = self.rng, self.t, self.scale
        n_emp, n_vac = t["employers"], t["vacancies"]
        owners = list(range(n_emp)) + [rng.randrange(n_emp) for _ in range(n_vac - n_emp)]
        rng.shuffle(owners)
        heads = [1] * n_vac
        for _ in range(t["openings"] - n_vac):
            heads[rng.randrange(n_vac)] += 1
        dates = sorted(_day(rng, scale.start, scale.end) for _ in range(n_vac))
        trade_of = [rng.choices(self.majors, self.major_weights)[0] for _ in range(n_emp)]
        first_date: dict[int, dt.date] = {}
        for owner, day in zip(owners, dates):
            first_date[owner] = min(first_date.get(owner, day), day)
        used: set[str] = set()
        emp_ids = []
        from ydp_tui.db.ids import uuid7

        for i in range(n_emp):
            major = trade_of[i]
            industry, endings, _, _ = TRADES.get(major, GENERIC)
            name = rng.choice(PREFIXES) + rng.choice(endings)
            if rng.random() < 0.35:
                name = "(주)" + name
            outside = rng.random() < 0.12
            dong = "기타" if outside else rng.choice(self.dongs)
            welcome = ""
            if rng.random() < 0.2:
                welcome = ";".join(sorted(rng.sample(["청년", "중장년", "경력보유여성", "고령자", "장애인"], rng.choice([1, 1, 2]))))
            eid = uuid7()
            emp_ids.append(eid)
            self.plan.employers.append({
                "id": eid, "brn": _brn(rng, used), "name": name,
                "representative": self.names.person(rng.choice(["남", "여"]), rng.randint(1955, 1990)),
                "phone": f"02-{rng.randrange(2600, 2700)}-{rng.randrange(10000):04d}", "dong": dong,
                "address": rng.choice(OUTSIDE) if outside else None, "industry": industry,
                "size": rng.choices(rules.codes("employer_size"), [45, 35, 12, 5, 3])[0],
                "social": rng.random() < 0.08, "welcome_groups": welcome,
                "registered_on": first_date.get(i, scale.start) - dt.timedelta(days=rng.randrange(0, 400)),
                "created_by": "데모",
            })
        for k, (owner, day) in enumerate(zip(owners, dates)):
            major = trade_of[owner] if rng.random() < 0.8 else rng.choices(self.majors, self.major_weights)[0]
            self.plan.vacancies.append(self._vacancy(emp_ids[owner], major, day, heads[k]))
        for v in self.plan.vacancies:
            self.by_major.setdefault(v.major, []).append(v)
        for major, items in self.by_major.items():
            items.sort(key=lambda v: v.row["registered_on"])
            self.reg_dates[major] = [v.row["registered_on"] for v in items]

    def _vacancy(self, employer_id: str, major: str, day: dt.date, headcount: int) -> _Vacancy:
        rng = self.rng
        _, _, titles, certs = TRADES.get(major, GENERIC)
        title = rng.choice(titles).format(name=data.keco_names()[major])
        part = rng.random() < 0.25
        wage_type = rng.choices(["월급", "시급", "일급", "연봉"], [55, 35, 5, 5])[0]
        if part and wage_type in ("월급", "연봉"):
            wage_type = "시급"
        wage = {"시급": lambda: rng.randrange(9_860, 13_001, 10), "월급": lambda: rng.randrange(2_000_000, 3_500_001, 50_000),
                "일급": lambda: rng.randrange(90_000, 150_001, 5_000),
                "연봉": lambda: rng.randrange(26_000_000, 45_000_001, 500_000)}[wage_type]()
        career_kind = rng.choices(["무관", "신입", "경력"], [50, 25, 25])[0]
        deadline = day + dt.timedelta(days=rng.randrange(14, 61)) if rng.random() < 0.7 else None
        row = {
            "vacancy_no": _number(self.site, self.vac_counters, day), "employer_id": employer_id, "title": title,
            "keco": major, "headcount": headcount, "wage_type": wage_type, "wage": wage,
            "weekly_hours": rng.choice([15, 20, 25, 30]) if part else (40 if rng.random() < 0.85 else None),
            "employment_type": "시간선택제" if part else rng.choices(["기간의 정함 없음", "기간의 정함 있음"], [70, 30])[0],
            "dong": rng.choice(self.dongs) if rng.random() < 0.3 else None,
            "education": rng.choices([None, "고졸", "전문대졸", "대졸"], [60, 25, 8, 7])[0],
            "career": career_kind, "career_months": rng.choice([12, 24, 36]) if career_kind == "경력" else None,
            "certificates": rng.choice(certs) if certs and rng.random() < 0.25 else "",
            "deadline": deadline, "registered_on": day, "status": rules.OPEN, "created_by": "데모",
        }
        return _Vacancy(row, major)

    def _pick_vacancy(self, major: str, day: dt.date, *, tries: int = 8) -> _Vacancy | None:
        items, dates = self.by_major.get(major, []), self.reg_dates.get(major, [])
        hi = bisect.bisect_right(dates, day)
        lo = bisect.bisect_left(dates, day - dt.timedelta(days=90))
        if hi <= lo:
            return None
        for _ in range(tries):
            v = items[self.rng.randrange(lo, hi)]
            deadline = v.row["deadline"]
            if deadline is None or deadline >= day:
                return v
        return None

    # --- referrals ------------------------------------------------------------------------

    def _referral(self, seeker: Any, v: _Vacancy, day: dt.date, status: str, *, event_id: str | None = None,
                  interview_on: dt.date | None = None, hired_on: dt.date | None = None,
                  closed_on: dt.date | None = None) -> dict[str, Any]:
        from ydp_tui.db.ids import uuid7

        self.pairs.add((seeker.id, v.row["vacancy_no"]))
        row = {"id": uuid7(), "referral_no": "", "seeker_id": seeker.id, "vacancy_id": v.row.get("id"),
               "referred_on": day, "counselor": self.rng.choice(COUNSELORS), "status": status,
               "interview_on": interview_on, "hired_on": hired_on, "start_on": hired_on,
               "hired_wage_type": v.row["wage_type"] if hired_on else None,
               "hired_wage": v.row["wage"] if hired_on else None, "closed_on": closed_on,
               "reason": "", "event_id": event_id, "created_by": "데모", "_vacancy": v}
        if status == rules.HIRED:
            v.hired += 1
        self.plan.referrals.append(row)
        return row

    def _later(self, day: dt.date, lo: int, hi: int) -> dt.date:
        return min(self.scale.end, day + dt.timedelta(days=self.rng.randint(lo, hi)))

    def _outcome(self, seeker: Any, v: _Vacancy, day: dt.date) -> None:
        rng, end = self.rng, self.scale.end
        age = (end - day).days
        if age <= 14:
            status = rng.choices([rules.REFERRED, rules.INTERVIEW], [55, 45])[0]
        elif age <= 45:
            status = rng.choices([rules.REFERRED, rules.INTERVIEW, rules.FAILED, rules.CANCELLED], [15, 25, 45, 15])[0]
        else:
            status = rng.choices([rules.REFERRED, rules.INTERVIEW, rules.FAILED, rules.CANCELLED], [10, 10, 60, 20])[0]
        interview = self._later(day, 2, 10) if status == rules.INTERVIEW or (
            status == rules.FAILED and rng.random() < 0.7) else None
        closed = self._later(interview or day, 1, 14) if status in (rules.FAILED, rules.CANCELLED) else None
        self._referral(seeker, v, day, status, interview_on=interview, closed_on=closed)

    def events(self) -> set[str]:
        """job포유 and 취업박람회 with their on-site interviews; returns the seekers used."""
        from ydp_tui.db.ids import uuid7

        rng, t, scale = self.rng, self.t, self.scale
        used: set[str] = set()
        span = (scale.end - scale.start).days
        kinds = [("job포유", t["jobpo"], t["jobpo_people"], t["jobpo_hired"]),
                 ("취업박람회", t["fairs"], t["fair_people"], t["fair_hired"])]
        for kind, n, people, hired in kinds:
            shares = _split(people, n, rng)
            hires = _split(hired, n, rng)
            for i in range(n):
                day = scale.start + dt.timedelta(days=int(span * (i + 0.7) / n))
                day -= dt.timedelta(days=(day.weekday() - 2) % 7)  # a Wednesday
                day = max(day, scale.start)
                eid = uuid7()
                title = (f"{day.month}월 구인ㆍ구직 만남의 날" if kind == "job포유"
                         else f"{day.year} 희망 취업박람회")
                self.plan.events.append({"id": eid, "kind": kind, "title": title, "held_on": day,
                                         "place": "일자리플러스센터 (당산로 123)" if kind == "job포유"
                                         else "영등포아트홀", "note": "", "created_by": "데모"})
                offered = [v for v in self.plan.vacancies if v.row["registered_on"] <= day
                           and (v.row["deadline"] is None or v.row["deadline"] >= day)
                           and v.row["registered_on"] >= day - dt.timedelta(days=60)]
                booths = rng.sample(offered, min(len(offered), rng.randint(6, 12) if kind == "job포유" else 20))
                for v in booths:
                    self.plan.event_links.append({"event_id": eid, "_vacancy": v, "created_by": "데모"})
                pool = [s for s in self.seekers if s.registered_on <= day and s.id not in used]
                visitors = rng.sample(pool, min(len(pool), shares[i]))
                want = hires[i]
                for s in visitors:
                    used.add(s.id)
                    mine = [v for v in booths if v.major in s.majors] or booths
                    picks = rng.sample(mine, min(len(mine), rng.choice([1, 1, 2])))
                    hired_here = False
                    for v in picks:
                        if want and not hired_here and v.hired < v.row["headcount"]:
                            self._referral(s, v, day, rules.HIRED, event_id=eid, interview_on=day,
                                           hired_on=self._later(day, 0, 7))
                            self.plan.hired_seekers.append((s.id, ""))
                            hired_here = True
                            want -= 1
                        else:
                            status = rules.FAILED if (scale.end - day).days > 14 or rng.random() < 0.5 else rules.INTERVIEW
                            self._referral(s, v, day, status, event_id=eid, interview_on=day,
                                           closed_on=self._later(day, 3, 10) if status == rules.FAILED else None)
        return used

    def general_referrals(self, event_people: set[str]) -> None:
        rng, t, scale = self.rng, self.t, self.scale
        total = t["referrals"] - len(self.plan.referrals)
        hires_left = t["hired"] - len(self.plan.hired_seekers)
        candidates = [s for s in self.seekers if s.majors]
        weights = [3 if s.status == "구직중" else 2 if s.status == "취업" else 1 for s in candidates]
        cumulative = list(itertools.accumulate(weights))  # choices() with cum_weights bisects: O(log n)
        made: list[tuple[Any, _Vacancy, dt.date]] = []
        guard = 0
        while len(made) < total and guard < total * 20:
            guard += 1
            s = rng.choices(candidates, cum_weights=cumulative)[0]
            first = max(s.registered_on, scale.start)   # referred within weeks of registering, as at the counter
            day = _day(rng, first, min(first + dt.timedelta(days=45), scale.end))
            major = rng.choice(sorted(s.majors)) if rng.random() < 0.9 else rng.choices(self.majors, self.major_weights)[0]
            v = self._pick_vacancy(major, day)
            if v is None or (s.id, v.row["vacancy_no"]) in self.pairs:
                continue
            self.pairs.add((s.id, v.row["vacancy_no"]))
            made.append((s, v, day))
        hired_ids = {sid for sid, _ in self.plan.hired_seekers}
        order = list(range(len(made)))
        rng.shuffle(order)
        hire_at: set[int] = set()
        for i in order:
            if hires_left <= 0:
                break
            s, v, day = made[i]
            if s.id in hired_ids or s.id in event_people or v.hired >= v.row["headcount"]:
                continue
            hired_ids.add(s.id)
            hire_at.add(i)
            v.hired += 1
            hires_left -= 1
        if hires_left > 0:
            raise RuntimeError(f"demo: {hires_left} hires could not be placed")
        for i, (s, v, day) in enumerate(made):
            if i in hire_at:
                v.hired -= 1  # counted again by _referral
                interview = self._later(day, 1, 7)
                self._referral(s, v, day, rules.HIRED, interview_on=interview, hired_on=self._later(interview, 1, 14))
                self.plan.hired_seekers.append((s.id, ""))
            else:
                self._outcome(s, v, day)

    def finish_vacancies(self) -> None:
        end = self.scale.end
        for v in self.plan.vacancies:
            row = v.row
            if v.hired >= row["headcount"]:
                row["status"] = rules.FILLED
            elif row["deadline"] is not None and row["deadline"] < end:
                row["status"] = rules.CLOSED if self.rng.random() < 0.9 else rules.OPEN
            elif row["deadline"] is None and row["registered_on"] < end - dt.timedelta(days=180):
                row["status"] = rules.CLOSED

    def courses(self) -> None:
        from ydp_tui.db.ids import uuid7

        rng, t, scale = self.rng, self.t, self.scale
        n = t["courses"]
        shares = _split(t["course_people"], n, rng)
        span = (scale.end - scale.start).days
        used: set[str] = set()
        for i in range(n):
            start = scale.start + dt.timedelta(days=int(span * (i + 0.25) / n))
            start -= dt.timedelta(days=start.weekday())  # a Monday
            start = max(start, scale.start)
            ends = start + dt.timedelta(days=rng.choice([11, 18, 25]))
            cid = uuid7()
            self.plan.courses.append({"id": cid, "title": COURSE_TITLES[i % len(COURSE_TITLES)], "starts_on": start,
                                      "ends_on": ends, "place": "일자리플러스센터 교육장", "capacity": shares[i] + 5,
                                      "note": "", "created_by": "데모"})
            pool = [s for s in self.seekers if s.registered_on <= start and s.id not in used]
            for s in rng.sample(pool, min(len(pool), shares[i])):
                used.add(s.id)
                done = ends < scale.end
                status = (rules.ENROL_DONE if rng.random() < 0.9 else rules.ENROL_DROPPED) if done else rules.ENROL_ACTIVE
                self.plan.enrolments.append({
                    "course_id": cid, "seeker_id": s.id,
                    "enrolled_on": max(s.registered_on, start - dt.timedelta(days=rng.randint(1, 10))),
                    "status": status,
                    "completed_on": ends if status == rules.ENROL_DONE else
                    (start + dt.timedelta(days=rng.randint(1, 5)) if status == rules.ENROL_DROPPED else None),
                    "created_by": "데모"})

    def visits(self) -> None:
        rng, scale = self.rng, self.scale
        employers = self.plan.employers
        for _ in range(self.t["visits"]):
            e = rng.choice(employers)
            self.plan.visits.append({
                "employer_id": e["id"], "visited_on": _day(rng, scale.start, scale.end),
                "visitor": rng.choice(COUNSELORS),
                "outcome": rng.choices(rules.codes("visit_outcome"), [40, 25, 25, 10])[0],
                "note": "찾아가는 구인기업 발굴 (job아라)", "created_by": "데모"})


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` in ``parts`` near-equal shares (their order shuffled)."""
    base, extra = divmod(total, max(parts, 1))
    shares = [base + (1 if i < extra else 0) for i in range(parts)]
    rng.shuffle(shares)
    return shares


@dataclass(frozen=True)
class _Seeker:
    id: str
    registered_on: dt.date
    status: str
    majors: frozenset[str]


def jobs_step(db: Any, scale: Any, rng: random.Random, progress: Any) -> int:
    from sqlalchemy import select

    from ydp_tui.db import seekers as seeker_service
    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.ids import uuid7
    from ydp_tui.db.models import (Course, Employer, EmployerVisit, Enrolment, EventVacancy, JobEvent, Referral,
                                   ReferralStep, Seeker, Vacancy)
    from ydp_tui.demo import _advance_counters

    with db.session() as session:
        seekers = [_Seeker(r.id, r.registered_on, r.status, frozenset(c[:2] for c in r.desired_jobs.split(";") if c))
                   for r in session.execute(select(Seeker.id, Seeker.registered_on, Seeker.status, Seeker.desired_jobs)
                                            .where(Seeker.deleted.is_(False)).order_by(Seeker.seeker_no))]
    b = _Builder(rng, scale, db.site_code, seekers)
    b.employers_and_vacancies()
    for v in b.plan.vacancies:
        v.row["id"] = uuid7()
    event_people = b.events()
    b.general_referrals(event_people)
    b.finish_vacancies()
    b.courses()
    b.visits()
    plan = b.plan
    plan.referrals.sort(key=lambda r: (r["referred_on"], r["id"]))
    for r in plan.referrals:
        r["referral_no"] = _number(db.site_code, b.ref_counters, r["referred_on"])
        r["vacancy_id"] = r.pop("_vacancy").row["id"]
    for link in plan.event_links:
        link["vacancy_id"] = link.pop("_vacancy").row["id"]
    steps = []
    for r in plan.referrals:
        steps.append({"referral_id": r["id"], "action": rules.REFERRED, "from_status": "", "to_status": rules.REFERRED,
                      "on": r["referred_on"], "done_by": r["counselor"], "created_by": "데모"})
        last = rules.REFERRED
        if r["interview_on"]:
            steps.append({"referral_id": r["id"], "action": rules.INTERVIEW, "from_status": last,
                          "to_status": rules.INTERVIEW, "on": r["interview_on"], "done_by": r["counselor"],
                          "note": "현장면접" if r["event_id"] else "", "created_by": "데모"})
            last = rules.INTERVIEW
        if r["status"] in rules.FINAL:
            steps.append({"referral_id": r["id"], "action": r["status"], "from_status": last, "to_status": r["status"],
                          "on": r["hired_on"] or r["closed_on"], "done_by": r["counselor"], "created_by": "데모"})
    total = (len(plan.employers) + len(plan.vacancies) + len(plan.referrals) + len(steps) + len(plan.events)
             + len(plan.event_links) + len(plan.courses) + len(plan.enrolments) + len(plan.visits))
    done = 0

    def insert(session: Any, model: Any, rows: list[dict[str, Any]]) -> None:
        nonlocal done
        for start in range(0, len(rows), 5000):
            bulk_insert(session, model, rows[start:start + 5000])
            done += len(rows[start:start + 5000])
            if progress:
                progress("구인ㆍ알선", done, total)

    with db.write() as session:
        insert(session, Employer, plan.employers)
        insert(session, Vacancy, [v.row for v in plan.vacancies])
        insert(session, JobEvent, plan.events)
        insert(session, EventVacancy, plan.event_links)
        insert(session, Referral, plan.referrals)
        insert(session, ReferralStep, steps)
        insert(session, Course, plan.courses)
        insert(session, Enrolment, plan.enrolments)
        insert(session, EmployerVisit, plan.visits)
        _advance_counters(session, "vacancy", b.vac_counters)
        _advance_counters(session, "referral", b.ref_counters)
        numbers = {r["seeker_id"]: r["referral_no"] for r in plan.referrals if r["status"] == rules.HIRED}
        status_of = {s.id: s.status for s in seekers}
        for seeker_id in sorted(numbers):
            if status_of[seeker_id] != "취업":
                seeker_service.set_status_in(session, seeker_id, "취업", why=f"채용 {numbers[seeker_id]}")
    return len(plan.referrals)
