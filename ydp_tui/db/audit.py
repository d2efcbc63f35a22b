"""The access log (접속기록): append-only, hash-chained.

Each entry's hash covers its content and the previous entry's hash, so changing or
removing an entry breaks the chain from there on (:func:`verify`).  Appends lock the
chain's head row, so concurrent desks never fork it.

Entries are kept at least as long as the policy ``retention.audit_log`` says (never under the
legal minimum, ``rules.retention.AUDIT_LOG_MIN_YEARS``); :func:`prune` removes older ones and
moves the chain's base (``audit_head.base_seq``/``base_hash``) so what remains still verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db.errors import Refused
from ydp_tui.db.models import AuditEntry, AuditHead

ACTIONS = {
    "view": "조회", "search": "검색", "create": "등록", "update": "수정", "delete": "삭제",
    "import": "가져오기", "export": "내보내기", "erase": "파기", "login": "접속", "print": "출력",
    "backup": "백업", "restore": "복원", "keys": "키 교체",
}
# Actions whose entries say how many records they touched (``count``).
COUNTED = ("export", "import", "print", "search", "backup")
_COUNT_IN_DETAIL = re.compile(r"(\d[\d,]*)\s*건")
ZERO_HASH = "0" * 64


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # = json.dumps(..., same options)


def _digest(prev_hash: str, fields: list[Any]) -> str:
    return hashlib.sha256(_ENCODE([prev_hash, *fields]).encode("utf-8")).hexdigest()


def _fields(seq: int, at: str, operator: str, machine: str, action: str, entity: str,
            row_id: str | None, subject: str | None, detail: str, count: int | None = None) -> list[Any]:
    fields: list[Any] = [seq, at, operator, machine, action, entity, row_id, subject, detail]
    if count is not None:  # entries written before the column existed hash without it
        fields.append(count)
    return fields


def count_in(detail: str) -> int | None:
    """The record count an export's detail states (``구직자.csv: 120건``), if any."""
    found = _COUNT_IN_DETAIL.search(detail or "")
    return int(found.group(1).replace(",", "")) if found else None


def record(session: Session, action: str, entity: str, *, row_id: str | None = None,
           subject: str | None = None, detail: str = "", count: int | None = None) -> None:
    """Append one entry in the caller's transaction.

    ``count``: how many records an export, import or list touched (read from ``detail``'s
    ``N건`` when not given), so the monthly review can flag bulk exports.
    """
    ctx = session.info["ydp"]
    conn = session.connection()
    head = conn.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
    ).one()
    if count is None and action in COUNTED:
        count = count_in(detail)
    seq = head.seq + 1
    at = clock.now()
    fields = _fields(seq, at.isoformat(), ctx.operator, ctx.machine, action, entity, row_id, subject, detail,
                     count)
    digest = _digest(head.hash, fields)
    conn.execute(
        AuditEntry.__table__.insert(),
        {"seq": seq, "at": at, "operator": ctx.operator, "machine": ctx.machine, "action": action,
         "entity": entity, "row_id": row_id, "subject": subject, "detail": detail, "count": count,
         "prev_hash": head.hash, "hash": digest},
    )
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=digest))


def log_read(db: Any, entity: str, *, count: int, detail: str) -> None:
    """A list of people written out (a command's output): one ``search`` entry with how many.

    ``detail`` says what was listed, never the search text (it may be a name)."""
    with db.write(audit_only=True) as session:
        record(session, "search", entity, detail=detail, count=count)


_COLUMNS = (AuditEntry.seq, AuditEntry.at, AuditEntry.operator, AuditEntry.machine, AuditEntry.action,
            AuditEntry.entity, AuditEntry.row_id, AuditEntry.subject, AuditEntry.detail, AuditEntry.count,
            AuditEntry.prev_hash, AuditEntry.hash)


@dataclass(frozen=True)
class Verification:
    first_bad: int | None  # the first entry whose hash or link is wrong; None when intact
    checked: int           # entries read
    base_seq: int          # entries up to this one were removed after their retention

    @property
    def ok(self) -> bool:
        return self.first_bad is None

    @property
    def message(self) -> str:
        if self.ok:
            base = f" ({self.base_seq:,}번까지는 보관기간이 지나 정리됨)" if self.base_seq else ""
            return f"접속기록 {self.checked:,}건: 위변조 없음{base}"
        return (f"접속기록 위변조가 의심됩니다: {self.first_bad:,}번 항목부터 내용이 바뀌었거나 "
                "빠졌습니다 (관리자에게 알리세요)")


def check(session: Session) -> Verification:
    """Walk the chain from its base; report the first entry that does not follow."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    base_seq = head.base_seq if head is not None else 0
    prev = head.base_hash if head is not None else ZERO_HASH
    last_seq = base_seq
    checked = 0
    rows = session.connection().execute(
        select(*_COLUMNS).order_by(AuditEntry.seq).execution_options(stream_results=True, yield_per=5000))
    for seq, at, operator, machine, action, entity, row_id, subject, detail, count, prev_hash, digest in rows:
        checked += 1
        if seq != last_seq + 1:  # an entry is missing (removed) before this one
            return Verification(last_seq + 1, checked, base_seq)
        fields = _fields(seq, at.isoformat(), operator, machine, action, entity, row_id, subject, detail, count)
        if prev_hash != prev or _digest(prev, fields) != digest:
            return Verification(seq, checked, base_seq)
        prev, last_seq = digest, seq
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return Verification(last_seq + 1, checked, base_seq)
    return Verification(None, checked, base_seq)


def verify(session: Session) -> int | None:
    """The first entry whose hash or link is wrong, or None when the chain is intact."""
    return check(session).first_bad


def prune(session: Session, before: dt.datetime) -> int:
    """Remove entries older than ``before`` (a whole prefix of the chain); returns how many.

    Refused when the chain does not verify: evidence of tampering is never thrown away.
    """
    result = check(session)
    if not result.ok:
        raise Refused(result.message + ". 정리하지 않았습니다.")
    first_kept = session.execute(select(func.min(AuditEntry.seq)).where(AuditEntry.at >= before)).scalar()
    if first_kept is None:
        first_kept = (session.execute(select(func.max(AuditEntry.seq))).scalar() or 0) + 1
    cutoff = first_kept - 1
    if cutoff <= result.base_seq:
        return 0
    last = session.execute(select(AuditEntry.hash).where(AuditEntry.seq == cutoff)).scalar_one()
    removed = session.execute(delete(AuditEntry).where(AuditEntry.seq <= cutoff)).rowcount or 0
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(base_seq=cutoff, base_hash=last))
    return removed
