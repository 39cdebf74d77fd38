"""Search that forgives: typos, word forms, title hits first, nonsense finds nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from dashboard import content
from dashboard.content import (
    ContentError,
    GlossaryTerm,
    LearnModule,
    glossary,
    learn_modules,
    module_by_id,
)
from dashboard.rules.search import (
    build_index,
    guide_terms,
    near_words,
    query_words,
    ranked_keys,
    search_guides,
    search_terms,
    terms_in,
    words,
)


def _ids(query: str) -> list[str]:
    return [module.id for module in search_guides(query)]


# (what a worried family member types, the guide that must come first)
MISSPELLINGS = [
    ("ketamin", "k03-is-it-addictive"),
    ("khole", "k01-what-is-ketamine"),
    ("k hole", "k01-what-is-ketamine"),
    ("bladdr", "k09-body-harms-bladder-kidneys"),
    ("bladdder", "k09-body-harms-bladder-kidneys"),
    ("relapes", "k14-relapse"),
    ("withdrawl", "k10-withdrawal"),
    ("nystagmas", "k06-signs-while-intoxicated"),
    ("naloxon", "k16-if-they-stop-breathing"),
    ("suicde", "f16-suicide-risk"),
    ("childrn", "f17-children-and-siblings"),
    ("greif", "f19-guilt-grief-and-trust"),
]


@pytest.mark.parametrize(("query", "first"), MISSPELLINGS)
def test_a_misspelling_still_finds_the_guide(query: str, first: str) -> None:
    assert first in _ids(query)[:3]


# (a word form, a guide that uses only another form of it)
WORD_FORMS = [
    ("boundaries", "boundary"),
    ("relapsing", "relapse"),
    ("breathe", "breathing"),
    ("cravings", "craving"),
    ("harms", "harm"),
]


@pytest.mark.parametrize(("query", "form"), WORD_FORMS)
def test_a_word_form_finds_the_guides_with_another_form(query: str, form: str) -> None:
    with_form = {m.id for m in learn_modules() if form in words(m.body)}
    assert with_form, f"no guide uses {form!r}"
    assert with_form <= set(_ids(query))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("relapse", "k14-relapse"),
        ("bladder", "k09-body-harms-bladder-kidneys"),
        ("safety", "f04-safety-first"),
        ("PIUS", "f05-positive-communication-pius"),
        ("enabling", "f13-supporting-without-enabling"),
        ("Stopping", "k10-withdrawal"),
        ("trust", "f19-guilt-grief-and-trust"),
        ("breathing", "k16-if-they-stop-breathing"),
    ],
)
def test_a_title_hit_ranks_above_body_hits(query: str, first: str) -> None:
    results = search_guides(query)
    assert results[0].id == first
    assert query.lower() in results[0].title.lower()
    assert len(results) > 1, "the query also matches other guides' bodies"


@pytest.mark.parametrize("query", ["treatment", "ketamine", "safety"])
def test_every_exact_title_hit_comes_before_the_rest(query: str) -> None:
    in_title = [query in words(m.title) for m in search_guides(query)]
    assert in_title == sorted(in_title, reverse=True)


@pytest.mark.parametrize(
    "query", ["zeppelin", "xyzzy", "asdfghjkl", "qwerty", "foo bar", "hydronephrosis zebra"]
)
def test_nonsense_finds_nothing(query: str) -> None:
    assert search_guides(query) == ()
    assert search_terms(query) == ()


@pytest.mark.parametrize("query", ["", " ", "a", "k", "?!", "a b c", "---"])
def test_empty_and_one_letter_queries_find_nothing(query: str) -> None:
    assert search_guides(query) == ()


# a word found only in one guide's body (not its title, summary or keywords)
BODY_ONLY_WORDS = [
    ("phencyclidine", "k01-what-is-ketamine"),
    ("certified", "k02-medical-vs-illicit-use"),
    ("euphoria", "k05-causes-and-risk-factors"),
    ("palpitations", "k10-withdrawal"),
    ("marathon", "k13-how-long-treatment-takes"),
    ("hypertension", "k14-relapse"),
    ("landlord", "f08-withdraw-rewards-during-use"),
]


@pytest.mark.parametrize(("word", "module_id"), BODY_ONLY_WORDS)
def test_a_word_only_in_the_body_is_found(word: str, module_id: str) -> None:
    module = module_by_id(module_id)
    assert module is not None
    assert word not in module.title.lower() and word not in " ".join(module.keywords).lower()
    assert word in module.body.lower()
    assert _ids(word.upper()) == [module_id]


def test_every_word_must_be_found() -> None:
    assert _ids("bladder hydronephrosis") == ["k09-body-harms-bladder-kidneys"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("K-hole", ["khole", "k", "hole"]),
        ("Don't", ["dont"]),
        ("cold-water swimming", ["coldwater", "cold", "water", "swimming"]),
        ("NMDA (glutamate)", ["nmda", "glutamate"]),
    ],
)
def test_words_join_hyphens_and_keep_the_parts(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_query_words_drop_one_letters_and_repeats() -> None:
    assert query_words("a bladder Bladder k") == ["bladder"]


@pytest.mark.parametrize(
    ("word", "vocabulary", "found"),
    [
        ("ghb", ("gbl", "ghb"), {"ghb"}),  # three letters: exact only
        ("gbh", ("gbl", "ghb"), set()),
        ("bladdr", ("bladder", "ladder", "blunder"), {"bladder"}),
        ("zeppelin", ("zero", "people", "pelican"), set()),
    ],
)
def test_near_words(word: str, vocabulary: tuple[str, ...], found: set[str]) -> None:
    assert set(near_words(word, vocabulary)) == found


def _guide(guide_id: str, title: str, body: str) -> LearnModule:
    return LearnModule(
        id=guide_id,
        title=title,
        summary="A guide built for a test.",
        reading_minutes=2,
        audience="family",
        topic="family",
        sources=[
            {"title": "NIDA, Ketamine", "url": "https://nida.nih.gov/research-topics/ketamine"}
        ],
        last_reviewed=date(2026, 1, 1),
        discussion_questions=["Does this rank?"],
        body=body + "\n" + "padding " * 20,
    )


def test_a_title_hit_beats_many_body_mentions() -> None:
    body_heavy = _guide("body-heavy", "Other things", "Boundaries. " * 10)
    titled = _guide("titled", "Setting a boundary", "Once.")
    index = build_index((body_heavy, titled), glossary())
    assert ranked_keys(index.guides, index, "boundary") == ["titled", "body-heavy"]
    assert ranked_keys(index.guides, index, "boundaries") == ["titled", "body-heavy"]


# -- the glossary --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("NMDA", "nmda"),
        ("nystagmus", "nystagmus"),
        ("hydronefrosis", "hydronephrosis"),
        ("dissociation", "dissociation"),
        ("CRAFT", "craft"),
        ("khole", "k-hole"),
        ("Narcan", "naloxone"),
    ],
)
def test_search_finds_the_glossary_term(query: str, term: str) -> None:
    assert term in [t.id for t in search_terms(query)][:2]


REQUIRED_TERMS = ["nmda", "nystagmus", "hydronephrosis", "dissociation", "craft", "pius"]


def test_the_glossary_explains_the_terms_the_issue_names() -> None:
    ids = [term.id for term in glossary().terms]
    assert set(REQUIRED_TERMS) <= set(ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("term", glossary().terms, ids=lambda t: t.id)
def test_every_glossary_term_is_used_by_a_guide(term: GlossaryTerm) -> None:
    users = [m.id for m in learn_modules() if term in terms_in(m, glossary())]
    assert users, f"no guide uses {term.term!r}"
    if term.guide is not None:
        assert term.guide in users


@pytest.mark.parametrize(
    ("module_id", "expected"),
    [
        ("k01-what-is-ketamine", {"nmda", "k-hole"}),
        ("k06-signs-while-intoxicated", {"nystagmus"}),
        ("k09-body-harms-bladder-kidneys", {"hydronephrosis", "ketamine-cystitis"}),
        ("f01-what-works-for-families", {"craft"}),
    ],
)
def test_a_guide_links_the_terms_it_uses(module_id: str, expected: set[str]) -> None:
    module = module_by_id(module_id)
    assert module is not None
    assert expected <= {term.id for term in terms_in(module, glossary())}


def test_guide_terms_are_the_terms_a_shipped_guide_uses() -> None:
    module = module_by_id("k06-signs-while-intoxicated")
    assert module is not None
    assert list(guide_terms(module.id)) == terms_in(module, glossary())
    assert guide_terms("no-such-guide") == ()


def test_a_glossary_term_pointing_to_an_unknown_guide_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = glossary().model_dump(mode="json")
    data["terms"][0]["guide"] = "no-such-guide"
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(content, "LEARN_DIR", tmp_path)
    glossary.cache_clear()
    try:
        with pytest.raises(ContentError, match="no-such-guide"):
            glossary()
    finally:
        glossary.cache_clear()
