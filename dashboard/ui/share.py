"""Session summary and facilitator page bodies."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from dashboard.content import LearnModule, learn_modules
from dashboard.craft import session_lines
from dashboard.overview import period_summary
from dashboard.printable import worksheet_html
from dashboard.records import today_in
from dashboard.ui.boundaries import pdf_download
from dashboard.ui.learn import presentation
from dashboard.ui.setup import PageContext
from dashboard.worksheets import blank_worksheet, blank_worksheets, file_name, worksheet_pdf

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
        for line in session_lines(context.household, start, end, context.loved_one.id):
            st.text(line)


def facilitator() -> None:
    modules = [m for m in learn_modules() if m.path_order is not None]
    curriculum, present, sheets = st.tabs(["Curriculum", "Presentation mode", "Worksheets"])
    with present:
        presentation(learn_modules())
    with curriculum:
        _curriculum(modules)
    with sheets:
        blank_worksheet_downloads()


def blank_worksheet_downloads() -> None:
    """Blank worksheets to print for a group: no family's data goes into them."""
    st.write(
        "Blank worksheets for the group to fill in by hand: a boundary plan, PIUS practice, "
        "a response log, an invitation plan and a sober activities map. They work offline."
    )
    titles = dict(blank_worksheets())
    chosen = st.selectbox(
        "Worksheet", list(titles), format_func=titles.__getitem__, key="blank_worksheet"
    )
    sheet = blank_worksheet(chosen)
    st.caption(sheet.intro)
    st.download_button(
        "Download the blank worksheet (HTML)",
        data=worksheet_html(sheet).encode("utf-8"),
        file_name=file_name(sheet, "html", "blank"),
        mime="text/html",
        key=f"blank_html_{chosen}",
        on_click="ignore",
    )
    pdf_download(
        "the blank worksheet",
        f"blank_pdf_{chosen}",
        "blank",
        lambda: worksheet_pdf(sheet),
        file_name(sheet, "pdf", "blank"),
    )


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
