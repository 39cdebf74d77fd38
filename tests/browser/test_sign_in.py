"""Hosted mode in a real browser: sign in through a local OpenID Connect provider on
loopback, land in your own household, sign out; a second person sees only theirs."""

from __future__ import annotations

import json
import secrets
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

TIMEOUT_MS = 30_000


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """oidc-provider-mock in a thread on localhost (plain http is fine on loopback)."""
    from oidc_provider_mock import run_server_in_thread

    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def issuer(provider: str) -> str:
    """The issuer the provider signs people in with (its discovery document says)."""
    with urllib.request.urlopen(f"{provider}/.well-known/openid-configuration") as response:
        return json.load(response)["issuer"]


@pytest.fixture
def hosted_server(
    hosted_database, provider: str, issuer: str, tmp_path: Path, free_port, streamlit_server
):
    """Harbor signed in through the provider; "fran" of that provider is a facilitator."""
    port = free_port()
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "harbor-test"\n'
        'client_secret = "harbor-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "[harbor]\n"
        f'facilitators = [{{issuer = "{issuer}", subject = "fran"}}]\n',
        encoding="utf-8",
    )
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server = streamlit_server(
        data_dir,
        port,
        hosted_database.app_url,
        extra_args=("--secrets.files", str(secrets_file)),
        host="localhost",
    )
    server.start()
    yield server
    server.stop()


def sign_in(page: Page, harbor, server, provider: str, subject: str) -> None:
    page.goto(server.url)
    harbor.wait_for_app()
    expect(page.get_by_role("heading", name="Sign in to Harbor")).to_be_visible()
    harbor.main().get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{provider}/**", timeout=TIMEOUT_MS)
    page.locator('input[type="text"][name="sub"]').fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**", timeout=TIMEOUT_MS)
    harbor.wait_for_app()


def start_family(page: Page, harbor, family: str, loved_one: str, me: str) -> None:
    expect(page.get_by_role("heading", name="Welcome to Harbor")).to_be_visible()
    main = harbor.main()
    main.get_by_label("Family name").fill(family)
    main.get_by_label("Your loved one's first name").fill(loved_one)
    main.get_by_label("Your first name").fill(me)
    main.get_by_role("button", name="Start our family's space").click()
    harbor.wait_for_app()


def sign_out(page: Page, harbor, server, provider: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider}/**", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{server.url}/**", timeout=TIMEOUT_MS)
    harbor.wait_for_app()
    expect(page.get_by_role("heading", name="Sign in to Harbor")).to_be_visible()


def test_sign_in_lands_in_your_household_and_a_second_person_sees_only_theirs(
    page: Page, harbor, hosted_server, provider: str
) -> None:
    sign_in(page, harbor, hosted_server, provider, "alice")
    start_family(page, harbor, "The Alder family", "Robin", "Alice")
    expect(harbor.main().get_by_text("Robin").first).to_be_visible(timeout=TIMEOUT_MS)
    sign_out(page, harbor, hosted_server, provider)

    sign_in(page, harbor, hosted_server, provider, "bob")
    expect(page.get_by_role("heading", name="Welcome to Harbor")).to_be_visible()
    assert "Robin" not in page.content() and "Alder" not in page.content()
    start_family(page, harbor, "The Birch family", "Kit", "Bob")
    expect(harbor.main().get_by_text("Kit").first).to_be_visible(timeout=TIMEOUT_MS)
    for page_name in ("Timeline", "Settings"):
        page.locator('[data-testid="stSidebar"]').get_by_role("link", name=page_name).click()
        harbor.wait_for_app()
        assert "Robin" not in page.content() and "Alder" not in page.content()
    sign_out(page, harbor, hosted_server, provider)

    sign_in(page, harbor, hosted_server, provider, "alice")
    expect(harbor.main().get_by_text("Robin").first).to_be_visible(timeout=TIMEOUT_MS)
    assert "Kit" not in harbor.main().inner_text() and "Birch" not in page.content()


def test_a_facilitator_in_a_family_switches_between_the_two(
    page: Page, harbor, hosted_server, hosted_database, provider: str, issuer: str, data_dir
) -> None:
    """Listed by issuer and subject, and a caregiver too: the sidebar switches, and the
    facilitator's view shows no family's records."""
    from dashboard import access
    from dashboard.config import Settings
    from dashboard.store import NewFamily, Store

    store = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
    access.sign_up(store, access.Person(issuer, "fran"), NewFamily("The Fir family", "Sky", "Fran"))
    store.engine.dispose()
    sign_in(page, harbor, hosted_server, provider, "fran")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Use Harbor as")).to_be_visible(timeout=TIMEOUT_MS)
    assert "Sky" not in page.content() and "Fir family" not in page.content()
    sidebar.get_by_text("My family").click()
    harbor.wait_for_app()
    expect(harbor.main().get_by_text("Sky").first).to_be_visible(timeout=TIMEOUT_MS)
    sidebar.get_by_text("Facilitator (no family's records)").click()
    harbor.wait_for_app()
    sidebar.get_by_role("link", name="Facilitator").click()
    harbor.wait_for_app()
    expect(page.get_by_role("heading", name="For group facilitators")).to_be_visible()
    assert "Sky" not in page.content() and "Fir family" not in page.content()
