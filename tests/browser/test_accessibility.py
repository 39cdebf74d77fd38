"""WCAG 2.2 AA in a real browser: every page, with the demo family and with none, on a phone
(390 x 844) and a laptop (1280 x 900), in the light and the dark theme.

axe-core reports no serious or critical violation, no page scrolls sideways, and every tap
target is at least 44 px. Before axe runs, the viewport is stretched to the page's full
height: axe skips what is scrolled out of view.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from dashboard.ui.facilitator import VIEWS as FACILITATOR_VIEWS
from dashboard.ui.setup import NAVIGATION

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "laptop": (1280, 900)}
# A phone says so in its User-Agent: Harbor then lays its charts out for the phone.
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
MIN_TARGET = 44

# Harbor's local CSS (dashboard/ui/harbor.css) is in effect.
CSS_LOADED = """() => getComputedStyle(document.documentElement)
  .getPropertyValue('--harbor-css').trim() === '1'"""

# The height of everything Streamlit scrolls inside its own containers.
FULL_HEIGHT = """() => Math.max(
  document.documentElement.scrollHeight,
  ...Array.from(
    document.querySelectorAll(
      '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]'
    ),
    e => e.scrollHeight + e.getBoundingClientRect().top
  )
)"""

# Anything wider than the window, in a container that would scroll sideways.
SIDEWAYS = """() => Array.from(
  document.querySelectorAll(
    'html, body, [data-testid="stMain"], [data-testid="stAppViewContainer"], ' +
    '[data-testid="stMainBlockContainer"]'
  )
).filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'hidden')
 .map(e => `${e.tagName} ${e.dataset.testid || ''}: ${e.scrollWidth} > ${e.clientWidth}`)"""

# Every visible control smaller than 44 x 44 px. A link inside a sentence is exempt (WCAG
# 2.5.8 "inline"); a hidden radio or checkbox is measured by its label.
SMALL_TARGETS = """(minimum) => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    // Off-screen (a closed sidebar) and screen-reader-only (1 x 1) elements are not targets.
    return r.width > 1 && r.height > 1 && r.right > 0 && r.left < window.innerWidth
      && s.visibility !== 'hidden' && s.opacity !== '0';
  };
  const inline = (a) => {
    const block = a.closest('p, li, td');
    return block && block.textContent.trim().length > a.textContent.trim().length;
  };
  const found = [];
  const seen = new Set();
  const targets = document.querySelectorAll(
    'button, a[href], [role="button"], [role="tab"], [role="link"], summary, select, textarea, ' +
    'input:not([type="hidden"]), [role="combobox"], [role="slider"], [role="spinbutton"]'
  );
  for (let e of targets) {
    if (e.closest('.modebar, [data-testid="stToolbar"] [aria-hidden="true"]')) continue;
    if (e.tagName === 'INPUT' && ['radio', 'checkbox'].includes(e.type)) {
      e = e.closest('label') || e;
    }
    if (seen.has(e) || !visible(e)) continue;
    seen.add(e);
    if (e.tagName === 'A' && inline(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.height < minimum || r.width < minimum) {
      const name = (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40);
      const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
      found.push(`${e.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return found;
}"""

# Headings that skip a level (h1 then h3), or a page that does not start with h1.
SKIPPED_HEADINGS = """() => {
  const headings = '[data-testid="stMain"] :is(h1, h2, h3, h4, h5, h6)';
  const levels = Array.from(document.querySelectorAll(headings))
    .filter(h => h.getBoundingClientRect().height > 0)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)]);
  const found = [];
  let previous = 0;
  for (const [level, text] of levels) {
    if (level > previous + 1) found.push(`h${level} "${text}" after h${previous}`);
    previous = level;
  }
  return found;
}"""

# A chart whose accessible name does not point to its summary, or that no text follows.
CHARTS_WITHOUT_SUMMARY = """() => Array
  .from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
  .filter(chart => {
    const name = chart.getAttribute('aria-label') || '';
    const next = chart.closest('[data-testid="stElementContainer"]')?.nextElementSibling;
    return !name.includes('summary in words is the text directly below')
      || !next || !next.textContent.trim();
  })
  .map(chart => chart.getAttribute('aria-label') || 'a chart with no name')"""

AXE_RUN = """async () => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
    resultTypes: ['violations'],
  });
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 4).map(
      n => n.target.join(' ') + ' ' + (n.any[0] ? n.any[0].message : '')
    ).join(' | '));
}"""


def page_paths() -> list[tuple[str, str]]:
    """(label, URL path) of every page: Streamlit names a page by its file name."""
    paths = []
    for _, pages in NAVIGATION:
        for path, label in pages:
            stem = Path(path).stem
            paths.append((label, "" if path == "streamlit_app.py" else stem.split("_", 1)[1]))
    return paths


def check_page(page: Page, harbor: Any, url: str, size: tuple[int, int], axe: Path) -> list[str]:
    """Everything wrong with one page view, as readable lines."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    harbor.wait_for_app()
    return check_shown(page, harbor, size, axe)


def check_shown(page: Page, harbor: Any, size: tuple[int, int], axe: Path) -> list[str]:
    """Everything wrong with what the page shows now (after a tap, say), as readable lines."""
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    harbor.wait_for_app()
    page.wait_for_function(CSS_LOADED, timeout=harbor.timeout_ms)
    problems = [f"sideways scroll: {line}" for line in page.evaluate(SIDEWAYS)]
    problems += [f"tap target under 44 px: {t}" for t in page.evaluate(SMALL_TARGETS, MIN_TARGET)]
    problems += [f"heading skips a level: {h}" for h in page.evaluate(SKIPPED_HEADINGS)]
    problems += [f"chart without its summary: {c}" for c in page.evaluate(CHARTS_WITHOUT_SUMMARY)]
    full = int(page.evaluate(FULL_HEIGHT))
    page.set_viewport_size({"width": width, "height": max(height, full)})
    page.wait_for_timeout(300)  # charts redraw at the new size
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe))
    problems += [f"axe: {line}" for line in page.evaluate(AXE_RUN)]
    page.set_viewport_size({"width": width, "height": height})
    return problems


def device(browser: Browser, size: str, theme: str) -> BrowserContext:
    """A browser context the size of `size` (a phone says so in its User-Agent), in `theme`."""
    width, height = SIZES[size]
    agent = {"user_agent": PHONE_AGENT} if size == "phone" else {}
    return browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=theme, **agent
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("family", ["demo", "empty"])
def test_every_page_passes_axe_fits_and_has_big_targets(
    browser: Browser,
    request: pytest.FixtureRequest,
    harbor_for: Any,
    axe_source: Path,
    family: str,
    size: str,
    theme: str,
) -> None:
    server = request.getfixturevalue("demo_server" if family == "demo" else "server")
    context = device(browser, size, theme)
    page = context.new_page()
    harbor = harbor_for(page)
    problems = []
    try:
        for label, path in page_paths():
            found = check_page(page, harbor, f"{server.url}/{path}", SIZES[size], axe_source)
            problems += [f"{label}: {line}" for line in found]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def door_server(door: str, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A server that shows only a door page: hosted mode's sign-in, or the refusal that an
    exposed home mode (bound beyond loopback, no sign-in) shows instead of family data."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    port = request.getfixturevalue("free_port")()
    if door == "sign-in":
        secrets_file = tmp_path / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
            'client_id = "harbor-test"\n'
            'client_secret = "harbor-test-secret"\n'
            'server_metadata_url = "http://localhost:9/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        url = request.getfixturevalue("postgres_database")
        args = ("--secrets.files", str(secrets_file))
    else:
        url, args = None, ("--server.address", "0.0.0.0")
    return request.getfixturevalue("streamlit_server")(data_dir, port, url, extra_args=args)


@pytest.mark.parametrize(
    ("door", "heading"),
    [("sign-in", "Sign in to Harbor"), ("exposed", "Harbor is not showing family records here")],
)
def test_the_sign_in_and_refusal_pages_pass_axe_fit_and_have_big_targets(
    browser: Browser,
    request: pytest.FixtureRequest,
    harbor_for: Any,
    axe_source: Path,
    tmp_path: Path,
    door: str,
    heading: str,
) -> None:
    server = door_server(door, request, tmp_path)
    server.start()
    problems = []
    try:
        for size, (width, height) in SIZES.items():
            for theme in ("light", "dark"):
                context = device(browser, size, theme)
                page = context.new_page()
                try:
                    found = check_page(
                        page, harbor_for(page), server.url, (width, height), axe_source
                    )
                    shown = page.locator('[data-testid="stMain"] h1').first.inner_text()
                finally:
                    context.close()
                assert shown.startswith(heading), f"{door}: the page shows {shown!r}"
                problems += [f"{door} {size} {theme}: {line}" for line in found]
    finally:
        server.stop()
    assert problems == [], "\n".join(problems)


# Something each of the Facilitator page's other views shows, so the sweep knows it is there.
FACILITATOR_VIEW_SIGNS = {
    "Presentation mode": "Restart this part's timer",
    "Notes": "My notes for session",
    "Handouts and worksheets": "Handout packs",
}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_facilitators_other_views_pass_axe_fit_and_have_big_targets(
    browser: Browser,
    demo_server: Any,
    harbor_for: Any,
    axe_source: Path,
    size: str,
    theme: str,
) -> None:
    """The page sweep sees the Facilitator page's first view; its other views (presentation,
    notes, handouts) are a tap away on the same page, so each is checked after that tap."""
    context = device(browser, size, theme)
    page = context.new_page()
    harbor = harbor_for(page)
    problems = []
    try:
        page.goto(f"{demo_server.url}/Facilitator")
        harbor.wait_for_app()
        for view in FACILITATOR_VIEWS[1:]:
            harbor.main().get_by_test_id("stRadio").get_by_text(view, exact=True).click()
            harbor.wait_for_app()
            shown = harbor.main().get_by_text(FACILITATOR_VIEW_SIGNS[view]).first
            expect(shown).to_be_visible(timeout=harbor.timeout_ms)
            found = check_shown(page, harbor, SIZES[size], axe_source)
            problems += [f"Facilitator, {view}: {line}" for line in found]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_log_history_opened_passes_axe_fits_and_has_big_targets(
    browser: Browser,
    demo_server: Any,
    harbor_for: Any,
    axe_source: Path,
    size: str,
    theme: str,
) -> None:
    """The page sweep sees the Log with its history folded; opened, its entries are checked
    too, with one of them open for editing."""
    context = device(browser, size, theme)
    page = context.new_page()
    harbor = harbor_for(page)
    try:
        page.goto(f"{demo_server.url}/Log")
        harbor.wait_for_app()
        harbor.open_the_log_history()
        problems = [
            f"history: {line}" for line in check_shown(page, harbor, SIZES[size], axe_source)
        ]
        entries = harbor.main().locator("[class*='st-key-history_open_'] button")
        entries.first.click()
        harbor.wait_for_app()
        expect(harbor.main().get_by_text("Delete this entry").first).to_be_visible(
            timeout=harbor.timeout_ms
        )
        found = check_shown(page, harbor, SIZES[size], axe_source)
        problems += [f"an entry opened: {line}" for line in found]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
