"""``ydp-tui match seeker|vacancy`` — the best matches with every criterion explained (CONTRACT.md)."""

from __future__ import annotations

import argparse
from typing import Any

from ydp_tui.commands.base import add_format


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("match", help="매칭: 구직자에게 맞는 구인, 구인에 맞는 구직자 (점수와 기준별 설명)",
                       description="모집중인 구인(마감일 전, 구인인원 미충원)과 구직중인 구직자만 매칭합니다. "
                                   "가중치와 기준은 정책 값입니다 (ydp-tui policy list --kind match_weights).")
    s = p.add_subparsers(dest="match_command", metavar="WHO", required=True)
    sp = s.add_parser("seeker", help="구직자에게 맞는 구인 (성명과 생년월일로 찾음)")
    sp.add_argument("--name", required=True, help="성명")
    sp.add_argument("--birth", required=True, help="생년월일 (예: 1990-03-15)")
    sp.add_argument("--top", type=int, default=20, help="몇 건 (기본 20)")
    add_format(sp)
    sp.set_defaults(func=run_seeker)
    vp = s.add_parser("vacancy", help="구인에 맞는 구직자")
    vp.add_argument("vacancy_no", metavar="구인번호")
    vp.add_argument("--top", type=int, default=50, help="몇 명 (기본 50)")
    add_format(vp)
    vp.set_defaults(func=run_vacancy)


def _criteria_cell(row: Any) -> str:
    lines = [f"{c.label}: {c.text}" for c in row.criteria]
    if row.referral:
        lines.append(f"알선: {row.referral[0]} ({row.referral[1]})")
    return "\n".join(lines)


def run_seeker(ctx: Any) -> int:
    from ydp_tui.db import matching
    from ydp_tui.db.errors import ValidationFailed
    from ydp_tui.rules.validation import Invalid, parse_date

    try:
        birth = parse_date(ctx.args.birth)
    except Invalid as exc:
        raise ValidationFailed({"생년월일": str(exc)}) from None
    db = ctx.open_db()
    result = matching.for_seeker(db, matching.find_seeker(db, ctx.args.name, birth), top=ctx.args.top)
    if ctx.args.format == "json":
        ctx.print_json([{"vacancy_no": r.vacancy.vacancy_no, "score": r.score, "criteria": matching.criteria_json(r)}
                        for r in result.rows])
        return 0
    s = result.seeker
    assert s is not None
    ctx.print_table(f"{s.name} ({s.birth}, {s.seeker_no})에게 맞는 구인", ["순위", "점수", "구인번호", "제목", "업체", "기준별 설명"],
                    [[i + 1, r.score, r.vacancy.vacancy_no, r.vacancy.title, r.vacancy.employer, _criteria_cell(r)]
                     for i, r in enumerate(result.rows)], right={"순위", "점수"}, caption=result.summary)
    return 0


def run_vacancy(ctx: Any) -> int:
    from ydp_tui.db import matching, vacancies

    db = ctx.open_db()
    result = matching.for_vacancy(db, vacancies.find_id(db, ctx.args.vacancy_no), top=ctx.args.top)
    if ctx.args.format == "json":
        ctx.print_json([{"seeker": {"name": r.seeker.name, "birth": r.seeker.birth}, "score": r.score,
                         "criteria": matching.criteria_json(r)} for r in result.rows])
        return 0
    v = result.vacancy
    assert v is not None
    ctx.print_table(f"구인 {v.vacancy_no} {v.title} ({v.employer})에 맞는 구직자",
                    ["순위", "점수", "성명", "생년월일", "구직번호", "기준별 설명"],
                    [[i + 1, r.score, r.seeker.name, r.seeker.birth, r.seeker.seeker_no, _criteria_cell(r)]
                     for i, r in enumerate(result.rows)], right={"순위", "점수"}, caption=result.summary)
    return 0
