"""bench/browser.py (figure 7) in real Chromium: a click to a page that drew its title and
then raised is refused, never timed as a fast click."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser import Target, _click
from bench.load import PAGE_WATCH, READ_SAVE_CLOCK, WATCH_SAVE

pytestmark = pytest.mark.browser

PAGE = """<div data-testid="stApp" data-test-script-state="notRunning">
  <section data-testid="stSidebar"><a href="#drawn">Drawn</a></section>
  <section data-testid="stMain"><h1>Drawn</h1>{raised}</section>
</div>"""


@pytest.mark.parametrize("raised", [False, True])
def test_a_click_is_timed_only_when_the_page_drew_without_raising(page: Page, raised: bool) -> None:
    box = '<div data-testid="stException">An error occurred</div>' if raised else ""
    page.set_content(PAGE.format(raised=box))
    target = Target("Drawn", "Drawn", charts=False)
    if raised:
        with pytest.raises(RuntimeError, match="Drawn: the page raised an error"):
            _click(page, target, None)
    else:
        assert _click(page, target, None) >= 0


SAVE_PAGE = """<button onclick="setTimeout(() => {
  const box = document.createElement('div');
  box.innerHTML = '<p>Check-in for 3 Jan 2026 saved.</p>';
  document.body.appendChild(box); }, 300)">Save check-in</button>"""


def test_a_save_is_timed_in_the_page_from_the_click_to_the_confirmation_drawn(page: Page) -> None:
    """bench/load.py (figure 4): the page's own clock, not Playwright's polling of it (which
    looks 0, 20, 50, 100, 100 ms, then every 500 ms after it starts)."""
    page.set_content(SAVE_PAGE)
    page.evaluate(WATCH_SAVE, "Check-in for 3 Jan 2026 saved.")
    assert page.evaluate(READ_SAVE_CLOCK) is None, "no click yet: not timed"
    page.evaluate(WATCH_SAVE, "Check-in for 3 Jan 2026 saved.")
    started = time.perf_counter()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_text("Check-in for 3 Jan 2026 saved.", exact=True).wait_for(state="visible")
    seen_by_polling = time.perf_counter() - started
    timed, _ = page.evaluate(READ_SAVE_CLOCK)
    assert 0.3 <= timed <= seen_by_polling


CONFIRMATION = "Check-in for 3 Jan 2026 saved."


def test_a_save_is_split_where_the_message_carrying_its_confirmation_arrives(
    page: Page,
) -> None:
    """bench/load.py: the first message after the click that holds the confirmation's text
    marks the end of the server's part; the rest of the save is the page drawing it."""
    carrying = forward_msg(page_info_changed={"query_string": CONFIRMATION})
    other = forward_msg(page_info_changed={"query_string": "a=1"})
    feed = "(bytes) => harborBench.arrival(new Uint8Array(bytes))"
    arrived = "() => window.harborSaveClock.arrived"
    page.set_content(SAVE_PAGE)
    page.evaluate(PAGE_WATCH)
    page.evaluate(WATCH_SAVE, CONFIRMATION)
    page.evaluate(feed, carrying)
    assert page.evaluate(arrived) is None, "before the click: not this save's"
    page.get_by_role("button", name="Save check-in").click()
    page.evaluate(feed, other)
    assert page.evaluate(arrived) is None, "a message without the confirmation"
    page.evaluate(feed, carrying)
    first = page.evaluate(arrived)
    page.evaluate(feed, carrying)
    assert page.evaluate(arrived) == first, "the first that carries it"
    page.get_by_text(CONFIRMATION, exact=True).wait_for(state="visible")
    timed, to_the_page = page.evaluate(READ_SAVE_CLOCK)
    assert 0 < to_the_page < 0.3 <= timed


def test_a_save_whose_confirmation_never_shows_is_not_timed(page: Page) -> None:
    page.set_content("<button>Save check-in</button>")
    page.evaluate(WATCH_SAVE, "Check-in for 3 Jan 2026 saved.")
    page.get_by_role("button", name="Save check-in").click()
    assert page.evaluate(READ_SAVE_CLOCK) is None


Finished = ForwardMsg.ScriptFinishedStatus


def forward_msg(**fields: object) -> list[int]:
    message = ForwardMsg(hash="a hash", **fields)
    message.metadata.delta_path.extend([0, 3])
    return list(message.SerializeToString())


@pytest.mark.parametrize(
    ("message", "ends_a_run"),
    [
        (forward_msg(script_finished=Finished.FINISHED_SUCCESSFULLY), True),
        (forward_msg(script_finished=Finished.FINISHED_FRAGMENT_RUN_SUCCESSFULLY), True),
        (forward_msg(script_finished=Finished.FINISHED_EARLY_FOR_RERUN), False),
        (forward_msg(script_finished=Finished.FINISHED_WITH_COMPILE_ERROR), False),
        (forward_msg(page_info_changed={"query_string": "a=1"}), False),
        (forward_msg(), False),
    ],
)
def test_the_page_counts_a_run_only_when_the_server_says_it_finished(
    page: Page, message: list[int], ends_a_run: bool
) -> None:
    """bench/load.py reads "script_finished" from each ForwardMsg in the page itself."""
    page.set_content("<p>Harbor</p>")
    page.evaluate(PAGE_WATCH)
    found = page.evaluate("(bytes) => harborBench.runFinished(new Uint8Array(bytes))", message)
    assert found is ends_a_run
