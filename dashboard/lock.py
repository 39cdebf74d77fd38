"""The optional privacy lock for a computer shared with the loved one.

Only an argon2 hash of the passphrase is stored, on the household. The lock keeps
casual eyes out of the app; it does not encrypt the database file (README says so).

On a shared computer the lock also closes after an idle time (10 minutes unless Settings
says otherwise), and wrong passphrases slow down: after FREE_TRIES in a row, the next try
waits 30 s, then twice as long each time. Both are kept on the server, per household, never
in the browser: a new tab or a cleared cookie does not reset them. The idle time is saved on
the household; the count of wrong tries is in the database (passphrase_tries), so a restart
or another replica does not reset it either.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.records import Household, validate_record
from dashboard.store import HouseholdStore, Store

PASSPHRASE_MIN_CHARS = 8
PASSPHRASE_MAX_CHARS = 200
_hasher = PasswordHasher()
IDLE_MINUTES_DEFAULT = 10
IDLE_MINUTES_RANGE = (1, 240)
FREE_TRIES = 5
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 15 * 60


def now() -> float:
    """The clock the lock reads (seconds); tests replace it instead of sleeping."""
    return time.monotonic()


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passphrases in a row: 30 s after 5, then longer."""
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES), LONGEST_WAIT_SECONDS)


def utc_now() -> datetime:
    """The wall clock the throttle reads; every replica agrees on it (tests replace it)."""
    return datetime.now(UTC)


class Throttle:
    """Wrong passphrases per household, kept in the database (table passphrase_tries).

    Every replica and every restart reads the same count, in home and hosted mode alike.
    The count goes with its household when the family is deleted, and is never in a backup:
    restoring it would only lock a family out, or give a guesser fresh tries.
    """

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self._clock = clock

    def _now(self) -> datetime:
        return self._clock() if self._clock is not None else utc_now()

    def wait_left(self, household: HouseholdStore) -> int:
        """Whole seconds before the next try is allowed (0: try now)."""
        until = household.passphrase_tries().blocked_until
        if until is None:
            return 0
        return max(0, math.ceil((until - self._now()).total_seconds()))

    def attempt(self, household: HouseholdStore, matches: Callable[[], bool]) -> Attempt:
        """Try a passphrase: the try is counted first, then `matches()` checks it.

        Counting first, in one transaction that also checks the wait, means parallel tries
        (many tabs, many replicas) cannot all pass the check before the first is counted;
        a right passphrase then clears the count.
        """
        now = self._now()
        claimed = household.claim_passphrase_try(
            now, lambda failures: now + timedelta(seconds=wait_after(failures))
        )
        if claimed is None:
            return Attempt(unlocked=False, counted=False, wait=max(1, self.wait_left(household)))
        if matches():
            household.clear_passphrase_tries()
            return Attempt(unlocked=True, counted=True, wait=0)
        return Attempt(unlocked=False, counted=True, wait=wait_after(claimed.failures))


@dataclass(frozen=True)
class Attempt:
    """What became of one try: unlocked, or not; whether it was checked at all (counted),
    and the seconds before the next try may come."""

    unlocked: bool
    counted: bool
    wait: int


THROTTLE = Throttle()


def idle_minutes(info: Household) -> int:
    """How long an unlocked Harbor may sit idle before it locks again."""
    return info.lock_idle_minutes or IDLE_MINUTES_DEFAULT


def set_idle_minutes(household: HouseholdStore, minutes: int) -> None:
    """Save the idle time on the household (every session and restart uses it)."""
    low, high = IDLE_MINUTES_RANGE
    if not low <= minutes <= high:
        raise PassphraseRejected(
            f"Lock after: choose between {low} and {high} minutes; nothing was changed."
        )
    info = household.info()
    household.update(
        validate_record(type(info), {**info.model_dump(), "lock_idle_minutes": minutes})
    )


class PassphraseRejected(ValueError):
    """The passphrase cannot be used or does not match; the message says why."""


def check_new_passphrase(passphrase: str, repeated: str) -> None:
    if len(passphrase) < PASSPHRASE_MIN_CHARS:
        raise PassphraseRejected(
            f"Passphrase: use at least {PASSPHRASE_MIN_CHARS} characters; nothing was changed."
        )
    if len(passphrase) > PASSPHRASE_MAX_CHARS:
        raise PassphraseRejected(
            f"Passphrase: use at most {PASSPHRASE_MAX_CHARS} characters; nothing was changed."
        )
    if passphrase != repeated:
        raise PassphraseRejected(
            "Repeat passphrase: the two passphrases differ; nothing was changed."
        )


def hash_passphrase(passphrase: str) -> str:
    return _hasher.hash(passphrase)


def passphrase_matches(lock_hash: str | None, attempt: str) -> bool:
    """True when `attempt` unlocks; a damaged hash never unlocks."""
    if not lock_hash:
        return True
    try:
        return _hasher.verify(lock_hash, attempt)
    except (VerificationError, InvalidHashError):
        return False


def is_locked(household: HouseholdStore) -> bool:
    return household.info().lock_hash is not None


def set_lock(household: HouseholdStore, passphrase: str, repeated: str, current: str = "") -> None:
    """Turn the lock on, or change it; changing needs the current passphrase."""
    info = household.info()
    if not passphrase_matches(info.lock_hash, current):
        raise PassphraseRejected("Current passphrase: that is not it; nothing was changed.")
    check_new_passphrase(passphrase, repeated)
    household.update(
        validate_record(type(info), {**info.model_dump(), "lock_hash": hash_passphrase(passphrase)})
    )
    household.clear_passphrase_tries()  # a new passphrase starts with no wrong tries


def remove_lock(household: HouseholdStore, current: str) -> None:
    info = household.info()
    if not passphrase_matches(info.lock_hash, current):
        raise PassphraseRejected("Current passphrase: that is not it; the lock stays on.")
    household.update(validate_record(type(info), {**info.model_dump(), "lock_hash": None}))
    household.clear_passphrase_tries()


def clear_locks(store: Store) -> int:
    """For a forgotten passphrase: whoever runs the command line owns the data file anyway."""
    locked = [h for h in store.households() if h.lock_hash is not None]
    for info in locked:
        household = store.household(info.id)
        household.update(validate_record(type(info), {**info.model_dump(), "lock_hash": None}))
        household.clear_passphrase_tries()
    return len(locked)
