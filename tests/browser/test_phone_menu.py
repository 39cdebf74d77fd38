"""The phone's "☰ Menu": drawn for a phone, where the sidebar starts closed, and not for a
laptop, whose sidebar is open (drawing its links there cost every rerun for nothing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)

# Harbor's CSS is in effect (it sets this marker); the sidebar has fully slid in.
HARBOR_CSS = """() => getComputedStyle(document.documentElement)
  .getPropertyValue('--harbor-css').trim() === '1'"""
SLID_IN = """() => document.querySelector('[data-testid="stSidebar"]')
  .getBoundingClientRect().left >= 0"""


def test_a_phone_gets_the_menu_and_it_opens_the_pages(
    browser: Browser, server: Any, harbor_for: Callable[..., Any]
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=PHONE_AGENT, is_mobile=True
    )
    page = context.new_page()
    try:
        harbor = harbor_for(page)
        page.goto(f"{server.url}/Learn")
        harbor.wait_for_app()
        menu = harbor.main().get_by_role("button", name="☰ Menu")
        expect(menu).to_be_visible()
        menu.click()
        page.get_by_test_id("stPopoverBody").get_by_role("link", name="Warning signs").click()
        harbor.wait_for_app()
        expect(page.get_by_role("heading", name="Warning signs", level=1)).to_be_visible()
    finally:
        context.close()


def test_a_laptop_has_no_phone_menu(
    browser: Browser, server: Any, harbor_for: Callable[..., Any]
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        harbor = harbor_for(page)
        page.goto(f"{server.url}/Learn")
        harbor.wait_for_app()
        expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Log")).to_be_visible()
        expect(page.get_by_role("button", name="☰ Menu")).to_have_count(0)
    finally:
        context.close()


def test_a_narrow_window_without_a_phone_agent_still_reaches_every_page(
    browser: Browser, server: Any, harbor_for: Callable[..., Any]
) -> None:
    """A phone asking for the desktop site, or a laptop window made narrow, gets no "☰ Menu":
    Streamlit's own labelled 44 px button opens the sidebar, by touch and by keyboard, and
    no link of the closed sidebar takes the keyboard's focus off screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        harbor = harbor_for(page)
        page.goto(f"{server.url}/Learn")
        harbor.wait_for_app()
        expect(page.get_by_role("button", name="☰ Menu")).to_have_count(0)
        focus = """() => {
          const e = document.activeElement;
          const r = e.getBoundingClientRect();
          return [e.getAttribute('aria-label') || e.textContent.trim(),
                  r.right > 0 && r.left < window.innerWidth];
        }"""
        page.wait_for_function(HARBOR_CSS)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(sidebar.get_by_role("link", name="Home")).to_be_hidden()
        focused: list[list] = []
        while len(focused) < 30 and focused[-1:] != [["Expand sidebar", True]]:
            page.keyboard.press("Tab")  # by keyboard alone: first to the sidebar's opener
            focused.append(page.evaluate(focus))
        # The closed sidebar's links are not in the Tab order while they are off screen.
        assert focused[-1] == ["Expand sidebar", True], focused
        assert len(focused) <= 2, focused
        page.keyboard.press("Enter")
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.wait_for_function(SLID_IN)
        page.keyboard.press("Tab")  # into the page; the sidebar comes before it: back into it
        for _ in range(30):
            page.keyboard.press("Shift+Tab")
            if page.evaluate(focus)[0] == "Timeline":
                break
        assert page.evaluate(focus) == ["Timeline", True]  # focus is on screen, visible
        page.keyboard.press("Enter")
        harbor.wait_for_app()
        expect(page.get_by_role("heading", name="Treatment timeline", level=1)).to_be_visible()

        context.close()
        context = browser.new_context(viewport={"width": 390, "height": 844})  # sidebar closed
        page = context.new_page()
        harbor = harbor_for(page)
        page.goto(f"{server.url}/Learn")
        harbor.wait_for_app()
        page.wait_for_function(HARBOR_CSS)
        opener = page.get_by_role("button", name="Expand sidebar")  # by touch or mouse
        expect(opener).to_be_visible()
        box = opener.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44
        opener.click()
        page.get_by_test_id("stSidebar").get_by_role("link", name="Warning signs").click()
        harbor.wait_for_app()
        expect(page.get_by_role("heading", name="Warning signs", level=1)).to_be_visible()
    finally:
        context.close()
