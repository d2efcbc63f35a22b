"""Explainable two-way matching of job seekers and vacancies (pure functions, no I/O).

A pair is judged on eight criteria.  Each gives a degree of fulfilment (0-100) and a reason;
the score is the weighted mean (weights are policy data, ``match_weights``).  The criteria a
supervisor marks *hard* (policy ``match_rules.hard``, by default occupation, education and
certificates) filter: a pair that fails one is not a match at all.  The rest only rank.

- occupation: same KECO 세분류 (4 digits) > 소분류 (3) > 중분류 (2), the best of the seeker's
  희망직종 (given at any level) against the vacancy's code.  No shared 중분류 fails.
- region: same 행정동 > both in Yeongdeungpo-gu > one of them outside.
- wage: the vacancy's wage normalised to a month (``monthly_wage``) against the 희망임금.
- hours: 전일제/시간제 wish against the vacancy's weekly hours and employment type.
- education: the seeker's 최종학력 at least the required one (unknown: asks to check).
- career: 신입/무관 fit anyone; 경력 N개월 needs N months.
- certificates: every required certificate among those held.
- target_groups: the seeker is in a group the employer welcomes (우대대상).

Scoring runs over thousands of candidates, so criteria return small tuples; the Korean
sentences are made only for the results shown (:func:`explain`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ydp_tui.rules import keco  # names in reasons
from ydp_tui.rules.validation import half_up

CRITERIA: tuple[str, ...] = ("occupation", "region", "wage", "hours", "education", "career",
                             "certificates", "target_groups")
LABELS: dict[str, str] = {
    "occupation": "직종", "region": "지역", "wage": "임금", "hours": "근무형태", "education": "학력",
    "career": "경력", "certificates": "자격증", "target_groups": "우대대상",
}
EDUCATION_ORDER: tuple[str, ...] = ("초졸 이하", "중졸", "고졸", "전문대졸", "대졸", "대학원졸")
FAIL = -1  # a criterion not met at all (filters when the criterion is hard)


class PolicyError(ValueError):
    """Policy values that cannot drive matching (the message says which)."""


@dataclass(frozen=True)
class MatchPolicy:
    weights: Mapping[str, int]
    hard: frozenset[str]
    occupation_points: Mapping[int, int]      # shared prefix length (4, 3, 2) -> points
    region_points: Mapping[str, int]          # same_dong, gu, outside, unknown
    wage_near_percent: int
    wage_near_points: int
    unknown_points: int
    weeks_per_month: float
    monthly_hours_full_time: int
    holiday_pay_min_hours: int
    days_per_week: int
    full_time_min_hours: int
    hours_tolerance: int

    @cached_property
    def total_weight(self) -> int:
        return sum(self.weights.get(c, 0) for c in CRITERIA)

    @cached_property
    def plan(self) -> tuple[tuple[Any, int, bool], ...]:
        """(criterion function, weight, hard) in the order scoring runs them: hard ones first,
        so a pair that fails one costs little (the scoring loop runs over thousands of pairs)."""
        steps = [(fn, self.weights.get(name, 0), name in self.hard) for name, fn in zip(CRITERIA, _FUNCTIONS)]
        return tuple(sorted(steps, key=lambda step: not step[2]))

    def max_points(self, criterion: str) -> int:
        """What a fully met criterion adds to the 0-100 score (rounded)."""
        total = self.total_weight
        return int(half_up(self.weights.get(criterion, 0) * 100 / total)) if total else 0


def policy_from(weights: Mapping[str, Any], rules: Mapping[str, Any]) -> MatchPolicy:
    """Build the policy from the ``match_weights`` and ``match_rules`` values (PolicyError if unusable)."""
    def number(source: Mapping[str, Any], key: str, lo: float = 0, hi: float = 10**9) -> Any:
        if key not in source:
            raise PolicyError(f"매칭 정책 값 '{key}'이(가) 없습니다")
        value = source[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            raise PolicyError(f"매칭 정책 값 '{key}'={value!r}은(는) {lo}~{hi} 사이의 숫자여야 합니다")
        return value

    w = {c: int(number(weights, c, 0, 1000)) if c in weights else 0 for c in CRITERIA}
    if sum(w.values()) <= 0:
        raise PolicyError("매칭 가중치(match_weights)의 합이 0입니다")
    hard = rules.get("hard", [])
    if not isinstance(hard, list) or any(h not in CRITERIA for h in hard):
        raise PolicyError(f"매칭 필수 조건(hard) {hard!r}에 모르는 기준이 있습니다 ({', '.join(CRITERIA)})")
    return MatchPolicy(
        weights=w,
        hard=frozenset(hard),
        occupation_points={n: int(number(rules, f"occupation_{n}", 0, 100)) for n in (4, 3, 2)},
        region_points={k: int(number(rules, f"region_{k}", 0, 100)) for k in ("same_dong", "gu", "outside", "unknown")},
        wage_near_percent=int(number(rules, "wage_near_percent", 0, 100)),
        wage_near_points=int(number(rules, "wage_near_points", 0, 100)),
        unknown_points=int(number(rules, "unknown_points", 0, 100)),
        weeks_per_month=float(number(rules, "weeks_per_month", 4, 5)),
        monthly_hours_full_time=int(number(rules, "monthly_hours_full_time", 1, 400)),
        holiday_pay_min_hours=int(number(rules, "holiday_pay_min_hours", 0, 68)),
        days_per_week=int(number(rules, "days_per_week", 1, 7)),
        full_time_min_hours=int(number(rules, "full_time_min_hours", 1, 68)),
        hours_tolerance=int(number(rules, "hours_tolerance", 0, 68)),
    )


# --- wages ---------------------------------------------------------------------------------


def monthly_hours(weekly_hours: int | None, p: MatchPolicy) -> int:
    """Paid hours in a month: weekly hours plus 주휴 (a day's hours, for weeks of at least
    ``holiday_pay_min_hours``) times ``weeks_per_month``, rounded; 209 for 40 hours.  Without
    weekly hours, a full-time month (``monthly_hours_full_time``)."""
    if not weekly_hours:
        return p.monthly_hours_full_time
    paid = weekly_hours + (weekly_hours / p.days_per_week if weekly_hours >= p.holiday_pay_min_hours else 0)
    return int(half_up(paid * p.weeks_per_month))


def monthly_wage(wage_type: str | None, wage: int | None, weekly_hours: int | None, p: MatchPolicy) -> int | None:
    """An offered wage as won per month (None when there is none)."""
    if not wage_type or not wage:
        return None
    if wage_type == "월급":
        return wage
    if wage_type == "연봉":
        return int(half_up(wage / 12))
    if wage_type == "시급":
        return wage * monthly_hours(weekly_hours, p)
    if wage_type == "일급":
        return int(half_up(wage * p.days_per_week * p.weeks_per_month))
    return None


# --- the two sides ----------------------------------------------------------------------------


def cert_key(name: str) -> str:
    return "".join(name.split()).casefold()


def education_rank(level: str | None) -> int | None:
    return EDUCATION_ORDER.index(level) if level in EDUCATION_ORDER else None


@dataclass(frozen=True, slots=True)
class SeekerSide:
    id: str
    seeker_no: str
    name: str
    birth: dt.date | None
    dong: str | None
    in_gu: bool
    education: str | None
    career_years: int | None
    jobs: tuple[str, ...]
    wage: int | None            # 희망임금, 월
    work_type: str | None       # 전일제/시간제/무관
    hours: int | None           # 희망 주당 시간 (시간제)
    certs: tuple[str, ...]      # as typed
    cert_keys: tuple[str, ...]
    groups: frozenset[str]
    registered_on: dt.date | None

    @property
    def majors(self) -> frozenset[str]:
        return frozenset(c[:2] for c in self.jobs)


@dataclass(frozen=True, slots=True)
class VacancySide:
    id: str
    vacancy_no: str
    title: str
    employer: str
    keco: str
    dong: str | None
    in_gu: bool
    wage_type: str | None
    wage: int | None
    weekly_hours: int | None
    employment_type: str | None
    education: str | None       # required (이상); None: 무관
    career: str | None          # 신입/경력/무관
    career_months: int | None
    certs: tuple[str, ...]
    cert_keys: tuple[str, ...]
    welcome: frozenset[str]
    deadline: dt.date | None
    registered_on: dt.date | None


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(";") if x)


def seeker_side(r: Any, dongs: frozenset[str]) -> SeekerSide:
    """From a seeker row (attributes as on the ``seeker`` table)."""
    certs = _split(r.certificates)
    return SeekerSide(
        id=r.id, seeker_no=r.seeker_no, name=r.name or "", birth=r.birth_date, dong=r.dong,
        in_gu=r.dong in dongs, education=r.education, career_years=r.career_years,
        jobs=_split(r.desired_jobs), wage=r.desired_wage, work_type=r.work_type, hours=r.desired_hours,
        certs=certs, cert_keys=tuple(cert_key(c) for c in certs), groups=frozenset(_split(r.target_groups)),
        registered_on=r.registered_on,
    )


def vacancy_side(r: Any, employer_name: str, employer_dong: str | None, welcome: str | None,
                 dongs: frozenset[str]) -> VacancySide:
    """From a vacancy row and its employer (the workplace is the employer's when not given)."""
    dong = r.dong or employer_dong
    certs = _split(r.certificates)
    return VacancySide(
        id=r.id, vacancy_no=r.vacancy_no, title=r.title, employer=employer_name, keco=r.keco, dong=dong,
        in_gu=dong in dongs, wage_type=r.wage_type, wage=r.wage, weekly_hours=r.weekly_hours,
        employment_type=r.employment_type, education=r.education, career=r.career,
        career_months=r.career_months, certs=certs, cert_keys=tuple(cert_key(c) for c in certs),
        welcome=frozenset(_split(welcome)), deadline=r.deadline, registered_on=r.registered_on,
    )


# --- criteria: (points 0..100 or FAIL, detail tuple for explain) --------------------------------


def occupation(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if not s.jobs:
        return 0, ("none",)
    best, best_code, job = 0, "", v.keco
    for code in s.jobs:  # codes are 2-4 digits (keco.normalize_code)
        if code[:2] != job[:2]:
            continue
        level = len(code) if len(code) < len(job) else len(job)
        while level > 2 and code[:level] != job[:level]:
            level -= 1
        if level > best:
            best, best_code = level, code
    if best < 2:
        return FAIL, ("miss",)
    return p.occupation_points[best], ("level", best, best_code)


def region(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if not s.dong or not v.dong:
        return p.region_points["unknown"], ("unknown",)
    if s.dong == v.dong and s.in_gu:
        return p.region_points["same_dong"], ("same",)
    if s.in_gu and v.in_gu:
        return p.region_points["gu"], ("gu",)
    return p.region_points["outside"], ("outside",)


def wage(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    offered = monthly_wage(v.wage_type, v.wage, v.weekly_hours, p)
    if offered is None:
        return p.unknown_points, ("no_offer",)
    if not s.wage:
        return p.unknown_points, ("no_wish", offered)
    if offered >= s.wage:
        return 100, ("ok", offered)
    percent = offered * 100 // s.wage
    if offered * 100 >= s.wage * p.wage_near_percent:
        return p.wage_near_points, ("near", offered, percent)
    return FAIL, ("low", offered, percent)


def is_part_time(v: VacancySide, p: MatchPolicy) -> bool:
    return v.employment_type == "시간선택제" or (v.weekly_hours is not None and v.weekly_hours < p.full_time_min_hours)


def hours(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if not s.work_type or s.work_type == "무관":
        return 100, ("any",)
    part = is_part_time(v, p)
    if s.work_type == "전일제":
        return (FAIL, ("want_full",)) if part else (100, ("full",))
    if not part:  # 시간제 wanted, a full-time job
        return FAIL, ("want_part",)
    if s.hours and v.weekly_hours and abs(s.hours - v.weekly_hours) > p.hours_tolerance:
        return p.wage_near_points, ("part_far",)
    return 100, ("part",)


def education(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    need = education_rank(v.education)
    if need is None:
        return 100, ("any",)
    have = education_rank(s.education)
    if have is None:
        return p.unknown_points, ("unknown",)
    return (100, ("ok",)) if have >= need else (FAIL, ("short",))


def career(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if v.career != "경력":
        return 100, ("new" if v.career == "신입" else "any",)
    need = v.career_months or 1
    if s.career_years is None:
        return p.unknown_points, ("unknown",)
    return (100, ("ok",)) if s.career_years * 12 >= need else (FAIL, ("short",))


def certificates(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if not v.cert_keys:
        return 100, ("none",)
    missing = tuple(label for label, key in zip(v.certs, v.cert_keys)
                    if not any(key in held for held in s.cert_keys))
    if not missing:
        return 100, ("ok",)
    return FAIL, ("missing", missing)


def target_groups(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> tuple[int, tuple[Any, ...]]:
    if not v.welcome:
        return p.unknown_points, ("none",)
    common = v.welcome & s.groups
    if common:
        return 100, ("ok", tuple(sorted(common)))
    return FAIL, ("no",)


_FUNCTIONS = (occupation, region, wage, hours, education, career, certificates, target_groups)


@dataclass(frozen=True, slots=True)
class Evaluation:
    score: int    # 0..100


def evaluate(s: SeekerSide, v: VacancySide, p: MatchPolicy) -> Evaluation | None:
    """The pair's score, or None when it fails a hard requirement (:func:`explain` says why)."""
    total = 0
    for fn, weight, hard in p.plan:
        points = fn(s, v, p)[0]
        if points == FAIL:
            if hard:
                return None
            continue
        total += weight * points
    den = p.total_weight
    return Evaluation((2 * total + den) // (2 * den))


# --- reasons in Korean --------------------------------------------------------------------------


def _won(n: int) -> str:
    return f"{n:,}원"


def _reason(name: str, detail: tuple[Any, ...], s: SeekerSide, v: VacancySide, p: MatchPolicy,
            names: Mapping[str, str]) -> str:
    kind = detail[0]
    if name == "occupation":
        if kind == "none":
            return f"희망직종 미입력 (구인 {keco.describe(v.keco, names)})"
        if kind == "miss":
            return f"희망직종 {', '.join(s.jobs)}이(가) 구인 직종 {v.keco}와 중분류가 다름"
        level, code = detail[1], detail[2]
        level_name = {4: "세분류", 3: "소분류", 2: "중분류"}[level]
        shared = keco.describe(v.keco[:level], names)
        return f"같은 {level_name} {shared}" + ("" if code == v.keco else f" (희망 {code}, 구인 {v.keco})")
    if name == "region":
        where = f"거주 {s.dong or '미입력'}, 근무 {v.dong or '미입력'}"
        return {"unknown": f"주소 미입력 ({where})", "same": f"같은 행정동 {s.dong}",
                "gu": f"영등포구 안 ({where})", "outside": f"영등포구 밖 ({where})"}[kind]
    if name == "wage":
        basis = f"{v.wage_type} {_won(v.wage)}" if v.wage_type and v.wage else ""
        if kind == "no_offer":
            return "제시 임금 없음 (협의)"
        offered = detail[1]
        month = f"월 {_won(offered)}" + (f"({basis})" if v.wage_type != "월급" else "")
        if kind == "no_wish":
            return f"희망임금 미입력, 제시 {month}"
        if kind == "ok":
            return f"제시 {month} >= 희망 {_won(s.wage or 0)}"
        return f"제시 {month}, 희망 {_won(s.wage or 0)}의 {detail[2]}%" + (" (근접)" if kind == "near" else " (미달)")
    if name == "hours":
        job = f"주 {v.weekly_hours}시간" if v.weekly_hours else "시간 미정"
        job = f"{v.employment_type}, {job}" if v.employment_type else job
        wish = s.work_type or ""
        if s.work_type == "시간제" and s.hours:
            wish = f"시간제(주 {s.hours}시간)"
        return {"any": f"근무형태 무관 ({job})", "full": f"전일제 희망, {job}",
                "want_full": f"전일제 희망, 시간제 구인 ({job})", "want_part": f"시간제 희망, 전일제 구인 ({job})",
                "part_far": f"{wish} 희망, {job} (시간 차이 큼)", "part": f"{wish} 희망, {job}"}[kind]
    if name == "education":
        return {"any": "학력 무관", "unknown": f"학력 미입력 (요구 {v.education} 이상, 확인 필요)",
                "ok": f"요구 {v.education} 이상, 본인 {s.education}",
                "short": f"요구 {v.education} 이상, 본인 {s.education} (미달)"}[kind]
    if name == "career":
        need = f"경력 {v.career_months}개월 이상" if v.career_months else "경력자"
        have = f"{s.career_years}년" if s.career_years is not None else "미입력"
        return {"any": "경력 무관", "new": "신입 가능", "unknown": f"{need} 요구, 본인 경력 미입력 (확인 필요)",
                "ok": f"{need} 요구, 본인 {have}", "short": f"{need} 요구, 본인 {have} (부족)"}[kind]
    if name == "certificates":
        if kind == "none":
            return "요구 자격증 없음"
        if kind == "ok":
            return f"요구 {', '.join(v.certs)} 보유"
        return f"요구 {', '.join(v.certs)} 중 {', '.join(detail[1])} 없음"
    if name == "target_groups":
        return {"none": "우대대상 지정 없음", "ok": f"우대대상 {', '.join(detail[-1])}",
                "no": f"우대대상({', '.join(sorted(v.welcome))})에 해당하지 않음"}[kind]
    raise KeyError(name)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    points: int       # what it adds to the score
    max_points: int   # what it would add if fully met
    reason: str

    @property
    def text(self) -> str:
        return f"{self.reason} ({self.points}/{self.max_points}점)"


def explain(ev: Evaluation, s: SeekerSide, v: VacancySide, p: MatchPolicy,
            names: Mapping[str, str]) -> list[Criterion]:
    """Every criterion of an evaluated pair, with what it added to the score and why (the
    criteria run again: they are pure, so the reasons are those the score came from)."""
    out = []
    total = p.total_weight
    for name, fn in zip(CRITERIA, _FUNCTIONS):
        points, detail = fn(s, v, p)
        points = max(points, 0)
        w = p.weights[name]
        got = int(half_up(w * points / total)) if total else 0
        out.append(Criterion(name, LABELS[name], got, p.max_points(name), _reason(name, detail, s, v, p, names)))
    return out


def best(pairs: Sequence[tuple[Any, Evaluation]], top: int, key: Any) -> list[tuple[Any, Evaluation]]:
    """The ``top`` best (object, evaluation) pairs: score descending, then ``key(object)``."""
    import heapq

    return heapq.nsmallest(top, pairs, key=lambda pe: (-pe[1].score, key(pe[0])))
