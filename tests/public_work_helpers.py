"""Shared helpers for the public-work tests: 동 주민센터 sheets and application forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.subsidy_helpers import write_sheet as _write_sheet
from ydp_tui.io.public_work import COLUMNS

PROGRAM, PERIOD = "동행일자리", "2024-상반기"


def row(**over: Any) -> dict[str, Any]:
    """One sheet row (by column label), eligible for 동행일자리 2024-상반기 unless changed."""
    values: dict[str, Any] = {
        "신청번호": "P-0001", "사업명": PROGRAM, "기간": PERIOD, "성명": "김민수", "생년월일": "1968-03-15",
        "휴대전화": "010-1234-5678", "행정동": "문래동", "가구원수": "1", "가구소득": "1,000,000", "재산": "10,000,000",
        "신청일": "2023-12-05", "생계급여수급": "N", "실업급여수급": "N", "세대내참여자": "N", "부양가족수": "0",
    }
    values.update(over)
    return values


def people(n: int, **over: Any) -> list[dict[str, Any]]:
    """``n`` eligible applicants, poorest first (P-0001 has the lowest income)."""
    surnames = "김이박최정강조윤장임한오서신권황안송류홍"
    return [row(**{"신청번호": f"P-{i:04d}", "성명": f"{surnames[i % len(surnames)]}참여{i}",
                   "생년월일": f"{1960 + i % 20}-0{1 + i % 9}-1{i % 9}", "휴대전화": f"010-5{i:03d}-{1000 + i}",
                   "가구소득": str(500_000 + 10_000 * i), **over}) for i in range(1, n + 1)]


def write_sheet(path: Path, rows: list[dict[str, Any]], **kw: Any) -> Path:
    return _write_sheet(path, rows, columns=kw.pop("columns", COLUMNS), **kw)


def form(**over: Any) -> dict[str, Any]:
    """A valid desk form (keys), as typed: yes/no as 예/아니오."""
    values: dict[str, Any] = {
        "name": "이영희", "birth_date": "1958-07-01", "phone": "010-2345-6789", "dong": "대림2동",
        "household_size": "2", "household_income": "2,500,000", "assets": "120,000,000", "applied_on": "2023-12-10",
        "livelihood": "아니오", "unemployment": "아니오", "household_member": "아니오", "dependents": "1",
    }
    values.update(over)
    return values
