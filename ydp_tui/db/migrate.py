"""Schema migrations (Alembic, batch mode on SQLite), run whenever a database is opened.

A database stamped with a revision this version does not know was written by a newer
ydp-tui: it is refused and left untouched.

Opening a database that is already at the head must be quick (every command opens one): the
revision graph is read from the migration files' ``revision``/``down_revision`` lines and the
stamp with one query, and Alembic itself (a third of a second to import) loads only when there
is something to upgrade.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ydp_tui.db.errors import OpenError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")
_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(.+?)\s*$", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """Every revision and the revisions it follows, from the files in ``migrations/versions``."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        found = dict(_ASSIGN.findall(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        down = ast.literal_eval(found.get("down_revision", "None"))
        graph[ast.literal_eval(found["revision"])] = () if down is None else (down,) if isinstance(down, str) \
            else tuple(down)
    return graph


def known_revisions() -> frozenset[str]:
    return frozenset(revision_graph())


def head_revision() -> str:
    graph = revision_graph()
    followed = {d for downs in graph.values() for d in downs}
    heads = sorted(set(graph) - followed)
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, *, read_only: bool = False) -> None:
    current = current_revision(engine)
    if current == head_revision():
        return
    if current is not None:
        if current not in known_revisions():
            raise OpenError(
                f"이 데이터베이스는 더 새로운 버전의 ydp-tui가 만든 것입니다 (스키마 {current}). "
                "앱을 업데이트하세요. 파일은 건드리지 않았습니다."
            )
    if read_only:
        if current is None:
            raise OpenError("읽기 전용으로는 빈 데이터베이스를 준비할 수 없습니다")
        raise OpenError("이 데이터베이스는 이전 버전의 스키마입니다. 읽기 전용으로는 새 버전으로 올릴 수 없습니다")
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
