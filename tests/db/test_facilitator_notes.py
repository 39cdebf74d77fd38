"""Hosted mode: a facilitator's notes and "run" marks live in the database, per person.

Every replica reads the same rows, one facilitator never reads another's, and with no
person named PostgreSQL shows no row at all. Connected as the app role `hosting init` made.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from dashboard.access import Person
from dashboard.config import Settings
from dashboard.content import curriculum
from dashboard.db import make_engine
from dashboard.db.schema import PERSON_TABLES
from dashboard.facilitation import NOTE_MAX_CHARS, NoteTooLong
from dashboard.hosted_notes import HostedFacilitatorBook
from dashboard.store import Store

pytestmark = pytest.mark.postgres

ISSUER = "https://id.example.test"
FRAN, GUS = Person(ISSUER, "fran"), Person(ISSUER, "gus")


@pytest.fixture
def replicas(hosted_database, data_dir: Path):
    """Two Store objects with their own pools, as two app replicas would have."""
    opened = [
        Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
        for _ in range(2)
    ]
    yield opened
    for store in opened:
        store.engine.dispose()


def test_two_facilitators_never_see_each_others_notes_or_marks(replicas) -> None:
    store, _ = replicas
    fran, gus = HostedFacilitatorBook(store, FRAN), HostedFacilitatorBook(store, GUS)
    fran.save_note(1, "Fran's plan for the first evening.")
    fran.mark_run(1, date(2026, 11, 24))
    assert gus.note(1) == "" and gus.versions(1) == [] and gus.runs() == {}
    # The same subject from another provider is another person.
    elsewhere = HostedFacilitatorBook(store, Person("https://other.example.test", "fran"))
    assert elsewhere.note(1) == "" and elsewhere.runs() == {}
    assert fran.note(1) == "Fran's plan for the first evening."
    assert fran.runs() == {1: date(2026, 11, 24)}


def test_another_replica_reads_the_note_on_its_next_read(replicas) -> None:
    one, two = (HostedFacilitatorBook(store, FRAN) for store in replicas)
    assert two.note(3) == ""
    one.save_note(3, "Bring the worksheets.")
    assert two.note(3) == "Bring the worksheets."
    two.mark_run(3, date(2026, 12, 1))
    assert one.runs() == {3: date(2026, 12, 1)}
    assert one.this_week(curriculum()) == 4
    one.unmark_run(3)
    assert two.runs() == {}


def test_every_edit_keeps_the_one_before_and_an_unchanged_save_writes_nothing(replicas) -> None:
    book = HostedFacilitatorBook(replicas[0], FRAN)
    assert book.save_note(2, "First words.")
    assert book.save_note(2, "Second words.")
    assert not book.save_note(2, "Second words.")
    assert [v.text for v in book.versions(2)] == ["First words.", "Second words."]
    # Restoring is saving an earlier version again: still a new version, nothing lost.
    assert book.save_note(2, book.versions(2)[0].text)
    assert [v.text for v in book.versions(2)] == ["First words.", "Second words.", "First words."]
    with pytest.raises(NoteTooLong):
        book.save_note(2, "x" * (NOTE_MAX_CHARS + 1))
    assert len(book.versions(2)) == 3


def test_no_person_named_reads_zero_rows_and_writes_none(replicas) -> None:
    store = replicas[0]
    HostedFacilitatorBook(store, FRAN).save_note(1, "Private to Fran.")
    HostedFacilitatorBook(store, FRAN).mark_run(1, date(2026, 11, 24))
    with store.reading() as connection:
        counts = {
            name: connection.scalar(sa.text(f'SELECT count(*) FROM "{name}"'))
            for name in PERSON_TABLES
        }
    assert counts == dict.fromkeys(PERSON_TABLES, 0)
    with pytest.raises(DBAPIError, match="row-level security"), store.writing() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO facilitator_runs (issuer, subject, session_number, day) "
                "VALUES (:issuer, 'fran', 2, '2026-12-01')"
            ),
            {"issuer": ISSUER},
        )


def test_the_app_role_may_not_rewrite_or_delete_a_saved_note(replicas) -> None:
    store = replicas[0]
    book = HostedFacilitatorBook(store, FRAN)
    book.save_note(1, "Kept as written.")
    for statement in (
        "UPDATE facilitator_notes SET text = 'changed'",
        "DELETE FROM facilitator_notes",
    ):
        with pytest.raises(DBAPIError, match="permission denied"), store.writing() as connection:
            connection.execute(
                sa.text("SELECT set_config('harbor.issuer', :i, true)"), {"i": ISSUER}
            )
            connection.execute(sa.text("SELECT set_config('harbor.subject', 'fran', true)"))
            connection.execute(sa.text(statement))
    assert book.note(1) == "Kept as written."


def test_delete_all_on_the_command_line_removes_every_facilitators_notes(
    hosted_database, replicas, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from dashboard.cli import main

    for person in (FRAN, GUS):
        HostedFacilitatorBook(replicas[0], person).save_note(1, f"{person.subject}'s notes")
        HostedFacilitatorBook(replicas[0], person).mark_run(1, date(2026, 11, 24))
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.admin_url)
    assert not list(data_dir.glob("facilitator*")), "no notes file: the notes are in the database"
    assert main(["delete-all", "--yes"]) == 0
    # Said because notes went from the database, though no facilitator.json existed.
    assert capsys.readouterr().out == "Deleted all data, including the facilitator's notes.\n"
    engine = make_engine(hosted_database.admin_url)
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT set_config('harbor.crossing', 'on', true)"))
        left = {
            name: connection.scalar(sa.text(f'SELECT count(*) FROM "{name}"'))
            for name in PERSON_TABLES
        }
    engine.dispose()
    assert left == dict.fromkeys(PERSON_TABLES, 0)


def test_delete_all_with_no_notes_anywhere_says_only_the_data_went(
    hosted_database, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from dashboard.cli import main

    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.admin_url)
    assert main(["delete-all", "--yes"]) == 0
    assert capsys.readouterr().out == "Deleted all data.\n"


def test_delete_all_as_the_app_role_is_refused_in_one_line_and_deletes_nothing(
    hosted_database, replicas, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The app role sees no family and may not delete a note: it must not claim it did."""
    from dashboard.cli import main

    HostedFacilitatorBook(replicas[0], FRAN).save_note(1, "Still here.")
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.app_url)
    assert main(["delete-all", "--yes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert "owner" in line and "nothing was deleted" in line
    assert HostedFacilitatorBook(replicas[0], FRAN).note(1) == "Still here."


def test_the_newest_version_is_the_last_saved_whatever_a_replicas_clock_says(
    replicas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Versions are ordered by the database's clock: a replica running behind still adds
    the newest note, and the page shows it as the saved one."""
    import dashboard.hosted_notes

    one, two = (HostedFacilitatorBook(store, FRAN) for store in replicas)
    one.save_note(1, "Saved first.")

    class Behind(datetime):
        @classmethod
        def now(cls, tz=None):  # a replica whose clock is a year behind
            return datetime(2025, 12, 1, tzinfo=UTC)

    monkeypatch.setattr(dashboard.hosted_notes, "datetime", Behind, raising=False)
    two.save_note(1, "Saved second, on a replica whose clock runs behind.")
    assert one.note(1) == "Saved second, on a replica whose clock runs behind."
    assert [v.text for v in one.versions(1)] == [
        "Saved first.",
        "Saved second, on a replica whose clock runs behind.",
    ]
