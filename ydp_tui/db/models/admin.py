"""Administration tables (issue 8): PIN sign-in state per account and the record of erasures.

``SignInState`` is local (never syncs): wrong PINs and lockouts count where they happen; the
desks of one PostgreSQL database share it, so an account locked at one desk is locked at all.
``Erasure`` syncs: a machine that receives it also scrubs its own sync history (``db.retention``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from ydp_tui.db.models.base import Synced
from ydp_tui.db.types import UTCDateTime


class SignInState(SQLModel, table=True):
    """Wrong PINs in a row and the lock they lead to, per account name."""

    __tablename__ = "signin_state"
    name: str = Field(primary_key=True, max_length=50)
    failures: int = Field(default=0)
    locked_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_failure_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_success_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_machine: str = Field(default="", max_length=80)


class Erasure(Synced, table=True):
    """One erasure (파기): which record's personal fields were emptied, when, by whom, why."""

    __tablename__ = "erasure"
    __label__ = "파기 기록"
    tbl: str = Field(max_length=40)
    target_id: str = Field(max_length=36, index=True)
    subject: str = Field(default="", max_length=60)       # the record's number (구직번호 …), never a name
    fields: str = Field(sa_column=Column(Text, nullable=False))  # column names, ';'
    reason: str = Field(default="", max_length=200)
    erased_at: dt.datetime = Field(sa_type=UTCDateTime)
