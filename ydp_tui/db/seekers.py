"""Job-seeker services: register, find, edit, change status, counselling notes.

The only code that writes seekers; the TUI and the CLI both call these.  Every write is one
transaction (change capture and the access log included); a refused call changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db import audit, policy
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import CounselNote, Seeker
from ydp_tui.db.numbers import next_number
from ydp_tui.rules import search as search_rules
from ydp_tui.rules import seeker as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.hangul import fold, name_matches, query_kind
from ydp_tui.rules.validation import Invalid, clean_text, join_list, parse_date, phone_digits

LIST_FIELDS = (Seeker.id, Seeker.seeker_no, Seeker.name, Seeker.birth_date, Seeker.phone, Seeker.dong,
               Seeker.status, Seeker.registered_on)


@dataclass(frozen=True)
class SeekerRow:
    """One line of a seeker list."""

    id: str
    seeker_no: str
    name: str
    birth_date: dt.date | None
    phone: str
    dong: str
    status: str
    registered_on: dt.date


@dataclass(frozen=True)
class Page:
    rows: list[SeekerRow]
    total: int
    offset: int
    capped: bool = False  # more than ``total`` match


class DuplicateFound(Refused):
    """The same person may already be registered: ``matches`` lists them."""

    def __init__(self, matches: list[SeekerRow]) -> None:
        self.matches = matches
        first = matches[0]
        super().__init__(
            f"같은 사람으로 보이는 구직자가 이미 있습니다: {first.seeker_no} {first.name} "
            f"({first.birth_date}, {first.phone})" + (f" 외 {len(matches) - 1}명" if len(matches) > 1 else "")
        )


def parse_context() -> ParseContext:
    return ParseContext(today=clock.today(), keco_names=data.keco_names())


def _row(r: Any) -> SeekerRow:
    return SeekerRow(r.id, r.seeker_no, r.name or "(파기됨)", r.birth_date, r.phone or "", r.dong or "",
                     r.status, r.registered_on)


# --- validation ----------------------------------------------------------------------------


def validate(raw: Mapping[str, object], *, by: str = "key", only_present: bool = False,
             ctx: ParseContext | None = None) -> dict[str, Any]:
    """Parse and check a whole record; returns model column values or raises ValidationFailed."""
    ctx = ctx or parse_context()
    values, errors = parse_record(rules.SEEKER_FIELDS, raw, ctx, by=by, only_present=only_present)
    if not errors:
        errors.update(rules.check_record(values))
    if errors:
        raise ValidationFailed(errors)
    return to_columns(values)


def to_columns(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("desired_jobs", "certificates", "target_groups"):
        if key in out:
            out[key] = join_list(out[key] or [])
    return out


def to_fields(seeker: Seeker) -> dict[str, str]:
    """A seeker as the form (and a spreadsheet row) shows it, by field key."""
    out: dict[str, str] = {}
    for spec in rules.SEEKER_FIELDS:
        if spec.key == "work_type":
            out[spec.key] = rules.format_work_type(seeker.work_type, seeker.desired_hours)
        else:
            out[spec.key] = spec.format(getattr(seeker, spec.key))
    return out


# --- duplicates ----------------------------------------------------------------------------


def find_duplicates(session: Session, name: str, birth: dt.date | None, phone: str | None,
                    exclude_id: str | None = None) -> list[SeekerRow]:
    """Same 성명 + 생년월일, or the same 휴대전화."""
    conds = []
    if name and birth:
        conds.append(and_(Seeker.birth_date == birth, Seeker.name_key.like(f"{fold(name)}|%")))
    if phone:
        conds.append(Seeker.phone_digits == phone_digits(phone))
    if not conds:
        return []
    stmt = select(*LIST_FIELDS).where(or_(*conds), Seeker.deleted.is_(False))
    if exclude_id:
        stmt = stmt.where(Seeker.id != exclude_id)
    rows = [_row(r) for r in session.execute(stmt.order_by(Seeker.seeker_no).limit(20))]
    return [r for r in rows if fold(r.name) == fold(name) or phone_digits(r.phone) == phone_digits(phone or "")]


# --- writes -------------------------------------------------------------------------------


def register(db: Database, raw: Mapping[str, object], *, force: bool = False) -> Seeker:
    """Register a new seeker. Consent (동의일) is required; duplicates refused unless ``force``."""
    values = validate(raw)
    with db.write() as session:
        if not force:
            dups = find_duplicates(session, values["name"], values["birth_date"], values["phone"])
            if dups:
                raise DuplicateFound(dups)
        seeker = Seeker(
            seeker_no=next_number(session, "seeker", values["registered_on"].year),
            consent_by=db.operator or "(미지정)",
            consent_version=rules.CONSENT_VERSION,
            **values,
        )
        session.add(seeker)
        session.flush()
        audit.record(session, "create", "seeker", row_id=seeker.id, subject=seeker.seeker_no,
                     detail="구직 등록" + (" (중복 확인 후 계속)" if force else ""))
        return seeker


def _load(session: Session, seeker_id: str) -> Seeker:
    seeker = session.get(Seeker, seeker_id)
    if seeker is None or seeker.deleted:
        raise NotFound("구직자를 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    return seeker


def _diff(seeker: Seeker, values: dict[str, Any]) -> list[str]:
    labels = {s.key: s.label for s in rules.SEEKER_FIELDS}
    labels["desired_hours"] = "근무형태"
    changed = []
    for key, value in values.items():
        if getattr(seeker, key) != value and labels.get(key, key) not in changed:
            changed.append(labels.get(key, key))
    return changed


def _check_version(seeker: Seeker, expected_version: int, loaded: Mapping[str, str] | None) -> None:
    if seeker.version == expected_version:
        return
    changes: list[tuple[str, str, str]] = []
    if loaded:
        now = to_fields(seeker)
        labels = {s.key: s.label for s in rules.SEEKER_FIELDS}
        changes = [(labels[k], loaded.get(k, ""), now[k]) for k in now if loaded.get(k, "") != now[k]]
    raise StaleRecord(f"구직자 {seeker.seeker_no}", seeker.updated_by, changes)


def update(db: Database, seeker_id: str, raw: Mapping[str, object], *, expected_version: int,
           loaded: Mapping[str, str] | None = None) -> Seeker:
    """Save an edit. Refused (StaleRecord, naming what changed) if another desk saved first.

    ``loaded`` is the form's copy of the record as it was opened (``to_fields``), used to
    say what the other desk changed.
    """
    values = validate(raw)
    with db.write() as session:
        seeker = _load(session, seeker_id)
        _check_version(seeker, expected_version, loaded)
        changed = _diff(seeker, values)
        if not changed:
            return seeker
        for key, value in values.items():
            setattr(seeker, key, value)
        session.flush()
        audit.record(session, "update", "seeker", row_id=seeker.id, subject=seeker.seeker_no,
                     detail="수정: " + ", ".join(changed))
        return seeker


def set_status(db: Database, seeker_id: str, status: str, *, expected_version: int | None = None) -> Seeker:
    with db.write() as session:
        return set_status_in(session, seeker_id, status, expected_version=expected_version)


def set_status_in(session: Session, seeker_id: str, status: str, *, expected_version: int | None = None,
                  why: str = "") -> Seeker:
    """Change a seeker's status inside the caller's transaction (a hire sets 취업 this way)."""
    if status not in data.code_list("seeker_status"):
        raise ValidationFailed({"상태": f"'{status}'은(는) 상태가 아닙니다 (구직중/취업/중단)"})
    seeker = _load(session, seeker_id)
    if expected_version is not None:
        _check_version(seeker, expected_version, None)
    if seeker.status != status:
        old = seeker.status
        seeker.status = status
        session.flush()
        audit.record(session, "update", "seeker", row_id=seeker.id, subject=seeker.seeker_no,
                     detail=f"상태: {old} -> {status}" + (f" ({why})" if why else ""))
    return seeker


def mark_deleted(db: Database, seeker_id: str, *, expected_version: int) -> None:
    with db.write() as session:
        seeker = _load(session, seeker_id)
        _check_version(seeker, expected_version, None)
        seeker.deleted = True
        session.flush()
        audit.record(session, "delete", "seeker", row_id=seeker.id, subject=seeker.seeker_no, detail="삭제 표시")


def add_note(db: Database, seeker_id: str, *, on: object, kind: str, text: str,
             counselor: str | None = None) -> CounselNote:
    errors: dict[str, str] = {}
    try:
        on_date = parse_date(on)
        if on_date > clock.today():
            errors["상담일"] = f"'{on_date}'은(는) 미래의 날짜입니다"
    except Invalid as exc:
        errors["상담일"] = str(exc)
    if kind not in data.code_list("counsel_kind"):
        errors["구분"] = f"'{kind}'은(는) 상담 구분이 아닙니다 ({'/'.join(data.code_list('counsel_kind'))})"
    try:
        body = clean_text(text, max_length=2000)
        if not body:
            errors["내용"] = "상담 내용을 입력하세요"
    except Invalid as exc:
        errors["내용"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    with db.write() as session:
        seeker = _load(session, seeker_id)
        note = CounselNote(seeker_id=seeker.id, on=on_date, counselor=counselor or db.operator or "(미지정)",
                           kind=kind, text=body)
        session.add(note)
        session.flush()
        audit.record(session, "create", "counsel_note", row_id=seeker.id, subject=seeker.seeker_no,
                     detail=f"상담 이력 추가 ({kind})")
        return note


# --- reads --------------------------------------------------------------------------------


def get(db: Database, seeker_id: str, *, log_view: bool = True) -> Seeker:
    """One seeker; opening a person's record is logged (접속기록)."""
    with db.session() as session:
        seeker = _load(session, seeker_id)
    if log_view:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", "seeker", row_id=seeker.id, subject=seeker.seeker_no, detail="조회")
    return seeker


def get_by_no(db: Database, seeker_no: str) -> Seeker:
    with db.session() as session:
        found = session.execute(select(Seeker.id).where(Seeker.seeker_no == seeker_no)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"구직번호 {seeker_no}인 구직자가 없습니다")
    return get(db, found)


def notes(db: Database, seeker_id: str) -> list[CounselNote]:
    with db.session() as session:
        stmt = (select(CounselNote).where(CounselNote.seeker_id == seeker_id, CounselNote.deleted.is_(False))
                .order_by(CounselNote.on.desc(), CounselNote.created_at.desc()))
        return list(session.execute(stmt).scalars())


def _filtered(stmt: Select[Any], session: Session, query: str, status: str | None) -> Select[Any]:
    stmt = stmt.where(Seeker.deleted.is_(False))
    if status:
        stmt = stmt.where(Seeker.status == status)
    query = query.strip()
    if not query:
        return stmt
    if query_kind(query) == "phone":
        digits = phone_digits(query)
        return stmt.where(Seeker.phone_digits.like(f"%{digits}%"))
    if session.get_bind().dialect.name == "postgresql":
        return stmt.where(Seeker.name_key.op("~")(search_rules.regex_pattern(query)))
    return stmt.where(Seeker.name_key.op("GLOB")(search_rules.glob_pattern(query)))


COUNT_CAP = 2_000


def search(db: Database, query: str = "", *, limit: int = 200, offset: int = 0,
           status: str | None = None) -> Page:
    """Seekers whose name (or its 초성) or phone digits contain ``query``, in 가나다 order; an
    empty query lists the most recently registered first (an indexed read of one page).

    Queries run on the in-process name index (``seeker_index``), then one page of rows is read by
    id.  The total is counted up to ``COUNT_CAP`` (``Page.capped`` says there are more).
    """
    query = query.strip()
    if query:
        from ydp_tui.db.seeker_index import index_for

        ids, total = index_for(db).search(query, status=status, limit=limit, offset=offset, cap=COUNT_CAP)
        with db.session() as session:
            found = {r.id: r for r in session.execute(select(*LIST_FIELDS).where(Seeker.id.in_(ids)))} if ids else {}
        rows = [_row(found[i]) for i in ids if i in found]
        return Page(rows, min(total, COUNT_CAP), offset, capped=total > COUNT_CAP)
    with db.session() as session:
        stmt = _filtered(select(*LIST_FIELDS), session, query, status)
        stmt = stmt.order_by(Seeker.registered_on.desc(), Seeker.seeker_no.desc())
        result = session.execute(stmt.limit(limit).offset(offset)).all()
        if len(result) < limit and (result or not offset):
            total = offset + len(result)
        else:
            inner = _filtered(select(Seeker.id), session, query, status).limit(COUNT_CAP + 1).subquery()
            total = session.execute(select(func.count()).select_from(inner)).scalar_one()
    return Page([_row(r) for r in result], min(total, COUNT_CAP), offset, capped=total > COUNT_CAP)


def prewarm(db: Database) -> None:
    """Build the name index now (the TUI does it in a worker once the database is open)."""
    from ydp_tui.db.seeker_index import index_for

    index_for(db).refresh()


def count(db: Database, *, status: str | None = None) -> int:
    with db.session() as session:
        stmt = select(func.count()).select_from(Seeker).where(Seeker.deleted.is_(False))
        if status:
            stmt = stmt.where(Seeker.status == status)
        return session.execute(stmt).scalar_one()


def consent_notice(db: Database) -> str:
    with db.session() as session:
        years = policy.values(session, "consent", 0).get("retention_years", 3)
    return rules.CONSENT_NOTICE.format(years=years)


def verify_match(query: str, name: str) -> bool:
    """The pure rule the SQL pattern implements (kept for tests and the palette)."""
    return name_matches(query, name)

