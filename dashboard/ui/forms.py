"""The quick log forms. Each builds a record; validation lives in dashboard.records."""

from __future__ import annotations

import streamlit as st

from dashboard.records import (
    EVENT_KIND_LABELS,
    NOTE_MAX_CHARS,
    OBSERVED_USE_LABELS,
    WIN_CATEGORY_LABELS,
    WIN_TEXT_MAX_CHARS,
    CaregiverCheckin,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
    today_in,
    validate_record,
)
from dashboard.ui.components import save_with_feedback
from dashboard.ui.setup import PageContext

SCALE_1_5 = {1: "1 · very poor", 2: "2 · poor", 3: "3 · okay", 4: "4 · good", 5: "5 · very good"}


def _common(context: PageContext) -> dict:
    return {"household_id": context.household.id}


def daily_checkin_form(context: PageContext) -> None:
    """Under 30 seconds: defaults are today and the last values logged."""
    today = today_in(context.loved_one.timezone)
    last = context.household.latest_checkin_values()
    with st.form("daily_checkin", clear_on_submit=False):
        day = st.date_input("Day", value=today, max_value=today, format="YYYY-MM-DD")
        observed = st.radio(
            "Use observed today",
            list(OBSERVED_USE_LABELS),
            format_func=OBSERVED_USE_LABELS.__getitem__,
            index=list(OBSERVED_USE_LABELS).index("unknown"),
            horizontal=True,
        )
        mood = st.select_slider(
            "Mood as you saw it",
            options=list(SCALE_1_5),
            value=last.mood if last else 3,
            format_func=SCALE_1_5.__getitem__,
        )
        sleep = st.select_slider(
            "Sleep as you saw it",
            options=list(SCALE_1_5),
            value=last.sleep if last else 3,
            format_func=SCALE_1_5.__getitem__,
        )
        attended = st.checkbox("Went to treatment or an appointment today")
        urinary = st.checkbox("Urinary symptoms noticed (needing to go often, pain, blood)")
        shared = st.checkbox("They shared how strong their craving was")
        craving = st.slider("Craving they shared (0 none – 10 strongest)", 0, 10, 0)
        notes = st.text_area(f"Note (optional, up to {NOTE_MAX_CHARS:,} characters)")
        submitted = st.form_submit_button("Save check-in", type="primary")
    if submitted:

        def save() -> None:
            record = validate_record(
                DailyCheckin,
                {
                    **_common(context),
                    "loved_one_id": context.loved_one.id,
                    "day": day,
                    "observed_use": observed,
                    "mood": mood,
                    "sleep": sleep,
                    "attended_treatment": attended,
                    "craving": craving if shared else None,
                    "urinary_symptoms": urinary,
                    "notes": notes,
                    "logged_by": context.member.id if context.member else None,
                },
            )
            context.household.save_checkin(record)

        save_with_feedback(save, f"Check-in for {day:%d %b %Y} saved.")
        if urinary:
            st.info(
                "Urinary symptoms are worth a doctor's visit. Ketamine can harm the bladder, "
                "and stopping early is what helps most."
            )


def treatment_event_form(context: PageContext) -> None:
    today = today_in(context.loved_one.timezone)
    with st.form("treatment_event", clear_on_submit=True):
        kind = st.selectbox(
            "What kind of event", list(EVENT_KIND_LABELS), format_func=EVENT_KIND_LABELS.__getitem__
        )
        title = st.text_input("Short title (optional)", placeholder="e.g. Clinic name")
        status = st.radio(
            "Has it happened?",
            ["actual", "planned"],
            format_func={"actual": "It happened", "planned": "It is planned"}.__getitem__,
            horizontal=True,
        )
        start = st.date_input("Start date", value=today, format="YYYY-MM-DD")
        has_end = st.checkbox("It has an end date")
        end = st.date_input("End date", value=today, format="YYYY-MM-DD")
        notes = st.text_area(f"Note (optional, up to {NOTE_MAX_CHARS:,} characters)")
        submitted = st.form_submit_button("Save event", type="primary")
    if submitted:
        record = {
            **_common(context),
            "loved_one_id": context.loved_one.id,
            "kind": kind,
            "title": title,
            "start_date": start,
            "end_date": end if has_end else None,
            "status": status,
            "notes": notes,
            "logged_by": context.member.id if context.member else None,
        }
        save_with_feedback(
            lambda: context.household.add(validate_record(TreatmentEvent, record)),
            f"{EVENT_KIND_LABELS[kind]} saved.",
        )


def small_win_form(context: PageContext) -> None:
    today = today_in(context.loved_one.timezone)
    with st.form("small_win", clear_on_submit=True):
        day = st.date_input("Day", value=today, max_value=today, format="YYYY-MM-DD")
        category = st.selectbox(
            "Kind of win", list(WIN_CATEGORY_LABELS), format_func=WIN_CATEGORY_LABELS.__getitem__
        )
        text = st.text_area(
            f"What went well? (up to {WIN_TEXT_MAX_CHARS} characters)",
            placeholder="e.g. Came to dinner and stayed to help wash up",
        )
        submitted = st.form_submit_button("Save win", type="primary")
    if submitted:
        record = {
            **_common(context),
            "loved_one_id": context.loved_one.id,
            "day": day,
            "category": category,
            "text": text,
            "logged_by": context.member.id if context.member else None,
        }
        save_with_feedback(
            lambda: context.household.add(validate_record(SmallWin, record)), "Small win saved."
        )


def caregiver_checkin_form(context: PageContext) -> None:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to log your own check-in.")
        return
    today = today_in(context.loved_one.timezone)
    with st.form("caregiver_checkin"):
        day = st.date_input("Day", value=today, max_value=today, format="YYYY-MM-DD")
        stress = st.slider("My stress today (0 calm – 10 overwhelmed)", 0, 10, 5)
        sleep = st.select_slider(
            "My sleep", options=list(SCALE_1_5), value=3, format_func=SCALE_1_5.__getitem__
        )
        self_care = st.text_input("Something I did for myself (optional)")
        notes = st.text_area(f"Note (optional, up to {NOTE_MAX_CHARS:,} characters)")
        submitted = st.form_submit_button("Save my check-in", type="primary")
    if submitted:
        record = {
            **_common(context),
            "family_member_id": context.member.id,
            "day": day,
            "stress": stress,
            "sleep": sleep,
            "self_care_done": bool(self_care.strip()),
            "self_care_note": self_care,
            "notes": notes,
        }
        save_with_feedback(
            lambda: context.household.save_caregiver_checkin(
                validate_record(CaregiverCheckin, record)
            ),
            "Your check-in is saved. Thank you for looking after yourself too.",
        )
