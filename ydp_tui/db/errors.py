"""Errors the services raise; each carries a Korean message fit to show as it is.

This module imports nothing heavy so screens and the CLI can catch these without loading
SQLAlchemy.
"""

from __future__ import annotations


class YdpError(Exception):
    """Base class: ``str(exc)`` is a one-line Korean message. ``exit_code`` for the CLI."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OpenError(YdpError):
    """The database cannot be opened (missing folder, not a database, damaged, newer)."""

    exit_code = 2


class ReadOnlyError(YdpError):
    """A write was attempted on a database opened with ``--read-only``."""

    exit_code = 2

    def __init__(self, message: str = "읽기 전용으로 열었기 때문에 저장할 수 없습니다 (--read-only)") -> None:
        super().__init__(message)


class NotFound(YdpError):
    pass


class Refused(YdpError):
    """A command or save was refused; nothing was changed."""


class ValidationFailed(Refused):
    """One or more fields are invalid. ``errors`` maps field label → reason."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class StaleRecord(Refused):
    """Optimistic locking: someone saved the record after we loaded it.

    ``changes`` lists (field label, value we loaded, value now stored, who changed it).
    """

    def __init__(self, what: str, changed_by: str = "", changes: list[tuple[str, str, str]] | None = None) -> None:
        self.changes = changes or []
        self.changed_by = changed_by
        who = f"{changed_by}님이 " if changed_by else "다른 곳에서 "
        detail = ""
        if self.changes:
            detail = " (" + ", ".join(f"{f}: {a or '-'} -> {b or '-'}" for f, a, b in self.changes) + ")"
        super().__init__(f"{what}을(를) 불러온 뒤 {who}먼저 저장했습니다{detail}. 다시 불러온 뒤 저장하세요.")


class ImportRefused(Refused):
    """An import with bad rows: nothing was written. ``problems`` are the row messages."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class PinRequired(YdpError):
    """The operator's account has a PIN and none was given (the TUI asks; the CLI reads
    ``YDP_PIN`` or prompts).  Nothing was changed."""

    exit_code = 2

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name} 계정은 PIN으로 로그인해야 합니다 (명령줄: 환경변수 YDP_PIN 또는 터미널에서 입력)")


class SignInRefused(YdpError):
    """A wrong PIN, a locked or deactivated account: the operator is not signed in."""

    exit_code = 2

    def __init__(self, message: str, *, locked: bool = False) -> None:
        self.locked = locked
        super().__init__(message)
