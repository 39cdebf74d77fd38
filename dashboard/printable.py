"""Printable, self-contained HTML handouts: no scripts, no remote files, works offline."""

from __future__ import annotations

from html import escape

from dashboard.content import ProgrammeQuestions

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
        f"<p><small>From Harbor. Sources, reviewed {questions.last_reviewed:%d %B %Y}:</small></p>"
        f"<ul><small>{sources}</small></ul></body></html>"
    )
