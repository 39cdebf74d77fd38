"""Self-care: the caregiver's own stress and sleep over time."""

import streamlit as st

from dashboard.ui import self_care
from dashboard.ui.kit import needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Self-care")
st.title("Looking after yourself")
st.write("Your wellbeing matters in its own right, and your stability helps theirs.")
with records_guard():
    if needs_family(context):
        self_care.self_care(context)
