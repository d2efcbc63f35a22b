"""Numbers people read (구직번호, 알선번호, 신청번호 made here): ``{site code}-{year}-{n:05d}``.

The machine's short code keeps numbers unique across machines that never talk; the counter
is per database, kind and year, advanced atomically (desks sharing a PostgreSQL database
never get the same number).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ydp_tui.db.models import NumberSeq, SiteInfo


def next_number(session: Session, kind: str, year: int, prefix: str | None = None) -> str:
    conn = session.connection()
    dialect = conn.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(NumberSeq.__table__).values(kind=kind, year=year, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kind", "year"], set_={"last": NumberSeq.__table__.c.last + 1}
    )
    conn.execute(stmt)
    n = conn.execute(
        select(NumberSeq.last).where(NumberSeq.kind == kind, NumberSeq.year == year)
    ).scalar_one()
    if prefix is None:
        prefix = conn.execute(select(SiteInfo.site_code).where(SiteInfo.id == 1)).scalar_one()
    return f"{prefix}-{year}-{n:05d}"
