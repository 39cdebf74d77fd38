"""Worksheets to print: a family's boundary plan, and blank sheets for facilitators.

One structure, two outputs: documents.html.worksheet_html() and documents.worksheet_pdf().
This model imports neither renderer, so there is no import circle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dashboard.content import (
    Source,
    WorksheetTemplate,
    boundary_tip,
    invitation_guide,
    worksheet_library,
)
from dashboard.records import BOUNDARY_STATUS_LABELS, BoundaryPlan, BoundaryStatusChange
from dashboard.text import day_text

EXTRA_BLANK_ROWS = 4


@dataclass(frozen=True)
class Answer:
    """A prompt and its answer; no answer means blank lines to write on."""

    label: str
    value: str | None
    lines: int = 2


@dataclass(frozen=True)
class Grid:
    """A table: filled rows first, then blank rows to carry on by hand."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    blank_rows: int = 0


@dataclass(frozen=True)
class Checks:
    items: tuple[tuple[str, bool], ...]


Block = Answer | Grid | Checks


@dataclass(frozen=True)
class Section:
    heading: str
    intro: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Worksheet:
    """Everything a printed sheet shows, already in plain text (no markup anywhere)."""

    id: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    sources: tuple[tuple[str, str], ...]
    last_reviewed: date
    subtitle: str = ""
    footer: str = "From Harbor, a caregiver support dashboard."


def _sources(groups: Iterable[Iterable[Source]]) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for group in groups:
        for source in group:
            seen.setdefault(str(source.url), source.title)
    return tuple((title, url) for url, title in seen.items())


def _build(
    template: WorksheetTemplate,
    values: Mapping[str, str | None],
    rows: Mapping[str, list[tuple[str, ...]]],
    ticked: set[str],
    extra_sources: Iterable[Source] = (),
    subtitle: str = "",
) -> Worksheet:
    library = worksheet_library()
    sections = []
    for part in template.sections:
        blocks: list[Block] = []
        if part.checklist_from == "window_signs":
            signs = invitation_guide().window_signs
            blocks.append(Checks(tuple((s.label, s.id in ticked) for s in signs)))
        blocks += [Answer(p.label, values.get(p.key) or None, p.lines) for p in part.fields]
        if part.table is not None:
            filled = tuple(rows.get(part.heading, []))
            blank = part.table.rows - len(filled) if not filled else EXTRA_BLANK_ROWS
            blocks.append(Grid(tuple(part.table.columns), filled, max(blank, 0)))
        sections.append(Section(part.heading, part.intro, tuple(blocks)))
    return Worksheet(
        id=template.id,
        title=template.title,
        intro=template.intro,
        sections=tuple(sections),
        sources=_sources([extra_sources, library.sources]),
        last_reviewed=library.last_reviewed,
        subtitle=subtitle,
    )


def blank_worksheet(worksheet_id: str) -> Worksheet:
    """A sheet for a group to fill in by hand: no family's data in it at all."""
    return _build(worksheet_library().get(worksheet_id), {}, {}, set())


def blank_worksheets() -> list[tuple[str, str]]:
    """(id, title) of every worksheet a facilitator can print."""
    return [(w.id, w.title) for w in worksheet_library().worksheets]


def plan_worksheet(
    plan: BoundaryPlan,
    history: Iterable[BoundaryStatusChange],
    loved_one_name: str = "",
) -> Worksheet:
    """The family's boundary agreement: their plan, how it went so far, room to go on."""
    found = boundary_tip(plan.tip_id)
    values = {
        "boundary": plan.boundary,
        "why_it_matters": plan.why_it_matters,
        "if_crossed": plan.if_crossed,
        "how_to_say_it": plan.how_to_say_it,
        "plan_date": f"{day_text(plan.plan_date, long=True)}",
        "review_date": f"{day_text(plan.review_date, long=True)}" if plan.review_date else None,
    }
    rows = [
        (f"{day_text(c.day)}", BOUNDARY_STATUS_LABELS[c.status], c.note)
        for c in sorted(history, key=lambda c: (c.day, c.created_at))
    ]
    subtitle = f"A boundary our family keeps while supporting {loved_one_name}".rstrip()
    if not loved_one_name:
        subtitle = "A boundary our family keeps"
    if plan.archived:
        subtitle += " (archived plan)"
    return _build(
        worksheet_library().get("boundary-plan"),
        values,
        {"How it went": rows},
        set(),
        extra_sources=found[1].sources if found else (),
        subtitle=subtitle,
    )


def file_name(worksheet: Worksheet, extension: str, suffix: str = "") -> str:
    """A safe, readable file name such as harbor-my-boundary-plan.pdf."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{worksheet.title} {suffix}".lower()).strip("-")
    return f"harbor-{slug}.{extension}"
