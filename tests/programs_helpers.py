"""A small, hand-worked set of programs, enterprises and spaces (the clock is 2024-05-31).

소셜벤처 창업아카데미 (실인원, 이수 75%): sessions 03-05, 03-12, 03-19 (cancelled), 05-31, 06-07 (planned)
  present  03-05: 가 나 다 마 | 03-12: 가 나 라 | 05-31: 가 라        (마 later 중도포기; 라 a seeker)
청년 강사양성 (회차별): 02-06 four present, 02-20 three present
온라인 수강권 (참여자): 3 enrolled 01-15, 04-02, 05-31
창업아이디어 경진대회: 선발 05-20 (2, 3, 1 members), 탈락 05-20, 신청
영원협동조합: 재정지원 02-01 6,500,000 (2명), 05-31 3,000,000 (1명); 공공구매 2,600,000,000 on 05-31
행복마을기업: 재정지원 2023-12-28 1,000,000 (outside 2024); 공공구매 05-30 100,000,000
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import seeker_values
from ydp_tui.db import enterprises, programs, seekers


def program(**over: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"name": "소셜벤처 창업아카데미", "year": "2024", "team": "상생기업팀",
                              "budget_unit": "지역기반 상생기업 활성화", "kind": "교육"}
    values.update(over)
    return values


def walkin(name: str, phone: str, **over: Any) -> dict[str, Any]:
    return {"name": name, "phone": phone, "enrolled_on": "2024-03-01", "consent": "Y", **over}


@dataclass
class Built:
    academy: Any
    trainers: Any
    online: Any
    contest: Any
    sessions: list[Any]
    people: dict[str, Any]
    coop: Any


def build(db) -> Built:
    academy = programs.add_program(db, program(completion_percent="75", place="스튜디오 영원 세미나실"))
    days = ["2024-03-05", "2024-03-12", "2024-03-19", "2024-05-31", "2024-06-07"]
    sess = [programs.add_session(db, academy.id, {"held_on": d, "time_from": "14:00", "time_to": "16:00"})
            for d in days]
    programs.set_cancelled(db, sess[2].id, True)
    people = {n: programs.enroll_walkin(db, academy.id, walkin(n, f"010-2000-000{i}"))
              for i, n in enumerate(["가", "나", "다", "마"])}
    seeker = seekers.register(db, seeker_values(name="라", phone="010-3000-0001"))
    people["라"] = programs.enroll_seeker(db, academy.id, seeker.id, enrolled_on="2024-03-02")
    ids = {n: p.id for n, p in people.items()}
    programs.save_attendance(db, sess[0].id, [ids["가"], ids["나"], ids["다"], ids["마"]])
    programs.save_attendance(db, sess[1].id, [ids["가"], ids["나"], ids["라"]])
    programs.save_attendance(db, sess[3].id, [ids["가"], ids["라"]])
    programs.set_participant_status(db, ids["마"], "중도포기")

    trainers = programs.add_program(db, program(name="청년 강사양성", team="청년정책팀", budget_unit="청년정책 활성화",
                                                count_style="회차별"))
    t1 = programs.add_session(db, trainers.id, {"held_on": "2024-02-06"})
    t2 = programs.add_session(db, trainers.id, {"held_on": "2024-02-20"})
    crew = [programs.enroll_walkin(db, trainers.id, walkin(f"강사{i}", f"010-4000-000{i}", enrolled_on="2024-02-01"))
            for i in range(4)]
    programs.save_attendance(db, t1.id, [p.id for p in crew])
    programs.save_attendance(db, t2.id, [p.id for p in crew[:3]])

    online = programs.add_program(db, program(name="온라인 수강권", team="청년지원팀",
                                              budget_unit="청년의 사회적 자립기반 조성", kind="지원", count_style="참여자"))
    for i, day in enumerate(["2024-01-15", "2024-04-02", "2024-05-31"]):
        programs.enroll_walkin(db, online.id, walkin(f"수강{i}", f"010-5000-000{i}", enrolled_on=day))

    contest = programs.add_program(db, program(name="창업아이디어 경진대회", kind="경진대회"))
    for name, members, status in (("알파", 2, "선발"), ("베타", 3, "선발"), ("감마", 1, "선발"), ("델타", 4, "탈락"),
                                  ("엡실론", 2, "신청")):
        enterprises.add_team(db, contest.id, {"team_name": name, "members": str(members), "applied_on": "2024-05-01",
                                              "status": status, "decided_on": "" if status == "신청" else "2024-05-20"})

    coop = enterprises.add(db, {"name": "영원협동조합", "kind": "협동조합", "brn": "220-81-62517"})
    enterprises.add_support(db, coop.id, {"kind": "일자리창출 인건비", "granted_on": "2024-02-01", "amount": "6,500,000",
                                          "people": "2"})
    enterprises.add_support(db, coop.id, {"kind": "전문인력 인건비", "granted_on": "2024-05-31", "amount": "3000000",
                                          "people": "1"})
    enterprises.add_purchase(db, coop.id, {"purchased_on": "2024-05-31", "buyer": "일자리정책과", "item": "홍보물",
                                           "amount": "2600000000"})
    village = enterprises.add(db, {"name": "행복마을기업", "kind": "마을기업"})
    enterprises.add_support(db, village.id, {"kind": "사업개발비", "granted_on": "2023-12-28", "amount": "1000000"})
    enterprises.add_purchase(db, village.id, {"purchased_on": "2024-05-30", "buyer": "문화체육과", "amount": "100000000"})
    return Built(academy, trainers, online, contest, sess, people, coop)
