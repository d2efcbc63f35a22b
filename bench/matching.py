"""Benchmark: explainable matching at ``seoul`` demo scale (issue 3).

    python bench/matching.py [--db /tmp/ydp-bench-issue-3.sqlite3] [--samples 30] [--rebuild]

Fills the database with ``ydp-tui demo --scale seoul`` (100,000 seekers, 20,000 vacancies, their
referrals and hires) when it is empty (or ``--rebuild``), with the clock at the seed report's date
(2024-05-31) so vacancies are open as they were then.  Then times the services the screens and
``ydp-tui match`` call, over random 구직중 seekers and open vacancies, and prints medians against
the issue's targets:

- seeker -> top 20 vacancies  <= 50 ms
- vacancy -> top 50 seekers   <= 200 ms

Each call includes what the service does for a counselor: refresh the in-process index (a
``data_version`` look and the change log since the last call), load the policy, score the
candidates, explain the results shown, mark referred pairs and write the access log.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_DB = "/tmp/ydp-bench-issue-3.sqlite3"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default {DEFAULT_DB})")
    ap.add_argument("--samples", type=int, default=30, help="seekers and vacancies to time (each)")
    ap.add_argument("--rebuild", action="store_true", help="start from an empty file")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ydp-bench-matching-"))
    os.environ.setdefault("YDP_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("YDP_FROZEN_NOW", "2024-05-31T10:00:00+09:00")

    from sqlalchemy import func, select

    from ydp_tui import demo
    from ydp_tui.db import matching, seekers
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Referral, Seeker, Vacancy

    path = Path(args.db)
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database.open(str(path), operator="bench", site_code="B1")
    if seekers.count(db) == 0:
        t = time.perf_counter()
        last = [0.0]

        def progress(what: str, done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 5 or done == total:
                last[0] = time.perf_counter()
                print(f"  demo: {what} {done:,}/{total:,}", file=sys.stderr)

        demo.generate(db, "seoul", 2024, progress)
        print(f"(seoul demo data made in {time.perf_counter() - t:.0f} s)", file=sys.stderr)

    with db.session() as s:
        n_seekers = s.execute(select(func.count()).select_from(Seeker)).scalar_one()
        n_vacancies = s.execute(select(func.count()).select_from(Vacancy)).scalar_one()
        n_referrals = s.execute(select(func.count()).select_from(Referral)).scalar_one()

    t = time.perf_counter()
    matching.prewarm(db)
    build_s = time.perf_counter() - t
    idx = matching.index_for(db)
    from ydp_tui import clock

    today = clock.today()
    rng = random.Random(3)
    pool_s = sorted(sid for sid, side in idx.seekers.items() if side.jobs)
    pool_v = sorted(v for v in idx.vacancy_rows if idx.is_open(v, today))
    some_s = rng.sample(pool_s, min(args.samples, len(pool_s)))
    some_v = rng.sample(pool_v, min(args.samples, len(pool_v)))

    def timed(fn, items):
        times, sizes = [], []
        for item in items:
            t = time.perf_counter()
            result = fn(item)
            times.append(time.perf_counter() - t)
            sizes.append(result.candidates)
        return statistics.median(times), max(times), statistics.median(sizes)

    # headroom: score each sample seeker against every vacancy sharing a 중분류, as if all were open
    from ydp_tui.rules import matching as rules

    policy = matching.policy_for(db)

    def all_vacancies(sid):
        s = idx.seekers[sid]
        ids = set().union(*(idx.vacancy_buckets.get(m, set()) for m in s.majors))
        pairs = [(idx.vacancies[v], ev) for v in ids if (ev := rules.evaluate(s, idx.vacancies[v], policy))]
        rules.best(pairs, 20, key=lambda v: (v.deadline or today, v.vacancy_no))
        return type("R", (), {"candidates": len(ids)})

    stress_s, stress_worst, stress_cand = timed(all_vacancies, some_s)
    for_seeker_s, worst_s, cand_s = timed(lambda sid: matching.for_seeker(db, sid, top=20), some_s)
    for_vacancy_s, worst_v, cand_v = timed(lambda vid: matching.for_vacancy(db, vid, top=50), some_v)

    print(f"ydp-tui matching benchmark ({db.engine.dialect.name}, {path}): {n_seekers:,} seekers "
          f"({len(idx.seekers):,} 구직중), {n_vacancies:,} vacancies ({len(pool_v):,} open on {today}), "
          f"{n_referrals:,} referrals; median of {args.samples}")
    print(f"{'step':<48}{'median':>10}{'worst':>10}{'target':>10}  ok")
    rows = [
        ("index build (cold, once)", build_s, None, None),
        (f"seeker -> top 20 vacancies (~{cand_s:,.0f} candidates)", for_seeker_s, worst_s, 0.050),
        (f"vacancy -> top 50 seekers (~{cand_v:,.0f} candidates)", for_vacancy_s, worst_v, 0.200),
        (f"  headroom: score ~{stress_cand:,.0f} vacancies as if all open", stress_s, stress_worst, None),
    ]
    for label, value, worst, target in rows:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        tgt = "" if target is None else f"{target * 1000:.0f} ms"
        w = "" if worst is None else f"{worst * 1000:.0f} ms"
        print(f"{label:<48}{value * 1000:>7.0f} ms{w:>10}{tgt:>10}  {ok}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
