"""Matching services: for a seeker the best open vacancies, for a vacancy the best seekers,
each result with its score and a reason per criterion (``rules.matching``).

At 100,000 seekers and 20,000 vacancies the ORM is too slow to score row by row, so an
in-process index keeps a compact side (``rules.matching.SeekerSide``/``VacancySide``) of every
seeker in status 구직중 and every vacancy, bucketed by KECO 중분류: a query scores only the
candidates that share a 중분류 (occupation is a hard requirement by default; when a supervisor
makes it soft, every candidate is scored).  The index stays fresh without polling everything:
SQLite's ``data_version`` says whether anything was committed, then the change log (``sync_op``)
names the rows changed since the last look, which are read again by id.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from ydp_tui import clock, data
from ydp_tui.db import audit, policy
from ydp_tui.db.errors import NotFound, Refused
from ydp_tui.db.freshness import ChangeWatch
from ydp_tui.db.cache import collector_paused
from ydp_tui.db.models import Employer, Referral, Seeker, SyncOp, Vacancy
from ydp_tui.rules import jobs as job_rules
from ydp_tui.rules import matching as rules

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

FULL_REBUILD_SECONDS = 3600
LOOKBACK = 2000  # change-log operations read again on PostgreSQL (commits out of sequence order)
WATCHED = ("seeker", "vacancy", "employer", "referral")
NO_JOBS = ""  # bucket of seekers without 희망직종


def policy_for(db: Database) -> rules.MatchPolicy:
    """This year's matching policy, kept by the index until a policy value changes."""
    idx = index_for(db)
    year = clock.today().year
    cached = idx.policies.get(year)
    if cached is None:
        with db.session() as session:
            cached = idx.policies[year] = load_policy(session, year)
    return cached


def load_policy(session: Any, year: int | None = None) -> rules.MatchPolicy:
    """The matching policy: year 0's values, overridden by the given year's (default: this year)."""
    year = clock.today().year if year is None else year
    weights = {**policy.values(session, "match_weights", 0), **policy.values(session, "match_weights", year)}
    values = {**policy.values(session, "match_rules", 0), **policy.values(session, "match_rules", year)}
    try:
        return rules.policy_from(weights, values)
    except rules.PolicyError as exc:
        raise Refused(f"{exc} (ydp-tui policy set으로 고치세요)") from None


class MatchIndex:
    """Sides of 구직중 seekers and of every live vacancy, with KECO 중분류 buckets."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.watch = ChangeWatch(db)
        self.dongs = frozenset(data.dongs())
        self.built_at = 0.0
        self._reset()

    def _reset(self) -> None:
        self.last_op = 0
        self.policies: dict[int, rules.MatchPolicy] = {}
        self.seekers: dict[str, rules.SeekerSide] = {}
        self.seeker_buckets: dict[str, set[str]] = {}
        self.vacancy_rows: dict[str, Any] = {}
        self.vacancies: dict[str, rules.VacancySide] = {}
        self.vacancy_buckets: dict[str, set[str]] = {}
        self.by_employer: dict[str, set[str]] = {}
        self.employers: dict[str, tuple[str, str | None, str]] = {}
        self.hired: dict[str, int] = {}

    # --- reading rows ------------------------------------------------------------------

    SEEKER_COLUMNS = (Seeker.id, Seeker.seeker_no, Seeker.name, Seeker.birth_date, Seeker.dong, Seeker.education,
                      Seeker.career_years, Seeker.desired_jobs, Seeker.desired_wage, Seeker.work_type,
                      Seeker.desired_hours, Seeker.certificates, Seeker.target_groups, Seeker.registered_on,
                      Seeker.status, Seeker.deleted, Seeker.updated_at)
    VACANCY_COLUMNS = (Vacancy.id, Vacancy.vacancy_no, Vacancy.employer_id, Vacancy.title, Vacancy.keco,
                       Vacancy.headcount, Vacancy.wage_type, Vacancy.wage, Vacancy.weekly_hours,
                       Vacancy.employment_type, Vacancy.dong, Vacancy.education, Vacancy.career,
                       Vacancy.career_months, Vacancy.certificates, Vacancy.deadline, Vacancy.registered_on,
                       Vacancy.status, Vacancy.deleted, Vacancy.updated_at)
    EMPLOYER_COLUMNS = (Employer.id, Employer.name, Employer.dong, Employer.welcome_groups, Employer.deleted,
                        Employer.updated_at)

    # --- applying rows -----------------------------------------------------------------

    def _put_seeker(self, r: Any) -> None:
        old = self.seekers.pop(r.id, None)
        if old is not None:
            for key in old.majors or {NO_JOBS}:
                self.seeker_buckets.get(key, set()).discard(r.id)
        if r.deleted or r.status != "구직중" or not r.name:
            return
        side = rules.seeker_side(r, self.dongs)
        self.seekers[r.id] = side
        for key in side.majors or {NO_JOBS}:
            self.seeker_buckets.setdefault(key, set()).add(r.id)

    def _put_vacancy(self, r: Any) -> None:
        old = self.vacancy_rows.pop(r.id, None)
        if old is not None:
            self.vacancies.pop(r.id, None)
            self.vacancy_buckets.get(old.keco[:2], set()).discard(r.id)
            self.by_employer.get(old.employer_id, set()).discard(r.id)
        if r.deleted:
            return
        self.vacancy_rows[r.id] = r
        self.vacancy_buckets.setdefault(r.keco[:2], set()).add(r.id)
        self.by_employer.setdefault(r.employer_id, set()).add(r.id)
        self._side(r)

    def _side(self, r: Any) -> None:
        name, dong, welcome = self.employers.get(r.employer_id, ("", None, ""))
        self.vacancies[r.id] = rules.vacancy_side(r, name, dong, welcome, self.dongs)

    def _put_employer(self, r: Any) -> None:
        if r.deleted:
            self.employers.pop(r.id, None)
        else:
            self.employers[r.id] = (r.name, r.dong, r.welcome_groups)
        for vid in self.by_employer.get(r.id, ()):
            self._side(self.vacancy_rows[vid])

    # --- build and update --------------------------------------------------------------

    def _last_op(self, session: Any) -> int:
        return int(session.execute(select(func.max(SyncOp.seq))).scalar() or 0)

    def _build(self) -> None:
        self._reset()  # start empty: nothing stale survives a rebuild
        with self.db.session() as session:
            self.last_op = self._last_op(session)  # read first: later changes are applied after
            employers = session.execute(select(*self.EMPLOYER_COLUMNS).where(Employer.deleted.is_(False))).all()
            vacancy_rows = session.execute(select(*self.VACANCY_COLUMNS).where(Vacancy.deleted.is_(False))).all()
            self.hired = dict(session.execute(select(Referral.vacancy_id, func.count()).where(
                Referral.status == job_rules.HIRED, Referral.deleted.is_(False))
                .group_by(Referral.vacancy_id)).all())
            seeker_rows = session.execute(select(*self.SEEKER_COLUMNS).where(
                Seeker.deleted.is_(False), Seeker.status == "구직중")).all()
        for r in employers:
            self.employers[r.id] = (r.name, r.dong, r.welcome_groups)
        for r in vacancy_rows:
            self._put_vacancy(r)
        for r in seeker_rows:
            self._put_seeker(r)
        self.built_at = time.monotonic()

    def _update(self) -> None:
        """Apply the rows whose changes the change log (``sync_op``) holds since the last look.

        Every write path records its changes there (services, imports, bundles), in commit order
        on SQLite.  On PostgreSQL transactions may commit out of sequence order, so the last
        ``LOOKBACK`` operations are read again (re-applying a row is harmless).
        """
        since = self.last_op - (0 if self.db.is_sqlite else LOOKBACK)
        changed: dict[str, set[str]] = {t: set() for t in WATCHED}
        with self.db.session() as session:
            # by the primary key only: a condition on tbl would let the planner walk ix_sync_op_field
            for seq, table, row_id in session.execute(select(SyncOp.seq, SyncOp.tbl, SyncOp.row_id).where(
                    SyncOp.seq > since)):
                if table in changed:
                    changed[table].add(row_id)
                elif table == "policy_value":
                    self.policies.clear()
                self.last_op = max(self.last_op, seq)
            if sum(len(ids) for ids in changed.values()) > 5000:
                self._build()
                return

            def rows(columns: Any, model: Any, ids: set[str]) -> list[Any]:
                out: list[Any] = []
                items = sorted(ids)
                for start in range(0, len(items), 500):
                    out += session.execute(select(*columns).where(model.id.in_(items[start:start + 500]))).all()
                return out

            employers = rows(self.EMPLOYER_COLUMNS, Employer, changed["employer"])
            vacancy_rows = rows(self.VACANCY_COLUMNS, Vacancy, changed["vacancy"])
            seeker_rows = rows(self.SEEKER_COLUMNS, Seeker, changed["seeker"])
            touched = {r.vacancy_id for r in rows((Referral.vacancy_id,), Referral, changed["referral"])}
            counts = {}
            if touched:
                counts = dict(session.execute(select(Referral.vacancy_id, func.count()).where(
                    Referral.vacancy_id.in_(touched), Referral.status == job_rules.HIRED,
                    Referral.deleted.is_(False)).group_by(Referral.vacancy_id)).all())
        for r in employers:
            self._put_employer(r)
        for r in vacancy_rows:
            self._put_vacancy(r)
        for r in seeker_rows:
            self._put_seeker(r)
        for vid in touched:
            self.hired[vid] = counts.get(vid, 0)

    def refresh(self) -> None:
        with self.lock:
            if not self.built_at or time.monotonic() - self.built_at > FULL_REBUILD_SECONDS:
                self.watch.changed()
                self._build()
            elif self.watch.changed():
                self._update()

    def close(self) -> None:
        self.watch.close()

    # --- queries -----------------------------------------------------------------------

    def is_open(self, vacancy_id: str, today: dt.date) -> bool:
        r = self.vacancy_rows.get(vacancy_id)
        return r is not None and r.status == job_rules.OPEN and (r.deadline is None or r.deadline >= today) \
            and self.hired.get(vacancy_id, 0) < r.headcount

    def best_vacancies(self, s: rules.SeekerSide, p: rules.MatchPolicy, top: int, today: dt.date
                       ) -> tuple[list[tuple[rules.VacancySide, rules.Evaluation]], int, int]:
        """(best pairs, candidates scored, candidates that failed a hard requirement)."""
        if "occupation" in p.hard and s.jobs:
            ids: set[str] = set()
            for m in s.majors:
                ids |= self.vacancy_buckets.get(m, set())
        else:
            ids = set(self.vacancies)
        scored = []
        candidates = excluded = 0
        evaluate, vacancies = rules.evaluate, self.vacancies
        for vid in ids:
            if not self.is_open(vid, today):
                continue
            candidates += 1
            v = vacancies[vid]
            ev = evaluate(s, v, p)
            if ev is None:
                excluded += 1
            else:
                scored.append((v, ev))
        far = dt.date.max
        return rules.best(scored, top, lambda v: (v.deadline or far, v.vacancy_no)), candidates, excluded

    def best_seekers(self, v: rules.VacancySide, p: rules.MatchPolicy, top: int
                     ) -> tuple[list[tuple[rules.SeekerSide, rules.Evaluation]], int, int]:
        if "occupation" in p.hard:
            ids = self.seeker_buckets.get(v.keco[:2], set()) | self.seeker_buckets.get(NO_JOBS, set())
        else:
            ids = set(self.seekers)
        scored = []
        excluded = 0
        evaluate, seekers = rules.evaluate, self.seekers
        for sid in ids:
            s = seekers[sid]
            ev = evaluate(s, v, p)
            if ev is None:
                excluded += 1
            else:
                scored.append((s, ev))
        far = dt.date.max
        return rules.best(scored, top, lambda s: (s.registered_on or far, s.seeker_no)), len(ids), excluded


def index_for(db: Database) -> MatchIndex:
    idx = getattr(db, "_match_index", None)
    if idx is None:
        idx = MatchIndex(db)
        db._match_index = idx  # type: ignore[attr-defined]
    return idx


def prewarm(db: Database) -> None:
    index_for(db).refresh()


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchRow:
    seeker: rules.SeekerSide
    vacancy: rules.VacancySide
    score: int
    criteria: list[rules.Criterion]
    referral: tuple[str, str] | None    # (알선번호, 상태) when the pair was referred before


@dataclass(frozen=True)
class MatchResult:
    mode: str                           # "seeker" (best vacancies) | "vacancy" (best seekers)
    seeker: rules.SeekerSide | None
    vacancy: rules.VacancySide | None
    rows: list[MatchRow]
    candidates: int                     # pairs considered (open, sharing a 중분류 when that is hard)
    excluded: int                       # of those, failing a hard requirement
    hard: tuple[str, ...]               # the hard criteria, in Korean

    @property
    def summary(self) -> str:
        hard = "ㆍ".join(self.hard) or "없음"
        return (f"후보 {self.candidates:,}건 중 필수 조건({hard}) 미달 {self.excluded:,}건 제외, "
                f"상위 {len(self.rows):,}건")


def _rows(pairs: list[tuple[Any, rules.Evaluation]], other: Any, p: rules.MatchPolicy,
          marks: dict[str, tuple[str, str]], *, seeker_mode: bool) -> list[MatchRow]:
    names = data.keco_names()
    out = []
    for obj, ev in pairs:
        s, v = (other, obj) if seeker_mode else (obj, other)
        out.append(MatchRow(s, v, ev.score, rules.explain(ev, s, v, p, names), marks.get(obj.id)))
    return out


def _hard(p: rules.MatchPolicy) -> tuple[str, ...]:
    return tuple(rules.LABELS[c] for c in rules.CRITERIA if c in p.hard)


def for_seeker(db: Database, seeker_id: str, *, top: int = 20) -> MatchResult:
    """The best open vacancies for a seeker in status 구직중, best first."""
    from ydp_tui.db import referrals

    idx = index_for(db)
    idx.refresh()
    today = clock.today()
    p = policy_for(db)
    with db.session() as session:
        marks = referrals.pairs(session, seeker_id=seeker_id)
        row = session.execute(select(Seeker.status, Seeker.name, Seeker.seeker_no, Seeker.deleted)
                              .where(Seeker.id == seeker_id)).first()
    if row is None or row.deleted:
        raise NotFound("구직자를 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    with idx.lock:
        s = idx.seekers.get(seeker_id)
        if s is None:
            raise Refused(f"{row.name}({row.seeker_no})님은 '{row.status}' 상태입니다 (구직중인 구직자만 매칭합니다)")
        with collector_paused():
            pairs, candidates, excluded = idx.best_vacancies(s, p, max(1, top), today)
    with db.write(audit_only=True) as session:
        audit.record(session, "view", "seeker", row_id=seeker_id, subject=s.seeker_no,
                     detail=f"매칭: 구인 상위 {len(pairs)}건")
    return MatchResult("seeker", s, None, _rows(pairs, s, p, marks, seeker_mode=True), candidates, excluded, _hard(p))


def for_vacancy(db: Database, vacancy_id: str, *, top: int = 50) -> MatchResult:
    """The best seekers (구직중) for an open vacancy, best first."""
    from ydp_tui.db import referrals

    idx = index_for(db)
    idx.refresh()
    today = clock.today()
    p = policy_for(db)
    with db.session() as session:
        marks = referrals.pairs(session, vacancy_id=vacancy_id)
        row = session.execute(select(Vacancy.vacancy_no, Vacancy.status, Vacancy.deadline, Vacancy.deleted)
                              .where(Vacancy.id == vacancy_id)).first()
    if row is None or row.deleted:
        raise NotFound("구인을 찾을 수 없습니다 (삭제되었거나 없는 번호)")
    with idx.lock:
        v = idx.vacancies.get(vacancy_id)
        if v is None or not idx.is_open(vacancy_id, today):
            why = row.status if row.status != job_rules.OPEN else (
                f"마감일 {row.deadline} 지남" if row.deadline and row.deadline < today else "구인인원 모두 채용")
            raise Refused(f"구인 {row.vacancy_no}은(는) 매칭할 수 없습니다 ({why}; 모집중인 구인만 매칭합니다)")
        with collector_paused():
            pairs, candidates, excluded = idx.best_seekers(v, p, max(1, top))
    with db.write(audit_only=True) as session:
        audit.record(session, "search", "seeker", row_id=vacancy_id, subject=v.vacancy_no,
                     detail=f"매칭: 구인 {v.vacancy_no}의 구직자 상위 {len(pairs)}명")
    return MatchResult("vacancy", None, v, _rows(pairs, v, p, marks, seeker_mode=False), candidates, excluded,
                       _hard(p))


def criteria_json(row: MatchRow) -> dict[str, str]:
    """CONTRACT.md's ``criteria``: every criterion's explanation (and the earlier referral, if any)."""
    out = {c.key: c.text for c in row.criteria}
    if row.referral:
        out["referral"] = f"이미 알선함: {row.referral[0]} ({row.referral[1]})"
    return out


def find_seeker(db: Database, name: str, birth: dt.date) -> str:
    """The one seeker with this 성명 and 생년월일 (NotFound; Refused when there are several)."""
    from ydp_tui.db.seekers import find_duplicates

    with db.session() as session:
        found = [r for r in find_duplicates(session, name, birth, None)]
    if not found:
        raise NotFound(f"성명 {name}, 생년월일 {birth}인 구직자가 없습니다")
    if len(found) > 1:
        raise Refused(f"성명 {name}, 생년월일 {birth}인 구직자가 {len(found)}명입니다 "
                      f"({', '.join(r.seeker_no for r in found)}): 화면에서 구직번호로 고르세요")
    return found[0].id
