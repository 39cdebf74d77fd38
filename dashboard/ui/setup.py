"""The one shared page setup: config, navigation, family selector and crisis lines.

Every page file calls `page_setup()` first. Nothing else in a page decides where data
lives or which family is shown.

Help survives any failure: the crisis bar (and Get help now) are drawn from shipped
content before the database is touched. If the database then fails (unreachable, corrupt
or locked), the page goes on without the family's records and says so calmly; the details
go to the server log, never to the page.
"""

from __future__ import annotations

import functools
import gc
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import access, lock
from dashboard.config import DEFAULT_REGION, Settings, load_settings
from dashboard.content import Notice, Region, RoleSwitchWords, crisis_lines, hosting_words
from dashboard.records import FamilyMember, Household, LovedOne
from dashboard.store import HouseholdStore, Store, StoreError
from dashboard.text import day_text

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

HOUSEHOLD_KEY = "household_id"
LOVED_ONE_KEY = "loved_one_id"
MEMBER_KEY = "member_id"
# Household ids unlocked in this browser session; a new session starts locked.
UNLOCKED_KEY = "unlocked_households"
# When this session last did something (lock.now() seconds), for the idle lock.
ACTIVE_KEY = "last_active"
# How often an open page checks whether it has been idle too long.
IDLE_CHECK_SECONDS = 30
# Hosted mode, a listed facilitator who is also in a family: which one this session uses.
ACTING_KEY = "acting_as"
SWITCH_KEY = "acting_as_choice"
FACILITATOR, FAMILY = "facilitator", "family"
# The region this session last read: the crisis bar's first guess on the next page.
REGION_KEY = "crisis_region"
CRISIS_BAR_LABEL = "Need help now?"
# Whether this session's browser is a phone (read once from its User-Agent).
PHONE_KEY = "on_phone"
SHORT_NUMBER = 6  # digits
RECORDS_UNAVAILABLE = (
    "Your family's records can't be opened right now. The help lines, guides and group "
    "materials still work. Please try again in a few minutes."
)

log = logging.getLogger(__name__)
LOCAL_CSS = Path(__file__).with_name("harbor.css")

# Grouped navigation: (group, [(page file, label)]). Paths are relative to the app root.
NAVIGATION: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("", (("streamlit_app.py", "Home"),)),
    ("Learn", (("pages/01_Learn.py", "Learn"), ("pages/02_Warning_signs.py", "Warning signs"))),
    (
        "Act",
        (("pages/03_Boundaries.py", "Boundaries"), ("pages/04_CRAFT_skills.py", "CRAFT skills")),
    ),
    (
        "Track",
        (
            ("pages/05_Log.py", "Log"),
            ("pages/06_Timeline.py", "Timeline"),
            ("pages/07_Wins.py", "Wins"),
            ("pages/08_Self_care.py", "Self-care"),
        ),
    ),
    (
        "Share",
        (
            ("pages/09_Session_summary.py", "Session summary"),
            ("pages/10_Facilitator.py", "Facilitator"),
        ),
    ),
    ("Help", (("pages/11_Get_help_now.py", "Get help now"), ("pages/12_Settings.py", "Settings"))),
)
HOME_PAGE = "streamlit_app.py"
HELP_PAGE = "pages/11_Get_help_now.py"
LOG_PAGE = "pages/05_Log.py"
SETTINGS_PAGE = "pages/12_Settings.py"


@dataclass(frozen=True)
class PageContext:
    """What a page needs to know about who is using Harbor right now."""

    store: Store | None  # None while the database cannot be opened
    household: HouseholdStore | None
    info: Household | None
    loved_one: LovedOne | None
    member: FamilyMember | None
    # Read once per run, so the sidebar and the page don't query them again.
    households: tuple[Household, ...] = ()
    loved_ones: tuple[LovedOne, ...] = ()
    members: tuple[FamilyMember, ...] = ()
    # The database failed: nothing about the family could be read in this run.
    records_unavailable: bool = False
    # The crisis lines' region when no family is open (the last one this session read).
    fallback_region: str = DEFAULT_REGION
    # Hosted mode: who signed in, and their role in the open family (home mode: caregiver).
    role: str = access.CAREGIVER
    person: access.Person | None = None
    # A listed facilitator who is also in a family: the sidebar switches between the two,
    # naming the family side by the roles they hold there (caregiver, therapist).
    switchable: bool = False
    family_roles: frozenset[str] = frozenset()

    @property
    def read_only(self) -> bool:
        return self.role == access.THERAPIST

    @property
    def region(self) -> str:
        return self.info.region if self.info else self.fallback_region

    @property
    def member_id(self) -> uuid.UUID | None:
        """Who is logging, stamped on what they save."""
        return self.member.id if self.member else None

    @property
    def has_family(self) -> bool:
        return self.household is not None and self.loved_one is not None


@st.cache_resource(max_entries=4)
def _open_store(database_url: str, data_dir: str) -> Store:
    return Store.open(Settings(data_dir=Path(data_dir), database_url=database_url))


def get_store() -> Store:
    """One store (and connection pool) per database, shared by every session."""
    settings = load_settings()
    return _open_store(settings.database_url, str(settings.data_dir))


def page_setup(
    title: str, icon: str = "⚓", shipped: Callable[[str], None] | None = None
) -> PageContext:
    """Call first on every page.

    The crisis bar comes first, from shipped content, with the region this session last
    read (the default region at first); it is redrawn if the family's region differs.
    `shipped(region)` draws a page made only of shipped content (Get help now) the same
    way, so it shows at once even while the database is slow or failing.
    """
    st.set_page_config(page_title=f"{title} · Harbor", page_icon=icon, layout="centered")
    local_style()
    guess = st.session_state.get(REGION_KEY, DEFAULT_REGION)
    bar = st.empty()
    _draw_crisis_bar(bar, guess)
    body = st.empty() if shipped is not None else None
    if body is not None:
        with body.container():
            shipped(guess)
    mode = serving_mode()
    if mode in (access.EXPOSED, access.HOSTED_NEEDS_POSTGRES):
        if body is not None:
            body.empty()
        _refusal(mode)
        st.stop()
    context = _open_family() if mode == access.HOME else _open_hosted()
    if context.info is None:
        context = replace(context, fallback_region=guess)
    # The lock guards the family's own shared computer. An invited therapist signs in as
    # themselves, read-only, and is never asked for the family's passphrase.
    locks = context.role == access.CAREGIVER
    if locks and context.info is not None and context.info.lock_hash is not None:
        _close_when_idle(context.info)
    if locks and is_locked_here(context.info):
        for slot in (bar, body):
            if slot is not None:
                slot.empty()
        _lock_screen(context)
        st.stop()
    _sidebar(context)
    if not access.page_allowed(context.role, title, hosted=context.person is not None):
        if body is not None:
            body.empty()
        _not_allowed(context)
        st.stop()
    st.session_state[REGION_KEY] = context.region
    if context.region != guess or context.records_unavailable:
        _draw_crisis_bar(bar, context.region, context.records_unavailable)
    if body is not None and context.region != guess:
        with body.container():
            shipped(context.region)
    _freeze_start_up_heap()
    return context


@functools.cache
def _freeze_start_up_heap() -> None:
    """Once per process, after the first page has loaded Harbor and its libraries: what is
    in memory now lives as long as the server, so the garbage collector stops walking it.

    With pandas, Plotly, SQLAlchemy and pydantic loaded, each full collection walked some
    150,000 such objects and held every session's run for 70-170 ms (seen under the load
    bench of bench/README.md, figure 4); Streamlit's own collection after each run is off
    for the same reason (`postScriptGC` in .streamlit/config.toml).
    """
    gc.freeze()


@functools.cache
def _local_css() -> str:
    """Read once per process: the file ships with Harbor and never changes while it runs."""
    return LOCAL_CSS.read_text(encoding="utf-8")


def local_style() -> None:
    """Harbor's few lines of local CSS (contrast, 44 px targets, focus): no CDN, no fonts."""
    st.html(f"<style>{_local_css()}</style>")


def _draw_crisis_bar(slot: DeltaGenerator, region: str, note: bool = False) -> None:
    """The crisis bar in its place at the top; with the note when records are unavailable."""
    with slot.container():
        crisis_bar(region)
        if note:
            st.info(RECORDS_UNAVAILABLE)


def _open_family() -> PageContext:
    """The family in this session; without records (and never an error) if the database fails."""
    try:
        return _current_family(get_store())
    except Exception:  # any failure of the database: help and guides must still work
        log.warning("Harbor could not read the family's records", exc_info=True)
        return PageContext(None, None, None, None, None, records_unavailable=True)


@contextmanager
def records_guard() -> Iterator[None]:
    """Around a page body that reads the family's records: if the database fails midway,
    the calm note takes the place of the rest of the body, instead of Streamlit's error."""
    try:
        yield
    except SQLAlchemyError:
        log.warning("Harbor could not read the family's records", exc_info=True)
        st.info(RECORDS_UNAVAILABLE)


def is_locked_here(info: Household | None) -> bool:
    """The family has a lock and this session has not unlocked it."""
    return (
        info is not None
        and info.lock_hash is not None
        and str(info.id) not in st.session_state.get(UNLOCKED_KEY, set())
    )


def unlock_here(household_id: uuid.UUID) -> None:
    st.session_state[UNLOCKED_KEY] = {*st.session_state.get(UNLOCKED_KEY, set()), str(household_id)}


def lock_now(household_id: uuid.UUID) -> None:
    st.session_state[UNLOCKED_KEY] = st.session_state.get(UNLOCKED_KEY, set()) - {str(household_id)}


def _close_when_idle(info: Household) -> None:
    """Lock again after the idle time Settings chose; any run of a page counts as activity.

    An open page checks every IDLE_CHECK_SECONDS, so an unattended screen closes too.
    """
    household_id = info.id
    if str(household_id) not in st.session_state.get(UNLOCKED_KEY, set()):
        return
    idle_seconds = lock.idle_minutes(info) * 60
    if _idle_for(idle_seconds):
        lock_now(household_id)
        st.session_state.pop(ACTIVE_KEY, None)
        return
    st.session_state[ACTIVE_KEY] = lock.now()
    _idle_watch(idle_seconds)


def _idle_for(idle_seconds: float) -> bool:
    """No run of a page for longer than `idle_seconds`."""
    last = st.session_state.get(ACTIVE_KEY)
    return last is not None and lock.now() - last > idle_seconds


@st.fragment(run_every=IDLE_CHECK_SECONDS)
def _idle_watch(idle_seconds: float) -> None:
    if _idle_for(idle_seconds):
        st.rerun(scope="app")


def in_fragment_run() -> bool:
    """This run draws one fragment alone, so page_setup did not run before it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return bool(run is not None and run.fragment_ids_this_run)


def still_open(context: PageContext) -> PageContext:
    """What page_setup decided, checked again on a fragment's own run, which skips it.

    The family must still be this session's, with the same role, loved one and member, and
    not locked here; and the run counts as activity for the idle lock, as any run of a page
    does. If anything changed, the whole page runs again instead, and page_setup shows what
    it must: the lock screen, the other family, the sign-in page. On a run of the whole
    page, `context` was just made, and is returned as it is.
    """
    if not in_fragment_run():
        return context
    try:
        fresh = _reopened(context)
    except Exception:  # the whole page then says calmly what it could not read
        log.warning("Harbor could not check the family again", exc_info=True)
        fresh = None
    if fresh is None or fresh.info is None:
        st.rerun(scope="app")
    if fresh.role == access.CAREGIVER and fresh.info.lock_hash is not None:
        if is_locked_here(fresh.info) or _idle_for(lock.idle_minutes(fresh.info) * 60):
            st.rerun(scope="app")
        st.session_state[ACTIVE_KEY] = lock.now()
    return fresh


def _reopened(context: PageContext) -> PageContext | None:
    """The family as a run of the whole page would open it now, without drawing anything;
    None when that is not the family, role, loved one and member `context` shows."""
    if context.household is None or context.loved_one is None:
        return None
    if context.person is None:
        if serving_mode() != access.HOME:
            return None
        fresh = _current_family(get_store())
    else:
        if not st.user.is_logged_in:
            return None
        try:
            person = access.Person(str(st.user.get("iss") or ""), str(st.user.get("sub") or ""))
        except access.IdentityRefused:
            return None
        roles = {
            m.role
            for m in access.memberships_of(get_store(), person)
            if m.household_id == context.household.id
        }
        if person != context.person or context.role not in roles:
            return None
        info = context.household.info()
        fresh = replace(
            _family_context(context.store, info, context.households, context.role, person),
            switchable=context.switchable,
            family_roles=context.family_roles,
        )
    same = (
        fresh.household is not None
        and fresh.household.id == context.household.id
        and fresh.role == context.role
        and fresh.loved_one is not None
        and fresh.loved_one.id == context.loved_one.id
        and fresh.member_id == context.member_id
    )
    return fresh if same else None


def _lock_screen(context: PageContext) -> None:
    """On a shared computer: the passphrase field and the crisis lines, nothing else.

    Wrong passphrases are throttled in the database (lock.THROTTLE), not in the browser.
    """
    household = context.household
    st.title("Harbor is locked")
    with st.form("unlock"):
        attempt = st.text_input("Passphrase", type="password")
        submitted = st.form_submit_button("Unlock", type="primary")
    if submitted:
        try:
            _try_unlock(context, household, attempt)
        except (StoreError, SQLAlchemyError):
            # The count of wrong tries is in the database: if it cannot be read or written,
            # nothing unlocks (the lock fails closed), and the person is told calmly.
            log.warning("Harbor could not check the passphrase", exc_info=True)
            st.error(UNLOCK_UNAVAILABLE)
    show_crisis_lines(crisis_lines(context.region), heading="If you need help now")


UNLOCK_UNAVAILABLE = (
    "Harbor could not check the passphrase just now, so it stays locked. Please try again "
    "in a moment."
)


def _try_unlock(context: PageContext, household: HouseholdStore, attempt: str) -> None:
    """Unlock on the right passphrase unless the throttle says wait. The try is counted before
    it is checked (lock.Throttle.attempt), so tries in parallel tabs cannot slip past the wait."""
    outcome = lock.THROTTLE.attempt(
        household, lambda: lock.passphrase_matches(context.info.lock_hash, attempt)
    )
    if outcome.unlocked:
        unlock_here(household.id)
        st.session_state[ACTIVE_KEY] = lock.now()
        st.rerun()
    wait = outcome.wait
    if outcome.counted:
        message = "Passphrase: that is not it."
        st.error(
            f"{message} Too many wrong tries: wait {wait} seconds, then try again."
            if wait
            else f"{message} Try again."
        )
    else:
        st.error(f"Too many wrong tries: wait {wait} seconds, then try again.")


def choose_household(household_id: uuid.UUID) -> None:
    """Switch the session to a household (after onboarding, the demo, or the selector)."""
    st.session_state[HOUSEHOLD_KEY] = str(household_id)
    st.session_state.pop(LOVED_ONE_KEY, None)
    st.session_state.pop(MEMBER_KEY, None)


def _current_family(store: Store) -> PageContext:
    households = store.households()
    if not households:
        return PageContext(store, None, None, None, None)
    wanted = st.session_state.get(HOUSEHOLD_KEY)
    info = next((h for h in households if str(h.id) == wanted), None)
    if info is None:
        # Prefer a real family over the demo when nothing is chosen yet.
        info = next((h for h in reversed(households) if not h.is_demo), households[-1])
        st.session_state[HOUSEHOLD_KEY] = str(info.id)
    return _family_context(store, info, tuple(households))


def _family_context(
    store: Store,
    info: Household,
    households: tuple[Household, ...],
    role: str = access.CAREGIVER,
    person: access.Person | None = None,
) -> PageContext:
    household = HouseholdStore(store, info.id)
    loved_ones = tuple(household.loved_ones())
    members = tuple(household.family_members())
    return PageContext(
        store,
        household,
        info,
        _pick(loved_ones, LOVED_ONE_KEY),
        _pick(members, MEMBER_KEY),
        households,
        loved_ones,
        members,
        role=role,
        person=person,
    )


# -- modes: home, hosted, or refused --------------------------------------------------------


def serving_mode() -> str:
    """Home, hosted, or a refusal (see access.serving_mode), from Streamlit's settings."""
    address = str(st.get_option("server.address") or "")
    return access.serving_mode(address, _sign_in_configured(), not load_settings().is_sqlite)


def _sign_in_configured() -> bool:
    try:
        return "auth" in st.secrets and access.auth_configured(st.secrets["auth"])
    except Exception:  # no secrets file, or one that cannot be read: no sign-in
        return False


def _refusal(mode: str) -> None:
    """The only page an exposed home Harbor shows: why there are no family records here."""
    words = hosting_words()
    notice = {
        access.EXPOSED: words.exposed,
        access.HOSTED_NEEDS_POSTGRES: words.hosted_needs_postgres,
        access.HOSTED_AS_OWNER: words.hosted_as_owner,
    }[mode]
    st.title(notice.title)
    st.text(notice.body)


def _open_hosted() -> PageContext:
    """Hosted mode: sign in, then the signed-in person's own household, held to it."""
    words = hosting_words()
    if not st.user.is_logged_in:
        st.title(words.sign_in.title)
        st.text(words.sign_in.body)
        if st.button(words.sign_in.button, type="primary", key="sign_in"):
            st.login()
        st.stop()
    try:
        person = access.Person(str(st.user.get("iss") or ""), str(st.user.get("sub") or ""))
    except access.IdentityRefused as exc:
        # Kept whole or not at all: a cut issuer or subject would not be this person.
        log.warning("Harbor refused a sign-in: %s", exc)
        _identity_refused(words.identity_refused)
        st.stop()
    try:
        store = get_store()
        if store.crossing:
            # Connected as the owner, a superuser or a BYPASSRLS role: the database would not
            # keep families apart, so show none of them.
            _refusal(access.HOSTED_AS_OWNER)
            st.stop()
        facilitates = _is_facilitator(person)
        memberships = access.memberships_of(store, person)
    except Exception:  # the database failed: help and guides must still work
        log.warning("Harbor could not read the memberships", exc_info=True)
        return PageContext(None, None, None, None, None, records_unavailable=True, person=person)
    switchable = facilitates and bool(memberships)
    family_roles = frozenset(m.role for m in memberships)
    if facilitates and (not memberships or st.session_state.get(ACTING_KEY) != FAMILY):
        # The facilitator's view holds no household at all: the store is the app role with
        # no family named, which PostgreSQL shows no family row.
        return PageContext(
            store,
            None,
            None,
            None,
            None,
            role=access.FACILITATOR,
            person=person,
            switchable=switchable,
            family_roles=family_roles,
        )
    if not memberships:
        _welcome(store, person)
        st.stop()
    wanted = st.session_state.get(HOUSEHOLD_KEY)
    chosen = next((m for m in memberships if str(m.household_id) == wanted), memberships[0])
    st.session_state[HOUSEHOLD_KEY] = str(chosen.household_id)
    scoped = store.scoped(chosen.household_id, read_only=chosen.role == access.THERAPIST)
    signed_in = f"signed_in:{chosen.household_id}"
    if not st.session_state.get(signed_in):
        # Through the household's own scope, not the read-only view: a therapist's visit
        # shows in the family's audit list too.
        access.record_sign_in(
            store.scoped(chosen.household_id), person, chosen.household_id, chosen.role
        )
        st.session_state[signed_in] = True
    infos = tuple(
        store.scoped(m.household_id).household(m.household_id).info() for m in memberships
    )
    info = next(h for h in infos if h.id == chosen.household_id)
    context = _family_context(scoped, info, infos, role=chosen.role, person=person)
    return replace(context, switchable=switchable, family_roles=family_roles)


def _identity_refused(notice: Notice) -> None:
    """The only page for a sign-in Harbor cannot keep exactly: why, and the way out."""
    st.title(notice.title)
    st.text(notice.body)
    _sign_out_button()


def _is_facilitator(person: access.Person) -> bool:
    """Facilitators are named by issuer and subject in secrets.toml
    (`[harbor] facilitators = [{issuer = "...", subject = "..."}]`). A list Harbor cannot
    read names nobody (fail closed), and the page says what to fix."""
    try:
        listed = st.secrets.get("harbor", {}).get("facilitators")
    except Exception:  # no secrets file, or one that cannot be read
        return False
    try:
        return person in access.parse_facilitators(listed)
    except access.HostingError as exc:
        log.error("%s", exc)
        st.warning(str(exc))
        return False


def _role_switch(context: PageContext) -> None:
    """A listed facilitator who is also in a family: Facilitator or their family, one at a
    time. The facilitator's view still shows no family's records."""
    words = hosting_words().switch
    options = (FACILITATOR, FAMILY)
    current = FAMILY if context.role != access.FACILITATOR else FACILITATOR
    st.radio(
        words.label,
        options,
        index=options.index(current),
        format_func={
            FACILITATOR: words.facilitator,
            FAMILY: family_side(words, context.family_roles),
        }.__getitem__,
        key=SWITCH_KEY,
        on_change=_switched,
    )


def family_side(words: RoleSwitchWords, roles: frozenset[str]) -> str:
    """ "My family" only for a caregiver: an invited therapist's family is not theirs."""
    if access.THERAPIST not in roles:
        return words.family
    return words.invited if roles == {access.THERAPIST} else words.family_or_invited


def _switched() -> None:
    st.session_state[ACTING_KEY] = st.session_state[SWITCH_KEY]


def _welcome(store: Store, person: access.Person) -> None:
    """A signed-in person with no family yet: start one, or use a family's invitation code."""
    from dashboard.store import NewFamily

    words = hosting_words().welcome
    st.title(words.title)
    st.text(words.body)
    with st.form("start_family"):
        household_name = st.text_input("Family name", max_chars=80)
        loved_one = st.text_input("Your loved one's first name", max_chars=80)
        member = st.text_input("Your first name", max_chars=80)
        started = st.form_submit_button("Start our family's space", type="primary")
    if started:
        if household_name.strip() and loved_one.strip() and member.strip():
            household_id = access.sign_up(
                store, person, NewFamily(household_name, loved_one, member)
            )
            choose_household(household_id)
            st.rerun()
        st.error("Please fill in all three names.")
    with st.form("use_code"):
        code = st.text_input(words.code_label, max_chars=64)
        used = st.form_submit_button(words.code_button)
    if used:
        try:
            household_id = access.redeem_invitation(store, person, code)
        except access.HostingError as exc:
            st.error(str(exc))
        else:
            choose_household(household_id)
            st.rerun()
    _sign_out_button()


def _sign_out_button() -> None:
    if st.button(hosting_words().sign_out, key="sign_out"):
        st.session_state.clear()
        st.logout()


def _not_allowed(context: PageContext) -> None:
    words = hosting_words().not_allowed
    st.title(words.title)
    st.text(words.body)
    for path, label in _pages_for(context):
        st.page_link(path, label=label)


def _pages_for(context: PageContext) -> list[tuple[str, str]]:
    return [
        (path, label)
        for _, pages in NAVIGATION
        for path, label in pages
        if _may_open(context, label)
    ]


def _may_open(context: PageContext, label: str) -> bool:
    return access.page_allowed(context.role, label, hosted=context.person is not None)


def _pick(records: Sequence, key: str):
    if not records:
        return None
    wanted = st.session_state.get(key)
    chosen = next((r for r in records if str(r.id) == wanted), records[0])
    st.session_state[key] = str(chosen.id)
    return chosen


def on_phone() -> bool:
    """The browser is a phone or a small tablet: its User-Agent says "Mobi".

    Streamlit 1.67 does not tell the server the window's width; the User-Agent is what it
    has. A session keeps its browser, so the answer is read once per session.
    """
    known = st.session_state.get(PHONE_KEY)
    if known is None:
        known = st.session_state[PHONE_KEY] = "Mobi" in st.context.headers.get("User-Agent", "")
    return known


def _phone_menu(context: PageContext) -> None:
    """On a phone the sidebar starts closed: a labelled 44 px "Menu" button opens the pages
    this person may open (the same list as the sidebar).

    Drawn only for a phone (its 14 links cost every rerun elsewhere); harbor.css also hides
    it on a phone held wide, where the sidebar is open. A narrow laptop window keeps
    Streamlit's own button that opens the sidebar.
    """
    if not on_phone():
        return
    with st.container(key="phone_menu"), st.popover("☰ Menu", width="stretch"):
        for group, pages in NAVIGATION:
            shown = [(p, label) for p, label in pages if _may_open(context, label)]
            if group and shown:
                st.caption(group.upper())
            for path, label in shown:
                st.page_link(path, label=label)


def _sidebar(context: PageContext) -> None:
    _phone_menu(context)
    with st.sidebar:
        st.page_link(HELP_PAGE, label="Get help now")
        for group, pages in NAVIGATION:
            shown = [(p, label) for p, label in pages if _may_open(context, label)]
            if group and shown:
                st.caption(group.upper())
            for path, label in shown:
                st.page_link(path, label=label)
        if context.household is not None:
            st.divider()
            _family_selector(context)
        if context.person is not None:
            st.divider()
            if context.switchable:
                _role_switch(context)
            st.caption(hosting_words().roles.get(context.role, ""))
            _sign_out_button()


def _family_selector(context: PageContext) -> None:
    # A locked family stays out of the list until someone unlocks it (the lock holds
    # caregivers only: an invited therapist sees every family that invited them).
    locks = context.role == access.CAREGIVER
    households = [
        h
        for h in context.households
        if h.id == context.info.id or not (locks and is_locked_here(h))
    ]
    if len(households) > 1:
        ids = [str(h.id) for h in households]
        names = {str(h.id): h.name for h in households}
        chosen = st.selectbox(
            "Family",
            ids,
            index=ids.index(str(context.info.id)),
            format_func=names.__getitem__,
            key="family_selector",
        )
        if chosen != str(context.info.id):
            choose_household(uuid.UUID(chosen))
            st.rerun()
    if len(context.loved_ones) > 1:
        _selector("Loved one", context.loved_ones, LOVED_ONE_KEY)
    if len(context.members) > 1:
        _selector("I am", context.members, MEMBER_KEY)
    if context.info.is_demo:
        st.info("You are exploring the demo family. Everything here is invented.")
    if context.info.lock_hash is not None and st.button("Lock Harbor now", key="lock_now"):
        lock_now(context.info.id)
        st.rerun()


def _selector(label: str, records: Sequence, key: str) -> None:
    ids = [str(r.id) for r in records]
    names = {str(r.id): r.display_name for r in records}
    current = st.session_state.get(key, ids[0])
    chosen = st.selectbox(
        label,
        ids,
        index=ids.index(current) if current in ids else 0,
        format_func=names.__getitem__,
        key=f"{key}_selector",
    )
    if chosen != current:
        st.session_state[key] = chosen
        st.rerun()


def crisis_bar(region: str) -> None:
    """A short line of crisis numbers at the top of every page, each one tap to call or text."""
    shown = crisis_lines(region)
    lines = shown.lines[:3]
    numbers = " · ".join(f"{line.name}: {line.contact}" for line in lines)
    with st.container(border=True):
        st.markdown(f"**{CRISIS_BAR_LABEL}** {numbers}")
        if shown.ask:
            st.markdown(shown.ask)
        with st.container(horizontal=True):
            for line in lines:
                if line.dial:  # a short number reads best as itself, a long one by name
                    name = line.dial if len(line.dial) <= SHORT_NUMBER else line.name
                    st.link_button(f"Call {name}", f"tel:{line.dial}")
                if line.sms_link:
                    st.link_button(f"Text {line.text}", line.sms_link)
        st.page_link(HELP_PAGE, label="All help lines and what to do in an emergency")


def show_crisis_lines(region: Region | None = None, heading: str | None = None) -> None:
    region = region or crisis_lines()
    if heading:
        st.header(heading)
    if region.ask:
        st.warning(region.ask)
    for line in region.lines:
        with st.container(border=True):
            st.markdown(f"**{line.name}**: {line.contact}")
            st.caption(line.purpose)
            if line.dial:
                st.link_button(f"Call {line.name}", f"tel:{line.dial}")
            if line.sms_link:
                st.link_button(f"Text {line.name}", line.sms_link)
            note = (
                " (listed by other sources; being re-checked)" if line.status == "secondary" else ""
            )
            st.caption(
                f"Source: {line.source} · checked {day_text(line.verified, long=True)}{note}"
            )
