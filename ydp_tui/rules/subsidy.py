"""Youth national-exam fee subsidy (청년 국가자격시험 응시료 지원): fields and screening.

Pure: no I/O, no ORM.  :func:`screen` is the rule CONTRACT.md (subsidy) defines, applied to a
list of applications of one program year; it is deterministic (the same list in any order gives
the same results) and fast enough for tens of thousands of applications.

The program's numbers (period, birth years, residence months, cap, budget, exam kinds) come in
a :class:`Program`, built from the ``subsidy_year`` table: code never holds a year's number.
"""

from __future__ import annotations

import datetime as dt
import re
from operator import itemgetter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ydp_tui.rules.fields import FieldSpec, ParseContext
from ydp_tui.rules.hangul import fold
from ydp_tui.rules.validation import Invalid, add_months, normalize_application_no

# --- reasons -------------------------------------------------------------------------------

REASONS: tuple[str, ...] = (
    "PERIOD", "AGE", "RESIDENCY", "EMPLOYED", "BUSINESS", "EXAM_TYPE", "EXAM_DATE", "DUPLICATE",
    "CAP_REACHED", "BUDGET_EXHAUSTED",
)

REASON_LABELS: dict[str, str] = {
    "PERIOD": "사업기간 밖 신청",
    "AGE": "출생연도 대상 아님",
    "RESIDENCY": "거주기간 부족",
    "EMPLOYED": "취업 중",
    "BUSINESS": "사업자등록 있음",
    "EXAM_TYPE": "지원 대상 시험 아님",
    "EXAM_DATE": "응시일 기준 밖",
    "DUPLICATE": "같은 시험 중복 신청",
    "CAP_REACHED": "1인 한도 소진",
    "BUDGET_EXHAUSTED": "예산 소진",
}

# Short forms for narrow list columns.
REASON_SHORT: dict[str, str] = {
    "PERIOD": "기간", "AGE": "연령", "RESIDENCY": "거주", "EMPLOYED": "취업", "BUSINESS": "사업자",
    "EXAM_TYPE": "시험종류", "EXAM_DATE": "응시일", "DUPLICATE": "중복", "CAP_REACHED": "한도",
    "BUDGET_EXHAUSTED": "예산소진",
}

EMPLOYMENT = ("미취업", "취업")
BUSINESS = ("없음", "있음")

# Application statuses, in the order they are passed through.
STATUSES = ("접수", "검토", "승인", "반려", "지급")
DECIDED = ("승인", "반려", "지급")
GRANTED = ("승인", "지급")


def reason_short(codes: Iterable[str]) -> str:
    return ",".join(REASON_SHORT.get(c, c) for c in codes)


def reason_text(codes: Iterable[str]) -> str:
    """Reason codes as people read them: ``거주기간 부족, 취업 중``."""
    return ", ".join(REASON_LABELS.get(c, c) for c in codes)


# --- the program year --------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    """One program year's rules (a ``subsidy_year`` row)."""

    year: int
    period_start: dt.date
    period_end: dt.date
    birth_year_from: int
    birth_year_to: int
    residence_months: int
    per_person_cap: int
    budget: int
    exam_kinds: tuple[str, ...]
    exam_from: dt.date

    def check(self) -> dict[str, str]:
        """Problems with the values themselves (errors by label)."""
        errors: dict[str, str] = {}
        if self.period_end < self.period_start:
            errors["사업 종료일"] = "끝나는 날이 시작하는 날보다 앞섭니다"
        elif self.period_start.year != self.year:
            errors["사업 시작일"] = f"{self.year}년 사업의 기간은 {self.year}년에 시작해야 합니다"
        if self.birth_year_to < self.birth_year_from:
            errors["생년 까지"] = "끝 연도가 시작 연도보다 앞섭니다"
        if not 0 <= self.residence_months <= 120:
            errors["거주 개월수"] = "0~120개월로 입력하세요"
        if self.per_person_cap <= 0:
            errors["1인 한도"] = "1원 이상이어야 합니다"
        if self.budget <= 0:
            errors["지원규모"] = "1원 이상이어야 합니다"
        if not self.exam_kinds:
            errors["시험구분"] = "지원할 시험구분을 하나 이상 입력하세요"
        return errors


# --- one application as screening sees it -------------------------------------------------


class Application(NamedTuple):
    """One application as screening sees it (a tuple: cheap to build by the ten thousand)."""

    application_no: str
    applied_on: dt.date
    name: str
    birth_date: dt.date
    moved_in: dt.date | None
    employed: bool
    business: bool
    exam_kind: str
    exam_name: str
    exam_date: dt.date
    fee: int


class Result(NamedTuple):
    application_no: str
    eligible: bool
    reasons: tuple[str, ...]
    amount: int

    def as_json(self) -> dict[str, Any]:
        """The object ``ydp-tui subsidy screen --format json`` prints (CONTRACT.md)."""
        return {"application_no": self.application_no, "eligible": self.eligible,
                "reasons": list(self.reasons), "amount": self.amount}


def person_key(name: str, birth_date: dt.date) -> tuple[str, dt.date]:
    """A person is 성명 + 생년월일 (names compared ignoring case and spaces: 김 민수 = 김민수)."""
    return "".join(name.lower().split()), birth_date


def exam_key(exam_name: str) -> str:
    return fold(exam_name)


# First come first served: 신청일, then 신청번호 (fields 1 and 0 of an Application).
order_key = itemgetter(1, 0)


def resident_since_enough(moved_in: dt.date | None, applied_on: dt.date, months: int) -> bool:
    """전입일 + N calendar months ≤ 신청일 (a day that does not exist: the month's last day)."""
    if moved_in is None:
        return False
    return add_months(moved_in, months) <= applied_on


def rule_reasons(program: Program, app: Application) -> list[str]:
    """The reasons that depend on the application alone (PERIOD … EXAM_DATE), in order."""
    reasons: list[str] = []
    if not program.period_start <= app.applied_on <= program.period_end:
        reasons.append("PERIOD")
    if not program.birth_year_from <= app.birth_date.year <= program.birth_year_to:
        reasons.append("AGE")
    if not resident_since_enough(app.moved_in, app.applied_on, program.residence_months):
        reasons.append("RESIDENCY")
    if app.employed:
        reasons.append("EMPLOYED")
    if app.business:
        reasons.append("BUSINESS")
    if app.exam_kind not in program.exam_kinds and " ".join(app.exam_kind.split()) not in program.exam_kinds:
        reasons.append("EXAM_TYPE")
    if not program.exam_from <= app.exam_date <= app.applied_on:
        reasons.append("EXAM_DATE")
    return reasons


def screen(program: Program, applications: Sequence[Application]) -> list[Result]:
    """Screen applications first come first served; results in that order.

    amount = min(응시료, cap − already granted to the person, budget left), where both count the
    applications before this one.  ``CAP_REACHED``/``BUDGET_EXHAUSTED`` only when no other
    reason applies.  Ineligible → amount 0.
    """
    ordered = sorted(applications, key=order_key)
    granted_to: dict[tuple[str, dt.date], int] = {}
    granted_exams: set[tuple[tuple[str, dt.date], str, dt.date]] = set()
    budget_left = program.budget
    cap = program.per_person_cap
    results: list[Result] = []
    for app in ordered:
        reasons = rule_reasons(program, app)
        person = ("".join(app.name.lower().split()), app.birth_date)        # = person_key()
        exam = (person, " ".join(app.exam_name.lower().split()), app.exam_date)  # same exam
        if exam in granted_exams:
            reasons.append("DUPLICATE")
        amount = 0
        if not reasons:
            room = cap - granted_to.get(person, 0)
            if room <= 0:
                reasons.append("CAP_REACHED")
            elif budget_left <= 0:
                reasons.append("BUDGET_EXHAUSTED")
            else:
                amount = min(app.fee, room, budget_left)
                granted_to[person] = granted_to.get(person, 0) + amount
                budget_left -= amount
                granted_exams.add(exam)
        results.append(Result(app.application_no, not reasons, tuple(reasons), amount))
    return results


@dataclass(frozen=True)
class Summary:
    """What the screening hands out in total, and who is near their cap."""

    applications: int
    eligible: int
    eligible_people: int
    eligible_amount: int
    budget: int
    budget_left: int
    by_reason: dict[str, int]
    person_totals: dict[tuple[str, dt.date], int]

    @property
    def exhausted(self) -> bool:
        return self.budget_left <= 0


def summarize(program: Program, applications: Sequence[Application], results: Sequence[Result]) -> Summary:
    by_no = {a.application_no: a for a in applications}
    totals: dict[tuple[str, dt.date], int] = {}
    by_reason = {code: 0 for code in REASONS}
    eligible = 0
    amount = 0
    for r in results:
        for code in r.reasons:
            by_reason[code] += 1
        if r.eligible:
            eligible += 1
            amount += r.amount
            a = by_no[r.application_no]
            key = person_key(a.name, a.birth_date)
            totals[key] = totals.get(key, 0) + r.amount
    return Summary(len(results), eligible, len(totals), amount, program.budget, program.budget - amount,
                   by_reason, totals)


def near_cap(program: Program, totals: dict[tuple[str, dt.date], int], percent: int) -> list[tuple[str, dt.date, int]]:
    """People whose screened total is at least ``percent``% of the cap: (name key, birth, total), most first."""
    threshold = program.per_person_cap * percent / 100
    rows = [(k[0], k[1], v) for k, v in totals.items() if v >= threshold]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


# --- review -------------------------------------------------------------------------------


def max_grant(fee: int, rule_amount: int, rule_eligible: bool, person_room: int, budget_room: int) -> int:
    """The most a reviewer may approve.

    An application the screening found eligible: its screening amount.  One the reviewer
    approves against the screening (overruling it, with a reason): its fee.  Either way never
    more than the person's cap and the budget still allow, counting only decisions already made
    (승인/지급), so the year can never pay out more than its budget or a person more than the cap.
    """
    ceiling = rule_amount if rule_eligible else fee
    return max(0, min(ceiling, person_room, budget_room))


# --- fields (form and spreadsheet) -----------------------------------------------------------

_ACCOUNT = re.compile(r"^[0-9][0-9\- ]*[0-9]$")


def normalize_account(raw: object) -> str:
    """A bank account number: digits with the hyphens given (``110-123-456789``), 9–16 digits."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise Invalid("계좌번호가 비어 있습니다")
    if not _ACCOUNT.match(text) or "--" in text.replace(" ", ""):
        raise Invalid(f"'{text}'은(는) 계좌번호가 아닙니다 (숫자와 - 만, 예: 110-123-456789)")
    text = "-".join(part for part in re.split(r"[\s-]+", text) if part)
    digits = sum(ch.isdigit() for ch in text)
    if not 9 <= digits <= 16:
        raise Invalid(f"'{text}'은(는) 계좌번호로 맞지 않습니다 (숫자 {digits}자리; 9~16자리)")
    return text


def _check_account(value: Any, ctx: ParseContext) -> None:
    normalize_account(value)


def _check_app_no(value: Any, ctx: ParseContext) -> None:
    normalize_application_no(value)


def _not_future(value: Any, ctx: ParseContext) -> None:
    if value is not None and value > ctx.today:
        raise Invalid(f"'{value.isoformat()}'은(는) 미래의 날짜입니다")


APPLICATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("application_no", "신청번호", "text", max_length=30, check=_check_app_no,
              placeholder="비우면 자동 부여", help="홈페이지 신청번호 (비우면 이 기기에서 새 번호를 붙입니다)"),
    FieldSpec("applied_on", "신청일", "date", required=True, check=_not_future, placeholder="2024-05-31"),
    FieldSpec("name", "성명", "name", required=True, max_length=50, placeholder="홍길동 / NGUYEN THI HOA"),
    FieldSpec("birth_date", "생년월일", "birth", required=True, placeholder="1995-03-15"),
    FieldSpec("phone", "휴대전화", "mobile", placeholder="010-1234-5678"),
    FieldSpec("moved_in", "전입일", "past_date", required=True, placeholder="2023-01-31",
              help="영등포구 전입일 (주민등록)"),
    FieldSpec("employment", "취업여부", "choice", required=True, choices=EMPLOYMENT),
    FieldSpec("business", "사업자등록여부", "choice", required=True, choices=BUSINESS),
    FieldSpec("exam_kind", "시험구분", "text", required=True, max_length=30,
              placeholder="국가기술자격", help="국가기술자격/국가전문자격/공인민간자격/어학시험/한국사능력검정시험"),
    FieldSpec("exam_name", "시험명", "text", required=True, max_length=60, placeholder="정보처리기사 필기"),
    FieldSpec("exam_date", "응시일", "date", required=True, placeholder="2024-03-09"),
    FieldSpec("fee", "응시료", "amount", required=True, minimum=1, maximum=5_000_000, placeholder="19,400"),
    FieldSpec("bank", "은행", "text", required=True, max_length=20, placeholder="국민은행"),
    FieldSpec("account_no", "계좌번호", "text", required=True, max_length=30, check=_check_account,
              placeholder="110-123-456789"),
    FieldSpec("holder", "예금주", "name", required=True, max_length=50, placeholder="본인 명의"),
)

FIELDS_BY_KEY = {f.key: f for f in APPLICATION_FIELDS}


def check_record(values: dict[str, Any]) -> dict[str, str]:
    """Rules across fields (errors by label); also normalises the account and number."""
    errors: dict[str, str] = {}
    if values.get("account_no"):
        values["account_no"] = normalize_account(values["account_no"])
    if values.get("application_no"):
        values["application_no"] = normalize_application_no(values["application_no"])
    if values.get("exam_kind"):
        values["exam_kind"] = " ".join(values["exam_kind"].split())
    birth, moved, applied = values.get("birth_date"), values.get("moved_in"), values.get("applied_on")
    if birth and moved and moved < birth:
        errors["전입일"] = "전입일이 생년월일보다 앞섭니다"
    exam = values.get("exam_date")
    if birth and exam and exam < birth:
        errors["응시일"] = "응시일이 생년월일보다 앞섭니다"
    if birth and applied and applied < birth:
        errors["신청일"] = "신청일이 생년월일보다 앞섭니다"
    return errors


def holder_differs(name: str | None, holder: str | None) -> bool:
    """예금주 is not the applicant (flagged for the reviewer)."""
    if not name or not holder:
        return False
    return fold(name).replace(" ", "") != fold(holder).replace(" ", "")


# --- program year fields (a supervisor's form and ``subsidy year set``) --------------------------


def _year_range(value: Any, ctx: ParseContext) -> None:
    if not 1900 <= value <= 2100:
        raise Invalid(f"{value}은(는) 연도로 맞지 않습니다")


YEAR_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("period_start", "사업 시작일", "date", required=True, placeholder="2025-05-01"),
    FieldSpec("period_end", "사업 종료일", "date", required=True, placeholder="2025-12-31"),
    FieldSpec("birth_year_from", "생년 부터", "int", required=True, check=_year_range, placeholder="1986"),
    FieldSpec("birth_year_to", "생년 까지", "int", required=True, check=_year_range, placeholder="2006"),
    FieldSpec("residence_months", "거주 개월수", "int", required=True, minimum=0, maximum=120, placeholder="1"),
    FieldSpec("per_person_cap", "1인 한도", "amount", required=True, minimum=1, maximum=10_000_000,
              placeholder="100,000"),
    FieldSpec("budget", "지원규모", "amount", required=True, minimum=1, maximum=10_000_000_000,
              placeholder="50,000,000"),
    FieldSpec("appropriation", "예산액", "amount", minimum=1, maximum=10_000_000_000, placeholder="비우면 지원규모",
              help="집행률의 분모 (비우면 지원규모와 같음)"),
    FieldSpec("exam_from", "응시일 기준", "date", required=True, placeholder="2025-01-01",
              help="이 날 이후 응시한 시험만 지원"),
    FieldSpec("exam_kinds", "시험구분", "list", required=True, max_length=30,
              placeholder="국가기술자격;국가전문자격;공인민간자격;어학시험;한국사능력검정시험"),
    FieldSpec("note", "비고", "text", max_length=300),
)


def program_from(year: int, values: dict[str, Any]) -> Program:
    kinds = values.get("exam_kinds") or ()
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(";") if k]
    return Program(
        year=year, period_start=values["period_start"], period_end=values["period_end"],
        birth_year_from=values["birth_year_from"], birth_year_to=values["birth_year_to"],
        residence_months=values["residence_months"], per_person_cap=values["per_person_cap"],
        budget=values["budget"], exam_kinds=tuple(" ".join(k.split()) for k in kinds),
        exam_from=values["exam_from"],
    )
