"""Benchmark: administration at a large district's volume (issue 8).

    python bench/admin.py [--seekers 100000] [--entries 100000] [--repeat 5] [--db URL]

Fills a fresh database (SQLite ``/tmp/ydp-bench-issue-8.sqlite3``, or ``--db``) with seekers (a
third of them registered four years ago, so due for erasure) and access-log entries, then prints
medians of what a supervisor waits for, against these targets (the issue gives none; they are
what keeps a screen responsive):

- a review page (200 newest entries, any filter) <= 300 ms; the flagged-only page <= 1 s
- the hash chain verified, per 100,000 entries <= 3 s
- the retention summary (every kind) <= 1 s; a page of due records <= 300 ms
- a PIN sign-in (scrypt) <= 500 ms; a backup of the whole file <= 10 s
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_DB = "/tmp/ydp-bench-issue-8.sqlite3"


def timed(fn, repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seekers", type=int, default=100_000)
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ydp-bench-admin-"))
    os.environ.setdefault("YDP_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("YDP_DATA_DIR", str(tmp / "data"))

    from ydp_tui import clock, demo
    from ydp_tui.db import audit, audit_review, backup, operators, retention
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Operator

    target = args.db or DEFAULT_DB
    if not args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    with clock.freeze(dt.datetime(2020, 3, 2, 10, 0, tzinfo=clock.SEOUL)):
        db = Database.open(target, operator="(벤치)", site_code="B1")
        with db.write() as s:
            s.add(Operator(name="정관리", role="관리자", pin_hash=operators.hash_pin("482915")))
        old = demo.Scale("old", args.seekers // 3, dt.date(2020, 1, 2), dt.date(2020, 3, 2), 1.0)
        demo.seekers_step(db, old, random.Random(1), None)
    with clock.freeze(dt.datetime(2024, 5, 31, 10, 0, tzinfo=clock.SEOUL)):
        recent = demo.Scale("recent", args.seekers - args.seekers // 3, dt.date(2023, 1, 2), dt.date(2024, 5, 31), 1.0)
        db2 = Database.open(target, operator="(벤치)", site_code="B2")
        demo.seekers_step(db2, recent, random.Random(2), None)
        db2.dispose()
        rng = random.Random(3)
        people = ["김상담", "이상담", "박상담", "최팀장"]
        done = 0
        while done < args.entries:
            with db.write(audit_only=True) as s:
                for _ in range(min(5000, args.entries - done)):
                    s.info["ydp"].operator = rng.choice(people)
                    kind = rng.random()
                    if kind < 0.01:
                        audit.record(s, "export", "seeker", detail=f"구직자.xlsx: {rng.randint(1, 3000)}건")
                    else:
                        audit.record(s, "view", "seeker", subject=f"B1-2020-{rng.randint(1, 30000):05d}", detail="조회")
                done += min(5000, args.entries - done)
        db.dispose()
        print(f"built {args.seekers:,} seekers and {args.entries:,} access-log entries in {time.perf_counter() - t:.1f} s")

        admin = Database.open(target, operator="")
        sign_in, _ = timed(lambda: admin.set_operator("정관리", "482915"), 3)
        results = []
        page, _ = timed(lambda: audit_review.review(admin, log=False), args.repeat)
        results.append(("review page (200 newest)", page, 0.3))
        by_op, _ = timed(lambda: audit_review.review(admin, audit_review.Filter(operator="최팀장"), log=False),
                         args.repeat)
        results.append(("review page, one operator", by_op, 0.3))
        by_person, _ = timed(lambda: audit_review.review(admin, audit_review.Filter(person="B1-2020-00017"),
                                                         log=False), args.repeat)
        results.append(("review page, one person", by_person, 0.3))
        flagged, _ = timed(lambda: audit_review.review(admin, audit_review.Filter(flagged_only=True), log=False),
                           args.repeat)
        results.append(("review page, flagged only", flagged, 1.0))
        verify, v = timed(lambda: audit_review.verify(admin), max(1, args.repeat // 2))
        results.append((f"verify chain ({v.checked:,} entries)", verify, 3.0 * max(1, v.checked / 100_000)))
        summary, s = timed(lambda: retention.summary(admin), args.repeat)
        results.append((f"retention summary ({s[0].due:,} due)", summary, 1.0))
        due, _ = timed(lambda: retention.due(admin, "seeker", log=False), args.repeat)
        results.append(("retention page (200 due)", due, 0.3))
        results.append(("PIN sign-in (scrypt)", sign_in, 0.5))
        if admin.is_sqlite:
            made = []
            bk, _ = timed(lambda: made.append(backup.make(admin)), 1)
            results.append((f"backup ({Path(target).stat().st_size / 1e6:,.0f} MB file)", bk, 10.0))
            for p in made:
                p.unlink(missing_ok=True)
        admin.dispose()

    print(f"{'what':<40} {'median':>10} {'target':>10}")
    for what, seconds, target_s in results:
        mark = "" if seconds <= target_s else "  OVER"
        print(f"{what:<40} {seconds * 1000:>8.0f}ms {target_s * 1000:>8.0f}ms{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
