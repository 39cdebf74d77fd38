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
    st.link_button(
        f"Call {emergency_line.contact.removeprefix('call ')}",
        f"tel:{emergency_line.dial}",
        type="primary",
    )
    st.header(guide.title)
    for sign in guide.danger_signs:
        st.markdown(f"- {sign}")
    for risk in guide.extra_risks:
        st.warning(risk)
    st.header("While you wait for help")
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
