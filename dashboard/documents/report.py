"""The therapy session report as a model, drawn as self-contained HTML and as PDF.

HTML: one file that opens offline, with plotly.js inlined once for every chart and nothing
loaded from any host (sources are plain text, not links), and a print stylesheet.
PDF: fpdf2, with each chart exported as PNG by kaleido through the system Chromium, one
kaleido server kept for the process (started by the first report that needs it, stopped
at exit); a text summary stands beside every chart. Without
Chromium the PDF is still made, without pictures, and says so on its first page.
Every piece of text, the family's own words included, is escaped or drawn as plain text.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
IMAGE_WIDTH = 900
IMAGE_SCALE = 1.0
# kaleido's sync server is one per process: two reports at once (two families, or two
# tabs) take turns, so one report never restarts the server under the other's charts.
_KALEIDO_TURN = threading.Lock()
# The browser the running server drives (None: no server). Starting Chromium costs 2-3 s,
# several times the rest of a 4-week PDF, so the server stays up for the process once a
# report has needed it, and is stopped when the process exits.
_server_browser: Path | None = None


@dataclass(frozen=True)
class Chart:
    """A chart (a Plotly figure as a dict) and the text summary that stands beside it."""

    title: str
    figure: dict
    summary: str


@dataclass(frozen=True)
class Block:
    """A small heading and its plain lines (a list in the report)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One section of the report; `empty` is the kind line shown when it has nothing."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    charts: tuple[Chart, ...] = ()
    empty: str = ""


@dataclass(frozen=True)
class SessionReport:
    """Everything a report shows. The page previews exactly this before any export."""

    title: str
    subtitle: str
    intro: str
    privacy: str
    disclaimer: str
    parts: tuple[Part, ...]
    crisis_heading: str
    crisis_region: str
    crisis_lines: tuple[tuple[str, str, str], ...]  # name, contact, what it is for
    sources: tuple[tuple[str, str], ...]  # title, url (printed, never fetched)
    no_images: str
    empty: str = ""  # set when the range has no data: the kind empty report
    charts: tuple[Chart, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "charts", tuple(c for p in self.parts for c in p.charts))

    def text_lines(self) -> list[str]:
        """The whole report as plain lines (for a preview, a test, or a screen reader)."""
        lines = [self.title, self.subtitle, self.intro, self.privacy]
        if self.empty:
            lines.append(self.empty)
        for part in self.parts:
            lines.append(part.heading)
            for chart in part.charts:
                lines += [chart.title, chart.summary]
            for block in part.blocks:
                lines += [block.heading, *block.lines] if block.heading else list(block.lines)
            if not part.blocks and not part.charts and part.empty:
                lines.append(part.empty)
        lines.append(self.crisis_heading)
        lines += [f"{name}: {contact} ({purpose})" for name, contact, purpose in self.crisis_lines]
        lines.append(self.disclaimer)
        return [line for line in lines if line]


# -- HTML ---------------------------------------------------------------------------------

REPORT_STYLE = (
    "body{font-family:sans-serif;max-width:52em;margin:1.5em auto;padding:0 1em;"
    "line-height:1.5;color:#1E2A32}h1{margin-bottom:.1em}h2{margin-top:1.8em;"
    "border-bottom:2px solid #D0DAE0}h3{margin:1.2em 0 .3em;font-size:1.05em}"
    ".subtitle{color:#3A4A55;margin-top:0}.note{background:#F2F6F8;padding:.6em .8em;"
    "border-left:4px solid #0072B2}.chart{margin:1em 0 1.5em}.summary{margin:.3em 0 0}"
    "ul{padding-left:1.3em}li{margin:.25em 0;white-space:pre-wrap}small{color:#4A5A65}"
    ".crisis{border:2px solid #B03A00;padding:.6em 1em;margin-top:2em}"
    "@media (max-width:480px){body{margin:.5em auto;padding:0 .6em}}"
    "@media print{body{max-width:none;margin:0}h2,h3{break-after:avoid}"
    ".chart,.crisis,li{break-inside:avoid}.modebar-container{display:none!important}}"
)


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _chart_html(chart: Chart, number: int) -> str:
    import plotly.graph_objects as go
    import plotly.io as pio

    figure = go.Figure(chart.figure)
    div = pio.to_html(
        figure,
        include_plotlyjs=False,
        full_html=False,
        div_id=f"chart-{number}",
        config={"displaylogo": False, "responsive": True},
    )
    return (
        f'<figure class="chart" aria-label="{escape(chart.title)}">{div}'
        f'<figcaption class="summary">{escape(chart.summary)}</figcaption></figure>'
    )


def _lines_html(lines: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def report_html(report: SessionReport) -> str:
    """The report as one offline HTML page: plotly.js once, every text escaped."""
    body = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
        f"<p>{escape(report.intro)}</p>",
        f'<p class="note">{escape(report.privacy)}</p>',
    ]
    if report.empty:
        body.append(f'<p class="note">{escape(report.empty)}</p>')
    number = 0
    for part in report.parts:
        body.append(f'<section id="{escape(part.key)}"><h2>{escape(part.heading)}</h2>')
        for chart in part.charts:
            number += 1
            body.append(_chart_html(chart, number))
        for block in part.blocks:
            if block.heading:
                body.append(f"<h3>{escape(block.heading)}</h3>")
            body.append(_lines_html(block.lines))
        if not part.blocks and not part.charts and part.empty:
            body.append(f"<p>{escape(part.empty)}</p>")
        body.append("</section>")
    crisis = "".join(
        f"<li><strong>{escape(name)}</strong>: {escape(contact)}. {escape(purpose)}</li>"
        for name, contact, purpose in report.crisis_lines
    )
    body.append(
        f'<section class="crisis" id="crisis"><h2>{escape(report.crisis_heading)}</h2>'
        f"<p>{escape(report.crisis_region)}</p><ul>{crisis}</ul></section>"
    )
    sources = "".join(f"<li>{escape(t)}: {escape(u)}</li>" for t, u in report.sources)
    body.append(
        f"<p><small>{escape(report.disclaimer)}</small></p><ul><small>{sources}</small></ul>"
    )
    script = f"<script>{_plotly_js()}</script>" if report.charts else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(report.title)}: {escape(report.subtitle)}</title>"
        f"<style>{REPORT_STYLE}</style>{script}</head><body>{''.join(body)}</body></html>"
    )


# -- chart pictures -------------------------------------------------------------------------


def chromium_path() -> Path | None:
    """The browser kaleido drives: BROWSER_PATH if set and present, else Debian's Chromium."""
    named = os.environ.get("BROWSER_PATH")
    for candidate in (Path(named) if named else None, CHROMIUM):
        if candidate is not None and candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def chart_images(charts: tuple[Chart, ...], browser: Path | None = None) -> list[bytes] | None:
    """Every chart as PNG bytes, through one kaleido server; None when no browser can draw.

    Kaleido is told not to load MathJax (its default comes from a CDN), and plotly.js comes
    from the installed plotly package, so nothing is fetched from any host.
    """
    if not charts:
        return []
    browser = browser or chromium_path()
    if browser is None:
        return None
    with _KALEIDO_TURN:
        return _draw(charts, browser)


def _start(browser: Path) -> bool:
    """The chart server running on `browser` (restarted if it drove another one)."""
    global _server_browser
    if _server_browser == browser:
        return True
    _stop()
    os.environ["BROWSER_PATH"] = str(browser)
    try:
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    except Exception:  # a browser that will not start is the same as no browser
        log.exception("kaleido could not start Chromium at %s", browser)
        return False
    if _server_browser is None:
        atexit.register(stop_chart_server)
    _server_browser = browser
    return True


def _stop() -> None:
    global _server_browser
    if _server_browser is None:
        return
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
    _server_browser = None


def stop_chart_server() -> None:
    """Close the Chromium that draws report charts (at exit; tests and the bench too)."""
    with _KALEIDO_TURN:
        _stop()


def _draw(charts: tuple[Chart, ...], browser: Path) -> list[bytes] | None:
    if not _start(browser):
        return None
    import kaleido

    try:
        images = []
        for chart in charts:
            height = int(chart.figure.get("layout", {}).get("height") or 360)
            options = {"format": "png", "width": IMAGE_WIDTH, "height": height}
            images.append(
                kaleido.calc_fig_sync(chart.figure, opts={**options, "scale": IMAGE_SCALE})
            )
        return images
    except Exception:
        log.exception("kaleido could not draw the report's charts")
        _stop()  # a browser that failed once is started afresh for the next report
        return None


# -- PDF ----------------------------------------------------------------------------------


def report_pdf(report: SessionReport, images: list[bytes] | bool | None = True) -> bytes:
    """The report as PDF bytes.

    images: True draws the charts with kaleido (when Chromium is present); False leaves the
    pictures out on purpose (the text summaries stay); a list gives them ready-made.
    """
    if images is True:
        pictures = chart_images(report.charts)
        missing = pictures is None
    elif images is False:
        pictures, missing = None, False
    else:
        pictures, missing = images, images is None
    return _ReportWriter().write(report, pictures, missing)


class _ReportWriter:
    """Draws a SessionReport with the worksheet writer's fonts and character checks."""

    def __init__(self) -> None:
        from dashboard.documents.pdf import _Writer  # fpdf2 loads only when a PDF is asked for

        self.writer = _Writer()
        self.pdf = self.writer.pdf

    def heading(self, text: str, size: float = 13) -> None:
        self.pdf.ln(3)
        self.writer.text(text, size, bold=True, height=7)

    def bullets(self, lines: tuple[str, ...]) -> None:
        for line in lines:
            self.writer.text(f"\u2022 {line}", 10, height=5.2)

    def chart(self, chart: Chart, picture: bytes | None) -> None:
        from io import BytesIO

        self.writer.text(chart.title, 11, bold=True, height=6)
        if picture is not None:
            width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin
            self.pdf.image(BytesIO(picture), w=width)
        self.writer.text(chart.summary, 9.5, height=5)
        self.pdf.ln(2)

    def write(self, report: SessionReport, pictures: list[bytes] | None, missing: bool) -> bytes:
        pdf, writer = self.pdf, self.writer
        pdf.set_title(writer.clean(f"{report.title}: {report.subtitle}"))
        pdf.set_creator("Harbor")
        if report.crisis_lines:
            name, contact, _ = report.crisis_lines[0]
            help_line = writer.clean(f"{report.crisis_heading}: {name}, {contact}")

            def footer() -> None:  # the emergency line at the foot of every page
                pdf.set_y(-12)
                writer.font(8)
                pdf.cell(0, 5, help_line, align="C")

            pdf.footer = footer
        pdf.add_page()
        writer.text(report.title, 18, bold=True, height=9)
        writer.text(report.subtitle, 11)
        pdf.ln(2)
        writer.text(report.intro, 10.5)
        writer.text(report.privacy, 9.5)
        if missing and report.charts:
            pdf.ln(1)
            writer.text(report.no_images, 10, bold=True)
        if report.empty:
            pdf.ln(2)
            writer.text(report.empty, 11)
        number = 0
        for part in report.parts:
            self.heading(part.heading, 14)
            for chart in part.charts:
                picture = pictures[number] if pictures else None
                number += 1
                self.chart(chart, picture)
            for block in part.blocks:
                if block.heading:
                    self.heading(block.heading, 11)
                self.bullets(block.lines)
            if not part.blocks and not part.charts and part.empty:
                writer.text(part.empty, 10)
        self.heading(report.crisis_heading, 14)
        writer.text(report.crisis_region, 10)
        for name, contact, purpose in report.crisis_lines:
            writer.text(f"{name}: {contact}. {purpose}", 10, height=5.2)
        pdf.ln(3)
        writer.text(report.disclaimer, 8)
        for title, url in report.sources:
            writer.text(f"{title}: {url}", 8, height=4.5)
        if writer.replaced:
            from dashboard.documents.pdf import MISSING_NOTE

            pdf.ln(2)
            writer.text(MISSING_NOTE, 8)
        return bytes(pdf.output())
