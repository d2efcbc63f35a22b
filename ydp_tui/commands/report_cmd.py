"""``ydp-tui report KIND --from D --to D [--format table|json|csv|xlsx] [--out FILE]`` and
``ydp-tui report pack --from D --to D --out 보고.xlsx`` (CONTRACT.md, Reports).

Every kind registered in ``ydp_tui.reports.REPORTS`` works here without more code; the pack
holds all of them, one sheet each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from ydp_tui.db.errors import YdpError

FORMATS = ("table", "json", "csv", "xlsx")
PACK = "pack"


class UsageProblem(YdpError):
    """A combination of options that cannot work (exit 2)."""

    exit_code = 2


def register(sub: argparse._SubParsersAction) -> None:
    from ydp_tui.reports import REPORTS

    kinds = [*REPORTS, PACK]
    p = sub.add_parser(
        "report", help="보고서: " + ", ".join(kinds),
        description="기간의 실적을 표로 냅니다 (기간의 시작일과 종료일 모두 포함). "
                    "pack은 모든 보고서를 시트 하나씩 담은 구의회 보고 자료(XLSX)를 만듭니다.")
    p.add_argument("kind", choices=kinds, metavar="KIND", help="보고서 종류: " + ", ".join(kinds))
    p.add_argument("--from", dest="date_from", metavar="DATE", help="시작일 (기본: 올해 1월 1일)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="종료일, 기준일 (기본: 오늘)")
    p.add_argument("--format", choices=FORMATS, help="table(표, 기본), json, csv, xlsx (--out의 확장자로도 정함)")
    p.add_argument("--out", metavar="FILE", help="파일로 저장 (xlsx와 pack은 필수)")
    p.add_argument("--kinds", metavar="K1,K2", help="pack에 넣을 보고서 (기본: 전부)")
    p.set_defaults(func=run)


def period(date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date]:
    """--from/--to as dates (any accepted form); defaults: this year's 1 January to today."""
    from ydp_tui import clock
    from ydp_tui.db.errors import ValidationFailed
    from ydp_tui.rules.validation import Invalid, parse_date

    errors = {}
    today = clock.today()
    lo = hi = None
    try:
        hi = parse_date(date_to) if date_to else today
    except Invalid as exc:
        errors["종료일(--to)"] = str(exc)
    try:
        lo = parse_date(date_from) if date_from else dt.date((hi or today).year, 1, 1)
    except Invalid as exc:
        errors["시작일(--from)"] = str(exc)
    if not errors and lo > hi:  # type: ignore[operator]
        errors["기간"] = f"시작일 {lo}이(가) 종료일 {hi}보다 늦습니다"
    if errors:
        raise ValidationFailed(errors)
    return lo, hi  # type: ignore[return-value]


def _format(args: Any) -> str:
    if args.format:
        return str(args.format)
    if args.out:
        suffix = Path(args.out).suffix.lower().lstrip(".")
        if suffix in ("json", "csv", "xlsx"):
            return suffix
    return "table"


def run(ctx: Any) -> int:
    args = ctx.args
    lo, hi = period(args.date_from, args.date_to)
    if args.kind == PACK:
        return run_pack(ctx, lo, hi)
    if args.kinds:
        raise UsageProblem("--kinds는 pack에만 씁니다")
    fmt = _format(args)
    if fmt == "xlsx" and not args.out:
        raise UsageProblem("xlsx 형식은 --out FILE.xlsx로 저장할 파일을 정하세요")
    from ydp_tui.reports import build
    from ydp_tui.reports import render

    report = build(args.kind, ctx.open_db(), lo, hi)
    out = Path(args.out).expanduser() if args.out else None
    if fmt == "xlsx":
        assert out is not None
        if out.suffix.lower() != ".xlsx":
            raise UsageProblem(f"xlsx 형식은 .xlsx 파일로 저장합니다: {out.name}")
        render.write_workbook([report], out, author=ctx.open_db().operator)
    elif fmt == "csv":
        if out is None:
            sys.stdout.write(render.csv_text(report))
        else:
            if out.suffix.lower() != ".csv":
                raise UsageProblem(f"csv 형식은 .csv 파일로 저장합니다: {out.name}")
            render.write_csv(report, out)
    elif fmt == "json":
        if out is None:
            ctx.print_json(render.json_value(report))
        else:
            if out.suffix.lower() != ".json":
                raise UsageProblem(f"json 형식은 .json 파일로 저장합니다: {out.name}")
            render.write(report, out)
    else:
        if out is None:
            print_report(ctx, report)
        else:
            _table_to_file(report, out)
    if out is not None:
        ctx.info(f"저장했습니다: {out}")
    return 0


def print_report(ctx: Any, report: Any) -> None:
    from ydp_tui.reports import render

    numeric = render.numeric_keys(report)
    ctx.print_table(report.title, render.headers(report),
                    [[render.display(v) for v in values] for _, values in render.lines(report)],
                    right={h for k, h in report.columns if k in numeric},
                    caption="\n".join([render.caption(report), *report.notes]))


def _table_to_file(report: Any, out: Path) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ydp_tui.io.spreadsheet import check_target, replacing
    from ydp_tui.reports import render

    target = check_target(out, (".txt",)) if out.suffix.lower() == ".txt" else None
    if target is None:
        raise UsageProblem(f"표(table)는 .txt 파일로 저장합니다 (엑셀은 .xlsx): {out.name}")
    numeric = render.numeric_keys(report)
    table = Table(title=report.title, caption="\n".join([render.caption(report), *report.notes]))
    for key, label in report.columns:
        table.add_column(label, justify="right" if key in numeric else "left")
    for _, values in render.lines(report):
        table.add_row(*[Text(render.display(v)) for v in values])
    with replacing(target) as tmp, tmp.open("w", encoding="utf-8") as fh:
        Console(file=fh, width=120).print(table)


def run_pack(ctx: Any, lo: dt.date, hi: dt.date) -> int:
    from ydp_tui.reports import REPORTS
    from ydp_tui.reports import render

    args = ctx.args
    if not args.out:
        raise UsageProblem("pack은 --out FILE.xlsx로 저장할 파일을 정하세요")
    if args.format not in (None, "xlsx"):
        raise UsageProblem("pack은 xlsx로만 만듭니다")
    kinds = None
    if args.kinds:
        kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
        unknown = [k for k in kinds if k not in REPORTS]
        if unknown:
            raise UsageProblem(f"없는 보고서 종류입니다: {', '.join(unknown)} ({', '.join(REPORTS)} 중에서)")
    out = Path(args.out).expanduser()
    reports = render.council_pack(ctx.open_db(), lo, hi, out, kinds=kinds,
                                  progress=lambda kind, i, n: ctx.info(f"{i + 1}/{n} {kind}") if kind else None)
    ctx.info(f"보고 자료 {len(reports)}개 시트 ({', '.join(r.title for r in reports)}): {out}")
    print(out)
    return 0
