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
    Section("subsidy", "응시료 지원", "f8", "ydp_tui.screens.subsidy:SubsidyScreen",
            "청년 국가자격시험 응시료: 선별, 검토, 지급 일괄"),
]
SECTIONS.append(Section("sync", "동기화", "f10", "ydp_tui.screens.sync:SyncScreen",
                        "내보내기 꾸러미로 노트북ㆍ창구 자료 주고받기, 충돌ㆍ중복 확인"))


def section(section_id: str) -> Section:
    for s in SECTIONS:
        if s.id == section_id:
            return s
    raise KeyError(section_id)
