"""The base every synced table derives from (DESIGN.md, Data).

Columns: ``id`` (UUIDv7 text, made where the record is born), ``created_at``/``updated_at``
(aware UTC), ``created_by``/``updated_by`` (operator names), ``deleted`` (tombstone) and
``version`` (optimistic locking through SQLAlchemy's ``version_id_col``: an UPDATE that finds
another desk changed the row in between matches 0 rows and is refused).

Class attributes a table may set:

- ``__label__``: Korean name of one record ("구직자"), for messages and the access log.
- ``__personal__``: columns holding personal data (erased by 파기, logged when viewed).
- ``__derived__``: columns computed from others by :meth:`derive` (not synced; recomputed).
- ``__local__``: columns that never sync (``version`` always).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import BigInteger
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from ydp_tui import clock
from ydp_tui.db.ids import uuid7
from ydp_tui.db.types import UTCDateTime

META_COLUMNS = ("id", "created_at", "updated_at", "created_by", "updated_by", "deleted", "version")


class Synced(SQLModel):
    id: str = Field(default_factory=uuid7, primary_key=True, max_length=36)
    created_at: dt.datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)
    updated_at: dt.datetime = Field(default_factory=clock.now, sa_type=UTCDateTime, nullable=False)
    created_by: str = Field(default="", max_length=50)
    updated_by: str = Field(default="", max_length=50)
    deleted: bool = Field(default=False)
    version: int = Field(default=1, nullable=False)

    __label__: ClassVar[str] = "기록"
    __personal__: ClassVar[tuple[str, ...]] = ()
    __derived__: ClassVar[tuple[str, ...]] = ()
    __local__: ClassVar[tuple[str, ...]] = ("version",)

    @declared_attr  # type: ignore[misc]
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}

    @classmethod
    def derive(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Derived column values from the given ones (override; default none)."""
        return {}

    @classmethod
    def sync_columns(cls) -> list[str]:
        """Columns whose changes are captured and travel in bundles."""
        skip = set(cls.__local__) | set(cls.__derived__) | {"id", "version"}
        return [c.name for c in cls.__table__.columns if c.name not in skip]


def synced_tables() -> dict[str, type[Synced]]:
    """Every synced table by name (all model modules must be imported: see ``models``)."""
    out: dict[str, type[Synced]] = {}
    stack = list(Synced.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        table = getattr(cls, "__table__", None)
        if table is not None:
            out[table.name] = cls
    return out


def BigInt() -> Any:  # noqa: N802 - reads like a type at the call site
    return BigInteger()
