"""The daily-log journey on a phone, in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browsing import LOAD_TIMEOUT_MS, wait_for_app
from tests.harness import StreamlitServer

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PAYLOAD = "![x](http://127.0.0.1:9/p.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


def main(page: Page):
    return page.locator('[data-testid="stMain"]')


def choose_radio(page: Page, group: str, option: str) -> None:
    main(page).get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()
    wait_for_app(page)


def pick_entry(page: Page, text: str) -> None:
    """Type part of the entry into the picker (as a person on a phone would), then pick it.

    A rerun that lands while typing redraws the picker and closes its list, so typing is
    tried again (up to three times) until the matching entry shows.
    """
    picker = main(page).get_by_test_id("stSelectbox").filter(has_text="Edit or delete an entry")
    box = picker.get_by_role("combobox")
    option = page.get_by_role("option", name=re.compile(re.escape(text)))
    for _ in range(3):
        wait_for_app(page)
        box.click()
        box.fill(text)
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            box.press("Escape")
    box.press("Enter")  # the matching entry is the focused one; Enter picks it
    wait_for_app(page)


def click(page: Page, name: str) -> None:
    main(page).get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def test_log_edit_delete_and_undo_on_a_phone(
    page: Page, server: StreamlitServer, outside_requests: list[str]
) -> None:
    fetched_from_payload: list[str] = []
    page.on(
        "request",
        lambda request: (
            fetched_from_payload.append(request.url)
            if ":9/" in request.url or request.url.startswith("javascript")
            else None
        ),
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size(PHONE)

    # First run: create the family's space.
    page.goto(server.url)
    wait_for_app(page)
    main(page).get_by_label("Family name").fill("The Phone family")
    main(page).get_by_label("Your loved one's first name").fill("Robin")
    main(page).get_by_label("Your first name").fill("Pat")
    click(page, "Create my family's space")
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    # A check-in with a note that would fetch or run something if rendered as Markdown/HTML.
    page.goto(f"{server.url}/Log")
    wait_for_app(page)
    choose_radio(page, "Use observed today", "No use seen")
    main(page).get_by_label(re.compile("^Note")).fill(PAYLOAD)
    click(page, "Save check-in")
    expect(main(page).get_by_text(re.compile("Check-in for .* saved")).first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )

    choose_radio(page, "What would you like to log?", "Small win")
    main(page).get_by_label(re.compile("^What went well")).fill("Came to Sunday dinner")
    click(page, "Save win")
    expect(main(page).get_by_text("Small win saved.").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    choose_radio(page, "What would you like to log?", "Treatment event")
    main(page).get_by_label(re.compile("^Short title")).fill("Riverside clinic")
    click(page, "Save event")
    expect(main(page).get_by_text("Assessment saved.").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    # The history lists the check-in; editing it shows the note as plain text in the form.
    choose_radio(page, "What would you like to log?", "Check-in")
    pick_entry(page, "No use seen")
    edit_note = main(page).locator("textarea").filter(has_text="javascript").last
    expect(edit_note).to_have_value(PAYLOAD)
    edit_note.fill(PAYLOAD + " and a walk together")
    click(page, "Save changes")
    expect(main(page).get_by_text("Your changes are saved.").first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )

    # Delete the event (asked first), then undo.
    choose_radio(page, "Show", "Events")
    pick_entry(page, "Riverside clinic")
    click(page, "Delete this entry")
    expect(main(page).get_by_text("Delete this entry?").first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    expect(main(page).get_by_text(re.compile("Assessment · Riverside clinic"))).to_be_visible()
    click(page, "Yes, delete it")
    expect(main(page).get_by_text("Deleted.").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    click(page, "Undo delete")
    expect(main(page).get_by_text("Put back, exactly as it was.").first).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    pick_entry(page, "Riverside clinic")

    assert main(page).locator("img[src='x'], img[src*=':9/']").count() == 0
    assert main(page).locator("a[href^='javascript']").count() == 0
    assert fetched_from_payload == [] and dialogs == []
    assert outside_requests == []
