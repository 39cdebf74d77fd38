"""Two app replicas on one PostgreSQL behind Debian's nginx (deploy/nginx.conf) on loopback:
a check-in saved through the proxy shows on both replicas. No state that matters lives in
one process."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
UPSTREAM = re.compile(r"^\s*server app\d:8501;\n", re.MULTILINE)


def loopback_config(ports: list[int], listen: int, prefix: Path) -> str:
    """deploy/nginx.conf as shipped, with loopback replicas and files in `prefix`."""
    shipped = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert len(UPSTREAM.findall(shipped)) == 2 and "ip_hash;" in shipped
    servers = "".join(f"        server 127.0.0.1:{port};\n" for port in ports)
    config = UPSTREAM.sub("", shipped).replace("ip_hash;\n", "ip_hash;\n" + servers, 1)
    config = config.replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    # Run unprivileged files and logs inside the test's folder.
    files = (
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n" if "pid " not in config else ""
    )
    temp = "".join(
        f"    {name}_temp_path {prefix}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = files + config.replace("http {\n", f"http {{\n    access_log off;\n{temp}", 1)
    return config


@pytest.fixture
def replicas(postgres_database: str, tmp_path: Path, free_port, streamlit_server) -> Iterator:
    servers = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        servers.append(streamlit_server(folder, free_port(), postgres_database))
    for server in servers:
        server.start()
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def proxy(replicas, tmp_path: Path, free_port, unavailable) -> Iterator[str]:
    if not NGINX.exists():
        unavailable("nginx not found at /usr/sbin/nginx (apt-get install nginx-light)")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(loopback_config([r.port for r in replicas], port, prefix), encoding="utf-8")
    subprocess.run(
        [str(NGINX), "-t", "-p", str(prefix), "-c", str(conf)], check=True, capture_output=True
    )
    process = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(prefix, ignore_errors=True)


def test_a_check_in_saved_through_the_proxy_shows_on_both_replicas(
    page: Page, harbor, proxy: str, replicas
) -> None:
    page.goto(proxy)
    harbor.wait_for_app()
    harbor.main().get_by_label("Family name").fill("The Replica family")
    harbor.main().get_by_label("Your loved one's first name").fill("Robin")
    harbor.main().get_by_label("Your first name").fill("Pat")
    harbor.click("Create my family's space")
    expect(page.get_by_role("heading", name="Today")).to_be_visible(timeout=harbor.timeout_ms)

    page.goto(f"{proxy}/Log")
    harbor.wait_for_app()
    harbor.main().get_by_role("radiogroup", name="Use observed today").get_by_text(
        "No use seen", exact=True
    ).click()
    harbor.click("Save check-in")
    expect(harbor.main().get_by_text(re.compile("Check-in for .* saved")).first).to_be_visible(
        timeout=harbor.timeout_ms
    )

    for replica in replicas:  # a fresh session on each process, straight to it
        fresh = page.context.new_page()
        fresh.goto(f"{replica.url}/Log")
        expect(
            fresh.get_by_text(re.compile("already has a check-in, logged by Pat"))
        ).to_be_visible(timeout=harbor.timeout_ms)
        fresh.close()
