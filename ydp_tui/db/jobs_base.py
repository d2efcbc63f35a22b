"""What the employer, vacancy, referral and event services share: parsing a record by its
field specs, loading a live row, optimistic locking, name search and one page of rows."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db.errors import NotFound, StaleRecord, ValidationFailed
from ydp_tui.rules import search as search_rules
from ydp_tui.rules.fields import FieldSpec, ParseContext, parse_record
from ydp_tui.rules.validation import join_list

T = TypeVar("T")
COUNT_CAP = 2_000


def parse_context() -> ParseContext:
    return ParseContext(today=clock.today(), keco_names=data.keco_names())


def validate(specs: Sequence[FieldSpec], raw: Mapping[str, object], check: Callable[[dict[str, Any]], dict[str, str]]
             | None = None, *, by: str = "key", ctx: ParseContext | None = None) -> dict[str, Any]:
    """Parse and check a record; returns values by key (lists joined with ';') or raises ValidationFailed."""
    values, errors = parse_record(specs, raw, ctx or parse_context(), by=by)
    if not errors and check is not None:
        errors.update(check(values))
    if errors:
        raise ValidationFailed(errors)
    return joined(values)


def joined(values: dict[str, Any]) -> dict[str, Any]:
    return {k: join_list(v) if isinstance(v, list) else v for k, v in values.items()}


def fields_of(specs: Sequence[FieldSpec], obj: Any, **override: Any) -> dict[str, str]:
    """A record as its form (and a spreadsheet row) shows it, by field key."""
    out = {}
    for spec in specs:
        value = override[spec.key] if spec.key in override else getattr(obj, spec.key, None)
        out[spec.key] = spec.format(value)
    return out


def load(session: Session, model: type[T], row_id: str, what: str) -> T:
    obj = session.get(model, row_id)
    if obj is None or getattr(obj, "deleted", False):
        raise NotFound(f"{what}을(를) 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    return obj


def check_version(obj: Any, expected_version: int | None, what: str) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise StaleRecord(what, obj.updated_by)


def changed_labels(specs: Sequence[FieldSpec], obj: Any, values: Mapping[str, Any]) -> list[str]:
    labels = {s.key: s.label for s in specs}
    return list(dict.fromkeys(labels.get(k, k) for k, v in values.items() if getattr(obj, k) != v))


def name_clause(column: Any, session: Session, query: str) -> Any:
    """``column`` (a ``fold|초성`` key) contains the query (syllables, 초성 or a mix)."""
    if session.get_bind().dialect.name == "postgresql":
        return column.op("~")(search_rules.regex_pattern(query))
    return column.op("GLOB")(search_rules.glob_pattern(query))


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    offset: int
    capped: bool = False  # more than ``total`` match


def page(session: Session, stmt: Select[Any], count_stmt: Select[Any], make: Callable[[Any], T], *,
         limit: int, offset: int) -> Page[T]:
    """One page of ``stmt`` (already ordered) and how many match (counted up to COUNT_CAP)."""
    result = session.execute(stmt.limit(limit).offset(offset)).all()
    if len(result) < limit and (result or not offset):
        total = offset + len(result)
    else:
        inner = count_stmt.limit(COUNT_CAP + 1).subquery()
        total = session.execute(select(func.count()).select_from(inner)).scalar_one()
    return Page([make(r) for r in result], min(total, COUNT_CAP), offset, capped=total > COUNT_CAP)
