"""Log: one quick form at a time, then the history with edit, delete and undo."""

import streamlit as st

from dashboard.ui import log
from dashboard.ui.kit import KEEP_TYPED, needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Log")
st.title("Log")
with records_guard():
    if needs_family(context):
        chosen = st.radio(
            "What would you like to log?",
            list(log.LOG_FORMS),
            horizontal=True,
            key=log.FORM_KEY,
            persist_state=KEEP_TYPED,  # the same form again after the lock screen
        )
        log.entries(context, chosen)
