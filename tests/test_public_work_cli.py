"""``ydp-tui public-work …`` and ``import/export public-work`` as a user runs them (subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.public_work_helpers import people, row, write_sheet

ROOT = Path(__file__).resolve().parents[1]
PERIOD_ARGS = ("--program", "동행일자리", "--period", "2024-상반기")


@pytest.fixture
def run(tmp_path: Path):
    env = {**os.environ, "YDP_DATA_DIR": str(tmp_path / "data"), "YDP_CONFIG_DIR": str(tmp_path / "config"),
           "YDP_FROZEN_NOW": "2024-05-31T10:00:00+09:00", "YDP_OPERATOR": "김상담"}
    env.pop("YDP_DB", None)
    db = str(tmp_path / "cli.sqlite3")

    def _run(*args: str, operator: str | None = None) -> subprocess.CompletedProcess[str]:
        extra = ["--operator", operator] if operator else []
        return subprocess.run([sys.executable, "-m", "ydp_tui", "--db", db, *extra, *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    _run.db = db  # type: ignore[attr-defined]
    return _run


def _supervisor(path: str) -> None:
    from ydp_tui.db.engine import Database
    from ydp_tui.db.models import Operator

    db = Database.open(path, operator="(설정)")
    with db.write() as s:
        s.add(Operator(name="최팀장", role="감독자"))
    db.dispose()


def test_import_and_screen_as_a_process(run, tmp_path) -> None:
    sheet = write_sheet(tmp_path / "동주민센터.csv", [
        row(),
        row(**{"신청번호": "P-0002", "성명": "이영희", "생년월일": "1959-01-01", "가구소득": "1,782,757"}),
        row(**{"신청번호": "P-0003", "성명": "박철수", "생년월일": "1959-01-01", "생계급여수급": "예"}),
    ], encoding="cp949")
    r = run("import", "public-work", str(sheet))
    assert r.returncode == 0, r.stderr
    assert "새로 3건" in r.stderr
    r = run("public-work", "screen", *PERIOD_ARGS, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [
        {"application_no": "P-0001", "eligible": True, "reasons": [], "daily_hours": 6, "daily_wage": 59160,
         "rank": 1, "selected": True},
        {"application_no": "P-0002", "eligible": False, "reasons": ["INCOME"], "daily_hours": 3, "daily_wage": 29580,
         "rank": None, "selected": False},
        {"application_no": "P-0003", "eligible": False, "reasons": ["EXCLUDED"], "daily_hours": 3,
         "daily_wage": 29580, "rank": None, "selected": False},
    ]
    r = run("public-work", "screen", "--program", "동행일자리")
    assert r.returncode == 2 and "필수 인자" in r.stderr


def test_bad_input_and_round_trip(cli, tmp_path) -> None:
    run = cli
    r = run("public-work", "screen", "--program", "동행", "--period", "2024-상반기", "--format", "json")
    assert r.returncode == 1 and "사업명 '동행'이(가) 없습니다" in r.stderr and r.stdout == ""
    r = run("public-work", "screen", "--program", "동행일자리", "--period", "2025-상반기")
    assert r.returncode == 1 and "기간 '2025-상반기'" in r.stderr
    r = run("public-work", "add", *PERIOD_ARGS, "--name", "최지우", "--birth", "1990-01-01", "--dong", "여의동",
            "--household", "0", "--income", "많음", "--assets", "0")
    assert r.returncode == 1
    assert "가구원수: 0은(는) 1 이상이어야 합니다" in r.stderr and "가구소득: '많음'은(는) 숫자가 아닙니다" in r.stderr
    r = run("public-work", "add", *PERIOD_ARGS, "--name", "최지우", "--birth", "2030-01-01", "--dong", "여의동",
            "--household", "3", "--income", "2,000,000", "--assets", "0")
    assert r.returncode == 1 and "생년월일: '2030-01-01'은(는) 미래의 날짜입니다" in r.stderr
    r = run("public-work", "add", *PERIOD_ARGS, "--name", "최지우", "--birth", "1990-01-01", "--dong", "여의동",
            "--household", "3", "--income", "2,000,000", "--assets", "0", "--dependents", "2")
    assert r.returncode == 0, r.stderr
    assert "적격, 순위 1, 선발, 1일 6시간 일급 59,160원" in r.stderr
    assert run("import", "public-work", str(write_sheet(tmp_path / "a.csv", [row()]))).returncode == 0
    out = tmp_path / "신청.xlsx"
    assert run("export", "public-work", str(out)).returncode == 0
    again = run("import", "public-work", str(out))
    assert again.returncode == 0 and "새로 0건, 이미 있는 같은 기록 2건" in again.stderr


@pytest.fixture
def cli(tmp_path: Path, capsys):
    """The same commands in this process (no interpreter start per call): (exit status, stdout, stderr)."""
    from ydp_tui.cli import main

    db = str(tmp_path / "inproc.sqlite3")

    def _run(*args: str, operator: str | None = "김상담") -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        code = main(["--db", db, "--operator", operator or "김상담", *args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    _run.db = db  # type: ignore[attr-defined]
    return _run


def test_selection_roster_attendance_payroll(cli, tmp_path) -> None:
    run = cli
    assert run("import", "public-work", str(write_sheet(tmp_path / "a.csv", people(4)))).returncode == 0
    _supervisor(run.db)
    r = run("public-work", "period", "set", "동행일자리", "2024-상반기", "--headcount", "2")
    assert r.returncode == 1 and "감독자/관리자만" in r.stderr
    r = run("public-work", "period", "set", "동행일자리", "2024-상반기", "--headcount", "2", operator="최팀장")
    assert r.returncode == 0, r.stderr
    r = run("public-work", "override", "P-0004", "--select", operator="최팀장")
    assert r.returncode == 1 and "사유를 입력하세요" in r.stderr
    r = run("public-work", "override", "P-0004", "--select", "--reason", "긴급 생계 지원", operator="최팀장")
    assert r.returncode == 0, r.stderr
    assert "대기로: P-0002" in r.stderr
    r = run("public-work", "selection", *PERIOD_ARGS, "--format", "json")
    got = [(x["application_no"], x["state"], x["how"], x["waiting_no"], x["rule_selected"], x["override_reason"])
           for x in json.loads(r.stdout)]
    assert got == [("P-0001", "선발", "순위", None, True, None), ("P-0004", "선발", "조정", None, False, "긴급 생계 지원"),
                   ("P-0002", "대기", None, 1, True, None), ("P-0003", "대기", None, 2, False, None)]
    r = run("public-work", "worksite", "add", *PERIOD_ARGS, "--name", "당산동 공원관리", "--department", "공원녹지과",
            "--place", "당산공원", "--work-type", "그린환경", "--supervisor", "오주무관", "--hours", "6")
    assert r.returncode == 0, r.stderr
    for no in ("P-0001", "P-0004"):
        r = run("public-work", "assign", no, "--worksite", "당산동 공원관리", "--start", "2024-05-27")
        assert r.returncode == 0, r.stderr
    r = run("public-work", "assign", "P-0002", "--worksite", "당산동 공원관리")
    assert r.returncode == 1 and "선발된 사람만" in r.stderr
    for day in ("2024-05-27", "2024-05-28", "2024-05-29", "2024-05-30", "2024-05-31"):
        r = run("public-work", "attendance", *PERIOD_ARGS, "--worksite", "당산동 공원관리", "--date", day,
                "--status", "출근")
        assert r.returncode == 0, r.stderr
    r = run("public-work", "attendance", *PERIOD_ARGS, "--worksite", "당산동 공원관리", "--date", "2024-05-31",
            "--status", "결근", "--only", "P-0004")
    assert r.returncode == 0, r.stderr
    r = run("public-work", "payroll", "show", *PERIOD_ARGS, "--month", "2024-05", "--format", "json")
    p = json.loads(r.stdout)
    assert (p["status"], p["participants"], p["days"], p["total"]) == ("미확정", 2, 9, 9 * 59_160 + 59_160)
    assert (p["city_share"], p["gu_share"]) == (414_120, 177_480)
    r = run("public-work", "payroll", "confirm", *PERIOD_ARGS, "--month", "2024-05", operator="최팀장")
    assert r.returncode == 0, r.stderr
    r = run("public-work", "attendance", *PERIOD_ARGS, "--worksite", "당산동 공원관리", "--date", "2024-05-31",
            "--status", "출근")
    assert r.returncode == 1 and "급여가 확정되어" in r.stderr
    out = tmp_path / "급여.xlsx"
    assert run("public-work", "payroll", "export", *PERIOD_ARGS, "--month", "2024-05", str(out)).returncode == 0
    assert out.exists()
    r = run("public-work", "give-up", "P-0004", "--reason", "이사", "--on", "2024-05-31")
    assert r.returncode == 0, r.stderr
    assert "추가 선발: P-0002" in r.stderr
    r = run("public-work", "roster", *PERIOD_ARGS, "--format", "json")
    assert [(x["application_no"], x["end"], x["state"]) for x in json.loads(r.stdout)] == [
        ("P-0001", "2024-06-30", "근무중"), ("P-0004", "2024-05-30", "종료")]
    r = run("public-work", "figures", *PERIOD_ARGS, "--format", "json")
    f = json.loads(r.stdout)[0]
    assert (f["applicants"], f["selected"], f["selected_now"], f["participants"], f["payroll_confirmed"]) == (
        4, 2, 2, 2, 9 * 59_160 + 59_160)
