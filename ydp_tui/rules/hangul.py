"""Hangul helpers: 초성 (initial consonant) extraction and as-you-type name matching.

A query matches a name when, at some position, each query character matches the
name's character there: a complete syllable must be equal, a lone consonant jamo
(ㄱ, ㄴ, …) matches any syllable that starts with it, anything else compares
case-insensitively.  So "ㄱㅁㅅ", "김ㅁ", "김민수" and "민수" all find 김민수.
"""

from __future__ import annotations

CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_CHO_SET = frozenset(CHO)
_SYL_FIRST = 0xAC00
_SYL_LAST = 0xD7A3


def is_syllable(ch: str) -> bool:
    return _SYL_FIRST <= ord(ch) <= _SYL_LAST


def is_cho(ch: str) -> bool:
    """A lone initial-consonant jamo (compatibility block, as an IME types it)."""
    return ch in _CHO_SET


def chosung(text: str) -> str:
    """Replace each Hangul syllable with its 초성; lower-case everything else.

    >>> chosung("김민수")
    'ㄱㅁㅅ'
    >>> chosung("NGUYEN Thi")
    'nguyen thi'
    """
    out = []
    for ch in text:
        code = ord(ch)
        if _SYL_FIRST <= code <= _SYL_LAST:
            out.append(CHO[(code - _SYL_FIRST) // 588])
        else:
            out.append(ch.lower())
    return "".join(out)


def fold(text: str) -> str:
    """Case-fold and collapse whitespace, for comparing names."""
    return " ".join(text.lower().split())


def _char_matches(q: str, c: str) -> bool:
    if q == c:
        return True
    if q in _CHO_SET:
        return is_syllable(c) and CHO[(ord(c) - _SYL_FIRST) // 588] == q
    return q.lower() == c.lower()


def match_position(query: str, name: str) -> int:
    """Index in ``name`` where ``query`` matches (see module doc), or -1."""
    q = fold(query)
    n = fold(name)
    if not q:
        return 0
    if len(q) > len(n):
        return -1
    # Fast path on the 초성 projection, then verify full syllables.
    qc, nc = chosung(q), chosung(n)
    start = nc.find(qc)
    while start != -1:
        if all(_char_matches(a, b) for a, b in zip(q, n[start : start + len(q)])):
            return start
        start = nc.find(qc, start + 1)
    return -1


def name_matches(query: str, name: str) -> bool:
    return match_position(query, name) >= 0


def query_kind(query: str) -> str:
    """'phone' when the query is made of digits (and dashes/spaces), else 'name'."""
    stripped = query.replace("-", "").replace(" ", "")
    if stripped and stripped.isdigit():
        return "phone"
    return "name"
