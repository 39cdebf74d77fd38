"""Shared pieces of the browser journeys: waiting for a Streamlit rerun to finish."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOAD_TIMEOUT_MS = 30_000


def wait_for_app(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_text("Need help now?").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    # Streamlit shows a "running" widget until the script finishes.
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=LOAD_TIMEOUT_MS)


def open_the_demo_family(page: Page) -> None:
    """From the first screen, load the demo family (or open it if it is already loaded)."""
    wait_for_app(page)
    tab = page.get_by_role("tab", name="Explore the demo family")
    button = page.get_by_role("button", name="Explore the demo family")
    if tab.count():
        for _ in range(3):  # a tap that lands mid-rerun can be lost; tap the tab again
            tab.click()
            try:
                button.wait_for(state="visible", timeout=5_000)
                break
            except PlaywrightTimeout:
                wait_for_app(page)
        button.click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
