"""Learn and warning-signs page bodies: Harbor's own reviewed content."""

from __future__ import annotations

import streamlit as st

from dashboard.content import (
    TOPIC_LABELS,
    learn_modules,
    learning_path,
    search_modules,
    warning_checklist,
)
from dashboard.ui.components import show_module


def library() -> None:
    query = st.text_input("Search the guides", placeholder="e.g. bladder, relapse, PIUS")
    if query.strip():
        results = search_modules(query)
        st.caption(f"{len(results)} guides match.")
        if not results:
            st.info("No guide matches those words. Try a shorter or simpler word.")
        for module in results:
            with st.expander(module.title):
                show_module(module)
        return
    path, topics = st.tabs(["Learning path", "Browse by topic"])
    with path:
        st.write("New to this? Start here, in this order.")
        for number, module in enumerate(learning_path(), start=1):
            with st.expander(f"{number}. {module.title}"):
                show_module(module)
    with topics:
        for topic, label in TOPIC_LABELS.items():
            modules = [m for m in learn_modules() if m.topic == topic]
            if not modules:
                continue
            st.subheader(label)
            for module in modules:
                with st.expander(module.title):
                    show_module(module)


def warning_signs() -> None:
    checklist = warning_checklist()
    st.caption(checklist.disclaimer)
    seen_groups = []
    for group in checklist.groups:
        st.subheader(group.title)
        if group.note:
            st.caption(group.note)
        ticked = [st.checkbox(sign.label, key=f"sign_{group.id}_{sign.id}") for sign in group.signs]
        if any(ticked):
            seen_groups.append(group.id)
    st.subheader("What you can do next")
    for guidance in checklist.guidance_for(seen_groups):
        st.write(guidance)
    with st.expander("Sources"):
        for source in checklist.sources:
            st.markdown(f"- [{source.title}]({source.url})")
