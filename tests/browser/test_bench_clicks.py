"""bench/browser.py (figure 7) in real Chromium: a click to a page that drew its title and
then raised is refused, never timed as a fast click."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from bench.browser import Target, _click

pytestmark = pytest.mark.browser

PAGE = """<div data-testid="stApp" data-test-script-state="notRunning">
  <section data-testid="stSidebar"><a href="#drawn">Drawn</a></section>
  <section data-testid="stMain"><h1>Drawn</h1>{raised}</section>
</div>"""


@pytest.mark.parametrize("raised", [False, True])
def test_a_click_is_timed_only_when_the_page_drew_without_raising(page: Page, raised: bool) -> None:
    box = '<div data-testid="stException">An error occurred</div>' if raised else ""
    page.set_content(PAGE.format(raised=box))
    target = Target("Drawn", "Drawn", charts=False)
    if raised:
        with pytest.raises(RuntimeError, match="Drawn: the page raised an error"):
            _click(page, target, None)
    else:
        assert _click(page, target, None) >= 0
