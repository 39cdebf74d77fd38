"""The house rules of dashboard/, read from the code itself with ast.

Data flows one way: page → ui → views → rules and store → db. These tests fail when a
module reaches the wrong way, so the layout in the README stays true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from dashboard.rules import wins` imports the module dashboard.rules.wins
            names.update(
                f"{node.module}.{alias.name}"
                for alias in node.names
                if f"{node.module}.{alias.name}" in MODULES
            )
    return names


def test_the_package_is_found() -> None:
    assert {"dashboard.ui.kit", "dashboard.views", "dashboard.rules.wins"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_ui_imports_streamlit(name: str) -> None:
    uses_streamlit = any(n.split(".")[0] == "streamlit" for n in imported(MODULES[name]))
    assert not uses_streamlit or name.startswith("dashboard.ui"), name


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("dashboard.rules")))
def test_rules_read_neither_the_store_nor_the_database(name: str) -> None:
    reached = imported(MODULES[name])
    forbidden = {"dashboard.store", "dashboard.db", "dashboard.views", "sqlalchemy", "streamlit"}
    assert not {n for n in reached if n.split(".")[0] in {"sqlalchemy", "streamlit"}}
    assert not {n for n in reached if any(n == f or n.startswith(f + ".") for f in forbidden)}


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in MODULES
        if n.startswith(("dashboard.rules", "dashboard.documents", "dashboard.text"))
        or n == "dashboard.charts"
    ),
)
def test_only_views_read_the_store_among_pure_code(name: str) -> None:
    assert "dashboard.store" not in imported(MODULES[name])


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("dashboard.views")))
def test_views_never_draw(name: str) -> None:
    assert not {n for n in imported(MODULES[name]) if n.startswith("dashboard.ui")}


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk meets, as the names along it."""
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c", "a"]]),
    ],
)
def test_the_cycle_finder_sees_a_circle(graph: dict, expected: list) -> None:
    assert cycles_in(graph) == expected


def test_there_are_no_import_cycles_inside_the_package() -> None:
    graph = {
        name: {n for n in imported(path) if n in MODULES and n != name}
        for name, path in MODULES.items()
    }
    assert cycles_in(graph) == []
