"""CRAFT skills in practice: a response log, a treatment-invitation planner, sober activities."""

import streamlit as st

from dashboard.content import learn_modules
from dashboard.ui import craft
from dashboard.ui.kit import needs_family, topic_guides
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("CRAFT skills")
st.title("CRAFT skills in practice")
st.write(
    "CRAFT (Community Reinforcement and Family Training) helps families get a loved one "
    "into treatment without confrontation, and helps the family feel better too. Here you "
    "put it into practice and see what you tried."
)
section = craft.section()
with records_guard():
    if section == "Guides":
        topic_guides([m.id for m in learn_modules() if m.topic in ("family", "craft")])
    elif needs_family(context):
        if section == "Response log":
            craft.response_log(context)
        elif section == "Invitation to treatment":
            craft.invitation_planner(context)
        else:
            craft.sober_activities(context)
