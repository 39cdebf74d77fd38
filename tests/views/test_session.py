"""The session summary's boundary and CRAFT lines, read from the store for a date range."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.records import DailyCheckin, SessionQuestion, TreatmentEvent
from dashboard.store import HouseholdStore
from dashboard.views.session import boundary_and_craft_lines, default_range, session_view

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


# -- the therapy session report -------------------------------------------------------------

PRIVATE = "A private worry nobody else should read"
SHARED = "Asked how my own group is going"


def _ids(family: HouseholdStore) -> tuple:
    return family.loved_ones()[0], family.family_members()[0]


def _checkin(family: HouseholdStore, day: date, **values) -> None:
    loved_one, member = _ids(family)
    family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=loved_one.id,
            day=day,
            mood=3,
            sleep=3,
            observed_use="none",
            logged_by=member.id,
            **values,
        )
    )


def _session(family: HouseholdStore, day: date, notes: str = "", share: bool = False) -> None:
    family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=_ids(family)[0].id,
            kind="therapy_session",
            title="Weekly session",
            start_date=day,
            notes=notes,
            share_in_reports=share,
        )
    )


@pytest.mark.parametrize(
    ("sessions", "start"),
    [
        ([], DAY - timedelta(days=27)),
        ([10], DAY - timedelta(days=9)),
        ([20, 6], DAY - timedelta(days=5)),
    ],
    ids=["no-session", "one-session", "the-latest-session"],
)
def test_the_default_range_starts_after_the_last_therapy_session(
    family: HouseholdStore, sessions: list[int], start: date
) -> None:
    for back in sessions:
        _session(family, DAY - timedelta(days=back))
    found = default_range(family, _ids(family)[0].id, DAY)
    assert (found.start, found.end) == (start, DAY)


def test_attendance_is_counted_once_in_the_report(family: HouseholdStore) -> None:
    both, marked_only = DAY - timedelta(days=2), DAY - timedelta(days=1)
    _checkin(family, both, attended_treatment=True)
    _checkin(family, marked_only, attended_treatment=True)
    _session(family, both)
    view = session_view(family, _ids(family)[0].id, DAY - timedelta(days=6), DAY)
    assert view.attendance.total == 2
    sentence = (
        "Treatment attended on 2 days: 1 day from check-ins marked “attended” and 1 day shown "
        "by both."
    )
    assert sentence in view.report.text_lines()


def test_only_shared_notes_reach_the_report(family: HouseholdStore) -> None:
    _checkin(family, DAY - timedelta(days=3), notes=PRIVATE)
    _checkin(family, DAY - timedelta(days=2), notes=SHARED, share_in_reports=True)
    _session(family, DAY - timedelta(days=1), notes=PRIVATE + " (event)")
    view = session_view(family, _ids(family)[0].id, DAY - timedelta(days=6), DAY)
    everything = repr(view.report)  # every line, and every chart's hover text
    assert SHARED in everything
    assert PRIVATE not in everything


def test_roles_replace_every_name(family: HouseholdStore) -> None:
    loved_one, member = _ids(family)
    _checkin(
        family,
        DAY - timedelta(days=1),
        notes=f"{loved_one.display_name} and {member.display_name} cooked.",
        share_in_reports=True,
    )
    view = session_view(family, loved_one.id, DAY - timedelta(days=6), DAY, True, "my son")
    text = "\n".join(view.report.text_lines())
    assert "my son and Parent cooked." in text
    assert loved_one.display_name not in text and member.display_name not in text


def test_a_range_with_no_data_gives_a_kind_empty_report(family: HouseholdStore) -> None:
    view = session_view(family, _ids(family)[0].id, DAY - timedelta(days=6), DAY)
    assert not view.has_data
    assert view.report.empty.startswith("Nothing was logged between")
    assert [part.key for part in view.report.parts] == ["questions"]
    assert view.report.crisis_lines


def test_questions_saved_with_an_overlapping_range_are_included(family: HouseholdStore) -> None:
    loved_one, _ = _ids(family)
    for start, end, text in (
        (DAY - timedelta(days=3), DAY, "Inside"),
        (DAY - timedelta(days=40), DAY - timedelta(days=30), "Long ago"),
    ):
        family.add(
            SessionQuestion(
                household_id=family.id,
                loved_one_id=loved_one.id,
                range_start=start,
                range_end=end,
                text=text,
            )
        )
    view = session_view(family, loved_one.id, DAY - timedelta(days=6), DAY)
    assert [q.text for q in view.questions] == ["Inside"]
    assert "Inside" in view.report.text_lines()
