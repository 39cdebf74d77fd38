"""The Boundaries page through AppTest: build, log, edit, archive and restore plans; bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard.db.schema import audit_events
from dashboard.records import BoundaryPlan, BoundaryStatusChange, today_in
from dashboard.store import HouseholdStore

PAGE = "pages/03_Boundaries.py"


def add_plan(family: HouseholdStore, **overrides: Any) -> BoundaryPlan:
    today = today_in(family.loved_ones()[0].timezone)
    values = {
        "household_id": family.id,
        "loved_one_id": family.loved_ones()[0].id,
        "area": "money",
        "boundary": "I pay the phone bill directly. I don't give cash.",
        "why_it_matters": "Cash can pay for ketamine.",
        "if_crossed": "I pay the bill myself.",
        "plan_date": today - timedelta(days=10),
        "review_date": today + timedelta(days=10),
    }
    return family.add(BoundaryPlan(**{**values, **overrides}))


def opened(at: AppTest, *expanders: str) -> AppTest:
    """Open expanders (as a person taps them) whose contents are drawn only while open."""
    for key in expanders:
        at.session_state[key] = True
    return at


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def fill_builder(at: AppTest, **values: str) -> AppTest:
    fields = {
        "plan_boundary": "I keep Thursday evenings for my family group.",
        "plan_why": "It is where I get my breath back.",
        "plan_if_crossed": "I book the next one straight away.",
        "plan_say": "I'm going to group on Thursday. It helps me support you.",
        **values,
    }
    for key, value in fields.items():
        at.text_area(key=key).input(value)
    return at


def test_empty_page_says_how_to_start(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    assert not at.exception
    assert any("No boundary plans yet" in i.value for i in at.info)
    assert at.expander[0].label == "Make a new boundary plan"


def test_no_family_yet_still_shows_tips(data_dir: Path, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    assert any("Home" in i.value for i in at.info)
    at.segmented_control(key="boundaries_section").set_value("Tips library").run()
    assert not at.exception
    assert "Pay for essentials directly, not in cash" in [e.label for e in at.expander]
    assert not [b for b in at.button if b.label == "Start a plan from this tip"]


def test_create_a_plan(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = fill_builder(app(PAGE).run())
    at.button(key="plan_save").click().run()
    assert not at.exception
    assert "Your boundary plan is saved" in at.success[0].value
    (plan,) = family.list(BoundaryPlan)
    assert plan.boundary == "I keep Thursday evenings for my family group."
    assert plan.how_to_say_it == "I'm going to group on Thursday. It helps me support you."
    assert plan.logged_by == family.family_members()[0].id
    assert plan.review_date == plan.plan_date + timedelta(days=28)
    assert "I keep Thursday evenings for my family group." in texts(at)
    assert at.text_area(key="plan_boundary").value == ""  # the builder is ready for the next


def test_start_a_plan_from_a_tip(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    at.segmented_control(key="boundaries_section").set_value("Tips library").run()
    at.selectbox(key="tips_area").set_value("money").run()
    at.button(key="tip_money-pay-essentials").click().run()
    assert at.segmented_control(key="boundaries_section").value == "My plans"
    assert "Started a plan from the tip" in at.success[0].value
    assert at.text_area(key="plan_boundary").value.startswith("I pay for essentials")
    assert at.selectbox(key="plan_area").value == "money"
    at.text_area(key="plan_why").input("Money kept going missing.")
    at.button(key="plan_save").click().run()
    (plan,) = family.list(BoundaryPlan)
    assert (plan.tip_id, plan.area, plan.why_it_matters) == (
        "money-pay-essentials",
        "money",
        "Money kept going missing.",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("plan_why", "   ", "field 'Why it matters to me': cannot be empty"),
        ("plan_boundary", "", "field 'My boundary': cannot be empty"),
        (
            "plan_if_crossed",
            "x" * 1_001,
            "field 'What I will do if it is crossed': must be at most",
        ),
        ("plan_boundary", "x" * 501, "(it has 501, and nothing was saved)"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    family: HouseholdStore, field: str, value: str, message: str, app: Callable[..., AppTest]
) -> None:
    at = fill_builder(app(PAGE).run(), **{field: value})
    at.button(key="plan_save").click().run()
    assert not at.exception
    assert message in at.error[0].value
    assert family.list(BoundaryPlan) == []
    assert at.text_area(key=field).value == value  # nothing the person typed is lost


def test_review_date_before_the_plan_date_is_refused(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = fill_builder(app(PAGE).run())
    plan_day = at.date_input(key="plan_date").value
    at.date_input(key="plan_review").set_value(plan_day - timedelta(days=1))
    at.button(key="plan_save").click().run()
    assert "field 'Review date': the review date cannot be before the plan date" in (
        at.error[0].value
    )
    assert family.list(BoundaryPlan) == []


def test_log_a_status_change(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    plan = add_plan(family)
    at = app(PAGE).run()
    at.radio(key=f"status_value_{plan.id}").set_value("tested")
    at.text_input(key=f"status_note_{plan.id}").input("Asked for cash; I offered to pay the bill.")
    at.button(key=f"status_save_{plan.id}").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Saved: tested on")
    (change,) = family.list(BoundaryStatusChange)
    assert (change.plan_id, change.status, change.note) == (
        plan.id,
        "tested",
        "Asked for cash; I offered to pay the bill.",
    )
    assert "Latest: Tested on" in texts(at)
    assert "Tested once." in texts(at)


def test_an_over_long_status_note_is_refused(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = app(PAGE).run()
    at.text_input(key=f"status_note_{plan.id}").input("n" * 5_001)
    at.button(key=f"status_save_{plan.id}").click().run()
    assert "field 'Note': must be at most 5,000 characters" in at.error[0].value
    assert family.list(BoundaryStatusChange) == []


def test_edit_a_plan_logs_it_as_revised(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    (box,) = [t for t in at.text_area if t.label == "My boundary" and t.value == plan.boundary]
    box.input("I pay the bus pass directly. No cash.")
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert not at.exception
    assert "Your changes are saved." in at.success[0].value
    saved = family.get(BoundaryPlan, plan.id)
    assert (saved.boundary, saved.version) == ("I pay the bus pass directly. No cash.", 2)
    assert [c.status for c in family.list(BoundaryStatusChange)] == ["revised"]


def test_an_edit_to_a_plan_changed_meanwhile_is_refused(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    family.update(plan.model_copy(update={"why_it_matters": "Changed in another session."}))
    (box,) = [t for t in at.text_area if t.label == "My boundary" and t.value == plan.boundary]
    box.input("My edit")
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert "changed by someone else" in at.error[0].value
    saved = family.get(BoundaryPlan, plan.id)
    assert (saved.boundary, saved.why_it_matters) == (plan.boundary, "Changed in another session.")
    assert family.list(BoundaryStatusChange) == []


def test_archive_asks_first_then_can_be_undone(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = app(PAGE).run()
    at.button(key=f"archive_{plan.id}").click().run()
    assert "Archive this plan?" in at.warning[0].value
    assert family.get(BoundaryPlan, plan.id).archived is False  # nothing happens yet
    at.button(key=f"archive_no_{plan.id}").click().run()
    assert family.get(BoundaryPlan, plan.id).archived is False

    at.button(key=f"archive_{plan.id}").click().run()
    at.button(key=f"archive_yes_{plan.id}").click().run()
    assert "Archived." in at.success[0].value
    assert family.get(BoundaryPlan, plan.id).archived is True
    assert "Archived plans (1)" in [e.label for e in at.expander]
    assert plan.boundary not in texts(at)  # drawn once the person opens the archive
    at = opened(at, "exp_archived").run()
    assert plan.boundary in texts(at)  # still viewable

    at.button(key="undo_archive").click().run()
    assert "Restored." in at.success[0].value
    assert family.get(BoundaryPlan, plan.id).archived is False


def test_restore_an_archived_plan(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    plan = add_plan(family, archived=True)
    at = opened(app(PAGE), "exp_archived").run()
    assert any("No boundary plans yet" in i.value for i in at.info)
    at.button(key=f"restore_{plan.id}").click().run()
    assert family.get(BoundaryPlan, plan.id).archived is False
    assert at.button(key=f"archive_{plan.id}")


def test_a_plan_offers_its_worksheet_as_html_and_pdf(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = app(PAGE).run()
    assert at.get("download_button") == []  # drawn only once the person opens it
    at = opened(at, f"exp_print_{plan.id}").run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Download the worksheet (HTML)"]
    at.button(key=f"worksheet_pdf_{plan.id}_make").click().run()
    assert not at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Download the worksheet (HTML)", "Download the worksheet (PDF)"]


def test_review_due_is_noticed(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    today = today_in(family.loved_ones()[0].timezone)
    add_plan(family, review_date=today)
    at = app(PAGE).run()
    assert any("due for review" in i.value for i in at.info)


def test_what_the_family_typed_is_plain_text(
    family: HouseholdStore, markdown_payload: str, app: Callable[..., AppTest]
) -> None:
    add_plan(family, boundary=markdown_payload, why_it_matters=markdown_payload)
    at = app(PAGE).run()
    assert markdown_payload in texts(at)
    assert markdown_payload not in markdown(at)


def test_pius_helper_shows_parts_and_suggestions(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at.segmented_control(key="boundaries_section").set_value("Say it with PIUS").run()
    at.text_area(key="pius_text").input("You always lie to me. Stop lying!!").run()
    shown = texts(at)
    assert "○ Positive:" in shown
    assert "✓ Brief:" in shown
    warnings = " ".join(w.value for w in at.warning)
    assert "“Always” and “never”" in warnings
    assert "score" not in (shown + warnings).lower()
    at.text_area(key="pius_text").input("I'd love to have dinner with you on Sunday.").run()
    assert "✓ Positive: “i'd love”" in texts(at)
    (use,) = [b for b in at.button if b.label == "Use these words in a new boundary plan"]
    use.click().run()
    assert at.segmented_control(key="boundaries_section").value == "My plans"
    assert at.text_area(key="plan_say").value == "I'd love to have dinner with you on Sunday."


def test_the_builder_checks_how_i_will_say_it(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at.text_area(key="plan_say").input("You never listen to me.").run()
    assert any("“Always” and “never”" in w.value for w in at.warning)


def test_guides_section(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    at.segmented_control(key="boundaries_section").set_value("Guides").run()
    assert "Positive communication (PIUS)" in [e.label for e in at.expander]


def test_archived_plans_are_listed_and_opened_one_at_a_time(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    older = add_plan(family, archived=True, boundary="An older plan, now archived.")
    newer = add_plan(family, archived=True, boundary="A newer plan, also archived.")
    at = opened(app(PAGE), "exp_archived").run()
    assert "An older plan, now archived." in texts(at)  # both listed, in one block
    assert "A newer plan, also archived." in texts(at)
    picker = at.selectbox(key="archived_pick")
    assert at.button(key=f"restore_{picker.value}")
    other = next(str(p.id) for p in (older, newer) if str(p.id) != picker.value)
    picker.set_value(other).run()
    at.button(key=f"restore_{other}").click().run()
    assert family.get(BoundaryPlan, other).archived is False


def test_a_log_entry_can_be_deleted_after_asking_and_put_back(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    kept = family.add(
        BoundaryStatusChange(
            household_id=family.id,
            plan_id=plan.id,
            day=plan.plan_date + timedelta(days=1),
            status="kept",
        )
    )
    crossed = family.add(
        BoundaryStatusChange(
            household_id=family.id,
            plan_id=plan.id,
            day=plan.plan_date + timedelta(days=2),
            status="crossed",
            note="Logged on the wrong plan",
        )
    )
    at = opened(app(PAGE), f"exp_delete_{plan.id}").run()
    at.selectbox(key=f"status_pick_{plan.id}").set_value(str(crossed.id)).run()
    at.button(key=f"status_delete_{plan.id}").click().run()
    assert any("Delete this entry from the log?" in w.value for w in at.warning)
    assert "Crossed · Logged on the wrong plan" in texts(at)
    assert family.count(BoundaryStatusChange) == 2, "nothing is deleted before the person says so"
    at.button(key=f"status_delete_no_{plan.id}").click().run()
    assert family.count(BoundaryStatusChange) == 2

    at.button(key=f"status_delete_{plan.id}").click().run()
    at.button(key=f"status_delete_yes_{plan.id}").click().run()
    assert not at.exception
    assert "Deleted from the log." in at.success[0].value
    assert family.list(BoundaryStatusChange) == [kept]
    assert "You deleted from a boundary's log" in texts(at)
    [kept_version] = family.versions(BoundaryStatusChange, crossed.id)
    assert kept_version.change == "deleted", "the history keeps it until undo"

    at.button(key="undo_status_delete").click().run()
    assert "Put back in the log" in at.success[0].value
    assert family.list(BoundaryStatusChange) == [kept, crossed]


def test_pius_helper_says_smart_family_and_friends_calls_it_piva(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at.segmented_control(key="boundaries_section").set_value("Say it with PIUS").run()
    captions = " ".join(c.value for c in at.caption)
    assert "PIVA" in captions and "Ask how to help" in captions
    assert "SMART Recovery Family & Friends" in captions


def test_a_worksheet_download_at_home_writes_no_audit(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    """Home mode has no audit: clicking a download writes nothing anywhere."""
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_print_{plan.id}").run()
    at.download_button(key=f"worksheet_html_{plan.id}").click().run()
    assert not at.exception
    with family.store.reading() as connection:
        assert connection.scalar(select(func.count()).select_from(audit_events)) == 0


def test_with_several_plans_their_forms_are_drawn_once_opened_and_kept(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    first = add_plan(family)
    second = add_plan(family, boundary="I keep Thursday evenings for my group.")
    at = app(PAGE).run()
    assert not at.exception
    assert [e.label for e in at.expander].count("Log how it went") == 2
    assert not at.get("radio")  # closed, so not drawn: a rerun costs nothing for them
    assert not [t for t in at.text_area if t.key == "plan_boundary"]

    at = opened(at, f"exp_log_{first.id}").run()
    assert at.radio(key=f"status_value_{first.id}")
    assert not [r for r in at.radio if r.key == f"status_value_{second.id}"]
    at.session_state[f"exp_log_{first.id}"] = False  # folded away again
    at.run()
    # Still drawn (hidden), as an ordinary expander's form is: what was typed stays there.
    assert at.text_input(key=f"status_note_{first.id}")


def test_a_tip_opens_the_builder_beside_existing_plans(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    add_plan(family)
    at = app(PAGE).run()
    assert not [t for t in at.text_area if t.key == "plan_boundary"]
    at.segmented_control(key="boundaries_section").set_value("Tips library").run()
    at.selectbox(key="tips_area").set_value("money").run()
    at.button(key="tip_money-pay-essentials").click().run()
    assert not at.exception
    assert at.text_area(key="plan_boundary").value.startswith("I pay for essentials")


def edit_box(at: AppTest, label: str) -> Any:
    """The plan edit form's text area labelled exactly `label`."""
    (box,) = [t for t in at.text_area if t.label == label]
    return box


EDIT_LABELS = (
    "My boundary",
    "Why it matters to me",
    "What I will do if it is crossed",
    "How I will say it",
)


def edit_ids(at: AppTest) -> list[str]:
    """The edit form's widget ids: while they stay the same, the browser keeps what is
    being typed in them (a form sends its values only when submitted)."""
    return [edit_box(at, label).id for label in EDIT_LABELS] + [at.date_input[-1].id]


def test_words_typed_into_a_plan_edit_outlive_another_members_change(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    ids = edit_ids(at)
    theirs = family.update(plan.model_copy(update={"why_it_matters": "Their words, saved."}))
    at.run()  # e.g. this person opened another part of the page meanwhile
    assert not at.exception
    assert any("Someone changed this plan" in w.value for w in at.warning)
    assert edit_ids(at) == ids, "a new widget would drop what is being typed in it"
    assert edit_box(at, "Why it matters to me").value == plan.why_it_matters

    # Saving against the version this person opened is refused: theirs stays as it is,
    # and what this person typed stays in the form.
    edit_box(at, "Why it matters to me").input("My own words, typed here.")
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert "changed by someone else" in at.error[0].value
    assert family.get(BoundaryPlan, plan.id) == theirs
    assert family.list(BoundaryStatusChange) == []
    assert edit_box(at, "Why it matters to me").value == "My own words, typed here."
    at.run()
    assert any("Someone changed this plan" in w.value for w in at.warning)
    assert edit_box(at, "Why it matters to me").value == "My own words, typed here."


def test_a_save_sent_as_another_member_saves_keeps_the_words_typed(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    edit_box(at, "Why it matters to me").input("My own words, typed here.")
    theirs = family.update(plan.model_copy(update={"why_it_matters": "Their words, saved."}))
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert "changed by someone else" in at.error[0].value
    assert any("Someone changed this plan" in w.value for w in at.warning)
    assert family.get(BoundaryPlan, plan.id) == theirs
    assert edit_box(at, "Why it matters to me").value == "My own words, typed here."


def test_loading_the_latest_plan_keeps_the_words_typed_beside_it(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    family.update(plan.model_copy(update={"boundary": "I pay the bus pass directly."}))
    at.run()
    edit_box(at, "Why it matters to me").input("My own words, typed here.")
    at.button(key=f"reload_{plan.id}").click().run()
    assert not at.exception
    assert not any("Someone changed this plan" in w.value for w in at.warning)
    # The form shows the latest plan; what this person typed is still on screen, as text.
    assert edit_box(at, "My boundary").value == "I pay the bus pass directly."
    assert edit_box(at, "Why it matters to me").value == plan.why_it_matters
    assert "Why it matters to me:\nMy own words, typed here." in texts(at)

    at.button(key=f"plan_put_back_{plan.id}").click().run()
    assert edit_box(at, "Why it matters to me").value == "My own words, typed here."
    assert "My own words, typed here." not in texts(at)
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert not at.exception
    saved = family.get(BoundaryPlan, plan.id)
    assert (saved.boundary, saved.why_it_matters, saved.version) == (
        "I pay the bus pass directly.",
        "My own words, typed here.",
        3,
    )
    assert edit_box(at, "My boundary").value == "I pay the bus pass directly."
    assert edit_box(at, "Why it matters to me").value == "My own words, typed here."


def test_words_kept_at_a_reload_can_be_let_go(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    family.update(plan.model_copy(update={"boundary": "I pay the bus pass directly."}))
    at.run()
    edit_box(at, "How I will say it").input("I'll pay the pass; I won't give cash.")
    at.button(key=f"reload_{plan.id}").click().run()
    assert "How I will say it:\nI'll pay the pass; I won't give cash." in texts(at)
    at.button(key=f"plan_let_go_{plan.id}").click().run()
    assert not at.exception
    assert "I won't give cash" not in texts(at)
    assert edit_box(at, "How I will say it").value == ""


def test_after_a_save_the_edit_form_starts_from_the_saved_plan(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    edit_box(at, "My boundary").input("  I pay the bus pass directly. No cash.\n")
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert not at.exception
    saved = family.get(BoundaryPlan, plan.id)
    assert saved.boundary == "I pay the bus pass directly. No cash."
    # The form shows the plan as saved (tidied), not the words as they were typed.
    assert edit_box(at, "My boundary").value == saved.boundary
    # A later change by someone else is noticed against the saved version.
    family.update(saved.model_copy(update={"if_crossed": "I pay it and we talk on Sunday."}))
    at.run()
    assert any("Someone changed this plan" in w.value for w in at.warning)
    assert edit_box(at, "What I will do if it is crossed").value == saved.if_crossed


def test_a_plan_with_no_review_date_is_edited_without_one(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    plan = add_plan(family, review_date=None)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    assert at.date_input[-1].value is None
    edit_box(at, "My boundary").input("I pay the bus pass directly.")
    at.button(key=f"edit_save_{plan.id}").click().run()
    assert not at.exception
    saved = family.get(BoundaryPlan, plan.id)
    assert (saved.boundary, saved.review_date) == ("I pay the bus pass directly.", None)


def test_a_plan_edit_left_for_another_page_opens_again_from_the_latest_plan(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    """Nothing typed waits in the form once the person has been to another page, so it
    starts from the plan as it is now, with no banner about a change they never saw."""
    plan = add_plan(family)
    at = opened(app(PAGE), f"exp_edit_{plan.id}").run()
    assert edit_box(at, "My boundary").value == plan.boundary
    at.switch_page("pages/05_Log.py").run()
    family.update(plan.model_copy(update={"boundary": "I pay the bus pass directly."}))
    at.switch_page(PAGE).run()
    assert not at.exception
    assert edit_box(at, "My boundary").value == "I pay the bus pass directly."
    assert not any("Someone changed this plan" in w.value for w in at.warning)
