"""Wins: what the family logged and what Harbor found, progress that survives a lapse."""

import streamlit as st

from dashboard.ui import wins
from dashboard.ui.kit import needs_family
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Wins")
st.title("Small wins")
with records_guard():
    if needs_family(context):
        wins.wins_page(context)
