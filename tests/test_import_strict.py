"""Imports stay in their family, and large imports are all or nothing across batches.

The scopes (dashboard.backup.ImportScope): the command line may add to any household,
Settings only to the family that is open, the first screen only one new family. The command
line's own cases, run as a person runs it, are in tests/test_cli.py; the app's in
tests/pages/test_restore.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError

from dashboard import backup
from dashboard.backup import ImportRejected, ImportScope
from dashboard.records import (
    DailyCheckin,
    Household,
    RecordInvalid,
    lock_hash_problem,
    validate_import,
)
from dashboard.store import HouseholdStore, NewFamily, Store, StoreBusy

Payload = dict[str, Any]
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _import(store: Store, payload: Payload, scope: ImportScope) -> backup.ImportPlan:
    plan = backup.plan_import(store, backup.parse_backup(json.dumps(payload).encode()), scope)
    backup.apply_import(store, plan)
    return plan


@pytest.fixture
def two_families(store: Store) -> tuple[HouseholdStore, HouseholdStore]:
    """The family whose Settings are open, and another family on the same computer."""
    return (
        store.create_family(NewFamily("The Open family", "Sam", "Alex")),
        store.create_family(NewFamily("The Other family", "Kim", "Lee")),
    )


def _checkin(family: HouseholdStore, **changes: Any) -> Payload:
    row = DailyCheckin(
        household_id=family.id,
        loved_one_id=family.loved_ones()[0].id,
        day=NOW.date() - timedelta(days=1),
        mood=3,
        sleep=3,
        notes="from the backup",
    ).model_dump(mode="json")
    return {**row, **changes}


def _own_backup(family: HouseholdStore, *extra: Payload) -> Payload:
    payload = backup.export_payload(family.store, family.id)
    payload["daily_checkins"] += list(extra)
    return payload


# -- Settings: only the family that is open --------------------------------------------------


def test_settings_restores_the_open_familys_missing_records(
    two_families: tuple[HouseholdStore, HouseholdStore],
) -> None:
    mine, _ = two_families
    plan = _import(mine.store, _own_backup(mine, _checkin(mine)), ImportScope.into(mine.id))
    assert plan.total_new == 1
    assert [h.name for h in plan.households] == ["The Open family"]
    assert mine.count(DailyCheckin) == 1


def _other_familys_file(mine: HouseholdStore, other: HouseholdStore) -> Payload:
    return backup.export_payload(other.store, other.id)


def _record_naming_the_other_household(mine: HouseholdStore, other: HouseholdStore) -> Payload:
    row = _checkin(other)  # a check-in about the other family's loved one, in their name
    return _own_backup(mine, row)


def _record_taking_an_id_of_the_other_family(
    mine: HouseholdStore, other: HouseholdStore
) -> Payload:
    theirs = other.loved_ones()[0]
    payload = _own_backup(mine)
    payload["loved_ones"].append(
        {**payload["loved_ones"][0], "id": str(theirs.id), "display_name": "Impostor"}
    )
    return payload


def _reference_into_the_other_family(mine: HouseholdStore, other: HouseholdStore) -> Payload:
    return _own_backup(mine, _checkin(mine, loved_one_id=str(other.loved_ones()[0].id)))


def _a_new_household(mine: HouseholdStore, other: HouseholdStore) -> Payload:
    payload = _own_backup(mine)
    payload["households"].append(Household(name="A third family").model_dump(mode="json"))
    return payload


# (case, the file, the record and field named, words)
SCOPE_CASES = [
    ("another family's backup", _other_familys_file, "households[0]", "id", "names another family"),
    (
        "a record in another household's name",
        _record_naming_the_other_household,
        "daily_checkins[0]",
        "household_id",
        "names another family",
    ),
    (
        "an id that belongs to another household",
        _record_taking_an_id_of_the_other_family,
        "loved_ones[1]",
        "household_id",
        "a record with this id belongs to another household",
    ),
    (
        "a reference into another household",
        _reference_into_the_other_family,
        "daily_checkins[0]",
        "loved_one_id",
        "belongs to another household",
    ),
    ("a new household", _a_new_household, "households[1]", "id", "names another family"),
]


@pytest.mark.parametrize(
    ("make", "where", "field", "words"),
    [case[1:] for case in SCOPE_CASES],
    ids=[case[0] for case in SCOPE_CASES],
)
def test_settings_refuses_a_file_that_reaches_another_family(
    two_families: tuple[HouseholdStore, HouseholdStore],
    dump: Callable[[Store], dict],
    make: Callable[..., Payload],
    where: str,
    field: str,
    words: str,
) -> None:
    mine, other = two_families
    payload = make(mine, other)
    before = dump(mine.store)
    with pytest.raises(ImportRejected) as caught:
        _import(mine.store, payload, ImportScope.into(mine.id))
    message = str(caught.value)
    assert message.startswith(f"{where} (id "), message
    assert f"field '{field}': " in message and words in message
    assert dump(mine.store) == before


def test_the_same_files_go_through_the_command_line_scope(
    two_families: tuple[HouseholdStore, HouseholdStore], dump: Callable[[Store], dict]
) -> None:
    """The owner's import may add to any household: another family's backup, or a new one."""
    mine, other = two_families
    plan = _import(mine.store, _a_new_household(mine, other), ImportScope.anywhere())
    assert [(h.name, h.stored, h.new_records) for h in plan.households] == [
        ("The Open family", True, 0),
        ("A third family", False, 1),
    ]


# -- the first screen: exactly one family that is not here yet -------------------------------


def test_the_first_screen_restores_one_new_family(
    store: Store, other_family_payload: Callable[[], Payload]
) -> None:
    plan = _import(store, other_family_payload(), ImportScope.new_family())
    assert plan.total_new == 6
    assert [h.name for h in store.households()] == ["The Other family"]


def _two_families(payload: Payload) -> None:
    payload["households"].append(Household(name="Second").model_dump(mode="json"))


def _no_family(payload: Payload) -> None:
    payload.update({table: [] for table in payload if isinstance(payload[table], list)})


NEW_FAMILY_CASES = [
    ("two families", _two_families, "this file holds 2 families; here Harbor restores one"),
    ("no family", _no_family, "this file holds no family, so there is nothing to restore"),
]


@pytest.mark.parametrize(
    ("change", "words"),
    [case[1:] for case in NEW_FAMILY_CASES],
    ids=[case[0] for case in NEW_FAMILY_CASES],
)
def test_the_first_screen_refuses_anything_but_one_new_family(
    store: Store,
    other_family_payload: Callable[[], Payload],
    change: Callable[[Payload], None],
    words: str,
) -> None:
    payload = other_family_payload()
    change(payload)
    with pytest.raises(ImportRejected, match=words):
        _import(store, payload, ImportScope.new_family())
    assert store.households() == []


def test_the_first_screen_refuses_a_family_already_here(
    store: Store, other_family_payload: Callable[[], Payload]
) -> None:
    payload = other_family_payload()
    _import(store, payload, ImportScope.anywhere())
    with pytest.raises(ImportRejected) as caught:
        _import(store, payload, ImportScope.new_family())
    assert str(caught.value).startswith("households[0] (id ")
    assert "field 'id': this family is already in Harbor on this computer" in str(caught.value)


# -- large imports: one transaction per batch, all or nothing overall -------------------------


def test_small_batches_import_the_same_records(
    sqlite_store: Store,
    other_family_payload: Callable[[], Payload],
    dump: Callable[[Store], dict],
    tmp_path: Path,
) -> None:
    payload = other_family_payload()
    plan = backup.plan_import(sqlite_store, backup.parse_backup(json.dumps(payload).encode()))
    backup.apply_import(sqlite_store, plan, batch_size=2)
    assert dump(sqlite_store) == {table: payload[table] for table in dump(sqlite_store)}


def _day_clash_at_the_end(payload: Payload) -> None:
    payload["daily_checkins"][-1]["day"] = payload["daily_checkins"][0]["day"]


def test_a_failing_late_batch_takes_the_earlier_batches_out_again(
    sqlite_store: Store,
    other_family_payload: Callable[[], Payload],
    dump: Callable[[Store], dict],
    data_dir: Path,
) -> None:
    resident = sqlite_store.create_family(NewFamily("The Resident family", "Sam", "Alex"))
    version = resident.data_version()
    before = dump(sqlite_store)
    payload = other_family_payload()
    _day_clash_at_the_end(payload)
    plan = backup.plan_import(sqlite_store, backup.parse_backup(json.dumps(payload).encode()))
    written: list[int] = []
    insert = sqlite_store.insert_records

    def counting(records: Any, connection: Any = None) -> None:
        insert(records, connection)
        if connection is None:  # a batch of the import, in its own transaction
            written.append(len(records))

    sqlite_store.insert_records = counting  # type: ignore[method-assign]
    with pytest.raises(ImportRejected, match="clashes with records already stored") as caught:
        backup.apply_import(sqlite_store, plan, backup_dir=data_dir / "backups", batch_size=2)
    assert written == [2, 2], "two batches were committed before the third failed"
    assert str(caught.value).endswith("; nothing was imported")
    assert dump(sqlite_store) == before
    assert resident.data_version() == version
    # The safety copy was taken before anything was written.
    with sqlite3.connect(plan.safety_copy) as copy:
        assert copy.execute("SELECT count(*) FROM households").fetchone() == (1,)
    copy.close()


def test_a_busy_database_mid_import_leaves_nothing_and_says_so(
    sqlite_store: Store, other_family_payload: Callable[[], Payload], dump: Callable[[Store], dict]
) -> None:
    before = dump(sqlite_store)
    plan = backup.plan_import(
        sqlite_store, backup.parse_backup(json.dumps(other_family_payload()).encode())
    )
    insert = sqlite_store.insert_records
    calls: list[int] = []

    def busy_on_the_third(records: Any, connection: Any = None) -> None:
        if connection is None:  # a batch of the import, in its own transaction
            calls.append(len(records))
            if len(calls) == 3:
                raise StoreBusy("locked")
        insert(records, connection)

    sqlite_store.insert_records = busy_on_the_third  # type: ignore[method-assign]
    with pytest.raises(ImportRejected) as caught:
        backup.apply_import(sqlite_store, plan, batch_size=2)
    assert str(caught.value) == (
        "Harbor is busy saving something else, so the import stopped (try again); "
        "nothing was imported"
    )
    assert dump(sqlite_store) == before


def test_when_taking_back_fails_the_message_says_what_stays(
    sqlite_store: Store,
    other_family_payload: Callable[[], Payload],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    payload = other_family_payload()
    _day_clash_at_the_end(payload)
    plan = backup.plan_import(sqlite_store, backup.parse_backup(json.dumps(payload).encode()))

    def busy(*_: Any) -> None:
        raise StoreBusy("locked")

    monkeypatch.setattr(backup, "_take_back", busy)
    with pytest.raises(ImportRejected) as caught:
        backup.apply_import(sqlite_store, plan, backup_dir=data_dir / "backups", batch_size=2)
    message = str(caught.value)
    assert "4 records were written before this and could not be taken out again" in message
    assert "importing the same file again adds only what is missing" in message
    assert f"restore the copy at {plan.safety_copy}" in message


# -- records read from a file -----------------------------------------------------------------

# A hash as dashboard.lock makes it (argon2-cffi's defaults).
HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$pACLhFNuRbdPaXi2kbMh+w"
    "$xqPW8qVsiyV/lhKEo2Ji8EIhXMyL/Ud1Rq53Uui83uo"
)


def _household(**fields: Any) -> Payload:
    """A household as a file holds it, stamped at NOW."""
    stamp = NOW.isoformat().replace("+00:00", "Z")
    row = Household(name="The Test family").model_dump(mode="json")
    return row | {"created_at": stamp, "updated_at": stamp} | fields


@pytest.mark.parametrize(
    "value",
    [
        HASH,
        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("x"),
        PasswordHasher(type=Type.I).hash("x"),
    ],
    ids=["harbor's own", "cheapest", "argon2i"],
)
def test_a_lock_hash_harbor_accepts_is_one_argon2_can_check(value: str) -> None:
    assert lock_hash_problem(value) is None
    with pytest.raises(VerifyMismatchError):  # a wrong passphrase, never a broken hash
        PasswordHasher().verify(value, "not the passphrase")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "locked",
        "$2b$12$abcdefghijklmnopqrstuuOjJ3H0x1jvGz2QnU2Rk1o0fS8jv7HGm",  # bcrypt
        HASH.replace("v=19", "v=16"),
        HASH.replace("m=65536", "m=0"),
        HASH.replace("m=65536", "m=99999999"),
        HASH.replace("t=3", "t=0"),
        HASH.replace("p=4", "p=0"),
        HASH.rsplit("$", 1)[0] + "$abc",
        HASH + "$",
        HASH + "\n",
        " " + HASH,
    ],
    ids=repr,
)
def test_a_lock_hash_that_could_never_unlock_is_refused(value: str) -> None:
    item = _household(lock_hash=value)
    with pytest.raises(RecordInvalid) as caught:
        validate_import(Household, item, "households[0]", now=NOW)
    assert str(caught.value).startswith("households[0], field 'lock_hash': ")


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        ("1999-12-31T23:59:59Z", False),
        ("2000-01-01T00:00:00Z", True),
        ("2026-06-15T12:00:00Z", True),
        ("2026-06-16T12:00:00Z", True),  # a clock a day ahead is forgiven
        ("2026-06-16T12:00:01Z", False),
        ("2999-01-01T00:00:00Z", False),
    ],
)
@pytest.mark.parametrize("field", ["created_at", "updated_at"])
def test_timestamps_in_a_file_fall_between_2000_and_tomorrow(
    moment: str, accepted: bool, field: str
) -> None:
    item = _household(**{field: moment})
    if accepted:
        assert validate_import(Household, item, now=NOW)
        return
    with pytest.raises(RecordInvalid, match=rf"^Household, field '{field}': "):
        validate_import(Household, item, now=NOW)
