"""KECO (한국고용직업분류 2018) codes: validation, names and prefix matching."""

from __future__ import annotations

from collections.abc import Mapping

from ydp_tui.rules.validation import Invalid, split_list


def normalize_code(raw: str, names: Mapping[str, str]) -> str:
    """A 2-digit 중분류, 3-digit 소분류 or 4-digit 세분류 whose 중분류 exists."""
    code = raw.strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise Invalid(f"'{raw}'은(는) 직종코드가 아닙니다 (2~4자리 숫자, 예: 53)")
    if code[:2] not in names:
        raise Invalid(f"'{raw}'은(는) 없는 직종코드입니다 (중분류 {code[:2]} 없음)")
    return code


def parse_codes(raw: object, names: Mapping[str, str]) -> list[str]:
    return [normalize_code(c, names) for c in split_list(raw)]


def describe(code: str, names: Mapping[str, str]) -> str:
    """The most specific name we know for a code: ``5301`` → ``5301 음식 서비스직``."""
    for n in range(len(code), 0, -1):
        if code[:n] in names:
            return f"{code} {names[code[:n]]}"
    return code


def common_level(a: str, b: str) -> int:
    """Length of the shared prefix of two codes, compared at 2 (중분류), 3 (소분류), 4 (세분류).

    Returns 4, 3, 2, or 0 when they do not share a 중분류.
    """
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n if n >= 2 else 0
