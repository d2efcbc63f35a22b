"""The ``.ydpb`` file: an encrypted zip (DESIGN.md, Sync by export bundles).

The file is a zip with two stored members, written byte for byte by :func:`container`:

- ``manifest.json``: UTF-8 JSON in the clear (format and schema version, bundle id, site id,
  version vectors, counts, SHA-256 and size of each inner member, the key derivation's
  parameters).  Its exact bytes are the *associated data* of the encryption, so changing one
  byte of it makes the bundle unreadable.
- ``payload.bin``: AES-256-GCM(nonce, inner zip, associated data = manifest bytes).  The inner
  zip (deflated) holds ``ops.jsonl``, one change per line.

The key comes from the division's passphrase through scrypt (salt and cost in the manifest);
the derivation gives 64 bytes: the AES key and a check key whose SHA-256 the manifest carries,
so a wrong passphrase (exit 2) is told apart from a damaged file (exit 1).

Everything is read in memory with size caps; nothing is used before it is verified.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import struct
import tempfile
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ydp_tui.db.errors import Refused, YdpError

FORMAT = "ydp-bundle"
FORMAT_VERSION = 1
SUFFIX = ".ydpb"
MANIFEST = "manifest.json"
PAYLOAD = "payload.bin"
OPS = "ops.jsonl"

# scrypt cost for new bundles (about 0.15 s and 32 MiB here) and what a bundle may ask for.
KDF_N, KDF_R, KDF_P = 2 ** 15, 8, 1
KDF_N_RANGE = (2 ** 14, 2 ** 20)
KDF_R_RANGE = (1, 16)
KDF_P_RANGE = (1, 4)

# Size caps (bytes): the file, the manifest, the encrypted payload, each inner member.
MAX_FILE = 768 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
MAX_PAYLOAD = MAX_FILE
MAX_MEMBER = 1536 * 1024 * 1024


class BundleRefused(Refused):
    """The bundle is damaged, truncated, tampered with, or not for this database (exit 1)."""


class PassphraseError(YdpError):
    """Wrong or missing passphrase (exit 2, an environment error: CONTRACT.md)."""

    exit_code = 2


class BundleFileError(YdpError):
    """The file cannot be read or written (exit 2)."""

    exit_code = 2


DAMAGED = "꾸러미 파일이 손상되었거나 잘렸습니다"


def damaged(detail: str = "") -> BundleRefused:
    return BundleRefused(f"{DAMAGED}{f' ({detail})' if detail else ''}. 데이터베이스는 그대로입니다. "
                         "내보낸 기기에서 다시 내보내세요.")


# --- keys ----------------------------------------------------------------------------------


def normalize_passphrase(passphrase: str) -> bytes:
    """UTF-8 of the NFC form: a Korean passphrase typed on macOS (NFD) equals the same typed on Linux."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


@lru_cache(maxsize=32)
def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(secret)


def derive(passphrase: str, salt: bytes, n: int = KDF_N, r: int = KDF_R, p: int = KDF_P) -> tuple[bytes, bytes]:
    """(AES key, check key) from the passphrase (cached per process: scrypt is slow on purpose)."""
    out = _derive(normalize_passphrase(passphrase), salt, n, r, p)
    return out[:32], out[32:]


def key_check(check_key: bytes) -> str:
    return _b64(hashlib.sha256(b"ydp-bundle-key-check" + check_key).digest())


_salts: dict[bytes, bytes] = {}
_salt_lock = threading.Lock()


def _salt_for(passphrase: str) -> bytes:
    """One random salt per passphrase and process: a desk exporting several bundles derives the
    key once (each bundle still has its own random nonce)."""
    secret = hashlib.sha256(normalize_passphrase(passphrase)).digest()
    with _salt_lock:
        if secret not in _salts:
            _salts[secret] = os.urandom(16)
        return _salts[secret]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise damaged(f"manifest의 {what}")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise damaged(f"manifest의 {what}") from None


# --- writing -------------------------------------------------------------------------------


def _inner_zip(members: Mapping[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as zf:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content, compresslevel=5)
    return buf.getvalue()


def write(path: Path, manifest: dict[str, Any], members: Mapping[str, bytes], passphrase: str) -> dict[str, Any]:
    """Encrypt ``members`` under ``passphrase`` and write the bundle atomically (a temporary file
    beside ``path``, then renamed).  Returns the manifest as written."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = _salt_for(passphrase)
    key, check = derive(passphrase, salt)
    nonce = os.urandom(12)
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["format_version"] = FORMAT_VERSION
    manifest["members"] = {name: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                           for name, content in members.items()}
    manifest["encryption"] = {"cipher": "AES-256-GCM", "kdf": "scrypt", "n": KDF_N, "r": KDF_R, "p": KDF_P,
                              "salt": _b64(salt), "nonce": _b64(nonce), "key_check": key_check(check)}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    sealed = AESGCM(key).encrypt(nonce, _inner_zip(members), manifest_bytes)

    content = container(manifest_bytes, sealed)
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ydpb-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise BundleFileError(f"꾸러미를 저장할 수 없습니다: {path} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BundleFileError(f"꾸러미를 저장할 수 없습니다: {path} ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest


# The outer zip is written here, byte for byte (two stored members, fixed times and attributes),
# not by ``zipfile``: the reader rebuilds it from the manifest and payload and compares, so every
# byte of the file is covered by the encryption's check, whichever Python wrote it.
_DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1
_ATTR = 0o100600 << 16


def container(manifest_bytes: bytes, payload: bytes) -> bytes:
    local = bytearray()
    central = bytearray()
    for name, data in ((MANIFEST.encode("ascii"), manifest_bytes), (PAYLOAD.encode("ascii"), payload)):
        crc = zlib.crc32(data)
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, _DOS_DATE, crc, len(data), len(data),
                             len(name), 0) + name + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, 0, 0, 0, _DOS_DATE, crc, len(data),
                               len(data), len(name), 0, 0, 0, 0, _ATTR, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 2, 2, len(central), len(local), 0)
    return bytes(local + central + end)


# --- reading -------------------------------------------------------------------------------


@dataclass
class Sealed:
    """A bundle file read and its manifest parsed, not yet decrypted."""

    path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes
    payload: bytes


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise damaged(f"{info.filename}이(가) 너무 큽니다")
    try:
        with zf.open(info) as fh:
            content = fh.read(cap + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise damaged(f"{info.filename}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and friends: the file is damaged
        raise damaged(f"{info.filename}: {type(exc).__name__}") from None
    if len(content) > cap:
        raise damaged(f"{info.filename}이(가) 너무 큽니다")
    return content


def _members(raw: bytes, expected: set[str], caps: Mapping[str, int]) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise damaged(str(exc) or type(exc).__name__) from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if sorted(names) != sorted(expected) or len(set(names)) != len(names):
            raise damaged("들어 있는 파일이 꾸러미의 것이 아닙니다")
        return {i.filename: _read_member(zf, i, caps.get(i.filename, MAX_MEMBER)) for i in infos}


def read(path: Path) -> Sealed:
    """Read the file and its manifest (no passphrase needed); checks sizes, never the content."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BundleFileError(f"꾸러미 파일이 없습니다: {path}") from None
    except OSError as exc:
        raise BundleFileError(f"꾸러미 파일을 읽을 수 없습니다: {path} ({exc.strerror or exc})") from None
    if path.is_dir():
        raise BundleFileError(f"꾸러미 파일이 아니라 폴더입니다: {path}")
    if size > MAX_FILE:
        raise BundleRefused(f"꾸러미 파일이 너무 큽니다 ({size:,} 바이트, 최대 {MAX_FILE:,}): {path}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BundleFileError(f"꾸러미 파일을 읽을 수 없습니다: {path} ({exc.strerror or exc})") from None
    if not raw.startswith(b"PK"):
        raise BundleRefused(f"꾸러미(.ydpb) 파일이 아닙니다: {path}")
    members = _members(raw, {MANIFEST, PAYLOAD}, {MANIFEST: MAX_MANIFEST, PAYLOAD: MAX_PAYLOAD})
    manifest_bytes = members[MANIFEST]
    if container(manifest_bytes, members[PAYLOAD]) != raw:
        raise damaged("파일 구조가 꾸러미 형식과 다릅니다")
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise damaged("manifest.json을 읽을 수 없습니다") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleRefused(f"ydp-tui 동기화 꾸러미가 아닙니다: {path}")
    version = manifest.get("format_version")
    if not isinstance(version, int):
        raise damaged("manifest의 format_version")
    if version > FORMAT_VERSION:
        raise BundleRefused(f"더 새로운 버전의 ydp-tui가 만든 꾸러미입니다 (형식 {version}, 이 앱은 {FORMAT_VERSION}까지). "
                            "앱을 업데이트한 뒤 가져오세요. 데이터베이스는 그대로입니다.")
    return Sealed(path, manifest, manifest_bytes, members[PAYLOAD])


def _param(enc: Mapping[str, Any], name: str, bounds: tuple[int, int]) -> int:
    value = enc.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not bounds[0] <= value <= bounds[1]:
        raise damaged(f"manifest의 암호 설정 {name}")
    return value


def decrypt(sealed: Sealed, passphrase: str) -> dict[str, bytes]:
    """Check the passphrase, decrypt and verify every inner member against the manifest."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    enc = sealed.manifest.get("encryption")
    if not isinstance(enc, dict) or enc.get("cipher") != "AES-256-GCM" or enc.get("kdf") != "scrypt":
        raise damaged("manifest의 암호 방식")
    n = _param(enc, "n", KDF_N_RANGE)
    if n & (n - 1):
        raise damaged("manifest의 암호 설정 n")
    r, p = _param(enc, "r", KDF_R_RANGE), _param(enc, "p", KDF_P_RANGE)
    salt, nonce = _unb64(enc.get("salt"), "salt"), _unb64(enc.get("nonce"), "nonce")
    if len(salt) < 8 or len(nonce) != 12:
        raise damaged("manifest의 salt/nonce")
    if not passphrase:
        raise PassphraseError("꾸러미 암호가 없습니다 (YDP_BUNDLE_PASSPHRASE, --passphrase-file, 또는 입력)")
    key, check = derive(passphrase, salt, n, r, p)
    if not isinstance(enc.get("key_check"), str) or not hmac.compare_digest(enc["key_check"], key_check(check)):
        raise PassphraseError("꾸러미 암호가 맞지 않습니다. 데이터베이스는 그대로입니다.")
    try:
        inner = AESGCM(key).decrypt(nonce, sealed.payload, sealed.manifest_bytes)
    except InvalidTag:
        raise damaged("암호문 검증 실패: 파일이 바뀌었습니다") from None
    listed = sealed.manifest.get("members")
    if not isinstance(listed, dict) or not listed:
        raise damaged("manifest의 members")
    members = _members(inner, set(listed), {})
    for name, content in members.items():
        meta = listed[name]
        if not isinstance(meta, dict) or meta.get("size") != len(content) or \
                meta.get("sha256") != hashlib.sha256(content).hexdigest():
            raise damaged(f"{name}의 SHA-256이 manifest와 다릅니다")
    return members


def passphrase_verifier(passphrase: str, salt: bytes | None = None) -> str:
    """``salt:hash`` a database keeps to tell whether a passphrase is the one it used before."""
    salt = salt or _salt_for(passphrase)
    _, check = derive(passphrase, salt)
    return f"{_b64(salt)}:{key_check(check)}"


def verifier_matches(verifier: str, passphrase: str) -> bool:
    salt_text, _, digest = verifier.partition(":")
    try:
        salt = base64.b64decode(salt_text, validate=True)
    except ValueError:
        return False
    _, check = derive(passphrase, salt)
    return hmac.compare_digest(digest, key_check(check))
