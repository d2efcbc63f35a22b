"""``ydp-tui audit verify|list|prune`` — the access log (접속기록)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format, confirm


def _date(raw: str) -> Any:
    from ydp_tui.rules.validation import Invalid, parse_date

    try:
        return parse_date(raw)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="접속기록: 위변조 검사ㆍ점검 목록ㆍ보관기간 지난 기록 정리")
    s = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = s.add_parser("verify", help="해시 체인으로 위변조 검사 (이상 없으면 0, 있으면 1)")
    v.set_defaults(func=run_verify)
    ls = s.add_parser("list", help="접속기록 점검 목록 (최근 것부터)")
    ls.add_argument("--operator", dest="who", default="", help="담당자")
    ls.add_argument("--from", dest="date_from", type=_date, help="시작일")
    ls.add_argument("--to", dest="date_to", type=_date, help="종료일")
    ls.add_argument("--person", default="", help="대상: 구직번호ㆍ신청번호 또는 성명")
    ls.add_argument("--action", default="", help="작업: view, export, update, login 등")
    ls.add_argument("--flagged", action="store_true", help="주의 항목만 (대량ㆍ시간 외ㆍ계정ㆍ로그인 실패ㆍ관리)")
    ls.add_argument("--limit", type=int, default=200)
    add_format(ls)
    ls.set_defaults(func=run_list)
    pr = s.add_parser("prune", help="보관기간(정책 retention.audit_log, 최소 2년)이 지난 접속기록 정리")
    pr.add_argument("--yes", action="store_true", help="묻지 않고 정리")
    pr.set_defaults(func=run_prune)


def run_verify(ctx: Any) -> int:
    from ydp_tui.db import audit_review

    result = audit_review.verify(ctx.open_db())
    if result.ok:
        print(result.message)
        return 0
    ctx.info(f"ydp-tui: {result.message}")
    return 1


def run_list(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import audit_review

    a = ctx.args
    flt = audit_review.Filter(operator=a.who, date_from=a.date_from, date_to=a.date_to, person=a.person,
                              flagged_only=a.flagged, action=a.action)
    page = audit_review.review(ctx.open_db(), flt, limit=max(1, a.limit))
    if a.format == "json":
        ctx.print_json([r.as_json() for r in page.rows])
        return 0
    ctx.print_table(None, ["번호", "시각", "담당자", "기기", "작업", "대상", "번호ㆍ이름", "내용", "주의"],
                    [[r.seq, clock.format_local(r.at), r.operator, r.machine, r.action_label, r.entity_label,
                      r.subject, r.detail, ", ".join(r.flags)] for r in page.rows],
                    caption=f"{page.total:,}건{'이상' if page.capped else ''} 중 {len(page.rows):,}건 ({flt.describe()})")
    return 0


def run_prune(ctx: Any) -> int:
    from ydp_tui.db import audit_review, roles

    db = ctx.open_db()
    roles.require(db, "prune_audit")
    confirm(ctx, "보관기간이 지난 접속기록을 정리할까요? 정리한 기록은 되살릴 수 없습니다.")
    removed, cutoff = audit_review.prune(db)
    ctx.info(f"{cutoff} 이전의 접속기록 {removed:,}건을 정리했습니다")
    return 0
