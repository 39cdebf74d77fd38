"""Home: first-run onboarding, or the loved one's picture today."""

from dashboard.ui import home
from dashboard.ui.setup import page_setup

context = page_setup("Home")
if context.has_family:
    home.overview(context)
else:
    home.onboarding(context)
