"""bench/load.py (figure 4) end to end, small: the bench's sessions still find their way
through Harbor's pages, every save lands once, and each is timed in the page, up to the
moment its confirmation arrived and to the moment it was drawn."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import measure_load

pytestmark = pytest.mark.browser


def test_a_small_load_run_lands_every_save_once_and_times_each() -> None:
    # In a thread of its own: the bench runs its own event loop (asyncio.run), and the
    # browser tests before it leave Playwright's sync loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        run = thread.submit(
            measure_load, sessions=2, saves=2, max_seconds=120, think=0, lone_saves=2
        ).result()
    assert [phase.name for phase in run.phases] == [
        "alone, before",
        "2 at once, one household",
        "alone, after",
        "2 at once, 2 households",
    ]
    for phase in run.phases:
        assert phase.errors == [], phase.name
        assert run.wrong[phase.name] == [], phase.name
        assert run.landed[phase.name] == phase.confirmed == len(phase.planned), phase.name
        timed = len(phase.planned) - phase.warmup * len(phase.plans)
        assert len(phase.latencies) == timed and all(t > 0 for t in phase.latencies)
        # Each save's time splits where its confirmation reached the page.
        assert len(phase.arrivals) == timed, phase.name
        for total, arrived in zip(phase.latencies, phase.arrivals, strict=True):
            assert arrived is not None and 0 < arrived <= total, phase.name
    assert len(run.single) == 4  # the yardstick: two timed lone saves before, two after
