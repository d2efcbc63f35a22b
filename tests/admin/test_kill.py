"""A desk killed with SIGKILL in the middle of a save and of an import: the database is
consistent and holds exactly what was committed before (both backends)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from ydp_tui.db import audit, seekers
from ydp_tui.db.engine import Database
from ydp_tui.db.models import NumberSeq, Seeker, SyncOp

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import sys, time
from tests.conftest import seeker_values
from ydp_tui.db import audit, seekers
from ydp_tui.db.engine import Database
db = Database.open(sys.argv[1], operator="김상담", site_code="T1")
seekers.register(db, seeker_values(name="김커밋", phone="010-1111-0001"), force=True)
print("COMMITTED", flush=True)

def hang(*args, **kwargs):
    print("READY", flush=True)  # inside the open transaction, rows written, not committed
    time.sleep(600)
"""

MID_SAVE = PRELUDE + """
audit.record = hang
seekers.register(db, seeker_values(name="이중단", phone="010-1111-0002"), force=True)
"""

MID_IMPORT = PRELUDE + """
from ydp_tui.io import seekers as io
audit.record = hang  # every row is inserted by then; the import's last step before its commit
io.import_file(db, sys.argv[2])
"""


def _kill_when_ready(code: str, *args: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line.strip())
            if line.strip() == "READY":
                break
        assert lines == ["COMMITTED", "READY"], (lines, proc.stderr.read() if proc.poll() is not None else "")
        proc.kill()  # SIGKILL: no cleanup, no rollback by the process
        proc.wait(timeout=30)
        assert proc.returncode == -9
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _check(target: str) -> Database:
    db = Database.open(target, operator="확인")  # opens (SQLite: quick_check) after the crash
    if db.is_sqlite:
        db.quick_check()
    with db.session() as s:
        names = list(s.execute(select(Seeker.name)).scalars())
        assert names == ["김커밋"]
        assert audit.verify(s) is None
        assert s.execute(select(NumberSeq.last).where(NumberSeq.kind == "seeker")).scalar_one() == 1
        rows = s.execute(select(func.count(func.distinct(SyncOp.row_id))).where(SyncOp.tbl == "seeker")).scalar_one()
        assert rows == 1  # no change captured for what was never committed
    # the database takes new work at once (no lock left behind)
    after = seekers.register(db, {"name": "박다음", "birth_date": "1991-01-01", "phone": "010-1111-0003",
                                  "registered_on": "2024-05-31", "consent_date": "2024-05-31"})
    assert after.seeker_no == "T1-2024-00002"
    return db


def test_killed_in_the_middle_of_a_save(db_target):
    _kill_when_ready(MID_SAVE, db_target)
    _check(db_target).dispose()


def test_killed_in_the_middle_of_an_import(db_target, tmp_path):
    sheet = tmp_path / "many.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["성명", "생년월일", "휴대전화", "등록일", "동의일"])
        for i in range(300):
            w.writerow([f"가져{chr(0xAC00 + i)}", f"19{60 + i % 40}-01-{1 + i % 28:02d}", f"010-3{i // 10000}{i:04d}"[:8]
                        + f"-{i:04d}", "2024-05-31", "2024-05-31"])
    _kill_when_ready(MID_IMPORT, db_target, str(sheet))
    _check(db_target).dispose()
