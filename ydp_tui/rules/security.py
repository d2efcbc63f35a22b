"""Sign-in rules (pure): what a PIN must look like, and when wrong PINs lock an account.

The numbers (minimum length, failures allowed, minutes locked) are policy data
(``security`` in ``ydp_tui/data/policy.json``); these functions only apply them.
"""

from __future__ import annotations

import datetime as dt

PIN_MAX_LENGTH = 12  # a PIN, not a passphrase: what a keypad-trained hand types quickly


def pin_problem(pin: str, min_length: int) -> str | None:
    """Why ``pin`` cannot be used as a new PIN (Korean), or None when it can."""
    if not pin:
        return "PIN을 입력하세요"
    if not (pin.isascii() and pin.isdigit()):
        return "PIN은 숫자만 쓸 수 있습니다"
    if len(pin) < min_length:
        return f"PIN은 {min_length}자리 이상이어야 합니다"
    if len(pin) > PIN_MAX_LENGTH:
        return f"PIN은 {PIN_MAX_LENGTH}자리 이하여야 합니다"
    if len(set(pin)) == 1:
        return "같은 숫자만 되풀이한 PIN은 쓸 수 없습니다"
    steps = {(int(b) - int(a)) % 10 for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({1}, {9}):
        return "연속된 숫자(123456, 654321)는 PIN으로 쓸 수 없습니다"
    return None


def after_failure(failures: int, max_failures: int, lock_minutes: int,
                  now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Failures in a row after one more wrong PIN, and the lock it leads to (None: not locked).

    The count starts again once the account locks, so after the lock ends the person again
    has ``max_failures`` tries.
    """
    failures += 1
    if failures >= max_failures:
        return 0, now + dt.timedelta(minutes=lock_minutes)
    return failures, None


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and now < locked_until
