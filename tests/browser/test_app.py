"""Journeys in a real headless Chromium against `streamlit run`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.ui.setup import NAVIGATION

pytestmark = pytest.mark.browser


def nav_labels() -> list[str]:
    return [label for _, pages in NAVIGATION for _, label in pages]


def test_home_demo_and_every_page_open_without_error(
    page: Page, server: Any, outside_requests: list[str], harbor: Any
) -> None:
    page.goto(server.url)
    harbor.wait_for_app()
    expect(page.get_by_text("Welcome to Harbor")).to_be_visible()
    harbor.open_the_demo_family()

    sidebar = page.locator('[data-testid="stSidebar"]')
    for label in nav_labels():
        sidebar.get_by_role("link", name=label, exact=True).last.click()
        harbor.wait_for_app()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("Need help now?").first).to_be_visible()
    assert outside_requests == []


def test_get_help_now_is_one_click_from_home(
    page: Page, server: Any, outside_requests: list[str], harbor: Any
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url)
    harbor.wait_for_app()
    page.locator('[data-testid="stMain"]').get_by_role("link", name="All help lines").click()
    expect(page.get_by_role("heading", name="Get help now")).to_be_visible(
        timeout=harbor.timeout_ms
    )
    for number in ("call 911", "1-800-662-4357", "1-800-222-1222"):
        expect(page.get_by_text(number).first).to_be_visible()
    assert outside_requests == []


def test_screenshot_for_the_readme(page: Page, server: Any, tmp_path: Path, harbor: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server.url)
    harbor.wait_for_app()
    shot = tmp_path / "home.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
