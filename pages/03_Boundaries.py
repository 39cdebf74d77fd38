"""Boundaries: a tips library, a plan builder with status over time, and a PIUS helper."""

import streamlit as st

from dashboard.ui import boundaries
from dashboard.ui.kit import needs_family, topic_guides
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Boundaries")
st.title("Boundaries")
st.write(
    "A boundary is a promise you make to yourself about what you will do, not a rule for "
    "your loved one. Plan one you can keep, note how it goes, and change it when it no "
    "longer fits."
)
section = boundaries.section()
with records_guard():
    if section == "My plans":
        if needs_family(context):
            boundaries.my_plans(context)
    elif section == "Tips library":
        boundaries.tips_library(context)
    elif section == "Say it with PIUS":
        boundaries.pius_helper(context)
    else:
        topic_guides(
            [
                "f13-supporting-without-enabling",
                "f08-withdraw-rewards-during-use",
                "f09-natural-consequences",
                "f05-positive-communication-pius",
                "f14-practical-steps",
            ]
        )
