"""Session summary: what happened between two dates, for a family therapy session."""

import streamlit as st

from dashboard.ui import share
from dashboard.ui.components import needs_family
from dashboard.ui.setup import page_setup

context = page_setup("Session summary")
st.title("Session summary")
st.write("Choose the weeks since the last session to see what was logged.")
if needs_family(context):
    share.session_summary(context)
