"""Words typed into a section's form outlive a switch to another section and back.

Streamlit forgets a widget's value on a run that does not draw it, and these pages draw one
section at a time. Each case types words (a form's words reach the app when it is submitted,
here with one box refused), switches away and back, and finds every word still there; then
it saves, and the form starts fresh, and stays so after another switch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.records import (
    BoundaryPlan,
    DailyCheckin,
    LovedOne,
    TreatmentInvitation,
    today_in,
)
from dashboard.store import HouseholdStore, NewFamily

BOUNDARIES = "pages/03_Boundaries.py"
CRAFT = "pages/04_CRAFT_skills.py"
LOG = "pages/05_Log.py"
PICKERS = {BOUNDARIES: "boundaries_section", CRAFT: "craft_section"}
LOG_CHOICE = "What would you like to log?"
NOTE = "Note (optional, up to 5,000 characters)"

Box = tuple[str, str, str]  # the kind of widget, its label, the words typed


@dataclass(frozen=True)
class SectionForm:
    page: str
    home: str
    away: str
    typed: tuple[Box, ...]
    save: str | None = None  # the save button's label
    # A box refused on the first save (so a form sends what was typed), then its good words.
    refused: tuple[str, str, str, str] | None = None
    starts_empty: bool = True  # False: an edit form starts again from what was saved


CASES = {
    "boundary plan builder": SectionForm(
        BOUNDARIES,
        "My plans",
        "Tips library",
        (
            ("text_area", "My boundary (what I will do, said about me)", "I keep Thursdays."),
            ("text_area", "Why it matters to me", "It is where I get my breath back."),
            (
                "text_area",
                "What I will do if it is crossed (a consequence I am able to keep)",
                "I book the next one straight away.",
            ),
            ("text_area", "How I will say it (optional)", "I'm going to group on Thursday."),
        ),
        save="Save this plan",
    ),
    "PIUS helper": SectionForm(
        BOUNDARIES,
        "Say it with PIUS",
        "Tips library",
        (("text_area", "What I want to say", "I feel worried when you come home late."),),
    ),
    "plan edit form": SectionForm(
        BOUNDARIES,
        "My plans",
        "Say it with PIUS",
        (("text_area", "Why it matters to me", "Cash is the hardest thing to refuse."),),
        save="Save changes",
        refused=("text_area", "My boundary", "x" * 501, "I pay the bus pass directly."),
        starts_empty=False,
    ),
    "plan status log": SectionForm(
        BOUNDARIES,
        "My plans",
        "Tips library",
        (),
        save="Save how it went",
        refused=("text_input", "Note (optional)", "x" * 5_001, "Held it calmly."),
    ),
    "CRAFT response log": SectionForm(
        CRAFT,
        "Response log",
        "Guides",
        (
            ("text_input", "What I did, in a few words (optional)", "Said I loved cooking."),
            ("text_area", "What happened next (optional)", "They cooked again on Sunday."),
        ),
        save="Save response",
        refused=("text_input", "How I felt (optional)", "x" * 501, "Hopeful"),
    ),
    "CRAFT invitation plan": SectionForm(
        CRAFT,
        "Invitation to treatment",
        "Response log",
        (
            ("text_area", "The words I will use", "I love you. Would you call with me?"),
            ("text_area", "If the answer is no, I will…", "Keep the number on the fridge."),
        ),
        save="Save my invitation plan",
        starts_empty=False,
    ),
    "CRAFT programme": SectionForm(
        CRAFT,
        "Invitation to treatment",
        "Guides",
        (
            ("text_input", "Phone", "555-0142"),
            ("text_area", "Notes (optional)", "Ask about evening groups."),
        ),
        save="Save programme",
        refused=("text_input", "Programme name", "x" * 121, "Riverside clinic"),
    ),
    "CRAFT sober activity": SectionForm(
        CRAFT,
        "Sober activities",
        "Guides",
        (("text_input", "What they enjoy about it (optional)", "The cold, then the cake."),),
        save="Save activity",
        refused=("text_input", "Activity", "x" * 121, "Swimming at the lake"),
    ),
    "Log small win": SectionForm(
        LOG,
        "Small win",
        "Check-in",
        (),
        save="Save win",
        refused=(
            "text_area",
            "What went well? (up to 500 characters)",
            "x" * 501,
            "Came to Sunday dinner",
        ),
    ),
    "Log treatment event": SectionForm(
        LOG,
        "Treatment event",
        "Small win",
        (("text_area", NOTE, "Bring the letter from the GP."),),
        save="Save event",
        refused=("text_input", "Short title (optional)", "x" * 121, "Riverside clinic"),
    ),
}


def add_plan(family: HouseholdStore) -> BoundaryPlan:
    today = today_in(family.loved_ones()[0].timezone)
    return family.add(
        BoundaryPlan(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            area="money",
            boundary="I pay the phone bill directly. I don't give cash.",
            why_it_matters="Cash can pay for ketamine.",
            if_crossed="I pay the bill myself.",
            plan_date=today - timedelta(days=10),
            review_date=today + timedelta(days=10),
        )
    )


def box(at: AppTest, kind: str, label: str) -> Any:
    (found,) = [w for w in getattr(at, kind) if w.label == label]
    return found


def show(at: AppTest, form: SectionForm, section: str) -> AppTest:
    if form.page == LOG:
        (choice,) = [r for r in at.radio if r.label == LOG_CHOICE]
        choice.set_value(section)
    else:
        at.segmented_control(key=PICKERS[form.page]).set_value(section)
    return at.run()


def click(at: AppTest, label: str) -> AppTest:
    (button,) = [b for b in at.button if b.label == label]
    button.click()
    return at.run()


def shown(at: AppTest, form: SectionForm) -> dict[str, str]:
    boxes = [*form.typed, *([form.refused[:3]] if form.refused else [])]
    return {label: box(at, kind, label).value for kind, label, _ in boxes}


@pytest.mark.parametrize("name", list(CASES))
def test_words_typed_in_a_section_outlive_a_switch_until_saved(
    family: HouseholdStore, app: Callable[..., AppTest], name: str
) -> None:
    form = CASES[name]
    at = app(form.page)
    if name.startswith("plan "):
        plan = add_plan(family)
        at.session_state[f"exp_edit_{plan.id}"] = True  # "Edit this plan" opened
    at = show(at.run(), form, form.home)
    for kind, label, words in form.typed:
        box(at, kind, label).input(words)
    if form.refused is None:
        at = at.run()
    else:
        kind, label, bad, _ = form.refused
        box(at, kind, label).input(bad)
        at = click(at, form.save)
        assert at.error, "the first save is refused"
    typed = shown(at, form)
    assert typed == {label: words for _, label, words in form.typed} | (
        {form.refused[1]: form.refused[2]} if form.refused else {}
    )

    at = show(show(at, form, form.away), form, form.home)
    assert not at.exception
    assert shown(at, form) == typed  # nothing typed is lost

    if form.save is None:
        return
    if form.refused is not None:
        kind, label, _, good = form.refused
        box(at, kind, label).input(good)
        typed[label] = good
    at = click(at, form.save)
    assert not at.exception
    assert not at.error
    fresh = {label: "" for label in typed} if form.starts_empty else typed
    assert shown(at, form) == fresh
    at = show(show(at, form, form.away), form, form.home)
    assert shown(at, form) == fresh  # a saved form's words do not come back


def test_a_new_invitation_plan_starts_empty_once_the_last_was_answered(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    """The words of a saved plan are not left waiting for the next new plan."""
    form = CASES["CRAFT invitation plan"]
    at = show(app(CRAFT).run(), form, form.home)
    for kind, label, words in form.typed:
        box(at, kind, label).input(words)
    at = click(at, form.save)
    assert [i.words for i in family.list(TreatmentInvitation)] == [form.typed[0][2]]
    at = click(at, "Save what happened")
    assert not at.error
    assert shown(at, form) == {label: "" for _, label, _ in form.typed}


@pytest.mark.parametrize(
    ("form", "away", "save", "day_key", "typed"),
    [
        (
            "Check-in",
            "Small win",
            "Save check-in",
            "daily_checkin_day",
            (("radio", "Use observed today", "none"), ("checkbox", "Went to treatment", True)),
        ),
        (
            "My check-in",
            "Treatment event",
            "Save my check-in",
            "caregiver_checkin_day",
            (("text_input", "Something I did for myself (optional)", "A walk by the river"),),
        ),
    ],
)
def test_a_refused_check_in_keeps_every_value_across_a_switch_until_saved(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    form: str,
    away: str,
    save: str,
    day_key: str,
    typed: tuple[tuple[str, str, Any], ...],
) -> None:
    """The check-in forms, one entry a day: a note too long is refused, the person looks at
    another form and comes back, and finds the whole check-in as they left it."""
    log = SectionForm(LOG, form, away, ())
    at = show(app(LOG).run(), log, form)
    for kind, label, value in typed:
        (widget,) = [w for w in getattr(at, kind) if w.label.startswith(label)]
        widget.set_value(value)
    box(at, "text_area", NOTE).input("x" * 5_001)
    at = click(at, save)
    assert at.error, "the first save is refused"

    at = show(show(at, log, away), log, form)
    assert not at.exception
    assert box(at, "text_area", NOTE).value == "x" * 5_001
    for kind, label, value in typed:
        (widget,) = [w for w in getattr(at, kind) if w.label.startswith(label)]
        assert widget.value == value, label

    box(at, "text_area", NOTE).input("A calmer evening")
    at = click(at, save)
    assert not at.error
    at.date_input(key=day_key).set_value(at.date_input(key=day_key).value - timedelta(days=1))
    at = at.run()
    assert box(at, "text_area", NOTE).value == "", "the next day's form starts empty"


# -- kept words belong to their entry, their person and their plan's version ---------------


def _log_checkin(family: HouseholdStore, days_ago: int, notes: str, **values: Any) -> None:
    today = today_in(family.loved_ones()[0].timezone)
    family.add(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=today - timedelta(days=days_ago),
            notes=notes,
            **{"mood": 3, "sleep": 3, **values},
        )
    )


def _note(at: AppTest) -> str:
    return box(at, "text_area", NOTE).value


def _go_to_day(at: AppTest, days_back: int) -> AppTest:
    field = at.date_input(key="daily_checkin_day")
    field.set_value(field.value + timedelta(days=days_back))
    return at.run()


def _family(at: AppTest, chosen: HouseholdStore) -> AppTest:
    """Choose a family in the sidebar."""
    (picker,) = [s for s in at.sidebar.selectbox if s.label == "Family"]
    picker.set_value(str(chosen.id))
    return at.run()


def test_words_typed_for_one_family_never_show_in_another_familys_form(
    family: HouseholdStore, app: Callable[..., AppTest], open_store: Any, data_dir: Any
) -> None:
    other = open_store(data_dir).create_family(NewFamily("Other family", "Jo", "Kim"))
    _log_checkin(family, 1, "", mood=1, sleep=1)
    _log_checkin(other, 1, "", mood=5, sleep=5)
    at = _family(app(LOG).run(), family)
    box(at, "text_area", NOTE).input("Sam hid pills in the garage. " + "x" * 5_000)
    at = click(at, "Save check-in")
    assert at.error, "refused, and kept"
    at = _family(at, other)
    assert not at.exception
    assert _note(at) == "", "one family's words in another family's form"
    (mood,) = [s for s in at.select_slider if s.label.startswith("Mood")]
    assert mood.value == 5, "the defaults are the other family's own"
    at = _family(at, family)
    assert _note(at).startswith("Sam hid pills"), "and they wait in their own family's form"


def test_replacing_another_days_entry_leaves_the_words_waiting_for_today(
    family: HouseholdStore, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    _log_checkin(family, 1, "Yesterday's")
    at = app(LOG).run()
    box(at, "text_area", NOTE).input("Today, long: " + "x" * 5_000)
    at = click(at, "Save check-in")
    assert at.error
    at = _go_to_day(at, -1)
    by_label(at.radio, "What would you like to do?").set_value("replace")
    at = at.run()
    box(at, "text_area", NOTE).input("Yesterday, replaced")
    at = click(at, "Replace the entry for that day")
    assert not at.error
    at = _go_to_day(at, 1)
    assert _note(at).startswith("Today, long"), "the words typed for today are still there"


def test_words_let_go_for_the_entry_someone_else_logged_do_not_move_to_another_day(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(LOG).run()
    _log_checkin(family, 0, "Logged on the other phone")
    box(at, "text_area", NOTE).input("Mine, typed at the same time")
    at = click(at, "Save check-in")
    at = click(at, "Keep that entry")
    at = _go_to_day(at, -1)
    assert _note(at) == "", "words the person let go are not put in another day's form"


def test_an_invitation_plan_changed_by_another_member_is_named_never_overwritten(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    form = CASES["CRAFT invitation plan"]
    words = "The words I will use"
    at = show(app(CRAFT).run(), form, form.home)
    box(at, "text_area", words).input("Mine, first")
    at = click(at, "Save my invitation plan")
    [plan] = family.list(TreatmentInvitation)

    # Nothing typed since: the form follows another member's save.
    at = show(at, form, form.away)
    plan = family.update(plan.model_copy(update={"words": "Theirs, later"}))
    at = show(at, form, form.home)
    assert box(at, "text_area", words).value == "Theirs, later"
    assert not at.warning

    # Words typed, then another member saves: named, kept, and never saved over theirs.
    box(at, "text_area", words).input("Mine, again")
    at = show(show(at.run(), form, form.away), form, form.home)
    family.update(plan.model_copy(update={"words": "Theirs, once more"}))
    at = at.run()
    assert box(at, "text_area", words).value == "Mine, again"
    assert any("Someone changed this plan" in w.value for w in at.warning)
    at = click(at, "Save changes to my plan")
    assert at.error, "a save against the version they opened is refused"
    assert [p.words for p in family.list(TreatmentInvitation)] == ["Theirs, once more"]
    assert box(at, "text_area", words).value == "Mine, again"
    at = click(at, "Load the latest version")
    assert box(at, "text_area", words).value == "Theirs, once more"


def test_a_save_for_one_loved_one_leaves_the_words_waiting_for_another(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    first = family.loved_ones()[0]
    second = family.add(LovedOne(household_id=family.id, display_name="Jo"))

    def choose(at: AppTest, loved_one: LovedOne) -> AppTest:
        (picker,) = [s for s in at.sidebar.selectbox if s.label == "Loved one"]
        picker.set_value(str(loved_one.id))
        return at.run()

    at = choose(app(LOG).run(), second)
    box(at, "text_area", NOTE).input("Jo's long day. " + "x" * 5_000)
    at = click(at, "Save check-in")
    assert at.error, "refused, and kept"
    at = choose(at, first)
    assert _note(at) == "", "Jo's words are not in Sam's form"
    box(at, "text_area", NOTE).input("Sam's calm day")
    at = click(at, "Save check-in")
    assert not at.error
    at = choose(at, second)
    assert _note(at).startswith("Jo's long day"), "still waiting in Jo's form"
