"""The Session summary page: no family yet, the demo family, and a range with no data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from dashboard.config import Settings
from dashboard.demo import load_demo
from dashboard.records import LovedOne, SessionQuestion
from dashboard.store import HouseholdStore, Store

PAGE = "pages/09_Session_summary.py"


def _texts(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def _demo(data_dir: Path) -> HouseholdStore:
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    household, _ = load_demo(store)
    return household


def test_without_a_family_the_page_says_how_to_start(
    data_dir: Path, app: Callable[..., AppTest], crisis_bar: Callable[[AppTest], str]
) -> None:
    at = app(PAGE).run()
    assert not at.exception
    assert any("no family set up yet" in i.value for i in at.info)
    assert "988" in crisis_bar(at)


def test_the_demo_family_previews_its_report_and_offers_both_downloads(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    _demo(data_dir)
    at = app(PAGE).run()
    assert not at.exception
    headings = " ".join(m.value for m in at.markdown)
    for heading in ("At a glance", "Over time", "Questions for the care team", "If you need help"):
        assert heading in headings
    shown = _texts(at)
    assert "How can we keep weekends calm" in shown, "the demo's saved question"
    assert "The last therapy session on the timeline was on" in " ".join(
        c.value for c in at.caption
    )
    labels = [b.label for b in at.button]
    assert "Make the HTML report" in labels and "Make the PDF report" in labels
    at.button(key="session_html_make").click().run()
    assert not at.exception
    assert [d.label for d in at.get("download_button")] == ["Download the report (HTML)"]


def test_a_range_with_no_data_shows_a_kind_empty_report(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    _demo(data_dir)
    at = app(PAGE).run()
    at.segmented_control(key="session_preset").set_value("custom").run()
    by_label(at.date_input, "Custom dates").set_value((date(2001, 1, 1), date(2001, 1, 28))).run()
    assert not at.exception
    assert any("Nothing was logged between" in i.value for i in at.info)
    assert "Days with a check-in" not in _texts(at)


def test_a_question_is_saved_with_the_range_and_keeps_its_history(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household = _demo(data_dir)
    at = app(PAGE).run()
    at.segmented_control(key="session_preset").set_value("4w").run()
    by_label(at.text_area, "A question you want to ask").input("What helps with sleep?")
    by_label(at.button, "Save the question").click().run()
    assert not at.exception
    saved = [q for q in household.list(SessionQuestion) if q.text == "What helps with sleep?"]
    assert len(saved) == 1
    assert (saved[0].range_end - saved[0].range_start).days == 27
    assert "What helps with sleep?" in _texts(at)
    assert not [t for t in at.text_area if t.key == f"question_edit_{saved[0].id}"]
    at.session_state[f"exp_question_{saved[0].id}"] = True  # opened, as a person taps it
    at.run()
    at.text_area(key=f"question_edit_{saved[0].id}").input("What helps with sleep now?")
    at.button(key=f"question_save_{saved[0].id}").click().run()
    assert household.get(SessionQuestion, saved[0].id).text == "What helps with sleep now?"
    [earlier] = household.versions(SessionQuestion, saved[0].id)
    assert earlier.entry().text == "What helps with sleep?"
    assert "Earlier wording: What helps with sleep?" in _texts(at)
    at.button(key=f"question_restore_{earlier.id}").click().run()
    assert household.get(SessionQuestion, saved[0].id).text == "What helps with sleep?"
    # The box shows the wording brought back, so a later save does not undo it.
    assert at.text_area(key=f"question_edit_{saved[0].id}").value == "What helps with sleep?"


def _saved_question(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any], text: str
) -> tuple[HouseholdStore, AppTest, SessionQuestion]:
    household = _demo(data_dir)
    at = app(PAGE).run()
    by_label(at.text_area, "A question you want to ask").input(text)
    by_label(at.button, "Save the question").click().run()
    [saved] = [q for q in household.list(SessionQuestion) if q.text == text]
    return household, at, saved


def test_a_question_edit_typed_then_folded_away_is_kept(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _saved_question(data_dir, app, by_label, "Is sleep improving?")
    at.session_state[f"exp_question_{saved.id}"] = True  # opened, as a person taps it
    at.run()
    at.text_area(key=f"question_edit_{saved.id}").input("Is sleep improving at all?")
    at.session_state[f"exp_question_{saved.id}"] = False  # folded away, nothing saved yet
    at.run()
    assert at.text_area(key=f"question_edit_{saved.id}").value == "Is sleep improving at all?"
    at.button(key=f"question_save_{saved.id}").click().run()
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving at all?"


def test_deleting_a_question_asks_first_and_can_be_undone(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _saved_question(data_dir, app, by_label, "Should we change doses?")
    at.session_state[f"exp_question_{saved.id}"] = True
    at.run()
    at.button(key=f"question_delete_{saved.id}").click().run()
    assert household.get(SessionQuestion, saved.id).text == "Should we change doses?"
    at.button(key=f"question_delete_no_{saved.id}").click().run()  # kept
    assert household.get(SessionQuestion, saved.id).text == "Should we change doses?"
    at.button(key=f"question_delete_{saved.id}").click().run()
    at.button(key=f"question_delete_yes_{saved.id}").click().run()
    assert not at.exception
    assert not [q for q in household.list(SessionQuestion) if q.id == saved.id]
    at.button(key="session_question_undo_btn").click().run()
    assert not at.exception
    assert household.get(SessionQuestion, saved.id).text == "Should we change doses?"
    assert "Should we change doses?" in _texts(at)


def _edit_then_leave_the_range(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> tuple[HouseholdStore, AppTest, SessionQuestion]:
    """A question's wording changed but not saved, then dates chosen that leave it out."""
    household, at, saved = _saved_question(data_dir, app, by_label, "Is sleep improving?")
    at.session_state[f"exp_question_{saved.id}"] = True  # opened, as a person taps it
    at.run()
    at.text_area(key=f"question_edit_{saved.id}").input("Is sleep improving at all?").run()
    at.segmented_control(key="session_preset").set_value("custom").run()
    by_label(at.date_input, "Custom dates").set_value((date(2001, 1, 1), date(2001, 1, 28))).run()
    assert not at.exception
    assert not [t for t in at.text_area if t.key == f"question_edit_{saved.id}"]
    return household, at, saved


def _notice(at: AppTest) -> str:
    return "\n".join(t.value for t in [*at.text, *at.caption])


def test_a_question_edit_left_out_by_new_dates_is_named_and_kept(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _edit_then_leave_the_range(data_dir, app, by_label)
    shown = _notice(at)
    assert "not saved yet" in shown
    assert "Is sleep improving at all?" in shown
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving?"

    at.segmented_control(key="session_preset").set_value("since").run()  # back again
    assert not at.exception
    assert at.text_area(key=f"question_edit_{saved.id}").value == "Is sleep improving at all?"
    assert "not saved yet" not in _notice(at)
    at.button(key=f"question_save_{saved.id}").click().run()
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving at all?"


def test_a_question_edit_left_out_by_new_dates_can_be_saved_from_the_notice(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _edit_then_leave_the_range(data_dir, app, by_label)
    at.button(key=f"question_draft_save_{saved.id}").click().run()
    assert not at.exception
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving at all?"
    assert "Is sleep improving at all?" not in _notice(at)
    at.segmented_control(key="session_preset").set_value("since").run()
    assert at.text_area(key=f"question_edit_{saved.id}").value == "Is sleep improving at all?"


def test_a_question_edit_left_out_by_new_dates_leads_back_to_its_dates(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _edit_then_leave_the_range(data_dir, app, by_label)
    at.button(key=f"question_draft_dates_{saved.id}").click().run()
    assert not at.exception
    assert by_label(at.date_input, "Custom dates").value == (saved.range_start, saved.range_end)
    assert at.text_area(key=f"question_edit_{saved.id}").value == "Is sleep improving at all?"
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving?"  # not yet


def test_a_question_edit_left_out_by_new_dates_can_be_let_go(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    household, at, saved = _edit_then_leave_the_range(data_dir, app, by_label)
    at.button(key=f"question_draft_drop_{saved.id}").click().run()
    assert not at.exception
    assert "Is sleep improving at all?" not in _notice(at)
    at.segmented_control(key="session_preset").set_value("since").run()
    assert at.text_area(key=f"question_edit_{saved.id}").value == "Is sleep improving?"
    assert household.get(SessionQuestion, saved.id).text == "Is sleep improving?"


def test_a_question_edit_waits_with_its_own_loved_one(
    data_dir: Path, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    """Another loved one's page does not offer to save, or go back to, a question that is
    not theirs; the words wait for their own loved one's page."""
    household, at, saved = _edit_then_leave_the_range(data_dir, app, by_label)
    other = household.add(LovedOne(household_id=household.id, display_name="Jo"))
    at.run()
    (picker,) = [s for s in at.sidebar.selectbox if s.label == "Loved one"]
    picker.set_value(str(other.id)).run()
    assert not at.exception
    assert "Is sleep improving at all?" not in _notice(at)
    (picker,) = [s for s in at.sidebar.selectbox if s.label == "Loved one"]
    picker.set_value(str(saved.loved_one_id)).run()
    assert "Is sleep improving at all?" in _notice(at)
