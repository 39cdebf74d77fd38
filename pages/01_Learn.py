"""Learn: the education library, with a learning path and search."""

import streamlit as st

from dashboard.ui import learn
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Learn")
st.title("Learn")
st.write(
    "Plain-language guides on ketamine, treatment, and what helps families. "
    "Every guide lists its sources."
)
with records_guard():
    learn.library(context)
