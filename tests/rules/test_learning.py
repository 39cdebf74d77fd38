"""Learning-path progress, warning-sign ticks and the printable questions checklist."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.content import learning_path, programme_questions, warning_checklist
from dashboard.learning import (
    groups_of,
    path_progress,
    read_module_ids,
    save_sign_ticks,
    set_read,
    tick_history,
)
from dashboard.printable import questions_checklist_html
from dashboard.records import ModuleRead, WarningSignTick
from dashboard.store import HouseholdStore

DAY = date(2026, 5, 4)


def test_reading_is_tracked_per_family_member(family: HouseholdStore) -> None:
    first = family.family_members()[0]
    from dashboard.records import FamilyMember

    second = family.add(FamilyMember(household_id=family.id, display_name="Lee"))
    set_read(family, first.id, "k01-what-is-ketamine", True, DAY)
    assert read_module_ids(family, first.id) == {"k01-what-is-ketamine"}
    assert read_module_ids(family, second.id) == set()


def test_marking_read_twice_adds_nothing_and_unread_removes_it(family: HouseholdStore) -> None:
    member = family.family_members()[0]
    for _ in range(2):
        set_read(family, member.id, "k14-relapse", True, DAY)
    assert len(family.list(ModuleRead)) == 1
    set_read(family, member.id, "k14-relapse", False, DAY)
    assert family.list(ModuleRead) == []


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


def test_sign_ticks_are_saved_once_per_day_and_listed_newest_first(
    family: HouseholdStore,
) -> None:
    checklist = warning_checklist()
    loved_one = family.loved_ones()[0]
    first_sign = checklist.groups[0].signs[0]
    second_sign = checklist.groups[1].signs[0]
    assert save_sign_ticks(family, loved_one.id, [first_sign.id], DAY, None, checklist) == 1
    assert save_sign_ticks(family, loved_one.id, [first_sign.id], DAY, None, checklist) == 0
    later = date(2026, 5, 9)
    save_sign_ticks(family, loved_one.id, [second_sign.id], later, None, checklist)
    assert len(family.list(WarningSignTick)) == 2
    assert tick_history(family, checklist) == [(later, second_sign.label), (DAY, first_sign.label)]


def test_an_unknown_sign_is_refused_and_nothing_saved(family: HouseholdStore) -> None:
    with pytest.raises(ValueError, match="sign_id"):
        save_sign_ticks(
            family, family.loved_ones()[0].id, ["not-a-sign"], DAY, None, warning_checklist()
        )
    assert family.list(WarningSignTick) == []


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
