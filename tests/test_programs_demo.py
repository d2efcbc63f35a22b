"""The demo's programs, 상생기업, spaces and targets reproduce the seed report's sections ③-⑤ from
real rows (counted by the same report functions staff use), and are deterministic."""

from __future__ import annotations

import datetime as dt
import random

from ydp_tui import demo, demo_programs, reports
from ydp_tui.db import spaces, targets

D = dt.date


def test_seed_scale_reproduces_the_report(db) -> None:
    demo_programs.programs_step(db, demo.SCALES["seed"], random.Random("2024:프로그램ㆍ공간"), None)
    report = reports.build("programs", db, D(2024, 1, 1), D(2024, 5, 31))
    got = {row["item"]: row["summary"] for row in report.rows}
    assert got == {
        "(예비)사회적경제기업 재정지원": "14개소, 91백만원",
        "소셜벤처 창업아카데미": "4회(30명)",
        "창업아이디어 경진대회": "15개팀 선발",
        "ESG 홍보 마케팅 교육": "8회(20명)",
        "스튜디오 영원 교육": "36회(114명)",
        "상생기업 공공구매": "26억원(목표액 대비 57.0%)",
        "스튜디오 영원 이용": "이용 330건(1,012명), 일 평균 9명",
        "고립은둔 청년 부모ㆍ가족 지원": "2회, 회차별 15명",
        "청년 강사양성 프로그램": "11회, 회차별 20명",
        "취업 필수자격증 온라인 수강권": "75명",
        "1:1 취업컨설팅 및 직무 멘토링 캠프": "34명",
        "서울청년센터 영등포 프로그램": "97회(420명)",
        "디지털마케팅 전문가 양성ㆍ생성형AI 활용 교육": "10회(69명)",
        "영등포 청년건축학교 실내건축인테리어 교육": "6회(60명)",
        "청년 일 경험 사업 (드림나래)": "120명",
        "서울청년센터 영등포 이용": got["서울청년센터 영등포 이용"],
        "중장년 일자리희망플랫폼 이용": got["중장년 일자리희망플랫폼 이용"],
    }
    youth = next(r for r in report.rows if r["item"] == "서울청년센터 영등포 이용")
    assert (youth["people"], youth["average"]) == (25_067, 204)          # 일 평균 204명 over 123 open days
    s = targets.summary(db, 2024, 1)
    assert (len(s.departments), s.total.projects, s.total.entered) == (11, 36, s.total.indicators)
    # the days ahead have bookings for the day view, and nothing overlaps anywhere
    view = spaces.day_view(db, D(2024, 6, 3), "스튜디오 영원")
    assert view.bookings and not view.clashes
    for day in (D(2024, 3, 12), D(2024, 5, 31)):
        for facility in spaces.facilities(db):
            assert not spaces.day_view(db, day, facility).clashes


def test_build_is_deterministic() -> None:
    def plan(seed: str):
        p = demo_programs.build(random.Random(seed), "small", 0.25, D(2024, 5, 31), [], "T1")
        return {t: [{k: v for k, v in row.items() if not k.endswith("id")} for row in rows]
                for t, rows in p.rows.items()}

    assert plan("x") == plan("x")
    assert plan("x") != plan("y")
