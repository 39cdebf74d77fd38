"""The slide deck of a session, and the facilitator's versioned notes and "run" marks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.content import GroupSession, crisis_lines, curriculum
from dashboard.facilitation import NOTE_MAX_CHARS, FacilitatorBook, NoteTooLong, deck

COURSE = curriculum()


@pytest.mark.parametrize("session", COURSE.sessions, ids=lambda s: f"session-{s.number}")
def test_the_deck_opens_with_the_statement_and_ends_with_the_help_lines(
    session: GroupSession,
) -> None:
    slides = deck(session, COURSE.programme, crisis_lines("UK"))
    assert slides[0].lead == COURSE.programme.opening_statement
    assert slides[-1].kind == "help"
    assert any("999" in point for point in slides[-1].points)
    discussion = [s for s in slides if s.kind == "discussion"]
    assert len(discussion) == 1 and discussion[0].points == tuple(session.discussion)
    # every timed part is on screen, and slides of one part share its timer
    assert sorted({s.segment for s in slides}) == list(range(len(session.segments)))
    assert sum({s.segment: s.minutes for s in slides}.values()) == session.minutes


def test_notes_keep_every_version(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    assert book.note(3) == "" and book.versions(3) == []
    assert book.save_note(3, "Start the role-play earlier.")
    assert book.save_note(3, "Start the role-play earlier. Fewer talk points.")
    assert not book.save_note(3, "Start the role-play earlier. Fewer talk points.")
    again = FacilitatorBook(tmp_path)  # read back from the file, as a new session would
    assert again.note(3) == "Start the role-play earlier. Fewer talk points."
    assert [v.text for v in again.versions(3)] == [
        "Start the role-play earlier.",
        "Start the role-play earlier. Fewer talk points.",
    ]
    assert again.note(4) == ""


def test_a_note_over_the_limit_is_refused_whole(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    book.save_note(1, "kept")
    with pytest.raises(NoteTooLong, match="Nothing was saved"):
        book.save_note(1, "x" * (NOTE_MAX_CHARS + 1))
    assert book.note(1) == "kept"


@pytest.mark.parametrize(
    ("marked", "expected"),
    [([], 1), ([1], 2), ([1, 2, 3], 4), ([2], 3), ([1, 5], 6), ([10], 10)],
)
def test_this_week_is_the_session_after_the_last_one_run(
    tmp_path: Path, marked: list[int], expected: int
) -> None:
    book = FacilitatorBook(tmp_path)
    for number in marked:
        book.mark_run(number, date(2026, 11, number))
    assert book.this_week(COURSE) == expected


def test_unmarking_a_run_moves_this_week_back(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    book.mark_run(1, date(2026, 11, 3))
    book.mark_run(2, date(2026, 11, 10))
    book.unmark_run(2)
    assert book.runs() == {1: date(2026, 11, 3)}
    assert book.this_week(COURSE) == 2


def test_the_file_holds_no_family_and_is_written_whole(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path / "new")  # the folder is made on first save
    book.save_note(2, "Room was cold.")
    data = json.loads(book.path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "version", "notes", "run"}
    assert [p.name for p in book.path.parent.iterdir()] == ["facilitator.json"]
