"""``ydp-tui bundle export|import|inspect|peers`` - sync by export bundles (CONTRACT.md).

The passphrase comes from ``--passphrase-file`` (first line), env ``YDP_BUNDLE_PASSPHRASE``, or a
prompt (asked twice when this database has not used it before and it is typed for an export).

Exit status: 0 done (also: the bundle was already imported, nothing changed); 1 the bundle was
refused (damaged, truncated or changed file, a newer schema, a clock far in the future, a
copied machine, a number clash); 2 wrong or missing passphrase, unreadable file, read-only or
unwritable database, usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from ydp_tui.commands.base import add_format

ENV = "YDP_BUNDLE_PASSPHRASE"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bundle", help="동기화 꾸러미(.ydpb): 네트워크 없이 기기끼리 자료 주고받기",
                       description="내보내기 꾸러미로 박람회 노트북과 창구의 자료를 주고받습니다. 꾸러미 암호는 "
                                   f"--passphrase-file, 환경변수 {ENV}, 또는 입력으로 받습니다.",
                       epilog="종료 상태: 0 성공(이미 가져온 꾸러미 포함), 1 꾸러미 거부(손상ㆍ잘림ㆍ변조, 새 버전, "
                              "미래 시계, 복사한 기기), 2 암호가 틀림ㆍ없음, 파일을 읽을 수 없음, 읽기 전용.")
    s = p.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)

    ep = s.add_parser("export", help="이 데이터베이스의 변경을 꾸러미로 저장 (--for: 그 기기가 아직 없는 것만)")
    ep.add_argument("file", metavar="FILE", help="저장할 꾸러미 파일 (.ydpb)")
    ep.add_argument("--for", dest="peer", metavar="PEER", help="받을 기기의 코드 (예: N1): 그 기기가 아직 없는 변경만")
    _passphrase_arg(ep)
    add_format(ep)
    ep.set_defaults(func=run_export)

    ip = s.add_parser("import", help="꾸러미를 합치기 (전부 확인한 뒤 한 번에, 실패하면 아무것도 바꾸지 않음)")
    ip.add_argument("file", metavar="FILE", help="가져올 꾸러미 파일 (.ydpb)")
    _passphrase_arg(ip)
    add_format(ip)
    ip.set_defaults(func=run_import)

    np = s.add_parser("inspect", help="꾸러미의 manifest 보기 (가져오지 않음, 암호 없이)")
    np.add_argument("file", metavar="FILE", help="꾸러미 파일 (.ydpb)")
    np.add_argument("--verify", action="store_true", help="암호로 풀어 내용까지 확인")
    _passphrase_arg(np)
    add_format(np)
    np.set_defaults(func=run_inspect)

    pp = s.add_parser("peers", help="꾸러미를 주고받은 기기와 그 기기에 아직 보내지 않은 변경 수")
    add_format(pp)
    pp.set_defaults(func=run_peers)


def _passphrase_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=f"꾸러미 암호가 든 파일 (첫 줄). 없으면 환경변수 {ENV}, 그것도 없으면 입력")


def _prompt(label: str) -> str:
    import getpass

    from ydp_tui.sync.bundle import PassphraseError

    if not sys.stdin.isatty():
        raise PassphraseError(f"꾸러미 암호가 필요합니다: 환경변수 {ENV}나 --passphrase-file로 주세요")
    try:
        return getpass.getpass(label)
    except EOFError:
        raise PassphraseError("꾸러미 암호를 입력하지 않았습니다") from None


def passphrase(ctx: Any, *, for_export: bool = False) -> str:
    """The passphrase from the file, the environment or a prompt (twice when new, for an export)."""
    from ydp_tui.sync import service
    from ydp_tui.sync.bundle import BundleFileError, PassphraseError

    prompted = False
    path = getattr(ctx.args, "passphrase_file", None)
    if path:
        try:
            with open(os.path.expanduser(path), encoding="utf-8") as fh:
                value = fh.readline().rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise BundleFileError(f"암호 파일을 읽을 수 없습니다: {path} ({getattr(exc, 'strerror', None) or exc})") \
                from None
        if not value:
            raise PassphraseError(f"암호 파일의 첫 줄이 비어 있습니다: {path}")
    elif os.environ.get(ENV):
        value = os.environ[ENV]
    else:
        value = _prompt("꾸러미 암호: ")
        prompted = True
        if not value:
            raise PassphraseError("꾸러미 암호를 입력하지 않았습니다")
    if for_export:
        db = ctx.open_db()
        if service.is_new_passphrase(db, value):
            service.check_new_passphrase(db, value)
            if prompted:
                if _prompt("이 기기에서 처음 쓰는 암호입니다. 한 번 더 입력하세요: ") != value:
                    raise PassphraseError("두 번 입력한 암호가 다릅니다. 아무것도 저장하지 않았습니다.")
            else:
                ctx.info("참고: 이 기기에서 처음 쓰는 꾸러미 암호입니다. 받는 기기에도 같은 암호를 쓰세요.")
    return value


def _progress(ctx: Any) -> Any:
    if not sys.stderr.isatty():
        return None
    last = {"what": ""}

    def report(what: str, done: int, total: int) -> None:
        text = f"{what} {done:,}/{total:,}" if total else f"{what} {done:,}" if done else what
        if text != last["what"]:
            sys.stderr.write(f"\r{text:<40}")
            sys.stderr.flush()
            last["what"] = text

    return report


def _end_progress(report: Any) -> None:
    if report is not None:
        sys.stderr.write("\r" + " " * 40 + "\r")
        sys.stderr.flush()


def run_export(ctx: Any) -> int:
    from ydp_tui.sync import service

    db = ctx.open_db()
    secret = passphrase(ctx, for_export=True)
    report = _progress(ctx)
    try:
        result = service.export_bundle(db, ctx.args.file, secret, for_peer=ctx.args.peer, progress=report)
    finally:
        _end_progress(report)
    if ctx.args.format == "json":
        ctx.print_json({"file": str(result.path), "bundle_id": result.bundle_id, "ops": result.ops,
                        "rows": result.rows, "for": result.for_code, "tables": result.manifest["counts"]["tables"]})
    ctx.info(result.summary())
    return 0


def run_import(ctx: Any) -> int:
    from ydp_tui.sync import service

    db = ctx.open_db()
    if db.read_only:
        from ydp_tui.db.errors import ReadOnlyError

        raise ReadOnlyError()
    service.require_file(ctx.args.file)
    secret = passphrase(ctx)
    report = _progress(ctx)
    try:
        summary = service.import_bundle(db, ctx.args.file, secret, progress=report)
    finally:
        _end_progress(report)
    if ctx.args.format == "json":
        ctx.print_json(summary.as_json())
    for line in summary.lines():
        ctx.info(line)
    return 0


def run_inspect(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.sync import service
    from ydp_tui.sync.labels import table_label

    service.require_file(ctx.args.file)
    secret = passphrase(ctx) if ctx.args.verify else None
    manifest = service.inspect_bundle(ctx.args.file, secret)
    if ctx.args.format == "json":
        ctx.print_json(manifest)
        return 0
    import datetime as dt

    counts = manifest.get("counts", {})
    sites = manifest.get("sites", {})
    made = manifest.get("created_at")
    rows = [
        ["형식", f"{manifest.get('format')} {manifest.get('format_version')}"],
        ["스키마", manifest.get("schema")],
        ["꾸러미 번호", manifest.get("bundle_id")],
        ["만든 기기", f"{manifest.get('site_code')} ({str(manifest.get('site_id'))[:8]})"],
        ["만든 사람", manifest.get("operator") or "-"],
        ["만든 시각", clock.format_local(dt.datetime.fromisoformat(made)) if made else "-"],
        ["받을 기기", manifest.get("for_code") or "(모든 기기: 전체)"],
        ["변경", f"{counts.get('ops', 0):,}건, 기록 {counts.get('rows', 0):,}개"],
    ]
    for table, n in (counts.get("tables") or {}).items():
        rows.append([f"  {table_label(table)}", f"{n:,}건"])
    rows.append(["담긴 기기", ", ".join(sorted(v or k[:6] for k, v in sites.items())) or "-"])
    rows.append(["확인", "암호로 풀어 내용까지 확인함" if manifest.get("verified") else "manifest만 읽음 (--verify로 확인)"])
    ctx.print_table(None, ["항목", "값"], rows)
    return 0


def run_peers(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.sync import peers

    db = ctx.open_db()
    with db.session() as session:
        items = peers.list_peers(session)
    if ctx.args.format == "json":
        ctx.print_json([{"site_code": p.site_code, "site_id": p.site_id, "last_import": p.last_import_at,
                         "last_export": p.last_export_at, "to_send": p.to_send} for p in items])
        return 0
    ctx.print_table(None, ["기기", "기기 번호", "마지막 가져옴", "마지막 보냄", "보낼 변경"],
                    [[p.site_code, p.site_id[:8], clock.format_local(p.last_import_at) or "-",
                      clock.format_local(p.last_export_at) or "-", f"{p.to_send:,}"] for p in items],
                    right={"보낼 변경"}, caption=f"이 기기: {db.site_code}")
    return 0
