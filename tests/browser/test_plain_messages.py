"""A refused backup's message, as Chromium draws it: what the file held shows as plain text.

The message quotes the file (here, the name of a list that is not a table). Bold,
strikethrough, LaTeX, bare and Markdown links, an image, HTML, an emoji shortcode and a
colour directive must each show as the characters typed, and nothing may be fetched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAYLOAD = (
    "**bold** ~~gone~~ $x^2$ http://evil.example/p www.evil.example "
    "[click](http://evil.example) ![x](http://127.0.0.1:9/p.png) <b>loud</b> "
    ":smile: :red[alarm]"
)
FORMATTING = "strong, em, del, s, a, img, b, code, .katex, [style*='color']"


def test_a_refused_files_words_are_drawn_as_plain_text(
    page: Page, server: Any, tmp_path: Path, outside_requests: list[str], harbor: Any
) -> None:
    backup = tmp_path / "harbor-backup.json"
    backup.write_text(json.dumps({"format": "harbor-backup", "version": 1, PAYLOAD: []}))
    page.goto(server.url)
    harbor.wait_for_app()
    tab = page.get_by_role("tab", name="Restore from a backup")
    chooser = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    for _ in range(3):  # a tap that lands mid-rerun can be lost; tap the tab again
        tab.click()
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=5_000)
            break
        except AssertionError:
            harbor.wait_for_app()
    chooser.set_input_files(str(backup))
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="cannot be imported")
    expect(alert).to_be_visible(timeout=harbor.timeout_ms)
    harbor.wait_for_app()

    # What a person reads: the word joiners that keep bare links from forming are invisible.
    text = alert.inner_text().replace("\u2060", "")
    assert f'"{PAYLOAD}" is not a table Harbor knows' in " ".join(text.split())
    assert "😄" not in text
    body = alert.locator('[data-testid="stMarkdownContainer"]')
    assert body.locator(FORMATTING).count() == 0, body.inner_html()
    assert outside_requests == []
