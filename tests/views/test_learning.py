"""What one person has read, read back from the store."""

from __future__ import annotations

from datetime import date

from dashboard.records import ModuleRead
from dashboard.store import HouseholdStore
from dashboard.views.learning import read_module_ids

DAY = date(2026, 5, 4)


def test_reading_is_tracked_per_family_member(family: HouseholdStore) -> None:
    first = family.family_members()[0]
    from dashboard.records import FamilyMember

    second = family.add(FamilyMember(household_id=family.id, display_name="Lee"))
    family.set_module_read(first.id, "k01-what-is-ketamine", True, DAY)
    assert read_module_ids(family, first.id) == {"k01-what-is-ketamine"}
    assert read_module_ids(family, second.id) == set()


def test_marking_read_twice_adds_nothing_and_unread_removes_it(family: HouseholdStore) -> None:
    member = family.family_members()[0]
    for _ in range(2):
        family.set_module_read(member.id, "k14-relapse", True, DAY)
    assert len(family.list(ModuleRead)) == 1
    family.set_module_read(member.id, "k14-relapse", False, DAY)
    assert family.list(ModuleRead) == []
