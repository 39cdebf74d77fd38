"""Session summary page body: what happened between two dates, in plain words."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard.records import today_in
from dashboard.ui.setup import PageContext
from dashboard.views.session import boundary_and_craft_lines, period_summary

DEFAULT_SUMMARY_DAYS = 28


def session_summary(context: PageContext) -> None:
    today = today_in(context.loved_one.timezone)
    chosen = st.date_input(
        "Dates to review",
        value=(today - timedelta(days=DEFAULT_SUMMARY_DAYS), today),
        max_value=today,
        format="YYYY-MM-DD",
    )
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick an end date as well as a start date.")
        return
    start, end = chosen
    summary = period_summary(context.household, start, end, context.loved_one.id)
    with st.container(border=True):
        for sentence in summary.sentences():
            st.text(sentence)
    st.caption(
        "These are the family's own records, summarised. Harbor makes no diagnosis or prediction."
    )
    boundaries_and_craft(context, start, end)


def boundaries_and_craft(context: PageContext, start: date, end: date) -> None:
    """Boundaries tested and kept, and CRAFT responses, in the chosen dates (plain text)."""
    st.markdown("**Boundaries and CRAFT skills**")
    with st.container(border=True):
        for line in boundary_and_craft_lines(context.household, start, end, context.loved_one.id):
            st.text(line)
