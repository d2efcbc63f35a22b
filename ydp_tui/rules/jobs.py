"""구인업체, 구인, 취업알선, 행사ㆍ교육: field specs (form, spreadsheet columns, service checks),
record-level rules and the referral pipeline.  Pure: no I/O.

Labels are the spreadsheet column names of CONTRACT.md (employers, vacancies, referrals).
"""

from __future__ import annotations

import re
from typing import Any

from ydp_tui import data
from ydp_tui.rules import keco
from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.seeker import OTHER_DONG, dong_choices
from ydp_tui.rules.validation import Invalid, format_number


def codes(kind: str) -> tuple[str, ...]:
    """A choice list of this area (``ydp_tui/data/jobs.json``)."""
    return tuple(data.load("jobs.json")[kind])


OPEN, CLOSED, FILLED = "모집중", "마감", "충원"
REFERRED, INTERVIEW, HIRED, FAILED, CANCELLED = "알선", "면접", "채용", "불합격", "취소"
ACTIVE = (REFERRED, INTERVIEW)          # a referral still in progress
FINAL = (HIRED, FAILED, CANCELLED)

# The pipeline: status -> statuses it may move to.  A hire may be cancelled (취소), which
# reverses it (the seeker's 취업, the vacancy's headcount).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    REFERRED: (INTERVIEW, HIRED, FAILED, CANCELLED),
    INTERVIEW: (HIRED, FAILED, CANCELLED),
    HIRED: (CANCELLED,),
    FAILED: (),
    CANCELLED: (),
}


def check_transition(current: str, new: str) -> None:
    if new not in TRANSITIONS.get(current, ()):
        allowed = TRANSITIONS.get(current, ())
        if not allowed:
            raise Invalid(f"'{current}' 상태의 알선은 더 바꿀 수 없습니다")
        raise Invalid(f"'{current}'에서 '{new}'(으)로 바꿀 수 없습니다 ({'/'.join(allowed)}만 가능)")


# --- checks on parsed values -------------------------------------------------------------


def _not_future(value: Any, ctx: ParseContext) -> None:
    if value is not None and value > ctx.today:
        raise Invalid(f"'{value.isoformat()}'은(는) 미래의 날짜입니다")


def _today(ctx: ParseContext) -> Any:
    return ctx.today


def _keco(value: str, ctx: ParseContext) -> None:
    keco.normalize_code(value, ctx.keco_names)


def _headcount(value: int, ctx: ParseContext) -> None:
    if value < 1:
        raise Invalid(f"구인인원은 1명 이상이어야 합니다 (지금 {value}명)")


def _positive_wage(value: int, ctx: ParseContext) -> None:
    if value <= 0:
        raise Invalid(f"임금은 0원보다 많아야 합니다 (지금 {format_number(value)}원)")


_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-_]{0,29}$")


def _record_no(value: str, ctx: ParseContext) -> None:
    if not _NUMBER.match(value):
        raise Invalid(f"'{value}'은(는) 번호로 쓸 수 없습니다 (영문ㆍ숫자ㆍ'-', 30자 이내)")


_CAREER = re.compile(r"^\s*(신입|경력|무관)\s*(?:\(?\s*(\d{1,3})\s*(개월|년)\s*(?:이상)?\s*\)?)?\s*$")


def parse_career(raw: object) -> tuple[str, int | None]:
    """경력 cell: ``신입``, ``무관``, ``경력``, ``경력(24개월)``, ``경력 2년`` → (kind, months)."""
    m = _CAREER.match(str(raw))
    if not m:
        raise Invalid(f"'{raw}'은(는) 경력 조건이 아닙니다 (신입/경력/무관, 예: 경력(24개월))")
    kind, n, unit = m[1], m[2], m[3]
    months = None if n is None else int(n) * (12 if unit == "년" else 1)
    if months is not None and kind != "경력":
        raise Invalid(f"'{raw}': 기간은 경력일 때만 씁니다 (예: 경력(24개월))")
    if months is not None and months > 600:
        raise Invalid(f"경력 {months}개월은 맞지 않습니다 (600개월 이내)")
    return kind, months


def format_career(kind: str | None, months: int | None) -> str:
    if not kind:
        return ""
    return f"{kind}({months}개월)" if kind == "경력" and months else kind


def _career(value: str, ctx: ParseContext) -> None:
    parse_career(value)


# --- 구인업체 ---------------------------------------------------------------------------------

EMPLOYER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("brn", "사업자등록번호", "brn", required=True, placeholder="예: 123-45-67890"),
    FieldSpec("name", "업체명", "text", required=True, max_length=100, placeholder="예: (주)한강푸드"),
    FieldSpec("representative", "대표자", "text", max_length=50),
    FieldSpec("phone", "전화", "phone", placeholder="예: 02-2670-1234"),
    FieldSpec("dong", "행정동", "choice", choices=dong_choices()),
    FieldSpec("address", "주소", "text", max_length=200, placeholder="행정동이 기타이면 꼭 입력"),
    FieldSpec("industry", "업종", "text", max_length=50, placeholder="예: 음식점업, 사회복지 서비스업"),
    FieldSpec("size", "규모", "choice", choices=codes("employer_size")),
    FieldSpec("social", "상생기업", "yesno", help="상생기업ㆍ사회적경제기업"),
    FieldSpec("registered_on", "등록일", "date", required=True, default=_today, check=_not_future),
)
# Not a spreadsheet column (CONTRACT.md lists the columns): kept in the form only.
EMPLOYER_FORM_EXTRA: tuple[FieldSpec, ...] = (
    FieldSpec("welcome_groups", "우대대상", "multi", choices=tuple(data.code_list("target_group"))),
)
EMPLOYER_FORM = EMPLOYER_FIELDS + EMPLOYER_FORM_EXTRA


def check_employer(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("dong") == OTHER_DONG and not values.get("address"):
        errors["주소"] = "행정동이 기타이면 주소를 입력해야 합니다"
    return errors


VISIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("visited_on", "방문일", "past_date", required=True, default=_today),
    FieldSpec("visitor", "방문자", "text", required=True, max_length=50),
    FieldSpec("outcome", "결과", "choice", required=True, choices=codes("visit_outcome")),
    FieldSpec("note", "내용", "longtext", max_length=1000, placeholder="만난 사람, 구인 계획 등"),
)


# --- 구인 -----------------------------------------------------------------------------------

VACANCY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("vacancy_no", "구인번호", "text", max_length=30, check=_record_no,
              placeholder="비우면 새 번호 (워크넷 번호도 가능)"),
    FieldSpec("brn", "사업자등록번호", "brn", required=True, placeholder="구인업체의 번호, 예: 123-45-67890"),
    FieldSpec("title", "제목", "text", required=True, max_length=100, placeholder="예: 주방 보조 (주 5일)"),
    FieldSpec("keco", "직종코드", "text", required=True, max_length=4, check=_keco,
              placeholder="KECO 2~4자리, 예: 53"),
    FieldSpec("headcount", "구인인원", "int", required=True, maximum=999, check=_headcount, placeholder="명"),
    FieldSpec("wage_type", "임금형태", "choice", choices=codes("wage_type")),
    FieldSpec("wage", "임금", "amount", minimum=-10**12, maximum=10**10, check=_positive_wage,
              placeholder="원, 예: 10,000 (시급)"),
    FieldSpec("weekly_hours", "주당근로시간", "int", minimum=1, maximum=68, placeholder="시간, 예: 40"),
    FieldSpec("employment_type", "고용형태", "choice", choices=codes("employment_type")),
    FieldSpec("dong", "행정동", "choice", choices=dong_choices(), placeholder="근무지 (비우면 업체 행정동)"),
    FieldSpec("education", "학력", "choice", choices=codes("education_required"), placeholder="요구 학력 (이상)"),
    FieldSpec("career", "경력", "text", max_length=20, check=_career, placeholder="신입, 경력(24개월), 무관"),
    FieldSpec("certificates", "자격증", "list", max_length=50, placeholder="요구 자격증, ; 로 구분"),
    FieldSpec("deadline", "마감일", "date", placeholder="비우면 채용시까지"),
    FieldSpec("registered_on", "등록일", "date", required=True, default=_today, check=_not_future),
    FieldSpec("status", "상태", "choice", choices=codes("vacancy_status"), default=lambda ctx: OPEN),
)
VACANCY_FORM_EXTRA: tuple[FieldSpec, ...] = (
    FieldSpec("address", "근무지 주소", "text", max_length=200),
)
VACANCY_FORM = VACANCY_FIELDS + VACANCY_FORM_EXTRA


def check_vacancy(values: dict[str, Any], *, min_hourly: int | None = None) -> dict[str, str]:
    """Rules across fields; splits 경력 into (career, career_months). Returns errors by label."""
    errors: dict[str, str] = {}
    wage_type, wage = values.get("wage_type"), values.get("wage")
    if wage is not None and not wage_type:
        errors["임금형태"] = "임금을 쓰면 임금형태(시급/일급/월급/연봉)도 입력해야 합니다"
    if wage_type and wage is None and "wage" in values:
        errors["임금"] = f"임금형태가 {wage_type}이면 금액을 입력해야 합니다"
    if wage_type == "시급" and wage is not None and wage > 0 and min_hourly and wage < min_hourly:
        errors["임금"] = f"시급 {format_number(wage)}원은 최저임금 {format_number(min_hourly)}원보다 적습니다"
    deadline, registered = values.get("deadline"), values.get("registered_on")
    if deadline and registered and deadline < registered:
        errors["마감일"] = f"마감일 {deadline.isoformat()}이(가) 등록일 {registered.isoformat()}보다 앞섭니다"
    raw_career = values.get("career")
    if raw_career:
        try:
            values["career"], values["career_months"] = parse_career(raw_career)
        except Invalid as exc:
            errors["경력"] = str(exc)
    elif "career" in values:
        values["career_months"] = None
    if values.get("education") == "무관":
        values["education"] = None
    return errors


# --- 취업알선 ---------------------------------------------------------------------------------

REFERRAL_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("referral_no", "알선번호", "text", required=True, max_length=30, check=_record_no),
    FieldSpec("name", "성명", "name", required=True, max_length=50),
    FieldSpec("birth_date", "생년월일", "birth", required=True),
    FieldSpec("vacancy_no", "구인번호", "text", required=True, max_length=30, check=_record_no),
    FieldSpec("referred_on", "알선일", "past_date", required=True),
    FieldSpec("status", "상태", "choice", choices=codes("referral_status"), default=lambda ctx: REFERRED),
    FieldSpec("hired_on", "채용일", "past_date"),
)


def check_referral(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    status, hired, referred = values.get("status"), values.get("hired_on"), values.get("referred_on")
    if status == HIRED and hired is None:
        errors["채용일"] = "상태가 채용이면 채용일을 입력해야 합니다"
    if status != HIRED and hired is not None and "status" in values:
        errors["채용일"] = f"채용일은 상태가 채용일 때만 씁니다 (지금 {status})"
    if hired and referred and hired < referred:
        errors["채용일"] = f"채용일 {hired.isoformat()}이(가) 알선일 {referred.isoformat()}보다 앞섭니다"
    return errors


INTERVIEW_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("on", "면접일", "date", required=True, default=_today, placeholder="예정일도 됩니다"),
    FieldSpec("note", "메모", "text", max_length=200),
)
HIRE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("on", "채용일", "past_date", required=True, default=_today),
    FieldSpec("start_on", "근무시작일", "date", placeholder="비우면 채용일"),
    FieldSpec("wage_type", "임금형태", "choice", choices=codes("wage_type")),
    FieldSpec("wage", "임금", "amount", minimum=-10**12, maximum=10**10, check=_positive_wage, placeholder="원"),
    FieldSpec("note", "메모", "text", max_length=200),
)
CLOSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("on", "날짜", "past_date", required=True, default=_today),
    FieldSpec("note", "사유", "text", max_length=200),
)


def check_hire(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("wage") is not None and not values.get("wage_type"):
        errors["임금형태"] = "임금을 쓰면 임금형태도 입력해야 합니다"
    start, hired = values.get("start_on"), values.get("on")
    if start and hired and start < hired:
        errors["근무시작일"] = f"근무시작일 {start.isoformat()}이(가) 채용일 {hired.isoformat()}보다 앞섭니다"
    return errors


# --- 행사ㆍ취업교육 ----------------------------------------------------------------------------

EVENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "구분", "choice", required=True, choices=codes("event_kind")),
    FieldSpec("title", "행사명", "text", required=True, max_length=100, placeholder="예: 6월 구인ㆍ구직 만남의 날"),
    FieldSpec("held_on", "일자", "date", required=True, default=_today),
    FieldSpec("place", "장소", "text", max_length=100, placeholder="예: 일자리플러스센터"),
    FieldSpec("note", "메모", "longtext", max_length=1000),
)

COURSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "과정명", "text", required=True, max_length=100),
    FieldSpec("starts_on", "시작일", "date", required=True),
    FieldSpec("ends_on", "종료일", "date", required=True),
    FieldSpec("place", "장소", "text", max_length=100),
    FieldSpec("capacity", "정원", "int", minimum=1, maximum=1000, placeholder="명"),
    FieldSpec("note", "메모", "longtext", max_length=1000),
)


def check_course(values: dict[str, Any]) -> dict[str, str]:
    start, end = values.get("starts_on"), values.get("ends_on")
    if start and end and end < start:
        return {"종료일": f"종료일 {end.isoformat()}이(가) 시작일 {start.isoformat()}보다 앞섭니다"}
    return {}


ENROL_DONE, ENROL_ACTIVE, ENROL_DROPPED = "수료", "수강", "중도포기"
