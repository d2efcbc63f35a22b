"""Operator accounts and PIN sign-in: hashing, the lockout, who may manage accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN
from ydp_tui import clock
from ydp_tui.db import audit, operators, policy, roles
from ydp_tui.db.errors import PinRequired, Refused, SignInRefused, ValidationFailed
from ydp_tui.db.models import AuditEntry, Operator
from ydp_tui.rules import security

PIN = "482915"


def _admin(open_db):
    """An administrator (a fixture account, no PIN) who creates the accounts under test."""
    return open_db(operator="정관리", role=roles.ADMIN)


def _logins(db, name):
    with db.session() as s:
        return [e.detail for e in s.execute(select(AuditEntry).where(
            AuditEntry.action == "login", AuditEntry.subject == name).order_by(AuditEntry.seq)).scalars()]


def test_pin_hash_is_salted_scrypt_with_its_parameters():
    a, b = operators.hash_pin(PIN), operators.hash_pin(PIN)
    assert a != b and a.startswith("scrypt$n=32768,r=8,p=1$")
    assert PIN not in a
    assert operators.verify_pin(PIN, a) and operators.verify_pin(PIN, b)
    assert not operators.verify_pin("482916", a)
    assert not operators.verify_pin(PIN, "garbage")


@pytest.mark.parametrize(("pin", "problem"), [
    ("", "입력"), ("12a456", "숫자만"), ("48291", "6자리 이상"), ("1234567890123", "12자리 이하"),
    ("777777", "되풀이"), ("123456", "연속"), ("987654", "연속"), ("890123", "연속"),
])
def test_pin_rules(pin, problem):
    assert problem in security.pin_problem(pin, 6)


def test_good_pins_pass():
    assert security.pin_problem(PIN, 6) is None
    assert security.pin_problem("1357924680", 6) is None


def test_lockout_rule_is_pure_and_resets_after_locking():
    now = FROZEN
    assert security.after_failure(0, 5, 30, now) == (1, None)
    assert security.after_failure(4, 5, 30, now) == (0, now + dt.timedelta(minutes=30))
    assert security.is_locked(now + dt.timedelta(minutes=1), now)
    assert not security.is_locked(now, now)


def test_names_without_account_or_pin_need_no_pin(open_db):
    db = open_db(operator="처음온사람")
    assert db.role == roles.COUNSELOR
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)  # an account without a PIN
    assert sup.role == roles.SUPERVISOR


def test_account_with_pin_must_sign_in(open_db):
    admin = _admin(open_db)
    operators.create(admin, "최팀장", roles.SUPERVISOR, PIN)
    with pytest.raises(PinRequired, match="최팀장 계정은 PIN으로 로그인"):
        open_db(operator="최팀장")
    db = open_db(operator="최팀장", pin=PIN)
    assert db.role == roles.SUPERVISOR
    assert _logins(db, "최팀장") == ["PIN 확인"]
    # switching operator keeps the old one when the PIN is missing
    with pytest.raises(PinRequired):
        admin.set_operator("최팀장")
    assert admin.operator == "정관리" and admin.role == roles.ADMIN


def test_five_wrong_pins_lock_the_account_on_every_desk(open_db):
    admin = _admin(open_db)
    operators.create(admin, "최팀장", roles.SUPERVISOR, PIN)
    desk1, desk2 = open_db(operator="김상담"), open_db(operator="이상담")
    messages = []
    for i, desk in enumerate([desk1, desk2, desk1, desk2]):
        with pytest.raises(SignInRefused) as exc:
            desk.set_operator("최팀장", "000111")
        messages.append(str(exc.value))
        assert not exc.value.locked
    assert messages[0] == "PIN이 맞지 않습니다 (1/5회). 4번 더 틀리면 30분 동안 잠깁니다"
    assert messages[3].startswith("PIN이 맞지 않습니다 (4/5회)")
    with pytest.raises(SignInRefused) as exc:
        desk1.set_operator("최팀장", "000111")
    assert exc.value.locked
    assert str(exc.value) == "최팀장 계정은 PIN을 5회 틀려 10:30까지 잠겼습니다. 관리자가 잠금을 풀 수 있습니다"
    # locked: even the right PIN is refused, on the other desk too; nothing about the desk changed
    with pytest.raises(SignInRefused, match="10:30까지 잠겼습니다"):
        desk2.set_operator("최팀장", PIN)
    assert desk2.operator == "이상담" and desk2.role == roles.COUNSELOR
    assert _logins(admin, "최팀장") == [
        "PIN 틀림 (1/5)", "PIN 틀림 (2/5)", "PIN 틀림 (3/5)", "PIN 틀림 (4/5)",
        "잠김: PIN 5회 틀림, 10:30까지", "잠김: 10:30까지 (잠긴 계정으로 접속 시도)",
    ]
    with admin.session() as s:
        assert audit.verify(s) is None
    # the lock ends by itself ...
    with clock.freeze(FROZEN + dt.timedelta(minutes=30)):
        desk2.set_operator("최팀장", PIN)
        assert desk2.role == roles.SUPERVISOR


def test_admin_unlocks(open_db):
    admin = _admin(open_db)
    operators.create(admin, "최팀장", roles.SUPERVISOR, PIN)
    desk = open_db(operator="김상담")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            desk.set_operator("최팀장", "000111")
    with pytest.raises(roles.Forbidden, match="관리자만"):
        operators.unlock(desk, "최팀장")
    operators.unlock(admin, "최팀장")
    desk.set_operator("최팀장", PIN)
    assert desk.role == roles.SUPERVISOR


def test_deactivated_account_name_cannot_be_used(open_db):
    admin = _admin(open_db)
    account = operators.create(admin, "이상담", roles.COUNSELOR)
    operators.set_active(admin, account.id, False)
    with pytest.raises(SignInRefused, match="사용 중지"):
        open_db(operator="이상담")


def test_accounts_required_policy_refuses_unknown_names(open_db):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    with sup.write() as s:
        policy.set_value(s, "security", 0, "accounts_required", 1)
    with pytest.raises(SignInRefused, match="'처음온사람' 담당자 계정이 없습니다"):
        open_db(operator="처음온사람")
    assert open_db(operator="최팀장").role == roles.SUPERVISOR


def test_who_may_manage_accounts(open_db):
    counselor = open_db(operator="김상담")
    # the first administrator may be made by whoever sets up the database, and needs a PIN
    with pytest.raises(ValidationFailed, match="PIN"):
        operators.create(counselor, "정관리", roles.ADMIN)
    first = operators.create(counselor, "정관리", roles.ADMIN, PIN)
    assert first.role == roles.ADMIN
    # from then on only an administrator
    with pytest.raises(roles.Forbidden, match="담당자 계정 관리은\\(는\\) 관리자만"):
        operators.create(counselor, "또관리", roles.ADMIN, "593817")
    with pytest.raises(roles.Forbidden):
        operators.accounts(counselor)
    admin = open_db(operator="정관리", pin=PIN)
    with pytest.raises(ValidationFailed, match="감독자 계정에는 PIN"):
        operators.create(admin, "최팀장", roles.SUPERVISOR)
    with pytest.raises(Refused, match="이미 있습니다"):
        operators.create(admin, "정관리", roles.COUNSELOR)
    plain = operators.create(admin, "이상담", roles.COUNSELOR)
    with pytest.raises(Refused, match="PIN이 없어 감독자 역할을 줄 수 없습니다"):
        operators.set_role(admin, plain.id, roles.SUPERVISOR)
    with pytest.raises(Refused, match="마지막 관리자"):
        operators.set_role(admin, first.id, roles.COUNSELOR)
    with pytest.raises(Refused, match="마지막 관리자"):
        operators.set_active(admin, first.id, False)
    names = [(a.name, a.role, a.has_pin, a.status) for a in operators.accounts(admin)]
    assert names == [("이상담", "상담사", False, "사용"), ("정관리", "관리자", True, "사용")]
    with admin.session() as s:
        details = [e.detail for e in s.execute(select(AuditEntry).where(AuditEntry.entity == "operator",
                                                                         AuditEntry.action != "login")).scalars()]
        stored = s.execute(select(Operator.pin_hash).where(Operator.name == "정관리")).scalar_one()
    assert details == ["계정 만듦: 관리자, PIN 설정 (첫 관리자)", "계정 만듦: 상담사"]
    assert PIN not in stored


def test_changing_pins(open_db):
    admin = _admin(open_db)
    account = operators.create(admin, "김상담", roles.COUNSELOR, PIN)
    me = open_db(operator="김상담", pin=PIN)
    other = open_db(operator="이상담")
    with pytest.raises(roles.Forbidden):
        operators.set_pin(other, account.id, "593817")
    with pytest.raises(ValidationFailed, match="지금 PIN이 맞지 않습니다"):
        operators.set_pin(me, account.id, "593817", current_pin="000000")
    with pytest.raises(ValidationFailed, match="연속된"):
        operators.set_pin(me, account.id, "345678", current_pin=PIN)
    operators.set_pin(me, account.id, "593817", current_pin=PIN)
    with pytest.raises(SignInRefused):
        other.set_operator("김상담", PIN)
    other.set_operator("김상담", "593817")
    operators.set_pin(admin, account.id, "720461")  # an administrator resets it without the old one
    assert open_db(operator="김상담", pin="720461").operator == "김상담"


def test_read_only_review_still_signs_in_and_counts_wrong_pins(open_db):
    admin = _admin(open_db)
    operators.create(admin, "최팀장", roles.SUPERVISOR, PIN)
    with pytest.raises(PinRequired):
        open_db(operator="최팀장", read_only=True)
    with pytest.raises(SignInRefused):
        open_db(operator="최팀장", read_only=True, pin="000111")
    ro = open_db(operator="최팀장", read_only=True, pin=PIN)
    assert ro.role == roles.SUPERVISOR
    assert _logins(admin, "최팀장") == ["PIN 틀림 (1/5)", "PIN 확인"]
