"""The Session summary: what was logged between two dates, for a family and its therapist.

No scores and no predictions: counts of what the family logged, in plain words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.content import crisis_lines, invitation_guide, report_wording, warning_checklist
from dashboard.documents.report import Block, Chart, Part, SessionReport
from dashboard.records import (
    EVENT_KIND_LABELS,
    OBSERVED_USE_LABELS,
    CaregiverCheckin,
    DailyCheckin,
    LovedOne,
    SessionQuestion,
    SmallWin,
    TreatmentEvent,
    WarningSignTick,
)
from dashboard.rules import session as rules
from dashboard.rules import timeline as tl
from dashboard.rules import trends
from dashboard.rules.boundaries import TIMELINE_KINDS, BoundaryRecords
from dashboard.rules.craft import (
    invitation_lines,
    response_line,
    session_lines,
    summarise_responses,
)
from dashboard.rules.session import Period
from dashboard.rules.timeline import Window, level_for
from dashboard.store import HouseholdStore
from dashboard.text import day_text, plural
from dashboard.views import cached, figure_dict
from dashboard.views.boundaries import boundary_records, timeline_events
from dashboard.views.wins import wins_board


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
            # Two sources, each named, so they never read as contradicting each other (the
            # session report counts the days of both once: rules.session.attendance).
            f"Check-ins marked attended on {plural(self.attended_days, 'day')}; separately, "
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


# -- the therapy session report ---------------------------------------------------------


@cached
def default_range(household: HouseholdStore, loved_one_id: uuid.UUID, today: date) -> Period:
    """From the day after the last therapy session to today; else the last 4 weeks."""
    events = household.frame(TreatmentEvent, end=today, loved_one_id=loved_one_id)
    return rules.default_period(events, today)


@cached
def last_session_day(
    household: HouseholdStore, loved_one_id: uuid.UUID, today: date
) -> date | None:
    """The last therapy session before today, if any (for the preset's label)."""
    events = household.frame(TreatmentEvent, end=today, loved_one_id=loved_one_id)
    earlier = [day for day in rules.therapy_days(events) if day < today]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class SessionView:
    """The report for a loved one and a range, and the facts the page needs beside it."""

    period: Period
    report: SessionReport
    has_data: bool
    questions: tuple[SessionQuestion, ...]
    suggestions: tuple[rules.Suggested, ...]
    talk: tuple[rules.TalkItem, ...]
    attendance: rules.Attendance
    comparisons: tuple[rules.Comparison, ...]


@cached
def session_view(
    household: HouseholdStore,
    loved_one_id: uuid.UUID,
    start: date,
    end: date,
    roles: bool = False,
    role: str = "my loved one",
) -> SessionView:
    """Everything the session report holds for one loved one between two dates.

    roles: replace every name (the loved one's and the family's) by a role, in the
    report's own sentences and in the shared notes. Notes appear only when shared.
    """
    from dashboard import charts

    period = Period(start, end)
    wording = report_wording()
    info = household.info()
    loved_one = household.get(LovedOne, loved_one_id)
    members = household.family_members()
    if roles:
        member_names = rules.member_roles((m.id, m.relationship) for m in members)
        name = role.strip() or "my loved one"
        swaps = {loved_one.display_name: name}
        swaps.update({m.display_name: member_names[m.id] for m in members})
    else:
        member_names = {m.id: m.display_name for m in members}
        name = loved_one.display_name
        swaps = {}

    def plain(text: str) -> str:
        return rules.with_roles(text, swaps) if swaps else text

    before = period.previous()
    checkins = household.frame(DailyCheckin, before.start, end, loved_one_id)
    events = household.frame(TreatmentEvent, end=end, loved_one_id=loved_one_id)
    caregiver = household.frame(CaregiverCheckin, before.start, end)
    ticks = household.frame(WarningSignTick, start, end, loved_one_id)
    records = boundary_records(household, loved_one_id)
    questions = tuple(
        rules.questions_for(household.list(SessionQuestion, loved_one_id=loved_one_id), period)
    )
    inside = rules.in_period(checkins, period)
    events_inside = rules.in_period(events, period, "start_date")
    caregiver_inside = rules.in_period(caregiver, period)
    responses = [r for r in records.responses if period.holds(r.day)]
    asked = [i for i in records.invitations if i.asked_on and period.holds(i.asked_on)]
    has_data = bool(
        len(inside)
        or len(events_inside)
        or len(caregiver_inside)
        or len(ticks)
        or responses
        or asked
        or any(period.holds(c.day) for c in records.changes)
        or household.list(SmallWin, start, end, loved_one_id)
    )

    # At a glance
    attended = rules.attendance(checkins, events, period)
    free = rules.use_free(checkins, events, period)
    comparisons = {key: rules.compare(checkins, key, period) for key in ("mood", "sleep")}
    comparisons["craving"] = rules.compare(checkins, "craving", period)
    glance = [
        f"Days with a check-in: {len(inside)} of {plural(period.days, 'day')}.",
        f"Use-free days: {free.use_free_days} (of {plural(free.checkins, 'check-in')}).",
        attended.sentence(),
        comparisons["mood"].sentence(period),
        comparisons["sleep"].sentence(period),
        plain(rules.craving_line(checkins, period, name)),
    ]
    runs = (
        Block(
            "Use-free runs in these dates (a lapse starts a new run; earlier runs stay)", free.runs
        )
        if free.runs
        else None
    )
    carer = Block(
        "The family's own stress and self-care",
        tuple(plain(line) for line in rules.caregiver_lines(caregiver, period, member_names)),
    )

    # Over time
    window = Window("custom", start, end, end, level_for(period.days))
    chart_parts: list[Chart] = []
    if has_data:
        labels = {s.id: s.label for g in warning_checklist().groups for s in g.signs}
        markers = tl.combine_markers(
            tl.warning_sign_markers(ticks, labels),
            tl.shared_row_markers(
                timeline_events(household, start, end, loved_one_id), TIMELINE_KINDS
            ),
        )
        timeline_events_frame = _swapped(_private(events), ("title", "notes"), plain)
        markers = _swapped(markers, ("label", "title", "name"), plain)
        chart_parts.append(
            Chart(
                "Treatment timeline",
                figure_dict(charts.treatment_timeline(timeline_events_frame, window, markers)),
                plain(tl.timeline_summary(timeline_events_frame, window, markers)),
            )
        )
        mood = [trends.trend(inside, "mood", window), trends.trend(inside, "sleep", window)]
        chart_parts.append(
            Chart(
                "Mood and sleep",
                figure_dict(charts.trend_chart(mood, "Mood and sleep", "1 to 5", window)),
                f"{comparisons['mood'].sentence(period)} {comparisons['sleep'].sentence(period)}",
            )
        )
        craving = trends.trend(inside, "craving", window)
        if craving.values:
            chart_parts.append(
                Chart(
                    "Craving, when shared",
                    figure_dict(
                        charts.trend_chart([craving], "Craving, when shared", "0 to 10", window)
                    ),
                    plain(rules.craving_line(checkins, period, name)),
                )
            )
        days = rules.attendance_days(checkins, events, period)
        chart_parts.append(
            Chart(
                "Days treatment was attended",
                figure_dict(charts.attendance_days_chart(days, window, rules.ATTENDANCE_SOURCES)),
                attended.sentence(),
            )
        )
        if len(caregiver_inside):
            chart_parts.append(
                Chart(
                    "The family's own stress",
                    figure_dict(charts.caregiver_stress(caregiver_inside, window)),
                    " ".join(carer.lines),
                )
            )

    # Small wins, logged and found
    board = wins_board(household, end, loved_one_id)
    wins = tuple(
        plain(f"{day_text(w.day)}: {w.text} ({w.why})") for w in board.wins if period.holds(w.day)
    )

    # Things to talk about
    events_by_plan = {p.id: p.boundary for p in records.plans}
    boundary_events = [
        rules.BoundaryEvent(
            c.day,
            c.status,
            events_by_plan.get(c.plan_id, ""),
            plain(c.note) if c.share_in_reports else "",
        )
        for c in records.changes
    ]
    talk = tuple(
        item
        for item in (
            rules.lapse_item(checkins, events, period, wording),
            rules.urinary_item(checkins, period, wording),
            rules.warning_sign_item(ticks, labels_of_signs(), period, wording),
            rules.boundary_item(boundary_events, period, wording),
            rules.stress_item(caregiver, period, wording),
        )
        if item is not None
    )
    talk = tuple(
        rules.TalkItem(t.key, t.heading, t.days, tuple(plain(line) for line in t.lines))
        for t in talk
    )

    # Skills in practice
    summary = summarise_responses(responses)
    skills: list[Block] = []
    if summary.total:
        rows = tuple(
            plain(
                f"{response_line(r)}"
                + (
                    f" \u00b7 what happened: {r.what_happened}"
                    if r.share_in_reports and r.what_happened
                    else ""
                )
            )
            for r in sorted(responses, key=lambda r: r.day)
        )
        skills.append(
            Block("CRAFT responses: what was seen, what the family did", tuple(summary.sentences()))
        )
        skills.append(Block("Each response", rows))
    invitations = invitation_lines(records.invitations, invitation_guide(), start, end)
    for invitation in asked:
        if invitation.share_in_reports and invitation.outcome_note:
            invitations.append(
                f"What happened on {day_text(invitation.asked_on)}: {invitation.outcome_note}"
            )
    if invitations:
        skills.append(Block("Invitations to treatment", tuple(plain(i) for i in invitations)))

    # Questions
    suggested = tuple(rules.suggestions(talk, comparisons, attended, period, wording))
    question_blocks = []
    if questions:
        question_blocks.append(
            Block(wording.family_questions, tuple(plain(q.text) for q in questions))
        )
    if suggested and has_data:
        question_blocks.append(Block(wording.suggested_questions, tuple(s.text for s in suggested)))

    # Notes the family chose to share
    notes = tuple(
        plain(line)
        for line in _shared_notes(
            inside, events_inside, caregiver_inside, member_names, records, period
        )
    )

    sections = wording.sections
    parts: list[Part] = []
    if has_data:
        parts += [
            Part(
                "at_a_glance",
                sections["at_a_glance"],
                tuple(b for b in (Block("", tuple(glance)), runs, carer) if b is not None),
            ),
            Part("over_time", sections["over_time"], charts=tuple(chart_parts)),
            Part(
                "wins",
                sections["wins"],
                (Block("", wins),) if wins else (),
                empty=wording.nothing["wins"],
            ),
            Part(
                "talk_about",
                sections["talk_about"],
                tuple(Block(t.heading, t.lines) for t in talk),
                empty=wording.nothing["talk_about"],
            ),
            Part("skills", sections["skills"], tuple(skills), empty=wording.nothing["skills"]),
        ]
    parts.append(
        Part(
            "questions",
            sections["questions"],
            tuple(question_blocks),
            empty=wording.nothing["questions"],
        )
    )
    if has_data:
        parts.append(
            Part(
                "notes",
                sections["notes"],
                (Block("", notes),) if notes else (),
                empty=wording.nothing["notes"],
            )
        )
    region = crisis_lines(info.region)
    dates = {"start": day_text(start), "end": day_text(end)}
    who = name if roles else loved_one.display_name
    report = SessionReport(
        title=wording.title,
        subtitle=f"{who[0].upper() + who[1:]}, {period.text()} ({plural(period.days, 'day')})",
        intro=wording.intro.format(**dates),
        privacy=wording.privacy,
        disclaimer=wording.disclaimer,
        parts=tuple(parts),
        crisis_heading=sections["crisis"],
        crisis_region=region.name,
        crisis_lines=tuple((line.name, line.contact, line.purpose) for line in region.lines),
        sources=tuple((s.title, str(s.url)) for s in wording.sources),
        no_images=wording.no_images,
        empty="" if has_data else wording.empty.format(**dates),
    )
    return SessionView(
        period=period,
        report=report,
        has_data=has_data,
        questions=questions,
        suggestions=suggested,
        talk=talk,
        attendance=attended,
        comparisons=tuple(comparisons.values()),
    )


def labels_of_signs() -> dict[str, str]:
    return {s.id: s.label for g in warning_checklist().groups for s in g.signs}


def _swapped(frame: pd.DataFrame, columns: tuple[str, ...], plain) -> pd.DataFrame:
    """The frame with names swapped for roles in its text columns (hover text included)."""
    present = [c for c in columns if c in frame.columns]
    if frame.empty or not present:
        return frame
    return frame.assign(
        **{c: frame[c].map(lambda v: plain(v) if isinstance(v, str) else v) for c in present}
    )


def _private(events: pd.DataFrame) -> pd.DataFrame:
    """Events with every unshared note blanked, so no hover text can carry one."""
    if events.empty or "notes" not in events:
        return events
    shared = events["share_in_reports"].fillna(False).astype(bool)
    return events.assign(notes=events["notes"].where(shared, ""))


def _shared_notes(
    checkins: pd.DataFrame,
    events: pd.DataFrame,
    caregiver: pd.DataFrame,
    member_names: dict,
    records: BoundaryRecords,
    period: Period,
) -> list[str]:
    """Every note ticked "share in reports" in the range, oldest first. Never the others."""
    found: list[tuple[date, str]] = []

    def shared(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return frame
        return frame[frame["share_in_reports"].fillna(False).astype(bool)]

    for row in shared(checkins).itertuples(index=False):
        if row.notes:
            found.append((pd.Timestamp(row.day).date(), f"Daily check-in: {row.notes}"))
    for row in shared(events).itertuples(index=False):
        if row.notes:
            label = EVENT_KIND_LABELS.get(row.kind, "Event")
            title = f" ({row.title})" if row.title else ""
            found.append((pd.Timestamp(row.start_date).date(), f"{label}{title}: {row.notes}"))
    for row in shared(caregiver).itertuples(index=False):
        if row.notes:
            who = member_names.get(row.family_member_id, "A family member")
            found.append((pd.Timestamp(row.day).date(), f"{who}'s own check-in: {row.notes}"))
    names = {a.id: a.title for a in records.activities}
    for occasion in records.occasions:
        if occasion.share_in_reports and occasion.note and period.holds(occasion.day):
            title = names.get(occasion.activity_id, "")
            found.append((occasion.day, f"Sober activity ({title}): {occasion.note}"))
    found.sort(key=lambda item: item[0])
    return [f"{day_text(day)} \u00b7 {text}" for day, text in found]
