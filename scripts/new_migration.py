"""Developer tool: write a new Alembic migration from the models.

    python scripts/new_migration.py "add vacancies"

Upgrades a scratch SQLite database to the current head, autogenerates the difference
against the models, and rewrites project column types as plain SQLAlchemy types so
migrations never import application code.  Read the result before committing it.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from ydp_tui.db import migrate


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        cfg = migrate.alembic_config()
        try:
            migrate.head_revision()
            has_head = True
        except RuntimeError:
            has_head = False
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            if has_head:
                command.upgrade(cfg, "head")
            script = command.revision(cfg, message=sys.argv[1], autogenerate=True)
    path = Path(script.path)  # type: ignore[union-attr]
    source = path.read_text(encoding="utf-8")
    source = re.sub(r"ydp_tui\.db\.types\.UTCDateTime\([^)]*\)", "sa.DateTime(timezone=True)", source)
    source = re.sub(r"sqlmodel\.sql\.sqltypes\.AutoString\((length=\d+)?\)",
                    lambda m: f"sa.String({m.group(1) or ''})", source)
    source = source.replace("import sqlmodel\n", "").replace("import ydp_tui.db.types\n", "")
    path.write_text(source, encoding="utf-8")
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
