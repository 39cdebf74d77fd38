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

from dashboard.records import (
    CONTENT_ID_MAX_CHARS,
    LOCK_HASH_MAX_CHARS,
    NAME_MAX_CHARS,
    PHONE_MAX_CHARS,
    RECORD_TABLE_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
    TIMEZONE_MAX_CHARS,
    TITLE_MAX_CHARS,
    WIN_TEXT_MAX_CHARS,
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


def _household_key() -> Column:
    """A table with one row per household: the household is its key."""
    return Column(
        "household_id",
        Uuid,
        ForeignKey("households.id", ondelete="CASCADE"),
        primary_key=True,
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
    Column("name", String(NAME_MAX_CHARS), nullable=False),
    Column("region", String(2), nullable=False),
    Column("is_demo", Boolean, nullable=False, default=False),
    Column("lock_hash", String(LOCK_HASH_MAX_CHARS), nullable=True),
    Column("lock_idle_minutes", Integer, nullable=True),
    # Bumped by every write, so caches keyed by it never serve stale figures.
    Column("data_version", Integer, nullable=False, default=0),
)

loved_ones = Table(
    "loved_ones",
    metadata,
    *_common(),
    _household_fk(),
    Column("display_name", String(NAME_MAX_CHARS), nullable=False),
    Column("substance", String(NAME_MAX_CHARS), nullable=False),
    Column("timezone", String(TIMEZONE_MAX_CHARS), nullable=False),
)

family_members = Table(
    "family_members",
    metadata,
    *_common(),
    _household_fk(),
    Column("display_name", String(NAME_MAX_CHARS), nullable=False),
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
    Column("share_in_reports", Boolean, nullable=False, default=False),
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
    Column("title", String(TITLE_MAX_CHARS), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("status", String(16), nullable=False),
    Column("notes", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
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
    Column("text", String(WIN_TEXT_MAX_CHARS), nullable=False),
    Column("source", String(8), nullable=False),
    Column("rule", String(CONTENT_ID_MAX_CHARS), nullable=True),
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
    Column("self_care_note", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("notes", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
    UniqueConstraint("family_member_id", "day", name="uq_caregiver_checkins_member_day"),
)

module_reads = Table(
    "module_reads",
    metadata,
    *_common(),
    _household_fk(),
    _owning_member_fk(),
    Column("module_id", String(CONTENT_ID_MAX_CHARS), nullable=False),
    Column("day", Date, nullable=False),
    UniqueConstraint("family_member_id", "module_id", name="uq_module_reads_member_module"),
)

warning_sign_ticks = Table(
    "warning_sign_ticks",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("sign_id", String(CONTENT_ID_MAX_CHARS), nullable=False),
    Column("day", Date, nullable=False),
    _member_fk("logged_by"),
    UniqueConstraint("loved_one_id", "sign_id", "day", name="uq_warning_sign_ticks_sign_day"),
)


def _parent_fk(name: str, parent: str, nullable: bool = False) -> Column:
    """A record that belongs to another one: gone with it, or unlinked if optional."""
    return Column(
        name,
        Uuid,
        ForeignKey(f"{parent}.id", ondelete="SET NULL" if nullable else "CASCADE"),
        nullable=nullable,
    )


boundary_plans = Table(
    "boundary_plans",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("area", String(24), nullable=False),
    Column("tip_id", String(CONTENT_ID_MAX_CHARS), nullable=True),
    Column("boundary", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("why_it_matters", Text, nullable=False),
    Column("if_crossed", Text, nullable=False),
    Column("how_to_say_it", Text, nullable=False),
    Column("plan_date", Date, nullable=False),
    Column("review_date", Date, nullable=True),
    Column("archived", Boolean, nullable=False),
    _member_fk("logged_by"),
)

boundary_status_changes = Table(
    "boundary_status_changes",
    metadata,
    *_common(),
    _household_fk(),
    _parent_fk("plan_id", "boundary_plans"),
    Column("day", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
    _member_fk("logged_by"),
    Index("ix_boundary_status_changes_household_day", "household_id", "day"),
)

craft_responses = Table(
    "craft_responses",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("day", Date, nullable=False),
    Column("saw", String(16), nullable=False),
    Column("did", String(24), nullable=False),
    Column("what_i_did", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("what_happened", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
    Column("how_i_felt", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    _member_fk("logged_by"),
    Index("ix_craft_responses_household_day", "household_id", "day"),
)

treatment_options = Table(
    "treatment_options",
    metadata,
    *_common(),
    _household_fk(),
    Column("name", String(TITLE_MAX_CHARS), nullable=False),
    Column("phone", String(PHONE_MAX_CHARS), nullable=False),
    Column("hours", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("cost_notes", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("notes", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
)

treatment_invitations = Table(
    "treatment_invitations",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("plan_date", Date, nullable=False),
    Column("window_signs", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    _parent_fk("option_id", "treatment_options", nullable=True),
    Column("words", Text, nullable=False),
    Column("if_no", Text, nullable=False),
    Column("asked_on", Date, nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("outcome_note", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
    _member_fk("logged_by"),
)

sober_activities = Table(
    "sober_activities",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("title", String(TITLE_MAX_CHARS), nullable=False),
    Column("why_it_helps", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("competes_with", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("cost_notes", String(SHORT_TEXT_MAX_CHARS), nullable=False),
    Column("archived", Boolean, nullable=False),
    _member_fk("logged_by"),
)

activity_occasions = Table(
    "activity_occasions",
    metadata,
    *_common(),
    _household_fk(),
    _parent_fk("activity_id", "sober_activities"),
    Column("day", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("share_in_reports", Boolean, nullable=False, default=False),
    _member_fk("logged_by"),
)

session_questions = Table(
    "session_questions",
    metadata,
    *_common(),
    _household_fk(),
    _loved_one_fk(),
    Column("range_start", Date, nullable=False),
    Column("range_end", Date, nullable=False),
    Column("text", Text, nullable=False),
    _member_fk("logged_by"),
)

# Earlier versions of entries (see records.EntryVersion). record_id names a row of
# record_table without a foreign key: a deleted entry's last version stays here, and goes
# only with its household.
entry_versions = Table(
    "entry_versions",
    metadata,
    *_common(),
    _household_fk(),
    Column("record_table", String(RECORD_TABLE_MAX_CHARS), nullable=False),
    Column("record_id", Uuid, nullable=False),
    Column("record_version", Integer, nullable=False),
    Column("change", String(16), nullable=False),
    Column("data", Text, nullable=False),
    _member_fk("logged_by"),
    Index("ix_entry_versions_record", "record_table", "record_id"),
)


# -- hosted mode (see dashboard/access.py) ----------------------------------------------------
# Who may open a household: one row per signed-in person (OpenID issuer + subject) and
# household. Not family records: backups leave them out, and they go with their household.
IDENTITY_MAX_CHARS = 255
memberships = Table(
    "memberships",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    _household_fk(),
    Column("issuer", String(IDENTITY_MAX_CHARS), nullable=False),
    Column("subject", String(IDENTITY_MAX_CHARS), nullable=False),
    Column("role", String(16), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("invitation_id", Uuid, nullable=True),
    UniqueConstraint("household_id", "issuer", "subject", name="uq_memberships_person"),
    Index("ix_memberships_identity", "issuer", "subject"),
)

# One-time codes a caregiver hands to a therapist; only a hash of the code is stored.
invitations = Table(
    "invitations",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    _household_fk(),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

# Sign-ins, grants, revokes, exports and deletions. Never note text: actions and ids only.
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column(
        "household_id",
        Uuid,
        ForeignKey("households.id", ondelete="CASCADE"),
        nullable=True,
        index=True,
    ),
    Column("actor", String(IDENTITY_MAX_CHARS), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", String(200), nullable=False, default=""),
)

# Families that agreed to count in a facilitator's anonymous group totals.
group_opt_ins = Table(
    "group_opt_ins",
    metadata,
    _household_key(),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Wrong passphrases in a row, per household (dashboard.lock.Throttle). In the database, not in
# one process, so every replica and restart counts the same tries. Not in backups: restoring
# a count of wrong tries would only lock a family out, or let a guesser start afresh.
passphrase_tries = Table(
    "passphrase_tries",
    metadata,
    _household_key(),
    Column("failures", Integer, nullable=False),
    # Wall-clock UTC, so every replica reads the same moment.
    Column("blocked_until", DateTime(timezone=True), nullable=False),
)

# Hosted mode: a signed-in facilitator's own notes and "run" marks (dashboard.facilitation).
# They belong to a person (issuer + subject), not to a family: row-level security reads the
# person settings, and no family backup holds them. Notes are append-only versions.
facilitator_notes = Table(
    "facilitator_notes",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("issuer", String(IDENTITY_MAX_CHARS), nullable=False),
    Column("subject", String(IDENTITY_MAX_CHARS), nullable=False),
    Column("session_number", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Index("ix_facilitator_notes_person", "issuer", "subject", "session_number"),
)

facilitator_runs = Table(
    "facilitator_runs",
    metadata,
    Column("issuer", String(IDENTITY_MAX_CHARS), primary_key=True),
    Column("subject", String(IDENTITY_MAX_CHARS), primary_key=True),
    Column("session_number", Integer, primary_key=True),
    Column("day", Date, nullable=False),
)

# Tables owned by a signed-in person rather than a household (row-level security by person).
PERSON_TABLES: tuple[str, ...] = ("facilitator_notes", "facilitator_runs")

# Tables hosted mode writes through dashboard/access.py (which checks their lengths), not
# family records: no pydantic record, no backup, no import.
HOSTING_TABLES: tuple[str, ...] = (
    "memberships",
    "invitations",
    "audit_events",
    "group_opt_ins",
    "passphrase_tries",
    *PERSON_TABLES,
)

TABLES: dict[str, Table] = {table.name: table for table in metadata.sorted_tables}
