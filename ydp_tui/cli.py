"""Command line: ``ydp-tui`` starts the TUI; subcommands run the same services for scripts.

Exit status (CONTRACT.md): 0 success; 1 input or data refused (the message names the row or
field); 2 usage or environment error.  Messages are Korean, one line per problem, on stderr.

Startup is kept light: nothing here imports SQLAlchemy or Textual until a command needs it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence

from ydp_tui import __version__
from ydp_tui.config import Config


class KoreanArgumentParser(argparse.ArgumentParser):
    """argparse with its usage errors said in Korean (exit 2)."""

    _TRANSLATIONS = (
        (r"the following arguments are required: (.*)", r"필수 인자가 빠졌습니다: \1"),
        (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", r"\1: '\2'은(는) 고를 수 없는 값입니다 (\3 중 하나)"),
        (r"unrecognized arguments: (.*)", r"알 수 없는 인자입니다: \1"),
        (r"argument (\S+): expected one argument", r"\1 뒤에 값이 필요합니다"),
        (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: \3은(는) 올바른 값이 아닙니다"),
    )

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, repl in self._TRANSLATIONS:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        self.exit(2, f"ydp-tui: 사용법 오류: {message} (도움말: {self.prog} --help)\n")


class _NotGlobalOnly(Exception):
    pass


class _QuietParser(KoreanArgumentParser):
    """The first look at the arguments: any error means "let the full parser decide"."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotGlobalOnly(message)


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = (KoreanArgumentParser if with_commands else _QuietParser)(
        prog="ydp-tui",
        description="영등포구 일자리정책과 업무 앱. 하위 명령 없이 실행하면 터미널 화면(TUI)을 엽니다.",
        epilog="종료 상태: 0 성공, 1 입력ㆍ데이터 거부(어느 행ㆍ항목인지 표시), 2 사용법ㆍ환경 오류.",
    )
    parser.add_argument("--version", action="version", version=f"ydp-tui {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="SQLite 파일 경로 또는 SQLAlchemy URL (환경변수 YDP_DB; 기본: 사용자 데이터 폴더의 ydp.sqlite3)")
    parser.add_argument("--operator", metavar="NAME", help="작업하는 담당자 이름 (환경변수 YDP_OPERATOR)")
    parser.add_argument("--read-only", action="store_true", help="검토용으로 열기: 모든 저장을 거부합니다")
    parser.add_argument("--demo", action="store_true",
                        help="새 데모 데이터베이스로 TUI 열기 (--db가 없으면 임시 파일)")
    if not with_commands:
        return parser
    from ydp_tui.commands import COMMAND_MODULES

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=KoreanArgumentParser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _starts_tui(argv: Sequence[str]) -> bool:
    """Only global options (the TUI): the subcommands' modules need not load before its first frame."""
    if any(a in ("-h", "--help", "--version") for a in argv):
        return False
    try:
        _, rest = build_parser(with_commands=False).parse_known_args(argv)
    except _NotGlobalOnly:  # a usage error: the full parser says it
        return False
    return not rest


def config_from_args(args: argparse.Namespace) -> Config:
    config = Config()
    if args.db:
        config.db = args.db
    if args.operator:
        config.operator = args.operator.strip() or None
    config.read_only = bool(args.read_only)
    config.demo = bool(args.demo)
    return config


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _starts_tui(argv):
        args = build_parser(with_commands=False).parse_args(argv)
        return run_tui(config_from_args(args), explicit_db=bool(args.db or os.environ.get("YDP_DB")))
    from ydp_tui.commands import CommandContext, fail

    args = build_parser().parse_args(argv)
    config = config_from_args(args)
    if args.command is None:
        return run_tui(config, explicit_db=bool(args.db or os.environ.get("YDP_DB")))
    ctx = CommandContext(config, args)
    try:
        return int(args.func(ctx) or 0)
    except KeyboardInterrupt:
        print("중단했습니다.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - every error leaves as one Korean line
        return fail(exc)
    finally:
        ctx.close_db()


def run_tui(config: Config, *, explicit_db: bool) -> int:
    from ydp_tui.commands.base import precheck_target

    if config.demo and not os.environ.get("YDP_FROZEN_NOW"):
        from ydp_tui import clock
        from ydp_tui.demo import SCALES

        clock.run_as_of(SCALES[config.demo_scale].end)   # the demo reads as of its data's date
    if config.demo and not explicit_db:
        import tempfile

        folder = tempfile.mkdtemp(prefix="ydp-demo-")
        config.db = os.path.join(folder, "demo.sqlite3")
    elif not config.demo:
        from ydp_tui.config import data_dir, default_db_path

        if config.db == str(default_db_path()):
            data_dir().mkdir(parents=True, exist_ok=True)
    problem = precheck_target(config)
    if problem:
        print(f"ydp-tui: {problem}", file=sys.stderr)
        return 2
    from ydp_tui.app import YdpApp

    app = YdpApp(config)
    app.run()
    if app.exit_message:
        print(f"ydp-tui: {app.exit_message}", file=sys.stderr)
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main())
