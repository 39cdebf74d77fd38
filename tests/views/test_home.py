"""Home's overview and the session summary: counts of what the family logged, no scores."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from dashboard.records import (
    CaregiverCheckin,
    DailyCheckin,
    LovedOne,
    SmallWin,
    TreatmentEvent,
)
from dashboard.store import HouseholdStore
from dashboard.views.home import home_overview
from dashboard.views.session import period_summary

TODAY = date(2026, 6, 15)
START = date(2026, 6, 1)
FORBIDDEN_WORDS = re.compile(r"\b(?:risk|score)", re.IGNORECASE)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def add_checkin(
    household: HouseholdStore, when: date, use: str = "none", attended: bool = False
) -> DailyCheckin:
    checkin = DailyCheckin(
        household_id=household.id,
        loved_one_id=household.loved_ones()[0].id,
        day=when,
        observed_use=use,
        mood=3,
        sleep=3,
        attended_treatment=attended,
    )
    saved, _ = household.save_checkin(checkin)
    return saved


def add_win(household: HouseholdStore, when: date, text: str) -> SmallWin:
    return household.add(
        SmallWin(
            household_id=household.id,
            loved_one_id=household.loved_ones()[0].id,
            day=when,
            text=text,
        )
    )


def add_event(
    household: HouseholdStore, kind: str, when: date, status: str = "actual"
) -> TreatmentEvent:
    return household.add(
        TreatmentEvent(
            household_id=household.id,
            loved_one_id=household.loved_ones()[0].id,
            kind=kind,
            start_date=when,
            status=status,
        )
    )


def add_stress(household: HouseholdStore, when: date, stress: int) -> CaregiverCheckin:
    saved, _ = household.save_caregiver_checkin(
        CaregiverCheckin(
            household_id=household.id,
            family_member_id=household.family_members()[0].id,
            day=when,
            stress=stress,
            sleep=3,
        )
    )
    return saved


# -- home overview -------------------------------------------------------------------


def test_empty_household_has_nothing_to_show(family: HouseholdStore) -> None:
    overview = home_overview(family, TODAY)
    assert overview.last_checkin is None
    assert overview.latest_wins == []
    assert overview.next_planned is None
    assert overview.checkins_last_7_days == 0


def test_last_checkin_is_the_latest_day_whatever_the_order_saved(
    family: HouseholdStore,
) -> None:
    for offset, use in [(-3, "none"), (-1, "suspected"), (-5, "confirmed")]:
        add_checkin(family, day(offset), use)
    last = home_overview(family, TODAY).last_checkin
    assert last is not None
    assert (last.day, last.observed_use) == (day(-1), "suspected")


@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([-1], [-1]),
        ([-3, -1, -2], [-1, -2, -3]),
        ([-10, -2, -7, -1, -4], [-1, -2, -4]),
    ],
)
def test_latest_wins_are_newest_first_and_at_most_three(
    family: HouseholdStore, offsets: list[int], expected: list[int]
) -> None:
    for offset in offsets:
        add_win(family, day(offset), f"win on day {offset}")
    wins = home_overview(family, TODAY).latest_wins
    assert [win.day for win in wins] == [day(offset) for offset in expected]
    assert [win.text for win in wins] == [f"win on day {offset}" for offset in expected]


def test_wins_on_the_same_day_show_the_last_logged_first(family: HouseholdStore) -> None:
    for text in ["first", "second", "third", "fourth"]:
        add_win(family, day(-1), text)
    assert [w.text for w in home_overview(family, TODAY).latest_wins] == [
        "fourth",
        "third",
        "second",
    ]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], None),
        ([(-3, "planned")], None),  # a planned event in the past is not "next"
        ([(5, "planned"), (2, "planned")], 2),
        ([(0, "planned")], 0),  # today still counts
        ([(-2, "actual"), (3, "actual"), (9, "planned")], 9),
    ],
)
def test_next_planned_is_the_earliest_planned_event_from_today(
    family: HouseholdStore, events: list[tuple[int, str]], expected: int | None
) -> None:
    for offset, status in events:
        add_event(family, "therapy_session", day(offset), status)
    upcoming = home_overview(family, TODAY).next_planned
    if expected is None:
        assert upcoming is None
    else:
        assert upcoming is not None
        assert (upcoming.start_date, upcoming.status) == (day(expected), "planned")


@pytest.mark.parametrize(
    ("offsets", "count"),
    [
        ([0, -1, -6], 3),
        ([-7, -8], 0),
        ([1, 0], 1),  # tomorrow is not in the last 7 days
    ],
)
def test_checkins_last_7_days_counts_today_and_six_before(
    family: HouseholdStore, offsets: list[int], count: int
) -> None:
    for offset in offsets:
        add_checkin(family, day(offset))
    assert home_overview(family, TODAY).checkins_last_7_days == count


def test_demo_overview_shows_the_latest_records(demo: HouseholdStore, demo_today: date) -> None:
    overview = home_overview(demo, demo_today)
    assert overview.last_checkin is not None
    assert overview.last_checkin.day <= demo_today
    assert len(overview.latest_wins) == 3
    days = [win.day for win in overview.latest_wins]
    assert days == sorted(days, reverse=True)
    assert overview.next_planned is not None
    upcoming = [
        e.start_date
        for e in demo.list(TreatmentEvent)
        if e.status == "planned" and e.start_date >= demo_today
    ]
    assert overview.next_planned.start_date == min(upcoming)
    assert 0 < overview.checkins_last_7_days <= 7


def test_empty_household_has_no_run(family: HouseholdStore) -> None:
    overview = home_overview(family, TODAY)
    assert overview.current_run is None
    assert overview.progress_sentence.startswith("No use-free days logged yet")


@pytest.mark.parametrize(
    ("uses", "current"),
    [
        (["none", "none", "none"], 3),
        (["none", "confirmed", "none", "none"], 2),  # a lapse starts a new run
        (["none", "none", "confirmed"], None),  # use today: no run is going yet
        (["none", "suspected", "unknown", "none"], 2),  # doubt ends nothing
    ],
)
def test_current_run_on_home(family: HouseholdStore, uses: list[str], current: int | None) -> None:
    for offset, use in enumerate(uses):
        add_checkin(family, day(offset - len(uses) + 1), use)
    overview = home_overview(family, TODAY)
    assert (overview.current_run.use_free_days if overview.current_run else None) == current


def test_latest_wins_mix_logged_and_found_newest_first(family: HouseholdStore) -> None:
    add_win(family, day(-5), "Came to Sunday dinner")
    for offset in range(-2, 1):
        add_checkin(family, day(offset), "none")
    wins = home_overview(family, TODAY).latest_wins
    assert [(w.day, w.source) for w in wins] == [
        (day(0), "rule"),
        (day(-2), "rule"),
        (day(-5), "logged"),
    ]
    assert [w.text for w in wins][:2] == [
        "3 use-free days in this run",
        "A first use-free day in this run",
    ]
    assert all(w.why for w in wins)


def test_overview_is_about_the_chosen_loved_one(family: HouseholdStore) -> None:
    other = family.add(LovedOne(household_id=family.id, display_name="Robin"))
    add_checkin(family, day(-1), "none")
    family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=other.id,
            day=day(0),
            observed_use="confirmed",
            mood=2,
            sleep=2,
        )
    )
    add_event(family, "therapy_session", day(3), "planned")
    first = home_overview(family, TODAY, family.loved_ones()[0].id)
    assert first.last_checkin is not None and first.last_checkin.day == day(-1)
    assert first.current_run is not None and first.current_run.use_free_days == 1
    assert first.next_planned is not None
    robin = home_overview(family, TODAY, other.id)
    assert robin.last_checkin is not None and robin.last_checkin.observed_use == "confirmed"
    assert robin.current_run is None and robin.next_planned is None


# -- period summary ------------------------------------------------------------------


def test_empty_period_says_nothing_was_logged(family: HouseholdStore) -> None:
    summary = period_summary(family, START, TODAY)
    assert (summary.checkins, summary.wins, summary.therapy_sessions) == (0, 0, 0)
    assert (summary.no_use_days, summary.use_days, summary.unknown_days) == (0, 0, 0)
    assert summary.average_stress is None
    (sentence,) = summary.sentences()
    assert sentence.startswith("Nothing was logged")
    assert "1 Jun 2026" in sentence and "15 Jun 2026" in sentence


@pytest.mark.parametrize(
    ("uses", "none", "use", "unknown"),
    [
        (["none"], 1, 0, 0),
        (["suspected", "confirmed"], 0, 2, 0),
        (["unknown", "unknown", "none"], 1, 0, 2),
        (["none", "none", "none", "suspected", "suspected", "confirmed", "unknown"], 3, 3, 1),
    ],
)
def test_period_counts_days_per_observed_use(
    family: HouseholdStore, uses: list[str], none: int, use: int, unknown: int
) -> None:
    for i, observed in enumerate(uses):
        add_checkin(family, START + timedelta(days=i), observed)
    summary = period_summary(family, START, TODAY)
    assert summary.checkins == len(uses)
    assert (summary.no_use_days, summary.use_days, summary.unknown_days) == (none, use, unknown)
    assert summary.no_use_days + summary.use_days + summary.unknown_days == summary.checkins


def test_period_summary_is_about_the_chosen_loved_one(family: HouseholdStore) -> None:
    sam = family.loved_ones()[0]
    robin = family.add(LovedOne(household_id=family.id, display_name="Robin"))
    add_checkin(family, START, "none")
    add_win(family, START, "Sam came to dinner")
    family.save_checkin(
        DailyCheckin(
            household_id=family.id,
            loved_one_id=robin.id,
            day=START,
            observed_use="confirmed",
            mood=2,
            sleep=2,
        )
    )
    mine = period_summary(family, START, TODAY, sam.id)
    assert (mine.checkins, mine.no_use_days, mine.use_days, mine.wins) == (1, 1, 0, 1)
    theirs = period_summary(family, START, TODAY, robin.id)
    assert (theirs.checkins, theirs.no_use_days, theirs.use_days, theirs.wins) == (1, 0, 1, 0)
    assert period_summary(family, START, TODAY).checkins == 2


def test_period_bounds_are_inclusive(family: HouseholdStore) -> None:
    for when in [START - timedelta(days=1), START, TODAY, TODAY + timedelta(days=1)]:
        add_checkin(family, when, "none", attended=True)
    summary = period_summary(family, START, TODAY)
    assert summary.checkins == 2
    assert summary.attended_days == 2


def test_period_counts_attended_days(family: HouseholdStore) -> None:
    for i, attended in enumerate([True, False, True, True]):
        add_checkin(family, START + timedelta(days=i), attended=attended)
    assert period_summary(family, START, TODAY).attended_days == 3


def test_only_actual_therapy_sessions_in_the_period_count(family: HouseholdStore) -> None:
    add_event(family, "therapy_session", START + timedelta(days=1))
    add_event(family, "therapy_session", START + timedelta(days=8))
    add_event(family, "therapy_session", START + timedelta(days=10), status="planned")
    add_event(family, "therapy_session", START - timedelta(days=2))
    add_event(family, "support_meeting", START + timedelta(days=3))
    add_event(family, "medical_appointment", START + timedelta(days=4))
    assert period_summary(family, START, TODAY).therapy_sessions == 2


def test_period_averages_caregiver_stress(family: HouseholdStore) -> None:
    for offset, stress in [(0, 4), (3, 6), (9, 8)]:
        add_stress(family, START + timedelta(days=offset), stress)
    add_stress(family, START - timedelta(days=1), 10)
    add_checkin(family, START)
    summary = period_summary(family, START, TODAY)
    assert summary.caregiver_checkins == 3
    assert summary.average_stress == pytest.approx(6.0)
    assert re.search(
        r"Caregiver check-ins: 3\b.*average stress 6\.0 out of 10", summary.sentences()[-1]
    )


def test_period_counts_wins_in_range(family: HouseholdStore) -> None:
    for offset in [-1, 0, 5, 14, 15]:
        add_win(family, START + timedelta(days=offset), f"win {offset}")
    assert period_summary(family, START, TODAY).wins == 3


def test_sentences_read_back_the_counts(family: HouseholdStore) -> None:
    for i, (use, attended) in enumerate([("none", True), ("confirmed", False), ("unknown", True)]):
        add_checkin(family, START + timedelta(days=i), use, attended)
    add_event(family, "therapy_session", START + timedelta(days=2))
    add_win(family, START + timedelta(days=2), "Came to dinner")
    text = " ".join(period_summary(family, START, TODAY).sentences())
    for fragment in [
        r"1 Jun 2026 to 15 Jun 2026",
        r"\b3 daily check-ins",
        r"No use seen on 1 of them",
        r"confirmed on 1\b",
        r"not known on 1\b",
        r"attended on 2 days",
        r"\b1 therapy session",
        r"\b1 small win",
    ]:
        assert re.search(fragment, text), fragment
    assert "average stress" not in text, "no caregiver check-ins, so no stress sentence"


@pytest.mark.parametrize("logged", ["caregiver check-in", "lapse", "medical_appointment"])
def test_period_with_other_records_is_not_called_empty(family: HouseholdStore, logged: str) -> None:
    if logged == "caregiver check-in":
        add_stress(family, START + timedelta(days=2), 7)
    else:
        add_event(family, logged, START + timedelta(days=2))
    sentences = period_summary(family, START, TODAY).sentences()
    assert not sentences[0].startswith("Nothing was logged")


@pytest.mark.parametrize(
    ("start_offset", "end_offset"),
    [(-7, 0), (-30, 0), (-130, -110), (-400, 0), (10, 20)],
)
def test_demo_summary_is_consistent_and_never_scores(
    demo: HouseholdStore, start_offset: int, end_offset: int, demo_today: date
) -> None:
    start, end = demo_today + timedelta(start_offset), demo_today + timedelta(end_offset)
    summary = period_summary(demo, start, end)
    assert summary.no_use_days + summary.use_days + summary.unknown_days == summary.checkins
    assert summary.attended_days <= summary.checkins
    assert summary.checkins == len(demo.list(DailyCheckin, start, end))
    sentences = summary.sentences()
    assert sentences
    assert not [s for s in sentences if FORBIDDEN_WORDS.search(s)]


def test_lapse_period_in_demo_shows_use_days(demo: HouseholdStore, demo_today: date) -> None:
    summary = period_summary(demo, demo_today - timedelta(122), demo_today - timedelta(118))
    assert summary.use_days >= 3
    assert summary.checkins == 5


@pytest.mark.parametrize("populated", [False, True])
def test_no_sentence_mentions_risk_or_score(family: HouseholdStore, populated: bool) -> None:
    if populated:
        add_checkin(family, START, "confirmed")
        add_stress(family, START, 9)
    sentences = period_summary(family, START, TODAY).sentences()
    assert sentences
    assert not [s for s in sentences if FORBIDDEN_WORDS.search(s)]
