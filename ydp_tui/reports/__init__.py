"""Reports: each kind is a function ``build(db, date_from, date_to) -> Report`` (CONTRACT.md, Reports).

``REPORTS`` maps a kind (``ydp-tui report KIND``) to ``"module:function"``; an area adds one line.
The ``report`` command, the reports screen and the council pack render any :class:`Report` the
same way (table, JSON, CSV, XLSX), so a report module only counts: it never formats output.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database


@dataclass
class Report:
    kind: str
    title: str                                 # Korean title, as the council report names the table
    columns: list[tuple[str, str]]             # (JSON key, Korean header), in order
    rows: list[dict[str, Any]]                 # one dict per row, keyed by the JSON keys
    single: bool = False                       # JSON is one object (the first row), not a list
    unit: str | None = None                    # e.g. "(단위: 천원)"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    totals: dict[str, Any] | None = None       # the 계 row: first in tables and files, not in JSON

    def as_json(self) -> Any:
        return (self.rows[0] if self.rows else {}) if self.single else self.rows


# kind -> "module:function"; function(db, date_from, date_to) -> Report
REPORTS: dict[str, str] = {}
REPORTS["budget"] = "ydp_tui.reports.budget:build"
REPORTS["center"] = "ydp_tui.reports.center:center"
REPORTS["events"] = "ydp_tui.reports.center:events"
REPORTS["public-work"] = "ydp_tui.reports.public_work:build"
REPORTS["programs"] = "ydp_tui.reports.programs:programs"
REPORTS["targets"] = "ydp_tui.reports.programs:targets"
REPORTS["subsidy"] = "ydp_tui.reports.subsidy:build"


def build(kind: str, db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    module, _, name = REPORTS[kind].partition(":")
    return getattr(importlib.import_module(module), name)(db, date_from, date_to)
