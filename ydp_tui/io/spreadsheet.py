"""Reading and writing the tables people exchange: CSV (UTF-8, UTF-8 with BOM, CP949 — what
Korean Excel writes) and XLSX.  Rows carry their spreadsheet row number (header = row 1)
so messages point at the row a person sees in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ydp_tui.db.errors import ImportRefused, YdpError

MAX_FILE_BYTES = 200 * 1024 * 1024


class FileProblem(YdpError):
    """The file itself cannot be read (exit 2)."""

    exit_code = 2


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, {header: raw value})


def _clean_header(h: object) -> str:
    return " ".join(str(h or "").replace("\ufeff", "").split())


def decode_csv_bytes(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("CSV 파일의 문자 인코딩을 알 수 없습니다 (UTF-8 또는 CP949로 저장하세요)")


def read_table(path: str | Path) -> Table:
    path = Path(path)
    if not path.exists():
        raise FileProblem(f"파일이 없습니다: {path}")
    if path.is_dir():
        raise FileProblem(f"파일이 아니라 폴더입니다: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FileProblem(f"파일이 너무 큽니다 (200MB 이하): {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(path)
    except OSError as exc:
        raise FileProblem(f"파일을 읽을 수 없습니다: {path} ({exc.strerror})") from None
    raise FileProblem(f"CSV(.csv) 또는 엑셀(.xlsx) 파일만 읽을 수 있습니다: {path.name}")


def _finish(headers: list[str], data_rows: Iterable[tuple[int, Sequence[Any]]]) -> Table:
    if not any(headers):
        raise ImportRefused(["첫 행에 열 이름(머리글)이 없습니다"])
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            raise ImportRefused([f"열 이름 '{h}'이(가) 두 번 있습니다"])
        seen.add(h)
    rows = []
    for number, values in data_rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((number, {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}))
    return Table([h for h in headers if h], rows)


def _read_csv(path: Path) -> Table:
    text = decode_csv_bytes(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_row = next(reader)
    except StopIteration:
        raise ImportRefused(["파일이 비어 있습니다"]) from None
    except csv.Error as exc:
        raise FileProblem(f"CSV 형식이 잘못되었습니다: {exc}") from None
    headers = [_clean_header(h) for h in header_row]
    try:
        body = [(i, row) for i, row in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise FileProblem(f"CSV 형식이 잘못되었습니다 (행 {reader.line_num}): {exc}") from None
    return _finish(headers, body)


def _read_xlsx(path: Path) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileProblem(f"엑셀(.xlsx) 파일을 열 수 없습니다: {path.name} ({type(exc).__name__})") from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        try:
            header_row = next(it)
        except StopIteration:
            raise ImportRefused(["파일이 비어 있습니다"]) from None
        headers = [_clean_header(h) for h in header_row]
        body = []
        for i, row in enumerate(it, start=2):
            values = []
            for v in row:
                if isinstance(v, dt.datetime) and v.time() == dt.time(0):
                    v = v.date()
                values.append(v)
            body.append((i, values))
    finally:
        wb.close()
    return _finish(headers, body)


def check_headers(table: Table, columns: Sequence[str], required: Sequence[str]) -> list[str]:
    """Problems with the header row (missing required columns), and unknown columns as warnings."""
    missing = [c for c in required if c not in table.headers]
    if missing:
        raise ImportRefused([f"필수 열이 없습니다: {', '.join(missing)} (첫 행의 열 이름을 확인하세요)"])
    return [h for h in table.headers if h not in columns]


def check_target(path: str | Path, suffixes: Sequence[str] = (".csv", ".xlsx")) -> Path:
    """A file we are about to write: a known suffix in a folder that exists (else FileProblem)."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        names = {".csv": "CSV(.csv)", ".xlsx": "엑셀(.xlsx)", ".json": "JSON(.json)"}
        kinds = " 또는 ".join(names.get(s, s) for s in suffixes)
        raise FileProblem(f"{kinds}로만 저장할 수 있습니다: {path.name}")
    if not path.parent.exists():
        raise FileProblem(f"저장할 폴더가 없습니다: {path.parent}")
    return path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Write to a temporary file beside ``path`` and put it in place only when all went well,
    so a failed export never leaves half a file (nor destroys the previous one)."""
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileProblem(f"파일을 쓸 수 없습니다: {path} ({exc.strerror})") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_table(path: str | Path, headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                sheet: str = "Sheet1", number_format: dict[str, str] | None = None) -> int:
    """Write CSV (UTF-8 with BOM, so Excel opens it) or XLSX; returns the number of rows."""
    path = check_target(path)
    suffix = path.suffix.lower()
    count = 0
    with replacing(path) as tmp:
        if suffix == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                for row in rows:
                    w.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.date) else v) for v in row])
                    count += 1
        else:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet(sheet)
            ws.append(list(headers))
            formats = number_format or {}
            fmt_by_index = {i: formats[h] for i, h in enumerate(headers) if h in formats}
            from openpyxl.cell import WriteOnlyCell

            for row in rows:
                cells = []
                for i, v in enumerate(row):
                    cell = WriteOnlyCell(ws, value=v)
                    if isinstance(v, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                    elif i in fmt_by_index and isinstance(v, int):
                        cell.number_format = fmt_by_index[i]
                    cells.append(cell)
                ws.append(cells)
                count += 1
            wb.save(tmp)
    return count


def row_message(number: int, label: str | None, reason: str) -> str:
    """``행 12: 생년월일 '1990-13-01'을(를) 날짜로 읽을 수 없습니다``"""
    return f"행 {number}: {label} {reason}" if label else f"행 {number}: {reason}"
