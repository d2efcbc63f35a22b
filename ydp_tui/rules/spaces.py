"""Shared spaces: times of day, overlaps, the day's slots, use statistics.  Pure: no I/O.

Times are ``HH:MM`` strings (zero-padded, 24-hour), so they compare as text the same way they
compare as times, in Python and in SQL.  A booking is the half-open interval [from, to): one
ending at 12:00 and one starting at 12:00 do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.validation import half_up

BOOKING_STATUSES = ("예약", "이용", "취소")
HOLDING = ("예약", "이용")           # statuses that hold the slot
USE_KINDS = ("예약 이용", "자유 이용")
SLOT_MINUTES = 30                    # the day view's grid


def _one(ctx: ParseContext) -> int:
    return 1


BOOKING_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("day", "날짜", "date", required=True, placeholder="예: 2024-06-03"),
    FieldSpec("time_from", "시작", "time", required=True, placeholder="예: 10:00"),
    FieldSpec("time_to", "끝", "time", required=True, placeholder="예: 12:00"),
    FieldSpec("booked_by", "예약자", "name", required=True, max_length=50, placeholder="성명"),
    FieldSpec("phone", "휴대전화", "mobile", placeholder="연락할 번호 (선택)"),
    FieldSpec("headcount", "인원", "int", minimum=1, maximum=999, default=_one, placeholder="명, 비우면 1"),
    FieldSpec("purpose", "용도", "text", max_length=100, placeholder="예: 팀 회의, 영상 촬영"),
)

USE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("used_on", "날짜", "past_date", required=True),
    FieldSpec("headcount", "인원", "int", required=True, minimum=1, maximum=9999, placeholder="명"),
    FieldSpec("time_from", "시작", "time", placeholder="선택, 예: 14:00"),
    FieldSpec("time_to", "끝", "time", placeholder="선택"),
    FieldSpec("note", "비고", "text", max_length=200),
)


def minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:5])


def from_minutes(n: int) -> str:
    return f"{n // 60:02d}:{n % 60:02d}"


def overlaps(a_from: str, a_to: str, b_from: str, b_to: str) -> bool:
    """Half-open intervals: touching ends do not overlap."""
    return a_from < b_to and b_from < a_to


def check_times(time_from: str, time_to: str, open_from: str, open_to: str) -> dict[str, str]:
    """Errors by field label (시작, 끝) for a booking's times in a space open [open_from, open_to]."""
    errors: dict[str, str] = {}
    hours = f"운영 시간({open_from}~{open_to})"
    if time_from < open_from or time_from >= open_to:
        errors["시작"] = f"{time_from}은(는) {hours} 밖입니다"
    if time_to <= time_from:
        errors["끝"] = f"끝 시각({time_to})이 시작 시각({time_from})보다 늦어야 합니다"
    elif time_to > open_to:
        errors["끝"] = f"{time_to}은(는) {hours} 밖입니다"
    return errors


def slots(open_from: str, open_to: str, step: int = SLOT_MINUTES) -> list[tuple[str, str]]:
    """The day's grid: [(from, to)] of ``step`` minutes from opening to closing."""
    out = []
    start, end = minutes(open_from), minutes(open_to)
    while start < end:
        out.append((from_minutes(start), from_minutes(min(start + step, end))))
        start += step
    return out


def busy_slots(intervals: Iterable[tuple[str, str]], grid: Sequence[tuple[str, str]]) -> list[bool]:
    """For each grid slot: is any part of it taken by one of the intervals?"""
    taken = list(intervals)
    return [any(overlaps(a, b, f, t) for f, t in taken) for a, b in grid]


def free_ranges(intervals: Iterable[tuple[str, str]], open_from: str, open_to: str) -> list[tuple[str, str]]:
    """The free parts of a day between the given (holding) bookings."""
    out = []
    cursor = open_from
    for f, t in sorted(intervals):
        if f > cursor:
            out.append((cursor, min(f, open_to)))
        cursor = max(cursor, t)
    if cursor < open_to:
        out.append((cursor, open_to))
    return [(a, b) for a, b in out if a < b]


@dataclass(frozen=True)
class Interval:
    key: str
    time_from: str
    time_to: str


def clashes(items: Sequence[Interval]) -> set[str]:
    """Keys of intervals that overlap another one (two desks offline booked the same slot and
    the bookings met by sync): the day view flags them so staff can settle it."""
    out: set[str] = set()
    ordered = sorted(items, key=lambda i: (i.time_from, i.time_to))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.time_from >= a.time_to:
                break
            out.update((a.key, b.key))
    return out


def daily_average(people: int, days: int) -> int | None:
    """Users per day of use, rounded half up to a whole person; None without days."""
    if not days:
        return None
    return int(half_up(Decimal(people) / Decimal(days)))


def duration_text(time_from: str, time_to: str) -> str:
    n = minutes(time_to) - minutes(time_from)
    hours, rest = divmod(n, 60)
    if not rest:
        return f"{hours}시간"
    return f"{hours}시간 {rest}분" if hours else f"{rest}분"
