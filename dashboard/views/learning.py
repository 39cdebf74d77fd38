"""The Learn and Warning signs pages: what one person has read, and the signs ticked."""

from __future__ import annotations

import uuid
from datetime import date

from dashboard.content import warning_checklist
from dashboard.records import ModuleRead, WarningSignTick
from dashboard.rules import learning
from dashboard.store import HouseholdStore
from dashboard.views import cached


@cached
def read_module_ids(household: HouseholdStore, member_id: uuid.UUID) -> frozenset[str]:
    """The guides this person has marked read."""
    return frozenset(learning.read_module_ids(household.list(ModuleRead), member_id))


@cached
def tick_history(
    household: HouseholdStore, loved_one_id: uuid.UUID | None = None
) -> tuple[tuple[date, str], ...]:
    """(day, sign label) newest first, about one loved one when given."""
    ticks = household.list(WarningSignTick, loved_one_id=loved_one_id)
    return tuple(learning.tick_history(ticks, warning_checklist()))
