"""Which mode Harbor serves in, decided from the address, sign-in and the database alone."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dashboard import access

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("address", "sign_in", "postgres", "mode"),
    [
        ("127.0.0.1", False, False, access.HOME),
        ("localhost", False, True, access.HOME),
        ("::1", False, False, access.HOME),
        ("127.0.1.1", False, False, access.HOME),
        ("", False, False, access.EXPOSED),  # Streamlit's empty address: every interface
        ("0.0.0.0", False, False, access.EXPOSED),
        ("10.0.0.5", False, True, access.EXPOSED),
        ("0.0.0.0", True, True, access.HOSTED),
        ("127.0.0.1", True, True, access.HOSTED),
        ("0.0.0.0", True, False, access.HOSTED_NEEDS_POSTGRES),
    ],
)
def test_serving_mode(address: str, sign_in: bool, postgres: bool, mode: str) -> None:
    assert access.serving_mode(address, sign_in, postgres) == mode


@pytest.mark.parametrize(
    ("role", "title", "allowed"),
    [
        (access.CAREGIVER, "Log", True),
        (access.THERAPIST, "Session summary", True),
        (access.THERAPIST, "Timeline", True),
        (access.THERAPIST, "Log", False),
        (access.THERAPIST, "Settings", False),
        (access.THERAPIST, "Home", False),
        (access.FACILITATOR, "Facilitator", True),
        (access.FACILITATOR, "Learn", True),
        (access.FACILITATOR, "Timeline", False),
        (access.FACILITATOR, "Home", False),
    ],
)
def test_pages_each_role_may_open(role: str, title: str, allowed: bool) -> None:
    assert access.page_allowed(role, title) is allowed


@pytest.mark.parametrize(
    ("role", "hosted", "allowed"),
    [
        (access.CAREGIVER, False, True),  # at home a family may run a group itself
        (access.CAREGIVER, True, False),  # hosted: the notes file is the whole server's
        (access.THERAPIST, True, False),
        (access.FACILITATOR, True, True),
    ],
)
def test_only_facilitators_open_the_facilitator_page_when_hosted(
    role: str, hosted: bool, allowed: bool
) -> None:
    assert access.page_allowed(role, "Facilitator", hosted=hosted) is allowed


@pytest.mark.parametrize(
    ("section", "configured"),
    [
        ({}, False),
        ({"client_id": "x"}, False),
        (dict.fromkeys(access.AUTH_KEYS, "x"), True),
        (dict.fromkeys(access.AUTH_KEYS, "x") | {"cookie_secret": ""}, False),
        ("not a table", False),
    ],
)
def test_sign_in_is_configured_only_when_complete(section: object, configured: bool) -> None:
    assert access.auth_configured(section) is configured


ISSUER = "https://id.example.test"


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (None, set()),
        ([], set()),
        (
            [{"issuer": ISSUER, "subject": "fran"}, {"issuer": ISSUER, "subject": "gus"}],
            {access.Person(ISSUER, "fran"), access.Person(ISSUER, "gus")},
        ),
    ],
)
def test_facilitators_are_read_as_issuer_and_subject(listed, expected) -> None:
    assert access.parse_facilitators(listed) == expected


@pytest.mark.parametrize(
    ("listed", "entry"),
    [
        (["fran"], "entry 1"),
        ([{"issuer": ISSUER, "subject": "fran"}, {"subject": "gus"}], "entry 2"),
        ([{"issuer": ISSUER, "subject": "  "}], "entry 1"),
        ([{"issuer": ISSUER, "subject": "fran", "role": "admin"}], "entry 1"),
        ("fran", "must be a list"),
        ({"issuer": ISSUER, "subject": "fran"}, "must be a list"),
    ],
)
def test_a_facilitator_list_in_another_form_is_refused_naming_the_entry(listed, entry) -> None:
    with pytest.raises(access.HostingError, match=entry) as refused:
        access.parse_facilitators(listed)
    assert 'issuer = "' in str(refused.value)


def test_the_secrets_example_lists_facilitators_in_the_form_harbor_reads() -> None:
    """The committed example parses, and its commented entry, once uncommented, is valid."""
    text = (ROOT / ".streamlit" / "secrets.toml.example").read_text(encoding="utf-8")
    secrets = tomllib.loads(text)
    assert access.auth_configured(secrets["auth"])
    assert access.parse_facilitators(secrets["harbor"]["facilitators"]) == set()
    [entry] = re.findall(r"^\s*#\s*(\{issuer = .*\}),?$", text, flags=re.MULTILINE)
    listed = tomllib.loads(f"facilitators = [{entry}]")["facilitators"]
    assert len(access.parse_facilitators(listed)) == 1


LONGEST = 255  # the issuer and subject columns (schema.IDENTITY_MAX_CHARS)


@pytest.mark.parametrize(
    ("issuer", "subject", "refused"),
    [
        (ISSUER, "s" * LONGEST, None),
        ("https://" + "i" * (LONGEST - 8), "fran", None),
        (ISSUER, "s" * (LONGEST + 1), "subject is 256 characters"),
        ("https://" + "i" * LONGEST, "fran", "issuer is 263 characters"),
        (ISSUER, "", "no subject"),
        ("", "fran", "no issuer"),
    ],
)
def test_a_sign_in_identity_is_kept_whole_or_refused_never_cut(
    issuer: str, subject: str, refused: str | None
) -> None:
    """One rule: a person is their whole issuer and subject. A cut one would not match their
    own memberships and notes (the app reads the whole value), or would match another's."""
    if refused is None:
        person = access.Person(issuer, subject)
        assert (person.issuer, person.subject) == (issuer, subject)
        return
    with pytest.raises(access.IdentityRefused, match=refused):
        access.Person(issuer, subject)


def test_a_facilitator_entry_too_long_to_keep_is_refused_naming_the_entry() -> None:
    listed = [{"issuer": ISSUER, "subject": "fran"}, {"issuer": ISSUER, "subject": "s" * 256}]
    with pytest.raises(access.HostingError, match=r"entry 2.*256 characters"):
        access.parse_facilitators(listed)
