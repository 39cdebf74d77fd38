"""The CRAFT skills page, the session summary's boundaries and the facilitator's worksheets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.records import (
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
    today_in,
)
from dashboard.store import HouseholdStore, Store
from dashboard.text import day_text

PAGE = "pages/04_CRAFT_skills.py"


def today(family: HouseholdStore) -> date:
    return today_in(family.loved_ones()[0].timezone)


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def section(at: AppTest, name: str) -> AppTest:
    return at.segmented_control(key="craft_section").set_value(name).run()


def by_label(elements: object, label: str) -> object:
    matches = [e for e in elements if e.label.startswith(label)]
    assert matches, f"no element labelled {label!r}"
    return matches[0]


# -- response log ---------------------------------------------------------------------------


def test_empty_response_log_says_what_to_do(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    assert not at.exception
    assert any("No responses logged yet" in i.value for i in at.info)


def test_log_a_response(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    at.radio(key="response_saw").set_value("not_using")
    at.radio(key="response_did").set_value("rewarded_non_use")
    at.text_input(key="response_what_i_did").input("Said I loved cooking with them.")
    at.text_area(key="response_happened").input("They cooked again on Sunday.")
    at.text_input(key="response_felt").input("Hopeful")
    at.button(key="response_save").click().run()
    assert not at.exception
    assert "Your response is saved." in at.success[0].value
    assert at.text_input(key="response_felt").value == ""  # ready for the next one
    (response,) = family.list(CraftResponse)
    assert (response.saw, response.did, response.day) == (
        "not_using",
        "rewarded_non_use",
        today(family),
    )
    assert response.logged_by == family.family_members()[0].id
    shown = texts(at)
    assert "When you saw no use, you rewarded it." in shown
    assert "What happened next: They cooked again on Sunday." in shown


def test_an_over_long_response_is_refused_and_nothing_saved(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at.text_input(key="response_felt").input("x" * 501)
    at.button(key="response_save").click().run()
    assert "Response, field 'How I felt': must be at most 500 characters" in at.error[0].value
    assert family.list(CraftResponse) == []
    assert at.text_input(key="response_felt").value == "x" * 501  # nothing typed is lost


def test_a_response_can_be_deleted_after_asking_and_put_back(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    common = {"household_id": family.id, "loved_one_id": family.loved_ones()[0].id}
    first = family.add(
        CraftResponse(**common, day=today(family), saw="not_using", did="rewarded_non_use")
    )
    wrong = family.add(
        CraftResponse(
            **common,
            day=today(family),
            saw="using",
            did="stepped_away",
            what_happened="Logged for the wrong day",
        )
    )
    at = app(PAGE)
    at.session_state["exp_delete_response"] = True  # the expander, opened as a person taps it
    at = at.run()
    at.selectbox(key="craft_response_pick").set_value(str(wrong.id)).run()
    at.button(key="response_delete").click().run()
    assert any("Delete this response from the log?" in w.value for w in at.warning)
    assert "Logged for the wrong day" in texts(at)
    assert family.count(CraftResponse) == 2, "nothing is deleted before the person says so"
    at.button(key="response_delete_yes").click().run()
    assert not at.exception
    assert "Deleted from the log." in at.success[0].value
    assert family.list(CraftResponse) == [first]
    assert "You deleted a response" in texts(at)
    at.button(key="undo_response_delete").click().run()
    assert "Put back in the log" in at.success[0].value
    assert family.list(CraftResponse) == [first, wrong]


def test_patterns_over_a_chosen_span(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    loved_one = family.loved_ones()[0].id
    for offset, saw, did in ((0, "using", "stepped_away"), (60, "not_using", "rewarded_non_use")):
        family.add(
            CraftResponse(
                household_id=family.id,
                loved_one_id=loved_one,
                day=today(family) - timedelta(days=offset),
                saw=saw,
                did=did,
            )
        )
    at = app(PAGE).run()
    assert "2 responses logged" in texts(at)
    at.radio(key="response_span").set_value("Last 4 weeks").run()
    assert "1 response logged" in texts(at)
    assert "When you saw use, you stepped away." in texts(at)
    assert "score" not in texts(at).lower()


# -- invitation to treatment ----------------------------------------------------------------


def test_line_up_a_programme(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = section(app(PAGE).run(), "Invitation to treatment")
    assert any("No programmes lined up yet" in i.value for i in at.info)
    by_label(at.text_input, "Programme name").input("Riverside clinic")
    by_label(at.text_input, "Phone").input("call me!")
    at.button(key="option_save").click().run()
    assert "Treatment option, field 'Phone': can only hold digits" in at.error[0].value
    assert family.list(TreatmentOption) == []
    by_label(at.text_input, "Phone").input("555-0142")
    at.button(key="option_save").click().run()
    assert "The programme is saved." in at.success[0].value
    (option,) = family.list(TreatmentOption)
    assert (option.name, option.phone) == ("Riverside clinic", "555-0142")
    assert "✓ A programme is lined up, with a phone number" in texts(at)


def test_plan_an_invitation_then_log_the_answer(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    option = family.add(TreatmentOption(household_id=family.id, name="Clinic", phone="555-0142"))
    at = section(app(PAGE).run(), "Invitation to treatment")
    at.checkbox(key="sign_new_remorse").check()
    at.selectbox(key="invitation_option_new").set_value(option.id)
    at.text_area(key="invitation_words_new").input("You never listen.").run()
    assert any("“Always” and “never”" in w.value for w in at.warning)  # the PIUS helper
    at.text_area(key="invitation_words_new").input("I love you. Would you call with me?")
    at.text_area(key="invitation_if_no_new").input("Keep the number on the fridge.")
    at.button(key="invitation_save").click().run()
    assert "Your invitation plan is saved." in at.success[0].value
    (plan,) = family.list(TreatmentInvitation)
    assert (plan.sign_ids, plan.option_id, plan.outcome) == (
        ["remorse"],
        option.id,
        "not_yet_asked",
    )
    assert "✓ You have noticed a sign of a window of opportunity" in texts(at)

    at.radio(key="invitation_outcome").set_value("thinking")
    at.button(key="invitation_outcome_save").click().run()
    assert "asking took courage" in at.success[0].value
    saved = family.get(TreatmentInvitation, plan.id)
    assert (saved.outcome, saved.asked_on) == ("thinking", today(family))
    assert "Invitations so far (1)" in [e.label for e in at.expander]


def test_an_invitation_without_words_is_refused(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = section(app(PAGE).run(), "Invitation to treatment")
    at.button(key="invitation_save").click().run()
    assert "field 'The words I will use': cannot be empty" in at.error[0].value
    assert family.list(TreatmentInvitation) == []


# -- sober activities -----------------------------------------------------------------------


def test_add_an_activity_and_log_a_day(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = section(app(PAGE).run(), "Sober activities")
    assert any("No activities yet" in i.value for i in at.info)
    by_label(at.text_input, "Activity").input("Cold-water swimming")
    at.button(key="activity_save").click().run()
    assert "on your map" in at.success[0].value
    (activity,) = family.list(SoberActivity)

    at.date_input(key=f"occasion_day_{activity.id}").set_value(today(family) + timedelta(days=2))
    at.radio(key=f"occasion_status_{activity.id}").set_value("done")
    at.button(key=f"occasion_save_{activity.id}").click().run()
    assert "field 'Day': cannot be in the future" in at.error[0].value
    assert family.list(ActivityOccasion) == []

    at.radio(key=f"occasion_status_{activity.id}").set_value("planned")
    at.button(key=f"occasion_save_{activity.id}").click().run()
    assert at.success[0].value.startswith("Saved: planned on")
    assert "Not done together yet, next planned for" in texts(at)

    at.button(key=f"activity_archive_{activity.id}").click().run()
    assert family.get(SoberActivity, activity.id).archived is True
    at.button(key=f"activity_restore_{activity.id}").click().run()
    assert family.get(SoberActivity, activity.id).archived is False


def test_an_activity_needs_a_name(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = section(app(PAGE).run(), "Sober activities")
    at.button(key="activity_save").click().run()
    assert "Sober activity, field 'Activity': cannot be empty" in at.error[0].value
    assert family.list(SoberActivity) == []


@pytest.mark.parametrize("name", ["Response log", "Invitation to treatment", "Sober activities"])
def test_demo_family_sections(data_dir: Path, name: str, app: Callable[..., AppTest]) -> None:
    load_demo(Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}")))
    at = section(app(PAGE).run(), name)
    assert not at.exception
    assert not at.error
    assert texts(at)


def test_guides_need_no_family(data_dir: Path, app: Callable[..., AppTest]) -> None:
    at = section(app(PAGE).run(), "Guides")
    assert not at.exception
    assert "Positive communication (PIUS)" in [e.label for e in at.expander]


# -- session summary and facilitator --------------------------------------------------------


def test_session_summary_shows_boundaries_and_responses(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    loved_one = family.loved_ones()[0].id
    day = today(family) - timedelta(days=3)
    plan = family.add(
        BoundaryPlan(
            household_id=family.id,
            loved_one_id=loved_one,
            boundary="No cash",
            why_it_matters="It matters.",
            if_crossed="I pay bills directly.",
            plan_date=day - timedelta(days=30),
        )
    )
    for status in ("kept", "tested", "kept"):
        family.add(
            BoundaryStatusChange(household_id=family.id, plan_id=plan.id, day=day, status=status)
        )
    family.add(
        CraftResponse(
            household_id=family.id,
            loved_one_id=loved_one,
            day=day,
            saw="not_using",
            did="rewarded_non_use",
        )
    )
    at = app("pages/09_Session_summary.py").run()
    assert not at.exception
    shown = texts(at)
    assert f"{day_text(day)}: tested, “No cash”." in shown
    assert "When you saw no use, you rewarded it." in shown


def test_session_summary_with_nothing_logged(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app("pages/09_Session_summary.py").run()
    shown = " ".join(a.value for a in at.info)
    assert "Nothing was logged between" in shown


def test_facilitator_offers_blank_worksheets(data_dir: Path, app: Callable[..., AppTest]) -> None:
    at = app("pages/10_Facilitator.py").run()
    at = at.radio(key="facilitator_view").set_value("Handouts and worksheets").run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the blank worksheet (HTML)" in labels
    at.selectbox(key="blank_worksheet").set_value("response-log").run()
    at.button(key="blank_pdf_response-log_make").click().run()
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the blank worksheet (PDF)" in labels
