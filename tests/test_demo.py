"""The fictional demo family: loaded once, clearly marked, a full and believable story."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from dashboard.content import boundary_tip
from dashboard.demo import build_demo_records, demo_spec, find_demo, load_demo
from dashboard.records import (
    RECORD_TYPES,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    FamilyMember,
    Household,
    LovedOne,
    Record,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    latest_date_on_earth,
    today_in,
)
from dashboard.rules.craft import summarise_responses
from dashboard.store import HouseholdStore, NewFamily, Store
from dashboard.views.boundaries import timeline_events

TODAY = date(2026, 6, 15)  # the `demo` fixture loads the demo as of this day
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
HTML_TAG = re.compile(r"</?[A-Za-z!][^<>]*>")


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return build_demo_records(demo_spec(), TODAY)


def of(records: list[Record], record_type: type[Record]) -> list[Any]:
    return [record for record in records if type(record) is record_type]


def lapse(records: list[Record]) -> TreatmentEvent:
    (event,) = [e for e in of(records, TreatmentEvent) if e.kind == "lapse"]
    return event


def canonical(records: list[Record]) -> list[tuple[str, dict]]:
    """Records with their ids replaced by first-seen order, and timestamps dropped."""
    numbering: dict[uuid.UUID, int] = {}
    result = []
    for record in records:
        values = record.model_dump(exclude={"created_at", "updated_at"})
        for key, value in values.items():
            if isinstance(value, uuid.UUID):
                values[key] = f"#{numbering.setdefault(value, len(numbering))}"
        result.append((type(record).__name__, values))
    return result


def texts(record: Record) -> list[str]:
    return [value for value in record.model_dump().values() if isinstance(value, str)]


# -- loading --------------------------------------------------------------------------------


def test_demo_loads_once(demo: HouseholdStore) -> None:
    store = demo.store
    counts = store.counts()
    again, created = load_demo(store, today=TODAY + timedelta(days=3))
    assert created is False
    assert again.id == demo.id
    assert store.counts() == counts
    assert [h.id for h in store.households()] == [demo.id]


def test_first_load_reports_created(sqlite_store: Store) -> None:
    assert find_demo(sqlite_store) is None
    household, created = load_demo(sqlite_store, today=TODAY)
    assert created is True
    found = find_demo(sqlite_store)
    assert found is not None
    assert found.id == household.id


def test_demo_sits_beside_a_real_family(store: Store) -> None:
    real = store.create_family(NewFamily("The Test family", "Sam", "Alex"))
    demo, created = load_demo(store, today=TODAY)
    assert created is True
    assert {h.id: h.is_demo for h in store.households()} == {real.id: False, demo.id: True}
    assert real.list(DailyCheckin) == []
    assert len(demo.list(DailyCheckin)) == len(
        of(build_demo_records(demo_spec(), TODAY), DailyCheckin)
    )


def test_demo_is_marked_as_a_demo(demo: HouseholdStore) -> None:
    info = demo.info()
    assert info.is_demo is True
    assert "demo" in info.name.lower()


def test_stored_demo_matches_the_built_records(demo: HouseholdStore, records: list[Record]) -> None:
    stored = demo.store.dump_all(demo.id)
    assert {table: len(rows) for table, rows in stored.items()} == {
        record_type.table: len(of(records, record_type)) for record_type in RECORD_TYPES
    }


def test_demo_without_a_date_is_current_for_the_loved_one(sqlite_store: Store) -> None:
    household, _ = load_demo(sqlite_store)
    last = household.list(DailyCheckin)[-1]
    today = today_in("America/New_York")
    assert today - timedelta(days=1) <= last.day <= today
    assert last.day <= latest_date_on_earth()


# -- the story ------------------------------------------------------------------------------


def test_demo_covers_about_ten_months(records: list[Record]) -> None:
    days = sorted(c.day for c in of(records, DailyCheckin))
    assert days[0] <= TODAY - timedelta(days=270)
    assert days[0] >= TODAY - timedelta(days=366)
    assert days[-1] == TODAY
    months = {(d.year, d.month) for d in days}
    assert len(months) >= 10


@pytest.mark.parametrize(
    "kind",
    ["assessment", "withdrawal_management", "outpatient", "therapy_session", "lapse"],
)
def test_demo_has_the_treatment_milestones(records: list[Record], kind: str) -> None:
    actual = [e for e in of(records, TreatmentEvent) if e.kind == kind and e.status == "actual"]
    assert actual
    assert all(e.start_date <= TODAY for e in actual)


def test_treatment_follows_a_sensible_order(records: list[Record]) -> None:
    first = {}
    for event in sorted(of(records, TreatmentEvent), key=lambda e: e.start_date):
        first.setdefault(event.kind, event.start_date)
    assert first["assessment"] < first["withdrawal_management"] < first["outpatient"]
    assert first["outpatient"] < first["lapse"]


def test_confirmed_use_is_logged_around_the_lapse(records: list[Record]) -> None:
    event = lapse(records)
    assert event.end_date is not None
    around = [
        c
        for c in of(records, DailyCheckin)
        if event.start_date - timedelta(days=1) <= c.day <= event.end_date + timedelta(days=1)
    ]
    assert sum(c.observed_use == "confirmed" for c in around) >= 2


def test_no_use_is_logged_after_the_lapse(records: list[Record]) -> None:
    event = lapse(records)
    assert event.end_date is not None
    after = [c for c in of(records, DailyCheckin) if c.day > event.end_date]
    uses = Counter(c.observed_use for c in after)
    assert uses["none"] >= 30
    assert uses["confirmed"] == 0
    assert uses["none"] / len(after) > 0.7


def test_demo_has_therapy_wins_and_caregiver_checkins(records: list[Record]) -> None:
    events = of(records, TreatmentEvent)
    assert sum(e.kind == "therapy_session" for e in events) >= 10
    wins = of(records, SmallWin)
    assert len(wins) >= 20
    assert len({w.category for w in wins}) >= 5
    members = {m.id for m in of(records, FamilyMember)}
    caregivers = of(records, CaregiverCheckin)
    assert {c.family_member_id for c in caregivers} == members
    assert all(0 <= c.stress <= 10 for c in caregivers)


def test_planned_events_are_in_the_future(records: list[Record]) -> None:
    events = of(records, TreatmentEvent)
    planned = [e for e in events if e.status == "planned"]
    assert len(planned) >= 2
    assert all(e.start_date > TODAY for e in planned)
    assert all(e.start_date <= TODAY for e in events if e.status == "actual")


@pytest.mark.parametrize(
    ("record_type", "field"),
    [(DailyCheckin, "day"), (SmallWin, "day"), (CaregiverCheckin, "day")],
)
def test_nothing_that_happened_is_dated_after_today(
    records: list[Record], record_type: type[Record], field: str
) -> None:
    days = [getattr(record, field) for record in of(records, record_type)]
    assert days
    assert max(days) <= TODAY


def test_daily_records_are_one_per_day(records: list[Record]) -> None:
    checkins = Counter((c.loved_one_id, c.day) for c in of(records, DailyCheckin))
    caregivers = Counter((c.family_member_id, c.day) for c in of(records, CaregiverCheckin))
    assert max(checkins.values()) == 1
    assert max(caregivers.values()) == 1


def test_every_demo_record_belongs_to_the_demo_household(records: list[Record]) -> None:
    (household,) = of(records, Household)
    (loved_one,) = of(records, LovedOne)
    member_ids = {m.id for m in of(records, FamilyMember)}
    assert records[0] is household
    for record in records[1:]:
        assert record.household_id == household.id
        if hasattr(record, "loved_one_id"):
            assert record.loved_one_id == loved_one.id
        if getattr(record, "logged_by", None) is not None:
            assert record.logged_by in member_ids


def test_every_demo_record_passes_validation(records: list[Record]) -> None:
    for record in records:
        assert type(record).model_validate(record.model_dump()) == record


# -- determinism ----------------------------------------------------------------------------


def test_demo_is_the_same_story_every_time(records: list[Record]) -> None:
    again = build_demo_records(demo_spec(), TODAY)
    assert canonical(again) == canonical(records)
    assert {r.id for r in again}.isdisjoint({r.id for r in records})


@pytest.mark.parametrize("shift", [-400, -1, 1, 100])
def test_demo_moves_with_the_day_it_is_loaded(records: list[Record], shift: int) -> None:
    moved = build_demo_records(demo_spec(), TODAY + timedelta(days=shift))
    assert len(moved) == len(records)
    for old, new in zip(records, moved, strict=True):
        for field in ("day", "start_date", "end_date"):
            before = getattr(old, field, None)
            if before is not None:
                assert getattr(new, field) == before + timedelta(days=shift)


# -- clearly fictional, plain text ----------------------------------------------------------


def test_every_person_is_marked_demo(records: list[Record]) -> None:
    people = [*of(records, LovedOne), *of(records, FamilyMember)]
    assert len(people) == 3
    assert all("(demo)" in person.display_name for person in people)
    (household,) = of(records, Household)
    assert household.name.lower().startswith("demo family")


def test_demo_text_has_no_links_or_html(records: list[Record]) -> None:
    found = [
        (type(record).__name__, text)
        for record in records
        for text in texts(record)
        if MARKDOWN_LINK.search(text) or HTML_TAG.search(text) or "](" in text
    ]
    assert found == []


def test_demo_text_has_no_urls_or_control_characters(records: list[Record]) -> None:
    strings = [text for record in records for text in texts(record)]
    assert strings
    assert [s for s in strings if re.search(r"https?://|www\.", s)] == []
    assert [s for s in strings if re.search(r"[\x00-\x1f\u202a-\u202e\u2066-\u2069]", s)] == []


@pytest.mark.parametrize(
    ("pattern", "should_match"),
    [
        ("[click](http://x)", True),
        ("![img](x.png)", True),
        ("<b>bold</b>", True),
        ("<script>", True),
        ("a < b and c > d", False),
        ("Jordan (demo) [quietly]", False),
    ],
)
def test_the_link_and_tag_patterns_themselves(pattern: str, should_match: bool) -> None:
    matched = bool(MARKDOWN_LINK.search(pattern) or HTML_TAG.search(pattern))
    assert matched is should_match


# -- boundaries and CRAFT in practice -------------------------------------------------------


def test_demo_boundary_plans_have_a_full_history(records: list[Record]) -> None:
    plans = of(records, BoundaryPlan)
    changes = of(records, BoundaryStatusChange)
    assert len(plans) >= 3
    assert {c.status for c in changes} == {"kept", "tested", "crossed", "revised"}
    assert {c.plan_id for c in changes} <= {p.id for p in plans}
    assert [p for p in plans if p.archived], "an archived plan shows archive is not loss"
    assert all(boundary_tip(p.tip_id) is not None for p in plans if p.tip_id)
    for plan in plans:
        assert plan.review_date is None or plan.review_date >= plan.plan_date
        assert all(c.day >= plan.plan_date for c in changes if c.plan_id == plan.id)


def test_demo_craft_story(records: list[Record]) -> None:
    responses = of(records, CraftResponse)
    summary = summarise_responses(responses)
    assert summary.total >= 8
    assert summary.rewarded_when_not_using >= 3
    assert summary.stepped_away_when_using >= 1
    (invitation,) = of(records, TreatmentInvitation)
    (assessment,) = [e for e in of(records, TreatmentEvent) if e.kind == "assessment"]
    assert invitation.outcome == "yes"
    assert invitation.plan_date < invitation.asked_on < assessment.start_date
    assert invitation.option_id in {o.id for o in of(records, TreatmentOption)}
    assert invitation.sign_ids
    occasions = of(records, ActivityOccasion)
    assert {o.activity_id for o in occasions} == {a.id for a in of(records, SoberActivity)}
    assert any(o.status == "done" for o in occasions)
    assert all(o.day > TODAY for o in occasions if o.status == "planned")


@pytest.mark.parametrize(
    ("record_type", "field"),
    [
        (BoundaryPlan, "plan_date"),
        (BoundaryStatusChange, "day"),
        (CraftResponse, "day"),
        (TreatmentInvitation, "asked_on"),
    ],
)
def test_boundary_and_craft_records_did_not_happen_after_today(
    records: list[Record], record_type: type[Record], field: str
) -> None:
    days = [getattr(record, field) for record in of(records, record_type)]
    assert days
    assert max(days) <= TODAY
    done = [o.day for o in of(records, ActivityOccasion) if o.status != "planned"]
    assert max(done) <= TODAY


def test_demo_boundaries_reach_the_timeline(demo: HouseholdStore) -> None:
    kinds = set(timeline_events(demo)["kind"])
    assert {"boundary_kept", "boundary_crossed", "treatment_invitation", "sober_activity"} <= kinds
