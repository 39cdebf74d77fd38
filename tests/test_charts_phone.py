"""Chart layouts on a 390 px phone and in the dark theme: margins, label placement, the
toolbar, the "Today" marker and colours, read from fig.layout (nothing is drawn)."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pytest

from dashboard import charts
from dashboard.charts import (
    CONFIG,
    MAX_ENCODED,
    NARROW_PX,
    PHONE_WEEKS,
    THEMES,
    TRANSPARENT,
    encoded,
    forget_encoded,
    is_narrow,
    themed,
    treatment_timeline,
    trend_chart,
    wins_calendar,
)
from dashboard.db.schema import TABLES
from dashboard.rules import timeline as tl
from dashboard.rules import trends, wins

TODAY = date(2026, 6, 15)
PHONE = 390
# Light and dark page backgrounds (.streamlit/config.toml).
BACKGROUNDS = {"light": "#FBFAF7", "dark": "#14191C"}


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def timeline(width: int | None) -> go.Figure:
    columns = list(TABLES["treatment_events"].c.keys())
    rows = [
        {"kind": "outpatient", "start_date": TODAY - timedelta(days=60), "end_date": None},
        {"kind": "support_meeting", "start_date": TODAY - timedelta(days=5), "end_date": None},
    ]
    records = [
        {
            column: {
                "household_id": uuid.uuid4(),
                "loved_one_id": uuid.uuid4(),
                "id": uuid.uuid4(),
                "version": 1,
                "title": "",
                "status": "actual",
                "notes": "",
                **row,
            }.get(column)
            for column in columns
        }
        for row in rows
    ]
    frame = pd.DataFrame(records, columns=columns)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return treatment_timeline(frame, tl.window_for("3m", TODAY), width=width)


def calendar(width: int | None) -> go.Figure:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([TODAY - timedelta(days=i) for i in range(300)]),
            "observed_use": ["none"] * 300,
        }
    )
    return wins_calendar(wins.calendar(wins.day_statuses(frame), TODAY), width=width)


def mood(width: int | None) -> go.Figure:
    window = tl.window_for("3m", TODAY)
    frame = pd.DataFrame(
        {"day": pd.to_datetime([TODAY - timedelta(days=i) for i in range(30)]), "mood": [3] * 30}
    )
    item = trends.trend(frame, "mood", window)
    return trend_chart([item], "Mood and sleep", "1 to 5", window, width=width)


@pytest.mark.parametrize(("width", "narrow"), [(None, False), (PHONE, True), (NARROW_PX, False)])
def test_a_phone_is_narrow_and_a_laptop_is_not(width: int | None, narrow: bool) -> None:
    assert is_narrow(width) is narrow


def test_the_toolbar_is_hidden() -> None:
    assert CONFIG["displayModeBar"] is False


@pytest.mark.parametrize("build", [timeline, calendar, mood])
def test_phone_margins_leave_the_plot_at_least_70_percent_of_the_width(build) -> None:
    margin = build(PHONE).layout.margin
    assert margin.l + margin.r <= 0.3 * PHONE - 60, "room left for labels inside the plot"
    assert margin.t >= 60, "the title and the Today label sit above the plot, not clipped"


def test_on_a_phone_the_timeline_rows_are_labelled_above_the_bars() -> None:
    axis = timeline(PHONE).layout.yaxis
    assert axis.ticklabelposition == "inside top"
    assert axis.ticklabelshift > 0, "lifted above the row's markers and bars"
    assert axis.range[1] < -0.5, "room above the first row, so its label is not hidden"
    assert timeline(None).layout.yaxis.ticklabelposition in (None, "outside")


@pytest.mark.parametrize("build", [timeline, mood])
def test_the_today_label_sits_left_of_its_line_so_the_edge_never_clips_it(build) -> None:
    today = [a for a in build(PHONE).layout.annotations if a.text == "Today"]
    assert today and today[0].xanchor == "right" and today[0].yanchor == "bottom"


def test_phone_x_axes_have_few_level_ticks() -> None:
    axis = mood(PHONE).layout.xaxis
    assert axis.nticks == 4 and axis.tickangle == 0


def test_the_phone_calendar_shows_the_last_13_weeks_with_bigger_squares() -> None:
    phone, laptop = calendar(PHONE), calendar(None)
    weeks = {x for trace in phone.data for x in trace.x}
    assert len(weeks) == PHONE_WEEKS
    assert len({x for trace in laptop.data for x in trace.x}) > 40
    assert phone.data[0].marker.size > laptop.data[0].marker.size
    assert "13 weeks" in phone.layout.title.text


def test_a_phone_trend_puts_its_scale_in_the_title() -> None:
    fig = mood(PHONE)
    assert fig.layout.yaxis.title.text is None
    assert "1 to 5" in fig.layout.title.text


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("build", [timeline, calendar, mood])
def test_text_passes_4_5_to_1_on_the_page_background_in_both_themes(build, theme: str) -> None:
    layout = themed(build(PHONE).to_plotly_json(), theme)["layout"]
    assert layout["paper_bgcolor"] == TRANSPARENT and layout["plot_bgcolor"] == TRANSPARENT
    ink = layout["font"]["color"]
    assert ink == THEMES[theme]["ink"]
    assert contrast(ink, BACKGROUNDS[theme]) >= 4.5
    for note in layout.get("annotations", []):
        assert note.get("font", {}).get("color", ink) == ink
    for axis in ("xaxis", "yaxis"):
        assert layout[axis]["tickfont"]["color"] == ink, "tick labels in the theme's ink"
    assert layout["legend"]["font"]["color"] == ink


def test_the_dark_theme_recolours_grid_and_today_line_without_touching_the_light_figure() -> None:
    light = mood(PHONE).to_plotly_json()
    dark = themed(light, "dark")["layout"]
    assert dark["xaxis"]["gridcolor"] == THEMES["dark"]["grid"]
    assert dark["shapes"][0]["line"]["color"] == THEMES["dark"]["line"]
    assert light["layout"]["shapes"][0]["line"]["color"] == THEMES["light"]["line"]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("build", [timeline, calendar, mood])
def test_an_encoded_figure_sends_what_the_figure_itself_would(build, theme: str) -> None:
    """kit.chart hands st.plotly_chart an encoded figure: the JSON is the one the figure
    dict itself would send (built without validating it again), and it is made once."""
    figure = build(PHONE).to_plotly_json()
    sent = plotly.io.to_json(encoded(figure, theme).to_dict(), validate=False)
    expected = plotly.io.to_json(go.Figure(themed(figure, theme), _validate=False))
    assert json.loads(sent) == json.loads(expected)
    assert encoded(figure, theme).to_dict() is encoded(figure, theme).to_dict()
    other = "light" if theme == "dark" else "dark"
    assert encoded(figure, other).to_dict() is not encoded(figure, theme).to_dict()


def _titled(title: str) -> dict:
    """A small figure dict, as a view caches one, whose title says whose it is."""
    return go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"title": {"text": title}}).to_plotly_json()


def test_encoded_figures_are_held_by_identity_never_by_a_reused_id() -> None:
    """Figures are cached by the dict's identity: a new dict (another family's chart) never
    receives an encoding made for an earlier one, even once that one is gone and its id is
    free for Python to reuse."""
    forget_encoded()
    for number in range(MAX_ENCODED * 3):
        title = f"Family {number}"
        assert encoded(_titled(title), "light").to_dict()["layout"]["title"]["text"] == title


def test_at_most_max_encoded_figures_are_held_and_the_least_recent_goes_first() -> None:
    forget_encoded()
    figures = [_titled(f"Family {number}") for number in range(MAX_ENCODED + 5)]
    first = encoded(figures[0], "dark").to_dict()
    for figure in figures[1:]:
        encoded(figure, "dark")
    assert len(charts._encoded) == MAX_ENCODED
    held = [figure for figure, _ in charts._encoded.values()]
    assert held == figures[5:]
    assert encoded(figures[0], "dark").to_dict() is not first  # made again, not kept
    forget_encoded()
    assert not charts._encoded
