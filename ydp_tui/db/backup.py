"""Backups and restore.

SQLite: a consistent copy through SQLite's online backup API (other desks may keep working),
checked with ``quick_check``, mode 0600, into ``backups/`` beside the database file:

- automatically once a day when the database is opened for writing
  (``<name>.daily-2024-05-31.sqlite3``; the newest ``backup.keep_days`` are kept),
- on demand (``ydp-tui backup [FILE]``: ``<name>.2024-05-31T100000.sqlite3``).

``restore`` refuses a file that is not a ydp-tui database (not SQLite, damaged, no ydp-tui
tables, a newer schema, a broken access log) and changes nothing then; otherwise it keeps a
copy of the current database (``<name>.before-restore-….sqlite3``) and copies the backup in.

PostgreSQL: the server's own tool does it.  ``backup`` runs ``pg_dump --format=custom`` for
this database's schema when ``pg_dump`` is installed; restoring is left to ``pg_restore`` on
the server (every desk closed first), never done from a desk.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ydp_tui import clock
from ydp_tui.db.engine_check import SQLITE_HEADER
from ydp_tui.db.errors import OpenError, Refused

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

FOLDER = "backups"
DAILY = ".daily-"
BEFORE_RESTORE = ".before-restore-"


class BackupError(OpenError):
    """The backup could not be written or read (environment; exit 2)."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str        # 자동 | 수동 | 복원 전
    size: int
    made_at: str     # as the name says, Seoul time


def folder_for(path: Path) -> Path:
    return path.parent / FOLDER


def _stamp() -> str:
    return clock.local(clock.now()).strftime("%Y-%m-%dT%H%M%S")


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)


def _one_line(result: list[tuple[str]]) -> str:
    text = "; ".join(" ".join(str(r[0]).split()) for r in result[:3])
    return text if len(text) <= 120 else text[:117] + "..."


def _sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """``source`` into a new file ``target`` (written beside it, checked, then moved in place)."""
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dest = sqlite3.connect(part)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = dest.execute("PRAGMA quick_check").fetchall()
        if result != [("ok",)]:
            raise BackupError(f"백업을 검사했더니 손상되어 있습니다 ({_one_line(result)}). 다시 시도하세요")
    except BaseException:
        dest.close()
        part.unlink(missing_ok=True)
        raise
    dest.close()
    os.replace(part, target)


def _copy_database(db: Database, target: Path) -> None:
    raw = db.engine.raw_connection()
    try:
        _sqlite_copy(raw.driver_connection, target)  # type: ignore[arg-type]
    except sqlite3.Error as exc:
        raise BackupError(f"백업을 만들 수 없습니다: {exc}") from None
    finally:
        raw.close()


def keep_days(db: Database) -> int:
    from ydp_tui.db import policy

    with db.session() as session:
        return max(1, int(policy.values(session, "backup", 0).get("keep_days", 14)))


def daily(db: Database) -> Path | None:
    """Today's automatic backup, if there is none yet (SQLite, writable); old ones rotate out."""
    if not db.is_sqlite or db.path is None or db.read_only:
        return None
    folder = folder_for(db.path)
    target = folder / f"{db.path.stem}{DAILY}{clock.today().isoformat()}.sqlite3"
    if target.exists():
        return None
    _private_folder(folder)
    _copy_database(db, target)
    keep = keep_days(db)
    dailies = sorted(folder.glob(f"{db.path.stem}{DAILY}*.sqlite3"), reverse=True)
    for old in dailies[keep:]:
        old.unlink(missing_ok=True)
    _log(db, f"자동 백업: {target.name}")
    return target


def _log(db: Database, detail: str) -> None:
    from ydp_tui.db import audit

    with db.write(audit_only=True) as session:
        audit.record(session, "backup", "database", detail=detail)


def make(db: Database, file: str | Path | None = None) -> Path:
    """A backup now (``ydp-tui backup``): the path written.  Never overwrites a file."""
    from ydp_tui.db import roles

    roles.require(db, "backup")
    if not db.is_sqlite:
        return _pg_dump(db, file)
    assert db.path is not None
    if file is None:
        folder = folder_for(db.path)
        _private_folder(folder)
        target = folder / f"{db.path.stem}.{_stamp()}.sqlite3"
    else:
        target = Path(file).expanduser().resolve()
        if not target.parent.is_dir():
            raise BackupError(f"백업할 폴더가 없습니다: {target.parent}")
    if target.exists():
        raise Refused(f"이미 있는 파일입니다 (덮어쓰지 않습니다): {target}")
    if target == db.path.resolve():
        raise Refused("데이터베이스 파일 자신에 백업할 수 없습니다")
    _copy_database(db, target)
    _log(db, f"백업: {target}")
    return target


def listing(db: Database) -> list[BackupFile]:
    """The backups beside the database, newest first."""
    if db.path is None:
        return []
    folder = folder_for(db.path)
    if not folder.is_dir():
        return []
    out = []
    stem = db.path.stem
    for p in folder.glob(f"{stem}.*.sqlite3"):
        rest = p.name[len(stem):-len(".sqlite3")]
        if rest.startswith(DAILY):
            kind, made = "자동", rest[len(DAILY):]
        elif rest.startswith(BEFORE_RESTORE):
            kind, made = "복원 전", rest[len(BEFORE_RESTORE):]
        else:
            kind, made = "수동", rest[1:]
        out.append(BackupFile(p, kind, p.stat().st_size, _readable(made)))
    return sorted(out, key=lambda b: b.path.stat().st_mtime, reverse=True)


def _readable(stamp: str) -> str:
    """``2024-05-31T100000`` -> ``2024-05-31 10:00:00`` (a date alone stays as it is)."""
    day, _, time = stamp.partition("T")
    if len(time) == 6 and time.isdigit():
        return f"{day} {time[:2]}:{time[2:4]}:{time[4:]}"
    return day


# --- restore -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    site_code: str
    revision: str
    seekers: int
    audit_entries: int


def inspect(file: str | Path) -> BackupInfo:
    """Check that ``file`` is a sound ydp-tui database; refuse it (changing nothing) otherwise."""
    path = Path(file).expanduser()
    if not path.is_file():
        raise BackupError(f"백업 파일이 없습니다: {path}")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise BackupError(f"백업 파일을 읽을 수 없습니다: {path} ({exc.strerror})") from None
    if header != SQLITE_HEADER:
        raise Refused(f"ydp-tui 백업이 아닙니다 (SQLite 데이터베이스 파일이 아님): {path}")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"백업 파일을 열 수 없습니다: {path} ({exc})") from None
    try:
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise Refused(f"백업 파일이 손상되었습니다: {path} ({exc})") from None
        if result != [("ok",)]:
            raise Refused(f"백업 파일이 손상되었습니다: {path} ({_one_line(result)})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"site_info", "alembic_version", "audit_head", "audit_log"} <= tables:
            raise Refused(f"ydp-tui 백업이 아닙니다 (ydp-tui의 표가 없음): {path}")
        revision = (conn.execute("SELECT version_num FROM alembic_version").fetchone() or [""])[0]
        site = conn.execute("SELECT site_code FROM site_info WHERE id = 1").fetchone()
        seekers = conn.execute("SELECT count(*) FROM seeker").fetchone()[0] if "seeker" in tables else 0
    finally:
        conn.close()
    from ydp_tui.db import migrate

    if revision not in migrate.known_revisions():
        raise Refused(f"더 새로운 버전의 ydp-tui가 만든 백업입니다 (스키마 {revision}). 앱을 업데이트한 뒤 복원하세요")
    entries = _verify_log(path)
    return BackupInfo(path, site[0] if site else "", revision, seekers, entries)


def _verify_log(path: Path) -> int:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from ydp_tui.db import audit

    engine = create_engine(f"sqlite:///file:{path.resolve()}?mode=ro&uri=true")
    try:
        with Session(engine) as session:
            result = audit.check(session)
    finally:
        engine.dispose()
    if not result.ok:
        raise Refused(f"백업의 {result.message}. 복원하지 않았습니다")
    return result.checked


def restore(target: str | Path, file: str | Path) -> tuple[BackupInfo, Path | None]:
    """Replace the SQLite database ``target`` with the backup ``file``.

    Returns what was restored and where the previous database was kept.  The caller opens the
    database afterwards (migrations run if the backup is older) and logs the restore.
    """
    info = inspect(file)
    path = Path(target).expanduser().resolve()
    if path == info.path.resolve():
        raise Refused("복원할 백업과 데이터베이스가 같은 파일입니다")
    kept: Path | None = None
    if path.exists():
        folder = folder_for(path)
        _private_folder(folder)
        kept = folder / f"{path.stem}{BEFORE_RESTORE}{_stamp()}.sqlite3"
        _keep_current(path, kept)
    src = sqlite3.connect(f"file:{info.path.resolve()}?mode=ro", uri=True)
    try:
        if path.exists() and _is_sound(path):
            dest = sqlite3.connect(path, timeout=10)
            try:
                src.backup(dest)  # page by page under SQLite's lock: readers see old or new
            except sqlite3.Error as exc:
                raise BackupError(f"복원하지 못했습니다 (데이터베이스를 다른 프로그램이 쓰고 있나요?): {exc}") from None
            finally:
                dest.close()
        else:  # no database yet, or a damaged one (kept above): put a fresh copy in its place
            part = path.with_name(path.name + ".restore")
            part.unlink(missing_ok=True)
            _sqlite_copy(src, part)
            for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                extra.unlink(missing_ok=True)
            os.replace(part, path)
    finally:
        src.close()
    return info, kept


def _is_sound(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def _keep_current(path: Path, kept: Path) -> None:
    """A copy of the database about to be replaced: through SQLite when it is readable, else
    the raw bytes (with its WAL), so nothing is lost whatever state it is in."""
    if _is_sound(path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            _sqlite_copy(conn, kept)
            return
        except (sqlite3.Error, BackupError):
            pass
        finally:
            conn.close()
    shutil.copyfile(path, kept)
    os.chmod(kept, 0o600)
    wal = Path(f"{path}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{kept}-wal"))
        os.chmod(Path(f"{kept}-wal"), 0o600)


# --- PostgreSQL ----------------------------------------------------------------------------------


def _pg_dump(db: Database, file: str | Path | None) -> Path:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from ydp_tui.config import data_dir

    tool = shutil.which("pg_dump")
    if tool is None:
        raise BackupError("PostgreSQL 데이터베이스는 서버의 백업 도구로 백업합니다: pg_dump가 설치되어 있지 않습니다 "
                          "(서버 관리자에게 pg_dump --format=custom 백업을 요청하세요)")
    url = make_url(db.url)
    with db.session() as session:
        schema = session.execute(text("SELECT current_schema()")).scalar_one()
    if file is None:
        folder = data_dir() / FOLDER
        _private_folder(folder)
        target = folder / f"{url.database or 'ydp'}.{_stamp()}.pgdump"
    else:
        target = Path(file).expanduser().resolve()
    if target.exists():
        raise Refused(f"이미 있는 파일입니다 (덮어쓰지 않습니다): {target}")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = [tool, "--format=custom", f"--schema={schema}", f"--file={target}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    args += ["--no-password", url.database or ""]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        reason = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise BackupError(f"pg_dump가 실패했습니다: {reason}")
    os.chmod(target, 0o600)
    _log(db, f"백업 (pg_dump): {target}")
    return target
