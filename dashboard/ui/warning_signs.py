"""Warning signs page body: a checklist of what you have seen, never a diagnosis."""

from __future__ import annotations

import uuid
from datetime import date

import streamlit as st

from dashboard.content import (
    WarningChecklist,
    warning_checklist,
)
from dashboard.records import WarningSignTick, today_in
from dashboard.rules.learning import groups_of, known_sign_ids
from dashboard.store import HouseholdStore
from dashboard.text import day_text
from dashboard.ui.kit import save_with_feedback, sources_expander
from dashboard.ui.setup import PageContext
from dashboard.views.learning import tick_history


def warning_signs(context: PageContext) -> None:
    checklist = warning_checklist()
    st.caption(checklist.disclaimer)
    ticked: list[str] = []
    for group in checklist.groups:
        st.subheader(group.title)
        if group.note:
            st.caption(group.note)
        for sign in group.signs:
            if st.checkbox(sign.label, key=f"sign_{group.id}_{sign.id}"):
                ticked.append(sign.id)
    st.subheader("What you can do next")
    for guidance in checklist.guidance_for(groups_of(ticked, checklist)):
        st.write(guidance)
    if context.has_family:
        today = today_in(context.loved_one.timezone)
        day = st.date_input("Day you noticed these", value=today, max_value=today)
        if st.button("Save what I noticed", disabled=not ticked, type="primary"):
            save_with_feedback(
                lambda: save_sign_ticks(
                    context.household,
                    context.loved_one.id,
                    ticked,
                    day,
                    context.member_id,
                    checklist,
                ),
                f"Saved {len(ticked)} signs for {day_text(day, long=True)}.",
            )
        history = tick_history(context.household, context.loved_one.id)
        if history:
            with st.expander(f"Signs noticed before ({len(history)})"):
                st.text("\n".join(f"{day_text(day_seen)}: {label}" for day_seen, label in history))
    sources_expander(checklist.sources, checklist.last_reviewed)


def save_sign_ticks(
    household: HouseholdStore,
    loved_one_id: uuid.UUID,
    sign_ids: list[str],
    day: date,
    logged_by: uuid.UUID | None,
    checklist: WarningChecklist,
) -> int:
    """Save the signs seen on a day; returns how many were new (saving twice adds nothing)."""
    ticks = [
        household.new(
            WarningSignTick, {"loved_one_id": loved_one_id, "sign_id": sign, "day": day}, logged_by
        )
        for sign in known_sign_ids(sign_ids, checklist)
    ]
    return household.add_new(ticks, same=("loved_one_id", "sign_id", "day"))
