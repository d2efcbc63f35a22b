"""Benchmark: cold start to first frame (vs a bare Textual app), the database opening behind it,
and the seeker list's first page in the TUI — on a `seoul`-scale database (100,000 seekers).

    python bench/tui.py [--db /tmp/ydp-bench-seoul.sqlite3] [--runs 15]

Targets (issue 2): first frame <= 1.2x a bare Textual app measured in the same run; the 100k-seeker
list open to its first page <= 300 ms.  Prints medians; this is not a test.
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
        t = time.perf_counter()
        await pilot.press("f3")
        while True:
            await pilot.pause()
            tables = app.screen.query(DataTable)
            if tables and tables.first().row_count > 0:
                break
        return db_ready, time.perf_counter() - t


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

    def ms(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1000:8.1f} ms"

    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"\n{'measure':<44}{'median':>12}   target")
    print(f"{'first frame, bare Textual app':<44}{ms(bare):>12}")
    print(f"{'first frame, ydp-tui (100k seekers)':<44}{ms(ours):>12}   <= 1.2x bare ({ratio:.2f}x)")
    print(f"{'database open + migrations check, in worker':<44}{ms(opens):>12}   (after first frame)")
    print(f"{'seeker list first page (F3 -> rows shown)':<44}{ms(pages):>12}   <= 300 ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
