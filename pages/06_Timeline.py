"""Timeline: treatment phases and events on one date axis, and the trends under it."""

import streamlit as st

from dashboard.ui import timeline
from dashboard.ui.kit import needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Timeline")
st.title("Treatment timeline")
with records_guard():
    if needs_family(context):
        timeline.timeline(context)
