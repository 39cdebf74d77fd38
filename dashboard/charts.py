"""Plotly figure builders: DataFrames in, go.Figure out. They never draw.

Colours come from the Okabe-Ito palette, which stays distinct with colour blindness, and
each category keeps its colour on every chart. Colour is never the only cue: every
category also has a legend label, a row label, a marker shape or a line dash.

Figures use no Plotly template (`template="none"`): a template adds a large block of
layout that Streamlit validates on every rerun, for nothing the family sees. Backgrounds
are transparent (the page's light or dark background shows through) and text is in the
theme's ink (THEMES, the same colours as .streamlit/config.toml): `themed()` recolours a
built figure for the dark theme. Builders take the screen `width` in px (None: a laptop);
below NARROW_PX, labels go above rows, margins shrink and fewer ticks are drawn, so the plot
area keeps at least 70% of a 390 px phone's width.
Text a person typed (event titles) is escaped before it goes into hover text.
"""

from __future__ import annotations

import copy
import html
import textwrap
import threading
from collections import OrderedDict
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
from plotly.basedatatypes import BaseFigure

from dashboard.content import PhaseReference, phase_reference
from dashboard.records import EVENT_KIND_LABELS
from dashboard.rules import timeline as tl
from dashboard.rules.trends import Trend, trend
from dashboard.rules.wins import STATUS_LABELS, STATUS_ORDER
from dashboard.text import day_text

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
# For "nothing logged": a neutral outline, never a category colour.
NEUTRAL = "#BDBDBD"
# Text (ink, at least 4.5:1 on the page background), grid and the "Today" line, per theme.
THEMES = {
    "light": {"ink": "#1E2A32", "grid": "#D9DEE1", "line": "#4A5860"},
    "dark": {"ink": "#E8EEF0", "grid": "#3A454C", "line": "#B8C4CA"},
}
GRID = THEMES["light"]["grid"]
TRANSPARENT = "rgba(0,0,0,0)"
# Screens narrower than this get the phone layout.
NARROW_PX = 640
# A phone's year calendar shows the last 13 weeks, with squares big enough to see.
PHONE_WEEKS = 13
PHASE_KINDS = tl.PHASE_KINDS
ONGOING_KINDS = tl.ONGOING_KINDS
KIND_COLOURS = {
    "assessment": OKABE_ITO["sky"],
    "withdrawal_management": OKABE_ITO["orange"],
    "residential": OKABE_ITO["purple"],
    "intensive_outpatient": OKABE_ITO["blue"],
    "outpatient": OKABE_ITO["green"],
    "continuing_care": OKABE_ITO["grey"],
    "therapy_session": OKABE_ITO["blue"],
    "medical_appointment": OKABE_ITO["sky"],
    "support_meeting": OKABE_ITO["green"],
    "lapse": OKABE_ITO["vermillion"],
    "milestone": OKABE_ITO["orange"],
    "other": OKABE_ITO["grey"],
    "warning_sign": OKABE_ITO["yellow"],
    "boundary_planned": OKABE_ITO["grey"],
    "boundary_kept": OKABE_ITO["green"],
    "boundary_tested": OKABE_ITO["orange"],
    "boundary_crossed": OKABE_ITO["vermillion"],
    "boundary_revised": OKABE_ITO["blue"],
    "treatment_invitation_planned": OKABE_ITO["grey"],
    "treatment_invitation": OKABE_ITO["purple"],
    "sober_activity": OKABE_ITO["sky"],
    "treatment": OKABE_ITO["grey"],
}
KIND_SYMBOLS = {
    "therapy_session": "circle",
    "medical_appointment": "square",
    "support_meeting": "diamond",
    "lapse": "x",
    "milestone": "star",
    "other": "triangle-up",
    "warning_sign": "triangle-down",
    "boundary_planned": "square-cross",
    "boundary_kept": "hexagram",
    "boundary_tested": "diamond-wide",
    "boundary_crossed": "circle-x",
    "boundary_revised": "circle-cross",
    "treatment_invitation_planned": "star-triangle-up",
    "treatment_invitation": "pentagon",
    "sober_activity": "star-diamond",
}
# Kinds a later feature adds without a style of their own still get a shape and a row label.
FALLBACK_COLOUR = OKABE_ITO["grey"]
FALLBACK_SYMBOL = "hourglass"
STATUS_COLOURS = {
    "use_free": OKABE_ITO["green"],
    "suspected": OKABE_ITO["yellow"],
    "use": OKABE_ITO["vermillion"],
    "unknown": OKABE_ITO["grey"],
    "no_checkin": NEUTRAL,
}
STATUS_SYMBOLS = {
    "use_free": "square",
    "suspected": "diamond",
    "use": "x",
    "unknown": "circle",
    "no_checkin": "square-open",
}
METRIC_STYLES = {
    "mood": (OKABE_ITO["orange"], "circle", "solid"),
    "sleep": (OKABE_ITO["blue"], "square", "dash"),
    "craving": (OKABE_ITO["purple"], "diamond", "dot"),
    "stress": (OKABE_ITO["vermillion"], "triangle-up", "solid"),
}
ATTENDANCE_COLOURS = {"attended_days": OKABE_ITO["green"], "sessions": OKABE_ITO["blue"]}
PLANNED_OPACITY = 0.55
PLANNED_SUFFIX = " (planned)"
PLANNED_LEGEND = "Planned: hatched bar or open marker"
BAND_OPACITY = 0.3
TREATMENT_ROW = "Time in treatment (typical)"
# Charts of daily logs drawn without a window show the last year only.
DAILY_POINTS_DAYS = 365
FONT = dict(family="sans-serif", size=14, color=THEMES["light"]["ink"])
# No toolbar: on a phone it covered the chart's title, and nothing in it is needed.
CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


def is_narrow(width: int | None) -> bool:
    """A phone-sized screen (width in px; None means a laptop)."""
    return width is not None and width < NARROW_PX


def _base_layout(
    fig: go.Figure, title: str, height: int = 380, width: int | None = None
) -> go.Figure:
    narrow = is_narrow(width)
    fig.update_layout(
        template="none",
        title=dict(text=html.escape(title), x=0, xanchor="left", font_size=16 if narrow else 18),
        font={**FONT, "size": 13 if narrow else 14},
        margin=dict(l=6, r=12, t=64, b=10) if narrow else dict(l=10, r=16, t=64, b=10),
        legend=dict(orientation="h", y=-0.15, yanchor="top", x=0),
        plot_bgcolor=TRANSPARENT,
        paper_bgcolor=TRANSPARENT,
        hoverlabel=dict(font_size=13),
        height=height,
    )
    ink = THEMES["light"]["ink"]
    fig.update_xaxes(showgrid=True, gridcolor=GRID, automargin=True, tickfont_color=ink)
    fig.update_yaxes(showgrid=True, gridcolor=GRID, automargin=True, tickfont_color=ink)
    fig.update_layout(legend_font_color=ink)
    if narrow:
        fig.update_xaxes(nticks=4, tickangle=0)
    return fig


def themed(figure: dict, theme: str) -> dict:
    """A built figure (as a dict) in the "light" or "dark" theme's text, grid and line colours.

    Builders draw in the light theme's colours; only the layout is copied and changed.
    """
    if theme != "dark":
        return figure
    colours = THEMES["dark"]
    layout = copy.deepcopy(figure.get("layout", {}))
    layout.setdefault("font", {})["color"] = colours["ink"]
    title_font = layout.get("title", {}).get("font")
    if title_font is not None:
        title_font["color"] = colours["ink"]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["gridcolor"] = colours["grid"]
            axis.setdefault("tickfont", {})["color"] = colours["ink"]
            axis_title = axis.get("title")
            if isinstance(axis_title, dict):
                axis_title.setdefault("font", {})["color"] = colours["ink"]
    layout.setdefault("legend", {}).setdefault("font", {})["color"] = colours["ink"]
    for shape in layout.get("shapes", []):
        if shape.get("line", {}).get("color") == THEMES["light"]["line"]:
            shape["line"]["color"] = colours["line"]
    for note in layout.get("annotations", []):
        note.setdefault("font", {})["color"] = colours["ink"]
    return {**figure, "layout": layout}


# Figures already encoded for the browser, by (id of the cached figure dict, theme).
MAX_ENCODED = 64
_encoded_lock = threading.Lock()
_encoded: OrderedDict[tuple[int, str], tuple[dict, dict]] = OrderedDict()


class EncodedFigure(BaseFigure):
    """A figure already in the form st.plotly_chart sends: its dict is made once, not per rerun.

    st.plotly_chart turns a Figure into a dict with `to_dict()` (which re-encodes every
    array as base64) before writing JSON; with a dict it validates the whole figure again.
    Either costs more than the rest of a chart page's rerun. This Figure skips both: its
    `to_dict()` returns the dict made once by `encoded()`.
    """

    def __init__(self, wire: dict) -> None:  # BaseFigure's own __init__ would validate it all
        self._wire = wire

    def to_dict(self) -> dict:
        return self._wire


def encoded(figure: dict, theme: str) -> EncodedFigure:
    """A cached figure dict (from a view) in `theme`, encoded once per figure and theme.

    Keyed by the dict's identity: views are cached and read-only, so the same dict means
    the same figure. The dict is held with its encoding, so its id cannot be reused.
    """
    key = (id(figure), theme)
    with _encoded_lock:
        held = _encoded.get(key)
        if held is not None and held[0] is figure:
            _encoded.move_to_end(key)
            return EncodedFigure(held[1])
    wire = go.Figure(themed(figure, theme), _validate=False).to_dict()
    with _encoded_lock:
        _encoded[key] = (figure, wire)
        while len(_encoded) > MAX_ENCODED:
            _encoded.popitem(last=False)
    return EncodedFigure(wire)


def forget_encoded() -> None:
    """Drop every encoded figure (a family was deleted: none of its charts stays in memory)."""
    with _encoded_lock:
        _encoded.clear()


def _ms(days: pd.Series | float) -> pd.Series | float:
    return days * 24 * 3600 * 1000


def _wrap(text: str, width: int = 60) -> str:
    """Escaped, with <br> line breaks so long hover text stays readable on a phone."""
    # Wrap first, then escape each line, so no entity such as &amp; is cut in half.
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width))


def _today_line(fig: go.Figure, today: date) -> None:
    """A dotted line at today, its label to the left of it so the right edge never clips it."""
    line = THEMES["light"]["line"]
    fig.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dot", line_color=line)
    fig.add_annotation(
        x=pd.Timestamp(today),
        y=1.0,
        yref="paper",
        text="Today",
        showarrow=False,
        yanchor="bottom",
        xanchor="right",
    )


def _as_window(window: tl.Window | date) -> tl.Window:
    return window if isinstance(window, tl.Window) else tl.window_for("1y", window)


# -- treatment timeline ------------------------------------------------------------------


def treatment_timeline(
    events: pd.DataFrame,
    window: tl.Window | date,
    markers: pd.DataFrame | None = None,
    reference: PhaseReference | None = None,
    width: int | None = None,
) -> go.Figure:
    """Phases as bars (planned ones hatched, paler and labelled), markers, reference bands.

    On a narrow screen each row's label sits above its row, inside the plot, so the rows
    take the whole width.

    events: a TreatmentEvent frame. markers: any extra frame with day, kind, label (and
    optionally status, title), e.g. warning-sign ticks or boundary events. The window
    sets the range and the bin size of markers; a date means "the last year".
    """
    window = _as_window(window)
    reference = reference or phase_reference()
    every_phase = tl.phases(events, window.today)
    phase_frame = tl.overlapping(every_phase, window)
    # Bands come from every phase: one that started before the window can reach into it.
    bands = tl.overlapping(tl.reference_bands(every_phase, reference), window)
    binned = tl.binned_markers(tl.combine_markers(tl.event_markers(events), markers), window)
    fig = go.Figure()
    rows: list[str] = []

    if not bands.empty:
        rows += list(dict.fromkeys(bands.loc[bands["kind"] == "treatment", "row"]))
        _reference_bands(fig, bands)
    for kind in PHASE_KINDS:
        for status in ("actual", "planned"):
            chosen = phase_frame[(phase_frame["kind"] == kind) & (phase_frame["status"] == status)]
            if not chosen.empty:
                _phase_bars(fig, kind, status, chosen)
    rows += [EVENT_KIND_LABELS[k] for k in PHASE_KINDS if k in set(phase_frame["kind"])]
    rows += [k for k in bands["row"] if k not in rows]
    if not binned.empty:
        order = {kind: i for i, kind in enumerate(KIND_SYMBOLS)}
        binned = binned.assign(order=binned["kind"].map(order).fillna(len(order)))
        first = binned.groupby("label")["order"].min().sort_values(kind="stable")
        for label in first.index:
            in_row = binned[binned["label"] == label]
            shared = in_row["kind"].nunique() > 1  # then the legend tells the shapes apart
            rows.append(html.escape(str(label)))
            keys = in_row[["order", "kind", "name"]].drop_duplicates().sort_values(["order"])
            for kind, name in zip(keys["kind"], keys["name"], strict=True):
                for status in ("actual", "planned"):
                    chosen = in_row[
                        (in_row["kind"] == kind)
                        & (in_row["name"] == name)
                        & (in_row["status"] == status)
                    ]
                    if not chosen.empty:
                        _marker_trace(fig, kind, str(label), str(name), status, chosen, shared)

    if any(trace.name.endswith(PLANNED_SUFFIX) for trace in fig.data):
        # Rows are labelled on the axis; the legend only explains "planned" and "typical".
        fig.add_trace(
            go.Scatter(
                name=PLANNED_LEGEND,
                x=[None],
                y=[None],
                mode="markers",
                marker=dict(symbol="square-open", size=12, color=OKABE_ITO["grey"]),
                hoverinfo="skip",
            )
        )
    _today_line(fig, window.today)
    fig.update_xaxes(
        type="date",
        range=[
            pd.Timestamp(window.start) - pd.Timedelta(hours=12),
            pd.Timestamp(window.end) + pd.Timedelta(hours=12),
        ],
    )
    fig.update_yaxes(
        autorange="reversed", type="category", categoryorder="array", categoryarray=rows
    )
    fig.update_layout(barmode="overlay", showlegend=bool(fig.data))
    narrow = is_narrow(width)
    height = 150 + (56 if narrow else 40) * max(len(rows), 1)
    _base_layout(fig, "Treatment timeline", height=height, width=width)
    if narrow:
        # Room above the first row for its label: inside labels outside the range are hidden.
        fig.update_yaxes(
            ticklabelposition="inside top",
            ticklabelshift=14,
            autorange=False,
            range=[max(len(rows), 1) - 0.5, -1.0],
        )
    return fig


def _reference_bands(fig: go.Figure, bands: pd.DataFrame) -> None:
    starts = pd.to_datetime(bands["start"])
    ends = pd.to_datetime(bands["end"]) + pd.Timedelta(days=1)
    hover = [
        f"<b>Typical: {html.escape(t)}</b><br>{_wrap(n)}<br><i>Source: {html.escape(s)}</i>"
        for t, n, s in zip(bands["typical_text"], bands["note"], bands["source"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            name="Typical length (reference)",
            legendgroup="reference",
            y=list(bands["row"]),
            base=starts,
            x=_ms((ends - starts).dt.days),
            orientation="h",
            width=0.85,
            marker=dict(
                color=[KIND_COLOURS.get(k, FALLBACK_COLOUR) for k in bands["kind"]],
                opacity=BAND_OPACITY,
                line=dict(width=1, color=OKABE_ITO["grey"]),
                pattern=dict(shape="."),
            ),
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )


def _phase_bars(fig: go.Figure, kind: str, status: str, rows: pd.DataFrame) -> None:
    planned = status == "planned"
    starts = pd.to_datetime(rows["start"])
    ends = pd.to_datetime(rows["end"]) + pd.Timedelta(days=1)
    label = EVENT_KIND_LABELS[kind]
    custom = [
        [
            html.escape(title) or label,
            day_text(start),
            "ongoing" if ongoing else day_text(end),
            days,
        ]
        for title, start, end, ongoing, days in zip(
            rows["title"], rows["start"], rows["end"], rows["ongoing"], rows["days"], strict=True
        )
    ]
    fig.add_trace(
        go.Bar(
            name=label + PLANNED_SUFFIX if planned else label,
            legendgroup=kind,
            showlegend=False,
            y=[label] * len(rows),
            base=starts,
            x=_ms((ends - starts).dt.days),
            orientation="h",
            width=0.45,
            marker=dict(
                color=KIND_COLOURS[kind],
                opacity=PLANNED_OPACITY if planned else 1.0,
                line=dict(width=2 if planned else 0, color=KIND_COLOURS[kind]),
                pattern=dict(
                    shape="/" if planned else "",
                    fgcolor="white" if planned else None,
                    fillmode="overlay",
                ),
            ),
            text=["Planned" if planned else ("Ongoing" if o else "") for o in rows["ongoing"]],
            textposition="inside",
            insidetextanchor="start",
            customdata=custom,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[1]} to %{customdata[2]}"
                " (%{customdata[3]} days)<extra>%{fullData.name}</extra>"
            ),
        )
    )


def _marker_trace(
    fig: go.Figure,
    kind: str,
    label: str,
    name: str,
    status: str,
    rows: pd.DataFrame,
    in_legend: bool,
) -> None:
    planned = status == "planned"
    symbol = KIND_SYMBOLS.get(kind, FALLBACK_SYMBOL)
    custom = [
        [html.escape(b), int(c), _wrap(t, 50)]
        for b, c, t in zip(rows["bin_label"], rows["count"], rows["titles"], strict=True)
    ]
    name = html.escape(name)
    fig.add_trace(
        go.Scatter(
            name=name + PLANNED_SUFFIX if planned else name,
            legendgroup=kind,
            showlegend=in_legend and not planned,
            x=pd.to_datetime(rows["bin"]),
            y=[html.escape(label)] * len(rows),
            mode="markers",
            marker=dict(
                color=KIND_COLOURS.get(kind, FALLBACK_COLOUR),
                symbol=f"{symbol}-open" if planned else symbol,
                size=12,
                line=dict(width=1.5, color="#333333" if not planned else None),
            ),
            customdata=custom,
            hovertemplate=(
                f"<b>{name}</b>"
                + (" (planned)" if planned else "")
                + ": %{customdata[0]} (%{customdata[1]})<br>%{customdata[2]}<extra></extra>"
            ),
        )
    )


# -- wins calendar -----------------------------------------------------------------------


def wins_calendar(
    days: pd.DataFrame, title: str = "A year in squares", width: int | None = None
) -> go.Figure:
    """One square per day (weeks across, Monday at the top), by what was observed.

    Takes dashboard.rules.wins.calendar(). Each status has its own shape and legend label.
    On a narrow screen only the last PHONE_WEEKS weeks are drawn, with bigger squares.
    """
    narrow = is_narrow(width)
    if narrow and not days.empty:
        weeks = pd.to_datetime(days["week"])
        days = days[weeks > weeks.max() - pd.Timedelta(weeks=PHONE_WEEKS)]
        title = f"The last {PHONE_WEEKS} weeks in squares"
    fig = go.Figure()
    for status in STATUS_ORDER:
        rows = days[days["status"] == status] if not days.empty else days
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                name=STATUS_LABELS[status],
                x=pd.to_datetime(rows["week"]),
                y=list(rows["weekday"]),
                mode="markers",
                marker=dict(
                    color=STATUS_COLOURS[status],
                    symbol=STATUS_SYMBOLS[status],
                    size=18 if narrow else 10,
                    line=dict(width=1, color=STATUS_COLOURS[status]),
                ),
                customdata=[day_text(d, weekday=True) for d in pd.to_datetime(rows["day"])],
                hovertemplate="%{customdata}: " + STATUS_LABELS[status] + "<extra></extra>",
            )
        )
    fig.update_xaxes(type="date", showgrid=False, tickformat="%-d %b" if narrow else "%b")
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(reversed(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))),
        showgrid=False,
    )
    _base_layout(fig, title, height=340 if narrow else 300, width=width)
    if narrow:
        fig.update_xaxes(nticks=4)
    return fig


# -- trends ------------------------------------------------------------------------------


def trend_chart(
    trends: list[Trend],
    title: str,
    y_title: str,
    window: tl.Window | None = None,
    width: int | None = None,
) -> go.Figure:
    """Each metric's average as a line, over its raw points drawn faint.

    Metrics keep their colour, marker shape and line dash on every chart.
    """
    fig = go.Figure()
    low = min((t.metric.low for t in trends), default=0)
    high = max((t.metric.high for t in trends), default=10)
    for item in trends:
        if item.values == 0:
            continue
        colour, symbol, dash = METRIC_STYLES.get(
            item.metric.key, (FALLBACK_COLOUR, "circle", "solid")
        )
        fig.add_trace(
            go.Scatter(
                name=item.points_name,
                legendgroup=item.metric.key,
                x=pd.to_datetime(item.points["x"]),
                y=item.points["y"],
                mode="markers",
                marker=dict(color=colour, symbol=symbol, size=6, opacity=0.3),
                hovertemplate="%{x|%-d %b %Y}: %{y}<extra>" + item.points_name + "</extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                name=item.line_name,
                legendgroup=item.metric.key,
                x=pd.to_datetime(item.line["x"]),
                y=item.line["y"],
                mode="lines",
                line=dict(color=colour, width=3, dash=dash),
                connectgaps=False,
                hovertemplate="%{x|%-d %b %Y}: %{y:.1f}<extra>" + item.line_name + "</extra>",
            )
        )
    pad = 0.25 if high <= 5 else 0.5
    fig.update_yaxes(range=[low - pad, high + pad], title=y_title, dtick=1 if high <= 5 else 2)
    if window is not None:
        _today_line(fig, window.today)
        fig.update_xaxes(
            type="date",
            range=[
                pd.Timestamp(window.start) - pd.Timedelta(hours=12),
                pd.Timestamp(window.today) + pd.Timedelta(days=1),
            ],
        )
    _base_layout(fig, title, height=340, width=width)
    if is_narrow(width):  # the scale's name goes into the title, not beside the axis
        fig.update_yaxes(title=None)
        fig.update_layout(title_text=f"{html.escape(title)} ({html.escape(y_title)})")
    return fig


def attendance_chart(frame: pd.DataFrame, window: tl.Window, width: int | None = None) -> go.Figure:
    """Per bin: days marked "attended treatment", and sessions on the timeline, side by side."""
    noun = tl.LEVEL_NOUNS[window.level]
    fig = go.Figure()
    if not frame.empty:
        x = pd.to_datetime(frame["bin"])
        labels = [tl.bin_label(b, window.level) for b in x]
        for column, name, pattern in (
            ("attended_days", "Days marked 'attended treatment'", "/"),
            ("sessions", "Sessions and appointments on the timeline", ""),
        ):
            fig.add_trace(
                go.Bar(
                    name=name,
                    x=x,
                    y=frame[column],
                    marker=dict(
                        color=ATTENDANCE_COLOURS[column],
                        pattern=dict(shape=pattern, fgcolor="white", fillmode="overlay"),
                    ),
                    customdata=labels,
                    hovertemplate="%{customdata}: %{y}<extra>" + name + "</extra>",
                )
            )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(title=f"per {noun}", rangemode="tozero", dtick=1 if noun == "day" else None)
    fig.update_xaxes(type="date")
    _base_layout(fig, f"Treatment attended, per {noun}", height=320, width=width)
    if is_narrow(width):
        fig.update_yaxes(title=None)
        fig.update_layout(title_text=f"Treatment attended, per {noun}")
    return fig


def caregiver_stress(
    checkins: pd.DataFrame, window: tl.Window | None = None, width: int | None = None
) -> go.Figure:
    """A family member's stress (0–10): the average line over faint daily points.

    Without a window it shows the year up to the latest check-in.
    """
    if window is None:
        days = tl.calendar_days(checkins["day"])
        last = date.today() if days.empty else days.max().date()
        window = tl.Window(
            "custom", last - timedelta(days=DAILY_POINTS_DAYS - 1), last, last, "week"
        )
    item = trend(checkins, "stress", window)
    fig = trend_chart([item], "Your stress over time", "Stress (0–10)", window, width=width)
    return fig


# -- session report ----------------------------------------------------------------------

ATTENDANCE_SOURCE_STYLES = {
    "marked": (OKABE_ITO["green"], "square"),
    "session": (OKABE_ITO["blue"], "circle"),
    "both": (OKABE_ITO["purple"], "star"),
}


def attendance_days_chart(
    frame: pd.DataFrame, window: tl.Window, labels: dict[str, str]
) -> go.Figure:
    """Each day treatment was attended, once, by where it was logged (shape and colour).

    frame: day, source ("marked", "session" or "both"), from rules.session.attendance_days.
    """
    fig = go.Figure()
    for source, name in labels.items():
        rows = frame[frame["source"] == source] if not frame.empty else frame
        if rows.empty:
            continue
        colour, symbol = ATTENDANCE_SOURCE_STYLES[source]
        fig.add_trace(
            go.Scatter(
                name=name,
                x=pd.to_datetime(rows["day"]),
                y=[name] * len(rows),
                mode="markers",
                marker=dict(color=colour, symbol=symbol, size=13),
                hovertemplate="%{x|%-d %b %Y}<extra>" + html.escape(name) + "</extra>",
            )
        )
    fig.update_xaxes(
        type="date",
        range=[
            pd.Timestamp(window.start) - pd.Timedelta(hours=12),
            pd.Timestamp(window.today) + pd.Timedelta(hours=12),
        ],
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels.values()), showgrid=False)
    fig.update_layout(showlegend=False)
    return _base_layout(fig, "Days treatment was attended, each counted once", height=240)
