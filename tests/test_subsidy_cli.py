"""``ydp-tui subsidy …`` and ``import/export subsidy`` as a user runs them (``cli.main`` in this process;
one test runs the console script in its own process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.subsidy_helpers import row, write_sheet

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(tmp_path: Path, cli_run):
    """``ydp-tui --db DB ARGS`` as 김상담 (or ``operator``), in this process."""
    db = str(tmp_path / "cli.sqlite3")

    def _run(*args: str, operator: str | None = None):
        return cli_run("--db", db, *args, env={"YDP_OPERATOR": operator or "김상담"})

    _run.db = db  # type: ignore[attr-defined]
    return _run


def supervisor(run) -> str:
    """Give 최팀장 a 감독자 account: program years and payments are a supervisor's (roles)."""
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Operator

    db = Database.open(run.db, operator="(설정)")
    with db.write() as session:
        session.add(Operator(name="최팀장", role="감독자"))
    db.dispose()
    return "최팀장"


def test_import_screen_review_batch(run, tmp_path) -> None:
    sheet = write_sheet(tmp_path / "web.csv", [
        row(),
        row(**{"신청번호": "W-0002", "성명": "이영희", "생년월일": "1984-12-31"}),
        row(**{"신청번호": "W-0003", "성명": "박철수", "시험구분": "운전면허"}),
        row(**{"신청번호": "W-0004", "성명": "최지우", "응시료": "84000", "신청일": "2024-05-21",
               "은행": "신한은행", "계좌번호": "110-123-456789", "예금주": "최지우"}),
    ], encoding="cp949")
    r = run("import", "subsidy", str(sheet))
    assert r.returncode == 0, r.stderr
    assert "새로 4건" in r.stderr
    assert "새로 0건, 이미 있는 같은 기록 4건" in run("import", "subsidy", str(sheet)).stderr

    r = run("subsidy", "screen", "--year", "2024", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [
        {"application_no": "W-0001", "eligible": True, "reasons": [], "amount": 19400},
        {"application_no": "W-0002", "eligible": False, "reasons": ["AGE"], "amount": 0},
        {"application_no": "W-0003", "eligible": False, "reasons": ["EXAM_TYPE"], "amount": 0},
        {"application_no": "W-0004", "eligible": True, "reasons": [], "amount": 84000},
    ]
    assert run("subsidy", "screen", "--format", "json").stdout == r.stdout  # default year: this year (2024)

    r = run("subsidy", "review", "W-0004", "--approve", "--amount", "90000", "--receipt-ok", "--residence-ok")
    assert r.returncode == 1 and "84,000원을 넘습니다" in r.stderr
    for no in ("W-0001", "W-0004"):
        r = run("subsidy", "review", no, "--approve", "--receipt-ok", "--residence-ok")
        assert r.returncode == 0, r.stderr
    r = run("subsidy", "review", "W-0002", "--reject")
    assert r.returncode == 1 and "사유를 입력하세요" in r.stderr
    assert run("subsidy", "review", "W-0002", "--reject", "--reason", "1984년생").returncode == 0

    r = run("subsidy", "batch", "create", "--year", "2024")
    assert r.returncode == 0, r.stderr
    batch = r.stdout.strip()
    out = tmp_path / "transfer.xlsx"
    assert run("subsidy", "batch", "export", batch, str(out)).returncode == 0
    assert out.exists()
    r = run("subsidy", "batch", "show", batch, "--format", "json")
    lines = json.loads(r.stdout)["lines"]
    assert [x["account"] for x in lines] == ["123-****-4567", "110-****-6789"]
    assert "110-123-456789" not in r.stdout
    r = run("subsidy", "batch", "paid", batch)
    assert r.returncode == 1 and "지급 확정은(는) 감독자/관리자만" in r.stderr
    assert run("subsidy", "batch", "paid", batch, operator=supervisor(run)).returncode == 0
    r = run("subsidy", "figures", "--year", "2024", "--format", "json")
    f = json.loads(r.stdout)
    assert (f["applications"], f["granted_people"], f["granted_amount"], f["paid_amount"]) == (4, 2, 103_400, 103_400)
    r = run("subsidy", "show", "W-0004")
    assert r.returncode == 0 and "110-****-6789" in r.stdout and "110-123-456789" not in r.stdout


def test_bad_rows_exit_1_and_nothing_written(run, tmp_path) -> None:
    sheet = write_sheet(tmp_path / "bad.xlsx", [row(), row(**{"신청번호": "W-0002", "응시료": "0", "계좌번호": None})])
    r = run("import", "subsidy", str(sheet))
    assert r.returncode == 1
    assert r.stderr.splitlines() == ["ydp-tui: 행 3: 응시료 0원은(는) 1원 이상이어야 합니다",
                                     "ydp-tui: 행 3: 계좌번호 값이 비어 있습니다 (지원금을 보낼 계좌가 없습니다)"]
    assert json.loads(run("subsidy", "screen", "--year", "2024", "--format", "json").stdout) == []


def test_year_commands(run) -> None:
    r = run("subsidy", "screen", "--year", "2025", "--format", "json")
    assert r.returncode == 1 and "2025년 응시료 지원 사업이 없습니다" in r.stderr
    r = run("subsidy", "year", "set", "2025", "--copy-from", "2024", "--budget", "60,000,000")
    assert r.returncode == 1 and "정책 값 수정은(는) 감독자/관리자만" in r.stderr
    chief = supervisor(run)
    r = run("subsidy", "year", "set", "2025", "--copy-from", "2024", "--budget", "60,000,000", operator=chief)
    assert r.returncode == 0, r.stderr
    years = json.loads(run("subsidy", "year", "list", "--format", "json").stdout)
    assert [(y["year"], y["budget"], y["birth_year_from"]) for y in years] == [(2024, 50_000_000, 1985),
                                                                               (2025, 60_000_000, 1986)]
    assert json.loads(run("subsidy", "screen", "--year", "2025", "--format", "json").stdout) == []
    r = run("subsidy", "year", "set", "2026", "--cap", "0", operator=chief)
    assert r.returncode == 1 and "1인 한도" in r.stderr


def test_unreadable_file_exit_2(tmp_path) -> None:
    """The console script in its own process: exit status 2 and one Korean line for a file it cannot read."""
    env = {**os.environ, "YDP_DATA_DIR": str(tmp_path / "data"), "YDP_CONFIG_DIR": str(tmp_path / "config"),
           "YDP_FROZEN_NOW": "2024-05-31T10:00:00+09:00", "YDP_OPERATOR": "김상담"}
    env.pop("YDP_DB", None)
    (tmp_path / "x.txt").write_text("nope")
    for name in ("x.txt", "missing.csv"):
        r = subprocess.run([sys.executable, "-m", "ydp_tui", "--db", str(tmp_path / "cli.sqlite3"), "import", "subsidy",
                            str(tmp_path / name)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 2 and r.stderr.startswith("ydp-tui: ") and len(r.stderr.splitlines()) == 1, r.stderr
