"""The Log page through AppTest: each quick form, and the history's edit, delete and undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import streamlit as st
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard.db.schema import entry_versions
from dashboard.records import (
    NOTE_MAX_CHARS,
    CaregiverCheckin,
    DailyCheckin,
    FamilyMember,
    LovedOne,
    SmallWin,
    TreatmentEvent,
    today_in,
)
from dashboard.store import HouseholdStore
from dashboard.text import day_text
from dashboard.ui.log import HISTORY_KEY

LOG = "pages/05_Log.py"


@pytest.fixture
def log_page(
    app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> Callable[..., AppTest]:
    """Returns `log_page(form="Check-in")`: the Log page, showing that form, with its
    history opened (`history=False` leaves it folded, as a new visit does).

    `tables=True` opens the history's "The same entries as a table" (drawn only while open).
    """

    def open_log(form: str = "Check-in", tables: bool = False, history: bool = True) -> AppTest:
        at = app(LOG)
        if history:
            at.session_state[HISTORY_KEY] = True
        if tables:
            for kind in ("DailyCheckin", "CaregiverCheckin", "TreatmentEvent", "SmallWin"):
                at.session_state[f"history_table_{kind}"] = True
        at = at.run()
        if form != "Check-in":
            by_label(at.radio, "What would you like to log").set_value(form)
            at = at.run()
        return at

    return open_log


def checkin(family: HouseholdStore, days_ago: int, notes: str = "", **values: Any) -> DailyCheckin:
    today = today_in(family.loved_ones()[0].timezone)
    record = DailyCheckin(
        household_id=family.id,
        loved_one_id=family.loved_ones()[0].id,
        day=today - timedelta(days=days_ago),
        notes=notes,
        logged_by=family.family_members()[0].id,
        **{"mood": 3, "sleep": 3, **values},
    )
    return family.add(record)


@pytest.fixture
def open_entry(by_label: Callable[[Any, str], Any]) -> Callable[[AppTest, str, Any], AppTest]:
    """Returns `open_entry(at, kind, entry_id)`: pick that entry in the history to edit."""

    def open_it(at: AppTest, kind: str, entry_id: Any) -> AppTest:
        if kind != "Check-ins":
            by_label(at.radio, "Show").set_value(kind)
            at = at.run()
        by_label(at.selectbox, "Edit or delete").set_value(str(entry_id))
        return at.run()

    return open_it


# -- logging something new -----------------------------------------------------------------


def test_log_a_checkin_then_it_is_shown_as_saved_and_opens_for_editing_in_one_tap(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page()
    by_label(at.radio, "Use observed").set_value("none")
    by_label(at.text_area, "Note").input("Quiet day")
    at = submit(at, "Save check-in")
    assert "saved" in at.success[0].value
    assert any("this check-in is saved, logged by Alex" in i.value for i in at.info)
    assert "Quiet day" in at.text[0].value, "what was saved, above the history"
    assert not at.text_area, "no form full of the same words, as if nothing had happened"
    assert not [b for b in at.button if b.label == "Save check-in"], "no second new entry"
    at = submit(at, "Edit or replace this entry")
    assert by_label(at.text_area, "Note").value == "Quiet day", "the form starts from the entry"
    by_label(at.text_area, "Note").input("Quiet day, went for a walk")
    at = submit(at, "Save changes")
    [stored] = family.list(DailyCheckin)
    assert (stored.observed_use, stored.notes, stored.version) == (
        "none",
        "Quiet day, went for a walk",
        2,
    )
    assert [v.entry().notes for v in family.versions(DailyCheckin, stored.id)] == ["Quiet day"]


@pytest.mark.parametrize(
    ("form", "button", "kind"),
    [
        ("Check-in", "Save check-in", DailyCheckin),
        ("My check-in", "Save my check-in", CaregiverCheckin),
    ],
)
def test_a_new_check_in_is_saved_and_shown_in_one_run_of_the_page(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    button: str,
    kind: type,
) -> None:
    """A save costs one run of the page, not two: under load each run is a wait."""
    at = log_page(form)
    by_label(at.text_area, "Note").input("One run is enough")

    def second_run() -> None:
        raise AssertionError("the page ran again after the save")

    monkeypatch.setattr(st, "rerun", second_run)
    at = submit(at, button)
    assert not at.exception
    assert [m.value for m in at.success][-1].endswith(("saved.", "looking after yourself too."))
    assert any("check-in is saved" in i.value for i in at.info), "the entry, as saved"
    assert not [b for b in at.button if b.label == button], "the new-entry form is gone"
    [stored] = family.list(kind)
    assert stored.notes == "One run is enough"
    at = submit(at, "Edit or replace this entry")
    assert by_label(at.text_area, "Note").value == "One run is enough", "opened to edit"
    assert not at.warning, "as saved: nobody changed it since"


@pytest.mark.parametrize("share", [False, True], ids=["private", "shared"])
def test_a_note_is_private_unless_the_share_tick_is_ticked(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
    share: bool,
) -> None:
    at = log_page()
    by_label(at.text_area, "Note").input("For the therapist, maybe")
    tick = by_label(at.checkbox, "Share this note in session reports")
    assert tick.value is False, "private by default"
    if share:
        tick.check()
    at = submit(at, "Save check-in")
    [stored] = family.list(DailyCheckin)
    assert stored.share_in_reports is share
    shown = at.text[0].value  # the entry as saved, above the history
    assert "For the therapist" in shown
    assert ("The note is shared in session reports" in shown) is share
    at = submit(at, "Edit or replace this entry")
    assert by_label(at.checkbox, "Share this note in session reports").value is share


def test_the_log_form_on_a_day_that_has_an_entry_shows_it(
    family: HouseholdStore, by_label: Callable[[Any, str], Any], log_page: Callable[..., AppTest]
) -> None:
    jo = family.add(FamilyMember(household_id=family.id, display_name="Jo"))
    entry = checkin(family, 0, notes="Slept most of the day", mood=2, craving=6)
    family.update(entry.model_copy(update={"logged_by": jo.id}))
    at = log_page()
    [shown] = [i.value for i in at.info if "already has a check-in" in i.value]
    assert "logged by Jo" in shown
    assert any("Slept most of the day" in t.value and "craving 6" in t.value for t in at.text)
    assert by_label(at.text_area, "Note").value == "Slept most of the day"
    assert by_label(at.select_slider, "Mood").value == 2
    assert by_label(at.select_slider, "Craving").value == 6
    assert by_label(at.radio, "Use observed").value == "unknown"


def test_who_logged_the_days_entry_is_shown_as_typed_never_as_markdown(
    family: HouseholdStore, log_page: Callable[..., AppTest], markdown_payload: str
) -> None:
    named = family.add(FamilyMember(household_id=family.id, display_name=markdown_payload))
    entry = checkin(family, 0, notes="Quiet")
    family.update(entry.model_copy(update={"logged_by": named.id}))
    at = log_page()
    [shown] = [i.value for i in at.info if "already has a check-in" in i.value]
    assert "logged by " in shown
    assert markdown_payload not in shown, "escaped, so Markdown shows it as typed"


def test_a_day_changed_just_before_save_is_the_day_it_is_saved_for(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    """The Day and Save sent together (Save pressed before the page ran for the new day)."""
    at = log_page()
    day = by_label(at.date_input, "Day").value - timedelta(days=2)
    by_label(at.date_input, "Day").set_value(day)
    by_label(at.text_area, "Note").input("Written up later")
    at = submit(at, "Save check-in")
    assert [(c.day, c.notes) for c in family.list(DailyCheckin)] == [(day, "Written up later")]
    assert by_label(at.date_input, "Day").value == day
    assert any(f"{day_text(day)} saved" in s.value for s in at.success)


def test_a_day_saved_then_chosen_again_opens_its_entry_for_editing(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    """Shown as saved only until the Day field shows another day: a day chosen that has an
    entry always opens it for editing."""
    at = log_page()
    today = by_label(at.date_input, "Day").value
    by_label(at.text_area, "Note").input("Saved a moment ago")
    at = submit(at, "Save check-in")
    assert [b.label for b in at.button if b.label == "Edit or replace this entry"]
    by_label(at.date_input, "Day").set_value(today - timedelta(days=1))
    at = at.run()
    assert by_label(at.text_area, "Note").value == "", "the empty day's new-entry form"
    by_label(at.date_input, "Day").set_value(today)
    at = at.run()
    assert by_label(at.text_area, "Note").value == "Saved a moment ago"
    assert by_label(at.radio, "What would you like to do").value == "edit"
    assert not [b for b in at.button if b.label == "Edit or replace this entry"]


def test_a_saved_entry_changed_before_it_is_opened_says_so(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    """Opened as it was shown: another phone's change since is said, never slipped in."""
    at = log_page()
    by_label(at.text_area, "Note").input("Mine")
    at = submit(at, "Save check-in")
    [mine] = family.list(DailyCheckin)
    family.update(mine.model_copy(update={"notes": "Changed on the other phone"}))
    at = submit(at, "Edit or replace this entry")
    assert any("Someone changed this entry" in w.value for w in at.warning)
    assert by_label(at.text_area, "Note").value == "Mine", "what this person saw, kept"


def test_an_undone_delete_of_a_saved_entry_is_not_shown_as_just_saved(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page()
    by_label(at.text_area, "Note").input("Deleted, then put back")
    at = submit(at, "Save check-in")
    [mine] = family.list(DailyCheckin)
    at = open_entry(at, "Check-ins", mine.id)
    at = submit(at, "Delete this entry")
    at = submit(at, "Yes, delete it")
    at = submit(at, "Undo delete")
    assert family.list(DailyCheckin) == [mine]
    assert not [b for b in at.button if b.label == "Edit or replace this entry"]
    assert not [i for i in at.info if "is saved" in i.value], "the last act was an undo"


def test_a_refused_save_says_why_under_the_form_and_keeps_the_words(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
    in_page_order: Callable[[AppTest], list[Any]],
) -> None:
    too_long = "x" * (NOTE_MAX_CHARS + 1)
    at = log_page()
    by_label(at.text_area, "Note").input(too_long)
    at = submit(at, "Save check-in")
    assert family.list(DailyCheckin) == []
    assert by_label(at.text_area, "Note").value == too_long, "nothing typed is lost"
    assert not at.success
    kinds = [(e.type, getattr(e, "label", None)) for e in in_page_order(at)]
    save_at = kinds.index(("button", "Save check-in"))
    assert ("error", None) in kinds[save_at:], "said beside the Save that was pressed"


def test_replacing_the_days_entry_is_an_explicit_choice_and_keeps_the_old_one(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = checkin(family, 0, notes="Theirs")
    at = log_page()
    by_label(at.radio, "What would you like to do").set_value("replace")
    at = at.run()
    assert by_label(at.text_area, "Note").value == "", "a replacement starts empty"
    by_label(at.text_area, "Note").input("Mine instead")
    at = submit(at, "Replace the entry for that day")
    assert any("Replaced" in s.value for s in at.success)
    [stored] = family.list(DailyCheckin)
    assert (stored.id, stored.notes, stored.version) == (entry.id, "Mine instead", 2)
    [earlier] = family.versions(DailyCheckin, entry.id)
    assert (earlier.change, earlier.entry()) == ("replaced", entry)


@pytest.mark.parametrize("choice", ["replace", "keep"])
def test_a_day_logged_meanwhile_is_never_overwritten(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
    choice: str,
) -> None:
    at = log_page()  # the day is empty when this person starts writing
    other_phone = checkin(family, 0, notes="Logged on the other phone")
    by_label(at.text_area, "Note").input("Mine, typed at the same time")
    at = submit(at, "Save check-in")
    assert family.list(DailyCheckin) == [other_phone], "nothing was overwritten"
    assert any("Not saved: Alex logged a check-in for" in w.value for w in at.warning)
    shown = "\n".join(t.value for t in at.text)
    assert "Logged on the other phone" in shown and "Mine, typed at the same time" in shown
    if choice == "keep":
        at = submit(at, "Keep that entry")
        assert family.list(DailyCheckin) == [other_phone]
        assert by_label(at.text_area, "Note").value == "Logged on the other phone"
        return
    at = submit(at, "Replace the entry for that day with mine")
    [stored] = family.list(DailyCheckin)
    assert stored.notes == "Mine, typed at the same time"
    [earlier] = family.versions(DailyCheckin, stored.id)
    assert earlier.entry() == other_phone


@pytest.mark.parametrize("craving", [None, 0, 7, 10])
def test_the_craving_slider_is_never_dropped(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
    craving: int | None,
) -> None:
    at = log_page()
    slider = by_label(at.select_slider, "Craving")
    assert slider.value is None and slider.format_func(None) == "Not shared"
    slider.set_value(craving)
    at = submit(at, "Save check-in")
    assert [c.craving for c in family.list(DailyCheckin)] == [craving]
    at = submit(at, "Edit or replace this entry")
    assert by_label(at.select_slider, "Craving").value == craving, "and the edit shows it"


def test_the_checkin_starts_from_the_last_values_logged(
    family: HouseholdStore, by_label: Callable[[Any, str], Any], log_page: Callable[..., AppTest]
) -> None:
    checkin(family, 1, mood=3)
    family.update(family.list(DailyCheckin)[0].model_copy(update={"mood": 5, "sleep": 2}))
    at = log_page()
    assert by_label(at.select_slider, "Mood").value == 5
    assert by_label(at.select_slider, "Sleep").value == 2
    assert by_label(at.date_input, "Day").value == today_in(family.loved_ones()[0].timezone)


def test_an_overlong_note_is_refused_with_the_field_and_nothing_saved(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page()
    by_label(at.text_area, "Note").input("x" * 5001)
    at = submit(at, "Save check-in")
    assert "notes" in at.error[0].value
    assert "5,000" in at.error[0].value
    assert family.list(DailyCheckin) == []


def test_an_event_ending_before_it_starts_is_refused(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page("Treatment event")
    today = date.today()
    by_label(at.date_input, "Start date").set_value(today)
    by_label(at.checkbox, "It has an end date").check()
    by_label(at.date_input, "End date").set_value(today - timedelta(days=3))
    at = submit(at, "Save event")
    assert "end_date" in at.error[0].value
    assert family.list(TreatmentEvent) == []


def test_log_a_treatment_event(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page("Treatment event")
    by_label(at.selectbox, "What kind").set_value("assessment")
    by_label(at.text_input, "Short title").input("Riverside clinic")
    at = submit(at, "Save event")
    assert not at.error
    assert [(e.kind, e.title) for e in family.list(TreatmentEvent)] == [
        ("assessment", "Riverside clinic")
    ]


def test_an_empty_win_is_refused_and_a_real_one_saved(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page("Small win")
    at = submit(at, "Save win")
    assert "text" in at.error[0].value
    by_label(at.text_area, "What went well").input("Came to Sunday dinner")
    at = submit(at, "Save win")
    assert [w.text for w in family.list(SmallWin)] == ["Came to Sunday dinner"]


def test_caregiver_checkin_is_saved(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page("My check-in")
    by_label(at.slider, "My stress").set_value(7)
    by_label(at.text_input, "Something I did").input("Walked by the river")
    at = submit(at, "Save my check-in")
    assert not at.error
    [mine] = family.list(CaregiverCheckin)
    assert (mine.stress, mine.self_care_done, mine.self_care_note) == (
        7,
        True,
        "Walked by the river",
    )


# -- history -------------------------------------------------------------------------------


def test_an_empty_history_says_what_to_do(
    family: HouseholdStore, log_page: Callable[..., AppTest]
) -> None:
    at = log_page()
    assert any("No check-ins logged yet" in i.value for i in at.info)


def test_the_history_is_folded_on_a_new_visit_and_drawn_once_opened(
    family: HouseholdStore, log_page: Callable[..., AppTest]
) -> None:
    """Logging is what most visits are for: a folded history costs each pick of a day and
    each save nothing. Opened once, it stays drawn, as a half-made edit must."""
    checkin(family, 1, notes="Slept late")
    at = log_page(history=False)
    assert [h.value for h in at.header] == ["History"]
    assert [e.label for e in at.expander][:1] == ["See, change or delete what was logged"]
    assert not [t for t in at.text if "Slept late" in t.value]
    assert not [r for r in at.radio if r.label == "Show"]
    at.session_state[HISTORY_KEY] = True  # unfolded, as a person taps it
    at = at.run()
    assert [t for t in at.text if "Slept late" in t.value]
    at.session_state[HISTORY_KEY] = False  # folded again: still drawn, nothing is lost
    at = at.run()
    assert [r for r in at.radio if r.label == "Show"]


def test_the_history_table_is_drawn_only_once_opened(
    family: HouseholdStore, log_page: Callable[..., AppTest]
) -> None:
    checkin(family, 1, notes="Slept late")
    assert not log_page().dataframe, "a closed table costs each save nothing"
    assert len(log_page(tables=True).dataframe[0].value) == 1


def test_history_says_who_logged_each_entry(
    family: HouseholdStore, log_page: Callable[..., AppTest]
) -> None:
    checkin(family, 1, notes="Slept late")
    at = log_page(tables=True)
    table = at.dataframe[0].value
    assert list(table["Logged by"]) == ["Alex"]
    assert list(table["Note"]) == ["Slept late"]


def test_the_history_list_shows_a_week_then_more_on_request(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    for days_ago in range(1, 15):
        checkin(family, days_ago, notes=f"Day {days_ago}")
    at = log_page(tables=True)

    def notes_shown(at: AppTest) -> list[str]:
        return [t.value for t in at.text if "Day " in t.value]

    assert len(notes_shown(at)) == 7
    at = submit(at, "Show 7 more")
    assert len(notes_shown(at)) == 14
    assert not [b for b in at.button if b.label.startswith("Show ")]
    assert len(at.dataframe[0].value) == 14, "the table below holds every one of them"


def test_notes_in_the_history_are_plain_text(
    family: HouseholdStore, markdown_payload: str, log_page: Callable[..., AppTest]
) -> None:
    checkin(family, 1, notes=markdown_payload)
    at = log_page(tables=True)
    assert markdown_payload in list(at.dataframe[0].value["Note"])
    assert not any(markdown_payload in m.value for m in at.markdown)


def test_edit_a_checkin_from_the_history(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = checkin(family, 2, notes="Quiet")
    at = open_entry(log_page(), "Check-ins", entry.id)
    edit_form = [t for t in at.text_area if t.value == "Quiet"]
    assert edit_form, "the edit form starts from the entry's own values"
    edit_form[0].input("Quiet, then a long walk together")
    at = submit(at, "Save changes")
    assert not at.error
    assert any("changes are saved" in s.value for s in at.success)
    stored = family.get(DailyCheckin, entry.id)
    assert (stored.notes, stored.version, stored.day) == (
        "Quiet, then a long walk together",
        2,
        entry.day,
    )


def test_a_bad_edit_is_refused_and_the_entry_is_unchanged(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = checkin(family, 2, notes="Quiet")
    at = open_entry(log_page(), "Check-ins", entry.id)
    next(t for t in at.text_area if t.value == "Quiet").input("y" * 5001)
    at = submit(at, "Save changes")
    assert "notes" in at.error[0].value
    assert family.get(DailyCheckin, entry.id) == entry


def test_moving_a_checkin_onto_a_logged_day_is_refused(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    checkin(family, 1, notes="Yesterday")
    entry = checkin(family, 2, notes="Day before")
    at = open_entry(log_page(), "Check-ins", entry.id)
    yesterday = entry.day + timedelta(days=1)
    next(d for d in at.date_input if d.value == entry.day).set_value(yesterday)
    at = submit(at, "Save changes")
    assert "'day'" in at.error[0].value
    assert "already an entry" in at.error[0].value
    assert family.get(DailyCheckin, entry.id) == entry


def test_an_edit_that_conflicts_with_another_session_is_refused(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = checkin(family, 2, notes="Quiet")
    at = open_entry(log_page(), "Check-ins", entry.id)
    # Someone else saves a change to the same entry while this edit is open.
    family.update(entry.model_copy(update={"notes": "Edited on the other phone"}))
    next(t for t in at.text_area if t.value == "Quiet").input("My edit")
    at = submit(at, "Save changes")
    assert "changed by someone else" in at.error[0].value
    assert family.get(DailyCheckin, entry.id).notes == "Edited on the other phone"
    assert any("Someone changed this entry" in w.value for w in at.warning)
    at = submit(at, "Load the latest version")
    assert [t for t in at.text_area if t.value == "Edited on the other phone"]


def test_delete_asks_first_and_can_be_undone(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date.today() - timedelta(days=1),
            text="Called grandma",
        )
    )
    at = open_entry(log_page(), "Wins", entry.id)
    at = submit(at, "Delete this entry")
    assert any("Delete this entry?" in w.value for w in at.warning)
    assert any("Called grandma" in t.value for t in at.text)
    assert family.count(SmallWin) == 1, "nothing is deleted before the person confirms"
    at = submit(at, "No, keep it")
    assert family.count(SmallWin) == 1
    at = submit(at, "Delete this entry")
    at = submit(at, "Yes, delete it")
    assert family.count(SmallWin) == 0
    assert any("Deleted" in s.value for s in at.success)
    assert any("Called grandma" in t.value for t in at.text)
    at = submit(at, "Undo delete")
    assert family.list(SmallWin) == [entry]
    assert any("Put back" in s.value for s in at.success)


def test_a_deleted_entry_can_be_put_back_later_from_the_history(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    kept = checkin(family, 2, notes="Stayed in")
    gone = checkin(family, 1, notes="Quiet evening together")
    family.delete(DailyCheckin, gone.id, by=family.family_members()[0].id)
    at = log_page()
    assert by_label(at.expander, "Deleted entries you can put back (1)")
    assert any("Quiet evening together" in t.value for t in at.text)
    at = submit(at, "Put back")
    assert any("Put back, exactly as it was." in s.value for s in at.success)
    assert sorted(c.notes for c in family.list(DailyCheckin)) == sorted([kept.notes, gone.notes])
    assert not [e for e in at.expander if "Deleted entries" in e.label]


def test_undo_after_the_day_was_logged_again_says_why_not(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = checkin(family, 1, notes="First")
    at = open_entry(log_page(), "Check-ins", entry.id)
    at = submit(at, "Delete this entry")
    at = submit(at, "Yes, delete it")
    checkin(family, 1, notes="Logged again")
    at = submit(at, "Undo delete")
    assert "could not be put back" in at.error[0].value
    assert [c.notes for c in family.list(DailyCheckin)] == ["Logged again"]


def test_my_checkins_show_only_my_own(
    family: HouseholdStore, by_label: Callable[[Any, str], Any], log_page: Callable[..., AppTest]
) -> None:
    me = family.family_members()[0]
    other = family.add(
        FamilyMember(household_id=family.id, display_name="Jo", relationship="sibling")
    )
    yesterday = date.today() - timedelta(days=1)
    for member, stress in ((me, 4), (other, 9)):
        family.add(
            CaregiverCheckin(
                household_id=family.id,
                family_member_id=member.id,
                day=yesterday,
                stress=stress,
                sleep=3,
            )
        )
    at = log_page(tables=True)
    by_label(at.radio, "Show").set_value("My check-ins")
    at = at.run()
    assert list(at.dataframe[0].value["Stress"]) == [4]


def test_edit_an_event_from_the_history(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    event = family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            kind="therapy_session",
            title="Session",
            start_date=date.today() + timedelta(days=3),
            status="planned",
        )
    )
    at = open_entry(log_page(), "Events", event.id)
    next(t for t in at.text_input if t.value == "Session").input("Family session")
    at = submit(at, "Save changes")
    assert not at.error
    assert family.get(TreatmentEvent, event.id).title == "Family session"


def test_a_refused_event_keeps_what_was_typed_and_a_saved_win_empties_the_form(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = log_page("Treatment event")
    by_label(at.text_input, "Short title").input("Riverside clinic")
    by_label(at.text_area, "Note").input("z" * 5001)
    at = submit(at, "Save event")
    assert "notes" in at.error[0].value
    assert by_label(at.text_input, "Short title").value == "Riverside clinic"
    assert family.list(TreatmentEvent) == []

    by_label(at.radio, "What would you like to log").set_value("Small win")
    at = at.run()
    by_label(at.text_area, "What went well").input("Laughed at dinner")
    at = submit(at, "Save win")
    assert [s.value for s in at.success] == ["Small win saved."]
    assert by_label(at.text_area, "What went well").value == ""


def test_history_and_edits_stay_with_the_chosen_loved_one(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    sam = family.loved_ones()[0]
    jo = family.add(LovedOne(household_id=family.id, display_name="Jo"))
    entry = checkin(family, 1, notes="About Sam")
    at = app(LOG)
    at.session_state[HISTORY_KEY] = True
    at = at.run()
    by_label(at.sidebar.selectbox, "Loved one").set_value(str(jo.id))
    at = at.run()
    assert any("No check-ins logged yet" in i.value for i in at.info), "Jo has none"
    by_label(at.sidebar.selectbox, "Loved one").set_value(str(sam.id))
    at = open_entry(at.run(), "Check-ins", entry.id)
    at = submit(at, "Save changes")
    assert family.get(DailyCheckin, entry.id).loved_one_id == sam.id


def test_a_message_quoting_typed_text_cannot_form_a_link(
    family: HouseholdStore, markdown_payload: str
) -> None:
    from dashboard.ui.kit import inert

    shown = inert(f"Small win, field 'text': {markdown_payload}")
    assert "[" not in shown.replace("\\[", "") and "]" not in shown.replace("\\]", "")


# -- earlier versions ----------------------------------------------------------------------


def test_an_opened_entry_shows_its_earlier_versions_and_restores_one(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
    markdown_payload: str,
) -> None:
    entry = checkin(family, 2, notes=f"First words {markdown_payload}")
    edited = family.update(entry.model_copy(update={"notes": "Second thoughts"}))
    at = open_entry(log_page(), "Check-ins", entry.id)
    assert [e.label for e in at.expander if e.label.startswith("Earlier versions")] == [
        "Earlier versions (1)"
    ]
    assert any(f"Note: First words {markdown_payload}" in t.value for t in at.text)
    assert not any(markdown_payload in m.value for m in at.markdown)
    at = submit(at, "Restore this version")
    assert any("Version 1 is back" in s.value for s in at.success)
    stored = family.get(DailyCheckin, entry.id)
    assert (stored.notes, stored.version) == (entry.notes, 3)
    assert [v.entry() for v in family.versions(DailyCheckin, entry.id)] == [edited, entry]
    assert [e.label for e in at.expander if e.label.startswith("Earlier versions")] == [
        "Earlier versions (2)"
    ], "the version it replaced is there to restore in turn"


def test_history_dates_are_the_family_s_days_not_utc_s(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
) -> None:
    """A change made at 10 pm in New York is dated that evening, not the next UTC day."""
    evening = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 23 Nov, 10 pm in New York
    that_day, utc_day = day_text(date(2026, 11, 23)), day_text(date(2026, 11, 24))
    edited, deleted = checkin(family, 3, notes="Before"), checkin(family, 2, notes="Gone")
    family.update(edited.model_copy(update={"notes": "After"}))
    family.delete(DailyCheckin, deleted.id, by=family.family_members()[0].id)
    with family.store.engine.begin() as connection:
        connection.execute(update(entry_versions).values(created_at=evening))
    at = open_entry(log_page(), "Check-ins", edited.id)
    [changed] = [c.value for c in at.caption if c.value.startswith("Version 1")]
    [gone] = [c.value for c in at.caption if c.value.startswith("Deleted on")]
    assert f"on {that_day}" in changed and utc_day not in changed
    assert gone.startswith(f"Deleted on {that_day}")


def test_a_restore_over_a_change_made_meanwhile_is_refused(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    entry = family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date.today() - timedelta(days=1),
            text="First",
        )
    )
    opened = family.update(entry.model_copy(update={"text": "Second"}))
    at = open_entry(log_page(), "Wins", entry.id)
    family.update(opened.model_copy(update={"text": "Third, on another phone"}))
    at = submit(at, "Restore this version")
    assert "changed by someone else" in at.error[0].value
    assert family.get(SmallWin, entry.id).text == "Third, on another phone"


def test_an_unchanged_entry_says_it_has_no_earlier_versions(
    family: HouseholdStore,
    log_page: Callable[..., AppTest],
    open_entry: Callable[[AppTest, str, Any], AppTest],
) -> None:
    entry = checkin(family, 1)
    at = open_entry(log_page(), "Check-ins", entry.id)
    assert any("No earlier versions" in c.value for c in at.caption)


def test_my_checkin_on_a_day_i_logged_shows_it_for_editing(
    family: HouseholdStore,
    by_label: Callable[[Any, str], Any],
    log_page: Callable[..., AppTest],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    me = family.family_members()[0]
    today = today_in(family.loved_ones()[0].timezone)
    mine = family.add(
        CaregiverCheckin(
            household_id=family.id,
            family_member_id=me.id,
            day=today,
            stress=8,
            sleep=2,
            notes="Long day",
        )
    )
    at = log_page("My check-in")
    assert any("already has a check-in, logged by you" in i.value for i in at.info)
    assert by_label(at.slider, "My stress").value == 8
    by_label(at.slider, "My stress").set_value(4)
    at = submit(at, "Save changes")
    stored = family.get(CaregiverCheckin, mine.id)
    assert (stored.stress, stored.notes, stored.version) == (4, "Long day", 2)
    [earlier] = family.versions(CaregiverCheckin, mine.id)
    assert earlier.entry() == mine
