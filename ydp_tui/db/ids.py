"""UUIDv7 identifiers, made where a record is born (never derived from personal data)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7) as text.

    Within one millisecond a 12-bit counter keeps ids from one process increasing.
    """
    global _last_ms, _seq
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _seq += 1
            if _seq > 0xFFF:
                ms += 1
                _seq = 0
        else:
            _seq = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms = ms
        seq = _seq
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= seq << 64
    value |= 0b10 << 62
    value |= rand
    return str(uuid.UUID(int=value))


def stable_id(*parts: str) -> str:
    """A deterministic id for shipped reference rows (policy values), equal on every machine."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "ydp-tui:" + "/".join(parts)))
