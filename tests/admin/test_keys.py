"""Field-key identity and rotation: every encrypted value re-encrypted without loss."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.admin.helpers import admin, audit_rows, run
from tests.subsidy_helpers import form
from ydp_tui import crypto
from ydp_tui.db import keys, roles, subsidy
from ydp_tui.db.errors import Refused
from ydp_tui.db.models import SubsidyApplication, SyncOp

ACCOUNTS = ["110-123-456789", "333-22-1111111"]


def _stored(db) -> tuple[list[str], list[str]]:
    with db.session() as s:
        values = list(s.execute(select(SubsidyApplication.account_no).order_by(SubsidyApplication.application_no))
                      .scalars())
        ops = [json.loads(v) for v in s.execute(select(SyncOp.value).where(
            SyncOp.tbl == "subsidy_application", SyncOp.field == "account_no").order_by(SyncOp.seq)).scalars()]
    return values, ops


def _with_accounts(open_db):
    db = admin(open_db)
    for i, account in enumerate(ACCOUNTS):
        subsidy.add(db, form(name=f"김민수{'가나'[i]}", phone=f"010-1234-567{i}", account_no=account))
    return db


def _plain(tokens: list[str], key: bytes | None = None) -> list[str]:
    return [crypto.decrypt_field(t, key) for t in tokens]


def test_rotate_reencrypts_rows_and_history_and_keeps_the_old_key(open_db, capsys, db_target):
    db = _with_accounts(open_db)
    old_key = crypto.field_key()
    before_values, before_ops = _stored(db)
    assert _plain(before_values) == ACCOUNTS and _plain(before_ops) == ACCOUNTS
    code, _out, err = run(capsys, db_target, "keys", "rotate", "--yes")
    assert code == 0, err
    assert "값 2개, 변경 이력 2개를 다시 암호화" in err
    new_key = crypto.field_key()
    assert new_key != old_key
    assert stat.S_IMODE(crypto.key_path().stat().st_mode) == 0o600
    archived = crypto.archived_keys()
    assert len(archived) == 1 and archived[0].read_bytes() == old_key
    assert stat.S_IMODE(archived[0].stat().st_mode) == 0o600
    values, ops = _stored(db)
    assert values != before_values and ops != before_ops
    assert _plain(values, new_key) == ACCOUNTS and _plain(ops, new_key) == ACCOUNTS
    with pytest.raises(crypto.KeyError_):
        crypto.decrypt_field(values[0], old_key)
    with db.session() as s:
        assert keys.stored_id(s) == crypto.key_id(new_key)
    assert audit_rows(db, "keys")[-1].detail.startswith("암호화 키 교체: 값 2개, 변경 이력 2개")
    app_id = subsidy.find_id(db, subsidy.list_page(db, 2024).rows[0].application_no)
    assert subsidy.detail(db, app_id).account_masked.endswith("6789")  # the service still reads it


def test_rotation_is_for_administrators(open_db, capsys, db_target):
    db = _with_accounts(open_db)
    before = _stored(db)
    key = crypto.field_key()
    open_db(operator="최팀장", role=roles.SUPERVISOR)
    code, _, err = run(capsys, db_target, "keys", "rotate", "--yes", operator="최팀장")
    assert code == 1 and "암호화 키 교체은(는) 관리자만" in err
    assert _stored(db) == before and crypto.field_key() == key and not crypto.archived_keys()


def test_a_failed_rotation_changes_nothing(open_db, monkeypatch):
    db = _with_accounts(open_db)
    before = _stored(db)
    key = crypto.field_key()
    real = crypto.encrypt_field
    calls = []

    def flaky(plaintext, key=None):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(plaintext, key)

    monkeypatch.setattr(crypto, "encrypt_field", flaky)
    with pytest.raises(RuntimeError):
        keys.rotate(db)
    monkeypatch.setattr(crypto, "encrypt_field", real)
    assert _stored(db) == before
    assert crypto.key_path().read_bytes() == key and not crypto.archived_keys()
    assert not Path(str(crypto.key_path()) + crypto.NEW_SUFFIX).exists()


class PowerCut(BaseException):
    """The machine goes down (like KeyboardInterrupt, nothing catches it; unlike it, no signal handler
    or library mistakes it for the user's Ctrl+C)."""


def test_interrupted_swap_is_finished_on_next_open(open_db, monkeypatch):
    db = _with_accounts(open_db)
    real_replace = os.replace

    def stop(src, dst):
        raise PowerCut  # the machine went down right after the commit

    monkeypatch.setattr(os, "replace", stop)
    with pytest.raises(PowerCut):
        keys.rotate(db)
    monkeypatch.setattr(os, "replace", real_replace)
    assert Path(str(crypto.key_path()) + crypto.NEW_SUFFIX).exists()
    crypto.reset_cache()
    again = open_db(operator="김상담")
    values, ops = _stored(again)
    assert _plain(values) == ACCOUNTS and _plain(ops) == ACCOUNTS
    assert not Path(str(crypto.key_path()) + crypto.NEW_SUFFIX).exists()


def test_a_desk_without_the_databases_key_is_told_and_saves_nothing_encrypted(open_db, monkeypatch, tmp_path):
    _with_accounts(open_db)
    monkeypatch.setenv("YDP_KEY_FILE", str(tmp_path / "elsewhere" / "field.key"))
    crypto.reset_cache()
    desk = open_db(operator="김상담")
    assert re.search(r"다른 암호화 키\(키 ID [0-9a-f]{16}\)로 암호화되어 있습니다.*복사하세요", desk.key_warning)
    with pytest.raises(Refused, match="키 파일을 복사한 뒤"):
        subsidy.add(desk, form(name="박지성", phone="010-9999-0000", account_no="444-55-666666"))
    assert len(_stored(desk)[0]) == 2
    register_ok = subsidy.screen(desk, 2024)  # what needs no key still works
    assert len(register_ok.results) == 2


def test_a_running_desk_with_the_old_key_cannot_save_encrypted_values(open_db):
    db = _with_accounts(open_db)
    old = crypto.field_key()
    keys.rotate(db)
    # this desk never received the new key file: it still has the old one
    path = crypto.key_path()
    path.unlink()
    crypto.write_key(path, old)
    crypto.reset_cache()
    with pytest.raises(Refused, match="암호화 키가 이 데이터베이스의 키가 아닙니다"):
        subsidy.add(db, form(name="박지성", phone="010-9999-0000", account_no="444-55-666666"))
    assert len(_stored(db)[0]) == 2


def test_restoring_a_backup_from_before_a_rotation(open_db, capsys, db_target):
    if "://" in db_target:
        pytest.skip("SQLite backups")
    db = _with_accounts(open_db)
    code, out, err = run(capsys, db_target, "backup")
    made = out.strip()
    assert run(capsys, db_target, "keys", "rotate", "--yes")[0] == 0
    code, _, err = run(capsys, db_target, "restore", made, "--yes")
    assert code == 0, err
    values, ops = _stored(db)  # re-encrypted with today's key when the restored database opened
    assert _plain(values) == ACCOUNTS and _plain(ops) == ACCOUNTS
    with db.session() as s:
        assert keys.stored_id(s) == crypto.key_id(crypto.field_key())
