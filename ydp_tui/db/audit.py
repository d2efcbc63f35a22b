"""The access log (접속기록): append-only, hash-chained.

Each entry's hash covers its content and the previous entry's hash, so changing or
removing an entry breaks the chain from there on (:func:`verify`).  Appends lock the
chain's head row, so concurrent desks never fork it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ydp_tui import clock
from ydp_tui.db.models import AuditEntry, AuditHead

ACTIONS = {
    "view": "조회", "search": "검색", "create": "등록", "update": "수정", "delete": "삭제",
    "import": "가져오기", "export": "내보내기", "erase": "파기", "login": "접속", "print": "출력",
}


def _digest(prev_hash: str, fields: list[Any]) -> str:
    payload = json.dumps([prev_hash, *fields], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _fields(seq: int, at: str, operator: str, machine: str, action: str, entity: str,
            row_id: str | None, subject: str | None, detail: str) -> list[Any]:
    return [seq, at, operator, machine, action, entity, row_id, subject, detail]


def record(session: Session, action: str, entity: str, *, row_id: str | None = None,
           subject: str | None = None, detail: str = "") -> None:
    """Append one entry in the caller's transaction."""
    ctx = session.info["ydp"]
    conn = session.connection()
    head = conn.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
    ).one()
    seq = head.seq + 1
    at = clock.now()
    fields = _fields(seq, at.isoformat(), ctx.operator, ctx.machine, action, entity, row_id, subject, detail)
    digest = _digest(head.hash, fields)
    conn.execute(
        AuditEntry.__table__.insert(),
        {"seq": seq, "at": at, "operator": ctx.operator, "machine": ctx.machine, "action": action,
         "entity": entity, "row_id": row_id, "subject": subject, "detail": detail,
         "prev_hash": head.hash, "hash": digest},
    )
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=seq, hash=digest))


def verify(session: Session) -> int | None:
    """The first entry whose hash or link is wrong, or None when the chain is intact."""
    prev = "0" * 64
    last_seq = 0
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        fields = _fields(e.seq, e.at.isoformat(), e.operator, e.machine, e.action, e.entity,
                         e.row_id, e.subject, e.detail)
        if e.seq != last_seq + 1 or e.prev_hash != prev or _digest(prev, fields) != e.hash:
            return e.seq
        prev, last_seq = e.hash, e.seq
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one_or_none()
    if head is not None and (head.seq != last_seq or head.hash != prev):
        return last_seq + 1
    return None
