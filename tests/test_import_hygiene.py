"""The first frame must not wait for the database layer: importing the app or the CLI does not
import SQLAlchemy (it loads in a worker after the first frame)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "openpyxl", "cryptography", "plotext", "textual_plotext")


def _loaded_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_app_import_does_not_load_database_layer():
    assert _loaded_after("import ydp_tui.app") == []


def test_every_section_screen_imports_light():
    from ydp_tui.screens import SECTIONS

    modules = sorted({s.target.partition(":")[0] for s in SECTIONS} | {"ydp_tui.screens.home"})
    assert _loaded_after("; ".join(f"import {m}" for m in modules)) == []


def test_cli_import_is_light():
    assert _loaded_after("import ydp_tui.cli") == []
    assert "textual" not in _loaded_after("import ydp_tui.cli")
