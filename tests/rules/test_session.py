"""The session report's rules: the default range, attendance counted once, the items to
talk about, and each suggested question with the reason that brought it up."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.content import report_wording
from dashboard.rules import session as rules
from dashboard.rules.session import Period

TODAY = date(2026, 6, 30)
WORDING = report_wording()


def events(*rows: tuple[str, date, str]) -> pd.DataFrame:
    """TreatmentEvent-like rows: (kind, start_date, status)."""
    return pd.DataFrame(
        [
            {"kind": k, "start_date": pd.Timestamp(d), "status": s, "title": "", "end_date": None}
            for k, d, s in rows
        ],
        columns=["kind", "start_date", "status", "title", "end_date"],
    )


def checkins(*rows: dict) -> pd.DataFrame:
    base = {
        "observed_use": "none",
        "mood": 3,
        "sleep": 3,
        "attended_treatment": False,
        "craving": None,
        "urinary_symptoms": False,
    }
    frame = pd.DataFrame([{**base, **row} for row in rows], columns=["day", *base])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], Period(day(-27), TODAY)),
        ([("therapy_session", day(-10), "actual")], Period(day(-9), TODAY)),
        (
            [("therapy_session", day(-10), "actual"), ("therapy_session", day(-3), "actual")],
            Period(day(-2), TODAY),
        ),
        # A planned session, or another kind of event, does not move the range.
        ([("therapy_session", day(-5), "planned")], Period(day(-27), TODAY)),
        ([("support_meeting", day(-5), "actual")], Period(day(-27), TODAY)),
        # A session today is the one the report is for: the range starts after the one before.
        (
            [("therapy_session", day(-7), "actual"), ("therapy_session", TODAY, "actual")],
            Period(day(-6), TODAY),
        ),
    ],
    ids=["none", "one", "the-last", "planned", "other-kind", "today"],
)
def test_default_range_runs_from_the_day_after_the_last_session(rows, expected) -> None:
    assert rules.default_period(events(*rows), TODAY) == expected


@pytest.mark.parametrize(
    ("marked", "sessions", "counts", "sentence"),
    [
        (
            [],
            [],
            (0, 0, 0),
            "No treatment attendance was logged: no check-in was marked “attended” and no "
            "therapy session is on the timeline.",
        ),
        (
            [-1, -2],
            [],
            (2, 0, 0),
            "Treatment attended on 2 days: 2 days from check-ins marked “attended”.",
        ),
        (
            [-1, -2, -3],
            [-3, -4],
            (2, 1, 1),
            "Treatment attended on 4 days: 2 days from check-ins marked “attended”, 1 day from "
            "therapy sessions on the timeline and 1 day shown by both.",
        ),
        ([-5], [-5], (0, 0, 1), "Treatment attended on 1 day: 1 day shown by both."),
    ],
    ids=["nothing", "check-ins-only", "overlap-counted-once", "same-day"],
)
def test_attendance_counts_each_day_once(marked, sessions, counts, sentence) -> None:
    frame = checkins(*({"day": day(o), "attended_treatment": True} for o in marked))
    timeline = events(*(("therapy_session", day(o), "actual") for o in sessions))
    found = rules.attendance(frame, timeline, Period(day(-27), TODAY))
    assert (found.marked_only, found.session_only, found.both) == counts
    assert found.total == len(set(marked) | set(sessions))
    assert found.sentence() == sentence


def test_attendance_days_give_one_row_per_day_for_the_chart() -> None:
    frame = checkins({"day": day(-1), "attended_treatment": True})
    timeline = events(
        ("therapy_session", day(-1), "actual"), ("therapy_session", day(-2), "actual")
    )
    rows = rules.attendance_days(frame, timeline, Period(day(-6), TODAY))
    assert list(rows["source"]) == ["session", "both"]


@pytest.mark.parametrize(
    ("recent", "before", "direction", "words"),
    [
        ([4, 4, 4], [2, 2, 2], "up", "higher than the 1 week before"),
        ([2, 2, 2], [4, 4, 4], "down", "lower than the 1 week before"),
        ([3, 3, 3], [3, 3, 3], "steady", "about the same as the 1 week before"),
        ([3, 3, 3], [3], "", "too few days logged"),
    ],
)
def test_mood_is_compared_with_the_period_of_the_same_length_before(
    recent, before, direction, words
) -> None:
    period = Period(day(-6), TODAY)
    rows = [{"day": day(-i), "mood": v} for i, v in enumerate(recent)]
    rows += [{"day": day(-7 - i), "mood": v} for i, v in enumerate(before)]
    found = rules.compare(checkins(*rows), "mood", period)
    assert found.direction == direction
    assert words in found.sentence(Period(day(-6), TODAY)).replace("7 days", "1 week")


def test_use_free_runs_survive_a_lapse() -> None:
    rows = [{"day": day(-o), "observed_use": "none"} for o in (9, 8, 7)]
    rows += [{"day": day(-6), "observed_use": "confirmed"}]
    rows += [{"day": day(-o), "observed_use": "none"} for o in (5, 4)]
    found = rules.use_free(checkins(*rows), events(), Period(day(-9), TODAY))
    assert found.use_free_days == 5
    assert len(found.runs) == 2
    assert "3 use-free days, ended by use on" in found.runs[0]
    assert "still going" in found.runs[1]


# -- things to talk about ----------------------------------------------------------------


PERIOD = Period(day(-13), TODAY)


def _lapses():
    frame = checkins({"day": day(-3), "observed_use": "confirmed"})
    timeline = events(("lapse", day(-5), "actual"), ("lapse", day(-40), "actual"))
    return rules.lapse_item(frame, timeline, PERIOD, WORDING)


def _urinary():
    frame = checkins(*({"day": day(-o), "urinary_symptoms": True} for o in (1, 2, 3)))
    return rules.urinary_item(frame, PERIOD, WORDING)


def _signs():
    ticks = pd.DataFrame({"day": pd.to_datetime([day(-2), day(-2)]), "sign_id": ["a", "b"]})
    return rules.warning_sign_item(ticks, {"a": "Low mood", "b": "Far-away look"}, PERIOD, WORDING)


def _boundaries():
    changes = [
        rules.BoundaryEvent(day(-4), "crossed", "No cash", "Asked for money; I said no."),
        rules.BoundaryEvent(day(-2), "kept", "No cash", ""),
        rules.BoundaryEvent(day(-30), "tested", "No cash", ""),
    ]
    return rules.boundary_item(changes, PERIOD, WORDING)


def _stress():
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([day(-o) for o in (3, 4, 5, 10)]),
            "stress": [8, 9, 7, 2],
            "family_member_id": [uuid.UUID(int=1)] * 4,
            "self_care_done": [False] * 4,
        }
    )
    return rules.stress_item(frame, PERIOD, WORDING)


@pytest.mark.parametrize(
    ("build", "key", "days", "line"),
    [
        (_lapses, "lapses", [day(-5), day(-3)], "Use confirmed in a check-in on 27 Jun 2026."),
        (
            _urinary,
            "urinary",
            [day(-3), day(-2), day(-1)],
            "Noted on 3 days: 27 Jun 2026, 28 Jun 2026 and 29 Jun 2026.",
        ),
        (_signs, "warning_signs", [day(-2)], "28 Jun 2026: Low mood and Far-away look."),
        (
            _boundaries,
            "boundaries",
            [day(-4)],
            "26 Jun 2026: crossed, “No cash”. What happened: Asked for money; I said no.",
        ),
        (
            _stress,
            "stress",
            [date(2026, 6, 22)],
            "Week of 22 Jun 2026: stress averaged 8.0 out of 10 (3 check-ins).",
        ),
    ],
    ids=["lapses", "urinary", "warning-signs", "boundaries", "high-stress-weeks"],
)
def test_each_thing_to_talk_about_has_its_dates_and_no_score(build, key, days, line) -> None:
    item = build()
    assert item is not None and item.key == key
    assert list(item.days) == days
    assert line in item.lines
    assert not any("score" in text.lower() for text in item.lines)


@pytest.mark.parametrize(
    "build",
    [
        lambda: rules.lapse_item(checkins(), events(), PERIOD, WORDING),
        lambda: rules.urinary_item(checkins({"day": day(-1)}), PERIOD, WORDING),
        lambda: rules.warning_sign_item(
            pd.DataFrame(columns=["day", "sign_id"]), {}, PERIOD, WORDING
        ),
        lambda: rules.boundary_item([], PERIOD, WORDING),
        lambda: rules.stress_item(pd.DataFrame(columns=["day", "stress"]), PERIOD, WORDING),
    ],
    ids=["lapses", "urinary", "warning-signs", "boundaries", "high-stress-weeks"],
)
def test_nothing_to_talk_about_gives_no_item(build) -> None:
    assert build() is None


# -- suggested questions -----------------------------------------------------------------


def _comparison(key: str, direction: str, recent: float, before: float) -> rules.Comparison:
    return rules.Comparison(key, recent, before, 5, direction)


ATTENDED = rules.Attendance(1, 0, 0)


@pytest.mark.parametrize(
    ("items", "comparisons", "attended", "expected"),
    [
        (
            [_urinary],
            {},
            ATTENDED,
            "Urinary symptoms were noted on 3 days. Ask whether a urology referral is needed.",
        ),
        (
            [],
            {"sleep": _comparison("sleep", "down", 2.5, 3.5)},
            ATTENDED,
            "Sleep was lower than the 2 weeks before (2.5 vs 3.5 out of 5). Ask what might help.",
        ),
        (
            [],
            {"mood": _comparison("mood", "down", 2.0, 3.0)},
            ATTENDED,
            "Mood was lower than the 2 weeks before (2.0 vs 3.0 out of 5).",
        ),
        (
            [],
            {"craving": _comparison("craving", "up", 6.0, 3.0)},
            ATTENDED,
            "Shared craving was higher than the 2 weeks before (6.0 vs 3.0 out of 10).",
        ),
        ([_lapses], {}, ATTENDED, "Use was confirmed or a lapse was logged on 2 days"),
        ([_signs], {}, ATTENDED, "Warning signs were ticked on 1 day (28 Jun 2026)."),
        ([_boundaries], {}, ATTENDED, "A boundary was crossed on 1 occasion (26 Jun 2026)."),
        ([_stress], {}, ATTENDED, "Caregiver stress averaged 7 or more out of 10 in 1 week."),
        ([], {}, rules.Attendance(0, 0, 0), "No treatment attendance was logged in these 14 days."),
    ],
    ids=[
        "urinary",
        "sleep-lower",
        "mood-lower",
        "craving-higher",
        "lapse",
        "warning-signs",
        "boundary-crossed",
        "high-stress",
        "no-attendance",
    ],
)
def test_each_suggested_question_quotes_its_reason(items, comparisons, attended, expected) -> None:
    found = rules.suggestions([b() for b in items], comparisons, attended, PERIOD, WORDING)
    assert len(found) == 1
    assert expected in found[0].text
    assert found[0].text.startswith(found[0].reason)


def test_better_numbers_suggest_nothing() -> None:
    comparisons = {
        "sleep": _comparison("sleep", "up", 4.0, 3.0),
        "mood": _comparison("mood", "steady", 3.0, 3.0),
        "craving": _comparison("craving", "down", 2.0, 5.0),
    }
    assert rules.suggestions([], comparisons, ATTENDED, PERIOD, WORDING) == []


def test_every_suggestion_rule_has_its_wording_in_data() -> None:
    assert {s.id for s in WORDING.suggestions} >= {
        "urinary",
        "lapse",
        "sleep_lower",
        "mood_lower",
        "craving_higher",
        "warning_signs",
        "boundary_crossed",
        "high_stress",
        "no_attendance",
    }


# -- names and roles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jordan came home.", "my son came home."),
        ("Jordan (demo) came home.", "my son came home."),
        ("I paid Jordan's bill; JORDAN agreed.", "I paid my son's bill; my son agreed."),
        ("Jordana is a friend.", "Jordana is a friend."),
        ("Maria drove.", "Parent drove."),
    ],
)
def test_names_become_roles(text: str, expected: str) -> None:
    names = {"Jordan (demo)": "my son", "Maria": "Parent"}
    assert rules.with_roles(text, names) == expected


def test_family_members_become_numbered_roles() -> None:
    ids = [uuid.UUID(int=n) for n in (1, 2, 3)]
    roles = rules.member_roles([(ids[0], "parent"), (ids[1], "parent"), (ids[2], "sibling")])
    assert list(roles.values()) == ["Parent", "Parent 2", "Sibling"]


def test_the_period_before_the_first_day_of_the_calendar_is_empty_not_an_error() -> None:
    first = Period(date.min, date.min + timedelta(days=3))
    assert first.previous() == Period(date.min, date.min)
    assert Period(day(-6), TODAY).previous() == Period(day(-13), day(-7))
