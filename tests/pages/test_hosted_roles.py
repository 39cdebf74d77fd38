"""Hosted mode pages as each role sees them (AppTest with sign-in configured and a signed-in
user), on the real PostgreSQL as the app role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import access, lock
from dashboard.config import Settings
from dashboard.db import make_engine
from dashboard.db.schema import audit_events, invitations
from dashboard.records import BoundaryPlan
from dashboard.store import NewFamily, Store
from dashboard.text import day_text

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
ISSUER = "https://id.example.test"
AUTH = dict.fromkeys(access.AUTH_KEYS, "configured") | {
    "redirect_uri": "http://localhost:8501/oauth2callback"
}
NOT_ALLOWED = "This page is not part of your access"


def every_text(at: AppTest) -> str:
    kinds = ("markdown", "text", "title", "subheader", "caption", "info", "error")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [
        str(w.label) for kind in ("button", "text_input", "selectbox") for w in getattr(at, kind)
    ]
    return "\n".join(parts)


@pytest.fixture
def hosted(hosted_database, data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.app_url)
    store = Store.open(Settings(data_dir=data_dir, database_url=hosted_database.app_url))
    household = access.sign_up(
        store, access.Person(ISSUER, "carol"), NewFamily("The Carol family", "Robin", "Carol")
    )
    yield store, household
    store.engine.dispose()


@pytest.fixture
def as_person() -> Callable[..., AppTest]:
    def run(subject: str | None, page: str | None = None, facilitators: tuple = ()) -> AppTest:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.secrets["auth"] = AUTH
        # A plain subject is the facilitator of this test's provider (ISSUER); anything
        # else goes into secrets as written.
        at.secrets["harbor"] = {
            "facilitators": [
                {"issuer": ISSUER, "subject": f} if isinstance(f, str) else f for f in facilitators
            ]
        }
        at.user = (
            {"is_logged_in": True, "iss": ISSUER, "sub": subject}
            if subject
            else {"is_logged_in": False}
        )
        if page:
            at.switch_page(page)
        at.run()
        assert not at.exception, at.exception
        return at

    return run


def test_signed_out_sees_only_the_sign_in_page(hosted, as_person) -> None:
    at = as_person(None)
    assert "Sign in to Harbor" in every_text(at) and "Robin" not in every_text(at)


def test_a_caregiver_lands_in_their_household(hosted, as_person) -> None:
    at = as_person("carol")
    assert "Robin" in every_text(at)
    assert "Sign out" in every_text(at)


def test_a_stranger_sees_no_family_and_is_offered_to_start_one(hosted, as_person) -> None:
    at = as_person("stranger", "pages/06_Timeline.py")
    shown = every_text(at)
    assert "Welcome to Harbor" in shown and "Robin" not in shown and "Carol" not in shown


@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("pages/06_Timeline.py", True),
        ("pages/09_Session_summary.py", True),
        (None, False),
        ("pages/05_Log.py", False),
        ("pages/12_Settings.py", False),
        ("pages/07_Wins.py", False),
    ],
)
def test_a_therapist_reads_only_the_timeline_and_session_summary(
    hosted, as_person, page: str | None, allowed: bool
) -> None:
    store, household = hosted
    code = access.create_invitation(store, household, access.Person(ISSUER, "carol"))
    access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    at = as_person("theo", page)
    shown = every_text(at)
    assert (NOT_ALLOWED not in shown) is allowed
    assert "Read-only" in shown
    assert not at.text_area and not [b for b in at.button if b.label.startswith("Save")]


def page_links(at: AppTest) -> set[str]:
    """Every page link drawn (the sidebar's and the phone menu's)."""
    return {str(link.proto.label) for link in at.get("page_link")}


def test_a_therapist_is_offered_only_the_pages_they_may_open(hosted, as_person) -> None:
    store, household = hosted
    code = access.create_invitation(store, household, access.Person(ISSUER, "carol"))
    access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    at = as_person("theo", "pages/06_Timeline.py")
    links = page_links(at)
    assert {"Timeline", "Session summary", "Get help now"} <= links
    assert not links & {"Log", "Settings", "Wins", "Facilitator", "Home"}
    # The empty timeline tells a reader what is missing, with no step into the Log.
    assert "The family has logged nothing for these dates yet" in every_text(at)
    assert not [link for link in links if "Log" in link]


def test_a_hosted_caregiver_does_not_open_the_servers_facilitator_notes(hosted, as_person) -> None:
    at = as_person("carol", "pages/10_Facilitator.py")
    assert NOT_ALLOWED in every_text(at)
    assert not at.text_area, "the Facilitator page is for listed facilitators when hosted"
    assert "Facilitator" not in page_links(as_person("carol", "pages/06_Timeline.py"))


def test_the_familys_privacy_lock_holds_its_caregivers_not_an_invited_therapist(
    hosted, as_person
) -> None:
    store, household = hosted
    lock.set_lock(store.household(household), "a long passphrase", "a long passphrase")
    code = access.create_invitation(store, household, access.Person(ISSUER, "carol"))
    access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    assert "Harbor is locked" in every_text(as_person("carol", "pages/06_Timeline.py"))
    shown = every_text(as_person("theo", "pages/06_Timeline.py"))
    assert "Harbor is locked" not in shown and "Read-only" in shown
    assert not [i for i in as_person("theo").text_input if i.label == "Passphrase"]


def test_a_therapist_can_switch_to_every_family_that_invited_them_locked_or_not(
    hosted, as_person
) -> None:
    store, household = hosted
    other = access.sign_up(
        store, access.Person(ISSUER, "dana"), NewFamily("The Dana family", "Jo", "Dana")
    )
    lock.set_lock(store.household(other), "a long passphrase", "a long passphrase")
    for family, caregiver in ((household, "carol"), (other, "dana")):
        code = access.create_invitation(store, family, access.Person(ISSUER, caregiver))
        access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    at = as_person("theo", "pages/06_Timeline.py")
    [chooser] = [s for s in at.selectbox if s.label == "Family"]
    assert set(chooser.options) == {"The Carol family", "The Dana family"}


def test_a_therapist_loses_the_household_on_revoke(hosted, as_person) -> None:
    store, household = hosted
    carol = access.Person(ISSUER, "carol")
    code = access.create_invitation(store, household, carol)
    access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    assert NOT_ALLOWED not in every_text(as_person("theo", "pages/06_Timeline.py"))
    seen = [(e.action, e.detail) for e in access.audit_list(store, household) if "theo" in e.actor]
    assert ("sign-in", access.THERAPIST) in seen  # the family sees the therapist's visit
    [used] = [i for i in access.invitations_of(store, household) if i.used]
    access.revoke_invitation(store, household, used.id, carol)
    shown = every_text(as_person("theo", "pages/06_Timeline.py"))
    assert "Welcome to Harbor" in shown and "Robin" not in shown


@pytest.mark.parametrize(("subject", "invited"), [("carol", False), ("theo", True)])
def test_a_session_report_made_in_hosted_mode_is_in_the_familys_audit_list(
    hosted, as_person, subject: str, invited: bool
) -> None:
    store, household = hosted
    carol = access.Person(ISSUER, "carol")
    if invited:
        code = access.create_invitation(store, household, carol)
        access.redeem_invitation(store, access.Person(ISSUER, subject), code)
    at = as_person(subject, "pages/09_Session_summary.py")
    [make] = [b for b in at.button if b.label == "Make the HTML report"]
    make.click()
    at.run()
    assert not at.exception, at.exception
    assert [b for b in at.get("download_button") if "HTML" in str(b.proto.label)]
    exports = [
        e.detail
        for e in access.audit_list(store, household)
        if e.action == "export" and e.actor.endswith(f" {subject}")
    ]
    assert len(exports) == 1 and exports[0].startswith("session report (HTML), ")


@pytest.mark.parametrize(
    ("page", "allowed"),
    [
        ("pages/10_Facilitator.py", True),
        ("pages/01_Learn.py", True),
        (None, False),
        ("pages/06_Timeline.py", False),
        ("pages/09_Session_summary.py", False),
        ("pages/05_Log.py", False),
    ],
)
def test_a_facilitator_sees_no_family_data(
    hosted, as_person, page: str | None, allowed: bool
) -> None:
    at = as_person("fran", page, facilitators=("fran",))
    shown = every_text(at)
    assert (NOT_ALLOWED not in shown) is allowed
    assert "Robin" not in shown and "Carol" not in shown


def test_group_totals_on_the_facilitator_page_stay_hidden_below_five(hosted, as_person) -> None:
    store, household = hosted
    access.set_group_opt_in(store, household, True)
    at = as_person("fran", "pages/10_Facilitator.py", facilitators=("fran",))
    assert "at least 5 families" in every_text(at)
    assert "families take part" not in every_text(at)


def test_hosted_mode_refuses_to_run_as_the_owner(
    hosted, hosted_database, as_person, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARBOR_DATABASE_URL", hosted_database.admin_url)
    shown = every_text(as_person("carol"))
    assert "connected as a role that sees every family" in shown
    assert "Robin" not in shown and "Carol" not in shown


def test_boundary_worksheet_and_backup_downloads_are_in_the_familys_audit_list(
    hosted, as_person
) -> None:
    """Every download of the family's data is audited as an export, by kind and id: never
    the words of the plan."""
    store, household = hosted
    family = store.scoped(household).household(household)
    words = "I pay the phone bill directly. I don't give cash."
    plan = family.add(
        BoundaryPlan(
            household_id=household,
            loved_one_id=family.loved_ones()[0].id,
            area="money",
            boundary=words,
            why_it_matters="Cash can pay for ketamine.",
            if_crossed="I pay the bill myself.",
            plan_date=date(2026, 11, 1),
        )
    )
    at = as_person("carol", "pages/03_Boundaries.py")
    at.session_state[f"exp_print_{plan.id}"] = True  # the person opens "Print or save"
    at.run()
    at.download_button(key=f"worksheet_html_{plan.id}").click().run()
    at.button(key=f"worksheet_pdf_{plan.id}_make").click().run()
    at.download_button(key=f"worksheet_pdf_{plan.id}_download").click().run()
    at.switch_page("pages/12_Settings.py").run()
    next(b for b in at.button if b.label == "Prepare backup file").click().run()
    assert not at.exception, at.exception
    exports = [
        (e.actor, e.detail) for e in access.audit_list(store, household) if e.action == "export"
    ]
    carol = access.Person(ISSUER, "carol").actor
    assert sorted(exports) == sorted(
        [
            (carol, f"boundary worksheet (HTML), plan {plan.id}"),
            (carol, f"boundary worksheet (PDF), plan {plan.id}"),
            (carol, "backup (JSON)"),
        ]
    )
    assert all(words not in detail for _, detail in exports)


def test_a_facilitator_is_matched_on_issuer_and_subject(hosted, as_person) -> None:
    """The same subject from another provider is another person: not a facilitator."""
    other = {"issuer": "https://other.example.test", "subject": "fran"}
    at = as_person("fran", "pages/10_Facilitator.py", facilitators=(other,))
    assert "Welcome to Harbor" in every_text(at)
    at = as_person("fran", "pages/10_Facilitator.py", facilitators=("fran",))
    assert NOT_ALLOWED not in every_text(at) and "Group totals" in every_text(at)


@pytest.mark.parametrize(
    "listed",
    [("fran",), ({"subject": "fran"},), ({"issuer": ISSUER, "subject": ""},)],
    ids=["bare subject", "no issuer", "empty subject"],
)
def test_a_facilitator_list_harbor_cannot_read_names_nobody_and_says_what_to_write(
    hosted, as_person, listed: tuple
) -> None:
    # A bare string here is written to secrets as a string: the old form.
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["harbor"] = {"facilitators": list(listed)}
    at.user = {"is_logged_in": True, "iss": ISSUER, "sub": "fran"}
    at.switch_page("pages/10_Facilitator.py")
    at.run()
    assert not at.exception, at.exception
    [warning] = [w.value for w in at.warning]
    assert "[harbor] facilitators, entry 1" in warning and "issuer =" in warning
    assert "Welcome to Harbor" in every_text(at), "not a facilitator until it is fixed"


def test_a_facilitator_who_is_also_a_caregiver_switches_between_the_two(hosted, as_person) -> None:
    at = as_person("carol", "pages/10_Facilitator.py", facilitators=("carol",))
    shown = every_text(at)
    assert NOT_ALLOWED not in shown and "Robin" not in shown and "Carol" not in shown
    [switch] = [r for r in at.radio if r.label == "Use Harbor as"]
    assert switch.value == "facilitator"
    switch.set_value("family").run()
    assert not at.exception, at.exception
    at.switch_page("streamlit_app.py").run()
    assert "Robin" in every_text(at)
    [switch] = [r for r in at.radio if r.label == "Use Harbor as"]
    switch.set_value("facilitator").run()
    shown = every_text(at)
    assert "Robin" not in shown and "Carol" not in shown
    assert NOT_ALLOWED in shown, "Home is a family page: the facilitator is offered their own"


def test_a_hosted_facilitators_notes_are_saved_in_the_database_not_a_file(
    hosted, as_person, data_dir: Path
) -> None:
    from dashboard.hosted_notes import HostedFacilitatorBook

    store, _ = hosted
    at = as_person("fran", "pages/10_Facilitator.py", facilitators=("fran",))
    next(r for r in at.radio if r.label == "Show").set_value("Notes").run()
    assert "database under your own sign-in" in "\n".join(i.value for i in at.info)
    at.text_area(key="notes_1").input("Start with the guidelines.").run()
    next(b for b in at.button if b.label == "Save notes").click().run()
    assert not at.exception, at.exception
    fran = HostedFacilitatorBook(store, access.Person(ISSUER, "fran"))
    assert fran.note(1) == "Start with the guidelines."
    assert HostedFacilitatorBook(store, access.Person(ISSUER, "gus")).note(1) == ""
    assert not (data_dir / "facilitator.json").exists()


@pytest.mark.parametrize(
    ("issuer", "subject"),
    [(ISSUER, "c" * 256), ("https://" + "i" * 250, "carol"), (ISSUER, "")],
    ids=["long subject", "long issuer", "no subject"],
)
def test_a_sign_in_harbor_cannot_keep_whole_is_refused_with_a_page_and_saves_nothing(
    hosted, issuer: str, subject: str
) -> None:
    """Never cut to fit: the person sees why, can sign out, and nothing is written for them."""
    store, household = hosted
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "iss": issuer, "sub": subject}
    at.run()
    assert not at.exception, at.exception
    shown = every_text(at)
    assert "Harbor cannot open your account" in shown and "Sign out" in shown
    assert "Welcome to Harbor" not in shown and "Robin" not in shown
    assert [b.label for b in at.button] == ["Sign out"] and not at.text_input
    # Only Carol's sign-up is in the family's audit list: nothing names the refused person.
    assert [e.action for e in access.audit_list(store.scoped(household), household)] == ["grant"]


@pytest.mark.parametrize(
    ("invited", "caregiver", "family_side"),
    [
        (True, False, "A family who invited me (read-only)"),
        (True, True, "My family, or one who invited me"),
        (False, True, "My family"),
    ],
    ids=["therapist only", "both", "caregiver only"],
)
def test_the_switch_names_the_family_side_by_the_facilitators_roles_there(
    hosted, as_person, invited: bool, caregiver: bool, family_side: str
) -> None:
    """A therapist's invitation into someone else's family is not "My family"."""
    store, household = hosted
    if invited:
        code = access.create_invitation(store, household, access.Person(ISSUER, "carol"))
        access.redeem_invitation(store, access.Person(ISSUER, "theo"), code)
    if caregiver:
        access.sign_up(
            store, access.Person(ISSUER, "theo"), NewFamily("The Theo family", "Sam", "Theo")
        )
    at = as_person("theo", "pages/10_Facilitator.py", facilitators=("theo",))
    [switch] = [r for r in at.radio if r.label == "Use Harbor as"]
    assert switch.options == ["Facilitator (no family's records)", family_side]


def test_sharing_dates_are_the_familys_days_not_utcs(hosted, hosted_database, as_person) -> None:
    """An invitation made at 10 pm in New York is dated that evening, not the next UTC day."""
    store, household = hosted
    access.create_invitation(store, household, access.Person(ISSUER, "carol"))
    evening = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 23 Nov, 10 pm in New York
    engine = make_engine(hosted_database.admin_url)
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT set_config('harbor.crossing', 'on', true)"))
        connection.execute(sa.update(invitations).values(created_at=evening))
        connection.execute(sa.update(audit_events).values(created_at=evening))
    engine.dispose()
    shown = every_text(as_person("carol", "pages/12_Settings.py"))
    assert f"Therapist code from {day_text(date(2026, 11, 23))}, until" in shown
    assert f"{day_text(date(2026, 11, 23))} · grant" in shown
    assert f"Therapist code from {day_text(date(2026, 11, 24))}" not in shown
