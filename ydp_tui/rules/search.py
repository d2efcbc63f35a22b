"""Turning what a counselor types into a pattern over ``name_key`` (pure)."""

from __future__ import annotations

from ydp_tui.rules.hangul import CHO, fold, is_cho

_GLOB_SPECIAL = {"*": "[*]", "?": "[?]", "[": "[[]"}


def _syllable_range(jamo: str) -> tuple[str, str]:
    i = CHO.index(jamo)
    first = 0xAC00 + i * 588
    return chr(first), chr(first + 587)


def glob_pattern(query: str) -> str:
    """SQLite GLOB matching a name (folded) that contains the query, jamo as syllable ranges.

    "김ㅁ" → ``*김[마-밓]*``.  Matched against ``name_key`` (``fold(name)|초성``) it finds
    김민수 and not 강민수.
    """
    parts = []
    for ch in fold(query):
        if is_cho(ch):
            lo, hi = _syllable_range(ch)
            parts.append(f"[{ch}{lo}-{hi}]")
        else:
            parts.append(_GLOB_SPECIAL.get(ch, ch))
    return "*" + "".join(parts) + "*"


def regex_pattern(query: str) -> str:
    """The same pattern as a POSIX regular expression (PostgreSQL ``~``)."""
    import re

    parts = []
    for ch in fold(query):
        if is_cho(ch):
            lo, hi = _syllable_range(ch)
            parts.append(f"[{ch}{lo}-{hi}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def prefix_glob(query: str) -> str:
    return glob_pattern(query)[1:]
