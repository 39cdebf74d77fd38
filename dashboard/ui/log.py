"""Log page body: one quick form at a time, and the history where any entry can be
edited, deleted and put back, or brought back to an earlier version."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from dashboard.records import (
    EVENT_KIND_LABELS,
    NOTE_MAX_CHARS,
    OBSERVED_USE_LABELS,
    VERSION_CHANGE_LABELS,
    WIN_CATEGORY_LABELS,
    WIN_TEXT_MAX_CHARS,
    CaregiverCheckin,
    DailyCheckin,
    EntryVersion,
    Record,
    RecordInvalid,
    SmallWin,
    TreatmentEvent,
    today_in,
    validate_record,
)
from dashboard.store import AlreadyLogged, NotFound, StoreError
from dashboard.text import day_text
from dashboard.ui.kit import (
    KEEP_TYPED,
    ask_first,
    changed_meanwhile,
    confirm,
    flash,
    inert,
    lazy_expander,
    refusal,
    save,
    save_with_feedback,
    share_box,
    show_flash,
    show_problem,
    show_table,
    undo_offered,
)
from dashboard.ui.setup import PageContext, records_guard, still_open
from dashboard.views.log import DeletedEntry, RecentEntries, deleted_entries, recent_entries

SCALE_1_5 = {1: "1 · very poor", 2: "2 · poor", 3: "3 · okay", 4: "4 · good", 5: "5 · very good"}
EVENT_STATUS_LABELS = {"actual": "It happened", "planned": "It is planned"}
NOTE_LABEL = f"Note (optional, up to {NOTE_MAX_CHARS:,} characters)"
# One control for the craving: "not shared" is its first stop, so no value it shows is dropped.
CRAVING_LABEL = "Craving, if they shared it (0 none – 10 strongest)"
CRAVING_OPTIONS: list[int | None] = [None, *range(11)]
URINARY_ADVICE = (
    "Urinary symptoms are worth a doctor's visit. Ketamine can harm the bladder, "
    "and stopping early is what helps most."
)


FORM_FLASH_KEY = "log_form_flash"
FORM_KEY = "log_form"  # which form the page shows (pages/05_Log.py)
KEPT_BEFORE = "Your changes are saved. The version before is kept in its history."
KEPT_REPLACED = "The entry it replaced is kept in its history, under Earlier versions."
EDIT_SAVED = "Edit or replace this entry"


def _form_key(name: str, existing: Record | None) -> str:
    # Each edited entry gets its own form, so its widgets start from that entry's values;
    # a new-entry form gets a fresh key after each save, so it starts empty again.
    if existing is not None:
        return f"{name}_edit_{existing.id}"
    return f"{name}_{st.session_state.get(f'{name}_generation', 0)}"


def _whose(name: str, whose: uuid.UUID) -> str:
    """A new-entry form's name for one person's entries (a loved one, or the caregiver):
    words typed about one person never appear in the form of another, or of another family,
    and a save for one leaves what waits in another's form alone."""
    return f"{name}_{whose}"


def _kept(form: str, existing: Record | None) -> Callable[[str], dict[str, Any]]:
    """A new-entry form's widgets get keys and keep what was typed while another form is
    shown (see kit.KEEP_TYPED); an edit form starts from its entry, as before."""
    if existing is not None:
        return lambda _name: {}
    return lambda name: {"key": f"{form}_{name}", "persist_state": KEEP_TYPED}


def _start_empty_after(name: str, saved: bool, success: str) -> bool:
    """Empty a new-entry form only once it saved; a refused form keeps what was typed."""
    if saved:
        _next_new_form(name)
        flash(success, FORM_FLASH_KEY)
    return saved


def _next_new_form(name: str) -> None:
    """The new-entry form `name` saved: forget what _kept kept for it, and give the next
    one a fresh key, so it starts empty."""
    typed = f"{_form_key(name, None)}_"
    for key in [k for k in st.session_state if str(k).startswith(typed)]:
        st.session_state.pop(key, None)
    st.session_state[f"{name}_generation"] = st.session_state.get(f"{name}_generation", 0) + 1


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
                validate_record(record_type, {**existing.model_dump(), **typed}),
                by=context.member_id,
            )

    return save_with_feedback(save, success if existing is None else "Your changes are saved.")


def _scale(label: str, value: int, **kept: Any) -> int:
    return st.select_slider(
        label, options=list(SCALE_1_5), value=value, format_func=SCALE_1_5.__getitem__, **kept
    )


def _craving_choice(value: int | None) -> str:
    return "Not shared" if value is None else str(value)


def _not_kept(_name: str) -> dict[str, Any]:
    return {}


def _checkin_fields(
    start: DailyCheckin | None,
    last: DailyCheckin | None,
    kept: Callable[[str], dict[str, Any]] = _not_kept,
) -> dict[str, Any]:
    """The check-in's questions, inside a form. An edit starts from the entry (`start`); a
    new one from today's defaults, with mood and sleep from the `last` check-in. `kept`
    gives a new-entry form's widgets their keys (see _kept)."""
    scales = start or last
    observed = st.radio(
        "Use observed today",
        list(OBSERVED_USE_LABELS),
        format_func=OBSERVED_USE_LABELS.__getitem__,
        index=list(OBSERVED_USE_LABELS).index(start.observed_use if start else "unknown"),
        horizontal=True,
        **kept("observed_use"),
    )
    mood = _scale("Mood as you saw it", scales.mood if scales else 3, **kept("mood"))
    sleep = _scale("Sleep as you saw it", scales.sleep if scales else 3, **kept("sleep"))
    attended = st.checkbox(
        "Went to treatment or an appointment today",
        value=start.attended_treatment if start else False,
        **kept("attended_treatment"),
    )
    urinary = st.checkbox(
        "Urinary symptoms noticed (needing to go often, pain, blood)",
        value=start.urinary_symptoms if start else False,
        **kept("urinary_symptoms"),
    )
    craving = st.select_slider(
        CRAVING_LABEL,
        options=CRAVING_OPTIONS,
        value=start.craving if start else None,
        format_func=_craving_choice,
        help="Leave it on “Not shared” unless they told you.",
        **kept("craving"),
    )
    notes = st.text_area(NOTE_LABEL, value=start.notes if start else "", **kept("notes"))
    share = share_box(
        start.share_in_reports if start else False, kept("share_in_reports").get("key")
    )
    return {  # each value under its widget's name in _kept, which is the field's name
        "observed_use": observed,
        "mood": mood,
        "sleep": sleep,
        "attended_treatment": attended,
        "craving": craving,
        "urinary_symptoms": urinary,
        "notes": notes,
        "share_in_reports": share,
    }


def _caregiver_fields(
    start: CaregiverCheckin | None,
    _last: Record | None,
    kept: Callable[[str], dict[str, Any]] = _not_kept,
) -> dict[str, Any]:
    stress = st.slider(
        "My stress today (0 calm – 10 overwhelmed)",
        0,
        10,
        start.stress if start else 5,
        **kept("stress"),
    )
    sleep = _scale("My sleep", start.sleep if start else 3, **kept("sleep"))
    self_care = st.text_input(
        "Something I did for myself (optional)",
        value=start.self_care_note if start else "",
        **kept("self_care_note"),
    )
    notes = st.text_area(NOTE_LABEL, value=start.notes if start else "", **kept("notes"))
    share = share_box(
        start.share_in_reports if start else False, kept("share_in_reports").get("key")
    )
    return _caregiver_values(
        {
            "stress": stress,
            "sleep": sleep,
            "self_care_note": self_care,
            "notes": notes,
            "share_in_reports": share,
        }
    )


def _caregiver_values(typed: dict[str, Any]) -> dict[str, Any]:
    """My check-in's fields from its widgets' values, each under its name in _kept."""
    return {**typed, "self_care_done": bool(typed.get("self_care_note", "").strip())}


def checkin_text(c: DailyCheckin) -> str:
    """The whole check-in as plain text (never Markdown)."""
    craving = "not shared" if c.craving is None else f"{c.craving} of 10"
    lines = [
        f"{day_text(c.day, weekday=True)} · {OBSERVED_USE_LABELS[c.observed_use]}",
        f"Mood {c.mood} of 5 · sleep {c.sleep} of 5 · craving {craving}",
    ]
    if c.attended_treatment:
        lines.append("Went to treatment or an appointment")
    if c.urinary_symptoms:
        lines.append("Urinary symptoms noticed")
    if c.notes:
        lines.append(f"Note: {c.notes}")
        lines += _shared_line(c.share_in_reports)
    return "\n".join(lines)


def _shared_line(shared: bool) -> list[str]:
    """Say when a note may appear in a session report (notes are private otherwise)."""
    return ["The note is shared in session reports"] if shared else []


def caregiver_text(c: CaregiverCheckin) -> str:
    lines = [f"{day_text(c.day, weekday=True)} · stress {c.stress} of 10 · sleep {c.sleep} of 5"]
    if c.self_care_note:
        lines.append(f"For myself: {c.self_care_note}")
    if c.notes:
        lines.append(f"Note: {c.notes}")
        lines += _shared_line(c.share_in_reports)
    return "\n".join(lines)


def event_text(e: TreatmentEvent) -> str:
    when = day_text(e.start_date, weekday=True)
    if e.end_date is not None:
        when += f" to {day_text(e.end_date, weekday=True)}"
    lines = [f"{when} · {EVENT_KIND_LABELS[e.kind]} · {EVENT_STATUS_LABELS[e.status]}"]
    if e.title:
        lines.append(f"Title: {e.title}")
    if e.notes:
        lines.append(f"Note: {e.notes}")
        lines += _shared_line(e.share_in_reports)
    return "\n".join(lines)


def win_text(w: SmallWin) -> str:
    return f"{day_text(w.day, weekday=True)} · {WIN_CATEGORY_LABELS[w.category]}\n{w.text}"


@dataclass(frozen=True)
class OneADay:
    """A kind of entry a day holds one of: the loved one's check-in, or my own."""

    record_type: type[Record]
    name: str  # names its widgets and the state it keeps
    what: str  # "check-in", as a sentence says it
    owner_field: str
    fields: Callable[..., dict[str, Any]]
    # The fields from the new-entry form's values, each under its widget's name in _kept.
    values: Callable[[dict[str, Any]], dict[str, Any]]
    text: Callable[[Any], str]
    save_label: str
    saved: str


DAILY = OneADay(
    DailyCheckin,
    "daily_checkin",
    "check-in",
    "loved_one_id",
    _checkin_fields,
    dict,  # its widgets are named after its fields
    checkin_text,
    "Save check-in",
    "Check-in for {day} saved.",
)
MINE = OneADay(
    CaregiverCheckin,
    "caregiver_checkin",
    "check-in",
    "family_member_id",
    _caregiver_fields,
    _caregiver_values,
    caregiver_text,
    "Save my check-in",
    "Your check-in is saved. Thank you for looking after yourself too.",
)


def daily_checkin_form(context: PageContext, existing: DailyCheckin | None = None) -> bool:
    """Under 30 seconds: defaults are today and the last values logged.

    A day that has a check-in already shows it, who logged it, and opens it for editing
    (one just saved here is shown as saved, one tap from that); replacing it is an explicit
    choice. With `existing`, the edit form of the history.
    """
    if existing is None:
        return _one_a_day(
            context, DAILY, context.loved_one.id, context.household.latest_checkin_values
        )
    with st.form(_form_key("daily_checkin", existing), clear_on_submit=False):
        today = today_in(context.loved_one.timezone)
        day = st.date_input("Day", value=existing.day, max_value=today, format="YYYY-MM-DD")
        values = _checkin_fields(existing, None)
        submitted = st.form_submit_button("Save changes", type="primary")
    if not submitted:
        return False
    values = {**values, "loved_one_id": context.loved_one.id, "day": day}
    return _save(context, DailyCheckin, values, existing, context.household.add, "")


def caregiver_checkin_form(context: PageContext, existing: CaregiverCheckin | None = None) -> bool:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to log your own check-in.")
        return False
    if existing is None:
        return _one_a_day(context, MINE, context.member.id, lambda _owner: None)
    with st.form(_form_key("caregiver_checkin", existing)):
        today = today_in(context.loved_one.timezone)
        day = st.date_input("Day", value=existing.day, max_value=today, format="YYYY-MM-DD")
        values = _caregiver_fields(existing, None)
        submitted = st.form_submit_button("Save changes", type="primary")
    if not submitted:
        return False
    values = {**values, "family_member_id": existing.family_member_id, "day": day}
    return _save(context, CaregiverCheckin, values, existing, context.household.add, "")


# -- one entry a day: new, taken, or logged meanwhile ---------------------------------------


def _one_a_day(
    context: PageContext,
    kind: OneADay,
    owner_id: uuid.UUID,
    last: Callable[[uuid.UUID], Record | None],
) -> bool:
    """The day first: an empty day gets a new entry, a logged one shows what it holds.

    Which form a person is typing into never changes under them: while the day was empty
    when they started, the new-entry form stays (with a warning if someone logs the day
    meanwhile), and saving it then shows both entries and asks, rather than replace one.
    """
    with st.container():  # always there, so the fields below keep their place
        saved, refused = _save_submitted(context, kind, owner_id)
    today = today_in(context.loved_one.timezone)
    # Kept while the page shows something else (the lock screen, another form), so a Save
    # made just before is shown on the day it was made for.
    day = st.date_input(
        "Day",
        value=today,
        max_value=today,
        format="YYYY-MM-DD",
        key=_day_key(kind),
        persist_state=KEEP_TYPED,
    )
    taken = context.household.day_entry(kind.record_type, owner_id, day)
    here = (str(owner_id), day)
    if st.session_state.get(_just_saved_key(kind), here)[:2] != here:  # another day or owner
        st.session_state.pop(_just_saved_key(kind))
    seen_empty_key, clash_key = f"{kind.name}_seen_empty", f"{kind.name}_clash"
    clash = st.session_state.get(clash_key)
    if clash is not None and clash[0] == here:
        return _logged_meanwhile(context, kind, clash, taken)
    if taken is None or st.session_state.get(seen_empty_key) == here:
        st.session_state[seen_empty_key] = here
        if taken is not None:
            st.warning(
                f"{_capital(_who_logged(context, taken))} logged a {kind.what} for "
                f"{day_text(day)} while you were writing. Yours is not saved yet: saving "
                "it shows you both, and nothing is replaced unless you choose it."
            )
        _new_entry(kind, owner_id, day, last(owner_id))
        if refused is not None:  # under the form, beside the Save the person pressed
            refused()
        return saved
    st.session_state.pop(seen_empty_key, None)
    return _day_taken(context, kind, taken, last(owner_id)) or saved


def _who_logged(context: PageContext, entry: Record) -> str:
    """Who logged `entry`, ready for a Markdown message (a name is shown as typed)."""
    return inert(_logger(context, entry))


def _logger(context: PageContext, entry: Record) -> str:
    if isinstance(entry, CaregiverCheckin):
        # Only the member's own check-ins are shown: another window of theirs logged it.
        return "you" if entry.family_member_id == context.member_id else "someone else"
    names = {m.id: m.display_name for m in context.members}
    logged_by = getattr(entry, "logged_by", None)
    return names.get(logged_by, "someone") if logged_by else "someone (not recorded who)"


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _forget_form(kind: OneADay, whose: uuid.UUID | None) -> None:
    """After a save: the form just saved is done with. From `whose` new-entry form, its
    words are saved, so their next one starts empty; a replacement made from a day's
    entry (`whose` None) leaves what waits in any new-entry form alone."""
    for key in (f"{kind.name}_seen_empty", f"{kind.name}_clash", f"{kind.name}_opened"):
        st.session_state.pop(key, None)
    if whose is not None:
        _next_new_form(_whose(kind.name, whose))


def _saved(kind: OneADay, day: date, whose: uuid.UUID | None, message: str | None = None) -> None:
    """After a save: the next run shows the day's entry, and the message says so."""
    _forget_form(kind, whose)
    flash(message or kind.saved.format(day=day_text(day)), FORM_FLASH_KEY)


def _new_entry(kind: OneADay, owner_id: uuid.UUID, day: date, last: Record | None) -> None:
    form = _form_key(_whose(kind.name, owner_id), None)
    with st.form(form):
        kind.fields(None, last, _kept(form, None))
        st.form_submit_button(
            kind.save_label,
            type="primary",
            on_click=_submit,
            args=(kind, form, owner_id, day),
        )


def _day_key(kind: OneADay) -> str:
    return f"{kind.name}_day"


def _submit(kind: OneADay, form: str, owner_id: uuid.UUID, drawn_for: date) -> None:
    """Save pressed: keep what the form holds for the run it starts, which saves it before
    drawing anything (_save_submitted), after the family is checked again (still_open).

    The day is the one the Day field shows now: one changed just before Save may not have
    reached the form yet (a callback gets the arguments of the run before).
    """
    prefix = f"{form}_"
    typed = {k[len(prefix) :]: v for k, v in st.session_state.items() if k.startswith(prefix)}
    day = st.session_state.get(_day_key(kind), drawn_for)
    st.session_state[f"{kind.name}_submitted"] = (owner_id, day, kind.values(typed))


class _LoggedMeanwhile(Exception):
    """The day was logged while the form was open: nothing saved, both are shown instead."""


def _save_submitted(
    context: PageContext, kind: OneADay, owner_id: uuid.UUID
) -> tuple[bool, Callable[[], None] | None]:
    """The new-entry form's Save, before the run draws anything else: (saved, what to show
    under the form if it was refused).

    The confirmation is the first thing the person sees, and the run does not draw the form
    it came from once more only to replace it (some ten elements fewer for the browser to
    draw on each save; bench/load.py, figure 4). A refused save keeps every word in the
    form, which the keys of _kept hold. A Save pressed just as the family locks is saved
    once it is opened again here, and says so.
    """
    submitted = st.session_state.pop(f"{kind.name}_submitted", None)
    if submitted is None or submitted[0] != owner_id:
        return False, None
    _, day, values = submitted
    if st.session_state.get(_day_key(kind)) != day:  # shown with the day it was saved for
        st.session_state[_day_key(kind)] = day

    here = (str(owner_id), day)
    made: list[Record] = []

    def save() -> None:
        values.update({kind.owner_field: owner_id, "day": day})
        record = context.household.new(kind.record_type, values, context.member_id)
        try:
            _store_save(context, kind)(record, None)
        except AlreadyLogged as logged:
            # Keep what was typed, and show both entries from now on (_logged_meanwhile).
            st.session_state[f"{kind.name}_clash"] = (here, record, logged.existing)
            raise _LoggedMeanwhile from logged
        made.append(record)

    try:
        refused = refusal(save)
    except _LoggedMeanwhile:
        return False, None
    if refused is not None:
        return False, refused
    confirm(kind.saved.format(day=day_text(day)))
    _forget_form(kind, owner_id)
    st.session_state[_just_saved_key(kind)] = (*here, made[0])
    return True, None


def _store_save(context: PageContext, kind: OneADay) -> Callable[[Record, Record | None], object]:
    household = context.household
    save = household.save_checkin if kind is DAILY else household.save_caregiver_checkin
    return lambda record, replacing: save(record, replacing=replacing, by=context.member_id)


def _logged_meanwhile(
    context: PageContext, kind: OneADay, clash: tuple, current: Record | None
) -> bool:
    """Someone logged the day while this person was writing: nothing was saved or replaced.

    Both entries are shown; the person's own stays here until they replace the other with
    it (checked against the other as shown, so a change made meanwhile is not lost either)
    or keep the other.
    """
    here, mine, shown = clash
    clash_key = f"{kind.name}_clash"
    with st.container(border=True):
        if current is None:
            st.warning(
                f"The other {kind.what} for {day_text(mine.day)} was deleted meanwhile. "
                "Yours is not saved yet."
            )
        else:
            st.warning(
                f"Not saved: {_who_logged(context, current)} logged a {kind.what} for "
                f"{day_text(mine.day, weekday=True)} while you were writing. Nothing was "
                "overwritten. Here are both."
            )
            st.caption("The entry for that day")
            st.text(kind.text(current))
        st.caption("Yours, not saved yet")
        st.text(kind.text(mine))
        left, right = st.columns(2)
        replace = left.button(
            "Replace the entry for that day with mine" if current else "Save mine",
            type="primary",
            key=f"{kind.name}_replace_mine",
        )
        keep = right.button(
            "Keep that entry" if current else "Leave it", key=f"{kind.name}_keep_theirs"
        )
    replaced = f"Replaced the {kind.what} for {day_text(mine.day)} with yours. {KEPT_REPLACED}"
    if replace and save_with_feedback(
        lambda: _store_save(context, kind)(mine, shown), replaced if current else "Saved."
    ):
        _saved(kind, mine.day, getattr(mine, kind.owner_field), replaced if current else None)
        return True
    if keep:  # theirs is kept, and the words of the form that clashed are let go
        st.session_state.pop(clash_key, None)
        st.session_state.pop(f"{kind.name}_seen_empty", None)
        _next_new_form(_whose(kind.name, getattr(mine, kind.owner_field)))
        st.rerun()
    # A replace on the next run is checked against what this run showed.
    st.session_state[clash_key] = (here, mine, current)
    return False


def _just_saved_key(kind: OneADay) -> str:
    return f"{kind.name}_just_saved"


def _day_entry(kind: OneADay, entry: Record, notice: str) -> None:
    """The day's entry under `notice`, which says who logged it and how to change it."""
    with st.container(border=True):
        st.info(notice)
        st.text(kind.text(entry))
        if getattr(entry, "urinary_symptoms", False):
            st.info(URINARY_ADVICE)


def _as_saved(context: PageContext, kind: OneADay, taken: Record) -> bool:
    """The entry this person has just saved, shown as saved: the same form drawn again, full
    of what they typed, looks on a phone as if nothing happened (and it is some ten
    elements the browser would draw on every save; bench/load.py, figure 4). One tap opens
    it to edit or replace, as it was shown, so a change made since is said. Kept while the
    Day field shows its day for the same person; another day, loved one or family shown,
    then this day again, opens the entry for editing."""
    marker = st.session_state.get(_just_saved_key(kind))
    if marker is None or marker[2].id != taken.id:
        return False
    saved = marker[2]
    if saved.version != taken.version:  # changed since it was saved: the edit view says so
        _edit_saved(kind, saved)
        return False
    _day_entry(
        kind,
        taken,
        f"{day_text(taken.day, weekday=True, long=True)}: this {kind.what} is saved, logged "
        f"by {_who_logged(context, taken)}. To change it, press “{EDIT_SAVED}”; every "
        "version is kept.",
    )
    st.button(EDIT_SAVED, key=f"{kind.name}_edit_saved", on_click=_edit_saved, args=(kind, saved))
    return True


def _edit_saved(kind: OneADay, saved: Record) -> None:
    """Open the saved entry for editing as it was saved (checked against the day's)."""
    st.session_state.pop(_just_saved_key(kind), None)
    st.session_state[f"{kind.name}_opened"] = saved


def _day_taken(context: PageContext, kind: OneADay, taken: Record, last: Record | None) -> bool:
    """The day has its entry: show it and who logged it; edit it, or replace it on purpose."""
    if _as_saved(context, kind, taken):
        return False
    opened_key = f"{kind.name}_opened"
    opened = st.session_state.get(opened_key)
    if opened is None or opened.id != taken.id:
        opened = st.session_state[opened_key] = taken
    _day_entry(
        kind,
        opened,
        f"{day_text(taken.day, weekday=True, long=True)} already has a {kind.what}, logged by "
        f"{_who_logged(context, opened)}. Edit it below, or replace it with a new one; the "
        "version it replaces is kept in its history.",
    )
    if changed_meanwhile(taken.version != opened.version, key=f"{kind.name}_reload"):
        st.session_state[opened_key] = taken
        st.rerun()
    modes = {"edit": "Edit this entry", "replace": "Replace it with a new entry"}
    mode = st.radio(
        "What would you like to do?",
        list(modes),
        format_func=modes.__getitem__,
        horizontal=True,
        key=f"{kind.name}_mode",
    )
    if mode == "edit":
        with st.form(f"{kind.name}_day_edit_{opened.id}_{opened.version}"):
            values = kind.fields(opened, None)
            submitted = st.form_submit_button("Save changes", type="primary")
        if not submitted:
            return False
        changed = {**opened.model_dump(), **values}
        if save_with_feedback(
            lambda: context.household.update(
                validate_record(kind.record_type, changed), by=context.member_id
            ),
            "Your changes are saved.",
        ):
            st.session_state.pop(opened_key, None)
            flash(KEPT_BEFORE, FORM_FLASH_KEY)
        return False
    with st.form(f"{kind.name}_day_replace_{opened.id}_{opened.version}"):
        values = kind.fields(None, last)
        submitted = st.form_submit_button("Replace the entry for that day", type="primary")
    if not submitted:
        return False
    owner_id = getattr(opened, kind.owner_field)

    def replace() -> None:
        values.update({kind.owner_field: owner_id, "day": opened.day})
        record = context.household.new(kind.record_type, values, context.member_id)
        _store_save(context, kind)(record, opened)

    replaced = f"Replaced the {kind.what} for {day_text(opened.day)}. {KEPT_REPLACED}"
    if save_with_feedback(replace, replaced):
        st.session_state.pop(f"{kind.name}_mode", None)
        _saved(kind, opened.day, None, replaced)
        return True
    return False


def treatment_event_form(context: PageContext, existing: TreatmentEvent | None = None) -> bool:
    today = today_in(context.loved_one.timezone)
    kinds = list(EVENT_KIND_LABELS)
    form = _form_key(_whose("treatment_event", context.loved_one.id), existing)
    kept = _kept(form, existing)
    with st.form(form):
        kind = st.selectbox(
            "What kind of event",
            kinds,
            index=kinds.index(existing.kind) if existing else 0,
            format_func=EVENT_KIND_LABELS.__getitem__,
            **kept("kind"),
        )
        title = st.text_input(
            "Short title (optional)",
            value=existing.title if existing else "",
            placeholder="e.g. Clinic name",
            **kept("title"),
        )
        status = st.radio(
            "Has it happened?",
            list(EVENT_STATUS_LABELS),
            index=list(EVENT_STATUS_LABELS).index(existing.status if existing else "actual"),
            format_func=EVENT_STATUS_LABELS.__getitem__,
            **kept("status"),
            horizontal=True,
        )
        start = st.date_input(
            "Start date",
            value=existing.start_date if existing else today,
            format="YYYY-MM-DD",
            **kept("start"),
        )
        has_end = st.checkbox(
            "It has an end date",
            value=existing is not None and existing.end_date is not None,
            **kept("has_end"),
        )
        end = st.date_input(
            "End date",
            value=existing.end_date if existing and existing.end_date else today,
            format="YYYY-MM-DD",
            **kept("end"),
        )
        notes = st.text_area(NOTE_LABEL, value=existing.notes if existing else "", **kept("notes"))
        # keyed, the tick is kept too
        share = share_box(
            existing.share_in_reports if existing else False, kept("share").get("key")
        )
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
        "share_in_reports": share,
    }
    success = f"{EVENT_KIND_LABELS[kind]} saved."
    saved = _save(context, TreatmentEvent, values, existing, context.household.add, success)
    name = _whose("treatment_event", context.loved_one.id)
    return _start_empty_after(name, saved and existing is None, success) or saved


def small_win_form(context: PageContext, existing: SmallWin | None = None) -> bool:
    today = today_in(context.loved_one.timezone)
    categories = list(WIN_CATEGORY_LABELS)
    form = _form_key(_whose("small_win", context.loved_one.id), existing)
    kept = _kept(form, existing)
    with st.form(form):
        day = st.date_input(
            "Day",
            value=existing.day if existing else today,
            max_value=today,
            format="YYYY-MM-DD",
            **kept("day"),
        )
        category = st.selectbox(
            "Kind of win",
            categories,
            index=categories.index(existing.category) if existing else 0,
            format_func=WIN_CATEGORY_LABELS.__getitem__,
            **kept("category"),
        )
        text = st.text_area(
            f"What went well? (up to {WIN_TEXT_MAX_CHARS} characters)",
            value=existing.text if existing else "",
            placeholder="e.g. Came to dinner and stayed to help wash up",
            **kept("text"),
        )
        submitted = st.form_submit_button(
            "Save win" if existing is None else "Save changes", type="primary"
        )
    if not submitted:
        return False
    values = {"loved_one_id": context.loved_one.id, "day": day, "category": category, "text": text}
    success = "Small win saved."
    saved = _save(context, SmallWin, values, existing, context.household.add, success)
    name = _whose("small_win", context.loved_one.id)
    return _start_empty_after(name, saved and existing is None, success) or saved


# What the Log page offers, in the order a family uses them most.
LOG_FORMS: dict[str, Callable[[PageContext], bool]] = {
    "Check-in": daily_checkin_form,
    "Treatment event": treatment_event_form,
    "Small win": small_win_form,
    "My check-in": caregiver_checkin_form,
}


RECENT_ROWS = 30
# The history list shows this many entries, then this many more on each "Show more": a
# week of daily check-ins, about two screens of a phone. Each entry drawn is three
# elements that every run of the Log's body sends the browser again, once it is open.
LIST_STEP = 7
SHOWN_KEY = "history_shown"
DELETED_ROWS = 20
KIND_KEY = "history_kind"
PICK_KEY = "history_pick"
OPENED_KEY = "history_opened"  # the entry as it was when the edit began
CONFIRM_KEY = "history_confirm_delete"
UNDO_KEY = "history_deleted_entry"
FLASH_KEY = "history_flash"
# The history folds away until it is first opened (kit.lazy_expander): logging is what most
# visits are for, and a folded history costs each pick of a day and each save nothing.
HISTORY_KEY = "history_section"
HISTORY_LABEL = "See, change or delete what was logged"


@dataclass(frozen=True)
class EntryKind:
    """One kind of entry in the history: its table, its form and how to name an entry."""

    record_type: type[Record]
    columns: dict[str, str]
    describe: Callable[[Record], str]
    form: Callable[..., bool]
    text: Callable[[Any], str]  # the whole entry, as plain text


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
        checkin_text,
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
        event_text,
    ),
    "Wins": EntryKind(
        SmallWin,
        {"day": "Day", "kind": "Kind", "text": "Win", "logged_by_name": "Logged by"},
        _describe_win,
        small_win_form,
        win_text,
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
        caregiver_text,
    ),
}


def _recent(context: PageContext, kind: EntryKind) -> RecentEntries | None:
    table = kind.record_type.table
    if kind.record_type is CaregiverCheckin:
        # A caregiver's own check-ins are theirs: each person sees only their own.
        if context.member is None:
            return None
        return recent_entries(
            context.household, table, RECENT_ROWS, family_member_id=context.member.id
        )
    # Entries about the loved one chosen in the sidebar, never another's.
    return recent_entries(context.household, table, RECENT_ROWS, context.loved_one.id)


def _flash(message: str) -> None:
    flash(message, FLASH_KEY)


def _close_entry() -> None:
    for key in (PICK_KEY, OPENED_KEY, CONFIRM_KEY):
        st.session_state.pop(key, None)


@st.fragment
def entries(context: PageContext, chosen: str) -> None:
    """The chosen form, and the history folded below it. Picking a day, saving, or opening an
    entry runs only this part of the page again, not the crisis bar and the sidebar above
    it, which none of them changes: each save then sends the browser about half as many
    elements to draw (bench/load.py, figure 4). Such a run checks the family again first
    (still_open)."""
    with records_guard():
        context = still_open(context)
        _forget_saves_not_shown(chosen)
        show_saved_message()  # here, so the next run of this part takes it away
        LOG_FORMS[chosen](context)
        st.header("History")
        with lazy_expander(HISTORY_LABEL, HISTORY_KEY) as drawn:
            if drawn:
                history(context)


def _forget_saves_not_shown(chosen: str) -> None:
    """A Save pressed just as the person chose another form is not made later, out of
    sight: its words wait in their form (_kept), to be saved from there."""
    shown = LOG_FORMS[chosen]
    for form, kind in ((daily_checkin_form, DAILY), (caregiver_checkin_form, MINE)):
        if form is not shown:
            st.session_state.pop(f"{kind.name}_submitted", None)


def history(context: PageContext) -> None:
    show_flash(FLASH_KEY)
    _offer_undo(context)
    label = st.radio(
        "Show", list(ENTRY_KINDS), horizontal=True, key=KIND_KEY, on_change=_other_kind
    )
    kind = ENTRY_KINDS[label]
    _entries(context, label, kind)
    _recently_deleted(context, kind)


def _entries(context: PageContext, label: str, kind: EntryKind) -> None:
    recent = _recent(context, kind)
    entries = list(recent.entries) if recent else []
    if not entries:
        st.info(f"No {label.lower()} logged yet. Use the form above; it takes about 30 seconds.")
        return
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
    _entry_list(context, kind, entries, chosen)
    # Drawn only while open (it holds nothing typed, so nothing is lost when it folds): a
    # table is the heaviest thing a phone draws on every save.
    key = f"history_table_{kind.record_type.__name__}"
    with st.expander("The same entries as a table", key=key, on_change="rerun") as box:
        if box.open:
            show_table(recent.frame, kind.columns)


def _entry_list(
    context: PageContext, kind: EntryKind, entries: list[Record], chosen: str | None
) -> None:
    """Each entry whole, wrapped to the screen (no sideways scrolling, notes never cut off);
    tapping an entry opens it right there, to edit or delete.

    The newest few come first and more on request: a phone shows a handful at a time
    anyway, and every entry drawn costs each rerun of the page.
    """
    ids = [str(e.id) for e in entries]
    shown = max(
        st.session_state.get(SHOWN_KEY, LIST_STEP), ids.index(chosen) + 1 if chosen in ids else 0
    )
    for entry in entries[:shown]:
        with st.container(border=True):
            if str(entry.id) == chosen:  # open here, where it was tapped
                _edit_entry(context, kind, entry)
                continue
            st.button(
                inert(kind.describe(entry)),
                key=f"history_open_{entry.id}",
                on_click=_open_entry,
                args=(str(entry.id),),
                width="stretch",
            )
            st.text(kind.text(entry))
    if shown < len(entries):
        st.button(
            f"Show {min(LIST_STEP, len(entries) - shown)} more",
            key="history_show_more",
            on_click=_show_more,
            args=(shown,),
        )


def _other_kind() -> None:
    _close_entry()
    st.session_state.pop(SHOWN_KEY, None)


def _show_more(shown: int) -> None:
    st.session_state[SHOWN_KEY] = shown + LIST_STEP


def _open_entry(entry_id: str) -> None:
    _close_entry()
    st.session_state[PICK_KEY] = entry_id


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
            _flash(KEPT_BEFORE)
        _earlier_versions(context, kind, opened)
        _ask_before_delete(context, kind, opened)


def _earlier_versions(context: PageContext, kind: EntryKind, opened: Record) -> None:
    """Every version this entry had, newest first, each with a way back to it."""
    versions = context.household.versions(kind.record_type, opened.id)
    if not versions:
        st.caption("No earlier versions: this entry has not been changed.")
        return
    with st.expander(f"Earlier versions ({len(versions)})"):
        st.caption(
            "Each change keeps the version it replaced. Restoring one keeps the current "
            "version here too, so you can always go back."
        )
        for version in versions:
            _version(context, kind, version, opened)


def _version(context: PageContext, kind: EntryKind, version: EntryVersion, opened: Record) -> None:
    names = {m.id: m.display_name for m in context.members}
    by = f" by {names[version.logged_by]}" if version.logged_by in names else ""
    with st.container(border=True):
        st.caption(
            f"Version {version.record_version} · {VERSION_CHANGE_LABELS[version.change]} on "
            f"{day_text(today_in(context.loved_one.timezone, version.created_at))}{by}"
        )
        try:
            entry = version.entry()
        except RecordInvalid as exc:
            st.text(f"This version cannot be shown or restored: {exc}")
            return
        st.text(kind.text(entry))
        if st.button("Restore this version", key=f"restore_version_{version.id}") and save(
            lambda: context.household.restore_version(version, opened, by=context.member_id),
            {},
        ):
            st.session_state.pop(OPENED_KEY, None)
            _flash(
                f"Version {version.record_version} is back. The version it replaced is kept "
                "under Earlier versions, so you can restore that one too."
            )


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
        deleted = context.household.delete(kind.record_type, entry.id, by=context.member_id)
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


def _deleted(context: PageContext, kind: EntryKind) -> tuple[DeletedEntry, ...]:
    table = kind.record_type.table
    if kind.record_type is CaregiverCheckin:
        if context.member is None:
            return ()
        return deleted_entries(
            context.household, table, DELETED_ROWS, family_member_id=context.member.id
        )
    return deleted_entries(context.household, table, DELETED_ROWS, context.loved_one.id)


def _recently_deleted(context: PageContext, kind: EntryKind) -> None:
    """Deleted entries stay in the history, so any of them can be put back, not only the
    last one straight after deleting it."""
    found = _deleted(context, kind)
    if not found:
        return
    names = {m.id: m.display_name for m in context.members}
    with st.expander(f"Deleted entries you can put back ({len(found)})"):
        for item in found:
            by = names.get(item.version.logged_by)
            who = f" by {by}" if by else ""
            with st.container(border=True):
                moment = item.version.created_at
                st.caption(
                    f"Deleted on {day_text(today_in(context.loved_one.timezone, moment))}{who}"
                )
                st.text(kind.text(item.entry))
                if st.button("Put back", key=f"put_back_{item.version.id}") and save(
                    lambda entry=item.entry: context.household.restore(entry), {}
                ):
                    _flash("Put back, exactly as it was.")


def _describe_any(record: Record) -> str:
    kind = next(k for k in ENTRY_KINDS.values() if isinstance(record, k.record_type))
    return kind.describe(record)
