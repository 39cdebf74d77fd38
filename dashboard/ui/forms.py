"""The quick log forms, used both to log something new and to edit a past entry.

Each form only gathers values; validation lives once in dashboard.records, and the
store refuses an edit to an entry that changed since it was opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.records import (
    EVENT_KIND_LABELS,
    NOTE_MAX_CHARS,
    OBSERVED_USE_LABELS,
    WIN_CATEGORY_LABELS,
    WIN_TEXT_MAX_CHARS,
    CaregiverCheckin,
    DailyCheckin,
    Record,
    SmallWin,
    TreatmentEvent,
    today_in,
    validate_record,
)
from dashboard.ui.components import save_with_feedback
from dashboard.ui.setup import PageContext

SCALE_1_5 = {1: "1 · very poor", 2: "2 · poor", 3: "3 · okay", 4: "4 · good", 5: "5 · very good"}
EVENT_STATUS_LABELS = {"actual": "It happened", "planned": "It is planned"}
NOTE_LABEL = f"Note (optional, up to {NOTE_MAX_CHARS:,} characters)"


FORM_FLASH_KEY = "log_form_flash"


def _form_key(name: str, existing: Record | None) -> str:
    # Each edited entry gets its own form, so its widgets start from that entry's values;
    # a new-entry form gets a fresh key after each save, so it starts empty again.
    if existing is not None:
        return f"{name}_edit_{existing.id}"
    return f"{name}_{st.session_state.get(f'{name}_generation', 0)}"


def _start_empty_after(name: str, saved: bool, success: str) -> bool:
    """Empty a new-entry form only once it saved; a refused form keeps what was typed."""
    if saved:
        st.session_state[f"{name}_generation"] = st.session_state.get(f"{name}_generation", 0) + 1
        st.session_state[FORM_FLASH_KEY] = success
        st.rerun()
    return saved


def show_saved_message() -> None:
    """The confirmation of the save that just emptied the form (a rerun clears the first)."""
    if message := st.session_state.pop(FORM_FLASH_KEY, None):
        st.success(message)


def _save(
    context: PageContext,
    record_type: type[Record],
    values: dict[str, Any],
    existing: Record | None,
    create: Callable[[Record], object],
    success: str,
) -> bool:
    """Create a new record, or save the edit of `existing` at the version it was opened."""

    def save() -> None:
        if existing is None:
            logged_by = {"logged_by": context.member.id if context.member else None}
            if "logged_by" not in record_type.model_fields:
                logged_by = {}
            create(
                validate_record(
                    record_type, {"household_id": context.household.id, **values, **logged_by}
                )
            )
        else:
            # An edit changes what was typed, never whom the entry is about.
            typed = {
                k: v for k, v in values.items() if k not in ("loved_one_id", "family_member_id")
            }
            context.household.update(
                validate_record(record_type, {**existing.model_dump(), **typed})
            )

    return save_with_feedback(save, success if existing is None else "Your changes are saved.")


def _scale(label: str, value: int) -> int:
    return st.select_slider(
        label, options=list(SCALE_1_5), value=value, format_func=SCALE_1_5.__getitem__
    )


def daily_checkin_form(context: PageContext, existing: DailyCheckin | None = None) -> bool:
    """Under 30 seconds: defaults are today and the last values logged."""
    today = today_in(context.loved_one.timezone)
    start = existing or context.household.latest_checkin_values()
    with st.form(_form_key("daily_checkin", existing), clear_on_submit=False):
        day = st.date_input(
            "Day", value=existing.day if existing else today, max_value=today, format="YYYY-MM-DD"
        )
        observed = st.radio(
            "Use observed today",
            list(OBSERVED_USE_LABELS),
            format_func=OBSERVED_USE_LABELS.__getitem__,
            index=list(OBSERVED_USE_LABELS).index(existing.observed_use if existing else "unknown"),
            horizontal=True,
        )
        mood = _scale("Mood as you saw it", start.mood if start else 3)
        sleep = _scale("Sleep as you saw it", start.sleep if start else 3)
        attended = st.checkbox(
            "Went to treatment or an appointment today",
            value=existing.attended_treatment if existing else False,
        )
        urinary = st.checkbox(
            "Urinary symptoms noticed (needing to go often, pain, blood)",
            value=existing.urinary_symptoms if existing else False,
        )
        shared = st.checkbox(
            "They shared how strong their craving was",
            value=existing is not None and existing.craving is not None,
        )
        craving = st.slider(
            "Craving they shared (0 none – 10 strongest)",
            0,
            10,
            existing.craving if existing and existing.craving is not None else 0,
        )
        notes = st.text_area(NOTE_LABEL, value=existing.notes if existing else "")
        submitted = st.form_submit_button(
            "Save check-in" if existing is None else "Save changes", type="primary"
        )
    if not submitted:
        return False
    values = {
        "loved_one_id": context.loved_one.id,
        "day": day,
        "observed_use": observed,
        "mood": mood,
        "sleep": sleep,
        "attended_treatment": attended,
        "craving": craving if shared else None,
        "urinary_symptoms": urinary,
        "notes": notes,
    }
    saved = _save(
        context,
        DailyCheckin,
        values,
        existing,
        context.household.save_checkin,
        f"Check-in for {day:%d %b %Y} saved.",
    )
    if saved and urinary:
        st.info(
            "Urinary symptoms are worth a doctor's visit. Ketamine can harm the bladder, "
            "and stopping early is what helps most."
        )
    return saved


def treatment_event_form(context: PageContext, existing: TreatmentEvent | None = None) -> bool:
    today = today_in(context.loved_one.timezone)
    kinds = list(EVENT_KIND_LABELS)
    with st.form(_form_key("treatment_event", existing)):
        kind = st.selectbox(
            "What kind of event",
            kinds,
            index=kinds.index(existing.kind) if existing else 0,
            format_func=EVENT_KIND_LABELS.__getitem__,
        )
        title = st.text_input(
            "Short title (optional)",
            value=existing.title if existing else "",
            placeholder="e.g. Clinic name",
        )
        status = st.radio(
            "Has it happened?",
            list(EVENT_STATUS_LABELS),
            index=list(EVENT_STATUS_LABELS).index(existing.status if existing else "actual"),
            format_func=EVENT_STATUS_LABELS.__getitem__,
            horizontal=True,
        )
        start = st.date_input(
            "Start date", value=existing.start_date if existing else today, format="YYYY-MM-DD"
        )
        has_end = st.checkbox(
            "It has an end date", value=existing is not None and existing.end_date is not None
        )
        end = st.date_input(
            "End date",
            value=existing.end_date if existing and existing.end_date else today,
            format="YYYY-MM-DD",
        )
        notes = st.text_area(NOTE_LABEL, value=existing.notes if existing else "")
        submitted = st.form_submit_button(
            "Save event" if existing is None else "Save changes", type="primary"
        )
    if not submitted:
        return False
    values = {
        "loved_one_id": context.loved_one.id,
        "kind": kind,
        "title": title,
        "start_date": start,
        "end_date": end if has_end else None,
        "status": status,
        "notes": notes,
    }
    success = f"{EVENT_KIND_LABELS[kind]} saved."
    saved = _save(context, TreatmentEvent, values, existing, context.household.add, success)
    return _start_empty_after("treatment_event", saved and existing is None, success) or saved


def small_win_form(context: PageContext, existing: SmallWin | None = None) -> bool:
    today = today_in(context.loved_one.timezone)
    categories = list(WIN_CATEGORY_LABELS)
    with st.form(_form_key("small_win", existing)):
        day = st.date_input(
            "Day", value=existing.day if existing else today, max_value=today, format="YYYY-MM-DD"
        )
        category = st.selectbox(
            "Kind of win",
            categories,
            index=categories.index(existing.category) if existing else 0,
            format_func=WIN_CATEGORY_LABELS.__getitem__,
        )
        text = st.text_area(
            f"What went well? (up to {WIN_TEXT_MAX_CHARS} characters)",
            value=existing.text if existing else "",
            placeholder="e.g. Came to dinner and stayed to help wash up",
        )
        submitted = st.form_submit_button(
            "Save win" if existing is None else "Save changes", type="primary"
        )
    if not submitted:
        return False
    values = {"loved_one_id": context.loved_one.id, "day": day, "category": category, "text": text}
    success = "Small win saved."
    saved = _save(context, SmallWin, values, existing, context.household.add, success)
    return _start_empty_after("small_win", saved and existing is None, success) or saved


def caregiver_checkin_form(context: PageContext, existing: CaregiverCheckin | None = None) -> bool:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to log your own check-in.")
        return False
    today = today_in(context.loved_one.timezone)
    with st.form(_form_key("caregiver_checkin", existing)):
        day = st.date_input(
            "Day", value=existing.day if existing else today, max_value=today, format="YYYY-MM-DD"
        )
        stress = st.slider(
            "My stress today (0 calm – 10 overwhelmed)", 0, 10, existing.stress if existing else 5
        )
        sleep = _scale("My sleep", existing.sleep if existing else 3)
        self_care = st.text_input(
            "Something I did for myself (optional)",
            value=existing.self_care_note if existing else "",
        )
        notes = st.text_area(NOTE_LABEL, value=existing.notes if existing else "")
        submitted = st.form_submit_button(
            "Save my check-in" if existing is None else "Save changes", type="primary"
        )
    if not submitted:
        return False
    values = {
        "family_member_id": existing.family_member_id if existing else context.member.id,
        "day": day,
        "stress": stress,
        "sleep": sleep,
        "self_care_done": bool(self_care.strip()),
        "self_care_note": self_care,
        "notes": notes,
    }
    return _save(
        context,
        CaregiverCheckin,
        values,
        existing,
        context.household.save_caregiver_checkin,
        "Your check-in is saved. Thank you for looking after yourself too.",
    )


# What the Log page offers, in the order a family uses them most.
LOG_FORMS: dict[str, Callable[[PageContext], bool]] = {
    "Check-in": daily_checkin_form,
    "Treatment event": treatment_event_form,
    "Small win": small_win_form,
    "My check-in": caregiver_checkin_form,
}
