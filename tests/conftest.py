"""Fixtures: a fresh database per test (SQLite, and real PostgreSQL), and AppTest helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.store import HouseholdStore, NewFamily, Store
from tests.harness import ROOT, postgres_server

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


def app(page: str | None = None) -> AppTest:
    """An AppTest of Home, switched to `page` when given (the way a person navigates)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=APP_TIMEOUT)
    if page is not None:
        at.switch_page(page)
    return at
