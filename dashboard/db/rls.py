"""Row-level security on PostgreSQL: the database itself keeps each family's rows apart.

Every table that holds family data gets RLS enabled *and forced* (so even the owning role
is held to it), with a policy that reads the transaction-local setting harbor.household_id
and fails closed: no setting, no rows; a write aimed at another household is refused by
WITH CHECK. SQLite (home mode, one family per file) has no RLS; these functions do nothing
there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, text

HOUSEHOLD_SETTING = "harbor.household_id"
# Set only by hosting.crossing(): the one audited path that reads across households. Only
# the role that ran the migrations (the owner) has a policy that honours it.
CROSSING_SETTING = "harbor.crossing"
ISSUER_SETTING = "harbor.issuer"
SUBJECT_SETTING = "harbor.subject"
INVITATION_SETTING = "harbor.invitation"

# Parameters, never formatted into SQL. is_local=true: the setting ends with the
# transaction, so a pooled connection never carries one family's setting into the next.
SET_SETTING = text("SELECT set_config(:name, :value, true)")

# NULLIF: a setting once set in a session reads back as '' afterwards, never NULL.
_CURRENT_HOUSEHOLD = f"NULLIF(current_setting('{HOUSEHOLD_SETTING}', true), '')::uuid"
_CROSSING = f"current_setting('{CROSSING_SETTING}', true) = 'on'"


def enable_row_security(connection: Connection, tables: Iterable[str]) -> None:
    """Enable and force RLS with fail-closed household policies (PostgreSQL only).

    `tables` is a fixed list of identifiers from the schema, never user input.
    """
    if connection.dialect.name != "postgresql":
        return
    for name in tables:
        column = "id" if name == "households" else "household_id"
        own = f"{column} = {_CURRENT_HOUSEHOLD}"
        for statement in (
            f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{name}" FORCE ROW LEVEL SECURITY',
            f'DROP POLICY IF EXISTS harbor_household ON "{name}"',
            f'CREATE POLICY harbor_household ON "{name}" FOR ALL USING ({own}) WITH CHECK ({own})',
            f'DROP POLICY IF EXISTS harbor_crossing ON "{name}"',
            f'CREATE POLICY harbor_crossing ON "{name}" FOR ALL TO CURRENT_USER '
            f"USING ({_CROSSING}) WITH CHECK ({_CROSSING})",
        ):
            connection.exec_driver_sql(statement)
    names = set(tables)
    create_lookup_policies(connection, [table for table in LOOKUP_POLICIES if table in names])

    if {"group_opt_ins", "daily_checkins"} <= names:
        connection.exec_driver_sql(GROUP_TOTALS_FUNCTION)
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {GROUP_TOTALS} FROM PUBLIC")
    if "audit_events" in names:
        connection.exec_driver_sql(FAMILY_DELETE_AUDIT_FUNCTION)
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {FAMILY_DELETE_AUDIT} FROM PUBLIC")


# A signed-in person finds their own memberships before any household is chosen, and an
# invitation is found by the hash of its code: read-only, and only those rows. NULLIF, as
# everywhere: a setting a pooled connection once had reads back as '', which must match no
# row (migration 0009 added it; 0008's policies compared with '' as it stood).
LOOKUP_POLICIES: dict[str, tuple[str, str]] = {
    "memberships": (
        "harbor_own_identity",
        f"issuer = NULLIF(current_setting('{ISSUER_SETTING}', true), '') "
        f"AND subject = NULLIF(current_setting('{SUBJECT_SETTING}', true), '')",
    ),
    "invitations": (
        "harbor_invitation_code",
        f"code_hash = NULLIF(current_setting('{INVITATION_SETTING}', true), '')",
    ),
}


def create_lookup_policies(
    connection: Connection,
    tables: Iterable[str],
    policies: dict[str, tuple[str, str]] = LOOKUP_POLICIES,
) -> None:
    """(Re)create the read-only lookup policies of memberships and invitations."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        policy, condition = policies[table]
        connection.exec_driver_sql(f'DROP POLICY IF EXISTS {policy} ON "{table}"')
        connection.exec_driver_sql(
            f'CREATE POLICY {policy} ON "{table}" FOR SELECT USING ({condition})'
        )


# A facilitator's anonymous totals: the only read across households the app role may make.
# It runs as the owner (SECURITY DEFINER), returns counts only, and returns no row at all
# below five opted-in families, whatever minimum the caller asks for.
GROUP_MINIMUM = 5
GROUP_TOTALS = "harbor_group_totals(integer)"
GROUP_TOTALS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION harbor_group_totals(minimum integer)
RETURNS TABLE (families bigint, checkins bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    opted bigint;
    logged bigint;
BEGIN
    PERFORM set_config('{CROSSING_SETTING}', 'on', true);
    SELECT count(*) INTO opted
        FROM group_opt_ins g JOIN households h ON h.id = g.household_id;
    SELECT count(*) INTO logged
        FROM daily_checkins d WHERE d.household_id IN (SELECT household_id FROM group_opt_ins);
    PERFORM set_config('{CROSSING_SETTING}', '', true);
    IF opted >= greatest(minimum, {GROUP_MINIMUM}) THEN
        families := opted;
        checkins := logged;
        RETURN NEXT;
    END IF;
END
$$
"""


# A family deleting its own data is audited too, and that row must outlive the family: it
# names no household (so the cascade leaves it), which the app role may not write itself.
# This function writes exactly that one row, for the household the transaction is set to,
# as the owner (SECURITY DEFINER); with no household set it refuses.
FAMILY_DELETE_AUDIT = "harbor_audit_family_delete(text)"
AUDIT_FAMILY_DELETE = text("SELECT harbor_audit_family_delete(:actor)")
FAMILY_DELETE_AUDIT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION harbor_audit_family_delete(actor text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    household uuid := {_CURRENT_HOUSEHOLD};
BEGIN
    IF household IS NULL THEN
        RAISE EXCEPTION 'no household is set for this transaction';
    END IF;
    PERFORM set_config('{CROSSING_SETTING}', 'on', true);
    INSERT INTO audit_events (id, created_at, household_id, actor, action, detail)
        VALUES (gen_random_uuid(), now(), NULL, left(actor, 255), 'delete',
                'household ' || household || ' deleted by its family');
    PERFORM set_config('{CROSSING_SETTING}', '', true);
END
$$
"""


# A signed-in person's own rows (a facilitator's notes): both settings must be set and match,
# or no row is seen or written. NULLIF: a setting once set in a session reads back as ''.
_OWN_PERSON = (
    f"issuer = NULLIF(current_setting('{ISSUER_SETTING}', true), '') "
    f"AND subject = NULLIF(current_setting('{SUBJECT_SETTING}', true), '')"
)


def enable_person_security(connection: Connection, tables: Iterable[str]) -> None:
    """Enable and force RLS on tables owned by a person (issuer + subject), not a household.

    The policy reads harbor.issuer and harbor.subject (set per transaction by
    access.as_person) and fails closed. The owner keeps its crossing policy, so
    `delete-all` on the command line still removes every row. PostgreSQL only.
    """
    if connection.dialect.name != "postgresql":
        return
    for name in tables:
        for statement in (
            f'ALTER TABLE "{name}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{name}" FORCE ROW LEVEL SECURITY',
            f'DROP POLICY IF EXISTS harbor_person ON "{name}"',
            f'CREATE POLICY harbor_person ON "{name}" FOR ALL '
            f"USING ({_OWN_PERSON}) WITH CHECK ({_OWN_PERSON})",
            f'DROP POLICY IF EXISTS harbor_crossing ON "{name}"',
            f'CREATE POLICY harbor_crossing ON "{name}" FOR ALL TO CURRENT_USER '
            f"USING ({_CROSSING}) WITH CHECK ({_CROSSING})",
        ):
            connection.exec_driver_sql(statement)


def disable_person_security(connection: Connection, tables: Iterable[str]) -> None:
    """Undo enable_person_security (for the migration's downgrade)."""
    if connection.dialect.name != "postgresql":
        return
    for name in tables:
        for policy in ("harbor_person", "harbor_crossing"):
            connection.exec_driver_sql(f'DROP POLICY IF EXISTS {policy} ON "{name}"')
        connection.exec_driver_sql(f'ALTER TABLE "{name}" NO FORCE ROW LEVEL SECURITY')
        connection.exec_driver_sql(f'ALTER TABLE "{name}" DISABLE ROW LEVEL SECURITY')


def disable_row_security(connection: Connection, tables: Iterable[str]) -> None:
    """Undo enable_row_security (for the migration's downgrade)."""
    if connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {GROUP_TOTALS}")
    connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FAMILY_DELETE_AUDIT}")
    for name in tables:
        for policy in (
            "harbor_household",
            "harbor_crossing",
            "harbor_own_identity",
            "harbor_invitation_code",
        ):
            connection.exec_driver_sql(f'DROP POLICY IF EXISTS {policy} ON "{name}"')
        connection.exec_driver_sql(f'ALTER TABLE "{name}" NO FORCE ROW LEVEL SECURITY')
        connection.exec_driver_sql(f'ALTER TABLE "{name}" DISABLE ROW LEVEL SECURITY')


def head_family_tables() -> list[str]:
    """Every family table of the head schema (households and each table with household_id)."""
    from dashboard.db.schema import metadata

    return [
        table.name
        for table in metadata.sorted_tables
        if table.name == "households" or "household_id" in table.c
    ]
