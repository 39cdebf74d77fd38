"""Harbor as a package: the wheel carries what the app needs, and an installed copy runs.

The build is the one `python -m build` makes, offline: an sdist from a clean copy of the
checkout, then the wheel from that sdist, with the setuptools that requirements-dev.txt pins
(--no-build-isolation). The wheel goes into a fresh virtual environment that sees this
environment's packages through a .pth file, so pip resolves every declared dependency, and the
`postgres` extra, against the pinned lock without a network. Every command then runs from a
folder outside the checkout, so only the installed copy can answer.
"""

from __future__ import annotations

import email.message
import email.parser
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import setuptools
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import dashboard
from dashboard import cli, config

ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 180  # seconds for one build or install step; each takes a few
SERVE_TIMEOUT = 60
# Never copied into the build: caches, environments and earlier builds would hide a
# file that a clean clone lacks, or ship one it should not.
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "*.py[cod]",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "build",
    "dist",
    "*.egg-info",
    "test-results",
    "*.db",
    "*.db-*",
)


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run one step; on failure show its output, which says why."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def source_files(folder: Path) -> list[Path]:
    """Files a clean clone has under `folder`, relative to it."""
    return sorted(
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


@dataclass(frozen=True)
class Install:
    """A fresh virtual environment with the built wheel installed, and a folder outside
    the checkout to run it from."""

    wheel: Path
    bin_dir: Path
    workdir: Path

    @property
    def python(self) -> Path:
        return self.bin_dir / "python"

    @property
    def harbor(self) -> Path:
        return self.bin_dir / "harbor"

    def env(self, data_dir: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HARBOR_", "PYTHON"))}
        env["HARBOR_DATA_DIR"] = str(data_dir)
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        return env

    def run(self, *args: str | Path, data_dir: Path) -> str:
        return run([*args], cwd=self.workdir, env=self.env(data_dir))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    required = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    for requirement in map(Requirement, required):
        if canonicalize_name(requirement.name) == "setuptools":
            assert requirement.specifier.contains(setuptools.__version__), (
                f"setuptools {setuptools.__version__} is too old to build Harbor; "
                "install requirements-dev.txt (make test does)"
            )
    base = tmp_path_factory.mktemp("build")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    dist = base / "dist"
    builder = (
        "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"
    )
    sdist_name = run([sys.executable, "-c", builder, dist], cwd=source).strip().splitlines()[-1]
    shutil.unpack_archive(dist / sdist_name, base / "unpacked")
    (sdist_dir,) = (base / "unpacked").iterdir()
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*pip_wheel, "--no-index", "--wheel-dir", dist, sdist_dir], cwd=base)
    (built,) = dist.glob("harbor-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def metadata(wheel_files: dict[str, bytes]) -> email.message.Message:
    (name,) = [n for n in wheel_files if n.endswith(".dist-info/METADATA")]
    return email.parser.BytesParser().parsebytes(wheel_files[name])


@pytest.fixture(scope="module")
def install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Install:
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--clear", venv], cwd=venv)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    site = run(
        [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        cwd=venv,
    )
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    # Later on sys.path than the new environment's own site-packages, so the installed
    # Harbor wins; pip sees these packages as installed and needs no index.
    Path(site.strip(), "harbor-test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    workdir = tmp_path_factory.mktemp("elsewhere")
    installation = Install(wheel=wheel, bin_dir=bin_dir, workdir=workdir)
    installation.run(
        installation.python,
        "-m",
        "pip",
        "install",
        "--no-index",
        f"{wheel}[postgres]",
        data_dir=workdir,
    )
    return installation


# -- the declared dependencies --------------------------------------------------------------


def pinned(path: Path) -> dict[str, Requirement]:
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return {
        canonicalize_name(req.name): req
        for req in (Requirement(line) for line in lines if line and not line.startswith("-"))
    }


def test_pyproject_and_the_lock_name_the_same_packages() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    for extra in ("postgres", "hosted"):
        declared += [Requirement(r) for r in project["optional-dependencies"][extra]]
    lock = pinned(ROOT / "requirements.txt")
    assert {canonicalize_name(r.name) for r in declared} == set(lock)
    for requirement in declared:
        (pin,) = lock[canonicalize_name(requirement.name)].specifier
        assert requirement.specifier.contains(pin.version), (requirement, pin)
        assert requirement.extras == lock[canonicalize_name(requirement.name)].extras


def test_the_postgres_driver_is_an_extra(metadata: email.message.Message) -> None:
    requires = metadata.get_all("Requires-Dist")
    assert "postgres" in metadata.get_all("Provides-Extra")
    psycopg = [r for r in map(Requirement, requires) if r.name == "psycopg"]
    assert [str(r.marker) for r in psycopg] == ['extra == "postgres"']
    assert psycopg[0].extras == {"binary"}
    assert {canonicalize_name(Requirement(r).name) for r in requires} >= {"streamlit", "pandas"}


def test_metadata_names_the_version_and_the_command(
    metadata: email.message.Message, wheel_files: dict[str, bytes]
) -> None:
    assert Version(metadata["Version"]) == Version(dashboard.__version__)
    (entry_points,) = [v for n, v in wheel_files.items() if n.endswith("/entry_points.txt")]
    assert re.search(rb"^harbor = dashboard\.cli:main$", entry_points, re.MULTILINE)


# -- what the wheel holds -------------------------------------------------------------------


def test_the_wheel_installs_only_the_dashboard_package(wheel_files: dict[str, bytes]) -> None:
    top = {name.split("/")[0] for name in wheel_files}
    assert {t for t in top if not t.endswith(".dist-info")} == {"dashboard"}


def test_the_wheel_holds_every_file_of_the_package(wheel_files: dict[str, bytes]) -> None:
    """Modules of every subpackage, migrations, fonts and templates, with nothing left out."""
    expected = {f"dashboard/{path.as_posix()}" for path in source_files(ROOT / "dashboard")}
    assert expected - set(wheel_files) == set()
    assert "dashboard/db/migrations/script.py.mako" in wheel_files


def test_the_wheel_holds_the_content(wheel_files: dict[str, bytes]) -> None:
    files = source_files(ROOT / "data")
    assert any(path.suffix == ".md" for path in files)
    for path in files:
        assert (
            wheel_files[f"dashboard/_content/{path.as_posix()}"]
            == (ROOT / "data" / path).read_bytes()
        )


def test_the_wheel_holds_the_app(wheel_files: dict[str, bytes]) -> None:
    """The installed app has the checkout's shape: the script, pages/ beside it, and the
    settings in .streamlit/."""
    app = [Path("streamlit_app.py"), Path(".streamlit/config.toml")]
    app += [Path("pages") / path for path in source_files(ROOT / "pages")]
    for path in app:
        assert wheel_files[f"dashboard/_app/{path.as_posix()}"] == (ROOT / path).read_bytes()


# -- the installed copy, run from outside the checkout ----------------------------------------


def test_harbor_help_lists_every_command(install: Install, tmp_path: Path) -> None:
    shown = install.run(install.harbor, "--help", data_dir=tmp_path)
    assert shown.startswith("usage: harbor")
    commands = ("run", "demo", "export", "import", "backup", "delete-all", "remove-lock", "migrate")
    for command in commands:
        assert re.search(rf"^ +{command}\s", shown, re.MULTILINE), command


def test_the_installed_copy_reads_its_own_files(install: Install, tmp_path: Path) -> None:
    script = (
        "import dashboard, dashboard.config as c, dashboard.content as t;"
        "print(dashboard.__file__, c.CONTENT_DIR, c.APP_SCRIPT, c.STREAMLIT_CONFIG, sep='\\n');"
        "print(len(t.learn_modules()), t.crisis_lines('US').emergency.dial)"
    )
    *paths, counts = install.run(install.python, "-c", script, data_dir=tmp_path).splitlines()
    package = Path(paths[0]).parent
    assert not package.is_relative_to(ROOT)
    assert [Path(p) for p in paths[1:]] == [
        package / "_content",
        package / "_app" / "streamlit_app.py",
        package / "_app" / ".streamlit" / "config.toml",
    ]
    modules, dial = counts.split()
    assert int(modules) == len(list((ROOT / "data" / "learn").glob("*.md")))
    assert dial == "911"


def test_harbor_demo_and_export_work_installed(install: Install, tmp_path: Path) -> None:
    """The demo family comes from the shipped content; the schema from shipped migrations."""
    shown = install.run(install.harbor, "demo", data_dir=tmp_path)
    assert shown.startswith("Loaded the demo family")
    install.run(install.harbor, "export", "--out", tmp_path / "all.json", data_dir=tmp_path)
    assert (tmp_path / "harbor.db").exists() and (tmp_path / "all.json").stat().st_size > 1000


def test_the_installed_app_draws_its_pages(install: Install, tmp_path: Path) -> None:
    install.run(install.harbor, "demo", data_dir=tmp_path)
    script = (
        "from streamlit import config\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.config import APP_SCRIPT\n"
        # As `harbor run` does from the shipped config: on loopback, so home mode shows data.
        "config.set_option('server.address', '127.0.0.1')\n"
        "at = AppTest.from_file(str(APP_SCRIPT), default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "print(at.markdown[0].value)\n"
        "at.switch_page('pages/01_Learn.py').run()\n"
        "assert not at.exception, at.exception\n"
        "print(at.title[0].value)\n"
    )
    crisis_bar, title = install.run(install.python, "-c", script, data_dir=tmp_path).splitlines()[
        -2:
    ]
    assert "Need help now?" in crisis_bar and "988" in crisis_bar
    assert title == "Learn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(install: Install, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """`harbor run` on a free port, from outside the checkout; stopped afterwards."""
    port = free_port()
    log_path = tmp_path / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [install.harbor, "run", "--server.port", str(port), "--server.headless", "true"],
            cwd=install.workdir,
            env=install.env(tmp_path),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + SERVE_TIMEOUT
            while time.monotonic() < deadline:
                assert process.poll() is None, f"harbor run exited:\n{log_path.read_text()}"
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                    ) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail(
                    f"harbor run was not healthy in {SERVE_TIMEOUT}s:\n{log_path.read_text()}"
                )
            yield port, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_harbor_run_serves_the_app_on_this_computer_only(served: tuple[int, Path]) -> None:
    port, log_path = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
        assert response.status == 200
    shown = log_path.read_text()
    # With server.address set, Streamlit shows that one address and no "Network URL".
    assert f"URL: http://127.0.0.1:{port}" in shown
    assert "Network URL" not in shown


# -- how `harbor run` calls Streamlit --------------------------------------------------------


def test_the_checkout_runs_its_own_files() -> None:
    """Without an install, content and app come straight from the repository."""
    assert config.CONTENT_DIR == ROOT / "data"
    assert config.APP_SCRIPT == ROOT / "streamlit_app.py"
    assert config.STREAMLIT_CONFIG == ROOT / ".streamlit" / "config.toml"


def test_every_setting_becomes_a_flag() -> None:
    flags = cli.streamlit_flags(config.STREAMLIT_CONFIG, {})
    for promise in (
        "--browser.gatherUsageStats=false",
        "--server.address=127.0.0.1",
        "--client.showErrorDetails=none",
        "--global.developmentMode=false",
        # No full garbage collection after every run: it cost more than the page itself.
        "--runner.postScriptGC=false",
    ):
        assert promise in flags
    settings = tomllib.loads(config.STREAMLIT_CONFIG.read_text())

    def options(table: dict) -> int:  # nested tables ([theme.light]) flatten into flags
        return sum(options(v) if isinstance(v, dict) else 1 for v in table.values())

    assert len(flags) == options(settings)


def test_a_streamlit_variable_overrides_the_file_and_nested_tables_flatten(tmp_path: Path) -> None:
    toml = tmp_path / "config.toml"
    toml.write_text(
        '[server]\nport = 8501\nmaxUploadSize = 50\n[theme.sidebar]\nprimaryColor = "#000000"\n'
    )
    flags = cli.streamlit_flags(toml, {"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "10"})
    assert flags == ["--server.port=8501", "--theme.sidebar.primaryColor=#000000"]


class Exec(Exception):
    """Raised instead of replacing the test process."""


def test_harbor_run_passes_its_options_to_streamlit_last(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_exec(path: str, command: list[str]) -> None:
        raise Exec(command)

    monkeypatch.setattr(cli.os, "execv", fake_exec)
    with pytest.raises(Exec) as raised:
        cli.main(["run", "--server.port", "8600"])
    (command,) = raised.value.args
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(config.APP_SCRIPT)]
    assert command[-2:] == ["--server.port", "8600"]
    assert "--server.address=127.0.0.1" in command[5:-2]


def test_harbor_run_help_is_harbors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["run", "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("usage: harbor run")
