"""Two desks on one database (two real connections, both backends): a save that meets another
desk's newer change is refused with what changed; nothing is silently overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.admin.helpers import register
from ydp_tui.db import changes, policy, roles, seekers
from ydp_tui.db.errors import StaleRecord
from ydp_tui.db.models import Operator, PolicyValue


def test_seeker_edit_meets_the_other_desks_change(open_db):
    desk1, desk2 = open_db(operator="김상담"), open_db(operator="이상담")
    person = register(desk1, "김민수", "010-1111-2222")
    # both desks open the edit form
    seen1 = seekers.get(desk1, person.id, log_view=False)
    form1 = seekers.to_fields(seen1)
    seen2 = seekers.get(desk2, person.id, log_view=False)
    form2 = seekers.to_fields(seen2)
    seekers.update(desk2, person.id, {**form2, "phone": "010-9999-8888"}, expected_version=seen2.version,
                   loaded=form2)
    with pytest.raises(StaleRecord) as exc:
        seekers.update(desk1, person.id, {**form1, "address": "당산로 123"}, expected_version=seen1.version,
                       loaded=form1)
    assert str(exc.value) == (f"구직자 {person.seeker_no}을(를) 불러온 뒤 이상담님이 먼저 저장했습니다 "
                              "(휴대전화: 010-1111-2222 -> 010-9999-8888). 다시 불러온 뒤 저장하세요.")
    now = seekers.get(desk1, person.id, log_view=False)
    assert (now.phone, now.address, now.version) == ("010-9999-8888", None, 2)
    # reload, then the same edit goes through on top of the other desk's
    seekers.update(desk1, person.id, {**seekers.to_fields(now), "address": "당산로 123"},
                   expected_version=now.version, loaded=seekers.to_fields(now))
    final = seekers.get(desk2, person.id, log_view=False)
    assert (final.phone, final.address, final.version) == ("010-9999-8888", "당산로 123", 3)


@pytest.mark.parametrize("table", ["operator", "policy_value"])
def test_any_synced_table_refuses_a_lost_update(open_db, table):
    """The ``version`` column guards every synced table, even where a service forgot to pass
    ``expected_version``: the second of two concurrent saves is refused, the first stays."""
    desk1 = open_db(operator="최팀장", role=roles.SUPERVISOR)
    desk2 = open_db(operator="정관리", role=roles.ADMIN)
    if table == "operator":
        model, where, column, first, second = Operator, Operator.name == "최팀장", "role", "관리자", "상담사"
    else:
        with desk1.write() as s:
            policy.set_value(s, "min_wage", 2027, "hourly", 10500)
        model, where = PolicyValue, (PolicyValue.kind == "min_wage") & (PolicyValue.year == 2027)
        column, first, second = "value", "10600", "10700"
    with desk1.session() as s1:  # desk 1 loads the row into its form ...
        row1 = s1.execute(select(model).where(where)).scalars().one()
    with desk2.write() as s2:  # ... desk 2 saves the same row meanwhile ...
        setattr(s2.execute(select(model).where(where)).scalars().one(), column, first)
    with pytest.raises(StaleRecord) as exc:  # ... and desk 1 saves what it loaded, changed
        with desk1.write() as s1:
            s1.add(row1)
            setattr(row1, column, second)
    assert str(exc.value).startswith(f"{model.__label__}을(를) 불러온 뒤 정관리님이 먼저 저장했습니다")
    with desk1.session() as s:
        assert getattr(s.execute(select(model).where(where)).scalars().one(), column) == first


def test_change_token_moves_when_another_desk_writes(open_db):
    desk1, desk2 = open_db(operator="김상담"), open_db(operator="이상담")
    before = changes.token(desk1)
    assert changes.token(desk1) == before
    register(desk2, "이영희", "010-3333-4444")
    assert changes.token(desk1) > before
