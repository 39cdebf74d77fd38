"""Validation of every record: ranges, lengths, dates, names, time zones and messages."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from dashboard.records import (
    EARLIEST_DATE,
    NOTE_MAX_CHARS,
    RECORD_BY_TABLE,
    RECORD_TYPES,
    TIMEZONES,
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    EntryVersion,
    FamilyMember,
    Household,
    LovedOne,
    ModuleRead,
    Record,
    RecordInvalid,
    SessionQuestion,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    WarningSignTick,
    latest_date_on_earth,
    today_in,
    validate_record,
)
from dashboard.store import HouseholdStore

PAST_DAY = date(2026, 1, 10)
HOUSEHOLD_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
LOVED_ONE_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")
MEMBER_ID = uuid.UUID("00000000-0000-4000-8000-000000000003")

BASE: dict[type[Record], dict[str, Any]] = {
    Household: {"name": "The Test family"},
    LovedOne: {"household_id": HOUSEHOLD_ID, "display_name": "Sam"},
    FamilyMember: {"household_id": HOUSEHOLD_ID, "display_name": "Alex"},
    DailyCheckin: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "day": PAST_DAY,
        "mood": 3,
        "sleep": 3,
    },
    TreatmentEvent: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "kind": "assessment",
        "start_date": PAST_DAY,
    },
    SmallWin: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "day": PAST_DAY,
        "text": "Went for a walk",
    },
    CaregiverCheckin: {
        "household_id": HOUSEHOLD_ID,
        "family_member_id": MEMBER_ID,
        "day": PAST_DAY,
        "stress": 5,
        "sleep": 3,
    },
    ModuleRead: {
        "household_id": HOUSEHOLD_ID,
        "family_member_id": MEMBER_ID,
        "module_id": "k01-what-is-ketamine",
        "day": PAST_DAY,
    },
    WarningSignTick: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "sign_id": "low-mood",
        "day": PAST_DAY,
    },
    BoundaryPlan: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "boundary": "I pay the phone bill directly; I do not give cash.",
        "why_it_matters": "Cash can end up paying for ketamine.",
        "if_crossed": "I will pay the bill myself and say no to cash, calmly.",
        "plan_date": PAST_DAY,
    },
    BoundaryStatusChange: {
        "household_id": HOUSEHOLD_ID,
        "plan_id": uuid.UUID("00000000-0000-4000-8000-000000000004"),
        "day": PAST_DAY,
        "status": "kept",
    },
    CraftResponse: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "day": PAST_DAY,
        "saw": "not_using",
        "did": "rewarded_non_use",
    },
    TreatmentOption: {"household_id": HOUSEHOLD_ID, "name": "Riverside outpatient clinic"},
    TreatmentInvitation: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "plan_date": PAST_DAY,
        "words": "I love you, and I found a clinic. Would you look at it with me?",
    },
    SoberActivity: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "title": "Cold-water swimming",
    },
    ActivityOccasion: {
        "household_id": HOUSEHOLD_ID,
        "activity_id": uuid.UUID("00000000-0000-4000-8000-000000000005"),
        "day": PAST_DAY,
    },
    SessionQuestion: {
        "household_id": HOUSEHOLD_ID,
        "loved_one_id": LOVED_ONE_ID,
        "range_start": PAST_DAY,
        "range_end": PAST_DAY,
        "text": "Should we ask about a urology referral?",
    },
    EntryVersion: {
        "household_id": HOUSEHOLD_ID,
        "record_table": "small_wins",
        "record_id": uuid.UUID("00000000-0000-4000-8000-000000000006"),
        "record_version": 1,
        "change": "edited",
        "data": '{"id": "00000000-0000-4000-8000-000000000006", '
        '"household_id": "00000000-0000-4000-8000-000000000001", "version": 1}',
    },
}

BIDI_CHARACTERS = [
    "\u061c",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
]
NAME_FIELDS = [
    (Household, "name"),
    (LovedOne, "display_name"),
    (LovedOne, "substance"),
    (FamilyMember, "display_name"),
]
PAST_DATE_FIELDS = [
    (DailyCheckin, "day"),
    (SmallWin, "day"),
    (CaregiverCheckin, "day"),
]
NOTE_FIELDS = [(DailyCheckin, "notes"), (TreatmentEvent, "notes"), (CaregiverCheckin, "notes")]


def data(record_type: type[Record], **overrides: Any) -> dict[str, Any]:
    return {**BASE[record_type], **overrides}


def rejected(record_type: type[Record], **overrides: Any) -> str:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(record_type, data(record_type, **overrides))
    return str(caught.value)


def _name(value: Any) -> str:
    return getattr(value, "__name__", None) or repr(value)


@contextmanager
def process_timezone(name: str) -> Iterator[None]:
    """Run with the process's local time zone set to `name` (as a server might be)."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


# -- the baseline ---------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=_name)
def test_baseline_data_is_valid(record_type: type[Record]) -> None:
    record = validate_record(record_type, data(record_type))
    assert isinstance(record, record_type)
    assert record.version == 1
    assert record.created_at.tzinfo is not None
    assert RECORD_BY_TABLE[record_type.table] is record_type


# -- numeric ranges -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record_type", "field", "value", "accepted"),
    [
        (DailyCheckin, "mood", 0, False),
        (DailyCheckin, "mood", 1, True),
        (DailyCheckin, "mood", 5, True),
        (DailyCheckin, "mood", 6, False),
        (DailyCheckin, "mood", 2.5, False),
        (DailyCheckin, "mood", None, False),
        (DailyCheckin, "sleep", 0, False),
        (DailyCheckin, "sleep", 1, True),
        (DailyCheckin, "sleep", 5, True),
        (DailyCheckin, "sleep", 6, False),
        (DailyCheckin, "craving", -1, False),
        (DailyCheckin, "craving", 0, True),
        (DailyCheckin, "craving", 10, True),
        (DailyCheckin, "craving", 11, False),
        (DailyCheckin, "craving", None, True),
        (CaregiverCheckin, "stress", -1, False),
        (CaregiverCheckin, "stress", 0, True),
        (CaregiverCheckin, "stress", 10, True),
        (CaregiverCheckin, "stress", 11, False),
        (CaregiverCheckin, "sleep", 0, False),
        (CaregiverCheckin, "sleep", 1, True),
        (CaregiverCheckin, "sleep", 5, True),
        (CaregiverCheckin, "sleep", 6, False),
    ],
)
def test_score_ranges(record_type: type[Record], field: str, value: Any, accepted: bool) -> None:
    if accepted:
        record = validate_record(record_type, data(record_type, **{field: value}))
        assert getattr(record, field) == value
    else:
        message = rejected(record_type, **{field: value})
        assert message.startswith(f"{record_type.label}, field '{field}': ")


@pytest.mark.parametrize(
    ("record_type", "field"),
    [(DailyCheckin, "mood"), (DailyCheckin, "sleep"), (CaregiverCheckin, "stress")],
)
def test_missing_score_is_required(record_type: type[Record], field: str) -> None:
    values = data(record_type)
    del values[field]
    with pytest.raises(RecordInvalid) as caught:
        validate_record(record_type, values)
    assert str(caught.value) == f"{record_type.label}, field '{field}': is required"


@pytest.mark.parametrize(
    ("record_type", "field", "value"),
    [
        (DailyCheckin, "observed_use", "maybe"),
        (TreatmentEvent, "kind", "party"),
        (TreatmentEvent, "status", "cancelled"),
        (SmallWin, "category", "money"),
        (FamilyMember, "relationship", "neighbour"),
        (Household, "region", "FR"),
    ],
)
def test_choices_outside_the_list_are_refused(
    record_type: type[Record], field: str, value: str
) -> None:
    assert rejected(record_type, **{field: value}).startswith(
        f"{record_type.label}, field '{field}': "
    )


# -- lengths --------------------------------------------------------------------------------


@pytest.mark.parametrize(("record_type", "field"), NOTE_FIELDS, ids=_name)
@pytest.mark.parametrize("length", [0, 1, NOTE_MAX_CHARS])
def test_notes_up_to_the_limit_are_kept_whole(
    record_type: type[Record], field: str, length: int
) -> None:
    note = "n" * length
    record = validate_record(record_type, data(record_type, **{field: note}))
    assert getattr(record, field) == note


@pytest.mark.parametrize(("record_type", "field"), NOTE_FIELDS, ids=_name)
@pytest.mark.parametrize("length", [NOTE_MAX_CHARS + 1, 3 * NOTE_MAX_CHARS])
def test_over_long_notes_are_refused_with_a_whole_message(
    record_type: type[Record], field: str, length: int
) -> None:
    message = rejected(record_type, **{field: "n" * length})
    assert message == (
        f"{record_type.label}, field '{field}': must be at most 5,000 characters "
        f"(it has {length:,}, and nothing was saved)"
    )


def test_where_replaces_the_label_in_messages() -> None:
    with pytest.raises(RecordInvalid) as caught:
        validate_record(DailyCheckin, data(DailyCheckin, mood=9), where="daily_checkins[3]")
    assert str(caught.value).startswith("daily_checkins[3], field 'mood': ")


def test_every_problem_is_reported_on_one_line() -> None:
    message = rejected(DailyCheckin, mood=0, sleep=9, notes="n" * 5_001)
    assert "\n" not in message
    assert re.findall(r"field '(\w+)'", message) == ["mood", "sleep", "notes"]
    assert message.count("Daily check-in, ") == 3


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("record_type", "field"), PAST_DATE_FIELDS, ids=_name)
def test_future_dates_are_refused_for_things_that_happened(
    record_type: type[Record], field: str
) -> None:
    future = latest_date_on_earth() + timedelta(days=1)
    message = rejected(record_type, **{field: future})
    assert message == (
        f"{record_type.label}, field '{field}': "
        "cannot be in the future for something that already happened"
    )


@pytest.mark.parametrize(("record_type", "field"), PAST_DATE_FIELDS, ids=_name)
def test_the_latest_date_on_earth_is_accepted(record_type: type[Record], field: str) -> None:
    latest = latest_date_on_earth()
    record = validate_record(record_type, data(record_type, **{field: latest}))
    assert getattr(record, field) == latest


@pytest.mark.parametrize(
    ("record_type", "field"), [*PAST_DATE_FIELDS, (TreatmentEvent, "start_date")], ids=str
)
def test_dates_before_1900_are_refused(record_type: type[Record], field: str) -> None:
    message = rejected(record_type, **{field: EARLIEST_DATE - timedelta(days=1)})
    assert message == f"{record_type.label}, field '{field}': must be on or after 1900-01-01"


@pytest.mark.parametrize(
    ("status", "start_days_ahead", "end_days_ahead", "accepted"),
    [
        ("planned", 30, None, True),
        ("planned", 30, 45, True),
        ("planned", 3650, None, True),
        ("planned", -10, None, True),
        ("actual", 0, None, True),
        ("actual", -10, 5, True),
        ("actual", 1, None, False),
        ("actual", 30, 45, False),
    ],
)
def test_only_planned_treatment_events_may_start_in_the_future(
    status: str, start_days_ahead: int, end_days_ahead: int | None, accepted: bool
) -> None:
    latest = latest_date_on_earth()
    end = None if end_days_ahead is None else latest + timedelta(days=end_days_ahead)
    values = {"status": status, "start_date": latest + timedelta(days=start_days_ahead)}
    if accepted:
        event = validate_record(TreatmentEvent, data(TreatmentEvent, **values, end_date=end))
        assert event.start_date == values["start_date"]
        assert event.end_date == end
    else:
        message = rejected(TreatmentEvent, **values, end_date=end)
        assert message == (
            "Treatment event, field 'start_date': an event that already happened cannot "
            "start in the future (mark it as planned instead)"
        )


@pytest.mark.parametrize(
    ("end", "accepted"),
    [
        (None, True),
        (PAST_DAY, True),
        (PAST_DAY + timedelta(days=1), True),
        (PAST_DAY - timedelta(days=1), False),
        (PAST_DAY - timedelta(days=400), False),
    ],
)
def test_end_date_cannot_be_before_start_date(end: date | None, accepted: bool) -> None:
    if accepted:
        event = validate_record(TreatmentEvent, data(TreatmentEvent, end_date=end))
        assert event.end_date == end
    else:
        assert rejected(TreatmentEvent, end_date=end) == (
            "Treatment event, field 'end_date': the end date cannot be before the start date"
        )


@pytest.mark.parametrize("value", ["2026-02-30", "yesterday", "10/01/2026", ""])
def test_unreadable_dates_are_refused(value: str) -> None:
    assert rejected(DailyCheckin, day=value).startswith("Daily check-in, field 'day': ")


# -- names, titles and bidi control characters ----------------------------------------------


@pytest.mark.parametrize(("record_type", "field"), [*NAME_FIELDS, (TreatmentEvent, "title")])
@pytest.mark.parametrize("control", BIDI_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_are_stripped_from_names_and_titles(
    record_type: type[Record], field: str, control: str
) -> None:
    for raw in (f"Sa{control}m", f"{control}Sam", f"Sam{control}", f" {control}Sam{control} "):
        record = validate_record(record_type, data(record_type, **{field: raw}))
        assert getattr(record, field) == "Sam", repr(raw)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("  Sam  ", "Sam"),
        ("Zoë Ó Briain", "Zoë Ó Briain"),
        ("Jordan (demo)", "Jordan (demo)"),
        ("محمد", "محمد"),
        ("\u2067محمد\u2069 & Sam", "محمد & Sam"),
        ("x" * 80, "x" * 80),
    ],
)
def test_names_keep_their_real_characters(raw: str, kept: str) -> None:
    assert validate_record(LovedOne, data(LovedOne, display_name=raw)).display_name == kept


@pytest.mark.parametrize(("record_type", "field"), NAME_FIELDS)
@pytest.mark.parametrize("raw", ["", "   ", "\t\n", "\u202e", "\u2066\u2069", " \u200f "], ids=repr)
def test_empty_names_are_refused(record_type: type[Record], field: str, raw: str) -> None:
    assert rejected(record_type, **{field: raw}).startswith(
        f"{record_type.label}, field '{field}': "
    )


@pytest.mark.parametrize(
    ("record_type", "field", "limit"),
    [*((rt, f, 80) for rt, f in NAME_FIELDS), (TreatmentEvent, "title", 120)],
)
def test_over_long_names_and_titles_are_refused(
    record_type: type[Record], field: str, limit: int
) -> None:
    record = validate_record(record_type, data(record_type, **{field: "x" * limit}))
    assert getattr(record, field) == "x" * limit
    assert rejected(record_type, **{field: "x" * (limit + 1)}).startswith(
        f"{record_type.label}, field '{field}': "
    )


def test_treatment_event_title_may_be_empty() -> None:
    assert validate_record(TreatmentEvent, data(TreatmentEvent, title="  ")).title == ""


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_win_text_is_refused(raw: str) -> None:
    assert rejected(SmallWin, text=raw).startswith("Small win, field 'text': ")


# -- time zones -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    ["America/New_York", "Europe/London", "Australia/Sydney", "Pacific/Kiritimati", "UTC"],
)
def test_known_time_zones_are_accepted(zone: str) -> None:
    assert zone in TIMEZONES
    assert validate_record(LovedOne, data(LovedOne, timezone=zone)).timezone == zone


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus_Mons",
        "America/NewYork",
        "",
        " UTC",
        "utc",
        "Etc/GMT+15",
        "../../etc/passwd",
        "/etc/localtime",
    ],
)
def test_unknown_time_zones_are_refused(zone: str) -> None:
    assert rejected(LovedOne, timezone=zone) == (
        f"Loved one, field 'timezone': '{zone}' is not a known time zone, e.g. America/New_York"
    )


# -- today, the latest date on earth, and daylight saving -----------------------------------


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        # Spring forward in New York: 2026-03-08 02:00 EST becomes 03:00 EDT (07:00 UTC).
        ("2026-03-08T04:59:59", "America/New_York", date(2026, 3, 7)),
        ("2026-03-08T05:00:00", "America/New_York", date(2026, 3, 8)),
        ("2026-03-08T06:59:59", "America/New_York", date(2026, 3, 8)),
        ("2026-03-08T07:00:00", "America/New_York", date(2026, 3, 8)),
        ("2026-03-09T03:59:59", "America/New_York", date(2026, 3, 8)),
        ("2026-03-09T04:00:00", "America/New_York", date(2026, 3, 9)),
        # Fall back: 2026-11-01 02:00 EDT becomes 01:00 EST (06:00 UTC).
        ("2026-11-01T03:59:59", "America/New_York", date(2026, 10, 31)),
        ("2026-11-01T04:00:00", "America/New_York", date(2026, 11, 1)),
        ("2026-11-01T05:30:00", "America/New_York", date(2026, 11, 1)),
        ("2026-11-01T06:30:00", "America/New_York", date(2026, 11, 1)),
        ("2026-11-02T04:59:59", "America/New_York", date(2026, 11, 1)),
        ("2026-11-02T05:00:00", "America/New_York", date(2026, 11, 2)),
        # The date line: Kiritimati (UTC+14) is a day ahead of UTC from 10:00 UTC.
        ("2026-03-08T09:59:59", "Pacific/Kiritimati", date(2026, 3, 8)),
        ("2026-03-08T10:00:00", "Pacific/Kiritimati", date(2026, 3, 9)),
        ("2026-03-08T10:00:00", "UTC", date(2026, 3, 8)),
        ("2026-03-08T23:59:59", "UTC", date(2026, 3, 8)),
        ("2026-03-08T11:59:59", "Pacific/Pago_Pago", date(2026, 3, 8)),
        ("2026-03-08T11:00:00", "Pacific/Pago_Pago", date(2026, 3, 8)),
        ("2026-03-08T10:59:59", "Pacific/Pago_Pago", date(2026, 3, 7)),
    ],
)
def test_today_in_is_the_local_calendar_date(instant: str, zone: str, expected: date) -> None:
    assert today_in(zone, utc(instant)) == expected


def test_a_moment_stored_without_its_zone_is_read_as_utc() -> None:
    """SQLite hands stored moments back naive; they were written in UTC."""
    naive = datetime.fromisoformat("2026-12-02T03:00:00")
    assert today_in("America/New_York", naive) == date(2026, 12, 1)
    assert today_in("UTC", naive) == date(2026, 12, 2)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2026-03-08T09:59:59", date(2026, 3, 8)),
        ("2026-03-08T10:00:00", date(2026, 3, 9)),
        ("2026-11-01T06:30:00", date(2026, 11, 1)),
        ("2026-12-31T10:00:00", date(2027, 1, 1)),
        ("2026-12-31T09:59:59", date(2026, 12, 31)),
    ],
)
def test_latest_date_on_earth_is_kiritimatis_date(instant: str, expected: date) -> None:
    now = utc(instant)
    assert latest_date_on_earth(now) == expected
    assert latest_date_on_earth(now) == today_in("Pacific/Kiritimati", now)
    assert latest_date_on_earth(now) >= today_in("UTC", now)


@pytest.mark.parametrize(
    "instant",
    ["2026-03-08T06:59:59", "2026-03-08T07:00:00", "2026-11-01T05:59:59", "2026-11-01T06:00:00"],
)
def test_no_time_zone_is_ahead_of_the_latest_date_on_earth(instant: str) -> None:
    now = utc(instant)
    latest = latest_date_on_earth(now)
    ahead = [zone for zone in TIMEZONES if today_in(zone, now) > latest]
    assert ahead == []


@pytest.mark.parametrize("server_zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kolkata"])
def test_dates_do_not_depend_on_the_server_time_zone(server_zone: str) -> None:
    instants = ["2026-03-08T06:59:59", "2026-03-09T04:00:00", "2026-11-01T04:00:00"]
    expected = [
        (today_in("America/New_York", utc(i)), latest_date_on_earth(utc(i))) for i in instants
    ]
    with process_timezone(server_zone):
        shifted = [
            (today_in("America/New_York", utc(i)), latest_date_on_earth(utc(i))) for i in instants
        ]
    assert shifted == expected


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1), date(2026, 3, 7)])
def test_stored_dates_around_daylight_saving_never_shift(family: HouseholdStore, day: date) -> None:
    loved_one = family.loved_ones()[0]
    checkin = validate_record(
        DailyCheckin,
        {
            "household_id": family.id,
            "loved_one_id": loved_one.id,
            "day": day,
            "mood": 4,
            "sleep": 2,
        },
    )
    event = validate_record(
        TreatmentEvent,
        {
            "household_id": family.id,
            "loved_one_id": loved_one.id,
            "kind": "withdrawal_management",
            "start_date": day,
            "end_date": day + timedelta(days=1),
        },
    )
    family.save_checkin(checkin)
    family.add(event)
    with process_timezone("Pacific/Kiritimati"):
        stored = family.get(DailyCheckin, checkin.id)
        on_the_day = family.list(DailyCheckin, start=day, end=day)
        stored_event = family.get(TreatmentEvent, event.id)
    assert stored.day == day
    assert [c.id for c in on_the_day] == [checkin.id]
    assert (stored_event.start_date, stored_event.end_date) == (day, day + timedelta(days=1))


# -- unknown fields -------------------------------------------------------------------------


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=_name)
@pytest.mark.parametrize("field", ["colour", "data_version", "is_admin"])
def test_extra_fields_are_refused(record_type: type[Record], field: str) -> None:
    assert rejected(record_type, **{field: 1}) == (
        f"{record_type.label}, field '{field}': is not a field Harbor knows"
    )


def test_assignment_is_validated_too() -> None:
    checkin = validate_record(DailyCheckin, data(DailyCheckin))
    with pytest.raises(ValueError, match="mood"):
        checkin.mood = 9
    assert checkin.mood == 3
