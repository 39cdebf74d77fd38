"""Hosted mode at scale: 200 households × 3 years of daily data on PostgreSQL, as the app role.

In one run it reports:
- the time to migrate an empty database (and set up the app role), and to seed;
- a family's Home and Timeline warm reruns (signed in, through row-level security) as
  multiples of the empty page (target ≤ 12×);
- the same pages on a database holding that one household only (target: the 200-household
  figure within 1.3× of it);
- the facilitator's group totals over every opted-in family.

It starts its own throwaway PostgreSQL server (initdb + pg_ctl under /tmp), like the tests.

    python bench/hosted.py [--households 200] [--years 3] [--rounds 10]
    python bench/run.py --hosted ...   (the same, after the other figures)
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard import access  # noqa: E402
from dashboard.db import make_engine, upgrade_to_head  # noqa: E402
from dashboard.db.schema import TABLES, group_opt_ins, memberships  # noqa: E402
from dashboard.records import FamilyMember, Household, LovedOne  # noqa: E402
from dashboard.store import Store, first_data_version  # noqa: E402

RERUN_TARGET = 12.0
SCALE_TARGET = 1.3
ISSUER = "https://bench.example"
PAGES = {"Home": None, "Timeline": "pages/06_Timeline.py"}


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway cluster on a free loopback port; the superuser URL."""
    bin_dir = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
    if bin_dir is None:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="harbor-bench-pg-"))
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        shutil.chown(folder, user)

    def run(*args: str) -> None:
        command = [f"{bin_dir}/{args[0]}", *args[1:]]
        if user:
            command = ["runuser", "-u", user, "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = folder / "data"
    run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def hosted_database(cluster_url: str, name: str) -> tuple[str, str, float, float]:
    """A database owned by its own role: (admin URL, app URL, migrate s, role setup s)."""
    cluster = sa.create_engine(cluster_url, isolation_level="AUTOCOMMIT")
    with cluster.connect() as connection:
        connection.exec_driver_sql(f'CREATE ROLE "owner_{name}" LOGIN CREATEROLE')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER "owner_{name}"')
    cluster.dispose()
    admin_url = (
        sa.engine.make_url(cluster_url)
        .set(username=f"owner_{name}", database=name)
        .render_as_string(hide_password=False)
    )
    engine = make_engine(admin_url)
    start = time.perf_counter()
    upgrade_to_head(engine)
    migrate = time.perf_counter() - start
    engine.dispose()
    start = time.perf_counter()
    app_url = access.init_hosting(admin_url, f"app_{name}", "bench")
    return admin_url, app_url, migrate, time.perf_counter() - start


def seed(app_url: str, households: int, years: int) -> tuple[float, int]:
    """Seed households through the app role, one transaction each; (seconds, rows)."""
    from bench.run import household_records

    store = Store(make_engine(app_url))
    rows = 0
    start = time.perf_counter()
    for index in range(households):
        household = Household(name=f"Bench family {index}")
        loved_one = LovedOne(household_id=household.id, display_name=f"Sam {index}")
        member = FamilyMember(household_id=household.id, display_name=f"Alex {index}")
        records = [household, loved_one, member]
        records += household_records(household.id, loved_one.id, member.id, years, seed=index)
        by_table: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            values = record.model_dump()
            if isinstance(record, Household):
                values["data_version"] = first_data_version()
            by_table[record.table].append(values)
        now = datetime.now(UTC)
        with store.writing(household.id) as connection:
            for table in TABLES.values():  # parents first
                if table.name in by_table:
                    connection.execute(sa.insert(table), by_table[table.name])
            connection.execute(
                sa.insert(memberships).values(
                    id=uuid.uuid4(),
                    created_at=now,
                    household_id=household.id,
                    issuer=ISSUER,
                    subject=f"caregiver-{index}",
                    role=access.CAREGIVER,
                )
            )
            connection.execute(
                sa.insert(group_opt_ins).values(household_id=household.id, created_at=now)
            )
        rows += len(records) + 2
    elapsed = time.perf_counter() - start
    store.engine.dispose()
    return elapsed, rows


def signed_in(app: AppTest, subject: str) -> AppTest:
    app.secrets["auth"] = dict.fromkeys(access.AUTH_KEYS, "bench") | {
        "redirect_uri": "http://localhost:8501/oauth2callback"
    }
    app.user = {"is_logged_in": True, "iss": ISSUER, "sub": subject}
    return app


def page_ratios(app_url: str, subject: str, rounds: int) -> dict[str, tuple[float, float]]:
    """Per page: (median warm rerun ÷ empty rerun, median empty rerun in s)."""
    os.environ["HARBOR_DATABASE_URL"] = app_url
    result = {}
    for name, page in PAGES.items():
        empty = AppTest.from_string("pass", default_timeout=120)
        app = signed_in(
            AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120), subject
        )
        if page:
            app.switch_page(page)
        empty.run()
        app.run()
        if app.exception:
            raise RuntimeError(f"{name} raised: {app.exception[0].message}")
        ratios, bases = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            empty.run()
            base = time.perf_counter() - start
            start = time.perf_counter()
            app.run()
            ratios.append((time.perf_counter() - start) / base)
            bases.append(base)
        result[name] = (statistics.median(ratios), statistics.median(bases))
    return result


def group_totals_time(app_url: str, rounds: int) -> tuple[float, access.GroupTotals | None]:
    store = Store(make_engine(app_url))
    times = []
    totals = None
    for _ in range(rounds):
        start = time.perf_counter()
        totals = access.group_totals(store)
        times.append(time.perf_counter() - start)
    store.engine.dispose()
    return statistics.median(times), totals


def measure_hosted(households: int = 200, years: int = 3, rounds: int = 10) -> None:
    print(f"\n6. hosted mode: {households} households × {years} years on PostgreSQL (app role)")
    with postgres_server() as cluster:
        _, many_url, migrate, setup = hosted_database(cluster, "bench_many")
        print(
            f"   migrate an empty database to head: {migrate:.2f} s; app role and grants: "
            f"{setup:.2f} s"
        )
        seconds, rows = seed(many_url, households, years)
        print(f"   seed: {seconds:.1f} s for {rows} rows ({rows / seconds:.0f} rows/s)")
        _, one_url, _, _ = hosted_database(cluster, "bench_one")
        seed(one_url, 1, years)
        many = page_ratios(many_url, f"caregiver-{households // 2}", rounds)
        one = page_ratios(one_url, "caregiver-0", rounds)
        empty_ms = statistics.median(b for _, b in [*many.values(), *one.values()]) * 1000
        print(f"   warm rerun ÷ empty page (median of {rounds}; empty ≈ {empty_ms:.1f} ms)")
        print(
            f"   {'page':10} {'1 family':>9} {households:>4} fam. {'target':>7} "
            f"{'ratio':>6} {'target':>7}"
        )
        for name in PAGES:
            scale = many[name][0] / one[name][0]
            over = []
            if many[name][0] > RERUN_TARGET:
                over.append("rerun")
            if scale > SCALE_TARGET:
                over.append("scale")
            flag = f"  OVER ({', '.join(over)})" if over else ""
            print(
                f"   {name:10} {one[name][0]:9.1f} {many[name][0]:9.1f} {RERUN_TARGET:7.1f} "
                f"{scale:6.2f} {SCALE_TARGET:7.2f}{flag}"
            )
        took, totals = group_totals_time(many_url, rounds)
        shown = f"{totals.families} families, {totals.checkins} check-ins" if totals else "hidden"
        print(
            f"   facilitator group totals: {took * 1000:.1f} ms "
            f"({took * 1000 / empty_ms:.1f}× the empty page; {shown})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    from bench.run import quiet_apptest

    quiet_apptest()
    measure_hosted(args.households, args.years, args.rounds)


if __name__ == "__main__":
    main()
