"""Run one session's presentation at laptop size with the keyboard alone, then download its
handout pack, in real headless Chromium (the keys and the timer are Harbor's own local JS)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.content import crisis_lines, curriculum
from dashboard.facilitation import deck

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1280, "height": 900}


def test_present_a_session_with_the_keyboard_and_download_its_handouts(
    page: Page, server: Any, outside_requests: list[str], tmp_path: Path, harbor: Any
) -> None:
    course = curriculum()
    session = course.sessions[0]  # nothing marked as run yet: this week's session is 1
    slides = deck(session, course.programme, crisis_lines("US"))
    page.set_viewport_size(LAPTOP)
    page.goto(f"{server.url}/Facilitator")
    harbor.wait_for_app()
    main = harbor.main()
    expect(main.get_by_role("heading", name=f"Session 1: {session.title}")).to_be_visible()

    # Keyboard only from here: choose presentation mode in the radio group, then step on.
    main.get_by_role("radio", name="Session plan").focus()
    page.keyboard.press("ArrowRight")
    harbor.wait_for_app()
    expect(main.get_by_role("heading", name=course.programme.title)).to_be_visible()
    expect(main.get_by_text(f"Slide 1 of {len(slides)}")).to_be_visible()
    timer = main.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^\d+:\d\d left in this part$"))
    page.keyboard.press("Tab")  # off the radio group, whose arrows change the view
    for number, slide in enumerate(slides[1:], start=2):
        page.keyboard.press("ArrowRight")
        harbor.wait_for_app()
        expect(main.get_by_text(f"Slide {number} of {len(slides)}")).to_be_visible()
        expect(main.get_by_role("heading", name=slide.heading)).to_be_visible()
        if slide.kind == "discussion":
            expect(main.get_by_text(session.discussion[0])).to_be_visible()
    expect(main.get_by_role("heading", name="Help lines: United States")).to_be_visible()
    help_slide = main.locator(".st-key-presentation")
    expect(help_slide.get_by_text(re.compile("^988 Suicide & Crisis Lifeline"))).to_be_visible()
    page.keyboard.press("ArrowRight")  # the last slide stays the last
    harbor.wait_for_app()
    expect(main.get_by_text(f"Slide {len(slides)} of {len(slides)}")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    harbor.wait_for_app()
    expect(main.get_by_role("heading", name=slides[-2].heading)).to_be_visible()
    expect(timer).to_have_text(re.compile(r"left in this part|Time is up"))

    # The handout pack of the same session, as offline HTML and as PDF.
    main.get_by_test_id("stRadio").get_by_text("Handouts and worksheets", exact=True).click()
    harbor.wait_for_app()
    with page.expect_download() as html_download:
        main.get_by_role("button", name="Download the handout pack for session 1 (HTML)").click()
    html_file = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_file)
    html = html_file.read_text(encoding="utf-8")
    assert html_file.name == "harbor-handout-session-1.html"
    assert session.take_home.split(",")[0] in html and "988" in html
    assert not re.search(r"""(src|href)\s*=|url\(|@import|<script""", html)
    harbor.click("Make a PDF of the handout pack for session 1")
    with page.expect_download() as pdf_download:
        main.get_by_role("button", name="Download the handout pack for session 1 (PDF)").click()
    pdf_file = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf_file)
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    assert outside_requests == []
