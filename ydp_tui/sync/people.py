"""Possible duplicate people: the same 성명 + 생년월일 registered as seekers on two machines.

Never merged silently.  A supervisor (permission ``merge_people``) merges a pair - the records
that point at the other seeker (counselling notes, and every other table's foreign key to a
seeker) are re-pointed to the kept one and the other is tombstoned, all as synced changes -
or dismisses it (다른 사람), which travels too (``person_review``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui.db import audit, roles
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import PersonReview, Seeker, synced_tables

DIFFERENT, MERGED = "다른 사람", "병합"
LIMIT = 500


@dataclass(frozen=True)
class Person:
    id: str
    seeker_no: str
    name: str
    birth_date: dt.date | None
    phone: str
    dong: str
    status: str
    registered_on: dt.date
    created_by: str
    version: int
    notes: int


@dataclass(frozen=True)
class Pair:
    a: Person
    b: Person

    @property
    def key(self) -> tuple[str, str]:
        return (self.a.id, self.b.id)


def _machine(seeker_no: str) -> str:
    return seeker_no.partition("-")[0]


def _pair_id(a: str, b: str) -> str:
    x, y = sorted((a, b))
    return stable_id("person-review", x, y)


_COLS = (Seeker.id, Seeker.seeker_no, Seeker.name_key, Seeker.birth_date)


def _groups(session: Session, seeker_ids: list[str] | None) -> list[list[Any]]:
    """Live seekers sharing 성명 (folded) + 생년월일, registered on more than one machine: each
    group as rows of (id, seeker_no, name_key, birth_date), by 구직번호."""
    conn = session.connection()
    live = (Seeker.deleted.is_(False), Seeker.birth_date.is_not(None), Seeker.name_key != "")
    if seeker_ids is not None:
        keys: set[str] = set()
        for i in range(0, len(seeker_ids), 500):
            keys.update(conn.execute(select(Seeker.name_key).where(Seeker.id.in_(seeker_ids[i:i + 500]), *live))
                        .scalars())
        wanted = sorted(keys)
    else:
        wanted = sorted(set(conn.execute(select(Seeker.name_key).where(*live)
                                         .group_by(Seeker.name_key, Seeker.birth_date)
                                         .having(func.count() > 1)).scalars()))
    by_key: dict[tuple[str, dt.date], list[Any]] = {}
    for i in range(0, len(wanted), 500):
        for r in conn.execute(select(*_COLS).where(Seeker.name_key.in_(wanted[i:i + 500]), *live)):
            by_key.setdefault((r.name_key, r.birth_date), []).append(r)
    groups = []
    for members in by_key.values():
        if len(members) > 1 and len({_machine(m.seeker_no) for m in members}) > 1:
            groups.append(sorted(members, key=lambda m: m.seeker_no))
    return groups


def _dismissed(session: Session, pair_ids: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(pair_ids), 500):
        out.update(session.connection().execute(select(PersonReview.id).where(
            PersonReview.id.in_(pair_ids[i:i + 500]), PersonReview.decision == DIFFERENT,
            PersonReview.deleted.is_(False))).scalars())
    return out


def _pairs(session: Session, seeker_ids: list[str] | None) -> list[tuple[Any, Any]]:
    raw = []
    for members in _groups(session, seeker_ids):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if _machine(a.seeker_no) != _machine(b.seeker_no):
                    raw.append((a, b))
    dismissed = _dismissed(session, [_pair_id(a.id, b.id) for a, b in raw])
    return [(a, b) for a, b in raw if _pair_id(a.id, b.id) not in dismissed][:LIMIT]


def count_new(session: Session, seeker_ids: list[str]) -> int:
    """Pairs involving these seekers (those a bundle just brought)."""
    if not seeker_ids:
        return 0
    ids = set(seeker_ids)
    return sum(1 for a, b in _pairs(session, seeker_ids) if a.id in ids or b.id in ids)


def _note_counts(session: Session, ids: list[str]) -> dict[str, int]:
    from ydp_tui.db.models import CounselNote

    rows = session.connection().execute(
        select(CounselNote.seeker_id, func.count()).where(CounselNote.seeker_id.in_(ids),
                                                         CounselNote.deleted.is_(False))
        .group_by(CounselNote.seeker_id))
    return dict(rows.all())


def _person(s: Seeker, notes: dict[str, int]) -> Person:
    return Person(s.id, s.seeker_no, s.name or "(파기됨)", s.birth_date, s.phone or "", s.dong or "", s.status,
                  s.registered_on, s.created_by, s.version, notes.get(s.id, 0))


def list_pairs(db: Database) -> list[Pair]:
    """Every open pair, by 성명; opening the list is written to the access log."""
    with db.session() as session:
        pairs = _pairs(session, None)
        ids = list({s.id for p in pairs for s in p})
        notes = _note_counts(session, ids)
        full = {s.id: s for s in session.execute(select(Seeker).where(Seeker.id.in_(ids))).scalars()} if ids else {}
        out = [Pair(_person(full[a.id], notes), _person(full[b.id], notes)) for a, b in pairs]
    out.sort(key=lambda p: (p.a.name, p.a.birth_date or dt.date.min, p.a.seeker_no, p.b.seeker_no))
    if out:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", "seeker", detail=f"중복 의심 인물 목록 {len(out)}쌍")
    return out


def count_pairs(db: Database) -> int:
    with db.session() as session:
        return len(_pairs(session, None))


def _load(session: Session, seeker_id: str, version: int | None) -> Seeker:
    s = session.get(Seeker, seeker_id)
    if s is None or s.deleted:
        raise NotFound("구직자를 찾을 수 없습니다 (이미 병합되었거나 삭제됨)")
    if version is not None and s.version != version:
        raise StaleRecord(f"구직자 {s.seeker_no}", s.updated_by)
    return s


def _review(session: Session, a: str, b: str, decision: str, kept: str | None, note: str) -> None:
    x, y = sorted((a, b))
    pid = _pair_id(a, b)
    row = session.get(PersonReview, pid)
    if row is None:
        session.add(PersonReview(id=pid, seeker_a=x, seeker_b=y, decision=decision, kept_id=kept, note=note[:200]))
    else:
        row.decision, row.kept_id, row.note, row.deleted = decision, kept, note[:200], False


def dismiss(db: Database, a_id: str, b_id: str, *, note: str = "") -> None:
    """The two records are different people: the pair is no longer listed (on any machine)."""
    roles.require(db, "merge_people")
    with db.write() as session:
        a, b = _load(session, a_id, None), _load(session, b_id, None)
        _review(session, a.id, b.id, DIFFERENT, None, note)
        session.flush()
        audit.record(session, "update", "seeker", row_id=a.id, subject=a.seeker_no,
                     detail=f"중복 의심 확인: {b.seeker_no}와(과) 다른 사람")


def merge(db: Database, keep_id: str, other_id: str, *, keep_version: int | None = None,
          other_version: int | None = None, note: str = "") -> dict[str, int]:
    """Keep ``keep_id``; re-point what refers to ``other_id`` and tombstone it.  Returns how many
    records of each kind were re-pointed."""
    roles.require(db, "merge_people")
    if keep_id == other_id:
        raise Refused("같은 기록끼리는 병합할 수 없습니다")
    moved: dict[str, int] = {}
    with db.write() as session:
        keep, other = _load(session, keep_id, keep_version), _load(session, other_id, other_version)
        if keep.birth_date != other.birth_date or (keep.name_key.partition("|")[0] != other.name_key.partition("|")[0]):
            raise Refused("성명과 생년월일이 같은 두 기록만 병합합니다")
        for model in synced_tables().values():
            for column in model.__table__.columns:
                if not any(fk.column.table.name == Seeker.__tablename__ and fk.column.name == "id"
                           for fk in column.foreign_keys):
                    continue
                children = list(session.execute(select(model).where(column == other.id)).scalars())
                for child in children:
                    setattr(child, column.name, keep.id)
                if children:
                    moved[model.__label__] = moved.get(model.__label__, 0) + len(children)
        other.deleted = True
        _review(session, keep.id, other.id, MERGED, keep.id, note)
        session.flush()
        detail = ", ".join(f"{k} {v}건" for k, v in moved.items()) or "옮긴 기록 없음"
        audit.record(session, "update", "seeker", row_id=keep.id, subject=keep.seeker_no,
                     detail=f"중복 인물 병합: {other.seeker_no}을(를) 합침 ({detail})")
        audit.record(session, "delete", "seeker", row_id=other.id, subject=other.seeker_no,
                     detail=f"중복 인물 병합: {keep.seeker_no}에 합치고 삭제 표시")
    return moved
