"""Session summary page body: the therapy session report, previewed, then downloaded.

The preview draws the very report the downloads hold (the same SessionReport), so the
family sees exactly what will be included before anything is exported. Every line is plain
text: the family's own words are never read as Markdown or HTML.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import streamlit as st

from dashboard.documents.report import SessionReport
from dashboard.records import EARLIEST_DATE, QUESTION_MAX_CHARS, SessionQuestion
from dashboard.store import NotFound
from dashboard.text import day_text
from dashboard.ui.kit import (
    ask_first,
    audit_export,
    chart,
    delete_for_undo,
    flash,
    inert,
    lazy_expander,
    limit,
    offer_undo_delete,
    save,
    show_flash,
    show_problem,
    today,
)
from dashboard.ui.setup import PageContext
from dashboard.views.session import default_range, last_session_day, session_view

PRESETS = {
    "since": "Since the last session",
    "4w": "4 weeks",
    "3m": "3 months",
    "custom": "Custom dates",
}
PRESET_DAYS = {"4w": 28, "3m": 91}
FLASH = "session_flash"
UNDO_KEY = "session_question_undo"
# Question wordings changed and not saved yet, by question id: (the question as it was when
# the change began, the words typed). Kept outside the widgets, which Streamlit forgets on
# any run that does not draw them (dates that leave the question out of the list).
DRAFTS_KEY = "session_question_drafts"
QUESTION_LABELS = {"text": "Question", "range_end": "Last day", "range_start": "First day"}
# The page itself prints cleanly: no sidebar, header, widgets or buttons on paper.
PRINT_STYLE = (
    "<style>@media print{"
    "[data-testid='stSidebar'],[data-testid='stHeader'],[data-testid='stToolbar'],"
    "[data-testid='stDecoration'],[data-testid='stSidebarCollapsedControl'],"
    ".stButton,.stDownloadButton,.stRadio,.stSegmentedControl,.stDateInput,.stTextArea,"
    ".stTextInput,.stCheckbox,.stToggle,.stForm,.stExpander{display:none!important}"
    "[data-testid='stMain']{margin:0!important}"
    "[data-testid='stMainBlockContainer']{padding:0!important;max-width:none!important}}"
    "</style>"
)


def session_summary(context: PageContext) -> None:
    st.html(PRINT_STYLE)
    show_flash(FLASH)
    chosen = choose_range(context)
    if chosen is None:
        return
    start, end = chosen
    roles = st.toggle(
        "Use roles instead of names",
        key="session_roles",
        help="Replaces your loved one's name and your family's names in the report, "
        "shared notes included, with roles such as “my son” or “Parent”.",
    )
    role = "my loved one"
    if roles:
        role = st.text_input(
            "Call your loved one", value="my loved one", key="session_role", max_chars=40
        )
    view = session_view(context.household, context.loved_one.id, start, end, roles, role)
    questions_editor(context, start, end, view.questions)
    st.header("What the report will include")
    st.caption(
        "This preview is exactly what the downloads hold. Notes appear only when you ticked "
        "“Share this note in session reports” on them."
    )
    downloads(context, view.report, (start, end, roles, role))
    with st.container(border=True, key="session_preview"):
        preview(view.report)


def choose_range(context: PageContext) -> tuple[date, date] | None:
    """The dates to review: since the last session, 4 weeks, 3 months, or custom dates."""
    now = today(context)
    loved_one = context.loved_one.id
    preset = (
        st.segmented_control(
            "Dates to review",
            list(PRESETS),
            default="since",
            format_func=PRESETS.__getitem__,
            key="session_preset",
            required=True,
        )
        or "since"
    )
    if preset == "since":
        period = default_range(context.household, loved_one, now)
        last = last_session_day(context.household, loved_one, now)
        if last is None:
            st.caption("No therapy session is on the timeline yet, so this shows the last 4 weeks.")
        else:
            st.caption(f"The last therapy session on the timeline was on {day_text(last)}.")
        return period.start, period.end
    if preset in PRESET_DAYS:
        return now - timedelta(days=PRESET_DAYS[preset] - 1), now
    chosen = st.date_input(
        "Custom dates",
        value=(now - timedelta(days=27), now),
        min_value=EARLIEST_DATE,
        max_value=now,
        format="YYYY-MM-DD",
        key="session_custom",
    )
    if not isinstance(chosen, tuple) or len(chosen) != 2:
        st.info("Pick an end date as well as a start date.")
        return None
    return chosen[0], chosen[1]


def questions_editor(
    context: PageContext, start: date, end: date, questions: tuple[SessionQuestion, ...]
) -> None:
    """Questions for the care team, saved with these dates; edits keep earlier versions."""
    st.header("Questions for the care team")
    if context.read_only:  # a therapist invited to read: the family's questions, as written
        for question in questions:
            st.text(question.text)
        if not questions:
            st.caption("The family has not written questions for these dates.")
        return
    offer_undo_delete(
        context,
        UNDO_KEY,
        lambda q: f"Deleted: {q.text}",
        ("session_question_undo_btn", "session_question_undo_ok"),
        FLASH,
    )
    _drafts_elsewhere(context, {question.id for question in questions})
    for question in questions:
        with st.container(border=True):
            st.text(question.text)
            st.caption(
                f"Saved for {day_text(question.range_start)} to {day_text(question.range_end)}"
            )
            # Drawn once opened: each question's history is a query, and its form widgets.
            with lazy_expander(
                "Change or delete this question", f"exp_question_{question.id}"
            ) as shown:
                if shown:
                    _change_question(context, question)
    with st.form("session_question_form", clear_on_submit=False, border=True):
        text = st.text_area(
            "A question you want to ask",
            key="session_question_text",
            help=limit(QUESTION_MAX_CHARS),
            placeholder="For example: how can we support sleep after a hard week?",
        )
        submitted = st.form_submit_button("Save the question")
    if submitted:
        values = {
            "loved_one_id": context.loved_one.id,
            "range_start": start,
            "range_end": end,
            "text": text,
        }
        if save(
            lambda: context.household.create(SessionQuestion, values, context.member_id),
            QUESTION_LABELS,
        ):
            flash("Question saved with these dates.", FLASH, clear=("session_question_text",))


def _drafts() -> dict[uuid.UUID, tuple[SessionQuestion, str]]:
    return st.session_state.setdefault(DRAFTS_KEY, {})


def _box_key(question_id: uuid.UUID) -> str:
    return f"question_edit_{question_id}"


def _keep_draft(question: SessionQuestion) -> None:
    """Callback: keep the words typed in a question's box until they are saved."""
    typed = st.session_state.get(_box_key(question.id), question.text)
    if typed == question.text:
        _drafts().pop(question.id, None)
    else:
        _drafts()[question.id] = (question, typed)


def _forget_draft(question_id: uuid.UUID) -> None:
    _drafts().pop(question_id, None)
    st.session_state.pop(_box_key(question_id), None)


def _change_question(context: PageContext, question: SessionQuestion) -> None:
    """Edit a question's wording, bring back an earlier one, or delete it (asked first)."""
    key = _box_key(question.id)
    draft = _drafts().get(question.id)
    if draft is not None:  # words typed and not saved: back in the box if it was forgotten
        st.session_state.setdefault(key, draft[1])
    elif st.session_state.get(key) != question.text:
        # Nothing typed: the box follows the saved wording (first drawn, an earlier wording
        # brought back, or a change someone else saved).
        st.session_state[key] = question.text
    edited = st.text_area("Question", key=key, on_change=_keep_draft, args=(question,))
    if st.button("Save the change", key=f"question_save_{question.id}") and _save_wording(
        context, question, edited
    ):
        flash("Question saved. The earlier wording is kept in its history.", FLASH)
    earlier_wordings(context, question)
    if ask_first(
        "session_question_delete",
        question.id,
        "Delete this question",
        "Delete this question? You can undo it straight after.",
        "Yes, delete it",
        (
            f"question_delete_{question.id}",
            f"question_delete_yes_{question.id}",
            f"question_delete_no_{question.id}",
        ),
    ):
        _forget_draft(question.id)
        delete_for_undo(context, question, UNDO_KEY, FLASH)


def _save_wording(context: PageContext, question: SessionQuestion, text: str) -> bool:
    changed = question.model_copy(update={"text": text})
    if save(
        lambda: context.household.update(
            SessionQuestion.model_validate(changed.model_dump()), by=context.member_id
        ),
        QUESTION_LABELS,
    ):
        _forget_draft(question.id)
        return True
    return False


def _drafts_elsewhere(context: PageContext, listed: set[uuid.UUID]) -> None:
    """Changed wordings of questions these dates leave out: named, with a way to save them,
    go back to their dates, or let them go. Nothing typed is dropped on its own."""
    waiting = [
        (question, typed)
        for question, typed in _drafts().values()
        if question.household_id == context.household.id
        and question.loved_one_id == context.loved_one.id
        and question.id not in listed
    ]
    if not waiting:
        return
    with st.container(border=True, key="session_question_drafts_box"):
        st.caption(
            "You changed the wording of a question saved for other dates, and it is not "
            "saved yet. It is kept here until you save it or let it go."
            if len(waiting) == 1
            else f"You changed the wording of {len(waiting)} questions saved for other dates, "
            "and they are not saved yet. They are kept here until you save them or let them go."
        )
        for question, typed in waiting:
            st.text(
                f"Saved for {day_text(question.range_start)} to {day_text(question.range_end)}: "
                f"{question.text}\nYour change, not saved yet: {typed}"
            )
            save_col, dates_col, drop_col = st.columns(3)
            if save_col.button(
                "Save my change", key=f"question_draft_save_{question.id}"
            ) and _save_draft(context, question, typed):
                flash("Question saved. The earlier wording is kept in its history.", FLASH)
            dates_col.button(
                "Show its dates",
                key=f"question_draft_dates_{question.id}",
                on_click=_show_dates,
                args=(question,),
            )
            drop_col.button(
                "Let my change go",
                key=f"question_draft_drop_{question.id}",
                on_click=_forget_draft,
                args=(question.id,),
            )


def _save_draft(context: PageContext, question: SessionQuestion, typed: str) -> bool:
    try:  # read now: it may have changed or gone since the change began
        current = context.household.get(SessionQuestion, question.id)
    except NotFound as exc:
        show_problem(str(exc))
        return False
    return _save_wording(context, current, typed)


def _show_dates(question: SessionQuestion) -> None:
    """Callback: choose the dates a question was saved for, so it is in the list again."""
    st.session_state["session_preset"] = "custom"
    st.session_state["session_custom"] = (question.range_start, question.range_end)


def earlier_wordings(context: PageContext, question: SessionQuestion) -> None:
    """Every earlier wording of a question, each one a tap away from coming back."""
    for version in context.household.versions(SessionQuestion, question.id):
        earlier = version.entry()
        st.text(f"Earlier wording: {earlier.text}")
        if st.button("Bring this wording back", key=f"question_restore_{version.id}") and save(
            lambda v=version: context.household.restore_version(
                v, opened=question, by=context.member_id
            ),
            QUESTION_LABELS,
        ):
            flash("The earlier wording is back; the one it replaced is kept too.", FLASH)


def preview(report: SessionReport) -> None:
    """The report as the family will hand it over: headings, charts with summaries, lines."""
    st.markdown(f"### {inert(report.title)}")
    st.text(report.subtitle)
    st.text(report.intro)
    st.caption(inert(report.privacy))
    if report.empty:
        st.info(inert(report.empty))
    number = 0
    for part in report.parts:
        st.markdown(f"#### {inert(part.heading)}")
        for item in part.charts:
            number += 1
            chart(item.figure, key=f"session_chart_{number}", alt=item.summary)
            st.text(item.summary)
        for block in part.blocks:
            if block.heading:
                st.markdown(f"**{inert(block.heading)}**")
            for line in block.lines:
                st.text(f"• {line}")
        if not part.blocks and not part.charts and part.empty:
            st.text(part.empty)
    st.markdown(f"#### {inert(report.crisis_heading)}")
    for name, contact, purpose in report.crisis_lines:
        st.text(f"{name}: {contact} ({purpose})")
    st.caption(inert(report.disclaimer))


def downloads(context: PageContext, report: SessionReport, arguments: tuple) -> None:
    """Make each file on request, with a spinner, then offer it; remade when anything changes."""
    signature = repr((context.household.id, context.household.data_version(), arguments))
    name = f"harbor-session-report-{arguments[0]:%Y-%m-%d}-to-{arguments[1]:%Y-%m-%d}"
    left, right = st.columns(2)
    with left:
        _download(
            "HTML",
            "session_html",
            signature,
            lambda: _exported(context, "HTML", arguments, _html(report)),
            f"{name}.html",
            "text/html",
        )
    with right:
        _download(
            "PDF",
            "session_pdf",
            signature,
            lambda: _exported(context, "PDF", arguments, _pdf(report)),
            f"{name}.pdf",
            "application/pdf",
        )


def _exported(context: PageContext, kind: str, arguments: tuple, data: bytes) -> bytes:
    """Hosted mode: each report made (by a caregiver or an invited therapist) goes in the
    family's audit list, with its dates and never its text. Home mode has no audit."""
    audit_export(
        context,
        f"session report ({kind}), {arguments[0]:%Y-%m-%d} to {arguments[1]:%Y-%m-%d}",
    )
    return data


def _html(report: SessionReport) -> bytes:
    from dashboard.documents.report import report_html

    return report_html(report).encode("utf-8")


def _pdf(report: SessionReport) -> bytes:
    from dashboard.documents.report import report_pdf

    return report_pdf(report)


def _download(kind: str, key: str, signature: str, build, file_name: str, mime: str) -> None:
    ready = st.session_state.get(key)
    stale = ready is None or ready[0] != signature
    if stale and st.button(f"Make the {kind} report", key=f"{key}_make", width="stretch"):
        with st.spinner(f"Building the {kind} report…"):
            ready = st.session_state[key] = (signature, build())
    if ready is not None and ready[0] == signature:
        st.download_button(
            f"Download the report ({kind})",
            data=ready[1],
            file_name=file_name,
            mime=mime,
            key=f"{key}_download",
            on_click="ignore",
            width="stretch",
        )
