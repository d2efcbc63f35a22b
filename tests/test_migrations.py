"""Migrations and models agree: a database upgraded to head has exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import ydp_tui.db.models  # noqa: F401
from ydp_tui.db import migrate


def test_single_head():
    assert migrate.head_revision()


def test_models_match_migrations(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []
