"""Warm clicks in headless Chromium: to a chart page until its charts are drawn, vs a text page.

One `streamlit run` of Harbor (a new data folder holding the bench household of
bench/run.py) and one headless Chromium (Debian's, with bench/cold.py's flags) at laptop
size. The browser opens Harbor once and visits every page of the figure, so the server's
views and figures are cached and the browser has loaded Plotly: what is left is the cost of
a person's click on a warm app.

Each round starts on a text page (Warning signs) and follows a sidebar link to each target
in turn: Learn (the text page), Timeline and Wins (the chart pages), going back to Warning
signs before each one (untimed); the order rotates every round. The clock runs from the
click until the page is drawn:

- its title (h1) is shown and Streamlit's script run has ended (`data-test-script-state`
  is "notRunning"; the new title arrives after the run starts, so the end seen is this run's);
- on a chart page, also every Plotly chart the page holds has drawn its SVG (each
  `[data-testid="stPlotlyChart"]` holds a `.js-plotly-plot .main-svg` with a size): as many
  charts as the first visit drew.

Figure: each chart page's median over rounds, divided by the text page's median (both
measured alternately in the same run), with the budget (≤ 1.5×). The median of the
per-round ratios is printed too.

    python bench/browser.py [--rounds 10] [--years 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cold import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SCRIPT_DONE,
    streamlit_server,
    unavailable,
)

CLICK_BUDGET = 1.5
LAPTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 60_000


@dataclass(frozen=True)
class Target:
    """A page as the sidebar names it, and the title it shows once drawn."""

    link: str
    title: str
    charts: bool


START = Target("Warning signs", "Warning signs", charts=False)
TEXT = Target("Learn", "Learn", charts=False)
CHART_PAGES = (
    Target("Timeline", "Treatment timeline", charts=True),
    Target("Wins", "Small wins", charts=True),
)

# True once the page titled `title` is drawn: its h1 shown, the script run ended, and (when
# `charts` is a number) that many Plotly charts each holding a drawn SVG.
DRAWN = """([title, charts]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  const h1 = document.querySelector('[data-testid="stMain"] h1');
  if (!h1 || !h1.textContent.trim().startsWith(title)) return false;
  if (charts === null) return true;
  const boxes = document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]');
  if (boxes.length < charts) return false;
  return Array.from(boxes).every(box => {
    const svg = box.querySelector('.js-plotly-plot .main-svg');
    if (!svg) return false;
    const r = svg.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
}"""
# Streamlit's box for an exception the page raised (Harbor shows no details in it).
RAISED = '[data-testid="stMain"] [data-testid="stException"]'
CHART_COUNT = """() => document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stPlotlyChart"]').length"""


@dataclass(frozen=True)
class Clicks:
    """Seconds from click to drawn, per page label, one per round; charts drawn per page."""

    times: dict[str, list[float]]
    charts: dict[str, int]


def _click(page, target: Target, charts: int | None) -> float:
    """Follow the sidebar link to `target`; seconds until it is drawn."""
    link = page.get_by_test_id("stSidebar").get_by_role("link", name=target.link, exact=True)
    link.wait_for(state="visible", timeout=TIMEOUT_MS)
    start = time.perf_counter()
    link.click()
    page.wait_for_function(DRAWN, arg=[target.title, charts], timeout=TIMEOUT_MS, polling="raf")
    seconds = time.perf_counter() - start
    # A page that drew its title (and charts) and then raised is not a page drawn: stop
    # rather than report its time (an early failure would make a click look fast).
    if page.locator(RAISED).count():
        raise RuntimeError(f"{target.link}: the page raised an error; figure 7 not measured")
    return seconds


def _settle(page, target: Target) -> int:
    """A first (untimed) visit: wait for the page and every chart on it; how many charts."""
    _click(page, target, None)
    if not target.charts:
        return 0
    # The first chart of a session waits for Plotly's script to load: wait for one, then
    # for every chart the page holds to be drawn, then count them.
    page.wait_for_function(DRAWN, arg=[target.title, 1], timeout=TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    count = page.evaluate(CHART_COUNT)
    page.wait_for_function(DRAWN, arg=[target.title, count], timeout=TIMEOUT_MS)
    return count


def measure_clicks(rounds: int, years: int = 10) -> Clicks:
    """Warm clicks to the text page and to each chart page, alternating, `rounds` each."""
    from playwright.sync_api import sync_playwright

    from bench.run import build_household  # bench/run.py imports this module

    targets = (TEXT, *CHART_PAGES)
    times: dict[str, list[float]] = {t.link: [] for t in targets}
    with tempfile.TemporaryDirectory(prefix="harbor-bench-clicks-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        build_household(data_dir, years)
        with (
            streamlit_server("streamlit_app.py", ROOT, data_dir) as (url, _, _),
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                page = browser.new_page(viewport=LAPTOP)
                page.goto(url)
                page.locator(SCRIPT_DONE).wait_for(state="attached", timeout=TIMEOUT_MS)
                charts = {t.link: _settle(page, t) for t in (START, *targets, START)}
                for round_number in range(rounds):
                    shift = round_number % len(targets)
                    for target in targets[shift:] + targets[:shift]:
                        _click(page, START, None)
                        wanted = charts[target.link] if target.charts else None
                        times[target.link].append(_click(page, target, wanted))
            finally:
                browser.close()
    return Clicks(times, {t.link: charts[t.link] for t in CHART_PAGES})


def report_clicks(clicks: Clicks) -> None:
    text = clicks.times[TEXT.link]
    rounds = len(text)
    print()
    print(
        f"7. warm click from a text page in headless Chromium, median of {rounds} alternating "
        f"rounds; drawn = title shown, run ended, every chart's SVG drawn"
    )
    print(
        f"{'page':12} {'charts':>6} {'click ms':>9} {TEXT.link + ' ms':>9} {'ratio':>6} "
        f"{'per-round':>9} {'budget':>7}"
    )
    base = statistics.median(text)
    print(f"{TEXT.link:12} {0:6d} {base * 1000:9.0f} {base * 1000:9.0f} {1:6.2f} {1:9.2f}")
    for target in CHART_PAGES:
        mine = clicks.times[target.link]
        click = statistics.median(mine)
        paired = statistics.median(a / b for a, b in zip(mine, text, strict=True))
        flag = "  OVER" if click / base > CLICK_BUDGET else ""
        print(
            f"{target.link:12} {clicks.charts[target.link]:6d} {click * 1000:9.0f} "
            f"{base * 1000:9.0f} {click / base:6.2f} {paired:9.2f} {CLICK_BUDGET:7.1f}{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="clicks to each page (10)")
    parser.add_argument("--years", type=int, default=10, help="years of the household (10)")
    args = parser.parse_args()
    reason = unavailable()
    if reason:
        print(f"7. warm click (budget ≤ {CLICK_BUDGET}×): skipped, {reason}")
        return
    report_clicks(measure_clicks(args.rounds, args.years))


if __name__ == "__main__":
    main()
