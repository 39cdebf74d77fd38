"""`python -m dashboard` as a person runs it: a real subprocess with its own data folder."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

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
    commands = ("demo", "export", "import", "backup", "delete-all", "remove-lock", "migrate")
    for command in (*commands, "handout"):
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
    assert line == (
        "harbor: delete-all removes every family's data and the facilitator's notes; "
        "add --yes to confirm"
    )
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


def test_delete_all_removes_the_facilitators_notes_too(data_dir: Path) -> None:
    """Nothing typed into Harbor on this machine stays behind, not even a group's notes."""
    from dashboard.facilitation import FacilitatorBook

    with_demo(data_dir)
    book = FacilitatorBook(data_dir)
    book.save_note(1, "Room 4 was too small.")
    book.path.write_text("damaged", encoding="utf-8")
    kept = book.set_aside()
    book.save_note(2, "Start on time.")
    result = harbor(data_dir, "delete-all", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Deleted all data, including the facilitator's notes.\n"
    assert not book.path.exists() and not kept.exists()
    assert [p.name for p in data_dir.glob("facilitator*")] == []


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


# -- strict imports: every bad file exits 2 with one line, and nothing changes ------------------

Payload = dict[str, Any]
# A hash as dashboard.lock makes it (argon2-cffi's defaults).
HARBOR_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$pACLhFNuRbdPaXi2kbMh+w"
    "$xqPW8qVsiyV/lhKEo2Ji8EIhXMyL/Ud1Rq53Uui83uo"
)


def _set(table: str, field: str, value: Any) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        payload[table][0][field] = value

    return change


def _planned_event(start: str) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        household = payload["households"][0]["id"]
        payload["treatment_events"] = [
            {
                "id": "6f1d3a9e-2b7c-4e58-9a0d-3c5b7e9f1a24",
                "household_id": household,
                "loved_one_id": payload["loved_ones"][0]["id"],
                "kind": "outpatient",
                "start_date": start,
                "status": "planned",
                "created_at": "2026-06-15T09:00:00Z",
                "updated_at": "2026-06-15T09:00:00Z",
            }
        ]

    return change


def _drop(table: str, field: str) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        del payload[table][0][field]

    return change


# (case, change to a valid backup, the table whose first record is named, its field, words)
STRICT_CASES: list[tuple[str, Callable[[Payload], None], str, str, str]] = [
    ("true as a mood", _set("daily_checkins", "mood", True), "daily_checkins", "mood", "true"),
    ('"3" as a mood', _set("daily_checkins", "mood", "3"), "daily_checkins", "mood", '"3"'),
    ("1.0 as a sleep", _set("daily_checkins", "sleep", 1.0), "daily_checkins", "sleep", "1.0"),
    ("1 as a boolean", _set("daily_checkins", "attended_treatment", 1), "daily_checkins",
     "attended_treatment", "true or false"),
    ("an integer as a date", _set("daily_checkins", "day", 20260601), "daily_checkins", "day",
     "20260601"),
    ("a number as an id", _set("loved_ones", "household_id", 7), "loved_ones", "household_id",
     "must be an id"),
    ("created in 2999", _set("small_wins", "created_at", "2999-01-01T00:00:00Z"), "small_wins",
     "created_at", "between 2000 and"),
    ("updated in 1970", _set("loved_ones", "updated_at", "1970-01-01T00:00:00Z"), "loved_ones",
     "updated_at", "between 2000 and"),
    ("an invalid lock hash", _set("households", "lock_hash", "locked-forever"), "households",
     "lock_hash", "not a passphrase hash"),
    ("a lock hash with absurd costs",
     _set("households", "lock_hash", HARBOR_HASH.replace("m=65536", "m=999999999")),
     "households", "lock_hash", "not a passphrase hash"),
    ("no id", _drop("family_members", "id"), "family_members", "id", "is required"),
    ("a planned event in 2263", _planned_event("2263-01-01"), "treatment_events", "start_date",
     "must be on or before 2200-12-31"),
    ("a name of zero-width spaces", _set("loved_ones", "display_name", "\u200b\u200b"),
     "loved_ones", "display_name", "invisible"),
    ("a Hangul filler as a name", _set("family_members", "display_name", "\u3164"),
     "family_members", "display_name", "invisible"),
    ("a BOM as a name", _set("households", "name", "\ufeff"), "households", "name", "invisible"),
    ("a word joiner as a win", _set("small_wins", "text", "\u2060"), "small_wins", "text",
     "invisible"),
]  # fmt: skip


@pytest.fixture
def resident(data_dir: Path) -> dict[str, list[dict]]:
    """A family already in the CLI's database; returns its contents, to compare after."""
    with opened(data_dir) as store:
        store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    return dump(data_dir)


def _other_family_with_a_win(other_family_payload: Callable[[], Payload]) -> Payload:
    payload = other_family_payload()
    payload["small_wins"] = [
        {
            "id": "1c7e4f0a-9b2d-4c61-8e3f-5a6b7c8d9e01",
            "household_id": payload["households"][0]["id"],
            "loved_one_id": payload["loved_ones"][0]["id"],
            "day": "2026-06-14",
            "text": "Went for a walk",
            "created_at": "2026-06-14T18:00:00Z",
            "updated_at": "2026-06-14T18:00:00Z",
        }
    ]
    return payload


@pytest.mark.parametrize(
    ("change", "table", "field", "words"),
    [case[1:] for case in STRICT_CASES],
    ids=[case[0] for case in STRICT_CASES],
)
def test_a_strictly_bad_record_exits_2_naming_the_record_and_field(
    data_dir: Path,
    tmp_path: Path,
    resident: dict[str, list[dict]],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
    change: Callable[[Payload], None],
    table: str,
    field: str,
    words: str,
) -> None:
    payload = _other_family_with_a_win(other_family_payload)
    change(payload)
    record_id = payload[table][0].get("id")
    where = f"{table}[0] (id {record_id})" if record_id else f"{table}[0]"
    line = assert_one_line_error(
        harbor(data_dir, "import", write(tmp_path / "harbor.json", payload)),
        f"{where}, field '{field}': ",
    )
    assert words in line
    assert dump(data_dir) == resident


def test_the_unchanged_strict_base_imports(
    data_dir: Path,
    tmp_path: Path,
    resident: dict[str, list[dict]],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    """Each case above fails for its one change, not because of the base file."""
    payload = _other_family_with_a_win(other_family_payload)
    payload["households"][0]["lock_hash"] = HARBOR_HASH
    _planned_event("2200-12-31")(payload)
    result = harbor(data_dir, "import", write(tmp_path / "harbor.json", payload))
    assert result.returncode == 0, result.stderr
    assert "Imported 8 new records." in result.stdout.splitlines()


def _json_text(payload: Payload) -> str:
    return json.dumps(payload, ensure_ascii=False)


# (case, how the file's text is changed, the start of the one line)
FILE_CASES: list[tuple[str, Callable[[str], str], str]] = [
    (
        "a key twice in a record",
        lambda text: text.replace('"mood": 3,', '"mood": 3, "mood": 5,', 1),
        "daily_checkins[0] (id ",
    ),
    (
        "a table twice",
        lambda text: text.replace('"small_wins": [', '"small_wins": [], "small_wins": [', 1),
        'harbor.json: "small_wins" appears twice in the file',
    ),
    (
        "a misspelled table",
        lambda text: text.replace('"small_wins"', '"small_winz"', 1),
        'harbor.json: "small_winz" is not a table Harbor knows (did you mean "small_wins"?)',
    ),
    (
        "a key twice deeper down",
        lambda text: text.replace(
            '"exported_at": "2026-06-15Z"', '"exported_at": {"a": 1, "a": 2}'
        ),
        'harbor.json: the key "a" appears twice in one object',
    ),
]


@pytest.mark.parametrize(
    ("change", "starts"), [case[1:] for case in FILE_CASES], ids=[case[0] for case in FILE_CASES]
)
def test_a_bad_file_structure_exits_2_with_one_line(
    data_dir: Path,
    tmp_path: Path,
    resident: dict[str, list[dict]],
    other_family_payload: Callable[[], Payload],
    change: Callable[[str], str],
    starts: str,
) -> None:
    text = _json_text(_other_family_with_a_win(other_family_payload))
    changed = change(text)
    assert changed != text
    path = tmp_path / "harbor.json"
    path.write_text(changed, encoding="utf-8")
    line = assert_one_line_error(harbor(data_dir, "import", path), starts)
    if starts.startswith("daily_checkins"):
        assert line.endswith("field 'mood': appears twice in this record")
    assert dump(data_dir) == resident


def test_a_utf8_byte_order_mark_is_accepted(
    data_dir: Path,
    tmp_path: Path,
    other_family_payload: Callable[[], Payload],
) -> None:
    """Some editors add a BOM when they save: Harbor skips it and reads the file."""
    path = tmp_path / "harbor.json"
    path.write_bytes(b"\xef\xbb\xbf" + _json_text(other_family_payload()).encode("utf-8"))
    result = harbor(data_dir, "import", path)
    assert result.returncode == 0, result.stderr
    assert "Imported 6 new records." in result.stdout.splitlines()


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.json"
    os.mkfifo(path)
    return path


def _link_to_dev_zero(folder: Path) -> Path:
    path = folder / "zero.json"
    path.symlink_to("/dev/zero")
    return path


def _folder(folder: Path) -> Path:
    path = folder / "folder.json"
    path.mkdir()
    return path


def _too_big(folder: Path) -> Path:
    path = folder / "huge.json"
    with path.open("wb") as handle:  # sparse: takes no room on disk
        handle.truncate(backup.MAX_BACKUP_BYTES + 1)
    return path


SPECIAL_FILES = [
    ("a named pipe", _fifo, "it is a named pipe; Harbor imports only a backup file"),
    ("a link to /dev/zero", _link_to_dev_zero, "it is a device; Harbor imports only a backup file"),
    (
        "/dev/zero",
        lambda folder: Path("/dev/zero"),
        "it is a device; Harbor imports only a backup file",
    ),
    ("a folder", _folder, "it is a folder; Harbor imports only a backup file"),
    ("over 50 MB", _too_big, "it is larger than 50 MB, more than any Harbor backup"),
]


@pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in SPECIAL_FILES], ids=[c[0] for c in SPECIAL_FILES]
)
def test_only_a_regular_file_is_read(
    data_dir: Path,
    tmp_path: Path,
    resident: dict[str, list[dict]],
    make: Callable[[Path], Path],
    words: str,
) -> None:
    """No hang on a pipe, no endless read of a device: exit 2 and one line, at once."""
    path = make(tmp_path)
    line = assert_one_line_error(harbor(data_dir, "import", path), f"cannot read {path}: ")
    assert line.endswith(words)
    assert dump(data_dir) == resident


# -- which households a file touches ------------------------------------------------------------


def test_import_says_which_households_the_file_touches(
    data_dir: Path,
    tmp_path: Path,
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    with opened(data_dir) as store:
        family = store.create_family(NewFamily("The Test family", "Sam", "Alex"))
        mine = backup.export_payload(store, family.id)
    other = other_family_payload()
    both = {key: mine[key] + other[key] if key in TABLES else mine[key] for key in mine}
    path = write(tmp_path / "harbor.json", both)
    expected = [
        "Households in this file (2):",
        f"  The Test family (id {family.id}): already here, 0 new records",
        f"  The Other family (id {other['households'][0]['id']}): new here, 6 new records",
    ]

    dry = harbor(data_dir, "import", "--dry-run", path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[:3] == expected
    assert counts(data_dir)["households"] == 1

    result = harbor(data_dir, "import", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == expected
    assert counts(data_dir)["households"] == 2
    again = harbor(data_dir, "import", path)
    assert again.stdout.splitlines()[2].endswith("already here, 0 new records")
    assert "Imported 0 new records." in again.stdout.splitlines()


def test_a_file_aimed_at_another_household_is_refused(
    data_dir: Path,
    tmp_path: Path,
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    """The owner's CLI may add to any household, but never mixes two: a record may not take
    another family's id, nor point at another family's loved one."""
    with opened(data_dir) as store:
        victim = store.create_family(NewFamily("The Victim family", "Kim", "Lee"))
        victims_loved_one = victim.loved_ones()[0].id
    before = dump(data_dir)
    taken = other_family_payload()
    taken["loved_ones"][0]["id"] = str(victims_loved_one)
    for checkin in taken["daily_checkins"]:
        checkin["loved_one_id"] = str(victims_loved_one)
    line = assert_one_line_error(harbor(data_dir, "import", write(tmp_path / "a.json", taken)))
    assert f"loved_ones[0] (id {victims_loved_one}), field 'household_id'" in line
    assert "belongs to another household" in line

    pointed = other_family_payload()
    pointed["daily_checkins"][0]["loved_one_id"] = str(victims_loved_one)
    line = assert_one_line_error(harbor(data_dir, "import", write(tmp_path / "b.json", pointed)))
    assert "daily_checkins[0] (id " in line and "field 'loved_one_id'" in line
    assert "belongs to another household" in line
    assert dump(data_dir) == before


# -- report ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("--from", "2026-06-10", "--to", "2026-06-01"), "reversed: --from 2026-06-10"),
        (("--from", "2026-02-30", "--to", "2026-03-01"), "--from '2026-02-30' is not a date"),
        (("--to", "yesterday"), "--to 'yesterday' is not a date"),
        (("--from", "0001-01-01"), "--from 0001-01-01 must be between 1900-01-01 and"),
        (("--household", "00000000-0000-4000-8000-000000000000"), "no family has the id"),
        (("--loved-one", "nobody"), "no loved one has the id 'nobody'"),
    ],
    ids=[
        "reversed",
        "no-such-day",
        "not-a-date",
        "before-1900",
        "unknown-household",
        "unknown-loved-one",
    ],
)
def test_report_refuses_bad_input_in_one_line_and_writes_nothing(
    data_dir: Path, tmp_path: Path, args: tuple[str, ...], names: str
) -> None:
    with_demo(data_dir)
    out = tmp_path / "report.html"
    line = assert_one_line_error(harbor(data_dir, "report", *args, "--out", out))
    assert names in line
    assert not out.exists()


@pytest.mark.parametrize(
    ("out", "names"),
    [
        ("missing-folder/report.pdf", "does not exist or is not writable"),
        ("report.txt", "must end in .html or .pdf"),
        (".", "must end in .html or .pdf"),
    ],
)
def test_report_refuses_a_path_it_cannot_write(
    data_dir: Path, tmp_path: Path, out: str, names: str
) -> None:
    with_demo(data_dir)
    before = sorted(tmp_path.rglob("*"))
    line = assert_one_line_error(harbor(data_dir, "report", "--out", tmp_path / out))
    assert names in line
    assert sorted(tmp_path.rglob("*")) == before


def test_report_writes_the_html_for_the_demo(data_dir: Path, tmp_path: Path) -> None:
    with_demo(data_dir)
    out = tmp_path / "session.html"
    result = harbor(
        data_dir,
        "report",
        "--from",
        "2026-05-10",
        "--to",
        "2026-06-15",
        "--out",
        out,
        "--roles",
        "my son",
    )
    assert result.returncode == 0, result.stderr
    body = out.read_text(encoding="utf-8").split("<body>", 1)[1]  # plotly.js names Jordan
    assert "Questions for the care team" in body
    assert "Jordan" not in body and "my son" in body
    assert not (tmp_path / ".session.html.part").exists()


# -- handout: group handout packs, no database -------------------------------------------------


def test_handout_writes_a_pdf_and_opens_no_database(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "session-4.pdf"
    result = harbor(data_dir, "handout", "--session", "4", "--out", out, "--region", "UK")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert "session 4" in result.stdout
    assert not (data_dir / "harbor.db").exists()


def test_handout_writes_the_whole_programme_as_large_print_html(tmp_path: Path) -> None:
    from dashboard.cli import main

    out = tmp_path / "all.html"
    assert main(["handout", "--session", "all", "--out", str(out), "--large-print"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "font-size:18pt" in html and "Session 10:" in html
    assert "988" in html  # the default region's crisis line
    assert [p.name for p in tmp_path.iterdir()] == ["all.html"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--session", "11"], "no session '11'; choose a number from 1 to 10, or all"),
        (["--session", "two"], "no session 'two'"),
        (
            ["--session", "2", "--region", "FR"],
            "unknown region 'FR'; choose one of AU, CA, IE, NZ, UK, US, ZZ",
        ),
    ],
)
def test_handout_with_a_bad_session_or_region_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    from dashboard.cli import main

    out = tmp_path / "pack.pdf"
    assert main(["handout", "--out", str(out), *args]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"harbor: {message}")
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("pack.txt", "--out must end in .pdf or .html, not 'pack.txt'"),
        ("missing/pack.pdf", "cannot write"),
        ("folder.pdf", "is a folder"),
    ],
)
def test_handout_with_a_bad_path_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    from dashboard.cli import main

    (tmp_path / "folder.pdf").mkdir()
    before = sorted(tmp_path.rglob("*"))
    assert main(["handout", "--session", "1", "--out", str(tmp_path / name)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("harbor: ") and message in lines[0]
    assert sorted(tmp_path.rglob("*")) == before
