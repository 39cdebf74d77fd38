"""Settings → Restore from a backup, through AppTest: a restore writes only into the family
that is open, reads the file strictly, and refuses a bad file as a whole, saying which record
and field, in plain text (never Markdown).

The first screen's Restore tab (no family yet) takes exactly one family that is not here.
The same cases through the command line are in tests/test_cli.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.backup import export_payload
from dashboard.records import DailyCheckin, Household, SmallWin, today_in
from dashboard.store import HouseholdStore, NewFamily, Store

SETTINGS = "pages/12_Settings.py"
Payload = dict[str, Any]
HARBOR_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$pACLhFNuRbdPaXi2kbMh+w"
    "$xqPW8qVsiyV/lhKEo2Ji8EIhXMyL/Ud1Rq53Uui83uo"
)
# What Streamlit's Markdown looks for before it loads emoji shortcodes and LaTeX
# (StreamlitMarkdown.tsx); a message that matches either could render input as either.
STREAMLIT_EMOJI = re.compile(r":(?!material/|streamlit:)[\w+-][\w+-]*:")
STREAMLIT_MATH = re.compile(r"(?<!\\)\$")


def shown(markdown: str) -> str:
    """What a person reads: Markdown escapes (a backslash before punctuation) and the
    invisible word joiners that keep bare links from forming, dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def own_backup(family: HouseholdStore) -> Payload:
    """A backup of the open family, plus a check-in and a win that are not stored yet."""
    payload = export_payload(family.store, family.id)
    loved_one = family.loved_ones()[0]
    yesterday = today_in(loved_one.timezone) - timedelta(days=1)
    about = {"household_id": family.id, "loved_one_id": loved_one.id, "day": yesterday}
    payload["daily_checkins"] = [
        DailyCheckin(**about, mood=3, sleep=3, notes="from the backup").model_dump(mode="json")
    ]
    payload["small_wins"] = [SmallWin(**about, text="Went for a walk").model_dump(mode="json")]
    return payload


@pytest.fixture
def other(data_dir: Path, open_store: Callable[[Any], Store]) -> HouseholdStore:
    """Another family on the same computer, which the open family's restore must not touch."""
    return open_store(data_dir).create_family(NewFamily("The Other family", "Kim", "Lee"))


@pytest.fixture
def settings_of(app: Callable[..., AppTest]) -> Callable[[HouseholdStore], AppTest]:
    """Returns `settings_of(family)`: the Settings page, open for that family."""

    def open_settings(family: HouseholdStore) -> AppTest:
        at = app(SETTINGS)
        at.session_state["household_id"] = str(family.id)
        return at.run()

    return open_settings


def upload(at: AppTest, raw: bytes, name: str = "harbor-backup.json") -> AppTest:
    at.file_uploader[0].upload(name, raw, "application/json")
    return at.run()


def _set(table: str, field: str, value: Any) -> Callable[[Payload, HouseholdStore], None]:
    def change(payload: Payload, other: HouseholdStore) -> None:
        payload[table][0][field] = value

    return change


def _drop(table: str, field: str) -> Callable[[Payload, HouseholdStore], None]:
    def change(payload: Payload, other: HouseholdStore) -> None:
        del payload[table][0][field]

    return change


def _planned_in(year: int) -> Callable[[Payload, HouseholdStore], None]:
    def change(payload: Payload, other: HouseholdStore) -> None:
        payload["treatment_events"] = [
            {
                "id": "6f1d3a9e-2b7c-4e58-9a0d-3c5b7e9f1a24",
                "household_id": payload["households"][0]["id"],
                "loved_one_id": payload["loved_ones"][0]["id"],
                "kind": "outpatient",
                "start_date": f"{year}-01-01",
                "status": "planned",
                "created_at": payload["households"][0]["created_at"],
                "updated_at": payload["households"][0]["created_at"],
            }
        ]

    return change


def _in_the_other_familys_name(payload: Payload, other: HouseholdStore) -> None:
    payload["small_wins"][0]["household_id"] = str(other.id)
    payload["small_wins"][0]["loved_one_id"] = str(other.loved_ones()[0].id)


def _taking_the_other_familys_id(payload: Payload, other: HouseholdStore) -> None:
    payload["loved_ones"].append({**payload["loved_ones"][0], "id": str(other.loved_ones()[0].id)})


def _pointing_into_the_other_family(payload: Payload, other: HouseholdStore) -> None:
    payload["small_wins"][0]["loved_one_id"] = str(other.loved_ones()[0].id)


def _the_other_familys_household(payload: Payload, other: HouseholdStore) -> None:
    payload["households"] = [other.info().model_dump(mode="json")]


def _a_new_household(payload: Payload, other: HouseholdStore) -> None:
    payload["households"].append(Household(name="A third family").model_dump(mode="json"))


# (case, change, the record named, its field, words in the message)
CASES: list[tuple[str, Callable[[Payload, HouseholdStore], None], str, str, str]] = [
    ("true as a mood", _set("daily_checkins", "mood", True), "daily_checkins[0]", "mood",
     "must be a whole number (the file has true)"),
    ('"3" as a mood', _set("daily_checkins", "mood", "3"), "daily_checkins[0]", "mood",
     'must be a whole number (the file has "3")'),
    ("1 as a boolean", _set("daily_checkins", "attended_treatment", 1), "daily_checkins[0]",
     "attended_treatment", "must be true or false"),
    ("an integer as a date", _set("small_wins", "day", 20260601), "small_wins[0]", "day",
     "must be a date written as YYYY-MM-DD"),
    ("created in 2999", _set("daily_checkins", "created_at", "2999-01-01T00:00:00Z"),
     "daily_checkins[0]", "created_at", "is not a time Harbor could have saved it"),
    ("updated in 1970", _set("small_wins", "updated_at", "1970-01-01T00:00:00Z"),
     "small_wins[0]", "updated_at", "is not a time Harbor could have saved it"),
    ("an invalid lock hash", _set("households", "lock_hash", "locked-forever"), "households[0]",
     "lock_hash", "is not a passphrase hash Harbor can check"),
    ("a lock hash with absurd costs",
     _set("households", "lock_hash", HARBOR_HASH.replace("m=65536", "m=999999999")),
     "households[0]", "lock_hash", "is not a passphrase hash Harbor can check"),
    ("no id", _drop("small_wins", "id"), "small_wins[0]", "id", "is required"),
    ("a planned event in 2263", _planned_in(2263), "treatment_events[0]", "start_date",
     "must be on or before 2200-12-31"),
    ("a name of zero-width spaces", _set("loved_ones", "display_name", "\u200b \u200b"),
     "loved_ones[0]", "display_name", "has only invisible characters"),
    ("a Hangul filler as a name", _set("family_members", "display_name", "\u3164"),
     "family_members[0]", "display_name", "has only invisible characters"),
    ("a word joiner as a win", _set("small_wins", "text", "\u2060"), "small_wins[0]", "text",
     "has only invisible characters"),
    ("a record in another family's name", _in_the_other_familys_name, "small_wins[0]",
     "household_id", "names another family; a restore here adds only to the family that is open"),
    ("another family's id", _taking_the_other_familys_id, "loved_ones[1]", "household_id",
     "a record with this id belongs to another household"),
    ("a reference into another family", _pointing_into_the_other_family, "small_wins[0]",
     "loved_one_id", "the loved one belongs to another household"),
    ("another family's backup", _the_other_familys_household, "households[0]", "id",
     "names another family"),
    ("a new family", _a_new_household, "households[1]", "id", "names another family"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "where", "field", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_bad_record_refuses_the_whole_file_naming_record_and_field(
    family: HouseholdStore,
    other: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
    dump: Callable[[Store], dict],
    change: Callable[[Payload, HouseholdStore], None],
    where: str,
    field: str,
    words: str,
) -> None:
    change(own_backup, other)
    before = dump(family.store)
    at = upload(settings_of(family), json.dumps(own_backup).encode("utf-8"))
    assert not at.exception
    [error] = at.error
    message = shown(error.value)
    assert message.startswith("This file cannot be imported, and nothing was changed. ")
    assert f"{where} (id " in message or f"{where}, field" in message, message
    assert f"field '{field}': " in message and words in message, message
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert dump(family.store) == before


def test_the_unchanged_backup_restores(
    family: HouseholdStore,
    other: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
) -> None:
    """Each case above fails for its one change: this file, with a real lock hash and an
    event on the latest allowed day, restores."""
    own_backup["households"][0]["lock_hash"] = None
    _planned_in(2200)(own_backup, other)
    own_backup["treatment_events"][0]["start_date"] = "2200-12-31"
    at = upload(settings_of(family), json.dumps(own_backup).encode("utf-8"))
    assert not at.error
    next(b for b in at.button if b.label.startswith("Import 3 new records")).click()
    at = at.run()
    assert any("Imported 3 records" in s.value for s in at.success)
    assert (family.count(DailyCheckin), family.count(SmallWin)) == (1, 1)
    assert other.count(DailyCheckin) == 0


# (case, change to the file's text, words in the message)
TEXT_CASES: list[tuple[str, Callable[[str], str], str]] = [
    (
        "a key twice in a record",
        lambda text: text.replace('"mood": 3,', '"mood": 3, "mood": 5,', 1),
        "field 'mood': appears twice in this record",
    ),
    (
        "a table twice",
        lambda text: text.replace('"small_wins": [', '"small_wins": [], "small_wins": [', 1),
        'harbor-backup.json: "small_wins" appears twice in the file',
    ),
    (
        "a misspelled table",
        lambda text: text.replace('"small_wins"', '"smal_wins"', 1),
        'harbor-backup.json: "smal_wins" is not a table Harbor knows (did you mean "small_wins"?)',
    ),
]


@pytest.mark.parametrize(
    ("change", "words"), [case[1:] for case in TEXT_CASES], ids=[case[0] for case in TEXT_CASES]
)
def test_a_badly_built_file_is_refused(
    family: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
    dump: Callable[[Store], dict],
    change: Callable[[str], str],
    words: str,
) -> None:
    text = json.dumps(own_backup)
    assert change(text) != text
    before = dump(family.store)
    at = upload(settings_of(family), change(text).encode("utf-8"))
    assert words in shown(at.error[0].value)
    assert dump(family.store) == before


def test_a_byte_order_mark_is_accepted(
    family: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(own_backup).encode("utf-8")
    at = upload(settings_of(family), raw)
    assert not at.error
    assert [b.label for b in at.button if b.label.startswith("Import ")] == ["Import 2 new records"]


def test_a_file_over_the_size_limit_is_refused_unread(
    family: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("dashboard.backup.MAX_BACKUP_BYTES", 100)
    at = upload(settings_of(family), json.dumps(own_backup).encode("utf-8"))
    assert "harbor-backup.json is larger than 50 MB, more than any Harbor backup" in shown(
        at.error[0].value
    )


# -- quoted input is plain text -----------------------------------------------------------------

MARKDOWN_PAYLOADS = {
    "bold": "**bold**",
    "strikethrough": "~~gone~~",
    "LaTeX": "$x^2$ and $$y$$",
    "autolink": "http://evil.example/p www.evil.example a@evil.example",
    "angle autolink": "<http://evil.example>",
    "link": "[click](http://evil.example)",
    "image": "![x](http://127.0.0.1:9/p.png)",
    "HTML": "<img src=x onerror=alert(1)>",
    "emoji shortcode": ":smile: :+1:",
    "colour directive": ":red[alarm] :blue-background[calm]",
    "heading and list": "\n# heading\n- item\n1. one",
}


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS.values(), ids=MARKDOWN_PAYLOADS)
def test_a_message_quoting_the_file_shows_it_as_plain_text(
    family: HouseholdStore,
    own_backup: Payload,
    settings_of: Callable[[HouseholdStore], AppTest],
    payload: str,
) -> None:
    """The file's own words (here a table name) come back in the message character for
    character, with every Markdown, LaTeX, emoji and colour construct escaped."""
    own_backup[payload] = []
    at = upload(settings_of(family), json.dumps(own_backup).encode("utf-8"))
    body = at.error[0].value
    assert f'"{payload}" is not a table Harbor knows' in shown(body)
    assert STREAMLIT_EMOJI.search(body) is None
    assert STREAMLIT_MATH.search(body) is None
    unescaped = re.findall(r"(?<!\\)[*~\[\]<>!`|]", body)
    assert unescaped == [], body
    assert re.search(r"(?m)^\s*[#>+=-]", body) is None
    assert "http://" not in body and "www." not in body and "a@" not in body


# -- the first screen: one new family -----------------------------------------------------------


def test_the_first_screen_refuses_a_file_with_two_families(
    data_dir: Path,
    other_family_payload: Callable[[], Payload],
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
) -> None:
    payload = other_family_payload()
    payload["households"].append(Household(name="Second").model_dump(mode="json"))
    at = upload(app().run(), json.dumps(payload).encode("utf-8"))
    message = shown(at.error[0].value)
    assert "this file holds 2 families; here Harbor restores one family at a time" in message
    assert "python -m dashboard import FILE" in message
    assert open_store(data_dir).households() == []
