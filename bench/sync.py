"""Benchmark: sync by export bundles at 100,000 field changes (issue 6).

    python bench/sync.py [--ops 100000] [--repeat 5] [--db postgresql+psycopg://...]

A "laptop" database gets job seekers (bulk, as the demo makes them) until it holds at least
``--ops`` field changes; then, each timed ``--repeat`` times and reported as medians:

- export: every change into one encrypted bundle                     target <= 3 s
- import: the bundle into a fresh "counter" database (new records)   target <= 3 s
- re-import of the same bundle (a no-op)                             target <= 0.5 s
- import of 100,000 changes to records the counter already holds (edits made on the laptop)
  is printed too, for information.

The passphrase's key derivation (scrypt, about 0.15 s) is included once per process, as a
desk pays it; ``--cold-kdf`` pays it on every run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASS = "bench-passphrase"


def timed(fn, repeat: int, before=None) -> tuple[float, list[float], object]:
    times = []
    result = None
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times, result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="PostgreSQL URL for the counter side, in a schema of its own "
                                 "(default: fresh SQLite files)")
    ap.add_argument("--cold-kdf", action="store_true", help="derive the key afresh on every run")
    args = ap.parse_args()

    base = Path(f"/tmp/ydp-bench-issue-6-{os.getpid()}")
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    os.environ.setdefault("YDP_CONFIG_DIR", str(base / "config"))
    os.environ.setdefault("YDP_FROZEN_NOW", "2024-05-31T18:00:00+09:00")

    from sqlalchemy import text

    from ydp_tui import demo
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Seeker
    from ydp_tui.sync import bundle, service

    t = time.perf_counter()
    scratch = Database.open(str(base / "scratch.sqlite3"), operator="박람회", site_code="S1")
    before = _ops(scratch)
    demo.seekers_step(scratch, _scale(500), random.Random(0), None)
    per_seeker = (_ops(scratch) - before) / 500
    scratch.dispose()
    laptop = Database.open(str(base / "laptop.sqlite3"), operator="박람회", site_code="N1")
    demo.seekers_step(laptop, _scale(int(args.ops / per_seeker * 1.005) + 1), random.Random(1), None)
    total_ops = _ops(laptop)
    with laptop.session() as s:
        seekers = s.execute(text("SELECT count(*) FROM seeker")).scalar_one()
    print(f"laptop: {seekers:,} seekers, {total_ops:,} field changes (built in {time.perf_counter() - t:.1f} s)")

    template = base / "counter-empty.sqlite3"
    Database.open(str(template), operator="창구", site_code="C1").dispose()

    def cold() -> None:
        if args.cold_kdf:
            bundle._derive.cache_clear()
            bundle._salts.clear()

    out = base / "laptop.ydpb"
    export_med, export_all, result = timed(lambda: service.export_bundle(laptop, out, PASS), args.repeat, cold)
    size = out.stat().st_size

    counters: list[Database] = []

    def fresh_counter() -> None:
        cold()
        for c in counters:
            c.dispose()
        counters.clear()
        if args.db:
            counters.append(Database.open(_fresh_schema(args.db), operator="창구", site_code="C1"))
        else:
            path = base / "counter.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            shutil.copy(template, path)
            counters.append(Database.open(str(path), operator="창구", site_code="C1"))

    import_med, import_all, summary = timed(lambda: service.import_bundle(counters[0], out, PASS), args.repeat,
                                            fresh_counter)
    counter = counters[0]
    again_med, again_all, again = timed(lambda: service.import_bundle(counter, out, PASS), args.repeat, cold)
    assert again.already and summary.applied == total_ops, (again, summary)

    # edits: every seeker's phone, address and wage on the laptop, imported where they are known
    with laptop.write() as s:
        rows = s.execute(text("SELECT id FROM seeker")).scalars().all()
        for i, sid in enumerate(rows):
            obj = s.get(Seeker, sid)
            obj.address = f"서울특별시 영등포구 당산로 {i}"
            obj.desired_wage = 2_000_000 + i
            obj.phone = f"010-{5000 + i // 10000:04d}-{i % 10000:04d}"
    edits = base / "edits.ydpb"
    service.import_bundle(laptop, _counter_bundle(counter, base), PASS)  # the laptop learns what C1 holds
    r2 = service.export_bundle(laptop, edits, PASS, for_peer="C1")
    snapshot = base / "counter-with-laptop.sqlite3"
    counter.dispose()
    if not args.db:
        shutil.copy(base / "counter.sqlite3", snapshot)

    def counter_copy() -> None:
        cold()
        for c in counters:
            c.dispose()
        counters.clear()
        path = base / "counter2.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.copy(snapshot, path)
        counters.append(Database.open(str(path), operator="창구"))

    if args.db:
        update_med, update_all = float("nan"), []
    else:
        update_med, update_all, upd = timed(lambda: service.import_bundle(counters[0], edits, PASS),
                                            max(1, args.repeat // 2 + 1), counter_copy)
        assert upd.updated == len(rows), upd

    print(f"bundle: {size / 1e6:.1f} MB for {result.ops:,} changes; edits bundle {r2.ops:,} changes")
    print()
    print(f"{'step':<44}{'median':>9}{'target':>9}  runs")
    for label, med, target, runs in (
        (f"export {result.ops:,} changes", export_med, 3.0, export_all),
        (f"import {summary.applied:,} changes (new records)", import_med, 3.0, import_all),
        ("re-import the same bundle (no-op)", again_med, 0.5, again_all),
        (f"import {r2.ops:,} changes (known records)", update_med, None, update_all),
    ):
        ok = "" if target is None else ("ok" if med <= target else "SLOW")
        print(f"{label:<44}{med:>8.3f}s{(f'{target:.1f}s' if target else '-'):>9}  "
              f"{' '.join(f'{x:.2f}' for x in runs)} {ok}")
    for c in counters:
        c.dispose()
    laptop.dispose()
    if args.db:
        _drop_schema(args.db)
    shutil.rmtree(base, ignore_errors=True)
    return 0


_SCHEMA = f"bench_issue6_{os.getpid()}"


def _fresh_schema(url: str) -> str:
    """A PostgreSQL schema of the benchmark's own (dropped and made again), never anyone else's."""
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{_SCHEMA}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{_SCHEMA}"'))
    admin.dispose()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{_SCHEMA}"


def _drop_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{_SCHEMA}" CASCADE'))
    admin.dispose()


def _scale(n: int):
    from ydp_tui import demo

    seed = demo.SCALES["seed"]
    return demo.Scale("bench", n, seed.start, seed.end, 1.0)


def _ops(db) -> int:
    from sqlalchemy import text
    with db.session() as s:
        return s.execute(text("SELECT count(*) FROM sync_op")).scalar_one()


def _counter_bundle(counter, base: Path) -> Path:
    from ydp_tui.sync import service
    path = base / "counter.ydpb"
    service.export_bundle(counter, path, PASS, for_peer="N1")
    return path


if __name__ == "__main__":
    raise SystemExit(main())
