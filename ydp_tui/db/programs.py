"""Programs (교육ㆍ프로그램): the programs of a year, their sessions (회차), participants (a
registered seeker, or a walk-in with minimal data and consent), attendance per session, the
completion rule, and the figures as the council report gives them ("4회(30명)").

The only code that writes these tables; the CLI and the screens call these functions.  Every
write is one transaction with its access-log entry; a refused call changes nothing.

Counting, over a period [from, to] with both ends included (the figures are what happened, so
a session counts once its day has come, never a planned one after today):

- sessions: sessions not cancelled whose day is in the period;
- participants (실인원): distinct participants marked present at one of those sessions; for a
  program counted by 참여자 (no sessions, e.g. 온라인 수강권), participants whose 신청일 is in it;
- attendances (연인원) and the average per session (회차별) = attendances / sessions, half up;
- completed: of those participants, the ones not 중도포기 who attended at least the program's
  completion rule (출석률 %, rounded up) of the sessions held up to ``to``;
- contest programs (경진대회): teams selected (선발) whose 결정일 is in the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ydp_tui import clock, data
from ydp_tui.db import audit, policy
from ydp_tui.db.engine import Database
from ydp_tui.db.errors import NotFound, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.ids import stable_id
from ydp_tui.db.models import Attendance, ContestTeam, Program, ProgramParticipant, ProgramSession, Seeker
from ydp_tui.rules import programs as rules
from ydp_tui.rules.fields import FieldSpec, ParseContext, parse_record
from ydp_tui.rules.hangul import fold, name_matches


def parse_context() -> ParseContext:
    return ParseContext(today=clock.today())


def parse_fields(specs: tuple[FieldSpec, ...], raw: Mapping[str, object], check: Any = None) -> dict[str, Any]:
    values, errors = parse_record(specs, raw, parse_context())
    if not errors and check is not None:
        errors.update(check(values))
    if errors:
        raise ValidationFailed(errors)
    for spec in specs:  # optional text columns are stored as '' (not NULL)
        if spec.kind == "text" and values.get(spec.key) is None:
            values[spec.key] = ""
    return values


def fields_of(specs: tuple[FieldSpec, ...], row: Any) -> dict[str, str]:
    """A record as its form shows it (by field key)."""
    return {s.key: s.format(getattr(row, s.key, None)) for s in specs}


def check_version(row: Any, expected_version: int | None, what: str) -> None:
    if expected_version is not None and row.version != expected_version:
        raise StaleRecord(what, row.updated_by)


def apply_changes(specs: tuple[FieldSpec, ...], row: Any, values: dict[str, Any]) -> list[str]:
    labels = {s.key: s.label for s in specs}
    out = []
    for key, value in values.items():
        if getattr(row, key) != value:
            out.append(labels.get(key, key))
            setattr(row, key, value)
    return out


# =============================================================================================
# Programs
# =============================================================================================


def load_program(session: Session, program_id: str, *, lock: bool = False) -> Program:
    stmt = select(Program).where(Program.id == program_id, Program.deleted.is_(False))
    if lock:
        stmt = stmt.with_for_update()
    found = session.execute(stmt).scalar_one_or_none()
    if found is None:
        raise NotFound("프로그램을 찾을 수 없습니다 (삭제되었거나 없는 프로그램)")
    return found


def _same_name(session: Session, year: int, name: str, exclude: str | None = None) -> bool:
    rows = session.execute(select(Program.id, Program.name).where(Program.year == year,
                                                                   Program.deleted.is_(False))).all()
    return any(fold(n) == fold(name) and i != exclude for i, n in rows)


def add_program(db: Database, raw: Mapping[str, object]) -> Program:
    values = parse_fields(rules.PROGRAM_FIELDS, raw, rules.check_program)
    with db.write() as session:
        if _same_name(session, values["year"], values["name"]):
            raise ValidationFailed({"프로그램명": f"{values['year']}년에 '{values['name']}' 프로그램이 이미 있습니다"})
        program = Program(**values)
        session.add(program)
        session.flush()
        audit.record(session, "create", "program", row_id=program.id, subject=program.name,
                     detail=f"{program.year}년 프로그램 등록 ({program.team})")
        return program


def update_program(db: Database, program_id: str, raw: Mapping[str, object], *,
                   expected_version: int | None = None) -> Program:
    values = parse_fields(rules.PROGRAM_FIELDS, raw, rules.check_program)
    with db.write() as session:
        program = load_program(session, program_id)
        check_version(program, expected_version, f"프로그램 {program.name}")
        if _same_name(session, values["year"], values["name"], exclude=program.id):
            raise ValidationFailed({"프로그램명": f"{values['year']}년에 '{values['name']}' 프로그램이 이미 있습니다"})
        changed = apply_changes(rules.PROGRAM_FIELDS, program, values)
        if changed:
            session.flush()
            audit.record(session, "update", "program", row_id=program.id, subject=program.name,
                         detail="수정: " + ", ".join(changed))
        return program


def find_program(db: Database, name: str, year: int | None = None) -> Program:
    """A program by its name (and year; default the latest year that has it)."""
    with db.session() as session:
        stmt = select(Program).where(Program.deleted.is_(False))
        if year is not None:
            stmt = stmt.where(Program.year == year)
        rows = [p for p in session.execute(stmt.order_by(Program.year.desc())).scalars() if fold(p.name) == fold(name)]
    if not rows:
        where = f"{year}년에 " if year else ""
        raise NotFound(f"{where}'{name}' 프로그램이 없습니다")
    return rows[0]


def get_program(db: Database, program_id: str) -> Program:
    with db.session() as session:
        return load_program(session, program_id)


def program_years(db: Database) -> list[int]:
    with db.session() as session:
        return sorted(set(session.execute(select(Program.year).where(Program.deleted.is_(False))).scalars()))


def completion_default(db: Database) -> int:
    with db.session() as session:
        return int(policy.values(session, "programs", 0).get("completion_percent", 80))


def shipped_policy_rows() -> list[dict[str, Any]]:
    """The area's policy values (공공구매 목표액, 참여자 보유기간, 이수 기준) as policy rows."""
    return policy.shipped_rows(data.load("programs.json")["policy"])


def seed_policy(session: Session) -> int:
    return policy.seed(session, shipped_policy_rows())


# =============================================================================================
# The list of a year's programs
# =============================================================================================


@dataclass(frozen=True)
class ProgramRow:
    id: str
    version: int
    year: int
    name: str
    team: str
    budget_unit: str
    kind: str
    count_style: str
    completion_percent: int | None
    sessions: int            # held so far (not cancelled, day come)
    planned: int             # not cancelled, still to come
    enrolled: int            # participants (not 중도포기)
    people: int              # distinct participants present at a held session
    completed: int
    teams: int               # contest: selected teams
    summary: str


def list_programs(db: Database, year: int, *, query: str = "") -> list[ProgramRow]:
    """A year's programs with their figures so far, by team then name."""
    lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as session:
        programs = list(session.execute(select(Program).where(Program.year == year, Program.deleted.is_(False))
                                        .order_by(Program.team, Program.name)).scalars())
        if query.strip():
            programs = [p for p in programs if name_matches(query.strip(), p.name)]
        ids = [p.id for p in programs]
        figures = _figures(session, ids, lo, hi) if ids else {}
        planned = dict(session.execute(
            select(ProgramSession.program_id, func.count()).where(
                ProgramSession.program_id.in_(ids), ProgramSession.deleted.is_(False),
                ProgramSession.cancelled.is_(False), ProgramSession.held_on > clock.today())
            .group_by(ProgramSession.program_id)).all()) if ids else {}
        enrolled = dict(session.execute(
            select(ProgramParticipant.program_id, func.count()).where(
                ProgramParticipant.program_id.in_(ids), ProgramParticipant.deleted.is_(False),
                ProgramParticipant.status != "중도포기")
            .group_by(ProgramParticipant.program_id)).all()) if ids else {}
    out = []
    for p in programs:
        f = figures.get(p.id, Figures())
        out.append(ProgramRow(p.id, p.version, p.year, p.name, p.team, p.budget_unit, p.kind, p.count_style,
                              p.completion_percent, f.sessions, int(planned.get(p.id, 0)),
                              int(enrolled.get(p.id, 0)), f.people_for(p), f.completed, f.teams,
                              f.summary(p) if f.active(p) else "-"))
    return out


# =============================================================================================
# Figures over a period
# =============================================================================================


@dataclass
class Figures:
    sessions: int = 0
    attendances: int = 0
    attendees: int = 0        # distinct participants present
    enrolled: int = 0         # enrolled in the period
    completed: int = 0
    teams: int = 0
    members: int = 0

    def people_for(self, program: Program) -> int:
        if program.kind == "경진대회":
            return self.members
        return self.enrolled if program.count_style == "참여자" else self.attendees

    def count_for(self, program: Program) -> int:
        return self.teams if program.kind == "경진대회" else self.sessions

    def average(self) -> int | None:
        return rules.per_session(self.attendances, self.sessions)

    def summary(self, program: Program) -> str:
        return rules.program_summary(program.kind, program.count_style, self.count_for(program),
                                     self.people_for(program), self.average())

    def active(self, program: Program) -> bool:
        """Something counted in the period (an enrolment alone counts only for 참여자 programs)."""
        return bool(self.count_for(program) or self.people_for(program) or self.attendances)


def _held(date_from: dt.date, date_to: dt.date) -> Any:
    """Sessions held in [from, to]: not cancelled, their day come (never after today)."""
    last = min(date_to, clock.today())
    return (ProgramSession.deleted.is_(False), ProgramSession.cancelled.is_(False),
            ProgramSession.held_on >= date_from, ProgramSession.held_on <= last)


def _present(program_ids: Collection[str], date_from: dt.date, date_to: dt.date) -> Any:
    """Attendance rows marked present at sessions held in [from, to] (participant not deleted)."""
    return (select(ProgramSession.program_id, Attendance.participant_id)
            .join(ProgramSession, ProgramSession.id == Attendance.session_id)
            .join(ProgramParticipant, ProgramParticipant.id == Attendance.participant_id)
            .where(ProgramSession.program_id.in_(list(program_ids)), *_held(date_from, date_to),
                   Attendance.present.is_(True), Attendance.deleted.is_(False), ProgramParticipant.deleted.is_(False)))


def _figures(session: Session, program_ids: Collection[str], date_from: dt.date, date_to: dt.date) -> dict[str, Figures]:
    """The figures of each program, counted in SQL (a year at 20x the seed's volume is 40,000
    attendance rows: they are counted where they are, not loaded)."""
    conn = session.connection()
    ids = list(program_ids)
    out: dict[str, Figures] = {i: Figures() for i in ids}
    if not ids:
        return out
    for pid, n in conn.execute(select(ProgramSession.program_id, func.count())
                               .where(ProgramSession.program_id.in_(ids), *_held(date_from, date_to))
                               .group_by(ProgramSession.program_id)):
        out[pid].sessions = int(n)
    present = _present(ids, date_from, date_to).subquery()
    for pid, n, people in conn.execute(select(present.c.program_id, func.count(),
                                              func.count(func.distinct(present.c.participant_id)))
                                       .group_by(present.c.program_id)):
        out[pid].attendances, out[pid].attendees = int(n), int(people)
    in_period = (ProgramParticipant.enrolled_on >= date_from, ProgramParticipant.enrolled_on <= date_to)
    for pid, n in conn.execute(select(ProgramParticipant.program_id, func.count()).where(
            ProgramParticipant.program_id.in_(ids), ProgramParticipant.deleted.is_(False), *in_period)
            .group_by(ProgramParticipant.program_id)):
        out[pid].enrolled = int(n)
    for pid, n, members in conn.execute(select(ContestTeam.program_id, func.count(), func.sum(ContestTeam.members))
                                        .where(ContestTeam.program_id.in_(ids), ContestTeam.deleted.is_(False),
                                               ContestTeam.status == "선발", ContestTeam.decided_on >= date_from,
                                               ContestTeam.decided_on <= date_to)
                                        .group_by(ContestTeam.program_id)):
        out[pid].teams, out[pid].members = int(n), int(members or 0)
    # completion: attendance at every session held up to ``to`` (not only those in the period), of
    # the participants the program counts in the period
    rules_of = {r[0]: (r[1], r[2]) for r in conn.execute(
        select(Program.id, Program.completion_percent, Program.count_style).where(
            Program.id.in_(ids), Program.completion_percent.is_not(None)))}
    if not rules_of:
        return out
    held = dict(conn.execute(select(ProgramSession.program_id, func.count())
                             .where(ProgramSession.program_id.in_(list(rules_of)), *_held(dt.date.min, date_to))
                             .group_by(ProgramSession.program_id)).all())
    for pid, (percent, style) in rules_of.items():
        need = rules.required_sessions(int(held.get(pid, 0)), percent)
        if need is None:
            continue
        attended = (select(Attendance.participant_id)
                    .join(ProgramSession, ProgramSession.id == Attendance.session_id)
                    .where(ProgramSession.program_id == pid, *_held(dt.date.min, date_to),
                           Attendance.present.is_(True), Attendance.deleted.is_(False))
                    .group_by(Attendance.participant_id).having(func.count() >= need))
        counted = (and_(*in_period) if style == "참여자" else
                   ProgramParticipant.id.in_(select(_present([pid], date_from, date_to).subquery().c.participant_id)))
        out[pid].completed = int(conn.execute(select(func.count()).where(
            ProgramParticipant.program_id == pid, ProgramParticipant.deleted.is_(False),
            ProgramParticipant.status != "중도포기", ProgramParticipant.id.in_(attended), counted)).scalar_one())
    return out


@dataclass(frozen=True)
class ProgramFigures:
    program: Program
    count: int               # sessions held (contests: teams selected)
    people: int              # 실인원 (참여자 style: enrolled; contests: team members)
    attendances: int
    average: int | None      # attendances per session
    completed: int | None    # None when the program has no completion rule
    summary: str


def figures(db: Database, date_from: dt.date, date_to: dt.date) -> list[ProgramFigures]:
    """Every program with something counted in [from, to] (sessions, attendance, teams; enrolments
    for programs counted by 참여자)."""
    with db.session() as session:
        programs = list(session.execute(select(Program).where(
            Program.deleted.is_(False), Program.year >= date_from.year, Program.year <= date_to.year)
            .order_by(Program.name)).scalars())
        figs = _figures(session, [p.id for p in programs], date_from, date_to)
    out = []
    for p in programs:
        f = figs[p.id]
        if not f.active(p):
            continue
        out.append(ProgramFigures(p, f.count_for(p), f.people_for(p), f.attendances, f.average(),
                                  f.completed if p.completion_percent is not None else None, f.summary(p)))
    return out


# =============================================================================================
# Sessions
# =============================================================================================


@dataclass(frozen=True)
class SessionRow:
    id: str
    version: int
    session_no: int
    held_on: dt.date
    time_from: str
    time_to: str
    kind: str
    topic: str
    place: str
    cancelled: bool
    present: int
    note: str

    @property
    def held(self) -> bool:
        return not self.cancelled and self.held_on <= clock.today()


def add_session(db: Database, program_id: str, raw: Mapping[str, object]) -> ProgramSession:
    values = parse_fields(rules.SESSION_FIELDS, raw, rules.check_session)
    for key in ("time_from", "time_to"):
        values[key] = values[key] or ""
    with db.write() as session:
        program = load_program(session, program_id, lock=True)   # session numbers one at a time
        last = session.execute(select(func.max(ProgramSession.session_no)).where(
            ProgramSession.program_id == program.id)).scalar()
        values["place"] = values["place"] or program.place
        row = ProgramSession(program_id=program.id, session_no=(last or 0) + 1, **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "program_session", row_id=row.id, subject=program.name,
                     detail=f"{row.session_no}회차 {row.held_on} 등록")
        return row


def update_session(db: Database, session_id: str, raw: Mapping[str, object], *,
                   expected_version: int | None = None) -> ProgramSession:
    values = parse_fields(rules.SESSION_FIELDS, raw, rules.check_session)
    for key in ("time_from", "time_to"):
        values[key] = values[key] or ""
    with db.write() as session:
        row = _load_session(session, session_id)
        check_version(row, expected_version, f"{row.session_no}회차")
        changed = apply_changes(rules.SESSION_FIELDS, row, values)
        if changed:
            session.flush()
            audit.record(session, "update", "program_session", row_id=row.id, subject=str(row.session_no),
                         detail="수정: " + ", ".join(changed))
        return row


def set_cancelled(db: Database, session_id: str, cancelled: bool, *,
                  expected_version: int | None = None) -> ProgramSession:
    """A session that did not take place (취소) is not counted; undoing it counts it again."""
    with db.write() as session:
        row = _load_session(session, session_id)
        check_version(row, expected_version, f"{row.session_no}회차")
        if row.cancelled != cancelled:
            row.cancelled = cancelled
            session.flush()
            audit.record(session, "update", "program_session", row_id=row.id, subject=str(row.session_no),
                         detail="회차 취소" if cancelled else "회차 취소 되돌림")
        return row


def _load_session(session: Session, session_id: str) -> ProgramSession:
    row = session.get(ProgramSession, session_id)
    if row is None or row.deleted:
        raise NotFound("회차를 찾을 수 없습니다")
    return row


def sessions(db: Database, program_id: str) -> list[SessionRow]:
    with db.session() as session:
        counts = dict(session.execute(
            select(Attendance.session_id, func.count())
            .join(ProgramSession, ProgramSession.id == Attendance.session_id)
            .join(ProgramParticipant, ProgramParticipant.id == Attendance.participant_id)
            .where(ProgramSession.program_id == program_id, Attendance.present.is_(True),
                   Attendance.deleted.is_(False), ProgramParticipant.deleted.is_(False))
            .group_by(Attendance.session_id)).all())
        rows = session.execute(select(ProgramSession).where(ProgramSession.program_id == program_id,
                                                            ProgramSession.deleted.is_(False))
                               .order_by(ProgramSession.held_on, ProgramSession.session_no)).scalars()
        return [SessionRow(r.id, r.version, r.session_no, r.held_on, r.time_from, r.time_to, r.kind, r.topic,
                           r.place, r.cancelled, int(counts.get(r.id, 0)), r.note) for r in rows]


# =============================================================================================
# Participants
# =============================================================================================


@dataclass(frozen=True)
class ParticipantRow:
    id: str
    version: int
    seeker_id: str | None
    name: str
    birth_date: dt.date | None
    phone: str
    enrolled_on: dt.date
    status: str
    attended: int            # present at held sessions
    completed: bool

    @property
    def source(self) -> str:
        return "구직자" if self.seeker_id else "직접"


def _participants(session: Session, program: Program) -> list[ParticipantRow]:
    held_ids = list(session.execute(select(ProgramSession.id).where(
        ProgramSession.program_id == program.id, *_held(dt.date.min, dt.date.max))).scalars())
    attended = dict(session.execute(
        select(Attendance.participant_id, func.count()).where(
            Attendance.session_id.in_(held_ids), Attendance.present.is_(True), Attendance.deleted.is_(False))
        .group_by(Attendance.participant_id)).all()) if held_ids else {}
    rows = session.execute(
        select(ProgramParticipant, Seeker.name, Seeker.birth_date, Seeker.phone)
        .outerjoin(Seeker, Seeker.id == ProgramParticipant.seeker_id)
        .where(ProgramParticipant.program_id == program.id, ProgramParticipant.deleted.is_(False))).all()
    out = []
    for p, s_name, s_birth, s_phone in rows:
        linked = p.seeker_id is not None
        name = (s_name if linked else p.name) or "(파기됨)"
        n = int(attended.get(p.id, 0))
        out.append(ParticipantRow(
            p.id, p.version, p.seeker_id, name, s_birth if linked else p.birth_date,
            (s_phone if linked else p.phone) or "", p.enrolled_on, p.status, n,
            rules.is_completed(n, len(held_ids), program.completion_percent, dropped=p.status == "중도포기")))
    out.sort(key=lambda r: (r.name, r.enrolled_on, r.id))
    return out


def participants(db: Database, program_id: str, *, log_view: bool = True) -> list[ParticipantRow]:
    """The program's participants (names, phones): viewing the list is logged (접속기록)."""
    with db.session() as session:
        program = load_program(session, program_id)
        rows = _participants(session, program)
    if log_view:
        with db.write(audit_only=True) as session:
            audit.record(session, "view", "program_participant", row_id=program.id, subject=program.name,
                         detail=f"참여자 명단 조회 ({len(rows)}명)")
    return rows


def enroll_seeker(db: Database, program_id: str, seeker_id: str, *, enrolled_on: object = None) -> ProgramParticipant:
    """A registered seeker joins (their consent is the seeker's; nothing personal is copied)."""
    on = _enrolled_on(enrolled_on)
    with db.write() as session:
        program = load_program(session, program_id, lock=True)
        seeker = session.get(Seeker, seeker_id)
        if seeker is None or seeker.deleted:
            raise NotFound("구직자를 찾을 수 없습니다")
        dup = session.execute(select(ProgramParticipant.id).where(
            ProgramParticipant.program_id == program.id, ProgramParticipant.seeker_id == seeker.id,
            ProgramParticipant.deleted.is_(False))).first()
        if dup:
            raise Refused(f"{seeker.name}({seeker.seeker_no})은(는) 이미 '{program.name}' 참여자입니다")
        row = ProgramParticipant(program_id=program.id, seeker_id=seeker.id, enrolled_on=on)
        session.add(row)
        session.flush()
        audit.record(session, "create", "program_participant", row_id=row.id, subject=seeker.seeker_no,
                     detail=f"'{program.name}' 참여자 등록 (구직자)")
        return row


def _enrolled_on(raw: object) -> dt.date:
    values, errors = parse_record([f for f in rules.WALKIN_FIELDS if f.key == "enrolled_on"],
                                  {"enrolled_on": raw}, parse_context())
    if errors:
        raise ValidationFailed(errors)
    return values["enrolled_on"]


def enroll_walkin(db: Database, program_id: str, raw: Mapping[str, object]) -> ProgramParticipant:
    """Someone not registered as a seeker: 성명, a phone or birth date, and consent first."""
    values = parse_fields(rules.WALKIN_FIELDS, raw, rules.check_walkin)
    values.pop("consent")
    with db.write() as session:
        program = load_program(session, program_id, lock=True)
        for other in session.execute(select(ProgramParticipant).where(
                ProgramParticipant.program_id == program.id, ProgramParticipant.seeker_id.is_(None),
                ProgramParticipant.deleted.is_(False))).scalars():
            same_contact = (values["phone"] and other.phone == values["phone"]) or \
                (values["birth_date"] and other.birth_date == values["birth_date"])
            if fold(other.name or "") == fold(values["name"]) and same_contact:
                raise Refused(f"{values['name']}님은 이미 '{program.name}' 참여자입니다")
        row = ProgramParticipant(program_id=program.id, consent_date=clock.today(),
                                 consent_by=db.operator or "(미지정)", **values)
        session.add(row)
        session.flush()
        audit.record(session, "create", "program_participant", row_id=row.id, subject=program.name,
                     detail="참여자 등록 (직접 입력, 개인정보 동의)")
        return row


def set_participant_status(db: Database, participant_id: str, status: str, *,
                           expected_version: int | None = None) -> ProgramParticipant:
    if status not in rules.codes("participant_statuses"):
        raise ValidationFailed({"상태": f"'{status}'은(는) 참여 상태가 아닙니다 (참여/중도포기)"})
    with db.write() as session:
        row = session.get(ProgramParticipant, participant_id)
        if row is None or row.deleted:
            raise NotFound("참여자를 찾을 수 없습니다")
        check_version(row, expected_version, "참여자")
        if row.status != status:
            old = row.status
            row.status = status
            session.flush()
            audit.record(session, "update", "program_participant", row_id=row.id, subject=row.program_id,
                         detail=f"상태: {old} -> {status}")
        return row


# =============================================================================================
# Attendance
# =============================================================================================


@dataclass(frozen=True)
class SheetLine:
    participant_id: str
    name: str
    status: str
    present: bool
    version: int | None      # of the attendance row (None: never marked)


@dataclass(frozen=True)
class Sheet:
    session: SessionRow
    program_name: str
    lines: list[SheetLine]


def attendance_sheet(db: Database, session_id: str) -> Sheet:
    with db.session() as session:
        row = _load_session(session, session_id)
        program = load_program(session, row.program_id)
        marks = {a.participant_id: a for a in session.execute(select(Attendance).where(
            Attendance.session_id == row.id, Attendance.deleted.is_(False))).scalars()}
        people = _participants(session, program)
    srow = next(s for s in sessions(db, program.id) if s.id == row.id)
    lines = [SheetLine(p.id, p.name, p.status, bool(marks[p.id].present) if p.id in marks else False,
                       marks[p.id].version if p.id in marks else None) for p in people]
    return Sheet(srow, program.name, lines)


def save_attendance(db: Database, session_id: str, present: Collection[str], *,
                    loaded: Mapping[str, int | None] | None = None) -> int:
    """Mark who was present at a session (everyone else of the program absent), in one
    transaction.  ``loaded`` maps participant id -> the attendance row's version as the sheet
    showed it: when another desk changed one meanwhile, nothing is saved (StaleRecord)."""
    wanted = set(present)
    with db.write() as session:
        row = _load_session(session, session_id)
        if row.cancelled:
            raise Refused(f"{row.session_no}회차는 취소된 회차입니다 (출석을 기록하려면 취소를 되돌리세요)")
        if row.held_on > clock.today():
            raise Refused(f"{row.session_no}회차({row.held_on})는 아직 열리지 않았습니다")
        program = load_program(session, row.program_id)
        members = {p.id: p for p in session.execute(select(ProgramParticipant).where(
            ProgramParticipant.program_id == program.id, ProgramParticipant.deleted.is_(False))).scalars()}
        unknown = wanted - set(members)
        if unknown:
            raise Refused("이 프로그램의 참여자가 아닌 사람이 있습니다")
        marks = {a.participant_id: a for a in session.execute(select(Attendance).where(
            Attendance.session_id == row.id)).scalars()}
        if loaded is not None:
            for pid, version in loaded.items():
                mark = marks.get(pid)
                now = None if mark is None or mark.deleted else mark.version
                if now != version:
                    raise StaleRecord(f"{row.session_no}회차 출석", mark.updated_by if mark else "")
        changed = 0
        for pid in members:
            mark = marks.get(pid)
            want = pid in wanted
            if mark is None:
                if want:
                    session.add(Attendance(id=stable_id("attendance", row.id, pid), session_id=row.id,
                                           participant_id=pid, present=True))
                    changed += 1
            elif mark.present != want or mark.deleted:
                mark.present = want
                mark.deleted = False
                changed += 1
        if changed:
            session.flush()
            audit.record(session, "update", "attendance", row_id=row.id, subject=program.name,
                         detail=f"{row.session_no}회차 출석 {len(wanted)}명 기록")
        return changed
