"""CRAFT skills page bodies: the response log, the invitation planner, sober activities.

Rules live in dashboard.rules.craft, validation in dashboard.records. What a family typed is
shown with st.text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import streamlit as st

from dashboard.content import invitation_guide
from dashboard.records import (
    INVITATION_OUTCOME_LABELS,
    NOTE_MAX_CHARS,
    OCCASION_STATUS_LABELS,
    PLAN_TEXT_MAX_CHARS,
    RESPONSE_ACTION_LABELS,
    RESPONSE_SAW_LABELS,
    SHORT_TEXT_MAX_CHARS,
    TITLE_MAX_CHARS,
    ActivityOccasion,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
    validate_record,
)
from dashboard.rules.boundaries import BoundaryRecords
from dashboard.rules.craft import (
    ActivityView,
    activity_map,
    invitation_checklist,
    response_line,
)
from dashboard.text import day_text
from dashboard.ui.kit import (
    KEEP_TYPED,
    ask_first,
    changed_meanwhile,
    delete_for_undo,
    flash,
    limit,
    offer_undo_delete,
    pius_feedback,
    save,
    section_picker,
    share_box,
    show_flash,
    show_table,
    sources_expander,
    today,
)
from dashboard.ui.setup import PageContext
from dashboard.views.boundaries import boundary_records
from dashboard.views.craft import response_patterns

SECTION_KEY = "craft_section"
SECTIONS = ("Response log", "Invitation to treatment", "Sober activities", "Guides")
FLASH_KEY = "craft_flash"
CONFIRM_RESPONSE_KEY = "craft_confirm_response_delete"
UNDO_RESPONSE_KEY = "craft_undo_response_delete"
RESPONSE_PICK_KEY = "craft_response_pick"
SUMMARY_SPANS = {"Last 4 weeks": 28, "Last 3 months": 91, "All time": None}
FIELD_LABELS = {
    "day": "Day",
    "saw": "What I saw",
    "did": "What I did",
    "what_i_did": "What I did, in a few words",
    "what_happened": "What happened next",
    "how_i_felt": "How I felt",
    "name": "Programme name",
    "phone": "Phone",
    "hours": "Opening hours",
    "cost_notes": "Cost notes",
    "notes": "Notes",
    "words": "The words I will use",
    "if_no": "If the answer is no",
    "asked_on": "Day I asked",
    "outcome": "What they said",
    "outcome_note": "What happened",
    "plan_date": "Date of this plan",
    "title": "Activity",
    "why_it_helps": "What they enjoy about it",
    "competes_with": "What it competes with",
    "note": "Note",
    "status": "Planned or done",
}
PATTERN_LABELS = {
    "month": "Month",
    "responses": "Responses",
    "rewarded_non_use": "Rewarded non-use",
    "stepped_away": "Stepped away",
    "natural_consequence": "Natural consequence",
    "held_boundary": "Held a boundary",
    "other": "Something else",
}


def _flash(message: str, clear: tuple[str, ...] = (), forget: tuple[str, ...] = ()) -> None:
    flash(message, FLASH_KEY, clear, forget)


# -- response log ---------------------------------------------------------------------------


def response_log(context: PageContext) -> None:
    show_flash(FLASH_KEY)
    _offer_undo_response_delete(context)
    st.write(
        "Note a moment when you used a CRAFT skill: what you saw, what you did, and what "
        "happened next. Over time the log shows what helps."
    )
    now = today(context)
    with st.form("craft_response"):
        day = st.date_input(
            "Day",
            value=now,
            max_value=now,
            format="YYYY-MM-DD",
            key="response_day",
            persist_state=KEEP_TYPED,
        )
        saw = st.radio(
            "What I saw",
            list(RESPONSE_SAW_LABELS),
            format_func=RESPONSE_SAW_LABELS.__getitem__,
            horizontal=True,
            key="response_saw",
            persist_state=KEEP_TYPED,
        )
        did = st.radio(
            "What I did",
            list(RESPONSE_ACTION_LABELS),
            format_func=RESPONSE_ACTION_LABELS.__getitem__,
            key="response_did",
            persist_state=KEEP_TYPED,
        )
        what_i_did = st.text_input(
            "What I did, in a few words (optional)",
            key="response_what_i_did",
            persist_state=KEEP_TYPED,
            help=limit(SHORT_TEXT_MAX_CHARS),
        )
        happened = st.text_area(
            "What happened next (optional)",
            key="response_happened",
            persist_state=KEEP_TYPED,
            help=limit(NOTE_MAX_CHARS),
        )
        felt = st.text_input(
            "How I felt (optional)",
            key="response_felt",
            persist_state=KEEP_TYPED,
            help=limit(SHORT_TEXT_MAX_CHARS),
        )
        share = share_box(key="response_share")
        submitted = st.form_submit_button("Save response", type="primary", key="response_save")
    if submitted:
        values = {
            "loved_one_id": context.loved_one.id,
            "day": day,
            "saw": saw,
            "did": did,
            "what_i_did": what_i_did,
            "what_happened": happened,
            "how_i_felt": felt,
            "share_in_reports": share,
        }
        if save(
            lambda: context.household.create(CraftResponse, values, context.member_id),
            FIELD_LABELS,
        ):
            _flash(
                "Your response is saved.",
                ("response_what_i_did", "response_happened", "response_felt"),
                ("response_day", "response_saw", "response_did"),
            )
    _patterns(context, now)


def _patterns(context: PageContext, now: date) -> None:
    st.header("Patterns")
    if not boundary_records(context.household, context.loved_one.id).responses:
        st.info(
            "No responses logged yet. The next time you notice a sober moment and say "
            "something warm about it, log it above."
        )
        return
    span = st.radio("Over", list(SUMMARY_SPANS), horizontal=True, key="response_span", index=2)
    days = SUMMARY_SPANS[span]
    start = None if days is None else now - timedelta(days=days - 1)
    view = response_patterns(context.household, context.loved_one.id, start, now)
    with st.container(border=True):
        if view.summary.total == 0:
            st.text("No responses logged in these dates.")
        for sentence in view.summary.sentences() if view.summary.total else []:
            st.text(sentence)
    st.caption("Counts of what you logged, to notice patterns. Not a score.")
    with st.expander("Month by month"):
        show_table(view.monthly, PATTERN_LABELS)
    st.header("Recent responses")
    for response in view.recent:
        with st.container(border=True):
            st.text(response)
    if view.total > len(view.recent):
        st.caption(f"The newest {len(view.recent)} are shown. Every one is in your backup file.")
    with st.expander("Delete a response", key="exp_delete_response", on_change="rerun") as box:
        if box.open:
            _delete_response(context)


def _response_label(response: CraftResponse) -> str:
    words = response.what_i_did or response.what_happened
    words = words if len(words) <= 40 else f"{words[:39]}…"
    return f"{response_line(response)} · {words}" if words else response_line(response)


def _response_text(response: CraftResponse) -> str:
    lines = [response_line(response)]
    lines += [text for text in (response.what_i_did, response.what_happened) if text]
    return "\n".join(lines)


def _delete_response(context: PageContext) -> None:
    """Take a response out of the log: asked first, and undone with one tap."""
    responses = boundary_records(context.household, context.loved_one.id).responses
    newest = sorted(responses, key=lambda r: (r.day, r.created_at), reverse=True)
    by_id = {str(r.id): r for r in newest}
    chosen = st.selectbox(
        "Response to delete",
        list(by_id),
        index=None,
        placeholder="Choose a response…",
        format_func=lambda i: _response_label(by_id[i]),
        key=RESPONSE_PICK_KEY,
    )
    if chosen is None:
        return
    response = by_id[chosen]
    confirmed = ask_first(
        CONFIRM_RESPONSE_KEY,
        response.id,
        "Delete this response",
        "Delete this response from the log? You can undo this straight after.",
        "Yes, delete it",
        ("response_delete", "response_delete_yes", "response_delete_no"),
        details=_response_text(response),
    )
    if not confirmed:
        return
    delete_for_undo(context, response, UNDO_RESPONSE_KEY, FLASH_KEY, (RESPONSE_PICK_KEY,))


def _offer_undo_response_delete(context: PageContext) -> None:
    offer_undo_delete(
        context,
        UNDO_RESPONSE_KEY,
        lambda deleted: f"You deleted a response: {_response_text(deleted)}",
        ("undo_response_delete", "undo_response_dismiss"),
        FLASH_KEY,
    )


# -- invitation to treatment ------------------------------------------------------------------


def invitation_planner(context: PageContext) -> None:
    show_flash(FLASH_KEY)
    guide = invitation_guide()
    st.write(guide.intro)
    records = boundary_records(context.household, context.loved_one.id)
    open_plans = [i for i in records.invitations if i.outcome == "not_yet_asked"]
    current = max(open_plans, key=lambda i: (i.plan_date, i.created_at), default=None)
    st.header("What is ready")
    for item in invitation_checklist(current, records.options):
        st.text(f"{'✓' if item.done else '○'} {item.label}")
    st.header("Options lined up")
    _options(context, records.options)
    st.header("Your invitation plan")
    _plan_form(context, current, records.options)
    if current is not None:
        st.header("After you have asked")
        _outcome_form(context, current)
    _past_invitations(records)
    sources_expander(guide.sources, guide.last_reviewed)


def _options(context: PageContext, options: tuple[TreatmentOption, ...]) -> None:
    if not options:
        st.info(
            "No programmes lined up yet. Add one below, so that when a window opens you "
            "can call straight away. The Learn page has questions to ask a programme."
        )
    for option in options:
        with st.container(border=True):
            st.text(option.name)
            details = [f"Phone: {option.phone}" if option.phone else "", option.hours]
            for line in [*details, option.cost_notes, option.notes]:
                if line:
                    st.text(line)
            dial = re.sub(r"[^0-9+]", "", option.phone)
            if dial:
                st.link_button("Call this programme", f"tel:{dial}")
    with (
        st.expander("Add a programme", expanded=not options),
        st.form("treatment_option"),
    ):
        name = st.text_input(
            "Programme name",
            help=limit(TITLE_MAX_CHARS),
            key="option_name",
            persist_state=KEEP_TYPED,
        )
        phone = st.text_input("Phone", key="option_phone", persist_state=KEEP_TYPED)
        hours = st.text_input(
            "Opening hours",
            help=limit(SHORT_TEXT_MAX_CHARS),
            key="option_hours",
            persist_state=KEEP_TYPED,
        )
        cost = st.text_input(
            "Cost notes",
            help=limit(SHORT_TEXT_MAX_CHARS),
            key="option_cost",
            persist_state=KEEP_TYPED,
        )
        notes = st.text_area(
            "Notes (optional)",
            help=limit(NOTE_MAX_CHARS),
            key="option_notes",
            persist_state=KEEP_TYPED,
        )
        submitted = st.form_submit_button("Save programme", key="option_save")
    if submitted:
        values = {"name": name, "phone": phone, "hours": hours, "cost_notes": cost, "notes": notes}
        if save(
            lambda: context.household.create(TreatmentOption, values, context.member_id),
            FIELD_LABELS,
        ):
            _flash(
                "The programme is saved.",
                tuple(f"option_{k}" for k in ("name", "phone", "hours", "cost", "notes")),
            )


# The invitation plan's own boxes, keyed `<name>_<"new" or the plan's id>`.
INVITATION_BOXES = ("invitation_option", "invitation_words", "invitation_if_no")


def _plan_form(
    context: PageContext,
    current: TreatmentInvitation | None,
    options: tuple[TreatmentOption, ...],
) -> None:
    guide = invitation_guide()
    suffix = "new" if current is None else str(current.id)
    names = {o.id: o.name for o in options}

    def shown(plan: TreatmentInvitation) -> dict[str, object]:
        """What each box of the form shows for `plan`, by the box's key."""
        return {
            f"invitation_option_{suffix}": plan.option_id if plan.option_id in names else None,
            f"invitation_words_{suffix}": plan.words,
            f"invitation_if_no_{suffix}": plan.if_no,
            **{f"sign_{suffix}_{s.id}": s.id in plan.sign_ids for s in guide.window_signs},
        }

    typed_keys = (
        *(f"{name}_{suffix}" for name in INVITATION_BOXES),
        *(f"sign_{suffix}_{sign.id}" for sign in guide.window_signs),
    )
    if current is not None:
        current = _as_opened(current, shown)
    st.markdown("**Signs of a window of opportunity I have noticed**")
    ticked = [
        sign.id
        for sign in guide.window_signs
        if st.checkbox(
            sign.label,
            value=current is not None and sign.id in current.sign_ids,
            key=f"sign_{suffix}_{sign.id}",
            persist_state=KEEP_TYPED,
        )
    ]
    choices = [None, *(o.id for o in options)]
    chosen = st.selectbox(
        "The programme I will suggest",
        choices,
        index=choices.index(current.option_id) if current and current.option_id in names else 0,
        format_func=lambda i: "Not chosen yet" if i is None else names[i],
        key=f"invitation_option_{suffix}",
        persist_state=KEEP_TYPED,
    )
    words = st.text_area(
        "The words I will use",
        value=current.words if current else "",
        key=f"invitation_words_{suffix}",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
        placeholder="e.g. I love you, and I can see how tired you are of this. Would you "
        "call the clinic with me tomorrow? I'll drive.",
    )
    pius_feedback(words, f"invitation_{suffix}")
    if_no = st.text_area(
        "If the answer is no, I will…",
        value=current.if_no if current else "",
        key=f"invitation_if_no_{suffix}",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
    )
    with st.expander("Ideas for when the answer is no"):
        for idea in guide.if_no_ideas:
            st.markdown(f"- {idea}")
    label = "Save my invitation plan" if current is None else "Save changes to my plan"
    if not st.button(label, type="primary", key="invitation_save"):
        return
    values = {
        "window_signs": ",".join(ticked),
        "option_id": chosen,
        "words": words,
        "if_no": if_no,
    }

    def action() -> None:
        if current is None:
            new = {**values, "loved_one_id": context.loved_one.id, "plan_date": today(context)}
            context.household.create(TreatmentInvitation, new, context.member_id)
        else:
            changed = {**current.model_dump(), **values}
            context.household.update(
                validate_record(TreatmentInvitation, changed), by=context.member_id
            )

    if save(action, FIELD_LABELS):
        forget = (*typed_keys, f"invitation_opened_{suffix}")
        _flash("Your invitation plan is saved.", forget=forget)


def _as_opened(
    latest: TreatmentInvitation, shown: Callable[[TreatmentInvitation], dict[str, object]]
) -> TreatmentInvitation:
    """The plan as it was when this person began to change it.

    Their words are kept across a section switch, so another member's save meanwhile is
    named, never silently replaced by a save of theirs (the store refuses a save against a
    stale version); loading the latest version is their choice. With nothing typed that
    differs from the plan they opened, the form simply follows the latest.
    """
    opened_key = f"invitation_opened_{latest.id}"
    opened = st.session_state.get(opened_key)
    boxes = shown(latest)
    if opened is None or all(
        st.session_state.get(key, value) == value for key, value in shown(opened).items()
    ):
        for key in boxes:  # nothing typed waits in them: drawn again from the latest
            st.session_state.pop(key, None)
        opened = st.session_state[opened_key] = latest
    if changed_meanwhile(opened.version != latest.version, "plan", key=f"reload_{latest.id}"):
        for key in (*boxes, opened_key):
            st.session_state.pop(key, None)
        st.rerun()
    return opened


def _outcome_form(context: PageContext, current: TreatmentInvitation) -> None:
    now = today(context)
    with st.form("invitation_outcome_form"):
        asked_on = st.date_input(
            "Day I asked",
            value=now,
            max_value=now,
            format="YYYY-MM-DD",
            key="invitation_asked_on",
            persist_state=KEEP_TYPED,
        )
        answers = [k for k in INVITATION_OUTCOME_LABELS if k != "not_yet_asked"]
        outcome = st.radio(
            "What they said",
            answers,
            format_func=INVITATION_OUTCOME_LABELS.__getitem__,
            key="invitation_outcome",
            persist_state=KEEP_TYPED,
        )
        note = st.text_area(
            "What happened (optional)",
            help=limit(NOTE_MAX_CHARS),
            key="invitation_outcome_note",
            persist_state=KEEP_TYPED,
        )
        share = share_box(current.share_in_reports, key="invitation_outcome_share")
        submitted = st.form_submit_button("Save what happened", key="invitation_outcome_save")
    if submitted:
        changed = {
            **current.model_dump(),
            "asked_on": asked_on,
            "outcome": outcome,
            "outcome_note": note,
            "share_in_reports": share,
        }
        if save(
            lambda: context.household.update(
                validate_record(TreatmentInvitation, changed), by=context.member_id
            ),
            FIELD_LABELS,
        ):
            message = "Saved. Whatever the answer, asking took courage."
            if outcome == "no":
                message += " Keep the details ready for the next window."
            _flash(
                message, ("invitation_outcome_note",), ("invitation_asked_on", "invitation_outcome")
            )


def _past_invitations(records: BoundaryRecords) -> None:
    asked = sorted(
        (i for i in records.invitations if i.asked_on is not None),
        key=lambda i: i.asked_on,
        reverse=True,
    )
    if not asked:
        return
    guide = invitation_guide()
    with st.expander(f"Invitations so far ({len(asked)})"):
        for invitation in asked:
            with st.container(border=True):
                st.text(
                    f"{day_text(invitation.asked_on)}: "
                    f"{INVITATION_OUTCOME_LABELS[invitation.outcome]}"
                )
                signs = ", ".join(guide.sign_label(s) for s in invitation.sign_ids)
                if signs:
                    st.text(f"Signs of a window: {signs}")
                st.text(f"Words: {invitation.words}")
                if invitation.outcome_note:
                    st.text(f"What happened: {invitation.outcome_note}")


# -- sober activities -------------------------------------------------------------------------


def sober_activities(context: PageContext) -> None:
    show_flash(FLASH_KEY)
    st.write(
        "Activities your loved one enjoys that compete with use: things to say yes to. "
        "Plan them, and note the days you did them together."
    )
    now = today(context)
    records = boundary_records(context.household, context.loved_one.id)
    views = activity_map(records.activities, records.occasions, now)
    active = [v for v in views if not v.activity.archived]
    with (
        st.expander("Add an activity", expanded=not active),
        st.form("sober_activity"),
    ):
        title = st.text_input(
            "Activity",
            help=limit(TITLE_MAX_CHARS),
            placeholder="e.g. Cold-water swimming at the lake",
            key="activity_title",
            persist_state=KEEP_TYPED,
        )
        why = st.text_input(
            "What they enjoy about it (optional)",
            help=limit(SHORT_TEXT_MAX_CHARS),
            key="activity_why",
            persist_state=KEEP_TYPED,
        )
        competes = st.text_input(
            "What it competes with (optional)",
            help="A time, place or habit it could replace, e.g. Friday nights out.",
            key="activity_competes",
            persist_state=KEEP_TYPED,
        )
        cost = st.text_input(
            "Cost notes (optional)",
            help=limit(SHORT_TEXT_MAX_CHARS),
            key="activity_cost",
            persist_state=KEEP_TYPED,
        )
        submitted = st.form_submit_button("Save activity", key="activity_save")
    if submitted:
        values = {
            "loved_one_id": context.loved_one.id,
            "title": title,
            "why_it_helps": why,
            "competes_with": competes,
            "cost_notes": cost,
        }
        if save(
            lambda: context.household.create(SoberActivity, values, context.member_id),
            FIELD_LABELS,
        ):
            _flash(
                "The activity is on your map.",
                tuple(f"activity_{k}" for k in ("title", "why", "competes", "cost")),
            )
    if not active:
        st.info(
            "No activities yet. Think of something your loved one used to enjoy, or has "
            "mentioned wanting to try, and add it above."
        )
    for view in active:
        _activity_card(context, view, now)
    archived = [v for v in views if v.activity.archived]
    if archived:
        with st.expander(f"Put aside ({len(archived)})"):
            for view in archived:
                st.text(f"{view.activity.title}: {view.summary()}")
                if st.button("Bring back", key=f"activity_restore_{view.activity.id}"):
                    _set_archived(context, view.activity, False)


def _activity_card(context: PageContext, view: ActivityView, now: date) -> None:
    activity = view.activity
    with st.container(border=True, key=f"activity_{activity.id}"):
        st.text(activity.title)
        st.text(view.summary())
        for label, value in (
            ("They enjoy", activity.why_it_helps),
            ("Competes with", activity.competes_with),
            ("Cost", activity.cost_notes),
        ):
            if value:
                st.text(f"{label}: {value}")
        recent = sorted(view.occasions, key=lambda o: o.day, reverse=True)[:5]
        for occasion in recent:
            line = f"{day_text(occasion.day)} · {OCCASION_STATUS_LABELS[occasion.status]}"
            st.text(f"{line} · {occasion.note}" if occasion.note else line)
        with st.form(f"occasion_{activity.id}"):
            day = st.date_input(
                "Day",
                value=now,
                format="YYYY-MM-DD",
                key=f"occasion_day_{activity.id}",
                persist_state=KEEP_TYPED,
            )
            status = st.radio(
                "Planned or done",
                list(OCCASION_STATUS_LABELS),
                index=1,
                format_func=OCCASION_STATUS_LABELS.__getitem__,
                horizontal=True,
                key=f"occasion_status_{activity.id}",
                persist_state=KEEP_TYPED,
            )
            note = st.text_input(
                "Note (optional)", key=f"occasion_note_{activity.id}", persist_state=KEEP_TYPED
            )
            share = share_box(key=f"occasion_share_{activity.id}")
            submitted = st.form_submit_button("Save", key=f"occasion_save_{activity.id}")
        if submitted:
            values = {
                "activity_id": activity.id,
                "day": day,
                "status": status,
                "note": note,
                "share_in_reports": share,
            }
            if save(
                lambda: context.household.create(ActivityOccasion, values, context.member_id),
                FIELD_LABELS,
            ):
                _flash(
                    f"Saved: {OCCASION_STATUS_LABELS[status].lower()} on {day_text(day)}.",
                    (f"occasion_note_{activity.id}",),
                    (f"occasion_day_{activity.id}", f"occasion_status_{activity.id}"),
                )
        if st.button("Put this activity aside", key=f"activity_archive_{activity.id}"):
            _set_archived(context, activity, True)


def _set_archived(context: PageContext, activity: SoberActivity, archived: bool) -> None:
    def change() -> None:
        # Read inside the save: if the activity went meanwhile, the person gets a message.
        current = context.household.get(SoberActivity, activity.id)
        context.household.update(
            current.model_copy(update={"archived": archived}), by=context.member_id
        )

    if save(change, FIELD_LABELS):
        _flash(
            "Put aside. It keeps its history, and you can bring it back."
            if archived
            else "Back on your map."
        )


def section() -> str:
    """Which part of the page to show (one at a time keeps a phone screen short)."""
    return section_picker(SECTIONS, SECTION_KEY)
