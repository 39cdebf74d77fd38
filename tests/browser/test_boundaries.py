"""Build a boundary plan in real headless Chromium, then download its worksheet (HTML and PDF)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import Settings
from dashboard.store import NewFamily, Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
BOUNDARY = "I pay the bus pass directly <no cash> [x](javascript:alert(1))"


def fill(harbor: Any, label: str, text: str) -> None:
    harbor.main().get_by_label(re.compile("^" + re.escape(label))).fill(text)


def test_build_a_plan_and_download_its_worksheet(
    page: Page, server: Any, outside_requests: list[str], tmp_path: Path, harbor: Any
) -> None:
    store = Store.open(Settings(server.data_dir, f"sqlite:///{server.data_dir / 'harbor.db'}"))
    store.create_family(NewFamily("The Browser family", "Robin", "Pat"))
    store.engine.dispose()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size(PHONE)

    page.goto(f"{server.url}/Boundaries")
    harbor.wait_for_app()
    expect(harbor.main().get_by_text("No boundary plans yet")).to_be_visible()
    fill(harbor, "My boundary", BOUNDARY)
    fill(harbor, "Why it matters to me", "Money kept going missing.")
    fill(harbor, "What I will do if it is crossed", "I pay the pass myself and say no to cash.")
    fill(harbor, "How I will say it", "I'd love to help with your bus pass. Can I pay it for you?")
    harbor.main().get_by_label(re.compile("^What I will do if it is crossed")).click()
    harbor.wait_for_app()
    expect(harbor.main().get_by_text("✓ Offer to help: “i'd love to help”")).to_be_visible()
    harbor.click("Save this plan")
    expect(harbor.main().get_by_text("Your boundary plan is saved.").first).to_be_visible(
        timeout=harbor.timeout_ms
    )
    expect(harbor.main().get_by_test_id("stText").filter(has_text=BOUNDARY)).to_be_visible()
    expect(harbor.main().get_by_label(re.compile("^My boundary \\(what"))).to_have_value("")

    harbor.main().get_by_text("Print or save as a worksheet").click()
    with page.expect_download() as html_download:
        harbor.main().get_by_role("button", name="Download the worksheet (HTML)").click()
    html_file = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_file)
    html = html_file.read_text(encoding="utf-8")
    assert html_file.name == "harbor-my-boundary-plan.html"
    assert "I pay the bus pass directly &lt;no cash&gt; [x](javascript:alert(1))" in html
    assert "<no cash>" not in html
    assert not re.search(r"""(src|href)\s*=|url\(|@import|<script""", html)

    harbor.click("Make a PDF of the worksheet")
    pdf_button = harbor.main().get_by_role("button", name="Download the worksheet (PDF)")
    expect(pdf_button).to_be_visible(timeout=harbor.timeout_ms)
    with page.expect_download() as pdf_download:
        pdf_button.click()
    pdf_file = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_file)
    assert pdf_file.name == "harbor-my-boundary-plan.pdf"
    assert pdf_file.read_bytes().startswith(b"%PDF-")

    # The saved HTML opens offline from disk and asks for nothing from anywhere.
    page.goto(html_file.as_uri())
    expect(page.get_by_role("heading", name="My boundary plan")).to_be_visible()
    expect(page.get_by_text("Money kept going missing.")).to_be_visible()
    assert dialogs == []
    assert outside_requests == []
