"""Alembic migrations upgrade an empty database to head and back, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from dashboard.db import make_engine
from dashboard.db.migrate import current_revision, downgrade, head_revision, upgrade_to_head
from dashboard.db.schema import metadata
from dashboard.store import NewFamily, Store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrate.db'}"
    return request.getfixturevalue("postgres_database")


def test_upgrade_to_head_then_downgrade_to_base(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    assert current_revision(engine) is None
    upgrade_to_head(engine, backup_dir=tmp_path / "backups")
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_head_schema_matches_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_a_schema_change_is_preceded_by_a_readable_backup(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade_to_head(engine)
    downgrade(engine, "0001")
    backup = upgrade_to_head(engine, backup_dir=tmp_path / "backups")
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert backup is not None and "before-0001" in backup
    copy = make_engine(f"sqlite:///{backup}")
    assert current_revision(copy) == "0001"
    assert {"households", "daily_checkins"} <= set(inspect(copy).get_table_names())
    copy.dispose()


def test_nothing_to_do_at_head_takes_no_backup(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert upgrade_to_head(engine, backup_dir=tmp_path / "backups") is None
    assert upgrade_to_head(engine, backup_dir=tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()
    engine.dispose()


def test_every_migration_from_empty_gives_the_models_schema(database_url: str) -> None:
    """A new database is created at head in one step; running every migration must agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from dashboard.db.migrate import _run

    engine = make_engine(database_url)
    _run(engine, "upgrade", "head")
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert differences == []


def test_a_new_database_is_created_at_head_without_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from dashboard.db import make_engine\n"
        "from dashboard.db.migrate import current_revision, upgrade_to_head, HEAD_REVISION\n"
        f"engine = make_engine('sqlite:///{tmp_path / 'fresh.db'}')\n"
        "upgrade_to_head(engine)\n"
        "assert current_revision(engine) == HEAD_REVISION\n"
        "print('alembic' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert shown == "False"


def test_a_date_after_2200_is_moved_to_the_limit_and_the_old_row_kept(
    store: Store, tmp_path: Path
) -> None:
    """An older Harbor accepted any year for a planned event; pandas stops in 2262."""
    from datetime import date

    from sqlalchemy import update

    from dashboard.db.schema import treatment_events
    from dashboard.records import LATEST_DATE, RecordInvalid, TreatmentEvent

    family = store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    event = family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            kind="outpatient",
            title="Review far ahead",
            start_date=date(2030, 1, 1),
            end_date=date(2030, 1, 2),
            status="planned",
            notes="Kept word for word",
        )
    )
    with store.engine.begin() as connection:  # as the older Harbor stored it
        connection.execute(
            update(treatment_events)
            .where(treatment_events.c.id == event.id)
            .values(start_date=date(2263, 5, 1), end_date=date(9999, 12, 31))
        )
    downgrade(store.engine, "0009")
    upgrade_to_head(store.engine, backup_dir=tmp_path / "backups")

    (moved,) = family.newest(TreatmentEvent, 10)
    assert (moved.start_date, moved.end_date) == (LATEST_DATE, LATEST_DATE)
    assert moved.notes == "Kept word for word" and moved.version == event.version + 1
    (kept,) = family.versions(TreatmentEvent, event.id)
    assert kept.change == "moved" and kept.record_version == event.version
    assert '"start_date": "2263-05-01"' in kept.data and '"end_date": "9999-12-31"' in kept.data
    with pytest.raises(RecordInvalid, match="2200-12-31"):  # shown, never restored
        kept.entry()
