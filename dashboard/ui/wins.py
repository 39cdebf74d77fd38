"""Wins page body: progress a lapse never erases, and every win with its reason."""

from __future__ import annotations

import streamlit as st

from dashboard.records import today_in
from dashboard.rules import wins as rules
from dashboard.text import day_text, plural
from dashboard.ui.kit import chart, empty_state, screen_width, show_win
from dashboard.ui.setup import LOG_PAGE, PageContext
from dashboard.views.wins import wins_view

WALL_KEY = "wins_shown"
WALL_PAGE = 12


def _metric_days(run: rules.Run | None) -> str:
    return "—" if run is None else plural(run.use_free_days, "day")


def wins_page(context: PageContext) -> None:
    today = today_in(context.loved_one.timezone)
    shown = st.session_state.get(WALL_KEY, WALL_PAGE)
    view = wins_view(context.household, context.loved_one.id, today, shown, screen_width())
    progress = view.progress
    if view.total == 0 and not progress.runs:
        empty_state(
            "No small wins yet. Log a win, or daily check-ins: Harbor then finds wins too "
            "(use-free days, kept appointments, better sleep) and says why.",
            LOG_PAGE,
            "Log a small win",
        )
        return

    st.header("Progress a lapse never erases")
    current, longest, last_30 = st.columns(3)
    current.metric("Current run", _metric_days(progress.current))
    longest.metric("Longest run", _metric_days(progress.longest))
    last_30.metric("Use-free days, last 30", progress.use_free_last[30])
    st.text(
        f"Use-free days logged in the last 7, 30 and 90 days: "
        f"{progress.use_free_last[7]}, {progress.use_free_last[30]}, "
        f"{progress.use_free_last[90]}. {progress.runs_sentence()}"
    )
    st.caption(
        "A run counts the check-ins that said no use was seen. Only confirmed use or a "
        "logged lapse starts a new run; days without a check-in neither count nor break it."
    )

    if view.calendar is not None:
        st.header("The year, one square per day")
        chart(view.calendar, "wins_calendar", "A year in squares")
        st.text(view.calendar_summary)

    st.header("Wins, newest first")
    st.caption(
        f"{plural(view.logged, 'win')} logged by the family and "
        f"{plural(view.found, 'win')} found by Harbor. A lapse never takes these away."
    )
    for monday, wins in rules.by_week(view.wins):
        st.markdown(f"**Week of {day_text(monday)}**")
        for win in wins:
            show_win(win)
    more = view.total > len(view.wins)
    if more and st.button("Show older wins", key="older_wins"):
        st.session_state[WALL_KEY] = shown + WALL_PAGE
        st.rerun()

    if view.runs:
        st.header("Runs so far, newest first")
        older = view.runs_total - len(view.runs)
        lines = [*view.runs, *([f"… and {plural(older, 'earlier run')}"] if older else [])]
        st.text("\n".join(lines))
