"""Show a chosen set of guides on pages other than Learn."""

from __future__ import annotations

import streamlit as st

from dashboard.content import module_by_id
from dashboard.ui.components import show_module


def topic_guides(module_ids: list[str]) -> None:
    for module_id in module_ids:
        module = module_by_id(module_id)
        if module is None:
            continue
        with st.expander(module.title):
            show_module(module)
