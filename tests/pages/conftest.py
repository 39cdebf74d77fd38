"""Fixtures for the AppTest page tests: the app, its SQLite family, and widget helpers.

AppTest runs the app's own database (HARBOR_DATA_DIR, set by `data_dir`), so the pages'
`family` is on SQLite in that folder rather than the SQLite-and-PostgreSQL `family` of
tests/conftest.py. Helpers that tests call are fixtures that return the function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, HeadingBase, Node

from dashboard.config import Settings
from dashboard.store import HouseholdStore, NewFamily, Store

ROOT = Path(__file__).resolve().parents[2]
APP_TIMEOUT = 60
MARKDOWN_PAYLOADS = (
    "![x](http://127.0.0.1:9/p.png)",
    "[x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
)


def _app(page: str | None = None) -> AppTest:
    """An AppTest of Home, switched to `page` when given (the way a person navigates)."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=APP_TIMEOUT)
    if page is not None:
        at.switch_page(page)
    return at


def _crisis_bar(at: AppTest) -> str:
    return next((m.value for m in at.markdown if "Need help now?" in m.value), "")


def _by_label(elements: Any, label: str) -> Any:
    """The widget whose label starts with `label` (labels are what a person reads)."""
    matches = [element for element in elements if element.label.startswith(label)]
    assert matches, f"no widget labelled {label!r}; have {[e.label for e in elements]}"
    return matches[0]


HEADING_LEVELS = {"title": 1, "header": 2, "subheader": 3}


def _headings(at: AppTest) -> list[tuple[int, str]]:
    """The main area's headings in page order, as (level, text): st.title is 1, st.header
    2, st.subheader 3, and a Markdown "## ..." line inside st.markdown its own level."""
    found: list[tuple[int, str]] = []

    def walk(node: Node) -> None:
        if isinstance(node, HeadingBase):
            found.append((HEADING_LEVELS[node.type], node.value))
        elif node.type == "markdown":
            found.extend((len(h), t) for h, t in re.findall(r"^(#{1,6}) +(.*)$", node.value, re.M))
        if isinstance(node, Block):
            for index in sorted(node.children):
                walk(node.children[index])

    walk(at.main)
    return found


def _in_page_order(at: AppTest) -> list[Node]:
    """The main area's elements (not their blocks) in the order the page shows them."""
    found: list[Node] = []

    def walk(node: Node) -> None:
        if isinstance(node, Block):
            for index in sorted(node.children):
                walk(node.children[index])
        else:
            found.append(node)

    walk(at.main)
    return found


def _submit(at: AppTest, label: str) -> AppTest:
    _by_label(at.button, label).click()
    return at.run()


def _open_store(data_dir: Any) -> Store:
    return Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))


@pytest.fixture
def app() -> Callable[..., AppTest]:
    """Returns `app(page=None)`: an AppTest of Home, switched to `page` ("pages/…py") if given."""
    return _app


@pytest.fixture
def crisis_bar() -> Callable[[AppTest], str]:
    """Returns a function giving the text of the crisis bar every page shows ("" if none)."""
    return _crisis_bar


@pytest.fixture
def by_label() -> Callable[[Any, str], Any]:
    """Returns `by_label(elements, label)`: the widget whose label starts with `label`."""
    return _by_label


@pytest.fixture
def headings() -> Callable[[AppTest], list[tuple[int, str]]]:
    """Returns `headings(at)`: the main area's (level, text) headings in page order."""
    return _headings


@pytest.fixture
def in_page_order() -> Callable[[AppTest], list[Node]]:
    """Returns `in_page_order(at)`: the main area's elements, top to bottom."""
    return _in_page_order


@pytest.fixture
def submit() -> Callable[[AppTest, str], AppTest]:
    """Returns `submit(at, label)`: click the button labelled `label` and rerun."""
    return _submit


@pytest.fixture
def open_store() -> Callable[[Any], Store]:
    """Returns `open_store(data_dir)`: the app's own SQLite store in that folder."""
    return _open_store


@pytest.fixture
def family(data_dir: Path) -> HouseholdStore:
    """A new family in the app's own SQLite database (AppTest opens it from HARBOR_DATA_DIR)."""
    return _open_store(data_dir).create_family(NewFamily("The Test family", "Sam", "Alex"))


@pytest.fixture(params=MARKDOWN_PAYLOADS)
def markdown_payload(request: pytest.FixtureRequest) -> str:
    """Text that would fetch or run something if a page rendered it as Markdown or HTML."""
    return request.param
