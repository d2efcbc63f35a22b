"""Tables every database has: its identity, number sequences, the change log, the access log,
operators and policy values."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ydp_tui.db.models.base import Synced
from ydp_tui.db.types import UTCDateTime


class SiteInfo(SQLModel, table=True):
    """This database as a sync node: one row (id 1)."""

    __tablename__ = "site_info"
    id: int = Field(default=1, primary_key=True)
    site_id: str = Field(max_length=32)
    site_code: str = Field(max_length=8)
    hlc: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


class LocalState(SQLModel, table=True):
    """Facts about this database file that never sync (e.g. the day it was last checked)."""

    __tablename__ = "local_state"
    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(default="", max_length=200)


class NumberSeq(SQLModel, table=True):
    """Counters behind the numbers people read (구직번호 D1-2024-00017), per kind and year."""

    __tablename__ = "number_seq"
    kind: str = Field(primary_key=True, max_length=20)
    year: int = Field(primary_key=True)
    last: int = Field(default=0)


class SyncOp(SQLModel, table=True):
    """One captured field change: the log bundles are built from (DESIGN.md, Sync).

    ``hlc`` is this change's hybrid logical clock, ``base_hlc``/``base_site`` the clock of
    the value it replaced (None for a new row).  ``value`` is JSON.
    """

    __tablename__ = "sync_op"
    __table_args__ = (
        Index("ix_sync_op_field", "tbl", "row_id", "field", "hlc"),
        Index("ix_sync_op_site_hlc", "site_id", "hlc"),
    )
    seq: int | None = Field(default=None, primary_key=True)
    op_id: str = Field(max_length=36, unique=True)
    hlc: int = Field(sa_column=Column(BigInteger, nullable=False))
    site_id: str = Field(max_length=32)
    tbl: str = Field(max_length=40)
    row_id: str = Field(max_length=36)
    field: str = Field(max_length=40)
    value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    base_hlc: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    base_site: str | None = Field(default=None, max_length=32)


class AuditEntry(SQLModel, table=True):
    """Append-only access log (접속기록): who did what to whose personal data, hash-chained."""

    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    operator: str = Field(max_length=50, index=True)
    machine: str = Field(max_length=80)
    action: str = Field(max_length=20)
    entity: str = Field(max_length=40)
    row_id: str | None = Field(default=None, max_length=36, index=True)
    subject: str | None = Field(default=None, max_length=60)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    count: int | None = Field(default=None)  # how many records an export/import/list touched (issue 8)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The chain's last link (one row): appends lock it, so the chain never forks.

    ``base_seq``/``base_hash``: the last entry removed once past its retention (the chain
    starts after it); 0 and the zero hash while nothing was ever removed.
    """

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0)
    hash: str = Field(default="0" * 64, max_length=64)
    base_seq: int = Field(default=0, sa_column=Column(Integer, nullable=False, default=0, server_default="0"))
    base_hash: str = Field(default="0" * 64, sa_column=Column(String(64), nullable=False, default="0" * 64,
                                                             server_default="0" * 64))


class Operator(Synced, table=True):
    """Someone who works at a desk: 상담사, 감독자 or 관리자."""

    __tablename__ = "operator"
    __label__ = "담당자"
    name: str = Field(max_length=50, index=True)
    role: str = Field(default="상담사", max_length=10)
    pin_hash: str | None = Field(default=None, max_length=200)
    active: bool = Field(default=True)


class PolicyValue(Synced, table=True):
    """A policy number for a year (기준중위소득, 최저임금, caps, weights …): data, never code.

    ``value`` is JSON.  Rows shipped in ``ydp_tui/data`` have ids equal on every machine, so a
    supervisor's edit at the counter updates the same row on every laptop.
    """

    __tablename__ = "policy_value"
    __label__ = "정책 값"
    __table_args__ = (UniqueConstraint("kind", "year", "key", name="uq_policy_value"),)
    kind: str = Field(max_length=40)
    year: int
    key: str = Field(max_length=40)
    value: str = Field(sa_column=Column(Text, nullable=False))
    note: str = Field(default="", max_length=200)
