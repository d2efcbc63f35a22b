"""Benchmark: youth exam-fee subsidy at 10,000 applications (issue 5).

    python bench/subsidy.py [--n 10000] [--repeat 5] [--db URL]

Builds the website's sheet (CSV, CP949 like Korean Excel writes it) with 10,000 applications,
imports it into a fresh SQLite file (or ``--db``), then times the hot paths several times and
prints medians against the issue's targets:

- screening step (load the year's applications and screen them, first come first served) <= 1 s
- the review list opening (screening + the first page of 200 rows, accounts masked) <= 300 ms
"""

from __future__ import annotations

import argparse
import csv
import os
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
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="SQLAlchemy URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ydp-bench-subsidy-"))
    os.environ.setdefault("YDP_CONFIG_DIR", str(tmp / "config"))
    os.environ.setdefault("YDP_FROZEN_NOW", "2024-06-30T10:00:00+09:00")

    from ydp_tui.db import subsidy
    from ydp_tui.db.engine import Database
    from ydp_tui.demo_subsidy import website_rows
    from ydp_tui.io import subsidy as io
    from ydp_tui.rules import subsidy as rules

    t = time.perf_counter()
    rows = website_rows(args.n)
    sheet = tmp / "web.csv"
    with sheet.open("w", encoding="cp949", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(io.COLUMNS)
        for r in rows:
            w.writerow(["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in r])
    build = time.perf_counter() - t

    db = Database.open(args.db or str(tmp / "bench.sqlite3"), operator="bench", site_code="B1")
    t = time.perf_counter()
    result = io.import_file(db, sheet)
    import_s = time.perf_counter() - t
    assert result.created == args.n, result
    t = time.perf_counter()
    again = io.import_file(db, sheet)
    reimport_s = time.perf_counter() - t
    assert again.created == 0 and again.skipped == args.n

    def cold(fn):
        def run():
            subsidy.forget_screenings()
            return fn()
        return run

    screen_s, s = timed(cold(lambda: subsidy.screen(db, 2024)), args.repeat)
    program, inputs = s.program, s.inputs
    pure_s, results = timed(lambda: rules.screen(program, inputs), args.repeat)
    def opening():
        s = subsidy.screen(db, 2024)
        return subsidy.page_of(s, subsidy.filter_rows(s), limit=200), subsidy.overview(db, 2024, screening=s)

    list_s, (page, ov) = timed(cold(opening), args.repeat)
    warm_s, _ = timed(opening, args.repeat)
    search_s, _ = timed(lambda: subsidy.list_page(db, 2024, query="김ㅁ", view="적격"), args.repeat)
    first = page.rows[0].id
    detail_s, _ = timed(lambda: subsidy.detail(db, first, log_view=False), args.repeat)
    eligible = sum(r.eligible for r in results)
    exhausted = sum(r.reasons == ("BUDGET_EXHAUSTED",) for r in results)

    print(f"ydp-tui subsidy benchmark: {args.n:,} applications ({db.engine.dialect.name}), "
          f"median of {args.repeat}")
    print(f"  (sheet built in {build:.2f} s; {eligible:,} eligible, {exhausted:,} BUDGET_EXHAUSTED, "
          f"budget left {ov.screening_left:,}원)")
    print(f"{'step':<46}{'median':>10}{'target':>10}  ok")
    rows_out = [
        ("import 10,000 rows (CSV, CP949), once", import_s, None),
        ("re-import the same file (all skipped), once", reimport_s, None),
        ("screening step (load + screen the year)", screen_s, 1.0),
        ("  of which pure rules.screen", pure_s, None),
        ("review list opens (screen, 200 rows, budget)", list_s, 0.3),
        ("  again, data unchanged (cached screening)", warm_s, None),
        ("search as you type ('김ㅁ', 적격)", search_s, None),
        ("one application for review (list already open)", detail_s, None),
    ]
    for label, value, target in rows_out:
        ok = "" if target is None else ("yes" if value <= target else "NO")
        tgt = "" if target is None else f"{target * 1000:.0f} ms"
        print(f"{label:<46}{value * 1000:>7.0f} ms{tgt:>10}  {ok}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
