"""Shared pieces of the browser journeys: waiting for a Streamlit rerun to finish."""

from __future__ import annotations

from playwright.sync_api import Page, expect

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOAD_TIMEOUT_MS = 30_000


def wait_for_app(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT_MS)
    expect(page.get_by_text("Need help now?").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    # Streamlit shows a "running" widget until the script finishes.
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=LOAD_TIMEOUT_MS)
