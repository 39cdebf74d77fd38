"""Messages that may quote what a person typed or a file held, shown so they stay text."""

from __future__ import annotations

import streamlit as st


def inert(text: str) -> str:
    """Text that may quote a person's input, made safe inside a Markdown element.

    Without square brackets Markdown can form no link and no image, and raw HTML is
    never rendered, so the text shows as typed.
    """
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def show_problem(message: str) -> None:
    st.error(inert(message))
