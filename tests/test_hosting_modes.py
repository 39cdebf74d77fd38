"""Which mode Harbor serves in, decided from the address, sign-in and the database alone."""

from __future__ import annotations

import pytest

from dashboard import hosting


@pytest.mark.parametrize(
    ("address", "sign_in", "postgres", "mode"),
    [
        ("127.0.0.1", False, False, hosting.HOME),
        ("localhost", False, True, hosting.HOME),
        ("::1", False, False, hosting.HOME),
        ("127.0.1.1", False, False, hosting.HOME),
        ("", False, False, hosting.EXPOSED),  # Streamlit's empty address: every interface
        ("0.0.0.0", False, False, hosting.EXPOSED),
        ("10.0.0.5", False, True, hosting.EXPOSED),
        ("0.0.0.0", True, True, hosting.HOSTED),
        ("127.0.0.1", True, True, hosting.HOSTED),
        ("0.0.0.0", True, False, hosting.HOSTED_NEEDS_POSTGRES),
    ],
)
def test_serving_mode(address: str, sign_in: bool, postgres: bool, mode: str) -> None:
    assert hosting.serving_mode(address, sign_in, postgres) == mode


@pytest.mark.parametrize(
    ("role", "title", "allowed"),
    [
        (hosting.CAREGIVER, "Log", True),
        (hosting.THERAPIST, "Session summary", True),
        (hosting.THERAPIST, "Timeline", True),
        (hosting.THERAPIST, "Log", False),
        (hosting.THERAPIST, "Settings", False),
        (hosting.THERAPIST, "Home", False),
        (hosting.FACILITATOR, "Facilitator", True),
        (hosting.FACILITATOR, "Learn", True),
        (hosting.FACILITATOR, "Timeline", False),
        (hosting.FACILITATOR, "Home", False),
    ],
)
def test_pages_each_role_may_open(role: str, title: str, allowed: bool) -> None:
    assert hosting.page_allowed(role, title) is allowed


@pytest.mark.parametrize(
    ("section", "configured"),
    [
        ({}, False),
        ({"client_id": "x"}, False),
        (dict.fromkeys(hosting.AUTH_KEYS, "x"), True),
        (dict.fromkeys(hosting.AUTH_KEYS, "x") | {"cookie_secret": ""}, False),
        ("not a table", False),
    ],
)
def test_sign_in_is_configured_only_when_complete(section: object, configured: bool) -> None:
    assert hosting.auth_configured(section) is configured
