"""Warning signs page body: a checklist of what you have seen, never a diagnosis."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.content import (
    WarningChecklist,
    warning_checklist,
)
from dashboard.records import WarningSignTick, today_in
from dashboard.rules.learning import groups_of, known_sign_ids
from dashboard.text import day_text
from dashboard.ui.kit import save_with_feedback
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
                lambda: save_sign_ticks(context, ticked, day, checklist),
                f"Saved {len(ticked)} signs for {day_text(day, long=True)}.",
            )
        history = tick_history(context.household)
        if history:
            with st.expander(f"Signs noticed before ({len(history)})"):
                st.text("\n".join(f"{day_text(day_seen)}: {label}" for day_seen, label in history))
    with st.expander("Sources"):
        for source in checklist.sources:
            st.markdown(f"- [{source.title}]({source.url})")


def save_sign_ticks(
    context: PageContext, sign_ids: list[str], day: date, checklist: WarningChecklist
) -> int:
    """Save the signs seen on a day; saving the same signs again adds nothing."""
    ticks = [
        context.household.new(
            WarningSignTick,
            {"loved_one_id": context.loved_one.id, "sign_id": sign_id, "day": day},
            context.member_id,
        )
        for sign_id in known_sign_ids(sign_ids, checklist)
    ]
    return context.household.add_new(ticks, same=("loved_one_id", "sign_id", "day"))
