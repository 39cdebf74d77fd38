"""CRAFT in practice: the response log's patterns, the invitation planner, sober activities.

Counts in plain words, never scores: "when you saw no use, you rewarded it 4 of 5
times" helps a family see what they are doing; it does not grade them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.content import InvitationGuide, invitation_guide
from dashboard.records import (
    INVITATION_OUTCOME_LABELS,
    RESPONSE_ACTION_LABELS,
    RESPONSE_SAW_LABELS,
    ActivityOccasion,
    CraftResponse,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
)
from dashboard.rules.boundaries import BoundaryRecords, period_lines, times, within
from dashboard.text import day_text, join_words

PATTERN_COLUMNS = [
    "month",
    "responses",
    "rewarded_non_use",
    "stepped_away",
    "natural_consequence",
    "held_boundary",
    "other",
]


def _how_often(when: str, did: str, did_not: str, count: int, total: int) -> str:
    """'When you saw use, you stepped away 2 of 3 times.' in words that read naturally."""
    if count == 0:
        often = "that time" if total == 1 else f"any of the {total} times"
        return f"When you saw {when}, you did not {did_not} {often}."
    if count == total:
        often = {1: "", 2: " both times"}.get(total, f" all {total} times")
        return f"When you saw {when}, you {did}{often}."
    return f"When you saw {when}, you {did} {count} of {total} times."


@dataclass(frozen=True)
class ResponseSummary:
    """What the response log shows for a span of days: counts, in words."""

    total: int
    saw: dict[str, int]
    did: dict[str, int]
    rewarded_when_not_using: int
    stepped_away_when_using: int
    first_day: date | None
    last_day: date | None

    def sentences(self) -> list[str]:
        if self.total == 0:
            return ["No responses logged yet."]
        noun = "response" if self.total == 1 else "responses"
        lines = [
            f"{self.total} {noun} logged, from {day_text(self.first_day)} "
            f"to {day_text(self.last_day)}."
        ]
        seen = [
            f"{phrase} {times(self.saw[key])}"
            for key, phrase in (("not_using", "no use"), ("using", "use"))
            if self.saw[key]
        ]
        if seen:
            lines.append("You saw " + join_words(seen) + ".")
        if self.saw["cant_tell"]:
            lines.append(f"You couldn't tell {times(self.saw['cant_tell'])}.")
        if self.saw["not_using"]:
            lines.append(
                _how_often(
                    "no use",
                    "rewarded it",
                    "reward it",
                    self.rewarded_when_not_using,
                    self.saw["not_using"],
                )
            )
        if self.saw["using"]:
            lines.append(
                _how_often(
                    "use",
                    "stepped away",
                    "step away",
                    self.stepped_away_when_using,
                    self.saw["using"],
                )
            )
        others = [
            f"{RESPONSE_ACTION_LABELS[key].lower()} {times(self.did[key])}"
            for key in ("natural_consequence", "held_boundary")
            if self.did[key]
        ]
        if others:
            text = join_words(others)
            lines.append(text[0].upper() + text[1:] + ".")
        return lines


def summarise_responses(
    responses: Iterable[CraftResponse], start: date | None = None, end: date | None = None
) -> ResponseSummary:
    """Patterns in the response log between two dates (inclusive)."""
    chosen = [r for r in responses if within(r.day, start, end)]
    saw = Counter(r.saw for r in chosen)
    did = Counter(r.did for r in chosen)
    pairs = Counter((r.saw, r.did) for r in chosen)
    days = [r.day for r in chosen]
    return ResponseSummary(
        total=len(chosen),
        saw={key: saw.get(key, 0) for key in RESPONSE_SAW_LABELS},
        did={key: did.get(key, 0) for key in RESPONSE_ACTION_LABELS},
        rewarded_when_not_using=pairs[("not_using", "rewarded_non_use")],
        stepped_away_when_using=pairs[("using", "stepped_away")],
        first_day=min(days, default=None),
        last_day=max(days, default=None),
    )


def monthly_pattern(responses: Iterable[CraftResponse]) -> pd.DataFrame:
    """One row per month with responses: how many, and what was done (for a small table)."""
    rows: dict[str, Counter] = {}
    for response in sorted(responses, key=lambda r: r.day):
        month = f"{response.day:%Y-%m}"
        rows.setdefault(month, Counter())[response.did] += 1
    frame = pd.DataFrame(
        [
            [month, sum(counts.values()), *(counts.get(k, 0) for k in RESPONSE_ACTION_LABELS)]
            for month, counts in rows.items()
        ],
        columns=PATTERN_COLUMNS,
    )
    return frame.astype({column: "int64" for column in PATTERN_COLUMNS[1:]})


def response_line(response: CraftResponse) -> str:
    """One plain line for a list of responses."""
    saw = RESPONSE_SAW_LABELS[response.saw]
    did = RESPONSE_ACTION_LABELS[response.did]
    return f"{day_text(response.day)} · saw: {saw} · did: {did}"


# -- treatment invitation ----------------------------------------------------------------


@dataclass(frozen=True)
class ReadyItem:
    label: str
    done: bool


def invitation_checklist(
    invitation: TreatmentInvitation | None, options: Sequence[TreatmentOption]
) -> list[ReadyItem]:
    """What is ready for the invitation. A checklist of steps, not a readiness score."""
    return [
        ReadyItem(
            "A programme is lined up, with a phone number",
            any(o.name and o.phone for o in options),
        ),
        ReadyItem(
            "You have noticed a sign of a window of opportunity",
            invitation is not None and bool(invitation.sign_ids),
        ),
        ReadyItem("Your words are written down", invitation is not None and bool(invitation.words)),
        ReadyItem(
            "You know what you will do if the answer is no",
            invitation is not None and bool(invitation.if_no),
        ),
    ]


def invitation_lines(
    invitations: Iterable[TreatmentInvitation],
    guide: InvitationGuide,
    start: date | None = None,
    end: date | None = None,
) -> list[str]:
    """Invitations asked in the range, with the signs seen and the answer, in plain words."""
    lines = []
    for invitation in sorted(invitations, key=lambda i: (i.asked_on or date.max, i.plan_date)):
        if invitation.asked_on is None or not within(invitation.asked_on, start, end):
            continue
        signs = ", ".join(guide.sign_label(s).lower() for s in invitation.sign_ids)
        text = f"Invited to treatment on {day_text(invitation.asked_on)}: "
        text += INVITATION_OUTCOME_LABELS[invitation.outcome].lower() + "."
        if signs:
            text += f" Signs of a window: {signs}."
        lines.append(text)
    return lines


# -- sober activities map ----------------------------------------------------------------


@dataclass(frozen=True)
class ActivityView:
    """One activity on the map: how often it was done together, and what is next."""

    activity: SoberActivity
    occasions: tuple[ActivityOccasion, ...]
    today: date

    @property
    def done(self) -> int:
        return sum(o.status == "done" for o in self.occasions)

    @property
    def last_done(self) -> date | None:
        return max((o.day for o in self.occasions if o.status == "done"), default=None)

    @property
    def next_planned(self) -> date | None:
        upcoming = [o.day for o in self.occasions if o.status == "planned" and o.day >= self.today]
        return min(upcoming, default=None)

    def summary(self) -> str:
        parts = [f"Done together {times(self.done)}" if self.done else "Not done together yet"]
        if self.last_done:
            parts.append(f"last on {day_text(self.last_done)}")
        if self.next_planned:
            parts.append(f"next planned for {day_text(self.next_planned)}")
        return ", ".join(parts) + "."


def activity_map(
    activities: Iterable[SoberActivity], occasions: Iterable[ActivityOccasion], today: date
) -> list[ActivityView]:
    """Active activities first; soonest planned first, then the rest by name."""
    occasions = list(occasions)
    views = [
        ActivityView(
            activity,
            tuple(sorted((o for o in occasions if o.activity_id == activity.id), key=_day)),
            today,
        )
        for activity in activities
    ]
    return sorted(
        views,
        key=lambda v: (v.activity.archived, v.next_planned or date.max, v.activity.title.lower()),
    )


def _day(occasion: ActivityOccasion) -> tuple[date, object]:
    return occasion.day, occasion.created_at


def activity_lines(
    activities: Iterable[SoberActivity],
    occasions: Iterable[ActivityOccasion],
    start: date,
    end: date,
) -> list[str]:
    """Session-summary line: sober activities done together in the range."""
    names = {a.id: a.title for a in activities}
    done = Counter(
        names[o.activity_id]
        for o in occasions
        if o.status == "done" and within(o.day, start, end) and o.activity_id in names
    )
    if not done:
        return []
    listed = "; ".join(f"{name} ({times(count)})" for name, count in done.most_common())
    return [f"Sober activities done together: {listed}."]


# -- session summary ----------------------------------------------------------------------


def session_lines(records: BoundaryRecords, start: date, end: date) -> list[str]:
    """Boundaries and CRAFT for a session summary or report: plain sentences, no scores."""
    responses = summarise_responses(records.responses, start, end)
    return [
        *period_lines(records, start, end),
        *(
            responses.sentences()
            if responses.total
            else ["Responses (CRAFT in practice): none logged between these dates."]
        ),
        *invitation_lines(records.invitations, invitation_guide(), start, end),
        *activity_lines(records.activities, records.occasions, start, end),
    ]
