"""Cached views: one per store, household, data version and arguments, never shared."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from dashboard import charts, views
from dashboard.db.schema import households
from dashboard.records import DailyCheckin, SmallWin
from dashboard.store import HouseholdStore, NewFamily, Store
from dashboard.views.home import home_overview
from dashboard.views.session import period_summary
from dashboard.views.wins import wins_view

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _no_cached_views() -> None:
    views.clear()


def family(store: Store, name: str, win: str) -> HouseholdStore:
    household = store.create_family(NewFamily(name, f"{name} loved one", f"{name} carer"))
    loved_one = household.loved_ones()[0]
    household.create(SmallWin, {"loved_one_id": loved_one.id, "day": TODAY, "text": win})
    return household


def test_two_households_never_receive_each_others_view(sqlite_store: Store) -> None:
    rivera = family(sqlite_store, "Rivera", "Rivera went to the gym")
    chen = family(sqlite_store, "Chen", "Chen cooked dinner")
    for household, own, other in ((rivera, "Rivera", "Chen"), (chen, "Chen", "Rivera")):
        loved_one = household.loved_ones()[0].id
        # Twice each: the second call is served from the cache.
        for _ in range(2):
            texts = [w.text for w in wins_view(household, loved_one, TODAY, 10).wins]
            assert any(own in text for text in texts)
            assert not any(other in text for text in texts)


def test_a_write_is_seen_at_once(sqlite_store: Store) -> None:
    household = family(sqlite_store, "Rivera", "A first win")
    loved_one = household.loved_ones()[0].id
    assert period_summary(household, TODAY, TODAY, loved_one).wins == 1
    household.create(SmallWin, {"loved_one_id": loved_one, "day": TODAY, "text": "Another"})
    assert period_summary(household, TODAY, TODAY, loved_one).wins == 2


def test_the_same_view_twice_is_built_once(sqlite_store: Store) -> None:
    household = family(sqlite_store, "Rivera", "A first win")
    loved_one = household.loved_ones()[0].id
    first = home_overview(household, TODAY, loved_one)
    assert home_overview(household, TODAY, loved_one) is first


def test_two_loved_ones_of_one_household_have_their_own_views(sqlite_store: Store) -> None:
    household = family(sqlite_store, "Rivera", "Sam's win")
    sam = household.loved_ones()[0]
    ana = household.create(
        type(sam),
        {**sam.model_dump(exclude={"id", "created_at", "updated_at"}), "display_name": "Ana"},
    )
    household.create(
        DailyCheckin,
        {"loved_one_id": ana.id, "day": TODAY, "observed_use": "none", "mood": 3, "sleep": 3},
    )
    assert period_summary(household, TODAY, TODAY, sam.id).checkins == 0
    assert period_summary(household, TODAY, TODAY, ana.id).checkins == 1
    assert period_summary(household, TODAY, TODAY, ana.id).wins == 0


def test_two_databases_with_the_same_ids_never_share_a_view(tmp_path) -> None:
    """A view is keyed by its store too: a second database is never served the first's."""
    from dashboard.config import Settings

    first = Store.open(Settings(tmp_path / "a", f"sqlite:///{tmp_path / 'a.db'}"))
    second = Store.open(Settings(tmp_path / "b", f"sqlite:///{tmp_path / 'b.db'}"))
    household = family(first, "Rivera", "Only in the first")
    loved_one = household.loved_ones()[0].id
    assert period_summary(household, TODAY, TODAY, loved_one).wins == 1
    copy = second.household  # the same household id in another database
    records = first.dump_all(household.id)
    second.insert_records(
        [r for table in records.values() for r in table if not isinstance(r, SmallWin)]
    )
    twin = copy(household.id)
    with second.writing() as connection:  # the same key, but for the store
        connection.execute(
            update(households)
            .where(households.c.id == household.id)
            .values(data_version=household.data_version())
        )
    assert twin.data_version() == household.data_version()
    assert period_summary(twin, TODAY, TODAY, loved_one).wins == 0


def test_a_family_deleted_and_restored_never_sees_its_old_views(sqlite_store: Store) -> None:
    """Restoring a backup brings back the same ids; its data version starts afresh."""
    household = family(sqlite_store, "Rivera", "Kept in the backup")
    loved_one = household.loved_ones()[0].id
    seen = {household.data_version()}
    backup = [r for table in sqlite_store.dump_all(household.id).values() for r in table]
    household.create(SmallWin, {"loved_one_id": loved_one, "day": TODAY, "text": "Not in it"})
    assert period_summary(household, TODAY, TODAY, loved_one).wins == 2
    seen.add(household.data_version())
    household.delete_household()
    sqlite_store.insert_records(backup)
    restored = sqlite_store.household(household.id)
    for _ in range(2):  # the restored family goes on writing (here: saving its settings)
        assert restored.data_version() not in seen
        restored.update(restored.info())
    assert restored.data_version() not in seen
    assert period_summary(restored, TODAY, TODAY, loved_one).wins == 1


def test_forget_drops_a_deleted_familys_views(sqlite_store: Store) -> None:
    rivera = family(sqlite_store, "Rivera", "A win")
    chen = family(sqlite_store, "Chen", "A win")
    for household in (rivera, chen):
        period_summary(household, TODAY, TODAY, household.loved_ones()[0].id)
    views.forget(rivera.id)
    cached_households = {key[2] for key in views._views}
    assert cached_households == {chen.id}


def test_forget_drops_the_charts_kept_encoded_for_the_browser(sqlite_store: Store) -> None:
    rivera = family(sqlite_store, "Rivera", "A win")
    loved_one = rivera.loved_ones()[0].id
    rivera.create(
        DailyCheckin,
        {"loved_one_id": loved_one, "day": TODAY, "observed_use": "none", "mood": 3, "sleep": 3},
    )
    calendar = wins_view(rivera, loved_one, TODAY, 10).calendar
    assert calendar is not None
    charts.encoded(calendar, "light")
    assert [held for held, _ in charts._encoded.values()] == [calendar]
    views.forget(rivera.id)
    assert not charts._encoded
