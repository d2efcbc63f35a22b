"""Shared spaces: the rooms (shipped data), bookings by time with no double booking, check-in
and walk-in uses, the day view and use statistics.

No double booking, also with several desks on one PostgreSQL database: a booking locks its
space's row (``SELECT ... FOR UPDATE``) before it looks for overlapping bookings, so a second
desk booking the same space waits until the first commits and then sees its booking.  SQLite
writers take the database lock up front (``BEGIN IMMEDIATE``), which serialises them the same
way.  Bookings that met by sync from machines that were offline are flagged in the day view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db import audit
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import Space, SpaceBooking, SpaceUse
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import spaces as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.validation import Invalid, clean_text, parse_date, parse_int

# =============================================================================================
# Rooms
# =============================================================================================


def shipped_spaces() -> list[dict[str, Any]]:
    rows = []
    sort = 0
    for fac in data.load("spaces.json")["facilities"]:
        for room in fac["rooms"]:
            sort += 10
            rows.append({
                "id": stable_id("space", fac["name"], room["room"]), "name": f"{fac['name']} {room['room']}",
                "facility": fac["name"], "room": room["room"], "capacity": room.get("capacity", 1),
                "team": fac.get("team", ""), "budget_unit": fac.get("unit", ""),
                "open_from": fac.get("open", "09:00"), "open_to": fac.get("close", "18:00"), "sort": sort,
            })
    return rows


def seed_spaces(session: Session) -> int:
    """Insert shipped rooms this database does not have yet (by id or by name)."""
    have = {(r[0], r[1]) for r in session.execute(select(Space.id, Space.name))}
    ids = {h[0] for h in have}
    names = {h[1] for h in have}
    new = [r for r in shipped_spaces() if r["id"] not in ids and r["name"] not in names]
    for r in new:
        session.add(Space(**r))
    return len(new)


@dataclass(frozen=True)
class SpaceRow:
    id: str
    name: str
    facility: str
    room: str
    capacity: int
    open_from: str
    open_to: str
    team: str
    budget_unit: str


def _space_row(s: Space) -> SpaceRow:
    return SpaceRow(s.id, s.name, s.facility, s.room, s.capacity, s.open_from, s.open_to, s.team, s.budget_unit)


def list_spaces(db: Database, facility: str | None = None) -> list[SpaceRow]:
    with db.session() as session:
        stmt = select(Space).where(Space.deleted.is_(False), Space.active.is_(True))
        if facility:
            stmt = stmt.where(Space.facility == facility)
        return [_space_row(s) for s in session.execute(stmt.order_by(Space.sort, Space.name)).scalars()]


def facilities(db: Database) -> list[str]:
    """Facility names in the shipped order."""
    return list(dict.fromkeys(s.facility for s in list_spaces(db)))


def _space(session: Session, name_or_id: str, *, lock: bool = False) -> Space:
    key = " ".join(str(name_or_id).split())
    stmt = select(Space).where((Space.name == key) | (Space.id == key), Space.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    found = session.execute(stmt).scalar_one_or_none()
    if found is None or not found.active:
        names = list(session.execute(select(Space.name).where(Space.deleted.is_(False), Space.active.is_(True))
                                     .order_by(Space.sort)).scalars())
        near = [n for n in names if key and (key in n or n.endswith(key.split()[-1]))][:3]
        hint = f" (비슷한 이름: {', '.join(near)})" if near else f" (예: {', '.join(names[:2])})" if names else ""
        raise NotFound(f"'{key}'은(는) 없는 공간입니다{hint}")
    return found


# =============================================================================================
# Bookings
# =============================================================================================


@dataclass(frozen=True)
class BookingRow:
    id: str
    version: int
    booking_no: str
    space_id: str
    space: str
    day: dt.date
    time_from: str
    time_to: str
    booked_by: str
    phone: str
    headcount: int
    purpose: str
    status: str

    def as_json(self) -> dict[str, str]:
        """CONTRACT.md: ``{"space", "from", "to", "by"}``."""
        return {"space": self.space, "from": self.time_from, "to": self.time_to, "by": self.booked_by}


def _booking_row(b: SpaceBooking, space_name: str) -> BookingRow:
    return BookingRow(b.id, b.version, b.booking_no, b.space_id, space_name, b.day, b.time_from, b.time_to,
                      b.booked_by or "(파기됨)", b.phone or "", b.headcount, b.purpose, b.status)


def _holding(session: Session, space_id: str, day: dt.date, time_from: str, time_to: str,
             *, exclude: str | None = None) -> SpaceBooking | None:
    """The first booking of the space that day holding part of [from, to)."""
    stmt = select(SpaceBooking).where(
        SpaceBooking.space_id == space_id, SpaceBooking.day == day, SpaceBooking.deleted.is_(False),
        SpaceBooking.status.in_(rules.HOLDING),
        SpaceBooking.time_from < time_to, SpaceBooking.time_to > time_from)
    if exclude:
        stmt = stmt.where(SpaceBooking.id != exclude)
    return session.execute(stmt.order_by(SpaceBooking.time_from)).scalars().first()


def parse_booking(raw: Mapping[str, object]) -> dict[str, Any]:
    values, errors = parse_record(rules.BOOKING_FIELDS, raw, ParseContext(today=clock.today()))
    if not errors and values["day"] < clock.today():
        errors["날짜"] = f"{values['day']}은(는) 지난 날짜입니다 (오늘부터 예약할 수 있습니다)"
    if errors:
        raise ValidationFailed(errors)
    values["purpose"] = values["purpose"] or ""
    return values


def book(db: Database, space: str, raw: Mapping[str, object]) -> BookingRow:
    """Book ``space`` (its name, facility then room, or id) for a time on a day.

    Refused (nothing written) when the times are wrong, outside the space's hours, more people
    than it holds, or when the time overlaps a booking of the same space (the message names it).
    """
    values = parse_booking(raw)
    day, time_from, time_to = values["day"], values["time_from"], values["time_to"]
    with db.write() as session:
        sp = _space(session, space, lock=True)           # one booking of this space at a time
        errors = rules.check_times(time_from, time_to, sp.open_from, sp.open_to)
        if values["headcount"] > sp.capacity:
            errors["인원"] = f"{values['headcount']}명은 {sp.name}의 정원({sp.capacity}명)보다 많습니다"
        if errors:
            raise ValidationFailed(errors)
        clash = _holding(session, sp.id, day, time_from, time_to)
        if clash is not None:
            raise Refused(f"{sp.name} {day} {time_from}~{time_to}은(는) 이미 있는 예약과 겹칩니다: "
                          f"{clash.booking_no} {clash.booked_by or '(파기됨)'} {clash.time_from}~{clash.time_to}")
        booking = SpaceBooking(booking_no=next_number(session, "space", day.year), space_id=sp.id, **values)
        session.add(booking)
        session.flush()
        audit.record(session, "create", "space_booking", row_id=booking.id, subject=booking.booking_no,
                     detail=f"{sp.name} {day} {time_from}~{time_to} 예약 ({booking.headcount}명)")
        return _booking_row(booking, sp.name)


def _load_booking(session: Session, booking: str) -> SpaceBooking:
    found = session.execute(select(SpaceBooking).where(
        (SpaceBooking.booking_no == booking) | (SpaceBooking.id == booking),
        SpaceBooking.deleted.is_(False))).scalar_one_or_none()
    if found is None:
        raise NotFound(f"예약 {booking}이(가) 없습니다")
    return found


def _check_version(b: SpaceBooking, expected_version: int | None) -> None:
    if expected_version is not None and b.version != expected_version:
        raise StaleRecord(f"예약 {b.booking_no}", b.updated_by)


def _space_name(session: Session, space_id: str) -> str:
    return session.execute(select(Space.name).where(Space.id == space_id)).scalar_one()


def cancel(db: Database, booking: str, reason: str = "", *, expected_version: int | None = None) -> BookingRow:
    """예약 -> 취소: the slot is free again.  A booking already used cannot be cancelled."""
    try:
        reason = clean_text(reason, max_length=200)
    except Invalid as exc:
        raise ValidationFailed({"취소 사유": str(exc)}) from None
    with db.write() as session:
        b = _load_booking(session, booking)
        _check_version(b, expected_version)
        if b.status != "예약":
            raise Refused(f"예약 {b.booking_no}은(는) 이미 {b.status} 상태입니다 (예약 상태만 취소할 수 있습니다)")
        b.status = "취소"
        b.cancel_reason = reason
        session.flush()
        audit.record(session, "update", "space_booking", row_id=b.id, subject=b.booking_no,
                     detail="예약 취소" + (f" 사유: {reason}" if reason else ""))
        return _booking_row(b, _space_name(session, b.space_id))


def check_in(db: Database, booking: str, headcount: object = None, *,
             expected_version: int | None = None) -> BookingRow:
    """The booking was used (이용 확인): 예약 -> 이용, and one use is counted with the people who came."""
    with db.write() as session:
        b = _load_booking(session, booking)
        _check_version(b, expected_version)
        if b.status != "예약":
            raise Refused(f"예약 {b.booking_no}은(는) 이미 {b.status} 상태입니다")
        if b.day > clock.today():
            raise Refused(f"예약 {b.booking_no}은(는) {b.day} 예약입니다 (그날부터 이용 확인을 할 수 있습니다)")
        sp = session.get(Space, b.space_id)
        assert sp is not None
        try:
            people = b.headcount if headcount in (None, "") else parse_int(headcount, minimum=1, maximum=9999)
        except Invalid as exc:
            raise ValidationFailed({"인원": str(exc)}) from None
        b.status = "이용"
        session.add(SpaceUse(space_id=b.space_id, used_on=b.day, time_from=b.time_from, time_to=b.time_to,
                             headcount=people, booking_id=b.id, kind="예약 이용"))
        session.flush()
        audit.record(session, "update", "space_booking", row_id=b.id, subject=b.booking_no,
                     detail=f"이용 확인 {people}명")
        return _booking_row(b, sp.name)


def record_use(db: Database, space: str, raw: Mapping[str, object]) -> SpaceUse:
    """A walk-in use counted at the door (자유 이용): day, people, optionally the times."""
    values, errors = parse_record(rules.USE_FIELDS, raw, ParseContext(today=clock.today()))
    if not errors and bool(values["time_from"]) != bool(values["time_to"]):
        errors["끝" if values["time_from"] else "시작"] = "시작과 끝을 함께 입력하세요 (또는 둘 다 비우세요)"
    if not errors and values["time_from"] and values["time_to"] <= values["time_from"]:
        errors["끝"] = f"끝 시각({values['time_to']})이 시작 시각({values['time_from']})보다 늦어야 합니다"
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        sp = _space(session, space)
        use = SpaceUse(space_id=sp.id, used_on=values["used_on"], time_from=values["time_from"] or "",
                       time_to=values["time_to"] or "", headcount=values["headcount"], kind="자유 이용",
                       note=values["note"] or "")
        session.add(use)
        session.flush()
        audit.record(session, "create", "space_use", row_id=use.id, subject=sp.name,
                     detail=f"자유 이용 {use.used_on} {use.headcount}명")
        return use


def bookings_on(db: Database, day: object) -> list[BookingRow]:
    """The day's bookings that hold their slot (예약, 이용), by space then time."""
    try:
        on = parse_date(day)
    except Invalid as exc:
        raise ValidationFailed({"날짜": str(exc)}) from None
    with db.session() as session:
        rows = session.execute(
            select(SpaceBooking, Space.name).join(Space, Space.id == SpaceBooking.space_id)
            .where(SpaceBooking.day == on, SpaceBooking.deleted.is_(False),
                   SpaceBooking.status.in_(rules.HOLDING))
            .order_by(Space.sort, SpaceBooking.time_from, SpaceBooking.booking_no)).all()
    return [_booking_row(b, name) for b, name in rows]


# =============================================================================================
# The day view
# =============================================================================================


@dataclass
class DayView:
    """One facility's rooms on a day: their bookings (holding ones), walk-in uses, clashes."""

    day: dt.date
    facility: str
    spaces: list[SpaceRow]
    bookings: list[BookingRow]
    walk_ins: dict[str, tuple[int, int]]               # space id -> (uses, people)
    clashes: set[str] = field(default_factory=set)     # booking ids overlapping another (met by sync)

    def of(self, space_id: str) -> list[BookingRow]:
        return [b for b in self.bookings if b.space_id == space_id]

    def busy(self, space: SpaceRow) -> list[bool]:
        grid = rules.slots(space.open_from, space.open_to)
        return rules.busy_slots([(b.time_from, b.time_to) for b in self.of(space.id)], grid)


def day_view(db: Database, day: dt.date, facility: str) -> DayView:
    spaces = list_spaces(db, facility)
    ids = [s.id for s in spaces]
    names = {s.id: s.name for s in spaces}
    with db.session() as session:
        bookings = [_booking_row(b, names[b.space_id]) for b in session.execute(
            select(SpaceBooking).where(SpaceBooking.day == day, SpaceBooking.space_id.in_(ids),
                                       SpaceBooking.deleted.is_(False), SpaceBooking.status.in_(rules.HOLDING))
            .order_by(SpaceBooking.time_from, SpaceBooking.booking_no)).scalars()] if ids else []
        walk = session.execute(
            select(SpaceUse.space_id, func.count(), func.coalesce(func.sum(SpaceUse.headcount), 0))
            .where(SpaceUse.used_on == day, SpaceUse.space_id.in_(ids), SpaceUse.deleted.is_(False),
                   SpaceUse.booking_id.is_(None)).group_by(SpaceUse.space_id)).all() if ids else []
    order = {s.id: i for i, s in enumerate(spaces)}
    bookings.sort(key=lambda b: (order[b.space_id], b.time_from, b.booking_no))
    clashes: set[str] = set()
    for s in spaces:
        clashes |= rules.clashes([rules.Interval(b.id, b.time_from, b.time_to) for b in bookings if b.space_id == s.id])
    return DayView(day, facility, spaces, bookings, {r[0]: (int(r[1]), int(r[2])) for r in walk}, clashes)


# =============================================================================================
# Use statistics
# =============================================================================================


@dataclass(frozen=True)
class UseStats:
    """Use of a space (or a facility, ``room`` empty) over a period, both ends included."""

    facility: str
    room: str
    team: str
    budget_unit: str
    bookings: int          # bookings that held a slot (예약 + 이용)
    used: int              # bookings checked in (이용)
    no_show: int           # 예약 never checked in, day already past
    uses: int              # 이용 건수: checked-in bookings + walk-in uses
    people: int            # 이용인원
    days: int              # days with at least one use
    daily_average: int | None

    @property
    def name(self) -> str:
        return f"{self.facility} {self.room}".strip()


def use_stats(db: Database, date_from: dt.date, date_to: dt.date, *, by_room: bool = False) -> list[UseStats]:
    """Per facility (default) or per room, in the shipped order; spaces with nothing are left out."""
    spaces = list_spaces(db)
    today = clock.today()
    with db.session() as session:
        conn = session.connection()
        bookings = conn.execute(
            select(SpaceBooking.space_id, SpaceBooking.status, SpaceBooking.day)
            .where(SpaceBooking.day >= date_from, SpaceBooking.day <= date_to, SpaceBooking.deleted.is_(False),
                   SpaceBooking.status.in_(rules.HOLDING))).all()
        uses = conn.execute(
            select(SpaceUse.space_id, SpaceUse.used_on, func.count(), func.sum(SpaceUse.headcount))
            .where(SpaceUse.used_on >= date_from, SpaceUse.used_on <= date_to, SpaceUse.deleted.is_(False))
            .group_by(SpaceUse.space_id, SpaceUse.used_on)).all()

    def key(s: SpaceRow) -> tuple[str, str]:
        return (s.facility, s.room if by_room else "")

    of_space = {s.id: key(s) for s in spaces}
    info = {key(s): s for s in spaces}
    acc: dict[tuple[str, str], dict[str, Any]] = {}

    def slot(k: tuple[str, str]) -> dict[str, Any]:
        return acc.setdefault(k, {"bookings": 0, "used": 0, "no_show": 0, "uses": 0, "people": 0, "days": set()})

    for space_id, status, day in bookings:
        if space_id not in of_space:
            continue
        a = slot(of_space[space_id])
        a["bookings"] += 1
        if status == "이용":
            a["used"] += 1
        elif day < today:
            a["no_show"] += 1
    for space_id, used_on, count, people in uses:
        if space_id not in of_space:
            continue
        a = slot(of_space[space_id])
        a["uses"] += int(count)
        a["people"] += int(people or 0)
        a["days"].add(used_on)
    out = []
    for k in dict.fromkeys(key(s) for s in spaces):
        if k not in acc:
            continue
        a, s = acc[k], info[k]
        out.append(UseStats(k[0], k[1], s.team, s.budget_unit, a["bookings"], a["used"], a["no_show"], a["uses"],
                            a["people"], len(a["days"]), rules.daily_average(a["people"], len(a["days"]))))
    return out
