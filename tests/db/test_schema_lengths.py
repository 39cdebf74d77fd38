"""The schema's column lengths and the records' validation agree, column by column.

A text the form accepts must fit its column (PostgreSQL would refuse a longer one), and
a column must not be looser than its record, or a restored file could hold what no form
would take.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import String

from dashboard.db.schema import HOSTING_TABLES, metadata
from dashboard.records import RECORD_BY_TABLE, TIMEZONES

TEXT_COLUMNS = [
    (table, column)
    for table in metadata.sorted_tables
    for column in table.columns
    if type(column.type) is String and table.name not in HOSTING_TABLES
]


def field_schema(table_name: str, column_name: str) -> dict[str, Any]:
    """The JSON schema of the record field behind a column (an optional field's own type)."""
    prop = RECORD_BY_TABLE[table_name].model_json_schema()["properties"][column_name]
    for option in prop.get("anyOf", []):
        if option.get("type") != "null":
            return option
    return prop


def test_every_table_has_a_record_type() -> None:
    """Hosted mode's own tables (memberships, audit...) are the only ones without one."""
    names = {t.name for t in metadata.sorted_tables}
    assert names - set(HOSTING_TABLES) == set(RECORD_BY_TABLE)
    assert set(HOSTING_TABLES) <= names


@pytest.mark.parametrize(
    ("table", "column"), TEXT_COLUMNS, ids=[f"{t.name}.{c.name}" for t, c in TEXT_COLUMNS]
)
def test_column_length_is_the_records_limit(table, column) -> None:
    field = field_schema(table.name, column.name)
    if column.name == "timezone":
        assert max(len(name) for name in TIMEZONES) <= column.type.length
    elif "enum" in field:
        assert max(len(value) for value in field["enum"]) <= column.type.length
    else:
        assert field.get("maxLength") == column.type.length
