"""Schema migrations through Alembic, with a safety backup before any change."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration. Checking a database against it needs no Alembic import, so a page
# starts without loading Alembic when the schema is already current (tests tie the two).
HEAD_REVISION = "0010"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The head as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None for an empty one), read with plain SQL."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine, backup_dir: Path | None = None) -> str | None:
    """Bring the schema to head. Returns the path of the safety backup, if one was taken."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    if current is None and _is_empty(engine):
        create_at_head(engine)
        return None
    backup_path = None
    if current is not None and backup_dir is not None:
        backup_path = safety_copy(engine, backup_dir, f"before-{current}")
    _run(engine, "upgrade", "head")
    return backup_path


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as connection:
        return not inspect(connection).get_table_names()


def create_at_head(engine: Engine) -> None:
    """A brand-new database gets the head schema at once, stamped as head, in one transaction.

    The same as running every migration (tests compare the two), without loading Alembic,
    so a family's first page opens sooner.
    """
    from dashboard.db.rls import enable_person_security, enable_row_security, head_family_tables
    from dashboard.db.schema import PERSON_TABLES, metadata

    with engine.begin() as connection:
        metadata.create_all(connection)
        enable_row_security(connection, head_family_tables())
        enable_person_security(connection, PERSON_TABLES)
        connection.execute(
            text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        )
        connection.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:head)"),
            {"head": HEAD_REVISION},
        )


def downgrade(engine: Engine, revision: str = "base") -> None:
    _run(engine, "downgrade", revision)


def _run(engine: Engine, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def safety_copy(engine: Engine, backup_dir: Path, reason: str) -> str | None:
    """Copy the SQLite file before a risky change; other databases have their own tools."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"harbor-{reason}-{stamp}.db"
    snapshot_sqlite(Path(database), target)
    return str(target)


def snapshot_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API, safe while the app is writing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()
