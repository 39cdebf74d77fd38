"""Boundary plans over time: status history, timeline events, wins frame, session lines."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from dashboard.records import (
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    SoberActivity,
    TreatmentInvitation,
)
from dashboard.rules import boundaries
from dashboard.rules.boundaries import (
    EVENT_COLUMNS,
    STATUS_COLUMNS,
    TIMELINE_KINDS,
    BoundaryRecords,
    PlanStatus,
    counts_sentence,
    events_frame,
    period_lines,
    plan_statuses,
    short,
    status_counts,
    status_history,
    status_rows,
    times,
)

DAY = date(2026, 3, 1)
HOUSEHOLD = uuid.UUID("00000000-0000-4000-8000-00000000000a")
LOVED_ONE = uuid.UUID("00000000-0000-4000-8000-00000000000b")


def plan(**overrides: object) -> BoundaryPlan:
    values = {
        "household_id": HOUSEHOLD,
        "loved_one_id": LOVED_ONE,
        "boundary": "I pay bills directly; no cash.",
        "why_it_matters": "Cash can pay for ketamine.",
        "if_crossed": "I pay the bill myself.",
        "plan_date": DAY,
    }
    return BoundaryPlan(**{**values, **overrides})


def change(
    of: BoundaryPlan, offset: int, status: str, logged_at: int = 0, note: str = ""
) -> BoundaryStatusChange:
    return BoundaryStatusChange(
        household_id=HOUSEHOLD,
        plan_id=of.id,
        day=DAY + timedelta(days=offset),
        status=status,
        note=note,
        created_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(minutes=logged_at),
    )


# -- status history ----------------------------------------------------------------------


def test_history_is_oldest_first_and_only_this_plans() -> None:
    mine, other = plan(), plan(boundary="Other")
    logged = [
        change(mine, 5, "crossed"),
        change(other, 1, "kept"),
        change(mine, 1, "kept"),
        change(mine, 3, "tested"),
    ]
    history = status_history(mine, logged)
    assert [(c.day - DAY).days for c in history] == [1, 3, 5]
    assert [c.status for c in history] == ["kept", "tested", "crossed"]


def test_same_day_entries_keep_the_order_they_were_logged() -> None:
    mine = plan()
    later, earlier = change(mine, 2, "revised", logged_at=10), change(mine, 2, "tested", 1)
    assert [c.status for c in status_history(mine, [later, earlier])] == ["tested", "revised"]


@pytest.mark.parametrize(
    ("statuses", "current", "sentence"),
    [
        ([], None, "Nothing logged yet."),
        (["kept"], "kept", "Kept once."),
        (["kept", "kept"], "kept", "Kept twice."),
        (["kept", "tested", "kept", "kept"], "kept", "Kept 3 times, tested once."),
        (["tested", "crossed"], "crossed", "Tested once, crossed once."),
        (["kept", "crossed", "revised", "kept"], "kept", "Kept twice, crossed once, revised once."),
        (["revised"], "revised", "Revised once."),
    ],
)
def test_plan_status_summary(statuses: list[str], current: str | None, sentence: str) -> None:
    mine = plan()
    status = plan_statuses([mine], [change(mine, i, s) for i, s in enumerate(statuses)])[0]
    assert status.current == current
    assert status.summary() == sentence
    assert sum(status.counts.values()) == len(statuses)


def test_a_crossed_boundary_never_erases_the_kept_days() -> None:
    mine = plan()
    history = [change(mine, i, "kept") for i in range(5)] + [change(mine, 6, "crossed")]
    status = plan_statuses([mine], history)[0]
    assert status.counts == {"kept": 5, "tested": 0, "crossed": 1, "revised": 0}
    assert status.current == "crossed"


@pytest.mark.parametrize(
    ("review_offset", "archived", "today_offset", "due"),
    [
        (None, False, 100, False),
        (10, False, 9, False),
        (10, False, 10, True),
        (10, False, 30, True),
        (10, True, 30, False),  # an archived plan asks for nothing
    ],
)
def test_review_due(
    review_offset: int | None, archived: bool, today_offset: int, due: bool
) -> None:
    review = None if review_offset is None else DAY + timedelta(days=review_offset)
    status = plan_statuses([plan(review_date=review, archived=archived)], [])[0]
    assert status.review_due(DAY + timedelta(days=today_offset)) is due


def test_active_plans_come_first_newest_first() -> None:
    old = plan(boundary="old", plan_date=DAY - timedelta(days=20))
    new = plan(boundary="new")
    archived = plan(boundary="archived", plan_date=DAY + timedelta(days=1), archived=True)
    assert [s.plan.boundary for s in plan_statuses([archived, old, new], [])] == [
        "new",
        "old",
        "archived",
    ]


@pytest.mark.parametrize(
    ("count", "said"), [(1, "once"), (2, "twice"), (3, "3 times"), (12, "12 times")]
)
def test_times(count: int, said: str) -> None:
    assert times(count) == said


def test_counts_sentence_keeps_a_fixed_order() -> None:
    assert counts_sentence({"kept": 0, "tested": 0, "crossed": 2, "revised": 1}) == (
        "Crossed twice, revised once."
    )
    assert status_counts([]) == {"kept": 0, "tested": 0, "crossed": 0, "revised": 0}


def test_short_labels_end_with_an_ellipsis_and_keep_one_line() -> None:
    assert short("a\nb") == "a b"
    long = short("x" * 200)
    assert len(long) == boundaries.LABEL_MAX_CHARS
    assert long.endswith("…")


# -- timeline events and the wins frame ---------------------------------------------------


def sample_records() -> BoundaryRecords:
    mine = plan(boundary="No cash")
    activity = SoberActivity(household_id=HOUSEHOLD, loved_one_id=LOVED_ONE, title="Swimming")
    invitation = TreatmentInvitation(
        household_id=HOUSEHOLD,
        loved_one_id=LOVED_ONE,
        plan_date=DAY + timedelta(days=2),
        words="Would you call the clinic with me?",
        asked_on=DAY + timedelta(days=6),
        outcome="thinking",
    )
    occasions = (
        ActivityOccasion(
            household_id=HOUSEHOLD, activity_id=activity.id, day=DAY + timedelta(days=4), status=s
        )
        for s in ("done", "planned", "skipped")
    )
    return BoundaryRecords(
        plans=(mine,),
        changes=(
            change(mine, 3, "kept"),
            change(mine, 1, "tested"),
            change(mine, 5, "crossed"),
            change(mine, 9, "revised"),
        ),
        invitations=(invitation,),
        activities=(activity,),
        occasions=tuple(occasions),
    )


def test_timeline_events_have_a_date_a_kind_and_a_label() -> None:
    frame = events_frame(sample_records(), None, None)
    assert list(frame.columns) == EVENT_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(frame["day"])
    assert set(frame["kind"]) <= set(TIMELINE_KINDS)
    rows = [((d.date() - DAY).days, k, label) for d, k, label in frame.itertuples(index=False)]
    assert rows == [
        (0, "boundary_planned", "Boundary plan made: No cash"),
        (1, "boundary_tested", "Boundary tested: No cash"),
        (2, "treatment_invitation_planned", "Planned an invitation"),
        (3, "boundary_kept", "Boundary kept: No cash"),
        (4, "sober_activity", "Sober activity together: Swimming"),
        (5, "boundary_crossed", "Boundary crossed: No cash"),
        (6, "treatment_invitation", "Invited to treatment: They will think about it"),
        (9, "boundary_revised", "Boundary revised: No cash"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "offsets"),
    [
        (None, None, [0, 1, 2, 3, 4, 5, 6, 9]),
        (3, 5, [3, 4, 5]),  # both ends are inclusive
        (7, None, [9]),
        (None, -1, []),
    ],
)
def test_timeline_events_respect_the_date_range(
    start: int | None, end: int | None, offsets: list[int]
) -> None:
    def day(offset: int | None) -> date | None:
        return None if offset is None else DAY + timedelta(days=offset)

    frame = events_frame(sample_records(), day(start), day(end))
    assert [(d.date() - DAY).days for d in frame["day"]] == offsets


def test_an_empty_family_has_empty_frames_with_the_right_columns() -> None:
    events = events_frame(BoundaryRecords(), None, None)
    statuses = status_rows(BoundaryRecords(), None, None)
    assert events.empty
    assert statuses.empty
    assert list(events.columns) == EVENT_COLUMNS
    assert list(statuses.columns) == STATUS_COLUMNS
    assert pd.api.types.is_datetime64_any_dtype(events["day"])


def test_status_rows_for_a_boundaries_kept_win_rule() -> None:
    records = sample_records()
    frame = status_rows(records, DAY + timedelta(days=1), DAY + timedelta(days=5))
    assert list(frame.columns) == STATUS_COLUMNS
    assert list(frame["status"]) == ["tested", "kept", "crossed"]
    assert set(frame["title"]) == {"No cash"}
    assert set(frame["plan_id"]) == {records.plans[0].id}


def test_labels_are_plain_text_even_when_the_family_typed_markup() -> None:
    mine = plan(boundary="<b>no</b> [cash](javascript:alert(1))")
    frame = events_frame(BoundaryRecords(plans=(mine,)), None, None)
    assert frame["label"][0] == "Boundary plan made: <b>no</b> [cash](javascript:alert(1))"


# -- session summary lines ----------------------------------------------------------------


def test_period_lines_count_statuses_in_range_only() -> None:
    records = sample_records()
    lines = period_lines(records, DAY + timedelta(days=2), DAY + timedelta(days=6))
    assert lines == [
        "Boundaries (1 plan): Kept once, crossed once.",
        "“No cash”: Kept once, crossed once.",
    ]


def test_period_lines_say_when_nothing_was_logged() -> None:
    lines = period_lines(sample_records(), DAY + timedelta(days=20), DAY + timedelta(days=30))
    assert lines == ["Boundaries: nothing was logged between these dates."]


def test_a_plans_whole_log_is_one_block_newest_first_with_notes_kept_whole() -> None:
    mine = BoundaryPlan(
        household_id=uuid.uuid4(),
        loved_one_id=uuid.uuid4(),
        boundary="No cash",
        why_it_matters="It matters to me.",
        if_crossed="I step away.",
        plan_date=date(2025, 1, 1),
    )
    log = tuple(
        BoundaryStatusChange(
            household_id=mine.household_id,
            plan_id=mine.id,
            day=date(2025, 1, 1) + timedelta(days=n),
            status="kept",
            note="First line\nSecond line" if n == 0 else "",
        )
        for n in range(40)
    )
    assert PlanStatus(mine, ()).history_text() == "Nothing logged yet."
    lines = PlanStatus(mine, log).history_text().split("\n")
    assert len(lines) == 41  # every entry, and the note's second line stays with its entry
    assert lines[0] == "9 Feb 2025 · Kept"
    assert lines[-2:] == ["1 Jan 2025 · Kept · First line", "    Second line"]
