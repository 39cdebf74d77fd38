"""Facilitator page body: the group programme, presentation mode, notes and handouts.

Nothing on this page reads a family's records: the curriculum is shipped content, and the
facilitator's notes live apart from every family: in their own file at home, and in the
database per signed-in facilitator when hosted (dashboard.facilitation).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from dashboard import access
from dashboard.config import DEFAULT_REGION, load_settings
from dashboard.content import (
    Curriculum,
    GroupSession,
    crisis_directory,
    curriculum,
    hosting_words,
    module_by_id,
    worksheet_library,
)
from dashboard.documents import handout_pdf, worksheet_pdf
from dashboard.documents.handouts import handout_file_name, handout_html, handout_pack
from dashboard.documents.html import worksheet_html
from dashboard.documents.worksheets import blank_worksheet, blank_worksheets, file_name
from dashboard.facilitation import (
    NOTE_MAX_CHARS,
    FacilitatorBook,
    NotesUnavailable,
    NoteTooLong,
    NoteVersion,
    Slide,
    deck,
)
from dashboard.hosted_notes import HostedFacilitatorBook
from dashboard.text import day_text
from dashboard.ui.kit import (
    flash,
    inert,
    limit,
    pdf_download,
    show_flash,
    show_sources,
    undo_offered,
)
from dashboard.ui.setup import PageContext, show_crisis_lines

VIEWS = ("Session plan", "Presentation mode", "Notes", "Handouts and worksheets")
SESSION_KEY = "group_session"


Book = FacilitatorBook | HostedFacilitatorBook


def _book(context: PageContext | None) -> Book:
    """Hosted (a signed-in facilitator): the database, shared by every replica. At home: the
    file in the data folder (one process)."""
    if (
        context is not None
        and context.person is not None
        and context.role == access.FACILITATOR
        and context.store is not None
    ):
        return HostedFacilitatorBook(context.store, context.person)
    return FacilitatorBook(load_settings().data_dir)


def facilitator(region: str = DEFAULT_REGION, context: PageContext | None = None) -> None:
    course = curriculum()
    book = _book(context)
    show_flash()
    # A damaged or unreadable notes file never stops the evening: it is said once, calmly,
    # and everything but the notes and run marks works as usual.
    problem = book.problem()
    if problem is not None:
        st.warning(inert(problem))  # it names a path: shown as typed, never as Markdown
    session = _pick_session(course, book, problem)
    view = st.radio("Show", VIEWS, horizontal=True, key="facilitator_view")
    if view == "Session plan":
        session_plan(course, session, book, region, problem)
    elif view == "Presentation mode":
        presentation(course, session, region)
    elif view == "Notes":
        notes(session, book, problem)
    else:
        handouts(course, session, region)
        st.divider()
        blank_worksheet_downloads()


def _label(session: GroupSession) -> str:
    return f"Session {session.number}: {session.title}"


def _pick_session(course: Curriculum, book: Book, problem: str | None) -> GroupSession:
    """This week's session is the one after the last one marked as run."""
    this_week = book.this_week(course) if problem is None else course.sessions[0].number
    numbers = [s.number for s in course.sessions]
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = this_week
    chosen = st.selectbox(
        "Session",
        numbers,
        format_func=lambda n: (
            _label(course.session(n)) + (" (this week)" if n == this_week else "")
        ),
        key=SESSION_KEY,
    )
    runs = book.runs() if problem is None else {}
    if problem is not None:
        st.caption("This week's session is unknown until the notes file can be read.")
    elif runs:
        st.caption(
            f"This week: session {this_week}, the one after the last session you marked as run "
            f"(session {max(runs)}, on {day_text(runs[max(runs)], long=True)})."
        )
    else:
        st.caption("This week: session 1. Mark each session as run after the evening.")
    return course.session(chosen)


# -- the plan -------------------------------------------------------------------------------


def _timings(session: GroupSession, course: Curriculum) -> str:
    start = 0
    rows = []
    for segment in session.segments:
        title = course.programme.segment_kinds[segment.kind].title
        rows.append(f"| {start}–{start + segment.minutes} min | {title} | {segment.minutes} |")
        start += segment.minutes
    return "| when | part | minutes |\n|---|---|---|\n" + "\n".join(rows)


def session_plan(
    course: Curriculum,
    session: GroupSession,
    book: Book,
    region: str = DEFAULT_REGION,
    problem: str | None = None,
) -> None:
    """The whole evening on one page: Harbor's own content, safe to render as Markdown."""
    st.header(_label(session))
    st.write(session.summary)
    st.markdown("**Goals**\n" + "".join(f"\n- {goal}" for goal in session.goals))
    st.markdown(f"**Timings ({session.minutes} minutes)**\n\n" + _timings(session, course))
    guides = [module_by_id(m) for m in session.modules]
    st.markdown(
        "**Learn guides it uses**" + "".join(f"\n- {g.title}" for g in guides if g is not None)
    )
    st.markdown("**The skill, in short points**" + "".join(f"\n- {p}" for p in session.talk))
    st.markdown("**Questions to discuss**" + "".join(f"\n- {q}" for q in session.discussion))
    activity = session.activity
    st.markdown(
        f"**Practice: {activity.title}** ({activity.kind})"
        + "".join(f"\n{i}. {step}" for i, step in enumerate(activity.instructions, start=1))
    )
    sheet = worksheet_library().get(session.worksheet)
    st.markdown(f"**Worksheet:** {sheet.title} (print it blank under Handouts and worksheets)")
    st.markdown(f"**A step to take home:** {session.take_home}")
    with st.container(border=True):
        st.markdown("**Facilitator's notes: what to watch for**")
        st.markdown("".join(f"\n- {w}" for w in session.facilitator_notes.watch_for))
        st.markdown(f"**If a member reports danger:** {session.facilitator_notes.if_danger}")
    protocol = course.programme.safety_protocol
    with st.expander(protocol.title):
        st.write(protocol.intro)
        st.markdown("".join(f"\n{i}. {s}" for i, s in enumerate(protocol.steps, start=1)))
        show_crisis_lines(crisis_directory().region(region))
        st.caption(protocol.not_our_role)
    with st.expander("Opening statement and guidelines"):
        st.write(course.programme.opening_statement)
        for guideline in course.programme.guidelines:
            st.markdown(f"**{guideline.title}.** {guideline.text}")
    with st.expander("Sources for this session"):
        show_sources(session.sources, course.programme.last_reviewed)
    if problem is None:
        _run_mark(course, session, book)


UNMARKED_KEY = "run_unmarked"  # (session number, ISO day) of the run mark just taken off


def _run_mark(course: Curriculum, session: GroupSession, book: Book) -> None:
    """Mark a session as run; taking a mark off offers an undo that puts its day back."""
    try:
        _undo_unmark(book)
        runs = book.runs()
        if session.number in runs:
            st.success(f"Marked as run on {day_text(runs[session.number], long=True)}.")
            if st.button("Unmark: not run yet", key=f"unmark_run_{session.number}"):
                book.unmark_run(session.number)
                st.session_state[UNMARKED_KEY] = (
                    session.number,
                    runs[session.number].isoformat(),
                )
                st.session_state.pop(SESSION_KEY, None)
                flash(f"Session {session.number} is no longer marked as run.")
        elif st.button(
            f"Mark session {session.number} as run today", key=f"mark_run_{session.number}"
        ):
            book.mark_run(session.number, date.today())
            st.session_state.pop(UNMARKED_KEY, None)
            # This week's session may now be another one, and the picker follows it.
            st.session_state.pop(SESSION_KEY, None)
            flash(
                f"Session {session.number} marked as run. "
                f"This week's session is now {book.this_week(course)}."
            )
    except NotesUnavailable as exc:
        st.error(inert(str(exc)))


def _undo_unmark(book: Book) -> None:
    pending = st.session_state.get(UNMARKED_KEY)
    if pending is None:
        return
    number, day = pending[0], date.fromisoformat(pending[1])
    label = f"Undo: mark session {number} as run on {day_text(day, long=True)} again"
    if undo_offered(UNMARKED_KEY, label, ("undo_unmark_run", "keep_unmark_run")):
        book.mark_run(number, day)
        st.session_state.pop(UNMARKED_KEY, None)
        st.session_state.pop(SESSION_KEY, None)
        flash(f"Session {number} is marked as run on {day_text(day, long=True)} again.")


# -- presentation mode ----------------------------------------------------------------------

PRESENT_CSS = (
    "<style>.st-key-presentation p, .st-key-presentation li"
    "{font-size:1.9rem;line-height:1.5}"
    ".st-key-presentation h2{font-size:2.8rem}</style>"
)
SLIDE_KEYS_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  // Streamlit calls this again whenever the data changes: undo the previous call first,
  // so there is only ever one key listener and one ticking clock.
  const previous = window.__harborSlideKeys;
  if (previous) previous();
  const clock = parentElement.querySelector(".clock");
  const timers = (window.__harborTimers = window.__harborTimers || {});
  if (!(data.timer in timers)) timers[data.timer] = Date.now();
  const draw = () => {
    const left = data.seconds - Math.floor((Date.now() - timers[data.timer]) / 1000);
    const shown = Math.abs(left);
    const text = `${Math.floor(shown / 60)}:${String(shown % 60).padStart(2, "0")}`;
    clock.textContent = left >= 0 ? `${text} left in this part` : `Time is up (${text} over)`;
    clock.classList.toggle("over", left < 0);
  };
  draw();
  const tick = setInterval(draw, 1000);
  if (window.__harborSlideShown !== data.slide) {
    // A new slide: bring it into view, and take focus off the view picker, whose own
    // arrow keys would otherwise change the view instead of the slide.
    window.__harborSlideShown = data.slide;
    const active = document.activeElement;
    if (active && active.type === "radio") active.blur();
    (parentElement.host || parentElement).scrollIntoView({ block: "start" });
  }
  const typing = (el) =>
    el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  const onKey = (event) => {
    if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    if (typing(event.target)) return;
    const next = ["ArrowRight", "PageDown", "n", "N"];
    const back = ["ArrowLeft", "PageUp", "p", "P"];
    if (next.includes(event.key)) setTriggerValue("move", "next");
    else if (back.includes(event.key)) setTriggerValue("move", "back");
    else return;
    event.preventDefault();
  };
  document.addEventListener("keydown", onKey);
  const stop = () => {
    clearInterval(tick);
    document.removeEventListener("keydown", onKey);
    if (window.__harborSlideKeys === stop) window.__harborSlideKeys = undefined;
  };
  window.__harborSlideKeys = stop;
  return stop;
}
"""
SLIDE_KEYS_HTML = '<p class="clock" role="timer" aria-live="off"></p>'
SLIDE_KEYS_CSS = (
    ".clock{font-size:1.4rem;font-weight:bold;margin:0;padding:.2em .5em;"
    "border:2px solid currentColor;border-radius:.4em;display:inline-block}"
    ".clock.over{background:#8A1C1C;color:#FFFFFF}"
)
_slide_keys = st.components.v2.component(
    "harbor_slide_keys", html=SLIDE_KEYS_HTML, css=SLIDE_KEYS_CSS, js=SLIDE_KEYS_JS
)


def _slide_key(session: GroupSession) -> str:
    return f"slide_{session.number}"


TIMER_ROUND = "presentation_timer_round"


def _restart_timer() -> None:
    st.session_state[TIMER_ROUND] = st.session_state.get(TIMER_ROUND, 0) + 1


def _move(key: str, step: int, count: int) -> None:
    st.session_state[key] = max(0, min(st.session_state.get(key, 0) + step, count - 1))


def _keyboard_move(key: str, count: int) -> Callable[[], None]:
    def moved() -> None:
        value = st.session_state.get("slide_keys")
        move = value.get("move") if hasattr(value, "get") else getattr(value, "move", None)
        if move in ("next", "back"):
            _move(key, 1 if move == "next" else -1, count)

    return moved


def presentation(course: Curriculum, session: GroupSession, region: str) -> None:
    """One slide at a time in large type, with a countdown for each part of the evening."""
    slides = deck(session, course.programme, crisis_directory().region(region))
    key = _slide_key(session)
    index = min(st.session_state.get(key, 0), len(slides) - 1)
    st.caption(
        "Move with the buttons, or with the keyboard: → or Page Down for the next slide, "
        "← or Page Up to go back."
    )
    slide = slides[index]
    # A part's clock runs from when it is first shown in this browser tab; a restart (after
    # a rehearsal, or for a late start) gives each part a fresh clock from its next showing.
    timer_round = st.session_state.get(TIMER_ROUND, 0)
    clock, back, position, forward = st.columns([3, 1.3, 3, 1.3], vertical_alignment="center")
    with clock:
        _slide_keys(
            key="slide_keys",
            data={
                "timer": f"{session.number}-{slide.segment}-{timer_round}",
                "seconds": slide.minutes * 60,
                "slide": f"{session.number}-{index}",
            },
            on_move_change=_keyboard_move(key, len(slides)),
        )
    back.button(
        "← Back",
        disabled=index == 0,
        key="slide_back",
        on_click=_move,
        args=(key, -1, len(slides)),
    )
    forward.button(
        "Next →",
        disabled=index == len(slides) - 1,
        key="slide_next",
        on_click=_move,
        args=(key, 1, len(slides)),
    )
    title = course.programme.segment_kinds.get(slide.kind)
    part = title.title if title else slide.heading
    position.caption(f"Slide {index + 1} of {len(slides)} · {part} · {slide.minutes} minutes")
    st.button(
        "Restart this part's timer", key="timer_restart", on_click=_restart_timer, type="tertiary"
    )
    # The style is Harbor's own constant; no user text ever reaches it.
    st.html(PRESENT_CSS)
    with st.container(key="presentation", border=True):
        _draw_slide(slide)


def _draw_slide(slide: Slide) -> None:
    """Harbor's own shipped content, so Markdown is safe here."""
    st.header(slide.heading)
    if slide.lead:
        st.markdown(slide.lead)
    marks = [f"{i}." for i in range(1, len(slide.points) + 1)] if slide.numbered else None
    st.markdown("\n".join(f"{marks[i] if marks else '-'} {p}" for i, p in enumerate(slide.points)))


# -- notes ------------------------------------------------------------------------------------


def _keep_draft(key: str, draft: str) -> None:
    st.session_state[draft] = st.session_state[key]


def notes(session: GroupSession, book: Book, problem: str | None = None) -> None:
    """The facilitator's own notes for a session; each save keeps the one before.

    When the file cannot be read, nothing is shown as saved and nothing overwrites it: the
    box still takes (and keeps) what is typed, and the file can be set aside, renamed,
    so a new one starts.
    """
    hosted = isinstance(book, HostedFacilitatorBook)
    st.info(
        hosting_words().notes_statement
        if hosted
        else curriculum().programme.wording.notes_statement
    )
    key = f"notes_{session.number}"
    draft = f"{key}_draft"  # outlives the text box, which forgets when another view shows
    saved = book.note(session.number) if problem is None else ""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(draft, saved)
    text = st.text_area(
        f"My notes for session {session.number}",
        key=key,
        height=220,
        help=limit(NOTE_MAX_CHARS),
        on_change=_keep_draft,
        args=(key, draft),
    )
    if problem is not None:
        if not book.can_set_aside:
            return
        if st.button("Set the unreadable file aside and start a new one", key="notes_set_aside"):
            try:
                kept = book.set_aside()
            except NotesUnavailable as exc:
                st.error(inert(str(exc)))
            else:
                flash(inert(f"The unreadable file is kept as {kept}. A new notes file starts now."))
        return
    if text != saved:
        st.caption("Not saved yet.")
    if st.button("Save notes", key=f"save_{key}"):
        try:
            changed = book.save_note(session.number, text)
        except (NoteTooLong, NotesUnavailable) as exc:
            st.error(inert(str(exc)))
        else:
            st.session_state.pop(draft, None)
            flash("Notes saved. The earlier version is kept below." if changed else "No changes.")
    versions = book.versions(session.number)
    if len(versions) > 1:
        with st.expander(f"Earlier versions ({len(versions) - 1})"):
            for index in reversed(range(len(versions) - 1)):
                version = versions[index]
                st.caption(f"Saved {version.saved_at.replace('T', ' ')[:16]} UTC")
                st.text(version.text or "(empty)")
                if st.button("Restore this version", key=f"restore_note_{session.number}_{index}"):
                    unsaved = text if text != saved else None
                    _restore_note(book, session.number, version, (key, draft), unsaved)
    elif versions:
        st.caption(f"Saved {versions[-1].saved_at.replace('T', ' ')[:16]} UTC.")


def _restore_note(
    book: Book,
    number: int,
    version: NoteVersion,
    boxes: tuple[str, ...],
    unsaved: str | None = None,
) -> None:
    """An earlier version becomes the newest; the one it replaces is kept as well.

    Words typed in the box but not saved are saved as a version first: restoring empties
    the box, and nothing typed is ever lost. If they cannot be saved, nothing is restored.
    """
    try:
        if unsaved is not None:
            book.save_note(number, unsaved)
        book.save_note(number, version.text)
    except (NoteTooLong, NotesUnavailable) as exc:
        st.error(inert(str(exc)))
    else:
        stamp = version.saved_at.replace("T", " ")[:16]
        message = f"Restored the version saved {stamp} UTC. The one before is kept too."
        if unsaved is not None:
            message += " Your unsaved words were saved first, as a version of their own."
        flash(message, forget=boxes)


# -- handouts and worksheets -----------------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _pack_html(numbers: tuple[int, ...], region: str, large: bool) -> bytes:
    """Shipped content only (no family's data), so one cache serves every session."""
    return handout_html(handout_pack(numbers, region, large)).encode("utf-8")


def handouts(course: Curriculum, session: GroupSession, region: str) -> None:
    """Packs to print or send: the session's, or the whole programme's, in HTML and PDF."""
    st.header("Handout packs")
    st.write(
        "Each pack holds the session's summary, key points, the step to take home and its "
        "worksheet blank, then the group guidelines and the crisis lines of your region. "
        "They work offline and hold no family's data."
    )
    regions = crisis_directory().regions
    codes = list(regions)
    chosen = st.selectbox(
        "Crisis lines for",
        codes,
        index=codes.index(region) if region in codes else 0,
        format_func=lambda code: regions[code].name,
        key="handout_region",
    )
    large = st.toggle("Large print (18 pt and larger)", key="handout_large")
    for label, numbers in (
        (f"session {session.number}", [session.number]),
        ("the whole programme", [s.number for s in course.sessions]),
    ):
        pack = handout_pack(numbers, chosen, large)
        slug = handout_file_name(pack, "pdf").removesuffix(".pdf")
        st.markdown(f"**The handout pack for {label}**")
        st.download_button(
            f"Download the handout pack for {label} (HTML)",
            data=_pack_html(tuple(numbers), chosen, large),
            file_name=handout_file_name(pack, "html"),
            mime="text/html",
            key=f"{slug}_{chosen}_html",
            on_click="ignore",
        )
        pdf_download(
            f"the handout pack for {label}",
            f"{slug}_pdf",
            chosen,
            lambda pack=pack: handout_pdf(pack),
            handout_file_name(pack, "pdf"),
        )


def blank_worksheet_downloads() -> None:
    """Blank worksheets to print for a group: no family's data goes into them."""
    st.write(
        "Blank worksheets for the group to fill in by hand: a boundary plan, PIUS practice, "
        "a response log, an invitation plan and a sober activities map. They work offline."
    )
    titles = dict(blank_worksheets())
    chosen = st.selectbox(
        "Worksheet", list(titles), format_func=titles.__getitem__, key="blank_worksheet"
    )
    sheet = blank_worksheet(chosen)
    st.caption(sheet.intro)
    st.download_button(
        "Download the blank worksheet (HTML)",
        data=worksheet_html(sheet).encode("utf-8"),
        file_name=file_name(sheet, "html", "blank"),
        mime="text/html",
        key=f"blank_html_{chosen}",
        on_click="ignore",
    )
    pdf_download(
        "the blank worksheet",
        f"blank_pdf_{chosen}",
        "blank",
        lambda: worksheet_pdf(sheet),
        file_name(sheet, "pdf", "blank"),
    )


def group_totals(context: PageContext) -> None:
    """Hosted mode, facilitators only: anonymous counts over families who opted in."""
    if context.role != access.FACILITATOR or context.store is None:
        return
    st.header("Group totals")
    totals = access.group_totals(context.store)
    if totals is None:
        st.info(
            f"Group totals appear once at least {access.GROUP_MINIMUM} families have chosen "
            "to take part. No family's records are shown here."
        )
        return
    st.text(
        f"{totals.families} families take part; together they logged {totals.checkins} "
        "daily check-ins."
    )
