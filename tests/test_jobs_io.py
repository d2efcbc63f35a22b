"""Import/export of employers, vacancies and referrals (CONTRACT.md columns): all-or-nothing,
every bad row listed, identical rows skipped, differing rows refused, export → import round-trips."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.jobs_helpers import BRN, BRN2, employer, read_csv, seeker, vacancy, write_csv
from ydp_tui.db import referrals, seekers, vacancies
from ydp_tui.db.errors import ImportRefused
from ydp_tui.db.models import AuditEntry, Employer, Referral, Vacancy
from ydp_tui.io import KINDS
from ydp_tui.io import employers as io_employers
from ydp_tui.io import referrals as io_referrals
from ydp_tui.io import vacancies as io_vacancies


def count(db, model) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_kinds_and_columns_are_the_contract() -> None:
    assert {"employers", "vacancies", "referrals"} <= set(KINDS)
    assert io_employers.COLUMNS == ["사업자등록번호", "업체명", "대표자", "전화", "행정동", "주소", "업종", "규모", "상생기업", "등록일"]
    assert io_vacancies.COLUMNS == ["구인번호", "사업자등록번호", "제목", "직종코드", "구인인원", "임금형태", "임금", "주당근로시간",
                                    "고용형태", "행정동", "학력", "경력", "자격증", "마감일", "등록일", "상태"]
    assert io_referrals.COLUMNS == ["알선번호", "성명", "생년월일", "구인번호", "알선일", "상태", "채용일"]


EMPLOYERS = [
    {"사업자등록번호": "1248100998", "업체명": "(주)한강푸드", "대표자": "박대표", "전화": "0226701234", "행정동": "문래동",
     "업종": "음식점업", "규모": "5~29인", "상생기업": "Y", "등록일": "2024.1.5"},
    {"사업자등록번호": "220-81-62517", "업체명": "여의요양원", "행정동": "여의동", "상생기업": "아니오", "등록일": "20240110"},
]


def test_employers_import_export_round_trip(db, tmp_path) -> None:
    sheet = write_csv(tmp_path / "업체.csv", io_employers.COLUMNS, EMPLOYERS, encoding="cp949")
    result = io_employers.import_file(db, sheet)
    assert (result.created, result.skipped) == (2, 0)
    with db.session() as s:
        e = s.execute(select(Employer).where(Employer.brn == BRN)).scalar_one()
    assert (e.name, e.phone, e.social, str(e.registered_on)) == ("(주)한강푸드", "02-2670-1234", True, "2024-01-05")
    again = io_employers.import_file(db, sheet)
    assert (again.created, again.skipped) == (0, 2)
    out = tmp_path / "out.xlsx"
    assert io_employers.export_file(db, out) == 2
    back = tmp_path / "back.csv"
    io_employers.export_file(db, back)
    assert read_csv(back)[0]["상생기업"] == "Y"
    assert io_employers.import_file(db, out).skipped == 2


def test_employers_import_refused_lists_every_bad_row(db, tmp_path) -> None:
    employer(db)
    rows = [
        {**EMPLOYERS[0], "업종": "한식"},                                   # differs from the stored one
        {"사업자등록번호": "124-81-00999", "업체명": "검증번호 틀림"},
        {"사업자등록번호": "220-81-62517", "업체명": ""},
        {"사업자등록번호": "220-81-62517", "업체명": "기타 동", "행정동": "기타"},
    ]
    with pytest.raises(ImportRefused) as err:
        io_employers.import_file(db, write_csv(tmp_path / "bad.csv", io_employers.COLUMNS, rows))
    assert err.value.problems == [
        "행 2: 이미 있는 구인업체(사업자등록번호 124-81-00998)와(과) 다릅니다: 업종, 상생기업 "
        "(가져오기는 기존 기록을 덮어쓰지 않습니다)",
        "행 3: 사업자등록번호 '124-81-00999'의 검증번호가 맞지 않습니다 (사업자등록번호를 다시 확인하세요)",
        "행 4: 업체명 값이 비어 있습니다 (필수 항목)",
        "행 5: 주소 행정동이 기타이면 주소를 입력해야 합니다",
    ]
    assert count(db, Employer) == 1


def vacancy_row(**over) -> dict:
    row = {"구인번호": "K-0001", "사업자등록번호": BRN, "제목": "주방 보조", "직종코드": "5301", "구인인원": "2",
           "임금형태": "시급", "임금": "10,000", "주당근로시간": "40", "고용형태": "기간의 정함 없음", "행정동": "",
           "학력": "무관", "경력": "경력(12개월)", "자격증": "조리기능사", "마감일": "2024-06-30", "등록일": "2024-05-01",
           "상태": ""}
    row.update(over)
    return row


def test_vacancies_import_export_round_trip(db, tmp_path) -> None:
    employer(db)
    sheet = write_csv(tmp_path / "구인.csv", io_vacancies.COLUMNS,
                      [vacancy_row(), vacancy_row(**{"구인번호": "K-0002", "경력": "신입", "마감일": "", "상태": "마감"})])
    assert io_vacancies.import_file(db, sheet).created == 2
    v = vacancies.get(db, vacancies.find_id(db, "K-0001")).vacancy
    assert (v.status, v.career, v.career_months, v.education, v.certificates, v.headcount) == (
        "모집중", "경력", 12, None, "조리기능사", 2)
    out = tmp_path / "out.csv"
    assert io_vacancies.export_file(db, out) == 2
    exported = read_csv(out)
    assert exported[0]["경력"] == "경력(12개월)" and exported[1]["마감일"] == "" and exported[1]["상태"] == "마감"
    assert io_vacancies.import_file(db, out).skipped == 2


@pytest.mark.parametrize("over, message", [
    ({"임금": "0"}, "행 2: 임금 임금은 0원보다 많아야 합니다 (지금 0원)"),
    ({"임금": "-10000"}, "행 2: 임금 임금은 0원보다 많아야 합니다 (지금 -10,000원)"),
    ({"구인인원": "0"}, "행 2: 구인인원 구인인원은 1명 이상이어야 합니다 (지금 0명)"),
    ({"마감일": "2024-04-01"}, "행 2: 마감일 마감일 2024-04-01이(가) 등록일 2024-05-01보다 앞섭니다"),
    ({"사업자등록번호": "124-81-00990"}, "행 2: 사업자등록번호 '124-81-00990'의 검증번호가 맞지 않습니다 "
                                  "(사업자등록번호를 다시 확인하세요)"),
    ({"사업자등록번호": BRN2}, f"행 2: 사업자등록번호 '{BRN2}'인 구인업체가 없습니다 (먼저 employers를 가져오세요)"),
])
def test_bad_vacancy_rows_write_nothing(db, tmp_path, over, message) -> None:
    employer(db)
    sheet = write_csv(tmp_path / "bad.csv", io_vacancies.COLUMNS,
                      [vacancy_row(**over), vacancy_row(**{"구인번호": "K-0002"})])
    with pytest.raises(ImportRefused) as err:
        io_vacancies.import_file(db, sheet)
    assert err.value.problems == [message]
    assert count(db, Vacancy) == 0


def test_referrals_import_applies_hires_and_round_trips(db, tmp_path) -> None:
    employer(db)
    v = vacancy(db, vacancy_no="K-0001", headcount="1")
    s = seeker(db)
    other = seeker(db, name="NGUYEN THI HOA", birth_date="1995-11-20", phone="010-3456-7890")
    rows = [
        {"알선번호": "A-0001", "성명": "김민수", "생년월일": "1990-03-15", "구인번호": "K-0001", "알선일": "2024-05-02",
         "상태": "채용", "채용일": "2024-05-10"},
        {"알선번호": "A-0002", "성명": "nguyen thi hoa", "생년월일": "19951120", "구인번호": "K-0001",
         "알선일": "2024.5.3", "상태": "불합격", "채용일": ""},
    ]
    sheet = write_csv(tmp_path / "알선.csv", io_referrals.COLUMNS, rows)
    assert io_referrals.import_file(db, sheet).created == 2
    assert seekers.get(db, s.id).status == "취업"
    assert vacancies.get(db, v.id).vacancy.status == "충원"
    page = referrals.search(db, seeker_id=other.id)
    assert [(r.referral_no, r.status) for r in page.rows] == [("A-0002", "불합격")]
    assert [x.action for x in referrals.detail(db, page.rows[0].id).steps] == ["가져오기"]
    out = tmp_path / "out.csv"
    assert io_referrals.export_file(db, out) == 2
    assert read_csv(out)[1]["성명"] == "NGUYEN THI HOA"
    assert io_referrals.import_file(db, out).skipped == 2
    with db.session() as session:
        actions = [a.action for a in session.execute(select(AuditEntry).where(AuditEntry.entity == "referral")).scalars()]
    assert actions.count("import") == 2 and actions.count("export") == 1


def test_referrals_import_refused(db, tmp_path) -> None:
    employer(db)
    vacancy(db, vacancy_no="K-0001", headcount="1")
    seeker(db)
    seeker(db, name="이영희", birth_date="1970-01-01", phone="010-2222-3333")
    base = {"성명": "김민수", "생년월일": "1990-03-15", "구인번호": "K-0001", "알선일": "2024-05-02"}
    rows = [
        {**base, "알선번호": "A-1", "상태": "채용", "채용일": "2024-05-10"},
        {**base, "알선번호": "A-2", "성명": "없는사람"},
        {**base, "알선번호": "A-3", "구인번호": "K-9999"},
        {**base, "알선번호": "A-4", "상태": "채용"},
        {**base, "알선번호": "A-5", "성명": "이영희", "생년월일": "1970-01-01", "상태": "채용", "채용일": "2024-05-11"},
        {**base, "알선번호": "A-1", "알선일": "2024-05-03", "상태": "채용", "채용일": "2024-05-10"},
        {**base, "알선번호": "A-6", "알선일": "2024-04-30"},
    ]
    with pytest.raises(ImportRefused) as err:
        io_referrals.import_file(db, write_csv(tmp_path / "bad.csv", io_referrals.COLUMNS, rows))
    assert err.value.problems == [
        "행 3: 성명 '없는사람'(1990-03-15)인 구직자가 없습니다 (먼저 seekers를 가져오거나 등록하세요)",
        "행 4: 구인번호 'K-9999'인 구인이 없습니다 (먼저 vacancies를 가져오세요)",
        "행 5: 채용일 상태가 채용이면 채용일을 입력해야 합니다",
        "행 6: 상태 구인 K-0001의 구인인원 1명보다 채용이 많습니다",
        "행 7: 행 2과(와) 취업알선 A-1이(가) 같은데 내용이 다릅니다: 알선일",
        "행 8: 알선일 구인 등록일 2024-05-01보다 앞섭니다",
    ]
    assert count(db, Referral) == 0
