"""The therapy session report's speed: HTML and PDF for 4 weeks and 1 year of a 10-year
household, and the PDF as a multiple of the same PDF without charts (target ≤ 3× for 4
weeks). Not a test: it prints what it measured.

    python bench/report.py [--rounds 3]

The app starts one kaleido server (Chromium) for the first report that needs it and keeps
it for the process, so the ratio is measured with it running, and the first PDF of a
process (which pays for starting Chromium) is reported on its own. Both sides of a ratio
run alternately and the median is taken.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import views  # noqa: E402
from dashboard.config import Settings  # noqa: E402
from dashboard.documents.report import (  # noqa: E402
    chromium_path,
    report_html,
    report_pdf,
    stop_chart_server,
)
from dashboard.store import Store  # noqa: E402
from dashboard.views.session import session_view  # noqa: E402

PDF_TARGET = 3.0
RANGES = {"4 weeks": 28, "1 year": 365}


def _timed(action: Callable[[], object]) -> float:
    views.clear()  # every round builds the view afresh, as a first download does
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure_report(data_dir: Path, rounds: int) -> dict[str, dict[str, float]]:
    """Median seconds per range: html, pdf (with charts) and pdf_plain (without)."""
    store = Store.open(Settings(data_dir, f"sqlite:///{data_dir / 'harbor.db'}"))
    household = store.household(store.households()[0].id)
    loved_one = household.loved_ones()[0].id
    end = date.today()
    found: dict[str, dict[str, float]] = {}
    for name, days in RANGES.items():
        start = end - timedelta(days=days - 1)

        def report(start: date = start):
            return session_view(household, loved_one, start, end).report

        times: dict[str, list[float]] = {"html": [], "pdf": [], "pdf_plain": []}
        stop_chart_server()  # the first PDF of a process starts Chromium
        times["pdf_first"] = [_timed(lambda: report_pdf(report()))]
        for _ in range(rounds):
            times["html"].append(_timed(lambda: report_html(report())))
            times["pdf_plain"].append(_timed(lambda: report_pdf(report(), images=False)))
            times["pdf"].append(_timed(lambda: report_pdf(report())))
        found[name] = {key: statistics.median(values) for key, values in times.items()}
    stop_chart_server()
    store.engine.dispose()
    return found


def report_report(found: dict[str, dict[str, float]]) -> None:
    print(
        f"\n5. session report, 10-year household (target: PDF for 4 weeks ≤ {PDF_TARGET:g}× "
        "the same PDF without charts)"
    )
    if chromium_path() is None:
        print("   (Chromium not found: the PDFs were made without chart images)")
    print(
        f"   {'range':<8} {'HTML s':>8} {'PDF s':>8} {'no charts s':>12} {'PDF ÷ plain':>12}"
        f" {'first PDF s':>12}"
    )
    for name, times in found.items():
        ratio = times["pdf"] / times["pdf_plain"]
        mark = "" if name != "4 weeks" else ("  ok" if ratio <= PDF_TARGET else "  over target")
        print(
            f"   {name:<8} {times['html']:>8.2f} {times['pdf']:>8.2f} "
            f"{times['pdf_plain']:>12.2f} {ratio:>11.1f}× {times['pdf_first']:>12.2f}{mark}"
        )
    print("   (first PDF s: the first PDF of a process, which starts Chromium; it stays up after)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each measurement (3)")
    args = parser.parse_args()
    from bench.run import build_household

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        build_household(data_dir, 10)
        report_report(measure_report(data_dir, args.rounds))


if __name__ == "__main__":
    main()
