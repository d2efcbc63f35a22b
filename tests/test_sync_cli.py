"""``ydp-tui bundle export|import|inspect|peers`` as a user runs them (subprocesses): the round
trip between a laptop and the counter, the summary, the exit codes (CONTRACT.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASS = "영등포-일자리-2024"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_run):
    """``ydp-tui --db DB ARGS`` in this process (the same ``cli.main`` the console script runs)."""
    monkeypatch.setenv("YDP_BUNDLE_PASSPHRASE", PASS)
    monkeypatch.setenv("YDP_OPERATOR", "김상담")

    def _run(db: str, *args: str, **extra_env: str):
        return cli_run("--db", str(tmp_path / db), *args, env=extra_env)

    return _run


def test_a_user_runs_export_and_import_as_commands(tmp_path):
    """The console script itself, in its own processes, with the passphrase in a file."""
    env = {**os.environ, "YDP_DATA_DIR": str(tmp_path / "data"), "YDP_CONFIG_DIR": str(tmp_path / "config"),
           "YDP_FROZEN_NOW": "2024-05-31T18:00:00+09:00", "YDP_OPERATOR": "김상담"}
    env.pop("YDP_BUNDLE_PASSPHRASE", None)
    secret = tmp_path / "secret.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")

    def cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ydp_tui", "--db", str(tmp_path / db), *args], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    assert cli("a.sqlite3", "import", "seekers", _people(tmp_path, ("김민수", "010-1234-5678"))).returncode == 0
    r = cli("a.sqlite3", "bundle", "export", str(tmp_path / "a.ydpb"), "--passphrase-file", str(secret))
    assert r.returncode == 0, r.stderr
    r = cli("b.sqlite3", "bundle", "import", str(tmp_path / "a.ydpb"), "--passphrase-file", str(secret))
    assert r.returncode == 0 and "새 기록 1건, 수정 0건, 충돌 0건" in r.stderr, r.stderr
    r = cli("b.sqlite3", "bundle", "import", str(tmp_path / "a.ydpb"))
    assert r.returncode == 2 and "--passphrase-file" in r.stderr     # no terminal to ask on


def _people(tmp_path: Path, *rows: tuple[str, str]) -> str:
    sheet = tmp_path / "people.csv"
    lines = ["성명,생년월일,휴대전화,등록일,동의일"] + [f"{n},1990-03-15,{p},2024-05-31,2024-05-31" for n, p in rows]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(sheet)


def test_round_trip_between_a_laptop_and_the_counter(run, tmp_path):
    laptop, counter = "laptop.sqlite3", "counter.sqlite3"
    sheet = _people(tmp_path, ("김민수", "010-1234-5678"), ("NGUYEN THI HOA", "010-2345-6789"))
    r = run(laptop, "import", "seekers", sheet)
    assert r.returncode == 0, r.stderr
    bundle = tmp_path / "저녁.ydpb"
    r = run(laptop, "bundle", "export", str(bundle), "--format", "json")
    assert r.returncode == 0, r.stderr
    exported = json.loads(r.stdout)
    assert exported["rows"] == 2 and exported["tables"] == {"seeker": exported["ops"]}
    assert "처음 쓰는 꾸러미 암호" in r.stderr and "꾸러미로 저장했습니다" in r.stderr

    r = run(counter, "bundle", "inspect", str(bundle), "--format", "json")
    assert r.returncode == 0, r.stderr
    manifest = json.loads(r.stdout)
    assert manifest["bundle_id"] == exported["bundle_id"] and manifest["counts"]["rows"] == 2
    assert "verified" not in manifest
    r = run(counter, "bundle", "inspect", str(bundle), "--verify")
    assert r.returncode == 0 and "암호로 풀어 내용까지 확인함" in r.stdout, r.stderr

    r = run(counter, "bundle", "import", str(bundle), "--format", "json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert (summary["new"], summary["updated"], summary["conflicts"], summary["already_imported"]) == (2, 0, 0, False)
    assert "새 기록 2건, 수정 0건, 충돌 0건" in r.stderr
    r = run(counter, "bundle", "import", str(bundle))
    assert r.returncode == 0 and "이미 가져온 꾸러미" in r.stderr

    r = run(counter, "seekers", "list", "--query", "ㄱㅁㅅ", "--format", "json")
    assert [s["name"] for s in json.loads(r.stdout)] == ["김민수"]

    r = run(counter, "bundle", "peers", "--format", "json")
    (peer,) = json.loads(r.stdout)
    assert peer["to_send"] == 0
    back = tmp_path / "counter.ydpb"
    r = run(counter, "bundle", "export", str(back), "--for", peer["site_code"].lower())
    assert r.returncode == 0, r.stderr
    assert "기기에 보낼 변경 0건" in r.stderr
    assert run(laptop, "bundle", "import", str(back)).returncode == 0


def test_exit_codes(run, tmp_path):
    r = run("a.sqlite3", "import", "seekers", _people(tmp_path, ("김민수", "010-1234-5678")))
    assert r.returncode == 0, r.stderr
    bundle = tmp_path / "a.ydpb"
    assert run("a.sqlite3", "bundle", "export", str(bundle)).returncode == 0

    r = run("b.sqlite3", "bundle", "import", str(bundle), YDP_BUNDLE_PASSPHRASE="틀린 암호입니다")
    assert r.returncode == 2 and "암호가 맞지 않습니다" in r.stderr
    r = run("b.sqlite3", "bundle", "import", str(bundle), YDP_BUNDLE_PASSPHRASE="")
    assert r.returncode == 2 and "YDP_BUNDLE_PASSPHRASE" in r.stderr
    secret = tmp_path / "secret.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    cut = tmp_path / "cut.ydpb"
    cut.write_bytes(bundle.read_bytes()[:-200])
    r = run("b.sqlite3", "bundle", "import", str(cut), "--passphrase-file", str(secret), YDP_BUNDLE_PASSPHRASE="")
    assert r.returncode == 1 and "손상되었거나 잘렸습니다" in r.stderr
    r = run("b.sqlite3", "bundle", "import", str(tmp_path / "없음.ydpb"))
    assert r.returncode == 2 and "꾸러미 파일이 없습니다" in r.stderr
    r = run("b.sqlite3", "bundle", "export", str(tmp_path / "b.ydpb"), "--for", "ZZ")
    assert r.returncode == 1 and "'ZZ' 기기를 모릅니다" in r.stderr
    r = run("b.sqlite3", "--read-only", "bundle", "import", str(bundle))
    assert r.returncode == 2 and "읽기 전용" in r.stderr
    r = run("a.sqlite3", "--read-only", "bundle", "export", str(tmp_path / "review.ydpb"))
    assert r.returncode == 0 and (tmp_path / "review.ydpb").exists(), r.stderr   # reading is allowed
    r = run("b.sqlite3", "bundle", "import", str(bundle), "--passphrase-file", str(secret), YDP_BUNDLE_PASSPHRASE="")
    assert r.returncode == 0 and "새 기록 1건" in r.stderr
    r = run("b.sqlite3", "bundle", "export", str(tmp_path / "short.ydpb"), YDP_BUNDLE_PASSPHRASE="짧은암호")
    assert r.returncode == 2 and "8자 이상" in r.stderr
