"""Cached views: one per store, household, data version and arguments, never shared."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import views
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
    while twin.data_version() < household.data_version():  # the same key but for the store
        twin.update(twin.info())
    assert twin.data_version() == household.data_version()
    assert period_summary(twin, TODAY, TODAY, loved_one).wins == 0
