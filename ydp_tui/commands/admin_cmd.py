"""``ydp-tui backup [FILE]``, ``ydp-tui restore FILE [--yes]``, ``ydp-tui keys rotate``."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import confirm


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="데이터베이스 백업 (SQLite 백업 API; 경로를 출력)",
                       description="지금 데이터베이스의 일관된 사본을 만듭니다. FILE을 주지 않으면 데이터베이스 옆 "
                                   "backups 폴더에 만듭니다. PostgreSQL은 서버의 pg_dump로 백업합니다.")
    p.add_argument("file", nargs="?", metavar="FILE", help="백업 파일 (없으면 backups 폴더)")
    p.set_defaults(func=run_backup)

    r = sub.add_parser("restore", help="백업에서 복원 (현재 데이터베이스는 사본으로 남김)",
                       description="FILE이 ydp-tui 백업인지 검사한 뒤, 현재 데이터베이스를 backups 폴더에 사본으로 "
                                   "남기고 백업으로 바꿉니다. 다른 창구의 앱을 모두 끝낸 뒤 하세요.")
    r.add_argument("file", metavar="FILE", help="백업 파일 (.sqlite3)")
    r.add_argument("--yes", action="store_true", help="묻지 않고 복원")
    r.set_defaults(func=run_restore)

    k = sub.add_parser("keys", help="암호화 키 (계좌번호 등): 교체")
    ks = k.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    kr = ks.add_parser("rotate", help="새 키로 모든 암호화 값을 다시 암호화 (한 트랜잭션; 이전 키는 보관)")
    kr.add_argument("--yes", action="store_true", help="묻지 않고 교체")
    kr.set_defaults(func=run_rotate)
    ki = ks.add_parser("show", help="키 파일 위치와 키 ID")
    ki.set_defaults(func=run_key_show)


def run_backup(ctx: Any) -> int:
    from ydp_tui.db import backup

    db = ctx.open_db(daily_backup=False)
    path = backup.make(db, ctx.args.file)
    print(path)
    return 0


def run_restore(ctx: Any) -> int:
    from pathlib import Path

    from ydp_tui.db import audit, backup, roles
    from ydp_tui.db.engine import Database, resolve_url
    from ydp_tui.db.errors import OpenError, YdpError

    _url, path = resolve_url(ctx.config.db)
    if path is None:
        err = YdpError("PostgreSQL 데이터베이스는 앱에서 복원하지 않습니다: 모든 창구를 끝낸 뒤 서버에서 "
                       "pg_restore --clean --dbname=... FILE 로 복원하세요")
        err.exit_code = 2
        raise err
    if ctx.config.read_only:
        from ydp_tui.db.errors import ReadOnlyError

        raise ReadOnlyError()
    info = backup.inspect(ctx.args.file)  # refuse a file that is not ours before asking anything
    checked_as = None
    if path.exists():
        try:
            db = ctx.open_db(daily_backup=False)
        except OpenError as exc:  # a damaged database cannot say who may restore: the file system decides
            ctx.info(f"ydp-tui: 현재 데이터베이스를 열 수 없어 권한 확인 없이 복원합니다 ({exc})")
        else:
            roles.require(db, "restore")
            checked_as = db.operator
            ctx.close_db()
    confirm(ctx, f"{path}을(를) 백업 {Path(ctx.args.file).name} (구직자 {info.seekers:,}명, 접속기록 "
                 f"{info.audit_entries:,}건)으로 바꿀까요? 현재 데이터베이스는 사본으로 남깁니다.")
    info, kept = backup.restore(path, ctx.args.file)
    db = Database.open(str(path), operator="", read_only=False)  # migrates an older backup
    try:
        from ydp_tui.sync import peers

        old_code = db.site_code
        code = peers.fork_identity(db)   # a new machine for sync: its changes after the backup come back to it
        # the restore was allowed on the database it replaced: it is logged under that name
        with db.write(audit_only=True, operator=checked_as or ctx.config.operator or "(명령줄)") as session:
            audit.record(session, "restore", "database",
                         detail=f"{info.path.name}에서 복원" + (f" (이전 데이터베이스 사본: {kept.name})" if kept else ""))
    finally:
        db.dispose()
    if kept:
        ctx.info(f"이전 데이터베이스 사본: {kept}")
    ctx.info(f"복원했습니다: {path} <- {info.path}")
    ctx.info(f"이 데이터베이스는 이제 새 기기 {code}입니다 (전에는 {old_code}): 백업 뒤에 {old_code}에서 보낸 변경은 "
             "다른 기기의 꾸러미로 돌아오고, 새 번호는 겹치지 않습니다")
    return 0


def run_rotate(ctx: Any) -> int:
    from ydp_tui import crypto
    from ydp_tui.db import keys, roles

    db = ctx.open_db()
    roles.require(db, "rotate_keys")
    confirm(ctx, f"암호화 키를 바꿀까요? 키 파일: {crypto.key_path()} (이 데이터베이스를 쓰는 다른 창구는 끝낸 뒤 "
                 "새 키 파일을 받아야 합니다)")
    result = keys.rotate(db)
    ctx.info(f"암호화 키를 바꿨습니다: 값 {result.values:,}개, 변경 이력 {result.history:,}개를 다시 암호화 "
             f"(키 ID {result.old_id} -> {result.new_id})")
    ctx.info(f"이전 키는 {result.archived}에 보관했습니다 (그 전의 백업을 복원할 때 필요). "
             "다른 창구에는 새 키 파일을 복사하세요.")
    return 0


def run_key_show(ctx: Any) -> int:
    from ydp_tui import crypto
    from ydp_tui.db import keys

    db = ctx.open_db(daily_backup=False)
    with db.session() as session:
        stored = keys.stored_id(session)
    print(f"키 파일: {crypto.key_path()}")
    print(f"키 ID: {stored or '(아직 없음)'}")
    print(f"보관된 이전 키: {len(crypto.archived_keys())}개")
    if db.key_warning:
        ctx.info(f"ydp-tui: {db.key_warning}")
        return 2
    return 0
