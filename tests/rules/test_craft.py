"""CRAFT in practice: response-log patterns, the invitation checklist, the activities map."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from dashboard.content import invitation_guide
from dashboard.records import (
    ActivityOccasion,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
)
from dashboard.rules.craft import (
    PATTERN_COLUMNS,
    activity_lines,
    activity_map,
    invitation_checklist,
    invitation_lines,
    monthly_pattern,
    response_line,
    summarise_responses,
)

DAY = date(2026, 3, 1)
HOUSEHOLD = uuid.UUID("00000000-0000-4000-8000-00000000000a")
LOVED_ONE = uuid.UUID("00000000-0000-4000-8000-00000000000b")


def response(offset: int, saw: str, did: str) -> CraftResponse:
    return CraftResponse(
        household_id=HOUSEHOLD,
        loved_one_id=LOVED_ONE,
        day=DAY + timedelta(days=offset),
        saw=saw,
        did=did,
    )


# -- response-log summary -------------------------------------------------------------------


def test_no_responses() -> None:
    summary = summarise_responses([])
    assert summary.total == 0
    assert summary.sentences() == ["No responses logged yet."]


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        (
            [("not_using", "rewarded_non_use")],
            [
                "1 response logged, from 1 Mar 2026 to 1 Mar 2026.",
                "You saw no use once.",
                "When you saw no use, you rewarded it.",
            ],
        ),
        (
            [("not_using", "other")],
            [
                "1 response logged, from 1 Mar 2026 to 1 Mar 2026.",
                "You saw no use once.",
                "When you saw no use, you did not reward it that time.",
            ],
        ),
        (
            [
                ("not_using", "rewarded_non_use"),
                ("not_using", "rewarded_non_use"),
                ("not_using", "other"),
                ("using", "stepped_away"),
                ("using", "stepped_away"),
                ("cant_tell", "natural_consequence"),
            ],
            [
                "6 responses logged, from 1 Mar 2026 to 6 Mar 2026.",
                "You saw no use 3 times and use twice.",
                "You couldn't tell once.",
                "When you saw no use, you rewarded it 2 of 3 times.",
                "When you saw use, you stepped away both times.",
                "Allowed a natural consequence once.",
            ],
        ),
        (
            [
                ("using", "held_boundary"),
                ("using", "natural_consequence"),
                ("using", "held_boundary"),
            ],
            [
                "3 responses logged, from 1 Mar 2026 to 3 Mar 2026.",
                "You saw use 3 times.",
                "When you saw use, you did not step away any of the 3 times.",
                "Allowed a natural consequence once and set or held a boundary twice.",
            ],
        ),
        (
            [("not_using", "rewarded_non_use")] * 4,
            [
                "4 responses logged, from 1 Mar 2026 to 4 Mar 2026.",
                "You saw no use 4 times.",
                "When you saw no use, you rewarded it all 4 times.",
            ],
        ),
    ],
)
def test_response_summary_in_plain_words(log: list[tuple[str, str]], expected: list[str]) -> None:
    responses = [response(i, saw, did) for i, (saw, did) in enumerate(log)]
    assert summarise_responses(responses).sentences() == expected


def test_summary_counts_only_the_chosen_dates() -> None:
    responses = [response(i, "not_using", "rewarded_non_use") for i in range(10)]
    summary = summarise_responses(responses, DAY + timedelta(days=2), DAY + timedelta(days=4))
    assert summary.total == 3
    assert summary.rewarded_when_not_using == 3
    assert (summary.first_day, summary.last_day) == (
        DAY + timedelta(days=2),
        DAY + timedelta(days=4),
    )


def test_summary_never_reads_as_a_score() -> None:
    responses = [response(i, "not_using", "other") for i in range(3)]
    text = " ".join(summarise_responses(responses).sentences()).lower()
    for word in ("score", "%", "percent", "rate", "grade", "failed", "should"):
        assert word not in text


def test_monthly_pattern_counts_what_was_done_each_month() -> None:
    responses = [
        response(0, "not_using", "rewarded_non_use"),
        response(1, "using", "stepped_away"),
        response(40, "not_using", "rewarded_non_use"),
        response(41, "not_using", "rewarded_non_use"),
    ]
    frame = monthly_pattern(responses)
    assert list(frame.columns) == PATTERN_COLUMNS
    assert frame.to_dict("records") == [
        {
            "month": "2026-03",
            "responses": 2,
            "rewarded_non_use": 1,
            "stepped_away": 1,
            "natural_consequence": 0,
            "held_boundary": 0,
            "other": 0,
        },
        {
            "month": "2026-04",
            "responses": 2,
            "rewarded_non_use": 2,
            "stepped_away": 0,
            "natural_consequence": 0,
            "held_boundary": 0,
            "other": 0,
        },
    ]
    assert list(monthly_pattern([]).columns) == PATTERN_COLUMNS


def test_response_line() -> None:
    line = response_line(response(0, "cant_tell", "natural_consequence"))
    assert line == "1 Mar 2026 · saw: Can't tell · did: Allowed a natural consequence"


# -- treatment invitation -------------------------------------------------------------------


def invitation(**overrides: object) -> TreatmentInvitation:
    values = {
        "household_id": HOUSEHOLD,
        "loved_one_id": LOVED_ONE,
        "plan_date": DAY,
        "words": "I love you. Would you call the clinic with me tomorrow?",
    }
    return TreatmentInvitation(**{**values, **overrides})


def test_invitation_checklist_shows_what_is_ready() -> None:
    nothing = invitation_checklist(None, [])
    assert [item.done for item in nothing] == [False, False, False, False]
    option = TreatmentOption(household_id=HOUSEHOLD, name="Clinic", phone="555-0142")
    ready = invitation_checklist(invitation(window_signs="remorse", if_no="Try again."), [option])
    assert [item.done for item in ready] == [True, True, True, True]
    no_phone = TreatmentOption(household_id=HOUSEHOLD, name="Clinic")
    partly = invitation_checklist(invitation(), [no_phone])
    assert [item.done for item in partly] == [False, False, True, False]


def test_invitation_lines_name_the_answer_and_the_signs() -> None:
    asked = invitation(
        window_signs="remorse,health-worry",
        asked_on=DAY + timedelta(days=3),
        outcome="no",
    )
    not_yet = invitation()
    lines = invitation_lines([not_yet, asked], invitation_guide())
    assert lines == [
        "Invited to treatment on 4 Mar 2026: they said no, for now. Signs of a window: "
        "they seem sorry or upset about their use, they are worried about a health symptom, "
        "such as bladder pain."
    ]
    assert invitation_lines([asked], invitation_guide(), end=DAY) == []


# -- sober activities map -------------------------------------------------------------------


def test_activity_map_counts_done_and_finds_the_next_plan() -> None:
    swim = SoberActivity(household_id=HOUSEHOLD, loved_one_id=LOVED_ONE, title="Swimming")
    pottery = SoberActivity(household_id=HOUSEHOLD, loved_one_id=LOVED_ONE, title="Pottery")
    old = SoberActivity(
        household_id=HOUSEHOLD, loved_one_id=LOVED_ONE, title="Bowling", archived=True
    )

    def occasion(activity: SoberActivity, offset: int, status: str) -> ActivityOccasion:
        return ActivityOccasion(
            household_id=HOUSEHOLD,
            activity_id=activity.id,
            day=DAY + timedelta(days=offset),
            status=status,
        )

    occasions = [
        occasion(swim, -10, "done"),
        occasion(swim, -3, "done"),
        occasion(swim, -1, "skipped"),
        occasion(swim, 7, "planned"),
        occasion(pottery, -20, "planned"),  # a plan in the past is not "next"
        occasion(pottery, 2, "planned"),
        occasion(old, -30, "done"),
    ]
    views = activity_map([old, swim, pottery], occasions, DAY)
    assert [v.activity.title for v in views] == ["Pottery", "Swimming", "Bowling"]
    pottery_view, swim_view, old_view = views
    assert (swim_view.done, swim_view.last_done, swim_view.next_planned) == (
        2,
        DAY - timedelta(days=3),
        DAY + timedelta(days=7),
    )
    assert swim_view.summary() == (
        "Done together twice, last on 26 Feb 2026, next planned for 8 Mar 2026."
    )
    assert pottery_view.summary() == "Not done together yet, next planned for 3 Mar 2026."
    assert old_view.summary() == "Done together once, last on 30 Jan 2026."
    assert activity_lines([swim, pottery, old], occasions, DAY - timedelta(days=12), DAY) == [
        "Sober activities done together: Swimming (twice)."
    ]
    assert activity_lines([swim], occasions, DAY, DAY) == []
