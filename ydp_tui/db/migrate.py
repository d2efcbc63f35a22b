"""Schema migrations (Alembic, batch mode on SQLite), run whenever a database is opened.

A database stamped with a revision this version does not know was written by a newer
ydp-tui: it is refused and left untouched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from ydp_tui.db.errors import OpenError

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, *, read_only: bool = False) -> None:
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise OpenError(
                f"이 데이터베이스는 더 새로운 버전의 ydp-tui가 만든 것입니다 (스키마 {current}). "
                "앱을 업데이트하세요. 파일은 건드리지 않았습니다."
            )
    if read_only:
        if current is None:
            raise OpenError("읽기 전용으로는 빈 데이터베이스를 준비할 수 없습니다")
        raise OpenError("이 데이터베이스는 이전 버전의 스키마입니다. 읽기 전용으로는 새 버전으로 올릴 수 없습니다")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
