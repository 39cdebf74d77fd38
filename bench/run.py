"""Warm page reruns as a ratio to an empty Streamlit page, at 1 and 10 years of logs.

Not a test: it prints measured ratios next to the design brief's budgets. Both pages
run warm, alternate, and the median of 20 rounds is taken, so a noisy machine moves
both sides alike.

    python bench/run.py [--rounds 20] [--pages Home Timeline Wins Self_care] [--range all]

The household has what a real one would: treatment phases (one ongoing), weekly
therapy, a lapse a year, planned appointments, shared cravings, self-care and wins.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard.config import Settings  # noqa: E402
from dashboard.records import (  # noqa: E402
    CaregiverCheckin,
    DailyCheckin,
    Record,
    SmallWin,
    TreatmentEvent,
    WarningSignTick,
)
from dashboard.store import NewFamily, Store  # noqa: E402

# The date-range pickers of the Timeline and Self-care pages (dashboard/ui/progress.py).
RANGE_KEYS = ("timeline_range", "self_care_range")
RERUN_BUDGET = 12.0
GROWTH_BUDGET = 1.5
PAGES = [None, *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def build_household(data_dir: Path, years: int) -> None:
    """A household with `years` of daily check-ins, phases, sessions, lapses, wins and self-care."""
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    family = store.create_family(NewFamily(f"Bench {years}y", "Sam", "Alex"))
    loved_one, member = family.loved_ones()[0], family.family_members()[0]
    rng = random.Random(years)
    today = date.today()
    common = {"household_id": family.id}
    mine = {**common, "loved_one_id": loved_one.id}
    first = today - timedelta(days=365 * years - 1)
    records: list[Record] = [
        TreatmentEvent(**mine, kind="assessment", start_date=first),
        TreatmentEvent(
            **mine,
            kind="withdrawal_management",
            start_date=first + timedelta(days=7),
            end_date=first + timedelta(days=16),
        ),
        TreatmentEvent(**mine, kind="outpatient", start_date=first + timedelta(days=17)),
        TreatmentEvent(
            **mine, kind="therapy_session", start_date=today + timedelta(days=3), status="planned"
        ),
    ]
    for offset in range(365 * years):
        day = today - timedelta(days=offset)
        lapse = offset % 365 == 200
        records.append(
            DailyCheckin(
                **mine,
                day=day,
                observed_use="confirmed"
                if lapse
                else rng.choice(["none", "none", "none", "suspected", "unknown"]),
                mood=rng.randint(1, 5),
                sleep=rng.randint(1, 5),
                attended_treatment=offset % 7 == 0,
                craving=rng.randint(0, 10) if offset % 3 == 0 else None,
                notes="A note about the day." if offset % 5 == 0 else "",
            )
        )
        records.append(
            CaregiverCheckin(
                **common,
                family_member_id=member.id,
                day=day,
                stress=rng.randint(0, 10),
                sleep=3,
                self_care_done=rng.random() < 0.6,
            )
        )
        if lapse:
            records.append(TreatmentEvent(**mine, kind="lapse", start_date=day))
        if offset % 7 == 0:
            records.append(TreatmentEvent(**mine, kind="therapy_session", start_date=day))
        if offset % 10 == 0:
            records.append(SmallWin(**mine, day=day, text="Kept an appointment"))
        if offset % 30 == 0:
            records.append(WarningSignTick(**mine, sign_id="slurred-speech", day=day))
    store.insert_records(records)
    store.engine.dispose()


def timed_run(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    return time.perf_counter() - start


def page_ratio(page: str | None, rounds: int, date_range: str | None = None) -> float:
    empty = AppTest.from_string("pass", default_timeout=120)
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    if page:
        app.switch_page(page)
    if date_range:
        for key in RANGE_KEYS:
            app.session_state[key] = date_range
    empty.run()
    app.run()
    if app.exception:
        raise RuntimeError(f"{page} raised: {app.exception[0].message}")
    ratios = []
    for _ in range(rounds):
        base = timed_run(empty)
        ratios.append(timed_run(app) / base)
    return statistics.median(ratios)


def measure(
    years: int, rounds: int, pages: list[str | None], date_range: str | None = None
) -> dict[str | None, float]:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HARBOR_DATA_DIR"] = folder
        os.environ.pop("HARBOR_DATABASE_URL", None)
        build_household(Path(folder), years)
        return {page: page_ratio(page, rounds, date_range) for page in pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pages", nargs="*", help="page names to include, e.g. Log Timeline")
    parser.add_argument(
        "--range",
        choices=["4w", "3m", "1y", "all"],
        help="date range picked on the Timeline and Self-care pages (default: theirs)",
    )
    args = parser.parse_args()
    pages = PAGES
    if args.pages:
        pages = [
            p
            for p in PAGES
            if (p is None and "Home" in args.pages) or (p and any(n in p for n in args.pages))
        ]
    one = measure(1, args.rounds, pages, args.range)
    ten = measure(10, args.rounds, pages, args.range)
    print(f"median of {args.rounds} alternating warm reruns, as a multiple of an empty page")
    print(
        f"{'page':32} {'1y/empty':>9} {'10y/empty':>10} {'budget':>7} {'10y/1y':>7} {'budget':>7}"
    )
    for page in pages:
        name = Path(page).stem if page else "Home"
        growth = ten[page] / one[page]
        flag = "" if ten[page] <= RERUN_BUDGET and growth <= GROWTH_BUDGET else "  OVER"
        print(
            f"{name:32} {one[page]:9.1f} {ten[page]:10.1f} {RERUN_BUDGET:7.1f} "
            f"{growth:7.2f} {GROWTH_BUDGET:7.2f}{flag}"
        )


if __name__ == "__main__":
    main()
