"""Hosted mode: PostgreSQL itself keeps families apart, whatever the app asks for.

Every test connects as the app role that `hosting init` created (no owner, no SUPERUSER,
no BYPASSRLS); the tables belong to a separate, non-superuser owner.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from dashboard import access, backup
from dashboard.config import Settings
from dashboard.db import make_engine
from dashboard.db.migrate import current_revision, head_revision
from dashboard.db.rls import head_family_tables
from dashboard.db.schema import PERSON_TABLES
from dashboard.demo import build_demo_records, demo_spec
from dashboard.lock import Throttle
from dashboard.records import DailyCheckin
from dashboard.store import ReadOnly, Store, WrongHousehold

pytestmark = pytest.mark.postgres

FAMILY_TABLES = head_family_tables()
ISSUER = "https://id.example.test"


def owner_column(table: str) -> str:
    return "id" if table == "households" else "household_id"


def fill(app: Store, name: str) -> uuid.UUID:
    """A family with a row in every family table, written through the app role."""
    records = build_demo_records(demo_spec())
    household = records[0]
    records[0] = household.model_copy(update={"name": name})
    app.insert_records(records)
    family = app.household(household.id)
    first = family.list(DailyCheckin)[0]
    family.update(first.model_copy(update={"mood": 1}))  # keeps an entry version
    caregiver = access.Person(ISSUER, f"caregiver-{name}")
    with app.writing(household.id) as connection:
        connection.execute(
            sa.insert(sa.table("memberships", *map(sa.column, MEMBERSHIP_COLUMNS))).values(
                id=uuid.uuid4(),
                created_at=datetime.now(UTC),
                household_id=household.id,
                issuer=caregiver.issuer,
                subject=caregiver.subject,
                role=access.CAREGIVER,
            )
        )
    access.create_invitation(app, household.id, caregiver)
    access.set_group_opt_in(app, household.id, True)
    Throttle().attempt(family, lambda: False)  # a wrong try, as the lock screen counts it
    return household.id


MEMBERSHIP_COLUMNS = ("id", "created_at", "household_id", "issuer", "subject", "role")


@pytest.fixture
def app_store(hosted_database, data_dir: Path):
    store = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
    yield store
    store.engine.dispose()


@pytest.fixture
def two_families(app_store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    return fill(app_store, "Family A"), fill(app_store, "Family B")


def rows_by_owner(connection: sa.Connection, table: str) -> dict[uuid.UUID, int]:
    column = owner_column(table)
    result = connection.execute(
        sa.text(f'SELECT {column}, count(*) FROM "{table}" GROUP BY {column}')
    )
    return dict(result.all())


def rows_and_crossing_audit(admin_url: str) -> tuple[dict, list]:
    """Every family table's rows by household, and the audit rows that name no household."""
    with (
        access.crossing(admin_url, "check", "tester") as admin,
        admin.reading() as connection,
    ):
        left = {table: rows_by_owner(connection, table) for table in FAMILY_TABLES}
        audit = connection.execute(
            sa.text("SELECT actor, action, detail FROM audit_events WHERE household_id IS NULL")
        ).all()
    return left, audit


def test_every_family_and_person_table_is_covered_and_forced(hosted_database) -> None:
    """Households' tables, and the facilitators' tables held to the person signed in."""
    names = [*FAMILY_TABLES, *PERSON_TABLES]
    engine = make_engine(hosted_database.admin_url)
    with engine.connect() as connection:
        flags = dict(
            connection.execute(
                sa.text(
                    "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
                    "WHERE relname = ANY(:names) AND relkind = 'r'"
                ),
                {"names": names},
            ).all()
        )
    engine.dispose()
    assert flags == dict.fromkeys(names, True)
    assert {"households", "daily_checkins", "entry_versions", "memberships"} <= set(flags)


def test_family_a_reads_zero_rows_of_family_b_in_every_table(
    app_store: Store, hosted_database, two_families
) -> None:
    a, b = two_families
    with (
        access.crossing(hosted_database.admin_url, "test", "tester") as admin,
        admin.reading() as connection,
    ):
        everyone = {table: rows_by_owner(connection, table) for table in FAMILY_TABLES}
    assert all(everyone[table].get(b, 0) > 0 for table in FAMILY_TABLES), everyone
    with app_store.reading(a) as connection:
        seen = {table: rows_by_owner(connection, table) for table in FAMILY_TABLES}
    assert seen == {table: {a: everyone[table][a]} for table in FAMILY_TABLES}


def test_no_household_set_reads_zero_rows_everywhere(app_store: Store, two_families) -> None:
    with app_store.reading() as connection:
        counts = {
            table: connection.scalar(sa.text(f'SELECT count(*) FROM "{table}"'))
            for table in FAMILY_TABLES
        }
    assert counts == dict.fromkeys(FAMILY_TABLES, 0)


@pytest.mark.parametrize("table", [t for t in FAMILY_TABLES if t != "households"])
def test_moving_a_row_to_another_household_is_refused(
    app_store: Store, two_families, table: str
) -> None:
    a, b = two_families
    # The audit list is append-only for the app role: it may not update it at all.
    refused = "permission denied" if table == "audit_events" else "row-level security"
    with pytest.raises(DBAPIError, match=refused):  # noqa: SIM117
        with app_store.writing(a) as connection:
            connection.execute(
                sa.text(f'UPDATE "{table}" SET household_id = :b WHERE household_id = :a'),
                {"a": a, "b": b},
            )


def test_writes_aimed_at_another_household_are_refused(app_store: Store, two_families) -> None:
    a, b = two_families
    family_b = app_store.household(b)
    checkin = family_b.list(DailyCheckin)[0]
    values = checkin.model_dump() | {"id": uuid.uuid4(), "day": checkin.day - timedelta(days=3650)}
    table = sa.table("daily_checkins", *map(sa.column, values))
    with pytest.raises(DBAPIError, match="row-level security"):  # noqa: SIM117
        with app_store.writing(a) as connection:
            connection.execute(sa.insert(table).values(**values))
    with pytest.raises(DBAPIError, match="row-level security"):  # noqa: SIM117
        with app_store.writing(a) as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO households (id, created_at, updated_at, version, name, region, "
                    "is_demo, data_version) VALUES (:id, now(), now(), 1, 'x', 'US', false, 1)"
                ),
                {"id": uuid.uuid4()},
            )
    with app_store.writing(a) as connection:
        changed = connection.execute(
            sa.text("UPDATE daily_checkins SET mood = 1 WHERE household_id = :b"), {"b": b}
        ).rowcount
        deleted = connection.execute(
            sa.text("DELETE FROM small_wins WHERE household_id = :b"), {"b": b}
        ).rowcount
    assert (changed, deleted) == (0, 0)
    assert family_b.list(DailyCheckin)[0] == checkin


def test_the_app_role_neither_owns_the_tables_nor_bypasses_security(
    app_store: Store, hosted_database
) -> None:
    with app_store.reading() as connection:
        role = connection.execute(
            sa.text(
                "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
            )
        ).one()
        owners = set(
            connection.scalars(
                sa.text("SELECT tableowner FROM pg_tables WHERE tablename = ANY(:names)"),
                {"names": FAMILY_TABLES},
            )
        )
    assert role == (hosted_database.app_role, False, False)
    assert len(owners) == 1 and hosted_database.app_role not in owners


def test_a_pooled_connection_carries_no_household_into_the_next_transaction(
    hosted_database, two_families
) -> None:
    a, b = two_families
    engine = sa.create_engine(hosted_database.app_url, pool_size=1, max_overflow=0)
    store = Store(engine)
    with store.reading(a) as connection:
        first = connection.connection.dbapi_connection
        assert connection.scalar(sa.text("SELECT count(*) FROM households")) == 1
    with store.reading() as connection:
        assert connection.connection.dbapi_connection is first
        setting = connection.scalar(sa.text("SELECT current_setting('harbor.household_id', true)"))
        leaked = connection.scalar(sa.text("SELECT count(*) FROM daily_checkins"))
    with store.reading(b) as connection:
        assert connection.connection.dbapi_connection is first
        owners = set(connection.scalars(sa.text("SELECT household_id FROM daily_checkins")))
    engine.dispose()
    assert (setting or "", leaked, owners) == ("", 0, {b})


def test_the_crossing_setting_gives_the_app_role_nothing(app_store: Store, two_families) -> None:
    with app_store.reading() as connection:
        connection.execute(sa.text("SELECT set_config('harbor.crossing', 'on', true)"))
        assert connection.scalar(sa.text("SELECT count(*) FROM households")) == 0


def test_hosted_import_refuses_a_record_of_another_household_and_writes_nothing(
    app_store: Store, two_families, other_family_payload, dump
) -> None:
    a, b = two_families
    mine = app_store.scoped(a)
    before = dump(mine)
    payload = other_family_payload()
    with pytest.raises(backup.ImportRejected, match="names another family"):
        backup.plan_import(mine, payload, backup.ImportScope.into(a))
    # Even an import that asked to go anywhere is held to the session's household.
    with pytest.raises(backup.ImportRejected, match="nothing was imported"):
        backup.apply_import(mine, backup.plan_import(mine, payload))
    assert dump(mine) == before
    with app_store.reading(b) as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM households")) == 1


def test_a_scoped_store_refuses_another_household_before_the_database(
    app_store: Store, two_families
) -> None:
    a, b = two_families
    with pytest.raises(WrongHousehold):  # noqa: SIM117
        with app_store.scoped(a).reading(b):
            pass


def test_the_crossing_path_sees_every_family_and_is_audited(hosted_database, two_families) -> None:
    a, b = two_families
    with access.crossing(hosted_database.admin_url, "export", "admin@example") as admin:
        exported = backup.export_payload(admin)
    assert {h["id"] for h in exported["households"]} == {str(a), str(b)}
    engine = make_engine(hosted_database.admin_url)
    with engine.connect() as connection:
        # Outside the crossing, even the owner is held by the forced policies.
        assert connection.scalar(sa.text("SELECT count(*) FROM households")) == 0
    engine.dispose()
    with (
        access.crossing(hosted_database.admin_url, "read", "t") as admin,
        admin.reading() as connection,
    ):
        actions = connection.execute(
            sa.text("SELECT actor, action FROM audit_events WHERE household_id IS NULL")
        ).all()
    assert ("admin@example", "export") in actions


def test_migrations_from_empty_to_head_as_a_non_superuser_owner(hosted_database) -> None:
    engine = make_engine(hosted_database.admin_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_therapist_reads_an_invited_household_until_revoked(
    app_store: Store, two_families
) -> None:
    a, _ = two_families
    caregiver = access.Person(ISSUER, "caregiver-Family A")
    therapist = access.Person(ISSUER, "therapist-1")
    code = access.create_invitation(app_store, a, caregiver)
    assert access.redeem_invitation(app_store, therapist, code) == a
    [membership] = access.memberships_of(app_store, therapist)
    assert (membership.household_id, membership.role) == (a, access.THERAPIST)
    view = app_store.scoped(a, read_only=True)
    family = view.household(a)
    checkin = family.list(DailyCheckin)[0]
    with pytest.raises(ReadOnly):
        family.update(checkin.model_copy(update={"mood": 2}))
    with pytest.raises(access.HostingError):
        access.redeem_invitation(app_store, access.Person(ISSUER, "someone"), code)
    [invitation] = [i for i in access.invitations_of(app_store, a) if i.used]
    access.revoke_invitation(app_store, a, invitation.id, caregiver)
    assert access.memberships_of(app_store, therapist) == []
    assert [e.action for e in access.audit_list(app_store, a)][:2] == ["revoke", "grant"]


def test_a_therapist_loses_access_when_the_invitation_expires(
    app_store: Store, hosted_database, two_families
) -> None:
    a, _ = two_families
    therapist = access.Person(ISSUER, "therapist-2")
    code = access.create_invitation(app_store, a, access.Person(ISSUER, "caregiver-Family A"))
    access.redeem_invitation(app_store, therapist, code)
    assert len(access.memberships_of(app_store, therapist)) == 1
    with app_store.writing(a) as connection:
        connection.execute(
            sa.text("UPDATE memberships SET expires_at = :past WHERE subject = 'therapist-2'"),
            {"past": datetime.now(UTC) - timedelta(minutes=1)},
        )
    assert access.memberships_of(app_store, therapist) == []


def test_a_person_finds_only_their_own_memberships(app_store: Store, two_families) -> None:
    _, b = two_families
    mine = access.memberships_of(app_store, access.Person(ISSUER, "caregiver-Family B"))
    assert [(m.household_id, m.role) for m in mine] == [(b, access.CAREGIVER)]
    assert access.memberships_of(app_store, access.Person(ISSUER, "nobody")) == []


def test_group_totals_stay_hidden_below_five_families(
    app_store: Store, two_families, data_dir: Path
) -> None:
    assert access.group_totals(app_store) is None
    for name in ("C", "D"):
        fill(app_store, f"Family {name}")
    assert access.group_totals(app_store) is None
    fill(app_store, "Family E")
    totals = access.group_totals(app_store)
    assert totals is not None and totals.families == 5 and totals.checkins > 0


def test_a_facilitator_session_sees_no_family_data(app_store: Store, two_families) -> None:
    """A facilitator has no household: their store is the unscoped app role, which reads
    nothing, however it asks."""
    with app_store.reading() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM daily_checkins")) == 0
    assert app_store.households() == []
    assert all(not records for records in app_store.dump_all().values())


def test_an_administrator_deletes_one_family_through_the_audited_path(
    hosted_database, two_families, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from dashboard.cli import main

    a, b = two_families
    monkeypatch.setenv("HARBOR_ADMIN_DATABASE_URL", hosted_database.admin_url)
    argv = ["hosting", "delete-household", str(b), "--actor", "admin@example"]
    assert main(argv) == 2  # not without --yes
    assert main([*argv, "--yes"]) == 0
    assert main([*argv, "--yes"]) == 2  # gone: said in one line
    assert len(capsys.readouterr().err.splitlines()) == 2
    left, audit = rows_and_crossing_audit(hosted_database.admin_url)
    assert all(b not in owners for owners in left.values())
    assert all(left[table].get(a, 0) > 0 for table in FAMILY_TABLES)
    assert ("admin@example", "delete", f"household {b}") in audit


def test_a_family_deleting_its_own_data_is_audited_in_a_row_that_outlives_it(
    hosted_database, app_store: Store, two_families
) -> None:
    a, b = two_families
    app_store.household(b).delete_household(audited_by="caregiver@example")
    # With no household set, the app role cannot write such a row at all.
    with pytest.raises(DBAPIError, match="no household is set"), app_store.writing() as connection:
        connection.execute(sa.text("SELECT harbor_audit_family_delete('someone')"))
    left, audit = rows_and_crossing_audit(hosted_database.admin_url)
    assert all(b not in owners for owners in left.values())
    assert all(left[table].get(a, 0) > 0 for table in FAMILY_TABLES)
    assert ("caregiver@example", "delete", f"household {b} deleted by its family") in audit


def test_the_owner_connecting_directly_sees_the_whole_database(
    hosted_database, two_families, app_store: Store, data_dir: Path
) -> None:
    """Home mode on PostgreSQL and the command line connect as the owner, as before 0008."""
    owner = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.admin_url))
    assert owner.crossing and not app_store.crossing
    assert {h.id for h in owner.households()} == set(two_families)
    owner.engine.dispose()


def test_running_every_migration_forces_security_on_every_family_table(
    postgres_database: str,
) -> None:
    """The migration path must agree with a new database made at head: a family table added
    by a later migration needs its own enable_row_security call (a person's table its own
    enable_person_security call), or this fails."""
    from dashboard.db.migrate import _run

    engine = make_engine(postgres_database)
    _run(engine, "upgrade", "head")
    policies = {**dict.fromkeys(FAMILY_TABLES, "harbor_household")}
    policies |= dict.fromkeys(PERSON_TABLES, "harbor_person")
    with engine.connect() as connection:
        flags = {
            name: connection.scalar(
                sa.text(
                    "SELECT c.relrowsecurity AND c.relforcerowsecurity"
                    " AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid"
                    " AND p.polname = :policy)"
                    " FROM pg_class c WHERE c.relname = :name AND c.relkind = 'r'"
                ),
                {"name": name, "policy": policy},
            )
            for name, policy in policies.items()
        }
        # The lookup policies fail closed on an empty setting by this path too (0009).
        lookups = dict(
            connection.execute(
                sa.text(
                    "SELECT polname, pg_get_expr(polqual, polrelid) FROM pg_policy "
                    "WHERE polname IN ('harbor_own_identity', 'harbor_invitation_code')"
                )
            ).all()
        )
    engine.dispose()
    assert flags == dict.fromkeys(policies, True)
    assert lookups.keys() == {"harbor_own_identity", "harbor_invitation_code"}
    assert lookups["harbor_own_identity"].count("NULLIF") == 2, lookups
    assert lookups["harbor_invitation_code"].count("NULLIF") == 1, lookups


def test_a_person_setting_left_empty_by_an_earlier_transaction_shows_no_membership(
    hosted_database, app_store: Store
) -> None:
    """Fail closed on a pooled connection too: once a session has set harbor.issuer, a later
    transaction that names nobody reads it back as '', which must match no row, not the rows
    of an empty issuer and subject (or an invitation with an empty code hash)."""
    household = fill(app_store, "Family A")
    with (
        access.crossing(hosted_database.admin_url, "check", "tester") as admin,
        admin.writing() as connection,
    ):
        connection.execute(
            sa.insert(sa.table("memberships", *map(sa.column, MEMBERSHIP_COLUMNS))).values(
                id=uuid.uuid4(),
                created_at=datetime.now(UTC),
                household_id=household,
                issuer="",
                subject="",
                role=access.CAREGIVER,
            )
        )
    engine = sa.create_engine(hosted_database.app_url, poolclass=sa.pool.StaticPool)
    with engine.connect() as connection:
        with connection.begin():
            for name in ("harbor.issuer", "harbor.subject", "harbor.invitation"):
                connection.execute(
                    sa.text("SELECT set_config(:name, 'someone', true)"), {"name": name}
                )
        with connection.begin():
            seen = {
                table: connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))
                for table in ("memberships", "invitations")
            }
    engine.dispose()
    assert seen == {"memberships": 0, "invitations": 0}
