"""Saving the warning signs ticked on a day: once per sign, loved one and day."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.content import warning_checklist
from dashboard.records import LovedOne, WarningSignTick
from dashboard.store import HouseholdStore
from dashboard.ui.warning_signs import save_sign_ticks
from dashboard.views.learning import tick_history

DAY = date(2026, 5, 4)


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


def test_each_loved_one_has_their_own_signs(family: HouseholdStore) -> None:
    checklist = warning_checklist()
    sign = checklist.groups[0].signs[0]
    sam = family.loved_ones()[0]
    kai = family.create(LovedOne, {"display_name": "Kai"})
    assert save_sign_ticks(family, sam.id, [sign.id], DAY, None, checklist) == 1
    assert save_sign_ticks(family, kai.id, [sign.id], DAY, None, checklist) == 1
    assert tick_history(family, kai.id) == ((DAY, sign.label),)
    assert len(tick_history(family)) == 2
