"""Home page body for a family that is set up: the loved one's picture today.

The overview (dashboard.views.home) reads the whole history, since runs and found wins
need it; it is cached per household, loved one and data version.
"""

from __future__ import annotations

import streamlit as st

from dashboard.content import browser_time_zone, learning_path, region_time_zone
from dashboard.records import (
    EVENT_KIND_LABELS,
    OBSERVED_USE_LABELS,
    REGION_LABELS,
    TIMEZONES,
    DailyCheckin,
    RecordInvalid,
    today_in,
)
from dashboard.store import AlreadyLogged, NewFamily, StoreError
from dashboard.text import day_text, plural
from dashboard.ui.kit import (
    empty_state,
    flash,
    inert,
    restore_from_backup,
    save_with_feedback,
    share_box,
    show_flash,
    show_problem,
    show_win,
)
from dashboard.ui.setup import HELP_PAGE, LOG_PAGE, PageContext, choose_household

WINS_PAGE = "pages/07_Wins.py"
TIMELINE_PAGE = "pages/06_Timeline.py"
QUICK_FLASH_KEY = "quick_checkin_flash"
# A quick check-in refused because someone logged today meanwhile: (day, mine, theirs).
QUICK_CLASH_KEY = "quick_checkin_clash"
QUICK_QUESTION = "What did you see today?"
QUICK_SEEN_EMPTY_KEY = "quick_checkin_seen_empty"
# The onboarding choice "the usual time zone of the region above", resolved on submit.
REGION_ZONE = ""
# What works without the family's records, one tap each (page, label).
WITHOUT_RECORDS = (
    (HELP_PAGE, "Get help now: crisis lines and what to do in an emergency"),
    ("pages/01_Learn.py", "Learn: plain-language guides"),
    ("pages/02_Warning_signs.py", "Warning signs: what to look out for"),
    ("pages/03_Boundaries.py", "Boundaries: tips and the PIUS helper"),
    ("pages/10_Facilitator.py", "Facilitator: group sessions and worksheets"),
)


def overview(context: PageContext) -> None:
    # Imported here: the first screen of a new family (onboarding) needs none of this.
    from dashboard.rules.learning import path_progress
    from dashboard.views.home import home_overview
    from dashboard.views.learning import read_module_ids

    loved_one = context.loved_one
    today = today_in(loved_one.timezone)
    st.title("Today")
    st.text(f"{context.info.name} · supporting {loved_one.display_name}")
    quick_checkin(context)
    summary = home_overview(context.household, today, loved_one.id)

    run, last_checkin = st.columns(2)
    with run, st.container(border=True):
        st.header("Current run")
        current = summary.current_run
        if current is None:
            st.write(
                "No run going yet: it starts with the next check-in that says no use was seen."
            )
        else:
            st.metric("Use-free days logged", plural(current.use_free_days, "day"))
            st.caption(f"Since {day_text(current.start)}. Earlier runs still count.")
        st.page_link(WINS_PAGE, label="See all runs and wins")
    with last_checkin, st.container(border=True):
        st.header("Last check-in")
        last = summary.last_checkin
        if last is None:
            st.write("No check-ins yet.")
        else:
            st.write(
                f"{day_text(last.day, weekday=True, year=False, long=True)} · "
                f"{OBSERVED_USE_LABELS[last.observed_use]}"
            )
            st.caption(f"{plural(summary.checkins_last_7_days, 'check-in')} in the last 7 days")
        st.page_link(LOG_PAGE, label="Log today's check-in")

    with st.container(border=True):
        st.header("Next appointment")
        planned = summary.next_planned
        if planned is None:
            st.write("Nothing planned yet.")
        else:
            when = day_text(planned.start_date, weekday=True, year=False, long=True)
            st.write(f"{when}: {EVENT_KIND_LABELS[planned.kind]}")
            if planned.title:
                st.text(planned.title)
        st.page_link(TIMELINE_PAGE, label="Open the timeline")

    st.header("Latest small wins")
    if not summary.latest_wins:
        empty_state(
            "No wins yet. Small things count: a kept appointment, an honest talk, a family meal.",
            LOG_PAGE,
            "Log a small win",
        )
    for win in summary.latest_wins:
        show_win(win)

    read_ids = read_module_ids(context.household, context.member.id) if context.member else set()
    step = path_progress(learning_path(), read_ids).next_module
    if step is not None:
        st.header("A step for this week")
        st.write(f"Read **{step.title}**: {step.summary}")
        st.page_link("pages/01_Learn.py", label="Open the Learn page")


def quick_checkin(context: PageContext) -> None:
    """Today's check-in in two taps on the first screen: what was seen, then Save.

    Mood, sleep and a note are one tap further. A day holds one check-in: if today has
    one, it is shown with who logged it, and replacing it is an explicit choice (the
    earlier version is kept in its history).
    """
    from dashboard.ui.log import checkin_text

    household, loved_one = context.household, context.loved_one
    today = today_in(loved_one.timezone)
    st.header("Quick check-in")
    show_flash(QUICK_FLASH_KEY)
    clash = st.session_state.get(QUICK_CLASH_KEY)
    if clash is not None and clash[0] == (str(loved_one.id), today):
        _quick_clash(context, clash[1], household.day_entry(DailyCheckin, loved_one.id, today))
        return
    taken = household.day_entry(DailyCheckin, loved_one.id, today)
    here = (str(loved_one.id), today)
    if taken is not None and st.session_state.get(QUICK_SEEN_EMPTY_KEY) != here:
        # A member's name is the family's own text: never read as Markdown.
        st.write(f"Today's check-in is logged by {inert(_logged_by(context, taken))}:")
        st.text(checkin_text(taken))
        st.page_link(LOG_PAGE, label="Open it in the Log to change or replace it")
        return
    # The form a person is choosing in stays, even if someone logs today meanwhile.
    st.session_state[QUICK_SEEN_EMPTY_KEY] = here
    last = household.latest_checkin_values(loved_one.id)
    choices = list(OBSERVED_USE_LABELS)
    with st.form("quick_checkin"):
        seen = st.radio(
            QUICK_QUESTION,
            choices,
            index=None,
            format_func=OBSERVED_USE_LABELS.__getitem__,
            horizontal=True,
            key="quick_seen",
        )
        with st.expander("Mood, sleep and a note (optional)"):
            mood = st.slider("Mood as you saw it", 1, 5, last.mood if last else 3)
            sleep = st.slider("Sleep as you saw it", 1, 5, last.sleep if last else 3)
            notes = st.text_area("Note (optional)", key="quick_note")
            share = share_box(key="quick_share")
        submitted = st.form_submit_button("Save", type="primary")
    if not submitted:
        return
    if seen is None:
        show_problem(f"{QUICK_QUESTION} Choose one of the four answers, then Save.")
        return
    values = {
        "loved_one_id": loved_one.id,
        "day": today,
        "observed_use": seen,
        "mood": mood,
        "sleep": sleep,
        "notes": notes,
        "share_in_reports": share,
    }

    def save() -> None:
        record = household.new(DailyCheckin, values, context.member_id)
        try:
            household.save_checkin(record, by=context.member_id)
        except AlreadyLogged:
            # Logged meanwhile: keep what was typed, and show both before anything is replaced.
            st.session_state[QUICK_CLASH_KEY] = ((str(loved_one.id), today), record)
            st.rerun()

    if save_with_feedback(save, "Today's check-in is saved."):
        st.session_state.pop(QUICK_SEEN_EMPTY_KEY, None)
        flash(
            f"Today's check-in is saved: {OBSERVED_USE_LABELS[seen]}.",
            QUICK_FLASH_KEY,
            clear=("quick_note",),
            forget=("quick_seen", "quick_share"),
        )


def _quick_clash(context: PageContext, mine: DailyCheckin, theirs: DailyCheckin | None) -> None:
    """Someone logged today while this person was choosing: both shown, nothing replaced yet."""
    from dashboard.ui.log import checkin_text

    if theirs is not None:
        st.warning(
            f"Not saved: {_logged_by(context, theirs)} logged today's check-in while you were "
            "choosing. Nothing was overwritten. Here are both."
        )
        st.caption("The check-in for today")
        st.text(checkin_text(theirs))
    st.caption("Yours, not saved yet")
    st.text(checkin_text(mine))
    label = "Replace today's check-in with mine" if theirs is not None else "Save mine"
    if st.button(label, type="primary", key="quick_replace"):

        def replace() -> None:
            context.household.save_checkin(mine, replacing=theirs, by=context.member_id)

        if save_with_feedback(replace, "Today's check-in is saved."):
            st.session_state.pop(QUICK_CLASH_KEY, None)
            st.session_state.pop(QUICK_SEEN_EMPTY_KEY, None)
            flash(
                "Today's check-in is replaced by yours; the one before is kept in its history.",
                QUICK_FLASH_KEY,
            )
    if theirs is not None and st.button("Keep the one logged", key="quick_keep"):
        st.session_state.pop(QUICK_CLASH_KEY, None)
        st.session_state.pop(QUICK_SEEN_EMPTY_KEY, None)
        st.rerun()


def _logged_by(context: PageContext, entry: DailyCheckin) -> str:
    names = {m.id: m.display_name for m in context.members}
    if entry.logged_by is None:
        return "someone (not recorded who)"
    return names.get(entry.logged_by, "someone")


def onboarding(context: PageContext) -> None:
    """First run: create your family's space, or explore the demo family."""
    from dashboard.demo import load_demo

    st.title("Welcome to Harbor")
    st.write(
        "Harbor helps you understand ketamine addiction, keep boundaries, use the family "
        "skills that work, and see your loved one's progress. Everything you enter stays "
        "on this computer."
    )
    create, explore, restore = st.tabs(
        ["Create your family's space", "Explore the demo family", "Restore from a backup"]
    )
    with create, st.form("onboarding"):
        household_name = st.text_input("Family name", placeholder="e.g. The Rivera family")
        loved_one = st.text_input("Your loved one's first name (or a nickname)")
        member = st.text_input("Your first name")
        region = st.selectbox(
            "Where do you live? (for the right crisis lines)",
            list(REGION_LABELS),
            format_func=REGION_LABELS.__getitem__,
        )
        # The browser's own zone when it says; else the region's usual one, on submit.
        zones = [REGION_ZONE, *TIMEZONES]
        browser_zone = browser_time_zone(st.context.timezone)
        timezone = st.selectbox(
            "Your loved one's time zone (so each day's log lands on the right date)",
            zones,
            index=zones.index(browser_zone) if browser_zone else 0,
            format_func=lambda zone: zone or "The usual time zone of the region above",
        )
        submitted = st.form_submit_button("Create my family's space", type="primary")
    if submitted:
        family = NewFamily(
            household_name=household_name or "My family",
            loved_one_name=loved_one,
            member_name=member,
            region=region,
            timezone=timezone or region_time_zone(region),
        )
        _create(context, family)
    with explore:
        st.write(
            "The demo family is invented. It shows ten months of logs: assessment, "
            "withdrawal management, outpatient treatment, one lapse and the recovery from it."
        )
        if st.button("Explore the demo family", key="load_demo"):
            with st.spinner("Loading the demo family…"):
                household, _ = load_demo(context.store)
            choose_household(household.id)
            st.rerun()
    with restore:
        st.write("Moving to a new computer? Bring your family's records from a backup file.")
        restore_from_backup(context, key="onboarding_restore")


def without_records() -> None:
    """Home while the family's records can't be opened: what still works, one tap away."""
    st.title("Welcome to Harbor")
    st.write("These parts of Harbor work without your family's records:")
    for page, label in WITHOUT_RECORDS:
        st.page_link(page, label=label)


def _create(context: PageContext, family: NewFamily) -> None:
    try:
        household = context.store.create_family(family)
    except (RecordInvalid, StoreError) as exc:  # bad input, or a busy database: nothing saved
        show_problem(str(exc))
        return
    choose_household(household.id)
    st.rerun()
