"""Self-care page body: the caregiver's own stress and self-care over time."""

from __future__ import annotations

import streamlit as st

from dashboard.records import today_in
from dashboard.rules.timeline import DEFAULT_PRESET
from dashboard.ui.kit import chart, empty_state, range_picker, screen_width, show_win
from dashboard.ui.setup import LOG_PAGE, PageContext
from dashboard.views.self_care import self_care_view

SELF_CARE_RANGE_KEY = "self_care_range"


def self_care(context: PageContext) -> None:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to track your own wellbeing.")
        return
    today = today_in(context.loved_one.timezone)
    preset = st.session_state.get(SELF_CARE_RANGE_KEY, DEFAULT_PRESET)
    view = self_care_view(context.household, context.member.id, today, preset, screen_width())
    if not view.checkins:
        empty_state(
            "You have not logged your own check-in yet. It takes a few seconds and helps you "
            "see how you are doing over time.",
            LOG_PAGE,
            "Log my check-in",
        )
        return
    range_picker(SELF_CARE_RANGE_KEY)
    chart(view.figure, "stress_chart", "Your stress over time")
    st.text(view.summary)
    st.caption(
        f"Your last {view.recent} check-ins: average stress {view.recent_stress:.1f} out "
        f"of 10; you did something for yourself on {view.recent_self_care} of those days."
    )
    if view.wins:
        st.header("Your self-care runs")
        for win in view.wins:
            show_win(win)
