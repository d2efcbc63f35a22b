"""Shared helpers for the employer, vacancy, referral and matching tests."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.conftest import seeker_values
from ydp_tui.db import employers, seekers, vacancies

BRN = "124-81-00998"
BRN2 = "220-81-62517"


def employer_values(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"brn": BRN, "name": "(주)한강푸드", "representative": "박대표", "phone": "02-2670-1234",
                              "dong": "문래동", "industry": "음식점업", "size": "5~29인", "registered_on": "2024-01-05"}
    values.update(over)
    return values


def vacancy_values(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"brn": BRN, "title": "주방 보조", "keco": "5301", "headcount": "1", "wage_type": "시급",
                              "wage": "10,000", "weekly_hours": "40", "employment_type": "기간의 정함 없음",
                              "registered_on": "2024-05-01", "deadline": "2024-06-30", "status": "모집중"}
    values.update(over)
    return values


def employer(db: Any, **over: Any) -> Any:
    return employers.register(db, employer_values(**over))


def vacancy(db: Any, **over: Any) -> Any:
    return vacancies.create(db, vacancy_values(**over))


def seeker(db: Any, **over: Any) -> Any:
    base = {"desired_jobs": "53", "desired_wage": "2000000", "work_type": "전일제", "education": "고졸",
            "registered_on": "2024-04-01", "consent_date": "2024-04-01"}
    base.update(over)
    return seekers.register(db, seeker_values(**base))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]], *, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in columns])
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))
