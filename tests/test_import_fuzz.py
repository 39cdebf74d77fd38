"""Property-based tests of the import validator (parse_backup, plan_import, import_file).

The promise: an import either succeeds or raises ImportRejected with a message that says
where the problem is, and a rejected import writes nothing. Hand-picked bad files live in
tests/test_backup.py; here hypothesis throws arbitrary JSON, mutated exports and corrupted
bytes at the importer, and checks that valid exports always round-trip.

Each test gets its own SQLite file, copied from a migrated template, and every example starts
from the same rows (see Database.fresh). The resident family in it makes "unchanged" a check
against real content.

The bugs this fuzzing found (deep nesting, huge numbers, timestamps at the calendar's edge,
oversized versions, another family's ids, control characters in wins, lone surrogates) each
have a regression test at the end. The generic strategies stay within ordinary ranges
(integers within 64 bits, timestamps within 1900-2100, shallow JSON) so that each example
stays fast; the regression tests cover the extremes.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from dashboard.backup import ImportPlan, ImportRejected, export_payload, import_file
from dashboard.config import Settings
from dashboard.db import make_engine
from dashboard.db.schema import TABLES as SCHEMA_TABLES
from dashboard.records import (
    BIDI_CONTROLS,
    RECORD_BY_TABLE,
    RECORD_TYPES,
    CaregiverCheckin,
    DailyCheckin,
    FamilyMember,
    Household,
    LovedOne,
    ModuleRead,
    Record,
    SmallWin,
    TreatmentEvent,
    WarningSignTick,
    is_invisible,
)
from dashboard.store import NewFamily, Store

TABLES = [record_type.table for record_type in RECORD_TYPES]
SOURCE = "backup.json"
DAY = date(2026, 6, 15)  # a fixed past day, so examples replay identically
STAMP = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
NAMESPACE = uuid.UUID("0b0e8a4e-5d0c-4f57-8f0e-1f7f3c1d2a90")
INT64 = st.integers(-(2**63), 2**63 - 1)
CONTROL_CHARACTERS = [chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,  # examples are cheap to regenerate; keep nothing in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

Payload = dict[str, Any]


# -- the valid export that mutations start from ------------------------------------------------


def _stable(name: str, offset: int) -> dict[str, Any]:
    """Fixed id and timestamps, so a failing example replays exactly."""
    moment = STAMP + timedelta(seconds=offset)
    return {"id": uuid.uuid5(NAMESPACE, name), "created_at": moment, "updated_at": moment}


def base_records() -> list[Record]:
    """One family with rows in every table that existed when this file was written."""
    household = Household(**_stable("household", 0), name="Famille Zoë 🌊", region="UK")
    home = {"household_id": household.id}
    loved_one = LovedOne(**_stable("loved", 1), **home, display_name="Émile", timezone="UTC")
    member = FamilyMember(**_stable("member", 2), **home, display_name="Rin", relationship="child")
    about = {**home, "loved_one_id": loved_one.id}
    return [
        household,
        loved_one,
        member,
        DailyCheckin(
            **_stable("checkin-0", 3),
            **about,
            day=DAY,
            observed_use="none",
            mood=4,
            sleep=2,
            craving=3,
            notes="Quiet day\nate well",
            logged_by=member.id,
        ),
        DailyCheckin(
            **_stable("checkin-1", 4), **about, day=DAY - timedelta(days=1), mood=1, sleep=5
        ),
        TreatmentEvent(
            **_stable("event", 5),
            **about,
            kind="residential",
            title="Stay",
            start_date=DAY - timedelta(days=30),
            end_date=DAY - timedelta(days=2),
        ),
        SmallWin(**_stable("win", 6), **about, day=DAY, category="honesty", text="Told me 💛"),
        CaregiverCheckin(
            **_stable("caregiver", 7),
            **home,
            family_member_id=member.id,
            day=DAY,
            stress=7,
            sleep=2,
            self_care_note="Walk",
        ),
        ModuleRead(
            **_stable("read", 8), **home, family_member_id=member.id, module_id="k1", day=DAY
        ),
        WarningSignTick(**_stable("tick", 9), **about, sign_id="low-mood", day=DAY),
    ]


def payload_of(records: list[Record]) -> Payload:
    payload: Payload = {"format": "harbor-backup", "version": 1, "exported_at": "2026-06-15Z"}
    for record_type in RECORD_TYPES:
        payload[record_type.table] = [
            r.model_dump(mode="json") for r in records if type(r) is record_type
        ]
    return payload


BASE = payload_of(base_records())
BASE_IDS = sorted(row["id"] for table in TABLES for row in BASE[table])


def encode(payload: Any, ascii_only: bool = False) -> bytes:
    """JSON as a file holds it; lone surrogates become bytes that are not UTF-8."""
    return json.dumps(payload, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


# -- fresh databases ----------------------------------------------------------------------------


def _template(folder: Path, with_family: bool) -> Path:
    """A migrated database file (WAL folded in), optionally holding a resident family."""
    store = Store.open(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'h.db'}"))
    if with_family:
        family = store.create_family(NewFamily("Resident family", "Sam", "Alex"))
        family.save_checkin(
            DailyCheckin(
                household_id=family.id,
                loved_one_id=family.loved_ones()[0].id,
                day=DAY,
                mood=3,
                sleep=3,
                notes="resident",
            )
        )
    store.engine.dispose()
    with sqlite3.connect(folder / "h.db") as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder / "h.db"


@pytest.fixture(scope="module")
def resident_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("resident"), with_family=True)


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _template(tmp_path_factory.mktemp("empty"), with_family=False)


@dataclass
class Database:
    """A private copy of a template database for one test.

    fresh() puts back the starting rows before each hypothesis example, so every example
    sees the same database while the engine (and its compiled-SQL cache) is reused:
    a new engine per example would spend most of the time compiling SQL.
    """

    store: Store
    baseline: list[Record] = field(repr=False)

    def fresh(self) -> Store:
        with self.store.writing() as connection:
            for record_type in reversed(RECORD_TYPES):
                connection.execute(delete(SCHEMA_TABLES[record_type.table]))
            self.store.insert_records(self.baseline, connection)
        return self.store


@contextmanager
def copy_of(template: Path, path: Path) -> Iterator[Database]:
    shutil.copyfile(template, path)
    store = Store(make_engine(f"sqlite:///{path}"))
    try:
        baseline = [record for records in store.dump_all().values() for record in records]
        yield Database(store, baseline)
    finally:
        store.engine.dispose()


@pytest.fixture
def resident(resident_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A database holding one resident family, whose rows a rejected import must not touch."""
    with copy_of(resident_template, tmp_path / "resident.db") as database:
        yield database


@pytest.fixture
def empty_pair(empty_template: Path, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """Two empty databases: export from one, import into the other."""
    with (
        copy_of(empty_template, tmp_path / "source.db") as source,
        copy_of(empty_template, tmp_path / "target.db") as target,
    ):
        yield source, target


def contents(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [record.model_dump(mode="json") for record in records]
        for table, records in store.dump_all().items()
    }


# -- the property every import must have ---------------------------------------------------------


def assert_says_where(message: str) -> None:
    """A rejection names the file (for file-level problems), or the table and record, or the
    table whose rows clash."""
    assert message.strip(), "a rejection must say what is wrong"
    if message.startswith(SOURCE):
        event("rejected: the file")
        return
    located = re.match(r"^(\w+)\[(\d+)\]", message)
    if located is not None:
        assert located.group(1) in TABLES, message
        event("rejected: a record")
        return
    event("rejected: a clash")
    assert "clashes with records already stored" in message, message
    assert any(f"{table}." in message for table in TABLES), f"no table named: {message}"


def import_checked(store: Store, raw: bytes, folder: Path) -> ImportPlan | ImportRejected:
    """Import `raw`; it must either succeed or be rejected cleanly with nothing written.

    Any other exception propagates and fails the test: that is the property.
    """
    path = folder / SOURCE
    path.write_bytes(raw)
    before = contents(store)
    try:
        plan = import_file(store, path)
    except ImportRejected as rejected:
        assert_says_where(str(rejected))
        assert contents(store) == before, "a rejected import changed the database"
        return rejected
    event("imported")
    after = contents(store)
    for table in TABLES:
        assert all(row in after[table] for row in before[table]), f"{table}: a row changed"
        assert len(after[table]) == len(before[table]) + plan.new[table]
    imported = [record.model_dump(mode="json") for record in plan.records]
    assert all(row in after[type(r).table] for row, r in zip(imported, plan.records, strict=True))
    return plan


# -- strategies ---------------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), INT64, st.floats(), st.text(max_size=20))
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
zones = st.sampled_from(
    [
        None,
        UTC,
        timezone(timedelta(hours=14)),
        timezone(-timedelta(hours=12)),
        timezone(timedelta(hours=5, minutes=45)),
    ]
)
timestamps = st.datetimes(datetime(1900, 1, 2), datetime(2100, 1, 1), timezones=zones)
future_days = st.integers(2, 4_000).map(lambda n: (date.today() + timedelta(days=n)).isoformat())
awkward_values = st.one_of(
    json_values,
    st.sampled_from(
        [
            *("2026-02-30", "2026-13-01", "yesterday", "", "15/06/2026", "2026-6-1"),
            *("0000-01-01", "10000-01-01", "1899-12-31", "2026-06-15T10:30:00"),
            "2026-06-15T00:00:00+14:00",
        ]
    ),
    future_days,
    st.dates(date(1900, 1, 1), DAY).map(date.isoformat),
    st.dates(date(1, 1, 1), date(1899, 12, 31)).map(date.isoformat),
    timestamps.map(datetime.isoformat),
    st.integers(5_001, 5_100).map(lambda n: "ü" * n),
    st.integers(81, 700).map(lambda n: "x" * n),
    st.sampled_from(["not-a-uuid", "1234", "g" * 32, str(uuid.UUID(int=0)), BASE_IDS[0][:-1]]),
    st.uuids().map(str),
    st.sampled_from(BASE_IDS),
    st.sampled_from(["a\x00b", "\u202eevil", "line\nbreak", "=1+1", "😀" * 3, " ", "\x7f"]),
    st.sampled_from(["none", "residential", "planned", "health", "parent", "US", "Mars/Base"]),
    st.integers(-3, 12),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, -(2**63)]),  # column-size edges
)
# Keys a record does not have. The empty key is left out: its message can only say "field ''".
EXTRA_KEYS = ["password", "label", "table", "Notes", "household", "data_version", "lock_hash"]


def field_names(table: str) -> list[str]:
    return [*RECORD_BY_TABLE[table].model_fields, *EXTRA_KEYS]


def record_like(table: str) -> st.SearchStrategy[dict[str, Any]]:
    """A dict that looks like a record of `table`: real field names, awkward values."""
    return st.dictionaries(st.sampled_from(field_names(table)), awkward_values, max_size=8)


MUTATIONS = ["set", "drop_field", "extra_field", "not_object", "drop_record", "duplicate"]
MUTATIONS += ["table", "envelope", "append"]


@st.composite
def mutated_exports(draw: st.DrawFn) -> Payload:
    """The base export with one to four arbitrary changes."""
    payload = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(MUTATIONS))
        table = draw(st.sampled_from(TABLES))
        rows = payload.get(table)
        if action == "envelope":
            key = draw(st.sampled_from(["format", "version", "exported_at"]))
            if draw(st.booleans()):
                payload.pop(key, None)
            else:
                payload[key] = draw(awkward_values)
            continue
        if action == "table":
            if draw(st.booleans()):
                payload.pop(table, None)
            else:
                payload[table] = draw(json_values)
            continue
        if not isinstance(rows, list):
            continue
        if action == "append" or not rows:
            rows.append(draw(record_like(table)))
            continue
        index = draw(st.integers(0, len(rows) - 1))
        row = rows[index]
        if action == "not_object":
            rows[index] = draw(json_values.filter(lambda value: not isinstance(value, dict)))
        elif action == "drop_record":
            del rows[index]
        elif action == "duplicate":
            twin = copy.deepcopy(row)
            if isinstance(twin, dict) and draw(st.booleans()):
                twin["id"] = str(draw(st.uuids()))
            rows.append(twin)
        elif not isinstance(row, dict):
            continue
        elif action == "set":
            row[draw(st.sampled_from(field_names(table)))] = draw(awkward_values)
        elif action == "drop_field" and row:
            del row[draw(st.sampled_from(sorted(row)))]
        elif action == "extra_field":
            row[draw(st.text(max_size=12))] = draw(json_values)
    return payload


# -- properties ---------------------------------------------------------------------------------


top_level = st.one_of(
    json_values,
    st.dictionaries(
        st.sampled_from(["format", "version", "exported_at", *TABLES]), json_values, max_size=6
    ),
    st.fixed_dictionaries(
        {"format": st.just("harbor-backup"), "version": st.just(1)},
        optional={table: st.lists(json_values, max_size=3) for table in TABLES},
    ),
)


@FUZZ
@given(payload=top_level, ascii_only=st.booleans())
def test_arbitrary_json_is_imported_or_rejected_cleanly(
    resident: Database, tmp_path: Path, payload: Any, ascii_only: bool
) -> None:
    """Whatever JSON a file holds, the importer answers with success or ImportRejected."""
    store = resident.fresh()
    import_checked(store, encode(payload, ascii_only), tmp_path)


@settings(FUZZ, max_examples=40)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_are_rejected_cleanly(
    resident: Database, tmp_path: Path, raw: bytes
) -> None:
    """Random bytes are never a backup: always a clean rejection that names the file."""
    store = resident.fresh()
    outcome = import_checked(store, raw, tmp_path)
    assert isinstance(outcome, ImportRejected)
    assert str(outcome).startswith(SOURCE)


@settings(FUZZ, max_examples=120)
@given(payload=mutated_exports(), ascii_only=st.booleans())
def test_mutated_exports_are_imported_or_rejected_cleanly(
    resident: Database, tmp_path: Path, payload: Payload, ascii_only: bool
) -> None:
    """Wrong types, missing and extra fields, bad dates and ids, dropped or doubled records:
    success or a clean, located rejection, and a rejection writes nothing."""
    store = resident.fresh()
    import_checked(store, encode(payload, ascii_only), tmp_path)


@st.composite
def one_bad_field(draw: st.DrawFn) -> tuple[str, int, str, Any]:
    table = draw(st.sampled_from([name for name in TABLES if BASE[name]]))
    index = draw(st.integers(0, len(BASE[table]) - 1))
    field_name = draw(st.sampled_from([name for name in field_names(table) if name != "id"]))
    return table, index, field_name, draw(awkward_values)


@settings(FUZZ, max_examples=100)
@given(change=one_bad_field())
def test_one_changed_field_is_accepted_or_named(
    resident: Database, tmp_path: Path, change: tuple[str, int, str, Any]
) -> None:
    """When one field of one record is changed and the file is refused, the message points at
    that record and names a field (or names the table whose rows now clash)."""
    table, index, field_name, value = change
    payload = copy.deepcopy(BASE)
    payload[table][index][field_name] = value
    store = resident.fresh()
    outcome = import_checked(store, encode(payload, ascii_only=True), tmp_path)
    if isinstance(outcome, ImportRejected):
        message = str(outcome)
        if "clashes with records already stored" not in message:
            assert message.startswith(f"{table}[{index}] (id {BASE[table][index]['id']}), field '")
    else:
        assert outcome.total_new == sum(len(rows) for name, rows in BASE.items() if name in TABLES)


@st.composite
def corrupted_bytes(draw: st.DrawFn) -> bytes:
    """A valid export (with non-ASCII text) made non-UTF-8 in one of the usual ways."""
    raw = encode(BASE)
    way = draw(st.sampled_from(["insert", "latin-1", "utf-16", "cut"]))
    if way == "insert":
        position = draw(st.integers(0, len(raw)))
        return raw[:position] + bytes([draw(st.integers(0x80, 0xFF))]) + raw[position:]
    if way == "latin-1":
        return json.dumps(BASE, ensure_ascii=False).encode("latin-1", "replace")
    if way == "utf-16":
        return json.dumps(BASE, ensure_ascii=False).encode("utf-16")
    leads = [i for i, byte in enumerate(raw) if byte >= 0xC0]
    return raw[: draw(st.sampled_from(leads)) + 1]


@settings(FUZZ, max_examples=30)
@given(raw=corrupted_bytes())
def test_non_utf8_files_are_rejected_with_the_byte_and_position(
    resident: Database, tmp_path: Path, raw: bytes
) -> None:
    """A file that is not UTF-8 is refused with the offending byte and where it is."""
    store = resident.fresh()
    outcome = import_checked(store, raw, tmp_path)
    assert isinstance(outcome, ImportRejected)
    found = re.match(
        rf"^{SOURCE} is not UTF-8 text \(byte 0x([0-9a-f]{{2}}) at position (\d+)\)", str(outcome)
    )
    assert found is not None, str(outcome)
    assert raw[int(found.group(2))] == int(found.group(1), 16)


# -- valid exports round-trip -------------------------------------------------------------------

names = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
    lambda text: (
        (visible := BIDI_CONTROLS.sub("", text).strip()) != "" and not is_invisible(visible)
    )
)
free_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=[*CONTROL_CHARACTERS, "\x7f"]),
    max_size=200,
)
notes = free_text | st.just("n" * 5_000)
past_days = st.dates(date(1900, 1, 1), DAY)
slugs = st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True)
# An import accepts timestamps from 2000 until a day from now.
created = st.datetimes(datetime(2000, 1, 1), STAMP.replace(tzinfo=None), timezones=st.just(UTC))


@st.composite
def families(draw: st.DrawFn) -> list[Record]:
    """A valid family with awkward but legal values in every table."""

    def stamp() -> dict[str, Any]:
        moment = draw(created)
        return {"id": draw(st.uuids()), "created_at": moment, "updated_at": moment}

    household = Household(
        **stamp(),
        name=draw(names),
        region=draw(st.sampled_from(["US", "UK", "CA", "AU"])),
        is_demo=draw(st.booleans()),
    )
    home = {"household_id": household.id}
    zone = st.sampled_from(["UTC", "Pacific/Kiritimati", "America/New_York", "Asia/Kathmandu"])
    loved = [
        LovedOne(**stamp(), **home, display_name=draw(names), timezone=draw(zone))
        for _ in range(draw(st.integers(1, 2)))
    ]
    members = [
        FamilyMember(**stamp(), **home, display_name=draw(names))
        for _ in range(draw(st.integers(1, 2)))
    ]
    loved_ids = st.sampled_from([lo.id for lo in loved])
    member_ids = st.sampled_from([m.id for m in members])
    logged_by = st.none() | member_ids
    records: list[Record] = [household, *loved, *members]
    for loved_one_id, day in draw(
        st.lists(st.tuples(loved_ids, past_days), unique=True, max_size=5)
    ):
        records.append(
            DailyCheckin(
                **stamp(),
                **home,
                loved_one_id=loved_one_id,
                day=day,
                observed_use=draw(st.sampled_from(["none", "suspected", "confirmed", "unknown"])),
                mood=draw(st.integers(1, 5)),
                sleep=draw(st.integers(1, 5)),
                attended_treatment=draw(st.booleans()),
                craving=draw(st.none() | st.integers(0, 10)),
                urinary_symptoms=draw(st.booleans()),
                notes=draw(notes),
                logged_by=draw(logged_by),
            )
        )
    for _ in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(["planned", "actual"]))
        start = draw(
            past_days if status == "actual" else st.dates(date(1900, 1, 1), date(2100, 1, 1))
        )
        end = draw(st.none() | st.integers(0, 400).map(lambda n, s=start: s + timedelta(days=n)))
        records.append(
            TreatmentEvent(
                **stamp(),
                **home,
                loved_one_id=draw(loved_ids),
                kind=draw(st.sampled_from(["assessment", "residential", "lapse", "other"])),
                title=draw(names | st.just("")),
                start_date=start,
                end_date=end,
                status=status,
                notes=draw(notes),
                logged_by=draw(logged_by),
            )
        )
    for _ in range(draw(st.integers(0, 3))):
        records.append(
            SmallWin(
                **stamp(),
                **home,
                loved_one_id=draw(loved_ids),
                day=draw(past_days),
                category=draw(st.sampled_from(["health", "family", "work_school", "other"])),
                text=draw(names),
                source=draw(st.sampled_from(["logged", "rule"])),
                rule=draw(st.none() | slugs),
                logged_by=draw(logged_by),
            )
        )
    for member_id, day in draw(st.lists(st.tuples(member_ids, past_days), unique=True, max_size=3)):
        records.append(
            CaregiverCheckin(
                **stamp(),
                **home,
                family_member_id=member_id,
                day=day,
                stress=draw(st.integers(0, 10)),
                sleep=draw(st.integers(1, 5)),
                self_care_done=draw(st.booleans()),
                self_care_note=draw(
                    free_text.map(str.strip)
                    .map(lambda text: text[:500])
                    .filter(lambda text: not is_invisible(text))
                ),
                notes=draw(notes),
            )
        )
    for member_id, module_id in draw(
        st.lists(st.tuples(member_ids, slugs), unique=True, max_size=3)
    ):
        records.append(
            ModuleRead(
                **stamp(),
                **home,
                family_member_id=member_id,
                module_id=module_id,
                day=draw(past_days),
            )
        )
    ticks = draw(st.lists(st.tuples(loved_ids, slugs, past_days), unique=True, max_size=3))
    for loved_one_id, sign_id, day in ticks:
        records.append(
            WarningSignTick(**stamp(), **home, loved_one_id=loved_one_id, sign_id=sign_id, day=day)
        )
    return records


@settings(FUZZ, max_examples=25)
@given(family_lists=st.lists(families(), min_size=1, max_size=2), ascii_only=st.booleans())
def test_a_valid_export_always_round_trips(
    empty_pair: tuple[Database, Database],
    tmp_path: Path,
    family_lists: list[list[Record]],
    ascii_only: bool,
) -> None:
    """Export, import into an empty database: every table is identical; a second import
    adds nothing."""
    records = sorted(
        (record for family in family_lists for record in family),
        key=lambda record: RECORD_TYPES.index(type(record)),
    )
    source, target = (database.fresh() for database in empty_pair)
    source.insert_records(records)
    exported = export_payload(source)
    original = contents(source)
    assert sum(len(rows) for rows in original.values()) == len(records)
    first = import_checked(target, encode(exported, ascii_only), tmp_path)
    assert isinstance(first, ImportPlan), str(first)
    assert first.total_new == len(records)
    assert contents(target) == original
    again = import_checked(target, encode(exported, ascii_only), tmp_path)
    assert isinstance(again, ImportPlan) and again.total_new == 0
    assert contents(target) == original


# -- all or nothing, even when the failure comes late -------------------------------------------


def test_a_failure_at_the_last_insert_writes_nothing(resident: Database, tmp_path: Path) -> None:
    """The import's one transaction covers every record: when the last insert fails, the
    records inserted before it in the same transaction are gone too."""
    payload = copy.deepcopy(BASE)
    payload["daily_checkins"][-1]["version"] = 2**63  # fits no SQLite INTEGER
    store = resident.fresh()
    before = contents(store)
    path = tmp_path / SOURCE
    path.write_bytes(encode(payload))
    # OverflowError is the bug pinned below; ImportRejected once it is fixed.
    with pytest.raises((ImportRejected, OverflowError)):
        import_file(store, path)
    assert contents(store) == before


# -- known bugs (strict: each one passes, and so fails, once its bug is fixed) -----------------


def rejected_cleanly(raw: bytes, database: Database, folder: Path) -> ImportRejected:
    store = database.fresh()
    before = contents(store)
    path = folder / SOURCE
    path.write_bytes(raw)
    with pytest.raises(ImportRejected) as caught:
        import_file(store, path)
    assert contents(store) == before
    return caught.value


def test_deeply_nested_json_is_rejected_cleanly(resident: Database, tmp_path: Path) -> None:
    raw = b'{"format": "harbor-backup", "version": 1, "households": '
    raw += b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert str(rejected_cleanly(raw, resident, tmp_path)).startswith(SOURCE)


def test_a_huge_integer_literal_is_rejected_cleanly(resident: Database, tmp_path: Path) -> None:
    raw = b'{"format": "harbor-backup", "version": 1' + b"0" * 5_000 + b"}"
    assert str(rejected_cleanly(raw, resident, tmp_path)).startswith(SOURCE)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_timestamps_at_the_edge_of_the_calendar_are_rejected_cleanly(
    resident: Database, tmp_path: Path, moment: str
) -> None:
    payload = copy.deepcopy(BASE)
    payload["households"][0]["created_at"] = moment
    message = str(rejected_cleanly(encode(payload), resident, tmp_path))
    assert message.startswith("households[0] (id ") and "field 'created_at'" in message


def test_a_version_beyond_64_bits_is_rejected_naming_the_field(
    resident: Database, tmp_path: Path
) -> None:
    payload = copy.deepcopy(BASE)
    payload["daily_checkins"][1]["version"] = 2**63
    message = str(rejected_cleanly(encode(payload), resident, tmp_path))
    assert message.startswith("daily_checkins[1] (id ") and "field 'version'" in message


def test_a_file_cannot_point_at_another_familys_loved_one_by_reusing_its_id(
    resident: Database, tmp_path: Path
) -> None:
    store = resident.fresh()
    victim = store.households()[0]
    victims_loved_one = store.household(victim.id).loved_ones()[0]
    intruder = Household(name="Intruder")
    impostor = LovedOne(id=victims_loved_one.id, household_id=intruder.id, display_name="Fake")
    planted = DailyCheckin(
        household_id=intruder.id,
        loved_one_id=victims_loved_one.id,
        day=DAY - timedelta(days=100),  # not the resident's day: this must not fail as a clash
        mood=3,
        sleep=3,
    )
    raw = encode(payload_of([intruder, impostor, planted]))
    message = str(rejected_cleanly(raw, resident, tmp_path))
    assert message.startswith(("loved_ones[0] (id ", "daily_checkins[0] (id ")), message


def test_a_control_character_in_a_win_is_rejected_naming_the_field(
    resident: Database, tmp_path: Path
) -> None:
    payload = copy.deepcopy(BASE)
    payload["small_wins"][0]["text"] = "Said thank you\x00"
    message = str(rejected_cleanly(encode(payload), resident, tmp_path))
    assert message.startswith("small_wins[0] (id ") and "field 'text'" in message


@pytest.mark.parametrize(
    ("table", "field_name"),
    [("households", "name"), ("treatment_events", "title"), ("small_wins", "text")],
)
def test_a_lone_surrogate_in_a_name_title_or_win_is_rejected_naming_the_field(
    resident: Database, tmp_path: Path, table: str, field_name: str
) -> None:
    payload = copy.deepcopy(BASE)
    payload[table][0][field_name] = "Sam \ud800"
    message = str(rejected_cleanly(encode(payload, ascii_only=True), resident, tmp_path))
    assert message.startswith(f"{table}[0] (id ") and f"field '{field_name}'" in message


@pytest.mark.parametrize("field_name", ["name", "id", "region"])
def test_a_deeply_nested_value_in_a_record_is_rejected_naming_the_field(
    resident: Database, tmp_path: Path, field_name: str
) -> None:
    """Shallow enough for json to read, too deep to write back or print: still one clean
    message that names the field."""
    nested: Any = []
    for _ in range(900):
        nested = [nested]
    payload = copy.deepcopy(BASE)
    payload["households"][0][field_name] = nested
    message = str(rejected_cleanly(encode(payload), resident, tmp_path))
    assert message.startswith("households[0]") and f"field '{field_name}'" in message
    assert len(message) < 300
