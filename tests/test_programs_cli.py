"""``ydp-tui space ...``, ``programs list`` and ``targets ...`` as a script runs them (CONTRACT.md:
exit 0 booked, 1 refused with a Korean line naming the existing booking, 2 usage)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ydp_tui import cli
from ydp_tui.db.engine import Database

ROOT = Path(__file__).resolve().parents[1]
SEMINAR = "스튜디오 영원 세미나실"


@pytest.fixture
def run(tmp_path, capsys):
    path = str(tmp_path / "cli.sqlite3")

    def _run(*args: str, operator: str = "김상담") -> tuple[int, str, str]:
        code = cli.main(["--db", path, "--operator", operator, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    _run.path = path  # type: ignore[attr-defined]
    return _run


def book(run, time_from: str, time_to: str, by: str, space: str = SEMINAR, day: str = "2024-06-03"):
    return run("space", "book", "--space", space, "--date", day, "--from", time_from, "--to", time_to, "--by", by)


def test_space_book_and_list(run):
    code, out, err = book(run, "10:00", "12:00", "홍길동")
    assert code == 0 and out.strip().endswith("-2024-00001") and "예약했습니다" in err
    first = out.strip()
    assert book(run, "12:00", "13:00", "김철수")[0] == 0
    code, out, err = book(run, "11:59", "12:30", "박영희")
    assert code == 1 and out == ""
    assert err.strip() == (f"ydp-tui: {SEMINAR} 2024-06-03 11:59~12:30은(는) 이미 있는 예약과 겹칩니다: "
                           f"{first} 홍길동 10:00~12:00")
    assert book(run, "11:59", "12:30", "박영희", space="서울청년센터 영등포 회의실")[0] == 0
    code, out, _ = run("space", "list", "--date", "2024-06-03", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"space": SEMINAR, "from": "10:00", "to": "12:00", "by": "홍길동"},
        {"space": SEMINAR, "from": "12:00", "to": "13:00", "by": "김철수"},
        {"space": "서울청년센터 영등포 회의실", "from": "11:59", "to": "12:30", "by": "박영희"},
    ]
    assert json.loads(run("space", "list", "--date", "20240604", "--format", "json")[1]) == []


def test_space_refusals_and_usage(run):
    code, _, err = book(run, "10:00", "9:00", "홍길동")
    assert code == 1 and "끝: 끝 시각(09:00)이 시작 시각(10:00)보다 늦어야 합니다" in err
    code, _, err = book(run, "10:00", "11:00", "홍길동", space="스튜디오 영원 회의실")
    assert code == 1 and "'스튜디오 영원 회의실'은(는) 없는 공간입니다" in err
    code, _, err = book(run, "10:00", "11:00", "홍길동", day="2024-05-30")
    assert code == 1 and "지난 날짜" in err
    with pytest.raises(SystemExit) as exc:
        run("space", "book", "--space", SEMINAR, "--date", "2024-06-03", "--from", "10:00")
    assert exc.value.code == 2
    db = Database.open(run.path, operator="검사")
    try:
        from ydp_tui.db import spaces

        assert spaces.bookings_on(db, "2024-06-03") == []
    finally:
        db.dispose()


def test_check_in_cancel_use_and_stats(run):
    no = book(run, "10:00", "12:00", "홍길동", day="2024-05-31")[1].strip()
    other = book(run, "13:00", "14:00", "김철수", day="2024-05-31")[1].strip()
    assert run("space", "checkin", no, "--people", "4")[0] == 0
    assert run("space", "cancel", other, "--reason", "일정 변경")[0] == 0
    code, _, err = run("space", "cancel", other)
    assert code == 1 and "취소 상태" in err
    assert run("space", "use", "--space", "스튜디오 영원 미디어실2", "--people", "3")[0] == 0
    code, out, _ = run("space", "stats", "--from", "2024-05-01", "--to", "2024-05-31", "--format", "json")
    assert json.loads(out) == [{"space": "스튜디오 영원", "bookings": 1, "used": 1, "no_show": 0, "uses": 2, "people": 7,
                                "days": 1, "daily_average": 7}]
    code, out, _ = run("space", "rooms", "--format", "json")
    rooms = json.loads(out)
    assert len(rooms) == 25 and rooms[-1] == {"space": "일자리플러스센터 상담창구5", "facility": "일자리플러스센터",
                                              "room": "상담창구5", "capacity": 2, "open": "09:00", "close": "18:00"}


def test_programs_and_targets_commands(run):
    from tests.programs_helpers import build

    db = Database.open(run.path, operator="최팀장", site_code="T1")
    try:
        build(db)
        from ydp_tui.db import targets
        from ydp_tui.db.models import Operator

        with db.write() as s:
            s.add(Operator(name="최팀장", role="감독자"))
        db.set_operator("최팀장")
        targets.add_project(db, {"year": "2024", "department": "일자리정책과", "name": "구인구직 만남의 날"},
                            [{"name": "채용 인원", "unit": "명", "target": "40"}])
        [ind] = targets.indicators(db, 2024)
        targets.save_results(db, 2024, 1, {ind.id: "14"})
    finally:
        db.dispose()
    code, out, _ = run("programs", "list", "--year", "2024", "--format", "json")
    academy = next(p for p in json.loads(out) if p["program"] == "소셜벤처 창업아카데미")
    assert academy == {"program": "소셜벤처 창업아카데미", "year": 2024, "team": "상생기업팀",
                       "unit": "지역기반 상생기업 활성화", "kind": "교육", "sessions": 3, "planned": 1, "enrolled": 4,
                       "people": 5, "completed": 1, "summary": "3회(5명)"}
    code, out, _ = run("targets", "list", "--year", "2024", "--quarter", "1", "--format", "json")
    assert json.loads(out) == [{"department": "일자리정책과", "project": "구인구직 만남의 날", "indicator": "채용 인원",
                                "unit": "명", "target": 40, "q1": 14, "q2": None, "q3": None, "q4": None, "result": 14,
                                "achievement_rate": 35.0}]
    code, out, _ = run("targets", "summary", "--year", "2024", "--quarter", "1", "--format", "json")
    assert json.loads(out)[-1] == {"department": "계", "projects": 1, "indicators": 1, "entered": 1, "achieved": 0,
                                   "average_rate": 35.0}
    assert run("targets", "summary", "--year", "2024", "--quarter", "1")[0] == 0


def test_space_book_as_a_user_runs_it(tmp_path):
    """The installed entry point, in a process of its own (exit statuses as CONTRACT.md says)."""
    env = {**os.environ, "YDP_DATA_DIR": str(tmp_path / "data"), "YDP_CONFIG_DIR": str(tmp_path / "config"),
           "YDP_FROZEN_NOW": "2024-05-31T10:00:00+09:00", "YDP_OPERATOR": "김상담"}
    args = [sys.executable, "-m", "ydp_tui", "--db", str(tmp_path / "p.sqlite3"), "space", "book", "--space", SEMINAR,
            "--date", "2024-06-03", "--by", "홍길동"]
    ok = subprocess.run([*args, "--from", "10:00", "--to", "12:00"], cwd=ROOT, env=env, capture_output=True, text=True)
    clash = subprocess.run([*args, "--from", "11:59", "--to", "12:30"], cwd=ROOT, env=env, capture_output=True,
                           text=True)
    assert (ok.returncode, clash.returncode) == (0, 1), (ok.stderr, clash.stderr)
    assert f"{ok.stdout.strip()} 홍길동 10:00~12:00" in clash.stderr
