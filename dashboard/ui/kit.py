"""What every page shares: saving with feedback, the message after a rerun, asking before
a destructive step and offering undo, the "someone changed this" banner, sources, the
section picker, expanders drawn once opened, charts with their summaries, and PDF downloads.

User text is only ever shown with st.text, in tables, or made inert before Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Literal

import streamlit as st
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dashboard.config import load_settings, safety_copies_dir
from dashboard.content import (
    LearnModule,
    Source,
    module_by_id,
)
from dashboard.records import (
    RECORD_BY_TABLE,
    WIN_CATEGORY_LABELS,
    Record,
    RecordInvalid,
    today_in,
)
from dashboard.store import BUSY_MESSAGE, NotFound, StoreBusy, StoreError
from dashboard.text import day_text
from dashboard.ui.setup import HOME_PAGE, PageContext, choose_household, on_phone

if TYPE_CHECKING:  # pandas and the rules load only on the pages that need them
    import pandas as pd

    from dashboard.rules.wins import Win

FLASH_KEY = "harbor_flash"
RESET_KEY = "harbor_form_resets"
# The width charts are laid out for on a phone (390 px screens and up to this).
PHONE_WIDTH = 390
# Streamlit forgets a widget's value on any run that does not draw it: a section switched
# away (section_picker, the Log's choice of form) takes the words typed in it along. Every
# keyed box a person types into in a section is drawn with persist_state=KEEP_TYPED, so its
# words are there again when the section is shown, until the form saves (flash's `clear` and
# `forget` empty it) or the person clears it. Kept in this session's memory only, and only
# while the person stays on the page. Words typed into an st.form reach the app only once it
# is submitted: until then they live in the browser, which drops them with the form.
KEEP_TYPED: Literal["page"] = "page"


# What Streamlit's Markdown would act on, and how inert() stops it (a backslash before an
# ASCII punctuation character makes it plain in CommonMark):
# - always: \\ escapes; * _ ~ emphasis and strikethrough; $ LaTeX; [ ] ! links and images;
#   < > & HTML, autolinks and entities; ` code; | tables; { } attributes;
# - a colon followed by a letter: emoji shortcodes (:smile:) and colour directives (:red[…]);
# - at the start of a line: headings, quotes, lists and rules (# > - + = 1.).
# An underscore inside a word (display_name) is plain already, so it is left as it is.
# Bare links (http://…, www.…, name@host.org) are found in the text after escapes are read,
# so no backslash stops them: an invisible word joiner (U+2060) after "://", "www" and "@"
# breaks the pattern, and the words still read the same.
_ALWAYS_ESCAPED = re.compile(r"[\\*~$\[\]!<>&`|{}@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_COLON_BEFORE_TEXT = re.compile(r":(?=\S)")
_BARE_LINK = re.compile(r"(?<=://)|(?i:(?<=www))(?=\.)|(?<=@)")
WORD_JOINER = "\u2060"
_LINE_START = re.compile(r"(?m)^(\s*)([#>+=-]|\d+(?=[.)]))")
# Streamlit loads its emoji shortcodes when the raw text holds ":word:" anywhere, even with
# a backslash before the first colon, so the closing colon gets one too.
_SHORTCODE = re.compile(r":[\w+-]+:")


def inert(text: str) -> str:
    """Text that may quote a person's input, made plain inside a Markdown element.

    Markdown, LaTeX, links, HTML, emoji shortcodes and colour directives all show as the
    characters typed: each character that would start one gets a backslash, and a bare
    link an invisible word joiner.
    """
    text = _BARE_LINK.sub(WORD_JOINER, text)
    text = _ALWAYS_ESCAPED.sub(lambda found: "\\" + found.group(), text)
    text = _COLON_BEFORE_TEXT.sub(r"\:", text)
    while (shortcode := _SHORTCODE.search(text)) is not None:
        closing = shortcode.end() - 1
        text = text[:closing] + "\\" + text[closing:]
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(found: re.Match[str]) -> str:
    indent, mark = found.group(1), found.group(2)
    if mark.isdigit():  # "1. " or "1) " would start a list: escape the dot or bracket
        return indent + mark + "\\"
    return indent + "\\" + mark


def show_problem(message: str) -> None:
    st.error(inert(message))


def show_busy() -> None:
    """The database is locked by another save, or out of reach: calm words, nothing lost."""
    st.warning(BUSY_MESSAGE, icon="⏳")


def empty_state(message: str, page: str | None = None, label: str | None = None) -> None:
    """Say what is missing and offer the next step."""
    st.info(message)
    if page and label:
        st.page_link(page, label=label)


def needs_family(context: PageContext) -> bool:
    """True when the page can go on; otherwise shows how to start and returns False."""
    if context.has_family:
        return True
    if context.records_unavailable:  # the calm note is at the top; say what this page needs
        empty_state("This page shows your family's records. It will work again once they open.")
        return False
    empty_state(
        "Harbor has no family set up yet. Create your family's space, or explore the demo "
        "family, on the Home page.",
        HOME_PAGE,
        "Go to Home to get started",
    )
    return False


def show_sources(sources: Iterable[Source], last_reviewed: date | None = None) -> None:
    """Harbor's own citations (never user text), with the date they were last checked."""
    if last_reviewed is not None:
        st.caption(f"Last reviewed {day_text(last_reviewed, long=True)}")
    for source in sources:
        st.markdown(f"- [{source.title}]({source.url})")


def sources_expander(
    sources: Iterable[Source], last_reviewed: date | None = None, label: str = "Sources"
) -> None:
    """Every guide cites its sources, folded away under the text."""
    with st.expander(label):
        show_sources(sources, last_reviewed)


def show_module(module: LearnModule) -> None:
    """Harbor's own reviewed content: safe to render as Markdown."""
    st.caption(f"{module.reading_minutes} min read · {module.summary}")
    st.markdown(module.body)
    sources_expander(module.sources, module.last_reviewed)


def show_table(frame: pd.DataFrame, columns: dict[str, str]) -> None:
    """A read-only table; cells are plain text, never Markdown or HTML."""
    view = frame[list(columns)].rename(columns=columns)
    st.dataframe(view, hide_index=True, width="stretch")


def save_with_feedback(action: Callable[[], object], success: str) -> bool:
    """Run a save; show a confirmation, or the validation message, and never crash.

    A busy or unreachable database says so calmly; the form keeps what was typed.
    """
    refused = refusal(action)
    if refused is not None:
        refused()
        return False
    confirm(success)
    return True


def refusal(action: Callable[[], object]) -> Callable[[], None] | None:
    """Run a save; None once it is made, else what to show in its place, wherever the form
    that asked wants it (a busy database, or what is wrong with the entry)."""
    try:
        action()
    except (StoreBusy, OperationalError, PoolTimeout):
        return show_busy
    except (RecordInvalid, StoreError) as exc:
        message = str(exc)
        return lambda: show_problem(message)
    return None


def confirm(success: str) -> None:
    st.toast(success)
    st.success(success)


def friendly(message: str, labels: dict[str, str]) -> str:
    """Name fields by their labels on the form: "field 'Why it matters to me'"."""
    for field, label in labels.items():
        message = message.replace(f"field '{field}'", f"field '{label}'")
    return message


def save(action: Callable[[], object], labels: dict[str, str]) -> bool:
    """Run a save; on a refusal show the message at the form, and save nothing."""
    try:
        action()
    except (StoreBusy, OperationalError, PoolTimeout):
        show_busy()
        return False
    except (RecordInvalid, StoreError) as exc:
        show_problem(friendly(str(exc), labels))
        return False
    return True


def flash(
    message: str,
    key: str = FLASH_KEY,
    clear: tuple[str, ...] = (),
    forget: tuple[str, ...] = (),
) -> None:
    """Confirm on the next run (st.rerun clears what was shown before it).

    Only a saved form is emptied: `clear` names its text boxes (set back to "" on the next
    run, before they are drawn, so the browser shows them empty too) and `forget` its
    other widgets. A refused form keeps every word the person typed.
    """
    for widget in forget:
        st.session_state.pop(widget, None)
    st.session_state[RESET_KEY] = [*st.session_state.get(RESET_KEY, []), *clear]
    st.session_state[key] = message
    st.rerun()


def show_flash(key: str = FLASH_KEY) -> None:
    """Call first in a section: empties the text boxes of a form just saved, then confirms."""
    for widget in st.session_state.pop(RESET_KEY, []):
        st.session_state[widget] = ""
    slot = st.container()  # always there, so the widgets below keep their place (and state)
    if message := st.session_state.pop(key, None):
        slot.success(message)
        st.toast(message)


SHARE_LABEL = "Share this note in session reports"
SHARE_HELP = (
    "Notes stay private unless you tick this. A ticked note can appear in the report you "
    "download for a therapy session."
)


def share_box(value: bool = False, key: str | None = None) -> bool:
    """The "share in reports" tick beside a note: off unless the family chooses it."""
    keep = KEEP_TYPED if key is not None else None
    return st.checkbox(SHARE_LABEL, value=value, key=key, help=SHARE_HELP, persist_state=keep)


def limit(chars: int) -> str:
    """Say the limit; never cut text short in the browser (a paste would lose words)."""
    return f"Up to {chars:,} characters."


def today(context: PageContext) -> date:
    return today_in(context.loved_one.timezone)


@contextmanager
def lazy_expander(label: str, key: str, expanded: bool = False) -> Iterator[bool]:
    """An expander whose contents cost a rerun nothing until it is first opened.

    Yields whether to draw them. Opening it reruns the page (Streamlit tracks its state under
    `key`); from then on its contents are drawn even while it is closed again, so a form
    half filled in and then folded away keeps what was typed, as an ordinary expander does.
    """
    opened_key = f"{key}_opened"
    with st.expander(label, expanded=expanded, key=key, on_change="rerun") as box:
        if box.open:
            st.session_state[opened_key] = True
        yield bool(st.session_state.get(opened_key))


def audit_export(context: PageContext, detail: str) -> None:
    """Hosted mode: a download of the family's data goes in the family's audit list, with
    what it was (`detail`: a kind and dates, never any text the family typed). At home there
    is no audit, and this does nothing.

    Written through the household's own scope: an invited therapist's read-only store refuses
    every write, yet their downloads belong in the family's list too.
    """
    if context.person is None or context.household is None or context.store is None:
        return
    from dashboard import access

    access.audit(
        context.store.scoped(context.household.id),
        context.household.id,
        context.person.actor,
        "export",
        detail,
    )


def _on_download(context: PageContext | None, detail: str | None):
    """What a download button does when clicked: audited in hosted mode, else nothing."""
    if context is None or detail is None or context.person is None:
        return "ignore"
    return lambda: audit_export(context, detail)


def family_download(
    context: PageContext,
    detail: str,
    label: str,
    data: bytes,
    file_name: str,
    mime: str,
    key: str,
) -> None:
    """st.download_button for a file of the family's data; each download is audited when
    hosted (see audit_export). Shipped content needs none of this: use st.download_button."""
    st.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click=_on_download(context, detail),
    )


def pdf_download(
    label: str,
    key: str,
    signature: str,
    build: Callable[[], bytes],
    name: str,
    context: PageContext | None = None,
    detail: str | None = None,
) -> None:
    """Build a PDF on request (with a spinner), then offer it; rebuilt when the data changes.

    With `context` and `detail`, the PDF holds family data: its download is audited when
    hosted (see audit_export).
    """
    ready = st.session_state.get(key)
    stale = ready is None or ready[0] != signature
    if stale and st.button(f"Make a PDF of {label}", key=f"{key}_make"):
        with st.spinner("Building the PDF…"):
            ready = st.session_state[key] = (signature, build())
    if ready is not None and ready[0] == signature:
        st.download_button(
            f"Download {label} (PDF)",
            data=ready[1],
            file_name=name,
            mime="application/pdf",
            key=f"{key}_download",
            on_click=_on_download(context, detail),
        )


CHART_SUMMARY_NOTE = "Its summary in words is the text directly below this chart."


def chart(figure: dict, key: str, alt: str) -> None:
    """Draw a cached figure dict in the theme's colours, encoded once rather than per rerun.

    The dict came from a validated go.Figure (to_plotly_json). Rebuilding and re-encoding it
    on every rerun, as st.plotly_chart does, cost most of a chart page's rerun (about 15 ms
    for the session report's five charts): charts.encoded() does it once per figure and
    theme. Call st.text(summary) right after: the chart's accessible name says its summary
    follows.
    """
    from dashboard.charts import CONFIG, encoded  # only pages that draw a chart pay for plotly

    st.plotly_chart(
        encoded(figure, theme_type()),
        key=key,
        config=CONFIG,
        alt=f"{alt}. {CHART_SUMMARY_NOTE}",
        theme=None,
    )


def theme_type() -> str:
    """ "dark" when the browser shows the dark theme (it follows the device), else "light"."""
    return "dark" if st.context.theme.type == "dark" else "light"


def screen_width() -> int | None:
    """The browser window's width in px when a phone/laptop choice is needed, if known.

    Streamlit 1.67 does not tell the server the window's width, so Harbor uses the
    browser's User-Agent: a phone or tablet says "Mobi". None means a laptop.
    """
    return PHONE_WIDTH if on_phone() else None


def range_picker(key: str) -> str:
    """The date range, as one row of choices (3 months unless the person picks another)."""
    from dashboard.rules.timeline import DEFAULT_PRESET, RANGE_PRESETS

    presets = list(RANGE_PRESETS)
    choice = st.radio(
        "Date range",
        presets,
        index=presets.index(DEFAULT_PRESET),
        format_func=RANGE_PRESETS.__getitem__,
        horizontal=True,
        key=key,
    )
    return choice or DEFAULT_PRESET


def show_win(win: Win) -> None:
    """One win: when, what kind, and why. Its words are shown as typed, never as Markdown."""
    with st.container(border=True):
        origin = "Logged" if win.source == "logged" else "Found by Harbor"
        st.caption(
            f"{day_text(win.day, weekday=True)} · "
            f"{WIN_CATEGORY_LABELS.get(win.category, 'Other')} · {origin}"
        )
        st.text(win.text)
        st.text(win.why)


def topic_guides(module_ids: list[str]) -> None:
    for module_id in module_ids:
        module = module_by_id(module_id)
        if module is None:
            continue
        with st.expander(module.title):
            show_module(module)


def restore_from_backup(context: PageContext, key: str = "restore") -> None:
    """Check a backup file, show what it adds, and import it after a confirmation.

    In Settings, a file may only add to the family that is open; on the first screen (no
    family yet) it must hold exactly one family that is not here yet. Anything else is
    refused as a whole, and nothing is written.
    """
    upload = st.file_uploader(
        "Harbor backup file (.json)",
        type=["json"],
        key=f"{key}_file",
        help="The file you downloaded from Settings → Back up. Nothing leaves this computer.",
    )
    if upload is None:
        st.caption(
            "Choose a backup file. Harbor checks it and shows what it holds before anything "
            "is written."
        )
        return
    # Imported once a file is chosen: the first screen (onboarding) starts faster without it.
    from dashboard.backup import (
        MAX_BACKUP_BYTES,
        MAX_BACKUP_MB,
        ImportRejected,
        ImportScope,
        apply_import,
        parse_backup,
        plan_import,
    )

    opened = context.household
    scope = ImportScope.into(opened.id) if opened is not None else ImportScope.new_family()
    try:
        if upload.size > MAX_BACKUP_BYTES:
            raise ImportRejected(
                f"{upload.name} is larger than {MAX_BACKUP_MB} MB, more than any Harbor backup"
            )
        with st.spinner("Checking the file…"):
            raw = upload.getvalue()
            plan = plan_import(context.store, parse_backup(raw, source=upload.name), scope)
    except ImportRejected as exc:
        show_problem(f"This file cannot be imported, and nothing was changed. {exc}")
        return
    import pandas as pd

    preview = pd.DataFrame(
        {
            "Records": [RECORD_BY_TABLE[table].label for table in plan.in_file],
            "In the file": list(plan.in_file.values()),
            "New here": list(plan.new.values()),
        }
    )
    st.dataframe(preview, hide_index=True, width="stretch")
    if plan.total_new == 0:
        st.info("Everything in this file is already here, so there is nothing to import.")
        return
    st.write(
        f"Importing adds {plan.total_new} records and changes none of the ones you have. "
        "A copy of the database is kept first, in case you change your mind."
    )
    if st.button(f"Import {plan.total_new} new records", type="primary", key=f"{key}_confirm"):
        try:
            with st.spinner("Importing…"):
                apply_import(
                    context.store, plan, backup_dir=safety_copies_dir(load_settings().data_dir)
                )
        except ImportRejected as exc:
            show_problem(f"Nothing was imported. {exc}")
            return
        st.success(f"Imported {plan.total_new} records.")
        if plan.safety_copy:
            st.text(f"The database as it was before is saved at {plan.safety_copy}")
        if opened is None:
            households = [r for r in plan.records if type(r).table == "households"]
            if households:
                choose_household(households[0].id)
                st.page_link(HOME_PAGE, label="Open my family's space")


def section_picker(sections: tuple[str, ...], key: str) -> str:
    """One row of choices that shows one part of a long page at a time."""
    return (
        st.segmented_control("Show", sections, default=sections[0], key=key, required=True)
        or sections[0]
    )


def ask_first(
    key: str,
    item_id: object,
    ask: str,
    question: str,
    yes: str,
    keys: tuple[str, str, str],
    details: str | None = None,
) -> bool:
    """A destructive step asks first; True once the person said yes.

    keys: the widget keys of the first button, of "yes" and of "no".
    """
    ask_key, yes_key, no_key = keys
    if st.session_state.get(key) != item_id:
        if st.button(ask, key=ask_key):
            st.session_state[key] = item_id
            st.rerun()
        return False
    st.warning(question)
    if details is not None:
        st.text(details)
    left, right = st.columns(2)
    if left.button(yes, type="primary", key=yes_key):
        st.session_state.pop(key, None)
        return True
    if right.button("No, keep it", key=no_key):
        st.session_state.pop(key, None)
        st.rerun()
    return False


def undo_offered(pending_key: str, label: str, keys: tuple[str, str]) -> bool:
    """After a destructive step: True when the person asks to undo it; "OK" dismisses."""
    undo_key, dismiss_key = keys
    keep, undo = st.columns(2)
    if undo.button(label, type="primary", key=undo_key):
        return True
    if keep.button("OK", key=dismiss_key):
        st.session_state.pop(pending_key, None)
        st.rerun()
    return False


def changed_meanwhile(
    changed: bool, what: str = "entry", key: str | None = None, in_form: bool = False
) -> bool:
    """The conflict banner: True when the person asks to load the latest version.

    `in_form`: drawn inside an st.form, whose button then submits the form, so the page
    learns what was typed in it (and can keep it) before the latest version replaces it.
    """
    if not changed:
        return False
    st.warning(
        f"Someone changed this {what} after you opened it. Load the latest version "
        "before you edit it, so neither change is lost."
    )
    button = st.form_submit_button if in_form else st.button
    return button("Load the latest version", key=key)


def pius_feedback(text: str, key: str) -> None:
    """Which PIUS parts a draft has, and gentle suggestions. A writing helper, no score."""
    from dashboard.rules.pius import check_message  # only the pages that check words load it

    check = check_message(text)
    if check.is_empty:
        st.caption("Harbor will show which parts of PIUS your words have as you write.")
        return
    with st.container(border=True, key=f"{key}_pius"):
        st.markdown("**What your words have so far**")
        for part in check.parts:
            if part.present:
                st.text(f"✓ {part.label}: “{part.found}”")
            else:
                st.text(f"○ {part.label}: {part.tip}")
        for flag in check.flags:
            st.warning(flag.suggestion)
            st.text(f"Words that prompted this: {flag.found}")
        st.caption(
            "This is a writing helper, not a judgement. You know your family best; use what helps."
        )


def delete_for_undo(
    context: PageContext,
    record: Record,
    undo_key: str,
    flash_key: str = FLASH_KEY,
    forget: tuple[str, ...] = (),
) -> None:
    """Delete a record its owner confirmed, and keep it in the session so it can be put back."""
    try:
        deleted = context.household.delete(type(record), record.id, by=context.member_id)
    except NotFound as exc:
        show_problem(str(exc))
        return
    for key in forget:
        st.session_state.pop(key, None)
    st.session_state[undo_key] = deleted
    flash("Deleted from the log.", flash_key)


def offer_undo_delete(
    context: PageContext,
    undo_key: str,
    describe: Callable[[Record], str],
    keys: tuple[str, str],
    flash_key: str = FLASH_KEY,
) -> None:
    """After a delete: what went, and "Undo delete" to put it back exactly as it was."""
    deleted: Record | None = st.session_state.get(undo_key)
    if deleted is None or deleted.household_id != context.household.id:
        return
    with st.container(border=True):
        st.text(describe(deleted))
        if undo_offered(undo_key, "Undo delete", keys) and save(
            lambda: context.household.restore(deleted), {}
        ):
            st.session_state.pop(undo_key, None)
            flash("Put back in the log, exactly as it was.", flash_key)
