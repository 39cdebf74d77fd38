"""The session report on the demo family: every section, a kind empty report, no unshared
note in the HTML or the PDF, nothing loaded from any host, and chart pictures in the PDF."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard.content import report_wording
from dashboard.documents import report as report_module
from dashboard.documents.report import report_html, report_pdf
from dashboard.store import HouseholdStore
from dashboard.views.session import session_view

# In the demo, the check-in 8 days back has a shared note and the one 30 days back does not.
SHARED = "Jordan asked how my own group is going"
UNSHARED = "An ordinary day. That's the good news."
SECTIONS = ("at_a_glance", "over_time", "wins", "talk_about", "skills", "questions", "notes")


def _view(demo: HouseholdStore, start: date, end: date):
    return session_view(demo, demo.loved_ones()[0].id, start, end)


def _pdf_text(data: bytes) -> tuple[str, str, int]:
    """(first page's text, the whole text, how many images) of a PDF, read by pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    images = sum(len(page.images) for page in reader.pages)
    return pages[0], "\n".join(pages), images


class _Loads(HTMLParser):
    """Every src and href in a page: anything that would load (or link) outside the file."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action"):
                self.found.append((tag, name, value or ""))


@pytest.fixture
def month(demo: HouseholdStore, demo_today: date):
    return _view(demo, demo_today - timedelta(days=35), demo_today)


def test_every_section_is_present_for_a_range_with_data(month) -> None:
    report = month.report
    assert month.has_data and not report.empty
    assert [part.key for part in report.parts] == list(SECTIONS)
    html = report_html(report)
    for heading in report_wording().sections.values():
        assert heading in html
    assert len(report.charts) >= 4
    assert all(chart.summary for chart in report.charts), "a text summary beside every chart"


def test_a_range_with_no_data_gives_a_short_kind_report(demo: HouseholdStore) -> None:
    report = _view(demo, date(2001, 1, 1), date(2001, 1, 28)).report
    html = report_html(report)
    assert report.empty in report.text_lines()
    assert "Nothing was logged between 1 Jan 2001 and 28 Jan 2001" in html
    assert "<script" not in html, "no charts, so no plotly.js"
    first, text, images = _pdf_text(report_pdf(report))
    assert "Nothing was logged between" in first.replace("\n", " ")
    assert images == 0
    assert "988" in text, "the crisis lines at the foot"


def test_an_unshared_note_never_appears_in_the_html(month) -> None:
    html = report_html(month.report)
    assert SHARED in html
    assert UNSHARED not in html and "An ordinary day" not in html


def test_the_html_loads_nothing_from_outside_the_file(month) -> None:
    html = report_html(month.report)
    parser = _Loads()
    parser.feed(html)
    assert parser.found == []
    assert html.count("<script>") == 1 + len(month.report.charts), "plotly.js once, then charts"
    assert "@media print" in html


def test_the_pdf_has_sections_charts_and_no_unshared_note(
    month, unavailable: Callable[[str], None]
) -> None:
    if report_module.chromium_path() is None:
        unavailable("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    data = report_pdf(month.report)
    first, text, images = _pdf_text(data)
    flat = " ".join(text.split())
    assert data.startswith(b"%PDF")
    for heading in report_wording().sections.values():
        assert heading in flat
    assert images == len(month.report.charts)
    assert report_wording().no_images.split(" (")[0] not in first
    assert "Jordan asked how my own group" in flat
    assert "An ordinary day" not in flat


def test_the_chart_browser_stays_up_between_reports_until_stopped(
    month, unavailable: Callable[[str], None]
) -> None:
    """Starting Chromium costs seconds; the second report of a process must not pay it."""
    browser = report_module.chromium_path()
    if browser is None:
        unavailable("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    charts = month.report.charts[:1]
    first = report_module.chart_images(charts)
    assert first and first[0].startswith(b"\x89PNG")
    assert report_module._server_browser == browser
    again = report_module.chart_images(charts)
    assert again and again[0].startswith(b"\x89PNG")
    assert report_module._server_browser == browser
    report_module.stop_chart_server()
    assert report_module._server_browser is None


def test_without_chromium_the_pdf_is_made_and_says_so(
    month, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    monkeypatch.setattr(report_module, "CHROMIUM", tmp_path / "no-chromium")
    first, text, images = _pdf_text(report_pdf(month.report))
    assert images == 0
    assert "Chromium was not found" in " ".join(first.split())
    for chart in month.report.charts:
        assert chart.title in text
    assert "An ordinary day" not in text
