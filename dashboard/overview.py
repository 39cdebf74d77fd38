"""What Home, the Wins page and the session summary say about a family, from its own records.

No scores and no predictions: counts of what the family logged, in plain words, and
wins found by the rules in dashboard.wins (each with its reason).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import wins as rules
from dashboard.boundaries import status_frame as boundary_status_frame
from dashboard.records import (
    OBSERVED_USE_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
)
from dashboard.store import HouseholdStore
from dashboard.timeline import calendar_days, plural

LATEST_WINS = 3


def for_loved_one(frame: pd.DataFrame, loved_one_id: uuid.UUID | None) -> pd.DataFrame:
    """Only the rows about one loved one (a household can support more than one)."""
    if loved_one_id is None or frame.empty or "loved_one_id" not in frame.columns:
        return frame
    return frame[frame["loved_one_id"] == loved_one_id].reset_index(drop=True)


@dataclass(frozen=True)
class WinsBoard:
    """Everything the Wins page shows: progress that survives a lapse, and every win."""

    progress: rules.Progress
    wins: list[rules.Win]  # logged and found, newest first
    statuses: pd.Series  # what was observed on each logged day
    last_checkin_day: date | None

    @property
    def found(self) -> int:
        return sum(win.source == "rule" for win in self.wins)

    @property
    def logged(self) -> int:
        return sum(win.source == "logged" for win in self.wins)


def wins_board(
    household: HouseholdStore,
    today: date,
    loved_one_id: uuid.UUID | None = None,
    boundaries: pd.DataFrame | None = None,
) -> WinsBoard:
    """Read the whole history once and apply every rule (callers cache the result).

    boundaries: a boundary status log (day, status, title); by default the household's
    own, from the Boundaries page (dashboard.boundaries.status_frame).
    """
    if boundaries is None:
        boundaries = boundary_status_frame(household, end=today, loved_one_id=loved_one_id)
    checkins = for_loved_one(household.frame(DailyCheckin, end=today), loved_one_id)
    events = for_loved_one(household.frame(TreatmentEvent), loved_one_id)
    caregiver = household.frame(CaregiverCheckin, end=today)
    logged = for_loved_one(household.frame(SmallWin, end=today), loved_one_id)
    names = {member.id: member.display_name for member in household.family_members()}
    statuses = rules.day_statuses(checkins, events)
    statuses = statuses[statuses.index <= pd.Timestamp(today)]
    found = rules.found_wins(checkins, events, caregiver, today, boundaries, names)
    every = rules.newest_first([*rules.logged_wins(logged, names), *found])
    days = calendar_days(checkins["day"])
    last = days.max().date() if not days.empty else None
    return WinsBoard(rules.progress(statuses, today), every, statuses, last)


@dataclass(frozen=True)
class HomeOverview:
    last_checkin: DailyCheckin | None
    latest_wins: list[rules.Win]
    next_planned: TreatmentEvent | None
    checkins_last_7_days: int
    current_run: rules.Run | None
    progress_sentence: str


def home_overview(
    household: HouseholdStore, today: date, loved_one_id: uuid.UUID | None = None
) -> HomeOverview:
    """The loved one's picture today: the last check-in, the run, wins and what is next."""
    planned = [
        e
        for e in household.list(TreatmentEvent, start=today)
        if e.status == "planned"
        and e.start_date >= today
        and (loved_one_id is None or e.loved_one_id == loved_one_id)
    ]
    recent = [
        c
        for c in household.list(
            DailyCheckin, start=date.fromordinal(today.toordinal() - 6), end=today
        )
        if loved_one_id is None or c.loved_one_id == loved_one_id
    ]
    board = wins_board(household, today, loved_one_id)
    last = board.last_checkin_day
    newest = [
        c
        for c in ([] if last is None else household.list(DailyCheckin, last, last))
        if loved_one_id is None or c.loved_one_id == loved_one_id
    ]
    return HomeOverview(
        last_checkin=newest[0] if newest else None,
        latest_wins=board.wins[:LATEST_WINS],
        next_planned=planned[0] if planned else None,
        checkins_last_7_days=len(recent),
        current_run=board.progress.current,
        progress_sentence=board.progress.runs_sentence(),
    )


@dataclass(frozen=True)
class PeriodSummary:
    start: date
    end: date
    checkins: int
    no_use_days: int
    use_days: int
    unknown_days: int
    attended_days: int
    therapy_sessions: int
    events: int
    wins: int
    caregiver_checkins: int
    average_stress: float | None

    def sentences(self) -> list[str]:
        """Plain sentences a family and therapist can read aloud."""
        if self.checkins + self.wins + self.events + self.caregiver_checkins == 0:
            return [f"Nothing was logged between {self.start:%d %b %Y} and {self.end:%d %b %Y}."]
        lines = [
            f"From {self.start:%d %b %Y} to {self.end:%d %b %Y}: "
            f"{plural(self.checkins, 'daily check-in')}.",
            f"{OBSERVED_USE_LABELS['none']} on {self.no_use_days} of them; use suspected or "
            f"confirmed on {self.use_days}; not known on {self.unknown_days}.",
            f"Treatment attended on {plural(self.attended_days, 'day')}; "
            f"{plural(self.therapy_sessions, 'therapy session')} on the timeline.",
            f"{plural(self.wins, 'small win')} logged.",
        ]
        if self.average_stress is not None:
            lines.append(
                f"Caregiver check-ins: {self.caregiver_checkins}, average stress "
                f"{self.average_stress:.1f} out of 10."
            )
        return lines


def period_summary(
    household: HouseholdStore, start: date, end: date, loved_one_id: uuid.UUID | None = None
) -> PeriodSummary:
    """What was logged between two dates, about one loved one when given (else everyone)."""
    checkins = for_loved_one(household.frame(DailyCheckin, start, end), loved_one_id)
    events = for_loved_one(household.frame(TreatmentEvent, start, end), loved_one_id)
    wins = for_loved_one(household.frame(SmallWin, start, end), loved_one_id)
    caregiver = household.frame(CaregiverCheckin, start, end)
    use = checkins["observed_use"] if not checkins.empty else pd.Series(dtype=str)
    sessions = events[(events["kind"] == "therapy_session") & (events["status"] == "actual")]
    return PeriodSummary(
        start=start,
        end=end,
        checkins=len(checkins),
        no_use_days=int((use == "none").sum()),
        use_days=int(use.isin(["suspected", "confirmed"]).sum()),
        unknown_days=int((use == "unknown").sum()),
        attended_days=int(checkins["attended_treatment"].sum()) if not checkins.empty else 0,
        therapy_sessions=len(sessions),
        events=len(events),
        wins=len(wins),
        caregiver_checkins=len(caregiver),
        average_stress=float(caregiver["stress"].mean()) if not caregiver.empty else None,
    )
