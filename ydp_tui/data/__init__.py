"""Reference data shipped with the package (dongs, KECO, code lists, policy tables).

Loaded on first use and cached; nothing here is a year's number in code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Parse ``ydp_tui/data/<name>`` (JSON)."""
    with resources.files(__package__).joinpath(name).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def dongs() -> list[str]:
    return list(load("dongs.json")["dongs"])


def keco_names() -> dict[str, str]:
    """Every KECO code we ship (1-digit 대분류, 2-digit 중분류, …) → its Korean name."""
    return dict(load("keco.json")["codes"])


def code_list(kind: str) -> list[str]:
    return list(load("codes.json")[kind])
