"""``ydp-tui policy list|set`` — policy values per year (a supervisor adds next year's rows)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ydp_tui.commands.base import add_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("policy", help="연도별 정책 값 (기준중위소득, 최저임금 등) 보기ㆍ고치기")
    s = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    lp = s.add_parser("list", help="정책 값 목록")
    lp.add_argument("--kind", help="종류 (median_income, min_wage 등)")
    add_format(lp)
    lp.set_defaults(func=run_list)
    sp = s.add_parser("set", help="정책 값 추가ㆍ변경 (감독자ㆍ관리자; 예: policy set min_wage 2027 hourly 10500)")
    sp.add_argument("kind")
    sp.add_argument("year", type=int)
    sp.add_argument("key")
    sp.add_argument("value", help="숫자 또는 JSON 값")
    sp.add_argument("--note", default="")
    sp.set_defaults(func=run_set)


def run_list(ctx: Any) -> int:
    from ydp_tui.db import policy

    db = ctx.open_db()
    with db.session() as session:
        rows = policy.all_rows(session, ctx.args.kind)
        items = [{"kind": r.kind, "year": r.year, "key": r.key, "value": json.loads(r.value)} for r in rows]
    if ctx.args.format == "json":
        ctx.print_json(items)
    else:
        ctx.print_table(None, ["종류", "연도", "항목", "값"],
                        [[i["kind"], i["year"], i["key"], f"{i['value']:,}" if isinstance(i["value"], int) else
                          json.dumps(i["value"], ensure_ascii=False)] for i in items], right={"값"})
    return 0


def run_set(ctx: Any) -> int:
    from ydp_tui.db import policy
    from ydp_tui.db.errors import Refused

    raw = ctx.args.value.replace(",", "") if ctx.args.value.replace(",", "").lstrip("-").isdigit() else ctx.args.value
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise Refused(f"값 '{ctx.args.value}'을(를) 읽을 수 없습니다 (숫자 또는 JSON)") from None
    policy.change(ctx.open_db(), ctx.args.kind, ctx.args.year, ctx.args.key, value, ctx.args.note)
    ctx.info(f"저장했습니다: {ctx.args.kind} {ctx.args.year} {ctx.args.key} = {value}")
    return 0
