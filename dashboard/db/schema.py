"""The tables, as SQLAlchemy Core. Alembic migrations create them; this mirrors head."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

metadata = MetaData()


def _common() -> list[Column]:
    return [
        Column("id", Uuid, primary_key=True),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("version", Integer, nullable=False, default=1),
    ]


def _household_fk() -> Column:
    return Column(
        "household_id",
        Uuid,
        ForeignKey("households.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _member_fk(name: str, nullable: bool = True) -> Column:
    return Column(
        name, Uuid, ForeignKey("family_members.id", ondelete="SET NULL"), nullable=nullable
    )


def _owning_member_fk() -> Column:
    """The family member a record is about (their own check-in or reading)."""
    return Column(
        "family_member_id",
        Uuid,
        ForeignKey("family_members.id", ondelete="CASCADE"),
        nullable=False,
    )


def _loved_one_fk() -> Column:
    return Column(
        "loved_one_id", Uuid, ForeignKey("loved_ones.id", ondelete="CASCADE"), nullable=False
    )


households = Table(
    "households",
    metadata,
    *_common(),
    Column("name", String(80), nullable=False),
    Column("region", String(2), nullable=False),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("lock_hash", String(200), nullable=True),
    # Bumped by every write, so caches keyed by it never serve stale figures.
    Column("data_version", Integer, nullable=False, default=0),
)

loved_ones = Table(
    "loved_ones",
    metadata,
    *_common(),
    _household_fk(),
    Column("display_name", String(80), nullable=False),
    Column("substance", String(80), nullable=False),
    Column("timezone", String(64), nullable=False),
)

family_members = Table(
    "family_members",
    metadata,
    *_common(),
    _household_fk(),
    Column("display_name", String(80), nullable=False),
    Column("relationship", String(16), nullable=False),
)

daily_checkins = Table(
    "daily_checkins",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("day", Date, nullable=False),
    Column("observed_use", String(16), nullable=False),
    Column("mood", Integer, nullable=False),
    Column("sleep", Integer, nullable=False),
    Column("attended_treatment", Boolean, nullable=False),
    Column("craving", Integer, nullable=True),
    Column("urinary_symptoms", Boolean, nullable=False),
    Column("notes", Text, nullable=False),
    _member_fk("logged_by"),
    UniqueConstraint("loved_one_id", "day", name="uq_daily_checkins_loved_one_day"),
)

treatment_events = Table(
    "treatment_events",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("kind", String(32), nullable=False),
    Column("title", String(120), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("status", String(16), nullable=False),
    Column("notes", Text, nullable=False),
    _member_fk("logged_by"),
    Index("ix_treatment_events_household_start", "household_id", "start_date"),
)

small_wins = Table(
    "small_wins",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("day", Date, nullable=False),
    Column("category", String(16), nullable=False),
    Column("text", String(500), nullable=False),
    Column("source", String(8), nullable=False),
    Column("rule", String(80), nullable=True),
    _member_fk("logged_by"),
    Index("ix_small_wins_household_day", "household_id", "day"),
)

caregiver_checkins = Table(
    "caregiver_checkins",
    metadata,
    *_common(),
    _household_fk(),
    _owning_member_fk(),
    Column("day", Date, nullable=False),
    Column("stress", Integer, nullable=False),
    Column("sleep", Integer, nullable=False),
    Column("self_care_done", Boolean, nullable=False),
    Column("self_care_note", String(500), nullable=False),
    Column("notes", Text, nullable=False),
    UniqueConstraint("family_member_id", "day", name="uq_caregiver_checkins_member_day"),
)

module_reads = Table(
    "module_reads",
    metadata,
    *_common(),
    _household_fk(),
    _owning_member_fk(),
    Column("module_id", String(80), nullable=False),
    Column("day", Date, nullable=False),
    UniqueConstraint("family_member_id", "module_id", name="uq_module_reads_member_module"),
)

warning_sign_ticks = Table(
    "warning_sign_ticks",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("sign_id", String(80), nullable=False),
    Column("day", Date, nullable=False),
    _member_fk("logged_by"),
    UniqueConstraint("loved_one_id", "sign_id", "day", name="uq_warning_sign_ticks_sign_day"),
)

TABLES: dict[str, Table] = {table.name: table for table in metadata.sorted_tables}
