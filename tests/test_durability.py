"""Durability promises, tested with real processes: kill -9 mid-stream, concurrent sessions.

The design promises that killing the app with `kill -9` loses nothing that was committed and
never corrupts the file, that two sessions writing at once both land, and that an edit to an
entry that changed meanwhile is refused. These tests run the package in separate processes
(or threads with their own engines) against one database, the way two browser sessions or
a crashed app would. They assert outcomes only, never timings, so a slow machine cannot
make them flaky.
"""

from __future__ import annotations

import inspect
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import IO, TypeVar

import pytest

from dashboard.db import make_engine
from dashboard.records import DailyCheckin, FamilyMember, SmallWin
from dashboard.store import (
    AlreadyLogged,
    EditConflict,
    HouseholdStore,
    NewFamily,
    Store,
    integrity_ok,
)

ROOT = Path(__file__).resolve().parents[1]
# Generous: on a shared 2-core machine, starting Python and importing pandas can take seconds.
STARTUP_TIMEOUT_S = 180
RUN_TIMEOUT_S = 600
ID_NAMESPACE = uuid.UUID("6f1c1a52-3e0b-4d5e-9a57-6a2b8c0d1e2f")
OBSERVED = ("none", "suspected", "confirmed", "unknown")
T = TypeVar("T")


def planned_checkin(
    household_id: str, loved_one_id: str, first_day: date, index: int
) -> DailyCheckin:
    """The index-th check-in of a stream: every value derives from the index, so the test can
    recompute what the writer process saved without talking to it.

    Notes grow up to ~4,000 characters so some transactions are big enough for a kill to
    land in the middle of one.
    """
    return DailyCheckin(
        id=uuid.uuid5(ID_NAMESPACE, f"{household_id}/{first_day}/{index}"),
        household_id=uuid.UUID(household_id),
        loved_one_id=uuid.UUID(loved_one_id),
        day=first_day + timedelta(days=index),
        observed_use=OBSERVED[index % 4],
        mood=1 + index % 5,
        sleep=1 + (index * 2) % 5,
        attended_treatment=index % 2 == 0,
        craving=None if index % 3 == 0 else index % 11,
        urinary_symptoms=index % 7 == 0,
        notes=f"day {index} ✓ " + "é" * ((index * 397) % 4_000),
    )


# Runs in a separate process: save one check-in per day, and report each day only after
# save_checkin returned (i.e. after its transaction committed). The process is given
# planned_checkin's own source, so it imports no test module.
STREAM_WRITER = f"""
import sys
import uuid
from datetime import date, timedelta
from dashboard.records import DailyCheckin
from dashboard.store import Store

ID_NAMESPACE = uuid.UUID("{ID_NAMESPACE}")
OBSERVED = {OBSERVED!r}

{inspect.getsource(planned_checkin)}
household_id, loved_one_id, first_day, count = sys.argv[1:5]
family = Store.open().household(household_id)
for index in range(int(count)):
    checkin = planned_checkin(household_id, loved_one_id, date.fromisoformat(first_day), index)
    family.save_checkin(checkin)
    print(checkin.day.isoformat(), flush=True)
"""

# Runs in a separate process: once told "go" on stdin, save `count` check-ins on its own days
# and `count` small wins, all tagged, into the same household as the other writer.
CONCURRENT_WRITER = """
import sys
from datetime import date, timedelta
from dashboard.records import DailyCheckin, SmallWin
from dashboard.store import Store

household_id, loved_one_id, member_id, first_day, count, tag = sys.argv[1:7]
family = Store.open().household(household_id)
print("ready", flush=True)
sys.stdin.readline()
for index in range(int(count)):
    day = date.fromisoformat(first_day) + timedelta(days=index)
    family.save_checkin(DailyCheckin(
        household_id=household_id, loved_one_id=loved_one_id, day=day, mood=3, sleep=3,
        notes=f"{tag} {index}", logged_by=member_id,
    ))
    family.add(SmallWin(
        household_id=household_id, loved_one_id=loved_one_id, day=day,
        text=f"{tag} win {index}", logged_by=member_id,
    ))
print("done", flush=True)
"""


@dataclass
class Writer:
    """A package process whose stdout lines arrive on a queue (None marks end of output)."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str | None]
    reader: threading.Thread
    stderr_path: Path

    def next_line(self, timeout: float) -> str | None:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextmanager
def writer_process(
    script: str, args: list[str], env: dict[str, str], log: Path
) -> Iterator[Writer]:
    """Start `python -c script args` from the project root; always reap it afterwards."""
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
        )
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    reader.start()
    try:
        yield Writer(process, lines, reader, log)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=RUN_TIMEOUT_S)
        reader.join(timeout=RUN_TIMEOUT_S)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def package_env(data_dir: Path, database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HARBOR_DATA_DIR": str(data_dir),
        "HARBOR_DATABASE_URL": f"sqlite:///{database}",
    }


def sqlite_path(store: Store) -> Path:
    database = store.database_file()
    assert database is not None
    return database


def database_url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


# -- kill -9 in the middle of a stream of check-ins ---------------------------------------------


# (first day of the stream, lines to read before the kill): three rounds on the same file, so
# rounds two and three start from a database whose last writer died with a hot WAL.
KILL_ROUNDS = [(date(1950, 1, 1), 12), (date(1970, 1, 1), 40), (date(1990, 1, 1), 75)]
STREAM_LENGTH = 7_000  # far more than any round reads (and ends before the next round starts)


def test_kill_9_mid_stream_loses_no_returned_save_and_never_corrupts(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    """A check-in whose save returned must survive SIGKILL; the file must stay sound.

    The writer reports a day only after save_checkin returned. Because it saves in order,
    the stored days must be exactly the reported ones, plus at most the one whose commit
    finished just before the kill and whose line was never printed.
    """
    family = sqlite_store.create_family(NewFamily("Kill family", "Sam", "Alex"))
    loved_one = family.loved_ones()[0]
    database = sqlite_path(sqlite_store)
    sqlite_store.engine.dispose()
    env = package_env(data_dir, database)

    for round_number, (first_day, kill_after) in enumerate(KILL_ROUNDS):
        args = [str(family.id), str(loved_one.id), first_day.isoformat(), str(STREAM_LENGTH)]
        log = tmp_path / f"writer-{round_number}.log"
        with writer_process(STREAM_WRITER, args, env, log) as writer:
            reported: list[str] = []
            while len(reported) < kill_after:
                line = writer.next_line(timeout=STARTUP_TIMEOUT_S)
                assert line is not None, f"writer stopped early; stderr:\n{writer.stderr()}"
                reported.append(line.strip())
            assert writer.process.poll() is None, "the writer must still be mid-stream"
            os.kill(writer.process.pid, signal.SIGKILL)
            assert writer.process.wait(timeout=RUN_TIMEOUT_S) == -signal.SIGKILL
            # Lines already written to the pipe were reported too: read them to the end.
            while (line := writer.next_line(timeout=RUN_TIMEOUT_S)) is not None:
                if line.endswith("\n"):
                    reported.append(line.strip())

        expected_days = [(first_day + timedelta(days=i)).isoformat() for i in range(len(reported))]
        assert reported == expected_days, "the writer reports days in order"
        wal = Path(f"{database}-wal")
        assert wal.exists() and wal.stat().st_size > 0, "the kill should leave a hot WAL behind"

        engine = make_engine(f"sqlite:///{database}")
        try:
            assert integrity_ok(engine), f"integrity_check failed after kill round {round_number}"
            survivor = Store(engine).household(family.id)
            last_day = first_day + timedelta(days=STREAM_LENGTH)
            stored = survivor.list(DailyCheckin, start=first_day, end=last_day)
        finally:
            engine.dispose()

        returned, kept = len(reported), len(stored)
        assert returned <= kept <= returned + 1, f"{returned} saves returned, {kept} stored"
        for index, checkin in enumerate(stored):
            planned = planned_checkin(str(family.id), str(loved_one.id), first_day, index)
            assert checkin.model_dump(exclude={"created_at", "updated_at"}) == planned.model_dump(
                exclude={"created_at", "updated_at"}
            ), f"round {round_number}: check-in {index} ({checkin.day}) differs from what was saved"

    with closing(sqlite3.connect(database)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


# -- two sessions saving different entries at the same moment -----------------------------------


CONCURRENT_COUNT = 40


def test_two_writer_processes_saving_at_once_both_land(
    sqlite_store: Store, data_dir: Path, tmp_path: Path
) -> None:
    """Two app processes writing the same family's log at once: every save lands, none is
    refused with "database is locked", and no data_version bump is lost.

    A third connection holds the write lock while both are told to start, so their first
    saves queue on the same lock at the same moment rather than one after the other.
    """
    family = sqlite_store.create_family(NewFamily("Busy family", "Sam", "Alex"))
    loved_one = family.loved_ones()[0]
    second = family.add(FamilyMember(household_id=family.id, display_name="Jo"))
    members = {"A": family.family_members()[0].id, "B": second.id}
    first_days = {"A": date(2001, 1, 1), "B": date(2011, 1, 1)}
    version_before = family.data_version()
    database = sqlite_path(sqlite_store)
    sqlite_store.engine.dispose()
    env = package_env(data_dir, database)

    def args(tag: str) -> list[str]:
        ids = [str(family.id), str(loved_one.id), str(members[tag])]
        return [*ids, first_days[tag].isoformat(), str(CONCURRENT_COUNT), tag]

    with (
        writer_process(CONCURRENT_WRITER, args("A"), env, tmp_path / "writer-A.log") as writer_a,
        writer_process(CONCURRENT_WRITER, args("B"), env, tmp_path / "writer-B.log") as writer_b,
    ):
        writers = {"A": writer_a, "B": writer_b}
        for tag, writer in writers.items():
            line = writer.next_line(timeout=STARTUP_TIMEOUT_S)
            assert line == "ready\n", f"writer {tag} did not start; stderr:\n{writer.stderr()}"
        with closing(sqlite3.connect(database, isolation_level=None)) as blocker:
            blocker.execute("BEGIN IMMEDIATE")
            for writer in writers.values():
                assert writer.process.stdin is not None
                writer.process.stdin.write("go\n")
                writer.process.stdin.flush()
            # Both now queue on the lock (busy_timeout is 10 s; this holds it for about 1 s).
            threading.Event().wait(1.0)
            blocker.execute("ROLLBACK")
        for tag, writer in writers.items():
            assert writer.process.wait(timeout=RUN_TIMEOUT_S) == 0, (
                f"writer {tag} failed; stderr:\n{writer.stderr()}"
            )
            assert writer.next_line(timeout=RUN_TIMEOUT_S) == "done\n"
            assert "locked" not in writer.stderr()

    engine = make_engine(f"sqlite:///{database}")
    try:
        assert integrity_ok(engine)
        check = Store(engine).household(family.id)
        checkins = check.list(DailyCheckin)
        wins = check.list(SmallWin)
        version_after = check.data_version()
    finally:
        engine.dispose()
    for tag, first_day in first_days.items():
        mine = sorted(
            (c.day, c.notes, c.logged_by) for c in checkins if c.notes.startswith(f"{tag} ")
        )
        assert mine == [
            (first_day + timedelta(days=i), f"{tag} {i}", members[tag])
            for i in range(CONCURRENT_COUNT)
        ]
        assert sorted(w.text for w in wins if w.logged_by == members[tag]) == sorted(
            f"{tag} win {i}" for i in range(CONCURRENT_COUNT)
        )
    assert len(checkins) == len(wins) == 2 * CONCURRENT_COUNT
    assert version_after == version_before + 4 * CONCURRENT_COUNT, "a data_version bump was lost"


def run_together(*actions: Callable[[], T]) -> list[T | BaseException]:
    """Run the actions in threads released by one barrier; return each result or exception."""
    barrier = threading.Barrier(len(actions))
    results: list[T | BaseException] = [RuntimeError("did not run")] * len(actions)

    def run(position: int, action: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=STARTUP_TIMEOUT_S)
            results[position] = action()
        except BaseException as exc:  # reported to the test, not swallowed
            results[position] = exc

    threads = [
        threading.Thread(target=run, args=(position, action))
        for position, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=RUN_TIMEOUT_S)
        assert not thread.is_alive(), "a session never finished"
    return results


@contextmanager
def second_session(store: Store, household_id: uuid.UUID) -> Iterator[HouseholdStore]:
    """Another session on the same database: its own engine and connection pool."""
    other = Store(make_engine(database_url(store)))
    try:
        yield other.household(household_id)
    finally:
        other.engine.dispose()


def test_two_sessions_saving_different_entries_at_once_both_land(
    store: Store, family: HouseholdStore
) -> None:
    """Two sessions (separate engines) save check-ins and wins at the same moment, on SQLite
    and PostgreSQL: all land, with no lock error and no lost data_version bump."""
    loved_one = family.loved_ones()[0]
    version_before = family.data_version()
    count = 25

    def save_stream(session: HouseholdStore, tag: str, first_day: date) -> int:
        for index in range(count):
            day = first_day + timedelta(days=index)
            session.save_checkin(
                DailyCheckin(
                    household_id=session.id,
                    loved_one_id=loved_one.id,
                    day=day,
                    mood=2,
                    sleep=4,
                    notes=f"{tag} {index}",
                )
            )
            session.add(
                SmallWin(
                    household_id=session.id,
                    loved_one_id=loved_one.id,
                    day=day,
                    text=f"{tag} win {index}",
                )
            )
        return count

    with second_session(store, family.id) as one, second_session(store, family.id) as two:
        results = run_together(
            lambda: save_stream(one, "one", date(2020, 1, 1)),
            lambda: save_stream(two, "two", date(2022, 1, 1)),
        )
    assert results == [count, count], f"a session failed: {results!r}"
    notes = sorted(c.notes for c in family.list(DailyCheckin))
    assert notes == sorted(f"{tag} {i}" for tag in ("one", "two") for i in range(count))
    assert family.count(SmallWin) == 2 * count
    assert family.data_version() == version_before + 4 * count
    assert integrity_ok(store.engine)


# -- two sessions editing the same entry ---------------------------------------------------------


EDIT_ROUNDS = 6


def test_concurrent_edits_of_one_entry_one_wins_the_other_gets_the_conflict(
    store: Store, family: HouseholdStore
) -> None:
    """Two sessions (separate engines) open the same check-in at version N and save at the
    same moment: exactly one edit is stored, the other gets EditConflict, and nothing is
    silently overwritten. Repeated so both orders of arrival get a chance to occur.

    (tests/test_store.py covers the sequential case within one store.)
    """
    saved, _ = family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date(2026, 3, 9),
            mood=3,
            sleep=3,
        )
    )

    def edit(session: HouseholdStore, opened: DailyCheckin, tag: str, number: int) -> DailyCheckin:
        change = {"notes": f"round {number} by {tag}", "mood": 1 if tag == "A" else 5}
        return session.update(opened.model_copy(update=change))

    with second_session(store, family.id) as session_a, second_session(store, family.id) as b:
        sessions = {"A": session_a, "B": b}
        for number in range(EDIT_ROUNDS):
            opened = {tag: s.get(DailyCheckin, saved.id) for tag, s in sessions.items()}
            version = opened["A"].version
            assert opened["B"].version == version
            outcomes = run_together(
                *(partial(edit, sessions[tag], opened[tag], tag, number) for tag in "AB")
            )
            results = dict(zip("AB", outcomes, strict=True))
            winners = [tag for tag, result in results.items() if isinstance(result, DailyCheckin)]
            losers = [tag for tag, result in results.items() if isinstance(result, EditConflict)]
            assert len(winners) == 1 and len(losers) == 1, f"unexpected outcome: {results!r}"
            assert "changed by someone else" in str(results[losers[0]])
            stored = family.get(DailyCheckin, saved.id)
            assert stored.notes == f"round {number} by {winners[0]}"
            assert stored.mood == (1 if winners[0] == "A" else 5)
            assert stored.version == version + 1


def test_a_stale_edit_from_another_session_is_refused_and_changes_nothing(
    store: Store, family: HouseholdStore
) -> None:
    """Session B opened the entry before session A saved an edit; B's later save is refused
    and leaves A's edit, the version and the data_version as they were."""
    win = family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=date(2026, 3, 9),
            text="Came to dinner",
        )
    )
    with second_session(store, family.id) as session_a, second_session(store, family.id) as b:
        opened_by_b = b.get(SmallWin, win.id)
        session_a.update(session_a.get(SmallWin, win.id).model_copy(update={"text": "From A"}))
        version_after_a = family.data_version()
        with pytest.raises(EditConflict, match="Your edit was not saved"):
            b.update(opened_by_b.model_copy(update={"text": "From B"}))
    stored = family.get(SmallWin, win.id)
    assert (stored.text, stored.version) == ("From A", 2)
    assert family.data_version() == version_after_a


# -- two sessions logging the same empty day -------------------------------------------------------


SAME_DAY_ROUNDS = 6


def test_two_sessions_logging_the_same_empty_day_one_lands_the_other_is_told(
    store: Store, family: HouseholdStore
) -> None:
    """Both sessions opened a day with no check-in and save at the same moment, on SQLite and
    PostgreSQL: one lands, the other is refused with the day and the entry that landed, and
    nothing is overwritten. Repeated so both orders of arrival get a chance to occur."""
    loved_one = family.loved_ones()[0]

    def log(session: HouseholdStore, day: date, tag: str) -> DailyCheckin:
        saved, created = session.save_checkin(
            DailyCheckin(
                household_id=session.id,
                loved_one_id=loved_one.id,
                day=day,
                mood=3,
                sleep=3,
                notes=f"from {tag}",
            )
        )
        assert created
        return saved

    with second_session(store, family.id) as session_a, second_session(store, family.id) as b:
        for number in range(SAME_DAY_ROUNDS):
            day = date(2025, 1, 1) + timedelta(days=number)
            outcomes = run_together(partial(log, session_a, day, "A"), partial(log, b, day, "B"))
            landed = [o for o in outcomes if isinstance(o, DailyCheckin)]
            refused = [o for o in outcomes if isinstance(o, AlreadyLogged)]
            assert len(landed) == 1 and len(refused) == 1, f"unexpected outcome: {outcomes!r}"
            assert day.isoformat() in str(refused[0])
            assert refused[0].existing == landed[0]
            assert family.list(DailyCheckin, day, day) == landed
    assert family.store.counts()["entry_versions"] == 0, "nothing was replaced"
