"""Treatment timeline rules: phases, event markers, reference bands and date windows.

Pure Python (no streamlit). Every date here is a calendar date: a day a family lived
through, never a timestamp, so nothing shifts across time zones or daylight saving.
Long ranges are put into weekly, monthly or quarterly bins, so ten years of history
draws no more marks than one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args

import pandas as pd

from dashboard.content import PhaseReference
from dashboard.records import EVENT_KIND_LABELS, PhaseKind
from dashboard.text import count_words, day_text, join_words, plural

# TreatmentEvent kinds drawn as bars, in the order care usually runs.
PHASE_KINDS: tuple[str, ...] = get_args(PhaseKind)
# Phases that are treatment itself (the assessment comes before it).
ACTIVE_KINDS = PHASE_KINDS[1:]
# Phases that run until someone gives an end date; a one-off phase without an end is one day.
ONGOING_KINDS = ("residential", "intensive_outpatient", "outpatient", "continuing_care")
MARKER_KINDS = tuple(kind for kind in EVENT_KIND_LABELS if kind not in PHASE_KINDS)
WARNING_SIGN_KIND = "warning_sign"
WARNING_SIGN_LABEL = "Warning signs noticed"

Level = Literal["day", "week", "month", "quarter", "year"]
LEVEL_NOUNS: dict[str, str] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
}
# A level is chosen so that no series has more than about this many bins.
MAX_BINS = 60
_LEVEL_LIMITS: tuple[tuple[int, Level], ...] = (
    (100, "day"),
    (7 * MAX_BINS, "week"),
    (31 * MAX_BINS, "month"),
    (92 * MAX_BINS, "quarter"),
)

RANGE_PRESETS: dict[str, str] = {"4w": "4 weeks", "3m": "3 months", "1y": "1 year", "all": "All"}
DEFAULT_PRESET = "3m"
# (days looked back, including today; days looked ahead for planned events)
_PRESET_SPANS: dict[str, tuple[int, int]] = {
    "4w": (28, 7),
    "3m": (90, 14),
    "1y": (365, 30),
    "all": (365, 30),
}

_PERIOD_WORDS = {"4w": "4 weeks", "3m": "3 months", "1y": "year"}

MARKER_COLUMNS = ["day", "kind", "label", "status", "title", "name"]
PHASE_COLUMNS = ["kind", "label", "status", "start", "end", "days", "ongoing", "title"]
BAND_COLUMNS = ["kind", "row", "start", "end", "typical_text", "note", "source", "url"]
BIN_COLUMNS = ["bin", "bin_label", "kind", "label", "name", "status", "count", "titles"]
TITLES_SHOWN = 3


# -- calendar days ---------------------------------------------------------------------


def as_day(value: object) -> date | None:
    """One calendar date from a date, datetime, Timestamp or ISO string.

    A time-zone-aware timestamp gives the date on its own wall clock, never the UTC date:
    11:30 pm in New York on the night the clocks change is still that day in New York.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, datetime):  # includes pd.Timestamp, aware or not
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    raise TypeError(f"not a calendar date: {value!r}")


def calendar_days(values: pd.Series) -> pd.Series:
    """Calendar dates as midnight Timestamps (no time zone), whatever the input held."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    if pd.api.types.is_datetime64_dtype(values):
        return values.dt.normalize().astype("datetime64[ns]")
    days = [as_day(value) for value in values]
    return pd.Series(pd.to_datetime(days), index=values.index, dtype="datetime64[ns]")


def day_range(start: date, end: date) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")


# -- windows and levels ----------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """What a chart shows: from `start` to `end` (both days included), and its bin size.

    `end` looks a little past today so planned appointments show up.
    """

    preset: str
    start: date
    today: date
    end: date
    level: Level

    @property
    def days(self) -> int:
        """Days looked back, today included."""
        return (self.today - self.start).days + 1

    def within(self) -> str:
        """'in the last 3 months' or 'since 3 Mar 2024', for the middle of a sentence."""
        if self.preset in _PERIOD_WORDS:
            return f"in the last {_PERIOD_WORDS[self.preset]}"
        if self.preset == "all":
            return f"since {day_text(self.start)}"
        return f"from {day_text(self.start)} to {day_text(self.today)}"

    def lead(self) -> str:
        """The same words, to start a sentence."""
        words = self.within()
        return words[0].upper() + words[1:]


def level_for(days: int) -> Level:
    """The finest bin size that keeps a series of `days` days to about MAX_BINS marks."""
    for limit, level in _LEVEL_LIMITS:
        if days <= limit:
            return level
    return "year"


def window_for(preset: str, today: date, first_day: date | None = None) -> Window:
    """The window for a range preset. "All" starts at the first logged day."""
    if preset not in RANGE_PRESETS:
        raise ValueError(f"unknown range {preset!r}; choose one of {', '.join(RANGE_PRESETS)}")
    back, ahead = _PRESET_SPANS[preset]
    start = today - timedelta(days=back - 1)
    if preset == "all" and first_day is not None:
        start = min(first_day, today - timedelta(days=_PRESET_SPANS["4w"][0] - 1))
    days = (today - start).days + 1
    return Window(preset, start, today, today + timedelta(days=ahead), level_for(days))


def bin_start(days: pd.Series, level: Level) -> pd.Series:
    """The first day of the bin each day falls in. Weeks start on Monday."""
    days = calendar_days(days)
    if level == "day":
        return days
    if level == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    period = {"month": "M", "quarter": "Q", "year": "Y"}[level]
    return days.dt.to_period(period).dt.start_time


def bin_label(start: pd.Timestamp, level: Level) -> str:
    if level == "day":
        return f"{day_text(start, weekday=True)}"
    if level == "week":
        return f"week of {day_text(start)}"
    if level == "month":
        return f"{start:%B %Y}"
    if level == "quarter":
        return f"{start:%b} to {start + pd.DateOffset(months=2):%b %Y}"
    return f"{start:%Y}"


def bins_in(window: Window) -> pd.DatetimeIndex:
    """Every bin start from the window's start to today, in order."""
    days = pd.Series(day_range(window.start, window.today))
    return pd.DatetimeIndex(bin_start(days, window.level).drop_duplicates())


# -- phases ------------------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def phases(events: pd.DataFrame, today: date) -> pd.DataFrame:
    """Treatment phases with an inclusive last day, planned and actual alike.

    An ongoing phase (residential, intensive outpatient, outpatient) that has started and
    has no end date runs until today. Any other phase without an end lasts one day.
    """
    if events.empty:
        return pd.DataFrame(columns=PHASE_COLUMNS)
    rows = events[events["kind"].isin(PHASE_KINDS)]
    records = []
    for row in rows.itertuples(index=False):
        start = as_day(row.start_date)
        end = as_day(row.end_date)
        ongoing = end is None and row.kind in ONGOING_KINDS and row.status == "actual"
        if ongoing:
            end = max(today, start)
        elif end is None:
            end = start
        records.append(
            {
                "kind": row.kind,
                "label": EVENT_KIND_LABELS[row.kind],
                "status": row.status,
                "start": start,
                "end": end,
                "days": (end - start).days + 1,
                "ongoing": ongoing,
                "title": _text(row.title),
            }
        )
    frame = pd.DataFrame(records, columns=PHASE_COLUMNS)
    return frame.sort_values(["start", "kind"], kind="stable").reset_index(drop=True)


def overlapping(frame: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Rows with a start and end that touch the window."""
    if frame.empty:
        return frame
    keep = (frame["start"] <= window.end) & (frame["end"] >= window.start)
    return frame[keep].reset_index(drop=True)


def treatment_start(phase_frame: pd.DataFrame) -> date | None:
    """The first day of actual treatment (not the assessment), if there is one."""
    active = phase_frame[
        phase_frame["kind"].isin(ACTIVE_KINDS) & (phase_frame["status"] == "actual")
    ]
    return None if active.empty else min(active["start"])


# -- reference bands ---------------------------------------------------------------------


def reference_bands(phase_frame: pd.DataFrame, reference: PhaseReference) -> pd.DataFrame:
    """Faint bands of typical length, starting where each phase (or treatment) started.

    The "treatment" band starts with the first actual treatment phase; the others start
    with each phase of their kind, planned or actual.
    """
    records = []
    for band in reference.bands:
        if band.kind == "treatment":
            first = treatment_start(phase_frame)
            anchors = [] if first is None else [(first, band.row or "Time in treatment")]
        else:
            starts = phase_frame.loc[phase_frame["kind"] == band.kind, "start"]
            anchors = [(start, EVENT_KIND_LABELS[band.kind]) for start in starts]
        for start, row in anchors:
            records.append(
                {
                    "kind": band.kind,
                    "row": row,
                    "start": start,
                    "end": start + timedelta(days=band.typical_days - 1),
                    "typical_text": band.typical_text,
                    "note": band.note,
                    "source": band.source,
                    "url": str(band.url),
                }
            )
    return pd.DataFrame(records, columns=BAND_COLUMNS)


# -- markers -----------------------------------------------------------------------------


def event_markers(events: pd.DataFrame) -> pd.DataFrame:
    """Treatment events that are not phases, in the generic marker shape."""
    if events.empty:
        return pd.DataFrame(columns=MARKER_COLUMNS)
    rows = events[~events["kind"].isin(PHASE_KINDS)]
    return pd.DataFrame(
        {
            "day": calendar_days(rows["start_date"]),
            "kind": rows["kind"],
            "label": rows["kind"].map(EVENT_KIND_LABELS),
            "status": rows["status"],
            "title": rows["title"].map(_text) if "title" in rows else "",
            "name": rows["kind"].map(EVENT_KIND_LABELS),
        },
        columns=MARKER_COLUMNS,
    ).reset_index(drop=True)


def warning_sign_markers(ticks: pd.DataFrame, sign_labels: dict[str, str]) -> pd.DataFrame:
    """Warning-sign ticks as markers: shown as what was seen, never counted into a score."""
    if ticks.empty:
        return pd.DataFrame(columns=MARKER_COLUMNS)
    return pd.DataFrame(
        {
            "day": calendar_days(ticks["day"]),
            "kind": WARNING_SIGN_KIND,
            "label": WARNING_SIGN_LABEL,
            "status": "actual",
            "title": ticks["sign_id"].map(lambda sign: sign_labels.get(sign, sign)),
            "name": WARNING_SIGN_LABEL,
        },
        columns=MARKER_COLUMNS,
    ).reset_index(drop=True)


# Rows for events other pages add (dashboard.views.boundaries.timeline_events): kinds that
# share a prefix share a row, and are told apart by shape and legend name.
SHARED_ROWS: tuple[tuple[str, str], ...] = (
    ("boundary_", "Boundaries"),
    ("treatment_invitation", "Treatment invitations"),
    ("sober_activity", "Sober activities together"),
)


def shared_row_markers(events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Rows of (day, kind, label) whose label is per event, e.g. "Boundary kept: No cash".

    The per-event label becomes the hover title, the kind's name the legend name, and
    related kinds share one chart row, so ten boundaries do not make ten rows.
    """
    if events is None or events.empty:
        return pd.DataFrame(columns=MARKER_COLUMNS)

    def row(kind: str) -> str:
        return next(
            (r for prefix, r in SHARED_ROWS if kind.startswith(prefix)), names.get(kind, kind)
        )

    return pd.DataFrame(
        {
            "day": calendar_days(events["day"]),
            "kind": events["kind"],
            "label": events["kind"].map(row),
            "status": events.get("status", "actual"),
            "title": events["label"].map(_text),
            "name": events["kind"].map(lambda kind: names.get(kind, kind)),
        },
        columns=MARKER_COLUMNS,
    ).reset_index(drop=True)


def normalise_markers(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Any frame with day, kind and label as markers; status, title and name are optional.

    label names the chart row; name tells kinds apart when several share a row (it
    defaults to the label); title is hover detail. Other features (boundary events,
    treatment invitations) add their own rows this way.
    """
    if frame is None or frame.empty:
        return pd.DataFrame(columns=MARKER_COLUMNS)
    missing = {"day", "kind", "label"} - set(frame.columns)
    if missing:
        raise ValueError(f"marker frame needs columns {sorted(missing)}")
    out = frame.copy()
    out["day"] = calendar_days(out["day"])
    out["status"] = out["status"].fillna("actual") if "status" in out else "actual"
    out["title"] = out["title"].map(_text) if "title" in out else ""
    out["name"] = out["name"].fillna(out["label"]) if "name" in out else out["label"]
    return out[MARKER_COLUMNS].reset_index(drop=True)


def combine_markers(*frames: pd.DataFrame | None) -> pd.DataFrame:
    parts = [normalise_markers(frame) for frame in frames]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=MARKER_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def _titles(values: pd.Series) -> str:
    unique = list(dict.fromkeys(value for value in values if value))
    shown = "; ".join(unique[:TITLES_SHOWN])
    return shown + (
        f"; and {len(unique) - TITLES_SHOWN} more" if len(unique) > TITLES_SHOWN else ""
    )


def binned_markers(markers: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Markers in the window, counted per bin (day, week, month...) per kind and status."""
    markers = normalise_markers(markers)
    if markers.empty:
        return pd.DataFrame(columns=BIN_COLUMNS)
    start, end = pd.Timestamp(window.start), pd.Timestamp(window.end)
    inside = markers[(markers["day"] >= start) & (markers["day"] <= end)]
    if inside.empty:
        return pd.DataFrame(columns=BIN_COLUMNS)
    # Planned events keep their own day: they are few, and the day is what matters.
    level = inside["status"].map(lambda status: "day" if status == "planned" else window.level)
    bins = inside["day"].where(level == "day", bin_start(inside["day"], window.level))
    keys = ["kind", "label", "name", "status", "bin"]
    grouped = inside.assign(bin=bins).groupby(keys, sort=True)
    out = grouped.agg(count=("day", "size"), titles=("title", _titles)).reset_index()
    out["bin_label"] = [
        bin_label(b, "day" if s == "planned" else window.level)
        for b, s in zip(out["bin"], out["status"], strict=True)
    ]
    return out[BIN_COLUMNS]


# -- summary -----------------------------------------------------------------------------


def timeline_summary(
    events: pd.DataFrame,
    window: Window,
    markers: pd.DataFrame | None = None,
) -> str:
    """One plain paragraph that says what the timeline shows. No forecasts, no scores."""
    today = window.today
    phase_frame = phases(events, today)
    shown = combine_markers(event_markers(events), markers)
    current = phase_frame[
        (phase_frame["status"] == "actual")
        & (phase_frame["start"] <= today)
        & (phase_frame["end"] >= today)
    ]
    past = phase_frame[(phase_frame["status"] == "actual") & (phase_frame["end"] < today)]
    if not current.empty:
        parts = [f"{row.label.lower()} since {day_text(row.start)}" for row in current.itertuples()]
        now_words = f"in {join_words(parts)}"
    elif not past.empty:
        last = past.sort_values("end").iloc[-1]
        now_words = f"the latest phase, {last['label'].lower()}, ended on {day_text(last['end'])}"
    else:
        now_words = "no treatment phase has been logged as happening yet"
    since = "" if window.preset == "all" else f" (from {day_text(window.start)})"
    sentences = [f"{window.lead()}{since}: {now_words}."]

    start, now = pd.Timestamp(window.start), pd.Timestamp(today)
    # Warning signs are marked on the chart but never added up.
    counted = shown[shown["kind"] != WARNING_SIGN_KIND]
    happened = counted[
        (counted["status"] == "actual") & (counted["day"] >= start) & (counted["day"] <= now)
    ]
    if happened.empty:
        sentences.append("No events were logged in this period.")
    else:
        counts = happened.groupby(["kind", "name"], sort=False).size()
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1]))
        sentences.append(
            "Logged in this period: "
            + join_words([count_words(kind, name, n) for (kind, name), n in ordered])
            + "."
        )

    upcoming = shown[(shown["status"] == "planned") & (shown["day"] >= now)].sort_values("day")
    planned_phases = phase_frame[
        (phase_frame["status"] == "planned") & (phase_frame["start"] >= today)
    ].sort_values("start")
    next_items = [(row.day.date(), row.name) for row in upcoming.head(1).itertuples()]
    next_items += [(row.start, row.label) for row in planned_phases.head(1).itertuples()]
    if next_items:
        day, label = min(next_items)
        # Within the coming months the weekday is enough; further out it needs its year.
        when = day_text(day, weekday=True, year=(day - today).days > 180, long=True)
        sentences.append(f"Next planned: {label.lower()} on {when}.")

    first = treatment_start(phase_frame)
    if first is not None and first <= today:
        days = (today - first).days + 1
        # The typical lengths stay in the chart's reference bands: next to this family's own
        # count, a general figure would read like a forecast for their loved one.
        sentences.append(f"Time since treatment began: {plural(days, 'day')} ({day_text(first)}).")
    return " ".join(sentences)
