"""Parsing and validation of what people type or import.

Every function takes raw text (or a value read from a spreadsheet cell) and returns the
normalised value, or raises :class:`Invalid` with a Korean sentence that does not name
the field: the caller adds the field name (a form puts the sentence beside the field,
an import prefixes ``행 12: 생년월일``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal


class Invalid(ValueError):
    """A value that cannot be accepted; ``str(exc)`` is the Korean reason."""


def _q(raw: object) -> str:
    return f"'{raw}'"


# --- dates ---------------------------------------------------------------------------

_DATE_SEP = re.compile(r"^\s*(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?\s*$")
_DATE_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(raw: object) -> dt.date:
    """Accept ``2024-05-31``, ``2024.5.31``, ``2024. 5. 31.``, ``20240531`` (and ``/``)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("날짜가 비어 있습니다")
    m = _DATE_SEP.match(text) or _DATE_COMPACT.match(text)
    if not m:
        raise Invalid(f"{_q(text)}을(를) 날짜로 읽을 수 없습니다 (예: 2024-05-31)")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise Invalid(f"{_q(text)}을(를) 날짜로 읽을 수 없습니다 (없는 날짜)") from None


def parse_birth_date(raw: object, today: dt.date) -> dt.date:
    d = parse_date(raw)
    if d > today:
        raise Invalid(f"{_q(format_date(d))}은(는) 미래의 날짜입니다")
    if d.year < 1900:
        raise Invalid(f"{_q(format_date(d))}은(는) 생년월일로 너무 이릅니다")
    return d


def format_date(d: dt.date | None) -> str:
    return "" if d is None else d.isoformat()


def format_date_official(d: dt.date) -> str:
    """Dates in official text: ``2024. 5. 31.``"""
    return f"{d.year}. {d.month}. {d.day}."


def age_on(birth: dt.date, on: dt.date) -> int:
    """만 나이 on a date: a birthday on that day counts."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day ``months`` later; when that day does not exist, the month's last day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- times of day ---------------------------------------------------------------------

_TIME = re.compile(r"(\d{1,2})\s*[:.시]\s*(?:(\d{1,2})\s*분?)?")


def parse_time(raw: object) -> str:
    """``10:00``, ``10``, ``1000``, ``9:30``, ``10시``, ``10시 30분`` → ``HH:MM`` (00:00..24:00)."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("시각이 비어 있습니다")
    m = _TIME.fullmatch(text)
    if m:
        hour, minute = int(m[1]), int(m[2] or 0)
    elif re.fullmatch(r"\d{1,2}", text):
        hour, minute = int(text), 0
    elif re.fullmatch(r"\d{3,4}", text):
        hour, minute = int(text[:-2]), int(text[-2:])
    else:
        raise Invalid(f"'{text}'을(를) 시각으로 읽을 수 없습니다 (예: 10:00, 13:30)")
    if not (0 <= hour <= 24 and 0 <= minute < 60) or (hour == 24 and minute):
        raise Invalid(f"'{text}'은(는) 없는 시각입니다 (00:00~24:00)")
    return f"{hour:02d}:{minute:02d}"


# --- phones --------------------------------------------------------------------------

_MOBILE = re.compile(r"^(01[016789])(\d{3,4})(\d{4})$")


def phone_digits(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


def normalize_mobile(raw: object) -> str:
    """``01012345678``, ``010 1234 5678``, ``+82 10-1234-5678`` → ``010-1234-5678``."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("휴대전화 번호가 비어 있습니다")
    if re.search(r"[^\d\s\-+().]", text):
        raise Invalid(f"{_q(text)}은(는) 휴대전화 번호가 아닙니다 (예: 010-1234-5678)")
    digits = phone_digits(text)
    if text.lstrip().startswith("+82") or (digits.startswith("82") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits.startswith("10"):
        digits = "0" + digits  # a number typed without its leading zero (Excel drops it)
    m = _MOBILE.match(digits)
    if not m or (m[1] == "010" and len(m[2]) != 4):
        raise Invalid(f"{_q(text)}은(는) 휴대전화 번호가 아닙니다 (예: 010-1234-5678)")
    return f"{m[1]}-{m[2]}-{m[3]}"


_PHONE = re.compile(r"^(02|0[3-6][1-5]|070|080|15\d\d|16\d\d|18\d\d|01[016789])(\d{3,4})(\d{4})$")


def normalize_phone(raw: object) -> str:
    """Any Korean phone number (landline, mobile, 1588-…) in its dashed form."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("전화번호가 비어 있습니다")
    digits = phone_digits(text)
    if re.fullmatch(r"1[568]\d{6}", digits):
        return f"{digits[:4]}-{digits[4:]}"
    m = _PHONE.match(digits)
    if not m or re.search(r"[^\d\s\-+().]", text):
        raise Invalid(f"{_q(text)}은(는) 전화번호가 아닙니다 (예: 02-1234-5678)")
    return f"{m[1]}-{m[2]}-{m[3]}"


# --- 사업자등록번호 -----------------------------------------------------------------------

_BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    total = sum(a * w for a, w in zip(d, _BRN_WEIGHTS))
    total += (d[8] * 5) // 10
    return (10 - total % 10) % 10 == d[9]


def normalize_brn(raw: object) -> str:
    """사업자등록번호 ``1234567890`` or ``123-45-67890`` → ``123-45-67890`` (check digit verified)."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("사업자등록번호가 비어 있습니다")
    digits = phone_digits(text)
    if len(digits) != 10 or re.search(r"[^\d\s\-]", text):
        raise Invalid(f"{_q(text)}은(는) 10자리 사업자등록번호가 아닙니다 (예: 123-45-67890)")
    if not brn_check_ok(digits):
        raise Invalid(f"{_q(text)}의 검증번호가 맞지 않습니다 (사업자등록번호를 다시 확인하세요)")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


# --- record numbers ------------------------------------------------------------------------

_RECORD_NO = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_/]{0,29}$")


def normalize_application_no(raw: object) -> str:
    """A 신청번호 as another system gave it (a website, a 동 주민센터 sheet): letters, digits, ``-``."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("신청번호가 비어 있습니다")
    if not _RECORD_NO.match(text):
        raise Invalid(f"'{text}'은(는) 신청번호로 쓸 수 없습니다 (영문ㆍ숫자ㆍ-, 30자 이내)")
    return text


# --- numbers and amounts ---------------------------------------------------------------


def parse_int(raw: object, *, minimum: int | None = None, maximum: int | None = None,
              unit: str = "") -> int:
    """Integers as typed: ``27300``, ``27,300``, ``27,300원``; floats from Excel if whole."""
    if isinstance(raw, bool):
        raise Invalid(f"{_q(raw)}은(는) 숫자가 아닙니다")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise Invalid(f"{_q(raw)}은(는) 정수가 아닙니다")
        value = int(raw)
    else:
        text = "" if raw is None else str(raw).strip()
        if not text:
            raise Invalid("값이 비어 있습니다")
        cleaned = text.replace(",", "").replace(" ", "")
        if unit and cleaned.endswith(unit):
            cleaned = cleaned[: -len(unit)]
        if cleaned.endswith(".0"):
            cleaned = cleaned[:-2]
        if not re.fullmatch(r"-?\d+", cleaned):
            raise Invalid(f"{_q(text)}은(는) 숫자가 아닙니다")
        value = int(cleaned)
    if minimum is not None and value < minimum:
        raise Invalid(f"{format_number(value)}{unit}은(는) {format_number(minimum)}{unit} 이상이어야 합니다")
    if maximum is not None and value > maximum:
        raise Invalid(f"{format_number(value)}{unit}은(는) {format_number(maximum)}{unit} 이하여야 합니다")
    return value


def parse_amount(raw: object, *, minimum: int = 0, maximum: int | None = None) -> int:
    """Money in whole won."""
    return parse_int(raw, minimum=minimum, maximum=maximum, unit="원")


_YES = {"y", "yes", "예", "네", "o", "1", "true", "있음", "해당"}
_NO = {"n", "no", "아니오", "아니요", "x", "0", "false", "없음", "미해당", ""}


def parse_yes_no(raw: object, *, empty: bool | None = False) -> bool:
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if text == "" and empty is not None:
        return empty
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Invalid(f"{_q(raw)}은(는) Y/N(예/아니오)이 아닙니다")


def format_number(n: int) -> str:
    return f"{n:,}"


def format_won(n: int | None) -> str:
    return "" if n is None else f"{n:,}원"


def half_up(value: Decimal | int | float | str, places: int = 0) -> Decimal:
    """Round half up (not Python's banker's rounding): 40.05 → 40.1, 2.5 → 3."""
    q = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage with one decimal, half up; None when there is no base."""
    if not denominator:
        return None
    return float(half_up(Decimal(numerator) * 100 / Decimal(denominator), 1))


def format_rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


# --- names and free text -----------------------------------------------------------------

NAME_MAX = 50


def normalize_name(raw: object) -> str:
    """A person's name as given: Hangul or Latin letters, spaces allowed. Never reject a real name."""
    text = "" if raw is None else str(raw)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if not text:
        raise Invalid("성명이 비어 있습니다")
    if len(text) > NAME_MAX:
        raise Invalid(f"성명이 너무 깁니다 ({NAME_MAX}자 이내)")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise Invalid("성명에 쓸 수 없는 제어 문자가 있습니다")
    if not any(unicodedata.category(ch).startswith("L") for ch in text):
        raise Invalid(f"{_q(text)}에 글자가 없습니다")
    return text


def clean_text(raw: object, *, max_length: int = 200) -> str:
    text = "" if raw is None else str(raw).strip()
    text = "".join(ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    text = unicodedata.normalize("NFC", text)
    if len(text) > max_length:
        raise Invalid(f"{max_length}자 이내로 입력하세요 (지금 {len(text)}자)")
    return text


def split_list(raw: object) -> list[str]:
    """A list inside one cell, separated by ``;`` (commas and newlines accepted too)."""
    text = "" if raw is None else str(raw)
    parts = re.split(r"[;,\n]", text)
    seen: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if p and p not in seen:
            seen.append(p)
    return seen


def join_list(items: list[str] | tuple[str, ...]) -> str:
    return ";".join(items)


def choice(raw: object, allowed: list[str] | tuple[str, ...], *, default: str | None = None) -> str:
    text = "" if raw is None else " ".join(str(raw).split())
    if not text and default is not None:
        return default
    if text in allowed:
        return text
    if len(allowed) > 8:
        raise Invalid(f"{_q(text)}은(는) 목록에 없는 값입니다 ({', '.join(allowed[:3])} 등 {len(allowed)}개 중 하나)")
    raise Invalid(f"{_q(text)}은(는) 허용되지 않는 값입니다 ({'/'.join(allowed)} 중 하나)")
