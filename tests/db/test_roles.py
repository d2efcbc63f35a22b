"""Roles come from the operator's account; protected actions are refused for other roles."""

import pytest

from ydp_tui.db import roles


def test_name_without_account_is_counselor(open_db):
    db = open_db(operator="처음온사람")
    assert db.role == roles.COUNSELOR
    assert not roles.allowed(db, "override_selection")
    with pytest.raises(roles.Forbidden, match="감독자/관리자만"):
        roles.require(db, "override_selection")


def test_supervisor_account_holds_supervisor_permissions(open_db):
    db = open_db(operator="최팀장", role=roles.SUPERVISOR)
    assert db.role == roles.SUPERVISOR
    roles.require(db, "override_selection")
    with pytest.raises(roles.Forbidden, match="관리자만"):
        roles.require(db, "manage_operators")


def test_switching_operator_changes_role(open_db):
    db = open_db(operator="정관리", role=roles.ADMIN)
    assert roles.allowed(db, "manage_operators")
    db.set_operator("김상담")
    assert db.role == roles.COUNSELOR
    assert not roles.allowed(db, "manage_operators")
