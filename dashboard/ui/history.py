"""Recent entries, shown as plain-text tables with who logged them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.records import (
    EVENT_KIND_LABELS,
    OBSERVED_USE_LABELS,
    WIN_CATEGORY_LABELS,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
)
from dashboard.ui.components import show_table
from dashboard.ui.setup import PageContext

RECENT_ROWS = 30


def _newest_frame(context: PageContext, record_type: type) -> pd.DataFrame:
    return pd.DataFrame(
        [r.model_dump() for r in context.household.newest(record_type, RECENT_ROWS)]
    )


def _with_names(frame: pd.DataFrame, context: PageContext) -> pd.DataFrame:
    names = {m.id: m.display_name for m in context.household.family_members()}
    return frame.assign(logged_by_name=frame["logged_by"].map(names).fillna(""))


def recent_entries(context: PageContext) -> None:
    st.subheader("Recently logged")
    checkins = _newest_frame(context, DailyCheckin)
    events = _newest_frame(context, TreatmentEvent)
    wins = _newest_frame(context, SmallWin)
    if checkins.empty and events.empty and wins.empty:
        st.info("Nothing logged yet. Your first check-in takes about 30 seconds.")
        return
    tab_checkins, tab_events, tab_wins = st.tabs(["Check-ins", "Events", "Wins"])
    with tab_checkins:
        checkins = _with_names(checkins, context).assign(
            observed=lambda f: f["observed_use"].map(OBSERVED_USE_LABELS)
        )
        show_table(
            checkins,
            {
                "day": "Day",
                "observed": "Use observed",
                "mood": "Mood",
                "sleep": "Sleep",
                "notes": "Note",
                "logged_by_name": "Logged by",
            },
        )
    with tab_events:
        events = _with_names(events, context).assign(
            what=lambda f: f["kind"].map(EVENT_KIND_LABELS)
        )
        show_table(
            events,
            {
                "start_date": "Start",
                "end_date": "End",
                "what": "Event",
                "title": "Title",
                "status": "Status",
                "logged_by_name": "Logged by",
            },
        )
    with tab_wins:
        wins = _with_names(wins, context).assign(
            kind=lambda f: f["category"].map(WIN_CATEGORY_LABELS)
        )
        show_table(
            wins, {"day": "Day", "kind": "Kind", "text": "Win", "logged_by_name": "Logged by"}
        )
