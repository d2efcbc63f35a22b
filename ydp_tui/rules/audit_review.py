"""What the monthly access-log review (접속기록 점검) points out (pure).

Flags: ``대량`` (an export or list of at least ``bulk_rows`` records), ``시간 외`` (outside
working hours, Seoul time), ``계정`` (an operator account was created or changed),
``로그인 실패`` (a wrong PIN or a locked account), ``관리`` (a backup made by hand, restore, key rotation,
erasure, log clean-up).  The thresholds are policy data (``audit_review``).
"""

from __future__ import annotations

from dataclasses import dataclass

BULK, AFTER_HOURS, ACCOUNT, SIGNIN, ADMIN = "대량", "시간 외", "계정", "로그인 실패", "관리"
FLAGS = (BULK, AFTER_HOURS, ACCOUNT, SIGNIN, ADMIN)
BULK_ACTIONS = ("export", "print", "search")
ADMIN_ACTIONS = ("restore", "keys", "erase", "backup")
SIGNIN_FAILURES = ("PIN 틀림", "잠김", "사용 중지")


@dataclass(frozen=True)
class ReviewPolicy:
    bulk_rows: int = 100
    work_start_hour: int = 8
    work_end_hour: int = 20


def flags(*, action: str, entity: str, count: int | None, local_hour: int, detail: str,
          policy: ReviewPolicy) -> list[str]:
    out: list[str] = []
    if action in BULK_ACTIONS and count is not None and count >= policy.bulk_rows:
        out.append(BULK)
    if not policy.work_start_hour <= local_hour < policy.work_end_hour:
        out.append(AFTER_HOURS)
    if entity == "operator" and action != "login":
        out.append(ACCOUNT)
    if action == "login" and any(detail.startswith(s) for s in SIGNIN_FAILURES):
        out.append(SIGNIN)
    automatic = detail.startswith("자동")
    if (action in ADMIN_ACTIONS and not automatic) or (entity == "audit_log" and action == "delete"):
        out.append(ADMIN)
    return out
