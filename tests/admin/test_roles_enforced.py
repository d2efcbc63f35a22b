"""Every protected action refuses the roles that do not hold it, and changes nothing then;
the command line signs in with YDP_PIN."""

from __future__ import annotations

import json

import pytest

from tests.admin.helpers import PIN, audit_rows, register, run
from tests.subsidy_helpers import row, write_sheet
from ydp_tui.db import operators, policy, roles, subsidy
from ydp_tui.io import seekers as seekers_io
from ydp_tui.io import subsidy as subsidy_io

C, S, A = roles.COUNSELOR, roles.SUPERVISOR, roles.ADMIN


def test_the_permission_table():
    """The division's rule (README, 관리): who holds what."""
    held = {p: {r for r in roles.ROLES if r in holders} for p, (_what, holders) in roles.PERMISSIONS.items()}
    assert held == {
        "override_selection": {S, A}, "resolve_conflict": {S, A}, "merge_people": {S, A}, "edit_policy": {S, A},
        "export_personal": {C, S, A}, "approve_payment": {S, A}, "erase": {S, A}, "review_audit": {S, A},
        "manage_operators": {A}, "backup": {S, A}, "restore": {A}, "rotate_keys": {A}, "prune_audit": {A},
        "manage_budget": {S, A},
        "manage_targets": {S, A},
    }


def test_policy_set_needs_a_supervisor(open_db, db_target, capsys):
    sup = open_db(operator="최팀장", role=S)
    code, _, err = run(capsys, db_target, "policy", "set", "min_wage", "2027", "hourly", "10500", operator="김상담")
    assert code == 1 and err.strip() == ("ydp-tui: 정책 값 수정은(는) 감독자/관리자만 할 수 있습니다 "
                                         "(현재 김상담: 상담사)")
    with sup.session() as s:
        assert policy.values(s, "min_wage", 2027) == {}
    code, _, err = run(capsys, db_target, "policy", "set", "min_wage", "2027", "hourly", "10,500", operator="최팀장")
    assert code == 0, err
    with sup.session() as s:
        assert policy.values(s, "min_wage", 2027) == {"hourly": 10500}
    entry = audit_rows(sup, "update")[-1]
    assert (entry.entity, entry.subject, entry.detail) == ("policy_value", "min_wage 2027 hourly", "정책 값: null -> 10500")


def test_program_years_and_payments_need_a_supervisor(open_db, tmp_path):
    counselor = open_db(operator="김상담")
    with pytest.raises(roles.Forbidden, match="정책 값 수정"):
        subsidy.set_year(counselor, 2024, {"budget": "1"})
    assert subsidy.get_year(counselor, 2024).budget == 50_000_000
    subsidy_io.import_file(counselor, write_sheet(tmp_path / "web.csv", [row()]))
    subsidy.approve(counselor, subsidy.find_id(counselor, "W-0001"), receipt_checked=True, residence_checked=True)
    batch = subsidy.create_batch(counselor, 2024)
    subsidy.export_batch(counselor, batch.batch_no, tmp_path / "pay.csv")
    with pytest.raises(roles.Forbidden, match="지급 확정은\\(는\\) 감독자/관리자만"):
        subsidy.mark_paid(counselor, batch.batch_no)
    assert subsidy.batch_lines(counselor, batch.batch_no)[0].status == "작성"
    sup = open_db(operator="최팀장", role=S)
    assert subsidy.mark_paid(sup, batch.batch_no).status == "지급"


def test_personal_exports_are_checked(open_db, tmp_path, monkeypatch):
    db = open_db(operator="김상담")
    register(db, "김민수", "010-1111-2222")
    assert seekers_io.export_file(db, tmp_path / "ok.csv") == 1  # counselors export seekers today
    what, holders = roles.PERMISSIONS["export_personal"]
    monkeypatch.setitem(roles.PERMISSIONS, "export_personal", (what, frozenset({S, A})))
    with pytest.raises(roles.Forbidden, match="개인정보 내보내기"):
        seekers_io.export_file(db, tmp_path / "no.csv")
    with pytest.raises(roles.Forbidden):
        subsidy_io.export_file(db, tmp_path / "no2.csv")
    assert not (tmp_path / "no.csv").exists() and not (tmp_path / "no2.csv").exists()
    assert len(audit_rows(db, "export")) == 1


def test_command_line_signs_in_with_ydp_pin(open_db, db_target, capsys, monkeypatch):
    admin = open_db(operator="정관리", role=A)
    operators.create(admin, "최팀장", S, PIN)
    code, _, err = run(capsys, db_target, "audit", "verify", operator="최팀장")
    assert code == 2 and err.strip().splitlines() == [
        "ydp-tui: 최팀장 계정은 PIN으로 로그인해야 합니다 (명령줄: 환경변수 YDP_PIN 또는 터미널에서 입력)"]
    monkeypatch.setenv("YDP_PIN", "000111")
    code, _, err = run(capsys, db_target, "audit", "verify", operator="최팀장")
    assert code == 2 and err.strip().splitlines() == [
        "ydp-tui: PIN이 맞지 않습니다 (1/5회). 4번 더 틀리면 30분 동안 잠깁니다"]
    monkeypatch.setenv("YDP_PIN", PIN)
    code, out, err = run(capsys, db_target, "audit", "verify", operator="최팀장")
    assert code == 0, err


def test_operators_command(open_db, db_target, capsys, monkeypatch):
    open_db(operator="정관리", role=A)
    monkeypatch.setenv("YDP_NEW_PIN", PIN)
    code, _, err = run(capsys, db_target, "operators", "add", "최팀장", "--role", "감독자")
    assert code == 0 and "계정을 만들었습니다: 최팀장 (감독자, PIN 있음)" in err
    code, _, err = run(capsys, db_target, "operators", "add", "이상담", operator="김상담")
    assert code == 1 and "담당자 계정 관리은(는) 관리자만" in err
    monkeypatch.setenv("YDP_NEW_PIN", "111111")
    code, _, err = run(capsys, db_target, "operators", "add", "박상담")
    assert code == 1 and "같은 숫자만" in err
    code, out, err = run(capsys, db_target, "operators", "list", "--format", "json")
    assert [(i["name"], i["role"], i["pin"], i["status"]) for i in json.loads(out)] == [
        ("정관리", "관리자", False, "사용"), ("최팀장", "감독자", True, "사용")]
    code, _, err = run(capsys, db_target, "operators", "deactivate", "최팀장")
    assert code == 0
    code, _, err = run(capsys, db_target, "seekers", "list", operator="최팀장")
    assert code == 2 and "사용 중지" in err
