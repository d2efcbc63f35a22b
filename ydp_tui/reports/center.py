"""일자리플러스센터 운영 (CONTRACT.md, Reports: center; DOMAIN.md §1) from the center's own
figures (``db.referrals.center_figures``), and its events and courses (``events``): job포유 days
and job fairs held with the people interviewed and hired there, and the courses started with the
people enrolled."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ydp_tui.reports import Report

if TYPE_CHECKING:
    from ydp_tui.db.engine import Database

CENTER_COLUMNS = [
    ("employers", "구인업체"), ("openings", "구인인원"), ("seekers", "구직자(명)"), ("referrals", "취업알선(건)"),
    ("hired", "취업자(명)"), ("employment_rate", "취업률(%)"),
]
EVENT_COLUMNS = [("kind", "구분"), ("held", "횟수"), ("interviewed", "면접(명)"), ("hired", "채용(명)"),
                 ("people", "인원(명)")]
COURSES = "취업교육"


def center(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    from ydp_tui.db import referrals

    row = referrals.center_figures(db, date_from, date_to)
    notes = ["구인업체ㆍ구인인원: 등록일이 기간 안인 구인, 구직자: 등록일, 취업알선: 알선일, "
             "취업자: 채용일이 기간 안인 사람, 취업률 = 취업자 / 구직자 x 100"]
    return Report(kind="center", title="일자리플러스센터 운영", columns=CENTER_COLUMNS, rows=[row], single=True,
                  unit="(단위: 개소, 명, 건)", date_from=date_from, date_to=date_to, notes=notes)


def events(db: Database, date_from: dt.date, date_to: dt.date) -> Report:
    """One row per event kind (held in the period) and one for the courses (started in it)."""
    from ydp_tui.db import events as ev

    rows = [{"kind": kind, "held": f["events"], "interviewed": f["interviewed"], "hired": f["hired"], "people": None}
            for kind, f in ev.event_figures(db, date_from, date_to).items()]
    c = ev.course_figures(db, date_from, date_to)
    rows.append({"kind": COURSES, "held": c["courses"], "interviewed": None, "hired": None, "people": c["people"]})
    notes = ["행사: 열린 날이 기간 안인 것 (면접ㆍ채용은 행사마다 셈), 취업교육: 시작일이 기간 안인 과정과 수강한 사람",
             "'-'는 해당 없음"]
    return Report(kind="events", title="구인ㆍ구직 행사와 취업교육", columns=EVENT_COLUMNS, rows=rows,
                  unit="(단위: 회, 명)", date_from=date_from, date_to=date_to, notes=notes)
