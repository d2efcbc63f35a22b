"""Public-work services against a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.public_work_helpers import PERIOD, PROGRAM, form, people, row, write_sheet
from ydp_tui import clock
from ydp_tui.db import public_work as pw
from ydp_tui.db import public_work_payroll as payroll
from ydp_tui.db import public_work_roster as roster
from ydp_tui.db.errors import ImportRefused, NotFound, ReadOnlyError, Refused, StaleRecord, ValidationFailed
from ydp_tui.db.models import (
    AuditEntry, PwApplication, PwAssignment, PwAttendance, PwPeriod, PwSelectionLog, SyncOp,
)
from ydp_tui.db.roles import Forbidden
from ydp_tui.io import public_work as io

D = dt.date


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def period_id(db, program: str = PROGRAM, period: str = PERIOD) -> str:
    return pw.resolve_period(db, program, period).id


def imported(db, tmp_path: Path, rows: list[dict], name: str = "dong.csv", **kw) -> io.ImportResult:
    return io.import_file(db, write_sheet(tmp_path / name, rows, **kw))


def states(db, pid: str) -> dict[str, str]:
    s = pw.screen(db, pid)
    return {no: pw.standing_text(st) for no, st in sorted(s.standings.items())}


@pytest.fixture
def sup(open_db):
    """A supervisor (감독자) on the test database."""
    return open_db(operator="최팀장", role="감독자")


@pytest.fixture
def small(sup, tmp_path):
    """동행일자리 2024-상반기 with headcount 3 and five eligible applicants (P-0001 poorest)."""
    pw.set_period(sup, PROGRAM, PERIOD, {"headcount": "3"})
    imported(sup, tmp_path, people(5))
    return period_id(sup)


# --- program periods ---------------------------------------------------------------------------


def test_shipped_periods_and_a_new_one_without_code(db, sup, open_db) -> None:
    rows = {(p.program, p.period): p for p in pw.periods(db)}
    assert set(rows) == {("동행일자리", "2024-상반기"), ("지역공동체일자리", "2024-상반기"),
                         ("동행일자리", "2024-하반기"), ("지역공동체일자리", "2024-하반기")}
    d = rows[("동행일자리", "2024-상반기")]
    assert (d.start, d.end, d.headcount, d.budget, d.city_budget, d.city_ratio) == (
        D(2024, 1, 1), D(2024, 6, 30), 190, 3_094_000_000, 2_166_000_000, 70)
    c = rows[("지역공동체일자리", "2024-상반기")]
    assert (c.start, c.headcount, c.budget, c.city_budget, c.city_ratio, c.income_pct) == (
        D(2024, 2, 1), 16, 199_000_000, 150_000_000, 75, 70)
    assert c.exclusions.split(";") == ["생계급여수급", "실업급여수급", "세대내참여자"]
    assert "세대내참여자" not in d.exclusions
    # a counselor may not open a period; a supervisor may, with no code change
    with pytest.raises(Forbidden, match="감독자/관리자"):
        pw.set_period(db, "동행일자리", "2025-상반기", {}, copy_from="2024-상반기")
    new = pw.set_period(sup, "동행일자리", "2025-상반기", {"income_pct": "85", "headcount": "200"},
                        copy_from="2024-상반기")
    assert (new.start, new.end, new.income_pct, new.headcount, new.city_ratio) == (
        D(2025, 1, 1), D(2025, 6, 30), 85, 200, 70)
    # reopening the database seeds nothing twice and keeps the supervisor's edit
    pw.set_period(sup, PROGRAM, PERIOD, {"headcount": "191"})
    again = open_db()
    assert count(again, PwPeriod) == 5
    assert pw.resolve_period(again, PROGRAM, PERIOD).headcount == 191
    with pytest.raises(ValidationFailed) as e:
        pw.set_period(sup, "동행일자리", "2025-하반기", {"start": "2025-07-01", "end": "2026-01-31"},
                      copy_from="2024-하반기")
    assert "한 해 안에" in e.value.errors["종료일"]


def test_unknown_program_or_period_is_a_clear_message(db) -> None:
    with pytest.raises(NotFound, match="사업명 '동행'이\\(가\\) 없습니다 \\(동행일자리/지역공동체일자리\\)"):
        pw.resolve_period(db, "동행", PERIOD)
    with pytest.raises(NotFound, match="기간 '2024-3분기'.*있는 기간: 2024-상반기, 2024-하반기"):
        pw.resolve_period(db, PROGRAM, "2024-3분기")


# --- applications: import and form ------------------------------------------------------------


def test_import_screen_and_reimport(db, tmp_path) -> None:
    rows = [
        row(),
        row(**{"신청번호": "P-0002", "성명": "이영희", "생년월일": "2006-01-02"}),                 # 17 on 01-01
        row(**{"신청번호": "P-0003", "성명": "박철수", "생년월일": "1959-01-01", "가구소득": "1,782,756"}),  # 65: 3 h
        row(**{"신청번호": "P-0004", "성명": "최지우", "가구소득": "1782757", "재산": "499,000,001",
               "실업급여수급": "예"}),
        row(**{"신청번호": "P-0005", "성명": "NGUYEN THI HOA", "사업명": "지역공동체일자리", "세대내참여자": "Y",
               "행정동": "대림3동"}),
    ]
    result = imported(db, tmp_path, rows, encoding="cp949")
    assert (result.created, result.skipped) == (4 + 1, 0)
    got = [r.as_json() for r in pw.screen(db, period_id(db)).results]
    assert got == [
        {"application_no": "P-0001", "eligible": True, "reasons": [], "daily_hours": 6, "daily_wage": 59_160,
         "rank": 1, "selected": True},
        {"application_no": "P-0002", "eligible": False, "reasons": ["AGE"], "daily_hours": 6, "daily_wage": 59_160,
         "rank": None, "selected": False},
        {"application_no": "P-0003", "eligible": True, "reasons": [], "daily_hours": 3, "daily_wage": 29_580,
         "rank": 2, "selected": True},
        {"application_no": "P-0004", "eligible": False, "reasons": ["INCOME", "ASSETS", "EXCLUDED"],
         "daily_hours": 6, "daily_wage": 59_160, "rank": None, "selected": False},
    ]
    community = pw.screen(db, period_id(db, "지역공동체일자리"))
    assert [r.reasons for r in community.results] == [("DUPLICATE_HOUSEHOLD",)]
    again = imported(db, tmp_path, rows, encoding="cp949")
    assert (again.created, again.skipped) == (0, 5)
    with pytest.raises(ImportRefused) as e:
        imported(db, tmp_path, [row(**{"가구소득": "900,000"})], name="changed.xlsx")
    assert e.value.problems == ["행 2: 이미 있는 신청 P-0001(김민수, 2023-12-05)와 다릅니다: 가구소득 "
                                "(가져오기는 기존 신청을 덮어쓰지 않습니다)"]


def test_bad_rows_are_all_listed_and_nothing_is_written(db, tmp_path) -> None:
    ops = count(db, SyncOp)
    rows = [
        row(),
        row(**{"신청번호": "P-0002", "가구소득": "많음"}),
        row(**{"신청번호": "P-0003", "가구원수": "0", "생년월일": "2030-01-01"}),
        row(**{"신청번호": "P-0004", "사업명": "희망일자리"}),
        row(**{"신청번호": "P-0005", "기간": "2024-3분기"}),
        row(**{"신청번호": "P-0006"}),                                   # the same person as P-0001
        row(**{"신청번호": "P-0007", "생계급여수급": ""}),
    ]
    with pytest.raises(ImportRefused) as e:
        imported(db, tmp_path, rows)
    assert e.value.problems == [
        "행 3: 가구소득 '많음'은(는) 숫자가 아닙니다",
        "행 4: 생년월일 '2030-01-01'은(는) 미래의 날짜입니다",
        "행 4: 가구원수 0은(는) 1 이상이어야 합니다",
        "행 5: 사업명 '희망일자리'은(는) 없는 사업입니다 (동행일자리/지역공동체일자리)",
        "행 6: 기간 '2024-3분기'은(는) 동행일자리에 없는 기간입니다 (있는 기간: 2024-상반기, 2024-하반기)",
        "행 7: 성명 '김민수'(1968-03-15)은(는) 동행일자리 2024-상반기에 이미 신청했습니다 (신청번호 P-0001)",
        "행 8: 생계급여수급 값이 비어 있습니다 (필수 항목)",
    ]
    assert count(db, PwApplication) == 0 and count(db, SyncOp) == ops


def test_form_entry_is_screened_at_once(db) -> None:
    pid = period_id(db)
    app = pw.add(db, pid, form())
    assert app.application_no == "T1-2023-00001" and app.household_size == 2 and not app.livelihood
    s = pw.screen(db, pid)
    assert s.result_of(app.application_no).as_json() == {
        "application_no": "T1-2023-00001", "eligible": True, "reasons": [], "daily_hours": 3, "daily_wage": 29_580,
        "rank": 1, "selected": True}
    excluded = pw.add(db, pid, form(name="박철수", birth_date="1970-01-01", livelihood="예"))
    assert pw.screen(db, pid).result_of(excluded.application_no).reasons == ("EXCLUDED",)
    with pytest.raises(ValidationFailed) as e:
        pw.add(db, pid, form())
    assert "이미 신청했습니다 (신청번호 T1-2023-00001)" in e.value.errors["성명"]
    with pytest.raises(ValidationFailed) as e:
        pw.add(db, pid, form(name="새사람", household_income="삼백만원", household_size="0",
                             birth_date="2031-02-03", livelihood=""))
    assert e.value.errors == {"생년월일": "'2031-02-03'은(는) 미래의 날짜입니다", "가구원수": "0은(는) 1 이상이어야 합니다",
                              "가구소득": "'삼백만원'은(는) 숫자가 아닙니다", "생계급여수급": "값이 비어 있습니다 (필수 항목)"}
    assert count(db, PwApplication) == 2
    d = pw.detail(db, app.id)
    assert d.standing_text == "선발" and any("65세 이상" in text for _, text in d.explanation)
    with db.session() as s:
        assert s.execute(select(AuditEntry.detail).where(AuditEntry.action == "view")).scalars().all() == [
            "조회 (신청 상세)"]
    stale = pw.update(db, app.id, form(assets="130,000,000"), expected_version=app.version)
    assert stale.assets == 130_000_000
    with pytest.raises(StaleRecord):
        pw.update(db, app.id, form(assets="140,000,000"), expected_version=app.version)


# --- selection ----------------------------------------------------------------------------------


def test_overrides_need_the_permission_and_a_reason(db, sup, small) -> None:
    p5 = pw.find_id(db, "P-0005")
    with pytest.raises(Forbidden, match="공공일자리 선발 조정은\\(는\\) 감독자/관리자만"):
        pw.override_select(db, p5, "추천")
    with pytest.raises(ValidationFailed) as e:
        pw.override_select(sup, p5, "  ")
    assert e.value.errors == {"사유": "선발을 조정하려면 사유를 입력하세요"}
    assert count(sup, PwSelectionLog) == 0
    assert states(sup, small) == {"P-0001": "선발", "P-0002": "선발", "P-0003": "선발", "P-0004": "대기 1",
                                  "P-0005": "대기 2"}
    change = pw.override_select(sup, p5, "취약계층 우선 (동장 추천)")
    assert change.selected == [] and change.unselected == [("P-0003", "최참여3")]
    assert states(sup, small) == {"P-0001": "선발", "P-0002": "선발", "P-0003": "대기 1", "P-0004": "대기 2",
                                  "P-0005": "선발(조정)"}
    # the rule's output (CONTRACT) does not move; the override is shown beside it
    assert [r.selected for r in pw.screen(sup, small).results] == [True, True, True, False, False]
    change = pw.override_drop(sup, pw.find_id(db, "P-0001"), "중복 수급 확인")
    assert change.selected == [("P-0003", "최참여3")]
    pw.override_swap(sup, pw.find_id(db, "P-0004"), pw.find_id(db, "P-0002"), "거주지 근무 배정")
    assert states(sup, small) == {"P-0001": "제외", "P-0002": "제외", "P-0003": "선발", "P-0004": "선발(조정)",
                                  "P-0005": "선발(조정)"}
    pw.override_select(sup, pw.find_id(db, "P-0001"), "중복 수급 아님 (재확인)")
    with pytest.raises(Refused, match="정원 3명이 찼습니다"):
        pw.override_select(sup, pw.find_id(db, "P-0002"), "다시")
    pw.revert_override(sup, pw.find_id(db, "P-0001"), "순위로도 선발")
    assert states(sup, small)["P-0001"] == "선발" and states(sup, small)["P-0003"] == "대기 1"
    d = pw.detail(sup, pw.find_id(db, "P-0003"), log_view=False)
    assert [(h.action, h.before, h.after, h.reason) for h in d.history] == [
        ("대기로", "선발", "대기 1", "P-0005 강참여5 조정 선발"),
        ("충원", "대기 1", "선발", "P-0001 이참여1 제외"),
        ("대기로", "선발", "대기 1", "P-0001 이참여1 조정 선발"),
    ]
    swap = pw.detail(sup, pw.find_id(db, "P-0002"), log_view=False)
    assert [(h.action, h.partner, h.reason, h.actor) for h in swap.history] == [
        ("맞바꿈 제외", "P-0004", "거주지 근무 배정", "최팀장")]
    assert swap.override_reason == "거주지 근무 배정" and swap.standing_text == "제외"


def test_give_up_offers_the_next_and_ends_work(db, sup, small) -> None:
    site = roster.add_worksite(db, small, {"name": "문래동 환경정비", "department": "문래동 주민센터", "place": "문래동",
                                           "work_type": "그린환경", "supervisor": "정주무관", "daily_hours": "6"})
    p1 = pw.find_id(db, "P-0001")
    a = roster.assign(db, p1, site.id, start="2024-05-01")
    roster.record_attendance(db, site.id, "2024-05-30", [(a.id, "출근", None)])
    with pytest.raises(Refused, match="2024-05-30부터 일하지 않으려면.*\\(2024-05-30 출근\\).*2024-05-31 이후로"):
        pw.give_up(db, p1, on="2024-05-30", reason="취업")
    change = pw.give_up(db, p1, on="2024-05-31", reason="취업")
    assert change.selected == [("P-0004", "정참여4")]
    with db.session() as s:
        assert s.get(PwAssignment, a.id).end == D(2024, 5, 30)
    assert states(db, small)["P-0001"] == "포기" and states(db, small)["P-0004"] == "선발(충원)"
    with pytest.raises(Refused, match="선발되었거나 대기 중인"):
        pw.give_up(db, p1)
    with pytest.raises(Forbidden):
        pw.undo_give_up(db, p1, "잘못 기록")
    # P-0001 worked: taken back, they hold their seat and the replacement waits again
    change = pw.undo_give_up(sup, p1, "본인이 포기 철회")
    assert change.unselected == [("P-0004", "정참여4")]
    assert states(db, small)["P-0001"] == "선발"


# --- worksites, roster, attendance ---------------------------------------------------------------


def _site(db, pid: str, name: str = "영등포본동 안전순찰", hours: str = "6", capacity: str = "") -> object:
    return roster.add_worksite(db, pid, {"name": name, "department": "안전총괄과", "place": "영등포본동",
                                         "work_type": "안전관리", "supervisor": "한주무관", "daily_hours": hours,
                                         "capacity": capacity})


def test_assign_only_selected_with_the_rule_hours(db, tmp_path) -> None:
    pid = period_id(db)
    imported(db, tmp_path, [row(), row(**{"신청번호": "P-0002", "성명": "고령자", "생년월일": "1950-02-02"}),
                            row(**{"신청번호": "P-0003", "성명": "부적격", "재산": "600000000"})])
    site = _site(db, pid, capacity="1")
    with pytest.raises(ValidationFailed) as e:
        _site(db, pid)
    assert "이미 있는 사업장" in e.value.errors["사업장"]
    with pytest.raises(Refused, match="선발된 사람만 배치할 수 있습니다 \\(P-0003 부적격: 부적격\\)"):
        roster.assign(db, pw.find_id(db, "P-0003"), site.id)
    a = roster.assign(db, pw.find_id(db, "P-0001"), site.id, start="2024-03-04")
    assert (a.start, a.end, a.daily_hours) == (D(2024, 3, 4), D(2024, 6, 30), 6)
    with pytest.raises(Refused, match="배치 인원 1명이 찼습니다"):
        roster.assign(db, pw.find_id(db, "P-0002"), site.id, start="2024-03-04")
    other = _site(db, pid, name="신길동 공공서비스", hours="5")
    with pytest.raises(ValidationFailed, match="1~3시간"):
        roster.assign(db, pw.find_id(db, "P-0002"), other.id, hours="5")
    senior = roster.assign(db, pw.find_id(db, "P-0002"), other.id, start="2024-03-04")
    assert senior.daily_hours == 3
    with pytest.raises(Refused, match="이미 영등포본동 안전순찰에 배치"):
        roster.assign(db, pw.find_id(db, "P-0001"), other.id)
    moved = roster.move(db, a.id, other.id, on="2024-05-01")
    assert (moved.start, moved.daily_hours) == (D(2024, 5, 1), 5)
    page = roster.roster_page(db, pid, sort="성명")
    assert [(r.name, r.worksite, r.state, r.daily_wage) for r in page.rows] == [
        ("고령자", "신길동 공공서비스", "근무중", 29_580), ("김민수", "영등포본동 안전순찰", "종료", 59_160),
        ("김민수", "신길동 공공서비스", "근무중", 49_300)]
    assert (page.participants, page.working) == (2, 2)
    assert roster.roster_page(db, pid, view="근무중", query="ㄱㄹ").total == 1
    assert roster.roster_page(db, pid, worksite_id=site.id).total == 1


def test_attendance_day_sheet_rules_and_lock(db, sup) -> None:
    pid = period_id(db)
    pw.add(db, pid, form())
    site = _site(db, pid)
    a = roster.assign(db, pw.find_id(db, "T1-2023-00001"), site.id, start="2024-05-01")
    with pytest.raises(Refused, match="근무일이 아닙니다 \\(공휴일 \\(부처님오신날\\)\\)"):
        roster.record_attendance(db, site.id, "2024-05-15", [(a.id, "출근", None)])
    with pytest.raises(Refused, match="토요일"):
        roster.record_attendance(db, site.id, "2024-05-04", [(a.id, "출근", None)])
    with pytest.raises(Refused, match="출근 시간 6시간은 1~3시간"):
        roster.record_attendance(db, site.id, "2024-05-02", [(a.id, "출근", 6)])
    assert roster.record_attendance(db, site.id, "2024-05-02", [(a.id, "결근", None)]) == 1
    assert roster.record_attendance(db, site.id, "2024-05-02", [(a.id, "결근", None)]) == 0
    sheet = roster.attendance_sheet(db, site.id, "2024-05-02")
    assert [(r.name, r.status, r.hours, r.daily_hours) for r in sheet.rows] == [("이영희", "결근", 0, 3)]
    assert sheet.title == "영등포본동 안전순찰 2024. 5. 2. (목)" and sheet.counts()["결근"] == 1
    day = D(2024, 5, 1)
    while day <= D(2024, 5, 31):
        if roster.is_workday(db, day):
            roster.record_attendance(db, site.id, day, [(a.id, "출근", None)])
        day += dt.timedelta(days=1)
    p = payroll.payroll(db, pid, 2024, 5)
    assert (p.status, p.participants, p.days, p.missing) == ("미확정", 1, 21, 0)
    # 3 hours a day: the weeks of 5/6 and 5/13 (a holiday each) have 12 hours, no 주휴수당; the week
    # 4/29~5/3 is May's but April 29~30 are before the assignment: 3 days, 9 hours, none either
    assert (p.rows[0].weeks, p.base, p.weekly) == (2, 21 * 29_580, 2 * 29_580)
    assert (p.city_share, p.gu_share) == pw_split(p.total, 70)
    with pytest.raises(Forbidden):
        payroll.confirm(db, pid, 2024, 5)
    confirmed = payroll.confirm(sup, pid, 2024, 5)
    assert confirmed.status == "확정" and confirmed.total == p.total
    assert [(r.days, r.weeks, r.total) for r in confirmed.rows] == [(21, 2, p.rows[0].total)]
    with pytest.raises(Refused, match="5월 급여가 확정되어"):
        roster.record_attendance(db, site.id, "2024-05-31", [(a.id, "결근", None)])
    with pytest.raises(Refused, match="이미 확정"):
        payroll.confirm(sup, pid, 2024, 5)
    with pytest.raises(Refused, match="6월이 끝난 뒤"):
        payroll.confirm(sup, pid, 2024, 6)
    paid = payroll.mark_paid(sup, pid, 2024, 5, paid_on="2024-05-31")
    assert (paid.status, paid.paid_on) == ("지급", D(2024, 5, 31))
    f = pw.figures(db, pid)
    assert (f["applicants"], f["eligible"], f["selected"], f["participants"]) == (1, 1, 1, 1)
    assert (f["budget"], f["city_share"], f["gu_share"]) == (3_094_000_000, 2_166_000_000, 928_000_000)
    assert (f["payroll_paid"], f["payroll_paid_city"] + f["payroll_paid_gu"]) == (p.total, p.total)


def pw_split(total: int, ratio: int) -> tuple[int, int]:
    from ydp_tui.rules.public_work import split

    return split(total, ratio)


def test_confirm_refuses_missing_days_and_reopen_unlocks(db, sup) -> None:
    pid = period_id(db)
    pw.add(db, pid, form())
    site = _site(db, pid)
    a = roster.assign(db, pw.find_id(db, "T1-2023-00001"), site.id, start="2024-05-27")
    roster.record_attendance(db, site.id, "2024-05-27", [(a.id, "출근", None)])
    with pytest.raises(Refused, match="출근 기록이 없는 근무일이 4일 있습니다: T1-2023-00001 이영희 4일"):
        payroll.confirm(sup, pid, 2024, 5)
    for day in (28, 29, 30, 31):
        roster.record_attendance(db, site.id, D(2024, 5, day), [(a.id, "휴가" if day == 29 else "출근", None)])
    payroll.confirm(sup, pid, 2024, 5)
    with pytest.raises(ValidationFailed):
        payroll.reopen(sup, pid, 2024, 5, "")
    again = payroll.reopen(sup, pid, 2024, 5, "출근부 정정")
    assert again.status == "미확정"
    assert roster.record_attendance(db, site.id, "2024-05-31", [(a.id, "병가", None)]) == 1
    assert payroll.confirm(sup, pid, 2024, 5).rows[0].absent == 1


def test_exports_roster_and_payroll(db, tmp_path) -> None:
    from openpyxl import load_workbook

    pid = period_id(db)
    pw.add(db, pid, form())
    site = _site(db, pid)
    a = roster.assign(db, pw.find_id(db, "T1-2023-00001"), site.id, start="2024-05-27")
    for day in (27, 28, 29, 30, 31):
        roster.record_attendance(db, site.id, D(2024, 5, day), [(a.id, "출근", None)])
    out = tmp_path / "명단.xlsx"
    assert roster.export_roster(db, pid, out) == 1
    sheet = list(load_workbook(out).active.iter_rows(values_only=True))
    assert sheet[0] == tuple(roster.ROSTER_COLUMNS)
    assert sheet[1][:2] == ("T1-2023-00001", "이영희") and sheet[1][6] == "영등포본동 안전순찰"
    assert sheet[1][11:16] == (3, 29_580, dt.datetime(2024, 5, 27), dt.datetime(2024, 6, 30), "근무중")
    out = tmp_path / "급여.xlsx"
    assert payroll.export(db, pid, 2024, 5, out) == 1
    sheet = list(load_workbook(out).active.iter_rows(values_only=True))
    assert sheet[0] == tuple(payroll.PAYROLL_COLUMNS)
    # 5 days x 3 hours = 15 hours: exactly enough for 주휴수당 (3 x 9,860)
    assert sheet[1][:13] == ("T1-2023-00001", "이영희", dt.datetime(1958, 7, 1), "영등포본동 안전순찰", 3, 9860, 29_580,
                             5, 15, 147_900, 1, 29_580, 177_480)
    assert sheet[3][0] == "합계" and sheet[3][12] == 177_480
    assert (sheet[4][0], sheet[4][12], sheet[5][0], sheet[5][12]) == ("시비", 124_236, "구비", 53_244)
    with db.session() as s:
        exports = s.execute(select(AuditEntry.detail).where(AuditEntry.action == "export")).scalars().all()
    assert len(exports) == 2 and exports[0].startswith("참여자 명단 명단.xlsx: 1명")


def test_read_only_refuses_every_write(db, open_db, tmp_path) -> None:
    pid = period_id(db)
    app = pw.add(db, pid, form())
    ro = open_db(read_only=True)
    with pytest.raises(ReadOnlyError):
        pw.add(ro, pid, form(name="다른사람"))
    with pytest.raises(ReadOnlyError):
        pw.give_up(ro, app.id)
    with pytest.raises(ReadOnlyError):
        _site(ro, pid)
    assert pw.detail(ro, app.id).application_no == app.application_no     # viewing still works (and is logged)
    assert roster.roster_page(ro, pid).total == 0
    assert count(db, PwAttendance) == 0


def test_withdraw_and_summary(db, sup, small) -> None:
    p5 = pw.find_id(db, "P-0005")
    with pytest.raises(ValidationFailed):
        pw.withdraw(db, p5, "")
    pw.withdraw(db, p5, "중복 접수")
    sm = pw.summary(db, small)
    assert (sm.applicants, sm.eligible, sm.rule_selected, sm.selected, sm.waiting, sm.unassigned) == (4, 4, 3, 3, 1, 3)
    assert sm.line() == "신청 4 | 적격 4 | 선발 3/3 | 대기 1 | 포기 0 | 제외 0"
    page = pw.list_page(db, small, view="대기")
    assert [(r.application_no, r.standing) for r in page.rows] == [("P-0004", "대기 1")]
    assert pw.list_page(db, small, query="ㅂㅊㅇ").rows[0].application_no == "P-0002"
    assert clock.today() == D(2024, 5, 31)
