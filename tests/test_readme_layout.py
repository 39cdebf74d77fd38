"""Documentation test: every module of dashboard/ has its row in "How it is built"."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## How it is built") :].split("\n## ", 1)[0]
ROWS = [line for line in SECTION.splitlines() if line.startswith("| ") and "---" not in line][1:]
MODULES = sorted(
    path.relative_to(PACKAGE)
    for path in PACKAGE.rglob("*.py")
    if "versions" not in path.parts and "__pycache__" not in path.parts
)


def row_of(folder: Path) -> str | None:
    """The table row of a room: `dashboard/<folder>/`, or "the rest" for the top level."""
    room = "the rest" if folder == Path(".") else f"`dashboard/{folder.parts[0]}/`"
    return next((row for row in ROWS if row.startswith(f"| {room}")), None)


@pytest.mark.parametrize("module", MODULES, ids=str)
def test_every_module_is_in_the_table(module: Path) -> None:
    if len(module.parts) == 1:  # a top-level module: a row of its own, or "the rest"
        own = next((r for r in ROWS if r.startswith(f"| `dashboard/{module.name}`")), None)
        row = own or row_of(Path("."))
    else:
        row = row_of(Path(module.parts[0]))
    assert row is not None, f"no row for dashboard/{module}"
    inside = Path(*module.parts[1:]) if len(module.parts) > 1 else module
    assert f"`{inside.as_posix()}`" in row, f"dashboard/{module} is not named in its row"


def test_every_row_says_what_it_may_import() -> None:
    assert ROWS
    for row in ROWS:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 4 and all(cells), row
