"""The daily-log journey on a phone, in real headless Chromium against `streamlit run`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard import lock
from dashboard.config import Settings
from dashboard.store import NewFamily, Store

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PAYLOAD = "![x](http://127.0.0.1:9/p.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


def choose_radio(harbor: Any, group: str, option: str) -> None:
    harbor.main().get_by_role("radiogroup", name=group).get_by_text(option, exact=True).click()
    harbor.wait_for_app()


def restore_first_version(harbor: Any) -> None:
    """Tap "Restore this version" until version 1 is back, as a person taps again when
    nothing happened: a tap that lands while a run is redrawing the entry can be lost (seen
    once in CI on a busy machine). A restore closes the entry, so its button is gone once
    one tap has worked, and a second restore never happens."""
    restore = harbor.main().get_by_role("button", name="Restore this version", exact=True)
    back = harbor.main().get_by_text(re.compile("Version 1 is back")).first
    for _ in range(3):
        harbor.wait_for_app()
        if back.is_visible() or not restore.count():
            break
        restore.click()
        try:
            back.wait_for(state="visible", timeout=10_000)
        except PlaywrightTimeout:
            continue
    expect(back).to_be_visible(timeout=harbor.timeout_ms)


def pick_entry(harbor: Any, text: str) -> None:
    """Type part of the entry into the picker (as a person on a phone would), then pick it.

    A rerun that lands while typing redraws the picker and closes its list (or swallows the
    Enter), so the whole pick is tried again, up to three times, until the picker shows the
    chosen entry.
    """
    picker = harbor.main().get_by_test_id("stSelectbox").filter(has_text="Edit or delete an entry")
    box = picker.get_by_role("combobox")
    option = harbor.page.get_by_role("option", name=re.compile(re.escape(text)))
    for _ in range(3):
        harbor.wait_for_app()
        box.click()
        box.fill(text)
        try:
            option.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            box.press("Escape")
            continue
        box.press("Enter")  # the matching entry is the focused one; Enter picks it
        harbor.wait_for_app()
        try:
            expect(box).to_have_value(re.compile(re.escape(text)), timeout=5_000)
            return
        except AssertionError:
            continue
    expect(box).to_have_value(re.compile(re.escape(text)), timeout=harbor.timeout_ms)


def test_log_edit_delete_and_undo_on_a_phone(
    page: Page, server: Any, outside_requests: list[str], harbor: Any
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
    harbor.wait_for_app()
    harbor.main().get_by_label("Family name").fill("The Phone family")
    harbor.main().get_by_label("Your loved one's first name").fill("Robin")
    harbor.main().get_by_label("Your first name").fill("Pat")
    harbor.click("Create my family's space")
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=harbor.timeout_ms)

    # A check-in with a note that would fetch or run something if rendered as Markdown/HTML.
    page.goto(f"{server.url}/Log")
    harbor.wait_for_app()
    choose_radio(harbor, "Use observed today", "No use seen")
    harbor.main().get_by_label(re.compile("^Note")).fill(PAYLOAD)
    harbor.click("Save check-in")
    expect(harbor.main().get_by_text(re.compile("Check-in for .* saved")).first).to_be_visible(
        timeout=harbor.timeout_ms
    )

    # The day now holds that check-in, shown as saved with who logged it; one tap opens it.
    expect(
        harbor.main().get_by_text(re.compile("this check-in is saved, logged by Pat"))
    ).to_be_visible(timeout=harbor.timeout_ms)
    harbor.click("Edit or replace this entry")
    expect(
        harbor.main().get_by_text(re.compile("already has a check-in, logged by Pat"))
    ).to_be_visible(timeout=harbor.timeout_ms)
    day_note = harbor.main().locator("textarea").filter(has_text="javascript").first
    expect(day_note).to_have_value(PAYLOAD)
    day_note.fill(PAYLOAD + " and a walk together")
    harbor.click("Save changes")
    expect(harbor.main().get_by_text(re.compile("Your changes are saved")).first).to_be_visible(
        timeout=harbor.timeout_ms
    )

    choose_radio(harbor, "What would you like to log?", "Small win")
    harbor.main().get_by_label(re.compile("^What went well")).fill("Came to Sunday dinner")
    harbor.click("Save win")
    expect(harbor.main().get_by_text("Small win saved.").first).to_be_visible(
        timeout=harbor.timeout_ms
    )

    choose_radio(harbor, "What would you like to log?", "Treatment event")
    harbor.main().get_by_label(re.compile("^Short title")).fill("Riverside clinic")
    harbor.click("Save event")
    expect(harbor.main().get_by_text("Assessment saved.").first).to_be_visible(
        timeout=harbor.timeout_ms
    )

    # The history lists the check-in; opened, it shows its earlier version as plain text,
    # and restoring it brings the first note back.
    choose_radio(harbor, "What would you like to log?", "Check-in")
    harbor.open_the_log_history()
    pick_entry(harbor, "No use seen")
    harbor.wait_for_app()  # the entry's run has ended: a tap now is not lost to it
    harbor.main().get_by_text("Earlier versions (1)").click()
    earlier = harbor.main().get_by_text(re.compile(re.escape(f"Note: {PAYLOAD}") + "$"))
    expect(earlier).to_be_visible(timeout=harbor.timeout_ms)
    restore_first_version(harbor)
    edit_note = harbor.main().locator("textarea").filter(has_text="javascript").last
    expect(edit_note).to_have_value(PAYLOAD)

    # Delete the event (asked first), then undo.
    choose_radio(harbor, "Show", "Events")
    pick_entry(harbor, "Riverside clinic")
    harbor.click("Delete this entry")
    expect(harbor.main().get_by_text("Delete this entry?").first).to_be_visible(
        timeout=harbor.timeout_ms
    )
    expect(harbor.main().get_by_text(re.compile("Assessment · Riverside clinic"))).to_be_visible()
    harbor.click("Yes, delete it")
    expect(harbor.main().get_by_text("Deleted.").first).to_be_visible(timeout=harbor.timeout_ms)
    harbor.click("Undo delete")
    expect(harbor.main().get_by_text("Put back, exactly as it was.").first).to_be_visible(
        timeout=harbor.timeout_ms
    )
    pick_entry(harbor, "Riverside clinic")

    assert harbor.main().locator("img[src='x'], img[src*=':9/']").count() == 0
    assert harbor.main().locator("a[href^='javascript']").count() == 0
    assert fetched_from_payload == [] and dialogs == []
    assert outside_requests == []


@pytest.mark.parametrize(
    ("meanwhile", "then_shown"),
    [
        ("a lock is set", "Harbor is locked"),
        ("the family is deleted", "Harbor has no family set up yet"),
    ],
)
def test_a_step_in_the_log_checks_the_family_again(
    page: Page,
    tmp_path: Path,
    free_port: Callable[[], int],
    streamlit_server: Any,
    harbor: Any,
    meanwhile: str,
    then_shown: str,
) -> None:
    """Picking a day, saving or opening an entry runs the Log's forms and history alone, not
    the whole page; each such run still checks the family is this session's and not locked,
    as a run of the whole page would, so a lock set in another window closes the page at
    the next step."""
    store = Store.open(Settings(tmp_path, f"sqlite:///{tmp_path / 'harbor.db'}"))
    family = store.create_family(NewFamily("The Lock family", "Robin", "Pat"))
    server = streamlit_server(tmp_path, free_port())
    server.start()
    try:
        page.goto(f"{server.url}/Log")
        harbor.wait_for_app()
        expect(harbor.main().get_by_role("button", name="Save check-in")).to_be_visible()
        harbor.open_the_log_history()
        if meanwhile == "a lock is set":
            lock.set_lock(family, "a long passphrase", "a long passphrase")
        else:
            family.delete_household()
        # A step inside the forms-and-history part (the lock screen has no crisis bar to
        # wait for: it shows the crisis lines in full instead).
        show = harbor.main().get_by_role("radiogroup", name="Show")
        show.get_by_text("Wins", exact=True).click()
        expect(harbor.main().get_by_text(then_shown).first).to_be_visible(timeout=harbor.timeout_ms)
        expect(harbor.main().get_by_role("button", name="Save check-in")).to_have_count(0)
    finally:
        server.stop()
        store.engine.dispose()


def test_a_saved_message_goes_at_the_next_step(
    page: Page,
    tmp_path: Path,
    free_port: Callable[[], int],
    streamlit_server: Any,
    harbor: Any,
) -> None:
    """The confirmation belongs to the save: a later step in the Log's forms and history,
    which runs only that part of the page, takes it away, as a run of the page would."""
    store = Store.open(Settings(tmp_path, f"sqlite:///{tmp_path / 'harbor.db'}"))
    store.create_family(NewFamily("The Win family", "Robin", "Pat"))
    server = streamlit_server(tmp_path, free_port())
    server.start()
    try:
        page.goto(f"{server.url}/Log")
        harbor.wait_for_app()
        choose_radio(harbor, "What would you like to log?", "Small win")
        harbor.main().get_by_label(re.compile("^What went well")).fill("Came to Sunday dinner")
        harbor.click("Save win")
        saved = (
            harbor.main()
            .get_by_test_id("stAlertContentSuccess")
            .filter(has_text="Small win saved.")
        )
        expect(saved).to_be_visible(timeout=harbor.timeout_ms)
        harbor.open_the_log_history()  # a step of its own, which takes the message away
        expect(saved).to_have_count(0, timeout=harbor.timeout_ms)
        choose_radio(harbor, "What would you like to log?", "Small win")
        harbor.main().get_by_label(re.compile("^What went well")).fill("Said thank you")
        harbor.click("Save win")
        expect(saved).to_be_visible(timeout=harbor.timeout_ms)
        choose_radio(harbor, "Show", "Events")
        expect(saved).to_have_count(0, timeout=harbor.timeout_ms)
    finally:
        server.stop()
        store.engine.dispose()
