"""The boundaries tips library, the invitation guide and the worksheets: content checks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from dashboard.content import (
    TIP_AREAS,
    BoundaryTip,
    boundary_tip,
    boundary_tip_areas,
    invitation_guide,
    worksheet_library,
)
from dashboard.records import BOUNDARY_AREA_LABELS
from dashboard.rules.pius import check_message

# The references listed in docs/evidence.md ("Sources"): the only ones the library may cite.
EVIDENCE = Path(__file__).resolve().parents[1] / "docs" / "evidence.md"
ALLOWED_SOURCES = set(
    re.findall(r"^- .+ — (https://\S+)$", EVIDENCE.read_text(encoding="utf-8"), flags=re.M)
)
KIRBY_2017 = "https://pmc.ncbi.nlm.nih.gov/articles/PMC5690811"
TIPS = [tip for area in boundary_tip_areas() for tip in area.tips]


def test_every_area_of_the_issue_has_tips() -> None:
    areas = boundary_tip_areas()
    assert [a.area for a in areas] == list(TIP_AREAS)
    assert set(TIP_AREAS) == set(BOUNDARY_AREA_LABELS) - {"other"}
    assert all(len(a.tips) >= 3 for a in areas)
    assert all(a.title == BOUNDARY_AREA_LABELS[a.area] for a in areas)


def test_tip_ids_are_unique_and_found() -> None:
    ids = Counter(tip.id for tip in TIPS)
    assert [tip_id for tip_id, count in ids.items() if count > 1] == []
    area, tip = boundary_tip("money-pay-essentials")
    assert (area.area, tip.title) == ("money", "Pay for essentials directly, not in cash")
    assert boundary_tip("no-such-tip") is None
    assert boundary_tip(None) is None


@pytest.mark.parametrize("tip", TIPS, ids=lambda t: t.id)
def test_each_tip_has_a_why_words_to_say_and_sources(tip: BoundaryTip) -> None:
    assert tip.why and tip.say_it and tip.boundary
    urls = {str(source.url) for source in tip.sources}
    assert urls <= ALLOWED_SOURCES


def test_the_evidence_sources_were_read() -> None:
    assert KIRBY_2017 in ALLOWED_SOURCES
    assert len(ALLOWED_SOURCES) > 20


def test_kirby_2017_is_cited_only_for_inviting_to_treatment() -> None:
    """Kirby 2017 compared ways to get a loved one into treatment; other tips cite CRAFT trials."""
    citing = {tip.id for tip in TIPS if KIRBY_2017 in {str(s.url) for s in tip.sources}}
    assert citing == {"logistics-line-up"}


@pytest.mark.parametrize("tip", TIPS, ids=lambda t: t.id)
def test_each_boundary_is_a_promise_about_the_family_not_a_rule_for_them(tip: BoundaryTip) -> None:
    words = set(tip.boundary.lower().replace(".", " ").replace(",", " ").split())
    assert words & {"i", "i'll", "our", "we", "family"}, tip.boundary


@pytest.mark.parametrize("tip", TIPS, ids=lambda t: t.id)
def test_example_words_model_positive_communication(tip: BoundaryTip) -> None:
    check = check_message(tip.say_it)
    assert check.flags == (), [f.key for f in check.flags]
    assert check.part("i_statement").present
    assert check.part("brief").present


def test_money_tip_says_pay_essentials_directly_as_practitioner_advice() -> None:
    _, tip = boundary_tip("money-pay-essentials")
    assert "directly" in tip.boundary
    assert "rather than a named CRAFT step" in " ".join(tip.why.split())


def test_invitation_guide() -> None:
    guide = invitation_guide()
    ids = [sign.id for sign in guide.window_signs]
    assert len(ids) == len(set(ids))
    assert {"remorse", "after-a-problem", "asked-about-help"} <= set(ids)
    assert "not recommended" in guide.intro
    assert guide.sign_label("remorse") == "They seem sorry or upset about their use"
    assert guide.sign_label("unknown-sign") == "unknown-sign"
    assert {str(s.url) for s in guide.sources} <= ALLOWED_SOURCES


def test_worksheet_library() -> None:
    library = worksheet_library()
    ids = [w.id for w in library.worksheets]
    assert ids == [
        "boundary-plan",
        "pius",
        "response-log",
        "treatment-invitation",
        "sober-activities",
    ]
    plan = library.get("boundary-plan")
    keys = {field.key for section in plan.sections for field in section.fields}
    assert {"boundary", "why_it_matters", "if_crossed", "how_to_say_it", "review_date"} <= keys
    assert {str(s.url) for s in library.sources} <= ALLOWED_SOURCES
