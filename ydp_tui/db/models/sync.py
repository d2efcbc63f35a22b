"""Sync by export bundles (DESIGN.md, Sync): what this database knows about other machines,
the bundles it made and merged, the conflicts a merge found, and two synced tables for a
supervisor's decisions (a conflict resolved, two records judged the same or different people).

``sync_peer``, ``sync_bundle`` and ``sync_conflict`` are local: every database derives them
from the changes it holds.  ``sync_resolution`` and ``person_review`` travel in bundles, so a
decision taken at the counter closes the same conflict or duplicate on every laptop.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from ydp_tui.db.models.base import Synced
from ydp_tui.db.types import UTCDateTime


class SyncPeer(SQLModel, table=True):
    """Another machine whose changes this database holds or has been sent.

    ``held_hlc`` is the clock of the newest of its changes held here (every older one is held
    too: a bundle carries all changes above what its receiver has); ``acked`` (JSON
    ``{site_id: hlc}``) is what it said it held in the newest bundle we merged from it, the
    starting point of ``bundle export --for`` it.
    """

    __tablename__ = "sync_peer"
    site_id: str = Field(primary_key=True, max_length=32)
    site_code: str = Field(default="", max_length=8, index=True)
    held_hlc: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    acked: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    acked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_seen_at: dt.datetime = Field(sa_type=UTCDateTime)
    last_import_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_export_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class SyncBundle(SQLModel, table=True):
    """One bundle made here (``export``) or merged here (``import``): the day's sync history."""

    __tablename__ = "sync_bundle"
    __table_args__ = (Index("ix_sync_bundle_at", "at"),)
    seq: int | None = Field(default=None, primary_key=True)
    bundle_id: str = Field(max_length=36, index=True)
    direction: str = Field(max_length=6)               # export | import
    peer_site: str = Field(default="", max_length=32)  # import: who made it; export: --for (or "")
    peer_code: str = Field(default="", max_length=8)
    at: dt.datetime = Field(sa_type=UTCDateTime)
    operator: str = Field(default="", max_length=50)
    file_name: str = Field(default="", max_length=200)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)  # when the bundle was made
    up_to: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    ops: int = 0            # changes in the bundle
    applied: int = 0        # import: changes new to this database
    rows_new: int = 0
    rows_updated: int = 0
    conflicts: int = 0
    duplicates: int = 0


class SyncConflict(SQLModel, table=True):
    """A value that lost to a concurrent change of the same field (CouchDB keeps the losers too).

    One row per losing change (``loser_op``).  ``status``: 미해결, 해결 (a supervisor decided,
    here or elsewhere), 대체됨 (the machine that wrote the losing value later replaced it
    itself, so nothing is lost).  Values are stored as the change log stores them (JSON;
    encrypted columns encrypted); :func:`ydp_tui.sync.conflicts.scrub_conflicts` nulls them
    for erasure (파기).
    """

    __tablename__ = "sync_conflict"
    __table_args__ = (
        Index("ix_sync_conflict_row", "tbl", "row_id", "field"),
        Index("ix_sync_conflict_status", "status", "detected_at"),
    )
    loser_op: str = Field(primary_key=True, max_length=36)
    tbl: str = Field(max_length=40)
    row_id: str = Field(max_length=36)
    field: str = Field(max_length=40)
    loser_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    loser_hlc: int = Field(sa_column=Column(BigInteger, nullable=False))
    loser_site: str = Field(max_length=32)
    loser_code: str = Field(default="", max_length=8)
    loser_by: str = Field(default="", max_length=50)
    loser_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    winner_op: str = Field(default="", max_length=36)
    winner_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    winner_hlc: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    winner_site: str = Field(default="", max_length=32)
    winner_code: str = Field(default="", max_length=8)
    winner_by: str = Field(default="", max_length=50)
    winner_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    same_value: bool = False     # the loser equals the winner: nothing is lost unless the field changes again
    detected_at: dt.datetime = Field(sa_type=UTCDateTime)
    bundle_id: str = Field(default="", max_length=36)
    status: str = Field(default="미해결", max_length=4)
    resolved_by: str = Field(default="", max_length=50)
    resolved_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str = Field(default="", max_length=200)


class SyncResolution(Synced, table=True):
    """A supervisor's decision on one conflict (the field's new value, if any, is an ordinary
    synced change of the record).  Its id comes from the losing change, so the same decision
    taken on two machines is one row."""

    __tablename__ = "sync_resolution"
    __label__ = "동기화 충돌 해결"
    loser_op: str = Field(max_length=36, index=True)
    tbl: str = Field(max_length=40)
    row_id: str = Field(max_length=36)
    field: str = Field(max_length=40)
    decision: str = Field(max_length=10)    # 현재 값 | 다른 값 | 직접 입력
    note: str = Field(default="", max_length=200)


class PersonReview(Synced, table=True):
    """A supervisor's decision on two seekers with the same 성명+생년월일 registered on two
    machines: 다른 사람 (keep both; the pair is no longer listed) or 병합 (``kept_id`` kept)."""

    __tablename__ = "person_review"
    __label__ = "중복 인물 확인"
    seeker_a: str = Field(max_length=36, index=True)   # the smaller id of the pair
    seeker_b: str = Field(max_length=36, index=True)
    decision: str = Field(max_length=6)                # 다른 사람 | 병합
    kept_id: str | None = Field(default=None, max_length=36)
    note: str = Field(default="", max_length=200)
