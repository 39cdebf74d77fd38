"""Restore from a Harbor backup file: check it, show what it would add, then ask."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.backup import (
    ImportRejected,
    apply_import,
    parse_backup,
    plan_import,
)
from dashboard.config import load_settings, safety_copies_dir
from dashboard.records import RECORD_BY_TABLE
from dashboard.ui.feedback import show_problem
from dashboard.ui.setup import HOME_PAGE, PageContext, choose_household


def restore_from_backup(context: PageContext, key: str = "restore") -> None:
    upload = st.file_uploader(
        "Harbor backup file (.json)",
        type=["json"],
        key=f"{key}_file",
        help="The file you downloaded from Settings → Back up. Nothing leaves this computer.",
    )
    if upload is None:
        st.caption(
            "Choose a backup file. Harbor checks it and shows what it holds before anything "
            "is written."
        )
        return
    try:
        with st.spinner("Checking the file…"):
            plan = plan_import(context.store, parse_backup(upload.getvalue(), source=upload.name))
    except ImportRejected as exc:
        show_problem(f"This file cannot be imported, and nothing was changed. {exc}")
        return
    preview = pd.DataFrame(
        {
            "Records": [RECORD_BY_TABLE[table].label for table in plan.in_file],
            "In the file": list(plan.in_file.values()),
            "New here": list(plan.new.values()),
        }
    )
    st.dataframe(preview, hide_index=True, width="stretch")
    if plan.total_new == 0:
        st.info("Everything in this file is already here, so there is nothing to import.")
        return
    st.write(
        f"Importing adds {plan.total_new} records and changes none of the ones you have. "
        "A copy of the database is kept first, in case you change your mind."
    )
    if st.button(f"Import {plan.total_new} new records", type="primary", key=f"{key}_confirm"):
        try:
            with st.spinner("Importing…"):
                apply_import(
                    context.store, plan, backup_dir=safety_copies_dir(load_settings().data_dir)
                )
        except ImportRejected as exc:
            show_problem(f"Nothing was imported. {exc}")
            return
        st.success(f"Imported {plan.total_new} records.")
        if plan.safety_copy:
            st.text(f"The database as it was before is saved at {plan.safety_copy}")
        if context.household is None:
            households = [r for r in plan.records if type(r).table == "households"]
            if households:
                choose_household(households[0].id)
                st.page_link(HOME_PAGE, label="Open my family's space")
