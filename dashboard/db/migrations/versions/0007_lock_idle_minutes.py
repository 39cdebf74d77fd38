"""privacy lock: minutes idle before it locks again

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lock_idle_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("lock_idle_minutes")
