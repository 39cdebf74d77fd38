"""hosted mode: memberships, invitations, audit, group opt-ins, and row-level security

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 03:30:00.000000

On PostgreSQL, every family table gets row-level security enabled and forced, with
policies that fail closed (see dashboard/db/rls.py). SQLite is unaffected.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dashboard.db.rls import disable_row_security, enable_row_security

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen here: the family tables as of this revision (a later table adds its own policy).
FAMILY_TABLES = (
    "households",
    "family_members",
    "loved_ones",
    "treatment_options",
    "boundary_plans",
    "caregiver_checkins",
    "craft_responses",
    "daily_checkins",
    "entry_versions",
    "module_reads",
    "small_wins",
    "sober_activities",
    "treatment_events",
    "treatment_invitations",
    "warning_sign_ticks",
    "activity_occasions",
    "boundary_status_changes",
    "session_questions",
    "memberships",
    "invitations",
    "audit_events",
    "group_opt_ins",
)


def _household_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "memberships",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invitation_id", sa.Uuid(), nullable=True),
        _household_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("household_id", "issuer", "subject", name="uq_memberships_person"),
    )
    op.create_index("ix_memberships_household_id", "memberships", ["household_id"])
    op.create_index("ix_memberships_identity", "memberships", ["issuer", "subject"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        _household_fk(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_index("ix_invitations_household_id", "invitations", ["household_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        _household_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_events_household_id", "audit_events", ["household_id"])
    op.create_table(
        "group_opt_ins",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _household_fk(),
        sa.PrimaryKeyConstraint("household_id"),
    )
    enable_row_security(op.get_bind(), FAMILY_TABLES)


def downgrade() -> None:
    disable_row_security(op.get_bind(), FAMILY_TABLES)
    op.drop_table("group_opt_ins")
    op.drop_index("ix_audit_events_household_id", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index("ix_invitations_household_id", table_name="invitations")
    op.drop_table("invitations")
    op.drop_index("ix_memberships_identity", table_name="memberships")
    op.drop_index("ix_memberships_household_id", table_name="memberships")
    op.drop_table("memberships")
