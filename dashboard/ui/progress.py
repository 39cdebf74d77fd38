"""Timeline, wins and self-care page bodies. Charts are cached per household and data version."""

from __future__ import annotations

import uuid
from datetime import date

import streamlit as st

from dashboard import charts
from dashboard.records import (
    EVENT_KIND_LABELS,
    WIN_CATEGORY_LABELS,
    CaregiverCheckin,
    SmallWin,
    TreatmentEvent,
    today_in,
)
from dashboard.ui.components import empty_state
from dashboard.ui.setup import LOG_PAGE, PageContext, get_store


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def _timeline_figure(household_id: uuid.UUID, data_version: int, today: date) -> dict:
    # data_version is part of the key: every write bumps it, so no stale figure is served.
    # A plain dict is cached: unpickling a go.Figure re-validates every point on each hit.
    events = get_store().household(household_id).frame(TreatmentEvent)
    return charts.treatment_timeline(events, today).to_plotly_json()


@st.cache_data(max_entries=32, ttl=3600, show_spinner=False)
def _stress_figure(household_id: uuid.UUID, member_id: uuid.UUID, data_version: int) -> dict:
    frame = get_store().household(household_id).frame(CaregiverCheckin)
    return charts.caregiver_stress(frame[frame["family_member_id"] == member_id]).to_plotly_json()


def timeline(context: PageContext) -> None:
    events = context.household.list(TreatmentEvent)
    if not events:
        empty_state(
            "No treatment events yet. Add the first one (an assessment, an appointment, a "
            "support meeting) and it will appear here.",
            LOG_PAGE,
            "Add a treatment event",
        )
        return
    today = today_in(context.loved_one.timezone)
    figure = _timeline_figure(context.household.id, context.household.data_version(), today)
    st.plotly_chart(figure, key="timeline_chart", config={"displaylogo": False})
    actual = [e for e in events if e.status == "actual"]
    planned = [e for e in events if e.status == "planned" and e.start_date >= today]
    kinds = sorted({EVENT_KIND_LABELS[e.kind] for e in actual})
    st.caption(
        f"{len(actual)} events have happened since {actual[0].start_date:%d %B %Y}"
        f" ({', '.join(kinds)}); {len(planned)} are planned."
        if actual
        else f"{len(planned)} events are planned."
    )


WALL_SIZE = 40
RECENT_DAYS = 60


def wins_wall(context: PageContext) -> None:
    wins = context.household.newest(SmallWin, WALL_SIZE)
    if not wins:
        empty_state(
            "No small wins yet. Noticing what goes well, and saying so, is one of the most "
            "useful things a family can do.",
            LOG_PAGE,
            "Log a small win",
        )
        return
    total = context.household.count(SmallWin)
    shown = f" The newest {len(wins)} are below." if total > len(wins) else ""
    st.caption(f"{total} small wins logged. A lapse never takes these away.{shown}")
    for win in wins:
        with st.container(border=True):
            st.caption(f"{win.day:%d %B %Y} · {WIN_CATEGORY_LABELS[win.category]}")
            st.text(win.text)


def self_care(context: PageContext) -> None:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to track your own wellbeing.")
        return
    mine = [
        c
        for c in context.household.newest(CaregiverCheckin, RECENT_DAYS)
        if c.family_member_id == context.member.id
    ]
    if not mine:
        empty_state(
            "You have not logged your own check-in yet. It takes a few seconds and helps you "
            "see how you are doing over time.",
            LOG_PAGE,
            "Log my check-in",
        )
        return
    figure = _stress_figure(
        context.household.id, context.member.id, context.household.data_version()
    )
    st.plotly_chart(figure, key="stress_chart", config={"displaylogo": False})
    recent = mine[:14]
    average = sum(c.stress for c in recent) / len(recent)
    done = sum(c.self_care_done for c in recent)
    st.caption(
        f"Your last {len(recent)} check-ins: average stress {average:.1f} out of 10; "
        f"you did something for yourself on {done} of those days."
    )
