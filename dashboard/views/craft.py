"""The CRAFT skills page: patterns in the response log, built once per data version."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.rules.craft import (
    ResponseSummary,
    monthly_pattern,
    response_line,
    summarise_responses,
)
from dashboard.store import HouseholdStore
from dashboard.views import cached
from dashboard.views.boundaries import boundary_records

RECENT_RESPONSES = 20


@dataclass(frozen=True)
class ResponsePatterns:
    """What the response log's patterns show: counts, month by month, and the newest."""

    total: int  # every response logged, whatever the dates
    summary: ResponseSummary  # the chosen dates only
    monthly: pd.DataFrame
    recent: tuple[str, ...]  # the newest responses, each as plain lines of text


@cached
def response_patterns(
    household: HouseholdStore, loved_one_id: uuid.UUID, start: date | None, end: date
) -> ResponsePatterns:
    """Patterns in one loved one's response log: counts, never a score."""
    responses = boundary_records(household, loved_one_id).responses
    newest = sorted(responses, key=lambda r: (r.day, r.created_at), reverse=True)
    recent = []
    for response in newest[:RECENT_RESPONSES]:
        lines = [response_line(response)]
        for label, value in (
            ("What I did", response.what_i_did),
            ("What happened next", response.what_happened),
            ("How I felt", response.how_i_felt),
        ):
            if value:
                lines.append(f"{label}: {value}")
        recent.append("\n".join(lines))
    return ResponsePatterns(
        total=len(responses),
        summary=summarise_responses(responses, start, end),
        monthly=monthly_pattern(responses),
        recent=tuple(recent),
    )
