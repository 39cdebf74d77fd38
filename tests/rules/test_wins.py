"""Runs, milestones and every wins rule, table-driven: lapses, gaps, DST, empty families.

Days are written as strings, one character per calendar day from START:
N no use seen, S use suspected, U use confirmed, ? don't know, . no check-in.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from dashboard.records import CaregiverCheckin, DailyCheckin, SmallWin, TreatmentEvent
from dashboard.rules import wins
from dashboard.rules.wins import Run, Win
from dashboard.store import HouseholdStore
from dashboard.views.home import wins_board

START = date(2026, 3, 2)  # a Monday
CODES = {"N": "none", "S": "suspected", "U": "confirmed", "?": "unknown"}


def d(offset: int) -> date:
    return START + timedelta(days=offset)


def checkins(pattern: str, start: date = START, **columns: list) -> pd.DataFrame:
    """A check-in frame shaped like HouseholdStore.frame(DailyCheckin): dates as datetime64."""
    days = [start + timedelta(days=i) for i, code in enumerate(pattern) if code != "."]
    uses = [CODES[code] for code in pattern if code != "."]
    frame = pd.DataFrame({"day": pd.to_datetime(days), "observed_use": uses})
    for name, values in columns.items():
        frame[name] = values
    return frame


def lapse_events(*spans: tuple[int, int | None], status: str = "actual") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ["lapse"] * len(spans),
            "status": [status] * len(spans),
            "start_date": pd.to_datetime([d(a) for a, _ in spans]),
            "end_date": pd.to_datetime([None if b is None else d(b) for _, b in spans]),
        }
    )


def statuses(pattern: str, lapses: pd.DataFrame | None = None) -> pd.Series:
    return wins.day_statuses(checkins(pattern), lapses)


def as_runs(*rows: tuple[int, int, int, int | None]) -> list[Run]:
    return [Run(d(a), d(b), n, None if e is None else d(e)) for a, b, n, e in rows]


# -- day statuses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", {}),
        ("N", {0: "use_free"}),
        ("NSU?", {0: "use_free", 1: "suspected", 2: "use", 3: "unknown"}),
        ("N..N", {0: "use_free", 3: "use_free"}),  # days without a check-in are absent
    ],
)
def test_day_statuses_map_what_was_observed(pattern: str, expected: dict[int, str]) -> None:
    found = statuses(pattern)
    assert {(day.date() - START).days: status for day, status in found.items()} == expected


@pytest.mark.parametrize(
    ("pattern", "spans", "use_days"),
    [
        ("NNNNN", [(2, None)], [2]),  # a lapse with no end is one day
        ("NNNNN", [(1, 3)], [1, 2, 3]),  # every day of a lapse counts, whatever was logged
        ("N...N", [(2, 2)], [2]),  # a lapse on a day with no check-in still counts
        ("NSNNN", [(1, 1)], [1]),  # a lapse outranks a suspicion on the same day
    ],
)
def test_lapse_events_mark_days_as_use(
    pattern: str, spans: list[tuple[int, int | None]], use_days: list[int]
) -> None:
    found = statuses(pattern, lapse_events(*spans))
    assert [(day.date() - START).days for day in found.index[found == "use"]] == use_days


def test_planned_lapses_and_other_events_are_not_use() -> None:
    events = pd.concat(
        [
            lapse_events((1, 1), status="planned"),
            lapse_events((2, 2)).assign(kind="therapy_session"),
        ]
    )
    assert set(statuses("NNNN", events)) == {"use_free"}


# -- runs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", []),
        ("....", []),
        ("UUU", []),
        ("NNN", [(0, 2, 3, None)]),
        # a lapse in the middle ends the first run and starts a second; both are kept
        ("NNNUNN", [(0, 2, 3, 3), (4, 5, 2, None)]),
        # gaps end nothing, and are not counted as use-free
        ("NN..NN", [(0, 5, 4, None)]),
        # suspected and don't-know days end nothing, and are not counted either
        ("NSN?N", [(0, 4, 3, None)]),
        # a run that ends with use, with no run after it yet
        ("NNU", [(0, 1, 2, 2)]),
        # several lapses in a row are one break
        ("NUUUN", [(0, 0, 1, 1), (4, 4, 1, None)]),
        # use before any use-free day starts nothing
        ("UU.NN", [(3, 4, 2, None)]),
        # a gap right after a lapse: the next run starts on the next use-free day
        ("NNU...N", [(0, 1, 2, 2), (6, 6, 1, None)]),
    ],
)
def test_runs(pattern: str, expected: list[tuple[int, int, int, int | None]]) -> None:
    assert wins.runs(statuses(pattern)) == as_runs(*expected)


def test_a_lapse_never_erases_an_earlier_run() -> None:
    before = wins.runs(statuses("N" * 40))
    after = wins.runs(statuses("N" * 40 + "U" + "N" * 3))
    assert after[0] == Run(before[0].start, before[0].last, 40, d(40))
    assert after[1] == Run(d(41), d(43), 3, None)
    assert sum(run.use_free_days for run in after) == 43


# -- progress ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "today", "last_7", "last_30", "current", "longest"),
    [
        ("", 10, 0, 0, None, None),
        ("NNNNNNNNNN", 9, 7, 10, 10, 10),
        ("NNNNNNNNNN", 29, 0, 10, 10, 10),  # a long gap does not end the run
        ("NNNNNUNN", 7, 6, 7, 2, 5),  # a lapse: the current run is new, the longest stays
        ("NNNU", 3, 3, 3, None, 3),  # use today: no run is going, the longest is kept
        ("NN?S.N", 5, 3, 3, 3, 3),
    ],
)
def test_progress_counts(
    pattern: str,
    today: int,
    last_7: int,
    last_30: int,
    current: int | None,
    longest: int | None,
) -> None:
    progress = wins.progress(statuses(pattern), d(today))
    assert progress.use_free_last[7] == last_7
    assert progress.use_free_last[30] == last_30
    assert (progress.current.use_free_days if progress.current else None) == current
    assert (progress.longest.use_free_days if progress.longest else None) == longest


def test_progress_ignores_days_after_today() -> None:
    progress = wins.progress(statuses("NNNNU"), d(2))
    assert progress.current == Run(d(0), d(2), 3, None)
    assert progress.last_use is None
    assert progress.checkins_last[7] == 3


def test_progress_windows_count_today_and_the_days_before() -> None:
    progress = wins.progress(statuses("N" * 100), d(99))
    assert progress.use_free_last == {7: 7, 30: 30, 90: 90}
    assert progress.checkins_last == {7: 7, 30: 30, 90: 90}


@pytest.mark.parametrize(
    ("pattern", "today", "words"),
    [
        ("", 0, "No use-free days logged yet"),
        ("NNNUNN", 5, "Current run: 2 use-free days"),
        ("NNNUNN", 5, "Longest run: 3 use-free days"),
        ("NNNUNN", 5, "2 runs so far, 5 use-free days in all"),
        ("NNNU", 3, "A new run starts with the next use-free day after 5 Mar 2026"),
    ],
)
def test_runs_sentence(pattern: str, today: int, words: str) -> None:
    assert words in wins.progress(statuses(pattern), d(today)).runs_sentence()


def test_progress_sentence_counts_check_ins_not_calendar_days() -> None:
    progress = wins.progress(statuses("N.N.N?"), d(5))
    assert progress.sentence(30) == "In the last 30 days: 3 use-free days logged (of 4 check-ins)."
    assert wins.progress(statuses(""), d(5)).sentence(7) == "No check-ins in the last 7 days."


# -- calendar dates, DST and time zones ----------------------------------------------------

DST_CASES = [
    ("America/New_York", date(2026, 3, 8)),  # clocks go forward
    ("America/New_York", date(2026, 11, 1)),  # clocks go back
    ("Europe/London", date(2026, 3, 29)),
    ("Australia/Sydney", date(2026, 4, 5)),
]


@pytest.mark.parametrize(("zone", "change"), DST_CASES)
@pytest.mark.parametrize("clock", ["00:00", "00:30", "23:30"])
def test_a_week_across_a_dst_change_is_seven_days(zone: str, change: date, clock: str) -> None:
    hour, minute = map(int, clock.split(":"))
    first = change - timedelta(days=3)
    stamps = [
        datetime(
            (first + timedelta(days=i)).year,
            (first + timedelta(days=i)).month,
            (first + timedelta(days=i)).day,
            hour,
            minute,
            tzinfo=ZoneInfo(zone),
        )
        for i in range(7)
    ]
    frame = pd.DataFrame({"day": stamps, "observed_use": ["none"] * 7})
    found = wins.day_statuses(frame)
    assert [day.date() for day in found.index] == [first + timedelta(days=i) for i in range(7)]
    (run,) = wins.runs(found)
    assert (run.start, run.last, run.use_free_days) == (first, first + timedelta(days=6), 7)
    milestones = [w.day for w in wins.streak_wins(found)]
    assert milestones == [first, first + timedelta(days=2), first + timedelta(days=6)]


def test_the_same_date_in_far_apart_zones_is_the_same_day() -> None:
    late_east = datetime(2026, 6, 1, 23, 0, tzinfo=ZoneInfo("Pacific/Kiritimati"))  # UTC+14
    early_west = datetime(2026, 6, 1, 1, 0, tzinfo=ZoneInfo("Pacific/Pago_Pago"))  # UTC-11
    frame = pd.DataFrame({"day": [late_east, early_west], "observed_use": ["none", "confirmed"]})
    found = wins.day_statuses(frame)
    assert list(found.index) == [pd.Timestamp(2026, 6, 1)]
    assert list(found) == ["use"]  # one day, two records: the more serious one is kept


@pytest.mark.parametrize(
    "days",
    [
        [date(2026, 3, 7), date(2026, 3, 8)],
        ["2026-03-07", "2026-03-08"],
        [pd.Timestamp("2026-03-07"), pd.Timestamp("2026-03-08")],
    ],
    ids=["date", "iso-string", "timestamp"],
)
def test_dates_in_any_form_give_the_same_days(days: list) -> None:
    frame = pd.DataFrame({"day": days, "observed_use": ["none", "none"]})
    assert [day.date() for day in wins.day_statuses(frame).index] == [
        date(2026, 3, 7),
        date(2026, 3, 8),
    ]


# -- use-free streak milestones -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", []),
        ("U.?S", []),
        ("N", [(0, 1)]),
        ("NNN", [(0, 1), (2, 3)]),
        ("NNNNNNN", [(0, 1), (2, 3), (6, 7)]),
        # gaps: milestones count use-free check-ins, so day 7 is reached on calendar day 9
        ("NNN..NNNN", [(0, 1), (2, 3), (8, 7)]),
        # a lapse in the middle: the count starts again, earlier milestones stay
        ("NNNUNNN", [(0, 1), (2, 3), (4, 1), (6, 3)]),
        # suspected days neither count nor reset
        ("NNSN", [(0, 1), (3, 3)]),
    ],
)
def test_streak_milestones(pattern: str, expected: list[tuple[int, int]]) -> None:
    found = wins.streak_wins(statuses(pattern))
    assert [(w.day, w.rule) for w in found] == [(d(o), f"use_free_run:{n}") for o, n in expected]
    assert all(w.source == "rule" and w.why for w in found)


def test_every_listed_milestone_and_then_each_year() -> None:
    found = wins.streak_wins(statuses("N" * (365 * 3)))
    counts = [int(w.rule.split(":")[1]) for w in found]
    assert counts == [*wins.STREAK_MILESTONES, 730, 1095]
    assert [w.day for w in found] == [d(n - 1) for n in counts]


def test_milestone_after_a_lapse_says_the_earlier_run_still_counts() -> None:
    found = wins.streak_wins(statuses("NNNNNUNNN"))
    last = found[-1]
    assert last.text == "3 use-free days in this run"
    assert "ended on 7 Mar 2026 after 5 use-free days; it still counts" in last.why
    assert "Days without a check-in are not counted" in last.why
    assert "still counts" not in found[0].why


# -- attendance runs ----------------------------------------------------------------------


def weekly_checkins(weeks: str) -> pd.DataFrame:
    """One check-in on each Wednesday: A attended, n not attended, . nothing logged."""
    days = [d(7 * i + 2) for i, code in enumerate(weeks) if code != "."]
    went = [code == "A" for code in weeks if code != "."]
    return pd.DataFrame(
        {
            "day": pd.to_datetime(days),
            "observed_use": "none",
            "attended_treatment": went,
        }
    )


NO_EVENTS = pd.DataFrame(columns=["kind", "status", "start_date"])


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        ("", []),
        ("A", []),
        ("AA", [(1, 2)]),
        ("AAAA", [(1, 2), (3, 4)]),
        ("AAnAA", [(1, 2), (4, 2)]),  # a week with check-ins and no attendance ends the run
        ("AA..AA", [(1, 2), (5, 4)]),  # weeks with nothing logged are skipped
    ],
)
def test_attendance_runs(weeks: str, expected: list[tuple[int, int]]) -> None:
    found = wins.attendance_wins(weekly_checkins(weeks), NO_EVENTS)
    assert [(w.day, w.text) for w in found] == [
        (d(7 * week + 2), f"Treatment attended {n} weeks running") for week, n in expected
    ]
    assert all(w.category == "treatment" for w in found)


def test_therapy_sessions_count_as_attendance_and_planned_ones_do_not() -> None:
    events = pd.DataFrame(
        {
            "kind": ["therapy_session", "therapy_session", "therapy_session", "support_meeting"],
            "status": ["actual", "actual", "planned", "actual"],
            "start_date": pd.to_datetime([d(0), d(8), d(15), d(22)]),
        }
    )
    found = wins.attendance_wins(None, events)
    assert [(w.day, w.rule) for w in found] == [(d(8), "attendance_run:2")]


# -- mood and sleep better than the two weeks before ------------------------------------------

FORTNIGHT = date(2026, 3, 9)  # wins.FORTNIGHT_EPOCH + a whole number of fortnights


def scored(values: list[int | None], column: str = "mood") -> pd.DataFrame:
    days = [FORTNIGHT + timedelta(days=i) for i, v in enumerate(values) if v is not None]
    kept = [v for v in values if v is not None]
    return pd.DataFrame({"day": pd.to_datetime(days), "observed_use": "none", column: kept})


def test_fortnights_are_aligned() -> None:
    assert (FORTNIGHT - wins.FORTNIGHT_EPOCH).days % 14 == 0


@pytest.mark.parametrize(
    ("before", "after", "found"),
    [
        ([2] * 14, [3] * 14, True),  # a whole point better
        ([3] * 14, [3] * 7 + [4] * 7, True),  # exactly half a point: enough
        ([3] * 14, [3] * 8 + [4] * 6, False),  # less than half a point
        ([3] * 14, [2] * 14, False),  # worse is never a win
        ([2] * 3 + [None] * 11, [5] * 14, False),  # too few check-ins before
        ([2] * 14, [5] * 3 + [None] * 11, False),  # too few check-ins after
        ([2] * 4 + [None] * 10, [4] * 4 + [None] * 10, True),  # four each is enough
    ],
)
def test_mood_better_than_the_two_weeks_before(
    before: list[int | None], after: list[int | None], found: bool
) -> None:
    frame = scored(before + after)
    today = FORTNIGHT + timedelta(days=27)
    result = wins.better_wins(frame, "mood", "Mood", today)
    assert [w.day for w in result] == ([today] if found else [])
    if found:
        assert "up from" in result[0].why and "out of 5" in result[0].why


def test_an_unfinished_fortnight_finds_nothing_yet() -> None:
    frame = scored([2] * 14 + [4] * 10, "sleep")
    assert wins.better_wins(frame, "sleep", "Sleep", FORTNIGHT + timedelta(days=23)) == []
    finished = wins.better_wins(frame, "sleep", "Sleep", FORTNIGHT + timedelta(days=27))
    assert [w.text for w in finished] == ["Sleep better than the two weeks before"]


def test_better_wins_skip_missing_values() -> None:
    frame = scored([2] * 14 + [4] * 14).assign(mood=lambda f: f["mood"].where(f.index % 2 == 0))
    result = wins.better_wins(frame, "mood", "Mood", FORTNIGHT + timedelta(days=27))
    assert "(7 check-ins)" in result[0].why


# -- caregiver self-care runs ----------------------------------------------------------------


def self_care(pattern: str, member: uuid.UUID) -> pd.DataFrame:
    """Y did something for themselves, n did not, . no check-in."""
    days = [d(i) for i, code in enumerate(pattern) if code != "."]
    done = [code == "Y" for code in pattern if code != "."]
    return pd.DataFrame(
        {"day": pd.to_datetime(days), "family_member_id": member, "self_care_done": done}
    )


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", []),
        ("YYYYYY", []),
        ("YYYYYYY", [(6, 7)]),
        ("YYY..YYYY", [(8, 7)]),  # days without a check-in are skipped
        ("YYYnYYYYYYY", [(10, 7)]),  # a check-in without self-care ends the run
        ("Y" * 14, [(6, 7), (13, 14)]),
    ],
)
def test_self_care_runs(pattern: str, expected: list[tuple[int, int]]) -> None:
    member = uuid.uuid4()
    found = wins.self_care_wins(self_care(pattern, member), {member: "Maria"})
    assert [(w.day, w.text) for w in found] == [
        (d(o), f"Maria: self-care on {n} check-ins in a row") for o, n in expected
    ]
    assert all(w.category == "self_care" for w in found)


def test_self_care_runs_are_per_person() -> None:
    maria, leo = uuid.uuid4(), uuid.uuid4()
    frame = pd.concat([self_care("YnYnYnY", maria), self_care("YYYYYYY", leo)])
    found = wins.self_care_wins(frame, {maria: "Maria", leo: "Leo"})
    assert [w.text for w in found] == ["Leo: self-care on 7 check-ins in a row"]


# -- boundaries kept -------------------------------------------------------------------------


def boundary_log(statuses_by_title: dict[str, str]) -> pd.DataFrame:
    """K kept, T tested, X crossed, R revised; one entry per day per boundary."""
    names = {"K": "kept", "T": "tested", "X": "crossed", "R": "revised"}
    rows = [
        {"day": d(i), "status": names[code], "title": title}
        for title, codes in statuses_by_title.items()
        for i, code in enumerate(codes)
    ]
    frame = pd.DataFrame(rows, columns=["day", "status", "title"])
    frame["day"] = pd.to_datetime(frame["day"])
    return frame


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ("", []),
        ("TRX", []),
        ("K", [(0, 1)]),
        ("KKK", [(0, 1), (2, 3)]),
        ("KTKRK", [(0, 1), (4, 3)]),  # tested and revised neither count nor end the run
        ("KKXKKK", [(0, 1), (3, 1), (5, 3)]),  # crossed starts again; earlier wins stay
    ],
)
def test_boundaries_kept(codes: str, expected: list[tuple[int, int]]) -> None:
    found = wins.boundary_wins(boundary_log({"No cash": codes}))
    assert [(w.day, w.rule) for w in found] == [
        (d(o), f"boundary_kept:No cash:{n}") for o, n in expected
    ]
    assert all(w.text.endswith(": No cash") for w in found)


def test_boundaries_are_counted_separately() -> None:
    found = wins.boundary_wins(boundary_log({"No cash": "KXK", "Step away": "KKK"}))
    assert sorted(w.rule for w in found) == [
        "boundary_kept:No cash:1",
        "boundary_kept:No cash:1",
        "boundary_kept:Step away:1",
        "boundary_kept:Step away:3",
    ]


def test_boundaries_with_the_same_words_are_kept_apart_by_plan() -> None:
    log = boundary_log({"No cash": "KKK"})
    log["plan_id"] = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4()]
    assert [w.text for w in wins.boundary_wins(log)] == ["Boundary kept: No cash"] * 3


# -- logged wins, the wall, the calendar ------------------------------------------------------


def test_logged_wins_are_newest_first_and_say_who_logged_them() -> None:
    maria = uuid.uuid4()
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime([d(0), d(1), d(1)]),
            "text": ["first", "second", "third"],
            "category": ["family", "health", "honesty"],
            "logged_by": [maria, None, maria],
        }
    )
    found = wins.logged_wins(frame, {maria: "Maria"})
    assert [w.text for w in found] == ["third", "second", "first"]
    assert [w.why for w in found] == ["Logged by Maria", "Logged by the family", "Logged by Maria"]
    assert {w.source for w in found} == {"logged"}


def test_wall_is_newest_first_with_logged_before_found_on_the_same_day() -> None:
    logged = Win(d(3), "a logged win", "Logged by Maria", "family", "logged")
    found = Win(d(3), "a found win", "why", "health", "rule", "x")
    older = Win(d(1), "older", "why", "health", "rule", "y")
    assert wins.newest_first([older, found, logged]) == [logged, found, older]


def test_wins_are_grouped_by_monday() -> None:
    items = [Win(d(n), str(n), "", "other", "logged") for n in (9, 8, 6, 0)]
    grouped = wins.by_week(items)
    assert [(monday, [w.text for w in group]) for monday, group in grouped] == [
        (d(7), ["9", "8"]),
        (d(0), ["6", "0"]),
    ]


def test_calendar_has_one_square_per_day_for_53_weeks() -> None:
    today = d(100)
    frame = wins.calendar(statuses("N" * 50 + "U" + "?S"), today)
    assert frame["day"].iloc[-1] == pd.Timestamp(today)
    assert frame["day"].iloc[0].day_of_week == 0, "the calendar starts on a Monday"
    assert len(frame) == 52 * 7 + today.weekday() + 1
    assert frame["day"].is_unique
    counts = frame["status"].value_counts().to_dict()
    assert counts == {
        "no_checkin": len(frame) - 53,
        "use_free": 50,
        "use": 1,
        "unknown": 1,
        "suspected": 1,
    }
    assert set(frame["weekday"]) == set(wins.WEEKDAYS)
    assert (frame["week"] == frame["day"] - pd.to_timedelta(frame["day"].dt.day_of_week, "D")).all()


def test_calendar_of_an_empty_household_is_all_no_check_in() -> None:
    frame = wins.calendar(statuses(""), d(0))
    assert set(frame["status"]) == {"no_checkin"}
    assert wins.calendar_summary(frame) == "No check-ins in this calendar year yet."


def test_calendar_summary_lists_days_per_status() -> None:
    frame = wins.calendar(statuses("NNU?"), d(3), weeks=1)
    assert wins.calendar_summary(frame) == (
        "From 2 Mar 2026 to 5 Mar 2026, one square per day. no use seen: 2 days; "
        "use confirmed or a lapse: 1 day; don't know: 1 day."
    )


# -- all rules together -----------------------------------------------------------------------


def test_found_wins_of_an_empty_household_are_empty() -> None:
    empty = pd.DataFrame(columns=["day", "observed_use", "mood", "sleep", "attended_treatment"])
    assert wins.found_wins(empty, NO_EVENTS, pd.DataFrame(), d(0)) == []


def test_found_wins_never_come_from_the_future() -> None:
    frame = checkins("N" * 10, mood=[3] * 10, sleep=[3] * 10, attended_treatment=[True] * 10)
    found = wins.found_wins(frame, NO_EVENTS, pd.DataFrame(), d(4))
    assert found and max(w.day for w in found) <= d(4)
    assert [w.day for w in found] == sorted((w.day for w in found), reverse=True)


def _add(household: HouseholdStore, record_type: type, **values: object) -> None:
    common = {"household_id": household.id}
    if record_type is not CaregiverCheckin:
        common["loved_one_id"] = household.loved_ones()[0].id
    household.add(record_type(**common, **values))


def test_wins_board_of_an_empty_household(family: HouseholdStore) -> None:
    board = wins_board(family, d(30), family.loved_ones()[0].id)
    assert board.wins == []
    assert board.progress.runs == ()
    assert board.last_checkin_day is None


def test_wins_board_keeps_logged_and_found_wins_through_a_lapse(family: HouseholdStore) -> None:
    loved_one = family.loved_ones()[0].id
    for offset, code in enumerate("NNNUNNN"):
        _add(family, DailyCheckin, day=d(offset), observed_use=CODES[code], mood=3, sleep=3)
    _add(family, SmallWin, day=d(3), text="Told me themselves that they had used")
    _add(family, TreatmentEvent, kind="therapy_session", start_date=d(4))
    board = wins_board(family, d(6), loved_one)
    assert [run.use_free_days for run in board.progress.runs] == [3, 3]
    texts = [w.text for w in board.wins]
    assert "Told me themselves that they had used" in texts
    assert texts.count("3 use-free days in this run") == 2, "the first run's win stays"
    assert board.logged == 1 and board.found == len(board.wins) - 1
    assert board.last_checkin_day == d(6)
