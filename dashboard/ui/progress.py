"""Timeline, Wins and Self-care page bodies.

Everything costly (reading years of history, the rules, building figures) runs in
functions cached per household, loved one and data version: every write bumps the data
version, so a cached view is never stale, and one family's view is never served to
another. Figures are cached as plain dicts: unpickling a go.Figure re-validates every
point on each hit. Summaries and user text are shown with st.text, never as Markdown.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from dashboard import boundaries, charts, trends
from dashboard import timeline as tl
from dashboard import wins as rules
from dashboard.content import warning_checklist
from dashboard.overview import for_loved_one, wins_board
from dashboard.records import (
    WIN_CATEGORY_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    TreatmentEvent,
    WarningSignTick,
    today_in,
)
from dashboard.ui.components import empty_state
from dashboard.ui.setup import LOG_PAGE, PageContext, get_store

RANGE_KEY = "timeline_range"
SELF_CARE_RANGE_KEY = "self_care_range"
WALL_KEY = "wins_shown"
WALL_PAGE = 12
RUNS_SHOWN = 12
RECENT_CHECKINS = 14
# The headline compares the last 30 days, and mood over the last 4 weeks.
HEADLINE_DAYS = 30
HEADLINE_READ_DAYS = 60
CACHE = dict(max_entries=64, ttl=3600, show_spinner=False)


def _figure(fig: Any) -> dict:
    return fig.to_plotly_json()


def _chart(figure: dict, key: str, alt: str) -> None:
    """Draw a cached figure dict without validating it a second time.

    The dict came from a validated go.Figure (to_plotly_json), so rebuilding it with
    validation on every rerun, as st.plotly_chart does with a dict, only costs time:
    about half of a chart's rerun cost.
    """
    st.plotly_chart(go.Figure(figure, _validate=False), key=key, config=charts.CONFIG, alt=alt)


def range_picker(key: str = RANGE_KEY) -> str:
    """The date range, as one row of choices (3 months unless the person picks another)."""
    presets = list(tl.RANGE_PRESETS)
    choice = st.radio(
        "Date range",
        presets,
        index=presets.index(tl.DEFAULT_PRESET),
        format_func=tl.RANGE_PRESETS.__getitem__,
        horizontal=True,
        key=key,
    )
    return choice or tl.DEFAULT_PRESET


# -- timeline ------------------------------------------------------------------------------


@st.cache_data(**CACHE)
def _timeline_view(
    household_id: uuid.UUID,
    loved_one_id: uuid.UUID,
    data_version: int,
    today: date,
    preset: str,
    name: str,
) -> dict:
    # data_version is part of the key: every write bumps it, so no stale view is served.
    household = get_store().household(household_id)
    events = for_loved_one(household.frame(TreatmentEvent), loved_one_id)
    first_day = None
    if preset == "all":
        checkins = for_loved_one(household.frame(DailyCheckin, end=today), loved_one_id)
        starts = [
            *tl.calendar_days(checkins["day"]),
            *tl.calendar_days(events["start_date"]),
        ]
        first_day = min(starts).date() if starts else None
    window = tl.window_for(preset, today, first_day)
    if preset != "all":
        read_from = min(window.start, today - timedelta(days=HEADLINE_READ_DAYS))
        checkins = for_loved_one(household.frame(DailyCheckin, read_from, today), loved_one_id)
    ticks = for_loved_one(household.frame(WarningSignTick, window.start, window.end), loved_one_id)
    labels = {s.id: s.label for g in warning_checklist().groups for s in g.signs}
    shared = boundaries.timeline_events(household, window.start, window.end, loved_one_id)
    markers = tl.combine_markers(
        tl.warning_sign_markers(ticks, labels),
        tl.shared_row_markers(shared, boundaries.TIMELINE_KINDS),
    )
    in_window = trends.in_window(checkins, window)

    mood = [trends.trend(checkins, "mood", window), trends.trend(checkins, "sleep", window)]
    craving = trends.trend(checkins, "craving", window)
    return {
        "has_events": not events.empty,
        "has_checkins": not in_window.empty,
        "headline": trends.headline(checkins, events, today, HEADLINE_DAYS),
        "timeline": _figure(charts.treatment_timeline(events, window, markers)),
        "timeline_summary": tl.timeline_summary(events, window, markers),
        "wellbeing": _figure(charts.trend_chart(mood, "Mood and sleep", "1 to 5", window)),
        "wellbeing_summary": trends.wellbeing_summary(checkins, window),
        "craving": _figure(charts.trend_chart([craving], "Craving, when shared", "0 to 10", window))
        if craving.values
        else None,
        "craving_summary": trends.craving_summary(checkins, window, name),
        "attendance": _figure(
            charts.attendance_chart(trends.attendance(checkins, events, window), window)
        ),
        "attendance_summary": trends.attendance_summary(checkins, events, window),
    }


def timeline(context: PageContext) -> None:
    loved_one = context.loved_one
    today = today_in(loved_one.timezone)
    preset = range_picker()
    view = _timeline_view(
        context.household.id,
        loved_one.id,
        context.household.data_version(),
        today,
        preset,
        loved_one.display_name,
    )
    if not view["has_events"] and not view["has_checkins"]:
        empty_state(
            "Nothing to show yet. Add a treatment event (an assessment, an appointment, a "
            "support meeting) or a daily check-in, and the timeline and trends start here.",
            LOG_PAGE,
            "Go to the Log page",
        )
        return
    st.text(view["headline"])

    st.subheader("Treatment phases and events")
    if view["has_events"]:
        _chart(view["timeline"], "timeline_chart", "Treatment timeline")
        st.text(view["timeline_summary"])
    else:
        empty_state(
            "No treatment events yet. Add the first one (an assessment, an appointment, a "
            "support meeting) and it will appear here.",
            LOG_PAGE,
            "Add a treatment event",
        )

    st.subheader("Trends")
    if not view["has_checkins"]:
        empty_state(
            "No daily check-ins in this date range. A check-in takes about 30 seconds; "
            "mood, sleep and craving trends start from the first one.",
            LOG_PAGE,
            "Log a check-in",
        )
        return
    _chart(view["wellbeing"], "wellbeing_chart", "Mood and sleep")
    st.text(view["wellbeing_summary"])
    if view["craving"] is not None:
        _chart(view["craving"], "craving_chart", "Craving, when shared")
    st.text(view["craving_summary"])
    _chart(view["attendance"], "attendance_chart", "Treatment attended")
    st.text(view["attendance_summary"])


# -- wins --------------------------------------------------------------------------------


@st.cache_data(**CACHE)
def _wins_view(
    household_id: uuid.UUID, loved_one_id: uuid.UUID, data_version: int, today: date, shown: int
) -> dict:
    board = wins_board(get_store().household(household_id), today, loved_one_id)
    days = rules.calendar(board.statuses, today)
    runs = list(reversed(board.progress.runs))[:RUNS_SHOWN]
    return {
        "progress": board.progress,
        "wins": board.wins[:shown],
        "total": len(board.wins),
        "found": board.found,
        "logged": board.logged,
        "calendar": _figure(charts.wins_calendar(days)) if len(board.statuses) else None,
        "calendar_summary": rules.calendar_summary(days),
        "runs": [
            f"{tl.day_text(r.start)} to {tl.day_text(r.last)}: "
            f"{tl.plural(r.use_free_days, 'use-free day')}"
            + (f", ended by use on {tl.day_text(r.ended_on)}" if r.ended_on else ", still going")
            for r in runs
        ],
        "runs_total": len(board.progress.runs),
    }


def _metric_days(run: rules.Run | None) -> str:
    return "—" if run is None else tl.plural(run.use_free_days, "day")


def show_win(win: rules.Win) -> None:
    """One win: when, what kind, and why. Its words are shown as typed, never as Markdown."""
    with st.container(border=True):
        origin = "Logged" if win.source == "logged" else "Found by Harbor"
        st.caption(
            f"{tl.day_text(win.day, weekday=True)} · "
            f"{WIN_CATEGORY_LABELS.get(win.category, 'Other')} · {origin}"
        )
        st.text(win.text)
        st.text(win.why)


def wins_page(context: PageContext) -> None:
    today = today_in(context.loved_one.timezone)
    shown = st.session_state.get(WALL_KEY, WALL_PAGE)
    view = _wins_view(
        context.household.id, context.loved_one.id, context.household.data_version(), today, shown
    )
    progress: rules.Progress = view["progress"]
    if view["total"] == 0 and not progress.runs:
        empty_state(
            "No small wins yet. Log a win, or daily check-ins: Harbor then finds wins too "
            "(use-free days, kept appointments, better sleep) and says why.",
            LOG_PAGE,
            "Log a small win",
        )
        return

    st.subheader("Progress a lapse never erases")
    current, longest, last_30 = st.columns(3)
    current.metric("Current run", _metric_days(progress.current))
    longest.metric("Longest run", _metric_days(progress.longest))
    last_30.metric("Use-free days, last 30", progress.use_free_last[30])
    st.text(
        f"Use-free days logged in the last 7, 30 and 90 days: "
        f"{progress.use_free_last[7]}, {progress.use_free_last[30]}, "
        f"{progress.use_free_last[90]}. {progress.runs_sentence()}"
    )
    st.caption(
        "A run counts the check-ins that said no use was seen. Only confirmed use or a "
        "logged lapse starts a new run; days without a check-in neither count nor break it."
    )

    if view["calendar"] is not None:
        st.subheader("The year, one square per day")
        _chart(view["calendar"], "wins_calendar", "A year in squares")
        st.text(view["calendar_summary"])

    st.subheader("Wins, newest first")
    st.caption(
        f"{tl.plural(view['logged'], 'win')} logged by the family and "
        f"{tl.plural(view['found'], 'win')} found by Harbor. A lapse never takes these away."
    )
    for monday, wins in rules.by_week(view["wins"]):
        st.markdown(f"**Week of {tl.day_text(monday)}**")
        for win in wins:
            show_win(win)
    more = view["total"] > len(view["wins"])
    if more and st.button("Show older wins", key="older_wins"):
        st.session_state[WALL_KEY] = shown + WALL_PAGE
        st.rerun()

    if view["runs"]:
        st.subheader("Runs so far, newest first")
        older = view["runs_total"] - len(view["runs"])
        lines = view["runs"] + ([f"… and {tl.plural(older, 'earlier run')}"] if older else [])
        st.text("\n".join(lines))


# -- self-care ---------------------------------------------------------------------------


@st.cache_data(**CACHE)
def _self_care_view(
    household_id: uuid.UUID, member_id: uuid.UUID, data_version: int, today: date, preset: str
) -> dict:
    household = get_store().household(household_id)
    frame = household.frame(CaregiverCheckin, end=today)
    mine = frame[frame["family_member_id"] == member_id]
    if mine.empty:
        return {"checkins": 0}
    days = tl.calendar_days(mine["day"])
    window = tl.window_for(preset, today, days.min().date())
    names = {m.id: m.display_name for m in household.family_members()}
    recent = mine.assign(day=days).sort_values("day", ascending=False).head(RECENT_CHECKINS)
    return {
        "checkins": len(mine),
        "figure": _figure(charts.caregiver_stress(mine, window)),
        "summary": trends.stress_summary(mine, window),
        "wins": rules.newest_first(rules.self_care_wins(mine, names))[:3],
        "recent": len(recent),
        "recent_stress": float(recent["stress"].mean()),
        "recent_self_care": int(recent["self_care_done"].astype(bool).sum()),
    }


def self_care(context: PageContext) -> None:
    if context.member is None:
        st.info("Add yourself as a family member in Settings to track your own wellbeing.")
        return
    today = today_in(context.loved_one.timezone)
    version = context.household.data_version()
    preset = st.session_state.get(SELF_CARE_RANGE_KEY, tl.DEFAULT_PRESET)
    view = _self_care_view(context.household.id, context.member.id, version, today, preset)
    if not view["checkins"]:
        empty_state(
            "You have not logged your own check-in yet. It takes a few seconds and helps you "
            "see how you are doing over time.",
            LOG_PAGE,
            "Log my check-in",
        )
        return
    range_picker(SELF_CARE_RANGE_KEY)
    _chart(view["figure"], "stress_chart", "Your stress over time")
    st.text(view["summary"])
    st.caption(
        f"Your last {view['recent']} check-ins: average stress {view['recent_stress']:.1f} out "
        f"of 10; you did something for yourself on {view['recent_self_care']} of those days."
    )
    if view["wins"]:
        st.subheader("Your self-care runs")
        for win in view["wins"]:
            show_win(win)
