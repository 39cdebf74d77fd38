"""In a real browser, with the database unreachable: help is still on every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.ui.setup import NAVIGATION

pytestmark = pytest.mark.browser

UNREACHABLE_URL = "postgresql+psycopg://nobody@127.0.0.1:9/none"
NOTE = "Your family's records can't be opened right now."


@pytest.fixture(scope="module")
def database_unreachable() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARBOR_DATABASE_URL", UNREACHABLE_URL)
        yield


@pytest.fixture(scope="module")
def server(database_unreachable: None, server: Any) -> Any:
    """This module's `streamlit run`, started with HARBOR_DATABASE_URL pointing nowhere.

    The server copies the environment when it starts, after database_unreachable set it.
    """
    return server


def test_get_help_now_shows_the_crisis_lines(
    page: Page, server: Any, harbor: Any, outside_requests: list[str]
) -> None:
    page.goto(server.url)
    harbor.wait_for_app()
    harbor.main().get_by_role("link", name="Get help now").click()
    harbor.wait_for_app()
    expect(page.get_by_role("heading", name="Get help now")).to_be_visible()
    for number in ("call 911", "call or text 988", "1-800-662-4357", "1-800-222-1222"):
        expect(harbor.main().get_by_text(number).first).to_be_visible()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert outside_requests == []


def test_every_page_shows_the_crisis_bar(page: Page, server: Any, harbor: Any) -> None:
    page.goto(server.url)
    harbor.wait_for_app()
    sidebar = page.locator('[data-testid="stSidebar"]')
    for label in [label for _, pages in NAVIGATION for _, label in pages]:
        sidebar.get_by_role("link", name=label, exact=True).last.click()
        harbor.wait_for_app()
        bar = harbor.main().get_by_text("Need help now?").first
        expect(bar).to_be_visible()
        expect(harbor.main().get_by_text("call 911").first).to_be_visible()
        expect(page.get_by_text(NOTE)).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
