"""The facilitator's kit outside the page: the slide deck of a session, and the
facilitator's own notes and "run" marks, every edit kept as a version.

Two places keep the notes, behind one interface (the methods of FacilitatorBook):

- At home (one process, no sign-in), `facilitator.json` in the data folder. These notes
  belong to a facilitator, not to any family, so they stay out of every family's records,
  backups and exports.
- In hosted mode (PostgreSQL, sign-in, several replicas), dashboard.hosted_notes keeps them
  in the database, per signed-in facilitator (OpenID issuer + subject), in tables whose
  row-level security reads that person (dashboard.db.rls.enable_person_security). Every
  replica sees a save on its next read, and one facilitator never sees another's notes.
  They are not family data either: no family backup holds them.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dashboard.content import Curriculum, GroupProgramme, GroupSession, Region

NOTES_FILE = "facilitator.json"
NOTE_MAX_CHARS = 10_000
FORMAT = "harbor-facilitator"
FORMAT_VERSION = 1
# Streamlit serves every browser tab from threads of one process: each change reads the
# file, changes it and writes it whole, and this lock keeps two tabs' saves from crossing
# (the later write would drop the earlier one's version).
_CHANGING = threading.Lock()


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


class NotesUnavailable(Exception):
    """facilitator.json cannot be read or written; the message is calm and says that
    nothing was changed. The file is never overwritten when it could not be read."""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _well_formed(data: object) -> bool:
    """The shape this module writes: notes as lists of versions, run marks as ISO days."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    notes, run = data.get("notes"), data.get("run")
    if not isinstance(notes, dict) or not isinstance(run, dict):
        return False
    for key, versions in notes.items():
        if not key.isdigit() or not isinstance(versions, list):
            return False
        for version in versions:
            if not isinstance(version, dict):
                return False
            if not isinstance(version.get("text"), str):
                return False
            if not isinstance(version.get("saved_at"), str):
                return False
            try:  # shown on the page as a time: nothing else may hide there
                datetime.fromisoformat(version["saved_at"])
            except ValueError:
                return False
    for key, day in run.items():
        if not key.isdigit() or not isinstance(day, str):
            return False
        try:
            date.fromisoformat(day)
        except ValueError:
            return False
    return True


@dataclass(frozen=True)
class NoteVersion:
    text: str
    saved_at: str  # ISO time in UTC


def checked(text: str) -> None:
    if len(text) > NOTE_MAX_CHARS:
        raise NoteTooLong(
            f"The notes are {len(text):,} characters; up to {NOTE_MAX_CHARS:,} fit. "
            "Nothing was saved."
        )


def this_week(runs: dict[int, date], course: Curriculum) -> int:
    """The session after the last one marked as run (the first if none; the last at the end)."""
    if not runs:
        return course.sessions[0].number
    return min(max(runs) + 1, course.sessions[-1].number)


class FacilitatorBook:
    """Notes per session number, each edit kept, and the sessions marked as run.

    Every save rewrites the whole file atomically (a temporary file, fsync, rename), so a
    crash mid-save leaves the previous file whole. A file that cannot be read or written
    raises NotesUnavailable and is left exactly as it was.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / NOTES_FILE

    def _read(self) -> dict:
        """The file's contents; NotesUnavailable (and nothing changed) if it cannot be used."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"format": FORMAT, "version": FORMAT_VERSION, "notes": {}, "run": {}}
        except (OSError, ValueError) as exc:  # unreadable, a folder, not UTF-8
            raise NotesUnavailable(self._cannot_read(_reason(exc))) from None
        try:
            data = json.loads(raw)
        except ValueError:
            raise NotesUnavailable(self._cannot_read("it is damaged")) from None
        if not _well_formed(data):
            raise NotesUnavailable(self._cannot_read("it is not a Harbor facilitator file"))
        return data

    def _cannot_read(self, why: str) -> str:
        return (
            f"Harbor cannot read your facilitator's notes file, {self.path}: {why}. "
            "It has not been changed. The plan, presentation mode and handouts work as usual; "
            "notes and run marks wait until the file can be read, or until you set it aside "
            "and start a new one (the old file is kept)."
        )

    def _write(self, data: dict) -> None:
        """Replace the file whole; NotesUnavailable (the old file untouched) if it cannot be."""
        temporary: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False, indent=1)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            raise NotesUnavailable(
                f"Harbor could not save to {self.path} ({_reason(exc)}). Nothing was changed, "
                "and what you typed is still on the page: copy it somewhere safe if this "
                "happens again."
            ) from None
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def problem(self) -> str | None:
        """Why the notes cannot be read right now, or None when they can."""
        try:
            self._read()
        except NotesUnavailable as exc:
            return str(exc)
        return None

    def set_aside(self) -> Path:
        """Rename an unreadable file out of the way (never deleted), so a new one can start."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        kept = self.path.with_name(f"{self.path.stem}-unreadable-{stamp}{self.path.suffix}")
        try:
            with _CHANGING:
                self.path.rename(kept)
        except OSError as exc:
            raise NotesUnavailable(
                f"Harbor could not rename {self.path} ({_reason(exc)}); nothing was changed."
            ) from None
        return kept

    def versions(self, number: int) -> list[NoteVersion]:
        """Every saved version of a session's notes, oldest first."""
        saved = self._read()["notes"].get(str(number), [])
        return [NoteVersion(v["text"], v["saved_at"]) for v in saved]

    def note(self, number: int) -> str:
        versions = self.versions(number)
        return versions[-1].text if versions else ""

    def save_note(self, number: int, text: str) -> bool:
        """Keep `text` as the newest version; False (nothing written) when it is unchanged."""
        checked(text)
        with _CHANGING:
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
        with _CHANGING:
            data = self._read()
            data["run"][str(number)] = day.isoformat()
            self._write(data)

    def unmark_run(self, number: int) -> None:
        with _CHANGING:
            data = self._read()
            data["run"].pop(str(number), None)
            self._write(data)

    def this_week(self, course: Curriculum) -> int:
        """The session after the last one marked as run (the first if none; the last at the end)."""
        return this_week(self.runs(), course)

    # A file that cannot be read can be renamed out of the way (see set_aside).
    can_set_aside = True


def delete_notes(data_dir: Path) -> int:
    """`delete-all`: the facilitator's notes go too, with any unreadable file set aside.

    They should hold no family's data, but a person who deletes everything Harbor keeps
    must be able to trust that nothing typed into it stays behind. Returns the files removed.
    """
    folder = Path(data_dir)
    stem, suffix = Path(NOTES_FILE).stem, Path(NOTES_FILE).suffix
    files = [folder / NOTES_FILE, *folder.glob(f"{stem}-unreadable-*{suffix}")]
    removed = 0
    for path in files:
        if path.is_file():
            path.unlink()
            removed += 1
    return removed
