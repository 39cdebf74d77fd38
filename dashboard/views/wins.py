"""The Wins page: progress that survives a lapse, and every win with its reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.records import CaregiverCheckin, DailyCheckin, SmallWin, TreatmentEvent
from dashboard.rules import wins as rules
from dashboard.rules.timeline import calendar_days
from dashboard.store import HouseholdStore
from dashboard.text import day_text, plural
from dashboard.views import cached, figure_dict
from dashboard.views.boundaries import status_frame

RUNS_SHOWN = 12


@dataclass(frozen=True)
class WinsBoard:
    """Everything the Wins page shows: progress that survives a lapse, and every win."""

    progress: rules.Progress
    wins: list[rules.Win]  # logged and found, newest first
    statuses: pd.Series  # what was observed on each logged day
    checkin_days: pd.Series  # the calendar day of every check-in, oldest first
    last_checkin_day: date | None

    @property
    def found(self) -> int:
        return sum(win.source == "rule" for win in self.wins)

    @property
    def logged(self) -> int:
        return sum(win.source == "logged" for win in self.wins)


@cached
def wins_board(
    household: HouseholdStore,
    today: date,
    loved_one_id: uuid.UUID | None = None,
    boundaries: pd.DataFrame | None = None,
) -> WinsBoard:
    """Read the whole history once and apply every rule; cached per data version.

    boundaries: a boundary status log (day, status, title); by default the household's
    own, from the Boundaries page (dashboard.views.boundaries.status_frame).
    """
    if boundaries is None:
        boundaries = status_frame(household, end=today, loved_one_id=loved_one_id)
    checkins = household.frame(DailyCheckin, end=today, loved_one_id=loved_one_id)
    events = household.frame(TreatmentEvent, loved_one_id=loved_one_id)
    caregiver = household.frame(CaregiverCheckin, end=today)
    logged = household.frame(SmallWin, end=today, loved_one_id=loved_one_id)
    names = {member.id: member.display_name for member in household.family_members()}
    statuses = rules.day_statuses(checkins, events)
    statuses = statuses[statuses.index <= pd.Timestamp(today)]
    found = rules.found_wins(checkins, events, caregiver, today, boundaries, names)
    every = rules.newest_first([*rules.logged_wins(logged, names), *found])
    days = calendar_days(checkins["day"])
    last = days.max().date() if not days.empty else None
    return WinsBoard(rules.progress(statuses, today), every, statuses, days, last)


@dataclass(frozen=True)
class WinsView:
    """What the Wins page draws: a page of wins, the year calendar and the runs so far."""

    progress: rules.Progress
    wins: tuple[rules.Win, ...]
    total: int
    found: int
    logged: int
    calendar: dict | None
    calendar_summary: str
    runs: tuple[str, ...]
    runs_total: int


@cached
def wins_view(
    household: HouseholdStore,
    loved_one_id: uuid.UUID,
    today: date,
    shown: int,
    width: int | None = None,
) -> WinsView:
    """The newest `shown` wins, and the rest of the page, read once per data version."""
    from dashboard import charts

    board = wins_board(household, today, loved_one_id)
    days = rules.calendar(board.statuses, today)
    runs = list(reversed(board.progress.runs))[:RUNS_SHOWN]
    return WinsView(
        progress=board.progress,
        wins=tuple(board.wins[:shown]),
        total=len(board.wins),
        found=board.found,
        logged=board.logged,
        calendar=figure_dict(charts.wins_calendar(days, width=width))
        if len(board.statuses)
        else None,
        calendar_summary=rules.calendar_summary(days),
        runs=tuple(
            f"{day_text(r.start)} to {day_text(r.last)}: "
            f"{plural(r.use_free_days, 'use-free day')}"
            + (f", ended by use on {day_text(r.ended_on)}" if r.ended_on else ", still going")
            for r in runs
        ),
        runs_total=len(board.progress.runs),
    )
