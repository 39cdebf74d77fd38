"""The head revision the app checks without Alembic is the one Alembic finds."""

from __future__ import annotations

from dashboard.db.migrate import HEAD_REVISION, head_revision


def test_the_stored_head_is_the_newest_migration() -> None:
    assert head_revision() == HEAD_REVISION
