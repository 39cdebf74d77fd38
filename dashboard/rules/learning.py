"""Learning-path progress and warning-sign ticks: small pure rules.

Progress is per family member, because each person learns at their own pace. Ticked
warning signs are kept as what was seen on a day; they are never scored or added up.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dashboard.content import LearnModule, WarningChecklist
from dashboard.records import ModuleRead, RecordInvalid, WarningSignTick


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


def read_module_ids(reads: Iterable[ModuleRead], member_id: uuid.UUID) -> set[str]:
    """The guides one person has marked read (each person learns at their own pace)."""
    return {r.module_id for r in reads if r.family_member_id == member_id}


def path_progress(path: list[LearnModule], read_ids: set[str]) -> PathProgress:
    unread = [module for module in path if module.id not in read_ids]
    return PathProgress(
        read=len(path) - len(unread), total=len(path), next_module=unread[0] if unread else None
    )


def known_sign_ids(sign_ids: Iterable[str], checklist: WarningChecklist) -> list[str]:
    """The ticked signs, each once and in order; an id the checklist lacks is refused."""
    known = {sign.id for group in checklist.groups for sign in group.signs}
    chosen = list(dict.fromkeys(sign_ids))
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise RecordInvalid(f"Warning sign noticed, field 'sign_id': unknown sign {unknown[0]!r}")
    return chosen


def tick_history(
    ticks: Iterable[WarningSignTick], checklist: WarningChecklist
) -> list[tuple[date, str]]:
    """(day, sign label) newest first, for the page and the timeline."""
    labels = {sign.id: sign.label for group in checklist.groups for sign in group.signs}
    return [(t.day, labels.get(t.sign_id, t.sign_id)) for t in reversed(list(ticks))]


def groups_of(sign_ids: list[str], checklist: WarningChecklist) -> list[str]:
    """The groups that have at least one ticked sign, in checklist order."""
    chosen = set(sign_ids)
    return [g.id for g in checklist.groups if any(s.id in chosen for s in g.signs)]
