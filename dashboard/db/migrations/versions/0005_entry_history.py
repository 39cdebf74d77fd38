"""entry history: earlier versions of every entry

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("record_table", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("logged_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["household_id"], ["households.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["logged_by"], ["family_members.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entry_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entry_versions_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index("ix_entry_versions_record", ["record_table", "record_id"])


def downgrade() -> None:
    with op.batch_alter_table("entry_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_entry_versions_record")
        batch_op.drop_index(batch_op.f("ix_entry_versions_household_id"))

    op.drop_table("entry_versions")
