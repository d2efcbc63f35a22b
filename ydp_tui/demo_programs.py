"""Demo data for programs, 상생기업, spaces and 일자리 목표공시제 (a ``demo.STEPS`` step).

At ``seed`` scale the rows reproduce the seed report's sections ③-⑤ for 2024-01-02..2024-05-31:
재정지원 14개소 91백만원; 소셜벤처 창업아카데미 4회(30명); 창업아이디어 경진대회 15개팀 선발; ESG 홍보 마케팅 교육
8회(20명); 공공구매 26억원 (목표액 대비 57%); 스튜디오 영원 공간 이용 330건(1,012명), 교육 36회(114명);
고립은둔 청년 부모ㆍ가족 지원 2회 (회차별 15명); 청년 강사양성 11회 (회차별 20명); 온라인 수강권 75명;
1:1 취업컨설팅 34명; 서울청년센터 영등포 25,067명 (일 평균 204명), 프로그램 97회; 디지털마케팅ㆍ생성형AI 69명;
청년건축학교 6회 60명; 청년 일 경험 120명; 목표공시제 11개 부서 36개 사업 with 1분기 실적.  Bookings for
the days after 05-31 fill the day view.  ``small`` scales the volumes by 0.25, ``seoul`` by 20.
Everything is drawn from the given ``rng``: the same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ydp_tui.rules import spaces as space_rules

YEAR = 2024
U1, U3, U4, U5 = ("희망이 되는 안정적인 일자리지원", "지역기반 상생기업 활성화", "청년정책 활성화", "청년의 사회적 자립기반 조성")
T1, T3, T4, T5 = "일자리사업팀", "상생기업팀", "청년정책팀", "청년지원팀"
STUDIO, YOUTH, PLATFORM = "스튜디오 영원", "서울청년센터 영등포", "중장년 일자리희망플랫폼"

# 2024's public holidays from 01-01 to 05-31 (the centres are closed)
HOLIDAYS = {dt.date(2024, 1, 1), dt.date(2024, 2, 9), dt.date(2024, 2, 10), dt.date(2024, 2, 11), dt.date(2024, 2, 12),
            dt.date(2024, 3, 1), dt.date(2024, 4, 10), dt.date(2024, 5, 5), dt.date(2024, 5, 6), dt.date(2024, 5, 15)}


@dataclass(frozen=True)
class ProgramPlan:
    name: str
    team: str
    unit: str
    kind: str
    style: str
    completion: int | None
    place: str
    window: tuple[str, str]        # when its sessions fall (MM-DD)
    sessions: int                  # held by 05-31 (or planned after, see ``planned``)
    people: int                    # 실인원 / enrolled / per session for 회차별
    pool: int = 0                  # 회차별: how many are enrolled
    planned: int = 0               # sessions still to come
    session_kinds: tuple[str, ...] = ("강의",)


PROGRAMS: list[ProgramPlan] = [
    ProgramPlan("소셜벤처 창업아카데미", T3, U3, "교육", "실인원", 75, f"{STUDIO} 세미나실", ("03-05", "03-29"), 4, 30),
    ProgramPlan("ESG 홍보 마케팅 교육", T3, U3, "교육", "실인원", 80, f"{STUDIO} 세미나실", ("04-02", "05-28"), 8, 20),
    ProgramPlan("스튜디오 영원 교육", T3, U3, "교육", "실인원", None, f"{STUDIO} 미디어실2", ("01-09", "05-30"), 36, 114,
                session_kinds=("실습", "강의")),
    ProgramPlan("소셜벤처 창업아카데미(심화)", T3, U3, "교육", "실인원", 75, f"{STUDIO} 세미나실", ("06-13", "11-28"), 0, 0,
                planned=8),
    ProgramPlan("창업아이디어 경진대회", T3, U3, "경진대회", "실인원", None, "", ("04-01", "04-25"), 0, 15, pool=28),
    ProgramPlan("고립은둔 청년 부모ㆍ가족 지원", T4, U4, "교육", "회차별", None, f"{YOUTH} 회의실", ("04-18", "05-16"), 2, 15,
                pool=24),
    ProgramPlan("청년 강사양성 프로그램", T4, U4, "교육", "회차별", 80, f"{YOUTH} 회의실", ("03-06", "05-29"), 11, 20,
                pool=22, session_kinds=("강의",) * 6 + ("컨설팅",) * 2 + ("오리엔테이션", "성과공유회", "성과공유회")),
    ProgramPlan("청년 경제 아카데미", T4, U4, "상담ㆍ컨설팅", "실인원", None, f"{YOUTH} 상담실", ("08-06", "10-29"), 0, 0,
                planned=6, session_kinds=("컨설팅",)),
    ProgramPlan("취업 필수자격증 온라인 수강권", T5, U5, "지원", "참여자", None, "", ("01-15", "05-31"), 0, 75),
    ProgramPlan("1:1 취업컨설팅 및 직무 멘토링 캠프", T5, U5, "상담ㆍ컨설팅", "참여자", None, f"{YOUTH} 상담실",
                ("02-01", "05-31"), 0, 34),
    ProgramPlan("서울청년센터 영등포 프로그램", T5, U5, "행사", "실인원", None, f"{YOUTH} 회의실", ("01-03", "05-31"), 97, 420,
                session_kinds=("상담", "행사", "기타")),
    ProgramPlan("디지털마케팅 전문가 양성ㆍ생성형AI 활용 교육", T5, U5, "교육", "실인원", 80, f"{YOUTH} 미디어실",
                ("03-12", "05-28"), 10, 69),
    ProgramPlan("영등포 청년건축학교 실내건축인테리어 교육", T5, U5, "교육", "실인원", None, "청년건축학교 상설교육장",
                ("04-06", "05-25"), 6, 60),
    ProgramPlan("청년 일 경험 사업 (드림나래)", T5, U5, "일경험", "참여자", None, "", ("01-02", "01-31"), 0, 120),
    ProgramPlan("디지털 직무역량 파이썬 코딩교육", T5, U5, "교육", "실인원", 80, f"{YOUTH} 미디어실", ("08-06", "12-17"), 0, 0,
                planned=16),
]

SUPPORT_TOTAL, SUPPORTED, PURCHASE_TOTAL = 91_000_000, 14, 2_600_000_000
STUDIO_USES, STUDIO_PEOPLE, YOUTH_PEOPLE = 330, 1_012, 25_067

ENTERPRISE_WORDS = ["문래", "당산", "여의", "신길", "대림", "도림", "양평", "영원", "다솜", "온새미", "나눔", "이음", "초록",
                    "한울", "새봄", "푸른", "든든", "함께", "어울림", "해오름"]
ENTERPRISE_KINDS = [("사회적기업", "(주){}"), ("예비사회적기업", "{}컴퍼니"), ("마을기업", "{}마을"),
                    ("사회적협동조합", "{}사회적협동조합"), ("협동조합", "{}협동조합"), ("자활기업", "{}자활센터"),
                    ("소셜벤처", "{}랩")]
BUYERS = ["일자리정책과", "총무과", "문화체육과", "복지정책과", "공원녹지과", "자원순환과", "건설과", "보건소", "교육지원과",
          "여성가족과", "어르신복지과", "기획예산과", "홍보과", "민원여권과", "도시디자인과"]
ITEMS = ["사무용품", "홍보물 제작", "도시락", "청소 용역", "행사 대행", "기념품", "조경 관리", "인쇄물", "방역 소독", "영상 제작"]
TEAM_WORDS = ["바람", "씨앗", "다리", "한걸음", "등대", "마중물", "꿈틀", "우리동네", "리턴", "오늘", "새싹", "이음",
              "공방", "모락", "같이"]

TARGETS: list[tuple[str, list[tuple[str, list[tuple[str, str, int]]]]]] = [
    ("일자리정책과", [
        ("구인구직 만남의 날 job포유", [("채용 인원", "명", 60), ("개최", "회", 12)]),
        ("찾아가는 구인기업 발굴 job아라", [("발굴 기업", "개", 120)]),
        ("희망 취업박람회", [("참여 기업", "개", 40), ("채용 인원", "명", 100)]),
        ("일자리플러스센터 취업알선", [("취업 인원", "명", 900)]),
        ("중장년 일자리희망플랫폼 운영", [("이용 인원", "명", 3_000)]),
        ("공공분야 일자리 (동행일자리)", [("참여 인원", "명", 380)]),
        ("지역공동체일자리", [("참여 인원", "명", 32)]),
        ("청년 일 경험 드림나래", [("참여 인원", "명", 240)]),
        ("상생기업 공공구매 활성화", [("구매액", "천원", 4_560_000)]),
        ("소셜벤처 창업 지원", [("선발 팀", "팀", 15)]),
    ]),
    ("경제정책과", [("소상공인 경영안정 지원", [("지원 업체", "개소", 300)]), ("전통시장 활성화", [("참여 상인", "명", 200)]),
               ("착한가격업소 지원", [("지정 업소", "개소", 80)])]),
    ("복지정책과", [("노인 일자리 및 사회활동 지원", [("참여 인원", "명", 4_200)]), ("자활근로 사업", [("참여 인원", "명", 350)]),
               ("장애인 일자리", [("참여 인원", "명", 180)])]),
    ("여성가족과", [("경력보유여성 취업 지원", [("취업 인원", "명", 150)]), ("아이돌봄 지원 인력", [("활동 인원", "명", 220)]),
               ("다문화가족 취업 교육", [("수료 인원", "명", 60)])]),
    ("어르신복지과", [("시니어 인턴십", [("참여 인원", "명", 90)]), ("경로당 도우미", [("참여 인원", "명", 120)])]),
    ("문화체육과", [("생활체육 지도자 배치", [("배치 인원", "명", 45)]), ("지역 문화예술인 지원", [("지원 인원", "명", 70)]),
               ("도서관 운영 인력", [("채용 인원", "명", 30)])]),
    ("도시디자인과", [("공공디자인 사업 일자리", [("참여 인원", "명", 25)]), ("도시재생 주민 일자리", [("참여 인원", "명", 40)])]),
    ("건설과", [("도로 정비 일자리", [("참여 인원", "명", 60)]), ("공공 건설 현장 지역인력 채용", [("채용 인원", "명", 150)])]),
    ("공원녹지과", [("공원 관리 일자리", [("참여 인원", "명", 110)]), ("도시숲 가꾸기", [("참여 인원", "명", 50)]),
               ("녹색 일자리 교육", [("수료 인원", "명", 40)])]),
    ("자원순환과", [("재활용 선별 일자리", [("참여 인원", "명", 70)]), ("자원순환 홍보 인력", [("참여 인원", "명", 30)])]),
    ("보건소", [("방문 건강관리 인력", [("채용 인원", "명", 40)]), ("치매안심센터 인력", [("채용 인원", "명", 25)]),
             ("건강 코디네이터", [("채용 인원", "명", 20)])]),
]


# --- helpers -----------------------------------------------------------------------------------


def split(rng: random.Random, total: int, parts: int, low: int = 1) -> list[int]:
    """``parts`` random integers, each at least ``low``, adding up to ``total``."""
    if parts <= 0:
        return []
    rest = total - low * parts
    if rest < 0:
        raise ValueError(f"cannot split {total} into {parts} parts of at least {low}")
    cuts = sorted(rng.randrange(rest + 1) for _ in range(parts - 1))
    bounds = [0, *cuts, rest]
    return [low + bounds[i + 1] - bounds[i] for i in range(parts)]


def fit(rng: random.Random, total: int, caps: list[int]) -> list[int]:
    """One value per cap (1..cap) adding up to ``total``."""
    values = [rng.randint(1, max(1, min(c, 6))) for c in caps]
    diff = total - sum(values)
    order = list(range(len(values)))
    while diff:
        rng.shuffle(order)
        moved = False
        for i in order:
            if diff > 0 and values[i] < caps[i]:
                values[i] += 1
                diff -= 1
                moved = True
            elif diff < 0 and values[i] > 1:
                values[i] -= 1
                diff += 1
                moved = True
            if not diff:
                break
        if not moved:
            raise ValueError("the total does not fit the caps")
    return values


def open_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Days the centres open: Monday to Saturday except public holidays (123 from 01-02 to 05-31)."""
    out = []
    day = start
    while day <= end:
        if day.weekday() < 6 and day not in HOLIDAYS:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _date(mmdd: str) -> dt.date:
    return dt.date(YEAR, int(mmdd[:2]), int(mmdd[3:]))


def _spread(rng: random.Random, first: dt.date, last: dt.date, n: int) -> list[dt.date]:
    """``n`` days from first to last, roughly evenly, weekdays only (ordered)."""
    if n <= 0:
        return []
    span = (last - first).days
    out = []
    for i in range(n):
        day = first + dt.timedelta(days=round(span * i / max(n - 1, 1)))
        while day.weekday() >= 5 or day in HOLIDAYS:
            day += dt.timedelta(days=1)
        out.append(day)
    return sorted(out)


def _brn(rng: random.Random) -> str:
    from ydp_tui.rules.validation import brn_check_ok

    while True:
        digits = f"{rng.randrange(101, 999)}{rng.randrange(81, 89)}{rng.randrange(10000):04d}"
        for last in range(10):
            if brn_check_ok(digits[:9] + str(last)):
                d = digits[:9] + str(last)
                return f"{d[:3]}-{d[3:5]}-{d[5:]}"


@dataclass
class Plan:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(table, []).append(row)
        return row


class _People:
    """Walk-ins (names, phones) and the registered seekers programs draw from."""

    def __init__(self, rng: random.Random, seekers: list[tuple[str, dt.date | None]]) -> None:
        from ydp_tui.demo import Names

        self.rng = rng
        self.names = Names(rng)
        self.phones: set[str] = set()
        self.seekers = seekers

    def walk_in(self, enrolled: dt.date) -> dict[str, Any]:
        from ydp_tui.demo import mobile

        rng = self.rng
        year = rng.randint(1985, 2005)
        gender = rng.choice(["남", "여"])
        return {"name": self.names.person(gender, year), "gender": gender, "phone": mobile(rng, self.phones),
                "birth_date": dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)) if rng.random() < 0.5 else None,
                "enrolled_on": enrolled, "consent_date": enrolled, "consent_by": "데모"}


# --- the plan ----------------------------------------------------------------------------------


def build(rng: random.Random, scale_name: str, factor: float, end: dt.date,
          seekers: list[tuple[str, dt.date | None]], site: str) -> Plan:
    """Every row the step inserts (pure: no database)."""
    from ydp_tui.db.ids import stable_id, uuid7

    plan = Plan()
    people = _People(rng, seekers)

    def n(value: int, low: int = 1) -> int:
        return max(low, round(value * factor))

    # programs, sessions, participants, attendance ------------------------------------------------
    for p in PROGRAMS:
        pid = uuid7()
        plan.add("program", {"id": pid, "year": YEAR, "name": p.name, "team": p.team, "budget_unit": p.unit,
                             "kind": p.kind, "count_style": p.style, "completion_percent": p.completion,
                             "place": p.place, "starts_on": _date(p.window[0]), "ends_on": _date(p.window[1]),
                             "capacity": p.pool or (p.people if p.style != "참여자" else None) or None,
                             "created_by": "데모"})
        first, last = _date(p.window[0]), _date(p.window[1])
        held = n(p.sessions) if p.sessions >= 20 else p.sessions
        days = _spread(rng, first, min(last, end), held) + _spread(rng, max(first, end + dt.timedelta(days=1)),
                                                                   last, p.planned)
        sessions = []
        for i, day in enumerate(days, 1):
            start = rng.choice(["10:00", "14:00", "19:00"])
            sid = uuid7()
            sessions.append((sid, day))
            plan.add("program_session", {"id": sid, "program_id": pid, "session_no": i, "held_on": day,
                                         "time_from": start,
                                         "time_to": space_rules.from_minutes(space_rules.minutes(start) + 120),
                                         "place": p.place, "kind": p.session_kinds[(i - 1) % len(p.session_kinds)],
                                         "topic": f"{i}회차", "created_by": "데모"})
        if p.kind == "경진대회":
            _teams(rng, plan, pid, n(p.pool), n(p.people), people)
            continue
        enrolled = n(p.pool) if p.style == "회차별" else n(p.people) if (p.sessions or p.style == "참여자") else 0
        held_sessions = [(sid, day) for sid, day in sessions if day <= end]
        first_day = held_sessions[0][1] if held_sessions else min(first, end)
        pool_ids = []
        youth = [s for s in people.seekers if s[1] is None or 1985 <= s[1].year <= 2005]
        linked = rng.sample(youth, min(len(youth), enrolled * 2 // 5)) if youth else []
        for i in range(enrolled):
            when = first_day - dt.timedelta(days=rng.randrange(1, 15)) if held_sessions else \
                first + dt.timedelta(days=rng.randrange(max(1, (min(last, end) - first).days + 1)))
            when = max(dt.date(YEAR, 1, 2), min(when, end))
            part_id = uuid7()
            row = {"id": part_id, "program_id": pid, "enrolled_on": when, "status": "참여", "created_by": "데모"}
            if i < len(linked):
                row["seeker_id"] = linked[i][0]
            else:
                row.update(people.walk_in(when))
            plan.add("program_participant", row)
            pool_ids.append(part_id)
        if not held_sessions or not pool_ids:
            continue
        present: dict[str, set[str]] = {sid: set() for sid, _ in held_sessions}
        if p.style == "회차별":
            per = min(n(p.people), len(pool_ids))
            for sid, _ in held_sessions:
                present[sid] = set(rng.sample(pool_ids, per))
        elif len(held_sessions) >= 20:              # drop-in sessions: most come once
            for part in pool_ids:
                present[rng.choice(held_sessions)[0]].add(part)
                if rng.random() < 0.35:
                    present[rng.choice(held_sessions)[0]].add(part)
        else:                                       # a course: most come to most sessions
            for part in pool_ids:
                keen = rng.random()
                chosen = [sid for sid, _ in held_sessions if rng.random() < (0.9 if keen > 0.25 else 0.45)]
                present[chosen[0] if chosen else rng.choice(held_sessions)[0]].add(part)
                for sid in chosen:
                    present[sid].add(part)
        for sid, parts in present.items():
            for part in sorted(parts):
                plan.add("attendance", {"id": stable_id("attendance", sid, part), "session_id": sid,
                                        "participant_id": part, "present": True, "created_by": "데모"})
        if p.completion is not None:                # a few gave up after the first sessions
            for row in plan.rows["program_participant"][-enrolled:]:
                if rng.random() < 0.05:
                    row["status"] = "중도포기"

    _enterprises(rng, plan, n, end)
    _spaces(rng, plan, n, factor, end, site)
    _targets(rng, plan, end)
    return plan


def _teams(rng: random.Random, plan: Plan, pid: str, applied: int, selected: int, people: _People) -> None:
    winners = set(rng.sample(range(applied), min(selected, applied)))
    used: set[str] = set()
    for i in range(applied):
        while True:
            name = f"{rng.choice(TEAM_WORDS)}{rng.choice(['', ' 팀', ' 크루', ' 프로젝트'])}"
            if name not in used:
                used.add(name)
                break
            name = f"{name} {i + 1}"
            if name not in used:
                used.add(name)
                break
        leader = people.walk_in(dt.date(YEAR, 4, 1))
        plan.add("contest_team", {"program_id": pid, "team_name": name, "leader": leader["name"],
                                  "phone": leader["phone"], "members": rng.randint(1, 5),
                                  "idea": rng.choice(["지역 상권 배달 플랫폼", "폐자원 업사이클링", "고립 청년 커뮤니티",
                                                      "어르신 디지털 교육", "문래동 공방 관광", "로컬 푸드 구독"]),
                                  "applied_on": dt.date(YEAR, 4, 1) + dt.timedelta(days=rng.randrange(25)),
                                  "status": "선발" if i in winners else "탈락", "decided_on": dt.date(YEAR, 5, 10),
                                  "created_by": "데모"})


def _enterprises(rng: random.Random, plan: Plan, n: Any, end: dt.date) -> None:
    from ydp_tui import data
    from ydp_tui.db.ids import uuid7

    count = n(20, 4)
    names: set[str] = set()
    ids = []
    for i in range(count):
        kind, pattern = ENTERPRISE_KINDS[i % len(ENTERPRISE_KINDS)]
        while True:
            name = pattern.format(rng.choice(ENTERPRISE_WORDS) + rng.choice(["", "나래", "솜씨", "공감", "손길", "한빛"]))
            if name not in names:
                names.add(name)
                break
        eid = uuid7()
        ids.append(eid)
        plan.add("enterprise", {"id": eid, "name": name, "kind": kind, "brn": _brn(rng),
                                "representative": rng.choice(["김", "이", "박", "최", "정"]) + rng.choice(["대표", "이사장"]),
                                "dong": rng.choice(data.dongs()),
                                "designated_on": dt.date(rng.randint(2015, 2023), rng.randint(1, 12), 1),
                                "created_by": "데모"})
    supported = rng.sample(ids, min(n(SUPPORTED, 2), len(ids)))
    grants = supported + rng.sample(supported, max(0, len(supported) // 4))
    units = split(rng, round(SUPPORT_TOTAL * (n(100) / 100) / 100_000), len(grants), low=10)
    for eid, unit in zip(grants, units):
        plan.add("enterprise_support", {"enterprise_id": eid, "kind": rng.choice(["일자리창출 인건비", "전문인력 인건비"]),
                                        "granted_on": dt.date(YEAR, rng.randint(1, 5), rng.randint(1, 28)),
                                        "amount": unit * 100_000, "people": rng.randint(1, 3),
                                        "period_start": dt.date(YEAR, 1, 1), "period_end": dt.date(YEAR, 12, 31),
                                        "created_by": "데모"})
    records = n(80, 8)
    total = round(PURCHASE_TOTAL * (n(100) / 100) / 10_000)
    for amount in split(rng, total, records, low=50):
        day = dt.date(YEAR, 1, 2) + dt.timedelta(days=rng.randrange((end - dt.date(YEAR, 1, 2)).days + 1))
        plan.add("public_purchase", {"enterprise_id": rng.choice(ids), "purchased_on": day, "buyer": rng.choice(BUYERS),
                                     "item": rng.choice(ITEMS), "amount": amount * 10_000, "created_by": "데모"})


def _spaces(rng: random.Random, plan: Plan, n: Any, factor: float, end: dt.date, site: str) -> None:
    from ydp_tui.db.ids import uuid7
    from ydp_tui.db.spaces import shipped_spaces

    rooms = {r["name"]: r for r in shipped_spaces()}
    days = open_days(dt.date(YEAR, 1, 2), end)
    booking_no = [0]
    # (space, day) -> list of (from, to) already laid out, so nothing overlaps
    laid: dict[tuple[str, dt.date], list[tuple[str, str]]] = {}

    def place(space: str, day: dt.date, hours: float) -> tuple[str, str] | None:
        room = rooms[space]
        taken = laid.setdefault((space, day), [])
        length = int(hours * 60)
        for a, b in space_rules.free_ranges(taken, room["open_from"], room["open_to"]):
            if space_rules.minutes(b) - space_rules.minutes(a) >= length:
                start = space_rules.minutes(a)
                slack = (space_rules.minutes(b) - start - length) // 30
                start += 30 * rng.randint(0, min(slack, 4))
                span = (space_rules.from_minutes(start), space_rules.from_minutes(start + length))
                taken.append(span)
                return span
        return None

    def book(space: str, day: dt.date, hours: float, headcount: int, status: str, who: str) -> str | None:
        span = place(space, day, hours)
        if span is None:
            return None
        booking_no[0] += 1
        bid = uuid7()
        plan.add("space_booking", {"id": bid, "booking_no": f"{site}-{YEAR}-{booking_no[0]:05d}",
                                   "space_id": rooms[space]["id"], "day": day, "time_from": span[0],
                                   "time_to": span[1], "booked_by": who, "headcount": headcount, "status": status,
                                   "purpose": rng.choice(["팀 회의", "영상 촬영", "스터디", "온라인 면접", "녹음", "워크숍", ""]),
                                   "cancel_reason": "일정 변경" if status == "취소" else "", "created_by": "데모"})
        if status == "이용":
            plan.add("space_use", {"space_id": rooms[space]["id"], "used_on": day, "time_from": span[0],
                                   "time_to": span[1], "headcount": headcount, "booking_id": bid, "kind": "예약 이용",
                                   "created_by": "데모"})
        return bid

    people = _People(rng, [])

    def who() -> str:
        return people.walk_in(end)["name"]

    # 스튜디오 영원: 330 uses (1,012 people): checked-in bookings and walk-ins at the open office
    studio = [f"{STUDIO} 미디어실1", f"{STUDIO} 미디어실2", f"{STUDIO} 세미나실", f"{STUDIO} 개방형 오피스"]
    uses = n(STUDIO_USES)
    walk = uses // 11
    chosen = [rng.choice(studio[:3]) for _ in range(uses - walk)] + [studio[3]] * walk
    caps = [rooms[s]["capacity"] for s in chosen]
    heads = fit(rng, n(STUDIO_PEOPLE), caps)
    for i, (space, heads_i) in enumerate(zip(chosen, heads)):
        day = rng.choice(days)
        if i >= uses - walk:
            plan.add("space_use", {"space_id": rooms[space]["id"], "used_on": day, "headcount": heads_i,
                                   "kind": "자유 이용", "created_by": "데모"})
        else:
            name = who()
            for _ in range(20):       # a full day: another day (at 20x the seed's volume, a walk-in)
                if book(space, day, rng.choice([1, 1.5, 2, 2, 3]), heads_i, "이용", name) is not None:
                    break
                day = rng.choice(days)
            else:
                plan.add("space_use", {"space_id": rooms[space]["id"], "used_on": day, "headcount": heads_i,
                                       "kind": "자유 이용", "created_by": "데모"})
    for _ in range(n(12)):       # no-shows and cancellations
        book(rng.choice(studio[:3]), rng.choice(days[:-1]), 1, 2, rng.choice(["예약", "취소"]), who())

    # 서울청년센터 영등포: 25,067 visitors over 123 open days, counted per room and part of the day
    youth_rooms = [f"{YOUTH} {r}" for r in ("상담실", "회의실", "미디어실", "공유주방", "인큐베이팅룸")]
    daily = split(rng, n(YOUTH_PEOPLE), len(days), low=max(1, round(150 * factor)))
    for day, total in zip(days, daily):
        for (space, part), count in zip([(s, p) for s in youth_rooms for p in ("오전", "오후", "저녁")],
                                        split(rng, total, 15, low=0)):
            if count:
                plan.add("space_use", {"space_id": rooms[space]["id"], "used_on": day, "headcount": count,
                                       "kind": "자유 이용", "note": f"{part} 방문 집계", "created_by": "데모"})

    # 중장년 일자리희망플랫폼: 1인 사무공간, whole days
    offices = [f"{PLATFORM} 1인 사무공간{i}" for i in range(1, 11)]
    for day in [d for d in days if d.weekday() < 5]:
        for space in rng.sample(offices, min(10, max(1, round(6 * min(factor, 1.5))))):
            book(space, day, 9, 1, "이용", who())

    # the days to come: today's (not checked in yet: the figures are as of the morning) and the next two weeks'
    ahead = [end + dt.timedelta(days=i) for i in range(0, 15)]
    for day in ahead:
        if day.weekday() == 6:
            continue
        for space in studio[:3] + youth_rooms[1:3]:
            for _ in range(rng.choice([0, 1, 1, 2])):
                book(space, day, rng.choice([1, 2, 2, 3]), rng.randint(1, min(6, rooms[space]["capacity"])), "예약", who())
        for space in rng.sample(offices, 5):
            book(space, day, 9, 1, "예약", who())
    plan.add("number_seq", {"kind": "space", "year": YEAR, "last": booking_no[0]})


def _targets(rng: random.Random, plan: Plan, end: dt.date) -> None:
    from ydp_tui.db.ids import stable_id, uuid7

    seq = 0
    for department, projects in TARGETS:
        for name, indicators in projects:
            seq += 1
            pid = uuid7()
            plan.add("target_project", {"id": pid, "year": YEAR, "department": department, "name": name, "seq": seq,
                                        "created_by": "데모"})
            for i, (ind, unit, target) in enumerate(indicators, 1):
                iid = uuid7()
                plan.add("target_indicator", {"id": iid, "project_id": pid, "name": ind, "unit": unit,
                                              "target": target, "seq": i, "created_by": "데모"})
                if end >= dt.date(YEAR, 3, 31):       # the first quarter's results are in
                    value = round(target * rng.uniform(0.12, 0.38))
                    plan.add("target_result", {"id": stable_id("target_result", iid, "1"), "indicator_id": iid,
                                               "quarter": 1, "value": value, "created_by": "데모"})


# --- the step ----------------------------------------------------------------------------------

ORDER = ["program", "program_session", "program_participant", "attendance", "contest_team", "enterprise",
         "enterprise_support", "public_purchase", "space_booking", "space_use", "target_project", "target_indicator",
         "target_result"]


def programs_step(db: Any, scale: Any, rng: random.Random, progress: Any) -> int:
    """``demo.STEPS`` step: returns the rows inserted."""
    from sqlalchemy import select

    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.models import Seeker, synced_tables
    from ydp_tui.demo import _advance_counters

    with db.session() as session:
        seekers = [(r[0], r[1]) for r in session.execute(
            select(Seeker.id, Seeker.birth_date).where(Seeker.deleted.is_(False)).order_by(Seeker.seeker_no))]
    end = min(scale.end, dt.date(YEAR, 12, 31))
    plan = build(rng, scale.name, scale.factor, end, seekers, db.site_code)
    tables = synced_tables()
    total = sum(len(plan.rows.get(t, [])) for t in ORDER)
    done = 0
    with db.write() as session:
        for table in ORDER:
            rows = plan.rows.get(table, [])
            for start in range(0, len(rows), 5000):
                chunk = rows[start:start + 5000]
                bulk_insert(session, tables[table], chunk)
                done += len(chunk)
                if progress:
                    progress("프로그램ㆍ공간", done, total)
        for seq in plan.rows.get("number_seq", []):
            _advance_counters(session, seq["kind"], {seq["year"]: seq["last"]})
    return total
