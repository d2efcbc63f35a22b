"""``ydp-tui space ...``, ``ydp-tui programs ...`` and ``ydp-tui targets ...``: shared spaces
(bookings with no double booking, check-in, use statistics), the year's programs, and 일자리
목표공시제 (CONTRACT.md, Spaces and programs)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format


def register(sub: argparse._SubParsersAction) -> None:
    _register_space(sub)
    _register_programs(sub)
    _register_targets(sub)


# =============================================================================================
# space
# =============================================================================================


def _register_space(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("space", help="공유 공간: 예약ㆍ이용 확인ㆍ이용 통계",
                       description="공간 이름은 시설 다음 방 이름입니다 (예: '스튜디오 영원 세미나실'). "
                                   "같은 공간의 겹치는 예약은 거부합니다 (12:00에 끝나는 예약과 12:00에 시작하는 예약은 겹치지 않음).")
    s = p.add_subparsers(dest="space_command", metavar="ACTION", required=True)

    b = s.add_parser("book", help="예약 (겹치면 거부, 종료 상태 1)")
    b.add_argument("--space", required=True, help="공간 이름, 예: '스튜디오 영원 세미나실'")
    b.add_argument("--date", required=True, help="날짜, 예: 2024-06-03")
    b.add_argument("--from", dest="time_from", required=True, metavar="HH:MM", help="시작 시각")
    b.add_argument("--to", dest="time_to", required=True, metavar="HH:MM", help="끝 시각")
    b.add_argument("--by", required=True, metavar="성명", help="예약자")
    b.add_argument("--phone", help="예약자 휴대전화 (선택)")
    b.add_argument("--people", help="인원 (기본 1)")
    b.add_argument("--purpose", default="", help="용도")
    b.set_defaults(func=run_book)

    ls = s.add_parser("list", help="그날의 예약 (예약ㆍ이용; 취소는 빼고)")
    ls.add_argument("--date", required=True)
    add_format(ls)
    ls.set_defaults(func=run_list)

    c = s.add_parser("cancel", help="예약 취소")
    c.add_argument("booking_no", metavar="예약번호")
    c.add_argument("--reason", default="", help="취소 사유")
    c.set_defaults(func=run_cancel)

    ci = s.add_parser("checkin", help="이용 확인 (예약한 사람이 왔음)")
    ci.add_argument("booking_no", metavar="예약번호")
    ci.add_argument("--people", help="실제 이용 인원 (기본: 예약 인원)")
    ci.set_defaults(func=run_checkin)

    u = s.add_parser("use", help="예약 없이 이용한 것 기록 (자유 이용)")
    u.add_argument("--space", required=True)
    u.add_argument("--date", help="날짜 (기본: 오늘)")
    u.add_argument("--people", required=True, help="인원")
    u.add_argument("--from", dest="time_from", default="", metavar="HH:MM")
    u.add_argument("--to", dest="time_to", default="", metavar="HH:MM")
    u.add_argument("--note", default="")
    u.set_defaults(func=run_use)

    r = s.add_parser("rooms", help="공간 목록 (시설, 방, 정원, 운영 시간)")
    add_format(r)
    r.set_defaults(func=run_rooms)

    st = s.add_parser("stats", help="이용 통계 (예약, 이용 건수, 이용인원, 일 평균)")
    st.add_argument("--from", dest="date_from", required=True)
    st.add_argument("--to", dest="date_to", required=True)
    st.add_argument("--by-room", action="store_true", help="방마다 (기본: 시설마다)")
    add_format(st)
    st.set_defaults(func=run_stats)


def run_book(ctx: Any) -> int:
    from ydp_tui.db import spaces

    a = ctx.args
    db = ctx.open_db()
    b = spaces.book(db, a.space, {"day": a.date, "time_from": a.time_from, "time_to": a.time_to,
                                  "booked_by": a.by, "phone": a.phone, "headcount": a.people, "purpose": a.purpose})
    ctx.info(f"예약했습니다: {b.booking_no} {b.space} {b.day} {b.time_from}~{b.time_to} {b.booked_by}")
    print(b.booking_no)
    return 0


def run_list(ctx: Any) -> int:
    from ydp_tui.db import spaces

    rows = spaces.bookings_on(ctx.open_db(), ctx.args.date)
    if ctx.args.format == "json":
        ctx.print_json([r.as_json() for r in rows])
        return 0
    ctx.print_table(f"{ctx.args.date} 공간 예약", ["예약번호", "공간", "시간", "예약자", "인원", "상태", "용도"],
                    [[r.booking_no, r.space, f"{r.time_from}~{r.time_to}", r.booked_by, r.headcount, r.status,
                      r.purpose] for r in rows], right={"인원"}, caption=f"{len(rows):,}건")
    return 0


def run_cancel(ctx: Any) -> int:
    from ydp_tui.db import spaces

    b = spaces.cancel(ctx.open_db(), ctx.args.booking_no, ctx.args.reason)
    ctx.info(f"취소했습니다: {b.booking_no} {b.space} {b.day} {b.time_from}~{b.time_to}")
    return 0


def run_checkin(ctx: Any) -> int:
    from ydp_tui.db import spaces

    b = spaces.check_in(ctx.open_db(), ctx.args.booking_no, ctx.args.people)
    ctx.info(f"이용 확인: {b.booking_no} {b.space} {b.day} {b.time_from}~{b.time_to}")
    return 0


def run_use(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import spaces

    a = ctx.args
    use = spaces.record_use(ctx.open_db(), a.space, {"used_on": a.date or clock.today().isoformat(),
                                                     "headcount": a.people, "time_from": a.time_from,
                                                     "time_to": a.time_to, "note": a.note})
    ctx.info(f"이용을 기록했습니다: {a.space} {use.used_on} {use.headcount}명")
    return 0


def run_rooms(ctx: Any) -> int:
    from ydp_tui.db import spaces

    rows = spaces.list_spaces(ctx.open_db())
    if ctx.args.format == "json":
        ctx.print_json([{"space": r.name, "facility": r.facility, "room": r.room, "capacity": r.capacity,
                         "open": r.open_from, "close": r.open_to} for r in rows])
        return 0
    ctx.print_table("공유 공간", ["공간", "정원", "운영 시간", "담당"],
                    [[r.name, r.capacity, f"{r.open_from}~{r.open_to}", r.team] for r in rows], right={"정원"})
    return 0


def _period(ctx: Any) -> tuple[Any, Any]:
    from ydp_tui.db.errors import ValidationFailed
    from ydp_tui.rules.validation import Invalid, parse_date

    out = []
    for label, raw in (("--from", ctx.args.date_from), ("--to", ctx.args.date_to)):
        try:
            out.append(parse_date(raw))
        except Invalid as exc:
            raise ValidationFailed({label: str(exc)}) from None
    if out[1] < out[0]:
        raise ValidationFailed({"--to": "끝 날짜가 시작 날짜보다 앞섭니다"})
    return out[0], out[1]


def run_stats(ctx: Any) -> int:
    from ydp_tui.db import spaces

    lo, hi = _period(ctx)
    rows = spaces.use_stats(ctx.open_db(), lo, hi, by_room=ctx.args.by_room)
    if ctx.args.format == "json":
        ctx.print_json([{"space": r.name, "bookings": r.bookings, "used": r.used, "no_show": r.no_show,
                         "uses": r.uses, "people": r.people, "days": r.days, "daily_average": r.daily_average}
                        for r in rows])
        return 0
    ctx.print_table(f"공간 이용 통계 {lo}~{hi}", ["공간", "예약", "이용 확인", "미이용", "이용 건수", "이용인원", "이용일", "일 평균"],
                    [[r.name, r.bookings, r.used, r.no_show, r.uses, r.people, r.days,
                      "-" if r.daily_average is None else r.daily_average] for r in rows],
                    right={"예약", "이용 확인", "미이용", "이용 건수", "이용인원", "이용일", "일 평균"})
    return 0


# =============================================================================================
# programs
# =============================================================================================


def _register_programs(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("programs", help="교육ㆍ프로그램: 연도별 목록과 실적")
    s = p.add_subparsers(dest="programs_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="연도의 프로그램 (회차, 실인원, 이수, 실적)")
    ls.add_argument("--year", type=int, help="연도 (기본: 올해)")
    add_format(ls)
    ls.set_defaults(func=run_programs)


def run_programs(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import programs

    year = ctx.args.year or clock.today().year
    rows = programs.list_programs(ctx.open_db(), year)
    if ctx.args.format == "json":
        ctx.print_json([{"program": r.name, "year": r.year, "team": r.team, "unit": r.budget_unit, "kind": r.kind,
                         "sessions": r.sessions, "planned": r.planned, "enrolled": r.enrolled, "people": r.people,
                         "completed": r.completed if r.completion_percent is not None else None,
                         "summary": r.summary} for r in rows])
        return 0
    ctx.print_table(f"{year}년 프로그램", ["프로그램", "담당", "구분", "회차", "예정", "참여자", "실인원", "이수", "실적"],
                    [[r.name, r.team, r.kind, r.sessions, r.planned, r.enrolled, r.people,
                      r.completed if r.completion_percent is not None else "-", r.summary] for r in rows],
                    right={"회차", "예정", "참여자", "실인원", "이수"})
    return 0


# =============================================================================================
# targets
# =============================================================================================


def _register_targets(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("targets", help="일자리 목표공시제: 지표별 목표ㆍ분기 실적ㆍ달성률")
    s = p.add_subparsers(dest="targets_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="지표마다 목표, 분기 실적, 누적, 달성률")
    ls.add_argument("--year", type=int, help="연도 (기본: 올해)")
    ls.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="이 분기까지 누적 (기본: 4)")
    add_format(ls)
    ls.set_defaults(func=run_targets)
    sm = s.add_parser("summary", help="분기별 부서 요약 (지표, 입력, 달성, 평균 달성률)")
    sm.add_argument("--year", type=int)
    sm.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), required=True)
    add_format(sm)
    sm.set_defaults(func=run_summary)


def run_targets(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import targets
    from ydp_tui.rules.validation import format_rate

    year = ctx.args.year or clock.today().year
    q = ctx.args.quarter or 4
    rows = targets.indicators(ctx.open_db(), year)
    if ctx.args.format == "json":
        ctx.print_json([{"department": r.department, "project": r.project, "indicator": r.name, "unit": r.unit,
                         "target": r.target, **{f"q{n}": r.results.get(n) for n in (1, 2, 3, 4)},
                         "result": r.upto(q), "achievement_rate": r.rate(q)} for r in rows])
        return 0
    ctx.print_table(f"{year}년 일자리 목표공시제 ({q}분기까지)",
                    ["부서", "사업", "지표", "목표", "1분기", "2분기", "3분기", "4분기", "누적", "달성률(%)"],
                    [[r.department, r.project, r.name, f"{r.target:,}{r.unit}",
                      *[("" if r.results.get(n) is None else f"{r.results[n]:,}") for n in (1, 2, 3, 4)],
                      f"{r.upto(q):,}", format_rate(r.rate(q))] for r in rows],
                    right={"목표", "1분기", "2분기", "3분기", "4분기", "누적", "달성률(%)"})
    return 0


def run_summary(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import targets
    from ydp_tui.rules.validation import format_rate

    year = ctx.args.year or clock.today().year
    s = targets.summary(ctx.open_db(), year, ctx.args.quarter)
    rows = [*s.departments, s.total]
    if ctx.args.format == "json":
        ctx.print_json([{"department": d.department, "projects": d.projects, "indicators": d.indicators,
                         "entered": d.entered, "achieved": d.achieved, "average_rate": d.average_rate} for d in rows])
        return 0
    ctx.print_table(f"{year}년 {s.quarter}분기 일자리 목표공시제 부서별 요약",
                    ["부서", "사업", "지표", "입력", "달성", "평균 달성률(%)"],
                    [[d.department, d.projects, d.indicators, d.entered, d.achieved, format_rate(d.average_rate)]
                     for d in rows], right={"사업", "지표", "입력", "달성", "평균 달성률(%)"})
    return 0
