"""What Home and the session summary say about a family, from its own records only.

No scores and no predictions: counts of what the family logged, in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.records import (
    OBSERVED_USE_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    SmallWin,
    TreatmentEvent,
)
from dashboard.store import HouseholdStore


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class HomeOverview:
    last_checkin: DailyCheckin | None
    latest_wins: list[SmallWin]
    next_planned: TreatmentEvent | None
    checkins_last_7_days: int


def home_overview(household: HouseholdStore, today: date) -> HomeOverview:
    planned = [
        e
        for e in household.list(TreatmentEvent, start=today)
        if e.status == "planned" and e.start_date >= today
    ]
    recent = household.list(DailyCheckin, start=date.fromordinal(today.toordinal() - 6), end=today)
    return HomeOverview(
        last_checkin=household.latest_checkin_values(),
        latest_wins=household.newest(SmallWin, 3),
        next_planned=planned[0] if planned else None,
        checkins_last_7_days=len(recent),
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


def period_summary(household: HouseholdStore, start: date, end: date) -> PeriodSummary:
    checkins = household.frame(DailyCheckin, start, end)
    events = household.frame(TreatmentEvent, start, end)
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
        wins=len(household.list(SmallWin, start, end)),
        caregiver_checkins=len(caregiver),
        average_stress=float(caregiver["stress"].mean()) if not caregiver.empty else None,
    )
