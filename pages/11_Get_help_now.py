"""Get help now: emergency danger signs, what to do, and crisis lines."""

import streamlit as st

from dashboard.ui import help_now
from dashboard.ui.setup import page_setup

context = page_setup("Get help now", icon="🆘")
st.title("Get help now")
help_now.emergency(context.region)
