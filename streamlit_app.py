"""Home: first-run onboarding, or the loved one's picture today."""

from dashboard.ui import home
from dashboard.ui.setup import page_setup, records_guard

context = page_setup("Home")
with records_guard():
    if context.has_family:
        home.overview(context)
    elif context.records_unavailable:
        home.without_records()
    else:
        home.onboarding(context)
