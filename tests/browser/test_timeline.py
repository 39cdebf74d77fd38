"""The Timeline in a real headless Chromium: charts drawn, range switched, summary read."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'


def load_the_demo(harbor: Any, server: Any) -> None:
    harbor.page.goto(server.url)
    harbor.open_the_demo_family()  # the server is shared by this module's tests


def open_page(harbor: Any, label: str) -> None:
    harbor.page.locator('[data-testid="stSidebar"]').get_by_role(
        "link", name=label, exact=True
    ).click()
    harbor.wait_for_app()


def test_timeline_draws_its_charts_and_switches_range(
    page: Page, server: Any, outside_requests: list[str], harbor: Any
) -> None:
    load_the_demo(harbor, server)
    open_page(harbor, "Timeline")
    expect(page.get_by_role("heading", name="Treatment timeline")).to_be_visible()
    charts = page.locator(CHART)
    expect(charts).to_have_count(4, timeout=harbor.timeout_ms)
    # Plotly has drawn the phases: bars in the first chart, and its y-axis row labels.
    first = charts.first
    expect(first.locator(".barlayer .point").first).to_be_attached(timeout=harbor.timeout_ms)
    expect(first.get_by_text("Outpatient treatment").first).to_be_visible()
    expect(page.get_by_text("In the last 3 months (from").first).to_be_visible()

    page.locator('[data-testid="stRadio"]').get_by_text("1 year", exact=True).click()
    harbor.wait_for_app()
    expect(page.get_by_text("In the last year (from").first).to_be_visible(
        timeout=harbor.timeout_ms
    )
    expect(page.get_by_text("In the last 3 months (from")).to_have_count(0)
    expect(charts).to_have_count(4)
    # A year back reaches the assessment and withdrawal management, with reference bands.
    expect(charts.first.get_by_text("Withdrawal management (detox)").first).to_be_visible()
    expect(charts.first.get_by_text("Time in treatment (typical)").first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert outside_requests == []


def test_wins_page_draws_the_year_in_squares(
    page: Page, server: Any, outside_requests: list[str], harbor: Any
) -> None:
    load_the_demo(harbor, server)
    open_page(harbor, "Wins")
    expect(page.locator(CHART)).to_have_count(1, timeout=harbor.timeout_ms)
    expect(page.locator(CHART).first.locator(".scatterlayer .point").first).to_be_attached()
    expect(page.get_by_text("one square per day").first).to_be_visible()
    expect(page.get_by_text("Found by Harbor").first).to_be_visible()
    assert outside_requests == []
