"""CRAFT skills: the family approach with the strongest evidence, one skill at a time."""

import streamlit as st

from dashboard.content import learn_modules
from dashboard.ui.learn_topics import topic_guides
from dashboard.ui.setup import page_setup

page_setup("CRAFT skills")
st.title("CRAFT skills in practice")
st.write(
    "CRAFT (Community Reinforcement and Family Training) helps families get a loved one "
    "into treatment without confrontation, and helps the family feel better too."
)
topic_guides([m.id for m in learn_modules() if m.topic in ("family", "craft")])
