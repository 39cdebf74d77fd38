"""Store reads filter by loved one and family member in SQL; new records are stamped once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.records import (
    CaregiverCheckin,
    DailyCheckin,
    LovedOne,
    ModuleRead,
    RecordInvalid,
    SmallWin,
    WarningSignTick,
)
from dashboard.store import HouseholdStore, NewFamily, Store, WrongHousehold

DAY = date(2026, 6, 1)


@pytest.fixture
def family(sqlite_store: Store) -> HouseholdStore:
    return sqlite_store.create_family(NewFamily("Rivera", "Sam", "Alex"))


def second_loved_one(family: HouseholdStore) -> LovedOne:
    sam = family.loved_ones()[0]
    return family.create(LovedOne, {"display_name": "Ana", "timezone": sam.timezone})


def checkin(loved_one: LovedOne, day: date) -> dict:
    return {"loved_one_id": loved_one.id, "day": day, "observed_use": "none", "mood": 3, "sleep": 3}


def test_new_stamps_the_household_and_who_logged_it(family: HouseholdStore) -> None:
    sam, alex = family.loved_ones()[0], family.family_members()[0]
    win = family.new(SmallWin, {"loved_one_id": sam.id, "day": DAY, "text": "Went out"}, alex.id)
    assert (win.household_id, win.logged_by) == (family.id, alex.id)


def test_new_never_takes_a_household_from_the_form(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]
    other = family.store.create_family(NewFamily("Chen", "Mei", "Li"))
    values = {"household_id": other.id, "loved_one_id": sam.id, "day": DAY, "text": "Went out"}
    assert family.new(SmallWin, values).household_id == family.id


def test_new_leaves_logged_by_off_records_that_have_none(family: HouseholdStore) -> None:
    alex = family.family_members()[0]
    ana = family.new(LovedOne, {"display_name": "Ana"}, alex.id)
    assert "logged_by" not in ana.model_dump()


def test_create_refuses_a_loved_one_of_another_family(family: HouseholdStore) -> None:
    other = family.store.create_family(NewFamily("Chen", "Mei", "Li"))
    mei = other.loved_ones()[0]
    with pytest.raises(WrongHousehold):
        family.create(SmallWin, {"loved_one_id": mei.id, "day": DAY, "text": "Not ours"})
    assert other.list(SmallWin) == family.list(SmallWin) == []


def test_create_names_the_field_of_bad_input(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]
    with pytest.raises(RecordInvalid, match="field 'text'"):
        family.create(SmallWin, {"loved_one_id": sam.id, "day": DAY, "text": ""})


@pytest.mark.parametrize("read", ["list", "frame"])
def test_reads_filter_one_loved_one_in_sql(family: HouseholdStore, read: str) -> None:
    sam, ana = family.loved_ones()[0], second_loved_one(family)
    family.create(DailyCheckin, checkin(sam, DAY))
    family.create(DailyCheckin, checkin(ana, DAY))
    family.create(DailyCheckin, checkin(ana, DAY + timedelta(days=1)))
    rows = getattr(family, read)(DailyCheckin, loved_one_id=ana.id)
    assert len(rows) == 2
    assert len(getattr(family, read)(DailyCheckin)) == 3


def test_the_newest_thirty_are_the_chosen_loved_ones(family: HouseholdStore) -> None:
    """With two loved ones, history shows the newest 30 of the one chosen, not fewer."""
    sam, ana = family.loved_ones()[0], second_loved_one(family)
    for n in range(30):
        family.create(DailyCheckin, checkin(sam, DAY - timedelta(days=n)))
    for n in range(30):  # Ana's are all newer than Sam's
        family.create(DailyCheckin, checkin(ana, DAY + timedelta(days=n + 1)))
    newest = family.newest(DailyCheckin, 30, loved_one_id=sam.id)
    assert len(newest) == 30
    assert {c.loved_one_id for c in newest} == {sam.id}
    assert newest[0].day == DAY


def test_newest_filters_one_family_member(family: HouseholdStore) -> None:
    alex = family.family_members()[0]
    bea = family.create(type(alex), {"display_name": "Bea", "relationship": "sibling"})
    for member in (alex, bea):
        family.create(
            CaregiverCheckin, {"family_member_id": member.id, "day": DAY, "stress": 4, "sleep": 3}
        )
    assert [
        c.family_member_id for c in family.newest(CaregiverCheckin, 30, family_member_id=bea.id)
    ] == [bea.id]


def test_set_module_read_is_idempotent_both_ways(family: HouseholdStore) -> None:
    alex = family.family_members()[0]
    version = family.data_version()
    for _ in range(2):
        family.set_module_read(alex.id, "k01-what-is-ketamine", True, DAY)
    assert [r.module_id for r in family.list(ModuleRead)] == ["k01-what-is-ketamine"]
    assert family.data_version() == version + 1  # the repeat wrote nothing
    for _ in range(2):
        family.set_module_read(alex.id, "k01-what-is-ketamine", False, DAY)
    assert family.list(ModuleRead) == []


def test_add_new_adds_only_what_is_not_stored(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]

    def tick(sign: str) -> WarningSignTick:
        return family.new(WarningSignTick, {"loved_one_id": sam.id, "sign_id": sign, "day": DAY})

    same = ("loved_one_id", "sign_id", "day")
    assert family.add_new([tick("a"), tick("b")], same) == 2
    assert family.add_new([tick("b"), tick("c")], same) == 1
    assert family.add_new([], same) == 0
    assert sorted(t.sign_id for t in family.list(WarningSignTick)) == ["a", "b", "c"]
