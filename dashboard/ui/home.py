"""Home page body for a family that is set up: the loved one's picture today.

The overview reads the whole history (runs and found wins need it), so it is cached per
household, loved one and data version; every write bumps the version.
"""

from __future__ import annotations

import uuid
from datetime import date

import streamlit as st

from dashboard.content import learning_path
from dashboard.learning import path_progress, read_module_ids
from dashboard.overview import HomeOverview, home_overview
from dashboard.records import EVENT_KIND_LABELS, OBSERVED_USE_LABELS, today_in
from dashboard.timeline import day_text, plural
from dashboard.ui.components import empty_state
from dashboard.ui.progress import show_win
from dashboard.ui.setup import LOG_PAGE, PageContext, get_store

WINS_PAGE = "pages/07_Wins.py"
TIMELINE_PAGE = "pages/06_Timeline.py"


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _overview(
    household_id: uuid.UUID, loved_one_id: uuid.UUID, data_version: int, today: date
) -> HomeOverview:
    # data_version is in the key: a new check-in or win shows at once.
    return home_overview(get_store().household(household_id), today, loved_one_id)


def overview(context: PageContext) -> None:
    loved_one = context.loved_one
    today = today_in(loved_one.timezone)
    st.title("Today")
    st.text(f"{context.info.name} · supporting {loved_one.display_name}")
    summary = _overview(context.household.id, loved_one.id, context.household.data_version(), today)

    run, last_checkin = st.columns(2)
    with run, st.container(border=True):
        st.subheader("Current run")
        current = summary.current_run
        if current is None:
            st.write(
                "No run going yet: it starts with the next check-in that says no use was seen."
            )
        else:
            st.metric("Use-free days logged", plural(current.use_free_days, "day"))
            st.caption(f"Since {day_text(current.start)}. Earlier runs still count.")
        st.page_link(WINS_PAGE, label="See all runs and wins")
    with last_checkin, st.container(border=True):
        st.subheader("Last check-in")
        last = summary.last_checkin
        if last is None:
            st.write("No check-ins yet.")
        else:
            st.write(
                f"{day_text(last.day, weekday=True, year=False, long=True)} · "
                f"{OBSERVED_USE_LABELS[last.observed_use]}"
            )
            st.caption(f"{plural(summary.checkins_last_7_days, 'check-in')} in the last 7 days")
        st.page_link(LOG_PAGE, label="Log today's check-in")

    with st.container(border=True):
        st.subheader("Next appointment")
        planned = summary.next_planned
        if planned is None:
            st.write("Nothing planned yet.")
        else:
            when = day_text(planned.start_date, weekday=True, year=False, long=True)
            st.write(f"{when}: {EVENT_KIND_LABELS[planned.kind]}")
            if planned.title:
                st.text(planned.title)
        st.page_link(TIMELINE_PAGE, label="Open the timeline")

    st.subheader("Latest small wins")
    if not summary.latest_wins:
        empty_state(
            "No wins yet. Small things count: a kept appointment, an honest talk, a family meal.",
            LOG_PAGE,
            "Log a small win",
        )
    for win in summary.latest_wins:
        show_win(win)

    read_ids = read_module_ids(context.household, context.member.id) if context.member else set()
    step = path_progress(learning_path(), read_ids).next_module
    if step is not None:
        st.subheader("A step for this week")
        st.write(f"Read **{step.title}**: {step.summary}")
        st.page_link("pages/01_Learn.py", label="Open the Learn page")
