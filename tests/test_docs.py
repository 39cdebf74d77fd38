"""Documentation tests: the README must keep up with the code it describes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dashboard.cli import build_parser
from dashboard.records import RECORD_TYPES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_come_first() -> None:
    first_block = README[: README.index("## ")]
    assert "make run" in first_block and "make test" in first_block


def test_the_backup_format_example_lists_every_table() -> None:
    example = re.search(r'```json\n(\{"format": "harbor-backup".*?)\n```', README, re.DOTALL)
    assert example, "README has a JSON example of the backup format"
    payload = json.loads(example.group(1))
    assert [key for key in payload if isinstance(payload[key], list)] == [
        record_type.table for record_type in RECORD_TYPES
    ]


@pytest.mark.parametrize(
    "command",
    sorted(build_parser()._subparsers._group_actions[0].choices),  # type: ignore[union-attr]
)
def test_every_command_is_documented(command: str) -> None:
    assert f"python -m dashboard {command}" in README


@pytest.mark.parametrize("variable", ["HARBOR_DATA_DIR", "HARBOR_DATABASE_URL"])
def test_every_setting_is_documented(variable: str) -> None:
    assert f"`{variable}`" in README
