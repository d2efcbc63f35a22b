"""Operator accounts (담당자 계정) and signing in with a PIN.

The sign-in rule (README, 관리):

- A name with no account works as 상담사 without a PIN (unless the policy
  ``security.accounts_required`` is 1); an account without a PIN needs none.
- Once an account has a PIN, that operator signs in with it: in the TUI a PIN dialog, on the
  command line ``YDP_PIN`` or a prompt.  Accounts with the roles 감독자 and 관리자 always have a
  PIN (they cannot be given those roles without one).
- PINs are 6-12 digits (policy ``security.pin_min_length``), never one repeated digit or a run
  (123456).  They are stored as scrypt hashes (N=2^15, r=8, p=1, 16-byte random salt; the
  parameters are stored with each hash so they can be raised later).
- ``security.pin_max_failures`` (5) wrong PINs in a row lock the account for
  ``security.pin_lock_minutes`` (30) on every desk of the database; a 관리자 can unlock it.
  Every sign-in, wrong PIN, lock and account change is written to the access log.
- A deactivated account's name cannot be used at all.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db import audit, policy, roles
from ydp_tui.db.errors import (
    NotFound, PinRequired, Refused, SignInRefused, StaleRecord, ValidationFailed,
)
from ydp_tui.db.models import Operator, SignInState
from ydp_tui.rules import security as rules
from ydp_tui.rules.validation import Invalid, normalize_name

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 15, 8, 1
_MAXMEM = 256 * 1024 * 1024
ELEVATED = (roles.SUPERVISOR, roles.ADMIN)


# --- PIN hashes -----------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_pin(pin: str) -> str:
    """``scrypt$n=32768,r=8,p=1$<salt>$<hash>`` (base64), a fresh salt each time."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_MAXMEM, dklen=32)
    return f"scrypt$n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, params, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        p = dict(item.split("=") for item in params.split(","))
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        got = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=int(p["n"]), r=int(p["r"]), p=int(p["p"]),
                             maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, KeyError):
        return False
    return hmac.compare_digest(got, expected)


# --- policy ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SecurityPolicy:
    pin_min_length: int = 6
    pin_max_failures: int = 5
    pin_lock_minutes: int = 30
    accounts_required: bool = False


def security_policy(session: Session) -> SecurityPolicy:
    values = policy.values(session, "security", 0)
    base = SecurityPolicy()
    return SecurityPolicy(
        pin_min_length=int(values.get("pin_min_length", base.pin_min_length)),
        pin_max_failures=max(1, int(values.get("pin_max_failures", base.pin_max_failures))),
        pin_lock_minutes=int(values.get("pin_lock_minutes", base.pin_lock_minutes)),
        accounts_required=bool(values.get("accounts_required", 0)),
    )


# --- accounts -------------------------------------------------------------------------------


def find_account(session: Session, name: str) -> Operator | None:
    """The account called ``name`` (an active one first), or None."""
    rows = session.execute(
        select(Operator).where(Operator.name == name, Operator.deleted.is_(False))
        .order_by(Operator.active.desc(), Operator.created_at)
    ).scalars().all()
    return rows[0] if rows else None


def _state(session: Session, name: str, *, lock: bool = False) -> Any:
    stmt = select(SignInState.__table__).where(SignInState.name == name)
    if lock:
        stmt = stmt.with_for_update()
    return session.connection().execute(stmt).first()


def _locked_state(session: Session, name: str) -> Any:
    """The account's sign-in row, created if missing, locked until commit (desks count together)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(SignInState.__table__).values(name=name, failures=0, last_machine="")
                 .on_conflict_do_nothing(index_elements=["name"]))
    return _state(session, name, lock=True)


def _save_state(session: Session, name: str, **values: Any) -> None:
    _locked_state(session, name)
    session.connection().execute(update(SignInState).where(SignInState.name == name).values(**values))


def _until(instant: dt.datetime) -> str:
    local = clock.local(instant)
    if local.date() == clock.today():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def pin_needed(db: Database, name: str) -> bool:
    """Whether ``name`` must give a PIN to sign in (its account has one)."""
    with db.session() as session:
        account = find_account(session, name.strip())
    return bool(account is not None and account.active and account.pin_hash)


def authenticate(db: Database, name: str, pin: str | None) -> str:
    """Check that ``name`` may work now (with ``pin`` when the account has one); their role.

    Raises :class:`PinRequired` (no PIN given), :class:`SignInRefused` (wrong PIN, locked,
    deactivated, or no account while accounts are required).  Wrong PINs are counted and logged.
    """
    name = name.strip()
    with db.session() as session:
        account = find_account(session, name)
        sec = security_policy(session)
        state = _state(session, name)
    if account is None:
        if sec.accounts_required:
            raise SignInRefused(f"'{name}' 담당자 계정이 없습니다. 관리자에게 계정을 만들어 달라고 하세요 "
                                "(계정 있는 담당자만 일하도록 정해져 있습니다)")
        return roles.DEFAULT_ROLE
    role = account.role if account.role in roles.ROLES else roles.DEFAULT_ROLE
    if not account.active:
        _log(db, name, "사용 중지된 계정으로 접속 시도")
        raise SignInRefused(f"{name} 계정은 사용 중지되었습니다. 관리자에게 문의하세요")
    if not account.pin_hash:
        return role
    if pin is None:
        raise PinRequired(name)
    now = clock.now()
    if state is not None and rules.is_locked(state.locked_until, now):
        _log(db, name, f"잠김: {_until(state.locked_until)}까지 (잠긴 계정으로 접속 시도)")
        raise SignInRefused(_locked_message(name, sec, state.locked_until), locked=True)
    ok = verify_pin(pin, account.pin_hash)
    with db.write(audit_only=True, operator=name) as session:
        state = _locked_state(session, name)
        if ok:
            _save_state(session, name, failures=0, locked_until=None, last_success_at=now,
                        last_machine=db.context().machine)
            audit.record(session, "login", "operator", row_id=account.id, subject=name, detail="PIN 확인")
        else:
            failures, locked_until = rules.after_failure(state.failures, sec.pin_max_failures,
                                                         sec.pin_lock_minutes, now)
            _save_state(session, name, failures=failures, locked_until=locked_until, last_failure_at=now,
                        last_machine=db.context().machine)
            detail = (f"잠김: PIN {sec.pin_max_failures}회 틀림, {_until(locked_until)}까지" if locked_until
                      else f"PIN 틀림 ({failures}/{sec.pin_max_failures})")
            audit.record(session, "login", "operator", row_id=account.id, subject=name, detail=detail)
    if ok:
        return role
    if locked_until is not None:
        raise SignInRefused(_locked_message(name, sec, locked_until), locked=True)
    left = sec.pin_max_failures - failures
    raise SignInRefused(f"PIN이 맞지 않습니다 ({failures}/{sec.pin_max_failures}회). "
                        f"{left}번 더 틀리면 {sec.pin_lock_minutes}분 동안 잠깁니다")


def _locked_message(name: str, sec: SecurityPolicy, until: dt.datetime) -> str:
    return (f"{name} 계정은 PIN을 {sec.pin_max_failures}회 틀려 {_until(until)}까지 잠겼습니다. "
            "관리자가 잠금을 풀 수 있습니다")


def _log(db: Database, name: str, detail: str) -> None:
    with db.write(audit_only=True, operator=name) as session:
        audit.record(session, "login", "operator", subject=name, detail=detail)


# --- managing accounts ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    id: str
    name: str
    role: str
    has_pin: bool
    active: bool
    locked_until: dt.datetime | None
    failures: int
    last_success_at: dt.datetime | None
    version: int

    @property
    def status(self) -> str:
        if not self.active:
            return "사용 중지"
        if rules.is_locked(self.locked_until, clock.now()):
            return f"잠김 ({_until(self.locked_until)}까지)"  # type: ignore[arg-type]
        return "사용"


def accounts(db: Database) -> list[AccountRow]:
    roles.require(db, "manage_operators")
    with db.session() as session:
        states = {r.name: r for r in session.connection().execute(select(SignInState.__table__))}
        rows = session.execute(select(Operator).where(Operator.deleted.is_(False))
                               .order_by(Operator.active.desc(), Operator.name)).scalars().all()
    out = []
    for o in rows:
        s = states.get(o.name)
        out.append(AccountRow(o.id, o.name, o.role, bool(o.pin_hash), o.active, s.locked_until if s else None,
                              s.failures if s else 0, s.last_success_at if s else None, o.version))
    return out


def names(db: Database) -> list[str]:
    """Active account names, for choosing who is working (no roles or states)."""
    with db.session() as session:
        return list(session.execute(
            select(Operator.name).where(Operator.deleted.is_(False), Operator.active.is_(True))
            .order_by(Operator.name)).scalars())


def _active_admins(session: Session, *, excluding: str | None = None) -> int:
    stmt = select(Operator.id).where(Operator.deleted.is_(False), Operator.active.is_(True),
                                     Operator.role == roles.ADMIN)
    if excluding:
        stmt = stmt.where(Operator.id != excluding)
    return len(session.execute(stmt).all())


def _check_pin(session: Session, pin: str | None, *, label: str = "PIN") -> str:
    problem = rules.pin_problem(pin or "", security_policy(session).pin_min_length)
    if problem:
        raise ValidationFailed({label: problem})
    return pin  # type: ignore[return-value]


def create(db: Database, name: str, role: str, pin: str | None = None) -> Operator:
    """A new account.  Only a 관리자 may; on a database with no active 관리자 account yet, the
    first 관리자 account (with a PIN) may be made by whoever is working (setting up)."""
    try:
        name = normalize_name(name)
    except Invalid as exc:
        raise ValidationFailed({"이름": str(exc)}) from None
    if role not in roles.ROLES:
        raise ValidationFailed({"역할": f"'{role}'은(는) 역할이 아닙니다 ({'/'.join(roles.ROLES)})"})
    with db.write() as session:
        first_admin = _active_admins(session) == 0 and role == roles.ADMIN
        if not first_admin:
            roles.require(db, "manage_operators")
        if find_account(session, name) is not None:
            raise Refused(f"'{name}' 담당자 계정이 이미 있습니다")
        if role in ELEVATED or pin:
            if not pin:
                raise ValidationFailed({"PIN": f"{role} 계정에는 PIN이 있어야 합니다"})
            _check_pin(session, pin)
        account = Operator(name=name, role=role, pin_hash=hash_pin(pin) if pin else None)
        session.add(account)
        session.flush()
        audit.record(session, "create", "operator", row_id=account.id, subject=name,
                     detail=f"계정 만듦: {role}" + (", PIN 설정" if pin else "") + (" (첫 관리자)" if first_admin else ""))
        return account


def _load(session: Session, account_id: str, expected_version: int | None) -> Operator:
    account = session.get(Operator, account_id)
    if account is None or account.deleted:
        raise NotFound("담당자 계정을 찾을 수 없습니다")
    if expected_version is not None and account.version != expected_version:
        raise StaleRecord(f"담당자 계정 {account.name}", account.updated_by)
    return account


def set_role(db: Database, account_id: str, role: str, *, expected_version: int | None = None) -> Operator:
    roles.require(db, "manage_operators")
    if role not in roles.ROLES:
        raise ValidationFailed({"역할": f"'{role}'은(는) 역할이 아닙니다 ({'/'.join(roles.ROLES)})"})
    with db.write() as session:
        account = _load(session, account_id, expected_version)
        if account.role == role:
            return account
        if role in ELEVATED and not account.pin_hash:
            raise Refused(f"{account.name} 계정에 PIN이 없어 {role} 역할을 줄 수 없습니다 (먼저 PIN을 정하세요)")
        if account.role == roles.ADMIN and _active_admins(session, excluding=account.id) == 0:
            raise Refused("마지막 관리자 계정의 역할은 바꿀 수 없습니다 (다른 관리자를 먼저 만드세요)")
        old = account.role
        account.role = role
        session.flush()
        audit.record(session, "update", "operator", row_id=account.id, subject=account.name,
                     detail=f"역할: {old} -> {role}")
    db.refresh_role()
    return account


def set_active(db: Database, account_id: str, active: bool, *, expected_version: int | None = None) -> Operator:
    roles.require(db, "manage_operators")
    with db.write() as session:
        account = _load(session, account_id, expected_version)
        if account.active == active:
            return account
        if not active and account.role == roles.ADMIN and _active_admins(session, excluding=account.id) == 0:
            raise Refused("마지막 관리자 계정은 사용 중지할 수 없습니다")
        account.active = active
        session.flush()
        audit.record(session, "update", "operator", row_id=account.id, subject=account.name,
                     detail="사용 중지" if not active else "다시 사용")
    db.refresh_role()
    return account


def set_pin(db: Database, account_id: str, new_pin: str, *, current_pin: str | None = None,
            expected_version: int | None = None) -> Operator:
    """A 관리자 sets (resets) anyone's PIN; an operator changes their own with the current one."""
    with db.write() as session:
        account = _load(session, account_id, expected_version)
        own = account.name == db.operator
        if not roles.allowed(db, "manage_operators"):
            if not own:
                roles.require(db, "manage_operators")
            if account.pin_hash and not verify_pin(current_pin or "", account.pin_hash):
                raise ValidationFailed({"지금 PIN": "지금 PIN이 맞지 않습니다"})
        _check_pin(session, new_pin, label="새 PIN")
        account.pin_hash = hash_pin(new_pin)
        session.flush()
        _save_state(session, account.name, failures=0, locked_until=None)
        audit.record(session, "update", "operator", row_id=account.id, subject=account.name,
                     detail="PIN 변경" if own else "PIN 재설정 (관리자)")
        return account


def unlock(db: Database, name: str) -> None:
    roles.require(db, "manage_operators")
    with db.write() as session:
        account = find_account(session, name)
        if account is None:
            raise NotFound(f"'{name}' 담당자 계정이 없습니다")
        _save_state(session, name, failures=0, locked_until=None)
        audit.record(session, "update", "operator", row_id=account.id, subject=name, detail="잠금 해제")
