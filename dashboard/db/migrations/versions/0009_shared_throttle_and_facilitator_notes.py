"""state every replica shares: wrong-passphrase tries, and facilitators' notes by person

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 06:15:00.000000

`passphrase_tries` is a family table (row-level security by household, enabled and
forced). `facilitator_notes` and `facilitator_runs` belong to a signed-in person: their own
policy reads harbor.issuer and harbor.subject and fails closed. The lookup policies of
memberships and invitations fail closed on an empty setting too. SQLite is unaffected.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dashboard.db.rls import (
    create_lookup_policies,
    disable_person_security,
    disable_row_security,
    enable_person_security,
    enable_row_security,
)

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Frozen here, as in 0008: the tables this revision adds policies for.
FAMILY_TABLES = ("passphrase_tries",)
PERSON_TABLES = ("facilitator_notes", "facilitator_runs")
# 0008's lookup policies compared with the setting as it stood, so a '' left by an earlier
# transaction matched rows with an empty issuer and subject; this revision adds NULLIF.
LOOKUP_TABLES = ("memberships", "invitations")
BEFORE_0009 = {
    "memberships": (
        "harbor_own_identity",
        "issuer = current_setting('harbor.issuer', true) "
        "AND subject = current_setting('harbor.subject', true)",
    ),
    "invitations": (
        "harbor_invitation_code",
        "code_hash = current_setting('harbor.invitation', true)",
    ),
}
AFTER_0009 = {
    "memberships": (
        "harbor_own_identity",
        "issuer = NULLIF(current_setting('harbor.issuer', true), '') "
        "AND subject = NULLIF(current_setting('harbor.subject', true), '')",
    ),
    "invitations": (
        "harbor_invitation_code",
        "code_hash = NULLIF(current_setting('harbor.invitation', true), '')",
    ),
}


def upgrade() -> None:
    op.create_table(
        "passphrase_tries",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("household_id"),
    )
    op.create_table(
        "facilitator_notes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("session_number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_facilitator_notes_person",
        "facilitator_notes",
        ["issuer", "subject", "session_number"],
    )
    op.create_table(
        "facilitator_runs",
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("session_number", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("issuer", "subject", "session_number"),
    )
    bind = op.get_bind()
    enable_row_security(bind, FAMILY_TABLES)
    enable_person_security(bind, PERSON_TABLES)
    create_lookup_policies(bind, LOOKUP_TABLES, AFTER_0009)


def downgrade() -> None:
    bind = op.get_bind()
    create_lookup_policies(bind, LOOKUP_TABLES, BEFORE_0009)
    disable_person_security(bind, PERSON_TABLES)
    disable_row_security(bind, FAMILY_TABLES)
    op.drop_table("facilitator_runs")
    op.drop_index("ix_facilitator_notes_person", table_name="facilitator_notes")
    op.drop_table("facilitator_notes")
    op.drop_table("passphrase_tries")
