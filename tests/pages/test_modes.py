"""Home mode is never exposed by accident: beyond loopback without sign-in, no family data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from dashboard.demo import load_demo
from dashboard.store import Store

ROOT = Path(__file__).resolve().parents[2]
PAGES = [None, *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture
def listening_on() -> Iterator[Callable[[str], None]]:
    """Set server.address for the test (what `--server.address` would), then put it back."""
    before = config.get_option("server.address")

    def set_address(address: str) -> None:
        config.set_option("server.address", address)

    yield set_address
    config.set_option("server.address", before)


def every_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("markdown", "text", "title", "subheader", "caption", "info", "error")
        for e in getattr(at, kind)
    ]
    parts += [
        str(w.label) for kind in ("button", "text_input", "selectbox") for w in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("address", ["0.0.0.0", "", "192.168.1.20"])
def test_bound_beyond_loopback_without_sign_in_shows_no_family_data(
    data_dir: Any,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    listening_on: Callable[[str], None],
    page: str | None,
    address: str,
) -> None:
    family, _ = load_demo(open_store(data_dir))
    names = [family.info().name, *(p.display_name for p in family.loved_ones())]
    listening_on(address)
    at = app(page).run()
    assert not at.exception
    shown = every_text(at)
    assert "Harbor is not showing family records here" in shown
    assert not [name for name in names if name in shown]
    assert not at.selectbox and not at.text_input and not at.date_input


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_on_loopback_home_mode_shows_the_family(
    data_dir: Any,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    listening_on: Callable[[str], None],
    address: str,
) -> None:
    family, _ = load_demo(open_store(data_dir))
    listening_on(address)
    at = app().run()
    assert not at.exception
    assert "Harbor is not showing family records here" not in every_text(at)
    assert family.loved_ones()[0].display_name in every_text(at)
