"""Pydantic models of every record Harbor stores.

Validation lives here, once. Forms, the CLI importer and the store all build these
models, so a rule changed here changes everywhere. Messages name the field in words a
family member understands.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

NOTE_MAX_CHARS = 5_000
NAME_MAX_CHARS = 80
TITLE_MAX_CHARS = 120
WIN_TEXT_MAX_CHARS = 500
LOCK_HASH_MAX_CHARS = 200
CONTENT_ID_MAX_CHARS = 80
TIMEZONE_MAX_CHARS = 64
EARLIEST_DATE = date(1900, 1, 1)
# Every date a record holds must be one pandas and Plotly can draw (pandas stops in 2262).
LATEST_DATE = date(2200, 12, 31)
# Timestamps in a backup file: Harbor did not exist before 2000, and a clock a little ahead
# is forgiven, but not a record stamped years from now.
EARLIEST_TIMESTAMP = datetime(2000, 1, 1, tzinfo=UTC)
TIMESTAMP_SLACK = timedelta(days=1)

# Bidirectional control characters can make a name display as something it is not.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing: format characters (zero-width space and joiner, word joiner,
# BOM), spaces and line separators, combining marks with nothing to combine with, controls,
# and the blank letters (Hangul fillers, the blank Braille pattern). A name made only of
# these looks empty, so it is refused like an empty one.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp", "Mn", "Me", "Cc"})
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

Region = Literal["US", "UK", "CA", "AU", "IE", "NZ", "ZZ"]
ObservedUse = Literal["none", "suspected", "confirmed", "unknown"]
# Kinds of TreatmentEvent drawn as phases (bars), in the order care usually runs.
PhaseKind = Literal[
    "assessment",
    "withdrawal_management",
    "residential",
    "intensive_outpatient",
    "outpatient",
    "continuing_care",
]
EventKind = Literal[
    PhaseKind,
    "therapy_session",
    "medical_appointment",
    "support_meeting",
    "lapse",
    "milestone",
    "other",
]
EventStatus = Literal["planned", "actual"]
WinCategory = Literal[
    "health", "treatment", "family", "work_school", "honesty", "self_care", "other"
]
WinSource = Literal["logged", "rule"]
Relationship = Literal["parent", "partner", "sibling", "child", "friend", "other"]

REGION_LABELS: dict[str, str] = {
    "US": "United States",
    "UK": "United Kingdom",
    "CA": "Canada",
    "AU": "Australia",
    "IE": "Ireland",
    "NZ": "New Zealand",
    "ZZ": "Somewhere else (choose this if your country is not listed)",
}
OBSERVED_USE_LABELS: dict[str, str] = {
    "none": "No use seen",
    "suspected": "Use suspected",
    "confirmed": "Use confirmed",
    "unknown": "Don't know",
}
EVENT_KIND_LABELS: dict[str, str] = {
    "assessment": "Assessment",
    "withdrawal_management": "Withdrawal management (detox)",
    "residential": "Residential treatment",
    "intensive_outpatient": "Intensive outpatient",
    "outpatient": "Outpatient treatment",
    "continuing_care": "Continuing care (aftercare)",
    "therapy_session": "Therapy session",
    "medical_appointment": "Medical appointment",
    "support_meeting": "Support meeting",
    "lapse": "Lapse",
    "milestone": "Milestone",
    "other": "Other",
}
WIN_CATEGORY_LABELS: dict[str, str] = {
    "health": "Health",
    "treatment": "Treatment",
    "family": "Family",
    "work_school": "Work or school",
    "honesty": "Honesty",
    "self_care": "Self-care",
    "other": "Other",
}
RELATIONSHIP_LABELS: dict[str, str] = {
    "parent": "Parent",
    "partner": "Partner",
    "sibling": "Sibling",
    "child": "Adult child",
    "friend": "Friend",
    "other": "Other",
}


TIMEZONES: list[str] = sorted(available_timezones())


def latest_date_on_earth(now: datetime | None = None) -> date:
    """The calendar date in the furthest-ahead time zone (UTC+14).

    "No future dates" must never refuse a family's own today, wherever they live, so the
    limit is the latest date that exists anywhere right now.
    """
    now = now or datetime.now(UTC)
    return now.astimezone(timezone(timedelta(hours=14))).date()


def today_in(timezone_name: str, now: datetime | None = None) -> date:
    """Today's calendar date for a loved one, from their own time zone (DST-safe); also the
    day a stored moment fell on for them (SQLite hands moments back without their zone, UTC)."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(ZoneInfo(timezone_name)).date()


def _clean_name(value: Any) -> Any:
    """Remove bidi controls first, then surrounding spaces, so no blank name slips through."""
    return BIDI_CONTROLS.sub("", value).strip() if isinstance(value, str) else value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def is_invisible(text: str) -> bool:
    """True when `text` has characters but none that a person can see."""
    return bool(text) and all(
        char in BLANK_LETTERS or unicodedata.category(char) in INVISIBLE_CATEGORIES for char in text
    )


def _visible(value: str) -> str:
    if is_invisible(value):
        raise ValueError(
            "has only invisible characters (such as zero-width spaces); "
            "type something people can read"
        )
    return value


# Control characters (other than tab and line breaks) are never typed by a person, and
# PostgreSQL refuses NUL outright: reject them with a message rather than fail on save.
# Lone surrogates are not text at all and cannot be stored as UTF-8.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _no_control_characters(value: str) -> str:
    found = CONTROL_CHARACTERS.search(value)
    if found is not None:
        code = ord(found.group())
        what = "an invisible control character" if code < 0xD800 else "a character that is not text"
        raise ValueError(f"contains {what} (code {code:#04x}) at position {found.start() + 1}")
    return value


def _not_in_future(value: date) -> date:
    if value > latest_date_on_earth():
        raise ValueError("cannot be in the future for something that already happened")
    return value


def _not_too_old(value: date) -> date:
    if value < EARLIEST_DATE:
        raise ValueError(f"must be on or after {EARLIEST_DATE.isoformat()}")
    return value


def _not_too_far(value: date) -> date:
    if value > LATEST_DATE:
        raise ValueError(f"must be on or before {LATEST_DATE.isoformat()}")
    return value


def _valid_timezone(value: str) -> str:
    if value not in TIMEZONES:
        raise ValueError(f"'{value}' is not a known time zone, e.g. America/New_York")
    return value


def _as_utc(value: datetime) -> datetime:
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is at the very edge of the calendar and cannot be stored") from None


Name = Annotated[
    str,
    BeforeValidator(_clean_name),
    Field(min_length=1, max_length=NAME_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
Title = Annotated[
    str,
    BeforeValidator(_clean_name),
    Field(max_length=TITLE_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
Note = Annotated[str, Field(max_length=NOTE_MAX_CHARS), AfterValidator(_no_control_characters)]
# The id of a guide, sign or tip in data/: lower-case words joined by hyphens.
ContentId = Annotated[
    str, Field(min_length=1, max_length=CONTENT_ID_MAX_CHARS, pattern=r"^[a-z0-9-]+$")
]
RuleName = Annotated[
    str, Field(max_length=CONTENT_ID_MAX_CHARS), AfterValidator(_no_control_characters)
]
PastDate = Annotated[date, AfterValidator(_not_too_old), AfterValidator(_not_in_future)]
AnyDate = Annotated[date, AfterValidator(_not_too_old), AfterValidator(_not_too_far)]
TimezoneName = Annotated[str, AfterValidator(_valid_timezone)]
UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Record(BaseModel):
    """Fields every stored record shares: a stable id, timestamps and an edit version."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, validate_assignment=True)

    label: ClassVar[str] = "record"
    table: ClassVar[str] = ""

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    created_at: UtcDateTime = Field(default_factory=_utc_now)
    updated_at: UtcDateTime = Field(default_factory=_utc_now)
    # Fits a 32-bit integer column on every database.
    version: int = Field(default=1, ge=1, le=2**31 - 1)


class Household(Record):
    label: ClassVar[str] = "Household"
    table: ClassVar[str] = "households"

    name: Name
    region: Region = "US"
    is_demo: bool = False
    # An argon2 hash of the optional privacy-lock passphrase (see dashboard/lock.py).
    lock_hash: str | None = Field(default=None, max_length=LOCK_HASH_MAX_CHARS)
    # Minutes an unlocked Harbor may sit idle before it locks again (None: the default, 10).
    lock_idle_minutes: int | None = Field(default=None, ge=1, le=240)


class HouseholdRecord(Record):
    """A record that belongs to one household; the store scopes every query by it."""

    household_id: uuid.UUID


class LovedOne(HouseholdRecord):
    label: ClassVar[str] = "Loved one"
    table: ClassVar[str] = "loved_ones"

    display_name: Name
    substance: Name = "ketamine"
    timezone: TimezoneName = "America/New_York"


class FamilyMember(HouseholdRecord):
    label: ClassVar[str] = "Family member"
    table: ClassVar[str] = "family_members"

    display_name: Name
    relationship: Relationship = "parent"


class DailyCheckin(HouseholdRecord):
    label: ClassVar[str] = "Daily check-in"
    table: ClassVar[str] = "daily_checkins"

    loved_one_id: uuid.UUID
    day: PastDate
    observed_use: ObservedUse = "unknown"
    mood: int = Field(ge=1, le=5)
    sleep: int = Field(ge=1, le=5)
    attended_treatment: bool = False
    craving: int | None = Field(default=None, ge=0, le=10)
    urinary_symptoms: bool = False
    notes: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    logged_by: uuid.UUID | None = None


class TreatmentEvent(HouseholdRecord):
    label: ClassVar[str] = "Treatment event"
    table: ClassVar[str] = "treatment_events"

    loved_one_id: uuid.UUID
    kind: EventKind
    title: Title = ""
    start_date: AnyDate
    end_date: AnyDate | None = None
    status: EventStatus = "actual"
    notes: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    logged_by: uuid.UUID | None = None

    @model_validator(mode="after")
    def _dates_make_sense(self) -> TreatmentEvent:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date: the end date cannot be before the start date")
        if self.status == "actual" and self.start_date > latest_date_on_earth():
            raise ValueError(
                "start_date: an event that already happened cannot start in the future "
                "(mark it as planned instead)"
            )
        return self


class SmallWin(HouseholdRecord):
    label: ClassVar[str] = "Small win"
    table: ClassVar[str] = "small_wins"

    loved_one_id: uuid.UUID
    day: PastDate
    category: WinCategory = "other"
    text: Annotated[
        str,
        BeforeValidator(_clean_name),
        Field(min_length=1, max_length=WIN_TEXT_MAX_CHARS),
        AfterValidator(_no_control_characters),
        AfterValidator(_visible),
    ]
    source: WinSource = "logged"
    rule: (
        Annotated[
            str, Field(max_length=CONTENT_ID_MAX_CHARS), AfterValidator(_no_control_characters)
        ]
        | None
    ) = None
    logged_by: uuid.UUID | None = None


class CaregiverCheckin(HouseholdRecord):
    label: ClassVar[str] = "Caregiver check-in"
    table: ClassVar[str] = "caregiver_checkins"

    family_member_id: uuid.UUID
    day: PastDate
    stress: int = Field(ge=0, le=10)
    sleep: int = Field(ge=1, le=5)
    self_care_done: bool = False
    self_care_note: Annotated[
        str,
        BeforeValidator(_clean_name),
        Field(max_length=WIN_TEXT_MAX_CHARS),
        AfterValidator(_no_control_characters),
        AfterValidator(_visible),
    ] = ""
    notes: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False

    @field_validator("self_care_note")
    @classmethod
    def _self_care_note_plain(cls, value: str) -> str:
        return value.strip()


class ModuleRead(HouseholdRecord):
    """A family member finished reading a learn module (progress is per person)."""

    label: ClassVar[str] = "Module read"
    table: ClassVar[str] = "module_reads"

    family_member_id: uuid.UUID
    module_id: Annotated[
        str, Field(min_length=1, max_length=CONTENT_ID_MAX_CHARS, pattern=r"^[a-z0-9-]+$")
    ]
    day: PastDate


class WarningSignTick(HouseholdRecord):
    """A sign the family noticed on a day. Shown as it is: never scored or summed up."""

    label: ClassVar[str] = "Warning sign noticed"
    table: ClassVar[str] = "warning_sign_ticks"

    loved_one_id: uuid.UUID
    sign_id: Annotated[
        str, Field(min_length=1, max_length=CONTENT_ID_MAX_CHARS, pattern=r"^[a-z0-9-]+$")
    ]
    day: PastDate
    logged_by: uuid.UUID | None = None


# -- boundaries and CRAFT skills in practice ------------------------------------------------

BoundaryArea = Literal[
    "money",
    "home",
    "safety",
    "self_care",
    "environment",
    "activities",
    "treatment_logistics",
    "other",
]
BoundaryStatus = Literal["kept", "tested", "crossed", "revised"]
ResponseSaw = Literal["not_using", "using", "cant_tell"]
ResponseAction = Literal[
    "rewarded_non_use", "stepped_away", "natural_consequence", "held_boundary", "other"
]
InvitationOutcome = Literal["not_yet_asked", "yes", "thinking", "no", "other"]
OccasionStatus = Literal["planned", "done", "skipped"]

BOUNDARY_AREA_LABELS: dict[str, str] = {
    "money": "Money",
    "home": "Home rules",
    "safety": "Safety",
    "self_care": "Emotional reserves and self-care",
    "environment": "Environment and triggers",
    "activities": "Alternative activities",
    "treatment_logistics": "Help with treatment logistics",
    "other": "Other",
}
BOUNDARY_STATUS_LABELS: dict[str, str] = {
    "kept": "Kept",
    "tested": "Tested",
    "crossed": "Crossed",
    "revised": "Revised",
}
RESPONSE_SAW_LABELS: dict[str, str] = {
    "not_using": "Not using",
    "using": "Using",
    "cant_tell": "Can't tell",
}
RESPONSE_ACTION_LABELS: dict[str, str] = {
    "rewarded_non_use": "Rewarded non-use",
    "stepped_away": "Stepped away",
    "natural_consequence": "Allowed a natural consequence",
    "held_boundary": "Set or held a boundary",
    "other": "Something else",
}
INVITATION_OUTCOME_LABELS: dict[str, str] = {
    "not_yet_asked": "Not asked yet",
    "yes": "They said yes",
    "thinking": "They will think about it",
    "no": "They said no, for now",
    "other": "Something else happened",
}
OCCASION_STATUS_LABELS: dict[str, str] = {
    "planned": "Planned",
    "done": "Done together",
    "skipped": "Did not happen",
}

PLAN_TEXT_MAX_CHARS = 1_000
SHORT_TEXT_MAX_CHARS = 500
PHONE_MAX_CHARS = 40
PHONE_CHARACTERS = re.compile(r"[0-9A-Za-z +().,\-#*/]*")


def _phone_characters(value: str) -> str:
    if PHONE_CHARACTERS.fullmatch(value) is None:
        raise ValueError("can only hold digits, letters, spaces and + ( ) - . , # * /")
    return value


def _sign_ids(value: str) -> str:
    if value and re.fullmatch(r"[a-z0-9-]+(,[a-z0-9-]+)*", value) is None:
        raise ValueError("must be sign ids separated by commas, e.g. remorse,asked-for-help")
    return value


# Text a person writes in a plan: required ones refuse blanks, none is ever cut short.
PlanText = Annotated[
    str,
    BeforeValidator(_strip),
    Field(min_length=1, max_length=PLAN_TEXT_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
OptionalPlanText = Annotated[
    str,
    BeforeValidator(_strip),
    Field(max_length=PLAN_TEXT_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
# Short texts lose bidi controls, like names (prose in plans and notes keeps its marks).
ShortText = Annotated[
    str,
    BeforeValidator(_clean_name),
    Field(min_length=1, max_length=SHORT_TEXT_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
OptionalShortText = Annotated[
    str,
    BeforeValidator(_clean_name),
    Field(max_length=SHORT_TEXT_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
RequiredTitle = Annotated[
    str,
    BeforeValidator(_clean_name),
    Field(min_length=1, max_length=TITLE_MAX_CHARS),
    AfterValidator(_no_control_characters),
    AfterValidator(_visible),
]
ContentId = Annotated[
    str, Field(min_length=1, max_length=CONTENT_ID_MAX_CHARS, pattern=r"^[a-z0-9-]+$")
]


class BoundaryPlan(HouseholdRecord):
    """A boundary is a promise about what I will do, so the plan is written about me."""

    label: ClassVar[str] = "Boundary plan"
    table: ClassVar[str] = "boundary_plans"

    loved_one_id: uuid.UUID
    area: BoundaryArea = "other"
    tip_id: ContentId | None = None
    boundary: ShortText
    why_it_matters: PlanText
    if_crossed: PlanText
    how_to_say_it: OptionalPlanText = ""
    plan_date: PastDate
    review_date: AnyDate | None = None
    archived: bool = False
    logged_by: uuid.UUID | None = None

    @model_validator(mode="after")
    def _review_after_plan(self) -> BoundaryPlan:
        if self.review_date is not None and self.review_date < self.plan_date:
            raise ValueError("review_date: the review date cannot be before the plan date")
        return self


class BoundaryStatusChange(HouseholdRecord):
    """How a boundary went on a day: kept, tested, crossed or revised, with a note."""

    label: ClassVar[str] = "Boundary status"
    table: ClassVar[str] = "boundary_status_changes"

    plan_id: uuid.UUID
    day: PastDate
    status: BoundaryStatus
    note: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    logged_by: uuid.UUID | None = None


class CraftResponse(HouseholdRecord):
    """One moment of CRAFT in practice: what I saw, what I did, and what happened next."""

    label: ClassVar[str] = "Response"
    table: ClassVar[str] = "craft_responses"

    loved_one_id: uuid.UUID
    day: PastDate
    saw: ResponseSaw
    did: ResponseAction
    what_i_did: OptionalShortText = ""
    what_happened: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    how_i_felt: OptionalShortText = ""
    logged_by: uuid.UUID | None = None


class TreatmentOption(HouseholdRecord):
    """A programme lined up in advance, so a window of opportunity is not lost to searching."""

    label: ClassVar[str] = "Treatment option"
    table: ClassVar[str] = "treatment_options"

    name: RequiredTitle
    phone: Annotated[
        str,
        BeforeValidator(_strip),
        Field(max_length=PHONE_MAX_CHARS),
        AfterValidator(_phone_characters),
    ] = ""
    hours: OptionalShortText = ""
    cost_notes: OptionalShortText = ""
    notes: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False


class TreatmentInvitation(HouseholdRecord):
    """A plan to invite the loved one into treatment, and how it went."""

    label: ClassVar[str] = "Treatment invitation"
    table: ClassVar[str] = "treatment_invitations"

    loved_one_id: uuid.UUID
    plan_date: PastDate
    window_signs: Annotated[
        str, Field(max_length=SHORT_TEXT_MAX_CHARS), AfterValidator(_sign_ids)
    ] = ""
    option_id: uuid.UUID | None = None
    words: PlanText
    if_no: OptionalPlanText = ""
    asked_on: PastDate | None = None
    outcome: InvitationOutcome = "not_yet_asked"
    outcome_note: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    logged_by: uuid.UUID | None = None

    @property
    def sign_ids(self) -> list[str]:
        return [sign for sign in self.window_signs.split(",") if sign]

    @model_validator(mode="after")
    def _outcome_makes_sense(self) -> TreatmentInvitation:
        if self.outcome != "not_yet_asked" and self.asked_on is None:
            raise ValueError("asked_on: say which day you asked")
        if self.outcome == "not_yet_asked" and self.asked_on is not None:
            raise ValueError("outcome: say what happened when you asked")
        if self.asked_on is not None and self.asked_on < self.plan_date:
            raise ValueError("asked_on: the day you asked cannot be before the plan date")
        return self


class SoberActivity(HouseholdRecord):
    """Something the loved one enjoys that competes with use: the map of better options."""

    label: ClassVar[str] = "Sober activity"
    table: ClassVar[str] = "sober_activities"

    loved_one_id: uuid.UUID
    title: RequiredTitle
    why_it_helps: OptionalShortText = ""
    competes_with: OptionalShortText = ""
    cost_notes: OptionalShortText = ""
    archived: bool = False
    logged_by: uuid.UUID | None = None


class ActivityOccasion(HouseholdRecord):
    """A day an activity was planned, done together, or did not happen."""

    label: ClassVar[str] = "Activity date"
    table: ClassVar[str] = "activity_occasions"

    activity_id: uuid.UUID
    day: AnyDate
    status: OccasionStatus = "planned"
    note: Note = ""
    # The note goes into a session report only when the family ticked "share in reports".
    share_in_reports: bool = False
    logged_by: uuid.UUID | None = None

    @model_validator(mode="after")
    def _done_is_not_in_future(self) -> ActivityOccasion:
        if self.status != "planned" and self.day > latest_date_on_earth():
            raise ValueError(
                "day: cannot be in the future for something that already happened "
                "(mark it as planned instead)"
            )
        return self


# -- session report --------------------------------------------------------------------------

QUESTION_MAX_CHARS = 1_000


class SessionQuestion(HouseholdRecord):
    """A question the family wants to ask the care team, saved with the dates it is about."""

    label: ClassVar[str] = "Question for the care team"
    table: ClassVar[str] = "session_questions"

    loved_one_id: uuid.UUID
    range_start: AnyDate
    range_end: AnyDate
    text: Annotated[
        str,
        BeforeValidator(_strip),
        Field(min_length=1, max_length=QUESTION_MAX_CHARS),
        AfterValidator(_no_control_characters),
        AfterValidator(_visible),
    ]
    logged_by: uuid.UUID | None = None

    @model_validator(mode="after")
    def _range_in_order(self) -> SessionQuestion:
        if self.range_end < self.range_start:
            raise ValueError("range_end: the last day cannot be before the first day")
        return self


# -- entry history ----------------------------------------------------------------------------

# The tables whose entries keep their earlier versions: everything a family writes, except the
# household itself (it holds the lock's hash, which must not linger) and reading or sign ticks
# (on or off, with nothing typed in them to lose).
VersionedTable = Literal[
    "loved_ones",
    "family_members",
    "daily_checkins",
    "treatment_events",
    "small_wins",
    "caregiver_checkins",
    "boundary_plans",
    "boundary_status_changes",
    "craft_responses",
    "treatment_options",
    "treatment_invitations",
    "sober_activities",
    "activity_occasions",
    "session_questions",
]
VERSIONED_TABLES: tuple[str, ...] = VersionedTable.__args__  # type: ignore[attr-defined]
VersionChange = Literal["edited", "replaced", "restored", "deleted", "moved"]
# What happened to a version, as its line in the history says it.
VERSION_CHANGE_LABELS: dict[str, str] = {
    "edited": "Changed by an edit",
    "replaced": "Replaced by a new entry for the same day",
    "restored": "Replaced when an earlier version was restored",
    "deleted": "Deleted",
    # Migration 0010: a date after 31 Dec 2200 (which no chart can draw) moved to that day.
    "moved": "Its date after 2200 moved to 31 Dec 2200 when Harbor was updated",
}
RECORD_TABLE_MAX_CHARS = 32
# The largest record, as JSON, is far smaller; the cap only bounds what an import may hold.
VERSION_DATA_MAX_CHARS = 100_000


class EntryVersion(HouseholdRecord):
    """An entry as it was before an edit, a replacement, a restore or its deletion.

    `data` is the whole record as JSON, so restoring it brings back every field exactly.
    `logged_by` is who made the change that put this version into the history.
    """

    label: ClassVar[str] = "Earlier version"
    table: ClassVar[str] = "entry_versions"

    record_table: VersionedTable
    record_id: uuid.UUID
    record_version: int = Field(ge=1, le=2**31 - 1)
    change: VersionChange
    data: str = Field(min_length=2, max_length=VERSION_DATA_MAX_CHARS)
    logged_by: uuid.UUID | None = None

    @model_validator(mode="after")
    def _data_is_this_entry(self) -> EntryVersion:
        import json  # only history needs it

        try:
            values = json.loads(self.data)
        except ValueError:
            raise ValueError("data: is not a saved entry (it is not JSON)") from None
        if not isinstance(values, dict):
            raise ValueError("data: is not a saved entry (it is not a JSON object)")
        for field, expected in (("id", self.record_id), ("household_id", self.household_id)):
            if values.get(field) != str(expected):
                raise ValueError(f"data: its '{field}' is not this version's {field}")
        version = values.get("version")
        if type(version) is not int or version != self.record_version:
            raise ValueError("data: its 'version' is not this version's record_version")
        return self

    def entry(self) -> Record:
        """The entry as it was (validated again, so a version that no longer fits is refused)."""
        import json

        record_type = RECORD_BY_TABLE[self.record_table]
        return validate_record(record_type, json.loads(self.data), f"{record_type.label}, earlier")


# Order matters: parents before children, for import and deletion.
RECORD_TYPES: tuple[type[Record], ...] = (
    Household,
    LovedOne,
    FamilyMember,
    DailyCheckin,
    TreatmentEvent,
    SmallWin,
    CaregiverCheckin,
    ModuleRead,
    WarningSignTick,
    BoundaryPlan,
    BoundaryStatusChange,
    CraftResponse,
    TreatmentOption,
    TreatmentInvitation,
    SoberActivity,
    ActivityOccasion,
    SessionQuestion,
    EntryVersion,
)
RECORD_BY_TABLE: dict[str, type[Record]] = {record.table: record for record in RECORD_TYPES}
# Fields that point at another record, which must belong to the same household.
REFERENCE_FIELDS: dict[str, type[Record]] = {
    "loved_one_id": LovedOne,
    "family_member_id": FamilyMember,
    "logged_by": FamilyMember,
    "plan_id": BoundaryPlan,
    "option_id": TreatmentOption,
    "activity_id": SoberActivity,
}


def references(record: Record) -> list[tuple[str, type[Record], uuid.UUID]]:
    """(field, referenced type, id) for every reference this record makes."""
    found = []
    for field, target in REFERENCE_FIELDS.items():
        value = getattr(record, field, None)
        if value is not None:
            found.append((field, target, value))
    return found


_FRIENDLY_MESSAGES = {
    "string_too_short": "cannot be empty",
    "missing": "is required",
    "extra_forbidden": "is not a field Harbor knows",
}


# Strict reading of a backup file: a value of the wrong JSON type is named, with what the
# file holds, rather than converted (true is not 1, "3" is not 3, 20260615 is not a date).
_WRONG_TYPE = {
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be text in quotes",
    "date_type": "must be a date written as YYYY-MM-DD, in quotes",
    "datetime_type": "must be a date and time written as YYYY-MM-DDTHH:MM:SSZ, in quotes",
    "uuid_type": "must be an id written as text, like 0b0e8a4e-5d0c-4f57-8f0e-1f7f3c1d2a90",
}


def _shown(value: Any) -> str:
    """A value from a file as JSON, cut short: it is quoted back in a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _friendly(error: dict) -> str | None:
    text_input = isinstance(error.get("input"), str)
    if error["type"] in _WRONG_TYPE:
        return f"{_WRONG_TYPE[error['type']]} (the file has {_shown(error.get('input'))})"
    if error["type"] == "string_too_long" or (error["type"] == "too_long" and text_input):
        limit = error["ctx"]["max_length"]
        length = len(error["input"])
        return f"must be at most {limit:,} characters (it has {length:,}, and nothing was saved)"
    if error["type"] == "too_short" and text_input:
        return "cannot be empty"
    return _FRIENDLY_MESSAGES.get(error["type"])


def describe_error(exc: ValidationError, where: str | None = None) -> str:
    """One clear line per problem: which record, which field, what is wrong."""
    title = exc.title if where is None else where
    lines = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or None
        message = error["msg"].removeprefix("Value error, ")
        if field is None and ": " in message:
            field, message = message.split(": ", 1)
        message = _friendly(error) or message
        lines.append(f"{title}, field '{field}': {message}" if field else f"{title}: {message}")
    return "; ".join(lines)


class RecordInvalid(ValueError):
    """A record failed validation; the message names the record and the field."""


def validate_record(
    record_type: type[Record], data: dict[str, Any], where: str | None = None
) -> Record:
    """Build a record or raise RecordInvalid with a message fit to show a person."""
    try:
        return record_type.model_validate(data)
    except ValidationError as exc:
        raise RecordInvalid(describe_error(exc, where or record_type.label)) from None


# -- records read from a backup file ---------------------------------------------------------

# An argon2 hash in the PHC string format, as argon2-cffi writes it (see dashboard/lock.py),
# with costs a computer can actually pay: a damaged or absurd hash would lock a family out
# for ever.
LOCK_HASH_FORMAT = re.compile(
    r"\$argon2(?:id|i|d)\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})"
    r"\$([A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{22,128})"
)
LOCK_HASH_MAX_MEMORY_KIB = 1_048_576  # 1 GiB


def lock_hash_problem(value: str) -> str | None:
    """Why `value` cannot be a privacy-lock hash, or None when it can."""
    found = LOCK_HASH_FORMAT.fullmatch(value)
    problem = "is not a passphrase hash Harbor can check (an argon2 hash such as $argon2id$v=19$…)"
    if found is None:
        return problem
    memory, time_cost, parallelism = (int(found.group(n)) for n in (1, 2, 3))
    salt, digest = found.group(4), found.group(5)
    if not (1 <= parallelism <= 16 and 1 <= time_cost <= 10):
        return problem
    if not 8 * parallelism <= memory <= LOCK_HASH_MAX_MEMORY_KIB:
        return problem
    if len(salt) % 4 == 1 or len(digest) % 4 == 1:  # not whole bytes of unpadded base64
        return problem
    return None


# No field holds a list or an object, so a value nested deeper than this is refused before
# it is read (a deep one would exhaust the parser's stack).
IMPORT_MAX_NESTING = 32


def _field_problem(item: dict[str, Any]) -> tuple[str, str] | None:
    """A field whose value is nested too deeply, or holds text that is not text (a lone
    surrogate, which cannot even be written as UTF-8): (field, what is wrong)."""
    for key, value in item.items():
        pending = [(key, 0), (value, 0)]
        while pending:
            part, depth = pending.pop()
            if depth > IMPORT_MAX_NESTING:
                return str(key), "holds lists or objects nested too deeply"
            if isinstance(part, str):
                if any("\ud800" <= char <= "\udfff" for char in part):
                    return str(key), "contains a character that is not text"
            elif isinstance(part, list):
                pending.extend((child, depth + 1) for child in part)
            elif isinstance(part, dict):
                pending.extend((child, depth + 1) for pair in part.items() for child in pair)
    return None


def validate_import(
    record_type: type[Record],
    item: dict[str, Any],
    where: str | None = None,
    now: datetime | None = None,
) -> Record:
    """Build a record from a backup file, strictly; or raise RecordInvalid naming the field.

    Stricter than a form: every value must have its JSON type (no booleans or text as
    numbers, no numbers as dates), the id must be there (so importing twice adds nothing),
    timestamps must fall between 2000 and a day from now, and a lock hash must be one that
    Harbor can check.
    """
    where = where or record_type.label
    if "id" not in item:
        raise RecordInvalid(f"{where}, field 'id': is required")
    problem = _field_problem(item)
    if problem is not None:
        raise RecordInvalid(f"{where}, field '{problem[0]}': {problem[1]}")
    try:
        record = record_type.model_validate_json(json.dumps(item, ensure_ascii=False), strict=True)
    except ValidationError as exc:
        raise RecordInvalid(describe_error(exc, where)) from None
    latest = (now or datetime.now(UTC)) + TIMESTAMP_SLACK
    for name in ("created_at", "updated_at"):
        moment = getattr(record, name)
        if not EARLIEST_TIMESTAMP <= moment <= latest:
            raise RecordInvalid(
                f"{where}, field '{name}': {moment.isoformat()} is not a time Harbor could "
                f"have saved it (it must be between 2000 and {latest:%Y-%m-%d})"
            )
    if isinstance(record, Household) and record.lock_hash is not None:
        problem = lock_hash_problem(record.lock_hash)
        if problem is not None:
            raise RecordInvalid(f"{where}, field 'lock_hash': {problem}")
    return record
