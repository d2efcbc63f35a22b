"""Field specifications: one description of a field drives the form (validation as you
type, the message beside the field), spreadsheet import/export (the column named by its
label) and the service's final check.  Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ydp_tui.rules import keco
from ydp_tui.rules import validation as v
from ydp_tui.rules.validation import Invalid


@dataclass(frozen=True)
class ParseContext:
    """What parsing needs beyond the value: today's date and reference lists."""

    today: dt.date
    keco_names: Mapping[str, str] = field(default_factory=dict)


Kind = str  # text | longtext | name | date | birth | past_date | time | mobile | phone | int | amount
#             | choice | multi | codes | list | yesno | brn


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 100
    minimum: int | None = None
    maximum: int | None = None
    placeholder: str = ""
    help: str = ""
    default: Callable[[ParseContext], Any] | None = None
    check: Callable[[Any, ParseContext], None] | None = None  # extra rule on the parsed value

    def is_empty(self, raw: object) -> bool:
        return raw is None or (isinstance(raw, str) and not raw.strip())

    def parse(self, raw: object, ctx: ParseContext) -> Any:
        """The value to store, or None/[] for an empty optional field; raises :class:`Invalid`."""
        if self.is_empty(raw):
            if self.default is not None:
                return self.default(ctx)
            if self.required:
                raise Invalid("값이 비어 있습니다 (필수 항목)")
            return [] if self.kind in ("multi", "codes", "list") else None
        value = self._parse(raw, ctx)
        if self.check is not None:
            self.check(value, ctx)
        return value

    def _parse(self, raw: object, ctx: ParseContext) -> Any:
        k = self.kind
        if k == "name":
            return v.normalize_name(raw)
        if k in ("text", "longtext"):
            return v.clean_text(raw, max_length=self.max_length)
        if k == "date":
            return v.parse_date(raw)
        if k == "past_date":
            d = v.parse_date(raw)
            if d > ctx.today:
                raise Invalid(f"'{d.isoformat()}'은(는) 미래의 날짜입니다")
            return d
        if k == "time":
            return v.parse_time(raw)
        if k == "birth":
            return v.parse_birth_date(raw, ctx.today)
        if k == "mobile":
            return v.normalize_mobile(raw)
        if k == "phone":
            return v.normalize_phone(raw)
        if k == "brn":
            return v.normalize_brn(raw)
        if k == "int":
            return v.parse_int(raw, minimum=self.minimum, maximum=self.maximum)
        if k == "amount":
            return v.parse_amount(raw, minimum=self.minimum if self.minimum is not None else 0,
                                  maximum=self.maximum)
        if k == "yesno":
            return v.parse_yes_no(raw)
        if k == "choice":
            return v.choice(raw, self.choices)
        if k == "multi":
            items = raw if isinstance(raw, list | tuple) else v.split_list(raw)
            for item in items:
                v.choice(item, self.choices)
            return list(items)
        if k == "codes":
            items = raw if isinstance(raw, list | tuple) else v.split_list(raw)
            return [keco.normalize_code(str(c), ctx.keco_names) for c in items]
        if k == "list":
            items = raw if isinstance(raw, list | tuple) else v.split_list(raw)
            for item in items:
                if len(item) > self.max_length:
                    raise Invalid(f"'{item[:20]}...' 항목이 너무 깁니다 ({self.max_length}자 이내)")
            return list(items)
        raise ValueError(f"unknown field kind {k!r}")

    def format(self, value: Any) -> str:
        """The value as a person (or a spreadsheet cell) reads it; parse(format(x)) == x."""
        if value is None:
            return ""
        if self.kind in ("multi", "codes", "list"):
            items = value if isinstance(value, list | tuple) else v.split_list(value)
            return v.join_list(list(items))
        if self.kind == "yesno":
            return "Y" if value else "N"
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)


def parse_record(specs: Sequence[FieldSpec], raw: Mapping[str, object], ctx: ParseContext, *,
                 by: str = "key", only_present: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse every field; returns (values by key, errors by label).

    ``by`` says whether ``raw`` is keyed by spec ``key`` or by ``label`` (spreadsheets).
    With ``only_present`` a field missing from ``raw`` is skipped instead of parsed as empty.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        name = spec.key if by == "key" else spec.label
        if only_present and name not in raw:
            continue
        try:
            values[spec.key] = spec.parse(raw.get(name), ctx)
        except Invalid as exc:
            errors[spec.label] = str(exc)
    return values, errors
