"""Boundaries page bodies: the tips library, the plan builder and the PIUS helper.

Rules live in dashboard.rules.boundaries and dashboard.rules.pius, validation in dashboard.records.
Everything a family typed is shown with st.text, never as Markdown or HTML.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import streamlit as st

from dashboard.content import (
    BoundaryTip,
    TipArea,
    boundary_tip,
    boundary_tip_areas,
    pius_helper_text,
)
from dashboard.documents import worksheet_pdf
from dashboard.documents.worksheets import file_name
from dashboard.records import (
    BOUNDARY_AREA_LABELS,
    BOUNDARY_STATUS_LABELS,
    NOTE_MAX_CHARS,
    PLAN_TEXT_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
    BoundaryPlan,
    BoundaryStatusChange,
    validate_record,
)
from dashboard.text import day_text
from dashboard.ui.kit import (
    FLASH_KEY,
    KEEP_TYPED,
    ask_first,
    changed_meanwhile,
    delete_for_undo,
    family_download,
    flash,
    lazy_expander,
    limit,
    offer_undo_delete,
    pdf_download,
    pius_feedback,
    save,
    section_picker,
    share_box,
    show_flash,
    show_sources,
    today,
    undo_offered,
)
from dashboard.ui.setup import PageContext
from dashboard.views.boundaries import PlanView, boundary_plans

SECTION_KEY = "boundaries_section"
SECTIONS = ("My plans", "Tips library", "Say it with PIUS", "Guides")
UNDO_ARCHIVE_KEY = "boundaries_undo_archive"
CONFIRM_ARCHIVE_KEY = "boundaries_confirm_archive"
UNDO_STATUS_KEY = "boundaries_undo_status_delete"
CONFIRM_STATUS_KEY = "boundaries_confirm_status_delete"
BUILDER_OPEN_KEY = "plan_builder_open"
DEFAULT_REVIEW_DAYS = 28
STATUS_HELP = {
    "kept": "I kept it",
    "tested": "It was tested, and I held it",
    "crossed": "It was crossed",
    "revised": "I changed the plan",
}
# Field names in messages become the words on the form, so a person knows where to look.
FIELD_LABELS = {
    "boundary": "My boundary",
    "why_it_matters": "Why it matters to me",
    "if_crossed": "What I will do if it is crossed",
    "how_to_say_it": "How I will say it",
    "plan_date": "Date of this plan",
    "review_date": "Review date",
    "day": "Day",
    "note": "Note",
    "status": "How it went",
}
# The builder's widgets, and the plan field each one fills.
BUILDER_FIELDS = {
    "plan_boundary": "boundary",
    "plan_why": "why_it_matters",
    "plan_if_crossed": "if_crossed",
    "plan_say": "how_to_say_it",
}
# The plan edit form's text boxes, with each one's limit, then its other fields.
EDIT_TEXTS = {
    "boundary": SHORT_TEXT_MAX_CHARS,
    "why_it_matters": PLAN_TEXT_MAX_CHARS,
    "if_crossed": PLAN_TEXT_MAX_CHARS,
    "how_to_say_it": PLAN_TEXT_MAX_CHARS,
}
EDIT_FIELDS = (*EDIT_TEXTS, "review_date")
BUILDER_KEYS = (
    *BUILDER_FIELDS,
    "plan_area",
    "plan_tip",
    "plan_date",
    "plan_review",
)


# -- sections -----------------------------------------------------------------------------------


def _start_from_tip(tip_id: str) -> None:
    """Callback: copy a tip into the plan builder, and open it."""
    found = boundary_tip(tip_id)
    if found is None:
        return
    area, tip = found
    st.session_state.update(
        {
            "plan_area": area.area,
            "plan_tip": tip.id,
            "plan_boundary": tip.boundary,
            "plan_why": tip.why,
            "plan_if_crossed": tip.if_crossed,
            "plan_say": tip.say_it,
            SECTION_KEY: SECTIONS[0],
            BUILDER_OPEN_KEY: True,
            FLASH_KEY: f"Started a plan from the tip “{tip.title}”. Make it yours, then save it.",
        }
    )


def _use_words(text_key: str) -> None:
    """Callback: take the PIUS draft into a new plan's "How I will say it"."""
    st.session_state.update(
        {
            "plan_say": st.session_state.get(text_key, ""),
            SECTION_KEY: SECTIONS[0],
            BUILDER_OPEN_KEY: True,
        }
    )


def tips_library(context: PageContext) -> None:
    st.write(
        "Boundaries and practical steps other families have found they can keep. Each says "
        "why it helps, gives words to try, and cites its sources."
    )
    areas = boundary_tip_areas()
    chosen = st.selectbox(
        "Area",
        [a.area for a in areas],
        format_func=lambda key: BOUNDARY_AREA_LABELS[key],
        key="tips_area",
    )
    area = next(a for a in areas if a.area == chosen)
    st.caption(area.intro)
    for tip in area.tips:
        _tip(area, tip, can_plan=context.has_family)
    st.caption(f"Last reviewed {day_text(area.last_reviewed, long=True)}")


def _tip(area: TipArea, tip: BoundaryTip, can_plan: bool) -> None:
    with st.expander(tip.title):
        st.markdown(f"**The boundary.** {tip.boundary}")
        st.markdown(f"**Why it helps.** {tip.why}")
        st.markdown(f"**How you might say it.** “{tip.say_it}”")
        if tip.if_crossed:
            st.markdown(f"**If it is crossed.** {tip.if_crossed}")
        st.markdown("**Sources**")
        show_sources(tip.sources)
        if can_plan:
            st.button(
                "Start a plan from this tip",
                key=f"tip_{tip.id}",
                on_click=_start_from_tip,
                args=(tip.id,),
            )


def pius_helper(context: PageContext) -> None:
    words = pius_helper_text()
    st.write(words.intro)
    st.caption(words.also_called)
    text = st.text_area(
        "What I want to say",
        key="pius_text",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
        placeholder="e.g. I feel worried when you come home late. Could we talk on Sunday?",
    )
    pius_feedback(text, "helper")
    if context.has_family and text.strip():
        st.button(
            "Use these words in a new boundary plan", on_click=_use_words, args=("pius_text",)
        )


# -- my plans ----------------------------------------------------------------------------------


def my_plans(context: PageContext) -> None:
    show_flash()
    _offer_undo_archive(context)
    _offer_undo_status_delete(context)
    plans = boundary_plans(context.household, context.loved_one.id, context.loved_one.display_name)
    active = [p for p in plans if not p.plan.archived]
    archived = [p for p in plans if p.plan.archived]
    now = today(context)
    due = [p for p in active if p.status.review_due(now)]
    if due:
        st.info(
            (
                f"{len(due)} plans are due for review. For each one, look back at how it "
                "went, and change it if it no longer fits."
            )
            if len(due) > 1
            else "1 plan is due for review. Look back at how it went, and change it if it "
            "no longer fits."
        )
    builder_open = st.session_state.get(BUILDER_OPEN_KEY, False) or not active
    # Closed expanders are drawn only once opened: each plan's forms and history, the
    # builder and the archive cost a rerun nothing until someone looks at them.
    with lazy_expander("Make a new boundary plan", "exp_builder", builder_open) as shown:
        if shown:
            _builder(context, now)
    if not active:
        st.info(
            "No boundary plans yet. Start from a tip in the Tips library, or write your own "
            "above. A good first boundary is one you are sure you can keep."
        )
    for view in active:
        _plan_card(context, view, now, only=len(active) == 1)
    if archived:
        with lazy_expander(f"Archived plans ({len(archived)})", "exp_archived") as shown:
            if shown:
                st.caption("Archived plans keep their history. Restore one to use it again.")
                _archived_plans(context, archived)


def _builder(context: PageContext, now: date) -> None:
    tip = boundary_tip(st.session_state.get("plan_tip"))
    if tip is not None:
        st.caption(f"From the tip “{tip[1].title}”. Change anything so it fits your family.")
    area = st.selectbox(
        "Area",
        list(BOUNDARY_AREA_LABELS),
        format_func=BOUNDARY_AREA_LABELS.__getitem__,
        key="plan_area",
        persist_state=KEEP_TYPED,
    )
    boundary = st.text_area(
        "My boundary (what I will do, said about me)",
        key="plan_boundary",
        persist_state=KEEP_TYPED,
        help=limit(SHORT_TEXT_MAX_CHARS),
        height=80,
        placeholder="e.g. I pay the phone bill directly. I don't give cash.",
    )
    why = st.text_area(
        "Why it matters to me",
        key="plan_why",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
    )
    if_crossed = st.text_area(
        "What I will do if it is crossed (a consequence I am able to keep)",
        key="plan_if_crossed",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
    )
    say = st.text_area(
        "How I will say it (optional)",
        key="plan_say",
        persist_state=KEEP_TYPED,
        help=limit(PLAN_TEXT_MAX_CHARS),
        placeholder="Said calmly, at a sober moment. Harbor checks it against PIUS below.",
    )
    pius_feedback(say, "builder")
    left, right = st.columns(2)
    plan_date = left.date_input(
        "Date of this plan",
        value=now,
        max_value=now,
        format="YYYY-MM-DD",
        key="plan_date",
        persist_state=KEEP_TYPED,
    )
    review = right.date_input(
        "Review date",
        value=now + timedelta(days=DEFAULT_REVIEW_DAYS),
        format="YYYY-MM-DD",
        key="plan_review",
        persist_state=KEEP_TYPED,
    )
    if st.button("Save this plan", type="primary", key="plan_save"):
        values = {
            "loved_one_id": context.loved_one.id,
            "area": area,
            "tip_id": tip[1].id if tip else None,
            "boundary": boundary,
            "why_it_matters": why,
            "if_crossed": if_crossed,
            "how_to_say_it": say,
            "plan_date": plan_date,
            "review_date": review,
        }
        if save(
            lambda: context.household.create(BoundaryPlan, values, context.member_id),
            FIELD_LABELS,
        ):
            flash(
                "Your boundary plan is saved. Log how it goes below.",
                clear=tuple(BUILDER_FIELDS),
                forget=(*BUILDER_KEYS[len(BUILDER_FIELDS) :], BUILDER_OPEN_KEY),
            )


def _plan_card(context: PageContext, view: PlanView, now: date, only: bool) -> None:
    plan, status = view.plan, view.status
    with st.container(border=True, key=f"plan_{plan.id}"):
        st.caption(
            f"{BOUNDARY_AREA_LABELS[plan.area]} · since {day_text(plan.plan_date)}"
            + (f" · review on {day_text(plan.review_date)}" if plan.review_date else "")
            + (" · review due" if status.review_due(now) else "")
        )
        st.text(plan.boundary)
        latest = status.latest
        if latest is None:
            st.text("Nothing logged yet.")
        else:
            st.text(
                f"Latest: {BOUNDARY_STATUS_LABELS[latest.status]} on {day_text(latest.day)}. "
                f"{status.summary()}"
            )
        with lazy_expander("The plan and its history", f"exp_history_{plan.id}") as shown:
            if shown:
                _plan_details(plan, view.history)
        with lazy_expander("Log how it went", f"exp_log_{plan.id}", only) as shown:
            if shown:
                _log_status(context, plan, now)
        if status.history:
            with st.expander(
                "Delete an entry from this log", key=f"exp_delete_{plan.id}", on_change="rerun"
            ) as box:
                if box.open:
                    _delete_status(context, plan, status.history)
        with lazy_expander("Edit this plan", f"exp_edit_{plan.id}") as shown:
            if shown:
                _edit_plan(context, plan, now)
        with st.expander(
            "Print or save as a worksheet", key=f"exp_print_{plan.id}", on_change="rerun"
        ) as box:
            if box.open:
                _worksheet_downloads(context, view)
        _ask_before_archive(context, plan)


def _plan_details(plan: BoundaryPlan, history: str) -> None:
    for label, value in (
        ("Why it matters to me", plan.why_it_matters),
        ("What I will do if it is crossed", plan.if_crossed),
        ("How I will say it", plan.how_to_say_it or "Not written yet."),
    ):
        st.markdown(f"**{label}**")
        st.text(value)
    st.markdown("**How it went**")
    st.text(history)


def _log_status(context: PageContext, plan: BoundaryPlan, now: date) -> None:
    with st.form(f"status_{plan.id}"):
        status = st.radio(
            "How it went",
            list(STATUS_HELP),
            format_func=STATUS_HELP.__getitem__,
            horizontal=True,
            key=f"status_value_{plan.id}",
            persist_state=KEEP_TYPED,
        )
        day = st.date_input(
            "Day",
            value=now,
            max_value=now,
            format="YYYY-MM-DD",
            key=f"status_day_{plan.id}",
            persist_state=KEEP_TYPED,
        )
        note = st.text_input(
            "Note (optional)",
            key=f"status_note_{plan.id}",
            persist_state=KEEP_TYPED,
            help=limit(NOTE_MAX_CHARS),
        )
        share = share_box(key=f"status_share_{plan.id}")
        submitted = st.form_submit_button("Save how it went", key=f"status_save_{plan.id}")
    if submitted:
        values = {
            "plan_id": plan.id,
            "day": day,
            "status": status,
            "note": note,
            "share_in_reports": share,
        }
        if save(
            lambda: context.household.create(BoundaryStatusChange, values, context.member_id),
            FIELD_LABELS,
        ):
            flash(
                f"Saved: {BOUNDARY_STATUS_LABELS[status].lower()} on {day_text(day)}.",
                clear=(f"status_note_{plan.id}",),
                forget=(f"status_value_{plan.id}", f"status_day_{plan.id}"),
            )


def _edit_key(plan_id: uuid.UUID, field: str) -> str:
    return f"plan_edit_{field}_{plan_id}"


def _edit_plan(context: PageContext, plan: BoundaryPlan, now: date) -> None:
    """Edit the plan as it was when opened.

    The boxes are seeded once from that version and keep what was typed if someone else
    saves a change meanwhile: the banner says so, a save is refused rather than overwriting
    theirs, and loading the latest version keeps the typed words on screen beside it.
    """
    opened_key = f"plan_opened_{plan.id}"
    if not any(_edit_key(plan.id, field) in st.session_state for field in EDIT_FIELDS):
        st.session_state[opened_key] = plan  # nothing typed is waiting: start from the latest
    opened: BoundaryPlan = st.session_state[opened_key]
    for field in EDIT_FIELDS:
        st.session_state.setdefault(_edit_key(plan.id, field), getattr(opened, field))
    _typed_before_reload(plan.id)
    with st.form(f"edit_{plan.id}"):
        if changed_meanwhile(
            opened.version != plan.version, "plan", key=f"reload_{plan.id}", in_form=True
        ):
            _load_latest(opened)
        boundary, why, if_crossed, say = (
            st.text_area(
                FIELD_LABELS[field],
                key=_edit_key(plan.id, field),
                persist_state=KEEP_TYPED,
                help=limit(chars),
            )
            for field, chars in EDIT_TEXTS.items()
        )
        review = st.date_input(
            FIELD_LABELS["review_date"],
            key=_edit_key(plan.id, "review_date"),
            persist_state=KEEP_TYPED,
            format="YYYY-MM-DD",
        )
        log_revised = st.checkbox("Note this change as “revised” today", value=True)
        submitted = st.form_submit_button("Save changes", key=f"edit_save_{plan.id}")
    if not submitted:
        return
    values = {
        "boundary": boundary,
        "why_it_matters": why,
        "if_crossed": if_crossed,
        "how_to_say_it": say,
        "review_date": review,
        "version": opened.version,
    }

    def update() -> None:
        changed = validate_record(BoundaryPlan, {**plan.model_dump(), **values})
        revised = {"plan_id": plan.id, "day": now, "status": "revised", "note": "Plan edited."}
        notes = (
            [context.household.new(BoundaryStatusChange, revised, context.member_id)]
            if log_revised
            else []
        )
        context.household.update(changed, also_add=notes, by=context.member_id)

    if save(update, FIELD_LABELS):
        # The next run opens the plan as saved.
        forget = (opened_key, *(_edit_key(plan.id, field) for field in EDIT_FIELDS))
        flash("Your changes are saved.", forget=forget)


def _load_latest(opened: BoundaryPlan) -> None:
    """The person asked for the latest version: the form starts again from it, and what they
    typed that differs from the version they opened is kept to show beside it."""
    typed_key = f"plan_typed_{opened.id}"
    typed = {
        field: st.session_state.get(_edit_key(opened.id, field), getattr(opened, field))
        for field in EDIT_FIELDS
    }
    kept = {
        **st.session_state.get(typed_key, {}),
        **{field: value for field, value in typed.items() if value != getattr(opened, field)},
    }
    if kept:
        st.session_state[typed_key] = kept
    for key in (f"plan_opened_{opened.id}", *(_edit_key(opened.id, f) for f in EDIT_FIELDS)):
        st.session_state.pop(key, None)
    st.rerun()


def _typed_shown(value: object) -> str:
    if isinstance(value, date):
        return day_text(value)
    if value is None:
        return "No review date"
    return str(value) or "(left empty)"


def _typed_before_reload(plan_id: uuid.UUID) -> None:
    """Words typed before loading the latest version: shown as typed until the person puts
    them back in the form or lets them go."""
    typed_key = f"plan_typed_{plan_id}"
    typed: dict[str, object] = st.session_state.get(typed_key, {})
    if not typed:
        return
    with st.container(border=True):
        st.caption(
            "Not saved yet: what you typed before you loaded the latest version. Put it back "
            "in the form below to save it, or let it go."
        )
        st.text(
            "\n\n".join(f"{FIELD_LABELS[field]}:\n{_typed_shown(v)}" for field, v in typed.items())
        )
        left, right = st.columns(2)
        left.button(
            "Put my words back in the form",
            key=f"plan_put_back_{plan_id}",
            on_click=_put_back,
            args=(plan_id,),
        )
        right.button(
            "Let these words go",
            key=f"plan_let_go_{plan_id}",
            on_click=st.session_state.pop,
            args=(typed_key, None),
        )


def _put_back(plan_id: uuid.UUID) -> None:
    """Callback: the words kept at a reload go back into the form (now the latest version)."""
    for field, value in st.session_state.pop(f"plan_typed_{plan_id}", {}).items():
        st.session_state[_edit_key(plan_id, field)] = value


def _status_line(change: BoundaryStatusChange) -> str:
    line = f"{day_text(change.day)} · {BOUNDARY_STATUS_LABELS[change.status]}"
    return f"{line} · {change.note}" if change.note else line


def _delete_status(
    context: PageContext, plan: BoundaryPlan, history: tuple[BoundaryStatusChange, ...]
) -> None:
    """Take an entry out of the plan's log: asked first, and undone with one tap."""
    by_id = {str(change.id): change for change in reversed(history)}
    pick_key = f"status_pick_{plan.id}"
    chosen = st.selectbox(
        "Entry to delete",
        list(by_id),
        index=None,
        placeholder="Choose an entry…",
        format_func=lambda i: _status_line(by_id[i]),
        key=pick_key,
    )
    if chosen is None:
        return
    change = by_id[chosen]
    confirmed = ask_first(
        CONFIRM_STATUS_KEY,
        change.id,
        "Delete this entry",
        "Delete this entry from the log? You can undo this straight after.",
        "Yes, delete it",
        (f"status_delete_{plan.id}", f"status_delete_yes_{plan.id}", f"status_delete_no_{plan.id}"),
        details=_status_line(change),
    )
    if not confirmed:
        return
    delete_for_undo(context, change, UNDO_STATUS_KEY, forget=(pick_key,))


def _offer_undo_status_delete(context: PageContext) -> None:
    offer_undo_delete(
        context,
        UNDO_STATUS_KEY,
        lambda deleted: f"You deleted from a boundary's log: {_status_line(deleted)}",
        ("undo_status_delete", "undo_status_dismiss"),
    )


def _worksheet_downloads(context: PageContext, view: PlanView) -> None:
    """The plan's worksheet; in hosted mode each download goes in the family's audit list
    (the kind of file and the plan's id, never its words)."""
    st.caption(
        "A worksheet of this plan and its history to print, sign together, or take to a "
        "session. It works offline."
    )
    plan, sheet = view.plan, view.worksheet
    family_download(
        context,
        f"boundary worksheet (HTML), plan {plan.id}",
        "Download the worksheet (HTML)",
        view.worksheet_html,
        file_name(sheet, "html"),
        "text/html",
        f"worksheet_html_{plan.id}",
    )
    pdf_download(
        "the worksheet",
        f"worksheet_pdf_{plan.id}",
        f"{plan.version}-{len(view.status.history)}",
        lambda: worksheet_pdf(sheet),
        file_name(sheet, "pdf"),
        context,
        f"boundary worksheet (PDF), plan {plan.id}",
    )


def _ask_before_archive(context: PageContext, plan: BoundaryPlan) -> None:
    confirmed = ask_first(
        CONFIRM_ARCHIVE_KEY,
        plan.id,
        "Archive this plan",
        "Archive this plan? It moves to Archived plans with its history, and you can "
        "restore it at any time.",
        "Yes, archive it",
        (f"archive_{plan.id}", f"archive_yes_{plan.id}", f"archive_no_{plan.id}"),
    )
    if confirmed and _set_archived(context, plan.id, True):
        st.session_state[UNDO_ARCHIVE_KEY] = (context.household.id, plan.id)
        flash("Archived. It is under Archived plans, and you can restore it.")


def _set_archived(context: PageContext, plan_id: uuid.UUID, archived: bool) -> bool:
    def change() -> None:
        # Read inside the save: if the plan went meanwhile, the person gets a message.
        current = context.household.get(BoundaryPlan, plan_id)
        context.household.update(
            current.model_copy(update={"archived": archived}), by=context.member_id
        )

    return save(change, FIELD_LABELS)


def _offer_undo_archive(context: PageContext) -> None:
    pending: tuple[uuid.UUID, uuid.UUID] | None = st.session_state.get(UNDO_ARCHIVE_KEY)
    if pending is None or pending[0] != context.household.id:
        return
    if undo_offered(UNDO_ARCHIVE_KEY, "Undo archive", ("undo_archive", "undo_archive_dismiss")):
        st.session_state.pop(UNDO_ARCHIVE_KEY, None)
        if _set_archived(context, pending[1], False):
            flash("Restored. The plan is back with your active plans.")


def _archived_plans(context: PageContext, archived: list[PlanView]) -> None:
    """Every archived plan in one line of text; one at a time in full, to read or restore."""
    st.text("\n".join(f"{p.plan.boundary} · {p.status.summary()}" for p in archived))
    chosen = archived[0]
    if len(archived) > 1:
        by_id = {str(p.plan.id): p for p in archived}
        picked = st.selectbox(
            "Read or restore an archived plan",
            list(by_id),
            format_func=lambda i: (
                f"{by_id[i].plan.boundary} (since {day_text(by_id[i].plan.plan_date)})"
            ),
            key="archived_pick",
        )
        chosen = by_id.get(picked or "", chosen)
    _archived_card(context, chosen)


def _archived_card(context: PageContext, view: PlanView) -> None:
    plan = view.plan
    with st.container(border=True, key=f"archived_{plan.id}"):
        st.caption(f"{BOUNDARY_AREA_LABELS[plan.area]} · since {day_text(plan.plan_date)}")
        st.text(plan.boundary)
        st.text(view.status.summary())
        _plan_details(plan, view.history)
        if st.button("Restore this plan", key=f"restore_{plan.id}") and _set_archived(
            context, plan.id, False
        ):
            flash("Restored. The plan is back with your active plans.")


def section() -> str:
    """Which part of the page to show (one at a time keeps a phone screen short)."""
    return section_picker(SECTIONS, SECTION_KEY)
