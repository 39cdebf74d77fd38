"""Printable worksheets: escaped, offline HTML and real PDF text, for plans and blank sheets."""

from __future__ import annotations

import re
import uuid
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path

import pytest

from dashboard.content import worksheet_library
from dashboard.documents import pdf as pdf_module
from dashboard.documents import worksheet_pdf
from dashboard.documents.html import worksheet_html
from dashboard.documents.worksheets import (
    Answer,
    Checks,
    Grid,
    blank_worksheet,
    blank_worksheets,
    file_name,
    plan_worksheet,
)
from dashboard.records import BoundaryPlan, BoundaryStatusChange

HOUSEHOLD = uuid.UUID("00000000-0000-4000-8000-00000000000a")
ATTACKS = (
    "<script>alert(1)</script>",
    "<img src=http://127.0.0.1:9/p.png onerror=alert(1)>",
    "![x](http://127.0.0.1:9/p.png)",
    "[x](javascript:alert(1))",
    '"><style>body{background:url(http://127.0.0.1:9/x)}</style>',
)
WORLD = "Ça va, Zoë? Клиника «Надежда» — Ελπίδα 💛 希望"


def plan(**overrides: object) -> BoundaryPlan:
    values = {
        "household_id": HOUSEHOLD,
        "loved_one_id": uuid.uuid4(),
        "area": "money",
        "tip_id": "money-pay-essentials",
        "boundary": "I pay the phone bill directly; I don't give cash.",
        "why_it_matters": "Cash can end up paying for ketamine.\nI still want to help.",
        "if_crossed": "I offer to pay the bill myself.",
        "how_to_say_it": "I want to help with what you need.",
        "plan_date": date(2026, 3, 1),
        "review_date": date(2026, 4, 1),
    }
    return BoundaryPlan(**{**values, **overrides})


def history(of: BoundaryPlan, *entries: tuple[int, str, str]) -> list[BoundaryStatusChange]:
    return [
        BoundaryStatusChange(
            household_id=HOUSEHOLD,
            plan_id=of.id,
            day=of.plan_date + timedelta(days=offset),
            status=status,
            note=note,
            created_at=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(seconds=i),
        )
        for i, (offset, status, note) in enumerate(entries)
    ]


# -- the family's boundary plan -------------------------------------------------------------


def test_plan_worksheet_holds_the_plan_and_its_history() -> None:
    mine = plan()
    sheet = plan_worksheet(
        mine, history(mine, (4, "tested", "Asked for cash."), (2, "kept", "")), "Jordan"
    )
    answers = {b.label: b.value for s in sheet.sections for b in s.blocks if isinstance(b, Answer)}
    assert answers["My boundary"] == mine.boundary
    assert answers["Why it matters to me"] == mine.why_it_matters
    assert answers["Date of this plan"] == "1 March 2026"
    assert answers["Date we will review it"] == "1 April 2026"
    assert answers["Names and signatures of the family members keeping this boundary"] is None
    (grid,) = [b for s in sheet.sections for b in s.blocks if isinstance(b, Grid)]
    assert grid.rows == (("3 Mar 2026", "Kept", ""), ("5 Mar 2026", "Tested", "Asked for cash."))
    assert grid.blank_rows == 4
    assert sheet.subtitle == "A boundary our family keeps while supporting Jordan"
    assert (
        "SMART Recovery Family & Friends",
        "https://www.smartrecovery.org.uk/family-friends/",
    ) in (sheet.sources)


def test_an_archived_plan_says_so_and_a_missing_review_leaves_room_to_write() -> None:
    sheet = plan_worksheet(plan(archived=True, review_date=None, tip_id=None), [])
    assert sheet.subtitle == "A boundary our family keeps (archived plan)"
    answers = {b.label: b.value for s in sheet.sections for b in s.blocks if isinstance(b, Answer)}
    assert answers["Date we will review it"] is None
    (grid,) = [b for s in sheet.sections for b in s.blocks if isinstance(b, Grid)]
    assert (grid.rows, grid.blank_rows) == ((), 8)


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_escapes_everything_the_family_typed(
    attack: str, assert_loads_nothing: Callable[[str], None]
) -> None:
    mine = plan(boundary=attack, why_it_matters=attack, how_to_say_it=attack)
    html = worksheet_html(plan_worksheet(mine, history(mine, (1, "kept", attack)), attack))
    assert html.count(escape(attack)) == 5
    if escape(attack) != attack:
        assert attack not in html
    assert_loads_nothing(html)


def test_html_keeps_line_breaks_and_every_character() -> None:
    mine = plan(why_it_matters=f"First line\n{WORLD}")
    html = worksheet_html(plan_worksheet(mine, []))
    assert f"First line\n{WORLD}" in html
    assert "white-space:pre-wrap" in html
    assert html.startswith("<!doctype html>")
    assert "<meta charset='utf-8'>" in html


# -- blank worksheets for facilitators -------------------------------------------------------


def test_every_worksheet_is_offered_blank() -> None:
    ids = [worksheet_id for worksheet_id, _ in blank_worksheets()]
    assert ids == [
        "boundary-plan",
        "pius",
        "response-log",
        "treatment-invitation",
        "sober-activities",
    ]


@pytest.mark.parametrize("worksheet_id", [w.id for w in worksheet_library().worksheets])
def test_blank_worksheets_have_no_answers_and_load_nothing(
    worksheet_id: str, assert_loads_nothing: Callable[[str], None]
) -> None:
    sheet = blank_worksheet(worksheet_id)
    blocks = [b for s in sheet.sections for b in s.blocks]
    assert blocks
    assert all(b.value is None for b in blocks if isinstance(b, Answer))
    assert all(b.rows == () and b.blank_rows > 0 for b in blocks if isinstance(b, Grid))
    assert all(not ticked for b in blocks if isinstance(b, Checks) for _, ticked in b.items)
    html = worksheet_html(sheet)
    assert_loads_nothing(html)
    assert f"<h1>{sheet.title}</h1>" in html
    assert sheet.sources


def test_invitation_sheet_lists_the_window_signs_and_a_table_of_options() -> None:
    html = worksheet_html(blank_worksheet("treatment-invitation"))
    assert "They asked about your own counselling or support group" in html
    assert "<th>Programme</th><th>Phone</th><th>Hours</th><th>Cost notes</th>" in html


@pytest.mark.parametrize(
    ("title", "suffix", "expected"),
    [
        ("My boundary plan", "", "harbor-my-boundary-plan.pdf"),
        ("My boundary plan", "<No cash!> 💶", "harbor-my-boundary-plan-no-cash.pdf"),
        ("Say it with PIUS", "../../etc/passwd", "harbor-say-it-with-pius-etc-passwd.pdf"),
    ],
)
def test_file_names_are_safe(title: str, suffix: str, expected: str) -> None:
    sheet = blank_worksheet("boundary-plan")
    sheet = type(sheet)(**{**sheet.__dict__, "title": title})
    assert file_name(sheet, "pdf", suffix) == expected


# -- PDF -------------------------------------------------------------------------------------


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S)}


def _stream(body: bytes) -> bytes:
    header, _, rest = body.partition(b"stream\n")
    length = re.search(rb"/Length (\d+)", header)
    assert length is not None
    data = rest[: int(length.group(1))]
    return zlib.decompress(data) if b"/FlateDecode" in header else data


def _literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes, with its backslash escapes undone."""
    out, i = bytearray(), 0
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(raw):
        if raw[i] == 0x5C:
            nxt = raw[i + 1]
            if nxt in escapes:
                out.append(escapes[nxt])
                i += 2
            elif 0x30 <= nxt <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4]).group(0)
                out.append(int(digits, 8))
                i += 1 + len(digits)
            else:
                out.append(nxt)
                i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF from fpdf2: glyph codes mapped back through ToUnicode."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str] | None] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", pdf):
        font = objects[int(number)]
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font)
        if to_unicode is None:
            fonts[name] = None  # a core font: Latin-1 bytes
            continue
        cmap = _stream(objects[int(to_unicode.group(1))])
        pairs = re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", cmap)
        fonts[name] = {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs}
    text = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        content = _stream(body)
        current: dict[int, str] | None = None
        token = rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj"
        for font, string in re.findall(token, content, re.S):
            if font:
                current = fonts[font]
                continue
            raw = _literal(string)
            if current is None:
                text.append(raw.decode("latin-1"))
            else:
                codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
                text.append("".join(current.get(code, "") for code in codes))
        text.append("\n")
    return " ".join(" ".join(text).split())


def test_plan_pdf_is_a_pdf_with_the_plan_in_it() -> None:
    mine = plan(boundary="I pay the phone bill directly (no cash).")
    pdf = worksheet_pdf(plan_worksheet(mine, history(mine, (2, "tested", "Asked for 40 dollars."))))
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert "My boundary plan" in text
    assert "I pay the phone bill directly (no cash)." in text
    assert "Asked for 40 dollars." in text
    assert "Date we will review it 1 April 2026" in text
    assert "Sources, reviewed" in text
    assert "http" not in re.sub(rb"stream.*?endstream", b"", pdf, flags=re.S).decode("latin-1")


def test_pdf_keeps_accents_greek_and_cyrillic_and_marks_what_it_cannot_draw() -> None:
    pdf = worksheet_pdf(plan_worksheet(plan(boundary=WORLD), []))
    text = pdf_text(pdf)
    assert "Ça va, Zoë? Клиника «Надежда» — Ελπίδα ? ??" in text
    assert pdf_module.MISSING_NOTE in text


def test_pdf_without_odd_characters_has_no_note() -> None:
    assert pdf_module.MISSING_NOTE not in pdf_text(worksheet_pdf(plan_worksheet(plan(), [])))


@pytest.mark.parametrize("attack", ATTACKS)
def test_pdf_shows_markup_as_plain_text(attack: str) -> None:
    text = pdf_text(worksheet_pdf(plan_worksheet(plan(if_crossed=attack), [])))
    assert " ".join(attack.split()) in text


@pytest.mark.parametrize("worksheet_id", [w.id for w in worksheet_library().worksheets])
def test_blank_pdfs(worksheet_id: str) -> None:
    sheet = blank_worksheet(worksheet_id)
    text = pdf_text(worksheet_pdf(sheet))
    assert sheet.title in text
    assert sheet.sections[0].heading in text


def test_without_the_font_file_the_pdf_falls_back_to_latin_1_safely(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_module, "FONT_FILES", {"": tmp_path / "none.ttf", "B": tmp_path / "b"})
    pdf_module._font_characters.cache_clear()
    try:
        pdf = worksheet_pdf(plan_worksheet(plan(boundary=f"“Quoted” {WORLD}"), []))
    finally:
        pdf_module._font_characters.cache_clear()
    text = pdf_text(pdf)
    assert '"Quoted" Ça va, Zoë? ??????? «???????» - ?????? ? ??' in text
    assert pdf_module.MISSING_NOTE in text


def test_a_long_history_flows_onto_more_pages() -> None:
    mine = plan()
    entries = [(i, "kept", f"Day {i}: kept it, calmly.") for i in range(60)]
    pdf = worksheet_pdf(plan_worksheet(mine, history(mine, *entries)))
    assert pdf.count(b"/Type /Page\n") >= 3
    text = pdf_text(pdf)
    assert "Day 0: kept it, calmly." in text
    assert "Day 59: kept it, calmly." in text
