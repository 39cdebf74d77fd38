"""The Learn page's forgiving search, its glossary, and the words listed under a guide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.content import glossary

LEARN = "pages/01_Learn.py"


@pytest.mark.parametrize(
    ("query", "title"),
    [("bladdr", "Harm to the bladder and kidneys"), ("khole", "What ketamine is")],
)
def test_a_misspelt_search_still_offers_the_guide(
    data_dir: Any,
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    query: str,
    title: str,
) -> None:
    at = app(LEARN).run()
    by_label(at.text_input, "Search").input(query)
    at = at.run()
    assert not at.exception
    assert any(b.label.endswith(title) for b in at.button)


def test_nonsense_says_nothing_matches(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app(LEARN).run()
    by_label(at.text_input, "Search").input("zeppelin")
    at = at.run()
    assert any("No guide matches" in i.value for i in at.info)


def test_search_explains_a_glossary_word(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app(LEARN).run()
    by_label(at.text_input, "Search").input("nystagmus")
    at = at.run()
    assert "Words explained" in [s.value for s in at.subheader]
    assert any(m.value.startswith("**nystagmus**") for m in at.markdown)


def test_the_words_explained_view_lists_every_term(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app(LEARN).run()
    by_label(at.radio, "Show").set_value("Words explained")
    at = at.run()
    shown = " ".join(m.value for m in at.markdown)
    for term in glossary().terms:
        assert f"**{term.term}**" in shown


def test_a_guide_lists_the_words_it_uses(
    data_dir: Any, app: Callable[..., AppTest], by_label: Callable[[Any, str], Any]
) -> None:
    at = app(LEARN).run()
    by_label(at.button, "What ketamine is").click()
    at = at.run()
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Words in this guide") for label in labels)
    assert any(m.value.startswith("**NMDA receptor**") for m in at.markdown)
