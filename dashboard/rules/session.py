"""Rules of the therapy session report: counts, comparisons and items to talk about.

Pure: DataFrames and records in, values out. Each item is read on its own, with its dates,
as the Brief Addiction Monitor asks; nothing is added up into a score, and nothing
predicts. Suggested questions come from these rules with wording from
data/reports/session_report.yaml, each quoting the reason that brought it up.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from dashboard.content import ReportWording
from dashboard.records import BOUNDARY_STATUS_LABELS, RELATIONSHIP_LABELS, SessionQuestion
from dashboard.rules.timeline import calendar_days
from dashboard.rules.trends import METRICS, STEADY_SHARE
from dashboard.rules.wins import day_statuses
from dashboard.text import day_text, join_words, plural

# Without a therapy session on the timeline, a report looks back this many days.
DEFAULT_DAYS = 28
# A comparison needs at least this many values on each side.
COMPARE_MIN_VALUES = 3
# Dates listed in one sentence before "and N more".
DATES_SHOWN = 6


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.start - date.min <= timedelta(days=self.days):  # nothing before the calendar
            return Period(date.min, date.min)
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def span(self) -> str:
        """'2 weeks', '10 days', '1 day': the length, for sentences."""
        if self.days % 7 == 0 and self.days >= 14:
            return plural(self.days // 7, "week")
        return plural(self.days, "day")

    def text(self) -> str:
        return f"{day_text(self.start)} to {day_text(self.end)}"

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def _days(values: pd.Series | Iterable) -> list[date]:
    series = calendar_days(pd.Series(list(values)) if not isinstance(values, pd.Series) else values)
    return sorted({d.date() for d in series})


def in_period(frame: pd.DataFrame, period: Period, column: str = "day") -> pd.DataFrame:
    """The rows dated inside the period (inclusive)."""
    return _in(frame, period, column)


def _in(frame: pd.DataFrame, period: Period, column: str = "day") -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[] if frame is None else frame.columns)
    days = calendar_days(frame[column])
    keep = (days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))
    return frame[keep.to_numpy()]


def dates_text(days: Iterable[date]) -> str:
    """'3 Nov, 5 Nov and 9 Nov 2026', shortened after DATES_SHOWN dates."""
    ordered = sorted(set(days))
    shown = [day_text(d) for d in ordered[:DATES_SHOWN]]
    if len(ordered) > DATES_SHOWN:
        shown.append(f"{len(ordered) - DATES_SHOWN} more")
    return join_words(shown)


# -- the range ---------------------------------------------------------------------------


def therapy_days(events: pd.DataFrame) -> list[date]:
    """Days of therapy sessions that happened (status actual), oldest first."""
    if events is None or events.empty:
        return []
    rows = events[(events["kind"] == "therapy_session") & (events["status"] == "actual")]
    return _days(rows["start_date"])


def default_period(events: pd.DataFrame, today: date) -> Period:
    """From the day after the last therapy session before today, to today.

    A session logged for today is the one the report is for, so the range runs from the
    session before it. With no earlier session, the last DEFAULT_DAYS days.
    """
    earlier = [day for day in therapy_days(events) if day < today]
    if earlier:
        return Period(earlier[-1] + timedelta(days=1), today)
    return Period(today - timedelta(days=DEFAULT_DAYS - 1), today)


# -- at a glance -------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendance:
    """Days treatment was attended, each counted once, whichever record shows it."""

    marked_only: int  # a check-in said "attended", no session on the timeline that day
    session_only: int  # a therapy session on the timeline, no check-in said so
    both: int

    @property
    def total(self) -> int:
        return self.marked_only + self.session_only + self.both

    def sentence(self) -> str:
        """One count, then where it comes from: the parts always add up to the count."""
        if self.total == 0:
            return (
                "No treatment attendance was logged: no check-in was marked \u201cattended\u201d "
                "and no therapy session is on the timeline."
            )
        parts = []
        if self.marked_only:
            parts.append(
                f"{plural(self.marked_only, 'day')} from check-ins marked \u201cattended\u201d"
            )
        if self.session_only:
            parts.append(
                f"{plural(self.session_only, 'day')} from therapy sessions on the timeline"
            )
        if self.both:
            parts.append(f"{plural(self.both, 'day')} shown by both")
        return f"Treatment attended on {plural(self.total, 'day')}: {join_words(parts)}."


def attendance(checkins: pd.DataFrame, events: pd.DataFrame, period: Period) -> Attendance:
    """The union of days marked "attended" and days with a therapy session, counted once."""
    inside = _in(checkins, period)
    marked: set[date] = set()
    if not inside.empty:
        went = inside[inside["attended_treatment"].fillna(False).astype(bool)]
        marked = set(_days(went["day"]))
    sessions = {day for day in therapy_days(events) if period.holds(day)}
    return Attendance(len(marked - sessions), len(sessions - marked), len(marked & sessions))


ATTENDANCE_SOURCES: dict[str, str] = {
    "marked": "Check-in marked \u201cattended\u201d",
    "session": "Therapy session on the timeline",
    "both": "Both",
}


def attendance_days(checkins: pd.DataFrame, events: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One row per day treatment was attended (day, source), each day once, for a chart."""
    inside = _in(checkins, period)
    marked: set[date] = set()
    if not inside.empty:
        marked = set(_days(inside[inside["attended_treatment"].fillna(False).astype(bool)]["day"]))
    sessions = {day for day in therapy_days(events) if period.holds(day)}
    rows = [
        (
            pd.Timestamp(day),
            "both"
            if day in marked and day in sessions
            else ("marked" if day in marked else "session"),
        )
        for day in sorted(marked | sessions)
    ]
    return pd.DataFrame(rows, columns=["day", "source"])


@dataclass(frozen=True)
class Comparison:
    """A metric's average in the period against the period of the same length before it."""

    key: str
    recent: float | None
    before: float | None
    values: int
    direction: str  # "up", "down", "steady", or "" when there is too little to compare

    def sentence(self, period: Period) -> str:
        metric = METRICS[self.key]
        name = metric.label
        if self.recent is None:
            return f"{name}: nothing logged in these dates."
        text = f"{name} averaged {self.recent:.1f} {metric.scale} ({plural(self.values, 'day')})"
        if not self.direction:
            return text + f"; too few days logged in the {period.span()} before to compare."
        before = f"{self.recent:.1f} vs {self.before:.1f}"
        if self.direction == "steady":
            return text + f", about the same as the {period.span()} before ({before})."
        word = "higher" if self.direction == "up" else "lower"
        return text + f", {word} than the {period.span()} before ({before})."


def compare(frame: pd.DataFrame, column: str, period: Period) -> Comparison:
    """Average of `column` in the period vs the previous period of the same length."""
    metric = METRICS[column]
    now = _values(frame, column, period)
    then = _values(frame, column, period.previous())
    if now.empty:
        return Comparison(column, None, None, 0, "")
    recent = float(now.mean())
    if len(now) < COMPARE_MIN_VALUES or len(then) < COMPARE_MIN_VALUES:
        return Comparison(column, recent, None, len(now), "")
    before = float(then.mean())
    steady = STEADY_SHARE * (metric.high - metric.low)
    direction = "steady" if abs(recent - before) < steady else ("up" if recent > before else "down")
    return Comparison(column, recent, before, len(now), direction)


def _values(frame: pd.DataFrame, column: str, period: Period) -> pd.Series:
    inside = _in(frame, period)
    if inside.empty or column not in inside:
        return pd.Series(dtype=float)
    return pd.to_numeric(inside[column], errors="coerce").dropna().astype(float)


@dataclass(frozen=True)
class UseFree:
    """Use-free days and the runs in the period. A lapse ends a run and never erases it."""

    checkins: int
    use_free_days: int
    runs: tuple[str, ...]


def use_free(checkins: pd.DataFrame, events: pd.DataFrame, period: Period) -> UseFree:
    from dashboard.rules.wins import runs

    inside = _in(checkins, period)
    lapses = _in(events, period, "start_date") if events is not None else None
    statuses = day_statuses(inside, lapses)
    statuses = statuses[
        (statuses.index >= pd.Timestamp(period.start))
        & (statuses.index <= pd.Timestamp(period.end))
    ]
    lines = []
    for run in runs(statuses):
        end = (
            f", ended by use on {day_text(run.ended_on)}"
            if run.ended_on
            else ", still going at the end of these dates"
        )
        lines.append(
            f"{day_text(run.start)} to {day_text(run.last)}: "
            f"{plural(run.use_free_days, 'use-free day')}{end}"
        )
    return UseFree(len(inside), int((statuses == "use_free").sum()), tuple(lines))


def caregiver_lines(caregiver: pd.DataFrame, period: Period, names: dict) -> list[str]:
    """Each family member's own stress and self-care in the period."""
    inside = _in(caregiver, period)
    if inside.empty:
        return ["No caregiver check-ins in these dates."]
    lines = []
    for member_id, rows in inside.groupby("family_member_id", sort=False):
        done = int(rows["self_care_done"].fillna(False).astype(bool).sum())
        who = names.get(member_id, "A family member")
        lines.append(
            f"{who}: {plural(len(rows), 'check-in')}, stress averaged "
            f"{rows['stress'].mean():.1f} out of 10, did something for themselves on "
            f"{plural(done, 'day')}."
        )
    return lines


def craving_line(checkins: pd.DataFrame, period: Period, name: str) -> str:
    """Craving only ever as what the loved one chose to share."""
    found = compare(checkins, "craving", period)
    if found.recent is None:
        return f"Craving: {name} shared none in these dates (it is only ever shown when shared)."
    return f"Craving, when {name} shared it: " + found.sentence(period)[len("Craving ") :]


# -- things to talk about ----------------------------------------------------------------


@dataclass(frozen=True)
class TalkItem:
    """One thing to talk about: what kind, its dates, and plain lines. Never a score."""

    key: str
    heading: str
    days: tuple[date, ...]
    lines: tuple[str, ...]


def lapse_item(
    checkins: pd.DataFrame, events: pd.DataFrame, period: Period, wording: ReportWording
) -> TalkItem | None:
    inside = _in(checkins, period)
    confirmed = _days(inside[inside["observed_use"] == "confirmed"]["day"]) if len(inside) else []
    lapses = _in(events, period, "start_date")
    if len(lapses):
        lapses = lapses[(lapses["kind"] == "lapse") & (lapses["status"] == "actual")]
    lines = []
    if confirmed:
        lines.append(f"Use confirmed in a check-in on {dates_text(confirmed)}.")
    for _, row in lapses.iterrows() if len(lapses) else ():
        title = str(row["title"] or "Lapse")
        lines.append(f"{day_text(pd.Timestamp(row['start_date']).date())}: {title} (timeline).")
    days = sorted({*confirmed, *_days(lapses["start_date"] if len(lapses) else [])})
    if not days:
        return None
    return TalkItem("lapses", wording.talk_about["lapses"], tuple(days), tuple(lines))


def urinary_item(checkins: pd.DataFrame, period: Period, wording: ReportWording) -> TalkItem | None:
    inside = _in(checkins, period)
    if inside.empty:
        return None
    days = _days(inside[inside["urinary_symptoms"].fillna(False).astype(bool)]["day"])
    if not days:
        return None
    line = f"Noted on {plural(len(days), 'day')}: {dates_text(days)}."
    return TalkItem("urinary", wording.talk_about["urinary"], tuple(days), (line,))


def warning_sign_item(
    ticks: pd.DataFrame, labels: dict[str, str], period: Period, wording: ReportWording
) -> TalkItem | None:
    inside = _in(ticks, period)
    if inside.empty:
        return None
    lines = []
    days = []
    for day, rows in inside.groupby(calendar_days(inside["day"]).to_numpy()):
        signs = [labels.get(s, s) for s in rows["sign_id"]]
        days.append(pd.Timestamp(day).date())
        lines.append(f"{day_text(days[-1])}: {join_words(signs)}.")
    return TalkItem("warning_signs", wording.talk_about["warning_signs"], tuple(days), tuple(lines))


@dataclass(frozen=True)
class BoundaryEvent:
    """A status entry of a boundary plan, with its note only when shared."""

    day: date
    status: str
    boundary: str
    note: str  # empty unless the family ticked "share in reports"


def boundary_item(
    changes: Iterable[BoundaryEvent], period: Period, wording: ReportWording
) -> TalkItem | None:
    chosen = sorted(
        (c for c in changes if c.status in ("tested", "crossed") and period.holds(c.day)),
        key=lambda c: c.day,
    )
    if not chosen:
        return None
    lines = []
    for change in chosen:
        line = (
            f"{day_text(change.day)}: {BOUNDARY_STATUS_LABELS[change.status].lower()}, "
            f"\u201c{change.boundary}\u201d."
        )
        if change.note:
            line += f" What happened: {change.note}"
        lines.append(line)
    return TalkItem(
        "boundaries",
        wording.talk_about["boundaries"],
        tuple(sorted({c.day for c in chosen})),
        tuple(lines),
    )


def high_stress_weeks(
    caregiver: pd.DataFrame, period: Period, level: int
) -> list[tuple[date, float, int]]:
    """(Monday, average stress, check-ins) for each week whose average reached `level`."""
    inside = _in(caregiver, period)
    if inside.empty:
        return []
    days = calendar_days(inside["day"])
    weeks = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).to_numpy()
    grouped = pd.to_numeric(inside["stress"]).groupby(weeks)
    return [
        (pd.Timestamp(week).date(), float(mean), int(count))
        for (week, mean), count in zip(grouped.mean().items(), grouped.count(), strict=True)
        if mean >= level
    ]


def stress_item(caregiver: pd.DataFrame, period: Period, wording: ReportWording) -> TalkItem | None:
    weeks = high_stress_weeks(caregiver, period, wording.high_stress)
    if not weeks:
        return None
    lines = tuple(
        f"Week of {day_text(week)}: stress averaged {mean:.1f} out of 10 "
        f"({plural(count, 'check-in')})."
        for week, mean, count in weeks
    )
    return TalkItem("stress", wording.talk_about["stress"], tuple(w for w, _, _ in weeks), lines)


# -- questions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggested:
    """A suggested question, with the reason from the log that brought it up."""

    id: str
    reason: str
    ask: str

    @property
    def text(self) -> str:
        return f"{self.reason} {self.ask}"


def suggestions(
    items: Iterable[TalkItem],
    comparisons: dict[str, Comparison],
    attended: Attendance,
    period: Period,
    wording: ReportWording,
) -> list[Suggested]:
    """Questions for the care team drawn from the report's own items, each with its reason."""
    found: list[Suggested] = []

    def add(rule: str, **values: object) -> None:
        words = wording.suggestion(rule)
        found.append(Suggested(rule, words.reason.format(**values), words.ask))

    by_key = {item.key: item for item in items}
    if "urinary" in by_key:
        add("urinary", count=plural(len(by_key["urinary"].days), "day"))
    if "lapses" in by_key:
        days = by_key["lapses"].days
        add("lapse", count=plural(len(days), "day"), dates=dates_text(days))
    for key, rule, bad in (
        ("sleep", "sleep_lower", "down"),
        ("mood", "mood_lower", "down"),
        ("craving", "craving_higher", "up"),
    ):
        found_change = comparisons.get(key)
        if found_change is not None and found_change.direction == bad:
            add(
                rule,
                before_span=period.span(),
                recent=f"{found_change.recent:.1f}",
                before=f"{found_change.before:.1f}",
            )
    if "warning_signs" in by_key:
        days = by_key["warning_signs"].days
        add("warning_signs", count=plural(len(days), "day"), dates=dates_text(days))
    if "boundaries" in by_key:
        crossed = [line for line in by_key["boundaries"].lines if ": crossed," in line]
        if crossed:
            days = [d for d in by_key["boundaries"].days]
            add("boundary_crossed", count=plural(len(crossed), "occasion"), dates=dates_text(days))
    if "stress" in by_key:
        add(
            "high_stress",
            level=wording.high_stress,
            count=plural(len(by_key["stress"].days), "week"),
        )
    if attended.total == 0 and period.days >= 7:
        add("no_attendance", span=plural(period.days, "day"))
    return found


def questions_for(questions: Iterable[SessionQuestion], period: Period) -> list[SessionQuestion]:
    """The family's questions saved with a range that overlaps this one, oldest first."""
    return sorted(
        (q for q in questions if q.range_start <= period.end and q.range_end >= period.start),
        key=lambda q: (q.range_end, q.created_at),
    )


# -- names and roles ---------------------------------------------------------------------


def name_forms(name: str) -> list[str]:
    """The ways a name shows up in a note: in full, without a note in brackets, first name."""
    full = name.strip()
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", full).strip()
    first = bare.split()[0] if bare.split() else ""
    return [form for form in dict.fromkeys((full, bare, first)) if len(form) >= 2]


def with_roles(text: str, names: dict[str, str]) -> str:
    """Each name replaced by its role ("Jordan" -> "my son"), whole words, any case.

    Longer forms go first, so "Jordan Lee" becomes one role and not "my son Lee".
    """
    forms = [(form, role) for name, role in names.items() for form in name_forms(name)]
    for form, role in sorted(forms, key=lambda item: -len(item[0])):
        text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", role, text, flags=re.I)
    return text


def member_roles(members: Iterable[tuple[uuid.UUID, str]]) -> dict[uuid.UUID, str]:
    """Family members as roles ("Parent", "Parent 2"), for a report that names no one."""
    roles: dict[uuid.UUID, str] = {}
    seen: dict[str, int] = {}
    for member_id, relationship in members:
        label = RELATIONSHIP_LABELS.get(relationship, "Family member")
        seen[label] = seen.get(label, 0) + 1
        roles[member_id] = label if seen[label] == 1 else f"{label} {seen[label]}"
    return roles
