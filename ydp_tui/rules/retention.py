"""Retention (보관기간) and erasure (파기) dates (pure).

A record's retention runs from its last activity (the later of when it was registered or
last changed, or a note added); once that many years have passed it is due for erasure.
Periods are policy data (``retention``, ``consent.retention_years``).
"""

from __future__ import annotations

import datetime as dt

# 개인정보의 안전성 확보조치 기준 제8조: access logs are kept at least two years when a
# controller handles many people's data; a policy may keep them longer, never shorter.
AUDIT_LOG_MIN_YEARS = 2


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def expires_on(last_activity: dt.date, years: int) -> dt.date:
    """The first day the record is past its retention."""
    return add_years(last_activity, years)


def is_due(last_activity: dt.date, years: int, today: dt.date) -> bool:
    return today >= expires_on(last_activity, years)


def audit_years(policy_years: int | None) -> int:
    """How long the access log is kept: the policy's years, never under the legal minimum."""
    return max(int(policy_years or 0), AUDIT_LOG_MIN_YEARS)


def audit_cutoff(today: dt.date, policy_years: int | None) -> dt.date:
    """Entries from before this day may be removed."""
    return add_years(today, -audit_years(policy_years))


def mask_name(name: str | None) -> str:
    """Enough of a name to tell records apart in a list, no more: 김민수 -> 김*수, 홍길 -> 홍*."""
    if not name:
        return "(파기됨)"
    text = name.strip()
    if len(text) <= 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]
