"""Programs, sessions, participants and 상생기업 records: their fields, the completion rule and
how the figures read ("4회(30명)", "11회, 회차별 20명", "15개팀 선발").  Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ydp_tui import data
from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.seeker import dong_choices
from ydp_tui.rules.validation import Invalid, half_up


def codes(kind: str) -> tuple[str, ...]:
    return tuple(data.load("programs.json")[kind])


def _this_year(ctx: ParseContext) -> int:
    return ctx.today.year


def _today(ctx: ParseContext) -> dt.date:
    return ctx.today


def _first(kind: str):  # noqa: ANN202 - a FieldSpec default
    return lambda ctx: codes(kind)[0]


def _not_future(value: Any, ctx: ParseContext) -> None:
    if value is not None and value > ctx.today:
        raise Invalid(f"'{value.isoformat()}'은(는) 미래의 날짜입니다")


# =============================================================================================
# Programs
# =============================================================================================

PROGRAM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "프로그램명", "text", required=True, max_length=100, placeholder="예: 소셜벤처 창업아카데미"),
    FieldSpec("year", "연도", "int", required=True, minimum=2000, maximum=2100, default=_this_year),
    FieldSpec("team", "담당팀", "choice", required=True, choices=codes("teams")),
    FieldSpec("budget_unit", "단위사업", "choice", required=True, choices=codes("budget_units")),
    FieldSpec("kind", "구분", "choice", required=True, choices=codes("program_kinds")),
    FieldSpec("count_style", "실적 표시", "choice", choices=codes("count_styles"), default=_first("count_styles"),
              help="실인원: 4회(30명), 회차별: 11회, 회차별 20명, 참여자: 75명 (회차 없이 참여자 수)"),
    FieldSpec("starts_on", "시작일", "date"),
    FieldSpec("ends_on", "종료일", "date"),
    FieldSpec("capacity", "정원", "int", minimum=1, maximum=9999, placeholder="명 (선택)"),
    FieldSpec("completion_percent", "이수 기준", "int", minimum=1, maximum=100,
              placeholder="출석률 %, 예: 80 (비우면 이수 없음)"),
    FieldSpec("place", "장소", "text", max_length=60, placeholder="예: 스튜디오 영원 세미나실"),
    FieldSpec("note", "비고", "text", max_length=300),
)


def check_program(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    start, end, year = values.get("starts_on"), values.get("ends_on"), values.get("year")
    if start and end and end < start:
        errors["종료일"] = "종료일이 시작일보다 앞섭니다"
    if start and year and start.year != year:
        errors["시작일"] = f"{year}년 프로그램의 시작일이 {start.year}년입니다"
    return errors


SESSION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("held_on", "날짜", "date", required=True, placeholder="예: 2024-03-14"),
    FieldSpec("time_from", "시작", "time", placeholder="예: 14:00"),
    FieldSpec("time_to", "끝", "time", placeholder="예: 16:00"),
    FieldSpec("kind", "구분", "choice", choices=codes("session_kinds"), default=_first("session_kinds")),
    FieldSpec("topic", "내용", "text", max_length=100, placeholder="예: 강의법, 콘텐츠 기획"),
    FieldSpec("place", "장소", "text", max_length=60, placeholder="비우면 프로그램의 장소"),
    FieldSpec("note", "비고", "text", max_length=200),
)


def check_session(values: dict[str, Any]) -> dict[str, str]:
    f, t = values.get("time_from"), values.get("time_to")
    if f and t and t <= f:
        return {"끝": f"끝 시각({t})이 시작 시각({f})보다 늦어야 합니다"}
    if bool(f) != bool(t):
        return {"끝" if f else "시작": "시작과 끝을 함께 입력하세요 (또는 둘 다 비우세요)"}
    return {}


# A walk-in (registered seekers are picked by name instead): minimal data, and consent first.
WALKIN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "성명", "name", required=True, max_length=50, placeholder="예: 홍길동, NGUYEN THI HOA"),
    FieldSpec("phone", "휴대전화", "mobile", placeholder="예: 010-1234-5678"),
    FieldSpec("birth_date", "생년월일", "birth", placeholder="휴대전화가 없으면 입력"),
    FieldSpec("gender", "성별", "choice", choices=tuple(data.code_list("gender"))),
    FieldSpec("dong", "행정동", "choice", choices=dong_choices()),
    FieldSpec("enrolled_on", "신청일", "date", required=True, default=_today, check=_not_future),
    FieldSpec("consent", "개인정보 동의", "yesno"),
)


def check_walkin(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not values.get("phone") and not values.get("birth_date"):
        errors["휴대전화"] = "휴대전화나 생년월일 중 하나는 입력하세요 (같은 이름의 다른 사람과 구별합니다)"
    if not values.get("consent"):
        errors["개인정보 동의"] = "개인정보 수집ㆍ이용 동의를 받아야 참여자로 등록할 수 있습니다"
    return errors


WALKIN_CONSENT = (
    "개인정보 수집ㆍ이용 동의 (개인정보 보호법 제15조)\n"
    "- 목적: 프로그램 참여 관리(출석ㆍ이수)와 사업 통계\n"
    "- 항목: 성명, 휴대전화 또는 생년월일, 성별, 행정동 (주민등록번호는 받지 않습니다)\n"
    "- 보유기간: 신청일로부터 {years}년, 이후 지체 없이 파기\n"
    "- 동의를 거부할 권리가 있으며, 거부하면 이 프로그램에 참여자로 등록할 수 없습니다"
)


# =============================================================================================
# Completion and how the figures read
# =============================================================================================


def required_sessions(held: int, percent: int | None) -> int | None:
    """Sessions a participant must attend: ``percent`` of those held, rounded up (at least 1).
    None when the program has no completion rule or nothing was held yet."""
    if percent is None or held <= 0:
        return None
    return max(1, -(-held * percent // 100))


def is_completed(attended: int, held: int, percent: int | None, *, dropped: bool = False) -> bool:
    need = required_sessions(held, percent)
    return need is not None and not dropped and attended >= need


def per_session(attendances: int, sessions: int) -> int | None:
    """Average attendance per session, rounded half up to a whole person."""
    if not sessions:
        return None
    return int(half_up(Decimal(attendances) / Decimal(sessions)))


def program_summary(kind: str, style: str, count: int, people: int, average: int | None) -> str:
    """The program's line as the council report writes it; ``count`` is the sessions held (for a
    contest, the teams selected)."""
    if kind == "경진대회":
        return f"{count:,}개팀 선발"
    if style == "참여자" or not count:
        return f"{people:,}명"
    if style == "회차별":
        return f"{count:,}회, 회차별 {average or 0:,}명"
    return f"{count:,}회({people:,}명)"


def million(won: int) -> str:
    """91,000,000 -> '91백만원' (half up to 백만원; one decimal when it is not whole)."""
    value = half_up(Decimal(won) / Decimal(1_000_000), 1)
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}백만원"


def eok(won: int) -> str:
    """2,600,000,000 -> '26억원'; 2,650,000,000 -> '26.5억원'."""
    value = half_up(Decimal(won) / Decimal(100_000_000), 1)
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}억원"


# =============================================================================================
# Enterprises (상생기업)
# =============================================================================================

ENTERPRISE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "기업명", "text", required=True, max_length=100),
    FieldSpec("kind", "구분", "choice", required=True, choices=codes("enterprise_kinds")),
    FieldSpec("brn", "사업자등록번호", "brn", placeholder="예: 123-45-67890 (선택)"),
    FieldSpec("representative", "대표자", "text", max_length=50),
    FieldSpec("phone", "전화", "phone", placeholder="예: 02-1234-5678"),
    FieldSpec("dong", "행정동", "choice", choices=dong_choices()),
    FieldSpec("address", "주소", "text", max_length=200),
    FieldSpec("designated_on", "지정일", "past_date", placeholder="인증ㆍ지정일 (선택)"),
    FieldSpec("note", "비고", "text", max_length=300),
)

SUPPORT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "지원 구분", "choice", required=True, choices=codes("support_kinds")),
    FieldSpec("granted_on", "결정일", "date", required=True, default=_today, placeholder="지원 결정일"),
    FieldSpec("amount", "지원금액", "amount", required=True, minimum=1, maximum=10_000_000_000,
              placeholder="원, 예: 6500000"),
    FieldSpec("people", "지원 인원", "int", minimum=0, maximum=999, default=lambda ctx: 0, placeholder="명"),
    FieldSpec("period_start", "지원 시작", "date"),
    FieldSpec("period_end", "지원 끝", "date"),
    FieldSpec("note", "비고", "text", max_length=200),
)


def check_support(values: dict[str, Any]) -> dict[str, str]:
    a, b = values.get("period_start"), values.get("period_end")
    if a and b and b < a:
        return {"지원 끝": "지원 끝이 지원 시작보다 앞섭니다"}
    return {}


PURCHASE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("purchased_on", "구매일", "past_date", required=True, default=_today),
    FieldSpec("buyer", "구매 부서", "text", required=True, max_length=40, placeholder="예: 일자리정책과"),
    FieldSpec("item", "품목", "text", max_length=100),
    FieldSpec("amount", "구매액", "amount", required=True, minimum=1, maximum=100_000_000_000, placeholder="원"),
    FieldSpec("note", "비고", "text", max_length=200),
)

TEAM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("team_name", "팀명", "text", required=True, max_length=60),
    FieldSpec("leader", "대표자", "name", max_length=50),
    FieldSpec("phone", "휴대전화", "mobile"),
    FieldSpec("members", "팀원 수", "int", minimum=1, maximum=50, default=lambda ctx: 1),
    FieldSpec("idea", "아이디어", "text", max_length=200),
    FieldSpec("applied_on", "신청일", "date", required=True, default=_today),
    FieldSpec("status", "상태", "choice", choices=codes("team_statuses"), default=_first("team_statuses")),
    FieldSpec("decided_on", "결정일", "date", placeholder="선발ㆍ탈락을 정한 날"),
)


def check_team(values: dict[str, Any]) -> dict[str, str]:
    status, decided, applied = values.get("status"), values.get("decided_on"), values.get("applied_on")
    if status in ("선발", "탈락") and not decided:
        return {"결정일": f"{status}이면 결정일을 입력하세요"}
    if status == "신청" and decided:
        return {"결정일": "아직 신청 상태이면 결정일을 비우세요"}
    if decided and applied and decided < applied:
        return {"결정일": "결정일이 신청일보다 앞섭니다"}
    return {}
