"""Which field key a database is encrypted with, and key rotation (``ydp-tui keys rotate``).

The database remembers its key's fingerprint (``local_state.field_key_id``, never the key).
The first encrypted save stores it (after checking that the key opens the values already
there); from then on a save of an encrypted value with another key is refused.  On open
(:func:`check_key`):

- same key (or nothing encrypted yet): nothing to do;
- another key: if a rotation stopped between its commit and the key-file swap
  (``field.key.new`` matches), the swap is finished; if an archived key from an earlier
  rotation matches (a restored older backup), the values are re-encrypted with the current key;
  otherwise the database opens with a warning naming the key file to copy (the TUI shows it).

:func:`rotate` re-encrypts every encrypted column, and the encrypted values kept in the sync
history, with a new key in one transaction; the old key is kept as ``field.key.old-<when>``.
A desk still running with the old key is refused when it tries to save an encrypted value.
Key rotation is an administrator's job done while the other desks are closed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from ydp_tui import clock, crypto
from ydp_tui.db.errors import OpenError, Refused
from ydp_tui.db.models import LocalState, SyncOp, synced_tables

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

STATE_KEY = "field_key_id"


def encrypted_columns() -> list[tuple[Any, str]]:
    """(model, column) for every encrypted column of every synced table."""
    out = []
    for _name, model in sorted(synced_tables().items()):
        for column in getattr(model, "__encrypted__", ()):
            out.append((model, column))
    return out


def stored_id(session: Session) -> str | None:
    row = session.connection().execute(
        select(LocalState.value).where(LocalState.key == STATE_KEY)).first()
    return row[0] if row else None


def _store_id(session: Session, value: str) -> None:
    conn = session.connection()
    conn.execute(LocalState.__table__.delete().where(LocalState.key == STATE_KEY))
    conn.execute(LocalState.__table__.insert(), {"key": STATE_KEY, "value": value})


def _sample(session: Session) -> str | None:
    for model, column in encrypted_columns():
        col = model.__table__.c[column]
        value = session.execute(select(col).where(col.is_not(None), col != "").limit(1)).scalar()
        if value:
            return value
    return None


def _opens(token: str | None, key: bytes) -> bool:
    if token is None:
        return True
    try:
        crypto.decrypt_field(token, key)
    except crypto.KeyError_:
        return False
    return True


def _missing_key(wanted: str) -> str:
    return (f"이 데이터베이스는 다른 암호화 키(키 ID {wanted})로 암호화되어 있습니다. 이 데이터베이스를 쓰는 "
            f"다른 창구의 키 파일을 같은 권한(0600)으로 복사하세요: {crypto.key_path()}")


def check_key(db: Database) -> str | None:
    """On open: make sure this machine's key file is the database's key, mending what can be
    mended (see the module text).  Returns a warning when it is not (the database still opens:
    values encrypted with the other key cannot be read, and no encrypted value is saved)."""
    path = crypto.key_path()
    with db.session() as session:
        wanted = stored_id(session)
    if wanted is None:
        return None  # nothing encrypted yet; the first encrypted save stores the key's id
    current = crypto.read_key(path)
    if current is not None and crypto.key_id(current) == wanted:
        return None
    pending = crypto.read_key(Path(str(path) + crypto.NEW_SUFFIX))
    if pending is not None and crypto.key_id(pending) == wanted:
        _finish_swap(path)
        return None
    if current is not None and not db.read_only:
        for old_path in crypto.archived_keys():
            old = crypto.read_key(old_path)
            if old is not None and crypto.key_id(old) == wanted:
                with db.write(system=True) as session:
                    _reencrypt(session, old, current)
                    _store_id(session, crypto.key_id(current))
                return None
    return _missing_key(wanted)


def _finish_swap(path: Path) -> None:
    new = Path(str(path) + crypto.NEW_SUFFIX)
    if path.exists():
        archived = Path(f"{path}{crypto.OLD_INFIX}{clock.local(clock.now()).strftime('%Y%m%dT%H%M%S')}")
        os.replace(path, archived)
    os.replace(new, path)
    crypto.reset_cache()


def _reencrypt(session: Session, old: bytes, new: bytes) -> tuple[int, int]:
    """Every encrypted value (rows and sync history) from ``old`` to ``new``; (values, history)."""
    conn = session.connection()
    values = history = 0
    for model, column in encrypted_columns():
        table = model.__table__
        col = table.c[column]
        rows = conn.execute(select(table.c.id, col).where(col.is_not(None), col != "")).all()
        changed = [{"b_id": r[0], "b_value": crypto.encrypt_field(crypto.decrypt_field(r[1], old), new)}
                   for r in rows]
        if changed:
            from sqlalchemy import bindparam

            conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                         .values({column: bindparam("b_value")}), changed)
        values += len(changed)
        ops = conn.execute(select(SyncOp.seq, SyncOp.value).where(
            SyncOp.tbl == table.name, SyncOp.field == column, SyncOp.value.is_not(None))).all()
        moved = []
        for seq, raw in ops:
            token = json.loads(raw)
            if not token:
                continue
            moved.append({"b_seq": seq, "b_value": json.dumps(
                crypto.encrypt_field(crypto.decrypt_field(token, old), new), ensure_ascii=False)})
        if moved:
            from sqlalchemy import bindparam

            conn.execute(update(SyncOp).where(SyncOp.seq == bindparam("b_seq"))
                         .values(value=bindparam("b_value")), moved)
        history += len(moved)
    return values, history


@dataclass(frozen=True)
class Rotation:
    values: int
    history: int
    old_id: str
    new_id: str
    archived: Path


def rotate(db: Database) -> Rotation:
    """Re-encrypt everything with a new key (one transaction); keep the old key beside it."""
    from ydp_tui.db import audit, roles

    roles.require(db, "rotate_keys")
    if db.read_only:
        from ydp_tui.db.errors import ReadOnlyError

        raise ReadOnlyError()
    path = crypto.key_path()
    old = crypto.read_key(path)
    if old is None:
        raise OpenError(f"암호화 키 파일이 없습니다: {path}")
    pending = Path(str(path) + crypto.NEW_SUFFIX)
    pending.unlink(missing_ok=True)  # a rotation that never committed
    new = os.urandom(32)
    crypto.write_key(pending, new)
    try:
        with db.write() as session:
            if stored_id(session) not in (None, crypto.key_id(old)):
                raise Refused("이 기기의 키 파일이 데이터베이스의 키가 아닙니다. 키를 바꾸지 않았습니다")
            values, history = _reencrypt(session, old, new)
            _store_id(session, crypto.key_id(new))
            audit.record(session, "keys", "database",
                         detail=f"암호화 키 교체: 값 {values}개, 변경 이력 {history}개 다시 암호화 "
                                f"(키 ID {crypto.key_id(old)} -> {crypto.key_id(new)})")
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    archived = Path(f"{path}{crypto.OLD_INFIX}{clock.local(clock.now()).strftime('%Y%m%dT%H%M%S')}")
    n = 1
    while archived.exists():
        archived = Path(f"{archived}-{n}")
        n += 1
    os.replace(path, archived)
    os.replace(pending, path)
    crypto.reset_cache()
    return Rotation(values, history, crypto.key_id(old), crypto.key_id(new), archived)


# --- a desk still holding the old key -------------------------------------------------------------


def _guard(session: Session, flush_context: Any, instances: Any) -> None:
    """Refuse to save encrypted values with a key that is not the database's; the first
    encrypted save of a database records its key's id."""
    touched = [o for o in (*session.new, *session.dirty) if getattr(type(o), "__encrypted__", ())]
    if not touched:
        return
    wanted = stored_id(session)
    current = crypto.read_key(crypto.key_path())
    if current is None:
        raise Refused(f"암호화 키 파일이 없습니다: {crypto.key_path()}. 저장하지 않았습니다")
    if wanted is None:
        if not _opens(_sample(session), current):
            raise Refused("이 기기의 키 파일로는 데이터베이스의 암호화된 값을 풀 수 없습니다. 이 데이터베이스를 만든 "
                          f"기기의 키 파일을 복사하세요: {crypto.key_path()}. 저장하지 않았습니다")
        _store_id(session, crypto.key_id(current))
        return
    if crypto.key_id(current) != wanted:
        crypto.reset_cache()
        raise Refused("암호화 키가 이 데이터베이스의 키가 아닙니다 (다른 창구에서 키를 교체했거나 키 파일을 복사하지 "
                      f"않음). 데이터베이스의 키 파일을 복사한 뒤 앱을 다시 시작하세요: {crypto.key_path()}. 저장하지 않았습니다")
    if crypto.key_id(crypto.field_key()) != wanted:
        crypto.reset_cache()  # the key file was replaced while we ran: values were sealed with the old one
        raise Refused("암호화 키가 바뀌었습니다 (다른 창구에서 키를 교체함). 앱을 다시 시작하세요. 저장하지 않았습니다")


def install(session_class: type[Session]) -> None:
    if not event.contains(session_class, "before_flush", _guard):
        event.listen(session_class, "before_flush", _guard)
