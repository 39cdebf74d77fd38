"""Printable, self-contained HTML handouts: no scripts, no remote files, works offline."""

from __future__ import annotations

from html import escape

from dashboard.content import ProgrammeQuestions
from dashboard.documents.worksheets import Answer, Checks, Grid, Worksheet
from dashboard.text import day_text

PAGE_STYLE = (
    "body{font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.5;color:#1E2A32}"
    "li{margin:.6em 0;list-style:none}.box{display:inline-block;width:1em;height:1em;"
    "border:2px solid #1E2A32;margin-right:.6em;vertical-align:middle}"
    ".answer{border-bottom:1px solid #999;height:2em;margin-left:1.6em}"
    "small{color:#555}"
)


def questions_checklist_html(questions: ProgrammeQuestions, ticked: set[str]) -> str:
    """The programme questions as a printable page, with space to write the answers."""
    items = "".join(
        f'<li><span class="box">{"&#10003;" if q.id in ticked else ""}</span>'
        f'{escape(q.text)}<div class="answer"></div></li>'
        for q in questions.questions
    )
    sources = "".join(
        f"<li>{escape(s.title)}: {escape(str(s.url))}</li>" for s in questions.sources
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(questions.title)}</title><style>{PAGE_STYLE}</style></head><body>"
        f"<h1>{escape(questions.title)}</h1><p>{escape(questions.intro)}</p>"
        f"<p>Programme name: ____________________ Phone: ______________</p><ul>{items}</ul>"
        f"<p><small>From Harbor. Sources, reviewed "
        f"{day_text(questions.last_reviewed, long=True)}:</small></p>"
        f"<ul><small>{sources}</small></ul></body></html>"
    )


# -- worksheets (boundary plan, PIUS, response log, invitation, activities) -------------

WORKSHEET_STYLE = (
    "body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em;"
    "line-height:1.5;color:#1E2A32}h1{margin-bottom:.2em}h2{margin-top:1.6em}"
    ".subtitle{color:#3A4A55;margin-top:0}.label{font-weight:bold;margin:1em 0 .2em}"
    ".value{white-space:pre-wrap;margin:0 0 .6em}"
    ".line{border-bottom:1px solid #999;height:2em}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #777;padding:.3em .5em;"
    "text-align:left;vertical-align:top;white-space:pre-wrap}th{background:#EBF0F3}"
    "td{height:1.8em}ul.checks{padding:0}ul.checks li{list-style:none;margin:.4em 0}"
    ".box{display:inline-block;width:1em;height:1em;border:2px solid #1E2A32;"
    "margin-right:.6em;vertical-align:middle;text-align:center;line-height:1em}"
    "small{color:#555}@media print{body{margin:0 auto}h2{break-after:avoid}}"
)


def _block_html(block: Answer | Grid | Checks) -> str:
    if isinstance(block, Answer):
        label = f'<p class="label">{escape(block.label)}</p>'
        if block.value is None:
            return label + '<div class="line"></div>' * block.lines
        return label + f'<p class="value">{escape(block.value)}</p>'
    if isinstance(block, Grid):
        head = "".join(f"<th>{escape(c)}</th>" for c in block.columns)
        filled = "".join(
            "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in block.rows
        )
        blank = ("<tr>" + "<td></td>" * len(block.columns) + "</tr>") * block.blank_rows
        return f"<table><thead><tr>{head}</tr></thead><tbody>{filled}{blank}</tbody></table>"
    items = "".join(
        f'<li><span class="box">{"&#10003;" if ticked else ""}</span>{escape(label)}</li>'
        for label, ticked in block.items
    )
    return f'<ul class="checks">{items}</ul>'


def worksheet_html(sheet: Worksheet) -> str:
    """A worksheet as one offline HTML page. Every piece of text is escaped."""
    sections = "".join(
        f"<h2>{escape(s.heading)}</h2>"
        + (f"<p>{escape(s.intro)}</p>" if s.intro else "")
        + "".join(_block_html(block) for block in s.blocks)
        for s in sheet.sections
    )
    subtitle = f'<p class="subtitle">{escape(sheet.subtitle)}</p>' if sheet.subtitle else ""
    sources = "".join(f"<li>{escape(title)}: {escape(url)}</li>" for title, url in sheet.sources)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(sheet.title)}</title><style>{WORKSHEET_STYLE}</style></head><body>"
        f"<h1>{escape(sheet.title)}</h1>{subtitle}<p>{escape(sheet.intro)}</p>{sections}"
        f"<p><small>{escape(sheet.footer)} Sources, reviewed "
        f"{day_text(sheet.last_reviewed, long=True)}:</small></p><ul><small>{sources}</small></ul>"
        "</body></html>"
    )
