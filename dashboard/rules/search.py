"""Search the guides and the glossary, forgiving typos and word forms.

A worried family member types fast, on a phone: "ketamin", "khole", "bladdr". Each query
word is compared with the words of every guide by rapidfuzz's Jaro-Winkler similarity,
which forgives a slip and rewards a shared beginning, so word forms meet too ("boundaries"
finds "boundary"). Every query word must be found in a guide. Guides with the words in
their title come first (exact before near), then in their keywords, then the ones that
use them most. Words of three letters or fewer must match exactly, so "GHB" never finds
"GBL". Pure functions; the index of the shipped content is built once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from dashboard.content import Glossary, GlossaryTerm, LearnModule, glossary, learn_modules

# How alike two words must be (0 to 1). Tuned on the tables in tests/rules/test_search.py:
# typos and word forms pass, nonsense and unrelated words do not.
MIN_SIMILARITY = 0.9
# Words this short are matched exactly: a near miss on three letters is another word.
EXACT_ONLY_LENGTH = 3
# Queries are short; a long paste is cut to this many words rather than refused.
MAX_QUERY_WORDS = 12
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-case words; "K-hole" is both "khole" and its parts, "don't" is "dont"."""
    found: list[str] = []
    for token in WORD.findall(text.lower()):
        joined = re.sub(r"['’-]", "", token)
        found.append(joined)
        if "-" in token:
            found.extend(part for part in token.split("-") if part)
    return found


def query_words(query: str) -> list[str]:
    """The words of a query worth looking up: two letters or more, each once."""
    found = [w for w in words(query) if len(w) > 1]
    return list(dict.fromkeys(found))[:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class Document:
    """One guide or glossary term, as search sees it."""

    key: str
    title: frozenset[str]
    keywords: frozenset[str]
    counts: Counter[str]


@dataclass(frozen=True)
class SearchIndex:
    guides: tuple[Document, ...]
    terms: tuple[Document, ...]
    vocabulary: tuple[str, ...]


def _guide_document(module: LearnModule) -> Document:
    text = " ".join([module.title, module.summary, *module.keywords, module.body])
    return Document(
        module.id,
        frozenset(words(module.title)),
        frozenset(words(" ".join(module.keywords))),
        Counter(words(text)),
    )


def _term_document(term: GlossaryTerm) -> Document:
    names = words(" ".join(term.names))
    return Document(term.id, frozenset(names), frozenset(), Counter([*names, *words(term.plain)]))


def build_index(modules: tuple[LearnModule, ...], terms: Glossary) -> SearchIndex:
    guides = tuple(_guide_document(m) for m in modules)
    entries = tuple(_term_document(t) for t in terms.terms)
    vocabulary = sorted({w for doc in (*guides, *entries) for w in doc.counts})
    return SearchIndex(guides, entries, tuple(vocabulary))


def near_words(word: str, vocabulary: tuple[str, ...]) -> dict[str, float]:
    """The vocabulary words close enough to `word`, with how close (1.0 is the same word)."""
    if len(word) <= EXACT_ONLY_LENGTH:
        return {word: 1.0} if word in vocabulary else {}
    found = process.extract(
        word,
        vocabulary,
        scorer=JaroWinkler.normalized_similarity,
        score_cutoff=MIN_SIMILARITY,
        limit=None,
    )
    return {match: score for match, score, _ in found}


@dataclass(frozen=True, order=True)
class Rank:
    """Higher ranks first: exact title hits, any title hits, keyword hits, then use."""

    title_exact: int
    title_near: int
    keywords: int
    mentions: float


def rank(document: Document, near: list[dict[str, float]]) -> Rank | None:
    """How well a document matches; None unless every query word is found in it."""
    title_exact = title_near = keywords = 0
    mentions = 0.0
    for matches in near:
        present = {w: s for w, s in matches.items() if w in document.counts}
        if not present:
            return None
        title_exact += any(s == 1.0 and w in document.title for w, s in present.items())
        title_near += any(w in document.title for w in present)
        keywords += any(w in document.keywords for w in present)
        mentions += sum(document.counts[w] * s for w, s in present.items())
    return Rank(title_exact, title_near, keywords, mentions)


def ranked_keys(documents: tuple[Document, ...], index: SearchIndex, query: str) -> list[str]:
    """The keys of the matching documents, best first (ties keep shipped order)."""
    asked = query_words(query)
    if not asked:
        return []
    near = [near_words(word, index.vocabulary) for word in asked]
    if not all(near):
        return []
    scored = [(found, n, doc.key) for n, doc in enumerate(documents) if (found := rank(doc, near))]
    scored.sort(key=lambda item: (item[0], -item[1]), reverse=True)
    return [key for _, _, key in scored]


@lru_cache(maxsize=1)
def shipped_index() -> SearchIndex:
    """The index of the guides and glossary Harbor ships (content changes only on release)."""
    return build_index(learn_modules(), glossary())


@lru_cache(maxsize=256)
def search_guides(query: str) -> tuple[LearnModule, ...]:
    """The guides that match a query, best first."""
    index = shipped_index()
    by_id = {module.id: module for module in learn_modules()}
    return tuple(by_id[key] for key in ranked_keys(index.guides, index, query))


@lru_cache(maxsize=256)
def search_terms(query: str) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that match a query, best first."""
    index = shipped_index()
    by_id = {term.id: term for term in glossary().terms}
    return tuple(by_id[key] for key in ranked_keys(index.terms, index, query))


def terms_in(module: LearnModule, terms: Glossary) -> list[GlossaryTerm]:
    """The glossary terms a guide uses, in glossary order: listed under the guide."""
    text = f" {' '.join(words(' '.join([module.title, module.body])))} "
    return [
        term
        for term in terms.terms
        if any(f" {' '.join(words(name))} " in text for name in term.names)
    ]


@lru_cache(maxsize=128)
def guide_terms(module_id: str) -> tuple[GlossaryTerm, ...]:
    """The shipped glossary terms a shipped guide uses (none for an unknown guide)."""
    module = next((m for m in learn_modules() if m.id == module_id), None)
    return tuple(terms_in(module, glossary())) if module is not None else ()
