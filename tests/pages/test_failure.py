"""When the database fails, help survives: every page keeps its crisis lines.

The database is unreachable (a URL nothing answers), truncated (half a harbor.db) or locked
(another connection holds an exclusive lock). Get help now, Learn and Facilitator then work
in full; pages that show the family's records say calmly that they can't be opened. No page
shows an error, a stack trace or anything the family logged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.demo import load_demo
from dashboard.store import NewFamily, Store

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "pages").glob("*.py"))
ALL_PAGES = [None, *PAGES]
HELP = "pages/11_Get_help_now.py"
LEARN = "pages/01_Learn.py"
FACILITATOR = "pages/10_Facilitator.py"
RECORD_PAGES = [
    p for p in PAGES if any(n in p for n in ("Log", "Timeline", "Wins", "Self_care", "Summary"))
]
UNREACHABLE_URL = "postgresql+psycopg://nobody@127.0.0.1:9/none"
NOTE = "Your family's records can't be opened right now."
PAGE_NOTE = "This page shows your family's records."
# What an error page could give away: the error, where the database is, how it failed.
DETAILS = (
    "Traceback",
    "OperationalError",
    "DatabaseError",
    "sqlite",
    "psycopg",
    "127.0.0.1",
    "harbor.db",
    "database is locked",
)


def shown(at: AppTest) -> str:
    """Every piece of text on the page (main area and sidebar), labels included."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "text")
    kinds += ("info", "warning", "error", "success", "exception")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [str(e.label) for e in [*at.button, *at.text_input, *at.selectbox, *at.expander]]
    parts += [e.proto.label for e in [*at.get("page_link"), *at.sidebar.get("page_link")]]
    return "\n".join(parts)


@pytest.fixture
def unreachable(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """HARBOR_DATABASE_URL names a server that is not there. Nothing is stored to leak."""
    monkeypatch.setenv("HARBOR_DATABASE_URL", UNREACHABLE_URL)
    return ()


@pytest.fixture
def truncated(data_dir: Path, open_store: Callable[[Any], Store]) -> tuple[str, ...]:
    """The demo family's harbor.db, cut to half its size. Returns names that must not show."""
    store = open_store(data_dir)
    household, _ = load_demo(store)
    names = (household.info().name, *(p.display_name for p in household.loved_ones()))
    store.engine.dispose()
    database = data_dir / "harbor.db"
    with database.open("r+b") as file:
        file.truncate(database.stat().st_size // 2)
    return names


@pytest.fixture(params=["unreachable", "truncated"])
def broken(request: pytest.FixtureRequest) -> tuple[str, ...]:
    """The database fails one way or the other; returns what the family stored, if any."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def locked(data_dir: Path, open_store: Callable[[Any], Store]) -> Iterator[None]:
    """A family's database that another connection holds with an exclusive lock."""
    store = open_store(data_dir)
    store.create_family(NewFamily("The Locked family", "Sam", "Alex"))
    store.engine.dispose()
    holder = sqlite3.connect(data_dir / "harbor.db", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("SELECT count(*) FROM households").fetchall()
    yield
    holder.execute("ROLLBACK")
    holder.close()


# -- every page -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_keeps_the_crisis_lines_and_says_records_are_unavailable(
    broken: tuple[str, ...],
    page: str | None,
    app: Callable[..., AppTest],
    crisis_bar: Callable[[AppTest], str],
) -> None:
    at = app(page).run()
    assert not at.exception
    assert "call 911" in crisis_bar(at), "the default region, since the family's is unknown"
    assert "988" in crisis_bar(at)
    assert [i.value for i in at.info if NOTE in i.value], "a calm note, once"
    text = shown(at)
    for detail in (*DETAILS, *broken):
        assert detail not in text


@pytest.mark.parametrize("page", RECORD_PAGES)
def test_pages_of_the_familys_records_show_the_note_instead_of_an_error(
    broken: tuple[str, ...], page: str, app: Callable[..., AppTest]
) -> None:
    at = app(page).run()
    assert not at.exception and not at.error
    assert any(PAGE_NOTE in i.value for i in at.info)


# -- what works in full ---------------------------------------------------------------------


def test_get_help_now_works_in_full(broken: tuple[str, ...], app: Callable[..., AppTest]) -> None:
    at = app(HELP).run()
    assert [t.value for t in at.title] == ["Get help now"]
    assert "call 911" in at.error[0].value, "the emergency call-out"
    assert [s.value for s in at.subheader][-1] == "Help lines: United States"
    markdown = " ".join(m.value for m in at.markdown)
    for number in ("988", "1-800-662-4357", "1-800-222-1222", "text HOME to 741741", "call 999"):
        assert number in markdown
    assert "While you wait for help" in [s.value for s in at.subheader]


def test_learn_works_in_full(
    broken: tuple[str, ...],
    app: Callable[..., AppTest],
    by_label: Callable[[Any, str], Any],
    submit: Callable[[AppTest, str], AppTest],
) -> None:
    at = submit(app(LEARN).run(), "What ketamine is")
    assert [h.value for h in at.header] == ["What ketamine is"]
    at = submit(at, "Next in the path")
    assert at.header[0].value != "What ketamine is"
    at = submit(at, "← All guides")
    by_label(at.text_input, "Search").input("hydronephrosis")
    at = at.run()
    assert any("bladder" in b.label.lower() for b in at.button)
    assert not at.exception


def test_facilitator_works_in_full(broken: tuple[str, ...], app: Callable[..., AppTest]) -> None:
    at = app(FACILITATOR).run()
    assert len(at.selectbox(key="group_session").options) >= 10
    at = at.radio(key="facilitator_view").set_value("Presentation mode").run()
    first = at.header[0].value
    at = at.button(key="slide_next").click().run()
    assert at.header[0].value != first
    at = at.radio(key="facilitator_view").set_value("Handouts and worksheets").run()
    labels = [d.proto.label for d in at.get("download_button")]
    assert any("handout pack for session 1" in label for label in labels)
    assert any("blank worksheet" in label for label in labels)
    assert not at.exception


def test_home_offers_what_still_works_and_never_the_first_run_form(
    broken: tuple[str, ...], app: Callable[..., AppTest]
) -> None:
    at = app().run()
    links = [e.proto.label for e in at.get("page_link")]
    for page in ("Get help now", "Learn", "Facilitator"):
        assert any(link.startswith(page) for link in links)
    assert not [b for b in at.button if "Create my family" in b.label]
    assert not at.text_input, "nothing to type that could not be saved"


# -- a locked database, recovery, and a failure midway --------------------------------------


@pytest.mark.parametrize("page", [HELP, "pages/05_Log.py"])
def test_a_locked_database_keeps_help_and_says_records_are_unavailable(
    locked: None, page: str, app: Callable[..., AppTest], crisis_bar: Callable[[AppTest], str]
) -> None:
    at = app(page).run()
    assert not at.exception
    assert "988" in crisis_bar(at)
    assert any(NOTE in i.value for i in at.info)
    assert "The Locked family" not in shown(at)


def test_pages_work_again_once_the_database_is_back(
    unreachable: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    app: Callable[..., AppTest],
) -> None:
    at = app().run()
    assert any(NOTE in i.value for i in at.info)
    monkeypatch.delenv("HARBOR_DATABASE_URL")
    at = at.run()
    assert not any(NOTE in i.value for i in at.info)
    assert any("Create my family" in b.label for b in at.button)


def test_the_crisis_bar_keeps_the_region_this_session_last_read(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
    crisis_bar: Callable[[AppTest], str],
) -> None:
    open_store(data_dir).create_family(NewFamily("The UK family", "Sam", "Alex", region="UK"))
    at = app().run()
    assert "call 999" in crisis_bar(at)
    monkeypatch.setenv("HARBOR_DATABASE_URL", UNREACHABLE_URL)
    at.switch_page(HELP)
    at = at.run()
    assert any(NOTE in i.value for i in at.info)
    assert "call 999" in crisis_bar(at)
    assert [s.value for s in at.subheader][-1] == "Help lines: United Kingdom"


def test_get_help_now_is_drawn_for_the_familys_region(
    data_dir: Path,
    app: Callable[..., AppTest],
    open_store: Callable[[Any], Store],
) -> None:
    """Drawn first with the default region, then redrawn once the family's is read."""
    open_store(data_dir).create_family(NewFamily("The UK family", "Sam", "Alex", region="UK"))
    at = app(HELP).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Get help now"]
    assert [s.value for s in at.subheader][-1] == "Help lines: United Kingdom"
    assert "call 999" in at.error[0].value and "911" not in at.error[0].value


def test_a_failure_midway_through_a_page_shows_the_note_not_an_error() -> None:
    def page() -> None:
        import streamlit as st
        from sqlalchemy.exc import OperationalError

        from dashboard.ui.setup import records_guard

        st.write("Drawn before the failure")
        with records_guard():
            raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    assert at.markdown[0].value == "Drawn before the failure"
    assert [i.value for i in at.info] == [
        "Your family's records can't be opened right now. The help lines, guides and group "
        "materials still work. Please try again in a few minutes."
    ]
