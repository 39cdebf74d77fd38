"""Settings read from the environment, so hosting needs no code changes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_ROOT / "data"
DEFAULT_REGION = "US"
DEFAULT_TIMEZONE = "America/New_York"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings() -> Settings:
    """Read HARBOR_DATA_DIR and HARBOR_DATABASE_URL; fall back to the user's data folder."""
    data_dir = Path(os.environ.get("HARBOR_DATA_DIR") or user_data_dir("harbor", appauthor=False))
    database_url = os.environ.get("HARBOR_DATABASE_URL") or f"sqlite:///{data_dir / 'harbor.db'}"
    return Settings(data_dir=data_dir, database_url=database_url)


def safety_copies_dir(data_dir: Path) -> Path:
    """Copies of the database taken before upgrades and imports; deleting data removes them."""
    return data_dir / "backups"
