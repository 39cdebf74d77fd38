"""Session summary: what happened between two dates, for a family therapy session."""

import streamlit as st

from dashboard.ui import session_summary
from dashboard.ui.kit import needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Session summary")
st.title("Session summary")
st.write("Choose the weeks since the last session to see what was logged.")
with records_guard():
    if needs_family(context):
        session_summary.session_summary(context)
