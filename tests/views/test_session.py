"""The session summary's boundary and CRAFT lines, read from the store for a date range."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.store import HouseholdStore
from dashboard.views.session import boundary_and_craft_lines

DAY = date(2026, 3, 1)


def test_session_lines_for_the_demo_family(demo: HouseholdStore, demo_today: date) -> None:
    start, end = demo_today - timedelta(days=270), demo_today - timedelta(days=250)
    lines = list(boundary_and_craft_lines(demo, start, end))
    assert lines[0] == "Boundaries (2 plans): Kept twice, tested once, crossed once."
    assert "4 responses logged, from 20 Sep 2025 to 1 Oct 2025." in lines
    assert "When you saw no use, you rewarded it 1 of 2 times." in lines
    assert "When you saw use, you stepped away." in lines
    assert any(
        line.startswith("Invited to treatment on 1 Oct 2025: they said yes.") for line in lines
    )


def test_session_lines_when_nothing_was_logged(family: HouseholdStore) -> None:
    assert list(boundary_and_craft_lines(family, DAY, DAY)) == [
        "Boundaries: nothing was logged between these dates.",
        "Responses (CRAFT in practice): none logged between these dates.",
    ]
