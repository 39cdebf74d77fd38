"""Session summary: the therapy session report for the weeks since the last session."""

import streamlit as st

from dashboard.ui import session_summary
from dashboard.ui.kit import needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Session summary")
st.title("Session summary")
st.write(
    "A report to bring to a family therapy session: choose the dates, check what it will "
    "include, add your questions, then download it as HTML or PDF."
)
with records_guard():
    if needs_family(context):
        session_summary.session_summary(context)
