"""Reusable pieces of UI. User text is only ever shown with st.text or in tables."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.config import DEFAULT_TIMEZONE
from dashboard.content import LearnModule
from dashboard.records import REGION_LABELS, TIMEZONES, RecordInvalid
from dashboard.store import NewFamily, StoreError
from dashboard.ui.feedback import show_problem
from dashboard.ui.restore import restore_from_backup
from dashboard.ui.setup import HOME_PAGE, PageContext, choose_household


def empty_state(message: str, page: str | None = None, label: str | None = None) -> None:
    """Say what is missing and offer the next step."""
    st.info(message)
    if page and label:
        st.page_link(page, label=label)


def needs_family(context: PageContext) -> bool:
    """True when the page can go on; otherwise shows how to start and returns False."""
    if context.has_family:
        return True
    empty_state(
        "Harbor has no family set up yet. Create your family's space, or explore the demo "
        "family, on the Home page.",
        HOME_PAGE,
        "Go to Home to get started",
    )
    return False


def show_sources(module: LearnModule) -> None:
    st.caption(f"Last reviewed {module.last_reviewed:%d %B %Y}")
    for source in module.sources:
        st.markdown(f"- [{source.title}]({source.url})")


def show_module(module: LearnModule) -> None:
    """Harbor's own reviewed content: safe to render as Markdown."""
    st.caption(f"{module.reading_minutes} min read · {module.summary}")
    st.markdown(module.body)
    with st.expander("Sources"):
        show_sources(module)


def show_table(frame: pd.DataFrame, columns: dict[str, str]) -> None:
    """A read-only table; cells are plain text, never Markdown or HTML."""
    view = frame[list(columns)].rename(columns=columns)
    st.dataframe(view, hide_index=True, width="stretch")


def save_with_feedback(action: Callable[[], object], success: str) -> bool:
    """Run a save; show a confirmation, or the validation message, and never crash."""
    try:
        action()
    except (RecordInvalid, StoreError) as exc:
        show_problem(str(exc))
        return False
    st.toast(success)
    st.success(success)
    return True


def onboarding(context: PageContext) -> None:
    """First run: create your family's space, or explore the demo family."""
    from dashboard.demo import load_demo

    st.title("Welcome to Harbor")
    st.write(
        "Harbor helps you understand ketamine addiction, keep boundaries, use the family "
        "skills that work, and see your loved one's progress. Everything you enter stays "
        "on this computer."
    )
    create, explore, restore = st.tabs(
        ["Create your family's space", "Explore the demo family", "Restore from a backup"]
    )
    with create, st.form("onboarding"):
        household_name = st.text_input("Family name", placeholder="e.g. The Rivera family")
        loved_one = st.text_input("Your loved one's first name (or a nickname)")
        member = st.text_input("Your first name")
        region = st.selectbox(
            "Where do you live? (for the right crisis lines)",
            list(REGION_LABELS),
            format_func=REGION_LABELS.__getitem__,
        )
        timezone = st.selectbox(
            "Your loved one's time zone (so each day's log lands on the right date)",
            TIMEZONES,
            index=TIMEZONES.index(DEFAULT_TIMEZONE),
        )
        submitted = st.form_submit_button("Create my family's space", type="primary")
    if submitted:
        family = NewFamily(
            household_name=household_name or "My family",
            loved_one_name=loved_one,
            member_name=member,
            region=region,
            timezone=timezone,
        )
        _create(context, family)
    with explore:
        st.write(
            "The demo family is invented. It shows ten months of logs: assessment, "
            "withdrawal management, outpatient treatment, one lapse and the recovery from it."
        )
        if st.button("Explore the demo family", key="load_demo"):
            with st.spinner("Loading the demo family…"):
                household, _ = load_demo(context.store)
            choose_household(household.id)
            st.rerun()
    with restore:
        st.write("Moving to a new computer? Bring your family's records from a backup file.")
        restore_from_backup(context, key="onboarding_restore")


def _create(context: PageContext, family: NewFamily) -> None:
    try:
        household = context.store.create_family(family)
    except RecordInvalid as exc:
        show_problem(str(exc))
        return
    choose_household(household.id)
    st.rerun()
