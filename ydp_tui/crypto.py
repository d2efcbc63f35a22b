"""Encryption of personal fields at rest (bank account numbers), and their masks.

The key is 32 random bytes in a file outside the database (``<config>/keys/field.key``, mode
0600, or ``YDP_KEY_FILE``).  Desks that share one PostgreSQL database must share the key file
(copy it with the same mode).  Values are AES-256-GCM: ``v1:`` + base64(nonce ‖ ciphertext).
Bundles carry such fields decrypted *inside* the encrypted bundle and re-encrypt them with
the receiving machine's key (see ``sync``).
"""

from __future__ import annotations

import base64
import os
import re
from functools import cache
from pathlib import Path

from ydp_tui.config import config_dir
from ydp_tui.db.errors import YdpError

PREFIX = "v1:"


class KeyError_(YdpError):
    exit_code = 2


def key_path() -> Path:
    override = os.environ.get("YDP_KEY_FILE")
    return Path(override) if override else config_dir() / "keys" / "field.key"


@cache
def _load_key(path: str) -> bytes:
    p = Path(path)
    if p.exists():
        key = p.read_bytes()
        if len(key) != 32:
            raise KeyError_(f"암호화 키 파일이 손상되었습니다: {p}")
        if p.stat().st_mode & 0o077:
            os.chmod(p, 0o600)
        return key
    p.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(p.parent, 0o700)
    key = os.urandom(32)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def field_key() -> bytes:
    return _load_key(str(key_path()))


def reset_cache() -> None:
    _load_key.cache_clear()


def encrypt_field(plaintext: str | None, key: bytes | None = None) -> str | None:
    if plaintext is None or plaintext == "":
        return plaintext
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(key or field_key()).encrypt(nonce, plaintext.encode("utf-8"), b"ydp-field")
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_field(token: str | None, key: bytes | None = None) -> str | None:
    if token is None or token == "":
        return token
    if not token.startswith(PREFIX):
        raise KeyError_("암호화되지 않은 값이 암호화 열에 있습니다")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = base64.b64decode(token[len(PREFIX):])
    try:
        return AESGCM(key or field_key()).decrypt(raw[:12], raw[12:], b"ydp-field").decode("utf-8")
    except InvalidTag:
        raise KeyError_(f"암호화된 값을 풀 수 없습니다: 이 데이터베이스의 키 파일이 아닙니다 ({key_path()})") from None


def mask_account(number: str | None) -> str:
    """``123-456-7890`` → ``123-****-7890``: the first three and last four digits only."""
    if not number:
        return ""
    digits = re.sub(r"\D", "", number)
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}-{'*' * 4}-{digits[-4:]}"


# --- key identity and rotation (ydp_tui/db/keys.py uses these) ---------------------------------

NEW_SUFFIX = ".new"
OLD_INFIX = ".old-"


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key (stored in the database to recognise its key)."""
    import hashlib

    return hashlib.sha256(b"ydp-field-key:" + key).hexdigest()[:16]


def read_key(path: Path) -> bytes | None:
    """The key in ``path`` without creating one (None when there is no file)."""
    if not path.exists():
        return None
    key = path.read_bytes()
    if len(key) != 32:
        raise KeyError_(f"암호화 키 파일이 손상되었습니다: {path}")
    return key


def write_key(path: Path, key: bytes) -> None:
    """A new key file, mode 0600 (refuses to overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())


def archived_keys() -> list[Path]:
    """Keys replaced by rotation (``field.key.old-<when>``), newest first."""
    path = key_path()
    return sorted(path.parent.glob(path.name + OLD_INFIX + "*"), reverse=True)
