"""The Session summary: what was logged between two dates, for a family and its therapist.

No scores and no predictions: counts of what the family logged, in plain words.
"""

from __future__ import annotations

import uuid
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
from dashboard.rules.craft import session_lines
from dashboard.store import HouseholdStore
from dashboard.text import day_text, plural
from dashboard.views import cached
from dashboard.views.boundaries import boundary_records


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
            return [f"Nothing was logged between {day_text(self.start)} and {day_text(self.end)}."]
        lines = [
            f"From {day_text(self.start)} to {day_text(self.end)}: "
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


@cached
def period_summary(
    household: HouseholdStore, start: date, end: date, loved_one_id: uuid.UUID | None = None
) -> PeriodSummary:
    """What was logged between two dates, about one loved one when given (else everyone)."""
    checkins = household.frame(DailyCheckin, start, end, loved_one_id)
    events = household.frame(TreatmentEvent, start, end, loved_one_id)
    wins = household.frame(SmallWin, start, end, loved_one_id)
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


@cached
def boundary_and_craft_lines(
    household: HouseholdStore, start: date, end: date, loved_one_id: uuid.UUID | None = None
) -> tuple[str, ...]:
    """Boundaries and CRAFT between two dates, as plain sentences."""
    return tuple(session_lines(boundary_records(household, loved_one_id), start, end))
