"""Renderers for any :class:`~ydp_tui.reports.Report`: display cells (table screen, Rich table),
JSON, CSV and XLSX, and the council pack (보고 자료: one workbook, one sheet per report).

Nothing here knows a report kind: integers are counts or amounts (thousand separators), floats
are rates (one decimal), ``None`` is a rate with no base ("-"; JSON null), so a kind added to
``REPORTS`` renders everywhere without more code.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ydp_tui.reports import REPORTS, Report, build
from ydp_tui.rules.validation import format_date_official

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

NO_VALUE = "-"
INT_FORMAT = "#,##0"
RATE_FORMAT = "0.0"
PACK_TITLE = "일자리정책과 주요업무 보고 자료"


# --- cells --------------------------------------------------------------------------------------


def display(value: Any) -> str:
    """A value as a person reads it in a table."""
    if value is None:
        return NO_VALUE
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, dt.date):
        return format_date_official(value)
    return str(value)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numeric_keys(report: Report) -> set[str]:
    """Columns holding numbers (right-aligned): every value a number or none ("-")."""
    rows = ([report.totals] if report.totals else []) + report.rows
    return {key for key, _ in report.columns if all(r.get(key) is None or is_number(r.get(key)) for r in rows)}


def lines(report: Report) -> list[tuple[bool, list[Any]]]:
    """The table's rows in column order, the total (계) first: (is_total, values)."""
    keys = [k for k, _ in report.columns]
    out: list[tuple[bool, list[Any]]] = []
    if report.totals:
        out.append((True, [report.totals.get(k) for k in keys]))
    out.extend((False, [r.get(k) for k in keys]) for r in report.rows)
    return out


def headers(report: Report) -> list[str]:
    return [h for _, h in report.columns]


def period_text(report: Report) -> str:
    if report.date_from is None or report.date_to is None:
        return ""
    return f"기간: {format_date_official(report.date_from)} ~ {format_date_official(report.date_to)}"


def as_of_text(report: Report) -> str:
    return f"({format_date_official(report.date_to)} 기준)" if report.date_to else ""


def caption(report: Report) -> str:
    parts = [period_text(report), as_of_text(report), report.unit or ""]
    return " ".join(p for p in parts if p)


# --- JSON and CSV --------------------------------------------------------------------------------


def json_value(report: Report) -> Any:
    """CONTRACT.md's shape: one object (``single``) or one object per row; totals not included."""
    return report.as_json()


def csv_rows(report: Report) -> list[list[Any]]:
    return [[NO_VALUE if v is None else v for v in values] for _, values in lines(report)]


def csv_text(report: Report) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(headers(report))
    for row in csv_rows(report):
        w.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return buf.getvalue()


def write_csv(report: Report, path: str | Path) -> int:
    """CSV (UTF-8 with BOM, as Excel opens it): the Korean headers, then the rows (계 first)."""
    from ydp_tui.io.spreadsheet import write_table

    return write_table(path, headers(report), csv_rows(report))


# --- XLSX ----------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name (31 characters, none of []:*?/\\) not yet used in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "보고"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _width(value: Any) -> int:
    from rich.cells import cell_len

    return cell_len(display(value))


def add_sheet(wb: Any, report: Report, used: set[str]) -> Any:
    """One report as a sheet: title, period, as-of date and unit above the table, the header row,
    the total (bold) then the rows, notes below.  Numbers stay numbers (formatted in Excel)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet_name(report.title, used))
    ncols = max(len(report.columns), 1)
    numeric = numeric_keys(report)
    keys = [k for k, _ in report.columns]
    ws.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=period_text(report))
    ws.cell(row=3, column=1, value=as_of_text(report))
    if report.unit:
        unit_col = ncols if ncols > 1 else 2
        cell = ws.cell(row=3, column=unit_col, value=report.unit)
        cell.alignment = Alignment(horizontal="right")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDE5F0")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    header_row = 4
    for c, (_, label) in enumerate(report.columns, start=1):
        cell = ws.cell(row=header_row, column=c, value=label)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_width(label) for _, label in report.columns]
    r = header_row
    for is_total, values in lines(report):
        r += 1
        for c, (key, value) in enumerate(zip(keys, values), start=1):
            cell = ws.cell(row=r, column=c, value=NO_VALUE if value is None else value)
            cell.border = border
            if isinstance(value, float):
                cell.number_format = RATE_FORMAT
            elif is_number(value):
                cell.number_format = INT_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if key in numeric:
                cell.alignment = Alignment(horizontal="right")
            elif is_total:
                cell.alignment = Alignment(horizontal="center")
            if is_total:
                cell.font = Font(bold=True)
                cell.fill = total_fill
            widths[c - 1] = max(widths[c - 1], _width(value))
    r += 1
    for note in report.notes:
        r += 1
        ws.cell(row=r, column=1, value=f"주: {note}")
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(w + 4, 10), 60)
    ws.sheet_view.showGridLines = False
    return ws


def write_workbook(reports: Sequence[Report], path: str | Path, *, author: str = "") -> int:
    """An XLSX with one sheet per report, written atomically; returns the number of sheets."""
    from openpyxl import Workbook

    from ydp_tui.io.spreadsheet import check_target, replacing

    target = check_target(path, (".xlsx",))
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for report in reports:
        add_sheet(wb, report, used)
    wb.properties.title = PACK_TITLE if len(reports) > 1 else (reports[0].title if reports else PACK_TITLE)
    wb.properties.creator = author or "ydp-tui"
    with replacing(target) as tmp:
        wb.save(tmp)
    return len(reports)


def write(report: Report, path: str | Path, *, author: str = "") -> None:
    """One report to a file chosen by its extension: .xlsx, .csv or .json."""
    import json

    from ydp_tui.io.spreadsheet import check_target, replacing

    target = check_target(path, (".xlsx", ".csv", ".json"))
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        write_workbook([report], target, author=author)
    elif suffix == ".csv":
        write_csv(report, target)
    else:
        with replacing(target) as tmp:
            tmp.write_text(json.dumps(json_value(report), ensure_ascii=False, indent=2,
                                      default=lambda v: v.isoformat()) + "\n", encoding="utf-8")


# --- the council pack ----------------------------------------------------------------------------


def pack_kinds() -> list[str]:
    return list(REPORTS)


def build_all(db: Database, date_from: dt.date, date_to: dt.date, kinds: Sequence[str] | None = None,
              progress: Callable[[str, int, int], None] | None = None) -> list[Report]:
    """Every registered report (or ``kinds``) for one period, in the registry's order."""
    chosen = list(kinds) if kinds else pack_kinds()
    out = []
    for i, kind in enumerate(chosen):
        if progress:
            progress(kind, i, len(chosen))
        out.append(build(kind, db, date_from, date_to))
    if progress:
        progress("", len(chosen), len(chosen))
    return out


def council_pack(db: Database, date_from: dt.date, date_to: dt.date, path: str | Path, *,
                 kinds: Sequence[str] | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> list[Report]:
    """The council pack (보고 자료): every report for the period in one workbook."""
    from ydp_tui.io.spreadsheet import check_target

    check_target(path, (".xlsx",))  # refuse a bad path before the work
    reports = build_all(db, date_from, date_to, kinds, progress)
    write_workbook(reports, path, author=db.operator)
    return reports
