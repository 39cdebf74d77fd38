"""Draws a HandoutPack as PDF with fpdf2 and the shipped DejaVu fonts, offline.

It reuses the worksheet writer of pdf.py (fonts, missing-character marks, blank lines,
tables, check boxes) and scales every size for large print, so that no text in a
large-print pack is smaller than LARGE_PRINT_PT.
"""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from dashboard.documents.handouts import LARGE_PRINT_PT, HandoutPack
from dashboard.documents.pdf import MISSING_NOTE, _Writer
from dashboard.documents.worksheets import Answer, Grid, Worksheet
from dashboard.text import day_text

LARGE_PRINT_SCALE = 1.7


class _HandoutWriter(_Writer):
    def __init__(self, pack: HandoutPack) -> None:
        super().__init__()
        self.words = pack.wording
        large_print = pack.large_print
        self.large = large_print
        self.scale = LARGE_PRINT_SCALE if large_print else 1.0
        if large_print:
            self.pdf.set_margins(14, 14, 14)

    def size(self, size: float) -> float:
        return max(LARGE_PRINT_PT, size * self.scale) if self.large else size

    def font(self, size: float, bold: bool = False) -> None:
        super().font(self.size(size), bold)

    def text(self, text: str, size: float = 10.5, bold: bool = False, height: float = 5.5) -> None:
        factor = self.size(size) / size
        self.font(size, bold)
        self.pdf.multi_cell(
            0, height * factor, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def bullets(self, items: tuple[str, ...], size: float = 10.5) -> None:
        for item in items:
            self.text(f"•  {item}", size)
            self.pdf.ln(1)

    def worksheet(self, sheet: Worksheet) -> None:
        self.text(f"{self.words.worksheet}: {sheet.title}", 13, bold=True, height=7)
        self.text(sheet.intro, 10.5)
        for section in sheet.sections:
            self.pdf.ln(3)
            self.text(section.heading, 11.5, bold=True, height=6.5)
            if section.intro:
                self.text(section.intro, 9.5)
            for block in section.blocks:
                if isinstance(block, Answer):
                    self.answer(block)
                elif isinstance(block, Grid):
                    self.grid(block)
                else:
                    self.checks(block)

    def write_pack(self, pack: HandoutPack) -> bytes:
        pdf = self.pdf
        pdf.set_title(self.clean(pack.title))
        pdf.set_creator("Harbor")
        pdf.add_page()
        self.text(pack.title, 18, bold=True, height=9)
        self.text(pack.subtitle, 11)
        pdf.ln(2)
        self.text(pack.intro, 10.5)
        pdf.ln(2)
        self.text(
            f"{self.words.in_danger} {pack.emergency}. {self.words.more_help}",
            10.5,
            bold=True,
        )
        for session in pack.sessions:
            if pack.whole_programme:  # one session a page; a single pack's cover is its title
                pdf.add_page()
                self.text(f"Session {session.number}: {session.title}", 15, bold=True, height=8)
                self.text(session.summary, 10.5)
            pdf.ln(4)
            self.text(self.words.key_points, 13, bold=True, height=7)
            self.bullets(session.key_points)
            pdf.ln(3)
            self.text(self.words.take_home, 13, bold=True, height=7)
            self.text(session.take_home, 11, bold=True, height=6)
            pdf.ln(4)
            self.worksheet(session.worksheet)
        pdf.add_page()
        self.text(self.words.guidelines_heading, 15, bold=True, height=8)
        self.bullets(tuple(f"{title}. {text}" for title, text in pack.guidelines))
        pdf.ln(4)
        self.text(f"{self.words.help_lines_heading}: {pack.region_name}", 15, bold=True, height=8)
        for line in pack.help_lines:
            self.text(f"{line.name}: {line.contact}", 11, bold=True, height=6)
            self.text(line.purpose, 10)
            pdf.ln(1.5)
        pdf.ln(4)
        self.text(
            f"{self.words.handout_footer} Sources, reviewed "
            f"{day_text(pack.last_reviewed, long=True)}:",
            8,
        )
        for title, url in pack.sources:
            self.text(f"{title}: {url}", 8, height=4.5)
        if self.replaced:
            self.text(MISSING_NOTE, 8)
        return bytes(pdf.output())


def render_pack(pack: HandoutPack) -> bytes:
    """The pack as PDF bytes, built offline."""
    return _HandoutWriter(pack).write_pack(pack)
