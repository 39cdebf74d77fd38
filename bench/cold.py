"""Cold start: Harbor's first page in headless Chromium vs a hello-world app's.

Each round starts a fresh `streamlit run` process (a new port, a new data folder), waits
for its health check, then launches Chromium and times until the page's marker text is
visible. Harbor and hello world alternate; the median of the rounds is taken.

What the clock covers, and why:

- `launch→visible` (the budgeted figure): from Chromium's launch until the marker is
  visible, with the server already up. Streamlit does not run (or import) the page
  script until a browser connects, so this span holds Harbor's imports, its page setup
  (opening the store, migrating a new database) and the first page's drawing, plus a
  browser launch that costs both apps the same.
- `goto→visible`: the same, without the browser launch (Chromium already started).
- `spawn→visible`: from starting `streamlit run` until the marker is visible; adds the
  server's own start-up, which is the same for both apps.

Harbor runs from the repository (its .streamlit/config.toml applies); hello world runs
from a temporary folder holding a copy of that config, so only the page script differs.
Harbor's data folder is new and empty each round (the onboarding page a new user sees),
or a copy of one holding the demo family with `--cold-data demo`.

"Cold" means a new Python process; the OS file cache and Python's bytecode caches are
warm, because one unrecorded pair of rounds runs first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("HARBOR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The crisis line at the top of every Harbor page (dashboard/ui/setup.py CRISIS_BAR_LABEL).
HARBOR_MARKER = "Need help now?"
# Streamlit marks its app element once a script run has ended.
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
HELLO_MARKER = "Hello from a bench page"
HELLO_APP = f'import streamlit as st\n\nst.write("{HELLO_MARKER}")\n'
COLD_BUDGET = 1.5
SPANS = ("launch", "goto", "spawn")


@dataclass(frozen=True)
class Timing:
    """Seconds from each start point until the marker was visible."""

    launch: float
    goto: float
    spawn: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    script: str, cwd: Path, data_dir: Path
) -> Iterator[tuple[str, float, subprocess.Popen]]:
    """A fresh `streamlit run`; yields (url, perf_counter() at spawn, process) once healthy."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HARBOR_DATA_DIR": str(data_dir)}
    env.pop("HARBOR_DATABASE_URL", None)
    log_path = data_dir.parent / f"streamlit-{port}.log"
    with open(log_path, "wb") as log:
        spawned = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"streamlit exited early: {log_path.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not become healthy in 60 s")
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,
                ):
                    if response.status == 200:
                        break
                time.sleep(0.02)
            yield url, spawned, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def first_render(playwright, url: str, marker: str, spawned: float) -> Timing:
    """Launch Chromium, open `url`, and wait until `marker` is visible and the page's script
    has finished (Harbor draws its crisis line first, before the database is opened, so the
    line alone would not mean the whole first page is there)."""
    launched = time.perf_counter()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )
    try:
        page = browser.new_page()
        opened = time.perf_counter()
        page.goto(url)
        page.get_by_text(marker).first.wait_for(state="visible", timeout=60_000)
        page.locator(SCRIPT_DONE).wait_for(state="attached", timeout=60_000)
        seen = time.perf_counter()
    finally:
        browser.close()
    return Timing(launch=seen - launched, goto=seen - opened, spawn=seen - spawned)


def demo_template(folder: Path) -> Path:
    """A data folder with the demo family loaded, copied afresh for each round."""
    sys.path.insert(0, str(ROOT))
    from dashboard.config import Settings
    from dashboard.demo import load_demo
    from dashboard.store import Store

    template = folder / "demo-template"
    template.mkdir()
    store = Store.open(Settings(template, f"sqlite:///{template / 'harbor.db'}"))
    load_demo(store)
    store.engine.dispose()
    return template


def one_round(playwright, work: Path, app: str, template: Path | None) -> Timing:
    """One cold start of `app` ("harbor" or "hello") in its own folders."""
    round_dir = Path(tempfile.mkdtemp(prefix=f"{app}-", dir=work))
    data_dir = round_dir / "data"
    if template is not None and app == "harbor":
        shutil.copytree(template, data_dir)
    else:
        data_dir.mkdir()
    if app == "harbor":
        script, cwd, marker = "streamlit_app.py", ROOT, HARBOR_MARKER
    else:
        cwd = round_dir / "hello"
        (cwd / ".streamlit").mkdir(parents=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", cwd / ".streamlit" / "config.toml")
        (cwd / "hello_app.py").write_text(HELLO_APP, encoding="utf-8")
        script, marker = "hello_app.py", HELLO_MARKER
    with streamlit_server(script, cwd, data_dir) as (url, spawned, _):
        return first_render(playwright, url, marker, spawned)


def unavailable() -> str | None:
    """Why the browser figure cannot be measured here, or None."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def measure_cold(rounds: int, data: str = "empty") -> dict[str, list[Timing]]:
    """Alternate Harbor and hello world for `rounds` cold starts each (after one warm-up)."""
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[Timing]] = {"harbor": [], "hello": []}
    with (
        tempfile.TemporaryDirectory(prefix="harbor-bench-cold-") as folder,
        sync_playwright() as pw,
    ):
        work = Path(folder)
        template = demo_template(work) if data == "demo" else None
        for round_number in range(rounds + 1):
            for app in ("harbor", "hello") if round_number % 2 else ("hello", "harbor"):
                timing = one_round(pw, work, app, template)
                if round_number:  # round 0 warms the file cache and bytecode; not recorded
                    timings[app].append(timing)
    return timings


def report_cold(timings: dict[str, list[Timing]], data: str) -> None:
    rounds = len(timings["harbor"])
    page = "onboarding (empty data folder)" if data == "empty" else "Home with the demo family"
    print()
    print(
        f"3. cold first render in headless Chromium, median of {rounds} alternating rounds; "
        f"Harbor's first page: {page}"
    )
    print(f"{'from':16} {'Harbor ms':>10} {'hello ms':>9} {'ratio':>6} {'budget':>7}")
    for span in SPANS:
        harbor = statistics.median(getattr(t, span) for t in timings["harbor"])
        hello = statistics.median(getattr(t, span) for t in timings["hello"])
        ratio = harbor / hello
        budget = f"{COLD_BUDGET:7.1f}" if span == "launch" else f"{'-':>7}"
        flag = "  OVER" if span == "launch" and ratio > COLD_BUDGET else ""
        print(
            f"{span + '→visible':16} {harbor * 1000:10.0f} {hello * 1000:9.0f} {ratio:6.2f} "
            f"{budget}{flag}"
        )
