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
    TreatmentInvitation,
    today_in,
)
from dashboard.store import HouseholdStore

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
