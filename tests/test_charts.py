"""Figure builders, checked through fig.data and fig.layout (nothing is drawn)."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts import (
    KIND_COLOURS,
    KIND_SYMBOLS,
    METRIC_STYLES,
    NEUTRAL,
    OKABE_ITO,
    PHASE_KINDS,
    PLANNED_LEGEND,
    STATUS_SYMBOLS,
    attendance_chart,
    caregiver_stress,
    treatment_timeline,
    trend_chart,
    wins_calendar,
)
from dashboard.db.schema import TABLES
from dashboard.records import (
    EVENT_KIND_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    TreatmentEvent,
)
from dashboard.rules import timeline as tl
from dashboard.rules import trends, wins
from dashboard.store import HouseholdStore, NewFamily, Store

TODAY = date(2026, 6, 15)  # a Monday
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
REFERENCE = "Typical length (reference)"


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


def event(
    kind: str, start: date, end: date | None = None, status: str = "actual", title: str = ""
) -> dict:
    return {"kind": kind, "start_date": start, "end_date": end, "status": status, "title": title}


def window(preset: str = "1y", first: date | None = None) -> tl.Window:
    return tl.window_for(preset, TODAY, first)


def bars(fig: go.Figure, reference: bool = False) -> list[go.Bar]:
    return [t for t in fig.data if isinstance(t, go.Bar) and (t.name == REFERENCE) == reference]


def markers(fig: go.Figure) -> list[go.Scatter]:
    return [t for t in fig.data if isinstance(t, go.Scatter) and t.name != PLANNED_LEGEND]


def marks(fig: go.Figure) -> int:
    """Everything drawn: points and bars of every trace, and every shape."""
    return sum(len(t.x) for t in fig.data if t.x is not None) + len(fig.layout.shapes)


def today_lines(fig: go.Figure, today: date) -> list:
    at = pd.Timestamp(today).timestamp() * 1000
    return [s for s in fig.layout.shapes if s.type == "line" and s.x0 == at and s.x1 == at]


@pytest.fixture
def empty_household(sqlite_store: Store) -> HouseholdStore:
    return sqlite_store.create_family(NewFamily("The Empty family", "Sam", "Alex"))


# -- treatment timeline: phases ------------------------------------------------------


@pytest.mark.parametrize(
    "kinds",
    [("assessment",), ("residential", "outpatient"), ("outpatient", "assessment"), PHASE_KINDS],
    ids=lambda kinds: "+".join(kinds),
)
def test_one_horizontal_bar_trace_per_phase_kind_present(kinds: tuple[str, ...]) -> None:
    start = date(2026, 1, 5)
    frame = events(*(event(k, start, start + timedelta(days=20)) for k in kinds))
    fig = treatment_timeline(frame, window())
    present = [kind for kind in PHASE_KINDS if kind in kinds]
    assert [t.name for t in bars(fig)] == [EVENT_KIND_LABELS[k] for k in present]
    assert all(t.orientation == "h" for t in bars(fig))
    assert [t.marker.color for t in bars(fig)] == [KIND_COLOURS[k] for k in present]
    assert [t.y[0] for t in bars(fig)] == [EVENT_KIND_LABELS[k] for k in present]
    assert markers(fig) == []


def test_planned_phases_are_hatched_paler_and_labelled() -> None:
    frame = events(
        event("outpatient", date(2026, 3, 2), date(2026, 4, 1)),
        event("outpatient", date(2026, 7, 1), date(2026, 9, 1), status="planned"),
    )
    fig = treatment_timeline(frame, window())
    actual, planned = bars(fig)
    assert (actual.name, planned.name) == ("Outpatient treatment", "Outpatient treatment (planned)")
    assert actual.marker.pattern.shape == "" and planned.marker.pattern.shape == "/"
    assert planned.marker.opacity < actual.marker.opacity
    assert list(planned.text) == ["Planned"]
    assert actual.y == planned.y, "planned and actual share the phase's row"
    legend = [t for t in fig.data if t.name == PLANNED_LEGEND]
    assert len(legend) == 1 and legend[0].showlegend is not False


def test_no_planned_legend_without_planned_items() -> None:
    fig = treatment_timeline(events(event("assessment", date(2026, 3, 2))), window())
    assert PLANNED_LEGEND not in [t.name for t in fig.data]


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 5, 1), date(2026, 5, 11), 11),  # both days included
        (date(2026, 5, 1), None, 46),  # still running: the bar reaches the end of today
        (date(2026, 5, 1), date(2026, 5, 1), 1),  # a one-day phase stays visible
    ],
)
def test_bar_spans_start_to_end(start: date, end: date | None, days: int) -> None:
    (bar,) = bars(treatment_timeline(events(event("residential", start, end)), window()))
    assert pd.Timestamp(bar.base[0]) == pd.Timestamp(start)
    assert bar.x[0] == days * MS_PER_DAY


def test_ongoing_phases_say_so() -> None:
    (bar,) = bars(treatment_timeline(events(event("outpatient", date(2026, 5, 1))), window()))
    assert list(bar.text) == ["Ongoing"]
    assert bar.customdata[0][2] == "ongoing"


def test_phases_outside_the_window_are_not_drawn() -> None:
    frame = events(
        event("residential", date(2025, 1, 1), date(2025, 2, 1)),
        event("outpatient", date(2026, 6, 1)),
    )
    fig = treatment_timeline(frame, window("4w"))
    assert [t.name for t in bars(fig)] == ["Outpatient treatment"]


# -- treatment timeline: reference bands ------------------------------------------------


def test_reference_bands_are_faint_with_their_source_in_the_hover() -> None:
    frame = events(
        event("withdrawal_management", date(2026, 1, 12), date(2026, 1, 20)),
        event("outpatient", date(2026, 1, 21)),
    )
    fig = treatment_timeline(frame, window())
    (band,) = bars(fig, reference=True)
    rows = dict(zip(band.y, zip(band.base, band.x, strict=True), strict=True))
    assert set(rows) == {"Time in treatment (typical)", "Withdrawal management (detox)"}
    base, width = rows["Time in treatment (typical)"]
    assert pd.Timestamp(base) == pd.Timestamp(2026, 1, 12)
    assert width == 90 * MS_PER_DAY
    assert rows["Withdrawal management (detox)"][1] == 14 * MS_PER_DAY
    assert band.marker.opacity < 0.5
    assert all("Source: NIDA" in text for text in band.customdata)
    assert any("3 months" in text for text in band.customdata)
    assert fig.data[0].name == REFERENCE, "bands are drawn first, under the phases"
    assert fig.layout.yaxis.categoryarray[0] == "Time in treatment (typical)"


def test_no_reference_band_for_a_phase_without_a_typical_length() -> None:
    fig = treatment_timeline(events(event("assessment", date(2026, 3, 2))), window())
    assert bars(fig, reference=True) == []


# -- treatment timeline: markers -----------------------------------------------------


def test_other_events_are_markers_with_distinct_symbols_and_their_own_rows() -> None:
    frame = events(
        *(event(kind, date(2026, 4, 1) + timedelta(days=i)) for i, kind in enumerate(MARKER_KINDS))
    )
    fig = treatment_timeline(frame, window())
    traces = markers(fig)
    assert bars(fig) == []
    by_label = {EVENT_KIND_LABELS[k]: k for k in MARKER_KINDS}
    assert sorted(t.name for t in traces) == sorted(by_label)
    assert len({t.marker.symbol for t in traces}) == len(MARKER_KINDS)
    for trace in traces:
        kind = by_label[trace.name]
        assert trace.mode == "markers"
        assert (trace.marker.symbol, trace.marker.color) == (KIND_SYMBOLS[kind], KIND_COLOURS[kind])
        assert set(trace.y) == {trace.name}, "each kind has its own labelled row"


def test_planned_markers_are_open_symbols() -> None:
    frame = events(
        event("therapy_session", date(2026, 6, 8)),
        event("therapy_session", date(2026, 6, 19), status="planned"),
    )
    actual, planned = markers(treatment_timeline(frame, window("4w")))
    assert planned.name == "Therapy session (planned)"
    assert planned.marker.symbol == actual.marker.symbol + "-open"


@pytest.mark.parametrize(
    ("days", "points", "counts"),
    [
        ([date(2026, 6, 1)], 1, [1]),
        ([date(2026, 6, 1), date(2026, 6, 3), date(2026, 6, 7)], 1, [3]),  # Mon, Wed, Sun
        ([date(2026, 6, 7), date(2026, 6, 8)], 2, [1, 1]),  # Sunday, then Monday
    ],
)
def test_a_year_counts_markers_per_calendar_week(
    days: list[date], points: int, counts: list[int]
) -> None:
    frame = events(*(event("support_meeting", day) for day in days))
    (trace,) = markers(treatment_timeline(frame, window("1y")))
    assert len(trace.x) == points
    assert [row[1] for row in trace.customdata] == counts
    assert all(pd.Timestamp(x).weekday() == 0 for x in trace.x), "weeks start on Monday"


def test_four_weeks_show_each_day() -> None:
    frame = events(*(event("support_meeting", TODAY - timedelta(days=n)) for n in (0, 1, 2)))
    (trace,) = markers(treatment_timeline(frame, window("4w")))
    assert len(trace.x) == 3


def test_titles_in_hover_are_escaped() -> None:
    frame = events(event("other", date(2026, 6, 1), title="<img src=x onerror=alert(1)>"))
    (trace,) = markers(treatment_timeline(frame, window("4w")))
    hover = trace.customdata[0][2]
    assert "<img" not in hover and "&lt;img" in hover


def test_extra_markers_add_rows_without_changing_the_builder() -> None:
    ticks = tl.warning_sign_markers(
        pd.DataFrame({"day": pd.to_datetime([date(2026, 6, 2)]), "sign_id": ["slurred-speech"]}),
        {"slurred-speech": "Slurred speech"},
    )
    shared = tl.shared_row_markers(
        pd.DataFrame(
            {
                "day": pd.to_datetime([date(2026, 6, 3), date(2026, 6, 4)]),
                "kind": ["boundary_kept", "boundary_crossed"],
                "label": ["Boundary kept: <b>No cash</b>", "Boundary crossed: No cash"],
            }
        ),
        {"boundary_kept": "Boundary kept", "boundary_crossed": "Boundary crossed"},
    )
    generic = pd.DataFrame(
        {"day": [date(2026, 6, 5)], "kind": ["something_new"], "label": ["Something new"]}
    )
    fig = treatment_timeline(events(), window("4w"), tl.combine_markers(ticks, shared, generic))
    rows = list(fig.layout.yaxis.categoryarray)
    assert rows == ["Warning signs noticed", "Boundaries", "Something new"]
    names = {t.name: t for t in markers(fig)}
    assert names["Boundary kept"].marker.symbol != names["Boundary crossed"].marker.symbol
    assert names["Boundary kept"].showlegend and names["Boundary crossed"].showlegend, (
        "kinds sharing a row are told apart in the legend"
    )
    assert not names["Warning signs noticed"].showlegend
    assert "&lt;b&gt;No cash" in names["Boundary kept"].customdata[0][2]
    assert names["Something new"].marker.symbol, "unknown kinds still get a shape"


def test_long_ranges_aggregate_and_no_event_is_lost() -> None:
    start = TODAY - timedelta(days=3 * 365)
    therapy = [event("therapy_session", start + timedelta(days=d)) for d in range(0, 3 * 365, 7)]
    meetings = [event("support_meeting", start + timedelta(days=d)) for d in range(3 * 365)]
    fig = treatment_timeline(events(*therapy, *meetings), window("all", start))
    traces = {t.name: t for t in markers(fig)}
    assert all(len(t.x) <= tl.MAX_BINS + 1 for t in traces.values())
    assert sum(row[1] for row in traces["Therapy session"].customdata) == len(therapy)
    assert sum(row[1] for row in traces["Support meeting"].customdata) == len(meetings)


def _years_of_events(years: int) -> pd.DataFrame:
    first = TODAY - timedelta(days=365 * years - 1)
    rows = [
        event("assessment", first),
        event("outpatient", first + timedelta(days=10)),
        *(event("therapy_session", first + timedelta(days=d)) for d in range(0, 365 * years, 7)),
        *(event("lapse", first + timedelta(days=d)) for d in range(100, 365 * years, 365)),
        *(event("support_meeting", first + timedelta(days=d)) for d in range(0, 365 * years, 3)),
    ]
    return events(*rows)


@pytest.mark.parametrize("preset", list(tl.RANGE_PRESETS))
def test_ten_years_draw_no_more_marks_than_one(preset: str) -> None:
    one, ten = _years_of_events(1), _years_of_events(10)
    first_one = TODAY - timedelta(days=364)
    first_ten = TODAY - timedelta(days=3649)
    fig_one = treatment_timeline(one, window(preset, first_one))
    fig_ten = treatment_timeline(ten, window(preset, first_ten))
    assert marks(fig_ten) <= marks(fig_one)
    assert marks(fig_ten) < 300


# -- treatment timeline: today, empty, layout ----------------------------------------


def test_empty_household_gives_no_traces_but_a_today_line(
    empty_household: HouseholdStore,
) -> None:
    frame = empty_household.frame(TreatmentEvent)
    assert frame.empty
    fig = treatment_timeline(frame, window())
    assert len(fig.data) == 0
    assert len(today_lines(fig, TODAY)) == 1
    assert [a.text for a in fig.layout.annotations] == ["Today"]


@pytest.mark.parametrize("preset", list(tl.RANGE_PRESETS))
def test_the_axis_shows_the_window_and_today(preset: str) -> None:
    w = window(preset, date(2024, 12, 2))
    fig = treatment_timeline(events(event("assessment", date(2024, 12, 2))), w)
    (line,) = today_lines(fig, TODAY)
    assert (line.yref, line.y0, line.y1) == ("y domain", 0, 1)
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert low <= pd.Timestamp(w.start) and pd.Timestamp(w.end) <= high
    assert (pd.Timestamp(w.start) - low) < pd.Timedelta(days=1)


def test_a_date_instead_of_a_window_means_the_last_year() -> None:
    fig = treatment_timeline(events(event("assessment", date(2026, 1, 5))), TODAY)
    low, _ = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert low.date() == TODAY - timedelta(days=365)


def test_demo_timeline_uses_the_real_frame(demo: HouseholdStore, demo_today: date) -> None:
    frame = demo.frame(TreatmentEvent)
    w = tl.window_for("1y", demo_today)
    fig = treatment_timeline(frame, w)
    phase_kinds = {k for k in frame["kind"] if k in PHASE_KINDS}
    assert len(bars(fig)) == len(phase_kinds) >= 1
    assert bars(fig, reference=True)
    assert len(today_lines(fig, demo_today)) == 1
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "Treatment timeline"
    starts = frame["start_date"]
    shown = frame[
        ~frame["kind"].isin(PHASE_KINDS)
        & (starts >= pd.Timestamp(w.start))
        & (starts <= pd.Timestamp(w.end))
    ]
    assert sum(row[1] for t in markers(fig) for row in t.customdata) == len(shown)


def test_figures_carry_no_plotly_template_layout() -> None:
    fig = treatment_timeline(events(event("assessment", date(2026, 3, 2))), window())
    assert "layout" not in fig.to_plotly_json()["layout"]["template"]


def test_a_cached_dict_redraws_the_same_without_validation() -> None:
    """The pages rebuild cached dicts with _validate=False; the output must not change."""
    fig = treatment_timeline(_years_of_events(1), window())
    cached = fig.to_plotly_json()
    fast = json.loads(go.Figure(cached, _validate=False).to_json())
    assert fast == json.loads(go.Figure(**cached).to_json())
    assert fast == json.loads(fig.to_json())


# -- colours -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "hex_code"), sorted(CANONICAL_OKABE_ITO.items()))
def test_palette_is_okabe_ito(name: str, hex_code: str) -> None:
    assert OKABE_ITO[name].upper() == hex_code


@pytest.mark.parametrize("kind", sorted(EVENT_KIND_LABELS))
def test_every_kind_has_a_palette_colour(kind: str) -> None:
    assert KIND_COLOURS[kind] in OKABE_ITO.values()
    if kind not in PHASE_KINDS:
        assert kind in KIND_SYMBOLS


def test_demo_figures_only_use_palette_colours(demo: HouseholdStore, demo_today: date) -> None:
    w = tl.window_for("1y", demo_today)
    checkins = demo.frame(DailyCheckin)
    figures = [
        treatment_timeline(demo.frame(TreatmentEvent), w),
        caregiver_stress(demo.frame(CaregiverCheckin), w),
        trend_chart([trends.trend(checkins, "mood", w)], "Mood", "1 to 5", w),
        attendance_chart(trends.attendance(checkins, demo.frame(TreatmentEvent), w), w),
        wins_calendar(wins.calendar(wins.day_statuses(checkins), demo_today)),
    ]
    colours = set()
    for fig in figures:
        for trace in fig.data:
            colour = trace.marker.color
            colours |= set(colour) if isinstance(colour, tuple) else {colour}
            if isinstance(trace, go.Scatter) and trace.line.color:
                colours.add(trace.line.color)
    colours.discard(None)
    assert colours
    assert colours <= set(OKABE_ITO.values()) | {NEUTRAL}


# -- wins calendar -------------------------------------------------------------------


def test_calendar_has_one_square_per_day_and_a_shape_per_status() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([date(2026, 6, 1) + timedelta(days=i) for i in range(5)]),
            "observed_use": ["none", "suspected", "confirmed", "unknown", "none"],
        }
    )
    days = wins.calendar(wins.day_statuses(frame), TODAY)
    fig = wins_calendar(days)
    assert sum(len(t.x) for t in fig.data) == len(days)
    names = {t.name: t for t in fig.data}
    assert set(names) == {
        "No use seen",
        "Use suspected",
        "Use confirmed or a lapse",
        "Don't know",
        "No check-in",
    }
    assert len({t.marker.symbol for t in fig.data}) == len(fig.data)
    assert names["No use seen"].marker.symbol == STATUS_SYMBOLS["use_free"]
    assert len(names["No use seen"].x) == 2
    assert all(pd.Timestamp(x).weekday() == 0 for t in fig.data for x in t.x)
    assert list(fig.layout.yaxis.categoryarray)[-1] == "Mon", "Monday at the top"
    assert "Mon 1 Jun 2026" in names["No use seen"].customdata[0]


def test_calendar_of_an_empty_household_is_all_no_check_in() -> None:
    fig = wins_calendar(wins.calendar(wins.day_statuses(pd.DataFrame()), TODAY))
    assert [t.name for t in fig.data] == ["No check-in"]


# -- trends --------------------------------------------------------------------------


def checkins(days: int, **values: Any) -> pd.DataFrame:
    frame = pd.DataFrame({"day": pd.to_datetime([TODAY - timedelta(days=n) for n in range(days)])})
    for name, value in values.items():
        frame[name] = value
    return frame


def test_trend_chart_has_faint_points_and_an_average_line_per_metric() -> None:
    frame = checkins(40, mood=3, sleep=4)
    w = window("3m")
    fig = trend_chart(
        [trends.trend(frame, "mood", w), trends.trend(frame, "sleep", w)],
        "Mood and sleep",
        "1 to 5",
        w,
    )
    names = [t.name for t in fig.data]
    assert names == [
        "Mood, each day",
        "Mood, 7-day average",
        "Sleep, each day",
        "Sleep, 7-day average",
    ]
    points, line = fig.data[0], fig.data[1]
    assert points.mode == "markers" and points.marker.opacity < 0.5
    assert line.mode == "lines" and line.line.width >= 3
    assert fig.data[1].line.dash != fig.data[3].line.dash, "not colour alone"
    assert fig.data[0].marker.symbol != fig.data[2].marker.symbol
    assert line.line.color == METRIC_STYLES["mood"][0]
    assert tuple(fig.layout.yaxis.range) == (0.75, 5.25)
    assert len(today_lines(fig, TODAY)) == 1


def test_trend_chart_skips_a_metric_with_nothing_logged() -> None:
    frame = checkins(10, craving=None)
    fig = trend_chart(
        [trends.trend(frame, "craving", window("4w"))], "Craving", "0 to 10", window("4w")
    )
    assert len(fig.data) == 0
    assert tuple(fig.layout.yaxis.range) == (-0.5, 10.5)


def test_trend_points_stay_bounded_at_ten_years() -> None:
    one, ten = checkins(365, mood=3), checkins(3650, mood=3)
    fig_one = trend_chart(
        [trends.trend(one, "mood", window("all", TODAY - timedelta(days=364)))], "M", "", None
    )
    fig_ten = trend_chart(
        [trends.trend(ten, "mood", window("all", TODAY - timedelta(days=3649)))], "M", "", None
    )
    assert marks(fig_ten) <= marks(fig_one)


def test_attendance_chart_has_two_bar_series_told_apart_by_pattern() -> None:
    frame = checkins(20, attended_treatment=True)
    w = window("3m")
    fig = attendance_chart(trends.attendance(frame, None, w), w)
    attended, sessions = fig.data
    assert attended.marker.pattern.shape != sessions.marker.pattern.shape
    assert sum(attended.y) == 20 and sum(sessions.y) == 0
    assert fig.layout.yaxis.title.text == "per day"
    yearly = attendance_chart(trends.attendance(frame, None, window("1y")), window("1y"))
    assert yearly.layout.yaxis.title.text == "per week"
    assert len(yearly.data[0].x) == 53


def test_caregiver_stress_still_draws_the_last_year_without_a_window() -> None:
    member = uuid.uuid4()
    rows = [
        {"family_member_id": member, "day": TODAY - timedelta(days=n), "stress": 5, "sleep": 3}
        for n in range(700)
    ]
    fig = caregiver_stress(_frame(CAREGIVER_COLUMNS, rows))
    points, line = fig.data
    assert points.name == "Stress, weekly average"
    assert line.name == "Stress, 4-week average"
    assert len(points.x) <= 54
    assert fig.layout.title.text == "Your stress over time"
    assert tuple(fig.layout.yaxis.range) == (-0.5, 10.5)


def test_caregiver_stress_of_an_empty_household(empty_household: HouseholdStore) -> None:
    frame = empty_household.frame(CaregiverCheckin)
    assert len(caregiver_stress(frame).data) == 0


def test_long_hover_text_is_wrapped_before_it_is_escaped() -> None:
    from dashboard.charts import _wrap

    wrapped = _wrap("Tom & Jerry " * 10 + "<img src=x onerror=alert(1)>", width=20)
    for line in wrapped.split("<br>"):
        assert "<" not in line and ">" not in line
        assert line.count("&") == line.count("&amp;") + line.count("&lt;") + line.count("&gt;")
