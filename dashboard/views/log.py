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
    EntryVersion,
    Record,
    RecordInvalid,
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


@dataclass(frozen=True)
class DeletedEntry:
    """An entry someone deleted, as it was, with when it went: it can still be put back."""

    version: EntryVersion
    entry: Record


@cached
def deleted_entries(
    household: HouseholdStore,
    table: str,
    limit: int,
    loved_one_id: uuid.UUID | None = None,
    family_member_id: uuid.UUID | None = None,
) -> tuple[DeletedEntry, ...]:
    """Deleted entries about one loved one (or by one family member), newest first.

    A version that no longer reads as a valid entry is left out here; it stays in the
    history and in every backup.
    """
    found = []
    for version in household.deleted(RECORD_BY_TABLE[table], limit):
        try:
            entry = version.entry()
        except RecordInvalid:
            continue
        if loved_one_id is not None and getattr(entry, "loved_one_id", None) != loved_one_id:
            continue
        if family_member_id is not None and getattr(entry, "family_member_id", None) != (
            family_member_id
        ):
            continue
        found.append(DeletedEntry(version, entry))
    return tuple(found)
