"""The access log: tampering detected (first bad entry), the review's filters and flags,
retention of the log itself (never under two years)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import text

from tests.admin.helpers import audit_rows, register, run
from ydp_tui import clock
from ydp_tui.db import audit, audit_review, roles, seekers
from ydp_tui.db.errors import Refused
from ydp_tui.io import seekers as seekers_io

KST = clock.SEOUL


def _activity(db, tmp_path):
    a = register(db, "김민수", "010-1111-2222")
    b = register(db, "이영희", "010-3333-4444")
    seekers.get(db, a.id)
    seekers.get(db, b.id)
    seekers_io.export_file(db, tmp_path / "all.csv")
    return a, b


def test_altering_one_row_is_reported_as_the_first_bad_entry(open_db, db_target, capsys, tmp_path):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    _activity(sup, tmp_path)
    code, out, err = run(capsys, db_target, "audit", "verify", operator="최팀장")
    assert code == 0 and re.fullmatch(r"접속기록 [56]건: 위변조 없음", out.strip())  # 6 with the daily backup
    with sup.engine.begin() as conn:  # someone edits the log behind the app's back
        conn.execute(text("UPDATE audit_log SET operator = '아무개' WHERE seq = 3"))
    code, out, err = run(capsys, db_target, "audit", "verify", operator="최팀장")
    assert code == 1
    assert err.strip() == "ydp-tui: 접속기록 위변조가 의심됩니다: 3번 항목부터 내용이 바뀌었거나 빠졌습니다 (관리자에게 알리세요)"
    with sup.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET operator = '최팀장' WHERE seq = 3"))
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert audit_review.verify(sup).first_bad == 2
    code, _, err = run(capsys, db_target, "audit", "verify", operator="김상담")
    assert code == 1 and "접속기록 점검은(는) 감독자/관리자만" in err


def test_removing_the_newest_entries_is_detected(open_db, tmp_path):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    _activity(sup, tmp_path)
    with sup.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"))
    result = audit_review.verify(sup)
    assert not result.ok and result.first_bad == 5


def test_views_changes_imports_exports_are_logged_with_counts(open_db, tmp_path):
    db = open_db(operator="김상담")
    a, _b = _activity(db, tmp_path)
    seekers_io.import_file(db, tmp_path / "all.csv")
    seekers.set_status(db, a.id, "취업")
    rows = [(e.action, e.entity, e.subject, e.count, e.operator, e.machine.endswith("/T1")) for e in audit_rows(db)]
    assert rows == [
        ("create", "seeker", a.seeker_no, None, "김상담", True),
        ("create", "seeker", "T1-2024-00002", None, "김상담", True),
        ("view", "seeker", a.seeker_no, None, "김상담", True),
        ("view", "seeker", "T1-2024-00002", None, "김상담", True),
        ("export", "seeker", None, 2, "김상담", True),
        ("import", "seeker", None, 0, "김상담", True),
        ("update", "seeker", a.seeker_no, None, "김상담", True),
    ]


def test_review_filters_and_flags(open_db, tmp_path):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    desk = open_db(operator="김상담")
    a, b = _activity(desk, tmp_path)
    with sup.write() as s:
        from ydp_tui.db import policy

        policy.set_value(s, "audit_review", 0, "bulk_rows", 2)
    with clock.freeze(dt.datetime(2024, 6, 3, 22, 30, tzinfo=KST)):
        seekers.get(desk, b.id)
    counselor = open_db(operator="이상담")
    with pytest.raises(roles.Forbidden):
        audit_review.review(counselor)
    page = audit_review.review(sup, audit_review.Filter(operator="김상담"))
    assert page.total == 6 and [r.action for r in page.rows][:2] == ["view", "export"]
    assert page.views_by_operator == [("김상담", 3)]
    flagged = audit_review.review(sup, audit_review.Filter(flagged_only=True))
    assert [(r.action, r.flags) for r in flagged.rows] == [("view", ["시간 외"]), ("export", ["대량"])]
    by_name = audit_review.review(sup, audit_review.Filter(person="이영희"))
    assert [(r.action, r.subject) for r in by_name.rows] == [("view", b.seeker_no), ("view", b.seeker_no),
                                                            ("create", b.seeker_no)]
    by_number = audit_review.review(sup, audit_review.Filter(person=a.seeker_no))
    assert [r.action for r in by_number.rows] == ["view", "create"]
    june = audit_review.review(sup, audit_review.Filter(date_from=dt.date(2024, 6, 1), date_to=dt.date(2024, 6, 30)))
    assert [r.subject for r in june.rows if r.action != "view" or r.operator != "최팀장"] == [b.seeker_no]
    # reading the log is itself logged, without the person's name
    reviews = [e.detail for e in audit_rows(sup) if e.entity == "audit_log"]
    assert reviews[:3] == ["접속기록 점검: 담당자 김상담", "접속기록 점검: 주의 항목만", "접속기록 점검: 대상 지정"]
    assert all("이영희" not in d for d in reviews)


def test_account_changes_and_failed_sign_ins_are_flagged(open_db):
    from ydp_tui.db import operators
    from ydp_tui.db.errors import SignInRefused

    admin = open_db(operator="정관리", role=roles.ADMIN)
    operators.create(admin, "최팀장", roles.SUPERVISOR, "482915")
    with pytest.raises(SignInRefused):
        admin.set_operator("최팀장", "111222")
    flagged = audit_review.review(admin, audit_review.Filter(flagged_only=True))
    assert [(r.action, r.flags) for r in flagged.rows] == [("login", ["로그인 실패"]), ("create", ["계정"])]


def test_cli_list_as_json(open_db, db_target, capsys, tmp_path):
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    _activity(sup, tmp_path)
    code, out, err = run(capsys, db_target, "audit", "list", "--action", "export", "--format", "json",
                         operator="최팀장")
    assert code == 0, err
    items = json.loads(out)
    assert [(i["action"], i["count"], i["operator"]) for i in items] == [("export", 2, "최팀장")]
    assert set(items[0]) == {"seq", "at", "operator", "machine", "action", "entity", "subject", "detail", "count",
                             "flags"}


def test_the_log_is_kept_two_years_then_pruned_with_the_chain_intact(open_db):
    admin = open_db(operator="정관리", role=roles.ADMIN)
    with clock.freeze(dt.datetime(2022, 5, 30, 10, 0, tzinfo=KST)):
        register(admin, "김옛날", "010-5555-0001", registered_on="2022-05-30", consent_date="2022-05-30")
    with clock.freeze(dt.datetime(2022, 5, 31, 10, 0, tzinfo=KST)):
        register(admin, "이경계", "010-5555-0002", registered_on="2022-05-31", consent_date="2022-05-31")
    register(admin, "박오늘", "010-5555-0003")
    with admin.write() as s:
        from ydp_tui.db import policy

        policy.set_value(s, "retention", 0, "audit_log", 1)  # a shorter policy cannot shorten the legal minimum
    sup = open_db(operator="최팀장", role=roles.SUPERVISOR)
    with pytest.raises(roles.Forbidden, match="관리자만"):
        audit_review.prune(sup)
    removed, cutoff = audit_review.prune(admin)
    assert (removed, cutoff) == (1, dt.date(2022, 5, 31))
    remaining = audit_rows(admin)
    assert [e.seq for e in remaining] == [2, 3, 4]
    assert remaining[-1].detail == "보관기간(2년) 지난 접속기록 1건 정리 (2022-05-31 이전)"
    result = audit_review.verify(admin)
    assert result.ok and result.base_seq == 1
    assert audit_review.prune(admin)[0] == 0
    with admin.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = 'x' WHERE seq = 2"))
    with pytest.raises(Refused, match="2번 항목부터"):
        audit_review.prune(admin)


def test_verify_on_an_empty_log(open_db):
    db = open_db()
    with db.session() as s:
        assert audit.check(s).ok and audit.verify(s) is None


def test_command_line_lists_of_people_are_logged_without_the_search_text(open_db, db_target, capsys, tmp_path):
    db = open_db(operator="김상담")
    _activity(db, tmp_path)
    code, out, _ = run(capsys, db_target, "seekers", "list", "--query", "김민", "--format", "json", operator="김상담")
    assert code == 0 and "김민수" in out
    entry = audit_rows(db, "search")[-1]
    assert (entry.entity, entry.count, entry.operator) == ("seeker", 1, "김상담")
    assert entry.detail == "구직자 목록 출력 (명령줄): 1건 (검색어 있음)" and "김민" not in entry.detail
