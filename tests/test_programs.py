"""Programs: sessions, participants (seekers and walk-ins with consent), attendance, the
completion rule, and counts per program and period worked out by hand (tests/programs_helpers)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import seeker_values
from tests.programs_helpers import build, program, walkin
from ydp_tui.db import programs, seekers
from ydp_tui.db.errors import Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import AuditEntry, ProgramParticipant
from ydp_tui.rules import programs as rules

D = dt.date


def test_completion_rule_and_summaries():
    assert rules.required_sessions(3, 75) == 3           # 2.25 rounds up
    assert rules.required_sessions(4, 75) == 3
    assert rules.required_sessions(10, 80) == 8
    assert rules.required_sessions(1, 1) == 1
    assert rules.required_sessions(0, 80) is None and rules.required_sessions(5, None) is None
    assert rules.is_completed(3, 4, 75) and not rules.is_completed(2, 4, 75)
    assert not rules.is_completed(4, 4, 75, dropped=True)
    assert rules.per_session(7, 2) == 4                  # 3.5 half up
    assert rules.per_session(9, 0) is None
    assert rules.program_summary("교육", "실인원", 4, 30, 8) == "4회(30명)"
    assert rules.program_summary("교육", "회차별", 11, 20, 20) == "11회, 회차별 20명"
    assert rules.program_summary("지원", "참여자", 0, 75, None) == "75명"
    assert rules.program_summary("경진대회", "실인원", 15, 40, None) == "15개팀 선발"
    assert rules.million(91_000_000) == "91백만원" and rules.million(6_550_000) == "6.6백만원"
    assert rules.eok(2_600_000_000) == "26억원" and rules.eok(2_650_000_000) == "26.5억원"


def test_counts_per_program_and_period(db):
    b = build(db)
    may = programs.figures(db, D(2024, 1, 1), D(2024, 5, 31))
    got = {f.program.name: (f.count, f.people, f.attendances, f.average, f.completed, f.summary) for f in may}
    assert got == {
        # 3 held (03-19 cancelled, 06-07 not yet), 4+3+2 present, 5 people; 75% of 3 = 3 sessions: only 가
        "소셜벤처 창업아카데미": (3, 5, 9, 3, 1, "3회(5명)"),
        "청년 강사양성": (2, 4, 7, 4, None, "2회, 회차별 4명"),
        "온라인 수강권": (0, 3, 0, None, None, "3명"),
        "창업아이디어 경진대회": (3, 6, 0, None, None, "3개팀 선발"),
    }
    # 03-06..05-30: the academy's 03-12 only; completion counts the 2 sessions held by then (need 2)
    mid = {f.program.name: f for f in programs.figures(db, D(2024, 3, 6), D(2024, 5, 30))}
    academy = mid["소셜벤처 창업아카데미"]
    assert (academy.count, academy.people, academy.completed) == (1, 3, 2)      # 가, 나 (라 came once)
    assert mid["온라인 수강권"].people == 1                                       # 04-02
    assert "청년 강사양성" not in mid and mid["창업아이디어 경진대회"].count == 3
    # the --to day counts: a one-day period on 05-31
    last = {f.program.name: f for f in programs.figures(db, D(2024, 5, 31), D(2024, 5, 31))}
    assert (last["소셜벤처 창업아카데미"].count, last["소셜벤처 창업아카데미"].people) == (1, 2)
    assert last["온라인 수강권"].people == 1 and "창업아이디어 경진대회" not in last
    # an empty period
    assert programs.figures(db, D(2024, 4, 1), D(2024, 4, 1)) == []
    assert programs.figures(db, D(2023, 1, 1), D(2023, 12, 31)) == []
    assert b.academy.place == "스튜디오 영원 세미나실"


def test_year_list_and_participants(db):
    b = build(db)
    rows = {r.name: r for r in programs.list_programs(db, 2024)}
    academy = rows["소셜벤처 창업아카데미"]
    assert (academy.sessions, academy.planned, academy.enrolled, academy.people, academy.completed) == (3, 1, 4, 5, 1)
    assert [r.name for r in programs.list_programs(db, 2024, query="ㅊㅇ")] == ["소셜벤처 창업아카데미", "창업아이디어 경진대회"]
    people = programs.participants(db, b.academy.id)
    assert [(p.name, p.source, p.attended, p.completed, p.status) for p in people] == [
        ("가", "직접", 3, True, "참여"), ("나", "직접", 2, False, "참여"), ("다", "직접", 1, False, "참여"),
        ("라", "구직자", 2, False, "참여"), ("마", "직접", 1, False, "중도포기")]
    assert people[3].phone == "010-3000-0001"          # the seeker's own record, not a copy
    with db.session() as s:
        last = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        assert (last.action, last.entity, last.detail) == ("view", "program_participant", "참여자 명단 조회 (5명)")
        seeker_row = s.execute(select(ProgramParticipant).where(ProgramParticipant.seeker_id.is_not(None))).scalar_one()
        assert seeker_row.name is None and seeker_row.phone is None


def test_sessions_number_themselves_and_check_times(db):
    p = programs.add_program(db, program(place="서울청년센터 영등포 회의실"))
    a = programs.add_session(db, p.id, {"held_on": "2024-04-02"})
    c = programs.add_session(db, p.id, {"held_on": "2024-04-09", "place": "청년건축학교 상설교육장"})
    assert (a.session_no, a.place, a.kind) == (1, "서울청년센터 영등포 회의실", "강의")
    assert (c.session_no, c.place) == (2, "청년건축학교 상설교육장")
    with pytest.raises(ValidationFailed) as exc:
        programs.add_session(db, p.id, {"held_on": "2024-04-16", "time_from": "16:00", "time_to": "14:00"})
    assert exc.value.errors == {"끝": "끝 시각(14:00)이 시작 시각(16:00)보다 늦어야 합니다"}
    with pytest.raises(ValidationFailed, match="함께"):
        programs.add_session(db, p.id, {"held_on": "2024-04-16", "time_from": "16:00"})
    assert [s.session_no for s in programs.sessions(db, p.id)] == [1, 2]


def test_program_fields_and_names(db):
    programs.add_program(db, program())
    with pytest.raises(ValidationFailed, match="이미 있습니다"):
        programs.add_program(db, program(name=" 소셜벤처  창업아카데미 "))
    programs.add_program(db, program(year="2025"))       # the same name another year is fine
    with pytest.raises(ValidationFailed) as exc:
        programs.add_program(db, program(name="x", team="없는팀", starts_on="2023-12-01", completion_percent="120"))
    assert set(exc.value.errors) == {"담당팀", "이수 기준"}
    with pytest.raises(ValidationFailed) as exc:
        programs.add_program(db, program(name="y", starts_on="2023-12-01", ends_on="2023-11-01"))
    assert set(exc.value.errors) == {"시작일", "종료일"}


def test_walk_ins_need_consent_and_a_contact(db):
    p = programs.add_program(db, program())
    with pytest.raises(ValidationFailed) as exc:
        programs.enroll_walkin(db, p.id, {"name": "NGUYEN THI HOA", "consent": "N"})
    assert set(exc.value.errors) == {"휴대전화", "개인정보 동의"}
    row = programs.enroll_walkin(db, p.id, walkin("NGUYEN THI HOA", "01012345678"))
    assert (row.phone, row.consent_date, row.consent_by) == ("010-1234-5678", D(2024, 5, 31), "테스트상담")
    with pytest.raises(Refused, match="이미"):
        programs.enroll_walkin(db, p.id, walkin("nguyen thi hoa", "010-1234-5678"))
    programs.enroll_walkin(db, p.id, walkin("NGUYEN THI HOA", "010-9999-0000"))  # another person, same name
    seeker = seekers.register(db, seeker_values())
    programs.enroll_seeker(db, p.id, seeker.id)
    with pytest.raises(Refused, match="이미"):
        programs.enroll_seeker(db, p.id, seeker.id)
    assert len(programs.participants(db, p.id, log_view=False)) == 3


def test_attendance_is_saved_together_and_never_overwritten(db, open_db):
    p = programs.add_program(db, program())
    s = programs.add_session(db, p.id, {"held_on": "2024-05-30"})
    a, b = (programs.enroll_walkin(db, p.id, walkin(n, f"010-1000-000{i}")) for i, n in enumerate("AB"))
    sheet = programs.attendance_sheet(db, s.id)
    loaded = {line.participant_id: line.version for line in sheet.lines}
    assert loaded == {a.id: None, b.id: None}
    other = open_db(operator="이상담")
    programs.save_attendance(other, s.id, [a.id])
    with pytest.raises(StaleRecord, match="이상담님이"):
        programs.save_attendance(db, s.id, [b.id], loaded=loaded)
    fresh = programs.attendance_sheet(db, s.id)
    assert [(x.name, x.present) for x in fresh.lines] == [("A", True), ("B", False)]
    assert programs.save_attendance(db, s.id, [b.id], loaded={x.participant_id: x.version for x in fresh.lines}) == 2
    assert [(x.name, x.present) for x in programs.attendance_sheet(db, s.id).lines] == [("A", False), ("B", True)]
    future = programs.add_session(db, p.id, {"held_on": "2024-06-05"})
    with pytest.raises(Refused, match="아직"):
        programs.save_attendance(db, future.id, [a.id])
