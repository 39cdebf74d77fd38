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


def reaches(name: str) -> set[str]:
    """Everything a module imports, directly or through other modules of the package."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        for target in imported(MODULES[todo.pop()]):
            if target not in seen:
                seen.add(target)
                if target in MODULES:
                    todo.append(target)
    return seen


def reached(name: str, forbidden: tuple[str, ...]) -> set[str]:
    """The forbidden modules (or their submodules) that `name` reaches."""
    return {n for n in reaches(name) if any(n == f or n.startswith(f + ".") for f in forbidden)}


def test_reaching_follows_imports_through_the_package() -> None:
    assert "streamlit" in reaches("dashboard.ui.home")  # directly
    assert "dashboard.db.schema" in reaches("dashboard.views.home")  # through the store


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("dashboard.ui")))
def test_only_ui_imports_streamlit(name: str) -> None:
    assert reached(name, ("streamlit", "dashboard.ui")) == set()


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("dashboard.rules")))
def test_rules_read_neither_the_store_nor_the_database(name: str) -> None:
    forbidden = ("dashboard.store", "dashboard.db", "dashboard.views", "dashboard.ui")
    assert reached(name, (*forbidden, "sqlalchemy", "streamlit")) == set()


@pytest.mark.parametrize(
    "name",
    sorted(
        n
        for n in MODULES
        if n.startswith(("dashboard.rules", "dashboard.documents", "dashboard.text"))
        or n in ("dashboard.charts", "dashboard.content", "dashboard.records")
    ),
)
def test_only_views_read_the_store_among_pure_code(name: str) -> None:
    assert reached(name, ("dashboard.store", "dashboard.ui", "streamlit")) == set()


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("dashboard.views")))
def test_views_never_draw(name: str) -> None:
    assert reached(name, ("dashboard.ui", "streamlit")) == set()


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
