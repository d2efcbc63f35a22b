"""Shared helpers for the subsidy tests: website sheets and applications."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ydp_tui.io.subsidy import COLUMNS


def row(**over: Any) -> dict[str, Any]:
    """One website row (by column label), valid and eligible in 2024 unless changed."""
    values: dict[str, Any] = {
        "신청번호": "W-0001", "신청일": "2024-05-20", "성명": "김민수", "생년월일": "1995-03-15",
        "휴대전화": "010-1234-5678", "전입일": "2020-01-01", "취업여부": "미취업", "사업자등록여부": "없음",
        "시험구분": "국가기술자격", "시험명": "정보처리기사 필기", "응시일": "2024-03-09", "응시료": "19400",
        "은행": "국민은행", "계좌번호": "123456-01-234567", "예금주": "김민수",
    }
    values.update(over)
    return values


def write_sheet(path: Path, rows: list[dict[str, Any]], *, encoding: str = "utf-8-sig",
                columns: list[str] | None = None) -> Path:
    columns = columns or COLUMNS
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) for c in columns])
        wb.save(path)
        return path
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return path


def form(**over: Any) -> dict[str, Any]:
    """A valid application form (keys), as typed."""
    values: dict[str, Any] = {
        "applied_on": "2024-05-20", "name": "김민수", "birth_date": "1995-03-15", "phone": "010-1234-5678",
        "moved_in": "2020-01-01", "employment": "미취업", "business": "없음", "exam_kind": "국가기술자격",
        "exam_name": "정보처리기사 필기", "exam_date": "2024-03-09", "fee": "19,400", "bank": "국민은행",
        "account_no": "123456-01-234567", "holder": "김민수",
    }
    values.update(over)
    return values
