"""The slide deck of a session, and the facilitator's versioned notes and "run" marks."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest

from dashboard.content import GroupSession, crisis_lines, curriculum
from dashboard.facilitation import (
    NOTE_MAX_CHARS,
    FacilitatorBook,
    NotesUnavailable,
    NoteTooLong,
    deck,
    delete_notes,
)

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


# -- a damaged or unwritable notes file: said calmly, and nothing is lost ----------------------

DAMAGED = {
    "not JSON": b'{"format": "harbor-facilitator", "notes": {"1": [',
    "not UTF-8": b"\xff\xfe\x00notes",
    "another file": b'{"format": "something-else", "notes": {}, "run": {}}',
    "notes not a list": b'{"format": "harbor-facilitator", "notes": {"1": "x"}, "run": {}}',
    "a run mark not a day": b'{"format": "harbor-facilitator", "notes": {}, "run": {"1": "soon"}}',
    "a bare list": b"[]",
    "a saved time not a time": (
        b'{"format": "harbor-facilitator", "run": {}, '
        b'"notes": {"1": [{"text": "x", "saved_at": "[x](javascript:alert(1))"}]}}'
    ),
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_reported_calmly_and_never_overwritten(
    tmp_path: Path, content: bytes
) -> None:
    book = FacilitatorBook(tmp_path)
    book.path.write_bytes(content)
    problem = book.problem()
    assert problem is not None and "It has not been changed" in problem
    for change in (
        lambda: book.save_note(1, "new words"),
        lambda: book.mark_run(1, date(2026, 11, 3)),
        lambda: book.unmark_run(1),
    ):
        with pytest.raises(NotesUnavailable, match="cannot read"):
            change()
    assert book.path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facilitator.json"]


def test_a_damaged_file_can_be_set_aside_whole_and_a_new_one_started(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    book.path.write_bytes(DAMAGED["not JSON"])
    kept = book.set_aside()
    assert kept.parent == tmp_path and kept.name.startswith("facilitator-unreadable-")
    assert kept.read_bytes() == DAMAGED["not JSON"]
    assert book.problem() is None
    assert book.save_note(1, "A fresh start.")
    assert book.note(1) == "A fresh start."


def test_a_folder_in_place_of_the_file_is_reported_not_raised(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    book.path.mkdir()
    assert "cannot read" in (book.problem() or "")


def test_a_failed_save_changes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = FacilitatorBook(tmp_path)
    book.save_note(1, "kept")
    before = book.path.read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dashboard.facilitation.os.replace", full_disk)
    with pytest.raises(
        NotesUnavailable, match=r"\(No space left on device\)\. Nothing was changed"
    ):
        book.save_note(1, "lost?")
    assert book.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["facilitator.json"]  # no temporary left


def test_delete_notes_removes_the_file_and_any_set_aside(tmp_path: Path) -> None:
    book = FacilitatorBook(tmp_path)
    book.path.write_text("damaged", encoding="utf-8")
    book.set_aside()
    book.save_note(1, "notes")
    (tmp_path / "harbor.db").write_bytes(b"a family's database")
    assert delete_notes(tmp_path) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["harbor.db"]
    assert delete_notes(tmp_path) == 0


def test_saves_from_many_tabs_at_once_all_keep_their_version(tmp_path: Path) -> None:
    """Streamlit runs each browser tab in a thread of one process: no save may drop another."""
    start = threading.Barrier(8)

    def tab(number: int) -> None:
        book = FacilitatorBook(tmp_path)
        start.wait()
        for edit in range(5):
            book.save_note(number, f"session {number}, edit {edit}")

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    book = FacilitatorBook(tmp_path)
    for number in range(1, 9):
        assert [v.text for v in book.versions(number)] == [
            f"session {number}, edit {edit}" for edit in range(5)
        ]
