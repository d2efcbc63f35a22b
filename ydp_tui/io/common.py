"""Pieces every import/export kind shares: parse rows by field specs, report all bad rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ydp_tui.io.spreadsheet import Table, row_message
from ydp_tui.rules.fields import FieldSpec, ParseContext, parse_record

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"가져오기 완료: 새로 {self.created:,}건, 이미 있는 같은 기록 {self.skipped:,}건 건너뜀"


def parse_rows(table: Table, specs: Sequence[FieldSpec], required: Sequence[str], ctx: ParseContext,
               *, required_reason: dict[str, str] | None = None
               ) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """Parse every row; returns (rows as (number, values by key), problems).

    Only the columns present in the file are parsed; a required column's empty cell is an error
    even if the field has a default (a spreadsheet row must say it).
    """
    present = [s for s in specs if s.label in table.headers]
    parsed: list[tuple[int, dict[str, Any]]] = []
    problems: list[str] = []
    reasons = required_reason or {}
    for number, raw in table.rows:
        row_problems = []
        for label in required:
            cell = raw.get(label)
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                row_problems.append(row_message(number, label, reasons.get(label, "값이 비어 있습니다 (필수 항목)")))
        values, errors = parse_record(present, raw, ctx, by="label")
        for label, reason in errors.items():
            if label in required and not any(p.startswith(f"행 {number}: {label} ") for p in row_problems):
                row_problems.append(row_message(number, label, reason))
            elif label not in required:
                row_problems.append(row_message(number, label, reason))
        if row_problems:
            problems.extend(row_problems)
        else:
            parsed.append((number, values))
    return parsed, problems


def cells(specs: Sequence[FieldSpec], values: dict[str, Any]) -> list[Any]:
    """A record's export cells in column order (strings, ints and dates)."""
    out = []
    for spec in specs:
        v = values.get(spec.key)
        if spec.kind in ("int", "amount") or hasattr(v, "isoformat"):
            out.append(v)
        else:
            out.append(spec.format(v))
    return out
