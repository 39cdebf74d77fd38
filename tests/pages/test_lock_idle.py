"""The lock on a shared computer through AppTest: it closes when idle, and wrong passphrases
are throttled in the database. The clocks are injected (lock.now, lock.utc_now), so nothing
sleeps."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import lock
from dashboard.records import CaregiverCheckin, DailyCheckin
from dashboard.store import BUSY_MESSAGE, HouseholdStore, StoreBusy

PASSPHRASE = "harbour lights"
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A clock the test moves by hand: seconds for the idle lock, and the same moment as a
    UTC time for the throttle (which the database keeps)."""

    def __init__(self) -> None:
        self.seconds = 1_000.0

    def __call__(self) -> float:
        return self.seconds

    def wall(self) -> datetime:
        return datetime(2026, 3, 9, tzinfo=UTC) + timedelta(seconds=self.seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(lock, "now", fake)
    monkeypatch.setattr(lock, "utc_now", fake.wall)
    yield fake


@pytest.fixture
def locked(family: HouseholdStore) -> HouseholdStore:
    lock.set_lock(family, PASSPHRASE, PASSPHRASE)
    return family


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def unlock(at: AppTest, by_label: Callable[[Any, str], Any], passphrase: str) -> AppTest:
    by_label(at.text_input, "Passphrase").input(passphrase)
    by_label(at.button, "Unlock").click()
    return at.run()


def test_the_lock_closes_after_the_idle_time(
    locked: HouseholdStore,
    clock: Clock,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
) -> None:
    at = unlock(app().run(), by_label, PASSPHRASE)
    assert titles(at) == ["Today"]
    clock.seconds += 9 * 60
    at = at.run()
    assert titles(at) == ["Today"], "9 minutes of the default 10: still open"
    clock.seconds += 10 * 60 + 1
    at = at.run()
    assert titles(at) == ["Harbor is locked"]
    assert [w.label for w in at.text_input] == ["Passphrase"]


def test_settings_changes_the_idle_time(
    locked: HouseholdStore,
    clock: Clock,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = unlock(app().run(), by_label, PASSPHRASE)
    at.switch_page("pages/12_Settings.py")
    at = at.run()
    by_label(at.number_input, "Lock again after").set_value(2)
    at = submit(at, "Save idle time")
    assert lock.idle_minutes(locked.info()) == 2
    clock.seconds += 2 * 60 + 1
    at = at.run()
    assert titles(at) == ["Harbor is locked"]


def test_wrong_passphrases_are_throttled_after_five_in_a_row(
    locked: HouseholdStore,
    clock: Clock,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
) -> None:
    at = app().run()
    for _ in range(lock.FREE_TRIES - 1):
        at = unlock(at, by_label, "not it")
        assert "Try again." in at.error[0].value
    at = unlock(at, by_label, "not it")
    assert "wait 30 seconds" in at.error[0].value
    # Even the right passphrase waits: the throttle is on the server, not in this session.
    at = unlock(app().run(), by_label, PASSPHRASE)
    assert titles(at) == ["Harbor is locked"]
    assert "wait 30 seconds" in at.error[0].value
    clock.seconds += 31
    at = unlock(at, by_label, "still not it")
    assert "wait 60 seconds" in at.error[0].value, "then longer"
    clock.seconds += 61
    at = unlock(at, by_label, PASSPHRASE)
    assert titles(at) == ["Today"]
    assert lock.THROTTLE.wait_left(locked) == 0, "a right passphrase clears the count"


@pytest.mark.parametrize(
    ("failures", "wait"), [(4, 0), (5, 30), (6, 60), (7, 120), (20, lock.LONGEST_WAIT_SECONDS)]
)
def test_the_wait_grows_after_five_wrong_passphrases(failures: int, wait: int) -> None:
    assert lock.wait_after(failures) == wait


@pytest.mark.parametrize("minutes", [0, 241])
def test_an_idle_time_out_of_range_is_refused_and_nothing_changes(
    locked: HouseholdStore, minutes: int
) -> None:
    with pytest.raises(lock.PassphraseRejected, match="between 1 and 240 minutes"):
        lock.set_idle_minutes(locked, minutes)
    assert lock.idle_minutes(locked.info()) == lock.IDLE_MINUTES_DEFAULT


@pytest.mark.parametrize("failing", ["claim_passphrase_try", "clear_passphrase_tries"])
def test_the_lock_stays_closed_when_the_count_of_tries_cannot_be_read(
    locked: HouseholdStore,
    clock: Clock,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
) -> None:
    """Counting the try, or clearing the count after a right one: either failing keeps it shut."""

    def busy(self: HouseholdStore, *args: object) -> None:
        raise StoreBusy(BUSY_MESSAGE)

    monkeypatch.setattr(HouseholdStore, failing, busy)
    at = unlock(app().run(), by_label, PASSPHRASE)
    assert titles(at) == ["Harbor is locked"], "fails closed, even for the right passphrase"
    assert "stays locked" in at.error[0].value


# A page whose body then runs as a fragment's own run does (page_setup skipped), the page's
# last run having been `gap` seconds before (AppTest runs whole pages only).
A_FRAGMENT_RUN = """
import streamlit as st
from dashboard import lock
from dashboard.ui import setup

context = setup.page_setup("Log")
st.session_state[setup.ACTIVE_KEY] = lock.now() - st.session_state["gap"]
setup.still_open(context)
st.text(f"activity at {st.session_state[setup.ACTIVE_KEY]:.0f}")
"""


@pytest.mark.parametrize(
    ("minutes_since_the_last_run", "then_shown"),
    [
        (9, "activity at 1000"),  # within the default 10 minutes: this run counts as activity
        (11, "Harbor is locked"),  # past it: the whole page runs again, and locks
    ],
)
def test_a_fragments_own_run_keeps_the_idle_lock(
    locked: HouseholdStore,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    minutes_since_the_last_run: int,
    then_shown: str,
) -> None:
    from dashboard.ui import setup

    monkeypatch.setattr(setup, "in_fragment_run", lambda: True)
    # In place of Home, beside the real pages: the crisis bar and the sidebar link to them.
    (tmp_path / "pages").symlink_to(ROOT / "pages")
    (tmp_path / "streamlit_app.py").write_text(A_FRAGMENT_RUN, encoding="utf-8")
    at = AppTest.from_file(str(tmp_path / "streamlit_app.py"), default_timeout=60)
    at.session_state[setup.UNLOCKED_KEY] = {str(locked.id)}
    at.session_state["gap"] = minutes_since_the_last_run * 60
    at.run()
    assert not at.exception
    assert then_shown in [t.value for t in at.text] + titles(at)


@pytest.mark.parametrize(
    ("form", "save", "kind"),
    [
        ("Check-in", "Save check-in", DailyCheckin),
        ("My check-in", "Save my check-in", CaregiverCheckin),
    ],
)
def test_a_checkin_saved_as_the_lock_closes_is_saved_once_it_is_opened_again(
    locked: HouseholdStore,
    clock: Clock,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
    form: str,
    save: str,
    kind: type[DailyCheckin | CaregiverCheckin],
) -> None:
    """Save pressed after the idle time: the lock comes first and nothing is saved behind
    it; the words are not lost either: opening the family again shows the same form and
    day, saves them, and says so."""
    at = unlock(app().run(), by_label, PASSPHRASE)
    at.switch_page("pages/05_Log.py")
    at = at.run()
    by_label(at.radio, "What would you like to log").set_value(form)
    at = at.run()
    day = by_label(at.date_input, "Day").value - timedelta(days=1)
    by_label(at.date_input, "Day").set_value(day)
    at = at.run()
    by_label(at.text_area, "Note").input("Slept through the night")
    clock.seconds += 10 * 60 + 1
    at = submit(at, save)
    assert titles(at) == ["Harbor is locked"]
    assert locked.list(kind) == []
    at = unlock(at, by_label, PASSPHRASE)
    assert by_label(at.radio, "What would you like to log").value == form
    assert by_label(at.date_input, "Day").value == day
    assert at.success, "says so"
    assert [(c.day, c.notes) for c in locked.list(kind)] == [(day, "Slept through the night")]
    at = at.run()
    assert len(locked.list(kind)) == 1, "saved once, not again on the next run"
