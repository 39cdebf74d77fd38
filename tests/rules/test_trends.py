"""Trends: rolling averages, raw points, comparisons, attendance, and the summaries."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import pandas as pd
import pytest

from dashboard.rules import timeline as tl
from dashboard.rules import trends

TODAY = date(2026, 6, 15)  # a Monday
NO_FORECAST = re.compile(r"\b(?:will|predict|risk|score|likely|chance)\b", re.IGNORECASE)


def daily(values: dict[int, float | None], column: str = "mood", **extra: object) -> pd.DataFrame:
    """Check-ins keyed by days before TODAY (0 = today)."""
    days = sorted(values, reverse=True)
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([TODAY - timedelta(days=n) for n in days]),
            column: [values[n] for n in days],
            "observed_use": "none",
        }
    )
    for name, value in extra.items():
        frame[name] = value
    return frame


def window(preset: str = "4w", first: date | None = None) -> tl.Window:
    return tl.window_for(preset, TODAY, first)


# -- rolling averages --------------------------------------------------------------------


def test_daily_trend_keeps_raw_points_and_averages_seven_days() -> None:
    frame = daily({0: 5, 1: 1, 2: 3, 10: 4, 40: 2})  # day 40 is outside 4 weeks
    item = trends.trend(frame, "mood", window())
    assert item.values == 4
    assert sorted(item.points["y"]) == [1, 3, 4, 5], "every raw value in the window, once"
    line = item.line.set_index("x")["y"]
    assert len(line) == 28, "one point per day of the window"
    assert line[pd.Timestamp(TODAY)] == 3.0  # (5 + 1 + 3) / 3
    assert line[pd.Timestamp(TODAY - timedelta(days=10))] == 4.0
    assert line[pd.Timestamp(TODAY - timedelta(days=4))] == 4.0  # 4 was 6 days earlier
    assert math.isnan(line[pd.Timestamp(TODAY - timedelta(days=3))]), "nothing in 7 days: a gap"
    assert item.mean == pytest.approx(13 / 4)


def test_a_trend_skips_missing_values_such_as_unshared_craving() -> None:
    frame = daily({0: None, 1: 6, 2: None}, column="craving")
    item = trends.trend(frame, "craving", window())
    assert item.values == 1
    assert list(item.points["y"]) == [6.0]


@pytest.mark.parametrize("preset", ["1y", "all"])
def test_long_ranges_use_bin_means(preset: str) -> None:
    frame = daily({n: (n % 5) + 1 for n in range(400)})
    item = trends.trend(frame, "mood", window(preset, TODAY - timedelta(days=399)))
    level = item.level
    assert level in ("week", "month")
    assert len(item.points) == len(item.line) <= 60
    assert item.points_name == f"Mood, {level}ly average"
    assert item.line_name == f"Mood, {trends.ROLLING_WORDS[level]}"


def test_ten_years_of_check_ins_give_no_more_points_than_one_year() -> None:
    one = daily({n: 3 for n in range(365)})
    ten = daily({n: 3 for n in range(3650)})
    a = trends.trend(one, "mood", window("all", TODAY - timedelta(days=364)))
    b = trends.trend(ten, "mood", window("all", TODAY - timedelta(days=3649)))
    assert len(b.points) + len(b.line) <= len(a.points) + len(a.line)
    assert b.values == 3650


def test_an_empty_trend() -> None:
    item = trends.trend(daily({}), "mood", window())
    assert (item.values, item.mean, item.points.empty, item.line.empty) == (0, None, True, True)


# -- comparisons -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recent", "before", "direction"),
    [
        (4, 3, "up"),
        (3, 4, "down"),
        (3.2, 3.0, "steady"),  # less than a tenth of the 1–5 scale
    ],
)
def test_change_compares_two_weeks_with_the_two_before(
    recent: float, before: float, direction: str
) -> None:
    values = {n: recent for n in range(14)} | {n: before for n in range(14, 28)}
    found = trends.change(daily(values), "mood", TODAY)
    assert found is not None
    assert (found.recent, found.before) == pytest.approx((recent, before))
    assert found.direction == direction


def test_change_needs_four_check_ins_on_each_side() -> None:
    assert (
        trends.change(daily({0: 5, 1: 5, 2: 5, 15: 1, 16: 1, 17: 1, 18: 1}), "mood", TODAY) is None
    )
    assert trends.change(daily({0: 5, 1: 5, 2: 5, 3: 5, 15: 1, 16: 1, 17: 1, 18: 1}), "mood", TODAY)


def test_change_words_say_what_happened_without_judging() -> None:
    mood = trends.METRICS["mood"]
    assert trends.change_words(mood, None).startswith("too few check-ins")
    up = trends.change_words(mood, trends.Change(4.1, 3.6, "up"))
    assert up == "mood higher than the two weeks before (4.1 vs 3.6)"


# -- attendance --------------------------------------------------------------------------


def test_attendance_counts_days_and_sessions_per_bin() -> None:
    checkins = daily({0: 3, 1: 3, 8: 3}, attended_treatment=[True, False, True])
    events = pd.DataFrame(
        {
            "kind": ["therapy_session", "support_meeting", "therapy_session", "lapse"],
            "status": ["actual", "actual", "planned", "actual"],
            "start_date": pd.to_datetime([TODAY, TODAY - timedelta(days=8), TODAY, TODAY]),
        }
    )
    frame = trends.attendance(checkins, events, window()).set_index("bin")
    assert len(frame) == 28
    assert frame.loc[pd.Timestamp(TODAY), "attended_days"] == 1
    assert frame.loc[pd.Timestamp(TODAY), "sessions"] == 1, "planned sessions are not counted"
    assert frame.loc[pd.Timestamp(TODAY - timedelta(days=8)), "sessions"] == 1
    assert frame["attended_days"].sum() == 2


def test_attendance_is_weekly_over_a_year() -> None:
    checkins = daily({n: 3 for n in range(365)}, attended_treatment=True)
    frame = trends.attendance(checkins, None, window("1y"))
    assert len(frame) == 53
    assert frame["attended_days"].sum() == 365
    assert frame["attended_days"].max() == 7


def test_attendance_summary() -> None:
    checkins = daily({0: 3, 1: 3}, attended_treatment=[True, False])
    events = pd.DataFrame(
        {
            "kind": ["therapy_session", "therapy_session", "medical_appointment"],
            "status": "actual",
            "start_date": pd.to_datetime([TODAY, TODAY - timedelta(days=1), TODAY]),
        }
    )
    assert trends.attendance_summary(checkins, events, window()) == (
        "In the last 4 weeks: treatment attended on 1 day (from 2 check-ins); on the "
        "timeline, 2 therapy sessions and 1 medical appointment."
    )
    assert trends.attendance_summary(daily({}), None, window()) == (
        "Nothing about treatment was logged in the last 4 weeks."
    )


# -- summaries ---------------------------------------------------------------------------


def test_wellbeing_summary() -> None:
    values = {n: 4 for n in range(14)} | {n: 3 for n in range(14, 28)}
    frame = daily(values).assign(sleep=3)
    text = trends.wellbeing_summary(frame, window())
    assert text.startswith("In the last 4 weeks: 28 check-ins. Mood averaged 3.5 out of 5")
    assert "mood higher than the two weeks before (4.0 vs 3.0)" in text
    assert "sleep about the same as the two weeks before (3.0 vs 3.0)" in text
    assert trends.wellbeing_summary(daily({}), window()) == "No check-ins in the last 4 weeks."


def test_craving_summary_only_speaks_of_what_was_shared() -> None:
    frame = daily({0: 2, 1: None, 2: 4}, column="craving")
    text = trends.craving_summary(frame, window(), "Jordan")
    assert text == (
        "Jordan shared a craving level on 2 days in the last 4 weeks (of 3 check-ins), "
        "averaging 3.0 out of 10."
    )
    none = trends.craving_summary(daily({0: None}, column="craving"), window(), "Jordan")
    assert none == (
        "Craving is shown only on days Jordan chose to share it; none was shared in the "
        "last 4 weeks."
    )


def test_stress_summary() -> None:
    frame = daily({0: 6, 1: 4}, column="stress", self_care_done=[True, False])
    assert trends.stress_summary(frame, window()) == (
        "In the last 4 weeks: 2 check-ins, average stress 5.0 out of 10; you did something "
        "for yourself on 1 day."
    )


def test_headline_reads_like_the_issue_example() -> None:
    uses = ["none"] * 24 + ["unknown"] * 2
    frame = daily({n: 4 if n < 14 else 3 for n in range(26)}).assign(observed_use=uses)
    events = pd.DataFrame(
        {
            "kind": "therapy_session",
            "status": "actual",
            "start_date": pd.to_datetime([TODAY - timedelta(days=5 * n) for n in range(6)]),
        }
    )
    assert trends.headline(frame, events, TODAY) == (
        "In the last 30 days: 24 use-free days (of 26 check-ins), 6 therapy sessions attended, "
        "mood higher than the two weeks before (4.0 vs 3.0)."
    )
    assert trends.headline(daily({}), None, TODAY) == "Nothing was logged in the last 30 days."


@pytest.mark.parametrize("preset", list(tl.RANGE_PRESETS))
def test_summaries_never_forecast_or_score(preset: str) -> None:
    frame = daily({n: (n % 5) + 1 for n in range(200)}).assign(
        sleep=3, craving=2, stress=5, self_care_done=True, attended_treatment=True
    )
    w = window(preset, TODAY - timedelta(days=199))
    for text in (
        trends.wellbeing_summary(frame, w),
        trends.craving_summary(frame, w, "Sam"),
        trends.stress_summary(frame, w),
        trends.attendance_summary(frame, None, w),
        trends.headline(frame, None, TODAY),
    ):
        assert not NO_FORECAST.search(text), text
