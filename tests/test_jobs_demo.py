"""The demo's employers, vacancies, referrals, events and courses reproduce the seed report's
figures when counted as DOMAIN.md §1 defines them, and are consistent with the services' rules."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from ydp_tui import demo, demo_jobs, demo_sync
from ydp_tui.db import events, referrals, vacancies
from ydp_tui.db.models import Referral, Seeker, Vacancy
from ydp_tui.rules import jobs as rules

SEED_FROM, SEED_TO = dt.date(2024, 1, 1), dt.date(2024, 5, 31)


def generate(db, scale: str, seed: int = 2024) -> None:
    chosen = demo.SCALES[scale]
    for label, step in (("담당자", demo.operators_step), ("구직자", demo.seekers_step), ("취업알선", demo_jobs.jobs_step),
                        ("동기화", demo_sync.sync_step)):   # the job fair's laptop brings the last seekers
        step(db, chosen, random.Random(f"{seed}:{label}"), None)


def test_seed_scale_reproduces_the_report(db) -> None:
    generate(db, "seed")
    # 일자리플러스센터 (2024. 5. 31.기준): 1,057 / 1,339 / 978 / 4,558 / 391 / 40.0
    assert referrals.center_figures(db, SEED_FROM, SEED_TO) == {
        "employers": 1057, "openings": 1339, "seekers": 978, "referrals": 4558, "hired": 391, "employment_rate": 40.0}
    # job포유 3회, 84명 면접, 14명 채용; 취업박람회 1회; 취업 교육 4개 과정, 120명
    figures = events.event_figures(db, SEED_FROM, SEED_TO)
    assert figures["job포유"] == {"events": 3, "interviewed": 84, "hired": 14}
    assert figures["취업박람회"]["events"] == 1
    assert events.course_figures(db, SEED_FROM, SEED_TO)["courses"] == 4
    assert events.course_figures(db, SEED_FROM, SEED_TO)["people"] == 120
    with db.session() as s:
        # every hire: a 채용일, the seeker 취업, and no vacancy hires beyond its headcount
        hires = s.execute(select(Referral.seeker_id, Referral.vacancy_id, Referral.hired_on, Referral.referred_on)
                          .where(Referral.status == rules.HIRED)).all()
        assert len(hires) == 391 and all(h.hired_on and h.referred_on <= h.hired_on <= SEED_TO for h in hires)
        statuses = dict(s.execute(select(Seeker.id, Seeker.status)).all())
        assert {statuses[h.seeker_id] for h in hires} == {"취업"}
        heads = dict(s.execute(select(Vacancy.id, Vacancy.headcount)).all())
        status = dict(s.execute(select(Vacancy.id, Vacancy.status)).all())
        filled = vacancies.hired_counts(s, heads)
        assert all(n <= heads[v] for v, n in filled.items())
        assert all(status[v] == rules.FILLED for v, n in filled.items() if n == heads[v])
        # referrals never precede their vacancy or their seeker, and stay within the period
        bad = s.execute(select(func.count()).select_from(Referral)
                        .join(Vacancy, Vacancy.id == Referral.vacancy_id).join(Seeker, Seeker.id == Referral.seeker_id)
                        .where((Referral.referred_on < Vacancy.registered_on) | (Referral.referred_on < Seeker.registered_on)
                               | (Referral.referred_on > SEED_TO))).scalar_one()
        assert bad == 0
        assert s.execute(select(func.count()).select_from(Vacancy).where(Vacancy.status == rules.OPEN)).scalar_one() > 0


def test_small_scale_keeps_the_proportions(tmp_path) -> None:
    from ydp_tui.db.engine import Database

    db = Database.open(str(tmp_path / "small.sqlite3"), operator="데모", site_code="T1")  # one backend is enough
    generate(db, "small", seed=7)
    f = referrals.center_figures(db, demo.SCALES["small"].start, demo.SCALES["small"].end)
    t = demo_jobs.targets(demo.SCALES["small"])
    assert (f["employers"], f["openings"], f["referrals"], f["hired"]) == (
        t["employers"], t["openings"], t["referrals"], t["hired"])
    assert t["vacancies"] == 290 and demo_jobs.targets(demo.SCALES["seoul"])["vacancies"] == 20_000
    db.dispose()
