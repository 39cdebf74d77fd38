"""Busy, never broken: a save that meets a locked database says so calmly, keeps the form.

Another connection holds SQLite's write lock (BEGIN IMMEDIATE), as a large import or a
second app process would; the busy timeout is made short so the test does not wait 10 s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.db import engine
from dashboard.records import DailyCheckin, FamilyMember
from dashboard.store import BUSY_MESSAGE, HouseholdStore, Store, StoreBusy

LOG = "pages/05_Log.py"
SHORT_TIMEOUT_MS = 200


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Engines made from now on give up on a held lock after 0.2 s instead of 10 s."""
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", SHORT_TIMEOUT_MS)
    monkeypatch.setattr(
        engine,
        "SQLITE_PRAGMAS",
        tuple(
            f"PRAGMA busy_timeout={SHORT_TIMEOUT_MS}" if "busy_timeout" in pragma else pragma
            for pragma in engine.SQLITE_PRAGMAS
        ),
    )


@contextmanager
def write_lock_held(database: Path) -> Iterator[None]:
    """Another connection holds the write lock until the block ends."""
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_held_write_lock_becomes_store_busy(
    family: HouseholdStore,
    data_dir: Path,
    short_busy_timeout: None,
    open_store: Callable[[Any], Store],
) -> None:
    store = open_store(data_dir)
    household = store.household(family.id)
    with write_lock_held(data_dir / "harbor.db"), pytest.raises(StoreBusy) as caught:
        household.create(FamilyMember, {"display_name": "Jo"})
    assert str(caught.value) == BUSY_MESSAGE
    assert [m.display_name for m in family.family_members()] == ["Alex"]
    store.engine.dispose()


def test_the_log_form_says_busy_calmly_and_keeps_what_was_typed(
    family: HouseholdStore,
    data_dir: Path,
    short_busy_timeout: None,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
) -> None:
    at = app(LOG).run()
    note = "Quiet day; we cooked together"
    by_label(at.radio, "Use observed").set_value("none")
    by_label(at.text_area, "Note").input(note)
    save = next(b for b in at.button if b.label.startswith("Save"))
    with write_lock_held(data_dir / "harbor.db"):
        save.click()
        at = at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [BUSY_MESSAGE]
    assert not at.error and not at.success
    assert by_label(at.text_area, "Note").value == note, "the form keeps every word"
    assert by_label(at.radio, "Use observed").value == "none"
    assert family.count(DailyCheckin) == 0

    # Once the other save is done, the same press saves what was typed.
    next(b for b in at.button if b.label.startswith("Save")).click()
    at = at.run()
    assert not at.exception and not at.warning
    [saved] = family.list(DailyCheckin)
    assert (saved.notes, saved.observed_use) == (note, "none")


def test_onboarding_on_a_busy_database_says_so_and_keeps_the_names(
    data_dir: Path,
    short_busy_timeout: None,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
) -> None:
    open_store(data_dir).engine.dispose()  # the database exists, with no family yet
    at = app().run()
    by_label(at.text_input, "Family name").input("The Rivera family")
    by_label(at.text_input, "Your loved one").input("Sam")
    by_label(at.text_input, "Your first name").input("Maria")
    create = next(b for b in at.button if b.label.startswith("Create my family"))
    with write_lock_held(data_dir / "harbor.db"):
        create.click()
        at = at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [BUSY_MESSAGE]
    assert by_label(at.text_input, "Family name").value == "The Rivera family"
    assert open_store(data_dir).households() == []


def test_turning_on_the_lock_on_a_busy_database_says_so_and_locks_nothing(
    family: HouseholdStore,
    data_dir: Path,
    short_busy_timeout: None,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
) -> None:
    at = app("pages/12_Settings.py").run()
    by_label(at.text_input, "Passphrase").input("a long passphrase")
    by_label(at.text_input, "Repeat passphrase").input("a long passphrase")
    turn_on = next(b for b in at.button if b.label == "Turn on the lock")
    with write_lock_held(data_dir / "harbor.db"):
        turn_on.click()
        at = at.run()
    assert not at.exception
    assert BUSY_MESSAGE in [e.value for e in at.error]
    assert family.info().lock_hash is None
