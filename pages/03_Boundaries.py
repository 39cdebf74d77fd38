"""Boundaries: what healthy boundaries look like, from the reviewed guides."""

import streamlit as st

from dashboard.ui.components import needs_family
from dashboard.ui.learn_topics import topic_guides
from dashboard.ui.setup import page_setup

context = page_setup("Boundaries")
st.title("Boundaries")
st.write(
    "A boundary is a promise you make to yourself about what you will do, not a rule for "
    "your loved one. These guides show how to set one you can keep."
)
topic_guides(
    [
        "f13-supporting-without-enabling",
        "f08-withdraw-rewards-during-use",
        "f09-natural-consequences",
        "f14-practical-steps",
    ]
)
if needs_family(context):
    st.info(
        "The boundary plan builder is not in this version yet. Until it arrives, write your "
        "boundary and how you will keep it as a note on the Log page."
    )
