"""The Log page's history: the newest entries of one kind, with a table of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pandas as pd

from dashboard.records import (
    EVENT_KIND_LABELS,
    OBSERVED_USE_LABELS,
    RECORD_BY_TABLE,
    WIN_CATEGORY_LABELS,
    Record,
)
from dashboard.store import HouseholdStore
from dashboard.views import cached


@dataclass(frozen=True)
class RecentEntries:
    """The newest entries, newest first, and the same as a table of plain text."""

    entries: tuple[Record, ...]
    frame: pd.DataFrame


@cached
def recent_entries(
    household: HouseholdStore,
    table: str,
    limit: int,
    loved_one_id: uuid.UUID | None = None,
    family_member_id: uuid.UUID | None = None,
) -> RecentEntries:
    """One loved one's (or one family member's) newest entries, read once per data version."""
    entries = tuple(household.newest(RECORD_BY_TABLE[table], limit, loved_one_id, family_member_id))
    frame = pd.DataFrame([e.model_dump() for e in entries])
    names = {m.id: m.display_name for m in household.family_members()}
    if "logged_by" in frame:
        frame["logged_by_name"] = frame["logged_by"].map(names).fillna("")
    if "observed_use" in frame:
        frame["observed"] = frame["observed_use"].map(OBSERVED_USE_LABELS)
    if "kind" in frame and "start_date" in frame:
        frame["what"] = frame["kind"].map(EVENT_KIND_LABELS)
    if "category" in frame:
        frame["kind"] = frame["category"].map(WIN_CATEGORY_LABELS)
    return RecentEntries(entries, frame)
