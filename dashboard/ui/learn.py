"""Learn, warning-signs and presentation bodies: Harbor's own reviewed content."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.content import (
    TOPIC_LABELS,
    LearnModule,
    learn_modules,
    learning_path,
    module_by_id,
    programme_questions,
    search_modules,
    warning_checklist,
)
from dashboard.learning import (
    groups_of,
    path_progress,
    read_module_ids,
    save_sign_ticks,
    set_read,
    tick_history,
)
from dashboard.printable import questions_checklist_html
from dashboard.records import today_in
from dashboard.ui.components import save_with_feedback, show_module, show_sources
from dashboard.ui.setup import PageContext


def _today(context: PageContext) -> date:
    return today_in(context.loved_one.timezone) if context.loved_one else date.today()


def _toggle_read(context: PageContext, module_id: str) -> None:
    read = st.session_state[f"read_{module_id}"]
    set_read(context.household, context.member.id, module_id, read, _today(context))


OPEN_KEY = "learn_open_module"
VIEWS = ("Learning path", "Browse by topic", "Questions for a programme")


def _open(module_id: str | None) -> None:
    st.session_state[OPEN_KEY] = module_id


def _guide_list(modules: list[LearnModule], read_ids: set[str], where: str) -> None:
    """Titles only: one guide is read at a time, so the page stays light on a phone."""
    for module in modules:
        mark = "✓ " if module.id in read_ids else ""
        st.button(
            f"{mark}{module.title}",
            key=f"open_{where}_{module.id}",
            on_click=_open,
            args=(module.id,),
            width="stretch",
        )
        st.caption(f"{module.reading_minutes} min read · {module.summary}")


def _reader(module: LearnModule, context: PageContext, read_ids: set[str]) -> None:
    st.button("← All guides", key="close_guide", on_click=_open, args=(None,))
    st.header(module.title)
    show_module(module)
    if context.member is not None:
        st.checkbox(
            "I have read this",
            value=module.id in read_ids,
            key=f"read_{module.id}",
            on_change=_toggle_read,
            args=(context, module.id),
        )
    path = learning_path()
    if module in path and module is not path[-1]:
        following = path[path.index(module) + 1]
        st.button(
            f"Next in the path: {following.title}",
            key="next_guide",
            on_click=_open,
            args=(following.id,),
            type="primary",
        )


def library(context: PageContext) -> None:
    read_ids = read_module_ids(context.household, context.member.id) if context.member else set()
    opened = module_by_id(st.session_state.get(OPEN_KEY) or "")
    if opened is not None:
        _reader(opened, context, read_ids)
        return
    query = st.text_input("Search the guides", placeholder="e.g. bladder, relapse, PIUS")
    if query.strip():
        results = search_modules(query)
        st.caption(f"{len(results)} guides match.")
        if not results:
            st.info("No guide matches those words. Try a shorter or simpler word.")
        _guide_list(results, read_ids, "search")
        return
    view = st.radio("Show", VIEWS, horizontal=True, key="learn_view")
    if view == "Learning path":
        path = learning_path()
        progress = path_progress(path, read_ids)
        if context.member is None:
            st.write("New to this? Start here, in this order.")
        else:
            st.progress(progress.fraction, text=progress.sentence())
            if progress.next_module is not None:
                st.write(f"Next: **{progress.next_module.title}**")
        _guide_list(path, read_ids, "path")
    elif view == "Browse by topic":
        for topic, label in TOPIC_LABELS.items():
            modules = [m for m in learn_modules() if m.topic == topic]
            if modules:
                st.subheader(label)
                _guide_list(modules, read_ids, "topic")
    else:
        questions_checklist()


def questions_checklist() -> None:
    questions = programme_questions()
    st.write(questions.intro)
    ticked = {q.id for q in questions.questions if st.checkbox(q.text, key=f"question_{q.id}")}
    st.download_button(
        "Download a printable copy (HTML)",
        data=questions_checklist_html(questions, ticked).encode("utf-8"),
        file_name="harbor-questions-for-a-programme.html",
        mime="text/html",
    )
    with st.expander("Sources"):
        st.caption(f"Last reviewed {questions.last_reviewed:%d %B %Y}")
        for source in questions.sources:
            st.markdown(f"- [{source.title}]({source.url})")


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
        today = _today(context)
        day = st.date_input("Day you noticed these", value=today, max_value=today)
        if st.button("Save what I noticed", disabled=not ticked, type="primary"):
            save_with_feedback(
                lambda: save_sign_ticks(
                    context.household,
                    context.loved_one.id,
                    ticked,
                    day,
                    context.member.id if context.member else None,
                    checklist,
                ),
                f"Saved {len(ticked)} signs for {day:%d %B %Y}.",
            )
        history = tick_history(context.household, checklist)
        if history:
            with st.expander(f"Signs noticed before ({len(history)})"):
                for day_seen, label in history:
                    st.text(f"{day_seen:%d %b %Y}: {label}")
    with st.expander("Sources"):
        for source in checklist.sources:
            st.markdown(f"- [{source.title}]({source.url})")


PRESENT_CSS = (
    "<style>.st-key-presentation p, .st-key-presentation li"
    "{font-size:1.7rem;line-height:1.55}"
    ".st-key-presentation h2{font-size:2.6rem}</style>"
)


def _move(key: str, index: int) -> None:
    st.session_state[key] = index


def presentation(modules: list[LearnModule]) -> None:
    """One section at a time in large type, then the discussion questions."""
    titles = {m.id: m.title for m in modules}
    module_id = st.selectbox("Guide to present", list(titles), format_func=titles.__getitem__)
    module = next(m for m in modules if m.id == module_id)
    slides = [*module.sections, None]  # the last slide holds the discussion questions
    key = f"slide_{module.id}"
    index = min(st.session_state.get(key, 0), len(slides) - 1)
    back, position, forward = st.columns([1, 2, 1])
    back.button(
        "← Back", disabled=index == 0, key="slide_back", on_click=_move, args=(key, index - 1)
    )
    forward.button(
        "Next →",
        disabled=index == len(slides) - 1,
        key="slide_next",
        on_click=_move,
        args=(key, index + 1),
    )
    position.caption(f"Slide {index + 1} of {len(slides)}")
    # The style is Harbor's own constant; no user text ever reaches it.
    st.html(PRESENT_CSS)
    with st.container(key="presentation", border=True):
        slide = slides[index]
        if slide is None:
            st.header("Questions to discuss")
            for question in module.discussion_questions:
                st.markdown(f"- {question}")
        else:
            st.header(slide.heading)
            st.markdown(slide.body)
    with st.expander("Sources for this guide"):
        show_sources(module)
