"""Plotly figure builders: DataFrames in, go.Figure out. They never draw.

Colours come from the Okabe-Ito palette, which stays distinct with colour blindness;
every category also has a label or a marker shape, so colour is never the only cue.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard.records import EVENT_KIND_LABELS

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6B6B6B",
}
PHASE_KINDS = (
    "assessment",
    "withdrawal_management",
    "residential",
    "intensive_outpatient",
    "outpatient",
)
ONGOING_KINDS = ("residential", "intensive_outpatient", "outpatient")
KIND_COLOURS = {
    "assessment": OKABE_ITO["sky"],
    "withdrawal_management": OKABE_ITO["orange"],
    "residential": OKABE_ITO["purple"],
    "intensive_outpatient": OKABE_ITO["blue"],
    "outpatient": OKABE_ITO["green"],
    "therapy_session": OKABE_ITO["blue"],
    "medical_appointment": OKABE_ITO["sky"],
    "support_meeting": OKABE_ITO["green"],
    "lapse": OKABE_ITO["vermillion"],
    "milestone": OKABE_ITO["orange"],
    "other": OKABE_ITO["grey"],
}
KIND_SYMBOLS = {
    "therapy_session": "circle",
    "medical_appointment": "square",
    "support_meeting": "diamond",
    "lapse": "x",
    "milestone": "star",
    "other": "triangle-up",
}
# Charts of daily logs draw the last year only, so years of history cost no more marks.
DAILY_POINTS_DAYS = 365
FONT = dict(family="sans-serif", size=14)


def _base_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0),
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", y=-0.2),
        plot_bgcolor="white",
        height=380,
    )
    return fig


def treatment_timeline(events: pd.DataFrame, today: date) -> go.Figure:
    """Treatment phases as bars, other events as markers, and a line for today."""
    fig = go.Figure()
    if not events.empty:
        phases = events[events["kind"].isin(PHASE_KINDS)]
        for kind in PHASE_KINDS:
            rows = phases[phases["kind"] == kind]
            if rows.empty:
                continue
            starts = pd.to_datetime(rows["start_date"])
            # An ongoing stage runs until today; a one-off stage without an end is one day.
            open_end = pd.Timestamp(today) if kind in ONGOING_KINDS else pd.NaT
            ends = pd.to_datetime(rows["end_date"]).fillna(open_end).fillna(starts)
            ends = ends.where(ends > starts, starts + pd.Timedelta(days=1))
            fig.add_trace(
                go.Bar(
                    name=EVENT_KIND_LABELS[kind],
                    y=[EVENT_KIND_LABELS[kind]] * len(rows),
                    base=starts,
                    x=(ends - starts).dt.total_seconds() * 1000,
                    orientation="h",
                    marker=dict(
                        color=KIND_COLOURS[kind],
                        pattern_shape=["/" if s == "planned" else "" for s in rows["status"]],
                    ),
                    text=[("Planned" if s == "planned" else "") for s in rows["status"]],
                    hovertemplate="%{y}: %{base|%d %b %Y}<extra></extra>",
                )
            )
        markers = events[~events["kind"].isin(PHASE_KINDS)]
        for kind, rows in markers.groupby("kind", sort=True):
            weekly = rows.groupby(
                pd.to_datetime(rows["start_date"]).dt.to_period("W").dt.start_time
            )
            counts = weekly.size()
            fig.add_trace(
                go.Scatter(
                    name=EVENT_KIND_LABELS[kind],
                    x=counts.index,
                    y=[EVENT_KIND_LABELS[kind]] * len(counts),
                    mode="markers",
                    marker=dict(
                        color=KIND_COLOURS[kind], symbol=KIND_SYMBOLS[kind], size=10, line_width=1
                    ),
                    customdata=counts.values,
                    hovertemplate="%{y}: week of %{x|%d %b %Y} (%{customdata})<extra></extra>",
                )
            )
    fig.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dot", line_color="#333")
    fig.add_annotation(x=pd.Timestamp(today), y=1.02, yref="paper", text="Today", showarrow=False)
    fig.update_xaxes(type="date", range=[today - timedelta(days=365), today + timedelta(days=30)])
    fig.update_yaxes(autorange="reversed")
    return _base_layout(fig, "Treatment timeline")


def caregiver_stress(checkins: pd.DataFrame) -> go.Figure:
    """The last year: weekly average stress, with the daily points faint.

    Only one year is drawn, so ten years of logs cost no more marks than one.
    """
    fig = go.Figure()
    if not checkins.empty:
        days = pd.to_datetime(checkins["day"])
        recent = checkins[days >= days.max() - pd.Timedelta(days=DAILY_POINTS_DAYS)]
        recent_days = pd.to_datetime(recent["day"])
        fig.add_trace(
            go.Scatter(
                name="Daily",
                x=recent_days,
                y=recent["stress"],
                mode="markers",
                marker=dict(color=OKABE_ITO["sky"], opacity=0.35, size=6),
            )
        )
        weekly = recent.assign(week=recent_days.dt.to_period("W").dt.start_time).groupby("week")
        fig.add_trace(
            go.Scatter(
                name="Weekly average",
                x=list(weekly.groups),
                y=weekly["stress"].mean().round(1),
                mode="lines+markers",
                line=dict(color=OKABE_ITO["blue"], width=3),
            )
        )
    fig.update_yaxes(range=[0, 10.5], title="Stress (0–10)")
    return _base_layout(fig, "Your stress over time")
