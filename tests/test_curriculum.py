"""The family group curriculum in data/curriculum/: complete, timed, and linked to real content.

A broken file must fail at load with a message naming the file and the field, so the
negative cases copy the shipped folder, break one thing, and read the message.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from dashboard.content import (
    CURRICULUM_DIR,
    MIN_SESSIONS,
    REQUIRED_GUIDELINES,
    REQUIRED_SEGMENTS,
    ContentError,
    GroupSession,
    crisis_directory,
    curriculum,
    learn_modules,
    load_curriculum,
    module_by_id,
    pius_helper_text,
    worksheet_library,
)

SESSIONS = curriculum().sessions


def test_there_are_enough_sessions_numbered_in_skill_order() -> None:
    assert len(SESSIONS) >= MIN_SESSIONS
    assert [s.number for s in SESSIONS] == list(range(1, len(SESSIONS) + 1))
    titles = [s.title.lower() for s in SESSIONS]
    order = ["welcome", "safety", "understanding", "communication", "rewarding"]
    assert [next(i for i, t in enumerate(titles) if word in t) for word in order] == sorted(
        next(i for i, t in enumerate(titles) if word in t) for word in order
    )
    assert "treatment" in titles[-1]


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: f"session-{s.number}")
def test_every_session_is_complete_and_adds_up(session: GroupSession) -> None:
    assert sum(s.minutes for s in session.segments) == session.minutes
    assert 80 <= session.minutes <= 90  # a typical family meeting
    kinds = [s.kind for s in session.segments]
    assert (kinds[0], kinds[-1]) == ("opening", "close")
    assert set(REQUIRED_SEGMENTS) <= {s.kind for s in session.segments}
    assert session.goals and session.talk and session.discussion
    assert session.activity.instructions and session.take_home
    assert session.facilitator_notes.watch_for and session.facilitator_notes.if_danger
    assert all(str(source.url).startswith("https://") for source in session.sources)


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: f"session-{s.number}")
def test_every_linked_module_and_worksheet_exists(session: GroupSession) -> None:
    modules = {m.id for m in learn_modules()}
    sheets = {w.id for w in worksheet_library().worksheets}
    assert set(session.modules) <= modules
    assert session.worksheet in sheets


def test_the_programme_holds_the_statement_guidelines_and_safety_protocol() -> None:
    programme = curriculum().programme
    assert "welcome" in programme.opening_statement.lower()
    assert {g.id for g in programme.guidelines} >= set(REQUIRED_GUIDELINES)
    assert any(
        "what i did for myself" in p.lower() or "for yourself" in p for p in programme.check_in
    )
    assert any("emergency" in step.lower() for step in programme.safety_protocol.steps)


def test_the_curriculum_repeats_no_crisis_number() -> None:
    """The help lines come from crisis_lines.yaml, the one checked list, never a copy."""
    text = "".join(p.read_text(encoding="utf-8") for p in CURRICULUM_DIR.glob("*.yaml"))
    for region in crisis_directory().regions.values():
        for line in region.lines:
            if line.dial and len(line.dial) > 3:
                assert line.dial not in text.replace("-", "").replace(" ", "")


def test_the_communication_session_names_pius_and_piva() -> None:
    session = next(s for s in SESSIONS if "f05-positive-communication-pius" in s.modules)
    assert "PIUS" in session.title and "PIVA" in session.title
    assert any("Ask how to help" in point for point in session.talk)


# -- broken files: each problem is named, with its file and field -----------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM_DIR, copy)
    return copy


def _edit(folder: Path, name: str, change: Callable[[dict], object]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


THIRD = "s03-understanding-the-use.yaml"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (THIRD, lambda d: d.pop("take_home"), f"{THIRD}: take_home: Field required"),
        (
            THIRD,
            lambda d: d["activity"].pop("instructions"),
            f"{THIRD}: activity.instructions: Field required",
        ),
        (
            THIRD,
            lambda d: d["modules"].append("f99-no-such-guide"),
            f"{THIRD}: modules: unknown Learn module 'f99-no-such-guide'",
        ),
        (
            THIRD,
            lambda d: d.update(worksheet="no-such-sheet"),
            f"{THIRD}: worksheet: unknown worksheet 'no-such-sheet'",
        ),
        (
            THIRD,
            lambda d: d["segments"][2].update(minutes=15),
            f"{THIRD}: minutes: the segments add up to 85 minutes, not 90",
        ),
        (
            THIRD,
            lambda d: d.update(
                segments=[s for s in d["segments"] if s["kind"] != "discussion"]
                + [{"kind": "break", "minutes": 15}]
            ),
            f"{THIRD}: segments: no discussion segment",
        ),
        (
            "programme.yaml",
            lambda d: d.pop("opening_statement"),
            "programme.yaml: opening_statement: Field required",
        ),
        (
            "programme.yaml",
            lambda d: d.update(guidelines=[g for g in d["guidelines"] if g["id"] != "passing"]),
            "programme.yaml: guidelines: no 'passing' guideline",
        ),
    ],
)
def test_a_broken_file_names_the_file_and_the_field(
    folder: Path,
    name: str,
    change: Callable[[dict], object],
    message: str,
) -> None:
    _edit(folder, name, change)
    with pytest.raises(ContentError) as raised:
        load_curriculum(folder)
    assert message in str(raised.value)


def test_too_few_sessions_is_an_error(folder: Path) -> None:
    (folder / "s10-inviting-to-treatment.yaml").unlink()
    with pytest.raises(ContentError, match="9 session files; at least 10 are needed"):
        load_curriculum(folder)


def test_a_session_out_of_order_is_named(folder: Path) -> None:
    _edit(folder, THIRD, lambda d: d.update(number=4))
    with pytest.raises(ContentError, match=f"{THIRD}: number: expected session 3 here"):
        load_curriculum(folder)


# -- naming: PIUS stays, and PIVA is named where families meet it -----------------------------


def test_the_communication_guide_and_the_pius_helper_name_piva() -> None:
    guide = module_by_id("f05-positive-communication-pius")
    assert guide is not None and "PIUS" in guide.title
    assert "PIVA" in guide.body and "Ask how to help" in guide.body.replace("**", "")
    helper = pius_helper_text()
    assert "PIUS" in helper.intro
    assert "PIVA" in helper.also_called and "Ask how to help" in helper.also_called
