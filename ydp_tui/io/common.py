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


def sort_problems(problems: list[str], columns: Sequence[str]) -> list[str]:
    """Row number first, then the column's position (``행 3: 임금 …`` before ``행 3: 마감일 …``)."""
    def key(message: str) -> tuple[int, int]:
        head, _, rest = message.partition(": ")
        label = rest.split(" ", 1)[0]
        return int(head.split()[1]), list(columns).index(label) if label in columns else len(columns)

    return sorted(problems, key=key)


def match_existing(rows: Sequence[tuple[int, dict[str, Any]]], key_of: Callable[[dict[str, Any]], Any],
                   existing: dict[Any, dict[str, Any]], present: Sequence[str], labels: dict[str, str],
                   what: Callable[[Any], str]) -> tuple[list[tuple[int, dict[str, Any]]], int, list[str]]:
    """Rows matched to stored records by their number column (CONTRACT.md): a row identical to its
    record (on the columns present) is skipped, a differing one is a row error naming the
    columns; the same number twice in the file likewise.  Returns (new rows, skipped, problems).

    ``existing`` maps a key to the stored record's values (by field key); ``what(key)`` names it.
    """
    new: list[tuple[int, dict[str, Any]]] = []
    problems: list[str] = []
    skipped = 0
    seen: dict[Any, tuple[int, dict[str, Any]]] = {}
    for number, values in rows:
        key = key_of(values)
        if key in seen:
            first_no, first = seen[key]
            diff = [labels[k] for k in present if first.get(k) != values.get(k)]
            if diff:
                problems.append(row_message(number, None, f"행 {first_no}과(와) {what(key)}이(가) 같은데 "
                                            f"내용이 다릅니다: {', '.join(dict.fromkeys(diff))}"))
            else:
                skipped += 1
            continue
        seen[key] = (number, values)
        stored = existing.get(key)
        if stored is None:
            new.append((number, values))
            continue
        diff = [labels[k] for k in present if stored.get(k) != values.get(k)]
        if diff:
            problems.append(row_message(number, None, f"이미 있는 {what(key)}와(과) 다릅니다: "
                                        f"{', '.join(dict.fromkeys(diff))} (가져오기는 기존 기록을 덮어쓰지 않습니다)"))
        else:
            skipped += 1
    return new, skipped, problems
