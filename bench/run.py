"""Harbor's performance budgets (docs: design.md "Performance budgets"), in one run.

1. every page's warm rerun (AppTest) as a multiple of an empty page, at 1 and 10 years;
2. the 10-year ÷ 1-year growth of each page;
3. the first page render after a cold `streamlit run`, in headless Chromium, as a
   multiple of a hello-world app's first render (see bench/cold.py);
4. steady under load: 20 browser sessions at once saving check-ins on the Log page, in
   one household and then in 20; saves landed, errors, and the median and 95th-percentile
   save latency as multiples of one session's alone (see bench/load.py);
5. the therapy session report: HTML and PDF time for 4 weeks and 1 year of a 10-year
   household, and the PDF as a multiple of the same PDF without charts (see bench/report.py);
6. (with --hosted) hosted mode on PostgreSQL: see bench/hosted.py;
7. a warm click from a text page to a chart page (Timeline, Wins) until its charts are
   drawn, as a multiple of a warm click to a text page (Learn), in headless Chromium (see
   bench/browser.py).

Not a test: it prints measured ratios next to the budgets and exits 0. Both sides of a
ratio run alternately and the median is taken, so a noisy machine moves both alike.

    python bench/run.py [--rounds 20] [--pages Home Timeline Wins Self_care] [--range all]
                        [--cold-rounds 5] [--cold-data empty|demo] [--click-rounds 10]
                        [--load-sessions 20]
                        [--load-saves 5] [--load-max-seconds 300] [--load-think 20]
                        [--load-page-idle-gc]
                        [--report-rounds 3] [--skip-browser] [--skip-warm]
                        [--skip-cold] [--skip-clicks] [--skip-load] [--skip-report]
                        [--hosted [--hosted-households 200] [--hosted-years 3]]

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

from streamlit.logger import get_logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.browser import CLICK_BUDGET, measure_clicks, report_clicks  # noqa: E402
from bench.cold import COLD_BUDGET, measure_cold, report_cold, unavailable  # noqa: E402
from bench.load import P95_TARGET, THINK_SECONDS, measure_load, report_load  # noqa: E402
from bench.report import measure_report, report_report  # noqa: E402
from dashboard.config import Settings  # noqa: E402
from dashboard.records import (  # noqa: E402
    ActivityOccasion,
    BoundaryPlan,
    BoundaryStatusChange,
    CaregiverCheckin,
    CraftResponse,
    DailyCheckin,
    Record,
    SmallWin,
    SoberActivity,
    TreatmentEvent,
    TreatmentInvitation,
    TreatmentOption,
    WarningSignTick,
)
from dashboard.store import NewFamily, Store  # noqa: E402

# The date-range pickers of the Timeline and Self-care pages (dashboard/ui/timeline.py,
# dashboard/ui/self_care.py).
RANGE_KEYS = ("timeline_range", "self_care_range")
RERUN_BUDGET = 8.0
GROWTH_BUDGET = 1.3
PAGES = [None, *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


def build_household(data_dir: Path, years: int) -> None:
    """A household with `years` of daily check-ins, phases, sessions, lapses, wins and self-care."""
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    family = store.create_family(NewFamily(f"Bench {years}y", "Sam", "Alex"))
    loved_one, member = family.loved_ones()[0], family.family_members()[0]
    store.insert_records(household_records(family.id, loved_one.id, member.id, years))
    store.engine.dispose()


def household_records(household_id, loved_one_id, member_id, years: int, seed: int | None = None):
    """Everything a household logs in `years` (bench/hosted.py seeds 200 of these)."""
    rng = random.Random(years if seed is None else seed)
    today = date.today()
    common = {"household_id": household_id}
    mine = {**common, "loved_one_id": loved_one_id}
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
                family_member_id=member_id,
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
    records += boundaries_and_craft(years, mine, member_id, rng, today)
    return records


def boundaries_and_craft(
    years: int, mine: dict, member_id, rng: random.Random, today: date
) -> list[Record]:
    """What the Boundaries and CRAFT pages read, growing with the years like the logs do.

    A new boundary plan every 120 days, kept for a year then archived, with a weekly
    status; a response every third day; an invitation to treatment every half year; four
    sober activities with a weekly occasion.
    """
    common = {"household_id": mine["household_id"]}
    by = {"logged_by": member_id}
    days = 365 * years
    records: list[Record] = []
    areas = ["money", "home", "safety", "self_care", "environment", "activities"]
    for start in range(days - 1, -1, -120):
        plan_date = today - timedelta(days=start)
        plan = BoundaryPlan(
            **mine,
            **by,
            area=areas[start % len(areas)],
            boundary="I will not give cash; I will pay a bill directly.",
            why_it_matters="Cash can pay for use; paying the bill still helps.",
            if_crossed="I say once, calmly, that I will not give cash, and I leave the room.",
            how_to_say_it="I love you, and I won't give cash. I can pay the phone bill.",
            plan_date=plan_date,
            review_date=plan_date + timedelta(days=30),
            archived=start > 365,
        )
        records.append(plan)
        for age in range(start - 7, max(start - 365, -1), -7):
            records.append(
                BoundaryStatusChange(
                    **common,
                    **by,
                    plan_id=plan.id,
                    day=today - timedelta(days=age),
                    status=rng.choice(["kept", "kept", "kept", "tested", "crossed"]),
                    note="Held it, though it was hard." if age % 28 == 0 else "",
                )
            )
    for age in range(0, days, 3):
        records.append(
            CraftResponse(
                **mine,
                **by,
                day=today - timedelta(days=age),
                saw=rng.choice(["not_using", "not_using", "using", "cant_tell"]),
                did=rng.choice(["rewarded_non_use", "stepped_away", "held_boundary", "other"]),
                what_i_did="Made dinner together." if age % 2 == 0 else "",
                what_happened="We talked for a while.",
            )
        )
    options = [
        TreatmentOption(**common, name=name, phone="555 0100")
        for name in ("Outpatient clinic", "Family therapist", "Peer group")
    ]
    records += options
    for age in range(days - 1, -1, -182):
        records.append(
            TreatmentInvitation(
                **mine,
                **by,
                plan_date=today - timedelta(days=age),
                window_signs="slurred-speech",
                option_id=options[age % 3].id,
                words="Would you come with me to see the clinic on Tuesday?",
                asked_on=today - timedelta(days=max(age - 3, 0)),
                outcome=rng.choice(["yes", "thinking", "no"]),
            )
        )
    activities = [
        SoberActivity(**mine, **by, title=title)
        for title in ("Walk by the river", "Cook dinner", "Climbing gym", "Film night")
    ]
    records += activities
    for week, age in enumerate(range(days - 1, -1, -7)):
        records.append(
            ActivityOccasion(
                **common,
                **by,
                activity_id=activities[week % len(activities)].id,
                day=today - timedelta(days=age),
                status=rng.choice(["done", "done", "skipped"]),
            )
        )
    return records


def quiet_apptest() -> None:
    """AppTest sets state outside a script run, and Streamlit warns about it each time."""
    get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )


def timed_run(app: AppTest) -> float:
    start = time.perf_counter()
    app.run()
    return time.perf_counter() - start


def page_ratio(page: str | None, rounds: int, date_range: str | None = None) -> tuple[float, float]:
    """(median of page rerun ÷ empty rerun, median empty rerun in seconds)."""
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
    ratios, bases = [], []
    for _ in range(rounds):
        base = timed_run(empty)
        ratios.append(timed_run(app) / base)
        bases.append(base)
    return statistics.median(ratios), statistics.median(bases)


def measure(
    years: int, rounds: int, pages: list[str | None], date_range: str | None = None
) -> dict[str | None, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["HARBOR_DATA_DIR"] = folder
        os.environ.pop("HARBOR_DATABASE_URL", None)
        build_household(Path(folder), years)
        return {page: page_ratio(page, rounds, date_range) for page in pages}


def report_warm(
    rounds: int,
    pages: list[str | None],
    one: dict[str | None, tuple[float, float]],
    ten: dict[str | None, tuple[float, float]],
) -> None:
    empty_ms = statistics.median(base for _, base in [*one.values(), *ten.values()]) * 1000
    print(
        f"1. warm rerun ÷ empty page (median of {rounds} alternating reruns; "
        f"the empty page reruns in about {empty_ms:.1f} ms)"
    )
    print("2. growth = 10-year ratio ÷ 1-year ratio")
    print(
        f"{'page':24} {'1y/empty':>9} {'10y/empty':>10} {'budget':>7} {'10y/1y':>7} {'budget':>7}"
    )
    for page in pages:
        name = Path(page).stem if page else "Home"
        growth = ten[page][0] / one[page][0]
        over = [
            label
            for label, bad in (
                ("rerun", max(one[page][0], ten[page][0]) > RERUN_BUDGET),
                ("growth", growth > GROWTH_BUDGET),
            )
            if bad
        ]
        flag = f"  OVER ({', '.join(over)})" if over else ""
        print(
            f"{name:24} {one[page][0]:9.1f} {ten[page][0]:10.1f} {RERUN_BUDGET:7.1f} "
            f"{growth:7.2f} {GROWTH_BUDGET:7.2f}{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm reruns per page (20)")
    parser.add_argument("--pages", nargs="*", help="page names to include, e.g. Log Timeline")
    parser.add_argument(
        "--range",
        choices=["4w", "3m", "1y", "all"],
        help="date range picked on the Timeline and Self-care pages (default: theirs)",
    )
    parser.add_argument(
        "--cold-rounds", type=int, default=5, help="cold starts of each app in Chromium (5)"
    )
    parser.add_argument(
        "--cold-data",
        choices=["empty", "demo"],
        default="empty",
        help="Harbor's data folder for the cold start: empty (onboarding, default) or demo",
    )
    parser.add_argument(
        "--click-rounds", type=int, default=10, help="warm clicks to each page in figure 7 (10)"
    )
    parser.add_argument(
        "--load-sessions", type=int, default=20, help="browser sessions at once in figure 4 (20)"
    )
    parser.add_argument(
        "--load-saves", type=int, default=5, help="check-ins each session saves in figure 4 (5)"
    )
    parser.add_argument(
        "--load-max-seconds",
        type=float,
        default=300,
        help="in each phase of figure 4, no save starts after this many seconds (300)",
    )
    parser.add_argument(
        "--load-think",
        type=float,
        default=THINK_SECONDS,
        help=f"seconds each session of figure 4 pauses between saves ({THINK_SECONDS:g}; 0: none)",
    )
    parser.add_argument(
        "--load-page-idle-gc",
        action="store_true",
        help="figure 4: keep V8's full collection of each page once it goes quiet (off)",
    )
    parser.add_argument(
        "--skip-browser", action="store_true", help="skip figures 3, 4 and 7 (Chromium)"
    )
    parser.add_argument("--skip-warm", action="store_true", help="skip figures 1 and 2")
    parser.add_argument("--skip-cold", action="store_true", help="skip figure 3")
    parser.add_argument("--skip-clicks", action="store_true", help="skip figure 7")
    parser.add_argument("--skip-load", action="store_true", help="skip figure 4")
    parser.add_argument(
        "--report-rounds", type=int, default=3, help="rounds of each report timing in figure 5"
    )
    parser.add_argument("--skip-report", action="store_true", help="skip figure 5")
    parser.add_argument(
        "--hosted",
        action="store_true",
        help="add figure 6: hosted mode, 200 households × 3 years on PostgreSQL (bench/hosted.py)",
    )
    parser.add_argument("--hosted-households", type=int, default=200)
    parser.add_argument("--hosted-years", type=int, default=3)
    args = parser.parse_args()
    quiet_apptest()
    if not args.skip_warm:
        pages = PAGES
        if args.pages:
            pages = [
                p
                for p in PAGES
                if (p is None and "Home" in args.pages) or (p and any(n in p for n in args.pages))
            ]
        one = measure(1, args.rounds, pages, args.range)
        ten = measure(10, args.rounds, pages, args.range)
        report_warm(args.rounds, pages, one, ten)
    if not args.skip_report:
        with tempfile.TemporaryDirectory() as folder:
            build_household(Path(folder), 10)
            report_report(measure_report(Path(folder), args.report_rounds))
    if args.hosted:
        from bench.hosted import measure_hosted

        measure_hosted(args.hosted_households, args.hosted_years, min(args.rounds, 10))
    if args.skip_browser:
        return
    reason = unavailable()
    if not args.skip_cold:
        if reason:
            print(f"\n3. cold first render (budget ≤ {COLD_BUDGET}×): skipped, {reason}")
        else:
            report_cold(measure_cold(args.cold_rounds, args.cold_data), args.cold_data)
    if not args.skip_clicks:
        if reason:
            print(f"\n7. warm click (budget ≤ {CLICK_BUDGET}×): skipped, {reason}")
        else:
            report_clicks(measure_clicks(args.click_rounds))
    if not args.skip_load:
        if reason:
            print(f"\n4. saves under load (target p95 ≤ {P95_TARGET:g}×): skipped, {reason}")
        else:
            run = measure_load(
                args.load_sessions,
                args.load_saves,
                args.load_max_seconds,
                args.load_think,
                page_idle_gc=args.load_page_idle_gc,
            )
            report_load(run)


if __name__ == "__main__":
    main()
