"""``ydp-tui import KIND FILE`` and ``ydp-tui export KIND FILE``."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

from ydp_tui.io import KINDS


def _module(kind: str) -> Any:
    return importlib.import_module(KINDS[kind])


def register(sub: argparse._SubParsersAction) -> None:
    kinds = sorted(KINDS)
    p = sub.add_parser("import", help="CSV(UTF-8/CP949)ㆍXLSX 파일 가져오기 (전부 아니면 전무)",
                       description="파일의 모든 행을 검사한 뒤, 잘못된 행이 하나라도 있으면 아무것도 쓰지 않고 "
                                   "잘못된 행을 모두 보여 줍니다. 이미 있는 같은 기록은 건너뜁니다.")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=f"종류: {', '.join(kinds)}")
    p.add_argument("file", metavar="FILE", help=".csv 또는 .xlsx")
    p.set_defaults(func=run_import)

    p = sub.add_parser("export", help="CSVㆍXLSX 파일로 내보내기 (가져오기와 같은 열)")
    p.add_argument("kind", choices=kinds, metavar="KIND", help=f"종류: {', '.join(kinds)}")
    p.add_argument("file", metavar="FILE", help=".csv (UTF-8, BOM 포함) 또는 .xlsx")
    p.set_defaults(func=run_export)


def run_import(ctx: Any) -> int:
    module = _module(ctx.args.kind)
    db = ctx.open_db()
    result = module.import_file(db, ctx.args.file)
    for warning in result.warnings:
        ctx.info(f"참고: {warning}")
    ctx.info(result.summary)
    return 0


def run_export(ctx: Any) -> int:
    module = _module(ctx.args.kind)
    db = ctx.open_db()
    count = module.export_file(db, ctx.args.file)
    ctx.info(f"내보내기 완료: {count:,}건, {ctx.args.file}")
    return 0
