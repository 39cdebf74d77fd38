"""The Self-care page: the caregiver's own stress, sleep and self-care over time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from dashboard import charts
from dashboard.records import CaregiverCheckin
from dashboard.rules import timeline as tl
from dashboard.rules import trends
from dashboard.rules import wins as rules
from dashboard.store import HouseholdStore
from dashboard.views import cached, figure_dict

RECENT_CHECKINS = 14
SELF_CARE_WINS_SHOWN = 3


@dataclass(frozen=True)
class SelfCareView:
    checkins: int
    figure: dict | None = None
    summary: str = ""
    wins: tuple[rules.Win, ...] = ()
    recent: int = 0
    recent_stress: float = 0.0
    recent_self_care: int = 0


@cached
def self_care_view(
    household: HouseholdStore,
    member_id: uuid.UUID,
    today: date,
    preset: str,
    width: int | None = None,
) -> SelfCareView:
    """One family member's own check-ins: each person sees only their own."""
    frame = household.frame(CaregiverCheckin, end=today)
    mine = frame[frame["family_member_id"] == member_id]
    if mine.empty:
        return SelfCareView(checkins=0)
    days = tl.calendar_days(mine["day"])
    window = tl.window_for(preset, today, days.min().date())
    names = {m.id: m.display_name for m in household.family_members()}
    recent = mine.assign(day=days).sort_values("day", ascending=False).head(RECENT_CHECKINS)
    return SelfCareView(
        checkins=len(mine),
        figure=figure_dict(charts.caregiver_stress(mine, window, width)),
        summary=trends.stress_summary(mine, window),
        wins=tuple(rules.newest_first(rules.self_care_wins(mine, names))[:SELF_CARE_WINS_SHOWN]),
        recent=len(recent),
        recent_stress=float(recent["stress"].mean()),
        recent_self_care=int(recent["self_care_done"].astype(bool).sum()),
    )
