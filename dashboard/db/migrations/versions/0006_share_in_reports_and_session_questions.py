"""share in reports: a flag on every note, and questions for the care team

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 03:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Every table with a note: existing notes stay private (false) until the family shares one.
NOTE_TABLES = (
    "daily_checkins",
    "treatment_events",
    "caregiver_checkins",
    "boundary_status_changes",
    "craft_responses",
    "treatment_options",
    "treatment_invitations",
    "activity_occasions",
)


def upgrade() -> None:
    for table in NOTE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "share_in_reports", sa.Boolean(), nullable=False, server_default=sa.false()
                )
            )
    op.create_table(
        "session_questions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("loved_one_id", sa.Uuid(), nullable=False),
        sa.Column("range_start", sa.Date(), nullable=False),
        sa.Column("range_end", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["loved_one_id"], ["loved_ones.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["logged_by"], ["family_members.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("session_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_questions_household_id"), ["household_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("session_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_questions_household_id"))
    op.drop_table("session_questions")
    for table in reversed(NOTE_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("share_in_reports")
