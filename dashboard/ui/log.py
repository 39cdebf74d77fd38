"""Log page body: one quick form at a time, and the history where any entry can be
edited, or deleted and put back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
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
from dashboard.store import NotFound, StoreError
from dashboard.text import day_text
from dashboard.ui.kit import (
    ask_first,
    changed_meanwhile,
    flash,
    save_with_feedback,
    show_flash,
    show_problem,
    show_table,
    undo_offered,
)
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
        flash(success, FORM_FLASH_KEY)
    return saved


def show_saved_message() -> None:
    """The confirmation of the save that just emptied the form (a rerun clears the first)."""
    show_flash(FORM_FLASH_KEY)


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
            create(context.household.new(record_type, values, context.member_id))
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
    start = existing or context.household.latest_checkin_values(context.loved_one.id)
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
        f"Check-in for {day_text(day)} saved.",
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


RECENT_ROWS = 30
KIND_KEY = "history_kind"
PICK_KEY = "history_pick"
OPENED_KEY = "history_opened"  # the entry as it was when the edit began
CONFIRM_KEY = "history_confirm_delete"
UNDO_KEY = "history_deleted_entry"
FLASH_KEY = "history_flash"


@dataclass(frozen=True)
class EntryKind:
    """One kind of entry in the history: its table, its form and how to name an entry."""

    record_type: type[Record]
    columns: dict[str, str]
    describe: Callable[[Record], str]
    form: Callable[..., bool]


def _describe_checkin(c: DailyCheckin) -> str:
    return (
        f"{day_text(c.day, weekday=True)} · {OBSERVED_USE_LABELS[c.observed_use]} · mood {c.mood}"
    )


def _describe_event(e: TreatmentEvent) -> str:
    title = f" · {e.title}" if e.title else ""
    return (
        f"{day_text(e.start_date, weekday=True)} · {EVENT_KIND_LABELS[e.kind]}{title} ({e.status})"
    )


def _describe_win(w: SmallWin) -> str:
    text = w.text if len(w.text) <= 40 else f"{w.text[:39]}…"
    return f"{day_text(w.day, weekday=True)} · {text}"


def _describe_mine(c: CaregiverCheckin) -> str:
    return f"{day_text(c.day, weekday=True)} · stress {c.stress}/10"


ENTRY_KINDS: dict[str, EntryKind] = {
    "Check-ins": EntryKind(
        DailyCheckin,
        {
            "day": "Day",
            "observed": "Use observed",
            "mood": "Mood",
            "sleep": "Sleep",
            "notes": "Note",
            "logged_by_name": "Logged by",
        },
        _describe_checkin,
        daily_checkin_form,
    ),
    "Events": EntryKind(
        TreatmentEvent,
        {
            "start_date": "Start",
            "end_date": "End",
            "what": "Event",
            "title": "Title",
            "status": "Status",
            "logged_by_name": "Logged by",
        },
        _describe_event,
        treatment_event_form,
    ),
    "Wins": EntryKind(
        SmallWin,
        {"day": "Day", "kind": "Kind", "text": "Win", "logged_by_name": "Logged by"},
        _describe_win,
        small_win_form,
    ),
    "My check-ins": EntryKind(
        CaregiverCheckin,
        {
            "day": "Day",
            "stress": "Stress",
            "sleep": "Sleep",
            "self_care_note": "For myself",
            "notes": "Note",
        },
        _describe_mine,
        caregiver_checkin_form,
    ),
}


def _entries(context: PageContext, kind: EntryKind) -> list[Record]:
    if kind.record_type is CaregiverCheckin:
        # A caregiver's own check-ins are theirs: each person sees only their own.
        if context.member is None:
            return []
        return context.household.newest(
            kind.record_type, RECENT_ROWS, family_member_id=context.member.id
        )
    # Entries about the loved one chosen in the sidebar, never another's.
    return context.household.newest(kind.record_type, RECENT_ROWS, context.loved_one.id)


def _frame(context: PageContext, entries: list[Record]) -> pd.DataFrame:
    frame = pd.DataFrame([e.model_dump() for e in entries])
    names = {m.id: m.display_name for m in context.members}
    if "logged_by" in frame:
        frame["logged_by_name"] = frame["logged_by"].map(names).fillna("")
    if "observed_use" in frame:
        frame["observed"] = frame["observed_use"].map(OBSERVED_USE_LABELS)
    if "kind" in frame and "start_date" in frame:
        frame["what"] = frame["kind"].map(EVENT_KIND_LABELS)
    if "category" in frame:
        frame["kind"] = frame["category"].map(WIN_CATEGORY_LABELS)
    return frame


def _flash(message: str) -> None:
    flash(message, FLASH_KEY)


def _close_entry() -> None:
    for key in (PICK_KEY, OPENED_KEY, CONFIRM_KEY):
        st.session_state.pop(key, None)


def history(context: PageContext) -> None:
    st.subheader("History")
    show_flash(FLASH_KEY)
    _offer_undo(context)
    label = st.radio(
        "Show", list(ENTRY_KINDS), horizontal=True, key=KIND_KEY, on_change=_close_entry
    )
    kind = ENTRY_KINDS[label]
    entries = _entries(context, kind)
    if not entries:
        st.info(f"No {label.lower()} logged yet. Use the form above; it takes about 30 seconds.")
        return
    show_table(_frame(context, entries), kind.columns)
    if len(entries) == RECENT_ROWS:
        st.caption(f"The newest {RECENT_ROWS} are shown. Every entry is in your backup file.")
    by_id = {str(e.id): e for e in entries}
    chosen = st.selectbox(
        "Edit or delete an entry",
        list(by_id),
        index=None,
        placeholder="Choose an entry…",
        format_func=lambda i: kind.describe(by_id[i]),
        key=PICK_KEY,
    )
    if chosen is not None:
        _edit_entry(context, kind, by_id[chosen])


def _edit_entry(context: PageContext, kind: EntryKind, current: Record) -> None:
    opened = st.session_state.get(OPENED_KEY)
    if opened is None or opened.id != current.id:
        opened = st.session_state[OPENED_KEY] = current
    with st.container(border=True):
        if changed_meanwhile(current.version != opened.version):
            st.session_state[OPENED_KEY] = current
            st.rerun()
        if kind.form(context, existing=opened):
            _close_entry()
            _flash("Your changes are saved.")
        _ask_before_delete(context, kind, opened)


def _ask_before_delete(context: PageContext, kind: EntryKind, entry: Record) -> None:
    confirmed = ask_first(
        CONFIRM_KEY,
        entry.id,
        "Delete this entry",
        "Delete this entry? You can undo this straight after.",
        "Yes, delete it",
        ("history_delete", "history_delete_yes", "history_delete_no"),
        details=kind.describe(entry),
    )
    if not confirmed:
        return
    try:
        deleted = context.household.delete(kind.record_type, entry.id)
    except NotFound as exc:
        show_problem(str(exc))
        return
    _close_entry()
    st.session_state[UNDO_KEY] = deleted
    _flash("Deleted.")


def _offer_undo(context: PageContext) -> None:
    deleted: Record | None = st.session_state.get(UNDO_KEY)
    if deleted is None or deleted.household_id != context.household.id:
        return
    with st.container(border=True):
        st.text(f"You deleted the {deleted.label.lower()}: {_describe_any(deleted)}")
        if undo_offered(UNDO_KEY, "Undo delete", ("history_undo", "history_undo_dismiss")):
            try:
                context.household.restore(deleted)
            except StoreError as exc:
                show_problem(str(exc))
                return
            st.session_state.pop(UNDO_KEY, None)
            _flash("Put back, exactly as it was.")


def _describe_any(record: Record) -> str:
    kind = next(k for k in ENTRY_KINDS.values() if isinstance(record, k.record_type))
    return kind.describe(record)
