"""Validation of the boundary and CRAFT records: a clear message naming the field, nothing saved."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest

from dashboard.records import (
    PLAN_TEXT_MAX_CHARS,
    SHORT_TEXT_MAX_CHARS,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CraftResponse,
    Record,
    RecordInvalid,
    SoberActivity,
    TreatmentInvitation,
    TreatmentOption,
    latest_date_on_earth,
    validate_record,
)
from dashboard.store import HasDependents, HouseholdStore, NewFamily, Store, WrongHousehold

PAST = date(2026, 1, 10)
FUTURE = latest_date_on_earth() + timedelta(days=1)
IDS = {name: uuid.uuid4() for name in ("household", "loved_one", "plan", "activity", "option")}

BASE: dict[type[Record], dict[str, Any]] = {
    BoundaryPlan: {
        "household_id": IDS["household"],
        "loved_one_id": IDS["loved_one"],
        "boundary": "I pay the phone bill directly; I don't give cash.",
        "why_it_matters": "Cash can end up paying for ketamine.",
        "if_crossed": "I pay the bill myself and say no to cash, calmly.",
        "plan_date": PAST,
    },
    BoundaryStatusChange: {
        "household_id": IDS["household"],
        "plan_id": IDS["plan"],
        "day": PAST,
        "status": "kept",
    },
    CraftResponse: {
        "household_id": IDS["household"],
        "loved_one_id": IDS["loved_one"],
        "day": PAST,
        "saw": "not_using",
        "did": "rewarded_non_use",
    },
    TreatmentOption: {"household_id": IDS["household"], "name": "Riverside clinic"},
    TreatmentInvitation: {
        "household_id": IDS["household"],
        "loved_one_id": IDS["loved_one"],
        "plan_date": PAST,
        "words": "Would you call the clinic with me?",
    },
    SoberActivity: {
        "household_id": IDS["household"],
        "loved_one_id": IDS["loved_one"],
        "title": "Cold-water swimming",
    },
    ActivityOccasion: {
        "household_id": IDS["household"],
        "activity_id": IDS["activity"],
        "day": PAST,
    },
}


def rejected(record_type: type[Record], **overrides: Any) -> str:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(record_type, {**BASE[record_type], **overrides})
    return str(caught.value)


@pytest.mark.parametrize("record_type", list(BASE), ids=lambda t: t.__name__)
def test_baseline_is_valid(record_type: type[Record]) -> None:
    assert isinstance(validate_record(record_type, BASE[record_type]), record_type)


@pytest.mark.parametrize(
    ("record_type", "field"),
    [
        (BoundaryPlan, "boundary"),
        (BoundaryPlan, "why_it_matters"),
        (BoundaryPlan, "if_crossed"),
        (TreatmentOption, "name"),
        (TreatmentInvitation, "words"),
        (SoberActivity, "title"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_required_text_cannot_be_blank(record_type: type[Record], field: str, blank: str) -> None:
    assert rejected(record_type, **{field: blank}) == (
        f"{record_type.label}, field '{field}': cannot be empty"
    )


@pytest.mark.parametrize(
    ("record_type", "field", "limit"),
    [
        (BoundaryPlan, "boundary", SHORT_TEXT_MAX_CHARS),
        (BoundaryPlan, "why_it_matters", PLAN_TEXT_MAX_CHARS),
        (BoundaryPlan, "if_crossed", PLAN_TEXT_MAX_CHARS),
        (BoundaryPlan, "how_to_say_it", PLAN_TEXT_MAX_CHARS),
        (BoundaryStatusChange, "note", 5_000),
        (CraftResponse, "what_i_did", SHORT_TEXT_MAX_CHARS),
        (CraftResponse, "what_happened", 5_000),
        (CraftResponse, "how_i_felt", SHORT_TEXT_MAX_CHARS),
        (TreatmentOption, "name", 120),
        (TreatmentOption, "phone", 40),
        (TreatmentOption, "hours", SHORT_TEXT_MAX_CHARS),
        (TreatmentOption, "cost_notes", SHORT_TEXT_MAX_CHARS),
        (TreatmentInvitation, "words", PLAN_TEXT_MAX_CHARS),
        (TreatmentInvitation, "if_no", PLAN_TEXT_MAX_CHARS),
        (SoberActivity, "title", 120),
        (SoberActivity, "why_it_helps", SHORT_TEXT_MAX_CHARS),
        (ActivityOccasion, "note", 5_000),
    ],
)
def test_over_long_text_is_refused_not_cut(
    record_type: type[Record], field: str, limit: int
) -> None:
    at_limit = "1" * limit
    record = validate_record(record_type, {**BASE[record_type], field: at_limit})
    assert getattr(record, field) == at_limit
    message = rejected(record_type, **{field: "1" * (limit + 1)})
    assert message == (
        f"{record_type.label}, field '{field}': must be at most {limit:,} characters "
        f"(it has {limit + 1:,}, and nothing was saved)"
    )


@pytest.mark.parametrize(
    ("record_type", "field"),
    [
        (BoundaryPlan, "plan_date"),
        (BoundaryStatusChange, "day"),
        (CraftResponse, "day"),
        (TreatmentInvitation, "plan_date"),
    ],
)
def test_things_that_happened_cannot_be_in_the_future(
    record_type: type[Record], field: str
) -> None:
    assert rejected(record_type, **{field: FUTURE}) == (
        f"{record_type.label}, field '{field}': cannot be in the future for something that "
        "already happened"
    )
    today = latest_date_on_earth()
    assert (
        getattr(validate_record(record_type, {**BASE[record_type], field: today}), field) == today
    )


def test_review_date_cannot_be_before_the_plan_date() -> None:
    assert rejected(BoundaryPlan, review_date=PAST - timedelta(days=1)) == (
        "Boundary plan, field 'review_date': the review date cannot be before the plan date"
    )
    same_day = validate_record(BoundaryPlan, {**BASE[BoundaryPlan], "review_date": PAST})
    assert same_day.review_date == PAST
    later = validate_record(BoundaryPlan, {**BASE[BoundaryPlan], "review_date": FUTURE})
    assert later.review_date == FUTURE  # a review is planned, so it may be in the future


@pytest.mark.parametrize(
    ("record_type", "field", "value"),
    [
        (BoundaryPlan, "area", "cash"),
        (BoundaryStatusChange, "status", "broken"),
        (CraftResponse, "saw", "high"),
        (CraftResponse, "did", "shouted"),
        (TreatmentInvitation, "outcome", "maybe"),
        (ActivityOccasion, "status", "cancelled"),
        (BoundaryPlan, "tip_id", "Not An Id"),
    ],
)
def test_choices_must_be_known(record_type: type[Record], field: str, value: str) -> None:
    assert rejected(record_type, **{field: value}).startswith(
        f"{record_type.label}, field '{field}'"
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"outcome": "yes"}, "field 'asked_on': say which day you asked"),
        ({"asked_on": PAST}, "field 'outcome': say what happened when you asked"),
        (
            {"asked_on": PAST - timedelta(days=1), "outcome": "no"},
            "field 'asked_on': the day you asked cannot be before the plan date",
        ),
        (
            {"asked_on": FUTURE, "outcome": "yes"},
            "field 'asked_on': cannot be in the future for something that already happened",
        ),
        ({"window_signs": "remorse, sober"}, "field 'window_signs': must be sign ids"),
    ],
)
def test_invitation_outcome_makes_sense(overrides: dict[str, Any], message: str) -> None:
    assert message in rejected(TreatmentInvitation, **overrides)


def test_an_invitation_with_an_answer() -> None:
    record = validate_record(
        TreatmentInvitation,
        {
            **BASE[TreatmentInvitation],
            "asked_on": PAST,
            "outcome": "thinking",
            "window_signs": "remorse,asked-about-help",
        },
    )
    assert record.sign_ids == ["remorse", "asked-about-help"]


@pytest.mark.parametrize("phone", ["555-0142", "+44 (0)20 7946 0000", "0800 123 ext. 2", ""])
def test_phone_numbers(phone: str) -> None:
    record = validate_record(TreatmentOption, {**BASE[TreatmentOption], "phone": phone})
    assert record.phone == phone


@pytest.mark.parametrize("phone", ["555<b>", "call me!", "٠١٢٣"])
def test_phone_numbers_refuse_odd_characters(phone: str) -> None:
    assert rejected(TreatmentOption, phone=phone) == (
        "Treatment option, field 'phone': can only hold digits, letters, spaces and "
        "+ ( ) - . , # * /"
    )


def test_an_activity_done_in_the_future_is_refused_but_a_plan_is_fine() -> None:
    planned = validate_record(ActivityOccasion, {**BASE[ActivityOccasion], "day": FUTURE})
    assert planned.status == "planned"
    for status in ("done", "skipped"):
        assert rejected(ActivityOccasion, day=FUTURE, status=status) == (
            "Activity date, field 'day': cannot be in the future for something that already "
            "happened (mark it as planned instead)"
        )


def test_control_characters_are_refused_with_their_position() -> None:
    assert rejected(BoundaryPlan, boundary="No\x00cash") == (
        "Boundary plan, field 'boundary': contains an invisible control character (code 0x00) "
        "at position 3"
    )


def test_text_keeps_line_breaks_and_markup_as_typed() -> None:
    text = "Line one\nLine two <b>not bold</b> [x](javascript:alert(1))"
    record = validate_record(BoundaryPlan, {**BASE[BoundaryPlan], "why_it_matters": text})
    assert record.why_it_matters == text


# -- in the store -----------------------------------------------------------------------------


def test_every_new_record_round_trips_through_the_store(family: HouseholdStore) -> None:
    loved_one = family.loved_ones()[0].id
    common = {"household_id": family.id}
    plan = family.add(
        validate_record(BoundaryPlan, {**BASE[BoundaryPlan], **common, "loved_one_id": loved_one})
    )
    option = family.add(validate_record(TreatmentOption, {**BASE[TreatmentOption], **common}))
    activity = family.add(
        validate_record(SoberActivity, {**BASE[SoberActivity], **common, "loved_one_id": loved_one})
    )
    children = [
        validate_record(
            BoundaryStatusChange, {**BASE[BoundaryStatusChange], **common, "plan_id": plan.id}
        ),
        validate_record(
            CraftResponse, {**BASE[CraftResponse], **common, "loved_one_id": loved_one}
        ),
        validate_record(
            TreatmentInvitation,
            {
                **BASE[TreatmentInvitation],
                **common,
                "loved_one_id": loved_one,
                "option_id": option.id,
            },
        ),
        validate_record(
            ActivityOccasion, {**BASE[ActivityOccasion], **common, "activity_id": activity.id}
        ),
    ]
    for record in children:
        family.add(record)
    for record in [plan, option, activity, *children]:
        assert family.get(type(record), record.id) == record


def test_a_plan_can_be_archived_and_restored_with_edit_versions(family: HouseholdStore) -> None:
    loved_one = family.loved_ones()[0].id
    plan = family.add(
        validate_record(
            BoundaryPlan,
            {**BASE[BoundaryPlan], "household_id": family.id, "loved_one_id": loved_one},
        )
    )
    archived = family.update(plan.model_copy(update={"archived": True}))
    assert family.get(BoundaryPlan, plan.id).archived is True
    restored = family.update(archived.model_copy(update={"archived": False}))
    assert restored.version == 3
    assert family.get(BoundaryPlan, plan.id).archived is False


@pytest.mark.parametrize(
    ("parent_type", "child_type", "link"),
    [
        (BoundaryPlan, BoundaryStatusChange, "plan_id"),
        (TreatmentOption, TreatmentInvitation, "option_id"),
        (SoberActivity, ActivityOccasion, "activity_id"),
    ],
    ids=["plan", "option", "activity"],
)
def test_a_record_with_entries_logged_against_it_is_not_deleted(
    family: HouseholdStore, parent_type: type[Record], child_type: type[Record], link: str
) -> None:
    """A delete would cascade to (or unlink) those entries without keeping their history."""
    mine = {"household_id": family.id, "loved_one_id": family.loved_ones()[0].id}
    parent_fields = {**BASE[parent_type], **mine}
    if "loved_one_id" not in parent_type.model_fields:
        del parent_fields["loved_one_id"]
    parent = family.add(validate_record(parent_type, parent_fields))
    child_fields = {**BASE[child_type], **mine, link: parent.id}
    if "loved_one_id" not in child_type.model_fields:
        del child_fields["loved_one_id"]
    child = family.add(validate_record(child_type, child_fields))
    with pytest.raises(HasDependents, match=r"1 entry logged against it.*nothing was changed"):
        family.delete(parent_type, parent.id)
    assert family.get(parent_type, parent.id) == parent
    assert family.get(child_type, child.id) == child
    family.delete(child_type, child.id)
    family.delete(parent_type, parent.id)
    assert family.list(parent_type) == []


def test_a_status_for_another_familys_plan_is_refused(store: Store) -> None:
    first = store.create_family(NewFamily("First", "Sam", "Alex"))
    second = store.create_family(NewFamily("Second", "Kai", "Rin"))
    theirs = second.add(
        validate_record(
            BoundaryPlan,
            {
                **BASE[BoundaryPlan],
                "household_id": second.id,
                "loved_one_id": second.loved_ones()[0].id,
            },
        )
    )
    with pytest.raises(WrongHousehold, match="field 'plan_id'"):
        first.add(
            BoundaryStatusChange(household_id=first.id, plan_id=theirs.id, day=PAST, status="kept")
        )
    assert first.list(BoundaryStatusChange) == []
