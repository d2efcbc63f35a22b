"""``ydp-tui seekers list`` — find seekers from a script (name, 초성 or phone digits)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("seekers", help="구직자 찾기")
    s = p.add_subparsers(dest="seekers_command", metavar="ACTION", required=True)
    lp = s.add_parser("list", help="구직자 목록 (성명ㆍ초성ㆍ전화번호로 찾기)")
    lp.add_argument("--query", "-q", default="", help="성명, 초성(ㄱㅁㅅ), 전화번호 숫자")
    lp.add_argument("--status", choices=("구직중", "취업", "중단"))
    lp.add_argument("--limit", type=int, default=50)
    add_format(lp)
    lp.set_defaults(func=run_list)


def run_list(ctx: Any) -> int:
    from ydp_tui.db import seekers

    db = ctx.open_db()
    page = seekers.search(db, ctx.args.query, limit=max(1, ctx.args.limit), status=ctx.args.status)
    from ydp_tui.db import audit

    audit.log_read(db, "seeker", count=len(page.rows),
                   detail=f"구직자 목록 출력 (명령줄): {len(page.rows)}건" + (" (검색어 있음)" if ctx.args.query else ""))
    if ctx.args.format == "json":
        ctx.print_json([{"seeker_no": r.seeker_no, "name": r.name, "birth": r.birth_date, "phone": r.phone,
                         "dong": r.dong, "status": r.status, "registered_on": r.registered_on} for r in page.rows])
        return 0
    ctx.print_table(None, ["구직번호", "성명", "생년월일", "휴대전화", "행정동", "상태", "등록일"],
                    [[r.seeker_no, r.name, r.birth_date, r.phone, r.dong, r.status, r.registered_on]
                     for r in page.rows], caption=f"{page.total:,}명 중 {len(page.rows):,}명")
    return 0
