"""Learn, warning-signs and presentation bodies: Harbor's own reviewed content."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.content import (
    TOPIC_LABELS,
    GlossaryTerm,
    LearnModule,
    glossary,
    learn_modules,
    learning_path,
    module_by_id,
    programme_questions,
)
from dashboard.documents.html import questions_checklist_html
from dashboard.records import today_in
from dashboard.rules.learning import path_progress
from dashboard.rules.search import guide_terms, search_guides, search_terms
from dashboard.ui.kit import show_module, sources_expander
from dashboard.ui.setup import PageContext
from dashboard.views.learning import read_module_ids


def _today(context: PageContext) -> date:
    return today_in(context.loved_one.timezone) if context.loved_one else date.today()


def _toggle_read(context: PageContext, module_id: str) -> None:
    read = st.session_state[f"read_{module_id}"]
    context.household.set_module_read(context.member.id, module_id, read, _today(context))


OPEN_KEY = "learn_open_module"
VIEWS = ("Learning path", "Browse by topic", "Words explained", "Questions for a programme")


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
    used = guide_terms(module.id)
    if used:
        with st.expander(f"Words in this guide ({len(used)})"):
            _terms(used)
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
        results = list(search_guides(query))
        terms = search_terms(query)
        st.caption(f"{len(results)} guides match.")
        if not results and not terms:
            st.info("No guide matches those words. Try a shorter or simpler word.")
        if terms:
            st.subheader("Words explained")
            _terms(terms[:3])
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
    elif view == "Words explained":
        words_explained()
    else:
        questions_checklist()


def _terms(terms: tuple[GlossaryTerm, ...] | list[GlossaryTerm]) -> None:
    """Plain meanings, each with the guide that says more (Harbor's own reviewed text)."""
    for term in terms:
        also = f" (also: {', '.join(term.also)})" if term.also else ""
        st.markdown(f"**{term.term}**{also}: {term.plain}")
        guide = module_by_id(term.guide or "")
        if guide is not None:
            st.button(
                f"Read: {guide.title}",
                key=f"term_{term.id}_{guide.id}",
                on_click=_open,
                args=(guide.id,),
                type="tertiary",
            )


def words_explained() -> None:
    terms = glossary()
    st.write(terms.intro)
    _terms(sorted(terms.terms, key=lambda t: t.term.lower()))
    sources_expander(terms.sources, terms.last_reviewed)


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
    sources_expander(questions.sources, questions.last_reviewed)
