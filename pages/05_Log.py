"""Log: the quick daily forms, and what was logged recently."""

import streamlit as st

from dashboard.ui import forms, history
from dashboard.ui.components import needs_family
from dashboard.ui.setup import page_setup

context = page_setup("Log")
st.title("Log")
if needs_family(context):
    checkin, event, win, mine = st.tabs(["Check-in", "Treatment event", "Small win", "My check-in"])
    with checkin:
        forms.daily_checkin_form(context)
    with event:
        forms.treatment_event_form(context)
    with win:
        forms.small_win_form(context)
    with mine:
        forms.caregiver_checkin_form(context)
    history.recent_entries(context)
