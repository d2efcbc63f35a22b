"""``ydp-tui demo [--seed N] [--scale small|seed|seoul]`` — fill ``--db`` with synthetic data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="--db에 데모(가상) 데이터 채우기",
                       description="실제 사람이 아닌 가상 데이터를 만듭니다. 같은 --seed는 같은 데이터를 만듭니다. "
                                   "small: 수백 명, seed: 2024년 1~5월 업무보고 규모, seoul: 구직자 10만 명.")
    p.add_argument("--seed", type=int, default=2024, help="난수 씨앗 (기본 2024)")
    p.add_argument("--scale", choices=("small", "seed", "seoul"), default="seed", help="규모 (기본 seed)")
    p.set_defaults(func=run)


def run(ctx: Any) -> int:
    from ydp_tui import demo
    from ydp_tui.db.errors import Refused

    db = ctx.open_db()
    from ydp_tui.db import seekers

    if seekers.count(db) > 0:
        raise Refused("데이터가 이미 있는 데이터베이스에는 데모 데이터를 넣지 않습니다 (빈 --db를 지정하세요)")
    started = time.perf_counter()
    last = [0.0]

    def progress(what: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if sys.stderr.isatty() and (now - last[0] > 0.2 or done == total):
            last[0] = now
            print(f"\r{what} {done:,}/{total:,}", end="" if done < total else "\n", file=sys.stderr)

    counts = demo.generate(db, ctx.args.scale, ctx.args.seed, progress)
    summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
    ctx.info(f"데모 데이터를 만들었습니다 ({ctx.args.scale}, seed {ctx.args.seed}, "
             f"{time.perf_counter() - started:.1f}초): {summary}")
    return 0
