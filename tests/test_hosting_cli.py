"""`harbor hosting init` sets up a hosted database as its owner, and says plainly what is wrong."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from dashboard.cli import main
from dashboard.db.migrate import HEAD_REVISION

pytestmark = pytest.mark.postgres


def test_init_migrates_creates_the_role_and_prints_the_url(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    role = f"app_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("HARBOR_ADMIN_DATABASE_URL", postgres_database)
    monkeypatch.setenv("HARBOR_APP_PASSWORD", "s3cret")
    assert main(["hosting", "init", "--app-role", role]) == 0
    assert main(["hosting", "init", "--app-role", role]) == 0  # again: nothing to do
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0] == lines[1]
    url = lines[0].removeprefix("HARBOR_DATABASE_URL=")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        me = connection.execute(
            sa.text(
                "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        version = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            connection.execute(sa.text("CREATE TABLE sneaky (id int)"))
    engine.dispose()
    assert tuple(me) == (role, False, False)
    assert version == HEAD_REVISION


@pytest.mark.parametrize(
    ("argv", "password", "problem"),
    [
        (["--app-role", "Bad Name;"], "pw", "--app-role"),
        (["--app-role", "harbor_app"], "", "HARBOR_APP_PASSWORD"),
        (["--app-role", "postgres"], "pw", "superuser"),
    ],
)
def test_init_refuses_bad_input_in_one_line(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch, capsys, argv, password, problem
) -> None:
    monkeypatch.setenv("HARBOR_ADMIN_DATABASE_URL", postgres_database)
    monkeypatch.setenv("HARBOR_APP_PASSWORD", password)
    assert main(["hosting", "init", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and problem in err


def test_hosting_needs_the_admin_url(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.delenv("HARBOR_ADMIN_DATABASE_URL", raising=False)
    assert main(["hosting", "init", "--app-role", "harbor_app"]) == 2
    assert "HARBOR_ADMIN_DATABASE_URL" in capsys.readouterr().err
