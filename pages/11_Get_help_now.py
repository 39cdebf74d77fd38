"""Get help now: emergency danger signs, what to do, and crisis lines.

Drawn from shipped content before the database is touched, so it shows even if that fails.
"""

from dashboard.ui import help_now
from dashboard.ui.setup import page_setup

page_setup("Get help now", icon="🆘", shipped=help_now.page)
