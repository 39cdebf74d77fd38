"""What is printed or downloaded: worksheets, the session report and group handouts.

Each document is a plain model (worksheets.py) drawn by an HTML renderer (html.py) and a
PDF renderer (pdf.py). fpdf2 is imported only when a PDF is asked for, so pages that
merely offer a download start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.documents.handouts import HandoutPack
    from dashboard.documents.worksheets import Worksheet


def worksheet_pdf(sheet: Worksheet) -> bytes:
    """The worksheet as PDF bytes, built offline (fpdf2 is imported on first use)."""
    from dashboard.documents.pdf import render

    return render(sheet)


def handout_pdf(pack: HandoutPack) -> bytes:
    """A group handout pack as PDF bytes (fpdf2 is imported on first use)."""
    from dashboard.documents.handouts_pdf import render_pack

    return render_pack(pack)
