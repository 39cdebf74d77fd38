"""Timeline rules: windows and levels, phases, reference bands, markers and the summary."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from dashboard.content import phase_reference
from dashboard.records import EVENT_KIND_LABELS
from dashboard.rules import timeline as tl
from dashboard.text import day_text

TODAY = date(2026, 6, 15)  # a Monday
FACTS = Path(__file__).resolve().parents[2] / "docs" / "evidence.md"
FORECAST_WORDS = re.compile(r"\b(?:will|predict|risk|score|likely|chance)\b", re.IGNORECASE)


def events(*rows: dict[str, Any]) -> pd.DataFrame:
    """A TreatmentEvent frame as the store gives it: dates as datetime64."""
    full = [{"title": "", "end_date": None, "status": "actual", "notes": "", **r} for r in rows]
    frame = pd.DataFrame(full, columns=["kind", "title", "start_date", "end_date", "status"])
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def event(
    kind: str, start: date, end: date | None = None, status: str = "actual", title: str = ""
) -> dict:
    return {"kind": kind, "start_date": start, "end_date": end, "status": status, "title": title}


# -- calendar days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 8), date(2026, 3, 8)),
        ("2026-03-08", date(2026, 3, 8)),
        ("2026-03-08T23:30:00-04:00", date(2026, 3, 8)),
        (pd.Timestamp("2026-03-08"), date(2026, 3, 8)),
        (datetime(2026, 3, 8, 23, 30, tzinfo=ZoneInfo("America/New_York")), date(2026, 3, 8)),
        (datetime(2026, 11, 1, 0, 30, tzinfo=ZoneInfo("America/New_York")), date(2026, 11, 1)),
        (pd.Timestamp("2026-03-29 00:30", tz="Europe/London"), date(2026, 3, 29)),
        (None, None),
        (pd.NaT, None),
        (float("nan"), None),
    ],
)
def test_as_day_keeps_the_wall_clock_date(value: object, expected: date | None) -> None:
    assert tl.as_day(value) == expected


def test_as_day_refuses_what_is_not_a_date() -> None:
    with pytest.raises(TypeError):
        tl.as_day(20260308)


def test_calendar_days_of_an_aware_column_keeps_local_dates_across_dst() -> None:
    stamps = pd.Series(
        pd.date_range("2026-03-06 23:30", periods=5, freq="D", tz="America/New_York")
    )
    days = tl.calendar_days(stamps)
    assert [d.date() for d in days] == [date(2026, 3, 6) + timedelta(days=i) for i in range(5)]
    assert days.dt.tz is None


@pytest.mark.parametrize(
    ("value", "weekday", "year", "long", "text"),
    [
        (date(2026, 6, 5), False, True, False, "5 Jun 2026"),
        (date(2026, 6, 5), True, True, False, "Fri 5 Jun 2026"),
        (date(2026, 6, 5), True, False, True, "Friday 5 June"),
        (date(2026, 12, 25), False, True, True, "25 December 2026"),
    ],
)
def test_day_text_has_no_zero_padding(
    value: date, weekday: bool, year: bool, long: bool, text: str
) -> None:
    assert day_text(value, weekday=weekday, year=year, long=long) == text


# -- windows and levels ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "first", "start", "end", "level"),
    [
        ("4w", None, date(2026, 5, 19), date(2026, 6, 22), "day"),
        ("3m", None, date(2026, 3, 18), date(2026, 6, 29), "day"),
        ("1y", None, date(2025, 6, 16), date(2026, 7, 15), "week"),
        ("all", None, date(2025, 6, 16), date(2026, 7, 15), "week"),
        ("all", date(2026, 6, 1), date(2026, 5, 19), date(2026, 7, 15), "day"),
        ("all", date(2024, 1, 1), date(2024, 1, 1), date(2026, 7, 15), "month"),
        ("all", date(2016, 6, 16), date(2016, 6, 16), date(2026, 7, 15), "quarter"),
        ("all", date(1990, 1, 1), date(1990, 1, 1), date(2026, 7, 15), "year"),
    ],
)
def test_window_for_presets(
    preset: str, first: date | None, start: date, end: date, level: str
) -> None:
    window = tl.window_for(preset, TODAY, first)
    assert (window.start, window.today, window.end, window.level) == (start, TODAY, end, level)


def test_an_unknown_preset_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="4w, 3m, 1y, all"):
        tl.window_for("5y", TODAY)


@pytest.mark.parametrize("years", [1, 2, 5, 10, 15, 40])
def test_no_level_gives_more_than_about_sixty_bins(years: int) -> None:
    window = tl.window_for("all", TODAY, TODAY - timedelta(days=365 * years))
    assert len(tl.bins_in(window)) <= tl.MAX_BINS + 2


@pytest.mark.parametrize(
    ("level", "day", "start"),
    [
        ("day", date(2026, 6, 17), date(2026, 6, 17)),
        ("week", date(2026, 6, 21), date(2026, 6, 15)),  # Sunday belongs to Monday's week
        ("week", date(2026, 6, 15), date(2026, 6, 15)),
        ("month", date(2026, 6, 30), date(2026, 6, 1)),
        ("quarter", date(2026, 6, 30), date(2026, 4, 1)),
        ("year", date(2026, 6, 30), date(2026, 1, 1)),
    ],
)
def test_bin_start(level: str, day: date, start: date) -> None:
    assert tl.bin_start(pd.Series(pd.to_datetime([day])), level).iloc[0] == pd.Timestamp(start)


@pytest.mark.parametrize(
    ("level", "label"),
    [
        ("day", "Mon 15 Jun 2026"),
        ("week", "week of 15 Jun 2026"),
        ("month", "June 2026"),
        ("quarter", "Jun to Aug 2026"),
        ("year", "2026"),
    ],
)
def test_bin_labels(level: str, label: str) -> None:
    assert tl.bin_label(pd.Timestamp(TODAY), level) == label


@pytest.mark.parametrize(
    ("preset", "first", "words"),
    [
        ("4w", None, "in the last 4 weeks"),
        ("3m", None, "in the last 3 months"),
        ("1y", None, "in the last year"),
        ("all", date(2024, 3, 3), "since 3 Mar 2024"),
    ],
)
def test_window_words(preset: str, first: date | None, words: str) -> None:
    window = tl.window_for(preset, TODAY, first)
    assert window.within() == words
    assert window.lead() == words[0].upper() + words[1:]


# -- phases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "end", "status", "last", "ongoing"),
    [
        ("residential", date(2026, 5, 1), date(2026, 5, 11), "actual", date(2026, 5, 11), False),
        ("outpatient", date(2026, 5, 1), None, "actual", TODAY, True),  # runs until today
        ("assessment", date(2026, 5, 1), None, "actual", date(2026, 5, 1), False),  # one day
        ("outpatient", date(2026, 7, 1), None, "planned", date(2026, 7, 1), False),
        ("intensive_outpatient", TODAY, None, "actual", TODAY, True),
        ("continuing_care", date(2026, 5, 20), None, "actual", TODAY, True),
        ("continuing_care", date(2026, 5, 20), date(2026, 6, 1), "actual", date(2026, 6, 1), False),
    ],
)
def test_phase_ends(
    kind: str, start: date, end: date | None, status: str, last: date, ongoing: bool
) -> None:
    (row,) = tl.phases(events(event(kind, start, end, status)), TODAY).itertuples()
    assert (row.start, row.end, row.ongoing, row.status) == (start, last, ongoing, status)
    assert row.days == (last - start).days + 1
    assert row.label == EVENT_KIND_LABELS[kind]


def test_phases_leave_markers_out_and_sort_by_start() -> None:
    frame = events(
        event("outpatient", date(2026, 3, 1)),
        event("therapy_session", date(2026, 2, 1)),
        event("assessment", date(2026, 1, 5)),
    )
    assert list(tl.phases(frame, TODAY)["kind"]) == ["assessment", "outpatient"]
    assert tl.phases(events(), TODAY).empty


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [
        (date(2026, 1, 1), date(2026, 2, 1), False),  # before the window
        (date(2026, 1, 1), date(2026, 5, 20), True),  # reaches into it
        (date(2026, 6, 20), date(2026, 6, 21), True),  # planned, inside the look-ahead
        (date(2026, 8, 1), date(2026, 8, 2), False),  # after it
    ],
)
def test_overlapping_keeps_phases_that_touch_the_window(start: date, end: date, kept: bool) -> None:
    frame = tl.phases(events(event("residential", start, end)), TODAY)
    assert len(tl.overlapping(frame, tl.window_for("4w", TODAY))) == int(kept)


# -- reference bands ---------------------------------------------------------------------


def test_reference_file_cites_only_sources_from_the_research_notes() -> None:
    reference = phase_reference()
    facts = FACTS.read_text(encoding="utf-8")
    assert reference.bands
    for band in reference.bands:
        assert band.note and band.typical_text
        assert str(band.url).startswith("https://")
        assert str(band.url) in facts, f"{band.url} is not in docs/evidence.md"


def test_reference_says_three_months_in_treatment_with_its_source() -> None:
    (band,) = [b for b in phase_reference().bands if b.kind == "treatment"]
    assert band.typical_days == 90
    assert "3 months" in band.note and "NIDA" in band.source


def test_reference_file_with_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bands.yaml"
    bad.write_text(
        "last_reviewed: 2026-01-01\nbands:\n  - kind: rehab\n    typical_days: 3\n"
        "    typical_text: x\n    note: x\n    source: x\n    url: https://example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="rehab"):
        phase_reference(bad)


def test_bands_start_with_their_phase_and_treatment_with_the_first_actual_phase() -> None:
    frame = tl.phases(
        events(
            event("assessment", date(2026, 1, 5)),
            event("withdrawal_management", date(2026, 1, 12), date(2026, 1, 20)),
            event("outpatient", date(2026, 1, 21)),
            event("residential", date(2026, 9, 1), status="planned"),
        ),
        TODAY,
    )
    bands = tl.reference_bands(frame, phase_reference())
    by_kind = {row.kind: row for row in bands.itertuples()}
    assert set(by_kind) == {"treatment", "withdrawal_management", "residential"}
    assert by_kind["treatment"].start == date(2026, 1, 12), "the assessment is not treatment"
    assert by_kind["treatment"].end == date(2026, 1, 12) + timedelta(days=89)
    assert by_kind["withdrawal_management"].row == EVENT_KIND_LABELS["withdrawal_management"]
    assert by_kind["residential"].start == date(2026, 9, 1), "planned phases get a band too"
    assert all("NIDA" in row.source for row in bands.itertuples())


def test_no_treatment_band_before_treatment_starts() -> None:
    frame = tl.phases(events(event("assessment", date(2026, 1, 5))), TODAY)
    assert tl.reference_bands(frame, phase_reference()).empty


# -- markers -----------------------------------------------------------------------------


def test_event_markers_are_the_events_that_are_not_phases() -> None:
    frame = events(
        event("outpatient", date(2026, 3, 1)),
        event("therapy_session", date(2026, 3, 2), title="Weekly CBT"),
        event("lapse", date(2026, 3, 5), date(2026, 3, 6)),
    )
    markers = tl.event_markers(frame)
    assert list(markers["kind"]) == ["therapy_session", "lapse"]
    assert list(markers["label"]) == ["Therapy session", "Lapse"]
    assert list(markers["title"]) == ["Weekly CBT", ""]
    assert list(markers.columns) == tl.MARKER_COLUMNS


def test_warning_sign_ticks_become_markers_with_their_sign() -> None:
    ticks = pd.DataFrame(
        {"day": pd.to_datetime([date(2026, 6, 1)] * 2), "sign_id": ["slurred-speech", "gone"]}
    )
    markers = tl.warning_sign_markers(ticks, {"slurred-speech": "Slurred speech"})
    assert list(markers["title"]) == ["Slurred speech", "gone"]
    assert set(markers["kind"]) == {tl.WARNING_SIGN_KIND}


def test_a_generic_frame_needs_day_kind_and_label() -> None:
    with pytest.raises(ValueError, match="label"):
        tl.normalise_markers(pd.DataFrame({"day": [TODAY], "kind": ["boundary_kept"]}))
    frame = tl.normalise_markers(
        pd.DataFrame({"day": ["2026-06-01"], "kind": ["boundary_kept"], "label": ["Kept"]})
    )
    assert frame.iloc[0].to_dict() == {
        "day": pd.Timestamp(2026, 6, 1),
        "kind": "boundary_kept",
        "label": "Kept",
        "status": "actual",
        "title": "",
        "name": "Kept",
    }


def test_shared_rows_group_related_kinds_and_keep_the_words_for_hover() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([date(2026, 6, 1), date(2026, 6, 2), date(2026, 6, 3)]),
            "kind": ["boundary_kept", "boundary_crossed", "sober_activity"],
            "label": ["Boundary kept: No cash", "Boundary crossed: No cash", "Swim"],
        }
    )
    names = {"boundary_kept": "Boundary kept", "boundary_crossed": "Boundary crossed"}
    markers = tl.shared_row_markers(frame, names)
    assert list(markers["label"]) == ["Boundaries", "Boundaries", "Sober activities together"]
    assert list(markers["name"]) == ["Boundary kept", "Boundary crossed", "sober_activity"]
    assert list(markers["title"]) == list(frame["label"])


def _weekly(kind: str, start: date, days: int, every: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": pd.to_datetime([start + timedelta(days=i) for i in range(0, days, every)]),
            "kind": kind,
            "label": kind.title(),
        }
    )


@pytest.mark.parametrize(
    ("preset", "bins"),
    [("4w", 28), ("3m", 90), ("1y", 53)],
)
def test_markers_are_counted_per_bin_and_none_is_lost(preset: str, bins: int) -> None:
    window = tl.window_for(preset, TODAY)
    daily = _weekly("support_meeting", TODAY - timedelta(days=800), 801)
    binned = tl.binned_markers(daily, window)
    assert len(binned) == bins
    expected = (
        (daily["day"] >= pd.Timestamp(window.start)) & (daily["day"] <= pd.Timestamp(TODAY))
    ).sum()
    assert binned["count"].sum() == expected


def test_ten_years_of_markers_draw_no_more_than_one_year() -> None:
    one = _weekly("therapy_session", TODAY - timedelta(days=364), 365)
    ten = _weekly("therapy_session", TODAY - timedelta(days=3649), 3650)
    first_one, first_ten = one["day"].min().date(), ten["day"].min().date()
    marks_one = len(tl.binned_markers(one, tl.window_for("all", TODAY, first_one)))
    marks_ten = len(tl.binned_markers(ten, tl.window_for("all", TODAY, first_ten)))
    assert marks_ten <= marks_one
    assert tl.binned_markers(ten, tl.window_for("all", TODAY, first_ten))["count"].sum() == 3650


def test_planned_markers_keep_their_own_day_and_titles_are_listed() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([date(2026, 6, 16), date(2026, 6, 17), date(2025, 8, 5)] * 2),
            "kind": "therapy_session",
            "label": "Therapy session",
            "status": ["planned", "planned", "actual"] * 2,
            "title": ["CBT", "Group", "A", "B", "C", "D"],
        }
    )
    binned = tl.binned_markers(frame, tl.window_for("1y", TODAY))
    planned = binned[binned["status"] == "planned"]
    assert [b.date() for b in planned["bin"]] == [date(2026, 6, 16), date(2026, 6, 17)]
    actual = binned[binned["status"] == "actual"].iloc[0]
    assert actual["bin"] == pd.Timestamp(2025, 8, 4), "a Monday"
    assert (actual["count"], actual["titles"]) == (2, "A; D")
    assert list(planned["count"]) == [2, 2]


def test_only_three_titles_are_listed_per_mark() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([TODAY] * 5),
            "kind": "other",
            "label": "Other",
            "title": ["a", "b", "c", "d", "a"],
        }
    )
    (row,) = tl.binned_markers(frame, tl.window_for("4w", TODAY)).itertuples()
    assert (row.count, row.titles) == (5, "a; b; c; and 1 more")


# -- summary -----------------------------------------------------------------------------


def demo_like() -> pd.DataFrame:
    return events(
        event("assessment", date(2025, 10, 8)),
        event("withdrawal_management", date(2025, 10, 13), date(2025, 10, 20)),
        event("outpatient", date(2025, 12, 18)),
        event("therapy_session", date(2026, 6, 1)),
        event("therapy_session", date(2026, 6, 8)),
        event("lapse", date(2026, 6, 3)),
        event("other", date(2026, 6, 4)),
        event("therapy_session", date(2026, 6, 19), status="planned"),
    )


def test_summary_reads_the_timeline_back() -> None:
    text = tl.timeline_summary(demo_like(), tl.window_for("4w", TODAY))
    assert text.startswith("In the last 4 weeks (from 19 May 2026): in outpatient treatment")
    assert "Logged in this period: 2 therapy sessions, 1 lapse and 1 other event." in text
    assert "Next planned: therapy session on Friday 19 June." in text
    assert "Time since treatment began: 246 days (13 Oct 2025)." in text
    assert "3 months" not in text, "typical lengths live in the reference bands, not here"


@pytest.mark.parametrize(
    ("planned", "words"),
    [
        (date(2026, 6, 19), "Friday 19 June."),
        (date(2026, 12, 1), "Tuesday 1 December."),
        (date(2200, 12, 31), "Wednesday 31 December 2200."),
    ],
)
def test_next_planned_day_names_its_year_when_far_off(planned: date, words: str) -> None:
    frame = events(event("therapy_session", planned, status="planned"))
    text = tl.timeline_summary(frame, tl.window_for("all", TODAY, date(2025, 10, 8)))
    assert f"Next planned: therapy session on {words}" in text


def test_summary_never_forecasts_or_scores() -> None:
    for preset in tl.RANGE_PRESETS:
        text = tl.timeline_summary(demo_like(), tl.window_for(preset, TODAY, date(2025, 10, 8)))
        assert not FORECAST_WORDS.search(text), text


def test_summary_of_an_empty_household() -> None:
    text = tl.timeline_summary(events(), tl.window_for("3m", TODAY))
    assert "No treatment phase has been logged" in text or "no treatment phase" in text
    assert "No events were logged in this period." in text
    assert "Next planned" not in text and "treatment began" not in text


def test_summary_after_the_last_phase_ended() -> None:
    frame = events(event("residential", date(2026, 1, 5), date(2026, 2, 15)))
    text = tl.timeline_summary(frame, tl.window_for("1y", TODAY))
    assert "the latest phase, residential treatment, ended on 15 Feb 2026" in text


def test_summary_counts_other_features_by_name_but_never_warning_signs() -> None:
    extra = tl.combine_markers(
        pd.DataFrame(
            {
                "day": pd.to_datetime([date(2026, 6, 2)] * 2),
                "kind": "boundary_kept",
                "label": "Boundaries",
                "name": "Boundary kept",
            }
        ),
        tl.warning_sign_markers(
            pd.DataFrame({"day": pd.to_datetime([date(2026, 6, 3)]), "sign_id": ["x"]}), {}
        ),
    )
    text = tl.timeline_summary(events(), tl.window_for("4w", TODAY), extra)
    assert "boundary kept (2)" in text
    assert "arning" not in text
