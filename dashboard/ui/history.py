"""History: past entries of each kind, with edit, delete (asked first) and undo.

An edit is saved against the version of the entry that was opened, so a change made
meanwhile in another session is never overwritten: the person is told and can reload.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.records import (
    EVENT_KIND_LABELS,
    OBSERVED_USE_LABELS,
    WIN_CATEGORY_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    Record,
    SmallWin,
    TreatmentEvent,
)
from dashboard.store import NotFound, StoreError
from dashboard.ui import forms
from dashboard.ui.components import show_table
from dashboard.ui.feedback import show_problem
from dashboard.ui.setup import PageContext

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
    return f"{c.day:%a %d %b %Y} · {OBSERVED_USE_LABELS[c.observed_use]} · mood {c.mood}"


def _describe_event(e: TreatmentEvent) -> str:
    title = f" · {e.title}" if e.title else ""
    return f"{e.start_date:%a %d %b %Y} · {EVENT_KIND_LABELS[e.kind]}{title} ({e.status})"


def _describe_win(w: SmallWin) -> str:
    text = w.text if len(w.text) <= 40 else f"{w.text[:39]}…"
    return f"{w.day:%a %d %b %Y} · {text}"


def _describe_mine(c: CaregiverCheckin) -> str:
    return f"{c.day:%a %d %b %Y} · stress {c.stress}/10"


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
        forms.daily_checkin_form,
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
        forms.treatment_event_form,
    ),
    "Wins": EntryKind(
        SmallWin,
        {"day": "Day", "kind": "Kind", "text": "Win", "logged_by_name": "Logged by"},
        _describe_win,
        forms.small_win_form,
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
        forms.caregiver_checkin_form,
    ),
}


def _entries(context: PageContext, kind: EntryKind) -> list[Record]:
    entries = context.household.newest(kind.record_type, RECENT_ROWS)
    if kind.record_type is CaregiverCheckin:
        # A caregiver's own check-ins are theirs: each person sees only their own.
        member = context.member.id if context.member else None
        return [e for e in entries if e.family_member_id == member]
    # Entries about the loved one chosen in the sidebar, never another's.
    return [e for e in entries if e.loved_one_id == context.loved_one.id]


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
    """Say what just happened on the next run (a rerun clears messages shown before it)."""
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _close_entry() -> None:
    for key in (PICK_KEY, OPENED_KEY, CONFIRM_KEY):
        st.session_state.pop(key, None)


def history(context: PageContext) -> None:
    st.subheader("History")
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(message)
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
        if current.version != opened.version:
            st.warning(
                "Someone changed this entry after you opened it. Load the latest version "
                "before you edit it, so neither change is lost."
            )
            if st.button("Load the latest version"):
                st.session_state[OPENED_KEY] = current
                st.rerun()
        if kind.form(context, existing=opened):
            _close_entry()
            _flash("Your changes are saved.")
        _ask_before_delete(context, kind, opened)


def _ask_before_delete(context: PageContext, kind: EntryKind, entry: Record) -> None:
    if st.session_state.get(CONFIRM_KEY) != entry.id:
        if st.button("Delete this entry", key="history_delete"):
            st.session_state[CONFIRM_KEY] = entry.id
            st.rerun()
        return
    st.warning("Delete this entry? You can undo this straight after.")
    st.text(kind.describe(entry))
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", type="primary", key="history_delete_yes"):
        try:
            deleted = context.household.delete(kind.record_type, entry.id)
        except NotFound as exc:
            show_problem(str(exc))
            return
        _close_entry()
        st.session_state[UNDO_KEY] = deleted
        _flash("Deleted.")
    if no.button("No, keep it", key="history_delete_no"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()


def _offer_undo(context: PageContext) -> None:
    deleted: Record | None = st.session_state.get(UNDO_KEY)
    if deleted is None or deleted.household_id != context.household.id:
        return
    with st.container(border=True):
        st.text(f"You deleted the {deleted.label.lower()}: {_describe_any(deleted)}")
        keep, undo = st.columns(2)
        if undo.button("Undo delete", type="primary", key="history_undo"):
            try:
                context.household.restore(deleted)
            except StoreError as exc:
                show_problem(str(exc))
                return
            st.session_state.pop(UNDO_KEY, None)
            _flash("Put back, exactly as it was.")
        if keep.button("OK", key="history_undo_dismiss"):
            st.session_state.pop(UNDO_KEY, None)
            st.rerun()


def _describe_any(record: Record) -> str:
    kind = next(k for k in ENTRY_KINDS.values() if isinstance(record, k.record_type))
    return kind.describe(record)
