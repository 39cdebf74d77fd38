"""The Facilitator page in AppTest: pick a session, present it, keep notes, print handouts."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.content import crisis_lines, curriculum
from dashboard.facilitation import FacilitatorBook
from dashboard.ui.kit import inert

PAGE = "pages/10_Facilitator.py"
ROOT = Path(__file__).resolve().parents[2]
COURSE = curriculum()


def _show(at: AppTest, view: str) -> AppTest:
    return at.radio(key="facilitator_view").set_value(view).run()


def test_picking_a_session_shows_its_plan(data_dir: Path, app: Callable[..., AppTest]) -> None:
    at = app(PAGE).run()
    assert at.selectbox(key="group_session").value == 1  # nothing run yet: session 1
    at = at.selectbox(key="group_session").set_value(4).run()
    session = COURSE.session(4)
    assert at.header[0].value == f"Session 4: {session.title}"
    shown = " ".join(m.value for m in at.markdown)
    assert session.take_home in shown
    assert session.facilitator_notes.if_danger in shown
    assert "| 0–5 min |" in shown  # the timings, start to end
    assert not at.exception


def test_this_week_follows_the_last_session_marked_run(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at = at.button(key="mark_run_1").click().run()
    assert at.selectbox(key="group_session").value == 2
    assert "marked as run" in at.success[0].value
    assert "(this week)" in at.selectbox(key="group_session").format_func(2)
    # a new visit (a new browser session) starts on this week's session too
    assert app(PAGE).run().selectbox(key="group_session").value == 2


def test_presentation_mode_steps_from_the_opening_statement_to_the_help_lines(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at = at.selectbox(key="group_session").set_value(4).run()
    at = _show(at, "Presentation mode")
    session = COURSE.session(4)
    assert at.header[0].value == COURSE.programme.title
    assert COURSE.programme.opening_statement in [m.value for m in at.markdown]
    assert at.button(key="slide_back").disabled
    headers = [at.header[0].value]
    captions = []
    while not at.button(key="slide_next").disabled:
        at = at.button(key="slide_next").click().run()
        headers.append(at.header[0].value)
        captions.append(" ".join(c.value for c in at.caption))
    assert "Questions to discuss" in headers
    questions = headers.index("Questions to discuss")
    assert not at.exception
    assert headers[-1] == "Help lines: United States"
    assert any("988" in m.value for m in at.markdown)
    assert len(headers) == len(set(headers)) >= len(session.segments)
    assert all(re.search(r"Slide \d+ of \d+ · .+ · \d+ minutes", c) for c in captions)
    # back one step from the end, and the questions are still their own slide
    for _ in range(len(headers) - 1 - questions):
        at = at.button(key="slide_back").click().run()
    assert at.header[0].value == "Questions to discuss"
    assert session.discussion[0] in " ".join(m.value for m in at.markdown)


def test_notes_are_saved_reloaded_and_every_version_kept(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = _show(app(PAGE).run(), "Notes")
    assert "No family's personal data belongs here" in at.info[0].value
    at.text_area(key="notes_1").input("Start the role-play earlier.").run()
    at = at.button(key="save_notes_1").click().run()
    assert "Notes saved" in at.success[0].value
    # a new visit reads them back from this computer's data folder
    at = _show(app(PAGE).run(), "Notes")
    assert at.text_area(key="notes_1").value == "Start the role-play earlier."
    at.text_area(key="notes_1").input("[x](javascript:alert(1)) shorter talk").run()
    at = at.button(key="save_notes_1").click().run()
    assert [e.label for e in at.expander] == ["Earlier versions (1)"]
    assert [t.value for t in at.text] == ["Start the role-play earlier."]
    book = FacilitatorBook(data_dir)
    assert [v.text for v in book.versions(1)] == [
        "Start the role-play earlier.",
        "[x](javascript:alert(1)) shorter talk",
    ]
    assert not at.exception
    # Restoring the first version makes it the newest, and keeps the one it replaces.
    at = at.button(key="restore_note_1_0").click().run()
    assert not at.exception, at.exception
    assert "Restored the version saved" in at.success[0].value
    assert at.text_area(key="notes_1").value == "Start the role-play earlier."
    assert [v.text for v in book.versions(1)] == [
        "Start the role-play earlier.",
        "[x](javascript:alert(1)) shorter talk",
        "Start the role-play earlier.",
    ]


def test_restoring_a_version_first_keeps_words_typed_but_not_saved(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    """Restoring empties the box: what was typed there and not saved becomes a version."""
    book = FacilitatorBook(data_dir)
    book.save_note(1, "First plan.")
    book.save_note(1, "Second plan.")
    at = _show(app(PAGE).run(), "Notes")
    at.text_area(key="notes_1").input("Typed tonight, not saved yet.").run()
    at = at.button(key="restore_note_1_0").click().run()
    assert not at.exception, at.exception
    assert "Your unsaved words were saved first" in at.success[0].value
    assert at.text_area(key="notes_1").value == "First plan."
    assert [v.text for v in book.versions(1)] == [
        "First plan.",
        "Second plan.",
        "Typed tonight, not saved yet.",
        "First plan.",
    ]


def test_handout_packs_are_offered_for_the_session_and_the_programme(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    at = at.selectbox(key="group_session").set_value(3).run()
    at = _show(at, "Handouts and worksheets")
    at = at.selectbox(key="handout_region").set_value("AU").run()
    at = at.toggle(key="handout_large").set_value(True).run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the handout pack for session 3 (HTML)" in labels
    assert "Download the handout pack for the whole programme (HTML)" in labels
    at = at.button(key="harbor-handout-session-3-large-print_pdf_make").click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the handout pack for session 3 (PDF)" in labels
    assert not at.exception


def test_the_page_reads_no_family_data() -> None:
    """Neither the page body nor the notes reach the store, the views or the database."""
    for path in (ROOT / "dashboard/ui/facilitator.py", ROOT / "dashboard/facilitation.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {
            m
            for m in modules
            if m
            and m.startswith(("dashboard.store", "dashboard.views", "dashboard.db", "sqlalchemy"))
        }


def test_unsaved_notes_survive_a_look_at_another_view(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = _show(app(PAGE).run(), "Notes")
    at = at.selectbox(key="group_session").set_value(2).run()
    at.text_area(key="notes_2").input("Half a thought").run()
    assert "Not saved yet." in [c.value for c in at.caption]
    at = _show(at, "Presentation mode")
    at = _show(at, "Notes")
    assert at.text_area(key="notes_2").value == "Half a thought"
    assert FacilitatorBook(data_dir).note(2) == ""


def test_a_damaged_notes_file_is_said_calmly_and_the_evening_still_runs(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    damaged = b'{"format": "harbor-facilitator", "notes": {"1": ['
    (data_dir / "facilitator.json").write_bytes(damaged)
    at = app(PAGE).run()
    assert not at.exception
    assert "It has not been changed" in at.warning[0].value
    assert at.selectbox(key="group_session").value == 1
    assert not at.button  # no run marks to set while the file cannot be read
    at = _show(at, "Presentation mode")
    assert at.header[0].value == COURSE.programme.title
    at = _show(at, "Notes")
    at.text_area(key="notes_1").input("Words typed before anyone noticed.").run()
    assert [b.key for b in at.button] == ["notes_set_aside"]  # no save over the damaged file
    assert (data_dir / "facilitator.json").read_bytes() == damaged
    at = at.button(key="notes_set_aside").click().run()
    assert not at.exception
    assert "kept as" in at.success[0].value
    assert at.text_area(key="notes_1").value == "Words typed before anyone noticed."
    at = at.button(key="save_notes_1").click().run()
    assert FacilitatorBook(data_dir).note(1) == "Words typed before anyone noticed."
    [kept] = data_dir.glob("facilitator-unreadable-*.json")
    assert kept.read_bytes() == damaged


def test_a_save_that_fails_keeps_the_text_and_says_so(
    data_dir: Path, app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _show(app(PAGE).run(), "Notes")

    def read_only(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("dashboard.facilitation.os.replace", read_only)
    at.text_area(key="notes_1").input("Not to be lost.").run()
    at = at.button(key="save_notes_1").click().run()
    assert not at.exception
    assert "Nothing was changed" in at.error[0].value
    assert at.text_area(key="notes_1").value == "Not to be lost."
    assert "Not saved yet." in [c.value for c in at.caption]
    at = _show(at, "Session plan").button(key="mark_run_1").click().run()
    assert not at.exception
    assert "Nothing was changed" in at.error[0].value
    assert not (data_dir / "facilitator.json").exists()


def test_marking_an_earlier_session_says_the_right_session_comes_next(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    FacilitatorBook(data_dir).mark_run(5, date(2026, 11, 24))
    at = app(PAGE).run()
    at = at.selectbox(key="group_session").set_value(2).run()
    at = at.button(key="mark_run_2").click().run()
    assert "This week's session is now 6." in at.success[0].value
    assert at.selectbox(key="group_session").value == 6


def test_the_safety_protocol_gives_the_regions_crisis_lines(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    at = app(PAGE).run()
    protocol = next(e for e in at.expander if e.label == COURSE.programme.safety_protocol.title)
    shown = " ".join(m.value for m in protocol.markdown)
    for line in crisis_lines("US").lines:
        assert line.contact in shown, line.name


def test_the_timer_of_a_part_can_be_restarted(data_dir: Path, app: Callable[..., AppTest]) -> None:
    """A rehearsal earlier in the same tab must not leave the evening's clocks run out."""

    def timer(at: AppTest) -> str:
        return json.loads(at.get("bidi_component")[0].proto.json)["timer"]

    at = _show(app(PAGE).run(), "Presentation mode")
    first = timer(at)
    at = at.button(key="slide_next").click().run()
    assert timer(at) == first  # the opening's two slides share one clock
    at = at.button(key="timer_restart").click().run()
    assert timer(at) != first
    assert timer(at).startswith("1-0-")
    assert not at.exception


def test_a_path_in_a_message_is_shown_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: Callable[..., AppTest]
) -> None:
    """The notes file's path names a folder someone chose: never rendered as Markdown."""
    folder = tmp_path / "my_*group*_[notes](javascript:alert(1))"
    folder.mkdir()
    monkeypatch.setenv("HARBOR_DATA_DIR", str(folder))
    monkeypatch.delenv("HARBOR_DATABASE_URL", raising=False)
    (folder / "facilitator.json").write_text("damaged", encoding="utf-8")
    at = app(PAGE).run()
    assert not at.exception
    warning = at.warning[0].value
    assert "*group*" not in warning and "\\](javascript" in warning  # escaped, not a link
    assert inert(str(folder)) in warning


def test_taking_a_run_mark_off_can_be_undone_with_its_day(
    data_dir: Path, app: Callable[..., AppTest]
) -> None:
    book = FacilitatorBook(data_dir)
    book.mark_run(1, date(2026, 11, 3))
    book.mark_run(2, date(2026, 11, 10))
    at = app(PAGE).run()
    at = at.selectbox(key="group_session").set_value(2).run()
    at = at.button(key="unmark_run_2").click().run()
    assert "no longer marked as run" in at.success[0].value
    assert book.runs() == {1: date(2026, 11, 3)}
    assert at.selectbox(key="group_session").value == 2  # this week's session again
    at = at.button(key="undo_unmark_run").click().run()
    assert not at.exception
    assert book.runs() == {1: date(2026, 11, 3), 2: date(2026, 11, 10)}  # its own day back
    assert at.selectbox(key="group_session").value == 3
    assert not [b for b in at.button if b.key == "undo_unmark_run"]
