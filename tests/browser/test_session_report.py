"""The session report on a phone in real headless Chromium: download both files, then open
the HTML from file:// and check that no request leaves the machine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.store import Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PDF_TIMEOUT_MS = 120_000  # kaleido starts Chromium for the charts, on a busy machine


def test_download_both_reports_on_a_phone_and_open_the_html_offline(
    page: Page, server: Any, outside_requests: list[str], tmp_path: Path, harbor: Any
) -> None:
    store = Store.open(Settings(server.data_dir, f"sqlite:///{server.data_dir / 'harbor.db'}"))
    load_demo(store)
    store.engine.dispose()
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/Session_summary")
    harbor.wait_for_app()
    main = harbor.main()
    expect(main.get_by_text("What the report will include")).to_be_visible()
    expect(main.get_by_text("How can we keep weekends calm").first).to_be_visible()

    harbor.click("Make the HTML report")
    html_button = main.get_by_role("button", name="Download the report (HTML)")
    expect(html_button).to_be_visible(timeout=harbor.timeout_ms)
    with page.expect_download() as html_download:
        html_button.click()
    html_file = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_file)
    assert html_file.suffix == ".html"

    main.get_by_role("button", name="Make the PDF report", exact=True).click()
    pdf_button = main.get_by_role("button", name="Download the report (PDF)")
    expect(pdf_button).to_be_visible(timeout=PDF_TIMEOUT_MS)
    harbor.wait_for_app()
    with page.expect_download(timeout=PDF_TIMEOUT_MS) as pdf_download:
        pdf_button.click()
    pdf_file = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_file)
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert outside_requests == []

    # Opened from disk, the report draws its charts and asks nothing of any host.
    leaving: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.split(":", 1)[0] in ("file", "data", "blob", "about")
            else leaving.append(request.url)
        ),
    )
    page.goto(html_file.as_uri())
    expect(page.get_by_role("heading", name="Session report")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=harbor.timeout_ms)
    expect(page.get_by_role("heading", name="If you need help now")).to_be_attached()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, "the report fits a phone's width"
    assert leaving == []
