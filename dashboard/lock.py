"""The optional privacy lock for a computer shared with the loved one.

Only an argon2 hash of the passphrase is stored, on the household. The lock keeps
casual eyes out of the app; it does not encrypt the database file (README says so).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from dashboard.records import validate_record
from dashboard.store import HouseholdStore, Store

PASSPHRASE_MIN_CHARS = 8
PASSPHRASE_MAX_CHARS = 200
_hasher = PasswordHasher()


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


def remove_lock(household: HouseholdStore, current: str) -> None:
    info = household.info()
    if not passphrase_matches(info.lock_hash, current):
        raise PassphraseRejected("Current passphrase: that is not it; the lock stays on.")
    household.update(validate_record(type(info), {**info.model_dump(), "lock_hash": None}))


def clear_locks(store: Store) -> int:
    """For a forgotten passphrase: whoever runs the command line owns the data file anyway."""
    locked = [h for h in store.households() if h.lock_hash is not None]
    for info in locked:
        store.household(info.id).update(
            validate_record(type(info), {**info.model_dump(), "lock_hash": None})
        )
    return len(locked)
