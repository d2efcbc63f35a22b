"""``ydp-tui budget …`` — budget units per year (예산 단위사업) and the expenditures entered
against them (집행 입력ㆍ취소).  The execution table itself: ``ydp-tui report budget``."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("budget", help="예산: 단위사업, 집행 입력ㆍ목록ㆍ취소",
                       description="단위사업별 예산액과 집행을 관리합니다. 집행 현황 표: ydp-tui report budget")
    s = p.add_subparsers(dest="budget_command", metavar="ACTION", required=True)

    up = s.add_parser("units", help="단위사업 목록 (예산액, 오늘까지의 집행액과 집행률, 원)")
    up.add_argument("--year", type=int, help="회계연도 (기본: 올해)")
    add_format(up)
    up.set_defaults(func=run_units)

    unit = s.add_parser("unit", help="단위사업 열기ㆍ고치기 (감독자)")
    us = unit.add_subparsers(dest="unit_command", metavar="ACTION", required=True)
    uset = us.add_parser("set", help="예: unit set 2025 05 --name '청년의 사회적 자립기반 조성' --budget 2300000000 "
                                     "--sources subsidy")
    uset.add_argument("year", type=int)
    uset.add_argument("code", help="단위사업 코드 (01, 02 ...)")
    uset.add_argument("--name", help="단위사업명")
    uset.add_argument("--budget", help="예산액 (원)")
    uset.add_argument("--sources", help="이 단위사업에 넣어 셀 사업 지급 (';'로 구분, 예: subsidy)")
    uset.add_argument("--note", help="비고")
    uset.set_defaults(func=run_unit_set)

    sp = s.add_parser("spend", help="집행 입력 (감독자): 출력은 집행번호")
    sp.add_argument("--unit", required=True, help="단위사업 (코드 또는 이름, 이름의 일부)")
    sp.add_argument("--on", dest="spent_on", required=True, help="집행일")
    sp.add_argument("--amount", required=True, help="금액 (원)")
    sp.add_argument("--what", dest="description", required=True, help="적요")
    sp.add_argument("--payee", help="지급처 (업체ㆍ기관)")
    sp.add_argument("--fund", help="재원: 국비/시비/구비")
    sp.add_argument("--note", help="비고")
    sp.set_defaults(func=run_spend)

    lp = s.add_parser("list", help="집행 목록 (최근 집행일부터)")
    lp.add_argument("--year", type=int, help="회계연도 (기본: 올해)")
    lp.add_argument("--unit", help="이 단위사업만 (코드 또는 이름)")
    lp.add_argument("--limit", type=int, default=200)
    add_format(lp)
    lp.set_defaults(func=run_list)

    cp = s.add_parser("cancel", help="집행 취소 (감독자, 사유 필요; 기록은 남음)")
    cp.add_argument("expenditure_no", metavar="집행번호")
    cp.add_argument("--reason", required=True)
    cp.set_defaults(func=run_cancel)


def _year(ctx: Any) -> int:
    from ydp_tui import clock

    return ctx.args.year or clock.today().year


def run_units(ctx: Any) -> int:
    import datetime as dt

    from ydp_tui import clock
    from ydp_tui.db import budget
    from ydp_tui.rules.validation import format_rate

    db = ctx.open_db()
    year = _year(ctx)
    end = min(clock.today(), dt.date(year, 12, 31))
    ex = budget.execution(db, dt.date(year, 1, 1), end) if end.year == year else None
    spent = {u.code: u for u in ex.lines} if ex else {}
    rows = []
    for u in budget.units(db, year):
        line = spent.get(u.code)
        rows.append({"year": year, "code": u.code, "name": u.name, "budget": u.budget,
                     "spent": line.spent if line else 0, "execution_rate": line.rate if line else None,
                     "sources": [s for s in u.sources.split(";") if s]})
    if ctx.args.format == "json":
        ctx.print_json(rows)
        return 0
    ctx.print_table(f"{year}년 예산 단위사업 ({end} 기준)" if ex else f"{year}년 예산 단위사업",
                    ["코드", "단위사업명", "예산액", "집행액", "집행률(%)", "집행 출처"],
                    [[r["code"], r["name"], f"{r['budget']:,}", f"{r['spent']:,}", format_rate(r["execution_rate"]),
                      ", ".join(budget.source_label(s) for s in r["sources"])] for r in rows],
                    right={"예산액", "집행액", "집행률(%)"}, caption="금액 단위: 원")
    return 0


def run_unit_set(ctx: Any) -> int:
    from ydp_tui.db import budget

    a = ctx.args
    raw = {"name": a.name, "budget": a.budget, "sources": a.sources, "note": a.note}
    u = budget.set_unit(ctx.open_db(), a.year, a.code, raw)
    ctx.info(f"저장했습니다: {u.year}년 {u.code} {u.name} 예산액 {u.budget:,}원")
    return 0


def run_spend(ctx: Any) -> int:
    from ydp_tui.db import budget

    a = ctx.args
    raw = {"unit": a.unit, "spent_on": a.spent_on, "amount": a.amount, "description": a.description,
           "payee": a.payee, "fund": a.fund, "note": a.note}
    e = budget.add_expenditure(ctx.open_db(), raw)
    ctx.info(f"집행을 입력했습니다: {e.expenditure_no} {e.spent_on} {e.amount:,}원")
    print(e.expenditure_no)
    return 0


def run_list(ctx: Any) -> int:
    from ydp_tui.db import budget

    db = ctx.open_db()
    year = _year(ctx)
    page = budget.expenditures(db, year, unit=ctx.args.unit, limit=ctx.args.limit)
    if ctx.args.format == "json":
        ctx.print_json([{"expenditure_no": r.expenditure_no, "unit": r.unit_name, "spent_on": r.spent_on,
                         "amount": r.amount, "description": r.description, "payee": r.payee, "fund": r.fund,
                         "status": r.status, "cancel_reason": r.cancel_reason} for r in page.rows])
        return 0
    ctx.print_table(f"{year}년 집행 ({page.total:,}건 중 {len(page.rows):,}건, 집행 합계 {page.amount:,}원)",
                    ["집행번호", "집행일", "단위사업", "금액", "적요", "지급처", "상태"],
                    [[r.expenditure_no, r.spent_on, r.unit_name, f"{r.amount:,}", r.description, r.payee,
                      r.status + (f" ({r.cancel_reason})" if r.cancel_reason else "")] for r in page.rows],
                    right={"금액"})
    return 0


def run_cancel(ctx: Any) -> int:
    from ydp_tui.db import budget

    e = budget.cancel_expenditure(ctx.open_db(), ctx.args.expenditure_no, ctx.args.reason)
    ctx.info(f"취소했습니다: {e.expenditure_no} {e.amount:,}원")
    return 0
