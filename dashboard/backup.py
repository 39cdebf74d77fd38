"""Export, import and snapshots: a family's records are theirs to take anywhere.

Backup JSON format (documented in README.md):

    {"format": "harbor-backup", "version": 1, "exported_at": "...Z",
     "households": [...], "loved_ones": [...], ...one list per table in RECORD_TYPES}

Each list holds records with the fields of dashboard.records. Ids are stable UUIDs, so
importing the same file twice adds nothing. Import is all or nothing.

Where an import may write depends on who asks (see ImportScope): the command line, run by
whoever owns the machine, may add to any household; the app's Settings page only to the
family that is open; the first screen only one new family.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import json
import os
import stat
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import DBAPIError

from dashboard.config import safety_copies_dir
from dashboard.db.migrate import safety_copy, snapshot_sqlite
from dashboard.db.schema import TABLES, households
from dashboard.records import (
    RECORD_BY_TABLE,
    RECORD_TYPES,
    REFERENCE_FIELDS,
    Household,
    HouseholdRecord,
    Record,
    RecordInvalid,
    references,
    validate_import,
)
from dashboard.store import Store, StoreBusy, WrongHousehold

FORMAT_NAME = "harbor-backup"
FORMAT_VERSION = 1
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The largest backup Harbor reads (the app's upload limit, server.maxUploadSize, is the same).
MAX_BACKUP_MB = 50
MAX_BACKUP_BYTES = MAX_BACKUP_MB * 1024 * 1024
# Keys of the envelope that are not tables.
ENVELOPE_KEYS = ("format", "version", "exported_at")
# Records written per transaction, so a large import never holds the write lock for long.
IMPORT_BATCH_SIZE = 500


class ImportRejected(ValueError):
    """The file cannot be imported; nothing was written. The message says where and why."""


class SnapshotUnavailable(RuntimeError):
    """The database is not a local SQLite file, so a file snapshot cannot be taken."""


@dataclass(frozen=True)
class ImportScope:
    """Which households an import may write into.

    - anywhere (the command line): any household, new or already stored;
    - into(household_id) (Settings): only that family, which must be stored already;
    - new_family() (the first screen): exactly one household, not stored yet.
    """

    household_id: uuid.UUID | None = None
    new_family_only: bool = False

    @classmethod
    def anywhere(cls) -> ImportScope:
        return cls()

    @classmethod
    def into(cls, household_id: uuid.UUID) -> ImportScope:
        return cls(household_id=household_id)

    @classmethod
    def new_family(cls) -> ImportScope:
        return cls(new_family_only=True)


@dataclass(frozen=True)
class HouseholdTouched:
    """A household the file names: is it new here, and how many records would it gain."""

    id: uuid.UUID
    name: str
    stored: bool
    new_records: int


@dataclass
class ImportPlan:
    """A validated file: what it holds, and what importing it would add."""

    records: list[Record] = field(default_factory=list)
    in_file: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    households: list[HouseholdTouched] = field(default_factory=list)
    # Where the database was copied just before this import wrote anything (SQLite only).
    safety_copy: str | None = None

    @property
    def total_new(self) -> int:
        return sum(self.new.values())

    def preview(self) -> str:
        lines = [
            f"{table}: {self.in_file[table]} in file, {self.new[table]} new"
            for table in self.in_file
        ]
        return "\n".join(lines)

    def households_text(self) -> str:
        """Which households the file touches, one line each (for the command line)."""
        if not self.households:
            return "Households in this file: none."
        lines = [f"Households in this file ({len(self.households)}):"]
        for touched in self.households:
            state = "already here" if touched.stored else "new here"
            name = " ".join(touched.name.split())  # one line, whatever the name holds
            lines.append(f"  {name} (id {touched.id}): {state}, {touched.new_records} new records")
        return "\n".join(lines)


def export_payload(store: Store, household_id: uuid.UUID | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
    }
    for table, records in store.dump_all(household_id).items():
        payload[table] = [record.model_dump(mode="json") for record in records]
    return payload


def export_json(store: Store, out: Path) -> dict[str, int]:
    payload = export_payload(store)
    _write_atomically(out, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return {record.table: len(payload[record.table]) for record in RECORD_TYPES}


def inert_cell(value: Any) -> Any:
    """Make a CSV cell safe to open in a spreadsheet: never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_csv(store: Store, out_dir: Path) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for record_type, records in zip(RECORD_TYPES, store.dump_all().values(), strict=True):
        path = out_dir / f"{record_type.table}.csv"
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            columns = list(record_type.model_fields)
            writer.writerow(columns)
            for record in records:
                row = record.model_dump(mode="json")
                writer.writerow([inert_cell(row[column]) for column in columns])
        counts[record_type.table] = len(records)
    return counts


class _JsonObject(dict):
    """A JSON object that remembers the keys the file wrote more than once."""

    repeated: tuple[str, ...] = ()


def _json_object(pairs: list[tuple[str, Any]]) -> _JsonObject:
    found = _JsonObject()
    repeated = []
    for key, value in pairs:
        if key in found and key not in repeated:
            repeated.append(key)
        found[key] = value
    found.repeated = tuple(repeated)
    return found


def _repeated_anywhere(value: Any) -> str | None:
    """The first key written twice in any object of the file (walked without recursion, so
    the deepest file json can read never overflows the stack)."""
    pending = [value]
    while pending:
        part = pending.pop()
        if isinstance(part, _JsonObject) and part.repeated:
            return part.repeated[0]
        if isinstance(part, dict):
            pending.extend(part.values())
        elif isinstance(part, list):
            pending.extend(part)
    return None


def parse_backup(raw: bytes, source: str = "file") -> dict[str, Any]:
    """Decode and check the envelope; the records themselves are checked by plan_import.

    A UTF-8 byte order mark (some editors add one when saving) is accepted and skipped.
    """
    offset = 0
    if raw.startswith(codecs.BOM_UTF8):
        raw, offset = raw[len(codecs.BOM_UTF8) :], len(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{source} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start + offset}); export it again from Harbor"
        ) from None
    try:
        payload = json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ImportRejected(f"{source} is nested too deeply to be a Harbor backup") from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ImportRejected(f"{source} is not a Harbor backup ({exc})") from None
    if isinstance(payload, _JsonObject) and payload.repeated:
        raise ImportRejected(
            f'{source}: "{payload.repeated[0]}" appears twice in the file; a backup lists each '
            "table once"
        )
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise ImportRejected(f'{source} is not a Harbor backup (missing "format": "{FORMAT_NAME}")')
    version = payload.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRejected(
            f"{source} has backup format version {version!r}; "
            f"this Harbor reads version {FORMAT_VERSION}"
        )
    for key in payload:
        if key not in ENVELOPE_KEYS and key not in RECORD_BY_TABLE:
            close = difflib.get_close_matches(key, list(RECORD_BY_TABLE), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise ImportRejected(
                f'{source}: "{key}" is not a table Harbor knows{hint}; nothing was imported'
            )
    for record_type in RECORD_TYPES:
        items = payload.get(record_type.table, [])
        if not isinstance(items, list):
            raise ImportRejected(f'{source}: "{record_type.table}" must be a list of records')
        for index, item in enumerate(items):
            if isinstance(item, _JsonObject) and item.repeated:
                raise ImportRejected(
                    f"{_where(record_type, index, item)}, field '{item.repeated[0]}': appears "
                    "twice in this record"
                )
    repeated = _repeated_anywhere(payload)
    if repeated is not None:
        raise ImportRejected(f'{source}: the key "{repeated}" appears twice in one object')
    return payload


def plan_import(
    store: Store, payload: dict[str, Any], scope: ImportScope | None = None
) -> ImportPlan:
    """Validate every record and work out what is new. Writes nothing.

    `scope` says which households the file may write into (the command line's default:
    any). A file that reaches outside it is refused as a whole.
    """
    scope = scope or ImportScope.anywhere()
    plan = ImportPlan()
    stored_households = {h.id: h for h in store.households()}
    known_households = set(stored_households)
    file_households: dict[uuid.UUID, Household] = {}
    owners = {target: store.owners(target) for target in set(REFERENCE_FIELDS.values())}
    allowed = _allowed_household(payload, scope, stored_households)
    every: list[Record] = []
    for record_type in RECORD_TYPES:
        items = payload.get(record_type.table, [])
        parsed: list[Record] = []
        for index, item in enumerate(items):
            where = _where(record_type, index, item)
            if not isinstance(item, dict):
                raise ImportRejected(f"{where}: must be an object with fields")
            try:
                parsed.append(validate_import(record_type, item, where))
            except RecordInvalid as exc:
                raise ImportRejected(str(exc)) from None
            _check_scope(parsed[-1], where, allowed, scope)
        if record_type is Household:
            known_households |= {record.id for record in parsed}
            file_households.update({record.id: record for record in parsed})
        else:
            stored_owners = store.owners(record_type)
            for index, record in enumerate(parsed):
                where = _where(record_type, index, items[index])
                stored_owner = stored_owners.get(record.id)
                if stored_owner is not None and stored_owner != record.household_id:
                    raise ImportRejected(
                        f"{where}, field 'household_id': a record with this id belongs to "
                        "another household"
                    )
                _check_references(record, where, known_households, owners)
        existing = store.existing_ids(record_type, [record.id for record in parsed])
        fresh = [record for record in parsed if record.id not in existing]
        if record_type in owners:
            # Only new records add owners: a stored record's household is the database's.
            owners[record_type].update({record.id: record.household_id for record in fresh})
        plan.records.extend(fresh)
        every.extend(parsed)
        plan.in_file[record_type.table] = len(parsed)
        plan.new[record_type.table] = len(fresh)
    plan.households = _households_touched(every, plan.records, stored_households, file_households)
    return plan


def _allowed_household(
    payload: dict[str, Any], scope: ImportScope, stored: dict[uuid.UUID, Household]
) -> uuid.UUID | None:
    """The one household a scoped import may write into (None: any)."""
    if scope.household_id is not None:
        return scope.household_id
    if not scope.new_family_only:
        return None
    items = payload.get(Household.table, [])
    if len(items) != 1:
        raise ImportRejected(
            "this file holds no family, so there is nothing to restore"
            if not items
            else f"this file holds {len(items)} families; here Harbor restores one family at a "
            "time. Whoever runs this computer can import them all with "
            "`python -m dashboard import FILE`"
        )
    where = _where(Household, 0, items[0])
    if not isinstance(items[0], dict):
        raise ImportRejected(f"{where}: must be an object with fields")
    try:
        household = validate_import(Household, items[0], where)
    except RecordInvalid as exc:
        raise ImportRejected(str(exc)) from None
    if household.id in stored:
        raise ImportRejected(
            f"{where}, field 'id': this family is already in Harbor on this computer; open it "
            "and use Settings → Restore from a backup to add what is missing"
        )
    return household.id


def _check_scope(record: Record, where: str, allowed: uuid.UUID | None, scope: ImportScope) -> None:
    """A scoped import refuses any record of another household (and says which field)."""
    if allowed is None:
        return
    if isinstance(record, Household):
        field_name, owner = "id", record.id
    elif isinstance(record, HouseholdRecord):
        field_name, owner = "household_id", record.household_id
    else:  # every record belongs to a household; refuse rather than guess
        raise ImportRejected(f"{where}: belongs to no family")
    if owner != allowed:
        target = "the family that is open" if scope.household_id else "the family in this file"
        raise ImportRejected(
            f"{where}, field '{field_name}': names another family; a restore here adds only "
            f"to {target}"
        )


def _owner(record: Record) -> uuid.UUID:
    return record.id if isinstance(record, Household) else record.household_id


def _households_touched(
    every: Sequence[Record],
    fresh: Sequence[Record],
    stored: dict[uuid.UUID, Household],
    in_file: dict[uuid.UUID, Household],
) -> list[HouseholdTouched]:
    """Every household the file names, in file order, with the records it would gain."""
    adding: dict[uuid.UUID, int] = dict.fromkeys((_owner(record) for record in every), 0)
    for record in fresh:
        adding[_owner(record)] += 1
    touched = []
    for household_id in adding:
        source = stored.get(household_id) or in_file.get(household_id)
        name = source.name if source else "(no name in the file)"
        touched.append(
            HouseholdTouched(household_id, name, household_id in stored, adding[household_id])
        )
    return touched


def _check_references(
    record: Record,
    where: str,
    households: set[uuid.UUID],
    owners: dict[type[Record], dict[uuid.UUID, uuid.UUID]],
) -> None:
    """Every reference must exist and stay inside the record's own household."""
    if record.household_id not in households:
        raise ImportRejected(
            f"{where}, field 'household_id': no such household in the file or the database"
        )
    for field_name, target, target_id in references(record):
        owner = owners[target].get(target_id)
        if owner is None:
            raise ImportRejected(
                f"{where}, field '{field_name}': no {target.label.lower()} with id {target_id} "
                "in the file or the database"
            )
        if owner != record.household_id:
            raise ImportRejected(
                f"{where}, field '{field_name}': the {target.label.lower()} belongs to another "
                "household"
            )


def apply_import(
    store: Store,
    plan: ImportPlan,
    backup_dir: Path | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
) -> int:
    """Insert everything new, all or nothing, one transaction per batch of records.

    Batches keep the write lock short, so the app stays usable during a large import. If a
    batch fails, the batches already written are taken out again, and nothing stays.
    With `backup_dir`, the database is copied there first, so an unwanted import can be
    taken back by restoring the copy.
    """
    if backup_dir is not None and plan.total_new:
        plan.safety_copy = safety_copy(store.engine, backup_dir, "before-import")
    written: list[Record] = []
    try:
        for start in range(0, len(plan.records), batch_size):
            batch = plan.records[start : start + batch_size]
            store.insert_records(batch)
            written.extend(batch)
    except (DBAPIError, StoreBusy, WrongHousehold, OverflowError, UnicodeError) as exc:
        problem = _import_problem(exc)
        if written:
            try:
                _take_back(store, written)
            except (DBAPIError, StoreBusy):
                raise ImportRejected(
                    f"{problem}. {len(written)} records were written before this and could not "
                    "be taken out again: importing the same file again adds only what is "
                    "missing"
                    + (f", or restore the copy at {plan.safety_copy}" if plan.safety_copy else "")
                ) from None
        raise ImportRejected(f"{problem}; nothing was imported") from None
    return plan.total_new


def _import_problem(exc: BaseException) -> str:
    if isinstance(exc, StoreBusy):
        return "Harbor is busy saving something else, so the import stopped (try again)"
    if isinstance(exc, WrongHousehold):
        return "the file names another family than the one this session may open"
    if isinstance(exc, DBAPIError):
        detail = str(exc.orig).splitlines()[0] if exc.orig else "a record clashes"
        return f"the file clashes with records already stored ({detail})"
    # Validation should catch these first; never let one escape as a crash.
    return f"a value in the file cannot be stored ({exc})"


def _take_back(store: Store, records: Sequence[Record]) -> None:
    """Remove the records of an import that failed part way, children first, in one go."""
    by_type: dict[type[Record], list[uuid.UUID]] = {}
    for record in records:
        by_type.setdefault(type(record), []).append(record.id)
    touched = {r.household_id for r in records if isinstance(r, HouseholdRecord)}
    with store.writing() as connection:
        for record_type in reversed(RECORD_TYPES):
            table = TABLES[record_type.table]
            ids = by_type.get(record_type, [])
            for start in range(0, len(ids), 500):
                connection.execute(delete(table).where(table.c.id.in_(ids[start : start + 500])))
        # Caches of the families that stay must see the change (see store._bump).
        for household_id in touched:
            connection.execute(
                update(households)
                .where(households.c.id == household_id)
                .values(data_version=households.c.data_version + 1)
            )


def read_backup_file(path: Path) -> bytes:
    """The bytes of a backup file; refuses anything but a regular file of at most 50 MB.

    The type is checked before opening, so a named pipe never blocks and a device such as
    /dev/zero is never read; and again on the opened file, in case it was swapped meanwhile.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ImportRejected(f"cannot read {path}: {exc.strerror}") from None
    _check_regular(path, info)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ImportRejected(f"cannot read {path}: {exc.strerror}") from None
    try:
        _check_regular(path, os.fstat(descriptor))
        chunks = []
        left = MAX_BACKUP_BYTES + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise ImportRejected(f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > MAX_BACKUP_BYTES:
        _too_big(path)
    return raw


def _check_regular(path: Path, info: os.stat_result) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if info.st_size > MAX_BACKUP_BYTES:
            _too_big(path)
        return
    kind = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    raise ImportRejected(f"cannot read {path}: it is {kind}; Harbor imports only a backup file")


def _too_big(path: Path) -> None:
    raise ImportRejected(
        f"cannot read {path}: it is larger than {MAX_BACKUP_MB} MB, more than any Harbor backup"
    )


def import_file(
    store: Store,
    path: Path,
    dry_run: bool = False,
    backup_dir: Path | None = None,
    scope: ImportScope | None = None,
) -> ImportPlan:
    plan = plan_import(store, parse_backup(read_backup_file(path), source=path.name), scope)
    if not dry_run:
        apply_import(store, plan, backup_dir)
    return plan


SAFETY_COPY_PATTERN = "harbor-before-*.db"


def remove_safety_copies(data_dir: Path) -> int:
    """Deleting data must not leave it behind in the copies taken before imports and upgrades."""
    removed = 0
    for copy in safety_copies_dir(data_dir).glob(SAFETY_COPY_PATTERN):
        for path in (copy, copy.with_name(f"{copy.name}-wal"), copy.with_name(f"{copy.name}-shm")):
            if path.exists():
                path.unlink()
        removed += 1
    return removed


def snapshot(store: Store, out: Path) -> None:
    """A consistent copy of the SQLite file while the app keeps running."""
    database = store.database_file()
    if database is None:
        raise SnapshotUnavailable(
            "backup copies the SQLite file; on PostgreSQL use pg_dump, e.g. "
            'pg_dump --format=custom --file=harbor.dump "$HARBOR_DATABASE_URL"'
        )
    snapshot_sqlite(database, out)


def _where(record_type: type[Record], index: int, item: Any) -> str:
    """`daily_checkins[3] (id …)`: the id as the file wrote it, when it is text or a number."""
    record_id = item.get("id") if isinstance(item, dict) else None
    if isinstance(record_id, bool) or not isinstance(record_id, str | int | float):
        return f"{record_type.table}[{index}]"
    where = f"{record_type.table}[{index}]"
    shown = str(record_id) if len(str(record_id)) <= 80 else f"{str(record_id)[:79]}…"
    return f"{where} (id {shown})" if shown else where


def _write_atomically(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(out)
    except BaseException:
        # Never leave a hidden copy of a family's data behind.
        temporary.unlink(missing_ok=True)
        raise
