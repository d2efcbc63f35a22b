"""Field rules of employers, vacancies and referrals: 사업자등록번호 check digit, bad input, the
referral pipeline (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from ydp_tui import data
from ydp_tui.rules import jobs as rules
from ydp_tui.rules.fields import ParseContext, parse_record
from ydp_tui.rules.validation import Invalid, brn_check_ok, normalize_brn

CTX = ParseContext(today=dt.date(2024, 5, 31), keco_names=data.keco_names())


@pytest.mark.parametrize("brn", ["124-81-00998", "220-81-62517", "1248100998", "124 81 00998"])
def test_brn_with_a_valid_check_digit(brn: str) -> None:
    assert normalize_brn(brn) == ("124-81-00998" if brn.startswith("124") else "220-81-62517")


@pytest.mark.parametrize("brn, message", [
    ("124-81-00999", "검증번호가 맞지 않습니다"),
    ("220-81-62510", "검증번호가 맞지 않습니다"),
    ("124-81-0099", "10자리 사업자등록번호가 아닙니다"),
    ("124-81-009981", "10자리 사업자등록번호가 아닙니다"),
    ("12A-81-00998", "10자리 사업자등록번호가 아닙니다"),
])
def test_brn_refused(brn: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        normalize_brn(brn)


def test_brn_check_digit_uses_the_ninth_digit_times_five() -> None:
    # 9th digit 9: 9 x 5 = 45 adds 45 and its tens (4); a mistaken sum without the tens fails
    assert brn_check_ok("1248100998")
    assert not brn_check_ok("1248100992")


def vacancy_raw(**over: object) -> dict[str, object]:
    raw: dict[str, object] = {"vacancy_no": "V-1", "brn": "124-81-00998", "title": "주방 보조", "keco": "53",
                              "headcount": "1", "wage_type": "시급", "wage": "10,000", "weekly_hours": "40",
                              "registered_on": "2024-05-01", "deadline": "2024-06-30"}
    raw.update(over)
    return raw


def parse_vacancy(**over: object) -> tuple[dict, dict]:
    values, errors = parse_record(rules.VACANCY_FIELDS, vacancy_raw(**over), CTX)
    if not errors:
        errors.update(rules.check_vacancy(values, min_hourly=9_860))
    return values, errors


def test_a_valid_vacancy_and_its_defaults() -> None:
    values, errors = parse_vacancy(career="경력 2년", education="무관")
    assert errors == {}
    assert (values["status"], values["career"], values["career_months"], values["education"]) == ("모집중", "경력", 24, None)


@pytest.mark.parametrize("over, label, message", [
    ({"wage": "0"}, "임금", "임금은 0원보다 많아야 합니다 (지금 0원)"),
    ({"wage": "-5,000"}, "임금", "임금은 0원보다 많아야 합니다 (지금 -5,000원)"),
    ({"headcount": "0"}, "구인인원", "구인인원은 1명 이상이어야 합니다 (지금 0명)"),
    ({"deadline": "2024-04-30"}, "마감일", "마감일 2024-04-30이(가) 등록일 2024-05-01보다 앞섭니다"),
    ({"keco": "99"}, "직종코드", "'99'은(는) 없는 직종코드입니다 (중분류 99 없음)"),
    ({"wage": "9,859"}, "임금", "시급 9,859원은 최저임금 9,860원보다 적습니다"),
    ({"wage_type": ""}, "임금형태", "임금을 쓰면 임금형태(시급/일급/월급/연봉)도 입력해야 합니다"),
    ({"career": "경력 많음"}, "경력", "'경력 많음'은(는) 경력 조건이 아닙니다 (신입/경력/무관, 예: 경력(24개월))"),
    ({"career": "신입(12개월)"}, "경력", "기간은 경력일 때만 씁니다"),
    ({"brn": "124-81-00999"}, "사업자등록번호", "검증번호가 맞지 않습니다"),
    ({"registered_on": "2024-06-01"}, "등록일", "미래의 날짜입니다"),
    ({"vacancy_no": "구인 1"}, "구인번호", "번호로 쓸 수 없습니다"),
])
def test_bad_vacancy_input_names_the_field(over: dict, label: str, message: str) -> None:
    _, errors = parse_vacancy(**over)
    assert label in errors and message in errors[label], errors


def test_the_exact_minimum_wage_is_accepted() -> None:
    assert parse_vacancy(wage="9,860")[1] == {}


def test_career_cells() -> None:
    assert rules.parse_career("경력(24개월)") == ("경력", 24)
    assert rules.parse_career(" 경력 3년 이상 ") == ("경력", 36)
    assert rules.parse_career("신입") == ("신입", None)
    assert rules.format_career("경력", 24) == "경력(24개월)"
    assert rules.format_career("무관", None) == "무관"


def test_employer_other_dong_needs_an_address() -> None:
    values, errors = parse_record(rules.EMPLOYER_FIELDS, {"brn": "124-81-00998", "name": "한강푸드", "dong": "기타"}, CTX)
    assert errors == {}
    assert rules.check_employer(values) == {"주소": "행정동이 기타이면 주소를 입력해야 합니다"}


def test_referral_rows() -> None:
    base = {"referral_no": "A-1", "name": "김민수", "birth_date": "1990-03-15", "vacancy_no": "V-1",
            "referred_on": "2024-05-02"}

    def check(**over: object) -> dict[str, str]:
        values, errors = parse_record(rules.REFERRAL_FIELDS, {**base, **over}, CTX)
        return errors or rules.check_referral(values)

    assert check() == {} and check(status="채용", hired_on="2024-05-20") == {}
    assert check(status="채용") == {"채용일": "상태가 채용이면 채용일을 입력해야 합니다"}
    assert check(status="면접", hired_on="2024-05-20") == {"채용일": "채용일은 상태가 채용일 때만 씁니다 (지금 면접)"}
    assert check(status="채용", hired_on="2024-05-01") == {
        "채용일": "채용일 2024-05-01이(가) 알선일 2024-05-02보다 앞섭니다"}
    assert "상태" in check(status="합격")


def test_pipeline_transitions() -> None:
    rules.check_transition("알선", "면접")
    rules.check_transition("면접", "채용")
    rules.check_transition("채용", "취소")
    with pytest.raises(Invalid, match="'채용'에서 '불합격'"):
        rules.check_transition("채용", "불합격")
    with pytest.raises(Invalid, match="더 바꿀 수 없습니다"):
        rules.check_transition("불합격", "채용")
    with pytest.raises(Invalid, match="더 바꿀 수 없습니다"):
        rules.check_transition("취소", "알선")


def test_hire_fields() -> None:
    values, errors = parse_record(rules.HIRE_FIELDS, {"on": "2024-05-20", "start_on": "2024-05-19"}, CTX)
    assert errors == {}
    assert rules.check_hire(values) == {"근무시작일": "근무시작일 2024-05-19이(가) 채용일 2024-05-20보다 앞섭니다"}
    assert "채용일" in parse_record(rules.HIRE_FIELDS, {"on": "2024-06-01"}, CTX)[1]   # a hire is not in the future
