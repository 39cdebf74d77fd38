"""Self-care: the caregiver's own stress and sleep over time."""

import streamlit as st

from dashboard.ui import progress
from dashboard.ui.components import needs_family
from dashboard.ui.setup import page_setup

context = page_setup("Self-care")
st.title("Looking after yourself")
st.write("Your wellbeing matters in its own right, and your stability helps theirs.")
if needs_family(context):
    progress.self_care(context)
