"""Retention and erasure (파기): what is due, who may erase, and that erased data is gone
from the tables, the sync history and the database file itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import String, Text, func, select

from tests.admin.helpers import audit_rows, register, run
from tests.subsidy_helpers import form
from ydp_tui import clock
from ydp_tui.db import retention, roles, seekers, subsidy
from ydp_tui.db.errors import Refused, ValidationFailed
from ydp_tui.db.models import CounselNote, Erasure, Seeker, SubsidyApplication, SyncOp, synced_tables
from ydp_tui.rules import retention as rules

KST = clock.SEOUL


def at(y: int, m: int, d: int):
    return clock.freeze(dt.datetime(y, m, d, 10, 0, tzinfo=KST))


# --- rules ---------------------------------------------------------------------------------------


def test_retention_dates():
    assert rules.add_years(dt.date(2020, 2, 29), 3) == dt.date(2023, 2, 28)
    assert rules.expires_on(dt.date(2021, 5, 31), 3) == dt.date(2024, 5, 31)
    assert rules.is_due(dt.date(2021, 5, 31), 3, dt.date(2024, 5, 31))
    assert not rules.is_due(dt.date(2021, 6, 1), 3, dt.date(2024, 5, 31))
    assert rules.audit_years(1) == 2 and rules.audit_years(5) == 5
    assert rules.audit_cutoff(dt.date(2024, 5, 31), 1) == dt.date(2022, 5, 31)
    assert rules.mask_name("김민수") == "김*수" and rules.mask_name("홍길") == "홍*"
    assert rules.mask_name(None) == "(파기됨)"


# --- what is due ---------------------------------------------------------------------------------


def _people(db):
    """Four seekers seen from 2024-05-31 with a 3-year retention: only 김지난's has ended."""
    with at(2021, 5, 31):
        old = register(db, "김지난", "010-1000-0001", registered_on="2021-05-31", consent_date="2021-05-31")
    with at(2021, 6, 1):
        young = register(db, "이남음", "010-1000-0002", registered_on="2021-06-01", consent_date="2021-06-01")
    with at(2021, 1, 4):
        noted = register(db, "박상담", "010-1000-0003", registered_on="2021-01-04", consent_date="2021-01-04")
        changed = register(db, "최변경", "010-1000-0004", registered_on="2021-01-04", consent_date="2021-01-04")
    with at(2022, 1, 5):
        seekers.add_note(db, noted.id, on="2022-01-05", kind="초기상담", text="이력서 상담")
    with at(2023, 3, 2):
        seekers.set_status(db, changed.id, "취업")
    return old, young, noted, changed


def test_only_records_past_their_retention_are_listed(open_db):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    old, *_ = _people(sup)
    page = retention.due(sup, "seeker")
    assert [(r.number, r.name, r.last_activity, r.expires_on) for r in page.rows] == [
        (old.seeker_no, "김*난", dt.date(2021, 5, 31), dt.date(2024, 5, 31))]
    assert page.years == 3 and page.total == 1
    assert [(s.kind, s.due) for s in retention.summary(sup)] == [("seeker", 1), ("subsidy_application", 0),
                                                                     ("pw_application", 0), ("program_participant", 0)]
    assert audit_rows(sup, "search")[-1].detail == "보관기간 지난 구직자 목록: 1건"
    with clock.freeze(dt.datetime(2024, 6, 1, 9, 0, tzinfo=KST)):
        assert len(retention.due(sup, "seeker").rows) == 2


def test_erasing_needs_a_supervisor(open_db):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    old, *_ = _people(sup)
    counselor = open_db(operator="김상담")
    with pytest.raises(roles.Forbidden, match="개인정보 파기은\\(는\\) 감독자/관리자만"):
        retention.erase(counselor, "seeker", [old.id])
    with pytest.raises(roles.Forbidden):
        retention.due(counselor, "seeker")
    assert seekers.get(sup, old.id, log_view=False).name == "김지난"


def test_erase_empties_personal_fields_everywhere_and_is_logged(open_db):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    old, young, *_ = _people(sup)
    with at(2021, 5, 31):
        seekers.add_note(sup, old.id, on="2021-05-31", kind="초기상담", text="김지난 님 이력서")
    result = retention.erase(sup, "seeker", [old.id])
    assert result.erased == 1 and result.numbers == [old.seeker_no] and result.history_scrubbed > 0
    s = seekers.get(sup, old.id, log_view=False)
    assert (s.name, s.birth_date, s.phone, s.gender, s.address, s.certificates, s.name_key, s.phone_digits) == \
        (None, None, None, None, None, "", "", "")
    assert (s.seeker_no, s.status, s.dong, s.registered_on) == (old.seeker_no, "구직중", "문래동", dt.date(2021, 5, 31))
    assert [n.text for n in seekers.notes(sup, old.id)] == [None]
    with sup.session() as session:
        ops = session.execute(select(SyncOp.field, SyncOp.value).where(SyncOp.row_id == old.id)).all()
        erasures = session.execute(select(Erasure).order_by(Erasure.tbl)).scalars().all()
    personal = set(Seeker.__personal__)
    assert ops and all(v is None for f, v in ops if f in personal)
    assert any(f == "status" and v for f, v in ops)  # what is not personal stays
    assert [(e.tbl, e.subject, e.reason, e.created_by) for e in erasures] == [
        ("counsel_note", old.seeker_no, "보관기간 경과", "최팀장"), ("seeker", old.seeker_no, "보관기간 경과", "최팀장")]
    assert erasures[1].fields.split(";") == [c for c in Seeker.__personal__]
    entry = audit_rows(sup, "erase")[-1]
    assert (entry.subject, entry.operator) == (old.seeker_no, "최팀장")
    assert entry.detail.startswith("보관기간 경과: 성명, 생년월일")
    assert "김지난" not in entry.detail
    assert [r.name for r in seekers.search(sup, "").rows].count("(파기됨)") == 1
    assert seekers.search(sup, "김지난").rows == []
    # erasing twice, or early without a reason, is refused and changes nothing
    with pytest.raises(Refused, match="이미 파기했습니다"):
        retention.erase(sup, "seeker", [old.id])
    with pytest.raises(Refused, match="보관기간이 아직 남았습니다"):
        retention.erase(sup, "seeker", [young.id])
    with pytest.raises(ValidationFailed, match="사유"):
        retention.erase(sup, "seeker", [young.id], before_due=True)
    assert seekers.get(sup, young.id, log_view=False).name == "이남음"
    retention.erase(sup, "seeker", [young.id], before_due=True, reason="정보주체의 삭제 요구")
    assert audit_rows(sup, "erase")[-1].detail.endswith("(보관기간 전)")


def _text_columns(model):
    return [c for c in model.__table__.c if isinstance(c.type, String | Text)]


def _everywhere(db, needles: list[str]) -> list[str]:
    """Every text cell of every table that holds one of ``needles`` (table.column)."""
    from sqlmodel import SQLModel

    hits = []
    with db.session() as s:
        for table in SQLModel.metadata.sorted_tables:
            for col in table.c:
                if not isinstance(col.type, String | Text):
                    continue
                for n in needles:
                    if s.execute(select(func.count()).select_from(table).where(col.contains(n))).scalar_one():
                        hits.append(f"{table.name}.{col.name}")
    return hits


def test_erased_name_and_phone_are_gone_from_the_file_and_the_history(open_db, db_target, capsys):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    name, phone, first_phone = "황보설희", "010-8642-9753", "010-7531-8642"
    person = register(sup, name, first_phone)
    seekers.update(sup, person.id, {**seekers.to_fields(seekers.get(sup, person.id, log_view=False)),
                                    "phone": phone}, expected_version=1)
    seekers.add_note(sup, person.id, on="2024-05-31", kind="초기상담", text=f"{name} 님 전화 {phone}")
    needles = [name, phone, phone.replace("-", ""), first_phone, first_phone.replace("-", "")]
    assert _everywhere(sup, needles)  # before: in the rows and the history
    code, _, err = run(capsys, db_target, "retention", "erase", "--kind", "seeker", person.seeker_no,
                       "--before-due", "--reason", "정보주체의 삭제 요구", "--yes", operator="최팀장")
    assert code == 0, err
    assert "구직자 1건의 개인정보를 파기했습니다" in err
    assert _everywhere(sup, needles) == []
    if "://" not in db_target:
        sup.dispose()
        files = [Path(db_target), Path(f"{db_target}-wal"), Path(f"{db_target}-shm")]
        raw = b"".join(p.read_bytes() for p in files if p.exists())
        for n in needles:
            assert n.encode("utf-8") not in raw, n


def test_subsidy_application_erasure_covers_account_and_review_reasons(open_db):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    app = subsidy.add(sup, form(account_no="110-123-456789", holder="김민수"))
    subsidy.begin_review(sup, app.id)
    subsidy.reject(sup, app.id, "김민수 님 서류 미비", receipt_checked=True)
    retention.erase(sup, "subsidy_application", [app.id], before_due=True, reason="정보주체의 삭제 요구")
    with sup.session() as s:
        row = s.get(SubsidyApplication, app.id)
        ops = s.execute(select(SyncOp.value).where(SyncOp.tbl == "subsidy_application", SyncOp.row_id == app.id,
                                                   SyncOp.field.in_(["account_no", "name", "holder"]))).scalars().all()
    assert (row.name, row.account_no, row.holder, row.bank, row.phone) == (None, None, None, None, None)
    assert ops and all(v is None for v in ops)
    # the reason typed in review stays only in the access log (kept as evidence, never rewritten)
    assert _everywhere(sup, ["김민수 님 서류"]) == ["audit_log.detail"]


def test_an_erasure_received_from_another_machine(open_db):
    db = open_db(operator="최팀장", role=roles.SUPERVISOR)
    person = register(db, "정수신", "010-2468-1357")
    ops_before = None
    with db.session() as s:
        ops_before = s.execute(select(func.count()).select_from(SyncOp)).scalar_one()
    received = Erasure(tbl="seeker", target_id=person.id, fields="name;phone;birth_date", reason="보관기간 경과",
                       erased_at=clock.now())
    with db.write() as s:
        retention.apply_received(s, received)
    s2 = seekers.get(db, person.id, log_view=False)
    assert (s2.name, s2.phone, s2.birth_date, s2.name_key, s2.phone_digits) == (None, None, None, "", "")
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(SyncOp)).scalar_one() == ops_before  # no new changes
        values = s.execute(select(SyncOp.value).where(SyncOp.row_id == person.id,
                                                      SyncOp.field.in_(["name", "phone", "birth_date"]))).scalars().all()
    assert values and all(v is None for v in values)


def test_every_kind_names_real_personal_columns():
    for k in retention.KINDS:
        assert k.model in synced_tables().values()
        assert retention.personal_columns(k.model)
        assert k.number in k.model.__table__.c
    assert CounselNote.__personal__ == ("text",)


def test_public_work_application_is_a_kind_with_its_own_retention(open_db):
    from tests.public_work_helpers import PERIOD, PROGRAM
    from tests.public_work_helpers import form as pw_form
    from ydp_tui.db import public_work
    from ydp_tui.db.models import PwApplication

    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    period = public_work.resolve_period(sup, PROGRAM, PERIOD)
    app = public_work.add(sup, period.id, pw_form(name="박신청", phone="010-3141-5926", applied_on="2023-12-10"))
    (row,) = [s for s in retention.summary(sup) if s.kind == "pw_application"]
    assert (row.label, row.years) == ("공공일자리 참여 신청", 5)
    with clock.freeze(dt.datetime(2029, 12, 11, 9, 0)):   # five years after the application (and after today)
        due = retention.due(sup, "pw_application")
        assert [(r.number, r.name) for r in due.rows] == [(app.application_no, "박*청")]
        retention.erase(sup, "pw_application", [app.id])
    with sup.session() as s:
        erased = s.get(PwApplication, app.id)
    assert (erased.name, erased.phone, erased.birth_date, erased.household_income) == (None, None, None, 0)
    assert _everywhere(sup, ["박신청", "010-3141-5926"]) == []


def test_program_walk_ins_are_erased_and_seekers_left_to_their_own_record(open_db):
    from tests.programs_helpers import program, walkin
    from ydp_tui.db import programs
    from ydp_tui.db.models import ProgramParticipant

    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    prog = programs.add_program(sup, program())
    guest = programs.enroll_walkin(sup, prog.id, walkin("한방문", "010-2718-2818", enrolled_on="2024-03-01"))
    member = register(sup, "정회원", "010-1414-2135")
    programs.enroll_seeker(sup, prog.id, member.id, enrolled_on="2024-03-01")
    with clock.freeze(dt.datetime(2027, 6, 1, 9, 0)):   # three years after its last change (programs.retention_years)
        due = retention.due(sup, "program_participant")
        assert [(r.id, r.name) for r in due.rows] == [(guest.id, "한*문")]   # not the seeker's enrolment
        retention.erase(sup, "program_participant", [guest.id])
    with sup.session() as s:
        row = s.get(ProgramParticipant, guest.id)
    assert (row.name, row.phone) == (None, None)
    assert _everywhere(sup, ["한방문", "010-2718-2818"]) == []
