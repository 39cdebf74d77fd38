"""Learning-path progress and warning-sign ticks: small rules over the store.

Progress is per family member, because each person learns at their own pace. Ticked
warning signs are kept as what was seen on a day; they are never scored or added up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from dashboard.content import LearnModule, WarningChecklist
from dashboard.records import ModuleRead, WarningSignTick, validate_record
from dashboard.store import HouseholdStore


@dataclass(frozen=True)
class PathProgress:
    read: int
    total: int
    next_module: LearnModule | None

    @property
    def fraction(self) -> float:
        return self.read / self.total if self.total else 0.0

    def sentence(self) -> str:
        if self.total and self.read == self.total:
            return f"You have read all {self.total} guides in the path. Well done."
        return f"You have read {self.read} of {self.total} guides in the path."


def read_module_ids(household: HouseholdStore, member_id: uuid.UUID) -> set[str]:
    return {r.module_id for r in household.list(ModuleRead) if r.family_member_id == member_id}


def set_read(
    household: HouseholdStore, member_id: uuid.UUID, module_id: str, read: bool, day: date
) -> None:
    """Mark a module read or unread for one person; repeating it changes nothing."""
    existing = [
        r
        for r in household.list(ModuleRead)
        if r.family_member_id == member_id and r.module_id == module_id
    ]
    if read and not existing:
        household.add(
            validate_record(
                ModuleRead,
                {
                    "household_id": household.id,
                    "family_member_id": member_id,
                    "module_id": module_id,
                    "day": day,
                },
            )
        )
    elif not read:
        for record in existing:
            household.delete(ModuleRead, record.id)


def path_progress(path: list[LearnModule], read_ids: set[str]) -> PathProgress:
    unread = [module for module in path if module.id not in read_ids]
    return PathProgress(
        read=len(path) - len(unread), total=len(path), next_module=unread[0] if unread else None
    )


def save_sign_ticks(
    household: HouseholdStore,
    loved_one_id: uuid.UUID,
    sign_ids: list[str],
    day: date,
    logged_by: uuid.UUID | None,
    checklist: WarningChecklist,
) -> int:
    """Save the signs seen on a day. Returns how many were new; saving twice adds nothing."""
    known = {sign.id for group in checklist.groups for sign in group.signs}
    unknown = sorted(set(sign_ids) - known)
    if unknown:
        raise ValueError(f"Warning sign noticed, field 'sign_id': unknown sign {unknown[0]!r}")
    already = {t.sign_id for t in household.list(WarningSignTick, day, day)}
    records = [
        validate_record(
            WarningSignTick,
            {
                "household_id": household.id,
                "loved_one_id": loved_one_id,
                "sign_id": sign_id,
                "day": day,
                "logged_by": logged_by,
            },
        )
        for sign_id in dict.fromkeys(sign_ids)
        if sign_id not in already
    ]
    for record in records:
        household.add(record)
    return len(records)


def tick_history(household: HouseholdStore, checklist: WarningChecklist) -> list[tuple[date, str]]:
    """(day, sign label) newest first, for the page and the timeline."""
    labels = {sign.id: sign.label for group in checklist.groups for sign in group.signs}
    ticks = household.list(WarningSignTick)
    return [(t.day, labels.get(t.sign_id, t.sign_id)) for t in reversed(ticks)]


def groups_of(sign_ids: list[str], checklist: WarningChecklist) -> list[str]:
    """The groups that have at least one ticked sign, in checklist order."""
    chosen = set(sign_ids)
    return [g.id for g in checklist.groups if any(s.id in chosen for s in g.signs)]
