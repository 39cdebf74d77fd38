"""Database layer: engine, schema and migrations."""

from dashboard.db.engine import make_engine
from dashboard.db.migrate import upgrade_to_head
from dashboard.db.schema import metadata

__all__ = ["make_engine", "metadata", "upgrade_to_head"]
