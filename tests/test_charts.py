"""Figure builders, checked through fig.data and fig.layout (nothing is drawn)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import (
    KIND_COLOURS,
    KIND_SYMBOLS,
    OKABE_ITO,
    PHASE_KINDS,
    caregiver_stress,
    treatment_timeline,
)
from dashboard.db.schema import TABLES
from dashboard.records import EVENT_KIND_LABELS, CaregiverCheckin, TreatmentEvent
from dashboard.store import HouseholdStore, NewFamily, Store
from tests.conftest import DEMO_TODAY

TODAY = date(2026, 6, 15)
MARKER_KINDS = tuple(kind for kind in EVENT_KIND_LABELS if kind not in PHASE_KINDS)
EVENT_COLUMNS = list(TABLES["treatment_events"].c.keys())
CAREGIVER_COLUMNS = list(TABLES["caregiver_checkins"].c.keys())
# The published Okabe-Ito colours (Okabe & Ito 2008); "grey" stands in for black.
CANONICAL_OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
MS_PER_DAY = 24 * 3600 * 1000


def _frame(columns: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows shaped like HouseholdStore.frame(): every table column, dates as datetime64."""
    household, loved_one = uuid.uuid4(), uuid.uuid4()
    defaults = {"household_id": household, "loved_one_id": loved_one, "version": 1}
    records = [
        {column: {**defaults, "id": uuid.uuid4(), **row}.get(column) for column in columns}
        for row in rows
    ]
    frame = pd.DataFrame(records, columns=columns)
    for column in ("day", "start_date", "end_date"):
        if column in frame.columns:
            frame[column] = pd.to_datetime(frame[column])
    return frame


def events(*rows: dict[str, Any]) -> pd.DataFrame:
    full = [{"title": "", "end_date": None, "status": "actual", "notes": "", **r} for r in rows]
    return _frame(EVENT_COLUMNS, full)


def event(kind: str, start: date, end: date | None = None, status: str = "actual") -> dict:
    return {"kind": kind, "start_date": start, "end_date": end, "status": status}


def stress_frame(days_and_stress: list[tuple[date, int]]) -> pd.DataFrame:
    member = uuid.uuid4()
    rows = [
        {"family_member_id": member, "day": day, "stress": stress, "sleep": 3}
        for day, stress in days_and_stress
    ]
    return _frame(CAREGIVER_COLUMNS, rows)


def bars(fig: go.Figure) -> list[go.Bar]:
    return [trace for trace in fig.data if isinstance(trace, go.Bar)]


def markers(fig: go.Figure) -> list[go.Scatter]:
    return [trace for trace in fig.data if isinstance(trace, go.Scatter)]


def today_lines(fig: go.Figure, today: date) -> list:
    at = pd.Timestamp(today).timestamp() * 1000
    return [
        shape
        for shape in fig.layout.shapes
        if shape.type == "line" and shape.x0 == at and shape.x1 == at
    ]


@pytest.fixture
def empty_household(sqlite_store: Store) -> HouseholdStore:
    return sqlite_store.create_family(NewFamily("The Empty family", "Sam", "Alex"))


# -- treatment timeline: phases ------------------------------------------------------


@pytest.mark.parametrize(
    "kinds",
    [
        ("assessment",),
        ("residential", "outpatient"),
        ("outpatient", "assessment", "outpatient"),
        PHASE_KINDS,
    ],
    ids=lambda kinds: "+".join(kinds),
)
def test_one_horizontal_bar_trace_per_phase_kind_present(kinds: tuple[str, ...]) -> None:
    start = date(2026, 1, 5)
    frame = events(*(event(k, start, start + timedelta(days=20)) for k in kinds))
    fig = treatment_timeline(frame, TODAY)
    present = [kind for kind in PHASE_KINDS if kind in kinds]
    assert [trace.name for trace in bars(fig)] == [EVENT_KIND_LABELS[k] for k in present]
    assert all(trace.orientation == "h" for trace in bars(fig))
    assert [trace.marker.color for trace in bars(fig)] == [KIND_COLOURS[k] for k in present]
    assert markers(fig) == []


@pytest.mark.parametrize(
    ("statuses", "shapes", "texts"),
    [
        (["actual"], ("",), ("",)),
        (["planned"], ("/",), ("Planned",)),
        (["actual", "planned"], ("", "/"), ("", "Planned")),
    ],
)
def test_planned_phases_have_a_pattern_and_a_label(
    statuses: list[str], shapes: tuple[str, ...], texts: tuple[str, ...]
) -> None:
    rows = [
        event("outpatient", date(2026, 3, 2) + timedelta(days=40 * i), None, status)
        for i, status in enumerate(statuses)
    ]
    (bar,) = bars(treatment_timeline(events(*rows), TODAY))
    assert tuple(bar.marker.pattern.shape) == shapes
    assert tuple(bar.text) == texts


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 5, 1), date(2026, 5, 11), 10),
        (date(2026, 5, 1), None, 45),  # still running: the bar reaches today
        (date(2026, 5, 1), date(2026, 5, 1), 1),  # one-day phase stays visible
        (date(2026, 7, 1), None, 1),  # open-ended phase planned after today
    ],
)
def test_bar_spans_start_to_end(start: date, end: date | None, days: int) -> None:
    status = "planned" if start > TODAY else "actual"
    (bar,) = bars(treatment_timeline(events(event("residential", start, end, status)), TODAY))
    assert pd.Timestamp(bar.base[0]) == pd.Timestamp(start)
    assert bar.x[0] == days * MS_PER_DAY


# -- treatment timeline: markers -----------------------------------------------------


def test_other_events_are_markers_with_distinct_symbols() -> None:
    frame = events(
        *(event(kind, date(2026, 4, 1) + timedelta(days=i)) for i, kind in enumerate(MARKER_KINDS))
    )
    fig = treatment_timeline(frame, TODAY)
    traces = markers(fig)
    assert bars(fig) == []
    assert sorted(trace.name for trace in traces) == sorted(
        EVENT_KIND_LABELS[k] for k in MARKER_KINDS
    )
    symbols = [trace.marker.symbol for trace in traces]
    assert len(set(symbols)) == len(MARKER_KINDS)
    by_label = {EVENT_KIND_LABELS[k]: k for k in MARKER_KINDS}
    for trace in traces:
        assert trace.mode == "markers"
        assert trace.marker.symbol == KIND_SYMBOLS[by_label[trace.name]]
        assert trace.marker.color == KIND_COLOURS[by_label[trace.name]]


def test_phases_and_markers_together() -> None:
    frame = events(
        event("assessment", date(2026, 2, 2)),
        event("outpatient", date(2026, 2, 9), date(2026, 5, 1)),
        event("therapy_session", date(2026, 2, 10)),
        event("lapse", date(2026, 3, 20), date(2026, 3, 21)),
    )
    fig = treatment_timeline(frame, TODAY)
    assert [t.name for t in bars(fig)] == ["Assessment", "Outpatient treatment"]
    assert sorted(t.name for t in markers(fig)) == ["Lapse", "Therapy session"]


@pytest.mark.parametrize(
    ("days", "points", "counts"),
    [
        ([date(2026, 6, 1)], 1, [1]),
        ([date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 7)], 1, [3]),  # Mon, Wed, Sun
        ([date(2026, 6, 7), date(2026, 6, 8)], 2, [1, 1]),  # Sunday, then Monday
    ],
)
def test_markers_are_counted_per_calendar_week(
    days: list[date], points: int, counts: list[int]
) -> None:
    frame = events(*(event("support_meeting", day) for day in days))
    (trace,) = markers(treatment_timeline(frame, TODAY))
    assert len(trace.x) == points
    assert list(trace.customdata) == counts
    assert all(pd.Timestamp(x).weekday() == 0 for x in trace.x), "weeks start on Monday"


def test_long_ranges_aggregate_markers_per_week() -> None:
    start = date(2023, 6, 19)
    span = 3 * 365
    therapy = [event("therapy_session", start + timedelta(days=d)) for d in range(0, span, 7)]
    meetings = [event("support_meeting", start + timedelta(days=d)) for d in range(span)]
    fig = treatment_timeline(events(*therapy, *meetings), TODAY)
    weeks = span // 7 + 2
    traces = {trace.name: trace for trace in markers(fig)}
    assert set(traces) == {"Therapy session", "Support meeting"}
    assert all(len(trace.x) <= weeks for trace in traces.values())
    assert sum(len(trace.x) for trace in traces.values()) <= 2 * weeks
    assert sum(traces["Therapy session"].customdata) == len(therapy), "no event is lost"
    assert sum(traces["Support meeting"].customdata) == len(meetings)
    assert max(traces["Support meeting"].customdata) == 7


# -- treatment timeline: today, empty, layout ----------------------------------------


def test_empty_household_gives_no_traces_but_a_today_line(
    empty_household: HouseholdStore,
) -> None:
    frame = empty_household.frame(TreatmentEvent)
    assert frame.empty
    fig = treatment_timeline(frame, TODAY)
    assert len(fig.data) == 0
    assert len(today_lines(fig, TODAY)) == 1
    assert [a.text for a in fig.layout.annotations] == ["Today"]


@pytest.mark.parametrize("today", [date(2026, 6, 15), date(2025, 1, 1), date(2026, 12, 31)])
def test_today_line_sits_on_today(today: date) -> None:
    fig = treatment_timeline(events(event("assessment", date(2024, 12, 2))), today)
    (line,) = today_lines(fig, today)
    assert (line.yref, line.y0, line.y1) == ("y domain", 0, 1)
    assert pd.Timestamp(fig.layout.annotations[0].x) == pd.Timestamp(today)
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert low < pd.Timestamp(today) < high


def test_demo_timeline_uses_real_frame(demo: HouseholdStore) -> None:
    frame = demo.frame(TreatmentEvent)
    fig = treatment_timeline(frame, DEMO_TODAY)
    phase_kinds = {k for k in frame["kind"] if k in PHASE_KINDS}
    assert len(bars(fig)) == len(phase_kinds) >= 1
    assert len(markers(fig)) == len(set(frame["kind"]) - phase_kinds)
    assert len(today_lines(fig, DEMO_TODAY)) == 1
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "Treatment timeline"
    counted = sum(sum(trace.customdata) for trace in markers(fig))
    assert counted == int((~frame["kind"].isin(PHASE_KINDS)).sum())


# -- colours -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "hex_code"), sorted(CANONICAL_OKABE_ITO.items()))
def test_palette_is_okabe_ito(name: str, hex_code: str) -> None:
    assert OKABE_ITO[name].upper() == hex_code


@pytest.mark.parametrize("kind", sorted(EVENT_KIND_LABELS))
def test_every_kind_has_a_palette_colour(kind: str) -> None:
    assert KIND_COLOURS[kind] in OKABE_ITO.values()
    if kind not in PHASE_KINDS:
        assert kind in KIND_SYMBOLS


def test_demo_figures_only_use_palette_colours(demo: HouseholdStore) -> None:
    figures = [
        treatment_timeline(demo.frame(TreatmentEvent), DEMO_TODAY),
        caregiver_stress(demo.frame(CaregiverCheckin)),
    ]
    colours = {
        trace.marker.color if isinstance(trace, go.Bar) or trace.mode == "markers" else None
        for fig in figures
        for trace in fig.data
    } - {None}
    colours |= {trace.line.color for trace in figures[1].data if trace.line.color}
    assert colours
    assert colours <= set(OKABE_ITO.values())


# -- caregiver stress ----------------------------------------------------------------


def test_stress_has_faint_daily_points_and_a_weekly_line() -> None:
    frame = stress_frame(
        [
            (date(2026, 6, 1), 2),  # Monday
            (date(2026, 6, 3), 4),
            (date(2026, 6, 8), 9),  # next Monday
            (date(2026, 6, 9), 6),
        ]
    )
    fig = caregiver_stress(frame)
    daily, weekly = fig.data
    assert (daily.name, daily.mode) == ("Daily", "markers")
    assert daily.marker.opacity < 1
    assert list(daily.y) == [2, 4, 9, 6]
    assert weekly.name == "Weekly average"
    assert "lines" in weekly.mode
    assert [pd.Timestamp(x) for x in weekly.x] == [
        pd.Timestamp(2026, 6, 1),
        pd.Timestamp(2026, 6, 8),
    ]
    assert list(weekly.y) == [3.0, 7.5]
    assert weekly.line.color != daily.marker.color


@pytest.mark.parametrize(
    "frame",
    [
        stress_frame([]),
        stress_frame([(date(2026, 6, 1), 0)]),
        stress_frame([(date(2026, 6, 1), 10), (date(2026, 6, 2), 10)]),
    ],
    ids=["empty", "zero", "ten"],
)
def test_stress_y_range_is_fixed_zero_to_ten_and_a_half(frame: pd.DataFrame) -> None:
    fig = caregiver_stress(frame)
    assert tuple(fig.layout.yaxis.range) == (0, 10.5)
    assert "0–10" in fig.layout.yaxis.title.text


def test_stress_empty_frame_has_no_traces(empty_household: HouseholdStore) -> None:
    frame = empty_household.frame(CaregiverCheckin)
    assert frame.empty
    fig = caregiver_stress(frame)
    assert len(fig.data) == 0
    assert fig.layout.title.text == "Your stress over time"


def test_stress_from_demo_has_one_weekly_point_per_week(demo: HouseholdStore) -> None:
    frame = demo.frame(CaregiverCheckin)
    daily, weekly = caregiver_stress(frame).data
    weeks = frame["day"].dt.to_period("W").nunique()
    assert len(daily.x) == len(frame)
    assert len(weekly.x) == weeks < len(frame)
    assert all(0 <= value <= 10 for value in weekly.y)
    assert list(weekly.x) == sorted(weekly.x)
