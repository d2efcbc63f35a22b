"""Shared spaces: times, overlaps at the edges, no double booking (also by two desks at once),
check-in, walk-in uses, the day view and use statistics."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from ydp_tui.db import spaces
from ydp_tui.db.errors import NotFound, ReadOnlyError, Refused, ValidationFailed
from ydp_tui.db.models import AuditEntry, Space, SpaceBooking, SpaceUse
from ydp_tui.rules import spaces as rules
from ydp_tui.rules.validation import Invalid, parse_time

SEMINAR = "스튜디오 영원 세미나실"
JUNE3 = dt.date(2024, 6, 3)


def booking(day="2024-06-03", time_from="10:00", time_to="12:00", by="홍길동", **more):
    return {"day": day, "time_from": time_from, "time_to": time_to, "booked_by": by, **more}


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed,expected", [
    ("10:00", "10:00"), ("10", "10:00"), ("1000", "10:00"), ("930", "09:30"), ("9:30", "09:30"),
    ("10시", "10:00"), ("10시 30분", "10:30"), ("24:00", "24:00"), (" 7.15 ", "07:15"),
])
def test_parse_time(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "25:00", "24:30", "10:60", "abc", "1:2:3"])
def test_parse_time_refuses(typed):
    with pytest.raises(Invalid):
        parse_time(typed)


def test_overlaps_at_the_edges():
    assert not rules.overlaps("10:00", "12:00", "12:00", "13:00")     # touching ends
    assert not rules.overlaps("12:00", "13:00", "10:00", "12:00")
    assert rules.overlaps("10:00", "12:00", "11:59", "12:30")
    assert rules.overlaps("10:00", "12:00", "09:00", "10:01")
    assert rules.overlaps("10:00", "12:00", "10:30", "11:00")         # inside
    assert rules.overlaps("10:30", "11:00", "10:00", "12:00")         # around
    assert not rules.overlaps("10:00", "12:00", "08:00", "10:00")


def test_check_times_and_grid():
    assert rules.check_times("10:00", "12:00", "09:00", "22:00") == {}
    assert rules.check_times("12:00", "12:00", "09:00", "22:00") == {"끝": "끝 시각(12:00)이 시작 시각(12:00)보다 늦어야 합니다"}
    assert rules.check_times("08:30", "10:00", "09:00", "22:00") == {"시작": "08:30은(는) 운영 시간(09:00~22:00) 밖입니다"}
    assert rules.check_times("21:00", "22:30", "09:00", "22:00") == {"끝": "22:30은(는) 운영 시간(09:00~22:00) 밖입니다"}
    grid = rules.slots("09:00", "11:00")
    assert grid == [("09:00", "09:30"), ("09:30", "10:00"), ("10:00", "10:30"), ("10:30", "11:00")]
    assert rules.busy_slots([("09:45", "10:00")], grid) == [False, True, False, False]
    assert rules.free_ranges([("10:00", "12:00"), ("12:00", "13:00")], "09:00", "22:00") == [
        ("09:00", "10:00"), ("13:00", "22:00")]


def test_daily_average_half_up_and_clashes():
    assert rules.daily_average(25_067, 123) == 204        # 203.797...
    assert rules.daily_average(5, 2) == 3                 # 2.5 goes up (not to even)
    assert rules.daily_average(0, 0) is None
    items = [rules.Interval("a", "10:00", "12:00"), rules.Interval("b", "11:59", "12:30"),
             rules.Interval("c", "12:30", "13:00")]
    assert rules.clashes(items) == {"a", "b"}


# --- rooms -----------------------------------------------------------------------------------


def test_rooms_ship_as_data(db, open_db):
    names = [s.name for s in spaces.list_spaces(db)]
    assert len(names) == 25
    for name in (SEMINAR, "스튜디오 영원 미디어실1", "서울청년센터 영등포 회의실", "중장년 일자리희망플랫폼 1인 사무공간3",
                 "청년건축학교 상설교육장", "일자리플러스센터 상담창구5"):
        assert name in names
    assert spaces.facilities(db) == ["스튜디오 영원", "서울청년센터 영등포", "중장년 일자리희망플랫폼", "청년건축학교",
                                     "일자리플러스센터"]
    open_db()                                             # opening again adds nothing
    assert count(db, Space) == 25


# --- booking ---------------------------------------------------------------------------------


def test_bookings_touching_at_noon_are_fine_overlapping_ones_refused(db):
    first = spaces.book(db, SEMINAR, booking())
    spaces.book(db, SEMINAR, booking(time_from="12:00", time_to="13:00", by="김철수"))
    with pytest.raises(Refused) as exc:
        spaces.book(db, SEMINAR, booking(time_from="11:59", time_to="12:30", by="박영희"))
    assert str(exc.value) == (f"{SEMINAR} 2024-06-03 11:59~12:30은(는) 이미 있는 예약과 겹칩니다: "
                              f"{first.booking_no} 홍길동 10:00~12:00")
    with pytest.raises(Refused, match="김철수 12:00~13:00"):
        spaces.book(db, SEMINAR, booking(time_from="12:30", time_to="14:00", by="박영희"))
    # the same time in another room, or another day, is fine
    spaces.book(db, "스튜디오 영원 미디어실1", booking(time_from="11:59", time_to="12:30", by="박영희"))
    spaces.book(db, SEMINAR, booking(day="2024-06-04", time_from="11:59", time_to="12:30", by="박영희"))
    assert [b.as_json() for b in spaces.bookings_on(db, "2024-06-03")] == [
        {"space": "스튜디오 영원 미디어실1", "from": "11:59", "to": "12:30", "by": "박영희"},
        {"space": SEMINAR, "from": "10:00", "to": "12:00", "by": "홍길동"},
        {"space": SEMINAR, "from": "12:00", "to": "13:00", "by": "김철수"},
    ]


def test_refused_booking_changes_nothing(db):
    spaces.book(db, SEMINAR, booking())
    before = (count(db, SpaceBooking), count(db, AuditEntry))
    with pytest.raises(Refused):
        spaces.book(db, SEMINAR, booking(time_from="11:00", time_to="11:30"))
    assert (count(db, SpaceBooking), count(db, AuditEntry)) == before


def test_booking_checks_each_field(db):
    with pytest.raises(ValidationFailed) as exc:
        spaces.book(db, SEMINAR, booking(time_from="08:00", time_to="07:30", headcount="30"))
    assert exc.value.errors == {
        "시작": "08:00은(는) 운영 시간(09:00~22:00) 밖입니다",
        "끝": "끝 시각(07:30)이 시작 시각(08:00)보다 늦어야 합니다",
        "인원": f"30명은 {SEMINAR}의 정원(20명)보다 많습니다",
    }
    with pytest.raises(ValidationFailed) as exc:
        spaces.book(db, SEMINAR, booking(day="2024-05-30", by=""))
    assert set(exc.value.errors) == {"예약자"}
    with pytest.raises(ValidationFailed, match="지난 날짜"):
        spaces.book(db, SEMINAR, booking(day="2024-05-30"))
    with pytest.raises(NotFound, match="비슷한 이름: 스튜디오 영원 세미나실"):
        spaces.book(db, "세미나실", booking())
    assert count(db, SpaceBooking) == 0


def test_cancel_frees_the_slot_and_check_in_counts_a_use(db):
    b = spaces.book(db, SEMINAR, booking(day="2024-05-31", headcount="6"))
    with pytest.raises(Refused):
        spaces.book(db, SEMINAR, booking(day="2024-05-31", time_from="11:00", time_to="13:00"))
    spaces.cancel(db, b.booking_no, "일정 변경")
    again = spaces.book(db, SEMINAR, booking(day="2024-05-31", time_from="11:00", time_to="13:00", by="김철수"))
    with pytest.raises(Refused, match="취소 상태"):
        spaces.cancel(db, b.booking_no)
    used = spaces.check_in(db, again.booking_no, "5")
    assert used.status == "이용"
    with pytest.raises(Refused, match="이용 상태"):
        spaces.cancel(db, again.booking_no)
    later = spaces.book(db, SEMINAR, booking(day="2024-06-03"))
    with pytest.raises(Refused, match="그날부터"):
        spaces.check_in(db, later.booking_no)
    with db.session() as s:
        use = s.execute(select(SpaceUse)).scalar_one()
    assert (use.used_on, use.time_from, use.time_to, use.headcount, use.kind) == (
        dt.date(2024, 5, 31), "11:00", "13:00", 5, "예약 이용")


def test_day_view_and_statistics(db):
    spaces.book(db, SEMINAR, booking(day="2024-05-31", time_from="09:15", time_to="10:00"))
    b = spaces.book(db, SEMINAR, booking(day="2024-05-31", time_from="14:00", time_to="16:00", headcount="8"))
    spaces.check_in(db, b.booking_no)
    spaces.record_use(db, SEMINAR, {"used_on": "2024-05-31", "headcount": "3"})
    spaces.record_use(db, "서울청년센터 영등포 상담실", {"used_on": "2024-05-30", "headcount": "2"})
    spaces.record_use(db, "서울청년센터 영등포 회의실", {"used_on": "2024-05-31", "headcount": "5"})
    view = spaces.day_view(db, dt.date(2024, 5, 31), "스튜디오 영원")
    seminar = next(s for s in view.spaces if s.name == SEMINAR)
    busy = view.busy(seminar)
    assert busy[:3] == [True, True, False] and busy[10:14] == [True, True, True, True] and sum(busy) == 6
    assert view.walk_ins == {seminar.id: (1, 3)} and view.clashes == set()
    stats = {s.facility: s for s in spaces.use_stats(db, dt.date(2024, 5, 1), dt.date(2024, 5, 31))}
    studio, youth = stats["스튜디오 영원"], stats["서울청년센터 영등포"]
    assert (studio.bookings, studio.used, studio.no_show, studio.uses, studio.people, studio.days) == (2, 1, 0, 2, 11, 1)
    assert (youth.uses, youth.people, youth.days, youth.daily_average) == (2, 7, 2, 4)   # 3.5 -> 4
    assert spaces.use_stats(db, dt.date(2024, 6, 1), dt.date(2024, 6, 30)) == []
    # the --to day counts, the day after it does not
    only_30 = spaces.use_stats(db, dt.date(2024, 5, 1), dt.date(2024, 5, 30))
    assert [(s.facility, s.people) for s in only_30] == [("서울청년센터 영등포", 2)]


def test_walk_in_use_checks(db):
    with pytest.raises(ValidationFailed) as exc:
        spaces.record_use(db, SEMINAR, {"used_on": "2024-06-01", "headcount": "0", "time_from": "10:00"})
    assert set(exc.value.errors) == {"날짜", "인원"}
    with pytest.raises(ValidationFailed, match="함께"):
        spaces.record_use(db, SEMINAR, {"used_on": "2024-05-31", "headcount": "2", "time_from": "10:00"})


def test_read_only_refuses_booking(db, open_db):
    ro = open_db(read_only=True)
    with pytest.raises(ReadOnlyError):
        spaces.book(ro, SEMINAR, booking())


# --- two desks at once -----------------------------------------------------------------------


def test_two_desks_booking_the_same_slot_at_once(open_db, db_target, monkeypatch):
    """Desk A has checked for overlaps and is about to insert when desk B books the same slot:
    B waits for A's transaction (the space row is locked; SQLite serialises writers) and is then
    refused with A's booking named.  Without the lock both would find the slot free."""
    desk_a, desk_b = open_db(operator="김상담"), open_db(operator="이상담")
    a_checked, a_go = threading.Event(), threading.Event()
    a_pid: list[int] = []
    real = spaces._holding

    def holding(session, *args, **kwargs):
        found = real(session, *args, **kwargs)
        if threading.current_thread().name == "desk-a":
            if session.get_bind().dialect.name == "postgresql":
                a_pid.append(session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())
            a_checked.set()
            assert a_go.wait(30)
        return found

    monkeypatch.setattr(spaces, "_holding", holding)
    results: dict[str, object] = {}

    def run(name, db, by):
        try:
            results[name] = spaces.book(db, SEMINAR, booking(by=by))
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            results[name] = exc

    a = threading.Thread(target=run, args=("a", desk_a, "홍길동"), name="desk-a")
    b = threading.Thread(target=run, args=("b", desk_b, "김철수"), name="desk-b")
    a.start()
    assert a_checked.wait(30)
    b.start()
    if a_pid:   # PostgreSQL: see B waiting on A's lock before A goes on
        _wait_until_blocked(desk_a, a_pid[0])
    a_go.set()
    a.join(30)
    b.join(30)
    assert not isinstance(results["a"], Exception), results["a"]
    assert isinstance(results["b"], Refused), results["b"]
    assert f"{results['a'].booking_no} 홍길동 10:00~12:00" in str(results["b"])
    assert [x.booked_by for x in spaces.bookings_on(desk_a, JUNE3)] == ["홍길동"]


def _wait_until_blocked(db, blocker_pid: int) -> None:
    from sqlalchemy import text

    done = threading.Event()
    for _ in range(3000):
        with db.engine.connect() as conn:
            waiting = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE :p = ANY(pg_blocking_pids(pid))"),
                                   {"p": blocker_pid}).scalar()
        if waiting:
            return
        done.wait(0.01)   # poll the server for the lock wait (bounded), not a timed guess
    raise AssertionError("desk B never waited for desk A's lock")
