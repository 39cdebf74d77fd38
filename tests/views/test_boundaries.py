"""Boundary and CRAFT records read from the store: scoped to one family and one loved one."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from dashboard.records import BoundaryPlan, BoundaryStatusChange, CraftResponse, LovedOne
from dashboard.store import HouseholdStore, NewFamily, Store
from dashboard.views.boundaries import (
    boundary_plans,
    boundary_records,
    status_frame,
    timeline_events,
)

DAY = date(2026, 3, 1)


def add_plan(family: HouseholdStore, loved_one_id: uuid.UUID, text: str) -> BoundaryPlan:
    return family.add(
        BoundaryPlan(
            household_id=family.id,
            loved_one_id=loved_one_id,
            boundary=text,
            why_it_matters="It matters.",
            if_crossed="I step away.",
            plan_date=DAY,
        )
    )


def test_store_backed_frames_are_scoped_to_one_family(store: Store) -> None:
    first = store.create_family(NewFamily("First", "Sam", "Alex"))
    second = store.create_family(NewFamily("Second", "Kai", "Rin"))
    mine = add_plan(first, first.loved_ones()[0].id, "Mine")
    theirs = add_plan(second, second.loved_ones()[0].id, "Theirs")
    for family, record in ((first, mine), (second, theirs)):
        family.add(
            BoundaryStatusChange(household_id=family.id, plan_id=record.id, day=DAY, status="kept")
        )
    events = timeline_events(first, DAY, DAY)
    assert list(events["label"]) == ["Boundary plan made: Mine", "Boundary kept: Mine"]
    statuses = status_frame(first)
    assert list(statuses["title"]) == ["Mine"]


def test_boundary_records_can_pick_one_loved_one(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]
    kai = family.add(LovedOne(household_id=family.id, display_name="Kai"))
    add_plan(family, sam.id, "For Sam")
    kais = add_plan(family, kai.id, "For Kai")
    family.add(
        BoundaryStatusChange(household_id=family.id, plan_id=kais.id, day=DAY, status="kept")
    )
    family.add(
        CraftResponse(
            household_id=family.id, loved_one_id=kai.id, day=DAY, saw="using", did="stepped_away"
        )
    )
    both = boundary_records(family)
    only_sam = boundary_records(family, sam.id)
    assert {p.boundary for p in both.plans} == {"For Sam", "For Kai"}
    assert [p.boundary for p in only_sam.plans] == ["For Sam"]
    assert only_sam.changes == ()
    assert only_sam.responses == ()
    assert len(boundary_records(family, kai.id).changes) == 1


def test_the_demo_family_has_a_boundary_story(demo: HouseholdStore) -> None:
    events = timeline_events(demo)
    kinds = set(events["kind"])
    assert {"boundary_kept", "boundary_tested", "boundary_crossed", "boundary_revised"} <= kinds
    assert {"treatment_invitation", "sober_activity"} <= kinds
    assert events["day"].is_monotonic_increasing


def test_boundary_plans_pair_each_plan_with_its_own_log(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]
    first = add_plan(family, sam.id, "First")
    second = add_plan(family, sam.id, "Second")
    for status in ("kept", "tested"):
        family.add(
            BoundaryStatusChange(household_id=family.id, plan_id=first.id, day=DAY, status=status)
        )
    plans = boundary_plans(family, sam.id, sam.display_name)
    logs = {p.plan.boundary: [c.status for c in p.status.history] for p in plans}
    assert logs == {"First": ["kept", "tested"], "Second": []}
    assert second.id in {p.plan.id for p in plans}
    first_view = next(p for p in plans if p.plan.id == first.id)
    assert first_view.history.splitlines() == ["1 Mar 2026 · Tested", "1 Mar 2026 · Kept"]
    assert b"First" in first_view.worksheet_html


def test_response_patterns_count_the_chosen_dates_and_keep_the_newest_words(
    family: HouseholdStore,
) -> None:
    from dashboard.views.craft import RECENT_RESPONSES, response_patterns

    sam = family.loved_ones()[0]
    for n in range(RECENT_RESPONSES + 2):
        family.create(
            CraftResponse,
            {
                "loved_one_id": sam.id,
                "day": DAY - timedelta(days=n),
                "saw": "not_using",
                "did": "rewarded_non_use",
                "what_happened": "We talked.\nThen we ate." if n == 0 else "",
            },
        )
    view = response_patterns(family, sam.id, DAY - timedelta(days=6), DAY)
    assert (view.total, view.summary.total) == (RECENT_RESPONSES + 2, 7)
    assert len(view.recent) == RECENT_RESPONSES
    assert view.recent[0].splitlines()[1:] == ["What happened next: We talked.", "Then we ate."]
    assert int(view.monthly["responses"].sum()) == RECENT_RESPONSES + 2
