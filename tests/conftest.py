"""Shared fixtures.

``db`` is a fresh database per test: a SQLite file in ``tmp_path`` always, and also a fresh
PostgreSQL schema when ``YDP_TEST_PG_URL`` is set (CI sets it).  The clock is frozen at
2024-05-31 10:00 in Seoul (the seed report's as-of date) unless a test moves it.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ydp_tui import clock

PG_URL = os.environ.get("YDP_TEST_PG_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
FROZEN = dt.datetime(2024, 5, 31, 10, 0, tzinfo=clock.SEOUL)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[dt.datetime]:
    with clock.freeze(FROZEN):
        yield FROZEN


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data or config folders."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("YDP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("YDP_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("YDP_DB", raising=False)
    monkeypatch.delenv("YDP_OPERATOR", raising=False)


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """``ydp-tui ARGS`` in this process: the same ``cli.main`` the console script runs, without a
    second or more of interpreter start per call.  ``env`` sets (or, with "", removes) variables."""
    from ydp_tui import cli

    def _run(*argv: str, env: dict[str, str] | None = None) -> CliResult:
        with monkeypatch.context() as m:
            for k, v in (env or {}).items():
                if v == "":
                    m.delenv(k, raising=False)
                else:
                    m.setenv(k, v)
            capsys.readouterr()
            code = cli.main(list(argv))
            out = capsys.readouterr()
        return CliResult(code, out.out, out.err)

    return _run


class PgSchema:
    """A throwaway schema on the test server; the URL pins ``search_path`` to it."""

    def __init__(self, base_url: str) -> None:
        from sqlalchemy import create_engine, text

        self.name = "t_" + secrets.token_hex(6)
        self._admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        sep = "&" if "?" in base_url else "?"
        self.url = f"{base_url}{sep}options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        from sqlalchemy import text

        with self._admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self._admin.dispose()


@pytest.fixture
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database target (path or URL) on the parametrised backend."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield str(tmp_path / "test.sqlite3")
        return
    schema = PgSchema(PG_URL)  # type: ignore[arg-type]
    try:
        yield schema.url
    finally:
        schema.drop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_target" in metafunc.fixturenames:
        metafunc.parametrize("db_target", BACKENDS, indirect=True)


@pytest.fixture
def open_db(db_target: str):
    """Open (or reopen) the test database as some operator: ``open_db(operator="김상담")``."""
    from ydp_tui.db.engine import Database

    opened = []

    def _open(operator: str = "테스트상담", read_only: bool = False, site_code: str = "T1",
              role: str | None = None, pin: str | None = None):
        """``role`` makes sure ``operator`` has an account with that role (감독자, 관리자) first;
        ``pin`` signs in to an account that has one."""
        if role is not None:
            _ensure_account(db_target, operator, role, site_code)
        database = Database.open(db_target, operator=operator, read_only=read_only, site_code=site_code,
                                 pin=pin)
        opened.append(database)
        return database

    yield _open
    for database in opened:
        database.dispose()


def _ensure_account(target: str, name: str, role: str, site_code: str) -> None:
    from sqlalchemy import select

    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Operator

    setup = Database.open(target, operator="(설정)", site_code=site_code)
    try:
        with setup.write() as session:
            found = session.execute(select(Operator).where(Operator.name == name)).scalars().first()
            if found is None:
                session.add(Operator(name=name, role=role))
            else:
                found.role = role
    finally:
        setup.dispose()


@pytest.fixture
def db(open_db):
    return open_db()


def seeker_values(**overrides: object) -> dict[str, object]:
    """A valid seeker form (raw, as typed)."""
    values: dict[str, object] = {
        "name": "김민수", "birth_date": "1990-03-15", "gender": "남", "phone": "010-1234-5678",
        "dong": "문래동", "registered_on": "2024-05-31", "consent_date": "2024-05-31",
        "desired_jobs": "53", "target_groups": "청년",
    }
    values.update(overrides)
    return values
