"""``ydp-tui retention list|erase`` — records past their retention, and erasure (파기)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format, confirm


def register(sub: argparse._SubParsersAction) -> None:
    kinds = "기록 종류: seeker(구직자), subsidy_application(응시료 지원 신청), pw_application(공공일자리 참여 신청), program_participant(프로그램 참여자 비회원, 번호 대신 id)"
    p = sub.add_parser("retention", help="보관기간ㆍ파기: 보관기간이 지난 기록 목록, 개인정보 파기")
    s = p.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="보관기간이 지난 기록 (종류를 주지 않으면 종류별 건수)")
    ls.add_argument("--kind", help=kinds)
    ls.add_argument("--limit", type=int, default=200)
    add_format(ls)
    ls.set_defaults(func=run_list)
    er = s.add_parser("erase", help="개인정보 파기 (되돌릴 수 없음; 감독자ㆍ관리자)",
                      description="고른 기록의 개인정보 항목을 비우고, 변경 이력에서도 지우고, 파기 기록을 남깁니다. "
                                  "기록 자체(번호, 상태, 통계에 쓰는 항목)는 남습니다.")
    er.add_argument("--kind", required=True, help=kinds)
    er.add_argument("numbers", nargs="*", metavar="번호", help="구직번호ㆍ신청번호 (없으면 --all-due)")
    er.add_argument("--all-due", action="store_true", help="보관기간이 지난 것 전부")
    er.add_argument("--before-due", action="store_true", help="보관기간 전이라도 파기 (정보주체의 삭제 요구 등: --reason 필요)")
    er.add_argument("--reason", default="", help="사유 (기본: 보관기간 경과)")
    er.add_argument("--yes", action="store_true", help="묻지 않고 파기")
    er.set_defaults(func=run_erase)


def run_list(ctx: Any) -> int:
    from ydp_tui.db import retention

    db = ctx.open_db()
    if not ctx.args.kind:
        items = retention.summary(db)
        if ctx.args.format == "json":
            ctx.print_json([{"kind": i.kind, "label": i.label, "years": i.years, "due": i.due} for i in items])
        else:
            ctx.print_table(None, ["종류", "기록", "보관기간", "파기 대상"],
                            [[i.kind, i.label, f"{i.years}년", f"{i.due:,}건"] for i in items], right={"파기 대상"})
        return 0
    page = retention.due(db, ctx.args.kind, limit=max(1, ctx.args.limit))
    if ctx.args.format == "json":
        ctx.print_json([{"number": r.number, "name": r.name, "last_activity": r.last_activity,
                         "expires_on": r.expires_on} for r in page.rows])
        return 0
    ctx.print_table(None, ["번호", "성명", "마지막 활동", "보관 만료"],
                    [[r.number, r.name, r.last_activity, r.expires_on] for r in page.rows],
                    caption=f"보관기간 {page.years}년이 지난 {page.label} {page.total:,}건 중 {len(page.rows):,}건")
    return 0


def run_erase(ctx: Any) -> int:
    from sqlalchemy import select

    from ydp_tui.db import retention, roles
    from ydp_tui.db.errors import NotFound, Refused

    a = ctx.args
    db = ctx.open_db()
    roles.require(db, "erase")
    k = retention.kind(a.kind)
    if a.all_due == bool(a.numbers):
        raise Refused("번호를 주거나 --all-due 중 하나만 쓰세요")
    if a.all_due:
        ids, numbers, offset = [], [], 0
        while True:
            page = retention.due(db, a.kind, limit=1000, offset=offset, log=offset == 0)
            ids += [r.id for r in page.rows]
            numbers += [r.number for r in page.rows]
            offset += len(page.rows)
            if not page.rows or offset >= page.total:
                break
        if not ids:
            ctx.info("보관기간이 지난 기록이 없습니다")
            return 0
    else:
        col = k.model.__table__.c[k.number]
        with db.session() as session:
            found = dict(session.execute(select(col, k.model.__table__.c.id).where(col.in_(a.numbers))).all())
        missing = [n for n in a.numbers if n not in found]
        if missing:
            raise NotFound(f"없는 번호입니다: {', '.join(missing)}")
        ids, numbers = [found[n] for n in a.numbers], list(a.numbers)
    confirm(ctx, f"{k.label} {len(ids):,}건의 개인정보를 파기할까요? 되돌릴 수 없습니다 ({', '.join(numbers[:3])}"
                 f"{' 외' if len(numbers) > 3 else ''})")
    result = retention.erase(db, a.kind, ids, reason=a.reason or None, before_due=a.before_due)
    ctx.info(f"{k.label} {result.erased:,}건의 개인정보를 파기했습니다 (변경 이력 {result.history_scrubbed:,}개 값도 지움)")
    return 0
