"""Settings: profiles, region, privacy lock, backup, restore and deletion."""

import streamlit as st

from dashboard.ui import settings
from dashboard.ui.kit import needs_family, show_flash
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Settings")
st.title("Settings")
show_flash()  # "saved" or "deleted", shown after the rerun that follows it
with records_guard():
    if needs_family(context):
        settings.profiles(context)
        settings.privacy_lock(context)
        settings.backup(context)
        settings.restore(context)
        settings.sharing(context)
    settings.danger_zone(context)
