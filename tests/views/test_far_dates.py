"""Every date a record can hold is one the charts can draw: a planned event on the latest
allowed day (2200-12-31) goes through the Timeline's view and figure builders for every
range, "All" included, and through Home and the session summary, without an error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard import charts
from dashboard.records import (
    EARLIEST_DATE,
    LATEST_DATE,
    DailyCheckin,
    RecordInvalid,
    TreatmentEvent,
    validate_record,
)
from dashboard.rules import timeline as tl
from dashboard.rules.timeline import RANGE_PRESETS
from dashboard.store import HouseholdStore
from dashboard.views.home import home_overview
from dashboard.views.session import period_summary
from dashboard.views.timeline import timeline_view

TODAY = date(2026, 6, 15)


@pytest.fixture
def far_family(family: HouseholdStore) -> HouseholdStore:
    """Check-ins from the earliest allowed day, and planned care up to the latest one."""
    loved_one = family.loved_ones()[0]
    about = {"household_id": family.id, "loved_one_id": loved_one.id}
    for day in (EARLIEST_DATE, TODAY - timedelta(days=1), TODAY):
        family.add(DailyCheckin(**about, day=day, observed_use="none", mood=3, sleep=3))
    family.add(TreatmentEvent(**about, kind="assessment", start_date=TODAY - timedelta(days=20)))
    for kind, start, end in [
        ("outpatient", LATEST_DATE, None),
        ("continuing_care", date(2199, 1, 1), LATEST_DATE),
        ("therapy_session", LATEST_DATE, LATEST_DATE),
    ]:
        family.add(
            TreatmentEvent(
                **about, kind=kind, status="planned", start_date=start, end_date=end, title="Far"
            )
        )
    return family


@pytest.mark.parametrize("preset", list(RANGE_PRESETS))
def test_the_timeline_view_draws_the_latest_allowed_date(
    far_family: HouseholdStore, preset: str
) -> None:
    loved_one = far_family.loved_ones()[0]
    view = timeline_view(far_family, loved_one.id, TODAY, preset, loved_one.display_name)
    assert view.has_events and view.has_checkins
    assert view.timeline["data"], "the timeline figure has traces"
    assert view.timeline_summary


def test_all_reaches_back_to_the_earliest_allowed_date(far_family: HouseholdStore) -> None:
    loved_one = far_family.loved_ones()[0]
    view = timeline_view(far_family, loved_one.id, TODAY, "all", loved_one.display_name)
    assert view.timeline_summary.startswith("Since 1 Jan 1900: ")


def test_the_timeline_figure_builder_takes_phases_to_2200(far_family: HouseholdStore) -> None:
    events = far_family.frame(TreatmentEvent)
    window = tl.window_for("all", TODAY, EARLIEST_DATE)
    figure = charts.treatment_timeline(events, window)
    assert figure.data
    phase_frame = tl.phases(events, TODAY)
    assert phase_frame["end"].max() == LATEST_DATE


def test_home_and_the_session_summary_read_far_dates(far_family: HouseholdStore) -> None:
    loved_one = far_family.loved_ones()[0]
    overview = home_overview(far_family, TODAY, loved_one.id)
    assert overview.next_planned is not None
    assert overview.next_planned.start_date == date(2199, 1, 1)
    summary = period_summary(far_family, TODAY, LATEST_DATE, loved_one.id)
    assert summary.events == 3


def test_a_day_after_the_latest_is_never_stored(far_family: HouseholdStore) -> None:
    loved_one = far_family.loved_ones()[0]
    with pytest.raises(RecordInvalid, match="must be on or before 2200-12-31"):
        far_family.create(
            TreatmentEvent,
            {
                "loved_one_id": loved_one.id,
                "kind": "outpatient",
                "status": "planned",
                "start_date": date(2263, 1, 1),
            },
        )
    assert len(far_family.list(TreatmentEvent)) == 4
    with pytest.raises(RecordInvalid):
        validate_record(
            TreatmentEvent,
            {
                "household_id": far_family.id,
                "loved_one_id": loved_one.id,
                "kind": "lapse",
                "start_date": TODAY,
                "end_date": LATEST_DATE + timedelta(days=1),
            },
        )
