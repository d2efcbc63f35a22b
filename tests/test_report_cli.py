"""``ydp-tui report …`` and ``ydp-tui budget …`` through the CLI entry point: output, files and
exit statuses (CONTRACT.md: 0 done, 1 refused input, 2 usage)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ydp_tui.cli import main
from ydp_tui.reports import REPORTS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(open_db, db_target, capsys):
    """``run(*args)`` -> (exit status, stdout, stderr) on the test database, as 최팀장 (감독자)."""
    open_db(operator="최팀장", role="감독자")  # the supervisor's account

    def _run(*args: str, operator: str = "최팀장") -> tuple[int, str, str]:
        code = main(["--db", db_target, "--operator", operator, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_budget_spend_then_report_in_every_format(run, tmp_path) -> None:
    code, out, err = run("budget", "spend", "--unit", "청년정책", "--on", "2024.5.31", "--amount", "1,500",
                         "--what", "청년정책위원회 다과")
    assert (code, out.strip()) == (0, "T1-2024-00001"), err
    code, out, _ = run("report", "budget", "--from", "2024-01-01", "--to", "20240531", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [list(r) for r in rows] == [["unit", "budget", "spent", "execution_rate"]] * 7
    # 1,500원 -> 1.5천원 -> 2 (half up); 1,500 / 157,200,000 -> 0.0
    assert rows[3] == {"unit": "청년정책 활성화", "budget": 157_200, "spent": 2, "execution_rate": 0.0}

    code, out, _ = run("report", "budget", "--from", "2024-01-01", "--to", "2024-05-31", "--format", "csv")
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == ["단위사업명", "예산액", "집행액", "집행률(%)"]
    assert lines[1] == ["계", "7231263", "2", "0.0"] and lines[5] == ["청년정책 활성화", "157200", "2", "0.0"]

    code, out, _ = run("report", "budget", "--to", "2024-05-31")
    assert code == 0 and "예산 집행 현황" in out and "7,231,263" in out and "(단위: 천원)" in out

    xlsx = tmp_path / "budget.xlsx"
    code, _, err = run("report", "budget", "--to", "2024-05-31", "--out", str(xlsx))  # format from the suffix
    assert code == 0 and f"저장했습니다: {xlsx}" in err
    assert load_workbook(xlsx).active["A5"].value == "계"
    csv_file = tmp_path / "budget.csv"
    assert run("report", "budget", "--format", "csv", "--out", str(csv_file))[0] == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    txt = tmp_path / "budget.txt"
    assert run("report", "budget", "--out", str(txt))[0] == 0 and "청년정책 활성화" in txt.read_text("utf-8")

    code, out, _ = run("report", "subsidy", "--from", "2024-06-01", "--to", "2024-06-30", "--format", "json")
    assert code == 0 and json.loads(out)["applications"] == 0


def test_refusals_and_usage_errors(run, tmp_path) -> None:
    code, _, err = run("report", "budget", "--from", "2024-13-01")
    assert code == 1 and "시작일(--from): '2024-13-01'을(를) 날짜로 읽을 수 없습니다" in err
    code, _, err = run("report", "budget", "--from", "2024-06-01", "--to", "2024-05-31")
    assert code == 1 and "시작일 2024-06-01이(가) 종료일 2024-05-31보다 늦습니다" in err
    code, _, err = run("report", "budget", "--format", "xlsx")
    assert code == 2 and "--out" in err
    code, _, err = run("report", "budget", "--format", "xlsx", "--out", str(tmp_path / "x.csv"))
    assert code == 2
    code, _, err = run("report", "budget", "--out", str(tmp_path / "없는폴더" / "x.xlsx"))
    assert code == 2 and "저장할 폴더가 없습니다" in err
    code, _, err = run("report", "pack")
    assert code == 2 and "--out" in err
    code, _, err = run("report", "pack", "--out", str(tmp_path / "p.xlsx"), "--kinds", "budget,nothing")
    assert code == 2 and "없는 보고서 종류입니다: nothing" in err
    with pytest.raises(SystemExit) as e:
        main(["report", "nothing"])
    assert e.value.code == 2
    # a counselor may read reports, not enter expenditures; nothing is written
    code, _, err = run("budget", "spend", "--unit", "01", "--on", "2024-05-31", "--amount", "1000", "--what", "x",
                       operator="김상담")
    assert code == 1 and "감독자/관리자만" in err
    code, _, err = run("budget", "spend", "--unit", "01", "--on", "2024-05-31", "--amount", "-5", "--what", "x")
    assert code == 1 and "금액: -5원은(는) 1원 이상이어야 합니다" in err
    code, out, _ = run("budget", "list", "--year", "2024", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_pack_and_budget_commands(run, tmp_path) -> None:
    no = run("budget", "spend", "--unit", "07", "--on", "2024-05-02", "--amount", "12000", "--what", "사무용품",
             "--payee", "영등포문구", "--fund", "구비")[1].strip()
    code, out, _ = run("budget", "units", "--year", "2024", "--format", "json")
    units = json.loads(out)
    assert code == 0 and units[6] == {"year": 2024, "code": "07", "name": "기본경비", "budget": 97_507_000,
                                      "spent": 12_000, "execution_rate": 0.0, "sources": []}
    assert units[4]["sources"] == ["subsidy"]
    assert run("budget", "cancel", no, "--reason", "중복 입력")[0] == 0
    code, out, _ = run("budget", "list", "--format", "json")
    assert json.loads(out)[0] == {"expenditure_no": no, "unit": "기본경비", "spent_on": "2024-05-02",
                                       "amount": 12_000, "description": "사무용품", "payee": "영등포문구",
                                       "fund": "구비", "status": "취소", "cancel_reason": "중복 입력"}
    assert run("budget", "unit", "set", "2025", "01", "--name", "희망 일자리", "--budget", "1,000")[0] == 0
    out_file = tmp_path / "보고자료.xlsx"
    code, out, err = run("report", "pack", "--from", "2024-01-01", "--to", "2024-05-31", "--out", str(out_file))
    assert code == 0 and out.strip() == str(out_file) and f"{len(REPORTS)}개 시트" in err
    assert len(load_workbook(out_file).sheetnames) == len(REPORTS)


def test_report_help_lists_every_kind() -> None:
    out = subprocess.run([sys.executable, "-m", "ydp_tui", "report", "--help"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60).stdout
    for kind in [*REPORTS, "pack"]:
        assert kind in out
