"""Learning-path progress, warning-sign ticks and the printable questions checklist."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.content import learning_path, programme_questions, warning_checklist
from dashboard.documents.html import questions_checklist_html
from dashboard.records import RecordInvalid
from dashboard.rules.learning import groups_of, known_sign_ids, path_progress

DAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("read_count", "expected_next_index", "complete"),
    [(0, 0, False), (2, 2, False), (None, None, True)],
)
def test_path_progress_points_to_the_next_unread_guide(
    read_count: int | None, expected_next_index: int | None, complete: bool
) -> None:
    path = learning_path()
    read = path if read_count is None else path[:read_count]
    progress = path_progress(path, {m.id for m in read})
    assert progress.read == len(read)
    assert progress.total == len(path)
    if complete:
        assert progress.next_module is None
        assert "all" in progress.sentence()
    else:
        assert progress.next_module == path[expected_next_index]
        assert f"{len(read)} of {len(path)}" in progress.sentence()


def test_path_progress_of_an_empty_path() -> None:
    progress = path_progress([], set())
    assert (progress.fraction, progress.next_module) == (0.0, None)


@pytest.mark.parametrize(
    ("group_indexes", "expected_groups"),
    [([], []), ([0], ["intoxicated"]), ([3, 0], ["intoxicated", "treatment-needed"])],
)
def test_groups_of_ticked_signs_keep_checklist_order(
    group_indexes: list[int], expected_groups: list[str]
) -> None:
    checklist = warning_checklist()
    signs = [checklist.groups[i].signs[0].id for i in group_indexes]
    assert groups_of(signs, checklist) == expected_groups
    guidance = checklist.guidance_for(groups_of(signs, checklist))
    assert len(guidance) == max(1, len(expected_groups))


def test_printable_questions_are_offline_escaped_and_show_ticks() -> None:
    questions = programme_questions()
    ticked = {questions.questions[0].id}
    html = questions_checklist_html(questions, ticked)
    assert html.count("&#10003;") == 1
    assert "<script" not in html
    assert "http" not in html.split("<ul><small>")[0], "no links before the sources list"
    assert "<link" not in html and "src=" not in html
    for question in questions.questions:
        assert question.text.replace("&", "&amp;") in html


@pytest.mark.parametrize(
    ("ticked", "kept"),
    [([], []), (["a", "a"], ["a"]), (["b", "a", "b"], ["b", "a"])],
)
def test_known_sign_ids_keep_each_sign_once_in_order(ticked: list[str], kept: list[str]) -> None:
    checklist = warning_checklist()
    ids = [s.id for g in checklist.groups for s in g.signs]
    named = {"a": ids[0], "b": ids[1]}
    assert known_sign_ids([named[t] for t in ticked], checklist) == [named[k] for k in kept]


def test_an_unknown_sign_names_the_field() -> None:
    with pytest.raises(RecordInvalid, match="field 'sign_id': unknown sign 'not-a-sign'"):
        known_sign_ids(["not-a-sign"], warning_checklist())
