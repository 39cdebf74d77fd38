"""Facilitator: guides to run a family group. Needs no personal data."""

import streamlit as st

from dashboard.ui import facilitator
from dashboard.ui.setup import page_setup

context = page_setup("Facilitator")
st.title("For group facilitators")
st.write(
    "Run a family support group with Harbor's guides. Nothing here uses any family's personal data."
)
facilitator.facilitator(context.region, context)
facilitator.group_totals(context)
