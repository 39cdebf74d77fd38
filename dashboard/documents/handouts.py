"""Handout packs for a family group: one session's, or the whole programme's.

A pack holds, for each session, its summary, key points, the take-home step and its
worksheet blank, then the group guidelines and the crisis lines of the chosen region.
One model, two outputs: handout_html() here, and documents.handout_pdf() (fpdf2, loaded
only when a PDF is asked for). Everything is Harbor's shipped content; no family's data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from dashboard.content import GroupWording, crisis_directory, curriculum
from dashboard.documents.html import WORKSHEET_STYLE, _block_html
from dashboard.documents.worksheets import Worksheet, blank_worksheet
from dashboard.text import day_text

LARGE_PRINT_PT = 18  # the smallest text in a large-print pack
NORMAL_PT = 12


class HandoutRequestError(ValueError):
    """A session number or region that does not exist; the message says which ones do."""


@dataclass(frozen=True)
class SessionHandout:
    number: int
    title: str
    summary: str
    key_points: tuple[str, ...]
    take_home: str
    worksheet: Worksheet


@dataclass(frozen=True)
class HelpLine:
    name: str
    contact: str
    purpose: str


@dataclass(frozen=True)
class HandoutPack:
    """Everything a printed pack shows, already in plain text (no markup anywhere)."""

    title: str
    subtitle: str
    intro: str
    sessions: tuple[SessionHandout, ...]
    guidelines: tuple[tuple[str, str], ...]
    region_name: str
    emergency: str
    help_lines: tuple[HelpLine, ...]
    sources: tuple[tuple[str, str], ...]
    last_reviewed: date
    wording: GroupWording
    large_print: bool = False

    @property
    def whole_programme(self) -> bool:
        return len(self.sessions) > 1


def check_region(region: str) -> str:
    """The region code as the crisis list spells it; an unknown one is refused by name."""
    regions = crisis_directory().regions
    code = region.strip().upper()
    if code not in regions:
        raise HandoutRequestError(
            f"unknown region '{region}'; choose one of {', '.join(sorted(regions))}"
        )
    return code


def session_numbers(choice: str) -> list[int]:
    """`all`, or one session number that exists."""
    numbers = [s.number for s in curriculum().sessions]
    if choice.strip().lower() == "all":
        return numbers
    if not choice.strip().isdigit() or int(choice) not in numbers:
        raise HandoutRequestError(
            f"no session '{choice}'; choose a number from {numbers[0]} to {numbers[-1]}, or all"
        )
    return [int(choice)]


def handout_pack(numbers: Sequence[int], region: str, large_print: bool = False) -> HandoutPack:
    """The pack for these sessions (all of them: the whole-programme pack)."""
    course = curriculum()
    code = check_region(region)
    lines = crisis_directory().regions[code]
    sessions = []
    seen: dict[str, str] = {}
    for number in numbers:
        session = course.session(number)
        sessions.append(
            SessionHandout(
                number=session.number,
                title=session.title,
                summary=session.summary,
                key_points=tuple(session.talk),
                take_home=session.take_home,
                worksheet=blank_worksheet(session.worksheet),
            )
        )
        for source in session.sources:
            seen.setdefault(str(source.url), source.title)
    for source in course.programme.sources:
        seen.setdefault(str(source.url), source.title)
    programme = course.programme
    whole = len(sessions) > 1
    title = programme.title if whole else f"Session {sessions[0].number}: {sessions[0].title}"
    return HandoutPack(
        title=title,
        subtitle=programme.subtitle if whole else programme.title,
        intro=programme.intro if whole else sessions[0].summary,
        sessions=tuple(sessions),
        guidelines=tuple((g.title, g.text) for g in programme.guidelines),
        region_name=lines.name,
        emergency=lines.emergency.contact,
        help_lines=tuple(HelpLine(x.name, x.contact, x.purpose) for x in lines.lines),
        sources=tuple((t, u) for u, t in seen.items()),
        last_reviewed=programme.last_reviewed,
        wording=programme.wording,
        large_print=large_print,
    )


def handout_file_name(pack: HandoutPack, extension: str) -> str:
    """A safe, readable name such as harbor-handout-session-4-large-print.pdf."""
    what = "programme" if pack.whole_programme else f"session-{pack.sessions[0].number}"
    suffix = "-large-print" if pack.large_print else ""
    return re.sub(r"[^a-z0-9.-]+", "-", f"harbor-handout-{what}{suffix}.{extension}")


# -- offline HTML --------------------------------------------------------------------------


def _list(items: Sequence[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def _worksheet_part(sheet: Worksheet, label: str) -> str:
    sections = "".join(
        f"<h4>{escape(s.heading)}</h4>"
        + (f"<p>{escape(s.intro)}</p>" if s.intro else "")
        + "".join(_block_html(block) for block in s.blocks)
        for s in sheet.sections
    )
    return f"<h3>{escape(label)}: {escape(sheet.title)}</h3><p>{escape(sheet.intro)}</p>{sections}"


def handout_html(pack: HandoutPack) -> str:
    """The pack as one offline page: no scripts, no links, no remote files; all text escaped."""
    size = LARGE_PRINT_PT if pack.large_print else NORMAL_PT
    words = pack.wording
    style = (
        WORKSHEET_STYLE
        + f"html{{font-size:{size}pt}}body{{font-size:1rem}}small{{font-size:1rem}}"
        + ".session+.session{break-before:page}.help{border:3px solid #1E2A32;padding:.2em 1em}"
        + ".take-home{border-left:6px solid #1E2A32;padding:.2em 1em;font-weight:bold}"
    )
    sessions = "".join(
        '<section class="session">'
        + (
            f"<h2>Session {s.number}: {escape(s.title)}</h2><p>{escape(s.summary)}</p>"
            if pack.whole_programme
            else ""
        )
        + f"<h3>{escape(words.key_points)}</h3>{_list(s.key_points)}"
        + f"<h3>{escape(words.take_home)}</h3>"
        + f'<p class="take-home">{escape(s.take_home)}</p>'
        + f"{_worksheet_part(s.worksheet, words.worksheet)}</section>"
        for s in pack.sessions
    )
    guidelines = "".join(
        f"<li><strong>{escape(title)}.</strong> {escape(text)}</li>"
        for title, text in pack.guidelines
    )
    lines = "".join(
        f"<li><strong>{escape(x.name)}</strong>: {escape(x.contact)}. {escape(x.purpose)}</li>"
        for x in pack.help_lines
    )
    sources = "".join(f"<li>{escape(t)}: {escape(u)}</li>" for t, u in pack.sources)
    large = " (large print)" if pack.large_print else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(pack.title)}{large}</title><style>{style}</style></head><body>"
        f"<h1>{escape(pack.title)}</h1><p class='subtitle'>{escape(pack.subtitle)}</p>"
        f"<p>{escape(pack.intro)}</p>"
        f"<p><strong>{escape(words.in_danger)} {escape(pack.emergency)}.</strong> "
        f"{escape(words.more_help)}</p>"
        f"{sessions}"
        f"<h2>{escape(words.guidelines_heading)}</h2><ul>{guidelines}</ul>"
        f'<section class="help"><h2>{escape(words.help_lines_heading)}: '
        f"{escape(pack.region_name)}</h2>"
        f"<ul>{lines}</ul></section>"
        f"<p><small>{escape(words.handout_footer)} Sources, reviewed "
        f"{day_text(pack.last_reviewed, long=True)}:</small></p><ul><small>{sources}</small></ul>"
        "</body></html>"
    )
