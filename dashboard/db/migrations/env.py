"""Alembic environment: runs on the connection Harbor hands it, never on its own URL."""

from __future__ import annotations

from alembic import context

from dashboard.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - Harbor always passes a connection
    raise RuntimeError("Run migrations through dashboard.db.migrate, which passes a connection.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
