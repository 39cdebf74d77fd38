"""Deletion that deletes: `delete-all` and a family's deletion check SQLite's WAL checkpoint.

While another connection holds a read transaction, the WAL cannot be folded into the file and
emptied, so deleted notes stay readable in `harbor.db-wal` (and often in `harbor.db`). Then
the deletion refuses, says so, and claims nothing. With no reader, a canary note is gone from
every file in the data folder afterwards: the database, its `-wal` and `-shm`, and `backups/`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import pytest

from dashboard.config import Settings, safety_copies_dir
from dashboard.db.migrate import safety_copy
from dashboard.records import DailyCheckin
from dashboard.store import DeletionIncomplete, NewFamily, Store

ROOT = Path(__file__).resolve().parents[1]
CANARY = "CANARY-b7e1-a-very-private-note"


def harbor(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "HARBOR_DATABASE_URL"}
    env["HARBOR_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def open_store(data_dir: Path) -> Store:
    return Store.open(Settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir}/harbor.db"))


def files_holding_the_canary(data_dir: Path) -> list[str]:
    return sorted(
        str(path.relative_to(data_dir))
        for path in data_dir.rglob("*")
        if path.is_file() and CANARY.encode() in path.read_bytes()
    )


@pytest.fixture
def canary(data_dir: Path) -> Path:
    """A family whose note holds the canary: in a check-in, in its history (edited once) and
    in a safety copy in backups/ (as an import takes). Returns the database file."""
    store = open_store(data_dir)
    family = store.create_family(NewFamily("The Canary family", "Sam", "Alex"))
    saved, _ = family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date(2026, 3, 9),
            mood=3,
            sleep=3,
            notes=f"{CANARY} (first words)",
        )
    )
    family.update(saved.model_copy(update={"notes": f"{CANARY} (edited)"}))
    assert safety_copy(store.engine, safety_copies_dir(data_dir), "before-import")
    store.engine.dispose()
    assert files_holding_the_canary(data_dir)
    return data_dir / "harbor.db"


@contextmanager
def reader(database: Path, *, on_the_wal: bool) -> Iterator[None]:
    """Another program holding a read transaction open.

    on_the_wal: it wrote just before (so the WAL has frames, and it reads them); otherwise it
    reads the database file alone, from before the deletion.
    """
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        if on_the_wal:
            other.execute("UPDATE households SET data_version = data_version + 1")
        other.execute("BEGIN")
        assert other.execute("SELECT count(*) FROM daily_checkins").fetchone() == (1,)
        yield
        other.execute("COMMIT")


def counts(data_dir: Path) -> dict[str, int]:
    store = open_store(data_dir)
    try:
        return store.counts()
    finally:
        store.engine.dispose()


@pytest.mark.parametrize(
    ("on_the_wal", "says", "checkins_left"),
    [
        (True, "Nothing was deleted: another program is reading the database (harbor.db)", 1),
        (False, "The records were deleted, but another program is reading the database", 0),
    ],
    ids=["reader-on-the-wal", "reader-on-the-file"],
)
def test_delete_all_refuses_while_another_connection_reads_and_says_so(
    canary: Path, data_dir: Path, on_the_wal: bool, says: str, checkins_left: int
) -> None:
    with reader(canary, on_the_wal=on_the_wal):
        result = harbor(data_dir, "delete-all", "--yes")
    assert result.returncode == 2
    assert result.stdout == "", "it claims nothing"
    [line] = result.stderr.splitlines()
    assert line.startswith("harbor: delete-all did not finish.")
    assert says in line
    assert files_holding_the_canary(data_dir), "the traces are there, as the message says"
    assert list(safety_copies_dir(data_dir).glob("harbor-before-*.db")), "copies kept"
    assert counts(data_dir)["daily_checkins"] == checkins_left

    # Once the reader has gone, running it again finishes the job.
    again = harbor(data_dir, "delete-all", "--yes")
    assert (again.returncode, again.stdout, again.stderr) == (0, "Deleted all data.\n", "")
    assert files_holding_the_canary(data_dir) == []


def test_with_no_reader_the_canary_is_gone_from_every_file(canary: Path, data_dir: Path) -> None:
    result = harbor(data_dir, "delete-all", "--yes")
    assert (result.returncode, result.stdout) == (0, "Deleted all data.\n"), result.stderr
    assert set(counts(data_dir).values()) == {0}
    checked = {p.name for p in data_dir.rglob("*") if p.is_file()}
    assert "harbor.db" in checked
    assert files_holding_the_canary(data_dir) == []


def test_a_familys_deletion_refuses_while_another_connection_reads(
    canary: Path, data_dir: Path
) -> None:
    store = open_store(data_dir)
    [household] = store.households()
    family = store.household(household.id)
    try:
        with reader(canary, on_the_wal=True), pytest.raises(DeletionIncomplete, match="Nothing"):
            family.delete_household()
        assert [h.id for h in store.households()] == [household.id]
        family.delete_household()
        assert store.households() == []
    finally:
        store.engine.dispose()
    for name in ("harbor.db", "harbor.db-wal", "harbor.db-shm"):
        path = data_dir / name
        assert not path.exists() or CANARY.encode() not in path.read_bytes(), name
