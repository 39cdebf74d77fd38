"""Draws a Worksheet as PDF with fpdf2, offline, with a font shipped in dashboard/documents/fonts.

A character the font cannot draw (an emoji, say) is replaced by a visible mark and the
PDF says so, instead of failing or silently dropping the family's words.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.documents.worksheets import Answer, Checks, Grid, Worksheet
from dashboard.text import day_text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {"": FONT_DIR / "DejaVuSans.ttf", "B": FONT_DIR / "DejaVuSans-Bold.ttf"}
MISSING_MARK = "?"
MISSING_NOTE = (
    "Some characters (such as emoji) cannot be shown in this PDF and appear as '?'. "
    "The HTML copy shows every character."
)


# -- PDF ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font_characters() -> frozenset[int]:
    """Every character the shipped font can draw (empty if the font is missing)."""
    if not all(path.exists() for path in FONT_FILES.values()):
        return frozenset()
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_FILES[""]), lazy=True) as font:
        return frozenset(font.getBestCmap())


# Used only when the font file is missing: the PDF core fonts know Latin-1 alone.
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."})


class _Writer:
    """Draws a Worksheet onto an fpdf2 page, keeping note of characters it replaced.

    `scale` grows every line, row and box (large-print handouts set it; worksheets keep 1).
    """

    scale: float = 1.0

    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 16, 18)
        self.pdf.set_auto_page_break(True, margin=16)
        self.characters = _font_characters()
        self.replaced = False
        if self.characters:
            for style, path in FONT_FILES.items():
                self.pdf.add_font("HarborSans", style, str(path))
            self.family = "HarborSans"
        else:
            self.family = "helvetica"

    def clean(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", "    "))
        if self.characters:
            allowed = self.characters
            out = "".join(c if ord(c) in allowed or c == "\n" else MISSING_MARK for c in text)
        else:
            text = text.translate(_PLAIN)
            out = text.encode("latin-1", "replace").decode("latin-1")
        self.replaced = self.replaced or out != text
        return out

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def text(self, text: str, size: float = 10.5, bold: bool = False, height: float = 5.5) -> None:
        self.font(size, bold)
        self.pdf.multi_cell(
            0, height, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def writing_lines(self, count: int) -> None:
        width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin
        self.pdf.set_draw_color(150, 150, 150)
        for _ in range(count):
            self.pdf.ln(8 * self.scale)
            y = self.pdf.get_y()
            self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + width, y)
        self.pdf.ln(3)

    def answer(self, block: Answer) -> None:
        self.text(block.label, 10, bold=True)
        if block.value is None:
            self.writing_lines(block.lines)
        else:
            self.text(block.value, 11, height=6)
            self.pdf.ln(2)

    def grid(self, block: Grid) -> None:
        self.font(9.5)
        self.pdf.set_draw_color(120, 120, 120)
        blank = tuple("" for _ in block.columns)
        headings = FontFace(emphasis="BOLD", fill_color=(235, 240, 243))
        with self.pdf.table(
            line_height=7 * self.scale, text_align="LEFT", headings_style=headings
        ) as table:
            header = table.row()
            for column in block.columns:
                header.cell(self.clean(column))
            for values in (*block.rows, *([blank] * block.blank_rows)):
                row = table.row()
                for value in values:
                    row.cell(self.clean(value))
        self.pdf.ln(3)

    def checks(self, block: Checks) -> None:
        self.font(10.5)
        box = 4 * self.scale
        for label, ticked in block.items:
            x, y = self.pdf.get_x(), self.pdf.get_y()
            self.pdf.rect(x, y + 1, box, box)
            if ticked:
                self.pdf.line(x + 0.8, y + 3, x + 1.8, y + 4.5)
                self.pdf.line(x + 1.8, y + 4.5, x + 3.5, y + 1.5)
            self.pdf.set_x(x + box + 3)
            self.pdf.multi_cell(
                0,
                6 * self.scale,
                self.clean(label),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        self.pdf.ln(2)

    def write(self, sheet: Worksheet) -> bytes:
        pdf = self.pdf
        pdf.set_title(self.clean(sheet.title))
        pdf.set_creator("Harbor")
        pdf.add_page()
        self.text(sheet.title, 18, bold=True, height=9)
        if sheet.subtitle:
            self.text(sheet.subtitle, 11)
        pdf.ln(2)
        self.text(sheet.intro, 10.5)
        for section in sheet.sections:
            pdf.ln(4)
            self.text(section.heading, 13, bold=True, height=7)
            if section.intro:
                self.text(section.intro, 9.5)
            pdf.ln(1)
            for block in section.blocks:
                if isinstance(block, Answer):
                    self.answer(block)
                elif isinstance(block, Grid):
                    self.grid(block)
                else:
                    self.checks(block)
        pdf.ln(4)
        self.text(
            f"{sheet.footer} Sources, reviewed {day_text(sheet.last_reviewed, long=True)}:", 8
        )
        for title, url in sheet.sources:
            self.text(f"{title}: {url}", 8, height=4.5)
        if self.replaced:
            pdf.ln(2)
            self.text(MISSING_NOTE, 8)
        return bytes(pdf.output())


def render(sheet: Worksheet) -> bytes:
    """The worksheet as PDF bytes, built offline."""
    return _Writer().write(sheet)
