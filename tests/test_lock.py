"""The privacy lock: passphrase rules, argon2 hashing, and turning it on and off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from dashboard.db import make_engine
from dashboard.db.schema import passphrase_tries
from dashboard.lock import (
    FIRST_WAIT_SECONDS,
    FREE_TRIES,
    PassphraseRejected,
    Throttle,
    check_new_passphrase,
    hash_passphrase,
    is_locked,
    passphrase_matches,
    remove_lock,
    set_lock,
)
from dashboard.store import HouseholdStore, PassphraseTries, Store

GOOD = "harbour lights"


@pytest.mark.parametrize(
    ("passphrase", "repeated", "message"),
    [
        ("short", "short", "at least 8 characters"),
        ("", "", "at least 8 characters"),
        ("x" * 201, "x" * 201, "at most 200 characters"),
        (GOOD, GOOD + " ", "differ"),
        (GOOD, "", "differ"),
    ],
)
def test_unusable_passphrases_are_refused_naming_the_field(
    passphrase: str, repeated: str, message: str
) -> None:
    with pytest.raises(PassphraseRejected, match=message) as caught:
        check_new_passphrase(passphrase, repeated)
    assert str(caught.value).startswith(("Passphrase:", "Repeat passphrase:"))


@pytest.mark.parametrize("passphrase", ["12345678", GOOD, "über sicher ✓", "x" * 200])
def test_usable_passphrases_are_accepted(passphrase: str) -> None:
    check_new_passphrase(passphrase, passphrase)


def test_only_an_argon2_hash_is_kept() -> None:
    stored = hash_passphrase(GOOD)
    assert stored.startswith("$argon2id$")
    assert GOOD not in stored
    assert passphrase_matches(stored, GOOD)
    assert not passphrase_matches(stored, GOOD.upper())
    assert not passphrase_matches(stored, "")


@pytest.mark.parametrize("damaged", ["not a hash", "$argon2id$v=19$broken", "$2b$12$abc"])
def test_a_damaged_hash_never_unlocks(damaged: str) -> None:
    assert not passphrase_matches(damaged, GOOD)


def test_no_lock_means_nothing_to_unlock() -> None:
    assert passphrase_matches(None, "")


def test_turn_the_lock_on_change_it_and_off(family: HouseholdStore) -> None:
    assert not is_locked(family)
    set_lock(family, GOOD, GOOD)
    assert is_locked(family)
    assert passphrase_matches(family.info().lock_hash, GOOD)

    with pytest.raises(PassphraseRejected, match="Current passphrase"):
        set_lock(family, "new passphrase", "new passphrase", current="wrong one")
    set_lock(family, "new passphrase", "new passphrase", current=GOOD)
    assert passphrase_matches(family.info().lock_hash, "new passphrase")

    with pytest.raises(PassphraseRejected, match="the lock stays on"):
        remove_lock(family, GOOD)
    assert is_locked(family)
    remove_lock(family, "new passphrase")
    assert not is_locked(family)


def test_a_refused_passphrase_changes_nothing(family: HouseholdStore) -> None:
    before = family.info()
    with pytest.raises(PassphraseRejected):
        set_lock(family, "short", "short")
    assert family.info() == before


def wrong() -> bool:
    """A passphrase check that fails: a wrong try."""
    return False


class FixedClock:
    """A wall clock the test moves by hand (the throttle reads UTC times)."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


def test_two_stores_on_one_database_share_the_wrong_passphrase_count(
    store: Store, family: HouseholdStore
) -> None:
    """Two replicas (two Store objects, two pools) count the same tries, on both databases."""
    other = Store(make_engine(store.engine.url.render_as_string(hide_password=False)))
    clock = FixedClock()
    here, there = Throttle(clock), Throttle(clock)
    mine, theirs = family, other.household(family.id)
    for _ in range(FREE_TRIES - 1):
        assert here.attempt(mine, wrong).wait == 0
    fifth = there.attempt(theirs, wrong)
    assert fifth.wait == FIRST_WAIT_SECONDS, "the fifth try, made on the other one"
    assert here.wait_left(mine) == FIRST_WAIT_SECONDS
    clock.moment += timedelta(seconds=FIRST_WAIT_SECONDS)
    assert there.wait_left(theirs) == 0
    assert here.attempt(mine, wrong).wait == 2 * FIRST_WAIT_SECONDS
    clock.moment += timedelta(seconds=2 * FIRST_WAIT_SECONDS)
    assert there.attempt(theirs, lambda: True).unlocked
    assert here.wait_left(mine) == 0
    assert mine.passphrase_tries() == PassphraseTries(0, None)
    other.engine.dispose()


@pytest.mark.parametrize("deletion", ["the family's own", "delete-all"])
def test_the_count_of_wrong_tries_goes_with_its_household(
    store: Store, family: HouseholdStore, deletion: str
) -> None:
    Throttle(FixedClock()).attempt(family, wrong)
    if deletion == "delete-all":
        store.delete_all()
    else:
        family.delete_household()
    with store.reading() as connection:
        assert connection.scalar(select(func.count()).select_from(passphrase_tries)) == 0


def test_a_new_passphrase_or_none_starts_with_no_wrong_tries(family: HouseholdStore) -> None:
    set_lock(family, GOOD, GOOD)
    for _ in range(FREE_TRIES):
        Throttle(FixedClock()).attempt(family, wrong)
    set_lock(family, "a new passphrase", "a new passphrase", current=GOOD)
    assert family.passphrase_tries() == PassphraseTries(0, None)
    Throttle(FixedClock()).attempt(family, wrong)
    remove_lock(family, "a new passphrase")
    assert family.passphrase_tries() == PassphraseTries(0, None)


def test_a_try_made_while_another_is_being_checked_waits_its_turn(
    store: Store, family: HouseholdStore
) -> None:
    """Parallel tabs or replicas: the fifth wrong try is counted before it is checked, so a
    sixth made meanwhile (elsewhere) is refused unchecked, not let through on a stale count."""
    other = Store(make_engine(store.engine.url.render_as_string(hide_password=False)))
    clock = FixedClock()
    here, there = Throttle(clock), Throttle(clock)
    set_lock(family, GOOD, GOOD)
    lock_hash = family.info().lock_hash
    for _ in range(FREE_TRIES - 1):
        assert not here.attempt(family, lambda: passphrase_matches(lock_hash, "guess")).unlocked
    checked_elsewhere = []

    def fifth_guess() -> bool:
        # While this one is being checked, another tab tries the right passphrase.
        def sixth() -> bool:
            checked_elsewhere.append(True)
            return passphrase_matches(lock_hash, GOOD)

        checked_elsewhere.append(there.attempt(other.household(family.id), sixth))
        return passphrase_matches(lock_hash, "guess")

    fifth = here.attempt(family, fifth_guess)
    assert (fifth.unlocked, fifth.counted, fifth.wait) == (False, True, FIRST_WAIT_SECONDS)
    [sixth] = checked_elsewhere
    assert (sixth.unlocked, sixth.counted, sixth.wait) == (False, False, FIRST_WAIT_SECONDS)
    assert family.passphrase_tries().failures == FREE_TRIES, "the refused one was not a try"
    clock.moment += timedelta(seconds=FIRST_WAIT_SECONDS)
    right = there.attempt(other.household(family.id), lambda: passphrase_matches(lock_hash, GOOD))
    assert right.unlocked and family.passphrase_tries() == PassphraseTries(0, None)
    other.engine.dispose()


@pytest.mark.parametrize("tries", [1, FREE_TRIES - 1])
def test_free_tries_are_counted_and_checked_without_a_wait(
    family: HouseholdStore, tries: int
) -> None:
    throttle = Throttle(FixedClock())
    for _ in range(tries):
        outcome = throttle.attempt(family, lambda: False)
        assert (outcome.unlocked, outcome.counted, outcome.wait) == (False, True, 0)
    assert family.passphrase_tries().failures == tries
