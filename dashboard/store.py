"""Reads and writes. Every query inside a household is scoped to that household.

The store accepts only validated records (see dashboard.records), runs every write as
one transaction, and bumps the household's data_version so caches know to rebuild.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine, Table, and_, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard.config import Settings, load_settings, safety_copies_dir
from dashboard.db import make_engine, upgrade_to_head
from dashboard.db.engine import SQLITE_BUSY_TIMEOUT_MS
from dashboard.db.rls import (
    AUDIT_FAMILY_DELETE,
    CROSSING_SETTING,
    HOUSEHOLD_SETTING,
    SET_SETTING,
)
from dashboard.db.schema import (
    PERSON_TABLES,
    TABLES,
    entry_versions,
    households,
    passphrase_tries,
)
from dashboard.records import (
    RECORD_TYPES,
    VERSIONED_TABLES,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    EntryVersion,
    FamilyMember,
    Household,
    HouseholdRecord,
    LovedOne,
    ModuleRead,
    Record,
    SessionQuestion,
    SmallWin,
    TreatmentEvent,
    TreatmentInvitation,
    WarningSignTick,
    references,
    validate_record,
)

if TYPE_CHECKING:
    import pandas as pd

R = TypeVar("R", bound=Record)

# How long a deletion waits for another connection's read to end before it says it cannot
# scrub the WAL (shorter than the busy timeout writers wait: nothing is queued behind it).
SCRUB_WAIT_MS = 3_000

# The calendar date each kind of record is filed under, for date-range queries.
DATE_COLUMN: dict[type[Record], str] = {
    DailyCheckin: "day",
    TreatmentEvent: "start_date",
    SmallWin: "day",
    CaregiverCheckin: "day",
    ModuleRead: "day",
    WarningSignTick: "day",
    BoundaryPlan: "plan_date",
    BoundaryStatusChange: "day",
    CraftResponse: "day",
    TreatmentInvitation: "plan_date",
    ActivityOccasion: "day",
    SessionQuestion: "range_end",
}


class StoreError(Exception):
    """Base class for problems the store reports to a person."""


class NotFound(StoreError):
    """The record does not exist in this household (or was deleted meanwhile)."""


class EditConflict(StoreError):
    """Someone else changed the record after it was opened; the edit was not saved."""


class AlreadyLogged(StoreError):
    """The day already has its one check-in: nothing was saved, and nothing was replaced.

    `existing` is that day's entry, when known, so a form can show it and offer to edit it,
    or to replace it as an explicit choice.
    """

    def __init__(self, message: str, existing: Record | None = None) -> None:
        super().__init__(message)
        self.existing = existing


class WrongHousehold(StoreError):
    """A record was handed to the store of another household."""


class HasDependents(StoreError):
    """Other entries point at this one; deleting it would take them along without a trace."""


class DeletionIncomplete(StoreError):
    """Another connection kept SQLite from folding its WAL into the file, so deleted rows
    could still be read from the files: the deletion is not finished and must not be claimed."""


class StoreBusy(StoreError):
    """The database was locked by another writer for too long, or could not be reached.

    Nothing was written; trying again a moment later usually works.
    """


class ReadOnly(StoreError):
    """A therapist's access is read-only: nothing was saved."""


READ_ONLY_MESSAGE = "This view is read-only (shared by the family); nothing was saved."

BUSY_MESSAGE = "Harbor is busy saving something else; your entry was not saved, try again."


@dataclass(frozen=True)
class NewFamily:
    """What onboarding asks for: enough to start logging in under a minute."""

    household_name: str
    loved_one_name: str
    member_name: str
    relationship: str = "parent"
    region: str = "US"
    timezone: str = "America/New_York"
    is_demo: bool = False


def _table(record_type: type[Record]) -> Table:
    return TABLES[record_type.table]


def _row_values(record: Record) -> dict:
    return record.model_dump()


def _record_from_row(record_type: type[R], mapping: dict) -> R:
    values = {key: mapping[key] for key in record_type.model_fields}
    return record_type.model_validate(values)


class Store:
    """Top-level access: households, and whole-database operations."""

    def __init__(
        self,
        engine: Engine,
        scope: uuid.UUID | None = None,
        read_only: bool = False,
        crossing: bool = False,
    ) -> None:
        self.engine = engine
        # Names this store in cache keys, so views of one database never serve another.
        self.token = uuid.uuid4()
        # Hosted mode: the one household a signed-in session may touch. Every transaction
        # names it to PostgreSQL, whose row-level security then hides every other family.
        self.scope = scope
        # A therapist's view: reads only; every write is refused before it reaches the DB.
        self.read_only = read_only
        # Set by access.crossing() (the audited path across households), and by Store.open
        # when the owner connects directly.
        self.crossing = crossing

    def scoped(self, household_id: uuid.UUID, read_only: bool = False) -> Store:
        """The same database, held to one household (hosted mode's per-session store)."""
        scoped = Store(self.engine, scope=uuid.UUID(str(household_id)), read_only=read_only)
        scoped.token = self.token
        return scoped

    def _enter(self, connection: Connection, household_id: uuid.UUID | None) -> None:
        """Name the household to PostgreSQL for this transaction only (set_config(..., true)).

        The value goes in as a parameter. On SQLite (home mode) there is nothing to set.
        """
        if self.scope is not None and household_id is not None and household_id != self.scope:
            raise WrongHousehold("That belongs to another household; nothing was read or saved.")
        household_id = household_id or self.scope
        if connection.dialect.name != "postgresql":
            return
        if household_id is not None:
            connection.execute(SET_SETTING, {"name": HOUSEHOLD_SETTING, "value": str(household_id)})
        if self.crossing:
            connection.execute(SET_SETTING, {"name": CROSSING_SETTING, "value": "on"})

    @classmethod
    def open(cls, settings: Settings | None = None) -> Store:
        """Connect, and migrate the schema to head (taking a backup first if it changes)."""
        settings = settings or load_settings()
        engine = make_engine(settings.database_url)
        upgrade_to_head(engine, backup_dir=safety_copies_dir(settings.data_dir))
        # The tables' owner (or a superuser) connecting directly, as home mode on PostgreSQL
        # and the command line always have, still sees the whole database: its own policy
        # lets it cross households. Hosted mode refuses such a connection (see ui.setup).
        whole = owns_the_tables(engine)
        return cls(engine, crossing=whole)

    @contextmanager
    def writing(self, household_id: uuid.UUID | None = None) -> Iterator[Connection]:
        """One write transaction; on SQLite it takes the write lock at BEGIN.

        A lock held too long by another writer (SQLite's "database is locked"), a lost
        connection or an exhausted pool becomes StoreBusy, so every save can say so calmly.
        """
        if self.read_only:
            raise ReadOnly(READ_ONLY_MESSAGE)
        try:
            with (
                self.engine.connect().execution_options(harbor_write=True) as connection,
                connection.begin(),
            ):
                self._enter(connection, household_id)
                yield connection
        except (OperationalError, PoolTimeout) as exc:
            raise StoreBusy(BUSY_MESSAGE) from exc

    @contextmanager
    def reading(self, household_id: uuid.UUID | None = None) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            self._enter(connection, household_id)
            yield connection

    def households(self) -> list[Household]:
        with self.reading() as connection:
            rows = connection.execute(select(households).order_by(households.c.created_at))
            return [_record_from_row(Household, dict(row._mapping)) for row in rows]

    def create_family(self, family: NewFamily) -> HouseholdStore:
        """Create a household with its loved one and first family member, atomically."""
        household = validate_record(
            Household,
            {"name": family.household_name, "region": family.region, "is_demo": family.is_demo},
        )
        loved_one = validate_record(
            LovedOne,
            {
                "household_id": household.id,
                "display_name": family.loved_one_name,
                "timezone": family.timezone,
            },
        )
        member = validate_record(
            FamilyMember,
            {
                "household_id": household.id,
                "display_name": family.member_name,
                "relationship": family.relationship,
            },
        )
        # The new household's id is named before its first row: row-level security lets a
        # session create its own family and nothing else.
        with self.writing(household.id) as connection:
            self.insert_records([household, loved_one, member], connection)
        return self.household(household.id)

    def insert_records(
        self, records: Sequence[Record], connection: Connection | None = None
    ) -> None:
        """Insert many records in one transaction (or in the caller's)."""
        if connection is None:
            owners = {
                r.id if isinstance(r, Household) else getattr(r, "household_id", None)
                for r in records
            }
            only = owners.pop() if len(owners) == 1 else None
            with self.writing(only) as own:
                self.insert_records(records, own)
            return
        for record in records:
            values = _row_values(record)
            if isinstance(record, Household):
                values["data_version"] = first_data_version()
            connection.execute(insert(_table(type(record))).values(**values))
        touched = {r.household_id for r in records if isinstance(r, HouseholdRecord)}
        for household_id in touched:
            _bump(connection, household_id)

    def household(self, household_id: uuid.UUID | str) -> HouseholdStore:
        household_id = uuid.UUID(str(household_id))
        with self.reading(household_id) as connection:
            found = connection.execute(
                select(households.c.id).where(households.c.id == household_id)
            ).first()
        if found is None:
            raise NotFound(f"No household with id {household_id}.")
        return HouseholdStore(self, household_id)

    def existing_ids(self, record_type: type[Record], ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these ids are already stored: importing the same file twice adds nothing."""
        table = _table(record_type)
        found: set[uuid.UUID] = set()
        with self.reading() as connection:
            for start in range(0, len(ids), 500):
                chunk = list(ids[start : start + 500])
                found.update(connection.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
        return found

    def dump_all(self, household_id: uuid.UUID | None = None) -> dict[str, list[Record]]:
        """Every record of every table, parents first (for export); optionally one family's."""
        result: dict[str, list[Record]] = {}
        with self.reading() as connection:
            for record_type in RECORD_TYPES:
                table = _table(record_type)
                query = select(table).order_by(table.c.created_at, table.c.id)
                if household_id is not None:
                    owner = table.c.id if record_type is Household else table.c.household_id
                    query = query.where(owner == household_id)
                rows = connection.execute(query)
                result[record_type.table] = [
                    _record_from_row(record_type, dict(row._mapping)) for row in rows
                ]
        return result

    def owners(self, record_type: type[Record]) -> dict[uuid.UUID, uuid.UUID]:
        """id -> household id for every record of a type (import checks references with it)."""
        table = _table(record_type)
        with self.reading() as connection:
            return dict(connection.execute(select(table.c.id, table.c.household_id)).all())

    def counts(self) -> dict[str, int]:
        with self.reading() as connection:
            return {
                record_type.table: connection.scalar(
                    select(func.count()).select_from(_table(record_type))
                )
                or 0
                for record_type in RECORD_TYPES
            }

    def delete_all(self) -> int:
        """Remove every family's data (and history) and scrub it from the file and its WAL.

        Returns how many rows of facilitators' notes and "run" marks went with it (hosted
        mode keeps them in the database), so the command line says so truly.
        Raises DeletionIncomplete, having deleted nothing, while another connection would
        keep the deleted rows readable in the WAL (see scrub).
        """
        self.ready_to_scrub()
        with self.writing() as connection:
            # A facilitator's notes go too: nothing typed into Harbor stays behind.
            notes = sum(
                connection.execute(delete(TABLES[name])).rowcount or 0 for name in PERSON_TABLES
            )
            connection.execute(delete(passphrase_tries))
            for record_type in reversed(RECORD_TYPES):
                connection.execute(delete(_table(record_type)))
        self.scrub()
        return notes

    def ready_to_scrub(self) -> None:
        """Refuse a deletion up front, before it deletes anything, if its traces could not be
        scrubbed now: another connection holds a read transaction on the WAL."""
        self._checkpoint(
            "Nothing was deleted: another program is reading the database ({name}), and "
            "deleted records would stay readable in its files until it stops. Close other "
            "Harbor windows and programs that use the database, then try again."
        )

    def scrub(self) -> None:
        """Make deleted rows unrecoverable: fold the WAL into the file, then rebuild it.

        SQLite reports a checkpoint blocked by a reader in the first column of
        `PRAGMA wal_checkpoint(TRUNCATE)`; then the deleted rows are still in the WAL (and the
        file), so this raises DeletionIncomplete rather than let anyone claim they are gone.
        Running the deletion again once the reader has gone finishes the job.
        """
        if self.engine.dialect.name != "sqlite":
            return
        unfinished = (
            "The records were deleted, but another program is reading the database ({name}), "
            "so traces of them remain in its files. Close other Harbor windows and programs "
            "that use the database, then delete again to finish."
        )
        self._checkpoint(unfinished)
        # VACUUM cannot run in a transaction: use the driver connection directly.
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")
        finally:
            raw.close()
        self._checkpoint(unfinished)

    def _checkpoint(self, blocked_message: str) -> None:
        """Fold the WAL into the file and empty it; DeletionIncomplete if a reader blocks it."""
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        driver = raw.driver_connection
        try:
            # A reader that is about to finish gets a few seconds; a held one is reported.
            driver.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
            busy, *_ = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            raw.close()
        if busy:
            database = self.database_file()
            name = database.name if database is not None else "the database"
            raise DeletionIncomplete(blocked_message.format(name=name))

    def database_file(self) -> Path | None:
        database = self.engine.url.database
        if self.engine.dialect.name == "sqlite" and database and database != ":memory:":
            return Path(database)
        return None


@dataclass(frozen=True)
class PassphraseTries:
    failures: int
    blocked_until: datetime | None  # UTC


def _utc(moment: datetime) -> datetime:
    """SQLite hands a stored UTC time back without its zone; PostgreSQL with it."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _upsert(connection: Connection):
    """The dialect's INSERT that can say ON CONFLICT DO UPDATE (SQLite and PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert


def first_data_version() -> int:
    """A random start, so a family deleted and restored from a backup (same id) never meets
    a version it had before, and no cached view of the old data is served again."""
    return secrets.randbelow(2**30) + 1


def _bump(connection: Connection, household_id: uuid.UUID) -> None:
    connection.execute(
        update(households)
        .where(households.c.id == household_id)
        .values(data_version=households.c.data_version + 1)
    )


class HouseholdStore:
    """Everything one household can read or write. No query escapes its household_id."""

    def __init__(self, store: Store, household_id: uuid.UUID) -> None:
        self.store = store
        self.id = household_id

    def _scope(self, table: Table):
        return table.c.household_id == self.id

    def _check_owner(self, record: Record) -> None:
        """The record, and every record it points at, must belong to this household."""
        owner = (
            record.id if isinstance(record, Household) else getattr(record, "household_id", None)
        )
        if owner != self.id:
            raise WrongHousehold("That record belongs to another household; nothing was saved.")
        for field_name, target, target_id in references(record):
            table = _table(target)
            with self.store.reading(self.id) as connection:
                found = connection.execute(
                    select(table.c.id).where(table.c.id == target_id, self._scope(table))
                ).first()
            if found is None:
                raise WrongHousehold(
                    f"{record.label}, field '{field_name}': no such {target.label.lower()} in "
                    "this family; nothing was saved."
                )

    # -- the household itself ------------------------------------------------------------

    def info(self) -> Household:
        with self.store.reading(self.id) as connection:
            row = connection.execute(select(households).where(households.c.id == self.id)).one()
        return _record_from_row(Household, dict(row._mapping))

    def data_version(self) -> int:
        with self.store.reading(self.id) as connection:
            return connection.scalar(
                select(households.c.data_version).where(households.c.id == self.id)
            )

    def loved_ones(self) -> list[LovedOne]:
        return self.list(LovedOne)

    def family_members(self) -> list[FamilyMember]:
        return self.list(FamilyMember)

    def delete_household(self, audited_by: str | None = None) -> None:
        """Delete this family, everything it logged and its history (the database cascades).

        Raises DeletionIncomplete, having deleted nothing, while another connection would keep
        the deleted rows readable in the WAL; see Store.scrub. In hosted mode `audited_by`
        (who signed in) goes in an audit row that outlives the family, in the same transaction.
        """
        self.store.ready_to_scrub()
        with self.store.writing(self.id) as connection:
            if audited_by is not None and connection.dialect.name == "postgresql":
                connection.execute(AUDIT_FAMILY_DELETE, {"actor": audited_by})
            connection.execute(
                delete(passphrase_tries).where(passphrase_tries.c.household_id == self.id)
            )
            for record_type in reversed(RECORD_TYPES[1:]):
                table = _table(record_type)
                connection.execute(delete(table).where(self._scope(table)))
            connection.execute(delete(households).where(households.c.id == self.id))
        self.store.scrub()

    # -- wrong passphrases in a row (the lock's throttle, shared by every replica) ---------

    def passphrase_tries(self) -> PassphraseTries:
        """Wrong passphrases in a row, and until when the next try waits (UTC)."""
        with self.store.reading(self.id) as connection:
            row = connection.execute(
                select(passphrase_tries).where(passphrase_tries.c.household_id == self.id)
            ).first()
        if row is None:
            return PassphraseTries(0, None)
        return PassphraseTries(row.failures, _utc(row.blocked_until))

    def claim_passphrase_try(
        self, now: datetime, blocked_until: Callable[[int], datetime]
    ) -> PassphraseTries | None:
        """Count a try before its passphrase is checked, unless the throttle says wait (None).

        One transaction, and the count goes up only where `blocked_until <= now`: two
        sessions or replicas trying at once both wait on the row, and the second sees the
        first's wait. A check made after reading the count could let any number of parallel
        guesses through before the first wrong one was counted. `blocked_until(failures)` is
        the lock's rule for when the next try may come.
        """
        now = now.astimezone(UTC)  # SQLite keeps no zone: every time stored here is UTC
        with self.store.writing(self.id) as connection:
            connection.execute(
                _upsert(connection)(passphrase_tries)
                .values(household_id=self.id, failures=0, blocked_until=now)
                .on_conflict_do_nothing(index_elements=[passphrase_tries.c.household_id])
            )
            failures = connection.execute(
                update(passphrase_tries)
                .where(
                    passphrase_tries.c.household_id == self.id,
                    passphrase_tries.c.blocked_until <= now,
                )
                .values(failures=passphrase_tries.c.failures + 1)
                .returning(passphrase_tries.c.failures)
            ).scalar_one_or_none()
            if failures is None:
                return None
            until = blocked_until(failures).astimezone(UTC)
            connection.execute(
                update(passphrase_tries)
                .where(passphrase_tries.c.household_id == self.id)
                .values(blocked_until=until)
            )
        return PassphraseTries(failures, until)

    def clear_passphrase_tries(self) -> None:
        with self.store.writing(self.id) as connection:
            connection.execute(
                delete(passphrase_tries).where(passphrase_tries.c.household_id == self.id)
            )

    # -- generic reads --------------------------------------------------------------------

    def get(self, record_type: type[R], record_id: uuid.UUID | str) -> R:
        table = _table(record_type)
        record_id = uuid.UUID(str(record_id))
        key = table.c.id == record_id
        condition = key if record_type is Household else and_(key, self._scope(table))
        if record_type is Household and record_id != self.id:
            raise NotFound("That household is not this one.")
        with self.store.reading(self.id) as connection:
            row = connection.execute(select(table).where(condition)).first()
        if row is None:
            raise NotFound(f"This {record_type.label.lower()} no longer exists.")
        return _record_from_row(record_type, dict(row._mapping))

    def _select(
        self,
        record_type: type[Record],
        start: date | None,
        end: date | None,
        loved_one_id: uuid.UUID | None = None,
    ):
        table = _table(record_type)
        query = select(table).where(self._scope(table))
        if loved_one_id is not None and "loved_one_id" in table.c:
            query = query.where(table.c.loved_one_id == loved_one_id)
        date_column = DATE_COLUMN.get(record_type)
        if date_column is not None:
            column = table.c[date_column]
            if start is not None:
                query = query.where(column >= start)
            if end is not None:
                query = query.where(column <= end)
            return query.order_by(column, table.c.created_at)
        return query.order_by(table.c.created_at)

    def list(
        self,
        record_type: type[R],
        start: date | None = None,
        end: date | None = None,
        loved_one_id: uuid.UUID | None = None,
    ) -> list[R]:
        """Records between two dates (inclusive), oldest first; one loved one's if given."""
        with self.store.reading(self.id) as connection:
            rows = connection.execute(self._select(record_type, start, end, loved_one_id))
            return [_record_from_row(record_type, dict(row._mapping)) for row in rows]

    def frame(
        self,
        record_type: type[Record],
        start: date | None = None,
        end: date | None = None,
        loved_one_id: uuid.UUID | None = None,
    ) -> pd.DataFrame:
        """The same rows as list(), as a DataFrame for charts and summaries."""
        import pandas as pd  # only pages that chart or summarise pay for pandas

        with self.store.reading(self.id) as connection:
            result = connection.execute(self._select(record_type, start, end, loved_one_id))
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        if frame.empty:
            frame = pd.DataFrame(columns=list(_table(record_type).c.keys()))
        for column in ("day", "start_date", "end_date"):
            if column in frame.columns:
                frame[column] = pd.to_datetime(frame[column])
        return frame

    def newest(
        self,
        record_type: type[R],
        limit: int,
        loved_one_id: uuid.UUID | None = None,
        family_member_id: uuid.UUID | None = None,
    ) -> list[R]:
        """The most recent records, newest first, without reading years of history.

        Filtered in SQL to one loved one or one family member when given, so "the newest
        30" are the chosen person's newest 30.
        """
        table = _table(record_type)
        column = table.c[DATE_COLUMN.get(record_type, "created_at")]
        query = select(table).where(self._scope(table))
        if loved_one_id is not None and "loved_one_id" in table.c:
            query = query.where(table.c.loved_one_id == loved_one_id)
        if family_member_id is not None and "family_member_id" in table.c:
            query = query.where(table.c.family_member_id == family_member_id)
        query = query.order_by(column.desc(), table.c.created_at.desc()).limit(limit)
        with self.store.reading(self.id) as connection:
            return [
                _record_from_row(record_type, dict(r._mapping)) for r in connection.execute(query)
            ]

    def count(self, record_type: type[Record]) -> int:
        table = _table(record_type)
        with self.store.reading(self.id) as connection:
            query = select(func.count()).select_from(table).where(self._scope(table))
            return connection.scalar(query) or 0

    # -- writes ---------------------------------------------------------------------------

    def new(
        self,
        record_type: type[R],
        values: dict[str, object],
        logged_by: uuid.UUID | None = None,
    ) -> R:
        """A validated new record of this household, stamped with who logged it.

        The one place where a form's values become a record: household_id is always this
        household's, and logged_by is set on the kinds of record that say who logged them.
        """
        stamped: dict[str, object] = {**values, "household_id": self.id}
        if "logged_by" in record_type.model_fields:
            stamped["logged_by"] = logged_by
        return validate_record(record_type, stamped)

    def create(
        self, record_type: type[R], values: dict[str, object], logged_by: uuid.UUID | None = None
    ) -> R:
        """Validate, stamp (see new) and insert a record as one transaction."""
        return self.add(self.new(record_type, values, logged_by))

    def set_module_read(self, member_id: uuid.UUID, module_id: str, read: bool, day: date) -> None:
        """Mark a guide read or unread for one person; repeating it changes nothing."""
        table = _table(ModuleRead)
        mine = and_(
            self._scope(table),
            table.c.family_member_id == member_id,
            table.c.module_id == module_id,
        )
        with self.store.writing(self.id) as connection:
            existing = connection.execute(select(table.c.id).where(mine)).first()
            if read and existing is None:
                record = self.new(
                    ModuleRead, {"family_member_id": member_id, "module_id": module_id, "day": day}
                )
                connection.execute(insert(table).values(**_row_values(record)))
            elif not read and existing is not None:
                connection.execute(delete(table).where(mine))
            else:
                return
            _bump(connection, self.id)

    def add_new(self, records: Sequence[Record], same: Sequence[str]) -> int:
        """Add the records that are not stored yet, judged by the `same` fields; one transaction.

        Returns how many were added, so saving the same thing twice adds nothing.
        """
        if not records:
            return 0
        for record in records:
            self._check_owner(record)
        table = _table(type(records[0]))
        with self.store.writing(self.id) as connection:
            stored = {
                tuple(row)
                for row in connection.execute(
                    select(*(table.c[name] for name in same)).where(self._scope(table))
                )
            }
            fresh = [r for r in records if tuple(getattr(r, name) for name in same) not in stored]
            if fresh:
                connection.execute(insert(table), [_row_values(r) for r in fresh])
                _bump(connection, self.id)
        return len(fresh)

    def add(self, record: R) -> R:
        """Insert a new record as one transaction."""
        self._check_owner(record)
        self.store.insert_records([record])
        return record

    def save_checkin(
        self,
        checkin: DailyCheckin,
        replacing: DailyCheckin | None = None,
        by: uuid.UUID | None = None,
    ) -> tuple[DailyCheckin, bool]:
        """Save a new check-in for its day. Returns (saved, created).

        A loved one has one check-in a day. If the day has one already, nothing is saved and
        AlreadyLogged names it, unless the caller passes that entry, as the person saw it, in
        `replacing`: then it is replaced (its earlier version goes to the history), or
        EditConflict is raised if it changed since. `by` is who is replacing it.
        """
        return self._save_daily(checkin, "loved_one_id", replacing, by)

    def save_caregiver_checkin(
        self,
        checkin: CaregiverCheckin,
        replacing: CaregiverCheckin | None = None,
        by: uuid.UUID | None = None,
    ) -> tuple[CaregiverCheckin, bool]:
        """Save a caregiver's day: one per member and day, replaced only when asked (as above)."""
        return self._save_daily(checkin, "family_member_id", replacing, by)

    def day_entry(self, record_type: type[R], owner_id: uuid.UUID, day: date) -> R | None:
        """A day's one check-in: a loved one's (DailyCheckin) or a member's (CaregiverCheckin)."""
        table = _table(record_type)
        query = select(table).where(
            self._scope(table), table.c[OWNER_FIELD[record_type]] == owner_id, table.c.day == day
        )
        with self.store.reading(self.id) as connection:
            row = connection.execute(query).first()
        return None if row is None else _record_from_row(record_type, dict(row._mapping))

    def _save_daily(
        self, record: R, owner_field: str, replacing: R | None, by: uuid.UUID | None
    ) -> tuple[R, bool]:
        self._check_owner(record)
        record_type = type(record)
        table = _table(record_type)
        same_day = and_(
            self._scope(table),
            table.c[owner_field] == getattr(record, owner_field),
            table.c.day == record.day,
        )
        try:
            with self.store.writing(self.id) as connection:
                row = connection.execute(select(table).where(same_day).with_for_update()).first()
                if row is None:
                    connection.execute(insert(table).values(**_row_values(record)))
                    _bump(connection, self.id)
                    return record, True
                existing = _record_from_row(record_type, dict(row._mapping))
                if replacing is None:
                    raise self._day_taken(connection, existing)
                if (replacing.id, replacing.version) != (existing.id, existing.version):
                    raise EditConflict(
                        f"The {record.label.lower()} for {record.day.isoformat()} was changed by "
                        "someone else after you opened it. Nothing was saved; look at it again "
                        "before you replace it."
                    )
                saved = record_type.model_validate(
                    {
                        **record.model_dump(),
                        "id": existing.id,
                        "created_at": existing.created_at,
                        "version": existing.version + 1,
                        "updated_at": datetime.now(UTC),
                    }
                )
                self._rewrite(connection, existing, saved, "replaced", by)
                return saved, False
        except IntegrityError:
            # Another session logged the same day between the look and the insert.
            with self.store.reading(self.id) as connection:
                row = connection.execute(select(table).where(same_day)).first()
                found = None if row is None else dict(row._mapping)
                existing = None if found is None else _record_from_row(record_type, found)
                raise self._day_taken(connection, existing, record) from None

    def _day_taken(
        self, connection: Connection, existing: Record | None, record: Record | None = None
    ) -> AlreadyLogged:
        """The refusal of a second entry for a day: it names the day and who logged it."""
        entry = existing or record
        assert entry is not None
        day = entry.day.isoformat()  # type: ignore[attr-defined]
        who = getattr(existing, "logged_by", None) or getattr(existing, "family_member_id", None)
        name = None
        if who is not None:
            members = _table(FamilyMember)
            name = connection.scalar(
                select(members.c.display_name).where(members.c.id == who, self._scope(members))
            )
        by_whom = f" (logged by {name})" if name else ""
        return AlreadyLogged(
            f"{entry.label}, field 'day': {day} already has a {entry.label.lower()}{by_whom}. "
            "Nothing was saved and nothing was replaced: open that entry to edit it, or choose "
            "to replace it.",
            existing,
        )

    def update(self, record: R, also_add: Sequence[Record] = (), by: uuid.UUID | None = None) -> R:
        """Save an edit made to `record` as it was read (its version).

        If anyone saved the same record since, raise EditConflict and change nothing. The
        version it replaces goes to the history in the same transaction (`by` is who edited).
        Records in `also_add` (e.g. a status note about the edit) land in the same
        transaction: both are saved, or neither.
        """
        return self._update(record, also_add, by, "edited")

    def _update(
        self, record: R, also_add: Sequence[Record], by: uuid.UUID | None, change: str
    ) -> R:
        self._check_owner(record)
        for extra in also_add:
            self._check_owner(extra)
        saved = type(record).model_validate(
            {**record.model_dump(), "version": record.version + 1, "updated_at": datetime.now(UTC)}
        )
        try:
            with self.store.writing(self.id) as connection:
                self._rewrite(connection, record, saved, change, by)
                if also_add:
                    self.store.insert_records(also_add, connection)
        except IntegrityError:
            raise _clash(
                record,
                f"{record.label}, field 'day': there is already an entry for that day. "
                "Edit that entry instead; nothing was saved.",
            ) from None
        return saved

    def _rewrite(
        self,
        connection: Connection,
        opened: Record,
        saved: Record,
        change: str,
        by: uuid.UUID | None,
    ) -> None:
        """The one path that changes a stored row: replace the version `opened` was read at
        with `saved`, and keep the replaced version in the history, in the caller's
        transaction. Raises NotFound or EditConflict (and so changes nothing) when the row
        is gone or at another version."""
        table = _table(type(opened))
        condition = and_(table.c.id == opened.id, table.c.version == opened.version)
        if not isinstance(opened, Household):
            condition = and_(condition, self._scope(table))
        before = connection.execute(select(table).where(condition).with_for_update()).first()
        result = connection.execute(update(table).where(condition).values(**_row_values(saved)))
        if result.rowcount == 0 or before is None:
            still_there = connection.execute(
                select(table.c.id).where(table.c.id == opened.id)
            ).first()
            if still_there is None:
                raise NotFound(f"This {opened.label.lower()} was deleted meanwhile.")
            raise EditConflict(
                f"This {opened.label.lower()} was changed by someone else after you opened it. "
                "Your edit was not saved; reload to see the latest version."
            )
        self._keep_version(
            connection, _record_from_row(type(opened), dict(before._mapping)), change, by
        )
        _bump(connection, self.id)

    def _keep_version(
        self, connection: Connection, previous: Record, change: str, by: uuid.UUID | None
    ) -> None:
        """Write `previous` to the history (kinds without history keep nothing)."""
        if previous.table not in VERSIONED_TABLES:
            return
        if by is not None:
            members = _table(FamilyMember)
            mine = connection.execute(
                select(members.c.id).where(members.c.id == by, self._scope(members))
            ).first()
            if mine is None:
                raise WrongHousehold("That family member is not in this family; nothing was saved.")
        version = EntryVersion(
            household_id=self.id,
            record_table=previous.table,
            record_id=previous.id,
            record_version=previous.version,
            change=change,
            data=previous.model_dump_json(),
            logged_by=by,
        )
        connection.execute(insert(entry_versions).values(**_row_values(version)))

    def delete(
        self, record_type: type[R], record_id: uuid.UUID | str, by: uuid.UUID | None = None
    ) -> R:
        """Delete one record and return it, so the caller can offer undo.

        Its last version stays in the history (until the family is deleted), so nothing a
        family wrote is lost to a slip; `by` is who deleted it.
        """
        table = _table(record_type)
        record_id = uuid.UUID(str(record_id))
        mine = and_(table.c.id == record_id, self._scope(table))
        with self.store.writing(self.id) as connection:
            row = connection.execute(select(table).where(mine).with_for_update()).first()
            if row is None:
                raise NotFound(f"This {record_type.label.lower()} no longer exists.")
            self._refuse_if_pointed_at(connection, table, record_id, record_type.label)
            record = _record_from_row(record_type, dict(row._mapping))
            connection.execute(delete(table).where(mine))
            self._keep_version(connection, record, "deleted", by)
            _bump(connection, self.id)
        return record

    def _refuse_if_pointed_at(
        self, connection: Connection, table: Table, record_id: uuid.UUID, label: str
    ) -> None:
        """Deleting a plan, an option or an activity would cascade to (or unlink) the entries
        logged against it, and those keep no history of that, so such a delete is refused."""
        for child in TABLES.values():
            for key in child.foreign_keys:
                if key.column.table is not table or child is entry_versions:
                    continue
                column = key.parent
                found = connection.execute(
                    select(func.count()).where(column == record_id, self._scope(child))
                ).scalar_one()
                if found:
                    raise HasDependents(
                        f"This {label.lower()} has {found} "
                        f"{'entry' if found == 1 else 'entries'} logged against it, so it was not "
                        "deleted. Archive it, or delete those entries first; nothing was changed."
                    )

    def restore(self, record: Record) -> Record:
        """Undo a delete: put the record back exactly as it was (twice changes nothing).

        The copy the delete left in the history is the entry itself again, so it goes.
        """
        self._check_owner(record)
        if self.store.existing_ids(type(record), [record.id]):
            return record
        history = entry_versions
        try:
            with self.store.writing(self.id) as connection:
                self.store.insert_records([record], connection)
                connection.execute(
                    delete(history).where(
                        self._scope(history),
                        history.c.record_table == record.table,
                        history.c.record_id == record.id,
                        history.c.record_version == record.version,
                        history.c.change == "deleted",
                    )
                )
        except IntegrityError:
            raise _clash(
                record,
                f"This {record.label.lower()} could not be put back: another entry was logged "
                "for the same day since. Nothing was changed.",
            ) from None
        return record

    # -- entry history --------------------------------------------------------------------

    def versions(self, record_type: type[Record], record_id: uuid.UUID | str) -> list[EntryVersion]:
        """A record's earlier versions, newest first (none for kinds that keep no history)."""
        history = entry_versions
        query = (
            select(history)
            .where(
                self._scope(history),
                history.c.record_table == record_type.table,
                history.c.record_id == uuid.UUID(str(record_id)),
            )
            .order_by(history.c.record_version.desc(), history.c.created_at.desc())
        )
        with self.store.reading(self.id) as connection:
            rows = connection.execute(query)
            return [_record_from_row(EntryVersion, dict(row._mapping)) for row in rows]

    def deleted(self, record_type: type[Record], limit: int) -> list[EntryVersion]:
        """The newest deleted entries of one kind that have not been put back, newest first.

        A delete leaves the entry's last version in the history and undo removes it again, so
        what is left is exactly what can still be put back.
        """
        history = entry_versions
        query = (
            select(history)
            .where(
                self._scope(history),
                history.c.record_table == record_type.table,
                history.c.change == "deleted",
            )
            .order_by(history.c.created_at.desc())
            .limit(limit)
        )
        with self.store.reading() as connection:
            rows = connection.execute(query)
            return [_record_from_row(EntryVersion, dict(row._mapping)) for row in rows]

    def restore_version(
        self, version: EntryVersion, opened: Record | None, by: uuid.UUID | None = None
    ) -> Record:
        """Bring back an earlier version of an entry, exactly as it was.

        `opened` is the entry as the person sees it now: restoring is an edit of it, checked
        against its version (EditConflict if it changed meanwhile), and the version it
        replaces goes to the history too, so a restore can itself be undone. With `opened`
        None the entry was deleted, and the version is put back as a new latest version.
        """
        if version.household_id != self.id:
            raise WrongHousehold("That version belongs to another household; nothing was saved.")
        earlier = version.entry()
        record_type = type(earlier)
        if opened is None:
            newest = max(v.record_version for v in self.versions(record_type, earlier.id))
            back = validate_record(
                record_type,
                {**earlier.model_dump(), "version": newest + 1, "updated_at": datetime.now(UTC)},
            )
            try:
                return self.add(back)
            except IntegrityError:
                raise _clash(
                    back,
                    f"This {back.label.lower()} could not be put back: it is back already, or "
                    "another entry was logged for the same day since. Nothing was changed.",
                ) from None
        if (type(opened), opened.id) != (record_type, earlier.id):
            raise StoreError("That version belongs to another entry; nothing was changed.")
        restoring = validate_record(
            record_type, {**earlier.model_dump(), "version": opened.version}
        )
        return self._update(restoring, (), by, "restored")

    def latest_checkin_values(self, loved_one_id: uuid.UUID | None = None) -> DailyCheckin | None:
        """Yesterday's answers (about the same loved one) make good defaults for today's form."""
        newest = self.newest(DailyCheckin, 1, loved_one_id)
        return newest[0] if newest else None


# Records with one entry per day (and per loved one or family member), and whose it is.
ONE_PER_DAY = (DailyCheckin, CaregiverCheckin)
OWNER_FIELD: dict[type[Record], str] = {
    DailyCheckin: "loved_one_id",
    CaregiverCheckin: "family_member_id",
}


def _clash(record: Record, same_day_message: str) -> StoreError:
    """Name the clash a person can fix (a day already logged); never guess at others."""
    if isinstance(record, ONE_PER_DAY):
        return AlreadyLogged(same_day_message)
    return StoreError(
        f"This {record.label.lower()} clashes with one already stored; nothing was saved."
    )


def owns_the_tables(engine: Engine) -> bool:
    """Whether this connection's role could read past row-level security: a superuser, a
    role with BYPASSRLS, or the owner of the tables. Always true for SQLite (no roles)."""
    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as connection:
        return bool(
            connection.scalar(
                text(
                    "SELECT r.rolsuper OR r.rolbypassrls OR EXISTS ("
                    " SELECT 1 FROM pg_tables t WHERE t.tablename = 'households'"
                    " AND t.tableowner = current_user)"
                    " FROM pg_roles r WHERE r.rolname = current_user"
                )
            )
        )


def integrity_ok(engine: Engine) -> bool:
    """SQLite's own check of the file; always true elsewhere."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        return connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
