"""Hosted mode (access): many families on one PostgreSQL, each held to its own rows by the DB.

- `init_hosting` runs as the owner (HARBOR_ADMIN_DATABASE_URL): migrate, create the app
  role if missing (no SUPERUSER, no BYPASSRLS, owns nothing), grant only what the app needs.
- `crossing` is the one named, audited path that reads or deletes across households (an
  administrator's export or delete). Nothing else in Harbor sets harbor.crossing.
- Memberships map a signed-in person (OpenID issuer + subject) to households with a role;
  invitations are one-time codes; the audit table records sign-ins, grants, revokes,
  exports and deletions, never note text.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from dashboard.db import make_engine, upgrade_to_head
from dashboard.db.rls import (
    GROUP_MINIMUM,
    INVITATION_SETTING,
    ISSUER_SETTING,
    SET_SETTING,
    SUBJECT_SETTING,
)
from dashboard.db.schema import (
    IDENTITY_MAX_CHARS,
    TABLES,
    audit_events,
    facilitator_notes,
    group_opt_ins,
    invitations,
    memberships,
)
from dashboard.store import NewFamily, Store, StoreError

ADMIN_URL_VARIABLE = "HARBOR_ADMIN_DATABASE_URL"
APP_PASSWORD_VARIABLE = "HARBOR_APP_PASSWORD"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

CAREGIVER, THERAPIST, FACILITATOR = "caregiver", "therapist", "facilitator"
ROLES = (CAREGIVER, THERAPIST, FACILITATOR)
# Anonymous group totals appear only when at least this many opted-in families contribute.
INVITATION_DAYS = 14
DETAIL_MAX_CHARS = 200


class HostingError(StoreError):
    """A hosting step cannot go ahead; the message says why (nothing was changed)."""


# -- setting up a hosted database ------------------------------------------------------------


def init_hosting(admin_url: str, app_role: str, app_password: str) -> str:
    """Migrate as the owner, create and grant the app role; return the app's database URL."""
    if not ROLE_NAME.match(app_role):
        raise HostingError(
            f"--app-role {app_role[:40]!r}: use lower-case letters, digits and _ (at most 63)"
        )
    if not app_password:
        raise HostingError(f"{APP_PASSWORD_VARIABLE} is empty: set the app role's password")
    engine = make_engine(admin_url)
    if engine.dialect.name != "postgresql":
        raise HostingError(f"{ADMIN_URL_VARIABLE} must point at PostgreSQL")
    try:
        upgrade_to_head(engine)
        with engine.begin() as connection:
            _ensure_role(connection, app_role, app_password)
            _grant(connection, app_role)
    finally:
        engine.dispose()
    url = make_url(admin_url).set(username=app_role, password=app_password)
    return url.render_as_string(hide_password=False)


def _ensure_role(connection: Connection, role: str, password: str) -> None:
    """Create the role if missing; refuse one that could read past row-level security."""
    found = connection.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :role"),
        {"role": role},
    ).first()
    if found is not None:
        if found.rolsuper or found.rolbypassrls:
            raise HostingError(
                f"role {role} is a superuser or has BYPASSRLS: row-level security would not "
                "hold it; choose another --app-role"
            )
        owner = connection.scalar(text("SELECT current_user"))
        if owner == role:
            raise HostingError("the app role must not be the role that owns the tables")
        return
    # The server quotes the name and password (format's %I and %L); no value is pasted in.
    statement = connection.scalar(
        text(
            "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
            "NOCREATEROLE NOINHERIT PASSWORD %L', CAST(:role AS text), CAST(:pw AS text))"
        ),
        {"role": role, "pw": password},
    )
    connection.exec_driver_sql(statement)


def _grant(connection: Connection, role: str) -> None:
    """Read and write the family tables, read the schema version, append to the audit."""

    def run(template: str, *names: str) -> None:
        statement = connection.scalar(
            text(
                "SELECT format(CAST(:template AS text), "
                + ", ".join(f"CAST(:n{i} AS text)" for i in range(len(names)))
                + ")"
            ),
            {"template": template, **{f"n{i}": name for i, name in enumerate(names)}},
        )
        connection.exec_driver_sql(statement)

    database = connection.scalar(text("SELECT current_database()"))
    run("GRANT CONNECT ON DATABASE %I TO %I", database, role)
    run("GRANT USAGE ON SCHEMA public TO %I", role)
    run("GRANT SELECT ON alembic_version TO %I", role)
    run("GRANT EXECUTE ON FUNCTION harbor_group_totals(integer) TO %I", role)
    run("GRANT EXECUTE ON FUNCTION harbor_audit_family_delete(text) TO %I", role)
    for name in TABLES:
        run(
            f"GRANT {APP_PRIVILEGES.get(name, 'SELECT, INSERT, UPDATE, DELETE')} ON %I TO %I",
            name,
            role,
        )


# What the app role may do where it may not do everything. The audit and a facilitator's
# notes are append-only for the app (every edit of a note is a new row): no UPDATE, no DELETE.
APP_PRIVILEGES: dict[str, str] = {
    audit_events.name: "SELECT, INSERT",
    facilitator_notes.name: "SELECT, INSERT",
}


# -- the one path across households ----------------------------------------------------------


@contextmanager
def crossing(
    admin_url: str, reason: str, actor: str, detail: str = "across households"
) -> Iterator[Store]:
    """A store that may read and delete across households, as the owner, audited first.

    Used for an administrator's export or deletion only. Every transaction it opens sets
    harbor.crossing, which only the owner's policy honours; the app role cannot use it.
    """
    engine = make_engine(admin_url)
    store = Store(engine, crossing=True)
    try:
        with store.writing() as connection:
            _audit(connection, None, actor, reason, detail)
        yield store
    finally:
        engine.dispose()


# -- audit -----------------------------------------------------------------------------------


def _audit(
    connection: Connection, household_id: uuid.UUID | None, actor: str, action: str, detail: str
) -> None:
    connection.execute(
        insert(audit_events).values(
            id=uuid.uuid4(),
            created_at=datetime.now(UTC),
            household_id=household_id,
            actor=actor[:IDENTITY_MAX_CHARS],
            action=action[:32],
            detail=detail[:DETAIL_MAX_CHARS],
        )
    )


def audit(store: Store, household_id: uuid.UUID, actor: str, action: str, detail: str = "") -> None:
    """Record an event in a household's audit list (ids and actions, never note text)."""
    with store.writing(household_id) as connection:
        _audit(connection, household_id, actor, action, detail)


def audit_crossing(store: Store, actor: str, action: str, detail: str) -> None:
    """Record, before it runs, a command-line action across households by a role that sees
    them all (the owner). The row names no household, so it outlives any family deleted."""
    with store.writing() as connection:
        _audit(connection, None, actor, action, detail)


@dataclass(frozen=True)
class AuditEvent:
    when: datetime
    actor: str
    action: str
    detail: str


def audit_list(store: Store, household_id: uuid.UUID, limit: int = 200) -> list[AuditEvent]:
    """The family's own audit list, newest first."""
    with store.reading(household_id) as connection:
        rows = connection.execute(
            select(audit_events)
            .where(audit_events.c.household_id == household_id)
            .order_by(audit_events.c.created_at.desc())
            .limit(limit)
        )
        return [AuditEvent(r.created_at, r.actor, r.action, r.detail) for r in rows]


# -- people, memberships and invitations -----------------------------------------------------


class IdentityRefused(HostingError):
    """The provider named someone Harbor cannot keep exactly (an empty or too long issuer or
    subject), so nobody is signed in as them: never a shortened name that another might share."""


@dataclass(frozen=True)
class Person:
    """A signed-in person, as the OpenID provider names them.

    One rule everywhere: the issuer and the subject are kept whole, as the provider wrote
    them, or the person is refused (IdentityRefused). Never cut to fit the columns: a cut
    name would not match the person's memberships and notes, or would match someone else's.
    """

    issuer: str
    subject: str

    def __post_init__(self) -> None:
        for part, value in (("issuer", self.issuer), ("subject", self.subject)):
            if not value.strip():
                raise IdentityRefused(f"the sign-in gave no {part}")
            if len(value) > IDENTITY_MAX_CHARS:
                raise IdentityRefused(
                    f"the sign-in's {part} is {len(value):,} characters; Harbor keeps up to "
                    f"{IDENTITY_MAX_CHARS}"
                )

    @property
    def actor(self) -> str:
        return f"{self.issuer} {self.subject}"[:IDENTITY_MAX_CHARS]


@dataclass(frozen=True)
class Membership:
    household_id: uuid.UUID
    role: str
    expires_at: datetime | None


def as_person(connection: Connection, person: Person) -> None:
    """Name the signed-in person to PostgreSQL for this transaction only (their memberships
    and their own facilitator's notes are the rows their policies then show)."""
    connection.execute(SET_SETTING, {"name": ISSUER_SETTING, "value": person.issuer})
    connection.execute(SET_SETTING, {"name": SUBJECT_SETTING, "value": person.subject})


FACILITATOR_FORM = '{issuer = "https://id.example.org/realms/harbor", subject = "..."}'


def parse_facilitators(listed: object) -> frozenset[Person]:
    """The facilitators named in secrets.toml: `[harbor] facilitators = [{issuer, subject}]`.

    Both parts must match what the provider says at sign-in: a subject is unique only
    within its issuer. Anything else raises HostingError naming the entry and the form to
    use; the caller then treats nobody as a facilitator (fail closed).
    """
    if listed is None:
        return frozenset()
    if isinstance(listed, str | bytes) or not isinstance(listed, Sequence):
        raise HostingError(
            f"[harbor] facilitators in secrets.toml must be a list like [{FACILITATOR_FORM}]"
        )
    people = set()
    for number, entry in enumerate(listed, start=1):
        issuer = entry.get("issuer") if isinstance(entry, Mapping) else None
        subject = entry.get("subject") if isinstance(entry, Mapping) else None
        extra = set(entry) - {"issuer", "subject"} if isinstance(entry, Mapping) else set()
        if (
            not (isinstance(issuer, str) and issuer.strip())
            or not (isinstance(subject, str) and subject.strip())
            or extra
        ):
            raise HostingError(
                f"[harbor] facilitators, entry {number}, in secrets.toml: write it as "
                f"{FACILITATOR_FORM} (the issuer and the subject the provider signs in with; "
                "a subject alone is not enough). Until then nobody is a facilitator."
            )
        try:
            people.add(Person(issuer, subject))
        except IdentityRefused as exc:
            raise HostingError(
                f"[harbor] facilitators, entry {number}, in secrets.toml: {exc}. Until then "
                "nobody is a facilitator."
            ) from None
    return frozenset(people)


def _valid(row, now: datetime) -> bool:
    expires = row.expires_at
    if expires is not None and expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return row.revoked_at is None and (expires is None or expires > now)


def memberships_of(store: Store, person: Person) -> list[Membership]:
    """The households this person may open now (revoked and expired ones left out)."""
    now = datetime.now(UTC)
    with store.reading() as connection:
        as_person(connection, person)
        rows = connection.execute(
            select(memberships).where(
                memberships.c.issuer == person.issuer, memberships.c.subject == person.subject
            )
        ).all()
    return [
        Membership(row.household_id, row.role, row.expires_at) for row in rows if _valid(row, now)
    ]


def sign_up(store: Store, person: Person, family: NewFamily) -> uuid.UUID:
    """A new caregiver's first household: the family, then their caregiver membership."""
    household = store.create_family(family)
    with store.writing(household.id) as connection:
        connection.execute(
            insert(memberships).values(
                id=uuid.uuid4(),
                created_at=datetime.now(UTC),
                household_id=household.id,
                issuer=person.issuer,
                subject=person.subject,
                role=CAREGIVER,
            )
        )
        _audit(connection, household.id, person.actor, "grant", "caregiver (new family)")
    return household.id


def record_sign_in(store: Store, person: Person, household_id: uuid.UUID, role: str) -> None:
    audit(store, household_id, person.actor, "sign-in", role)


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def create_invitation(
    store: Store,
    household_id: uuid.UUID,
    by: Person,
    role: str = THERAPIST,
    days: int = INVITATION_DAYS,
) -> str:
    """A one-time code for a therapist; only its hash is stored. Returns the code once."""
    if role not in (THERAPIST,):
        raise HostingError("families invite therapists only")
    code = secrets.token_urlsafe(12)
    now = datetime.now(UTC)
    with store.writing(household_id) as connection:
        connection.execute(
            insert(invitations).values(
                id=uuid.uuid4(),
                created_at=now,
                household_id=household_id,
                code_hash=_code_hash(code),
                role=role,
                expires_at=now + timedelta(days=days),
            )
        )
        _audit(connection, household_id, by.actor, "invite", f"{role}, {days} days")
    return code


def redeem_invitation(store: Store, person: Person, code: str) -> uuid.UUID:
    """Turn a code into a membership (read-only for a therapist) that ends with the code."""
    now = datetime.now(UTC)
    with store.writing() as connection:
        connection.execute(SET_SETTING, {"name": INVITATION_SETTING, "value": _code_hash(code)})
        row = connection.execute(
            select(invitations).where(invitations.c.code_hash == _code_hash(code))
        ).first()
        if row is None or row.used_at is not None or not _valid(row, now):
            raise HostingError("That code is not valid: it may be used, revoked or expired.")
        # From here on, this transaction acts inside the inviting household only.
        connection.execute(
            SET_SETTING, {"name": "harbor.household_id", "value": str(row.household_id)}
        )
        connection.execute(
            update(invitations).where(invitations.c.id == row.id).values(used_at=now)
        )
        connection.execute(
            insert(memberships).values(
                id=uuid.uuid4(),
                created_at=now,
                household_id=row.household_id,
                issuer=person.issuer,
                subject=person.subject,
                role=row.role,
                expires_at=row.expires_at,
                invitation_id=row.id,
            )
        )
        _audit(connection, row.household_id, person.actor, "grant", row.role)
        return row.household_id


@dataclass(frozen=True)
class Invitation:
    id: uuid.UUID
    role: str
    created_at: datetime
    expires_at: datetime
    used: bool
    revoked: bool


def invitations_of(store: Store, household_id: uuid.UUID) -> list[Invitation]:
    with store.reading(household_id) as connection:
        rows = connection.execute(
            select(invitations)
            .where(invitations.c.household_id == household_id)
            .order_by(invitations.c.created_at.desc())
        ).all()
    return [
        Invitation(
            r.id,
            r.role,
            r.created_at,
            r.expires_at,
            r.used_at is not None,
            r.revoked_at is not None,
        )
        for r in rows
    ]


def revoke_invitation(
    store: Store, household_id: uuid.UUID, invitation_id: uuid.UUID, by: Person
) -> None:
    """End an invitation and every access granted through it, at once."""
    now = datetime.now(UTC)
    with store.writing(household_id) as connection:
        connection.execute(
            update(invitations)
            .where(invitations.c.id == invitation_id, invitations.c.household_id == household_id)
            .values(revoked_at=now)
        )
        connection.execute(
            update(memberships)
            .where(
                memberships.c.invitation_id == invitation_id,
                memberships.c.household_id == household_id,
            )
            .values(revoked_at=now)
        )
        _audit(connection, household_id, by.actor, "revoke", "invitation")


# -- facilitator's anonymous group totals ----------------------------------------------------


def set_group_opt_in(store: Store, household_id: uuid.UUID, opted_in: bool) -> None:
    with store.writing(household_id) as connection:
        connection.execute(
            group_opt_ins.delete().where(group_opt_ins.c.household_id == household_id)
        )
        if opted_in:
            connection.execute(
                insert(group_opt_ins).values(
                    household_id=household_id, created_at=datetime.now(UTC)
                )
            )


def group_opted_in(store: Store, household_id: uuid.UUID) -> bool:
    with store.reading(household_id) as connection:
        found = connection.execute(
            select(group_opt_ins.c.household_id).where(group_opt_ins.c.household_id == household_id)
        ).first()
    return found is not None


@dataclass(frozen=True)
class GroupTotals:
    families: int
    checkins: int


def group_totals(store: Store) -> GroupTotals | None:
    """Counts over the opted-in families, or None when fewer than GROUP_MINIMUM contribute.

    On PostgreSQL the database computes them (harbor_group_totals, see db/rls.py) and
    returns nothing below the minimum, so the app role never reads another family's rows.
    """
    from dashboard.db.schema import daily_checkins

    with store.reading() as connection:
        if connection.dialect.name == "postgresql":
            row = connection.execute(
                text("SELECT families, checkins FROM harbor_group_totals(:minimum)"),
                {"minimum": GROUP_MINIMUM},
            ).first()
            return GroupTotals(int(row.families), int(row.checkins)) if row else None
        opted = select(group_opt_ins.c.household_id)
        families = connection.scalar(select(func.count()).select_from(opted.subquery())) or 0
        if families < GROUP_MINIMUM:
            return None
        checkins = connection.scalar(
            select(func.count())
            .select_from(daily_checkins)
            .where(daily_checkins.c.household_id.in_(opted))
        )
    return GroupTotals(families, checkins or 0)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


# -- modes -----------------------------------------------------------------------------------

HOME, HOSTED = "home", "hosted"
EXPOSED = "exposed"  # home mode reachable from other machines: refuse to show family data
HOSTED_NEEDS_POSTGRES = "hosted-needs-postgres"
HOSTED_AS_OWNER = "hosted-as-owner"  # connected as a role row-level security cannot hold
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}

# What each role may open (page titles, as page_setup names them). A caregiver opens all.
ROLE_PAGES: dict[str, frozenset[str]] = {
    THERAPIST: frozenset({"Session summary", "Timeline", "Get help now"}),
    FACILITATOR: frozenset({"Learn", "Facilitator", "Get help now"}),
}


def is_loopback(address: str) -> bool:
    """127.0.0.0/8, ::1 or localhost. Empty means every interface, so not loopback."""
    address = address.strip().lower()
    return address in LOOPBACK_NAMES or address.startswith("127.")


def serving_mode(address: str, sign_in_configured: bool, on_postgres: bool) -> str:
    """Home (loopback, no sign-in), hosted (sign-in on PostgreSQL), or a refusal.

    Home mode must never be exposed by accident: bound beyond loopback without sign-in,
    Harbor shows no family data at all.
    """
    if sign_in_configured:
        return HOSTED if on_postgres else HOSTED_NEEDS_POSTGRES
    return HOME if is_loopback(address) else EXPOSED


# Hosted mode only: the Facilitator page is the listed facilitators' own tool (their notes
# by issuer and subject, and the group totals); a family member who is also a listed
# facilitator switches to it in the sidebar.
FACILITATORS_ONLY_WHEN_HOSTED = frozenset({"Facilitator"})


def page_allowed(role: str, title: str, hosted: bool = False) -> bool:
    if hosted and role != FACILITATOR and title in FACILITATORS_ONLY_WHEN_HOSTED:
        return False
    return role not in ROLE_PAGES or title in ROLE_PAGES[role]


AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def auth_configured(auth_section: object) -> bool:
    """[auth] in secrets.toml has everything st.login needs (one provider, OpenID Connect)."""
    try:
        return all(auth_section.get(key) for key in AUTH_KEYS)  # type: ignore[attr-defined]
    except AttributeError:
        return False
