"""Timeline page body: treatment phases and events, and the trends beside them.

The view (dashboard.views.timeline) is built once per data version; this module only
draws it. Summaries are shown with st.text, never as Markdown.
"""

from __future__ import annotations

import streamlit as st

from dashboard.records import today_in
from dashboard.ui.kit import chart, empty_state, range_picker, screen_width
from dashboard.ui.setup import LOG_PAGE, PageContext
from dashboard.views.timeline import timeline_view

RANGE_KEY = "timeline_range"
# An invited therapist reads only: no step to the Log page, which is not theirs to open.
READ_ONLY_EMPTY = "The family has logged nothing for these dates yet. Try a longer range."


def timeline(context: PageContext) -> None:
    loved_one = context.loved_one
    today = today_in(loved_one.timezone)
    preset = range_picker(RANGE_KEY)
    view = timeline_view(
        context.household, loved_one.id, today, preset, loved_one.display_name, screen_width()
    )
    if not view.has_events and not view.has_checkins:
        next_step(
            context,
            "Nothing to show yet. Add a treatment event (an assessment, an appointment, a "
            "support meeting) or a daily check-in, and the timeline and trends start here.",
            LOG_PAGE,
            "Go to the Log page",
        )
        return
    st.text(view.headline)

    st.header("Treatment phases and events")
    if view.has_events:
        chart(view.timeline, "timeline_chart", "Treatment timeline")
        st.text(view.timeline_summary)
    else:
        next_step(
            context,
            "No treatment events yet. Add the first one (an assessment, an appointment, a "
            "support meeting) and it will appear here.",
            LOG_PAGE,
            "Add a treatment event",
        )

    st.header("Trends")
    if not view.has_checkins:
        next_step(
            context,
            "No daily check-ins in this date range. A check-in takes about 30 seconds; "
            "mood, sleep and craving trends start from the first one.",
            LOG_PAGE,
            "Log a check-in",
        )
        return
    chart(view.wellbeing, "wellbeing_chart", "Mood and sleep")
    st.text(view.wellbeing_summary)
    if view.craving is not None:
        chart(view.craving, "craving_chart", "Craving, when shared")
    st.text(view.craving_summary)
    chart(view.attendance, "attendance_chart", "Treatment attended")
    st.text(view.attendance_summary)


def next_step(context: PageContext, message: str, page: str, label: str) -> None:
    """An empty part's next step; a read-only reader is told only what is missing."""
    if context.read_only:
        empty_state(READ_ONLY_EMPTY)
    else:
        empty_state(message, page, label)
