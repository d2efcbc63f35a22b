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


class CommandContext:
    def __init__(self, config: Config, args: argparse.Namespace) -> None:
        self.config = config
        self.args = args
        self._db: Database | None = None

    def open_db(self) -> Database:
        if self._db is None:
            from ydp_tui.db.engine import Database

            self._db = Database.open(self.config.db, operator=self.config.operator or "(명령줄)",
                                     read_only=self.config.read_only)
        return self._db

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
