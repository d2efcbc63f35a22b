"""``ydp-tui subsidy …`` — youth exam-fee subsidy: screening, applications, review, payment
batches, program years and the year's figures (CONTRACT.md, subsidy)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format


def _year_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="사업연도 (신청일의 연도; 기본: 올해)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("subsidy", help="청년 국가자격시험 응시료 지원: 선별ㆍ검토ㆍ지급",
                       description="청년 국가자격시험 응시료 지원 신청을 선별(screen)하고, 검토(review)하고, "
                                   "지급 일괄(batch)로 이체 파일을 만듭니다. 신청 가져오기: ydp-tui import subsidy FILE")
    s = p.add_subparsers(dest="subsidy_command", metavar="ACTION", required=True)

    sp = s.add_parser("screen", help="신청 선별 (선착순: 신청일, 신청번호 순)")
    _year_arg(sp)
    add_format(sp)
    sp.set_defaults(func=run_screen)

    lp = s.add_parser("list", help="신청 목록 (선별 결과ㆍ검토 상태)")
    _year_arg(lp)
    lp.add_argument("--view", default="전체",
                    help="보기: 전체/적격/부적격/접수/검토/승인/반려/지급/미결정/예금주 다름 또는 사유 코드 (AGE 등)")
    lp.add_argument("--query", "-q", default="", help="성명ㆍ초성ㆍ신청번호ㆍ전화번호")
    lp.add_argument("--limit", type=int, default=200)
    add_format(lp)
    lp.set_defaults(func=run_list)

    shp = s.add_parser("show", help="신청 하나 (계좌번호는 가려서) 와 검토 기록")
    shp.add_argument("application_no", metavar="신청번호")
    add_format(shp)
    shp.set_defaults(func=run_show)

    ap = s.add_parser("add", help="신청 한 건 직접 입력")
    for key, flag, help_ in (
        ("application_no", "--no", "신청번호 (비우면 자동)"), ("applied_on", "--applied-on", "신청일"),
        ("name", "--name", "성명"), ("birth_date", "--birth", "생년월일"), ("phone", "--phone", "휴대전화"),
        ("moved_in", "--moved-in", "전입일"), ("employment", "--employment", "취업여부 (미취업/취업)"),
        ("business", "--business", "사업자등록여부 (없음/있음)"), ("exam_kind", "--exam-kind", "시험구분"),
        ("exam_name", "--exam-name", "시험명"), ("exam_date", "--exam-date", "응시일"), ("fee", "--fee", "응시료"),
        ("bank", "--bank", "은행"), ("account_no", "--account", "계좌번호"), ("holder", "--holder", "예금주 (기본: 성명)"),
    ):
        ap.add_argument(flag, dest=key, help=help_)
    ap.set_defaults(func=run_add)

    rp = s.add_parser("review", help="검토: 승인(--approve) ㆍ 반려(--reject) ㆍ 검토 시작(--begin) ㆍ 재검토(--reopen)")
    rp.add_argument("application_no", metavar="신청번호")
    g = rp.add_mutually_exclusive_group(required=True)
    g.add_argument("--begin", action="store_true", help="접수에서 검토로")
    g.add_argument("--approve", action="store_true", help="승인 (영수증ㆍ거주 확인 필요)")
    g.add_argument("--reject", action="store_true", help="반려 (사유 필요)")
    g.add_argument("--reopen", action="store_true", help="승인ㆍ반려를 검토로 되돌림 (사유 필요)")
    rp.add_argument("--amount", help="승인 금액 (기본: 승인할 수 있는 최대; 낮출 때는 사유 필요)")
    rp.add_argument("--reason", default="", help="사유 (반려, 재검토, 금액을 낮출 때, 선별과 다르게 승인할 때)")
    rp.add_argument("--receipt-ok", action="store_true", help="응시료 영수증을 확인했습니다")
    rp.add_argument("--residence-ok", action="store_true", help="주민등록 거주를 확인했습니다")
    rp.set_defaults(func=run_review)

    bp = s.add_parser("batch", help="지급 일괄: 만들기ㆍ목록ㆍ내보내기(이체 파일)ㆍ지급 완료ㆍ취소")
    bs = bp.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    c = bs.add_parser("create", help="승인된 신청으로 지급 일괄 만들기 (기본: 일괄에 없는 승인 전부)")
    _year_arg(c)
    c.add_argument("--apps", nargs="+", metavar="신청번호", help="이 신청만")
    c.add_argument("--note", default="")
    c.set_defaults(func=run_batch_create)
    bl = bs.add_parser("list", help="지급 일괄 목록")
    _year_arg(bl)
    add_format(bl)
    bl.set_defaults(func=run_batch_list)
    bsh = bs.add_parser("show", help="일괄의 신청 (계좌번호는 가려서)")
    bsh.add_argument("batch", metavar="일괄번호")
    add_format(bsh)
    bsh.set_defaults(func=run_batch_show)
    be = bs.add_parser("export", help="이체 파일 (XLSXㆍCSV: 은행, 계좌번호, 예금주, 금액, 신청번호)")
    be.add_argument("batch", metavar="일괄번호")
    be.add_argument("file", metavar="FILE")
    be.set_defaults(func=run_batch_export)
    bpd = bs.add_parser("paid", help="이체를 마친 일괄을 지급 처리")
    bpd.add_argument("batch", metavar="일괄번호")
    bpd.add_argument("--on", help="지급일 (기본: 오늘)")
    bpd.set_defaults(func=run_batch_paid)
    bc = bs.add_parser("cancel", help="지급 전 일괄 취소 (신청은 다시 일괄에 넣을 수 있음)")
    bc.add_argument("batch", metavar="일괄번호")
    bc.add_argument("--reason", required=True)
    bc.set_defaults(func=run_batch_cancel)
    br = bs.add_parser("remove", help="지급 전 일괄에서 신청 하나 빼기")
    br.add_argument("batch", metavar="일괄번호")
    br.add_argument("application_no", metavar="신청번호")
    br.set_defaults(func=run_batch_remove)

    fp = s.add_parser("figures", help="실적: 신청, 적격, 지원(승인) 인원ㆍ금액, 지급액, 예산, 집행률")
    _year_arg(fp)
    fp.add_argument("--from", dest="date_from", help="신청일 시작 (기본: 1월 1일)")
    fp.add_argument("--to", dest="date_to", help="신청일 끝 (기본: 12월 31일)")
    add_format(fp)
    fp.set_defaults(func=run_figures)

    yp = s.add_parser("year", help="사업연도 (기간ㆍ출생연도ㆍ거주기간ㆍ한도ㆍ예산ㆍ시험구분) 보기ㆍ열기ㆍ고치기")
    ys = yp.add_subparsers(dest="year_command", metavar="ACTION", required=True)
    yl = ys.add_parser("list", help="사업연도 목록")
    add_format(yl)
    yl.set_defaults(func=run_year_list)
    yset = ys.add_parser("set", help="사업연도 열기ㆍ고치기 (예: year set 2025 --copy-from 2024 --budget 60000000)")
    yset.add_argument("year", type=int)
    yset.add_argument("--copy-from", type=int, help="이 연도의 값을 가져와 새 연도를 엽니다 (날짜ㆍ출생연도는 옮김)")
    for key, flag in (("period_start", "--start"), ("period_end", "--end"), ("birth_year_from", "--birth-from"),
                      ("birth_year_to", "--birth-to"), ("residence_months", "--residence-months"),
                      ("per_person_cap", "--cap"), ("budget", "--budget"), ("appropriation", "--appropriation"),
                      ("exam_from", "--exam-from"), ("exam_kinds", "--exam-kinds"), ("note", "--note")):
        yset.add_argument(flag, dest=key)
    yset.set_defaults(func=run_year_set)


def _year(ctx: Any) -> int:
    """``--year``, or this year; when this year has no program, the latest one (said on stderr)."""
    if ctx.args.year:
        return ctx.args.year
    from ydp_tui import clock
    from ydp_tui.db import subsidy

    year, fell_back = subsidy.default_year(ctx.open_db())
    if fell_back:
        ctx.info(f"참고: {clock.today().year}년 사업이 없어 {year}년을 봅니다 (--year로 고르세요)")
    return year


def _won(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def run_screen(ctx: Any) -> int:
    from ydp_tui.db import subsidy
    from ydp_tui.rules.subsidy import reason_text

    db = ctx.open_db()
    year = _year(ctx)
    s = subsidy.screen(db, year)
    if ctx.args.format == "json":
        ctx.print_json([r.as_json() for r in s.results])
        return 0
    ov = subsidy.overview(db, year, screening=s)
    ctx.print_table(
        f"{year}년 청년 응시료 지원 선별 (선착순)", ["신청번호", "신청일", "적격", "사유", "금액"],
        [[r.application_no, row.applied_on, "적격" if r.eligible else "부적격",
          ", ".join(r.reasons) + (f" ({reason_text(r.reasons)})" if r.reasons else ""), _won(r.amount)]
         for r, row in zip(s.results, s.rows)], right={"금액"},
        caption=f"{ov.applications:,}건 중 적격 {ov.eligible:,}건 ({ov.eligible_people:,}명) "
                f"{ov.eligible_amount:,}원 / 지원규모 {ov.budget:,}원. {ov.message()}")
    return 0


def run_list(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    page = subsidy.list_page(db, _year(ctx), query=ctx.args.query, view=ctx.args.view,
                             limit=max(1, ctx.args.limit))
    from ydp_tui.db import audit

    audit.log_read(db, "subsidy_application", count=len(page.rows),
                   detail=f"응시료 지원 신청 목록 출력 (명령줄): {len(page.rows)}건" + (" (검색어 있음)" if ctx.args.query else ""))
    if ctx.args.format == "json":
        ctx.print_json([{"application_no": r.application_no, "applied_on": r.applied_on, "name": r.name,
                         "birth": r.birth_date, "exam_kind": r.exam_kind, "exam_name": r.exam_name,
                         "exam_date": r.exam_date, "fee": r.fee, "eligible": r.eligible,
                         "reasons": list(r.reasons), "amount": r.amount, "status": r.status,
                         "granted_amount": r.granted_amount, "holder_differs": r.holder_differs}
                        for r in page.rows])
        return 0
    ctx.print_table(None, ["신청번호", "신청일", "성명", "시험명", "응시료", "선별", "금액", "상태", "승인액", "예금주"],
                    [[r.application_no, r.applied_on, r.name, r.exam_name, _won(r.fee),
                      "적격" if r.eligible else ",".join(r.reasons), _won(r.amount), r.status,
                      _won(r.granted_amount), "다름" if r.holder_differs else ""] for r in page.rows],
                    right={"응시료", "금액", "승인액"}, caption=f"{page.total:,}건 중 {len(page.rows):,}건")
    return 0


def run_show(ctx: Any) -> int:
    from ydp_tui.db import subsidy
    from ydp_tui.rules.subsidy import reason_text

    db = ctx.open_db()
    d = subsidy.detail(db, subsidy.find_id(db, ctx.args.application_no))
    if ctx.args.format == "json":
        ctx.print_json({"application_no": d.application_no, "fields": d.fields, "status": d.status,
                        "eligible": d.eligible, "reasons": list(d.reasons), "amount": d.rule_amount,
                        "max_grant": d.max_grant, "granted_amount": d.granted_amount,
                        "holder_differs": d.holder_differs, "batch_no": d.batch_no,
                        "history": [{"at": h.at, "action": h.action, "from": h.from_status, "to": h.to_status,
                                     "amount": h.amount, "reason": h.reason, "reviewer": h.reviewer}
                                    for h in d.history]})
        return 0
    from ydp_tui.rules.subsidy import APPLICATION_FIELDS

    rows = [[spec.label, d.fields[spec.key]] for spec in APPLICATION_FIELDS]
    rows += [["상태", d.status], ["선별", "적격" if d.eligible else f"부적격: {reason_text(d.reasons)}"],
             ["선별 금액", _won(d.rule_amount)], ["승인 가능 금액", _won(d.max_grant)],
             ["승인 금액", _won(d.granted_amount)], ["예금주", d.holder + (" (신청인과 다름)" if d.holder_differs else "")],
             ["지급 일괄", d.batch_no or ""]]
    ctx.print_table(f"신청 {d.application_no}", ["항목", "값"], rows)
    if d.history:
        from ydp_tui import clock

        ctx.print_table("검토 기록", ["일시", "처리", "상태", "금액", "사유", "담당"],
                        [[clock.format_local(h.at), h.action, f"{h.from_status}-{h.to_status}", _won(h.amount),
                          h.reason, h.reviewer] for h in d.history])
    return 0


def run_add(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    keys = ("application_no", "applied_on", "name", "birth_date", "phone", "moved_in", "employment", "business",
            "exam_kind", "exam_name", "exam_date", "fee", "bank", "account_no", "holder")
    raw = {k: getattr(ctx.args, k) for k in keys}
    if not raw["holder"]:
        raw["holder"] = raw["name"]
    raw["employment"] = raw["employment"] or "미취업"
    raw["business"] = raw["business"] or "없음"
    db = ctx.open_db()
    app = subsidy.add(db, raw)
    ctx.info(f"접수했습니다: {app.application_no} {app.name}")
    print(app.application_no)
    return 0


def run_review(ctx: Any) -> int:
    from ydp_tui.db import subsidy
    from ydp_tui.db.errors import ValidationFailed
    from ydp_tui.rules.validation import Invalid, format_won, parse_amount

    db = ctx.open_db()
    a = ctx.args
    app_id = subsidy.find_id(db, a.application_no)
    if a.begin:
        subsidy.begin_review(db, app_id)
        ctx.info(f"{a.application_no}: 검토를 시작했습니다")
    elif a.approve:
        amount = None
        if a.amount:
            try:
                amount = parse_amount(a.amount, minimum=0)
            except Invalid as exc:
                raise ValidationFailed({"승인 금액": str(exc)}) from None
        app = subsidy.approve(db, app_id, amount=amount, receipt_checked=a.receipt_ok,
                              residence_checked=a.residence_ok, reason=a.reason)
        ctx.info(f"{a.application_no}: 승인했습니다 ({format_won(app.granted_amount)})")
    elif a.reject:
        subsidy.reject(db, app_id, a.reason)
        ctx.info(f"{a.application_no}: 반려했습니다 (사유: {a.reason})")
    else:
        subsidy.reopen(db, app_id, a.reason)
        ctx.info(f"{a.application_no}: 재검토로 되돌렸습니다")
    return 0


def run_batch_create(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    b = subsidy.create_batch(db, _year(ctx), ctx.args.apps, note=ctx.args.note)
    ctx.info(f"지급 일괄 {b.batch_no}를 만들었습니다: {b.count:,}건 {b.total:,}원. "
             f"이체 파일: ydp-tui subsidy batch export {b.batch_no} FILE.xlsx")
    print(b.batch_no)
    return 0


def run_batch_list(ctx: Any) -> int:
    from ydp_tui import clock
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    rows = subsidy.batches(db, ctx.args.year)
    if ctx.args.format == "json":
        ctx.print_json([{"batch_no": b.batch_no, "year": b.year, "status": b.status, "count": b.count,
                         "total": b.total, "exported_at": b.exported_at, "paid_on": b.paid_on, "note": b.note}
                        for b in rows])
        return 0
    ctx.print_table(None, ["일괄번호", "연도", "상태", "건수", "금액", "내보냄", "지급일", "비고"],
                    [[b.batch_no, b.year, b.status, b.count, _won(b.total), clock.format_local(b.exported_at),
                      b.paid_on or "", b.note] for b in rows], right={"건수", "금액"})
    return 0


def run_batch_show(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    b, lines = subsidy.batch_lines(db, ctx.args.batch)
    if ctx.args.format == "json":
        ctx.print_json({"batch_no": b.batch_no, "status": b.status, "count": b.count, "total": b.total,
                        "lines": [{"application_no": x.application_no, "name": x.name, "bank": x.bank,
                                   "account": x.account_masked, "holder": x.holder,
                                   "holder_differs": x.holder_differs, "amount": x.amount} for x in lines]})
        return 0
    ctx.print_table(f"지급 일괄 {b.batch_no} ({b.status})", ["신청번호", "성명", "은행", "계좌번호", "예금주", "금액"],
                    [[x.application_no, x.name, x.bank, x.account_masked,
                      x.holder + (" (다름)" if x.holder_differs else ""), _won(x.amount)] for x in lines],
                    right={"금액"}, caption=f"{b.count:,}건 {b.total:,}원")
    return 0


def run_batch_export(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    count = subsidy.export_batch(db, ctx.args.batch, ctx.args.file)
    ctx.info(f"이체 파일을 썼습니다: {count:,}건, {ctx.args.file} (계좌번호가 그대로 들어 있으니 보관에 주의하세요)")
    return 0


def run_batch_paid(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    b = subsidy.mark_paid(db, ctx.args.batch, paid_on=ctx.args.on)
    ctx.info(f"지급 처리했습니다: {b.batch_no} {b.count:,}건 {b.total:,}원 ({b.paid_on})")
    return 0


def run_batch_cancel(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    b = subsidy.cancel_batch(db, ctx.args.batch, ctx.args.reason)
    ctx.info(f"지급 일괄 {b.batch_no}를 취소했습니다")
    return 0


def run_batch_remove(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    b = subsidy.remove_from_batch(db, ctx.args.batch, ctx.args.application_no)
    ctx.info(f"{ctx.args.application_no}를 {b.batch_no}에서 뺐습니다 (남은 {b.count:,}건 {b.total:,}원; 이체 파일을 다시 내보내세요)")
    return 0


def run_figures(ctx: Any) -> int:
    from ydp_tui.db import subsidy
    from ydp_tui.db.errors import ValidationFailed
    from ydp_tui.rules.validation import Invalid, format_rate, parse_date

    try:
        lo = parse_date(ctx.args.date_from) if ctx.args.date_from else None
        hi = parse_date(ctx.args.date_to) if ctx.args.date_to else None
    except Invalid as exc:
        raise ValidationFailed({"기간": str(exc)}) from None
    db = ctx.open_db()
    f = subsidy.figures(db, _year(ctx), date_from=lo, date_to=hi)
    if ctx.args.format == "json":
        ctx.print_json(f)
        return 0
    ctx.print_table(
        f"{f['year']}년 청년 응시료 지원 실적 ({f['from']} ~ {f['to']})",
        ["신청(건)", "적격(명)", "적격 금액", "지원(명)", "지원 금액", "지급액", "예산액", "집행률(%)", "지원규모 잔액"],
        [[f"{f['applications']:,}", f"{f['eligible_people']:,}", _won(f["eligible_amount"]),
          f"{f['granted_people']:,}", _won(f["granted_amount"]), _won(f["paid_amount"]), _won(f["budget"]),
          format_rate(f["execution_rate"]), _won(f["budget_left"])]],
        right={"신청(건)", "적격(명)", "적격 금액", "지원(명)", "지원 금액", "지급액", "예산액", "집행률(%)", "지원규모 잔액"},
        caption="금액 단위: 원")
    return 0


def run_year_list(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    db = ctx.open_db()
    rows = subsidy.years(db)
    if ctx.args.format == "json":
        ctx.print_json([{"year": y.year, "period_start": y.period_start, "period_end": y.period_end,
                         "birth_year_from": y.birth_year_from, "birth_year_to": y.birth_year_to,
                         "residence_months": y.residence_months, "per_person_cap": y.per_person_cap,
                         "budget": y.budget, "appropriation": y.appropriation, "exam_from": y.exam_from,
                         "exam_kinds": [k for k in y.exam_kinds.split(";") if k], "note": y.note} for y in rows])
        return 0
    ctx.print_table(None, ["연도", "사업기간", "출생연도", "거주", "1인 한도", "지원규모", "예산액", "응시일 기준", "시험구분"],
                    [[y.year, f"{y.period_start} ~ {y.period_end}", f"{y.birth_year_from}~{y.birth_year_to}",
                      f"{y.residence_months}개월", _won(y.per_person_cap), _won(y.budget), _won(y.appropriation),
                      y.exam_from, y.exam_kinds.replace(";", ", ")] for y in rows],
                    right={"1인 한도", "지원규모", "예산액"})
    return 0


def run_year_set(ctx: Any) -> int:
    from ydp_tui.db import subsidy

    keys = ("period_start", "period_end", "birth_year_from", "birth_year_to", "residence_months", "per_person_cap",
            "budget", "appropriation", "exam_from", "exam_kinds", "note")
    raw = {k: getattr(ctx.args, k) for k in keys if getattr(ctx.args, k) is not None}
    db = ctx.open_db()
    row = subsidy.set_year(db, ctx.args.year, raw, copy_from=ctx.args.copy_from)
    ctx.info(f"{row.year}년 사업을 저장했습니다: {row.period_start} ~ {row.period_end}, "
             f"{row.birth_year_from}~{row.birth_year_to}년생, 1인 {row.per_person_cap:,}원, 지원규모 {row.budget:,}원")
    return 0
