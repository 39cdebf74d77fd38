"""Home page body for a family that is set up."""

from __future__ import annotations

import streamlit as st

from dashboard.content import learning_path
from dashboard.learning import path_progress, read_module_ids
from dashboard.overview import home_overview
from dashboard.records import EVENT_KIND_LABELS, OBSERVED_USE_LABELS, WIN_CATEGORY_LABELS, today_in
from dashboard.ui.components import empty_state
from dashboard.ui.setup import LOG_PAGE, PageContext


def overview(context: PageContext) -> None:
    loved_one = context.loved_one
    today = today_in(loved_one.timezone)
    st.title("Today")
    st.text(f"{context.info.name} · supporting {loved_one.display_name}")
    summary = home_overview(context.household, today)

    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader("Last check-in")
        last = summary.last_checkin
        if last is None:
            st.write("No check-ins yet.")
        else:
            st.write(f"{last.day:%A %d %B} · {OBSERVED_USE_LABELS[last.observed_use]}")
            st.caption(f"{summary.checkins_last_7_days} check-ins in the last 7 days")
        st.page_link(LOG_PAGE, label="Log today's check-in")
    with right, st.container(border=True):
        st.subheader("Next appointment")
        planned = summary.next_planned
        if planned is None:
            st.write("Nothing planned yet.")
        else:
            st.write(f"{planned.start_date:%A %d %B}: {EVENT_KIND_LABELS[planned.kind]}")
            if planned.title:
                st.text(planned.title)

    st.subheader("Latest small wins")
    if not summary.latest_wins:
        empty_state(
            "No wins logged yet. Small things count: a kept appointment, an honest talk, "
            "a family meal.",
            LOG_PAGE,
            "Log a small win",
        )
    for win in summary.latest_wins:
        with st.container(border=True):
            st.caption(f"{win.day:%d %B %Y} · {WIN_CATEGORY_LABELS[win.category]}")
            st.text(win.text)

    read_ids = read_module_ids(context.household, context.member.id) if context.member else set()
    step = path_progress(learning_path(), read_ids).next_module
    if step is not None:
        st.subheader("A step for this week")
        st.write(f"Read **{step.title}**: {step.summary}")
        st.page_link("pages/01_Learn.py", label="Open the Learn page")
