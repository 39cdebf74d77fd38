"""What one person has read, and the warning signs ticked, saved and read back."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.content import warning_checklist
from dashboard.records import ModuleRead, WarningSignTick
from dashboard.store import HouseholdStore
from dashboard.ui.warning_signs import save_sign_ticks
from dashboard.views.learning import read_module_ids, tick_history

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


def test_sign_ticks_are_saved_once_per_day_and_listed_newest_first(
    family: HouseholdStore,
) -> None:
    checklist = warning_checklist()
    loved_one = family.loved_ones()[0]
    first_sign = checklist.groups[0].signs[0]
    second_sign = checklist.groups[1].signs[0]
    assert save_sign_ticks(family, loved_one.id, [first_sign.id], DAY, None, checklist) == 1
    assert save_sign_ticks(family, loved_one.id, [first_sign.id], DAY, None, checklist) == 0
    later = date(2026, 5, 9)
    save_sign_ticks(family, loved_one.id, [second_sign.id], later, None, checklist)
    assert len(family.list(WarningSignTick)) == 2
    assert tick_history(family) == ((later, second_sign.label), (DAY, first_sign.label))


def test_an_unknown_sign_is_refused_and_nothing_saved(family: HouseholdStore) -> None:
    with pytest.raises(ValueError, match="sign_id"):
        save_sign_ticks(
            family, family.loved_ones()[0].id, ["not-a-sign"], DAY, None, warning_checklist()
        )
    assert family.list(WarningSignTick) == []
