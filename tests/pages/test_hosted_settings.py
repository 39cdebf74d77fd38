"""Hosted Settings: a caregiver invites a therapist, revokes the code, opts in to group totals,
and reads the family's audit list (AppTest, real PostgreSQL, app role)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access
from dashboard.config import Settings
from dashboard.store import NewFamily, Store

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
ISSUER = "https://id.example.test"


def texts(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("text", "info", "markdown") for e in getattr(at, kind)
    )


@pytest.fixture
def carol_in_settings(hosted_database, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.app_url)
    store = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
    household = access.sign_up(
        store, access.Person(ISSUER, "carol"), NewFamily("The Carol family", "Robin", "Carol")
    )
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.secrets["auth"] = dict.fromkeys(access.AUTH_KEYS, "configured")
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": "carol"}
    at.switch_page("pages/12_Settings.py")
    at.run()
    assert not at.exception
    yield at, store, household
    store.engine.dispose()


def test_a_caregiver_creates_and_revokes_a_therapist_code(carol_in_settings) -> None:
    at, store, household = carol_in_settings
    next(b for b in at.button if b.label == "Create an invitation code").click()
    at.run()
    assert not at.exception
    [code] = [c.value for c in at.code]
    assert "not used yet" in texts(at)
    theo = access.Person(ISSUER, "theo")
    assert access.redeem_invitation(store, theo, code) == household
    at.run()
    assert "in use" in texts(at)
    next(b for b in at.button if b.label == "Revoke").click()
    at.run()
    assert not at.exception
    assert "revoked" in texts(at)
    assert access.memberships_of(store, theo) == []
    actions = [e.action for e in access.audit_list(store, household)]
    assert {"invite", "grant", "revoke", "sign-in"} <= set(actions)
    assert "· revoke ·" in texts(at)  # the family sees its own audit list


def test_a_caregiver_opts_in_to_group_totals(carol_in_settings) -> None:
    at, store, household = carol_in_settings
    assert not access.group_opted_in(store, household)
    next(c for c in at.checkbox if c.key == "group_opt_in").check()
    at.run()
    assert not at.exception
    assert access.group_opted_in(store, household)
