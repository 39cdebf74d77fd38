"""Export, import and snapshots: a family's records are theirs to take anywhere.

Backup JSON format (documented in README.md):

    {"format": "harbor-backup", "version": 1, "exported_at": "...Z",
     "households": [...], "loved_ones": [...], ...one list per table in RECORD_TYPES}

Each list holds records with the fields of dashboard.records. Ids are stable UUIDs, so
importing the same file twice adds nothing. Import is all or nothing.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from dashboard.config import safety_copies_dir
from dashboard.db.migrate import safety_copy, snapshot_sqlite
from dashboard.records import (
    RECORD_TYPES,
    REFERENCE_FIELDS,
    Household,
    Record,
    RecordInvalid,
    references,
    validate_record,
)
from dashboard.store import Store

FORMAT_NAME = "harbor-backup"
FORMAT_VERSION = 1
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class ImportRejected(ValueError):
    """The file cannot be imported; nothing was written. The message says where and why."""


class SnapshotUnavailable(RuntimeError):
    """The database is not a local SQLite file, so a file snapshot cannot be taken."""


@dataclass
class ImportPlan:
    """A validated file: what it holds, and what importing it would add."""

    records: list[Record] = field(default_factory=list)
    in_file: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
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


def parse_backup(raw: bytes, source: str = "file") -> dict[str, Any]:
    """Decode and check the envelope; the records themselves are checked by plan_import."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            f"{source} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}); "
            "export it again from Harbor"
        ) from None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ImportRejected(f"{source} is nested too deeply to be a Harbor backup") from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ImportRejected(f"{source} is not a Harbor backup ({exc})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise ImportRejected(f'{source} is not a Harbor backup (missing "format": "{FORMAT_NAME}")')
    version = payload.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise ImportRejected(
            f"{source} has backup format version {version!r}; "
            f"this Harbor reads version {FORMAT_VERSION}"
        )
    for record_type in RECORD_TYPES:
        if not isinstance(payload.get(record_type.table, []), list):
            raise ImportRejected(f'{source}: "{record_type.table}" must be a list of records')
    return payload


def plan_import(store: Store, payload: dict[str, Any]) -> ImportPlan:
    """Validate every record and work out what is new. Writes nothing."""
    plan = ImportPlan()
    known_households = {h.id for h in store.households()}
    owners = {target: store.owners(target) for target in set(REFERENCE_FIELDS.values())}
    for record_type in RECORD_TYPES:
        items = payload.get(record_type.table, [])
        parsed: list[Record] = []
        for index, item in enumerate(items):
            where = _where(record_type, index, item)
            if not isinstance(item, dict):
                raise ImportRejected(f"{where}: must be an object with fields")
            try:
                parsed.append(validate_record(record_type, item, where))
            except RecordInvalid as exc:
                raise ImportRejected(str(exc)) from None
        if record_type is Household:
            known_households |= {record.id for record in parsed}
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
        plan.in_file[record_type.table] = len(parsed)
        plan.new[record_type.table] = len(fresh)
    return plan


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


def apply_import(store: Store, plan: ImportPlan, backup_dir: Path | None = None) -> int:
    """Insert everything new in one transaction; on any clash nothing is written.

    With `backup_dir`, the database is copied there first, so an unwanted import can be
    taken back by restoring the copy.
    """
    if backup_dir is not None and plan.total_new:
        plan.safety_copy = safety_copy(store.engine, backup_dir, "before-import")
    try:
        store.insert_records(plan.records)
    except DBAPIError as exc:
        detail = str(exc.orig).splitlines()[0] if exc.orig else "a record clashes"
        raise ImportRejected(
            f"the file clashes with records already stored ({detail}); nothing was imported"
        ) from None
    except (OverflowError, UnicodeError) as exc:
        # Validation should catch these first; never let one escape as a crash.
        raise ImportRejected(
            f"a value in the file cannot be stored ({exc}); nothing was imported"
        ) from None
    return plan.total_new


def import_file(
    store: Store, path: Path, dry_run: bool = False, backup_dir: Path | None = None
) -> ImportPlan:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(f"cannot read {path}: {exc.strerror}") from None
    plan = plan_import(store, parse_backup(raw, source=path.name))
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
    record_id = item.get("id") if isinstance(item, dict) else None
    suffix = f" (id {record_id})" if record_id else ""
    return f"{record_type.table}[{index}]{suffix}"


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
