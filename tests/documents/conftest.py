"""Helpers for the printed and downloaded documents' tests."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest


class Tags(HTMLParser):
    """Every tag, attribute and style block of a page: whatever a browser might load or run."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _tags(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


ACTIVE_TAGS = {"script", "img", "link", "iframe", "object", "embed", "a", "base", "form", "svg"}
PLAIN_ATTRIBUTES = {"lang", "charset", "name", "content", "class"}


def _assert_loads_nothing(html: str) -> None:
    found = _tags(html)
    assert ACTIVE_TAGS.isdisjoint(found.tags)
    assert {name for name, _ in found.attributes} <= PLAIN_ATTRIBUTES
    assert all("://" not in value and "javascript" not in value for _, value in found.attributes)
    assert len(found.styles) == 1
    assert "url(" not in found.styles[0]
    assert "@import" not in found.styles[0]
    assert "@font-face" not in found.styles[0]


@pytest.fixture
def html_tags() -> Callable[[str], Tags]:
    """Returns `html_tags(html)`: the page's tags, attributes and style blocks."""
    return _tags


@pytest.fixture
def assert_loads_nothing() -> Callable[[str], None]:
    """Returns `assert_loads_nothing(html)`: the page has nothing a browser would fetch or run."""
    return _assert_loads_nothing
