"""Settings page body: profiles, region, time zone, backup and deletion."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import streamlit as st

from dashboard import views
from dashboard.backup import export_payload, remove_safety_copies
from dashboard.config import load_settings
from dashboard.lock import (
    IDLE_MINUTES_RANGE,
    PassphraseRejected,
    idle_minutes,
    remove_lock,
    set_idle_minutes,
    set_lock,
)
from dashboard.records import (
    REGION_LABELS,
    RELATIONSHIP_LABELS,
    TIMEZONES,
    FamilyMember,
    today_in,
    validate_record,
)
from dashboard.store import StoreError
from dashboard.ui.kit import (
    audit_export,
    flash,
    restore_from_backup,
    save,
    save_with_feedback,
    show_problem,
)
from dashboard.ui.setup import HOUSEHOLD_KEY, PageContext, unlock_here

DELETE_CONFIRMATION = "DELETE"


def profiles(context: PageContext) -> None:
    st.header("Your family")
    info = context.info
    with st.form("household_profile"):
        name = st.text_input("Family name", value=info.name)
        region = st.selectbox(
            "Region (sets the crisis lines shown on every page)",
            list(REGION_LABELS),
            index=list(REGION_LABELS).index(info.region),
            format_func=REGION_LABELS.__getitem__,
        )
        submitted = st.form_submit_button("Save")
    if submitted:

        def save_household() -> None:
            changed = validate_record(
                type(info), {**info.model_dump(), "name": name, "region": region}
            )
            context.household.update(changed)

        # The rerun redraws the crisis bar for the new region; the message survives it.
        if save(save_household, {"name": "Family name"}):
            flash("Family details saved.")

    time_zone(context)

    st.markdown("**Family members who log**")
    for member in context.members:
        st.text(f"{member.display_name} ({RELATIONSHIP_LABELS[member.relationship]})")
    with st.form("add_member", clear_on_submit=True):
        member_name = st.text_input("Add a family member: first name")
        relationship = st.selectbox(
            "Relationship to your loved one",
            list(RELATIONSHIP_LABELS),
            format_func=RELATIONSHIP_LABELS.__getitem__,
        )
        added = st.form_submit_button("Add family member")
    if added:
        record = {"display_name": member_name, "relationship": relationship}
        save_with_feedback(
            lambda: context.household.create(FamilyMember, record),
            "Family member added.",
        )


def time_zone(context: PageContext) -> None:
    """The loved one's time zone decides which day is "today" for new entries.

    Entries keep the calendar day they were saved on, so a change never moves a logged day.
    """
    loved_one = context.loved_one
    st.markdown("**Your loved one's time zone**")
    if len(context.loved_ones) > 1:
        st.text(f"For {loved_one.display_name} (choose another loved one in the sidebar)")
    with st.form("loved_one_time_zone"):
        zone = st.selectbox(
            "Time zone (sets which day is “today” when you log)",
            TIMEZONES,
            index=TIMEZONES.index(loved_one.timezone),
        )
        st.caption(
            "Every entry keeps the day it was logged for. Changing the time zone changes "
            "only which day new entries start on."
        )
        submitted = st.form_submit_button("Save time zone")
    if submitted:

        def save_zone() -> None:
            changed = validate_record(type(loved_one), {**loved_one.model_dump(), "timezone": zone})
            context.household.update(changed)

        if save(save_zone, {"timezone": "Time zone"}):
            flash("Time zone saved. Days already logged keep their dates.")


def backup(context: PageContext) -> None:
    st.header("Back up your family's records")
    st.write(
        "Download everything your family has logged as one file. Keep it somewhere safe: it "
        "holds private notes."
    )
    if st.button("Prepare backup file"):
        with st.spinner("Preparing your backup…"):
            payload = export_payload(context.store, context.household.id)
        audit_export(context, "backup (JSON)")  # hosted mode: the family's audit list
        st.download_button(
            "Download backup (JSON)",
            data=json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"),
            file_name=f"harbor-backup-{date.today():%Y-%m-%d}.json",
            mime="application/json",
        )


def restore(context: PageContext) -> None:
    st.header("Restore from a backup")
    restore_from_backup(context)


def privacy_lock(context: PageContext) -> None:
    """A passphrase for a computer shared with the loved one."""
    st.header("Privacy lock")
    locked = context.info.lock_hash is not None
    st.write(
        "On a shared computer, a passphrase keeps Harbor closed until it is typed. While "
        "locked, Harbor shows only the crisis lines. It is a lock, not encryption: keep your "
        "computer account private too. If you forget the passphrase, it cannot be recovered "
        "here; your backup file still holds everything."
        if not locked
        else "The lock is on. Harbor asks for the passphrase in every new browser session, "
        "and after you press “Lock Harbor now” in the sidebar."
    )
    with st.form("privacy_lock", clear_on_submit=True):
        current = st.text_input("Current passphrase", type="password") if locked else ""
        new = st.text_input(
            "New passphrase (at least 8 characters)" if locked else "Passphrase (8+ characters)",
            type="password",
        )
        repeated = st.text_input("Repeat passphrase", type="password")
        columns = st.columns(2)
        turn_on = columns[0].form_submit_button(
            "Change passphrase" if locked else "Turn on the lock", type="primary"
        )
        turn_off = columns[1].form_submit_button("Turn off the lock") if locked else False
    try:
        if turn_on:
            set_lock(context.household, new, repeated, current)
            # The person who set it stays in; the next session starts locked.
            unlock_here(context.household.id)
            st.success("The lock is on. New sessions will ask for the passphrase.")
        elif turn_off:
            remove_lock(context.household, current)
            st.success("The lock is off.")
    except (PassphraseRejected, StoreError) as exc:  # a busy database saves nothing either
        show_problem(str(exc))
    if context.info.lock_hash is not None or turn_on:
        idle_lock(context)


def idle_lock(context: PageContext) -> None:
    """How long Harbor may sit unused before it locks again (10 minutes unless changed)."""
    low, high = IDLE_MINUTES_RANGE
    with st.form("idle_lock"):
        minutes = st.number_input(
            "Lock again after this many minutes without use",
            min_value=low,
            max_value=high,
            value=idle_minutes(context.household.info()),
            step=1,
        )
        chosen = st.form_submit_button("Save idle time")
    if chosen:
        try:
            set_idle_minutes(context.household, int(minutes))
        except (PassphraseRejected, StoreError) as exc:
            show_problem(str(exc))
            return
        st.success(f"Harbor now locks after {int(minutes)} minutes without use.")


def danger_zone(context: PageContext) -> None:
    if context.household is None:
        return
    st.header("Delete this family's data")
    st.write(
        "This removes your family's records from this computer for good, including notes, "
        "and the safety copies of the database Harbor took before imports and upgrades. "
        "Download a backup first if you may want them later."
    )
    typed = st.text_input(f"Type {DELETE_CONFIRMATION} to confirm", key="delete_confirmation")
    if st.button(
        "Delete everything for this family", type="primary", disabled=typed != DELETE_CONFIRMATION
    ):

        def delete() -> None:
            signed_in = context.person.actor if context.person is not None else None
            context.household.delete_household(audited_by=signed_in)
            views.forget(context.household.id)
            remove_safety_copies(load_settings().data_dir)

        with st.spinner("Deleting…"):
            deleted = save(delete, {})
        if deleted:
            st.session_state.pop(HOUSEHOLD_KEY, None)
            # Shown after the rerun; the typed DELETE is cleared, so another family in this
            # browser is never one click from deletion.
            flash("Your family's data was deleted.", clear=("delete_confirmation",))


def sharing(context: PageContext) -> None:
    """Hosted mode: invite a therapist (read-only), revoke, group totals, and the audit list."""
    if context.person is None or context.household is None:
        return
    from dashboard import access
    from dashboard.text import day_text

    store, household_id = context.store, context.household.id
    zone = context.loved_one.timezone if context.loved_one is not None else "UTC"

    def day_of(moment: datetime) -> str:
        """The family's own calendar day for a stored moment, not UTC's."""
        return day_text(today_in(zone, moment))

    st.subheader("Share with your therapist")
    st.write(
        "A code lets one person read your session summary and timeline, and nothing else, "
        f"for {access.INVITATION_DAYS} days or until you revoke it. They never see your notes."
    )
    if st.button("Create an invitation code", key="create_invitation"):
        code = access.create_invitation(store, household_id, context.person)
        st.session_state["new_invitation_code"] = code
    code = st.session_state.get("new_invitation_code")
    if code:
        st.text("Give this code to your therapist. It works once and is shown only now:")
        st.code(code, language=None)
    for invitation in access.invitations_of(store, household_id):
        if invitation.revoked:
            state = "revoked"
        elif invitation.expires_at < _now():
            state = "expired"
        else:
            state = "in use" if invitation.used else "not used yet"
        cols = st.columns([3, 1])
        cols[0].text(
            f"Therapist code from {day_of(invitation.created_at)}, until "
            f"{day_of(invitation.expires_at)}: {state}"
        )
        if state in ("in use", "not used yet") and cols[1].button(
            "Revoke", key=f"revoke_{invitation.id}"
        ):
            access.revoke_invitation(store, household_id, invitation.id, context.person)
            flash("Access revoked.")
    st.subheader("Group totals")
    opted = st.checkbox(
        "Count our family in the facilitator's anonymous group totals (shown only when at "
        f"least {access.GROUP_MINIMUM} families take part; never names or notes)",
        value=access.group_opted_in(store, household_id),
        key="group_opt_in",
    )
    if opted != access.group_opted_in(store, household_id):
        access.set_group_opt_in(store, household_id, opted)
    st.subheader("Who opened your family's records")
    events = access.audit_list(store, household_id)
    if not events:
        st.info("Nothing recorded yet.")
    for event in events:
        st.text(f"{day_of(event.when)} · {event.action} · {event.actor} {event.detail}")


def _now() -> datetime:
    return datetime.now(UTC)
