"""Boundary and CRAFT records of a household, read once for the pages that show them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.documents.html import worksheet_html
from dashboard.documents.worksheets import Worksheet, plan_worksheet
from dashboard.records import (
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
)
from dashboard.rules.boundaries import (
    BoundaryRecords,
    PlanStatus,
    events_frame,
    plan_statuses,
    status_rows,
)
from dashboard.store import HouseholdStore
from dashboard.views import cached


@cached
def boundary_records(
    household: HouseholdStore, loved_one_id: uuid.UUID | None = None
) -> BoundaryRecords:
    """Every boundary and CRAFT record of a household (one loved one's, when given)."""
    plans = tuple(household.list(BoundaryPlan, loved_one_id=loved_one_id))
    activities = tuple(household.list(SoberActivity, loved_one_id=loved_one_id))
    plan_ids = {p.id for p in plans}
    activity_ids = {a.id for a in activities}
    return BoundaryRecords(
        plans=plans,
        changes=tuple(c for c in household.list(BoundaryStatusChange) if c.plan_id in plan_ids),
        responses=tuple(household.list(CraftResponse, loved_one_id=loved_one_id)),
        options=tuple(household.list(TreatmentOption)),
        invitations=tuple(household.list(TreatmentInvitation, loved_one_id=loved_one_id)),
        activities=activities,
        occasions=tuple(
            o for o in household.list(ActivityOccasion) if o.activity_id in activity_ids
        ),
    )


def timeline_events(
    household: HouseholdStore,
    start: date | None = None,
    end: date | None = None,
    loved_one_id: uuid.UUID | None = None,
) -> pd.DataFrame:
    """Boundary, invitation and sober-activity events between two dates (inclusive).

    Columns: day (datetime64, midnight), kind (a key of TIMELINE_KINDS), label (plain
    text that may hold the family's own words: escape it before any HTML or Plotly hover).
    """
    return events_frame(boundary_records(household, loved_one_id), start, end)


def status_frame(
    household: HouseholdStore,
    start: date | None = None,
    end: date | None = None,
    loved_one_id: uuid.UUID | None = None,
) -> pd.DataFrame:
    """Every boundary status entry (kept, tested, crossed, revised) for a wins rule."""
    return status_rows(boundary_records(household, loved_one_id), start, end)


@dataclass(frozen=True)
class PlanView:
    """One plan as its card shows it: the plan and its log, the log as text, its worksheet."""

    status: PlanStatus
    history: str
    worksheet: Worksheet
    worksheet_html: bytes

    @property
    def plan(self) -> BoundaryPlan:
        return self.status.plan


@cached
def boundary_plans(
    household: HouseholdStore, loved_one_id: uuid.UUID, loved_one_name: str
) -> tuple[PlanView, ...]:
    """Every plan with its log and worksheet, active first: what the Boundaries page draws.

    Built once per data version: a long log and its worksheet cost nothing on a rerun.
    """
    records = boundary_records(household, loved_one_id)
    views = []
    for status in plan_statuses(records.plans, records.changes):
        sheet = plan_worksheet(status.plan, status.history, loved_one_name)
        html = worksheet_html(sheet).encode("utf-8")
        views.append(PlanView(status, status.history_text(), sheet, html))
    return tuple(views)
