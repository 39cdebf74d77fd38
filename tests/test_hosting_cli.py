"""`harbor hosting init` sets up a hosted database as its owner, and says plainly what is wrong."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import access
from dashboard.cli import main
from dashboard.config import Settings
from dashboard.db.migrate import HEAD_REVISION
from dashboard.store import NewFamily, Store

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


@pytest.fixture
def hosted_family(hosted_database, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A family signed up in a hosted database; the command line connects as the app role."""
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.app_url)
    store = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
    household = access.sign_up(
        store, access.Person("https://id.example.test", "carol"), NewFamily("Carol's", "Robin", "C")
    )
    yield store, household
    store.engine.dispose()


@pytest.mark.parametrize("as_owner", [False, True])
def test_report_in_hosted_mode_names_one_family_and_is_audited(
    hosted_family, hosted_database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_owner
) -> None:
    store, household = hosted_family
    if as_owner:
        monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.admin_url)
    out = tmp_path / "report.html"
    assert main(["report", "--household", str(household), "--out", str(out)]) == 0
    assert "Robin" in out.read_text(encoding="utf-8")
    [export] = [e for e in access.audit_list(store, household) if e.action == "export"]
    assert export.actor.startswith("command line") and export.detail.startswith("session report")


def test_report_as_the_app_role_needs_the_family_named_and_writes_nothing(
    hosted_family, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--household" in err
    assert main(["report", "--household", str(uuid.uuid4()), "--out", str(out)]) == 2
    assert "no family has the id" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "action"),
    [
        (["export", "--out", "{tmp}/all.json"], "export"),
        (["remove-lock", "--yes"], "remove-lock"),
        (["delete-all", "--yes"], "delete-all"),
    ],
)
def test_commands_across_every_family_as_the_owner_are_audited_first(
    hosted_family, hosted_database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv, action
) -> None:
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.admin_url)
    assert main([a.format(tmp=tmp_path) for a in argv]) == 0
    engine = sa.create_engine(hosted_database.admin_url)
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT set_config('harbor.crossing', 'on', true)"))
        rows = connection.execute(
            sa.text("SELECT household_id, actor, detail FROM audit_events WHERE action = :a"),
            {"a": action},
        ).all()
    engine.dispose()
    [(household, actor, detail)] = rows
    assert household is None and actor.startswith("command line") and "every family" in detail


@pytest.mark.parametrize(
    ("argv", "untouched"),
    [
        (["export", "--out", "{tmp}/all.json"], "nothing was exported"),
        (["remove-lock", "--yes"], "no lock was removed"),
        (["delete-all", "--yes"], "nothing was deleted"),
    ],
)
def test_commands_across_every_family_as_the_app_role_are_refused_in_one_line(
    hosted_family, tmp_path: Path, capsys, argv, untouched
) -> None:
    """The app role sees no family unnamed: it must never say "Exported 0 records"."""
    store, household = hosted_family
    assert main([a.format(tmp=tmp_path) for a in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert "owner" in line and untouched in line
    assert not (tmp_path / "all.json").exists()
    assert store.scoped(household).household(household).info().name == "Carol's"
