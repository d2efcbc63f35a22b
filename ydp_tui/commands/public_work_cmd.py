"""``ydp-tui public-work …`` — 공공일자리: screening (CONTRACT.md), selection and its overrides,
포기, program periods, worksites, the roster, attendance and the monthly payroll."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format

_APP_FLAGS = (
    ("application_no", "--no", "신청번호 (비우면 자동)"), ("name", "--name", "성명"), ("birth_date", "--birth", "생년월일"),
    ("phone", "--phone", "휴대전화"), ("dong", "--dong", "행정동"), ("household_size", "--household", "가구원수"),
    ("household_income", "--income", "가구소득 (월, 원)"), ("assets", "--assets", "재산 (원)"),
    ("applied_on", "--applied-on", "신청일 (기본: 오늘)"), ("livelihood", "--livelihood", "생계급여수급 Y/N (기본 N)"),
    ("unemployment", "--unemployment", "실업급여수급 Y/N (기본 N)"),
    ("household_member", "--household-member", "세대내참여자 Y/N (기본 N)"),
    ("dependents", "--dependents", "부양가족수 (기본 0)"),
)
_PERIOD_FLAGS = (
    ("start", "--start"), ("end", "--end"), ("headcount", "--headcount"), ("budget", "--budget"),
    ("city_budget", "--city-budget"), ("city_ratio", "--city-ratio"), ("income_pct", "--income-pct"),
    ("asset_cap", "--asset-cap"), ("default_hours", "--hours"), ("min_age", "--min-age"),
    ("senior_age", "--senior-age"), ("senior_hours", "--senior-hours"), ("exclusions", "--exclusions"),
    ("work_types", "--work-types"), ("note", "--note"),
)
_WORKSITE_FLAGS = (
    ("name", "--name", "사업장 이름"), ("department", "--department", "부서"), ("place", "--place", "장소"),
    ("work_type", "--work-type", "업무"), ("supervisor", "--supervisor", "감독자"),
    ("supervisor_phone", "--phone", "감독자 전화"), ("daily_hours", "--hours", "1일 근무시간 (3~6)"),
    ("capacity", "--capacity", "배치 인원"), ("note", "--note", "비고"),
)


def _period_args(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument("--program", required=required, metavar="사업명", help="동행일자리 | 지역공동체일자리")
    p.add_argument("--period", required=required, metavar="기간", help="예: 2024-상반기")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("public-work", help="공공일자리: 선별ㆍ선발ㆍ사업장ㆍ출근부ㆍ급여",
                       description="동행일자리ㆍ지역공동체일자리 참여 신청을 선별(screen)하고, 선발ㆍ대기자를 보고 조정하며, "
                                   "사업장에 배치하고, 출근을 기록하고, 월 급여(주휴수당, 시비ㆍ구비)를 계산합니다. "
                                   "신청 가져오기: ydp-tui import public-work FILE")
    s = p.add_subparsers(dest="pw_command", metavar="ACTION", required=True)

    sp = s.add_parser("screen", help="신청 선별 (CONTRACT: 적격, 사유, 1일 시간, 일급, 순위, 선발)")
    _period_args(sp)
    add_format(sp)
    sp.set_defaults(func=run_screen)

    lp = s.add_parser("selection", help="선발ㆍ대기자 명단 (선별 순위에 조정ㆍ포기ㆍ배치를 더한 지금의 상태)")
    _period_args(lp)
    lp.add_argument("--view", default="전체", help="전체/선발/대기/적격/부적격/포기ㆍ제외/미배치/조정/충원")
    lp.add_argument("--query", "-q", default="", help="성명ㆍ초성ㆍ신청번호ㆍ전화번호")
    lp.add_argument("--order", default="선발순", choices=("선발순", "신청순", "성명순"))
    lp.add_argument("--limit", type=int, default=0, help="앞에서 몇 건 (기본: 전부)")
    add_format(lp)
    lp.set_defaults(func=run_selection)

    shp = s.add_parser("show", help="신청 하나: 선별 설명, 상태, 배치, 선발 기록")
    shp.add_argument("application_no", metavar="신청번호")
    add_format(shp)
    shp.set_defaults(func=run_show)

    ap = s.add_parser("add", help="신청 한 건 직접 입력 (곧바로 선별 결과를 보여 줌)")
    _period_args(ap)
    for key, flag, help_ in _APP_FLAGS:
        ap.add_argument(flag, dest=key, help=help_)
    ap.set_defaults(func=run_add)

    op = s.add_parser("override", help="선발 조정 (감독자): --select 선발, --drop 제외, --revert 조정 취소; 사유 필수")
    op.add_argument("application_no", metavar="신청번호")
    g = op.add_mutually_exclusive_group(required=True)
    g.add_argument("--select", action="store_true", help="선발 (정원이 차 있으면 순위 마지막 선발자가 대기로)")
    g.add_argument("--drop", action="store_true", help="선발에서 제외 (다음 대기자가 선발)")
    g.add_argument("--revert", action="store_true", help="조정을 되돌림 (선별 순위대로)")
    op.add_argument("--reason", default="", help="사유 (필수, 기록에 남음)")
    op.add_argument("--on", help="제외: 이 날부터 일하지 않음 (기본: 오늘)")
    op.set_defaults(func=run_override)

    wp = s.add_parser("swap", help="맞바꾸기 (감독자): --in 신청번호를 선발하고 --out 신청번호를 제외; 사유 필수")
    wp.add_argument("--in", dest="in_no", required=True, metavar="신청번호")
    wp.add_argument("--out", dest="out_no", required=True, metavar="신청번호")
    wp.add_argument("--reason", default="")
    wp.add_argument("--on", help="제외되는 사람이 이 날부터 일하지 않음 (기본: 오늘)")
    wp.set_defaults(func=run_swap)

    gp = s.add_parser("give-up", help="포기: 그날부터 일하지 않음; 다음 대기자가 선발됨 (연락하세요)")
    gp.add_argument("application_no", metavar="신청번호")
    gp.add_argument("--on", help="포기일 (이 날부터 일하지 않음; 기본: 오늘)")
    gp.add_argument("--reason", default="")
    gp.set_defaults(func=run_give_up)

    up = s.add_parser("undo-give-up", help="잘못 기록한 포기 되돌리기 (감독자, 사유 필수)")
    up.add_argument("application_no", metavar="신청번호")
    up.add_argument("--reason", default="")
    up.set_defaults(func=run_undo_give_up)

    pp = s.add_parser("period", help="사업 기간 (날짜ㆍ정원ㆍ예산ㆍ시/구 비율ㆍ소득ㆍ재산 기준ㆍ근무시간ㆍ제외 대상)")
    ps = pp.add_subparsers(dest="period_command", metavar="ACTION", required=True)
    pl = ps.add_parser("list", help="사업 기간 목록")
    add_format(pl)
    pl.set_defaults(func=run_period_list)
    pset = ps.add_parser("set", help="기간 열기ㆍ고치기 (감독자). 예: period set 동행일자리 2025-상반기 --copy-from 2024-상반기")
    pset.add_argument("program", metavar="사업명")
    pset.add_argument("period", metavar="기간")
    pset.add_argument("--copy-from", metavar="기간", help="같은 사업의 이 기간 값을 가져와 엽니다 (날짜는 해를 옮김)")
    for key, flag in _PERIOD_FLAGS:
        pset.add_argument(flag, dest=key)
    pset.set_defaults(func=run_period_set)

    wsp = s.add_parser("worksite", help="사업장: 목록, 등록")
    wss = wsp.add_subparsers(dest="worksite_command", metavar="ACTION", required=True)
    wl = wss.add_parser("list", help="사업장 목록 (일하는 인원)")
    _period_args(wl)
    add_format(wl)
    wl.set_defaults(func=run_worksite_list)
    wa = wss.add_parser("add", help="사업장 등록")
    _period_args(wa)
    for key, flag, help_ in _WORKSITE_FLAGS:
        wa.add_argument(flag, dest=key, help=help_)
    wa.set_defaults(func=run_worksite_add)

    asp = s.add_parser("assign", help="선발된 사람을 사업장에 배치")
    asp.add_argument("application_no", metavar="신청번호")
    asp.add_argument("--worksite", required=True, metavar="사업장")
    asp.add_argument("--start", help="시작일 (기본: 오늘 또는 사업 시작일)")
    asp.add_argument("--hours", help="1일 근무시간 (기본: 사업장 시간, 65세 이상 3시간)")
    asp.set_defaults(func=run_assign)

    mp = s.add_parser("move", help="다른 사업장으로 이동 (지금 배치는 전날 끝남)")
    mp.add_argument("application_no", metavar="신청번호")
    mp.add_argument("--worksite", required=True, metavar="사업장")
    mp.add_argument("--on", help="이동일 (기본: 오늘)")
    mp.set_defaults(func=run_move)

    rp = s.add_parser("roster", help="참여자 명단 (사업장별); --out FILE.xlsx로 내보내기")
    _period_args(rp)
    rp.add_argument("--worksite", metavar="사업장")
    rp.add_argument("--view", default="전체", choices=("전체", "근무중", "예정", "종료"))
    rp.add_argument("--query", "-q", default="")
    rp.add_argument("--sort", default="사업장", choices=("사업장", "성명", "신청번호", "시작일", "나이"))
    rp.add_argument("--out", metavar="FILE", help=".xlsx 또는 .csv로 명단 저장")
    add_format(rp)
    rp.set_defaults(func=run_roster)

    atp = s.add_parser("attendance", help="출근부: 사업장의 하루 (--status로 기록)")
    _period_args(atp)
    atp.add_argument("--worksite", required=True, metavar="사업장")
    atp.add_argument("--date", help="날짜 (기본: 오늘)")
    atp.add_argument("--status", choices=("출근", "결근", "병가", "휴가", "지움"),
                     help="이 구분으로 기록 (지움: 기록을 지움). 없으면 출근부를 보여 줌")
    atp.add_argument("--only", nargs="+", metavar="신청번호", help="이 사람들만 (기본: 그날 배치된 모두)")
    atp.add_argument("--except", dest="except_", nargs="+", metavar="신청번호", help="이 사람들은 빼고")
    atp.add_argument("--hours", type=int, help="출근 시간 (기본: 1일 근무시간)")
    add_format(atp)
    atp.set_defaults(func=run_attendance)

    pyp = s.add_parser("payroll", help="월 급여: 보기ㆍ내보내기ㆍ확정ㆍ지급ㆍ확정 취소")
    pys = pyp.add_subparsers(dest="payroll_command", metavar="ACTION", required=True)
    for name, help_, func in (
        ("show", "월 급여 보기 (확정 전에는 출근부로 계산)", run_payroll_show),
        ("export", "월 급여 XLSX/CSV (재무 담당에 보냄)", run_payroll_export),
        ("confirm", "급여 확정 (감독자): 그 달 출근부가 잠김", run_payroll_confirm),
        ("paid", "지급 처리 (감독자)", run_payroll_paid),
        ("reopen", "확정 취소 (감독자, 사유 필수)", run_payroll_reopen),
    ):
        x = pys.add_parser(name, help=help_)
        _period_args(x)
        x.add_argument("--month", required=True, help="월 (예: 2024-05)")
        if name == "show":
            add_format(x)
        if name == "export":
            x.add_argument("file", metavar="FILE")
        if name == "paid":
            x.add_argument("--on", help="지급일 (기본: 오늘)")
        if name == "reopen":
            x.add_argument("--reason", default="")
        x.set_defaults(func=func)

    fp = s.add_parser("figures", help="실적: 신청, 적격, 선발, 참여, 예산(시ㆍ구), 급여 지급액")
    _period_args(fp, required=False)
    add_format(fp)
    fp.set_defaults(func=run_figures)


# --- helpers -----------------------------------------------------------------------------------


def _period(ctx: Any) -> Any:
    from ydp_tui.db import public_work as pw

    return pw.resolve_period(ctx.open_db(), ctx.args.program, ctx.args.period)


def _won(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _change(ctx: Any, change: Any) -> None:
    ctx.info(change.message)
    for no, name in change.selected:
        ctx.info(f"추가 선발: {no} {name} (연락하여 참여 여부를 확인하세요)")
    for no, name in change.unselected:
        ctx.info(f"대기로: {no} {name}")


# --- screening and selection --------------------------------------------------------------------


def run_screen(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw
    from ydp_tui.rules.public_work import reason_text

    db = ctx.open_db()
    s = pw.screen(db, _period(ctx).id)
    if ctx.args.format == "json":
        ctx.print_json([r.as_json() for r in s.results])
        return 0
    sm = pw.summarize(s)
    ctx.print_table(
        f"{s.period.title} 선별 (신청일, 신청번호 순)", ["신청번호", "신청일", "적격", "사유", "1일 시간", "일급", "순위", "선발"],
        [[r.application_no, row[2], "적격" if r.eligible else "부적격",
          ", ".join(r.reasons) + (f" ({reason_text(r.reasons)})" if r.reasons else ""), r.daily_hours,
          _won(r.daily_wage), r.rank or "", "선발" if r.selected else ""] for r, row in zip(s.results, s.rows)],
        right={"1일 시간", "일급", "순위"},
        caption=f"{sm.applicants:,}건 중 적격 {sm.eligible:,}건, 정원 {sm.headcount:,}명 중 선별 선발 {sm.rule_selected:,}명 "
                f"(조정ㆍ포기를 더한 지금의 선발: ydp-tui public-work selection)")
    return 0


def run_selection(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    db = ctx.open_db()
    period = _period(ctx)
    s = pw.screen(db, period.id)
    positions = pw.filter_rows(s, query=ctx.args.query, view=ctx.args.view, order=ctx.args.order)
    page = pw.page_of(s, positions, limit=ctx.args.limit or len(positions) or 1)
    if ctx.args.format == "json":
        ctx.print_json([{"application_no": r.application_no, "name": r.name, "birth": r.birth_date,
                         "eligible": r.eligible, "reasons": list(r.reasons), "rank": r.rank,
                         "rule_selected": r.rule_selected, "state": r.state, "how": r.how or None,
                         "waiting_no": r.waiting_no, "assigned": r.assigned, "override": r.override or None,
                         "override_reason": r.override_reason or None} for r in page.rows])
        return 0
    sm = pw.summarize(s)
    ctx.print_table(f"{s.period.title} 선발ㆍ대기", ["순위", "신청번호", "성명", "나이", "상태", "배치", "조정 사유"],
                    [[r.rank or "", r.application_no, r.name, r.age, r.standing, "배치" if r.assigned else "",
                      r.override_reason] for r in page.rows], right={"순위", "나이"},
                    caption=sm.line() + f" | 미배치 선발 {sm.unassigned:,}")
    return 0


def run_show(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import public_work as pw
    from ydp_tui.rules.public_work import APPLICATION_FIELDS

    db = ctx.open_db()
    d = pw.detail(db, pw.find_id(db, ctx.args.application_no))
    if ctx.args.format == "json":
        ctx.print_json({"application_no": d.application_no, "fields": d.fields, "screening": d.result.as_json(),
                        "state": d.standing.state, "standing": d.standing_text, "override": d.override or None,
                        "override_reason": d.override_reason or None, "gave_up_on": d.gave_up_on,
                        "explanation": [{"ok": ok, "text": text} for ok, text in d.explanation],
                        "assignments": [{"worksite": w, "start": a, "end": b, "daily_hours": h}
                                        for w, a, b, h in d.assignments],
                        "history": [{"at": h.at, "action": h.action, "reason": h.reason, "before": h.before,
                                     "after": h.after, "partner": h.partner, "by": h.actor} for h in d.history]})
        return 0
    rows = [[spec.label, d.fields[spec.key]] for spec in APPLICATION_FIELDS]
    rows += [["선별", ("적격" if d.result.eligible else "부적격") + (f" 순위 {d.result.rank}" if d.result.rank else "")],
             ["지금", d.standing_text + (f" (조정 사유: {d.override_reason})" if d.override_reason else "")]]
    rows += [["확인" if ok else "해당 없음", text] for ok, text in d.explanation]
    rows += [["배치", f"{w} {a} ~ {b} 1일 {h}시간"] for w, a, b, h in d.assignments]
    ctx.print_table(f"신청 {d.application_no}", ["항목", "값"], rows)
    if d.history:
        ctx.print_table("선발 기록", ["일시", "처리", "전", "후", "사유", "담당"],
                        [[clock.format_local(h.at), h.action + (f" ({h.partner})" if h.partner else ""), h.before,
                          h.after, h.reason, h.actor] for h in d.history])
    return 0


def run_add(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import public_work as pw
    from ydp_tui.rules.public_work import reason_text

    raw = {k: getattr(ctx.args, k) for k, _, _ in _APP_FLAGS}
    raw["applied_on"] = raw["applied_on"] or clock.today().isoformat()
    for key in ("livelihood", "unemployment", "household_member"):
        raw[key] = raw[key] or "N"
    raw["dependents"] = raw["dependents"] or "0"
    db = ctx.open_db()
    app = pw.add(db, _period(ctx).id, raw)
    s = pw.screen(db, app.period_id)
    res, st = s.result_of(app.application_no), s.standing_of(app.application_no)
    verdict = (f"적격, 순위 {res.rank}, {pw.standing_text(st)}" if res.eligible
               else f"부적격: {reason_text(res.reasons)} ({', '.join(res.reasons)})")
    ctx.info(f"접수했습니다: {app.application_no} {app.name} - {verdict}, 1일 {res.daily_hours}시간 일급 {res.daily_wage:,}원")
    print(app.application_no)
    return 0


def run_override(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    db = ctx.open_db()
    app_id = pw.find_id(db, ctx.args.application_no)
    a = ctx.args
    if a.select:
        change = pw.override_select(db, app_id, a.reason)
    elif a.drop:
        change = pw.override_drop(db, app_id, a.reason, on=a.on)
    else:
        change = pw.revert_override(db, app_id, a.reason)
    _change(ctx, change)
    return 0


def run_swap(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    db = ctx.open_db()
    change = pw.override_swap(db, pw.find_id(db, ctx.args.in_no), pw.find_id(db, ctx.args.out_no), ctx.args.reason,
                              on=ctx.args.on)
    _change(ctx, change)
    return 0


def run_give_up(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    db = ctx.open_db()
    _change(ctx, pw.give_up(db, pw.find_id(db, ctx.args.application_no), reason=ctx.args.reason, on=ctx.args.on))
    return 0


def run_undo_give_up(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    db = ctx.open_db()
    _change(ctx, pw.undo_give_up(db, pw.find_id(db, ctx.args.application_no), ctx.args.reason))
    return 0


# --- periods ----------------------------------------------------------------------------------


def run_period_list(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    rows = pw.periods(ctx.open_db())
    if ctx.args.format == "json":
        ctx.print_json([{"program": p.program, "period": p.period, "start": p.start, "end": p.end,
                         "headcount": p.headcount, "budget": p.budget, "city_budget": p.city_budget,
                         "gu_budget": p.budget - p.city_budget, "city_ratio": p.city_ratio,
                         "income_pct": p.income_pct, "asset_cap": p.asset_cap, "default_hours": p.default_hours,
                         "min_age": p.min_age, "senior_age": p.senior_age, "senior_hours": p.senior_hours,
                         "exclusions": [x for x in p.exclusions.split(";") if x],
                         "work_types": [x for x in p.work_types.split(";") if x], "note": p.note} for p in rows])
        return 0
    ctx.print_table(None, ["사업명", "기간", "사업기간", "정원", "예산(원)", "시:구", "소득", "재산", "1일", "제외 대상"],
                    [[p.program, p.period, f"{p.start} ~ {p.end}", p.headcount, _won(p.budget),
                      f"{p.city_ratio}:{100 - p.city_ratio}", f"{p.income_pct}%", _won(p.asset_cap),
                      f"{p.default_hours}h ({p.senior_age}+ {p.senior_hours}h)", p.exclusions.replace(";", ", ")]
                     for p in rows], right={"정원", "예산(원)", "재산"})
    return 0


def run_period_set(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw

    raw = {k: getattr(ctx.args, k) for k, _ in _PERIOD_FLAGS if getattr(ctx.args, k) is not None}
    row = pw.set_period(ctx.open_db(), ctx.args.program, ctx.args.period, raw, copy_from=ctx.args.copy_from)
    ctx.info(f"저장했습니다: {row.program} {row.period} {row.start} ~ {row.end}, 정원 {row.headcount:,}명, "
             f"예산 {row.budget:,}원 (시 {row.city_budget:,}, 구 {row.budget - row.city_budget:,}), "
             f"소득 {row.income_pct}%, 재산 {row.asset_cap:,}원")
    return 0


# --- worksites, assignments, roster --------------------------------------------------------------


def run_worksite_list(ctx: Any) -> int:
    from ydp_tui.db import public_work_roster as roster

    rows = roster.worksites(ctx.open_db(), _period(ctx).id)
    if ctx.args.format == "json":
        ctx.print_json([{"name": w.name, "department": w.department, "place": w.place, "work_type": w.work_type,
                         "supervisor": w.supervisor, "supervisor_phone": w.supervisor_phone or None,
                         "daily_hours": w.daily_hours, "capacity": w.capacity, "working": w.working,
                         "assigned": w.assigned} for w in rows])
        return 0
    ctx.print_table(None, ["사업장", "부서", "업무", "감독자", "1일", "인원", "정원"],
                    [[w.name, w.department, w.work_type, w.supervisor, w.daily_hours, w.working, w.capacity or ""]
                     for w in rows], right={"1일", "인원", "정원"})
    return 0


def run_worksite_add(ctx: Any) -> int:
    from ydp_tui.db import public_work_roster as roster

    raw = {k: getattr(ctx.args, k) for k, _, _ in _WORKSITE_FLAGS}
    ws = roster.add_worksite(ctx.open_db(), _period(ctx).id, raw)
    ctx.info(f"사업장을 등록했습니다: {ws.name} ({ws.department}, 1일 {ws.daily_hours}시간)")
    return 0


def _app_and_site(ctx: Any) -> tuple[Any, Any]:
    from ydp_tui.db import public_work as pw
    from ydp_tui.db import public_work_roster as roster

    db = ctx.open_db()
    app_id = pw.find_id(db, ctx.args.application_no)
    with db.session() as session:
        from ydp_tui.db.models import PwApplication

        period_id = session.get(PwApplication, app_id).period_id
    return app_id, roster.find_worksite(db, period_id, ctx.args.worksite)


def run_assign(ctx: Any) -> int:
    from ydp_tui.db import public_work_roster as roster

    app_id, ws = _app_and_site(ctx)
    a = roster.assign(ctx.open_db(), app_id, ws.id, start=ctx.args.start, hours=ctx.args.hours)
    ctx.info(f"배치했습니다: {ctx.args.application_no} {ws.name} {a.start} ~ {a.end}, 1일 {a.daily_hours}시간")
    return 0


def run_move(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import public_work_roster as roster

    app_id, ws = _app_and_site(ctx)
    db = ctx.open_db()
    current = roster.current_assignment(db, app_id, ctx.args.on or clock.today())
    new = roster.move(db, current, ws.id, on=ctx.args.on)
    ctx.info(f"옮겼습니다: {ctx.args.application_no} {ws.name} {new.start}부터")
    return 0


def run_roster(ctx: Any) -> int:
    from ydp_tui.db import public_work_roster as roster

    db = ctx.open_db()
    period = _period(ctx)
    site = roster.find_worksite(db, period.id, ctx.args.worksite).id if ctx.args.worksite else None
    if ctx.args.out:
        count = roster.export_roster(db, period.id, ctx.args.out, worksite_id=site)
        ctx.info(f"명단을 저장했습니다: {count:,}명, {ctx.args.out}")
        return 0
    page = roster.roster_page(db, period.id, worksite_id=site, query=ctx.args.query, view=ctx.args.view,
                              sort=ctx.args.sort, limit=10**9)
    if ctx.args.format == "json":
        ctx.print_json([{"application_no": r.application_no, "name": r.name, "birth": r.birth_date, "age": r.age,
                         "worksite": r.worksite, "work_type": r.work_type, "daily_hours": r.daily_hours,
                         "daily_wage": r.daily_wage, "start": r.start, "end": r.end, "state": r.state,
                         "note": r.ended_reason or None} for r in page.rows])
        return 0
    ctx.print_table(f"{period.program} {period.period} 참여자 명단",
                    ["신청번호", "성명", "나이", "사업장", "업무", "1일", "일급", "시작일", "종료일", "상태"],
                    [[r.application_no, r.name, r.age, r.worksite, r.work_type, r.daily_hours, _won(r.daily_wage),
                      r.start, r.end, r.state] for r in page.rows], right={"나이", "1일", "일급"},
                    caption=f"{page.total:,}건 (참여자 {page.participants:,}명, 근무중 {page.working:,}명)")
    return 0


# --- attendance and payroll ------------------------------------------------------------------------


def run_attendance(ctx: Any) -> int:
    from ydp_tui.db import public_work_roster as roster
    from ydp_tui.db.errors import Refused

    db = ctx.open_db()
    period = _period(ctx)
    ws = roster.find_worksite(db, period.id, ctx.args.worksite)
    sheet = roster.attendance_sheet(db, ws.id, ctx.args.date)
    a = ctx.args
    if a.status:
        rows = sheet.rows
        if a.only:
            unknown = set(a.only) - {r.application_no for r in rows}
            if unknown:
                raise Refused(f"그날 {ws.name}에 배치되지 않은 신청번호: {', '.join(sorted(unknown))}")
            rows = [r for r in rows if r.application_no in a.only]
        if a.except_:
            rows = [r for r in rows if r.application_no not in a.except_]
        status = None if a.status == "지움" else a.status
        changed = roster.record_attendance(db, ws.id, sheet.day, [(r.assignment_id, status, a.hours) for r in rows])
        ctx.info(f"{sheet.title}: {len(rows)}명 {a.status} 기록 ({changed}건 바뀜)")
        sheet = roster.attendance_sheet(db, ws.id, sheet.day)
    if ctx.args.format == "json":
        ctx.print_json({"worksite": sheet.worksite, "date": sheet.day, "workday": sheet.workday,
                        "why_not": sheet.why_not or None, "locked": sheet.locked or None,
                        "rows": [{"application_no": r.application_no, "name": r.name, "daily_hours": r.daily_hours,
                                  "status": r.status, "hours": r.hours} for r in sheet.rows]})
        return 0
    caption = ", ".join(f"{k} {v}" for k, v in sheet.counts().items() if v)
    if not sheet.workday:
        caption = f"근무일 아님: {sheet.why_not}"
    ctx.print_table(f"출근부 {sheet.title}", ["신청번호", "성명", "1일", "구분", "시간"],
                    [[r.application_no, r.name, r.daily_hours, r.status or "-", "" if r.hours is None else r.hours]
                     for r in sheet.rows], right={"1일", "시간"}, caption=caption)
    return 0


def _month(ctx: Any) -> tuple[Any, int, int]:
    from ydp_tui.db import public_work_payroll as payroll

    year, month = payroll.parse_month(ctx.args.month)
    return _period(ctx), year, month


def run_payroll_show(ctx: Any) -> int:
    from ydp_tui.db import public_work_payroll as payroll

    period, year, month = _month(ctx)
    p = payroll.payroll(ctx.open_db(), period.id, year, month)
    if ctx.args.format == "json":
        ctx.print_json({"program": p.program, "period": p.period, "month": f"{year}-{month:02d}", "status": p.status,
                        "hourly": p.hourly, "participants": p.participants, "days": p.days, "base": p.base,
                        "weekly": p.weekly, "total": p.total, "city_share": p.city_share, "gu_share": p.gu_share,
                        "missing": p.missing, "paid_on": p.paid_on,
                        "lines": [{"application_no": r.application_no, "name": r.name, "worksite": r.worksite,
                                   "daily_hours": r.daily_hours, "days": r.days, "hours": r.hours, "base": r.base,
                                   "weeks": r.weeks, "weekly": r.weekly, "total": r.total, "missing": r.missing,
                                   "absent": r.absent} for r in p.rows]})
        return 0
    ctx.print_table(f"{p.title} ({p.status})",
                    ["신청번호", "성명", "사업장", "1일", "일수", "기본급", "주휴", "주휴수당", "지급액", "미입력"],
                    [[r.application_no, r.name, r.worksite, r.daily_hours, r.days, _won(r.base), r.weeks,
                      _won(r.weekly), _won(r.total), r.missing or ""] for r in p.rows],
                    right={"1일", "일수", "기본급", "주휴", "주휴수당", "지급액", "미입력"},
                    caption=p.line() + (f" | 출근 기록 없는 근무일 {p.missing:,}일" if p.missing else ""))
    return 0


def run_payroll_export(ctx: Any) -> int:
    from ydp_tui.db import public_work_payroll as payroll

    period, year, month = _month(ctx)
    count = payroll.export(ctx.open_db(), period.id, year, month, ctx.args.file)
    ctx.info(f"급여를 저장했습니다: {count:,}명, {ctx.args.file}")
    return 0


def run_payroll_confirm(ctx: Any) -> int:
    from ydp_tui.db import public_work_payroll as payroll

    period, year, month = _month(ctx)
    p = payroll.confirm(ctx.open_db(), period.id, year, month)
    ctx.info(f"확정했습니다: {p.title} {p.line()}")
    return 0


def run_payroll_paid(ctx: Any) -> int:
    from ydp_tui.db import public_work_payroll as payroll

    period, year, month = _month(ctx)
    p = payroll.mark_paid(ctx.open_db(), period.id, year, month, paid_on=ctx.args.on)
    ctx.info(f"지급 처리했습니다: {p.title} {p.total:,}원 ({p.paid_on})")
    return 0


def run_payroll_reopen(ctx: Any) -> int:
    from ydp_tui.db import public_work_payroll as payroll

    period, year, month = _month(ctx)
    p = payroll.reopen(ctx.open_db(), period.id, year, month, ctx.args.reason)
    ctx.info(f"확정을 취소했습니다: {p.title} (출근부를 고칠 수 있습니다)")
    return 0


def run_figures(ctx: Any) -> int:
    from ydp_tui.db import public_work as pw
    from ydp_tui.db.errors import ValidationFailed

    db = ctx.open_db()
    if bool(ctx.args.program) != bool(ctx.args.period):
        raise ValidationFailed({"기간": "--program과 --period는 함께 주세요 (둘 다 없으면 모든 기간)"})
    chosen = [_period(ctx)] if ctx.args.program else pw.periods(db)
    items = [pw.figures(db, p.id) for p in chosen]
    if ctx.args.format == "json":
        ctx.print_json(items)
        return 0
    ctx.print_table("공공일자리 실적", ["사업명", "기간", "신청", "적격", "선발", "지금 선발", "참여", "예산", "시비", "구비",
                                   "급여 지급"],
                    [[f["program"], f["period"], f"{f['applicants']:,}", f"{f['eligible']:,}", f"{f['selected']:,}",
                      f"{f['selected_now']:,}", f"{f['participants']:,}", _won(f["budget"]), _won(f["city_share"]),
                      _won(f["gu_share"]), _won(f["payroll_paid"])] for f in items],
                    right={"신청", "적격", "선발", "지금 선발", "참여", "예산", "시비", "구비", "급여 지급"},
                    caption="금액 단위: 원. 선발 = 선별 순위의 정원 안 (CONTRACT), 지금 선발 = 조정ㆍ포기ㆍ충원 후")
    return 0
