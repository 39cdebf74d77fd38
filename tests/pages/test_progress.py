"""Timeline, Wins, Self-care and Home through AppTest, empty and with the demo family.

AppTest cannot look inside a Plotly chart (it is an UnknownElement), so these tests read
the plain-text summary under each chart, and the figure JSON in `.proto.spec`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.demo import load_demo
from dashboard.records import (
    CaregiverCheckin,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
    today_in,
)
from dashboard.store import HouseholdStore, NewFamily, Store
from dashboard.ui.setup import HOUSEHOLD_KEY

TIMELINE = "pages/06_Timeline.py"
WINS = "pages/07_Wins.py"
SELF_CARE = "pages/08_Self_care.py"


@pytest.fixture
def demo_family(data_dir: Any, open_store: Callable[[Any], Store]) -> HouseholdStore:
    household, _ = load_demo(open_store(data_dir))
    return household


def today(household: HouseholdStore) -> date:
    return today_in(household.loved_ones()[0].timezone)


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace_names(chart: dict) -> list[str]:
    return [trace.get("name", "") for trace in chart["data"]]


def radio(at: AppTest, label: str) -> Any:
    return next(r for r in at.radio if r.label == label)


def add_checkins(household: HouseholdStore, uses: str, end: date) -> None:
    """One check-in per character, ending on `end`: N none, U confirmed, . none logged."""
    codes = {"N": "none", "U": "confirmed"}
    loved_one = household.loved_ones()[0].id
    for i, code in enumerate(uses):
        if code == ".":
            continue
        household.save_checkin(
            DailyCheckin(
                household_id=household.id,
                loved_one_id=loved_one,
                day=end - timedelta(days=len(uses) - 1 - i),
                observed_use=codes[code],
                mood=3,
                sleep=3,
            )
        )


# -- timeline ---------------------------------------------------------------------------


def test_timeline_of_an_empty_family_points_to_the_log_page(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(TIMELINE).run()
    assert not at.exception
    assert any("Nothing to show yet" in info.value for info in at.info)
    assert charts(at) == []
    assert radio(at, "Date range").value == "3m"


def test_timeline_with_the_demo_family_draws_charts_with_summaries(
    demo_family: HouseholdStore,
    app: Callable[..., AppTest],
) -> None:
    at = app(TIMELINE).run()
    assert not at.exception and not at.error
    drawn = charts(at)
    assert len(drawn) == 4  # timeline, mood and sleep, craving, attendance
    assert "Outpatient treatment" in trace_names(drawn[0])
    assert "Mood, 7-day average" in trace_names(drawn[1])
    said = texts(at)
    assert said[0].startswith("In the last 30 days: ")
    assert any(t.startswith("In the last 3 months (from ") for t in said)
    assert any("therapy sessions" in t and "Next planned" in t for t in said)
    assert any("Mood averaged" in t for t in said)
    assert any("shared a craving level" in t for t in said)
    assert any("treatment attended on" in t for t in said)


@pytest.mark.parametrize(
    ("preset", "words", "level_days"),
    [("4w", "In the last 4 weeks", 28), ("1y", "In the last year", 53), ("all", "Since ", 44)],
)
def test_switching_the_range_changes_charts_and_summaries(
    demo_family: HouseholdStore,
    preset: str,
    words: str,
    level_days: int,
    app: Callable[..., AppTest],
) -> None:
    at = app(TIMELINE).run()
    before = charts(at)[0]["layout"]["xaxis"]["range"]
    radio(at, "Date range").set_value(preset)
    at = at.run()
    assert not at.exception
    assert any(t.startswith(words) for t in texts(at))
    drawn = charts(at)
    assert drawn[0]["layout"]["xaxis"]["range"] != before
    attendance = drawn[-1]
    assert len(attendance["data"][0]["x"]) <= 60


def test_timeline_with_events_but_no_check_ins(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    family.add(
        TreatmentEvent(
            household_id=family.id,
            loved_one_id=family.loved_ones()[0].id,
            kind="assessment",
            title="<b>Riverside</b>",
            start_date=today(family) - timedelta(days=3),
        )
    )
    at = app(TIMELINE).run()
    assert not at.exception
    (timeline,) = charts(at)
    assert trace_names(timeline)[0] == "Assessment"
    assert "<b>Riverside</b>" not in json.dumps(timeline), "titles are escaped in hover text"
    assert any("No daily check-ins in this date range" in info.value for info in at.info)


def test_a_new_check_in_shows_at_once(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(TIMELINE).run()
    assert any("Nothing to show yet" in info.value for info in at.info)
    add_checkins(family, "N", today(family))
    at.run()
    assert any(t.startswith("In the last 30 days: 1 use-free day") for t in texts(at))


# -- wins -------------------------------------------------------------------------------


def test_wins_of_an_empty_family_say_how_to_start(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(WINS).run()
    assert not at.exception
    assert any("No small wins yet" in info.value for info in at.info)
    assert not at.metric


def test_wins_with_the_demo_family(
    demo_family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(WINS).run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Current run", "Longest run", "Use-free days, last 30"}
    assert metrics["Current run"].endswith("days")
    (calendar,) = charts(at)
    assert "No use seen" in trace_names(calendar)
    said = texts(at)
    assert any("one square per day" in t for t in said)
    assert any("a lapse starts a new run and never takes these away" in t for t in said)
    captions = [c.value for c in at.caption]
    assert any("Found by Harbor" in c for c in captions)
    assert any(c.endswith("· Logged") for c in captions)
    assert any("found by Harbor" in c for c in captions)
    assert any(t.startswith("Logged by Maria") for t in said)
    assert any("with no use confirmed in between" in t or "weeks running" in t for t in said)
    weeks = [m.value for m in at.markdown if m.value.startswith("**Week of ")]
    assert weeks, "the wall is grouped by week"


def test_show_older_wins(demo_family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app(WINS).run()
    shown = sum(c.value.endswith(("· Logged", "· Found by Harbor")) for c in at.caption)
    at.button(key="older_wins").click()
    at = at.run()
    more = sum(c.value.endswith(("· Logged", "· Found by Harbor")) for c in at.caption)
    assert more > shown


def test_a_lapse_keeps_earlier_runs_and_wins_on_the_page(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    add_checkins(family, "NNNNNNNUNN", today(family))
    at = app(WINS).run()
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Current run"], metrics["Longest run"]) == ("2 days", "7 days")
    said = texts(at)
    assert "7 use-free days in this run" in said
    assert any("ended by use on" in t and "still going" in t for t in said)


def test_wins_are_per_household(
    data_dir: Any, app: Callable[..., AppTest], open_store: Callable[[Any], Store]
) -> None:
    store = open_store(data_dir)
    busy = store.create_family(NewFamily("Busy", "Sam", "Alex"))
    quiet = store.create_family(NewFamily("Quiet", "Robin", "Kim"))
    busy.add(
        SmallWin(
            household_id=busy.id,
            loved_one_id=busy.loved_ones()[0].id,
            day=today(busy) - timedelta(days=1),
            text="Only the busy family's win",
        )
    )
    at = app(WINS)
    at.session_state[HOUSEHOLD_KEY] = str(busy.id)
    at.run()
    assert "Only the busy family's win" in texts(at)
    at.selectbox(key="family_selector").set_value(str(quiet.id))
    at.run()
    assert "Only the busy family's win" not in texts(at)
    assert any("No small wins yet" in info.value for info in at.info)


# -- self-care --------------------------------------------------------------------------


def test_self_care_with_the_demo_family(
    demo_family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app(SELF_CARE).run()
    assert not at.exception and not at.error
    (stress,) = charts(at)
    assert any(name.startswith("Stress") for name in trace_names(stress))
    assert any(t.startswith("In the last 3 months: ") and "average stress" in t for t in texts(at))
    radio(at, "Date range").set_value("1y")
    at = at.run()
    assert any(t.startswith("In the last year: ") for t in texts(at))


def test_self_care_run_is_shown(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    member = family.family_members()[0].id
    for n in range(7):
        family.save_caregiver_checkin(
            CaregiverCheckin(
                household_id=family.id,
                family_member_id=member,
                day=today(family) - timedelta(days=n),
                stress=4,
                sleep=3,
                self_care_done=True,
            )
        )
    at = app(SELF_CARE).run()
    assert "Alex: self-care on 7 check-ins in a row" in texts(at)


# -- home -------------------------------------------------------------------------------


def test_home_of_a_new_family(family: HouseholdStore, app: Callable[..., AppTest]) -> None:
    at = app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Today"]
    markdown = " ".join(m.value for m in at.markdown)
    assert "No run going yet" in markdown
    assert "Nothing planned yet." in markdown
    assert any("No wins yet" in info.value for info in at.info)


def test_home_with_the_demo_family(
    demo_family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app().run()
    assert not at.exception and not at.error
    subheaders = [s.value for s in at.header]
    for heading in ("Current run", "Last check-in", "Next appointment", "Latest small wins"):
        assert heading in subheaders
    (run,) = [m for m in at.metric if m.label == "Use-free days logged"]
    assert run.value.endswith("days")
    wins = [c.value for c in at.caption if c.value.endswith(("· Logged", "· Found by Harbor"))]
    assert len(wins) == 3
    assert "Weekly CBT session" in texts(at), "the next appointment's title"


def test_home_updates_when_a_check_in_is_saved(
    family: HouseholdStore, app: Callable[..., AppTest]
) -> None:
    at = app().run()
    assert not any(m.label == "Use-free days logged" for m in at.metric)
    add_checkins(family, "NNN", today(family))
    at.run()
    (run,) = [m for m in at.metric if m.label == "Use-free days logged"]
    assert run.value == "3 days"
    assert "3 use-free days in this run" in texts(at)
