"""Warning signs: what you have seen, and what to do next. Never a diagnosis."""

import streamlit as st

from dashboard.ui import warning_signs
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Warning signs")
st.title("Warning signs")
st.write("Tick what you have noticed. Harbor suggests next steps; it never diagnoses.")
with records_guard():
    warning_signs.warning_signs(context)
