"""Facilitator page body: the group curriculum, presentation mode and blank worksheets."""

from __future__ import annotations

import streamlit as st

from dashboard.content import (
    LearnModule,
    learn_modules,
)
from dashboard.documents import worksheet_pdf
from dashboard.documents.html import worksheet_html
from dashboard.documents.worksheets import blank_worksheet, blank_worksheets, file_name
from dashboard.ui.kit import pdf_download, show_sources


def facilitator() -> None:
    modules = [m for m in learn_modules() if m.path_order is not None]
    curriculum, present, sheets = st.tabs(["Curriculum", "Presentation mode", "Worksheets"])
    with present:
        presentation(learn_modules())
    with curriculum:
        _curriculum(modules)
    with sheets:
        blank_worksheet_downloads()


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


def _curriculum(modules: list[LearnModule]) -> None:
    st.write(
        f"A {len(modules)}-session curriculum follows the new-caregiver learning path. Each "
        "session has a guide to read together and questions to discuss."
    )
    for number, module in enumerate(modules, start=1):
        with st.expander(f"Session {number}: {module.title}"):
            st.write(module.summary)
            st.markdown("**Questions to discuss**")
            for question in module.discussion_questions:
                st.markdown(f"- {question}")


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
        show_sources(module.sources, module.last_reviewed)


def group_totals(context) -> None:
    """Hosted mode, facilitators only: anonymous counts over families who opted in."""
    from dashboard import access

    if context.role != access.FACILITATOR or context.store is None:
        return
    st.subheader("Group totals")
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
