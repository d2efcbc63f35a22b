"""Migrations and models agree: a database upgraded to head has exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import ydp_tui.db.models  # noqa: F401
from ydp_tui.db import migrate


def test_single_head():
    assert migrate.head_revision()


def test_the_quick_revision_graph_is_alembics():
    """Opening reads the revisions from the files without Alembic: the same graph Alembic sees."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.revision_graph() == {
        r.revision: () if r.down_revision is None else (r.down_revision,) if isinstance(r.down_revision, str)
        else tuple(r.down_revision) for r in script.walk_revisions()}
    assert [migrate.head_revision()] == list(script.get_heads())


def test_current_revision_of_a_database(db, tmp_path):
    from sqlalchemy import create_engine

    assert migrate.current_revision(db.engine) == migrate.head_revision()
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert migrate.current_revision(empty) is None
    empty.dispose()


def test_models_match_migrations(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []
