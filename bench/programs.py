"""Benchmark: programs, spaces and targets at the ``seoul`` demo volume (20x the seed's).

    python bench/programs.py [--scale seoul|seed] [--repeat 7] [--db PATH]

Fills a fresh SQLite file (default ``/tmp/ydp-bench-issue-9.sqlite3``) with the demo step of
this area, then times the hot paths and prints medians against these targets (the issue gives
none; they are what a desk should feel as immediate):

- booking a slot (lock, overlap check, insert, access log)      <= 50 ms
- the spaces day view of a facility (grid and bookings)         <= 50 ms
- the year's programs list with their figures                   <= 300 ms
- ``report programs`` for 2024-01-01..2024-05-31                <= 1 s
- ``report targets`` for the same period                         <= 200 ms
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
    ap.add_argument("--scale", default="seoul", choices=("seed", "seoul"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--db", default="/tmp/ydp-bench-issue-9.sqlite3")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ydp-bench-programs-"))
    os.environ.setdefault("YDP_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("YDP_FROZEN_NOW", "2024-05-31T10:00:00+09:00")
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)

    from ydp_tui import demo, reports
    from ydp_tui.db import programs, spaces
    from ydp_tui.db.engine import Database
    from ydp_tui.demo_programs import programs_step

    db = Database.open(args.db, operator="bench", site_code="B1")
    t = time.perf_counter()
    rows = programs_step(db, demo.SCALES[args.scale], random.Random("bench"), None)
    fill = time.perf_counter() - t
    lo, hi = dt.date(2024, 1, 1), dt.date(2024, 5, 31)

    slots = iter([(day, f"{h:02d}:00") for day in range(1, 29) for h in range(9, 21)])

    def book_one():
        day, start = next(slots)
        return spaces.book(db, "청년건축학교 상설교육장", {"day": f"2024-06-{day:02d}", "time_from": start,
                                                     "time_to": f"{int(start[:2]) + 1:02d}:00", "booked_by": "벤치"})

    results = [
        ("booking a slot", 0.050, *timed(book_one, args.repeat)),
        ("day view (스튜디오 영원)", 0.050, *timed(lambda: spaces.day_view(db, hi, "스튜디오 영원"), args.repeat)),
        ("programs list (2024)", 0.300, *timed(lambda: programs.list_programs(db, 2024), args.repeat)),
        ("report programs", 1.0, *timed(lambda: reports.build("programs", db, lo, hi), args.repeat)),
        ("report targets", 0.200, *timed(lambda: reports.build("targets", db, lo, hi), args.repeat)),
    ]
    print(f"{args.scale}: {rows:,} rows inserted in {fill:.1f} s ({args.db})")
    print(f"{'path':32} {'median':>10} {'target':>10}")
    for name, target, median, _ in results:
        flag = "ok" if median <= target else "SLOW"
        print(f"{name:32} {median * 1000:8.1f}ms {target * 1000:8.0f}ms  {flag}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
