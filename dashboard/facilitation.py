"""The facilitator's kit outside the page: the slide deck of a session, and the
facilitator's own notes and "run" marks, kept in a local, versioned file.

Why a file and not a database table: these notes belong to a facilitator, not to any
family. The store's rule is that every query is scoped to one household, and backups,
exports and deletions are per family; a table here would either break that rule or tie
a group's notes to one family. `facilitator.json` in the data folder keeps them out of
every family's records, needs no migration, and, like every edit in Harbor, keeps each
earlier version. (In hosted mode with several replicas, each replica's data folder holds
its own copy: facilitators of a hosted Harbor keep notes on the machine they present from.)
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dashboard.content import Curriculum, GroupProgramme, GroupSession, Region

NOTES_FILE = "facilitator.json"
NOTE_MAX_CHARS = 10_000
FORMAT = "harbor-facilitator"
FORMAT_VERSION = 1


# -- the slide deck -----------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    """One screen of presentation mode. `segment` groups slides that share one timer."""

    kind: str
    heading: str
    lead: str
    points: tuple[str, ...]
    segment: int
    minutes: int
    numbered: bool = False


def deck(session: GroupSession, programme: GroupProgramme, region: Region) -> list[Slide]:
    """The evening in order: the opening statement first, the help lines last.

    The discussion questions have a slide of their own; the opening segment also shows the
    guidelines, and the close ends on the crisis lines of the group's region, so those
    slides share their segment's timer.
    """
    slides: list[Slide] = []
    kinds = programme.segment_kinds
    for index, segment in enumerate(session.segments):
        what = kinds[segment.kind]

        def add(
            heading: str,
            lead: str,
            points: list[str] | tuple[str, ...],
            numbered: bool = False,
            kind: str = segment.kind,
            index: int = index,
            minutes: int = segment.minutes,
        ) -> None:
            slides.append(Slide(kind, heading, lead, tuple(points), index, minutes, numbered))

        if segment.kind == "opening":
            add(programme.title, programme.opening_statement, [])
            add(
                programme.wording.guidelines_heading,
                what.what,
                [f"{g.title}. {g.text}" for g in programme.guidelines],
                kind="guidelines",
            )
        elif segment.kind == "check-in":
            add(what.title, what.what, programme.check_in)
        elif segment.kind == "talk":
            add(f"Session {session.number}: {session.title}", session.summary, session.talk)
        elif segment.kind == "discussion":
            add(what.title, what.what, session.discussion)
        elif segment.kind == "activity":
            lead = f"{session.activity.kind.capitalize()}. {what.what}"
            add(session.activity.title, lead, session.activity.instructions, numbered=True)
        elif segment.kind == "take-home":
            add(what.title, what.what, [session.take_home])
        elif segment.kind == "close":
            add(what.title, what.what, [])
            add(
                f"{programme.wording.help_lines_heading}: {region.name}",
                programme.wording.help_lines_lead,
                [f"{line.name}: {line.contact}. {line.purpose}" for line in region.lines],
                kind="help",
            )
        else:
            add(what.title, what.what, [])
    return slides


# -- the facilitator's notes and "run" marks ----------------------------------------------


class NoteTooLong(ValueError):
    """A note over the limit is refused whole, never cut short."""


@dataclass(frozen=True)
class NoteVersion:
    text: str
    saved_at: str  # ISO time in UTC


class FacilitatorBook:
    """Notes per session number, each edit kept, and the sessions marked as run.

    Every save rewrites the whole file atomically (a temporary file, fsync, rename), so a
    crash mid-save leaves the previous file whole.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / NOTES_FILE

    def _read(self) -> dict:
        if not self.path.exists():
            return {"format": FORMAT, "version": FORMAT_VERSION, "notes": {}, "run": {}}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{self.path.name} is not a Harbor facilitator file")
        return data

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def versions(self, number: int) -> list[NoteVersion]:
        """Every saved version of a session's notes, oldest first."""
        saved = self._read()["notes"].get(str(number), [])
        return [NoteVersion(v["text"], v["saved_at"]) for v in saved]

    def note(self, number: int) -> str:
        versions = self.versions(number)
        return versions[-1].text if versions else ""

    def save_note(self, number: int, text: str) -> bool:
        """Keep `text` as the newest version; False (nothing written) when it is unchanged."""
        if len(text) > NOTE_MAX_CHARS:
            raise NoteTooLong(
                f"The notes are {len(text):,} characters; up to {NOTE_MAX_CHARS:,} fit. "
                "Nothing was saved."
            )
        data = self._read()
        history = data["notes"].setdefault(str(number), [])
        if (history[-1]["text"] if history else "") == text:
            return False
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        history.append({"text": text, "saved_at": stamp})
        self._write(data)
        return True

    def runs(self) -> dict[int, date]:
        """Session number -> the day the facilitator marked it as run."""
        return {int(k): date.fromisoformat(v) for k, v in self._read()["run"].items()}

    def mark_run(self, number: int, day: date) -> None:
        data = self._read()
        data["run"][str(number)] = day.isoformat()
        self._write(data)

    def unmark_run(self, number: int) -> None:
        data = self._read()
        data["run"].pop(str(number), None)
        self._write(data)

    def this_week(self, course: Curriculum) -> int:
        """The session after the last one marked as run (the first if none; the last at the end)."""
        runs = self.runs()
        if not runs:
            return course.sessions[0].number
        return min(max(runs) + 1, course.sessions[-1].number)
