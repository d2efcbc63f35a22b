"""Where things live (platformdirs) and what this run was asked to do."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "ydp-tui"


def data_dir() -> Path:
    override = os.environ.get("YDP_DATA_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    override = os.environ.get("YDP_CONFIG_DIR")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / "ydp.sqlite3"


def is_url(target: str) -> bool:
    return "://" in target


@dataclass
class Config:
    """Options for one run (the TUI or a command)."""

    db: str = field(default_factory=lambda: os.environ.get("YDP_DB") or str(default_db_path()))
    operator: str | None = field(default_factory=lambda: os.environ.get("YDP_OPERATOR") or None)
    read_only: bool = False
    demo: bool = False
    demo_scale: str = "seed"
    demo_seed: int = 2024

    @property
    def db_label(self) -> str:
        """What the status bar shows: a file name, or a URL without its password."""
        if is_url(self.db):
            if self.db.startswith("sqlite:///"):
                return Path(self.db[len("sqlite:///"):]).name
            scheme, _, rest = self.db.partition("://")
            host = rest.rsplit("@", 1)[-1]
            return f"{scheme.split('+')[0]}://{host}"
        return Path(self.db).name
