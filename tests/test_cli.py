"""`python -m dashboard` as a person runs it: a real subprocess with its own data folder."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from dashboard import backup
from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.records import RECORD_TYPES
from dashboard.store import NewFamily, Store

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 6, 15)
TABLES = [record_type.table for record_type in RECORD_TYPES]
DEMO_NAME = "Demo family: the Okafor-Reyes household"


def harbor(
    data_dir: Path, *args: str | Path, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "HARBOR_DATABASE_URL"}
    env["HARBOR_DATA_DIR"] = str(data_dir)
    if database_url:
        env["HARBOR_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def opened(data_dir: Path) -> Iterator[Store]:
    """The store the CLI uses for `data_dir`, closed again before the CLI runs."""
    store = Store.open(Settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir}/harbor.db"))
    try:
        yield store
    finally:
        store.engine.dispose()


def dump(data_dir: Path) -> dict[str, list[dict]]:
    with opened(data_dir) as store:
        return {
            table: [record.model_dump(mode="json") for record in records]
            for table, records in store.dump_all().items()
        }


def counts(data_dir: Path) -> dict[str, int]:
    with opened(data_dir) as store:
        return store.counts()


def with_demo(data_dir: Path) -> dict[str, int]:
    with opened(data_dir) as store:
        load_demo(store, today=TODAY)
        return store.counts()


def assert_one_line_error(result: subprocess.CompletedProcess[str], starts: str = "") -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"harbor: {starts}")
    assert result.stdout == ""
    return lines[0]


# -- help and demo --------------------------------------------------------------------------


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = harbor(tmp_path, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m dashboard")
    for command in ("demo", "export", "import", "backup", "delete-all", "remove-lock", "migrate"):
        assert re.search(rf"^ +{command}\s", result.stdout, re.MULTILINE), command
    assert not (tmp_path / "harbor.db").exists()


def test_demo_loads_once(data_dir: Path) -> None:
    first = harbor(data_dir, "demo")
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"Loaded the demo family '{DEMO_NAME}' (fictional data).\n"
    loaded = counts(data_dir)
    assert loaded["households"] == 1
    assert loaded["daily_checkins"] > 200

    second = harbor(data_dir, "demo")
    assert second.returncode == 0, second.stderr
    assert second.stdout == f"Already loaded: the demo family '{DEMO_NAME}' (fictional data).\n"
    assert counts(data_dir) == loaded


# -- export and import ----------------------------------------------------------------------


def test_json_export_imports_into_an_empty_data_dir(data_dir: Path, tmp_path: Path) -> None:
    loaded = with_demo(data_dir)
    out = tmp_path / "exports" / "harbor.json"
    exported = harbor(data_dir, "export", "--out", out)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == f"Exported {sum(loaded.values())} records to {out}.\n"
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert {table: len(payload[table]) for table in TABLES} == loaded

    fresh = tmp_path / "fresh"
    imported = harbor(fresh, "import", out)
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert f"Imported {sum(loaded.values())} new records." in lines
    assert (
        f"daily_checkins: {loaded['daily_checkins']} in file, {loaded['daily_checkins']} new"
        in lines
    )
    assert dump(fresh) == dump(data_dir)


def test_import_keeps_a_copy_of_the_database_from_before(data_dir: Path, tmp_path: Path) -> None:
    before = with_demo(data_dir)
    with opened(tmp_path / "other") as store:
        store.create_family(NewFamily("The Other family", "Kim", "Lee"))
        backup.export_json(store, tmp_path / "other.json")

    result = harbor(data_dir, "import", tmp_path / "other.json")
    assert result.returncode == 0, result.stderr
    copy_line = result.stdout.splitlines()[-1]
    copy = Path(copy_line.removeprefix("A copy of the database from before the import is at ")[:-1])
    assert copy.parent == data_dir / "backups"
    with sqlite3.connect(copy) as connection:
        households = connection.execute("SELECT count(*) FROM households").fetchone()[0]
    assert households == before["households"] == counts(data_dir)["households"] - 1


def test_import_dry_run_writes_nothing(data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    with opened(source) as store:
        load_demo(store, today=TODAY)
        total = sum(backup.export_json(store, tmp_path / "harbor.json").values())

    result = harbor(data_dir, "import", "--dry-run", tmp_path / "harbor.json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"Dry run: {total} records would be added; nothing was written."
    )
    assert counts(data_dir) == dict.fromkeys(TABLES, 0)


BAD_FILES = {
    "truncated JSON": (b'{"format": "harbor-backup", "version": 1, "households": [', "harbor.json"),
    "note too long": (None, "daily_checkins[0] (id "),
    "not there": (b"", "cannot read "),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_import_of_a_bad_file_exits_2_and_changes_nothing(
    data_dir: Path, tmp_path: Path, case: str
) -> None:
    raw, starts = BAD_FILES[case]
    with opened(data_dir) as store:
        family = store.create_family(NewFamily("The Test family", "Sam", "Alex"))
        payload = backup.export_payload(store)
    before = dump(data_dir)
    path = tmp_path / "harbor.json"
    if raw is None:
        row = {
            "household_id": str(family.id),
            "loved_one_id": payload["loved_ones"][0]["id"],
            "day": "2026-06-01",
            "mood": 3,
            "sleep": 3,
            "notes": "n" * 5_001,
            "id": "2f1e7a52-8f64-4a1f-9a55-0f0c4f7e9d11",
        }
        payload["daily_checkins"] = [row]
        path.write_text(json.dumps(payload), encoding="utf-8")
    elif raw:
        path.write_bytes(raw)

    line = assert_one_line_error(harbor(data_dir, "import", path), starts)
    if raw is None:
        assert line.endswith(
            "field 'notes': must be at most 5,000 characters (it has 5,001, and nothing was saved)"
        )
    assert dump(data_dir) == before


def test_csv_export_writes_one_file_per_table(data_dir: Path, tmp_path: Path) -> None:
    loaded = with_demo(data_dir)
    out = tmp_path / "csv"
    result = harbor(data_dir, "export", "--format", "csv", "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    for table in TABLES:
        with (out / f"{table}.csv").open(newline="", encoding="utf-8-sig") as handle:
            header, *rows = list(csv.reader(handle))
        assert header[0] == "id"
        assert len(rows) == loaded[table], table


# -- backup ---------------------------------------------------------------------------------


def test_backup_writes_a_sound_snapshot(data_dir: Path, tmp_path: Path) -> None:
    loaded = with_demo(data_dir)
    out = tmp_path / "snapshots" / "harbor-copy.db"
    result = harbor(data_dir, "backup", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Snapshot written to {out}.\n"
    with sqlite3.connect(out) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = {
            table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in TABLES
        }
    copy.close()
    assert copied == loaded


@pytest.mark.postgres
def test_backup_on_postgres_says_to_use_pg_dump(
    data_dir: Path, tmp_path: Path, postgres_database: str
) -> None:
    result = harbor(
        data_dir, "backup", "--out", tmp_path / "copy.db", database_url=postgres_database
    )
    assert "pg_dump" in assert_one_line_error(result)
    assert not (tmp_path / "copy.db").exists()


# -- delete-all -----------------------------------------------------------------------------


def test_delete_all_without_yes_deletes_nothing(data_dir: Path) -> None:
    loaded = with_demo(data_dir)
    result = harbor(data_dir, "delete-all")
    line = assert_one_line_error(result)
    assert line == "harbor: delete-all removes every family's data; add --yes to confirm"
    assert counts(data_dir) == loaded


def test_delete_all_with_yes_leaves_no_trace(data_dir: Path, tmp_path: Path) -> None:
    with_demo(data_dir)
    with opened(tmp_path / "other") as store:
        store.create_family(NewFamily("The Other family", "Kim", "Lee"))
        backup.export_json(store, tmp_path / "other.json")
    assert harbor(data_dir, "import", tmp_path / "other.json").returncode == 0
    assert list((data_dir / "backups").glob("harbor-before-import-*.db")), "a safety copy"
    files = [data_dir / "harbor.db", data_dir / "harbor.db-wal"]
    before = b"".join(path.read_bytes() for path in files if path.exists())
    assert b"Okafor" in before

    result = harbor(data_dir, "delete-all", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Deleted all data.\n"
    for path in files:
        if path.exists():
            content = path.read_bytes()
            for secret in (b"Okafor", b"Jordan (demo)", b"Riverside", b"CRAFT session"):
                assert secret not in content, (path.name, secret)
    assert counts(data_dir) == dict.fromkeys(TABLES, 0)
    assert list((data_dir / "backups").glob("harbor-before-*")) == []


# -- remove-lock ----------------------------------------------------------------------------


def test_remove_lock_needs_yes_then_opens_every_family(data_dir: Path) -> None:
    from dashboard.lock import is_locked, set_lock

    with opened(data_dir) as store:
        family = store.create_family(NewFamily("The Locked family", "Sam", "Alex"))
        set_lock(family, "forgotten phrase", "forgotten phrase")
    refused = harbor(data_dir, "remove-lock")
    assert assert_one_line_error(refused) == (
        "harbor: remove-lock turns off every family's privacy lock; add --yes to confirm"
    )
    with opened(data_dir) as store:
        assert is_locked(store.household(family.id))

    result = harbor(data_dir, "remove-lock", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Removed the privacy lock from 1 family.\n"
    with opened(data_dir) as store:
        assert not is_locked(store.household(family.id))
