"""The in-process name index stays exact as records change, here and on another desk."""

from __future__ import annotations

from tests.conftest import seeker_values
from ydp_tui.db import seekers


def names(db, query, **kw):
    return [r.name for r in seekers.search(db, query, **kw).rows]


def test_index_follows_writes_from_this_and_another_desk(db, open_db):
    seekers.register(db, seeker_values())
    assert names(db, "ㄱㅁㅅ") == ["김민수"]  # builds the index
    other = open_db(operator="다른상담")
    b = seekers.register(other, seeker_values(name="강민성", birth_date="1985-01-02", phone="010-3333-4444"))
    assert names(db, "ㄱㅁㅅ") == ["강민성", "김민수"]
    seekers.update(other, b.id, {**seekers.to_fields(b), "name": "강민호"}, expected_version=b.version)
    assert names(db, "ㄱㅁㅅ") == ["김민수"]
    assert names(db, "ㄱㅁㅎ") == ["강민호"]
    seekers.set_status(other, b.id, "취업")
    assert names(db, "민", status="취업") == ["강민호"]
    assert names(db, "민", status="구직중") == ["김민수"]
    seekers.mark_deleted(other, b.id, expected_version=seekers.get(other, b.id, log_view=False).version)
    assert names(db, "민") == ["김민수"]


def test_query_kinds_and_paging(db):
    for i in range(25):
        seekers.register(db, seeker_values(name=f"김민{chr(0xAC00 + i)}", birth_date="1990-01-01",
                                           phone=f"010-7000-{i:04d}"))
    seekers.register(db, seeker_values(name="NGUYEN THI HOA", phone="010-1111-2222"))
    page = seekers.search(db, "김ㅁ", limit=10, offset=20)
    assert page.total == 25 and len(page.rows) == 5 and not page.capped
    assert [r.name for r in page.rows] == [f"김민{chr(0xAC00 + i)}" for i in range(20, 25)]
    assert names(db, "nguyen") == ["NGUYEN THI HOA"]
    assert names(db, "thi h") == ["NGUYEN THI HOA"]
    assert names(db, "7000-0003") == ["김민깋"[:2] + chr(0xAC03)]
    assert names(db, "[") == [] and names(db, "*") == [] and names(db, "a.b") == []
