"""Small wins and relapse-tolerant progress: runs, milestones and the wins the app finds.

Pure Python (no streamlit). The rules are kind on purpose, and follow NIDA's framing that
a lapse is a signal to adjust treatment, not a failure:

- A lapse starts a new run. It never erases an earlier run, a milestone or a win.
- Only a day marked "use confirmed" (or covered by a logged lapse) ends a run. A day
  marked "use suspected" or "don't know" is not counted as use-free, and ends nothing:
  a suspicion is not a fact.
- A day with no check-in ends nothing, and is not counted as use-free either. Runs are
  counted in use-free days that someone logged, so a run of "30 use-free days" means 30
  check-ins said "no use seen", with no confirmed use in between. Nothing is guessed.
- Days are calendar dates, never timestamps, so daylight saving and time zones cannot
  move a check-in to another day or make a day count twice.

No scores and no predictions: every found win says why it was found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

from dashboard.records import WinSource
from dashboard.rules.timeline import as_day, calendar_days
from dashboard.text import day_text, plural

DayStatus = Literal["use_free", "suspected", "use", "unknown", "no_checkin"]
STATUS_ORDER: tuple[DayStatus, ...] = ("use_free", "suspected", "use", "unknown", "no_checkin")
STATUS_LABELS: dict[str, str] = {
    "use_free": "No use seen",
    "suspected": "Use suspected",
    "use": "Use confirmed or a lapse",
    "unknown": "Don't know",
    "no_checkin": "No check-in",
}
_FROM_OBSERVED: dict[str, DayStatus] = {
    "none": "use_free",
    "suspected": "suspected",
    "confirmed": "use",
    "unknown": "unknown",
}
# When two records describe one day, the most serious wins (a lapse outranks a check-in).
_SEVERITY = {"use_free": 0, "unknown": 1, "suspected": 2, "use": 3}
RUN_ENDING: frozenset[str] = frozenset({"use"})
LAPSE_MAX_DAYS = 366

STREAK_MILESTONES = (1, 3, 7, 14, 30, 60, 90, 180, 365)
ATTENDANCE_MILESTONES = (2, 4, 8, 12, 26, 52)  # weeks in a row
SELF_CARE_MILESTONES = (7, 14, 30, 60, 90)  # check-ins in a row
BOUNDARY_MILESTONES = (1, 3, 7, 14, 30)  # times kept in a row
PROGRESS_WINDOWS = (7, 30, 90)
# Treatment attendance: a check-in marked "attended treatment", or one of these events.
ATTENDED_EVENT_KINDS = ("therapy_session",)
# Mood and sleep (1–5) "better than the previous two weeks": fixed fortnights, so a win
# found once stays found. The fortnights start on Mondays counted from this Monday.
FORTNIGHT_EPOCH = date(2000, 1, 3)
BETTER_MIN_CHECKINS = 4
BETTER_MIN_RISE = 0.5


def _reached(count: int, base: tuple[int, ...], every: int) -> bool:
    """The listed milestones, then every `every` after the last (a year, two years...)."""
    if count in base:
        return True
    return count > base[-1] and (count - base[-1]) % every == 0


# -- day statuses ------------------------------------------------------------------------


def day_statuses(checkins: pd.DataFrame, lapses: pd.DataFrame | None = None) -> pd.Series:
    """What was observed on each logged day, oldest first (index: calendar days).

    Days without a check-in are absent. An actual "lapse" event marks every day from its
    start to its end (or its start alone) as use, whatever that day's check-in said.
    """
    parts: list[pd.Series] = []
    if checkins is not None and not checkins.empty:
        parts.append(
            pd.Series(
                checkins["observed_use"].map(_FROM_OBSERVED).fillna("unknown").to_numpy(),
                index=calendar_days(checkins["day"]).to_numpy(),
            )
        )
    if lapses is not None and not lapses.empty:
        rows = lapses[(lapses["kind"] == "lapse") & (lapses["status"] == "actual")]
        days: list[pd.Timestamp] = []
        for start, end in zip(rows["start_date"], rows["end_date"], strict=True):
            first = as_day(start)
            last = min(as_day(end) or first, first + timedelta(days=LAPSE_MAX_DAYS - 1))
            days.extend(pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="D"))
        if days:
            parts.append(pd.Series("use", index=pd.DatetimeIndex(days)))
    if not parts:
        return pd.Series([], index=pd.DatetimeIndex([]), dtype=object)
    joined = pd.concat(parts)
    severity = joined.map(_SEVERITY)
    worst = severity.groupby(level=0).max()
    by_severity = {value: key for key, value in _SEVERITY.items()}
    return worst.map(by_severity).sort_index()


# -- runs and progress -------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """Use-free days logged with no confirmed use in between."""

    start: date  # the first use-free day
    last: date  # the latest use-free day
    use_free_days: int
    ended_on: date | None  # the day of use that ended it; None while it goes on

    @property
    def ongoing(self) -> bool:
        return self.ended_on is None


def runs(statuses: pd.Series) -> list[Run]:
    """Every run, oldest first. A day of use closes the run before it and nothing else."""
    found: list[Run] = []
    start: date | None = None
    last: date | None = None
    count = 0
    for day, status in statuses.items():
        if status == "use_free":
            if start is None:
                start, count = day.date(), 0
            count += 1
            last = day.date()
        elif status in RUN_ENDING and start is not None:
            found.append(Run(start, last, count, day.date()))
            start = None
    if start is not None:
        found.append(Run(start, last, count, None))
    return found


@dataclass(frozen=True)
class Progress:
    """Counts that survive a lapse: recent use-free days, and every run so far."""

    today: date
    use_free_last: dict[int, int]
    checkins_last: dict[int, int]
    runs: tuple[Run, ...]
    current: Run | None
    longest: Run | None
    last_use: date | None

    @property
    def total_use_free_days(self) -> int:
        return sum(run.use_free_days for run in self.runs)

    def sentence(self, days: int = 30) -> str:
        """'In the last 30 days: 24 use-free days logged (of 26 check-ins).'"""
        free, logged = self.use_free_last.get(days, 0), self.checkins_last.get(days, 0)
        if logged == 0:
            return f"No check-ins in the last {days} days."
        return (
            f"In the last {days} days: {plural(free, 'use-free day')} logged "
            f"(of {plural(logged, 'check-in')})."
        )

    def runs_sentence(self) -> str:
        """The current run, the longest, and a reminder that earlier runs still count."""
        if not self.runs:
            return "No use-free days logged yet. Runs start with the first check-in of no use."
        parts = []
        if self.current is not None:
            parts.append(
                f"Current run: {plural(self.current.use_free_days, 'use-free day')} "
                f"since {day_text(self.current.start)}."
            )
        elif self.last_use is not None:
            parts.append(
                f"A new run starts with the next use-free day after {day_text(self.last_use)}."
            )
        if self.longest is not None:
            parts.append(
                f"Longest run: {plural(self.longest.use_free_days, 'use-free day')} "
                f"({day_text(self.longest.start)} to {day_text(self.longest.last)})."
            )
        if len(self.runs) > 1:
            parts.append(
                f"{plural(len(self.runs), 'run')} so far, {self.total_use_free_days} use-free "
                "days in all: a lapse starts a new run and never takes these away."
            )
        return " ".join(parts)


def progress(statuses: pd.Series, today: date) -> Progress:
    """Use-free days in the last 7/30/90 days, and the runs (nothing after today counts)."""
    statuses = statuses[statuses.index <= pd.Timestamp(today)]
    use_free_last, checkins_last = {}, {}
    for days in PROGRESS_WINDOWS:
        recent = statuses[statuses.index > pd.Timestamp(today - timedelta(days=days))]
        use_free_last[days] = int((recent == "use_free").sum())
        checkins_last[days] = len(recent)
    all_runs = tuple(runs(statuses))
    current = all_runs[-1] if all_runs and all_runs[-1].ongoing else None
    longest = max(all_runs, key=lambda run: run.use_free_days, default=None)
    use_days = statuses.index[statuses.isin(list(RUN_ENDING))]
    return Progress(
        today=today,
        use_free_last=use_free_last,
        checkins_last=checkins_last,
        runs=all_runs,
        current=current,
        longest=longest,
        last_use=use_days[-1].date() if len(use_days) else None,
    )


# -- wins --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Win:
    """A small win, logged by the family or found by a rule. `why` says how it was found."""

    day: date
    text: str
    why: str
    category: str
    source: WinSource
    rule: str = ""


def streak_wins(statuses: pd.Series) -> list[Win]:
    """A win on the day a run reaches 1, 3, 7, 14, 30, 60, 90, 180, 365 use-free days.

    After a lapse the count starts again, and the wins of earlier runs stay.
    """
    wins: list[Win] = []
    count = 0
    run_start: date | None = None
    ended: tuple[date, int] | None = None  # (day of use, use-free days of the run before)
    for day, status in statuses.items():
        if status in RUN_ENDING:
            if run_start is not None:
                ended = (day.date(), count)
            run_start, count = None, 0
            continue
        if status != "use_free":
            continue
        if run_start is None:
            run_start = day.date()
        count += 1
        if not _reached(count, STREAK_MILESTONES, 365):
            continue
        why = (
            f"{plural(count, 'check-in')} since {day_text(run_start)} said no use was seen, "
            "with no use confirmed in between. Days without a check-in are not counted."
        )
        if ended is not None:
            why += (
                f" The run before ended on {day_text(ended[0])} after "
                f"{plural(ended[1], 'use-free day')}; it still counts."
            )
        text = (
            "A first use-free day in this run"
            if count == 1
            else f"{count} use-free days in this run"
        )
        wins.append(Win(day.date(), text, why, "health", "rule", f"use_free_run:{count}"))
    return wins


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def attendance_wins(checkins: pd.DataFrame, events: pd.DataFrame) -> list[Win]:
    """A win when treatment was attended 2, 4, 8, 12, 26, 52 weeks running (then yearly).

    A week counts when a check-in says "attended treatment" or a therapy session happened.
    A week with check-ins but no attendance ends the run; a week with nothing logged at all
    is skipped: it is not counted and ends nothing.
    """
    attended: dict[date, date] = {}  # week -> latest day attended in it
    logged: set[date] = set()
    if checkins is not None and not checkins.empty:
        days = calendar_days(checkins["day"])
        for day, went in zip(days, checkins["attended_treatment"].fillna(False), strict=True):
            week = _week_start(day.date())
            logged.add(week)
            if went:
                attended[week] = max(attended.get(week, day.date()), day.date())
    if events is not None and not events.empty:
        rows = events[events["kind"].isin(ATTENDED_EVENT_KINDS) & (events["status"] == "actual")]
        for day in calendar_days(rows["start_date"]):
            week = _week_start(day.date())
            logged.add(week)
            attended[week] = max(attended.get(week, day.date()), day.date())
    wins: list[Win] = []
    count, first = 0, None
    for week in sorted(logged):
        if week not in attended:
            count, first = 0, None
            continue
        first = first or week
        count += 1
        if _reached(count, ATTENDANCE_MILESTONES, 52):
            why = (
                f"Every logged week since the week of {day_text(first)} had a check-in marked "
                "'attended treatment' or a therapy session on the timeline. Weeks with "
                "nothing logged are skipped, not counted."
            )
            wins.append(
                Win(
                    attended[week],
                    f"Treatment attended {count} weeks running",
                    why,
                    "treatment",
                    "rule",
                    f"attendance_run:{count}",
                )
            )
    return wins


def _fortnight(day: date) -> int:
    return (day - FORTNIGHT_EPOCH).days // 14


def better_wins(
    checkins: pd.DataFrame,
    column: str,
    label: str,
    today: date,
    scale: str = "out of 5",
) -> list[Win]:
    """A win when a fortnight's average is at least half a point above the one before.

    Fortnights are fixed (they start on Mondays), only finished ones count, and each needs
    at least 4 check-ins, so a win is never found from one good day.
    """
    if checkins is None or checkins.empty:
        return []
    days = calendar_days(checkins["day"])
    frame = pd.DataFrame({"day": days, "value": checkins[column]}).dropna()
    if frame.empty:
        return []
    frame["fortnight"] = [_fortnight(day.date()) for day in frame["day"]]
    finished = _fortnight(today + timedelta(days=1)) - 1  # the last fortnight fully past
    stats = (
        frame[frame["fortnight"] <= finished].groupby("fortnight")["value"].agg(["mean", "size"])
    )
    wins: list[Win] = []
    for number, row in stats.iterrows():
        before = stats.loc[number - 1] if number - 1 in stats.index else None
        if before is None or min(row["size"], before["size"]) < BETTER_MIN_CHECKINS:
            continue
        if row["mean"] - before["mean"] < BETTER_MIN_RISE:
            continue
        end = FORTNIGHT_EPOCH + timedelta(days=14 * number + 13)
        why = (
            f"{label} averaged {row['mean']:.1f} {scale} in the two weeks to {day_text(end)} "
            f"({plural(int(row['size']), 'check-in')}), up from {before['mean']:.1f} in the two "
            f"weeks before ({plural(int(before['size']), 'check-in')})."
        )
        wins.append(
            Win(
                end,
                f"{label} better than the two weeks before",
                why,
                "health",
                "rule",
                f"{column}_better:{end.isoformat()}",
            )
        )
    return wins


def self_care_wins(caregiver: pd.DataFrame, names: dict | None = None) -> list[Win]:
    """A win when a family member did something for themselves 7, 14, 30... check-ins in a row.

    A check-in without self-care ends the run; a day without a check-in ends nothing.
    """
    if caregiver is None or caregiver.empty:
        return []
    names = names or {}
    frame = pd.DataFrame(
        {
            "day": calendar_days(caregiver["day"]),
            "member": caregiver["family_member_id"],
            "done": caregiver["self_care_done"].fillna(False).astype(bool),
        }
    ).sort_values("day", kind="stable")
    wins: list[Win] = []
    for member, rows in frame.groupby("member", sort=False):
        who = names.get(member, "A family member")
        count, first = 0, None
        for day, done in zip(rows["day"], rows["done"], strict=True):
            if not done:
                count, first = 0, None
                continue
            first = first or day.date()
            count += 1
            if _reached(count, SELF_CARE_MILESTONES, 90):
                why = (
                    f"Each of {who}'s last {count} check-ins, since {day_text(first)}, says they "
                    "did something for themselves. Days without a check-in are skipped."
                )
                wins.append(
                    Win(
                        day.date(),
                        f"{who}: self-care on {count} check-ins in a row",
                        why,
                        "self_care",
                        "rule",
                        f"self_care_run:{member}:{count}",
                    )
                )
    return wins


def boundary_wins(log: pd.DataFrame | None) -> list[Win]:
    """A win when a boundary is logged as kept 1, 3, 7, 14, 30 times in a row.

    Takes any frame with day, status and title (one row per status update; a plan_id
    column, when present, keeps two boundaries with the same words apart). "crossed"
    ends the run; "tested" or "revised" neither count nor end it.
    """
    if log is None or log.empty:
        return []
    frame = pd.DataFrame(
        {
            "day": calendar_days(log["day"]),
            "status": log["status"].astype(str).str.lower(),
            "title": log["title"].fillna("").astype(str).str.strip(),
        }
    )
    frame["key"] = log["plan_id"].astype(str) if "plan_id" in log else frame["title"]
    frame = frame.sort_values("day", kind="stable")
    wins: list[Win] = []
    for key, rows in frame.groupby("key", sort=False):
        count, first = 0, None
        for day, status, title in zip(rows["day"], rows["status"], rows["title"], strict=True):
            if status == "crossed":
                count, first = 0, None
            elif status == "kept":
                first = first or day.date()
                count += 1
                if not _reached(count, BOUNDARY_MILESTONES, 30):
                    continue
                if count == 1:
                    text, why = "Boundary kept", f"Logged as kept on {day_text(first)}."
                else:
                    text = f"Boundary kept {count} times in a row"
                    why = (
                        f"Logged as kept {count} times since {day_text(first)}, with none "
                        "crossed in between."
                    )
                wins.append(
                    Win(
                        day.date(),
                        f"{text}: {title or 'a boundary'}",
                        why,
                        "family",
                        "rule",
                        f"boundary_kept:{key}:{count}",
                    )
                )
    return wins


def logged_wins(wins: pd.DataFrame, names: dict | None = None) -> list[Win]:
    """Wins the family wrote down, with who logged them.

    Takes rows oldest first (as the store reads them) and returns the newest first, so
    of two wins on one day the one logged last comes first.
    """
    if wins is None or wins.empty:
        return []
    names = names or {}
    found = []
    for row in reversed(list(wins.itertuples(index=False))):
        who = names.get(getattr(row, "logged_by", None))
        found.append(
            Win(
                as_day(row.day),
                str(row.text),
                f"Logged by {who}" if who else "Logged by the family",
                str(row.category),
                "logged",
            )
        )
    return found


def found_wins(
    checkins: pd.DataFrame,
    events: pd.DataFrame,
    caregiver: pd.DataFrame,
    today: date,
    boundaries: pd.DataFrame | None = None,
    names: dict | None = None,
) -> list[Win]:
    """Every rule's wins, newest first."""
    statuses = day_statuses(checkins, events)
    statuses = statuses[statuses.index <= pd.Timestamp(today)]
    wins = [
        *streak_wins(statuses),
        *attendance_wins(checkins, events),
        *better_wins(checkins, "mood", "Mood", today),
        *better_wins(checkins, "sleep", "Sleep", today),
        *self_care_wins(caregiver, names),
        *boundary_wins(boundaries),
    ]
    return newest_first(win for win in wins if win.day <= today)


def newest_first(wins: Iterable[Win]) -> list[Win]:
    """Newest day first; on one day, what the family logged comes before what was found."""
    return sorted(wins, key=lambda win: (-win.day.toordinal(), win.source != "logged"))


def by_week(wins: list[Win]) -> list[tuple[date, list[Win]]]:
    """Wins grouped by the Monday of their week, keeping the order they came in."""
    groups: dict[date, list[Win]] = {}
    for win in wins:
        groups.setdefault(_week_start(win.day), []).append(win)
    return list(groups.items())


# -- year in pixels ----------------------------------------------------------------------

CALENDAR_WEEKS = 53
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def calendar(statuses: pd.Series, today: date, weeks: int = CALENDAR_WEEKS) -> pd.DataFrame:
    """One row per day of the last `weeks` weeks (Monday first), with what was observed.

    Columns: day, week (its Monday), weekday (Mon..Sun), status, label.
    """
    first = _week_start(today) - timedelta(weeks=weeks - 1)
    days = pd.date_range(pd.Timestamp(first), pd.Timestamp(today), freq="D")
    status = statuses.reindex(days).fillna("no_checkin") if len(statuses) else "no_checkin"
    frame = pd.DataFrame({"day": days, "status": status})
    frame["week"] = frame["day"] - pd.to_timedelta(frame["day"].dt.day_of_week, unit="D")
    frame["weekday"] = [WEEKDAYS[d] for d in frame["day"].dt.day_of_week]
    frame["label"] = frame["status"].map(STATUS_LABELS)
    return frame[["day", "week", "weekday", "status", "label"]]


def calendar_summary(frame: pd.DataFrame) -> str:
    """What the calendar shows, in words (it never adds anything up into a score)."""
    if frame.empty or (frame["status"] == "no_checkin").all():
        return "No check-ins in this calendar year yet."
    counts = frame["status"].value_counts()
    first, last = frame["day"].iloc[0], frame["day"].iloc[-1]
    parts = [
        f"{STATUS_LABELS[status].lower()}: {plural(int(counts[status]), 'day')}"
        for status in STATUS_ORDER
        if status in counts
    ]
    return (
        f"From {day_text(first)} to {day_text(last)}, one square per day. " + "; ".join(parts) + "."
    )
