"""Every page through AppTest: empty, with the demo family, and each form's paths."""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.demo import load_demo
from dashboard.records import DailyCheckin, SmallWin, WarningSignTick
from dashboard.store import HouseholdStore, Store

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "pages").glob("*.py"))
ALL_PAGES = [None, *PAGES]


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_empty_with_crisis_lines(
    data_dir: Any,
    page: str | None,
    app: Callable[..., AppTest],
    crisis_bar: Callable[[AppTest], str],
) -> None:
    at = app(page).run()
    assert not at.exception
    assert "call 911" in crisis_bar(at)
    assert "988" in crisis_bar(at)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_renders_the_demo_family(
    data_dir: Any,
    page: str | None,
    app: Callable[..., AppTest],
    crisis_bar: Callable[[AppTest], str],
    open_store: Callable[[Any], Store],
) -> None:
    load_demo(open_store(data_dir))
    at = app(page).run()
    assert not at.exception
    assert crisis_bar(at)
    if page != "pages/11_Get_help_now.py":  # its red box is the emergency call-out
        assert not at.error


@pytest.mark.parametrize(
    "page",
    [p for p in PAGES if any(n in p for n in ("Log", "Timeline", "Wins", "Self_care", "Summary"))],
)
def test_family_pages_say_how_to_start_when_empty(
    data_dir: Any, page: str, app: Callable[..., AppTest]
) -> None:
    at = app(page).run()
    assert any("Home" in info.value for info in at.info)


def test_onboarding_creates_a_family(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    by_label(at.text_input, "Family name").input("The Rivera family")
    by_label(at.text_input, "Your loved one").input("Sam")
    by_label(at.text_input, "Your first name").input("Maria")
    at = submit(at, "Create my family")
    assert not at.exception
    assert [t.value for t in at.title] == ["Today"]
    assert [h.name for h in open_store(data_dir).households()] == ["The Rivera family"]


def test_onboarding_with_a_missing_name_says_which_and_saves_nothing(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app().run()
    by_label(at.text_input, "Your first name").input("Maria")
    at = submit(at, "Create my family")
    assert "display_name" in at.error[0].value
    assert "Loved one" in at.error[0].value
    assert open_store(data_dir).households() == []


def test_explore_the_demo_family(data_dir: Any, app: Callable[..., AppTest]) -> None:
    at = app().run()
    at.button(key="load_demo").click()
    at = at.run()
    assert [t.value for t in at.title] == ["Today"]
    assert any("demo family" in i.value for i in at.sidebar.info)


def test_user_text_is_shown_as_plain_text(
    family: HouseholdStore, markdown_payload: str, app: Callable[..., AppTest]
) -> None:
    family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date.today() - timedelta(days=1),
            text=markdown_payload,
        )
    )
    at = app("pages/07_Wins.py").run()
    assert markdown_payload in [t.value for t in at.text]
    assert not any(markdown_payload in m.value for m in at.markdown)


def test_changing_region_changes_the_crisis_lines(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    crisis_bar: Callable[[AppTest], str],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app("pages/12_Settings.py").run()
    by_label(at.selectbox, "Region").set_value("UK")
    at = submit(at, "Save")
    assert "call 999" in crisis_bar(at)
    assert "Samaritans" in crisis_bar(at)


def test_delete_needs_typed_confirmation(
    family: HouseholdStore,
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    open_store: Callable[[Any], Store],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app("pages/12_Settings.py").run()
    delete = by_label(at.button, "Delete everything")
    assert delete.disabled
    at.text_input(key="delete_confirmation").input("DELETE")
    at = at.run()
    at = submit(at, "Delete everything")
    assert not at.exception
    assert open_store(data_dir).households() == []


def test_learn_search_finds_a_module_by_a_word_in_its_body(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app("pages/01_Learn.py").run()
    by_label(at.text_input, "Search").input("hydronephrosis")
    at = at.run()
    found = [b for b in at.button if "bladder" in b.label.lower()]
    assert found
    found[0].click()
    at = at.run()
    assert "bladder" in at.header[0].value.lower()
    assert any("hydronephrosis" in m.value.lower() for m in at.markdown)


def test_a_guide_opens_alone_and_leads_to_the_next_in_the_path(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app("pages/01_Learn.py").run()
    assert not at.expander, "no guide body is rendered until one is opened"
    by_label(at.button, "What ketamine is").click()
    at = at.run()
    assert [h.value for h in at.header] == ["What ketamine is"]
    next_button = by_label(at.button, "Next in the path")
    next_button.click()
    at = at.run()
    assert at.header[0].value != "What ketamine is"
    at = submit(at, "← All guides")
    assert not at.header
    assert by_label(at.button, "What ketamine is")


def test_get_help_now_lists_the_numbers_for_the_region(
    data_dir: Any, app: Callable[..., AppTest]
) -> None:
    at = app("pages/11_Get_help_now.py").run()
    shown = " ".join(m.value for m in at.markdown)
    for number in ("call 911", "1-800-662-4357", "1-800-222-1222", "text HOME to 741741"):
        assert number in shown


def test_session_summary_reports_the_period(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date.today() - timedelta(days=2),
            mood=3,
            sleep=3,
            observed_use="none",
        )
    )
    at = app("pages/09_Session_summary.py").run()
    text = " ".join(t.value for t in at.text)
    assert "Days with a check-in: 1 of 28 days." in text
    assert "Use-free days: 1 (of 1 check-in)." in text


def test_learning_path_marks_a_guide_read_and_it_survives_a_rerun(
    family: HouseholdStore,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = app("pages/01_Learn.py").run()
    at = submit(at, "What ketamine is")
    at.checkbox(key="read_k01-what-is-ketamine").check()
    at = at.run()
    at = submit(at, "← All guides")
    assert "1 of" in at.get("progress")[0].proto.text
    assert by_label(at.button, "✓ What ketamine is")
    at = submit(app("pages/01_Learn.py").run(), "✓ What ketamine is")
    assert at.checkbox(key="read_k01-what-is-ketamine").value is True


def test_warning_signs_are_saved_and_guidance_shown(
    family: HouseholdStore, app: Callable[..., AppTest], submit: Callable[[AppTest, str], AppTest]
) -> None:
    at = app("pages/02_Warning_signs.py").run()
    at.checkbox(key="sign_regular-use_blood-in-urine").check()
    at = at.run()
    assert any("doctor" in m.value for m in at.markdown)
    at = submit(at, "Save what I noticed")
    assert "Saved 1 signs" in at.success[0].value
    assert len(family.list(WarningSignTick)) == 1
    assert any("Blood in their urine" in t.value for t in at.text)


def test_warning_signs_never_show_a_score(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app("pages/02_Warning_signs.py").run()
    for sign in ("sign_intoxicated_slurred-speech", "sign_behaviour_secrecy"):
        at.checkbox(key=sign).check()
    at = at.run()
    assert at.checkbox(key="sign_behaviour_secrecy").value is True
    shown = " ".join(m.value for m in at.markdown).lower()
    assert "score" not in shown
    assert "diagnos" not in shown or "not a diagnosis" in " ".join(c.value for c in at.caption)


def test_presentation_mode_steps_through_sections(
    data_dir: Any, app: Callable[..., AppTest]
) -> None:
    at = app("pages/10_Facilitator.py").run()
    at = at.radio(key="facilitator_view").set_value("Presentation mode").run()
    first_heading = at.header[0].value
    at = at.button(key="slide_next").click().run()
    assert at.header[0].value != first_heading
    at = at.button(key="slide_back").click().run()
    assert at.header[0].value == first_heading


def test_questions_checklist_offers_a_printable_copy(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app("pages/01_Learn.py").run()
    by_label(at.radio, "Show").set_value("Questions for a programme")
    at = at.run()
    at.checkbox(key="question_licensed").check()
    at = at.run()
    assert not at.exception
    assert at.checkbox(key="question_licensed").value is True
    downloads = [e for e in at.get("download_button") if "printable" in e.proto.label]
    assert len(downloads) == 1


def test_after_the_first_page_the_start_up_heap_is_left_out_of_garbage_collection(
    app: Callable[..., AppTest],
) -> None:
    """Libraries and Harbor's modules live as long as the server: a full collection walking
    them held every session's run for 70-170 ms under load (bench/README.md, figure 4)."""
    app("streamlit_app.py").run()
    assert gc.get_freeze_count() > 50_000
