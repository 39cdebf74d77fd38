"""Home: the loved one's picture today, from the family's own records.

No scores and no predictions: the last check-in, the current run, the latest wins and
what is planned next.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.records import DailyCheckin, TreatmentEvent
from dashboard.rules import wins as rules
from dashboard.store import HouseholdStore
from dashboard.views import cached
from dashboard.views.wins import wins_board

LATEST_WINS = 3


@dataclass(frozen=True)
class HomeOverview:
    last_checkin: DailyCheckin | None
    latest_wins: list[rules.Win]
    next_planned: TreatmentEvent | None
    checkins_last_7_days: int
    current_run: rules.Run | None
    progress_sentence: str


@cached
def home_overview(
    household: HouseholdStore, today: date, loved_one_id: uuid.UUID | None = None
) -> HomeOverview:
    """The loved one's picture today: the last check-in, the run, wins and what is next."""
    planned = [
        e
        for e in household.list(TreatmentEvent, start=today, loved_one_id=loved_one_id)
        if e.status == "planned"
    ]
    board = wins_board(household, today, loved_one_id)
    week_ago = pd.Timestamp(today - timedelta(days=6))
    recent = int((board.checkin_days >= week_ago).sum())
    last = board.last_checkin_day
    newest = [] if last is None else household.list(DailyCheckin, last, last, loved_one_id)
    return HomeOverview(
        last_checkin=newest[0] if newest else None,
        latest_wins=board.wins[:LATEST_WINS],
        next_planned=planned[0] if planned else None,
        checkins_last_7_days=recent,
        current_run=board.progress.current,
        progress_sentence=board.progress.runs_sentence(),
    )
