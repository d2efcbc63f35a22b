"""``ydp-tui operators …`` — operator accounts (담당자 계정): roles, PINs, locks.

New PINs come from ``YDP_NEW_PIN`` or are asked twice on a terminal; they never appear on the
command line (where other users of the machine could read them).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ydp_tui.commands.base import add_format

ROLES = ("상담사", "감독자", "관리자")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("operators", help="담당자 계정: 목록ㆍ추가ㆍ역할ㆍPINㆍ잠금 해제ㆍ사용 중지 (관리자)")
    s = p.add_subparsers(dest="operators_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="계정 목록")
    add_format(ls)
    ls.set_defaults(func=run_list)
    a = s.add_parser("add", help="계정 추가 (감독자ㆍ관리자는 PIN 필수; PIN: 환경변수 YDP_NEW_PIN 또는 입력)")
    a.add_argument("name", metavar="이름")
    a.add_argument("--role", choices=ROLES, default="상담사")
    a.set_defaults(func=run_add)
    sp = s.add_parser("set-pin", help="PIN 바꾸기 (자기 PIN, 또는 관리자가 다른 사람의 PIN 재설정)")
    sp.add_argument("name", metavar="이름")
    sp.set_defaults(func=run_set_pin)
    r = s.add_parser("set-role", help="역할 바꾸기")
    r.add_argument("name", metavar="이름")
    r.add_argument("role", choices=ROLES)
    r.set_defaults(func=run_set_role)
    u = s.add_parser("unlock", help="PIN을 여러 번 틀려 잠긴 계정 풀기")
    u.add_argument("name", metavar="이름")
    u.set_defaults(func=run_unlock)
    for action, help_ in (("deactivate", "사용 중지 (그 이름으로는 일할 수 없음)"), ("activate", "다시 사용")):
        d = s.add_parser(action, help=help_)
        d.add_argument("name", metavar="이름")
        d.set_defaults(func=run_active, active=action == "activate")


def _new_pin(required: bool) -> str | None:
    from ydp_tui.db.errors import Refused, ValidationFailed, YdpError

    pin = os.environ.get("YDP_NEW_PIN")
    if pin:
        return pin
    if not sys.stdin.isatty():
        if required:
            err = YdpError("새 PIN이 필요합니다: 환경변수 YDP_NEW_PIN으로 주거나 터미널에서 실행하세요")
            err.exit_code = 2
            raise err
        return None
    import getpass

    first = getpass.getpass("새 PIN (숫자 6~12자리" + ("" if required else ", 없이 두려면 Enter") + "): ")
    if not first and not required:
        return None
    if getpass.getpass("새 PIN 한 번 더: ") != first:
        raise ValidationFailed({"새 PIN": "두 번 입력한 PIN이 다릅니다"})
    if not first:
        raise Refused("PIN을 입력하지 않았습니다")
    return first


def _account(db: Any, name: str) -> Any:
    from ydp_tui.db import operators
    from ydp_tui.db.errors import NotFound

    with db.session() as session:
        account = operators.find_account(session, name.strip())
    if account is None:
        raise NotFound(f"'{name}' 담당자 계정이 없습니다")
    return account


def run_list(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import operators

    rows = operators.accounts(ctx.open_db())
    if ctx.args.format == "json":
        ctx.print_json([{"name": r.name, "role": r.role, "pin": r.has_pin, "status": r.status,
                         "last_sign_in": r.last_success_at} for r in rows])
        return 0
    ctx.print_table(None, ["이름", "역할", "PIN", "상태", "최근 로그인"],
                    [[r.name, r.role, "있음" if r.has_pin else "없음", r.status, clock.format_local(r.last_success_at)]
                     for r in rows])
    return 0


def run_add(ctx: Any) -> int:
    from ydp_tui.db import operators

    db = ctx.open_db()
    pin = _new_pin(required=ctx.args.role != "상담사")
    account = operators.create(db, ctx.args.name, ctx.args.role, pin)
    ctx.info(f"계정을 만들었습니다: {account.name} ({account.role}, PIN {'있음' if pin else '없음'})")
    return 0


def run_set_pin(ctx: Any) -> int:
    from ydp_tui.db import operators

    db = ctx.open_db()
    account = _account(db, ctx.args.name)
    pin = _new_pin(required=True)
    current = os.environ.get("YDP_PIN") if account.name == db.operator else None
    operators.set_pin(db, account.id, pin or "", current_pin=current)
    ctx.info(f"{account.name}의 PIN을 바꿨습니다")
    return 0


def run_set_role(ctx: Any) -> int:
    from ydp_tui.db import operators

    db = ctx.open_db()
    account = _account(db, ctx.args.name)
    operators.set_role(db, account.id, ctx.args.role)
    ctx.info(f"{account.name}의 역할: {ctx.args.role}")
    return 0


def run_unlock(ctx: Any) -> int:
    from ydp_tui.db import operators

    operators.unlock(ctx.open_db(), ctx.args.name.strip())
    ctx.info(f"{ctx.args.name.strip()} 계정의 잠금을 풀었습니다")
    return 0


def run_active(ctx: Any) -> int:
    from ydp_tui.db import operators

    db = ctx.open_db()
    account = _account(db, ctx.args.name)
    operators.set_active(db, account.id, ctx.args.active)
    ctx.info(f"{account.name} 계정: {'다시 사용' if ctx.args.active else '사용 중지'}")
    return 0
