"""Entry history, on SQLite and PostgreSQL: every edit, replace, restore and delete keeps the
version it replaces, in the same transaction, and any earlier version can be restored exactly."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from dashboard import backup
from dashboard.records import (
    VERSIONED_TABLES,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    EntryVersion,
    FamilyMember,
    LovedOne,
    Record,
    RecordInvalid,
    SessionQuestion,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    validate_record,
)
from dashboard.store import (
    AlreadyLogged,
    EditConflict,
    HouseholdStore,
    NewFamily,
    NotFound,
    Store,
    WrongHousehold,
)

DAY = date(2026, 3, 9)
CONTENT = {"version", "updated_at"}  # what a restore changes: everything else comes back


def _ids(family: HouseholdStore) -> dict[str, uuid.UUID]:
    return {
        "household_id": family.id,
        "loved_one_id": family.loved_ones()[0].id,
        "member_id": family.family_members()[0].id,
    }


def _plan(family: HouseholdStore) -> BoundaryPlan:
    ids = _ids(family)
    return family.add(
        BoundaryPlan(
            household_id=family.id,
            loved_one_id=ids["loved_one_id"],
            boundary="I don't give cash.",
            why_it_matters="Cash can pay for ketamine.",
            if_crossed="I pay bills directly.",
            plan_date=DAY,
        )
    )


def _activity(family: HouseholdStore) -> SoberActivity:
    return family.add(
        SoberActivity(
            household_id=family.id, loved_one_id=_ids(family)["loved_one_id"], title="Swimming"
        )
    )


# (kind, make a stored entry, the field an edit changes, its new value)
Maker = Callable[[HouseholdStore], Record]
KINDS: list[tuple[type[Record], Maker, str, object]] = [
    (
        DailyCheckin,
        lambda f: f.add(
            DailyCheckin(
                household_id=f.id,
                loved_one_id=_ids(f)["loved_one_id"],
                day=DAY,
                mood=2,
                sleep=4,
                craving=6,
                notes="Quiet day 🌧",
                logged_by=_ids(f)["member_id"],
            )
        ),
        "notes",
        "Edited note",
    ),
    (
        CaregiverCheckin,
        lambda f: f.add(
            CaregiverCheckin(
                household_id=f.id,
                family_member_id=_ids(f)["member_id"],
                day=DAY,
                stress=8,
                sleep=2,
                notes="Tired",
            )
        ),
        "stress",
        3,
    ),
    (
        TreatmentEvent,
        lambda f: f.add(
            TreatmentEvent(
                household_id=f.id,
                loved_one_id=_ids(f)["loved_one_id"],
                kind="assessment",
                title="Riverside",
                start_date=DAY,
            )
        ),
        "title",
        "Lakeside",
    ),
    (
        SmallWin,
        lambda f: f.add(
            SmallWin(
                household_id=f.id, loved_one_id=_ids(f)["loved_one_id"], day=DAY, text="Dinner"
            )
        ),
        "text",
        "Dinner, and stayed to wash up",
    ),
    (BoundaryPlan, _plan, "boundary", "I never give cash."),
    (
        BoundaryStatusChange,
        lambda f: f.add(
            BoundaryStatusChange(
                household_id=f.id, plan_id=_plan(f).id, day=DAY, status="kept", note="Held it"
            )
        ),
        "status",
        "tested",
    ),
    (
        CraftResponse,
        lambda f: f.add(
            CraftResponse(
                household_id=f.id,
                loved_one_id=_ids(f)["loved_one_id"],
                day=DAY,
                saw="not_using",
                did="rewarded_non_use",
                what_happened="We talked",
            )
        ),
        "what_happened",
        "We talked for an hour",
    ),
    (
        TreatmentOption,
        lambda f: f.add(TreatmentOption(household_id=f.id, name="Clinic", phone="555 0100")),
        "phone",
        "555 0199",
    ),
    (
        TreatmentInvitation,
        lambda f: f.add(
            TreatmentInvitation(
                household_id=f.id,
                loved_one_id=_ids(f)["loved_one_id"],
                plan_date=DAY,
                words="Would you call with me?",
            )
        ),
        "words",
        "Would you come with me?",
    ),
    (SoberActivity, _activity, "title", "Cold-water swimming"),
    (
        ActivityOccasion,
        lambda f: f.add(
            ActivityOccasion(household_id=f.id, activity_id=_activity(f).id, day=DAY, status="done")
        ),
        "note",
        "Lovely",
    ),
    (
        SessionQuestion,
        lambda f: f.add(
            SessionQuestion(
                household_id=f.id,
                loved_one_id=_ids(f)["loved_one_id"],
                range_start=DAY,
                range_end=DAY,
                text="What helps with sleep?",
            )
        ),
        "text",
        "What helps with sleep after a lapse?",
    ),
    (LovedOne, lambda f: f.loved_ones()[0], "display_name", "Sammy"),
    (FamilyMember, lambda f: f.family_members()[0], "display_name", "Alexandra"),
]


def test_every_kind_that_can_be_edited_keeps_history() -> None:
    assert {kind.table for kind, *_ in KINDS} == set(VERSIONED_TABLES)


@pytest.mark.parametrize(
    ("kind", "make", "field", "value"), KINDS, ids=[kind.table for kind, *_ in KINDS]
)
def test_every_edit_leaves_its_previous_version_and_a_restore_brings_it_back_exactly(
    family: HouseholdStore, kind: type[Record], make: Maker, field: str, value: object
) -> None:
    original = make(family)
    member = family.family_members()[0].id
    edited = family.update(original.model_copy(update={field: value}), by=member)
    [earlier] = family.versions(kind, original.id)
    assert (earlier.record_version, earlier.change, earlier.logged_by) == (1, "edited", member)
    assert earlier.entry() == original

    restored = family.restore_version(earlier, opened=edited, by=member)
    stored = family.get(kind, original.id)
    assert stored == restored
    assert stored.model_dump(exclude=CONTENT) == original.model_dump(exclude=CONTENT)
    assert stored.version == 3
    history = family.versions(kind, original.id)
    assert [(v.record_version, v.change) for v in history] == [(2, "restored"), (1, "edited")]
    assert history[0].entry() == edited, "the restore can itself be undone"


def test_history_is_newest_first_and_every_version_is_kept(family: HouseholdStore) -> None:
    win = KINDS[3][1](family)
    for text in ("two", "three", "four"):
        win = family.update(win.model_copy(update={"text": text}))
    assert [v.entry().text for v in family.versions(SmallWin, win.id)] == [
        "three",
        "two",
        "Dinner",
    ]


def test_a_refused_edit_leaves_no_history(family: HouseholdStore) -> None:
    win = KINDS[3][1](family)
    family.update(win.model_copy(update={"text": "from the other phone"}))
    with pytest.raises(EditConflict):
        family.update(win.model_copy(update={"text": "stale"}))
    assert len(family.versions(SmallWin, win.id)) == 1


def test_a_stale_restore_is_refused_like_any_edit(family: HouseholdStore) -> None:
    win = KINDS[3][1](family)
    opened = family.update(win.model_copy(update={"text": "second"}))
    family.update(opened.model_copy(update={"text": "third, on the other phone"}))
    first = family.versions(SmallWin, win.id)[-1]
    with pytest.raises(EditConflict, match="changed by someone else"):
        family.restore_version(first, opened=opened)
    assert family.get(SmallWin, win.id).text == "third, on the other phone"
    assert len(family.versions(SmallWin, win.id)) == 2


def test_a_deleted_entry_keeps_its_last_version_and_undo_takes_it_back_out(
    family: HouseholdStore,
) -> None:
    entry = KINDS[0][1](family)
    member = family.family_members()[0].id
    family.delete(DailyCheckin, entry.id, by=member)
    [kept] = family.versions(DailyCheckin, entry.id)
    assert (kept.change, kept.logged_by, kept.entry()) == ("deleted", member, entry)

    family.restore(entry)
    assert family.list(DailyCheckin) == [entry]
    assert family.versions(DailyCheckin, entry.id) == [], "the entry is itself again"


def test_a_deleted_entry_can_be_restored_from_its_history(family: HouseholdStore) -> None:
    entry = KINDS[3][1](family)
    edited = family.update(entry.model_copy(update={"text": "edited"}))
    family.delete(SmallWin, entry.id)
    [deleted, first] = family.versions(SmallWin, entry.id)
    back = family.restore_version(first, opened=None)
    assert back.model_dump(exclude=CONTENT) == entry.model_dump(exclude=CONTENT)
    assert back.version == 3, "a new latest version, above every version in the history"
    assert deleted.entry() == edited
    assert family.get(SmallWin, entry.id) == back


def test_the_household_itself_keeps_no_history(family: HouseholdStore) -> None:
    info = family.info()
    family.update(info.model_copy(update={"lock_hash": "$argon2id$v=19$secret"}))
    family.update(family.info().model_copy(update={"lock_hash": None}))
    assert family.store.counts()["entry_versions"] == 0


def test_history_is_scoped_to_its_household(store: Store) -> None:
    ours = store.create_family(NewFamily("Ours", "Sam", "Maria"))
    theirs = store.create_family(NewFamily("Theirs", "Kim", "Lee"))
    win = KINDS[3][1](ours)
    ours.update(win.model_copy(update={"text": "edited"}))
    [version] = ours.versions(SmallWin, win.id)
    assert theirs.versions(SmallWin, win.id) == []
    with pytest.raises(WrongHousehold):
        theirs.restore_version(version, opened=None)
    with pytest.raises(WrongHousehold):
        ours.update(
            ours.get(SmallWin, win.id).model_copy(update={"text": "x"}),
            by=theirs.family_members()[0].id,
        )
    assert len(ours.versions(SmallWin, win.id)) == 1


def test_deleting_the_family_removes_its_history_and_only_its_own(store: Store) -> None:
    ours = store.create_family(NewFamily("Ours", "Sam", "Maria"))
    theirs = store.create_family(NewFamily("Theirs", "Kim", "Lee"))
    for family in (ours, theirs):
        win = KINDS[3][1](family)
        family.update(win.model_copy(update={"text": "edited"}))
        family.delete(SmallWin, win.id)
    assert store.counts()["entry_versions"] == 4
    ours.delete_household()
    assert store.counts()["entry_versions"] == 2
    assert {v.household_id for v in store.dump_all()["entry_versions"]} == {theirs.id}


def test_backups_round_trip_the_history(
    family: HouseholdStore, tmp_path: Path, dump: Callable[[Store], dict]
) -> None:
    store = family.store
    entry = KINDS[0][1](family)
    edited = family.update(entry.model_copy(update={"notes": "second thoughts"}))
    family.delete(DailyCheckin, entry.id)
    before = dump(store)
    assert len(before["entry_versions"]) == 2
    backup.export_json(store, tmp_path / "backup.json")
    store.delete_all()
    assert store.counts()["entry_versions"] == 0

    backup.import_file(store, tmp_path / "backup.json")
    assert dump(store) == before
    [deleted, first] = family.versions(DailyCheckin, entry.id)
    assert (deleted.entry(), first.entry()) == (edited, entry)
    back = family.restore_version(first, opened=None)
    assert back.notes == entry.notes


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"data": "not json"}, "not JSON"),
        ({"data": "[1, 2]"}, "not a JSON object"),
        ({"record_id": "00000000-0000-4000-8000-00000000000f"}, "'id'"),
        ({"household_id": "00000000-0000-4000-8000-00000000000f"}, "'household_id'"),
        ({"record_version": 2}, "'version'"),
        ({"record_table": "households"}, "record_table"),
        ({"change": "shuffled"}, "change"),
    ],
)
def test_a_version_that_is_not_its_entry_is_refused(change: dict, message: str) -> None:
    good = {
        "household_id": "00000000-0000-4000-8000-000000000001",
        "record_table": "small_wins",
        "record_id": "00000000-0000-4000-8000-000000000006",
        "record_version": 1,
        "change": "edited",
        "data": '{"id": "00000000-0000-4000-8000-000000000006", '
        '"household_id": "00000000-0000-4000-8000-000000000001", "version": 1}',
    }
    assert isinstance(validate_record(EntryVersion, good), EntryVersion)
    with pytest.raises(RecordInvalid, match=message):
        validate_record(EntryVersion, {**good, **change})


def test_a_version_of_a_missing_entry_is_not_found(family: HouseholdStore) -> None:
    win = KINDS[3][1](family)
    opened = family.update(win.model_copy(update={"text": "edited"}))
    [version] = family.versions(SmallWin, win.id)
    family.delete(SmallWin, win.id)
    with pytest.raises(NotFound):
        family.restore_version(version, opened=opened)


def test_moving_an_entry_back_onto_a_logged_day_is_refused(family: HouseholdStore) -> None:
    entry = KINDS[0][1](family)
    moved = family.update(entry.model_copy(update={"day": DAY - timedelta(days=1)}))
    family.save_checkin(
        DailyCheckin(
            household_id=family.id, loved_one_id=entry.loved_one_id, day=DAY, mood=3, sleep=3
        )
    )
    [version] = family.versions(DailyCheckin, entry.id)
    with pytest.raises(AlreadyLogged):
        family.restore_version(version, opened=moved)
    assert family.get(DailyCheckin, entry.id) == moved
