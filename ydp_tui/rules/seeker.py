"""Job-seeker (구직자) fields and record-level rules."""

from __future__ import annotations

import re
from typing import Any

from ydp_tui import data
from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.validation import Invalid

OTHER_DONG = "기타"


def dong_choices() -> tuple[str, ...]:
    return (*data.dongs(), OTHER_DONG)


_WORK_TYPE = re.compile(r"^\s*(전일제|시간제|무관)\s*(?:\(\s*주\s*(\d{1,2})\s*시간\s*\))?\s*$")


def parse_work_type(raw: object) -> tuple[str, int | None]:
    """근무형태 cell: ``시간제`` or ``시간제(주 20시간)`` → (type, hours per week)."""
    m = _WORK_TYPE.match(str(raw))
    if not m:
        raise Invalid(f"'{raw}'은(는) 근무형태가 아닙니다 (전일제/시간제/무관, 예: 시간제(주 20시간))")
    hours = int(m[2]) if m[2] else None
    if hours is not None and not 1 <= hours <= 68:
        raise Invalid(f"주 {hours}시간은 근무시간으로 맞지 않습니다 (1~68시간)")
    return m[1], hours


def format_work_type(work_type: str | None, hours: int | None) -> str:
    if not work_type:
        return ""
    return f"{work_type}(주 {hours}시간)" if hours else work_type


def _not_future(value: Any, ctx: ParseContext) -> None:
    if value is not None and value > ctx.today:
        raise Invalid(f"'{value.isoformat()}'은(는) 미래의 날짜입니다")


def _check_work_type(value: str) -> None:
    parse_work_type(value)


def _today(ctx: ParseContext) -> Any:
    return ctx.today


SEEKER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "성명", "name", required=True, max_length=50, placeholder="예: 홍길동, NGUYEN THI HOA"),
    FieldSpec("birth_date", "생년월일", "birth", required=True, placeholder="예: 1990-01-31, 19900131"),
    FieldSpec("gender", "성별", "choice", choices=tuple(data.code_list("gender"))),
    FieldSpec("phone", "휴대전화", "mobile", required=True, placeholder="예: 010-1234-5678"),
    FieldSpec("dong", "행정동", "choice", choices=dong_choices()),
    FieldSpec("address", "주소", "text", max_length=200, placeholder="행정동이 기타이면 꼭 입력"),
    FieldSpec("moved_in", "전입일", "past_date", placeholder="영등포구 전입일, 예: 2020-03-02"),
    FieldSpec("education", "최종학력", "choice", choices=tuple(data.code_list("education"))),
    FieldSpec("career_years", "경력년수", "int", minimum=0, maximum=60, placeholder="년, 예: 3"),
    FieldSpec("desired_jobs", "희망직종", "codes", placeholder="KECO 직종코드, 예: 53;5601"),
    FieldSpec("desired_wage", "희망임금", "amount", minimum=0, maximum=100_000_000, placeholder="월, 원 단위, 예: 2500000"),
    FieldSpec("work_type", "근무형태", "text", max_length=30, placeholder="전일제, 시간제(주 20시간), 무관",
              check=lambda value, ctx: _check_work_type(value)),
    FieldSpec("certificates", "자격증", "list", max_length=50, placeholder="여러 개는 ; 예: 요양보호사;지게차운전기능사"),
    FieldSpec("target_groups", "대상구분", "multi", choices=tuple(data.code_list("target_group"))),
    FieldSpec("registered_on", "등록일", "date", required=True, default=_today, check=_not_future),
    FieldSpec("consent_date", "동의일", "date", required=True, check=_not_future),
    FieldSpec("status", "상태", "choice", choices=tuple(data.code_list("seeker_status")),
              default=lambda ctx: "구직중"),
)

FIELDS_BY_KEY = {f.key: f for f in SEEKER_FIELDS}


def check_record(values: dict[str, Any]) -> dict[str, str]:
    """Rules across fields; returns errors by label."""
    errors: dict[str, str] = {}
    if values.get("dong") == OTHER_DONG and not values.get("address"):
        errors["주소"] = "행정동이 기타이면 주소를 입력해야 합니다"
    birth, moved = values.get("birth_date"), values.get("moved_in")
    if birth and moved and moved < birth:
        errors["전입일"] = "전입일이 생년월일보다 앞섭니다"
    consent, registered = values.get("consent_date"), values.get("registered_on")
    if consent and registered and consent > registered:
        errors["동의일"] = "동의는 등록 전에 받아야 합니다 (동의일이 등록일보다 늦습니다)"
    raw_work = values.get("work_type")
    if raw_work:
        try:
            values["work_type"], values["desired_hours"] = parse_work_type(raw_work)
        except Invalid as exc:
            errors["근무형태"] = str(exc)
    elif "work_type" in values:
        values["desired_hours"] = None
    return errors


CONSENT_VERSION = "2024-1"

CONSENT_NOTICE = (
    "개인정보 수집ㆍ이용 동의 (개인정보 보호법 제15조)\n"
    "- 목적: 구직 등록, 취업알선ㆍ상담, 일자리 사업 안내와 통계\n"
    "- 항목: 성명, 생년월일, 성별, 휴대전화, 주소(행정동), 전입일, 학력, 경력, 희망직종ㆍ임금ㆍ근무형태, "
    "자격증, 대상구분 (주민등록번호는 받지 않습니다)\n"
    "- 보유기간: 등록일로부터 {years}년, 이후 지체 없이 파기\n"
    "- 동의를 거부할 권리가 있으며, 거부하면 구직 등록과 취업알선을 받을 수 없습니다"
)
