"""The loved one's time zone: from the browser, or else the region; changed in Settings.

A day already logged never moves: entries are stored as calendar dates. The time zone only
decides which day is "today" for new entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.records import DailyCheckin, today_in
from dashboard.store import HouseholdStore, NewFamily, Store

SETTINGS = "pages/12_Settings.py"
LOG = "pages/05_Log.py"
# UTC+14 and UTC-11: 25 hours apart, so their calendar dates always differ.
EARLIEST = "Pacific/Kiritimati"
LATEST = "Pacific/Pago_Pago"


@pytest.fixture
def start_family(
    by_label: Callable[[Any, str], Any], submit: Callable[[AppTest, str], AppTest]
) -> Callable[..., AppTest]:
    """Returns `start_family(at, region=None, zone=None)`: fill in onboarding and submit it."""

    def fill(at: AppTest, region: str | None = None, zone: str | None = None) -> AppTest:
        by_label(at.text_input, "Family name").input("The Rivera family")
        by_label(at.text_input, "Your loved one").input("Sam")
        by_label(at.text_input, "Your first name").input("Maria")
        if region is not None:
            by_label(at.selectbox, "Where do you live").set_value(region)
        if zone is not None:
            by_label(at.selectbox, "Your loved one's time zone").set_value(zone)
        return submit(at, "Create my family")

    return fill


def loved_one_zone(store: Store) -> str:
    [household] = store.households()
    return store.household(household.id).loved_ones()[0].timezone


# -- onboarding -----------------------------------------------------------------------------


def test_onboarding_preselects_and_saves_the_browsers_time_zone(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    start_family: Callable[..., AppTest],
) -> None:
    at = app()
    at.context = {"timezone": "Australia/Perth"}
    at = at.run()
    assert by_label(at.selectbox, "Your loved one's time zone").value == "Australia/Perth"
    at = start_family(at, region="UK")
    assert not at.exception
    assert loved_one_zone(open_store(data_dir)) == "Australia/Perth"


@pytest.mark.parametrize(
    ("browser", "region", "expected"),
    [
        (None, "US", "America/New_York"),
        (None, "UK", "Europe/London"),
        (None, "CA", "America/Toronto"),
        (None, "AU", "Australia/Sydney"),
        ("UTC", "AU", "Australia/Sydney"),  # privacy settings hide the real zone
    ],
)
def test_without_the_browsers_zone_onboarding_uses_the_regions(
    data_dir: Any,
    browser: str | None,
    region: str,
    expected: str,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    start_family: Callable[..., AppTest],
) -> None:
    at = app()
    at.context = {"timezone": browser}
    at = at.run()
    assert by_label(at.selectbox, "Your loved one's time zone").value == ""
    at = start_family(at, region=region)
    assert not at.exception
    assert loved_one_zone(open_store(data_dir)) == expected


def test_a_time_zone_chosen_in_onboarding_wins(
    data_dir: Any,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    start_family: Callable[..., AppTest],
) -> None:
    at = app()
    at.context = {"timezone": "Europe/Berlin"}
    at = start_family(at.run(), region="US", zone="Asia/Tokyo")
    assert loved_one_zone(open_store(data_dir)) == "Asia/Tokyo"


# -- Settings -------------------------------------------------------------------------------


def test_the_time_zone_changes_in_settings(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app(SETTINGS).run()
    zone = by_label(at.selectbox, "Time zone")
    assert zone.value == "America/New_York"
    zone.set_value("Europe/Lisbon")
    at = submit(at, "Save time zone")
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Time zone saved. Days already logged keep their dates."
    ]
    assert family.loved_ones()[0].timezone == "Europe/Lisbon"
    assert by_label(at.selectbox, "Time zone").value == "Europe/Lisbon"


def test_changing_the_time_zone_never_moves_a_logged_day(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    family = open_store(data_dir).create_family(
        NewFamily("The Test family", "Sam", "Alex", timezone=EARLIEST)
    )
    loved_one = family.loved_ones()[0]
    logged_day = today_in(EARLIEST)
    family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=loved_one.id,
            day=logged_day,
            mood=3,
            sleep=3,
            observed_use="none",
        )
    )
    at = app(SETTINGS).run()
    by_label(at.selectbox, "Time zone").set_value(LATEST)
    at = submit(at, "Save time zone")
    assert family.loved_ones()[0].timezone == LATEST

    [checkin] = family.list(DailyCheckin)
    assert checkin.day == logged_day, "the logged day stays where it was"
    at.switch_page(LOG)
    at = at.run()
    assert not at.exception
    new_entry_day = by_label(at.date_input, "Day").value
    assert new_entry_day == today_in(LATEST) != logged_day, "today follows the new zone"
