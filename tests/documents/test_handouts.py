"""Group handout packs: the PDF holds what a family takes home, large print is larger, and
the HTML loads nothing from outside the file. PDFs are read back with pypdf."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import pytest
from pypdf import PdfReader

from dashboard.content import crisis_directory, curriculum
from dashboard.documents import handout_pdf
from dashboard.documents.handouts import (
    LARGE_PRINT_PT,
    HandoutRequestError,
    check_region,
    handout_file_name,
    handout_html,
    handout_pack,
    session_numbers,
)

ALL = [s.number for s in curriculum().sessions]


def pdf_text(pdf: bytes) -> str:
    """The words of every page, with line breaks folded to spaces (wrapping moves them)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def font_sizes(pdf: bytes) -> set[float]:
    """Every font size the PDF sets (the `Tf` operators of its page contents)."""
    sizes: set[float] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        sizes |= {float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", data)}
    return sizes


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("number", "region"), [(1, "US"), (4, "UK"), (10, "AU")])
def test_the_pdf_holds_the_title_the_take_home_step_and_the_crisis_lines(
    number: int, region: str
) -> None:
    session = curriculum().session(number)
    text = pdf_text(handout_pdf(handout_pack([number], region)))
    assert folded(f"Session {number}: {session.title}") in text
    assert folded(session.take_home) in text
    for line in crisis_directory().regions[region].lines:
        assert folded(line.contact) in text
    for guideline in curriculum().programme.guidelines:
        assert guideline.title in text
    assert folded(session.talk[0]) in text


def test_the_programme_pack_holds_every_session_once() -> None:
    pack = handout_pack(ALL, "CA")
    text = pdf_text(handout_pdf(pack))
    for session in curriculum().sessions:
        assert folded(f"Session {session.number}: {session.title}") in text
        assert folded(session.take_home) in text
    assert pack.whole_programme
    assert handout_file_name(pack, "pdf") == "harbor-handout-programme.pdf"


def test_large_print_is_larger() -> None:
    normal = handout_pdf(handout_pack([4], "US"))
    large = handout_pdf(handout_pack([4], "US", large_print=True))
    assert min(font_sizes(large)) >= LARGE_PRINT_PT
    assert min(font_sizes(normal)) < LARGE_PRINT_PT
    assert max(font_sizes(large)) > max(font_sizes(normal))
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)
    assert "18pt" in handout_html(handout_pack([4], "US", large_print=True))
    assert "18pt" not in handout_html(handout_pack([4], "US"))


@pytest.mark.parametrize("numbers", [[4], ALL], ids=["session", "programme"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_html_loads_nothing_from_outside_the_file(
    numbers: list[int], large: bool, assert_loads_nothing: Callable[[str], None]
) -> None:
    html = handout_html(handout_pack(numbers, "UK", large_print=large))
    assert_loads_nothing(html)
    assert "999" in html  # the UK emergency number, from the one checked list


@pytest.mark.parametrize("numbers", [[4], ALL], ids=["session", "programme"])
def test_the_html_headings_start_at_one_and_skip_no_level(
    numbers: list[int], html_tags: Callable[[str], Any]
) -> None:
    found = html_tags(handout_html(handout_pack(numbers, "US")))
    levels = [int(tag[1]) for tag in found.tags if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    lists = [i for i, tag in enumerate(found.tags) if tag in ("ul", "ol")]
    assert all(found.tags[i + 1] == "li" for i in lists)  # lists hold list items only


def test_the_html_holds_the_blank_worksheet_of_the_session() -> None:
    session = curriculum().session(4)
    html = handout_html(handout_pack([4], "US"))
    assert "Worksheet: Say it with PIUS" in html
    assert html.count('class="line"') >= 5  # lines to write on, left blank
    assert session.take_home.split()[0] in html


@pytest.mark.parametrize(
    ("choice", "expected"), [("all", ALL), ("3", [3]), (" 10 ", [10]), ("ALL", ALL)]
)
def test_session_choices(choice: str, expected: list[int]) -> None:
    assert session_numbers(choice) == expected


@pytest.mark.parametrize("choice", ["0", "11", "-1", "two", "", "3.5"])
def test_a_bad_session_is_named(choice: str) -> None:
    with pytest.raises(HandoutRequestError, match="choose a number from 1 to 10, or all"):
        session_numbers(choice)


def test_regions() -> None:
    assert check_region("uk") == "UK"
    with pytest.raises(HandoutRequestError, match="unknown region 'FR'; choose one of AU, CA"):
        check_region("FR")
