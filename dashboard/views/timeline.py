"""The Timeline page: treatment phases and events, and the trends beside them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard import charts
from dashboard.content import warning_checklist
from dashboard.records import DailyCheckin, TreatmentEvent, WarningSignTick
from dashboard.rules import timeline as tl
from dashboard.rules import trends
from dashboard.rules.boundaries import TIMELINE_KINDS
from dashboard.store import HouseholdStore
from dashboard.views import cached, figure_dict
from dashboard.views.boundaries import timeline_events

# The headline compares the last 30 days, and mood over the last 4 weeks.
HEADLINE_DAYS = 30
HEADLINE_READ_DAYS = 60


@dataclass(frozen=True)
class TimelineView:
    """What the Timeline page draws; figures are plain dicts, each with its text summary."""

    has_events: bool
    has_checkins: bool
    headline: str
    timeline: dict
    timeline_summary: str
    wellbeing: dict
    wellbeing_summary: str
    craving: dict | None
    craving_summary: str
    attendance: dict
    attendance_summary: str


@cached
def timeline_view(
    household: HouseholdStore,
    loved_one_id: uuid.UUID,
    today: date,
    preset: str,
    name: str,
    width: int | None = None,
) -> TimelineView:
    """One loved one's timeline and trends for a range preset, read once per data version.

    `width`: the screen's width in px for the charts' layout (None: a laptop)."""
    events = household.frame(TreatmentEvent, loved_one_id=loved_one_id)
    first_day = None
    if preset == "all":
        checkins = household.frame(DailyCheckin, end=today, loved_one_id=loved_one_id)
        starts = [
            *tl.calendar_days(checkins["day"]),
            *tl.calendar_days(events["start_date"]),
        ]
        first_day = min(starts).date() if starts else None
    window = tl.window_for(preset, today, first_day)
    if preset != "all":
        read_from = min(window.start, today - timedelta(days=HEADLINE_READ_DAYS))
        checkins = household.frame(DailyCheckin, read_from, today, loved_one_id)
    ticks = household.frame(WarningSignTick, window.start, window.end, loved_one_id)
    labels = {s.id: s.label for g in warning_checklist().groups for s in g.signs}
    shared = timeline_events(household, window.start, window.end, loved_one_id)
    markers = tl.combine_markers(
        tl.warning_sign_markers(ticks, labels),
        tl.shared_row_markers(shared, TIMELINE_KINDS),
    )
    in_window = trends.in_window(checkins, window)
    mood = [trends.trend(checkins, "mood", window), trends.trend(checkins, "sleep", window)]
    craving = trends.trend(checkins, "craving", window)
    return TimelineView(
        has_events=not events.empty,
        has_checkins=not in_window.empty,
        headline=trends.headline(checkins, events, today, HEADLINE_DAYS),
        timeline=figure_dict(charts.treatment_timeline(events, window, markers, width=width)),
        timeline_summary=tl.timeline_summary(events, window, markers),
        wellbeing=figure_dict(charts.trend_chart(mood, "Mood and sleep", "1 to 5", window, width)),
        wellbeing_summary=trends.wellbeing_summary(checkins, window),
        craving=figure_dict(
            charts.trend_chart([craving], "Craving, when shared", "0 to 10", window, width)
        )
        if craving.values
        else None,
        craving_summary=trends.craving_summary(checkins, window, name),
        attendance=figure_dict(
            charts.attendance_chart(trends.attendance(checkins, events, window), window, width)
        ),
        attendance_summary=trends.attendance_summary(checkins, events, window),
    )
