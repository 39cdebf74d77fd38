"""Get help now page body."""

from __future__ import annotations

import streamlit as st

from dashboard.content import crisis_directory, emergency_guide
from dashboard.ui.kit import sources_expander
from dashboard.ui.setup import show_crisis_lines


def page(region_code: str) -> None:
    """The whole page, from shipped content only (page_setup draws it before any database use)."""
    st.title("Get help now")
    emergency(region_code)


def emergency(region_code: str) -> None:
    guide = emergency_guide()
    directory = crisis_directory()
    region = directory.region(region_code)
    emergency_line = region.emergency
    st.error(f"**{guide.call_now}** {emergency_line.name}: {emergency_line.contact}")
    # "Somewhere else" lists several countries' numbers; its button dials the first (112).
    number = emergency_line.dial if region.ask else emergency_line.contact.removeprefix("call ")
    st.link_button(
        f"Call {number}",
        f"tel:{emergency_line.dial}",
        type="primary",
    )
    st.subheader(guide.title)
    for sign in guide.danger_signs:
        st.markdown(f"- {sign}")
    st.subheader(guide.not_breathing_title)
    st.markdown("\n".join(f"{n}. {step}" for n, step in enumerate(guide.not_breathing, 1)))
    st.info(f"**Naloxone:** {guide.naloxone}")
    for risk in guide.extra_risks:
        st.warning(risk)
    st.subheader("While you wait for help")
    for step in guide.while_waiting:
        st.markdown(f"- {step}")
    st.info(guide.not_an_emergency)
    show_crisis_lines(region, heading=f"Help lines: {region.name}")
    with st.expander("Help lines in other countries"):
        for code, other in directory.regions.items():
            if code != region_code:
                st.markdown(f"**{other.name}**")
                for line in other.lines:
                    st.markdown(f"- {line.name}: {line.contact}")
    sources_expander(guide.sources, guide.last_reviewed)
