"""Hosted mode: a signed-in facilitator's notes and "run" marks, kept in the database.

The same interface as dashboard.facilitation.FacilitatorBook (the file a home Harbor keeps),
so the Facilitator page uses either. Here every replica reads the same rows on its next
read, and each facilitator (OpenID issuer + subject) reads and writes only their own: the
tables' row-level security reads the person each transaction names (access.as_person) and
shows nothing when no person is named. Not family data: no family backup holds them;
`delete-all` removes them (Store.delete_all).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date
from pathlib import Path

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.exc import SQLAlchemyError

from dashboard.access import Person, as_person
from dashboard.content import Curriculum
from dashboard.db.schema import facilitator_notes, facilitator_runs
from dashboard.facilitation import NotesUnavailable, NoteVersion, checked, this_week
from dashboard.store import Store

DATABASE_UNAVAILABLE = (
    "Harbor cannot reach your facilitator's notes in the database right now. Nothing was "
    "changed. The plan, presentation mode and handouts work as usual; notes and run marks "
    "come back when the database does (what you typed is still on the page)."
)


class HostedFacilitatorBook:
    """The same notes and run marks as FacilitatorBook, kept in the database per person.

    Hosted mode only (PostgreSQL): every transaction names the signed-in facilitator to
    PostgreSQL (access.as_person), whose row-level security then shows and accepts their own
    rows only; with no person named, no rows at all. A save is a new row (the app role may
    not update or delete a note), so every earlier version stays.
    """

    can_set_aside = False  # nothing to rename: the database is either reachable or not

    def __init__(self, store: Store, person: Person) -> None:
        self.store = store
        self.person = person

    @contextmanager
    def _connection(self, write: bool = False) -> Iterator[Connection]:
        try:
            opened = self.store.writing() if write else self.store.reading()
            with opened as connection:
                as_person(connection, self.person)
                yield connection
        except SQLAlchemyError:
            raise NotesUnavailable(DATABASE_UNAVAILABLE) from None

    def _mine(self, table):
        return (table.c.issuer == self.person.issuer) & (table.c.subject == self.person.subject)

    def problem(self) -> str | None:
        try:
            self.runs()
        except NotesUnavailable as exc:
            return str(exc)
        return None

    def set_aside(self) -> Path:
        raise NotesUnavailable(DATABASE_UNAVAILABLE)

    def versions(self, number: int) -> list[NoteVersion]:
        """Every saved version of a session's notes, oldest first."""
        with self._connection() as connection:
            rows = connection.execute(
                select(facilitator_notes.c.text, facilitator_notes.c.saved_at)
                .where(
                    self._mine(facilitator_notes),
                    facilitator_notes.c.session_number == number,
                )
                .order_by(facilitator_notes.c.saved_at)
            ).all()
        return [
            NoteVersion(row.text, row.saved_at.astimezone(UTC).isoformat(timespec="seconds"))
            for row in rows
        ]

    def note(self, number: int) -> str:
        versions = self.versions(number)
        return versions[-1].text if versions else ""

    def save_note(self, number: int, text: str) -> bool:
        """Keep `text` as the newest version; False (nothing written) when it is unchanged."""
        checked(text)
        with self._connection(write=True) as connection:
            latest = connection.scalar(
                select(facilitator_notes.c.text)
                .where(
                    self._mine(facilitator_notes),
                    facilitator_notes.c.session_number == number,
                )
                .order_by(facilitator_notes.c.saved_at.desc())
                .limit(1)
            )
            if (latest or "") == text:
                return False
            connection.execute(
                insert(facilitator_notes).values(
                    id=uuid.uuid4(),
                    issuer=self.person.issuer,
                    subject=self.person.subject,
                    session_number=number,
                    text=text,
                    # The database's clock, not this replica's: versions are ordered by it,
                    # and a replica whose clock runs behind must not hide the newest one.
                    saved_at=func.clock_timestamp(),
                )
            )
        return True

    def runs(self) -> dict[int, date]:
        with self._connection() as connection:
            rows = connection.execute(
                select(facilitator_runs.c.session_number, facilitator_runs.c.day).where(
                    self._mine(facilitator_runs)
                )
            ).all()
        return {row.session_number: row.day for row in rows}

    def mark_run(self, number: int, day: date) -> None:
        with self._connection(write=True) as connection:
            connection.execute(
                upsert(facilitator_runs)
                .values(
                    issuer=self.person.issuer,
                    subject=self.person.subject,
                    session_number=number,
                    day=day,
                )
                .on_conflict_do_update(
                    index_elements=[
                        facilitator_runs.c.issuer,
                        facilitator_runs.c.subject,
                        facilitator_runs.c.session_number,
                    ],
                    set_={"day": day},
                )
            )

    def unmark_run(self, number: int) -> None:
        with self._connection(write=True) as connection:
            connection.execute(
                delete(facilitator_runs).where(
                    self._mine(facilitator_runs), facilitator_runs.c.session_number == number
                )
            )

    def this_week(self, course: Curriculum) -> int:
        return this_week(self.runs(), course)
