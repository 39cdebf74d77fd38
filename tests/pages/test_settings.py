"""Settings through AppTest: the privacy lock, restoring from a backup file, and deleting."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, views
from dashboard.backup import export_payload
from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.lock import set_lock
from dashboard.records import DailyCheckin, SmallWin
from dashboard.store import HouseholdStore, NewFamily, Store

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "pages").glob("*.py"))
SETTINGS = "pages/12_Settings.py"
PASSPHRASE = "harbour lights"


@pytest.fixture
def locked(family: HouseholdStore) -> HouseholdStore:
    set_lock(family, PASSPHRASE, PASSPHRASE)
    return family


def shown(markdown: str) -> str:
    """What a person reads: Markdown escapes (a backslash before punctuation) dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def visible_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "text", "info")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def page_links(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("page_link")] + [
        e.proto.label for e in at.sidebar.get("page_link")
    ]


@pytest.fixture
def unlock(
    by_label: Callable[[Any, str], Any], submit: Callable[[AppTest, str], AppTest]
) -> Callable[[AppTest, str], AppTest]:
    """Returns `unlock(at, passphrase)`: type the passphrase and press Unlock."""

    def type_it(at: AppTest, passphrase: str) -> AppTest:
        by_label(at.text_input, "Passphrase").input(passphrase)
        return submit(at, "Unlock")

    return type_it


# -- the lock -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [None, *PAGES])
def test_a_locked_family_shows_only_the_passphrase_and_crisis_lines(
    locked: HouseholdStore, page: str | None, app: Callable[..., AppTest]
) -> None:
    at = app(page).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Harbor is locked"]
    text = visible_text(at)
    assert "988" in text and "call 911" in text
    assert "The Test family" not in text and "Sam" not in text
    assert page_links(at) == [], "no navigation while locked"
    assert [w.label for w in at.text_input] == ["Passphrase"]


def test_the_wrong_passphrase_is_refused_and_the_right_one_opens(
    locked: HouseholdStore,
    app: Callable[..., AppTest],
    crisis_bar: Callable[[AppTest], str],
    unlock: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    at = unlock(at, "not it at all")
    assert "Passphrase: that is not it" in at.error[0].value
    assert [t.value for t in at.title] == ["Harbor is locked"]
    at = unlock(at, PASSPHRASE)
    assert not at.error
    assert "Harbor is locked" not in [t.value for t in at.title]
    assert crisis_bar(at)
    at.switch_page("pages/05_Log.py")
    at = at.run()
    assert [t.value for t in at.title] == ["Log"], "unlocking once opens every page"


def test_lock_now_locks_this_session_again(
    locked: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    unlock: Callable[[AppTest, str], AppTest],
) -> None:
    at = unlock(app().run(), PASSPHRASE)
    by_label(at.sidebar.button, "Lock Harbor now").click()
    at = at.run()
    assert [t.value for t in at.title] == ["Harbor is locked"]


def test_turn_on_the_lock_in_settings(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app(SETTINGS).run()
    by_label(at.text_input, "Passphrase").input(PASSPHRASE)
    by_label(at.text_input, "Repeat passphrase").input(PASSPHRASE)
    at = submit(at, "Turn on the lock")
    assert not at.error
    assert any("The lock is on" in s.value for s in at.success)
    assert family.info().lock_hash is not None
    # This session stays open; a new one starts locked.
    assert "Harbor is locked" not in [t.value for t in at.title]
    assert [t.value for t in app().run().title] == ["Harbor is locked"]


def test_mismatched_passphrases_are_refused_and_nothing_locked(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app(SETTINGS).run()
    by_label(at.text_input, "Passphrase").input(PASSPHRASE)
    by_label(at.text_input, "Repeat passphrase").input(PASSPHRASE + "!")
    at = submit(at, "Turn on the lock")
    assert "Repeat passphrase" in at.error[0].value
    assert family.info().lock_hash is None


def test_turn_off_the_lock_needs_the_current_passphrase(
    locked: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
    unlock: Callable[[AppTest, str], AppTest],
) -> None:
    at = unlock(app(SETTINGS).run(), PASSPHRASE)
    by_label(at.text_input, "Current passphrase").input("wrong passphrase")
    at = submit(at, "Turn off the lock")
    assert "Current passphrase" in at.error[0].value
    assert locked.info().lock_hash is not None
    by_label(at.text_input, "Current passphrase").input(PASSPHRASE)
    at = submit(at, "Turn off the lock")
    assert locked.info().lock_hash is None


def test_a_locked_family_is_not_listed_in_another_familys_selector(
    locked: HouseholdStore,
    data_dir: Any,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
) -> None:
    store = open_store(data_dir)
    other = store.create_family(NewFamily("The Open family", "Kim", "Lee"))
    at = app()
    at.session_state["household_id"] = str(other.id)
    at = at.run()
    assert not at.sidebar.selectbox or "The Test family" not in at.sidebar.selectbox[0].options


# -- restore from a backup ------------------------------------------------------------------


@pytest.fixture
def backup_of_demo(demo_today: date) -> Callable[[Any], bytes]:
    """Returns `backup_of_demo(folder)`: a JSON backup of the demo family, made in `folder`."""

    def make(tmp_path: Any) -> bytes:
        source = Store.open(Settings(tmp_path, f"sqlite:///{tmp_path / 'source.db'}"))
        load_demo(source, today=demo_today)
        return json.dumps(export_payload(source)).encode("utf-8")

    return make


@pytest.fixture
def own_backup(family: HouseholdStore, demo_today: date) -> Callable[[int], bytes]:
    """Returns `own_backup(missing)`: a backup of the open family holding `missing` check-ins
    that are not in the database (as if they were lost since the backup was made)."""

    def make(missing: int) -> bytes:
        payload = export_payload(family.store, family.id)
        loved_one = family.loved_ones()[0]
        payload["daily_checkins"] += [
            DailyCheckin(
                household_id=family.id,
                loved_one_id=loved_one.id,
                day=demo_today - timedelta(days=offset),
                mood=3,
                sleep=3,
                notes=f"restored note {offset}",
            ).model_dump(mode="json")
            for offset in range(missing)
        ]
        return json.dumps(payload).encode("utf-8")

    return make


def test_restore_previews_then_imports_after_confirmation(
    family: HouseholdStore,
    data_dir: Any,
    app: Callable[..., AppTest],
    own_backup: Callable[[int], bytes],
) -> None:
    at = app(SETTINGS).run()
    at.file_uploader[0].upload("harbor-backup.json", own_backup(3), "application/json")
    at = at.run()
    preview = at.dataframe[-1].value
    row = preview[preview["Records"] == "Daily check-in"].iloc[0]
    assert row["In the file"] == row["New here"] == 3
    assert family.count(DailyCheckin) == 0, "nothing is written before confirming"
    confirm = next(b for b in at.button if b.label.startswith("Import "))
    confirm.click()
    at = at.run()
    assert any("Imported 3 records" in s.value for s in at.success)
    assert family.count(DailyCheckin) == 3
    assert list((data_dir / "backups").glob("harbor-before-import-*.db"))


def test_another_familys_backup_is_refused_in_settings(
    family: HouseholdStore,
    tmp_path: Any,
    app: Callable[..., AppTest],
    backup_of_demo: Callable[[Any], bytes],
    open_store: Callable[[Any], Store],
    data_dir: Any,
) -> None:
    at = app(SETTINGS).run()
    at.file_uploader[0].upload("harbor-backup.json", backup_of_demo(tmp_path), "application/json")
    at = at.run()
    message = shown(at.error[0].value)
    assert "nothing was changed" in message
    assert "households[0] (id " in message and "field 'id': names another family" in message
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert [h.id for h in open_store(data_dir).households()] == [family.id]


def test_a_bad_backup_file_is_refused_and_nothing_changes(
    family: HouseholdStore, data_dir: Any, app: Callable[..., AppTest]
) -> None:
    at = app(SETTINGS).run()
    at.file_uploader[0].upload("notes.json", b'{"format": "something else"}', "application/json")
    at = at.run()
    assert "nothing was changed" in at.error[0].value
    assert "format" in at.error[0].value
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert family.count(DailyCheckin) == 0 and family.count(SmallWin) == 0


def test_a_new_computer_can_start_from_a_backup(
    data_dir: Any,
    tmp_path: Any,
    app: Callable[..., AppTest],
    backup_of_demo: Callable[[Any], bytes],
) -> None:
    raw = backup_of_demo(tmp_path / "source")
    at = app().run()
    at.file_uploader[0].upload("harbor-backup.json", raw, "application/json")
    at = at.run()
    next(b for b in at.button if b.label.startswith("Import ")).click()
    at = at.run()
    assert any("Imported" in s.value for s in at.success)
    at = app().run()
    assert [t.value for t in at.title] == ["Today"]


def test_deleting_the_family_also_removes_the_safety_copies(
    family: HouseholdStore,
    data_dir: Any,
    app: Callable[..., AppTest],
    own_backup: Callable[[int], bytes],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    raw = own_backup(1)
    at = app(SETTINGS).run()
    at.file_uploader[0].upload("harbor-backup.json", raw, "application/json")
    at = at.run()
    next(b for b in at.button if b.label.startswith("Import ")).click()
    at = at.run()
    assert list((data_dir / "backups").glob("harbor-before-import-*.db"))
    at.text_input(key="delete_confirmation").input("DELETE")
    at = submit(at.run(), "Delete everything")
    assert not at.exception
    assert list((data_dir / "backups").glob("harbor-before-*")) == []


# -- deleting the family --------------------------------------------------------------------


def test_deleting_the_family_confirms_after_the_rerun(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app(SETTINGS).run()
    at.text_input(key="delete_confirmation").input("DELETE")
    at = submit(at.run(), "Delete everything")
    assert not at.exception
    assert [s.value for s in at.success] == ["Your family's data was deleted."]
    assert any("no family set up yet" in i.value for i in at.info)


def test_after_deleting_another_family_is_not_one_click_from_deletion(
    family: HouseholdStore,
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    other = open_store(data_dir).create_family(NewFamily("The Other family", "Kim", "Lee"))
    at = app(SETTINGS)
    at.session_state["household_id"] = str(family.id)
    at = at.run()
    at.text_input(key="delete_confirmation").input("DELETE")
    at = submit(at.run(), "Delete everything")
    assert [s.value for s in at.success] == ["Your family's data was deleted."]
    assert [h.id for h in open_store(data_dir).households()] == [other.id]
    assert at.text_input(key="delete_confirmation").value == ""
    assert by_label(at.button, "Delete everything").disabled


def test_saving_the_family_details_confirms_after_the_rerun(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    crisis_bar: Callable[[AppTest], str],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app(SETTINGS).run()
    by_label(at.selectbox, "Region").set_value("AU")
    at = submit(at, "Save")
    assert [s.value for s in at.success] == ["Family details saved."]
    assert "call 000" in crisis_bar(at)


def test_deleting_the_family_drops_its_cached_views_and_encoded_charts(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    """A chart drawn once stays encoded in this process's memory (charts.encoded); deleting
    the family lets it go with the family's views, so none of its data stays in memory."""
    loved_one = family.loved_ones()[0]
    family.create(
        DailyCheckin,
        {
            "loved_one_id": loved_one.id,
            "day": date.today() - timedelta(days=1),
            "observed_use": "none",
            "mood": 3,
            "sleep": 3,
        },
    )
    at = app("pages/07_Wins.py").run()
    assert not at.exception
    assert at.get("plotly_chart")
    assert charts._encoded  # the Wins calendar, kept encoded for the next rerun
    assert any(key[2] == family.id for key in views._views)
    at.switch_page(SETTINGS).run()
    at.text_input(key="delete_confirmation").input("DELETE")
    at = submit(at.run(), "Delete everything")
    assert not at.exception
    assert not charts._encoded
    assert not [key for key in views._views if key[2] == family.id]
