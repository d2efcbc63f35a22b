"""``ydp-tui import employers|vacancies|referrals`` and ``ydp-tui match`` through the console
script's entry point (``cli.main``): exit status, stdout (JSON as CONTRACT.md says), stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.jobs_helpers import BRN, write_csv
from ydp_tui.io import employers as io_employers
from ydp_tui.io import referrals as io_referrals
from ydp_tui.io import seekers as io_seekers
from ydp_tui.io import vacancies as io_vacancies


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(tmp_path: Path, capsys, monkeypatch):
    """The console script's entry point in this process (the clock is frozen by conftest)."""
    from ydp_tui.cli import main

    monkeypatch.setenv("YDP_OPERATOR", "김상담")
    db = str(tmp_path / "cli.sqlite3")

    def _run(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(["--db", db, *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return _run


def test_import_then_match_both_ways(run, tmp_path) -> None:
    bad = write_csv(tmp_path / "bad.csv", io_employers.COLUMNS, [{"사업자등록번호": "124-81-00999", "업체명": "틀림"}])
    r = run("import", "employers", str(bad))
    assert r.returncode == 1
    assert "행 2: 사업자등록번호 '124-81-00999'의 검증번호가 맞지 않습니다" in r.stderr

    employers = write_csv(tmp_path / "업체.csv", io_employers.COLUMNS,
                          [{"사업자등록번호": BRN, "업체명": "(주)한강푸드", "행정동": "문래동", "등록일": "2024-01-05"}],
                          encoding="cp949")
    jobs = write_csv(tmp_path / "구인.xlsx.csv", io_vacancies.COLUMNS, [
        {"구인번호": "K-0001", "사업자등록번호": BRN, "제목": "주방 보조", "직종코드": "5301", "구인인원": "1", "임금형태": "월급",
         "임금": "2,200,000", "등록일": "2024-05-01"},
        {"구인번호": "K-0002", "사업자등록번호": BRN, "제목": "홀 서빙", "직종코드": "53", "구인인원": "1", "등록일": "2024-05-01",
         "상태": "마감"}])
    people = write_csv(tmp_path / "구직자.csv", io_seekers.COLUMNS, [
        {"성명": "김민수", "생년월일": "1990-03-15", "휴대전화": "010-1234-5678", "행정동": "문래동", "희망직종": "5301",
         "희망임금": "2000000", "등록일": "2024-04-01", "동의일": "2024-04-01"}])
    for kind, path in (("employers", employers), ("vacancies", jobs), ("seekers", people)):
        r = run("import", kind, str(path))
        assert r.returncode == 0, r.stderr
    r = run("match", "seeker", "--name", "김민수", "--birth", "1990-03-15", "--format", "json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert [set(x) for x in found] == [{"vacancy_no", "score", "criteria"}]
    assert found[0]["vacancy_no"] == "K-0001" and 0 <= found[0]["score"] <= 100
    assert found[0]["criteria"]["occupation"].startswith("같은 세분류 5301")
    assert set(found[0]["criteria"]) == {"occupation", "region", "wage", "hours", "education", "career",
                                         "certificates", "target_groups"}

    referral = write_csv(tmp_path / "알선.csv", io_referrals.COLUMNS, [
        {"알선번호": "A-1", "성명": "김민수", "생년월일": "1990-03-15", "구인번호": "K-0001", "알선일": "2024-05-20"}])
    assert run("import", "referrals", str(referral)).returncode == 0
    r = run("match", "vacancy", "K-0001", "--format", "json")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert found[0]["seeker"] == {"name": "김민수", "birth": "1990-03-15"}
    assert found[0]["criteria"]["referral"] == "이미 알선함: A-1 (알선)"

    r = run("match", "vacancy", "K-0002")
    assert r.returncode == 1 and "구인 K-0002은(는) 매칭할 수 없습니다 (마감" in r.stderr
    r = run("match", "seeker", "--name", "김민수", "--birth", "1990-13-01")
    assert r.returncode == 1 and "생년월일" in r.stderr
    r = run("match", "seeker", "--name", "김민수")
    assert r.returncode == 2
    r = run("match", "vacancy", "K-0001", "--top", "1")
    assert r.returncode == 0 and "김민수" in r.stdout and "기준별 설명" in r.stdout
