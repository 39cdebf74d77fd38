"""dates after 2200: moved to 31 Dec 2200, the date before kept in the entry's history

Harbor once let a planned event, a review or an activity date be set in any year; pandas
cannot hold a date after 2262, so such a row could not be drawn or even loaded. Records
now stop at 31 Dec 2200 (dashboard/records.py LATEST_DATE). This moves the few dates an
older Harbor stored beyond that to the limit, and keeps each row as it was in
entry_versions ("moved"), in the same transaction, so nothing the family typed is lost.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 06:50:00.000000
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LATEST = date(2200, 12, 31)
# Frozen here: the only columns that ever accepted a date in the future (AnyDate).
LATE_COLUMNS = {
    "treatment_events": ("start_date", "end_date"),
    "boundary_plans": ("review_date",),
    "activity_occasions": ("day",),
    "session_questions": ("range_start", "range_end"),
}


def _json(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _table(name: str, connection: sa.Connection) -> sa.Table:
    """The table as it is, with its ids read as UUIDs (SQLite reflects them as CHAR(32))."""
    found = sa.Table(name, sa.MetaData(), autoload_with=connection)
    names = [c.name for c in found.columns]
    ids = {"id", "logged_by"} | {name for name in names if name.endswith("_id")}
    return sa.Table(
        name,
        sa.MetaData(),
        *(sa.Column(c.name, sa.Uuid() if c.name in ids else c.type) for c in found.columns),
    )


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        # Row-level security holds the owner too; the owner's crossing policy lets this
        # one migration see every family's rows (dashboard/db/rls.py).
        connection.execute(sa.text("SELECT set_config('harbor.crossing', 'on', true)"))
    versions = _table("entry_versions", connection)
    now = datetime.now(UTC)
    for name, columns in LATE_COLUMNS.items():
        table = _table(name, connection)
        late = sa.or_(*(table.c[column] > LATEST for column in columns))
        for row in connection.execute(sa.select(table).where(late)).mappings().all():
            connection.execute(
                versions.insert().values(
                    id=uuid.uuid4(),
                    created_at=now,
                    updated_at=now,
                    version=1,
                    household_id=row["household_id"],
                    record_table=name,
                    record_id=row["id"],
                    record_version=row["version"],
                    change="moved",
                    data=json.dumps({k: _json(v) for k, v in row.items()}, ensure_ascii=False),
                    logged_by=None,
                )
            )
            moved = {c: LATEST for c in columns if row[c] is not None and row[c] > LATEST}
            connection.execute(
                table.update()
                .where(table.c.id == row["id"])
                .values(**moved, version=row["version"] + 1, updated_at=now)
            )


def downgrade() -> None:
    """Nothing to undo: the dates before are in each entry's history."""
