"""Backups (automatic daily, on demand) and restore; files that are not ours are refused."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.admin.helpers import admin, audit_rows, digest, register, run, seeker_names
from tests.conftest import FROZEN
from ydp_tui import clock
from ydp_tui.db import backup, policy


def _sqlite_only(db_target: str) -> None:
    if "://" in db_target:
        pytest.skip("SQLite file backups")


def test_daily_backup_once_a_day_rotating(open_db, db_target):
    _sqlite_only(db_target)
    db = admin(open_db)
    with db.write() as s:
        policy.set_value(s, "backup", 0, "keep_days", 3)
    register(db, "김민수", "010-1111-2222")
    made = []
    for day in range(5):
        with clock.freeze(FROZEN + dt.timedelta(days=day)):
            made.append(backup.daily(db))
            assert backup.daily(db) is None  # once a day
    folder = Path(db_target).parent / "backups"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"test.daily-2024-06-0{d}.sqlite3" for d in (2, 3, 4)] == sorted(p.name for p in made[2:])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    newest = made[-1]
    assert stat.S_IMODE(newest.stat().st_mode) == 0o600
    conn = sqlite3.connect(newest)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert conn.execute("SELECT name FROM seeker").fetchall() == [("김민수",)]
    conn.close()
    assert [e.detail for e in audit_rows(db, "backup")][-1] == "자동 백업: test.daily-2024-06-04.sqlite3"
    assert [b.kind for b in backup.listing(db)] == ["자동"] * 3


def test_backup_and_restore_round_trip(open_db, db_target, capsys):
    _sqlite_only(db_target)
    db = admin(open_db)
    register(db, "김민수", "010-1111-2222")
    code, out, err = run(capsys, db_target, "backup")
    assert code == 0, err
    made = Path(out.strip())
    assert made.parent == Path(db_target).parent / "backups" and made.name.startswith("test.2024-05-31T100000")
    register(db, "이영희", "010-3333-4444")
    before = digest(Path(db_target))
    code, _out, err = run(capsys, db_target, "restore", str(made), "--yes")
    assert code == 0, err
    assert "복원했습니다" in err and "이전 데이터베이스 사본" in err
    assert seeker_names(db) == ["김민수"]  # a desk that kept its connection sees the restored data
    kept = next((Path(db_target).parent / "backups").glob("test.before-restore-*.sqlite3"))
    conn = sqlite3.connect(kept)
    assert sorted(r[0] for r in conn.execute("SELECT name FROM seeker")) == ["김민수", "이영희"]
    conn.close()
    assert before != digest(Path(db_target))
    restored = audit_rows(db)
    assert restored[-1].action == "restore" and restored[-1].operator == "정관리"
    assert restored[-1].detail.startswith(f"{made.name}에서 복원 (이전 데이터베이스 사본: test.before-restore-")
    code, out, err = run(capsys, db_target, "audit", "verify")
    assert code == 0, err


def _not_ours(tmp_path: Path) -> list[tuple[Path, str]]:
    text = tmp_path / "notes.sqlite3"
    text.write_text("이것은 백업이 아닙니다\n", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return [(text, "SQLite 데이터베이스 파일이 아님"), (other, "ydp-tui의 표가 없음"),
            (tmp_path / "none.sqlite3", "백업 파일이 없습니다")]


def test_restore_refuses_what_is_not_ours_and_changes_nothing(open_db, db_target, capsys, tmp_path):
    _sqlite_only(db_target)
    db = admin(open_db)
    register(db, "김민수", "010-1111-2222")
    code, out, _ = run(capsys, db_target, "backup")
    good = Path(out.strip())
    damaged = tmp_path / "damaged.sqlite3"
    raw = bytearray(good.read_bytes())
    raw[4096 * 5: 4096 * 8] = b"\xff" * (4096 * 3)  # scribble over three pages
    damaged.write_bytes(bytes(raw))
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[:5000])
    db.dispose()
    before = digest(Path(db_target))
    cases = [*_not_ours(tmp_path), (damaged, "손상"), (truncated, "손상")]
    for file, reason in cases:
        code, out, err = run(capsys, db_target, "restore", str(file), "--yes")
        assert code in (1, 2), (file, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and reason in lines[0], (file, err)
        assert digest(Path(db_target)) == before
    assert not list((Path(db_target).parent / "backups").glob("*before-restore*"))


def test_restore_needs_an_administrator_and_confirmation(open_db, db_target, capsys):
    _sqlite_only(db_target)
    db = admin(open_db)
    register(db, "김민수", "010-1111-2222")
    code, out, _ = run(capsys, db_target, "backup")
    made = out.strip()
    open_db(operator="최팀장", role="감독자").dispose()
    register(db, "이영희", "010-3333-4444")
    entries = len(audit_rows(db))
    code, _, err = run(capsys, db_target, "restore", made, "--yes", operator="최팀장")
    assert code == 1 and "백업에서 복원은(는) 관리자만 할 수 있습니다" in err
    code, _, err = run(capsys, db_target, "restore", made, operator="정관리")  # no terminal to ask on
    assert code == 2 and "--yes" in err
    code, _, err = run(capsys, db_target, "backup", operator="김상담")
    assert code == 1 and "데이터베이스 백업은(는) 감독자/관리자만" in err
    assert seeker_names(db) == ["김민수", "이영희"]
    assert len(audit_rows(db)) == entries
    assert not list((Path(db_target).parent / "backups").glob("*before-restore*"))


def test_restore_over_a_damaged_database_keeps_its_bytes(open_db, db_target, capsys):
    _sqlite_only(db_target)
    db = admin(open_db)
    register(db, "김민수", "010-1111-2222")
    code, out, _ = run(capsys, db_target, "backup")
    made = out.strip()
    db.dispose()
    path = Path(db_target)
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\x00" * (4096 - 100)
    raw[4096:] = b"\xab" * (len(raw) - 4096)
    path.write_bytes(bytes(raw))
    damaged = path.read_bytes()
    code, _, err = run(capsys, db_target, "seekers", "list")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, db_target, "restore", made, "--yes")
    assert code == 0, err
    assert "권한 확인 없이" in err
    kept = next((path.parent / "backups").glob("test.before-restore-*.sqlite3"))
    assert kept.read_bytes() == damaged
    code, out, err = run(capsys, db_target, "seekers", "list", "--format", "json")
    assert code == 0 and "김민수" in out


def test_backup_never_overwrites(open_db, db_target, capsys, tmp_path):
    _sqlite_only(db_target)
    admin(open_db)
    target = tmp_path / "mine.sqlite3"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, db_target, "backup", str(target))
    assert code == 1 and "덮어쓰지 않습니다" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, out, err = run(capsys, db_target, "backup", str(tmp_path / "copy.sqlite3"))
    assert code == 0 and out.strip() == str(tmp_path / "copy.sqlite3")


def test_postgresql_backup_uses_pg_dump_and_restore_is_the_servers(open_db, db_target, capsys, tmp_path):
    if "://" not in db_target:
        pytest.skip("PostgreSQL")
    import shutil

    admin(open_db)
    code, _, err = run(capsys, db_target, "restore", str(tmp_path / "x.pgdump"), "--yes")
    assert code == 2 and "pg_restore" in err
    if shutil.which("pg_dump") is None:
        code, _, err = run(capsys, db_target, "backup", str(tmp_path / "x.pgdump"))
        assert code == 2 and "pg_dump" in err
        return
    code, out, err = run(capsys, db_target, "backup", str(tmp_path / "x.pgdump"))
    assert code == 0, err
    dump = Path(out.strip())
    assert dump.read_bytes()[:5] == b"PGDMP" and stat.S_IMODE(dump.stat().st_mode) == 0o600


def test_a_restored_laptop_gets_its_later_changes_back_and_keeps_syncing(tmp_path, capsys):
    """A laptop restored from last week's backup has sent newer changes already: it becomes a new
    machine for sync, so the counter takes its bundles and the changes made after the backup come
    back to it from the counter."""
    from tests.sync_helpers import machine, send
    from ydp_tui.db import roles
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import SyncPeer

    laptop = machine(tmp_path, "N1", "정관리", role=roles.ADMIN)
    counter = machine(tmp_path, "C1")
    register(laptop, "김민수", "010-1111-2222")
    code, out, err = run(capsys, str(tmp_path / "N1.sqlite3"), "backup")
    assert code == 0, err
    made = Path(out.strip())
    register(laptop, "이영희", "010-3333-4444")            # after the backup
    send(laptop, counter, tmp_path / "b1")
    old_id = laptop.site_id
    laptop.dispose()
    code, _out, err = run(capsys, str(tmp_path / "N1.sqlite3"), "restore", str(made), "--yes")
    assert code == 0, err
    laptop = Database.open(str(tmp_path / "N1.sqlite3"), operator="정관리")
    assert seeker_names(laptop) == ["김민수"]
    assert laptop.site_id != old_id and laptop.site_code != "N1" and f"새 기기 {laptop.site_code}" in err
    summary = send(counter, laptop, tmp_path / "b2")       # the counter's bundle brings 이영희 back
    assert summary.conflicts == 0
    assert seeker_names(laptop) == ["김민수", "이영희"]
    register(laptop, "박철수", "010-5555-6666")            # and the laptop's new work reaches the counter
    send(laptop, counter, tmp_path / "b3")
    assert seeker_names(counter) == ["김민수", "박철수", "이영희"]
    with laptop.session() as s:
        former = s.get(SyncPeer, old_id)
    assert former is not None and former.site_code == "N1"       # its former self, held up to the backup
    laptop.dispose()
    counter.dispose()
