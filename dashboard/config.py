"""Settings read from the environment, so hosting needs no code changes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent


def _shipped_or_checkout(shipped: Path, checkout: Path) -> Path:
    """The copy inside an installed package if there is one, else the repository's own.

    A wheel carries data/ as dashboard/_content and the app files as dashboard/_app (see
    pyproject.toml); a checkout never has those folders. Looking for the shipped copy first
    means an install never mistakes some other project's site-packages/data for Harbor's.
    """
    return shipped if shipped.is_dir() else checkout


# Guides, crisis lines, boundary tips and the demo family: Markdown and YAML from data/.
CONTENT_DIR = _shipped_or_checkout(PACKAGE_DIR / "_content", PROJECT_ROOT / "data")
# The Streamlit app: streamlit_app.py, pages/ beside it, and .streamlit/config.toml.
APP_DIR = _shipped_or_checkout(PACKAGE_DIR / "_app", PROJECT_ROOT)
APP_SCRIPT = APP_DIR / "streamlit_app.py"
STREAMLIT_CONFIG = APP_DIR / ".streamlit" / "config.toml"
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
