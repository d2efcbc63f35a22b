"""Screens.  ``SECTIONS`` is the app's map: each section is a mode (its own screen stack),
reachable from the home menu, its key, and the command palette.  A new area adds one line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str          # mode name
    title: str       # what the menu and top bar say
    key: str         # global key (F-key); "" for none
    target: str      # "module:Class" of the section's first screen (imported when first opened)
    help: str = ""   # one line for the menu and the palette


SECTIONS: list[Section] = [
    Section("intake", "구직 등록", "f2", "ydp_tui.screens.intake:IntakeScreen",
            "새 구직자를 등록합니다 (개인정보 동의 필수)"),
    Section("seekers", "구직자 찾기", "f3", "ydp_tui.screens.seekers:SeekersScreen",
            "성명, 초성, 전화번호로 찾기와 수정, 상담 기록"),
    Section("vacancies", "구인", "f4", "ydp_tui.screens.vacancies:VacanciesScreen",
            "구인업체와 구인: 등록, 찾기, job아라 방문, 마감"),
    Section("referrals", "취업알선ㆍ매칭", "f5", "ydp_tui.screens.referrals:ReferralsScreen",
            "구직자와 구인 매칭, 알선, 면접ㆍ채용 기록"),
    Section("events", "행사ㆍ교육", "f6", "ydp_tui.screens.events:EventsScreen",
            "job포유ㆍ취업박람회 현장면접과 채용, 취업교육 과정"),
    Section("subsidy", "응시료 지원", "f8", "ydp_tui.screens.subsidy:SubsidyScreen",
            "청년 국가자격시험 응시료: 선별, 검토, 지급 일괄"),
    Section("programs", "프로그램ㆍ공간", "f12", "ydp_tui.screens.programs_home:ProgramsHomeScreen",
            "교육ㆍ상생기업ㆍ공간 예약ㆍ일자리 목표공시"),
    Section("public_work", "공공일자리", "f7", "ydp_tui.screens.public_work:PublicWorkScreen",
            "동행ㆍ지역공동체: 선발, 사업장 명단, 출근부, 급여"),
]
SECTIONS.append(Section("reports", "보고서", "f9", "ydp_tui.screens.dashboard:DashboardScreen",
                        "현황판, 기간별 보고서ㆍ구의회 보고 자료, 예산 집행"))
SECTIONS.append(Section("admin", "관리", "f11", "ydp_tui.screens.admin:AdminScreen",
                        "담당자 계정, 접속기록 점검, 보관기간ㆍ파기, 백업"))
SECTIONS.append(Section("sync", "동기화", "f10", "ydp_tui.screens.sync:SyncScreen",
                        "노트북ㆍ창구 사이 꾸러미 주고받기, 충돌ㆍ중복 확인"))

# The menu, the palette and the key list read in F-key order, whatever order areas added themselves in.
SECTIONS.sort(key=lambda s: int(s.key[1:]) if s.key.startswith("f") else 99)


def section(section_id: str) -> Section:
    for s in SECTIONS:
        if s.id == section_id:
            return s
    raise KeyError(section_id)
