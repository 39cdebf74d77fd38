"""Log: one quick form at a time, then the history with edit, delete and undo."""

import streamlit as st

from dashboard.ui import forms, history
from dashboard.ui.components import needs_family
from dashboard.ui.setup import page_setup

context = page_setup("Log")
st.title("Log")
if needs_family(context):
    chosen = st.radio("What would you like to log?", list(forms.LOG_FORMS), horizontal=True)
    forms.show_saved_message()
    forms.LOG_FORMS[chosen](context)
    st.divider()
    history.history(context)
