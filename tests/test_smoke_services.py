from ydp_tui.db import seekers
from tests.conftest import seeker_values


def test_register_and_find(db):
    s = seekers.register(db, seeker_values())
    assert s.seeker_no == "T1-2024-00001"
    page = seekers.search(db, "ㄱㅁㅅ")
    assert [r.name for r in page.rows] == ["김민수"]
