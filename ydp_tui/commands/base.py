"""What every subcommand shares: the context (database, output) and error reporting."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ydp_tui.config import Config, is_url

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

def precheck_target(config: Config) -> str | None:
    """A cheap look at ``--db`` before anything heavy loads (missing folder, not SQLite …)."""
    from pathlib import Path

    from ydp_tui.db.errors import OpenError

    if is_url(config.db) and not config.db.startswith("sqlite:///"):
        return None
    target = config.db[len("sqlite:///"):] if config.db.startswith("sqlite:///") else config.db
    from ydp_tui.db.engine_check import check_sqlite_path

    try:
        check_sqlite_path(Path(target).expanduser().resolve(), read_only=config.read_only)
    except OpenError as exc:
        return str(exc)
    return None


def sign_in(db: Database, name: str) -> None:
    """Work as ``name`` on ``db``: the PIN comes from ``YDP_PIN``, else a prompt on a terminal."""
    import os

    from ydp_tui.db.errors import PinRequired

    pin = os.environ.get("YDP_PIN") or None
    try:
        db.set_operator(name, pin)
    except PinRequired:
        if not sys.stdin.isatty():
            raise
        import getpass

        db.set_operator(name, getpass.getpass(f"{name} PIN: "))


class CommandContext:
    def __init__(self, config: Config, args: argparse.Namespace) -> None:
        self.config = config
        self.args = args
        self._db: Database | None = None

    def open_db(self, *, daily_backup: bool = True) -> Database:
        """The database, signed in as ``--operator`` (PIN from ``YDP_PIN`` or a prompt when the
        account has one); a SQLite database gets its daily backup on the first open of the day."""
        if self._db is None:
            from ydp_tui.db.engine import Database

            db = Database.open(self.config.db, operator="", read_only=self.config.read_only)
            try:
                sign_in(db, self.config.operator or "(명령줄)")
            except BaseException:
                db.dispose()
                raise
            self._db = db
            if daily_backup:
                self._daily_backup(db)
        return self._db

    def _daily_backup(self, db: Database) -> None:
        from ydp_tui.db import backup
        from ydp_tui.db.errors import YdpError

        try:
            backup.daily(db)
        except YdpError as exc:  # the command still runs; the user learns the backup failed
            self.info(f"ydp-tui: 참고: 오늘의 자동 백업을 만들지 못했습니다: {exc}")

    def close_db(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    # --- output -----------------------------------------------------------------------

    def print_json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default) + "\n")

    def print_table(self, title: str | None, headers: list[str], rows: list[list[Any]], *,
                    right: set[str] | None = None, caption: str | None = None) -> None:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, caption=caption, show_lines=False)
        for h in headers:
            table.add_column(h, justify="right" if right and h in right else "left", no_wrap=False)
        for row in rows:
            table.add_row(*[Text("" if v is None else str(v)) for v in row])
        Console(width=None if sys.stdout.isatty() else 240).print(table)

    def info(self, message: str) -> None:
        print(message, file=sys.stderr)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def fail(exc: BaseException) -> int:
    """Print an error as Korean lines on stderr and return its exit status."""
    from ydp_tui.db.errors import YdpError

    if isinstance(exc, YdpError):
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"ydp-tui: {line}", file=sys.stderr)
        return exc.exit_code
    print(f"ydp-tui: 예상하지 못한 오류가 났습니다: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 2


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("table", "json")) -> None:
    parser.add_argument("--format", choices=choices, default="table",
                        help="출력 형식 (table: 표, json: UTF-8 JSON)")


def confirm(ctx: CommandContext, question: str) -> None:
    """Ask before a destructive command (``--yes`` answers for scripts); refuse otherwise."""
    from ydp_tui.db.errors import Refused, YdpError

    if getattr(ctx.args, "yes", False):
        return
    if not sys.stdin.isatty():
        err = YdpError("확인이 필요합니다: 터미널에서 실행해 답하거나 --yes를 붙이세요. 아무것도 바꾸지 않았습니다")
        err.exit_code = 2
        raise err
    answer = input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes", "예", "네"):
        raise Refused("취소했습니다. 아무것도 바꾸지 않았습니다")
