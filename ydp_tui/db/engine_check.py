"""Checks on a SQLite path that need no SQLAlchemy (the CLI runs them before the TUI loads)."""

from __future__ import annotations

import os
from pathlib import Path

from ydp_tui.db.errors import OpenError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_path(path: Path, *, read_only: bool = False) -> None:
    """Refuse a path we must not or cannot use, without creating or touching anything."""
    folder = path.parent
    if not folder.exists():
        raise OpenError(f"데이터베이스 폴더가 없습니다: {folder}")
    if not folder.is_dir():
        raise OpenError(f"데이터베이스 폴더가 폴더가 아닙니다: {folder}")
    if path.exists():
        if path.is_dir():
            raise OpenError(f"데이터베이스 경로가 폴더입니다: {path}")
        try:
            with path.open("rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise OpenError(f"데이터베이스 파일을 읽을 수 없습니다: {path} ({exc.strerror})") from None
        if header and header != SQLITE_HEADER:
            raise OpenError(f"SQLite 데이터베이스 파일이 아닙니다: {path}")
        if not read_only and not os.access(path, os.W_OK):
            raise OpenError(f"데이터베이스 파일에 쓸 수 없습니다: {path} (--read-only로 열 수 있습니다)")
    elif read_only:
        raise OpenError(f"데이터베이스 파일이 없습니다: {path}")
    if not read_only and not os.access(folder, os.W_OK | os.X_OK):
        raise OpenError(f"데이터베이스 폴더에 쓸 수 없습니다: {folder}")
