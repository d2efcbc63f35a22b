"""Benchmark: cold start to first frame (vs a bare Textual app), the database opening behind it,
and the seeker list's first page in the TUI — on a `seoul`-scale database (100,000 seekers).

    python bench/tui.py [--db /tmp/ydp-bench-seoul.sqlite3] [--runs 15]

Targets (issue 2): first frame <= 1.2x a bare Textual app measured in the same run; the 100k-seeker
list open to its first page <= 300 ms; search as you type <= 20 ms per query.  Prints medians; this is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_db(path: Path) -> None:
    from ydp_tui import demo
    from ydp_tui.db import seekers
    from ydp_tui.db.engine import Database

    db = Database.open(str(path), operator="bench", site_code="B1")
    if seekers.count(db) == 0:
        print(f"building seoul-scale demo data in {path} ...", flush=True)
        t = time.perf_counter()
        demo.generate(db, "seoul", 2024)
        print(f"  built in {time.perf_counter() - t:.1f} s", flush=True)
    db.dispose()


def first_frame(kind: str, db: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "_first_frame.py"), kind, str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - t
            proc.wait()
            return elapsed
    raise RuntimeError(f"{kind} never became ready")


async def list_first_page(db: Path) -> tuple[float, float]:
    from textual.widgets import DataTable

    from ydp_tui.app import YdpApp
    from ydp_tui.config import Config

    app = YdpApp(Config(db=str(db), operator="bench"), cursor_blink=False)
    t0 = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while app.db is None:
            await pilot.pause()
        db_ready = time.perf_counter() - t0
        await app.workers.wait_for_complete()
        await pilot.pause()
        # What F3 does, without Pilot's idle-waiting around a simulated key press: the section
        # opens, its screen mounts, the first page is read in a worker and put in the table.
        t = time.perf_counter()
        app.action_open_section("seekers")
        while True:
            await asyncio.sleep(0.001)
            tables = app.screen.query(DataTable)
            if tables and tables.first().row_count > 0:
                break
        return db_ready, time.perf_counter() - t


QUERIES = ["김", "김ㅁ", "김민", "김민수", "ㄱㅁㅅ", "이ㅅ", "박서", "NGUYEN", "5678", "010-27"]


def search_as_you_type(db: Path, runs: int) -> tuple[float, float]:
    """Median and worst median of one query through the service (index warm, as in the TUI)."""
    from ydp_tui.db import seekers
    from ydp_tui.db.engine import Database

    database = Database.open(str(db), operator="bench")
    seekers.prewarm(database)
    medians = []
    for q in QUERIES:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            seekers.search(database, q)
            times.append(time.perf_counter() - t)
        medians.append(statistics.median(times))
    database.dispose()
    return statistics.median(medians), max(medians)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/ydp-bench-seoul.sqlite3")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    db = Path(args.db)
    ensure_db(db)

    bare, ours = [], []
    for _ in range(args.runs):
        bare.append(first_frame("bare", db))
        ours.append(first_frame("ydp", db))
    opens, pages = [], []
    for _ in range(max(5, args.runs // 3)):
        o, p = asyncio.run(list_first_page(db))
        opens.append(o)
        pages.append(p)

    search_median, search_worst = search_as_you_type(db, args.runs)

    def ms(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1000:8.1f} ms"

    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"\n{'measure':<44}{'median':>12}   target")
    print(f"{'first frame, bare Textual app':<44}{ms(bare):>12}")
    print(f"{'first frame, ydp-tui (100k seekers)':<44}{ms(ours):>12}   <= 1.2x bare ({ratio:.2f}x)")
    print(f"{'database open + migrations check, in worker':<44}{ms(opens):>12}   (after first frame)")
    print(f"{'seeker list first page (F3 -> rows shown)':<44}{ms(pages):>12}   <= 300 ms")
    print(f"{'search as you type, per query':<44}{ms([search_median]):>12}   <= 20 ms "
          f"(slowest of {len(QUERIES)} queries {search_worst * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
