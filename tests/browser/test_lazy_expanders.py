"""Expanders drawn once first opened (kit.lazy_expander), in real Chromium: what a person
typed into a form inside one, then folded away unsaved, is still there when it is opened
again, and saves."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.config import Settings
from dashboard.records import BoundaryPlan, today_in
from dashboard.store import NewFamily, Store

pytestmark = pytest.mark.browser
TYPED = "I pay the phone bill myself. No cash, ever."


def test_an_edit_typed_then_folded_away_is_kept_and_saved(
    page: Page, server: Any, harbor: Any
) -> None:
    store = Store.open(Settings(server.data_dir, f"sqlite:///{server.data_dir / 'harbor.db'}"))
    family = store.create_family(NewFamily("The Fold family", "Robin", "Pat"))
    loved_one = family.loved_ones()[0]
    today = today_in(loved_one.timezone)
    family.create(
        BoundaryPlan,
        {
            "loved_one_id": loved_one.id,
            "area": "money",
            "boundary": "I pay the phone bill directly. I don't give cash.",
            "why_it_matters": "Cash can pay for ketamine.",
            "if_crossed": "I pay the bill myself.",
            "plan_date": today - timedelta(days=10),
            "review_date": today + timedelta(days=10),
        },
    )
    store.engine.dispose()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server.url}/Boundaries")
    harbor.wait_for_app()

    fold = harbor.main().get_by_text("Edit this plan", exact=True)
    fold.click()  # first opened: the form is drawn after this rerun
    harbor.wait_for_app()
    box = harbor.main().get_by_role("textbox", name="My boundary", exact=True)
    box.fill(TYPED)
    fold.click()  # folded away, unsaved
    harbor.wait_for_app()
    expect(box).to_be_hidden()
    fold.click()
    harbor.wait_for_app()
    expect(box).to_have_value(TYPED)
    harbor.click("Save changes")
    expect(harbor.main().get_by_text("Your changes are saved.").first).to_be_visible(
        timeout=harbor.timeout_ms
    )
    expect(harbor.main().get_by_test_id("stText").filter(has_text=TYPED).first).to_be_visible()
