"""Clean text: names and short texts that look empty are refused, bidi controls are stripped
from every short text, quoted input is made plain for Markdown, and every date a record can
hold is one pandas and Plotly can draw."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pandas as pd
import pytest

from dashboard.records import (
    LATEST_DATE,
    ActivityOccasion,
    BoundaryPlan,
    CaregiverCheckin,
    CraftResponse,
    FamilyMember,
    Household,
    LovedOne,
    Record,
    RecordInvalid,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    is_invisible,
    validate_record,
)
from dashboard.ui.kit import inert

HOUSEHOLD = uuid.UUID("00000000-0000-4000-8000-000000000001")
LOVED_ONE = uuid.UUID("00000000-0000-4000-8000-000000000002")
MEMBER = uuid.UUID("00000000-0000-4000-8000-000000000003")
DAY = date(2026, 1, 10)
ABOUT = {"household_id": HOUSEHOLD, "loved_one_id": LOVED_ONE}

VALID: dict[type[Record], dict[str, Any]] = {
    Household: {"name": "The Test family"},
    LovedOne: {"household_id": HOUSEHOLD, "display_name": "Sam"},
    FamilyMember: {"household_id": HOUSEHOLD, "display_name": "Alex"},
    TreatmentEvent: {**ABOUT, "kind": "assessment", "start_date": DAY},
    SmallWin: {**ABOUT, "day": DAY, "text": "Went for a walk"},
    CaregiverCheckin: {
        "household_id": HOUSEHOLD,
        "family_member_id": MEMBER,
        "day": DAY,
        "stress": 5,
        "sleep": 3,
    },
    BoundaryPlan: {
        **ABOUT,
        "boundary": "I do not give cash.",
        "why_it_matters": "Cash can pay for ketamine.",
        "if_crossed": "I pay the bill myself.",
        "plan_date": DAY,
    },
    CraftResponse: {**ABOUT, "day": DAY, "saw": "not_using", "did": "rewarded_non_use"},
    TreatmentOption: {"household_id": HOUSEHOLD, "name": "Riverside clinic"},
    TreatmentInvitation: {**ABOUT, "plan_date": DAY, "words": "Would you look at it with me?"},
    SoberActivity: {**ABOUT, "title": "Swimming"},
    ActivityOccasion: {"household_id": HOUSEHOLD, "activity_id": MEMBER, "day": DAY},
}

# Names, and tags and titles: the words that label something. Refused when they look empty.
NAMES = [
    (Household, "name"),
    (LovedOne, "display_name"),
    (LovedOne, "substance"),
    (FamilyMember, "display_name"),
    (SmallWin, "text"),
    (BoundaryPlan, "boundary"),
    (TreatmentOption, "name"),
    (SoberActivity, "title"),
]
# Short texts that may be left empty, but not filled with nothing visible.
OPTIONAL_SHORT_TEXTS = [
    (TreatmentEvent, "title"),
    (CaregiverCheckin, "self_care_note"),
    (CraftResponse, "what_i_did"),
    (CraftResponse, "how_i_felt"),
    (TreatmentOption, "hours"),
    (TreatmentOption, "cost_notes"),
    (SoberActivity, "why_it_helps"),
    (SoberActivity, "competes_with"),
    (SoberActivity, "cost_notes"),
]
# A plan's required prose: no bidi stripping (right-to-left writers need their marks), but
# nothing-but-invisible is refused like empty.
PLAN_TEXTS = [
    (BoundaryPlan, "why_it_matters"),
    (BoundaryPlan, "if_crossed"),
    (TreatmentInvitation, "words"),
]
INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "BOM": "\ufeff",
    "soft hyphen": "\u00ad",
    "Hangul filler": "\u3164",
    "Hangul choseong filler": "\u115f",
    "Hangul jungseong filler": "\u1160",
    "halfwidth Hangul filler": "\uffa0",
    "blank Braille pattern": "\u2800",
    "combining grapheme joiner": "\u034f",
    "Mongolian vowel separator": "\u180e",
    "no-break space and ZWSP": "\u00a0\u200b",
    "ZWSP between bidi marks": "\u2066\u200b\u2069",
}
BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"]
BIDI += ["\u2066", "\u2067", "\u2068", "\u2069"]


def build(record_type: type[Record], **changes: Any) -> Record:
    return validate_record(record_type, {**VALID[record_type], **changes})


def refused(record_type: type[Record], **changes: Any) -> str:
    with pytest.raises(RecordInvalid) as caught:
        build(record_type, **changes)
    return str(caught.value)


@pytest.mark.parametrize("record_type", list(VALID), ids=lambda t: t.__name__)
def test_the_valid_records_are_valid(record_type: type[Record]) -> None:
    assert isinstance(build(record_type), record_type)


@pytest.mark.parametrize(
    ("record_type", "field"),
    [*NAMES, *OPTIONAL_SHORT_TEXTS, *PLAN_TEXTS],
    ids=lambda value: getattr(value, "__name__", value),
)
@pytest.mark.parametrize("text", INVISIBLE.values(), ids=INVISIBLE)
def test_text_made_only_of_invisible_characters_is_refused(
    record_type: type[Record], field: str, text: str
) -> None:
    message = refused(record_type, **{field: text})
    assert message.startswith(f"{record_type.label}, field '{field}': ")
    assert "invisible" in message or "cannot be empty" in message, message


@pytest.mark.parametrize(
    "text", ["Sam\u200b", "\u200dZoë", "محمد\u200c", "\u3164Kai", "👨\u200d👩\u200d👧"]
)
def test_a_name_with_visible_letters_keeps_its_joiners(text: str) -> None:
    assert build(LovedOne, display_name=text).display_name == text


@pytest.mark.parametrize(
    ("text", "invisible"),
    [
        ("", False),
        ("a", False),
        (" ", True),
        ("\u200b", True),
        ("\u0301", True),
        ("e\u0301", False),
    ],
)
def test_is_invisible(text: str, invisible: bool) -> None:
    assert is_invisible(text) is invisible


@pytest.mark.parametrize(
    ("record_type", "field"),
    [*NAMES, *OPTIONAL_SHORT_TEXTS],
    ids=lambda value: getattr(value, "__name__", value),
)
@pytest.mark.parametrize("control", BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_bidi_controls_are_stripped_from_every_short_text(
    record_type: type[Record], field: str, control: str
) -> None:
    record = build(record_type, **{field: f"{control}Say{control} it"})
    assert getattr(record, field) == "Say it"


@pytest.mark.parametrize(("record_type", "field"), PLAN_TEXTS, ids=lambda v: str(v))
def test_a_plans_prose_keeps_its_direction_marks(record_type: type[Record], field: str) -> None:
    text = "أنا \u200fأحبك\u200f, Sam"
    assert getattr(build(record_type, **{field: text}), field) == text


# -- dates a chart can draw -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("record_type", "changes"),
    [
        (TreatmentEvent, {"start_date": date(2263, 1, 1), "status": "planned"}),
        (TreatmentEvent, {"start_date": date(2201, 1, 1), "status": "planned"}),
        (TreatmentEvent, {"end_date": date(2201, 1, 1)}),
        (BoundaryPlan, {"review_date": date(2201, 1, 1)}),
        (ActivityOccasion, {"day": date(9999, 12, 31)}),
    ],
    ids=["event in 2263", "event in 2201", "end in 2201", "review in 2201", "occasion in 9999"],
)
def test_dates_past_2200_are_refused(record_type: type[Record], changes: dict[str, Any]) -> None:
    message = refused(record_type, **changes)
    assert re.search(r"field '\w+': must be on or before 2200-12-31", message), message


def test_the_latest_allowed_date_is_one_pandas_can_hold() -> None:
    event = build(TreatmentEvent, start_date=LATEST_DATE, end_date=LATEST_DATE, status="planned")
    assert pd.Timestamp(event.start_date) == pd.Timestamp("2200-12-31")
    assert pd.Timestamp.max.date() > LATEST_DATE


# -- quoted input is plain for Markdown --------------------------------------------------------

KEPT_AS_IS = [
    "field 'Note': must be at most 5,000 characters (it has 5,001, and nothing was saved)",
    "Loved one, field 'display_name': cannot be empty",
    "Response, field 'How I felt': must be at most 500 characters",
    "2026-06-15, 3.5 and 1,000",
]


@pytest.mark.parametrize("message", KEPT_AS_IS)
def test_harbors_own_words_need_no_escapes(message: str) -> None:
    assert inert(message) == message


@pytest.mark.parametrize(
    ("raw", "made_inert"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        ("__bold__ _it_ display_name", r"\_\_bold\_\_ \_it\_ display_name"),
        ("~~gone~~", r"\~\~gone\~\~"),
        ("$x^2$", r"\$x^2\$"),
        ("http://evil.example", "http\\://\u2060evil.example"),
        ("www.evil.example", "www\u2060.evil.example"),
        ("me@evil.example", "me\\@\u2060evil.example"),
        ("<http://a.b>", "\\<http\\://\u2060a.b\\>"),
        ("[x](http://a.b)", "\\[x\\](http\\://\u2060a.b)"),
        ("![x](p.png)", r"\!\[x\](p.png)"),
        ("<b>hi</b>", r"\<b\>hi\</b\>"),
        (":smile:", r"\:smile\:"),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("a \\ b", r"a \\ b"),
        ("`code`", r"\`code\`"),
        ("a | b", r"a \| b"),
        ("&amp;", r"\&amp;"),
        ("# title\n> quote\n- item\n+ item\n1. one\n2) two", "\\# title\n\\> quote\n\\- item\n"
         "\\+ item\n1\\. one\n2\\) two"),
    ],
)  # fmt: skip
def test_markdown_in_quoted_input_is_escaped(raw: str, made_inert: str) -> None:
    assert inert(raw) == made_inert
