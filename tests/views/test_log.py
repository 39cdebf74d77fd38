"""The Log page's views: deleted entries stay where a family can put them back."""

from __future__ import annotations

from datetime import date

from dashboard.records import CaregiverCheckin, DailyCheckin, FamilyMember, LovedOne
from dashboard.store import HouseholdStore
from dashboard.views.log import deleted_entries

DAY = date(2026, 5, 4)


def test_deleted_entries_are_listed_newest_first_until_put_back(family: HouseholdStore) -> None:
    loved_one = family.loved_ones()[0].id
    first = family.add(
        DailyCheckin(
            household_id=family.id, loved_one_id=loved_one, day=DAY, mood=3, sleep=3, notes="one"
        )
    )
    second = family.add(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=loved_one,
            day=DAY.replace(day=5),
            mood=3,
            sleep=3,
            notes="two",
        )
    )
    family.delete(DailyCheckin, first.id)
    family.delete(DailyCheckin, second.id)
    found = deleted_entries(family, DailyCheckin.table, 10, loved_one)
    assert [item.entry for item in found] == [second, first]
    family.restore(second)
    assert [item.entry for item in deleted_entries(family, DailyCheckin.table, 10, loved_one)] == [
        first
    ]


def test_deleted_entries_keep_to_their_loved_one_and_their_own_writer(
    family: HouseholdStore,
) -> None:
    sam = family.loved_ones()[0].id
    kai = family.create(LovedOne, {"display_name": "Kai"}).id
    me = family.family_members()[0].id
    partner = family.create(FamilyMember, {"display_name": "Rin"}).id
    theirs = family.add(
        DailyCheckin(household_id=family.id, loved_one_id=kai, day=DAY, mood=3, sleep=3)
    )
    mine = family.add(
        CaregiverCheckin(household_id=family.id, family_member_id=me, day=DAY, stress=3, sleep=3)
    )
    family.delete(DailyCheckin, theirs.id)
    family.delete(CaregiverCheckin, mine.id)
    assert deleted_entries(family, DailyCheckin.table, 10, sam) == ()
    assert [i.entry for i in deleted_entries(family, DailyCheckin.table, 10, kai)] == [theirs]
    table = CaregiverCheckin.table
    assert [i.entry for i in deleted_entries(family, table, 10, family_member_id=me)] == [mine]
    assert deleted_entries(family, table, 10, family_member_id=partner) == ()
