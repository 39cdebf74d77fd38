"""Fixtures for the browser journeys: Debian's Chromium, a `streamlit run` server, and `harbor`,
the app in the test's page with the waits every journey needs.

A Streamlit rerun can swallow a click, so journeys wait for each rerun to finish
(`harbor.wait_for_app()`) before the next step.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
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
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# axe-core, installed from npm by `make test` (Makefile: AXE_VERSION), never committed.
AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
LOAD_TIMEOUT_MS = 30_000


class StreamlitServer:
    """`streamlit run streamlit_app.py` on a free port, with its own data folder."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        database_url: str | None = None,
        extra_args: tuple[str, ...] = (),
        host: str = "127.0.0.1",
    ) -> None:
        self.data_dir = data_dir
        self.port = port
        self.url = f"http://{host}:{self.port}"
        self.env = {**os.environ, "HARBOR_DATA_DIR": str(data_dir)}
        if database_url:
            self.env["HARBOR_DATABASE_URL"] = database_url
        # More `streamlit run` options, e.g. --secrets.files for a test's sign-in settings.
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self.log = open(self.data_dir / "streamlit.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {self.data_dir}/streamlit.log")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2
                ) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class Harbor:
    """Harbor in the test's browser page: its main area, and steps that wait for the rerun."""

    timeout_ms = LOAD_TIMEOUT_MS

    def __init__(self, page: Page) -> None:
        self.page = page

    def wait_for_app(self) -> None:
        page = self.page
        page.wait_for_selector('[data-testid="stApp"]', timeout=LOAD_TIMEOUT_MS)
        expect(page.get_by_text("Need help now?").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        # The crisis bar is drawn first, before the database is read, so it says nothing
        # about the rest of the page: wait until the script run has ended.
        expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=LOAD_TIMEOUT_MS
        )
        # Streamlit shows a "running" widget until the script finishes.
        expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(
            0, timeout=LOAD_TIMEOUT_MS
        )

    def main(self) -> Locator:
        return self.page.locator('[data-testid="stMain"]')

    def click(self, name: str) -> None:
        """Press the main area's button called exactly `name`, then wait for the rerun."""
        self.main().get_by_role("button", name=name, exact=True).click()
        self.wait_for_app()

    def open_the_log_history(self) -> None:
        """Unfold the Log page's history (folded on each new visit), then wait for its run."""
        self.main().get_by_text("See, change or delete what was logged").click()
        expect(self.main().get_by_role("radiogroup", name="Show")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        self.wait_for_app()

    def open_the_demo_family(self) -> None:
        """From the first screen, load the demo family (or open it if it is already loaded)."""
        page = self.page
        self.wait_for_app()
        tab = page.get_by_role("tab", name="Explore the demo family")
        button = page.get_by_role("button", name="Explore the demo family")
        if tab.count():
            for _ in range(3):  # a tap that lands mid-rerun can be lost; tap the tab again
                tab.click()
                try:
                    button.wait_for(state="visible", timeout=5_000)
                    break
                except PlaywrightTimeout:
                    self.wait_for_app()
            button.click()
        expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict, unavailable: Callable[[str], NoReturn]
) -> dict:
    if not CHROMIUM.exists():
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]
) -> Iterator[StreamlitServer]:
    """A `streamlit run` of Harbor with its own data folder, shared by the module's tests."""
    running = StreamlitServer(tmp_path_factory.mktemp("browser-data"), free_port())
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]
) -> Iterator[StreamlitServer]:
    """A `streamlit run` whose data folder already holds the demo family (and only it)."""
    data_dir = tmp_path_factory.mktemp("browser-demo")
    env = {**os.environ, "HARBOR_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "dashboard", "demo"], cwd=ROOT, env=env, check=True, timeout=300
    )
    running = StreamlitServer(data_dir, free_port())
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def axe_source(unavailable: Callable[[str], NoReturn]) -> Path:
    """axe-core's script, to inject into a page with add_script_tag."""
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (make test installs it from npm)")
    return AXE


@pytest.fixture
def streamlit_server() -> type[StreamlitServer]:
    """Returns StreamlitServer(data_dir, port), for a test that needs a server of its own."""
    return StreamlitServer


@pytest.fixture
def harbor_for() -> Callable[[Page], Harbor]:
    """Returns `harbor_for(page)`: Harbor in a page the test opened itself."""
    return Harbor


@pytest.fixture
def harbor(page: Page) -> Harbor:
    return Harbor(page)


@pytest.fixture
def outside_requests(page: Page) -> list[str]:
    """Every request the page makes to anywhere but this machine."""
    seen: list[str] = []

    def record(request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            seen.append(url)

    page.on("request", record)
    return seen
