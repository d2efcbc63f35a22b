"""Deterministic synthetic data (``ydp-tui demo``, ``ydp-tui --demo``).

Realistic, never real: Korean names drawn from the surname frequencies of the 2015 census,
all 18 dongs, KECO codes, plausible ages and wages.  The same ``--seed`` gives the same
records.  Each area adds a step to ``STEPS``; a step fills its tables for a scale.

Scales: ``small`` (a few hundred people, for trying things), ``seed`` (the seed report's
volume for 2024-01-01..2024-05-31), ``seoul`` (100,000 seekers and more, for benchmarks).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ydp_tui import data

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class Scale:
    name: str
    seekers: int
    start: dt.date
    end: dt.date
    factor: float  # multiplier of the seed report's volumes for other areas


SCALES = {
    "small": Scale("small", 300, dt.date(2024, 1, 2), dt.date(2024, 5, 31), 0.25),
    "seed": Scale("seed", 978, dt.date(2024, 1, 2), dt.date(2024, 5, 31), 1.0),
    "seoul": Scale("seoul", 100_000, dt.date(2020, 1, 2), dt.date(2024, 5, 31), 20.0),
}


class Names:
    def __init__(self, rng: random.Random) -> None:
        table = data.load("names.json")
        self.rng = rng
        self.surnames = list(table["surnames"])
        self.weights = list(table["surnames"].values())
        self.given = table["given"]
        self.foreign = table["foreign"]
        self.certificates = table["certificates"]

    def person(self, gender: str, birth_year: int) -> str:
        if self.rng.random() < 0.02:
            return self.rng.choice(self.foreign)
        era = "old" if birth_year < 1970 else "mid" if birth_year < 1990 else "young"
        surname = self.rng.choices(self.surnames, self.weights)[0]
        return surname + self.rng.choice(self.given[f"{gender}_{era}"])


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"010-{rng.randrange(2000, 10000):04d}-{rng.randrange(10000):04d}"
        if number not in used:
            used.add(number)
            return number


def _birth(rng: random.Random, registered: dt.date) -> tuple[dt.date, list[str]]:
    band = rng.choices(["청년", "중장년", "고령자"], [0.35, 0.45, 0.20])[0]
    age = {"청년": (19, 39), "중장년": (40, 64), "고령자": (65, 78)}[band]
    years = rng.randint(*age)
    birth = dt.date(registered.year - years, 1, 1) - dt.timedelta(days=rng.randrange(365))
    return birth, [band]


def seekers_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.db.capture import bulk_insert
    from ydp_tui.db.models import Seeker
    from ydp_tui.rules import seeker as rules

    names = Names(rng)
    dongs = data.dongs()
    jobs = [c for c in data.keco_names() if len(c) == 2]
    job_weights = [6 if c in ("02", "53", "56", "55", "61", "62", "54", "89") else 1 for c in jobs]
    educations = data.code_list("education")
    used: set[str] = set()
    from ydp_tui.demo_sync import fair_people

    total = scale.seekers - fair_people(scale)   # the rest come from the job fair's laptop (sync step)
    batch: list[dict[str, Any]] = []
    counters: dict[int, int] = {}
    done = 0
    with db.write() as session:
        site_code = db.site_code
        for i in range(total):
            registered = random_date(rng, scale.start, scale.end)
            birth, groups = _birth(rng, registered)
            gender = rng.choice(["남", "여"])
            if gender == "여" and groups == ["중장년"] and rng.random() < 0.4:
                groups.append("경력보유여성")
            if rng.random() < 0.12:
                groups.append("저소득")
            if rng.random() < 0.03:
                groups.append("장애인")
            name = names.person(gender, birth.year)
            dong = rng.choice(dongs) if rng.random() > 0.03 else rules.OTHER_DONG
            status_roll = rng.random()
            status = "구직중" if status_roll < 0.55 else "취업" if status_roll < 0.9 else "중단"
            work_type = rng.choices(["전일제", "시간제", "무관"], [0.6, 0.25, 0.15])[0]
            counters[registered.year] = counters.get(registered.year, 0) + 1
            batch.append({
                "seeker_no": f"{site_code}-{registered.year}-{counters[registered.year]:05d}",
                "name": name, "birth_date": birth, "gender": gender, "phone": mobile(rng, used),
                "dong": dong, "address": "서울특별시 구로구 디지털로 300" if dong == rules.OTHER_DONG else None,
                "moved_in": random_date(rng, min(registered, max(birth + dt.timedelta(days=7000),
                                                                  dt.date(1995, 1, 1))), registered)
                if rng.random() < 0.8 else None,
                "education": rng.choices(educations, [2, 5, 35, 20, 33, 5])[0],
                "career_years": rng.randint(0, max(0, registered.year - birth.year - 20)),
                "desired_jobs": ";".join(sorted(set(rng.choices(jobs, job_weights, k=rng.randint(1, 3))))),
                "desired_wage": rng.randrange(2_000_000, 4_000_001, 50_000) if work_type != "시간제"
                else rng.randrange(800_000, 1_800_001, 50_000),
                "work_type": work_type,
                "desired_hours": rng.choice([15, 20, 25, 30]) if work_type == "시간제" else None,
                "certificates": ";".join(rng.sample(names.certificates, rng.choice([0, 0, 1, 1, 2]))),
                "target_groups": ";".join(groups),
                "registered_on": registered,
                "consent_date": registered,
                "consent_by": "데모",
                "consent_version": rules.CONSENT_VERSION,
                "status": status,
                "created_by": "데모",
            })
            if len(batch) >= 5000 or i == total - 1:
                bulk_insert(session, Seeker, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress("구직자", done, total)
        _advance_counters(session, "seeker", counters)
    return total


def _advance_counters(session: Any, kind: str, counters: dict[int, int]) -> None:
    from ydp_tui.db.models import NumberSeq

    for year, last in counters.items():
        row = session.get(NumberSeq, (kind, year))
        if row is None:
            session.add(NumberSeq(kind=kind, year=year, last=last))
        else:
            row.last = max(row.last, last)


def operators_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.db.models import Operator

    people = [("김상담", "상담사"), ("이상담", "상담사"), ("박상담", "상담사"), ("최팀장", "감독자"), ("정관리", "관리자")]
    with db.write() as session:
        for name, role in people:
            session.add(Operator(name=name, role=role))
    return len(people)


def _subsidy_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.demo_subsidy import subsidy_step

    return subsidy_step(db, scale, rng, progress)


def _programs_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.demo_programs import programs_step

    return programs_step(db, scale, rng, progress)


def _public_work_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.demo_public_work import public_work_step

    return public_work_step(db, scale, rng, progress)


def _jobs_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.demo_jobs import jobs_step

    return jobs_step(db, scale, rng, progress)


def _budget_step(db: Any, scale: Scale, rng: random.Random, progress: Progress | None) -> int:
    from ydp_tui.demo_budget import budget_step

    return budget_step(db, scale, rng, progress)


# (name shown in progress, step).  Areas append their steps in dependency order.
STEPS: list[tuple[str, Callable[[Any, Scale, random.Random, Progress | None], int]]] = [
    ("담당자", operators_step),
    ("구직자", seekers_step),
    ("응시료 지원", _subsidy_step),
    ("프로그램ㆍ공간", _programs_step),
    ("공공일자리", _public_work_step),
]
STEPS.append(("취업알선", _jobs_step))
from ydp_tui.demo_sync import sync_step  # noqa: E402
STEPS.append(("동기화", sync_step))
STEPS.append(("예산 집행", _budget_step))  # keep last: it tops up what the steps before paid


def generate(db: Any, scale: str = "seed", seed: int = 2024, progress: Progress | None = None) -> dict[str, int]:
    """Fill ``db`` with demo data; returns counts per step."""
    chosen = SCALES[scale]
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for label, step in STEPS:
        step_rng = random.Random(f"{seed}:{label}")
        counts[label] = step(db, chosen, step_rng, progress)
    del rng
    return counts
