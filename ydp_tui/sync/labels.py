"""How a field of any synced table reads to a supervisor: its Korean label, its value, which
record it belongs to, and how a typed value is checked when a conflict is resolved by editing.

Tables with field specs (``rules.fields.FieldSpec``) use them; an area registers its specs in
``FIELD_SPECS`` with one line.  Other columns fall back to common labels, then the column name.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
from functools import cache
from typing import Any

from ydp_tui import clock
from ydp_tui.rules.validation import Invalid

# table -> "module:attribute" of its FieldSpec tuple.
FIELD_SPECS: dict[str, str] = {
    "seeker": "ydp_tui.rules.seeker:SEEKER_FIELDS",
    "subsidy_application": "ydp_tui.rules.subsidy:APPLICATION_FIELDS",
    "subsidy_year": "ydp_tui.rules.subsidy:YEAR_FIELDS",
    "employer": "ydp_tui.rules.jobs:EMPLOYER_FIELDS",
    "employer_visit": "ydp_tui.rules.jobs:VISIT_FIELDS",
    "vacancy": "ydp_tui.rules.jobs:VACANCY_FIELDS",
    "referral": "ydp_tui.rules.jobs:REFERRAL_FIELDS",
    "job_event": "ydp_tui.rules.jobs:EVENT_FIELDS",
    "course": "ydp_tui.rules.jobs:COURSE_FIELDS",
    "pw_period": "ydp_tui.rules.public_work:PERIOD_FIELDS",
    "pw_application": "ydp_tui.rules.public_work:APPLICATION_FIELDS",
    "pw_worksite": "ydp_tui.rules.public_work:WORKSITE_FIELDS",
    "program": "ydp_tui.rules.programs:PROGRAM_FIELDS",
    "program_session": "ydp_tui.rules.programs:SESSION_FIELDS",
    "program_participant": "ydp_tui.rules.programs:WALKIN_FIELDS",
    "space_booking": "ydp_tui.rules.spaces:BOOKING_FIELDS",
    "space_use": "ydp_tui.rules.spaces:USE_FIELDS",
    "target_project": "ydp_tui.rules.targets:PROJECT_FIELDS",
    "target_indicator": "ydp_tui.rules.targets:INDICATOR_FIELDS",
}

COMMON = {
    "deleted": "삭제 표시", "status": "상태", "note": "비고", "name": "성명", "phone": "휴대전화",
    "birth_date": "생년월일", "created_at": "등록 일시", "updated_at": "수정 일시", "created_by": "등록한 사람",
    "updated_by": "수정한 사람", "text": "내용", "on": "날짜", "kind": "종류", "year": "연도", "value": "값",
    "key": "항목", "role": "역할", "active": "사용", "counselor": "상담사", "seeker_id": "구직자",
    "desired_hours": "주당 희망 근무시간", "consent_by": "동의 받은 사람", "consent_version": "동의서 판",
}


@cache
def specs(table: str) -> dict[str, Any]:
    target = FIELD_SPECS.get(table)
    if not target:
        return {}
    module, _, name = target.partition(":")
    return {s.key: s for s in getattr(importlib.import_module(module), name)}


def field_label(table: str, field: str) -> str:
    spec = specs(table).get(field)
    if spec is not None:
        return spec.label
    return COMMON.get(field, field)


def table_label(table: str) -> str:
    from ydp_tui.db.models import synced_tables

    model = synced_tables().get(table)
    return model.__label__ if model is not None else table


def display(table: str, field: str, stored: str | None, *, encrypted: bool = False) -> str:
    """A change-log value (JSON text) as a person reads it; account numbers masked."""
    if stored is None:
        return "(비어 있음)"
    value = json.loads(stored)
    if value is None:
        return "(비어 있음)"
    if encrypted:
        from ydp_tui import crypto

        return crypto.mask_account(crypto.decrypt_field(value))
    if field == "deleted":
        return "삭제됨" if value else "있음"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if field in ("created_at", "updated_at") or (isinstance(value, str) and len(value) > 19 and value[10:11] == "T"):
        try:
            return clock.format_local(dt.datetime.fromisoformat(value))
        except ValueError:
            pass
    spec = specs(table).get(field)
    if spec is not None and spec.kind == "amount" and isinstance(value, int):
        return f"{value:,}원"
    if value == "":
        return "(비어 있음)"
    return str(value)


def parse_edit(table: str, field: str, text: str, kind: str) -> Any:
    """A value a supervisor typed for ``table.field``; raises :class:`Invalid` with the reason."""
    from ydp_tui.rules.fields import ParseContext
    from ydp_tui.rules.validation import join_list, parse_date, parse_int, parse_yes_no

    spec = specs(table).get(field)
    if spec is not None:
        from ydp_tui import data

        value = spec.parse(text, ParseContext(today=clock.today(), keco_names=data.keco_names()))
        if isinstance(value, list):
            return join_list(value)
        if table == "seeker" and field == "work_type" and value:
            from ydp_tui.rules.seeker import parse_work_type

            return parse_work_type(value)[0]
        return value
    text = text.strip()
    if field == "deleted":
        if text in ("삭제됨", "삭제"):
            return True
        if text in ("있음", "복구"):
            return False
    if not text:
        return None
    if kind == "int":
        return parse_int(text.replace(",", ""))
    if kind == "bool":
        return parse_yes_no(text)
    if kind == "date":
        return parse_date(text)
    if kind == "datetime":
        raise Invalid("일시는 직접 고칠 수 없습니다: 두 값 중 하나를 고르세요")
    return text


def describe(session: Any, table: str, row_id: str) -> str:
    """Which record: its label and number (구직번호 ...) or name, else the start of its id."""
    from sqlalchemy import select

    from ydp_tui.db.models import synced_tables

    model = synced_tables().get(table)
    if model is None:
        return f"{table} {row_id[:8]}"
    t = model.__table__
    wanted = [c for c in t.columns if (c.unique and c.name != "id") or c.name.endswith("_no")]
    for name in ("name", "kind", "year", "key", "title"):
        if name in t.c:
            wanted.append(t.c[name])
    if not wanted:
        return f"{model.__label__} {row_id[:8]}"
    row = session.connection().execute(select(*wanted).where(t.c.id == row_id)).first()
    if row is None:
        return f"{model.__label__} {row_id[:8]}"
    parts = [str(v) for v in row if v not in (None, "")]
    return " ".join([model.__label__, *parts]) if parts else f"{model.__label__} {row_id[:8]}"
