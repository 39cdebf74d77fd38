"""The three-tap habit in a real browser on a 390 x 844 phone: a quick check-in from Home,
and a daily check-in saved with the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.config import Settings
from dashboard.records import DailyCheckin, today_in
from dashboard.store import HouseholdStore, NewFamily, Store

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def family_server(
    tmp_path: Path, free_port: Callable[[], int], streamlit_server: Callable[..., Any]
) -> Iterator[tuple[Any, HouseholdStore]]:
    """A server of its own with one new family, so today has no check-in yet."""
    store = Store.open(Settings(tmp_path, f"sqlite:///{tmp_path / 'harbor.db'}"))
    family = store.create_family(NewFamily("The Phone family", "Sam", "Alex"))
    running = streamlit_server(tmp_path, free_port())
    running.start()
    yield running, family
    running.stop()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_AGENT, is_mobile=True)
    yield context.new_page()
    context.close()


def todays(family: HouseholdStore) -> DailyCheckin | None:
    loved_one = family.loved_ones()[0]
    return family.day_entry(DailyCheckin, loved_one.id, today_in(loved_one.timezone))


def test_a_quick_checkin_is_saved_in_three_taps_from_home(
    phone: Page, family_server: tuple[Any, HouseholdStore], harbor_for: Callable[[Page], Any]
) -> None:
    server, family = family_server
    harbor = harbor_for(phone)
    phone.goto(server.url)
    harbor.wait_for_app()
    question = phone.get_by_role("radiogroup", name="What did you see today?")
    expect(question).to_be_in_viewport()  # on the first screen, no scrolling
    taps = 0
    question.get_by_text("No use seen").click()
    taps += 1
    phone.get_by_role("button", name="Save", exact=True).click()
    taps += 1
    harbor.wait_for_app()
    expect(phone.get_by_text("Today's check-in is saved").first).to_be_visible()
    assert taps <= 3
    saved = todays(family)
    assert saved is not None and saved.observed_use == "none"


def test_a_daily_checkin_is_saved_with_the_keyboard_alone(
    phone: Page, family_server: tuple[Any, HouseholdStore], harbor_for: Callable[[Page], Any]
) -> None:
    server, family = family_server
    harbor = harbor_for(phone)
    phone.goto(server.url)
    harbor.wait_for_app()
    focused = "() => document.activeElement && document.activeElement.getAttribute('{}')"
    for _ in range(80):  # Tab to the first answer
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.type") == "radio":
            break
    phone.keyboard.press("Space")
    for _ in range(20):  # then on to Save
        phone.keyboard.press("Tab")
        if phone.evaluate(focused.format("data-testid")) == "stBaseButton-primaryFormSubmit":
            break
    # Focus is clearly visible on the control the keyboard is on.
    outline = phone.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    phone.keyboard.press("Enter")
    harbor.wait_for_app()
    expect(phone.get_by_text("Today's check-in is saved").first).to_be_visible()
    assert todays(family) is not None


def test_the_history_wraps_on_a_phone_and_an_entry_opens_by_tapping_it(
    phone: Page, family_server: tuple[Any, HouseholdStore], harbor_for: Callable[[Page], Any]
) -> None:
    server, family = family_server
    loved_one = family.loved_ones()[0]
    note = "We talked about the weekend and made a plan together. " * 8 + "The end of the note."
    family.save_checkin(
        family.new(
            DailyCheckin,
            {
                "loved_one_id": loved_one.id,
                "day": today_in(loved_one.timezone),
                "mood": 4,
                "sleep": 3,
                "observed_use": "none",
                "notes": note,
            },
        )
    )
    harbor = harbor_for(phone)
    phone.goto(f"{server.url}/Log")
    harbor.wait_for_app()
    harbor.open_the_log_history()
    main = harbor.main()
    expect(main.get_by_text("The end of the note.").first).to_be_visible()  # never cut off
    # A slider's input for screen readers sits in a 1 px box that clips it (Streamlit's
    # visually hidden pattern): it is never seen and cannot scroll the page sideways.
    wide = phone.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=\"stMain\"] *'))"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
        ".filter(e => !e.closest('[style*=\"clip-path: inset(50%)\"]')).length"
    )
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert wide == 0, "nothing reaches past the phone's width"
    main.get_by_role("button", name="No use seen").first.click()
    harbor.wait_for_app()
    expect(
        main.get_by_text("No earlier versions: this entry has not been changed.")
    ).to_be_visible()
