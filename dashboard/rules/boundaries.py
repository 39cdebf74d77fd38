"""Boundary plans over time, and the dated events they add to the timeline and summary.

A boundary's story is its plan plus a log of days it was kept, tested, crossed or
revised. These rules turn that log into plain words and dated rows. Nothing here is a
score: a crossed boundary is one entry in the history, and never erases the kept ones.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.records import (
    BOUNDARY_STATUS_LABELS,
    INVITATION_OUTCOME_LABELS,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
)
from dashboard.text import day_text

STATUSES: tuple[str, ...] = tuple(BOUNDARY_STATUS_LABELS)
# Kinds of timeline event this module provides (the Timeline page may show any subset).
TIMELINE_KINDS: dict[str, str] = {
    "boundary_planned": "Boundary plan made",
    "boundary_kept": "Boundary kept",
    "boundary_tested": "Boundary tested",
    "boundary_crossed": "Boundary crossed",
    "boundary_revised": "Boundary revised",
    "treatment_invitation_planned": "Treatment invitation planned",
    "treatment_invitation": "Invited to treatment",
    "sober_activity": "Sober activity together",
}
EVENT_COLUMNS = ["day", "kind", "label"]
STATUS_COLUMNS = ["day", "status", "title", "plan_id"]
LABEL_MAX_CHARS = 80


def times(count: int) -> str:
    """'once', 'twice', '3 times': how people say counts out loud."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def short(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    """A one-line label; the full text stays in the record and on its page."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class BoundaryRecords:
    """Everything the Boundaries and CRAFT pages show (read by dashboard.views.boundaries)."""

    plans: tuple[BoundaryPlan, ...] = ()
    changes: tuple[BoundaryStatusChange, ...] = ()
    responses: tuple[CraftResponse, ...] = ()
    options: tuple[TreatmentOption, ...] = ()
    invitations: tuple[TreatmentInvitation, ...] = ()
    activities: tuple[SoberActivity, ...] = ()
    occasions: tuple[ActivityOccasion, ...] = ()


# -- plan status history ----------------------------------------------------------------


def status_history(
    plan: BoundaryPlan, changes: Iterable[BoundaryStatusChange]
) -> tuple[BoundaryStatusChange, ...]:
    """This plan's status entries, oldest first (same day: in the order they were logged)."""
    mine = [c for c in changes if c.plan_id == plan.id]
    return tuple(sorted(mine, key=lambda c: (c.day, c.created_at)))


def status_counts(history: Iterable[BoundaryStatusChange]) -> dict[str, int]:
    counted = Counter(c.status for c in history)
    return {status: counted.get(status, 0) for status in STATUSES}


def counts_sentence(counts: dict[str, int]) -> str:
    """'Kept 3 times, tested twice, crossed once.' in the fixed order kept → revised."""
    parts = [
        f"{BOUNDARY_STATUS_LABELS[status].lower()} {times(count)}"
        for status, count in counts.items()
        if count
    ]
    if not parts:
        return "Nothing logged yet."
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


@dataclass(frozen=True)
class PlanStatus:
    """A plan with its history: what a family sees on the plan's card."""

    plan: BoundaryPlan
    history: tuple[BoundaryStatusChange, ...]

    @property
    def latest(self) -> BoundaryStatusChange | None:
        return self.history[-1] if self.history else None

    @property
    def current(self) -> str | None:
        """The most recent status, or None while nothing has been logged."""
        return self.latest.status if self.latest else None

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.history)

    def summary(self) -> str:
        return counts_sentence(self.counts)

    def review_due(self, today: date) -> bool:
        review = self.plan.review_date
        return not self.plan.archived and review is not None and review <= today

    def in_range(self, start: date | None, end: date | None) -> tuple[BoundaryStatusChange, ...]:
        return tuple(c for c in self.history if within(c.day, start, end))

    def history_text(self) -> str:
        """The whole log, newest first, as one block of plain text; a note's own line
        breaks stay inside its entry."""
        if not self.history:
            return "Nothing logged yet."
        lines = []
        for change in reversed(self.history):
            line = f"{day_text(change.day)} · {BOUNDARY_STATUS_LABELS[change.status]}"
            note = change.note.replace("\n", "\n    ")
            lines.append(f"{line} · {note}" if note else line)
        return "\n".join(lines)


def plan_statuses(
    plans: Iterable[BoundaryPlan], changes: Iterable[BoundaryStatusChange]
) -> list[PlanStatus]:
    """Every plan with its history: active plans first, newest plan first within each."""
    by_plan: dict[uuid.UUID, list[BoundaryStatusChange]] = {}
    for change in changes:  # one pass, however many plans
        by_plan.setdefault(change.plan_id, []).append(change)
    ordered = sorted(plans, key=lambda p: (p.archived, -p.plan_date.toordinal(), p.created_at))
    return [PlanStatus(plan, status_history(plan, by_plan.get(plan.id, ()))) for plan in ordered]


def within(day: date, start: date | None, end: date | None) -> bool:
    """On or between the dates; a missing end means no limit on that side."""
    return (start is None or day >= start) and (end is None or day <= end)


# -- timeline, wins and session summary --------------------------------------------------


def events_frame(records: BoundaryRecords, start: date | None, end: date | None) -> pd.DataFrame:
    """Dated rows (day, kind, label) for the timeline. Pure: records in, DataFrame out."""
    titles = {p.id: p.boundary for p in records.plans}
    rows: list[tuple[date, str, str]] = [
        (p.plan_date, "boundary_planned", f"Boundary plan made: {short(p.boundary)}")
        for p in records.plans
    ]
    for change in records.changes:
        kind = f"boundary_{change.status}"
        title = short(titles.get(change.plan_id, ""))
        rows.append((change.day, kind, f"{TIMELINE_KINDS[kind]}: {title}"))
    for invitation in records.invitations:
        rows.append((invitation.plan_date, "treatment_invitation_planned", "Planned an invitation"))
        if invitation.asked_on is not None:
            outcome = INVITATION_OUTCOME_LABELS[invitation.outcome]
            rows.append(
                (invitation.asked_on, "treatment_invitation", f"Invited to treatment: {outcome}")
            )
    names = {a.id: a.title for a in records.activities}
    for occasion in records.occasions:
        if occasion.status == "done":
            label = f"Sober activity together: {short(names.get(occasion.activity_id, ''))}"
            rows.append((occasion.day, "sober_activity", label))
    rows = [row for row in rows if within(row[0], start, end)]
    rows.sort(key=lambda row: (row[0], list(TIMELINE_KINDS).index(row[1])))
    frame = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def status_rows(records: BoundaryRecords, start: date | None, end: date | None) -> pd.DataFrame:
    """(day, status, title, plan_id) for every status entry in range, oldest first."""
    titles = {p.id: p.boundary for p in records.plans}
    rows = [
        (c.day, c.status, titles.get(c.plan_id, ""), c.plan_id)
        for c in sorted(records.changes, key=lambda c: (c.day, c.created_at))
        if within(c.day, start, end)
    ]
    frame = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def period_lines(records: BoundaryRecords, start: date, end: date) -> list[str]:
    """Session-summary sentences on boundaries for the chosen dates, plain text."""
    statuses = [s for s in plan_statuses(records.plans, records.changes) if s.in_range(start, end)]
    if not statuses:
        return ["Boundaries: nothing was logged between these dates."]
    total = status_counts(c for s in statuses for c in s.in_range(start, end))
    plans = "1 plan" if len(statuses) == 1 else f"{len(statuses)} plans"
    lines = [f"Boundaries ({plans}): {counts_sentence(total)}"]
    for status in statuses:
        counts = status_counts(status.in_range(start, end))
        lines.append(f"“{short(status.plan.boundary)}”: {counts_sentence(counts)}")
    return lines
