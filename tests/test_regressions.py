"""Regression tests for bugs found in review: bidi, messages, versions, references, NUL, files."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dashboard import backup
from dashboard.records import Household, LovedOne, RecordInvalid, validate_record
from dashboard.store import NewFamily, Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("raw", ["\u202e Sam", "Sam \u2066", "\u202e \u202c"])
def test_bidi_then_whitespace_is_stripped(raw: str) -> None:
    try:
        name = validate_record(
            LovedOne, {"household_id": uuid.uuid4(), "display_name": raw}
        ).display_name
    except RecordInvalid:
        name = None
    assert name in ("Sam", None) and (raw.strip("\u202e\u202c \u2066") == "" or name == "Sam")


@pytest.mark.parametrize(
    ("raw", "friendly"), [("", "cannot be empty"), ("x" * 81, "must be at most 80 characters")]
)
def test_name_length_messages_are_friendly(raw: str, friendly: str) -> None:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(Household, {"name": raw})
    assert friendly in str(caught.value)


@pytest.mark.parametrize("version", [True, 1.0])
def test_version_must_be_the_integer_1(
    sqlite_store: Store,
    tmp_path: Path,
    version: object,
    other_family_payload: Callable[[], dict[str, Any]],
    write: Callable[[Path, dict[str, Any]], Path],
) -> None:
    payload = other_family_payload()
    payload["version"] = version
    with pytest.raises(backup.ImportRejected):
        backup.import_file(sqlite_store, write(tmp_path / "b.json", payload))


def test_unknown_loved_one_is_named(
    store: Store,
    tmp_path: Path,
    other_family_payload: Callable[[], dict[str, Any]],
    write: Callable[[Path, dict[str, Any]], Path],
) -> None:
    payload = other_family_payload()
    payload["daily_checkins"][0]["loved_one_id"] = str(uuid.uuid4())
    with pytest.raises(backup.ImportRejected) as caught:
        backup.import_file(store, write(tmp_path / "b.json", payload))
    assert str(caught.value).startswith("daily_checkins[0] (id ")
    assert "field 'loved_one_id'" in str(caught.value)


def test_cross_household_references_are_rejected(
    store: Store,
    tmp_path: Path,
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], dict[str, Any]],
    write: Callable[[Path, dict[str, Any]], Path],
) -> None:
    a = store.create_family(NewFamily("A family", "Sam", "Alex"))
    b = store.create_family(NewFamily("B family", "Kai", "Rin"))
    payload = other_family_payload()
    row = payload["daily_checkins"][0] | {
        "household_id": str(a.id),
        "loved_one_id": str(b.loved_ones()[0].id),
        "logged_by": str(b.family_members()[0].id),
    }
    payload = {"format": "harbor-backup", "version": 1, "daily_checkins": [row]}
    before = dump(store)
    with pytest.raises(backup.ImportRejected):
        backup.import_file(store, write(tmp_path / "b.json", payload))
    assert dump(store) == before


def test_nul_in_a_note_is_rejected_cleanly(
    store: Store,
    tmp_path: Path,
    other_family_payload: Callable[[], dict[str, Any]],
    write: Callable[[Path, dict[str, Any]], Path],
) -> None:
    payload = other_family_payload()
    payload["daily_checkins"][0]["notes"] = "a\u0000b"
    with pytest.raises(backup.ImportRejected, match=r"daily_checkins\[0\].*'notes'"):
        backup.import_file(store, write(tmp_path / "b.json", payload))


def test_export_to_a_folder_fails_in_one_line_and_leaves_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    env = {"HARBOR_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
