"""Session summary and facilitator page bodies."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dashboard.content import LearnModule, learn_modules
from dashboard.overview import period_summary
from dashboard.records import today_in
from dashboard.ui.learn import presentation
from dashboard.ui.setup import PageContext

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
    summary = period_summary(context.household, start, end)
    with st.container(border=True):
        for sentence in summary.sentences():
            st.text(sentence)
    st.caption(
        "These are the family's own records, summarised. Harbor makes no diagnosis or prediction."
    )


def facilitator() -> None:
    modules = [m for m in learn_modules() if m.path_order is not None]
    curriculum, present = st.tabs(["Curriculum", "Presentation mode"])
    with present:
        presentation(learn_modules())
    with curriculum:
        _curriculum(modules)


def _curriculum(modules: list[LearnModule]) -> None:
    st.write(
        f"A {len(modules)}-session curriculum follows the new-caregiver learning path. Each "
        "session has a guide to read together and questions to discuss."
    )
    for number, module in enumerate(modules, start=1):
        with st.expander(f"Session {number}: {module.title}"):
            st.write(module.summary)
            st.markdown("**Questions to discuss**")
            for question in module.discussion_questions:
                st.markdown(f"- {question}")
