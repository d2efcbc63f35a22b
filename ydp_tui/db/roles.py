"""Roles and permissions: who may do the protected actions (PIN sign-in: ``db/operators.py``).

An operator's role comes from their account (the ``operator`` table); a name with no account
works as 상담사.  Services call :func:`require` before a protected write, screens call
:func:`allowed` to hide or disable the action.  The mapping is the division's rule, kept here
in one place so every service asks the same question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ydp_tui.db.errors import Refused

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from ydp_tui.db.engine import Database

COUNSELOR, SUPERVISOR, ADMIN = "상담사", "감독자", "관리자"
ROLES = (COUNSELOR, SUPERVISOR, ADMIN)
DEFAULT_ROLE = COUNSELOR

# permission -> (what it is, in Korean, for messages; roles that hold it)
PERMISSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "override_selection": ("공공일자리 선발 조정", frozenset({SUPERVISOR, ADMIN})),
    "resolve_conflict": ("동기화 충돌 해결", frozenset({SUPERVISOR, ADMIN})),
    "merge_people": ("중복 인물 병합", frozenset({SUPERVISOR, ADMIN})),
    "edit_policy": ("정책 값 수정", frozenset({SUPERVISOR, ADMIN})),
    "export_personal": ("개인정보 내보내기", frozenset({COUNSELOR, SUPERVISOR, ADMIN})),
    "approve_payment": ("지급 확정", frozenset({SUPERVISOR, ADMIN})),
    "erase": ("개인정보 파기", frozenset({SUPERVISOR, ADMIN})),
    "review_audit": ("접속기록 점검", frozenset({SUPERVISOR, ADMIN})),
    "prune_audit": ("보관기간 지난 접속기록 정리", frozenset({ADMIN})),
    "manage_operators": ("담당자 계정 관리", frozenset({ADMIN})),
    "manage_budget": ("예산ㆍ집행 관리", frozenset({SUPERVISOR, ADMIN})),
    "backup": ("데이터베이스 백업", frozenset({SUPERVISOR, ADMIN})),
    "restore": ("백업에서 복원", frozenset({ADMIN})),
    "rotate_keys": ("암호화 키 교체", frozenset({ADMIN})),
    "manage_targets": ("일자리 목표공시 과제ㆍ목표 설정", frozenset({SUPERVISOR, ADMIN})),
}


class Forbidden(Refused):
    """The operator's role does not hold the permission; nothing was changed."""


def role_of(session: Session, name: str) -> str:
    """The role of the active account called ``name`` (상담사 when there is none)."""
    from sqlalchemy import select

    from ydp_tui.db.models import Operator

    found = session.execute(
        select(Operator.role).where(Operator.name == name, Operator.deleted.is_(False),
                                    Operator.active.is_(True))
    ).scalars().first()
    return found if found in ROLES else DEFAULT_ROLE


def allowed(db: Database, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return db.role in PERMISSIONS[permission][1]


def require(db: Database, permission: str) -> None:
    """Raise :class:`Forbidden` unless the working operator's role holds ``permission``."""
    if allowed(db, permission):
        return
    what, roles = PERMISSIONS[permission]
    holders = "/".join(r for r in ROLES if r in roles)
    raise Forbidden(f"{what}은(는) {holders}만 할 수 있습니다 (현재 {db.operator or '(미지정)'}: {db.role})")
