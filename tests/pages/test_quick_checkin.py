"""Home's quick check-in through AppTest: what was seen today, saved in one submit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.records import DailyCheckin, today_in
from dashboard.store import HouseholdStore


def today_entry(family: HouseholdStore) -> DailyCheckin | None:
    loved_one = family.loved_ones()[0]
    return family.day_entry(DailyCheckin, loved_one.id, today_in(loved_one.timezone))


def test_the_quick_checkin_saves_in_one_submit(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    by_label(at.radio, "What did you see today?").set_value("none")
    at = submit(at, "Save")
    assert not at.exception
    saved = today_entry(family)
    assert saved is not None and saved.observed_use == "none"
    assert saved.logged_by == family.family_members()[0].id
    assert any("Today's check-in is saved" in s.value for s in at.success)
    # Today now holds its one check-in: the form gives way to what it says and who logged it.
    assert not [r for r in at.radio if r.label == "What did you see today?"]
    assert any("logged by Alex" in m.value for m in at.markdown)


def test_the_quick_checkin_asks_for_an_answer_and_saves_nothing_without_one(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = submit(app().run(), "Save")
    assert "Choose one of the four answers" in at.error[0].value
    assert today_entry(family) is None


def test_mood_sleep_and_a_note_are_one_tap_further_and_saved_too(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    assert at.expander[0].label.startswith("Mood, sleep and a note")
    by_label(at.radio, "What did you see today?").set_value("suspected")
    by_label(at.slider, "Mood").set_value(2)
    by_label(at.text_area, "Note").input("Quiet at dinner")
    at = submit(at, "Save")
    saved = today_entry(family)
    assert saved is not None
    assert (saved.observed_use, saved.mood, saved.notes) == ("suspected", 2, "Quiet at dinner")
    assert saved.share_in_reports is False, "a note stays private unless the family ticks it"


def test_a_quick_note_can_be_shared_in_session_reports(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    by_label(at.radio, "What did you see today?").set_value("none")
    by_label(at.text_area, "Note").input("Went to the appointment on his own")
    by_label(at.checkbox, "Share this note in session reports").check()
    at = submit(at, "Save")
    saved = today_entry(family)
    assert saved is not None and saved.share_in_reports is True


def test_a_day_logged_meanwhile_is_shown_and_replaced_only_when_chosen(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    loved_one = family.loved_ones()[0]
    day = today_in(loved_one.timezone)
    other = family.new(
        DailyCheckin,
        {
            "loved_one_id": loved_one.id,
            "day": day,
            "mood": 4,
            "sleep": 4,
            "observed_use": "confirmed",
        },
    )
    family.save_checkin(other)
    by_label(at.radio, "What did you see today?").set_value("none")
    at = submit(at, "Save")
    assert any("Nothing was overwritten" in w.value for w in at.warning)
    assert today_entry(family).observed_use == "confirmed", "nothing replaced yet"
    at = submit(at, "Replace today's check-in with mine")
    assert not at.exception
    assert today_entry(family).observed_use == "none"
    assert len(family.versions(DailyCheckin, other.id)) >= 1, "the earlier version is kept"


def test_who_logged_today_is_shown_as_typed_never_as_markdown(
    family: HouseholdStore, app: Callable[..., AppTest], markdown_payload: str
) -> None:
    member = family.family_members()[0]
    family.update(member.model_copy(update={"display_name": f"Alex {markdown_payload}"}))
    loved_one = family.loved_ones()[0]
    values = {
        "loved_one_id": loved_one.id,
        "day": today_in(loved_one.timezone),
        "mood": 3,
        "sleep": 3,
        "observed_use": "none",
    }
    family.save_checkin(family.new(DailyCheckin, values, member.id))
    at = app().run()
    [said] = [m.value for m in at.markdown if "Today's check-in is logged by" in m.value]
    assert "Alex" in said and markdown_payload not in said
