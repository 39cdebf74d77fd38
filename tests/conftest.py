"""Fixtures: a fresh database per test (SQLite, and real PostgreSQL), and AppTest helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa
import streamlit as st
from playwright.sync_api import Page
from streamlit.testing.v1 import AppTest

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.store import HouseholdStore, NewFamily, Store
from tests.browsing import LOCAL_HOSTS
from tests.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    StreamlitServer,
    postgres_server,
    unavailable,
)

APP_TIMEOUT = 60
PAGES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "pages").glob("*.py"))
DEMO_TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data folder for the test; the app and the CLI both use it."""
    folder = tmp_path / "harbor-data"
    monkeypatch.setenv("HARBOR_DATA_DIR", str(folder))
    monkeypatch.delenv("HARBOR_DATABASE_URL", raising=False)
    return folder


@pytest.fixture
def sqlite_store(data_dir: Path) -> Store:
    return Store.open(
        Settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'harbor.db'}")
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A new, empty database on the shared test server, dropped afterwards."""
    name = f"harbor_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Store]:
    """The same store tests run on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'harbor.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
    opened = Store.open(Settings(data_dir=data_dir, database_url=url))
    yield opened
    opened.engine.dispose()


@pytest.fixture
def family(store: Store) -> HouseholdStore:
    return store.create_family(NewFamily("The Test family", "Sam", "Alex"))


@pytest.fixture
def demo(sqlite_store: Store) -> HouseholdStore:
    household, _ = load_demo(sqlite_store, today=DEMO_TODAY)
    return household


# Browser journeys (any tests/test_browser*.py): Debian's Chromium and a `streamlit run` server.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    running = StreamlitServer(tmp_path_factory.mktemp("browser-data"))
    running.start()
    yield running
    running.stop()


@pytest.fixture
def outside_requests(page: Page) -> list[str]:
    """Every request the page makes to anywhere but this machine."""
    seen: list[str] = []

    def record(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            seen.append(url)

    page.on("request", record)
    return seen


def app(page: str | None = None) -> AppTest:
    """An AppTest of Home, switched to `page` when given (the way a person navigates)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=APP_TIMEOUT)
    if page is not None:
        at.switch_page(page)
    return at
