"""No East Asian *ambiguous*-width characters in text the package shows (DESIGN.md pitfalls):
terminals that draw them wide misalign tables.  Docstrings and comments are not shown, so
they are not checked."""

from __future__ import annotations

import ast
import json
import unicodedata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "ydp_tui"
# Allowed despite being ambiguous: none so far. Use ㆍ (U+318D) for the Korean interpunct.
ALLOWED: set[str] = set()


def _ambiguous(text: str) -> set[str]:
    return {ch for ch in text if unicodedata.east_asian_width(ch) == "A" and ch not in ALLOWED}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_python_string_literals():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                bad = _ambiguous(node.value)
                if bad:
                    problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {sorted(bad)}")
    assert problems == []


def test_shipped_data():
    problems = []
    for path in sorted(PACKAGE.rglob("*.json")):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        bad = _ambiguous(text)
        if bad:
            problems.append(f"{path.name}: {sorted(bad)}")
    assert problems == []
