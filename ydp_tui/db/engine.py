"""Opening a database: a SQLite file (the embedded default) or any SQLAlchemy URL.

``Database.open`` checks the target before touching it (missing or read-only folder, a file
that is not SQLite, a damaged file, a schema from a newer ydp-tui: each a one-line Korean
:class:`OpenError`, the file left as it was), sets SQLite's pragmas, runs migrations and
makes sure the database knows its sync identity.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from ydp_tui import clock
from ydp_tui.config import is_url
from ydp_tui.db import capture, keys
from ydp_tui.db.engine_check import check_sqlite_path
from ydp_tui.db.errors import OpenError, ReadOnlyError, StaleRecord, YdpError
from ydp_tui.db.models import AuditHead, SiteInfo

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# Shipped reference rows inserted (if missing) whenever a database is opened for writing:
# (module, function(session)).  An area with its own reference table adds one line.
SEEDERS: list[tuple[str, str]] = [
    ("ydp_tui.db.policy", "seed"),
    ("ydp_tui.db.subsidy", "seed_years"),
    ("ydp_tui.db.spaces", "seed_spaces"),
    ("ydp_tui.db.programs", "seed_policy"),
    ("ydp_tui.db.public_work", "seed_periods"),
    ("ydp_tui.db.budget", "seed_units"),
]


class YdpSession(Session):
    """Our session class: the capture hook listens on it."""


capture.install(YdpSession)
keys.install(YdpSession)  # a desk with a replaced key never saves undecryptable values


def resolve_url(target: str) -> tuple[str, Path | None]:
    if is_url(target):
        if target.startswith("sqlite:///"):
            return target, Path(target[len("sqlite:///"):])
        return target, None
    path = Path(target).expanduser().resolve()
    return f"sqlite:///{path}", path


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA secure_delete=ON")  # freed space is zeroed: erased data leaves the file
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the lock up front: no deadlock on lock upgrade, no forked chains.
        immediate = conn.get_execution_options().get("ydp_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """An open database and who is working on it."""

    def __init__(self, engine: Engine, url: str, path: Path | None, *, operator: str,
                 read_only: bool) -> None:
        self.engine = engine
        self.url = url
        self.path = path
        self.operator = operator
        self.role = "상담사"  # set from the operator's account once open (db/roles.py)
        self.read_only = read_only
        self._write_engine = engine.execution_options(ydp_immediate=True)
        self.site_id = ""
        self.site_code = ""
        self.machine = socket.gethostname()[:60]
        self.key_warning: str | None = None  # this machine's field key is not the database's (db/keys.py)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    # --- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, target: str, *, operator: str | None = None, read_only: bool = False,
             site_code: str | None = None, pin: str | None = None) -> Database:
        url, path = resolve_url(target)
        if path is not None:
            check_sqlite_path(path, read_only=read_only)
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 5} if "postgresql" in url else {}
        try:
            engine = create_engine(url, **kwargs)
        except Exception as exc:  # a malformed URL or a missing driver
            raise OpenError(f"데이터베이스 주소를 쓸 수 없습니다: {exc}") from None
        if engine.dialect.name == "sqlite":
            _sqlite_pragmas(engine)
        db = cls(engine, url, path, operator=operator or "", read_only=read_only)
        try:
            db._check_and_migrate()
            db._ensure_site(site_code)
            db.key_warning = keys.check_key(db)
            db.set_operator(db.operator, pin)
        except YdpError:
            engine.dispose()
            raise
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            raise OpenError(_describe_dbapi_error(exc, path, url)) from None
        return db

    def _check_and_migrate(self) -> None:
        from ydp_tui.db import migrate

        if self.is_sqlite and self._needs_check():
            self.quick_check()
        migrate.upgrade(self.engine, read_only=self.read_only)
        if self.is_sqlite and not self.read_only:
            self._remember_check()

    # SQLite's quick_check reads the whole file: a small file is checked on every open, a large
    # one on its first open of the day (a 900 MB file takes over a second).
    QUICK_CHECK_ALWAYS_BELOW = 64 * 1024 * 1024

    def _needs_check(self) -> bool:
        if self.path is None or not self.path.exists():
            return False
        if self.path.stat().st_size < self.QUICK_CHECK_ALWAYS_BELOW:
            return True
        try:
            with self.engine.connect() as conn:
                last = conn.exec_driver_sql("SELECT value FROM local_state WHERE key = 'quick_check'").scalar()
        except DBAPIError:
            return True  # no such table yet, or unreadable: check
        return last != clock.today().isoformat()

    def quick_check(self) -> None:
        with self.engine.connect() as conn:
            try:
                result = conn.exec_driver_sql("PRAGMA quick_check").scalars().all()
            except DBAPIError as exc:
                raise OpenError(_describe_dbapi_error(exc, self.path)) from None
        if result != ["ok"]:
            raise OpenError(
                f"데이터베이스 파일이 손상되었습니다: {self.path} ({'; '.join(result[:3])}). "
                "파일은 그대로 두었습니다. 백업에서 복원하세요 (ydp-tui restore)."
            )
        self._checked = True

    def _remember_check(self) -> None:
        if not getattr(self, "_checked", False):
            return
        with self._write_engine.begin() as conn:
            today = clock.today().isoformat()
            conn.exec_driver_sql("DELETE FROM local_state WHERE key = 'quick_check'")
            conn.exec_driver_sql("INSERT INTO local_state (key, value) VALUES ('quick_check', ?)", (today,))

    def _ensure_site(self, site_code: str | None) -> None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT site_id, site_code FROM site_info WHERE id = 1")).first()
        if row is None:
            if self.read_only:
                raise OpenError("읽기 전용으로는 새 데이터베이스를 준비할 수 없습니다")
            code = site_code or "".join(secrets.choice(_CODE_ALPHABET) for _ in range(3))
            with self._write_engine.begin() as conn:
                conn.execute(
                    SiteInfo.__table__.insert(),
                    {"id": 1, "site_id": secrets.token_hex(16), "site_code": code, "hlc": 0,
                     "created_at": clock.now()},
                )
                conn.execute(AuditHead.__table__.insert(), {"id": 1, "seq": 0, "hash": "0" * 64})
            with self._write_engine.connect() as conn:
                row = conn.execute(text("SELECT site_id, site_code FROM site_info WHERE id = 1")).one()
        self.site_id, self.site_code = row[0], row[1]
        if not self.read_only:
            import importlib

            with self.write(system=True) as session:
                for module, function in SEEDERS:
                    getattr(importlib.import_module(module), function)(session)

    def set_operator(self, name: str, pin: str | None = None) -> None:
        """Who is working from now on; their role comes from their account.

        An account with a PIN signs in with it (``db.operators.authenticate``): without the
        right PIN this raises and the working operator stays as it was.
        """
        from ydp_tui.db import operators, roles

        role = operators.authenticate(self, name, pin) if name else roles.DEFAULT_ROLE
        self.operator = name
        self.role = role

    def refresh_role(self) -> None:
        """Read the working operator's role again (after an administrator changed accounts)."""
        from ydp_tui.db import roles

        with self.session() as session:
            self.role = roles.role_of(session, self.operator) if self.operator else roles.DEFAULT_ROLE

    # --- sessions -----------------------------------------------------------------

    def context(self, **overrides: Any) -> capture.WriteContext:
        values: dict[str, Any] = {
            "operator": self.operator or "(미지정)",
            "machine": f"{self.machine}/{self.site_code}",
            "site_id": self.site_id,
            "read_only": self.read_only,
        }
        values.update(overrides)
        return capture.WriteContext(**values)

    @contextmanager
    def session(self) -> Iterator[YdpSession]:
        """A read session (no writes expected)."""
        with YdpSession(self.engine, expire_on_commit=False) as session:
            session.info["ydp"] = self.context(audit_only=True)
            yield session

    @contextmanager
    def write(self, *, audit_only: bool = False, system: bool = False, **overrides: Any) -> Iterator[YdpSession]:
        """One write transaction: committed on success, rolled back on any error.

        In read-only mode only ``audit_only`` transactions (the access log) are allowed.
        ``system`` writes (seeding shipped reference data) skip change capture.
        """
        if self.read_only and not audit_only:
            raise ReadOnlyError()
        ctx = self.context(audit_only=audit_only, **overrides)
        if system:
            ctx.capture = False
            ctx.operator = "(시스템)"
        with YdpSession(self._write_engine, expire_on_commit=False) as session:
            session.info["ydp"] = ctx
            try:
                yield session
                session.commit()
            except StaleDataError as exc:
                stale = self._stale(session, exc)
                session.rollback()
                raise stale from None
            except BaseException:
                session.rollback()
                raise

    def _stale(self, session: Session, exc: StaleDataError) -> StaleRecord:
        """Another desk saved the row first (``version`` moved on): say what and who."""
        import re

        from ydp_tui.db.models import synced_tables

        found = re.search(r"table '([^']+)'", str(exc))
        model = synced_tables().get(found.group(1)) if found else None
        if model is None:
            return StaleRecord("기록")
        ids = [key[1][0] for key in session.identity_map.keys() if key[0] is model]  # no loads: the flush failed
        who = ""
        if ids:
            try:
                with self.engine.connect() as conn:
                    row = conn.execute(select(model.updated_by, model.updated_at).where(model.id == ids[0])).first()
                if row is not None:
                    who = row[0]
            except DBAPIError:
                pass
        return StaleRecord(model.__label__, who)

    def dispose(self) -> None:
        for name in ("_seeker_index", "_match_index"):  # in-process indexes hold a connection
            index = getattr(self, name, None)
            if index is not None:
                index.close()
        self.engine.dispose()


# What a PostgreSQL server (libpq) says when a desk cannot connect, in Korean.
_PG_PROBLEMS = (
    ("connection refused", "연결이 거부되었습니다. 서버가 켜져 있는지, 주소와 포트가 맞는지 확인하세요"),
    ("timeout expired", "응답이 없습니다 (시간 초과). 네트워크와 서버 주소를 확인하세요"),
    ("could not translate host name", "서버 이름을 찾을 수 없습니다. 주소를 확인하세요"),
    ("password authentication failed", "사용자 이름 또는 비밀번호가 맞지 않습니다"),
    ("no password supplied", "비밀번호가 필요합니다 (URL 또는 ~/.pgpass)"),
    ("does not exist", "사용자 또는 데이터베이스가 서버에 없습니다"),
    ("no pg_hba.conf entry", "서버가 이 기기의 접속을 허용하지 않습니다 (pg_hba.conf)"),
)


def _pg_unreachable(text_: str, url: str | None) -> str | None:
    lowered = text_.lower()
    for needle, korean in _PG_PROBLEMS:
        if needle in lowered:
            where = ""
            if url:
                from sqlalchemy.engine import make_url

                try:
                    u = make_url(url)
                    where = f" ({u.host or 'localhost'}:{u.port or 5432}/{u.database or ''})"
                except Exception:  # noqa: BLE001 - the message still says what is wrong
                    where = ""
            return f"데이터베이스 서버에 연결할 수 없습니다{where}: {korean}"
    return None


def _describe_dbapi_error(exc: Exception, path: Path | None, url: str | None = None) -> str:
    text_ = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lowered = text_.lower()
    where = str(path) if path else "데이터베이스"
    if path is None:
        known = _pg_unreachable(" ".join(str(getattr(exc, "orig", exc)).split()), url)
        if known:
            return known
    if "not a database" in lowered or "malformed" in lowered:
        return f"데이터베이스 파일이 손상되었거나 SQLite 파일이 아닙니다: {where}"
    if "readonly" in lowered or "read-only" in lowered:
        return f"데이터베이스에 쓸 수 없습니다 (읽기 전용 파일): {where}"
    if "unable to open" in lowered:
        return f"데이터베이스 파일을 열 수 없습니다: {where}"
    if "connection" in lowered or "could not connect" in lowered or "timeout" in lowered:
        return f"데이터베이스 서버에 연결할 수 없습니다: {text_}"
    if "locked" in lowered or "busy" in lowered:
        return f"데이터베이스를 다른 프로그램이 쓰고 있습니다: {where}"
    return f"데이터베이스를 열 수 없습니다: {text_}"
