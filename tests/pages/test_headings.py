"""Headings in order (WCAG 1.3.1, 2.4.6) on the pages of shipped content: one h1, and no
level skipped on the way down, in every view of Get help now, Facilitator and Learn."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

HELP = "pages/11_Get_help_now.py"
FACILITATOR = "pages/10_Facilitator.py"
LEARN = "pages/01_Learn.py"

Step = Callable[[AppTest], AppTest]


def _view(key: str, value: str) -> Step:
    return lambda at: at.radio(key=key).set_value(value).run()


def _search(words: str) -> Step:
    return lambda at: at.text_input[0].input(words).run()


def _open_first_guide(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.key and b.key.startswith("open_path_")).click().run()


def _present_to_the_end(at: AppTest) -> AppTest:
    at = _view("facilitator_view", "Presentation mode")(at)
    while not at.button(key="slide_next").disabled:
        at = at.button(key="slide_next").click().run()
    return at


VIEWS: dict[str, tuple[str, Step]] = {
    "get help now": (HELP, lambda at: at),
    "facilitator plan": (FACILITATOR, lambda at: at),
    "facilitator presentation": (FACILITATOR, _present_to_the_end),
    "facilitator notes": (FACILITATOR, _view("facilitator_view", "Notes")),
    "facilitator handouts": (FACILITATOR, _view("facilitator_view", "Handouts and worksheets")),
    "learn path": (LEARN, lambda at: at),
    "learn a guide": (LEARN, _open_first_guide),
    "learn by topic": (LEARN, _view("learn_view", "Browse by topic")),
    "learn words explained": (LEARN, _view("learn_view", "Words explained")),
    "learn search": (LEARN, _search("khole")),
}


@pytest.mark.parametrize(("page", "step"), VIEWS.values(), ids=VIEWS.keys())
def test_headings_start_at_one_and_skip_no_level(
    data_dir: Path,
    app: Callable[..., AppTest],
    headings: Callable[[AppTest], list[tuple[int, str]]],
    page: str,
    step: Step,
) -> None:
    at = step(app(page).run())
    assert not at.exception
    found = headings(at)
    levels = [level for level, _ in found]
    assert levels[0] == 1 and levels.count(1) == 1, found
    skips = [(a, b) for a, b in pairwise(found) if b[0] > a[0] + 1]
    assert not skips, found
