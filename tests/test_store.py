"""Store behaviour on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from dashboard.records import (
    CaregiverCheckin,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
)
from dashboard.store import (
    AlreadyLogged,
    EditConflict,
    HouseholdStore,
    NewFamily,
    NotFound,
    Store,
    WrongHousehold,
    integrity_ok,
)

DAY = date(2026, 3, 9)


def checkin(family: HouseholdStore, day: date = DAY, **changes: object) -> DailyCheckin:
    values = {"mood": 3, "sleep": 3, "observed_use": "none"} | changes
    return DailyCheckin(
        household_id=family.id, loved_one_id=family.loved_ones()[0].id, day=day, **values
    )


def test_create_family_makes_household_loved_one_and_member(store: Store) -> None:
    family = store.create_family(NewFamily("Rivera", "Sam", "Maria", region="UK"))
    assert family.info().region == "UK"
    assert [lo.display_name for lo in family.loved_ones()] == ["Sam"]
    assert [m.display_name for m in family.family_members()] == ["Maria"]
    assert family.loved_ones()[0].substance == "ketamine"


def test_a_same_day_save_never_replaces_the_entry_unless_asked(family: HouseholdStore) -> None:
    first, created = family.save_checkin(checkin(family, mood=2, notes="first"))
    with pytest.raises(AlreadyLogged, match="2026-03-09 already has a daily check-in") as caught:
        family.save_checkin(checkin(family, mood=4, notes="second"))
    assert caught.value.existing == first
    assert family.list(DailyCheckin) == [first]

    second, created_again = family.save_checkin(
        checkin(family, mood=4, notes="second"), replacing=first
    )
    [stored] = family.list(DailyCheckin)
    assert (created, created_again) == (True, False)
    assert stored.id == first.id == second.id
    assert (stored.mood, stored.notes, stored.version) == (4, "second", 2)
    assert [v.entry() for v in family.versions(DailyCheckin, first.id)] == [first]


def test_a_replace_of_an_entry_that_changed_meanwhile_is_refused(family: HouseholdStore) -> None:
    seen, _ = family.save_checkin(checkin(family, notes="as I saw it"))
    family.update(seen.model_copy(update={"notes": "edited on another phone"}))
    with pytest.raises(EditConflict, match="changed by someone else"):
        family.save_checkin(checkin(family, notes="mine"), replacing=seen)
    assert [c.notes for c in family.list(DailyCheckin)] == ["edited on another phone"]


def test_caregiver_checkin_is_one_per_member_per_day(family: HouseholdStore) -> None:
    member = family.family_members()[0]

    def mine(stress: int) -> CaregiverCheckin:
        return CaregiverCheckin(
            household_id=family.id, family_member_id=member.id, day=DAY, stress=stress, sleep=3
        )

    first, _ = family.save_caregiver_checkin(mine(8))
    with pytest.raises(AlreadyLogged, match="logged by Alex") as caught:
        family.save_caregiver_checkin(mine(3))
    assert caught.value.existing == first
    assert [c.stress for c in family.list(CaregiverCheckin)] == [8]
    family.save_caregiver_checkin(mine(3), replacing=first)
    assert [c.stress for c in family.list(CaregiverCheckin)] == [3]
    assert family.day_entry(CaregiverCheckin, member.id, DAY).stress == 3


def test_stale_edit_is_refused_and_the_newer_edit_kept(family: HouseholdStore) -> None:
    saved, _ = family.save_checkin(checkin(family))
    opened_by_a = family.get(DailyCheckin, saved.id)
    opened_by_b = family.get(DailyCheckin, saved.id)
    family.update(opened_by_a.model_copy(update={"notes": "from A"}))
    with pytest.raises(EditConflict, match="changed by someone else"):
        family.update(opened_by_b.model_copy(update={"notes": "from B"}))
    assert family.get(DailyCheckin, saved.id).notes == "from A"


def test_moving_a_checkin_onto_a_logged_day_is_refused(family: HouseholdStore) -> None:
    family.save_checkin(checkin(family, notes="that day"))
    other, _ = family.save_checkin(checkin(family, DAY - timedelta(days=1), notes="day before"))
    with pytest.raises(AlreadyLogged, match="field 'day'"):
        family.update(other.model_copy(update={"day": DAY}))
    assert family.get(DailyCheckin, other.id) == other
    assert [c.notes for c in family.list(DailyCheckin)] == ["day before", "that day"]


def test_undo_is_refused_when_the_day_was_logged_again(family: HouseholdStore) -> None:
    first, _ = family.save_checkin(checkin(family, notes="first"))
    deleted = family.delete(DailyCheckin, first.id)
    family.save_checkin(checkin(family, notes="again"))
    with pytest.raises(AlreadyLogged, match="could not be put back"):
        family.restore(deleted)
    assert [c.notes for c in family.list(DailyCheckin)] == ["again"]


def test_undo_twice_puts_the_entry_back_once(family: HouseholdStore) -> None:
    saved, _ = family.save_checkin(checkin(family, notes="once"))
    deleted = family.delete(DailyCheckin, saved.id)
    family.restore(deleted)
    family.restore(deleted)
    assert family.list(DailyCheckin) == [saved]


def test_an_edit_and_its_note_land_together_or_not_at_all(family: HouseholdStore) -> None:
    saved, _ = family.save_checkin(checkin(family, notes="first"))
    win = SmallWin(
        household_id=family.id, loved_one_id=family.loved_ones()[0].id, day=DAY, text="Noted"
    )
    family.update(saved.model_copy(update={"notes": "edited"}), also_add=[win])
    assert [w.text for w in family.list(SmallWin)] == ["Noted"]
    stale = saved.model_copy(update={"notes": "stale edit"})
    other = win.model_copy(update={"id": uuid.uuid4(), "text": "Never saved"})
    with pytest.raises(EditConflict):
        family.update(stale, also_add=[other])
    assert [w.text for w in family.list(SmallWin)] == ["Noted"]


def test_delete_returns_the_record_and_restore_undoes_it(family: HouseholdStore) -> None:
    win = family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            day=DAY,
            text="Came to dinner",
        )
    )
    deleted = family.delete(SmallWin, win.id)
    assert family.list(SmallWin) == []
    family.restore(deleted)
    assert [w.text for w in family.list(SmallWin)] == ["Came to dinner"]


def test_every_query_is_scoped_to_its_household(store: Store) -> None:
    ours = store.create_family(NewFamily("Ours", "Sam", "Maria"))
    theirs = store.create_family(NewFamily("Theirs", "Kim", "Lee"))
    ours.save_checkin(checkin(ours, notes="private to us"))
    assert theirs.list(DailyCheckin) == []
    assert theirs.frame(DailyCheckin).empty
    our_checkin = ours.list(DailyCheckin)[0]
    with pytest.raises(NotFound):
        theirs.get(DailyCheckin, our_checkin.id)
    with pytest.raises(WrongHousehold):
        theirs.add(checkin(ours, day=DAY - timedelta(days=1)))
    with pytest.raises(WrongHousehold):
        theirs.update(our_checkin)
    with pytest.raises(NotFound):
        theirs.delete(DailyCheckin, our_checkin.id)
    assert len(ours.list(DailyCheckin)) == 1


@pytest.mark.parametrize(
    ("start", "end", "expected_days"),
    [
        (None, None, [1, 2, 3]),
        (date(2026, 3, 2), None, [2, 3]),
        (None, date(2026, 3, 2), [1, 2]),
        (date(2026, 3, 2), date(2026, 3, 2), [2]),
    ],
)
def test_date_range_filters_are_inclusive(
    family: HouseholdStore, start: date | None, end: date | None, expected_days: list[int]
) -> None:
    for day in (1, 2, 3):
        family.save_checkin(checkin(family, day=date(2026, 3, day)))
    assert [c.day.day for c in family.list(DailyCheckin, start, end)] == expected_days
    assert len(family.frame(DailyCheckin, start, end)) == len(expected_days)


def test_every_dated_record_is_filed_under_a_real_date_column() -> None:
    from dashboard.db.schema import TABLES
    from dashboard.records import RECORD_TYPES
    from dashboard.store import DATE_COLUMN

    undated = {
        "entry_versions",
        "households",
        "loved_ones",
        "family_members",
        "treatment_options",
        "sober_activities",
    }
    for record_type in RECORD_TYPES:
        if record_type.table in undated:
            assert record_type not in DATE_COLUMN, record_type.table
            continue
        column = DATE_COLUMN[record_type]
        assert column in record_type.model_fields, record_type.table
        assert column in TABLES[record_type.table].c, record_type.table


def test_every_write_bumps_the_data_version(family: HouseholdStore) -> None:
    versions = [family.data_version()]
    saved, _ = family.save_checkin(checkin(family))
    versions.append(family.data_version())
    family.update(family.get(DailyCheckin, saved.id).model_copy(update={"mood": 5}))
    versions.append(family.data_version())
    family.delete(DailyCheckin, saved.id)
    versions.append(family.data_version())
    assert versions == sorted(set(versions))


def test_planned_events_may_be_in_the_future(family: HouseholdStore) -> None:
    future = date.today() + timedelta(days=30)
    family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            kind="therapy_session",
            start_date=future,
            status="planned",
        )
    )
    assert family.list(TreatmentEvent)[0].start_date == future


def test_delete_household_removes_only_that_family(store: Store) -> None:
    ours = store.create_family(NewFamily("Ours", "Sam", "Maria"))
    theirs = store.create_family(NewFamily("Theirs", "Kim", "Lee"))
    ours.save_checkin(checkin(ours))
    ours.delete_household()
    assert [h.name for h in store.households()] == ["Theirs"]
    assert store.counts()["daily_checkins"] == 0
    assert theirs.loved_ones()


def test_unknown_household_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.household(uuid.uuid4())


def test_sqlite_connections_carry_the_durability_pragmas(sqlite_store: Store) -> None:
    expected = {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "secure_delete": 1,
    }
    with sqlite_store.engine.connect() as connection:
        actual = {name: connection.execute(text(f"PRAGMA {name}")).scalar() for name in expected}
        busy = connection.execute(text("PRAGMA busy_timeout")).scalar()
    assert actual == expected
    assert busy >= 5000
    assert sqlite_store.engine.hide_parameters is True
    assert integrity_ok(sqlite_store.engine)


def test_errors_never_echo_parameters(sqlite_store: Store) -> None:
    family = sqlite_store.create_family(NewFamily("Ours", "Sam", "Maria"))
    secret = "a very private note"
    with pytest.raises(Exception) as caught, sqlite_store.writing() as connection:
        connection.execute(
            text("INSERT INTO daily_checkins (id, notes) VALUES (:id, :notes)"),
            {"id": family.id.hex, "notes": secret},
        )
    assert secret not in str(caught.value)


def test_delete_all_leaves_no_trace_in_the_file_or_wal(sqlite_store: Store) -> None:
    family = sqlite_store.create_family(NewFamily("Ours", "Sam", "Maria"))
    family.save_checkin(checkin(family, notes="UNMISTAKABLE-PRIVATE-NOTE"))
    sqlite_store.delete_all()
    database = sqlite_store.database_file()
    contents = database.read_bytes()
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        contents += wal.read_bytes()
    assert b"UNMISTAKABLE-PRIVATE-NOTE" not in contents
    assert sqlite_store.counts() == dict.fromkeys(sqlite_store.counts(), 0)
