"""Get help now through AppTest: what to do if they stop breathing, naloxone, every region."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.content import crisis_lines, emergency_guide
from dashboard.store import NewFamily, Store

HELP_PAGE = "pages/11_Get_help_now.py"


def _page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info]
    parts += [w.value for w in at.warning] + [e.value for e in at.error]
    parts += [s.value for s in at.subheader]
    return "\n".join(parts)


def test_get_help_now_shows_the_breathing_and_cpr_steps(
    data_dir: Any, app: Callable[..., AppTest]
) -> None:
    at = app(HELP_PAGE).run()
    assert not at.exception
    guide = emergency_guide()
    assert guide.not_breathing_title in [s.value for s in at.subheader]
    text = _page_text(at)
    for step in guide.not_breathing:
        assert step in text
    assert "recovery position" in text
    assert "CPR" in text and "call handler" in text


def test_get_help_now_shows_the_naloxone_note(data_dir: Any, app: Callable[..., AppTest]) -> None:
    at = app(HELP_PAGE).run()
    (note,) = [i.value for i in at.info if "Naloxone" in i.value]
    assert "does not reverse ketamine" in note
    assert "harmless" in note
    assert "opioids may be involved" in note


@pytest.mark.parametrize(("region", "number"), [("IE", "call 112 or 999"), ("NZ", "call 111")])
def test_new_regions_show_their_own_emergency_number(
    data_dir: Path,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    region: str,
    number: str,
) -> None:
    open_store(data_dir).create_family(NewFamily("The Test family", "Sam", "Alex", region=region))
    at = app(HELP_PAGE).run()
    assert not at.exception
    assert number in at.error[0].value
    assert "911" not in at.error[0].value
    text = _page_text(at)
    assert all(line.contact in text for line in crisis_lines(region).lines)


def test_somewhere_else_asks_for_the_country_and_lists_numbers_by_country(
    data_dir: Path,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    crisis_bar: Callable[[AppTest], str],
) -> None:
    open_store(data_dir).create_family(NewFamily("The Test family", "Sam", "Alex", region="ZZ"))
    at = app(HELP_PAGE).run()
    assert not at.exception
    ask = crisis_lines("ZZ").ask
    assert ask in [w.value for w in at.warning]
    assert any(ask in m.value for m in at.markdown), "the crisis bar asks too"
    assert "findahelpline.com" in crisis_bar(at)
    for number in ("112", "000", "911", "999", "111"):
        assert number in at.error[0].value
    assert any(b.label == "Call 112" for b in at.get("link_button"))
