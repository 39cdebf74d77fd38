"""Fixtures every test folder shares: a fresh database per test (SQLite, and a real PostgreSQL
server this file starts), the demo family, and backup-file helpers.

Helpers that tests call are fixtures here, never imports: no test module and no conftest.py
imports another module of `tests`. With CI=true a missing server or browser is a failure;
otherwise those tests skip and say why (the `unavailable` fixture).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

import pytest
import sqlalchemy as sa
import streamlit as st

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.records import (
    RECORD_TYPES,
    DailyCheckin,
    FamilyMember,
    Household,
    LovedOne,
    Record,
)
from dashboard.store import HouseholdStore, NewFamily, Store

DEMO_TODAY = date(2026, 6, 15)

Payload = dict[str, Any]


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Each test starts with no cached data, views or encoded charts from another test."""
    from dashboard import views

    st.cache_data.clear()
    st.cache_resource.clear()
    views.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    views.clear()


# -- missing services: fail under CI, skip elsewhere ------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> NoReturn:
    """Fail under CI (a missing part is a defect there); skip with the reason elsewhere."""
    if _in_ci():
        pytest.fail(f"CI=true requires this: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def unavailable() -> Callable[[str], NoReturn]:
    """Call with the reason a service or browser is missing: fails under CI, skips elsewhere."""
    return _unavailable


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """Returns a function that finds a free TCP port on 127.0.0.1."""
    return _free_port


# -- a throwaway PostgreSQL cluster ------------------------------------------------------------


def _postgres_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


class PostgresServer:
    """initdb + pg_ctl in a temporary folder, as the postgres user when running as root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.base = Path(tempfile.mkdtemp(prefix="harbor-pg-"))
        self.data = self.base / "data"
        self.sockets = self.base / "sock"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def start(self) -> str:
        self.sockets.mkdir(parents=True)
        if self.user:
            shutil.chown(self.base, self.user)
            shutil.chown(self.sockets, self.user)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.sockets} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.base / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def _postgres_server() -> Iterator[str]:
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        _unavailable("PostgreSQL server binaries not found (apt-get install postgresql)")
    server = PostgresServer(bin_dir)
    try:
        url = server.start()
    except (subprocess.CalledProcessError, OSError) as exc:
        server.stop()
        detail = getattr(exc, "stderr", "") or str(exc)
        _unavailable(f"could not start PostgreSQL: {detail.strip()[:500]}")
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with _postgres_server() as url:
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


@dataclass(frozen=True)
class HostedDatabase:
    """A hosted-mode database: owned by a non-superuser owner, used by a separate app role."""

    admin_url: str
    app_url: str
    app_role: str


@pytest.fixture
def hosted_database(postgres_url: str) -> Iterator[HostedDatabase]:
    """A fresh database owned by its own (non-superuser) role, set up by `hosting init`."""
    from dashboard.access import init_hosting

    suffix = uuid.uuid4().hex[:10]
    owner, app_role, name = f"owner_{suffix}", f"app_{suffix}", f"hosted_{suffix}"
    cluster = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with cluster.connect() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    admin_url = (
        sa.engine.make_url(postgres_url)
        .set(username=owner, database=name)
        .render_as_string(hide_password=False)
    )
    app_url = init_hosting(admin_url, app_role, "app-password")
    yield HostedDatabase(admin_url, app_url, app_role)
    with cluster.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'DROP ROLE "{app_role}"')
        connection.exec_driver_sql(f'DROP ROLE "{owner}"')
    cluster.dispose()


# -- stores and families -----------------------------------------------------------------------


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
def demo_today() -> date:
    """The day the demo family is loaded on, so the tests can reason about its dates."""
    return DEMO_TODAY


@pytest.fixture
def demo(sqlite_store: Store) -> HouseholdStore:
    household, _ = load_demo(sqlite_store, today=DEMO_TODAY)
    return household


# -- backup files ------------------------------------------------------------------------------


def _dump(store: Store) -> dict[str, list[dict]]:
    return {
        table: [record.model_dump(mode="json") for record in records]
        for table, records in store.dump_all().items()
    }


def _other_family_payload() -> Payload:
    """A valid backup of a family that is not in the database (built without one)."""
    household = Household(name="The Other family")
    loved_one = LovedOne(household_id=household.id, display_name="Kai")
    member = FamilyMember(household_id=household.id, display_name="Rin")
    checkins = [
        DailyCheckin(
            household_id=household.id,
            loved_one_id=loved_one.id,
            day=DEMO_TODAY - timedelta(days=offset),
            mood=3,
            sleep=3,
            logged_by=member.id,
        )
        for offset in range(3)
    ]
    records: list[Record] = [household, loved_one, member, *checkins]
    payload: Payload = {"format": "harbor-backup", "version": 1, "exported_at": "2026-06-15Z"}
    for record_type in RECORD_TYPES:
        payload[record_type.table] = [
            r.model_dump(mode="json") for r in records if isinstance(r, record_type)
        ]
    return payload


def _write(path: Path, payload: Payload) -> Path:
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def dump() -> Callable[[Store], dict[str, list[dict]]]:
    """Returns a function: every table of a store as JSON-ready rows, to compare stores."""
    return _dump


@pytest.fixture
def other_family_payload() -> Callable[[], Payload]:
    """Returns a function that builds a valid backup of a family not in the database."""
    return _other_family_payload


@pytest.fixture
def write() -> Callable[[Path, Payload], Path]:
    """Returns a function that writes a backup payload as a JSON file and returns its path."""
    return _write
