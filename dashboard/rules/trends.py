"""Trends: rolling averages with the raw points kept, attendance per week, and summaries.

Pure Python (no streamlit). Averages describe what was logged; nothing here scores a
person or predicts what comes next. Long ranges use the window's bins (weeks, months,
quarters), so ten years of check-ins give no more points than one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.records import EVENT_KIND_LABELS
from dashboard.rules.timeline import LEVEL_NOUNS, Window, bin_start, bins_in, calendar_days
from dashboard.rules.wins import day_statuses
from dashboard.text import join_words, plural


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    low: int
    high: int
    higher_is_better: bool

    @property
    def scale(self) -> str:
        return f"out of {self.high}"


METRICS: dict[str, Metric] = {
    "mood": Metric("mood", "Mood", 1, 5, True),
    "sleep": Metric("sleep", "Sleep", 1, 5, True),
    "craving": Metric("craving", "Craving", 0, 10, False),
    "stress": Metric("stress", "Stress", 0, 10, False),
}
# How many bins the rolling average spans at each level (7 days, 4 weeks, 3 months...).
ROLLING_BINS: dict[str, int] = {"day": 7, "week": 4, "month": 3, "quarter": 2, "year": 2}
ROLLING_WORDS: dict[str, str] = {
    "day": "7-day average",
    "week": "4-week average",
    "month": "3-month average",
    "quarter": "6-month average",
    "year": "2-year average",
}
# "Recent vs before" compares two stretches of this many days, each with enough check-ins.
COMPARE_DAYS = 14
COMPARE_MIN_VALUES = 4
# A change smaller than a tenth of the scale is "about the same".
STEADY_SHARE = 0.1
ATTENDANCE_EVENT_KINDS = ("therapy_session", "support_meeting", "medical_appointment")


def in_window(frame: pd.DataFrame, window: Window, column: str = "day") -> pd.DataFrame:
    """Rows from the window's start to today (the future has nothing logged)."""
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[] if frame is None else frame.columns)
    days = calendar_days(frame[column])
    keep = (days >= pd.Timestamp(window.start)) & (days <= pd.Timestamp(window.today))
    return frame[keep.to_numpy()].assign(**{column: days[keep]})


@dataclass(frozen=True)
class Trend:
    """One metric in a window: faint points (daily values, or bin means) and an average line."""

    metric: Metric
    level: str
    points: pd.DataFrame  # x, y
    line: pd.DataFrame  # x, y (NaN where nothing was logged nearby)
    values: int
    mean: float | None

    @property
    def line_name(self) -> str:
        return f"{self.metric.label}, {ROLLING_WORDS[self.level]}"

    @property
    def points_name(self) -> str:
        if self.level == "day":
            return f"{self.metric.label}, each day"
        return f"{self.metric.label}, {LEVEL_NOUNS[self.level]}ly average"


def trend(frame: pd.DataFrame, column: str, window: Window) -> Trend:
    """The rolling average of `column` in the window, with its raw points kept."""
    metric = METRICS[column]
    inside = in_window(frame, window)
    values = inside[["day", column]].dropna() if not inside.empty else inside
    empty = pd.DataFrame({"x": pd.Series(dtype="datetime64[ns]"), "y": pd.Series(dtype=float)})
    if values.empty:
        return Trend(metric, window.level, empty, empty, 0, None)
    series = pd.to_numeric(values[column]).astype(float)
    bins = bin_start(values["day"], window.level)
    means = series.groupby(bins.to_numpy()).mean()
    full = means.reindex(bins_in(window))
    line = full.rolling(ROLLING_BINS[window.level], min_periods=1).mean().round(2)
    if window.level == "day":
        points = pd.DataFrame({"x": values["day"].to_numpy(), "y": series.to_numpy()})
    else:
        points = pd.DataFrame({"x": means.index, "y": means.round(2).to_numpy()})
    return Trend(
        metric,
        window.level,
        points.reset_index(drop=True),
        pd.DataFrame({"x": line.index, "y": line.to_numpy()}),
        len(series),
        float(series.mean()),
    )


@dataclass(frozen=True)
class Change:
    """Recent days compared with the same number of days before them."""

    recent: float
    before: float
    direction: str  # "up", "down" or "steady"


def change(
    frame: pd.DataFrame, column: str, today: date, days: int = COMPARE_DAYS
) -> Change | None:
    """The last `days` days vs the `days` before; None without enough check-ins in each."""
    if frame is None or frame.empty:
        return None
    metric = METRICS[column]
    values = pd.DataFrame({"day": calendar_days(frame["day"]), "value": frame[column]}).dropna()
    end = pd.Timestamp(today)
    recent = values[(values["day"] > end - timedelta(days=days)) & (values["day"] <= end)]
    before_start = end - timedelta(days=2 * days)
    before = values[(values["day"] > before_start) & (values["day"] <= end - timedelta(days=days))]
    if min(len(recent), len(before)) < COMPARE_MIN_VALUES:
        return None
    now, then = float(recent["value"].mean()), float(before["value"].mean())
    steady = STEADY_SHARE * (metric.high - metric.low)
    direction = "steady" if abs(now - then) < steady else ("up" if now > then else "down")
    return Change(now, then, direction)


def change_words(metric: Metric, found: Change | None) -> str:
    """'mood higher than the two weeks before (4.1 vs 3.6)'."""
    name = metric.label.lower()
    if found is None:
        return f"too few check-ins to compare {name} with the two weeks before"
    numbers = f"({found.recent:.1f} vs {found.before:.1f})"
    if found.direction == "steady":
        return f"{name} about the same as the two weeks before {numbers}"
    word = "higher" if found.direction == "up" else "lower"
    return f"{name} {word} than the two weeks before {numbers}"


# -- attendance --------------------------------------------------------------------------


def attendance(checkins: pd.DataFrame, events: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Per bin: days a check-in said "attended treatment", and sessions on the timeline.

    Columns: bin, attended_days, sessions. Every bin in the window is present (zeros too).
    """
    bins = bins_in(window)
    out = pd.DataFrame({"bin": bins, "attended_days": 0, "sessions": 0})
    checked = in_window(checkins, window)
    if not checked.empty:
        went = checked[checked["attended_treatment"].fillna(False).astype(bool)]
        counts = bin_start(went["day"], window.level).value_counts()
        out["attended_days"] = out["bin"].map(counts).fillna(0).astype(int)
    happened = _sessions(events, window)
    if not happened.empty:
        counts = bin_start(happened["start_date"], window.level).value_counts()
        out["sessions"] = out["bin"].map(counts).fillna(0).astype(int)
    return out


def _sessions(events: pd.DataFrame, window: Window) -> pd.DataFrame:
    if events is None or events.empty:
        return pd.DataFrame(columns=["kind", "start_date"])
    rows = events[events["kind"].isin(ATTENDANCE_EVENT_KINDS) & (events["status"] == "actual")]
    return in_window(rows, window, "start_date")


def attendance_summary(checkins: pd.DataFrame, events: pd.DataFrame, window: Window) -> str:
    checked = in_window(checkins, window)
    attended = (
        int(checked["attended_treatment"].fillna(False).astype(bool).sum()) if len(checked) else 0
    )
    sessions = _sessions(events, window)
    if not len(checked) and sessions.empty:
        return f"Nothing about treatment was logged {window.within()}."
    counts = sessions["kind"].value_counts()
    kinds = [
        plural(int(counts[kind]), EVENT_KIND_LABELS[kind].lower())
        for kind in ATTENDANCE_EVENT_KINDS
        if kind in counts
    ]
    text = (
        f"{window.lead()}: treatment attended on {plural(attended, 'day')} "
        f"(from {plural(len(checked), 'check-in')})"
    )
    text += (
        f"; on the timeline, {join_words(kinds)}." if kinds else "; no sessions on the timeline."
    )
    return text[0].upper() + text[1:]


# -- summaries ---------------------------------------------------------------------------


def wellbeing_summary(checkins: pd.DataFrame, window: Window) -> str:
    """Mood and sleep: averages in the window, and the last two weeks vs the two before."""
    inside = in_window(checkins, window)
    if inside.empty:
        return f"No check-ins {window.within()}."
    mood, sleep = METRICS["mood"], METRICS["sleep"]
    text = (
        f"{window.lead()}: {plural(len(inside), 'check-in')}. Mood averaged "
        f"{inside['mood'].mean():.1f} {mood.scale} and sleep {inside['sleep'].mean():.1f} "
        f"{sleep.scale}. "
    )
    comparisons = [change_words(m, change(checkins, m.key, window.today)) for m in (mood, sleep)]
    text += "Lately: " + "; ".join(comparisons) + "."
    return text


def craving_summary(checkins: pd.DataFrame, window: Window, name: str = "your loved one") -> str:
    """Craving is only ever what the loved one chose to share."""
    inside = in_window(checkins, window)
    shared = inside["craving"].dropna() if not inside.empty else pd.Series(dtype=float)
    if shared.empty:
        return (
            f"Craving is shown only on days {name} chose to share it; none was shared "
            f"{window.within()}."
        )
    found = change(checkins, "craving", window.today)
    text = (
        f"{name[0].upper() + name[1:]} shared a craving level on {plural(len(shared), 'day')} "
        f"{window.within()} (of {plural(len(inside), 'check-in')}), averaging "
        f"{shared.mean():.1f} out of 10."
    )
    if found is not None:
        text += f" Lately: {change_words(METRICS['craving'], found)}."
    return text


def stress_summary(caregiver: pd.DataFrame, window: Window) -> str:
    inside = in_window(caregiver, window)
    if inside.empty:
        return f"No check-ins of your own {window.within()}."
    done = int(inside["self_care_done"].fillna(False).astype(bool).sum())
    text = (
        f"{window.lead()}: {plural(len(inside), 'check-in')}, average stress "
        f"{inside['stress'].mean():.1f} out of 10; you did something for yourself on "
        f"{plural(done, 'day')}."
    )
    found = change(caregiver, "stress", window.today)
    if found is not None:
        text += f" Lately: {change_words(METRICS['stress'], found)}."
    return text


def headline(checkins: pd.DataFrame, events: pd.DataFrame, today: date, days: int = 30) -> str:
    """'In the last 30 days: 24 use-free days, 6 therapy sessions attended, mood higher...'"""
    start = today - timedelta(days=days - 1)
    window = Window("custom", start, today, today, "day")
    inside = in_window(checkins, window)
    statuses = day_statuses(inside)
    use_free = int((statuses == "use_free").sum())
    sessions = _sessions(events, window)
    therapy = int((sessions["kind"] == "therapy_session").sum()) if len(sessions) else 0
    if inside.empty and not therapy:
        return f"Nothing was logged in the last {days} days."
    parts = [
        f"{plural(use_free, 'use-free day')} (of {plural(len(inside), 'check-in')})",
        f"{plural(therapy, 'therapy session')} attended",
    ]
    mood = change(checkins, "mood", today)
    if mood is not None:
        parts.append(change_words(METRICS["mood"], mood))
    return f"In the last {days} days: " + ", ".join(parts) + "."
