"""The shipped content: learn modules, crisis lines, warning signs and emergency guidance.

Content is data: these tests pin it to the project's own evidence file, docs/evidence.md,
so a wrong number or an unsupported claim fails here before a family ever reads it. No test
reads anything outside the repository.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from dashboard import content
from dashboard.content import (
    LEARN_DIR,
    RESOURCES_DIR,
    TOPIC_LABELS,
    LearnModule,
    crisis_directory,
    crisis_lines,
    default_time_zone,
    emergency_guide,
    learn_modules,
    learning_path,
    module_by_id,
    parse_module,
    region_time_zone,
    usual_time_zones,
    warning_checklist,
)
from dashboard.records import REGION_LABELS, TIMEZONES

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
EVIDENCE = ROOT / "docs" / "evidence.md"
MODULE_FILES = sorted(LEARN_DIR.glob("*.md"))


def _text(module: LearnModule) -> str:
    """Everything a reader sees in a module, lower-cased for term checks."""
    parts = [module.title, module.summary, *module.keywords, module.body]
    return "\n".join(parts).lower()


def _data_files() -> list[Path]:
    return sorted(path for path in DATA_DIR.rglob("*") if path.is_file())


# -- every module parses and carries what a reader needs ------------------------------


def test_there_are_learn_modules() -> None:
    assert len(MODULE_FILES) >= 29
    assert len(learn_modules()) == len(MODULE_FILES)


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: p.stem)
def test_module_parses_with_sources_review_date_and_questions(path: Path) -> None:
    module = parse_module(path)
    assert module.id == path.stem
    assert module.sources, "every module needs sources"
    assert all(source.url.scheme == "https" for source in module.sources)
    assert module.last_reviewed <= date.today()
    assert module.discussion_questions
    assert all(q.strip().endswith("?") for q in module.discussion_questions)
    assert module.topic in TOPIC_LABELS


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: p.stem)
def test_module_has_at_least_two_sections(path: Path) -> None:
    module = parse_module(path)
    headings = re.findall(r"^## +(.+)$", module.body, flags=re.MULTILINE)
    assert len(headings) >= 2
    assert [s.heading for s in module.sections][-len(headings) :] == [h.strip() for h in headings]
    assert all(section.body for section in module.sections), "no empty slides"


def test_module_ids_are_unique() -> None:
    ids = [module.id for module in learn_modules()]
    assert len(ids) == len(set(ids))


def test_module_by_id_finds_known_and_rejects_unknown() -> None:
    assert module_by_id("k01-what-is-ketamine") is not None
    assert module_by_id("no-such-module") is None


# -- every seed topic is covered -----------------------------------------------------

# seed topic (first column of content-facts.md's table) -> module id, key terms it must use
SEED_TOPICS: list[tuple[str, str, tuple[str, ...]]] = [
    ("What ketamine is", "k01-what-is-ketamine", ("nmda", "1962", "parke-davis", "k-hole")),
    (
        "Medical vs illicit use",
        "k02-medical-vs-illicit-use",
        ("esketamine", "spravato", "off-label", "snort"),
    ),
    ("Is it addictive", "k03-is-it-addictive", ("schedule iii", "29%")),
    (
        "How addiction develops",
        "k04-how-addiction-develops",
        ("tolerance", "craving", "learns to link ketamine with relief"),
    ),
    ("Causes / risk factors", "k05-causes-and-risk-factors", ("risk factor", "self-medicat")),
    ("Signs: while intoxicated", "k06-signs-while-intoxicated", ("slurred", "nystagmus")),
    (
        "Signs: of regular heavy use",
        "k07-signs-of-regular-use",
        ("ketamine cystitis", "working memory", "episodic memory"),
    ),
    ("Behavioural signs", "k08-behavioural-signs", ("secre", "money", "cut down")),
    (
        "Body harms",
        "k09-body-harms-bladder-kidneys",
        ("hydronephrosis", "stopping is what helps", "has not been shown"),
    ),
    ("Withdrawal", "k10-withdrawal", ("no formal withdrawal syndrome", "suicid")),
    ("When treatment is needed", "k11-when-treatment-is-needed", ("diagnosis",)),
    (
        "Types of treatment",
        "k12-types-of-treatment",
        ("cbt", "motivational", "no approved medicine"),
    ),
    (
        "How long treatment takes",
        "k13-how-long-treatment-takes",
        ("3 months", "12 weeks", "3–6 weeks", "6–12 months"),
    ),
    ("Relapse", "k14-relapse", ("40–60%", "asthma")),
    (
        "Questions to ask (seed 2) / vetting programmes (seed 1)",
        "k15-questions-to-ask-a-programme",
        ("accredit", "dual diagnosis", "aftercare", "insurance"),
    ),
]


@pytest.mark.parametrize(
    ("topic", "module_id", "terms"), SEED_TOPICS, ids=[t[0] for t in SEED_TOPICS]
)
def test_seed_topic_has_a_module_that_says_it(
    topic: str, module_id: str, terms: tuple[str, ...]
) -> None:
    module = module_by_id(module_id)
    assert module is not None, f"{topic}: module {module_id} is missing"
    text = _text(module)
    missing = [term for term in terms if term not in text]
    assert not missing, f"{topic}: {module_id} does not mention {missing}"


def test_seed_topic_table_matches_the_evidence_file() -> None:
    rows = [row[0] for row in _evidence_rows("Topics every module set must cover")]
    assert sorted(rows) == sorted(topic for topic, _, _ in SEED_TOPICS)


# -- the family / CRAFT modules ------------------------------------------------------

# CRAFT skill (content-facts.md, "Supporting a loved one") -> module id, key terms
CRAFT_SKILLS: list[tuple[str, str, tuple[str, ...]]] = [
    ("1 the three aims", "f02-the-three-aims", ("three aims", "treatment", "your own life")),
    ("2 map the use", "f03-map-the-use", ("trigger", "pay-off", "cost")),
    ("3 safety first", "f04-safety-first", ("safety plan", "step away")),
    (
        "4 positive communication (PIUS)",
        "f05-positive-communication-pius",
        ("pius", "positive", '"i" statements', "understanding", "shared responsibility"),
    ),
    ("5 reward non-use", "f06-reward-non-use", ("soon", "specific", "low-key")),
    ("6 competing activities", "f07-competing-activities", ("cold-water swimming", "pottery")),
    ("7 withdraw rewards during use", "f08-withdraw-rewards-during-use", ("cash", "directly")),
    ("8 natural consequences", "f09-natural-consequences", ("natural consequence", "safety")),
    ("9 solve problems", "f10-solving-problems", ("brainstorm", "obstacle")),
    ("10 self-care", "f11-looking-after-yourself", ("self-care", "your stability")),
    (
        "11 invite to treatment",
        "f12-inviting-to-treatment",
        ("window", "opportunity", "lined up"),
    ),
    (
        "why confrontation does not work",
        "f01-what-works-for-families",
        ("64%", "30%", "13%", "confront", "rock bottom", "tough love"),
    ),
]


@pytest.mark.parametrize(
    ("skill", "module_id", "terms"), CRAFT_SKILLS, ids=[s[0] for s in CRAFT_SKILLS]
)
def test_craft_skill_has_a_family_module(
    skill: str, module_id: str, terms: tuple[str, ...]
) -> None:
    module = module_by_id(module_id)
    assert module is not None, f"CRAFT skill {skill}: module {module_id} is missing"
    assert module.audience == "family"
    assert module.topic in {"family", "craft", "self-care"}
    text = _text(module)
    missing = [term for term in terms if term not in text]
    assert not missing, f"CRAFT skill {skill}: {module_id} does not mention {missing}"


def test_there_are_eleven_craft_skills() -> None:
    skills = [skill for skill, _, _ in CRAFT_SKILLS if skill[0].isdigit()]
    assert len(skills) == 11
    assert len({module_id for _, module_id, _ in CRAFT_SKILLS}) == len(CRAFT_SKILLS)


def test_confrontation_figures_are_tied_to_their_approaches() -> None:
    module = module_by_id("f01-what-works-for-families")
    assert module is not None
    body = module.body
    assert re.search(r"CRAFT[^.]*64%", body)
    assert re.search(r"confrontational[^.]*30%", body, flags=re.IGNORECASE)
    assert re.search(r"Al-Anon[^.]*13%", body)


# -- claims the research notes forbid ------------------------------------------------

FORBIDDEN_CLAIMS: dict[str, re.Pattern[str]] = {
    "sensitization as the mechanism": re.compile(
        r"\bsensiti[sz](?:ation|e|es|ed|ing)\b", re.IGNORECASE
    ),
    "full cognitive restoration": re.compile(
        r"\b(?:fully|full|completely|complete|totally|total)\s+(?:cognitive\s+)?restor(?:ation|ed)\b"
        r"|\bcognitive\s+restoration\b",
        re.IGNORECASE,
    ),
    "12–18 months": re.compile(r"\b12\s*(?:-|–|—|to)\s*18\s*months\b", re.IGNORECASE),
    "fluids protect the bladder": re.compile(
        r"\b(?:drink\w*|fluids?|water|hydrat\w*)\b(?![^.\n]*\b(?:not|no|never)\b)[^.\n]{0,80}"
        r"\b(?:protect\w*|flush\w*|prevent\w*|shield\w*)\b[^.\n]{0,40}\bbladder"
        r"|\b(?:protect\w*|flush\w*|prevent\w*)\b[^.\n]{0,40}\bbladder\b[^.\n]{0,80}"
        r"\b(?:drink\w*|fluids?|water|hydrat\w*)\b",
        re.IGNORECASE,
    ),
    "ketamine itself approved for depression": re.compile(
        r"(?<!es)\bketamine\s+(?:is|was|has\s+been)\s+(?:FDA[- ])?approved\s+(?:\w+\s+){0,3}"
        r"(?:for|to\s+treat)\s+(?:treatment-resistant\s+)?depression",
        re.IGNORECASE,
    ),
    # The second edition's corrections (docs/evidence.md, "Do not say").
    "bad parenting as the denial": re.compile(r"\bbad parenting\b", re.IGNORECASE),
    "a proven approach": re.compile(r"\bproven\b", re.IGNORECASE),
    "another window will come": re.compile(
        r"\banother (?:window|chance|moment) will come\b", re.IGNORECASE
    ),
    "most families are never in danger": re.compile(
        r"\bmost families are (?:never|not) in danger\b", re.IGNORECASE
    ),
    "cold-water swimming in a lake": re.compile(
        r"\bswim\w*\b[^.\n]{0,60}\b(?:lake|river|sea|reservoir|quarry)\b"
        r"|\b(?:lake|river|reservoir|quarry)\b[^.\n]{0,30}\bswim",
        re.IGNORECASE,
    ),
    "urology after 4 weeks, uncited": re.compile(
        r"\burolog\w*\b[^.\n]{0,120}\b(?:4|four) weeks\b"
        r"|\b(?:4|four) weeks\b[^.\n]{0,120}\burolog",
        re.IGNORECASE,
    ),
    "water is harmful": re.compile(
        r"\bwater\b[^.\n]{0,40}\b(?:is|can be)\s+(?:harmful|dangerous|bad for)",
        re.IGNORECASE,
    ),
    "CRAFT alone helped the family": re.compile(
        r"\bfamily members who learned (?:these|CRAFT) skills felt\b", re.IGNORECASE
    ),
}

# Each pattern must catch the claim and leave legitimate sentences alone.
PATTERN_CASES: list[tuple[str, str, bool]] = [
    ("sensitization as the mechanism", "Repeated use causes sensitization of reward.", True),
    ("sensitization as the mechanism", "The brain becomes sensitised to ketamine.", True),
    ("sensitization as the mechanism", "Be sensitive when you raise it.", False),
    ("sensitization as the mechanism", "Talk about sensitive topics calmly.", False),
    ("full cognitive restoration", "Expect full cognitive restoration in time.", True),
    ("full cognitive restoration", "Memory is fully restored after a year.", True),
    ("full cognitive restoration", "Memory improves after about 12 weeks.", False),
    ("12–18 months", "Recovery takes 12–18 months.", True),
    ("12–18 months", "Recovery takes 12-18 months.", True),
    ("12–18 months", "Recovery takes 12 to 18 months.", True),
    ("12–18 months", "Long programmes run 6–12 months.", False),
    ("fluids protect the bladder", "Drinking plenty of water protects the bladder.", True),
    ("fluids protect the bladder", "Extra fluids help flush the bladder.", True),
    ("fluids protect the bladder", "To protect your bladder, stay hydrated.", True),
    ("fluids protect the bladder", "Stopping is what protects the bladder.", False),
    (
        "fluids protect the bladder",
        "Drinking extra water has not been shown to prevent bladder damage.",
        False,
    ),
    ("fluids protect the bladder", "Its inner lining protects it.", False),
    ("fluids protect the bladder", "Cold-water swimming is best done with others.", False),
    ("ketamine itself approved for depression", "Ketamine is approved for depression.", True),
    (
        "ketamine itself approved for depression",
        "Esketamine is approved for treatment-resistant depression.",
        False,
    ),
    (
        "ketamine itself approved for depression",
        "Ketamine is approved by the FDA as an anaesthetic.",
        False,
    ),
]


PATTERN_CASES += [
    ("bad parenting as the denial", "It is not caused by bad parenting.", True),
    ("bad parenting as the denial", "Parenting alone doesn't cause addiction.", False),
    ("a proven approach", "Other modules explain a proven approach.", True),
    ("a proven approach", "Other modules explain a well-tested approach.", False),
    ("another window will come", "Another window will come.", True),
    ("another window will come", "Another window often comes.", False),
    ("most families are never in danger", "Most families are never in danger.", True),
    ("most families are never in danger", "CRAFT starts with safety.", False),
    ("cold-water swimming in a lake", "I'm going swimming at the lake on Saturday.", True),
    ("cold-water swimming in a lake", "Try cold-water swimming in a river.", True),
    ("cold-water swimming in a lake", "A lifeguarded swim at the lido.", False),
    ("cold-water swimming in a lake", "Walked the dog around the lake.", False),
    ("urology after 4 weeks, uncited", "Urology if symptoms last more than 4 weeks.", True),
    ("urology after 4 weeks, uncited", "After 4 weeks, see a urologist.", True),
    ("urology after 4 weeks, uncited", "A doctor may refer them to a urologist.", False),
    ("water is harmful", "Drinking water is harmful to the bladder.", True),
    ("water is harmful", "Water itself does no harm, but it is not a shield.", False),
    ("CRAFT alone helped the family", "Family members who learned these skills felt less.", True),
    ("CRAFT alone helped the family", "Family members in every group felt less.", False),
]


@pytest.mark.parametrize(("claim", "sentence", "caught"), PATTERN_CASES)
def test_forbidden_claim_pattern_catches_the_claim_only(
    claim: str, sentence: str, caught: bool
) -> None:
    assert bool(FORBIDDEN_CLAIMS[claim].search(sentence)) is caught


@pytest.mark.parametrize("claim", sorted(FORBIDDEN_CLAIMS))
def test_forbidden_claim_absent_from_data(claim: str) -> None:
    pattern = FORBIDDEN_CLAIMS[claim]
    hits = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in _data_files()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not hits, f"forbidden claim '{claim}' found: {hits}"


def test_medical_use_module_separates_esketamine_from_ketamine() -> None:
    module = module_by_id("k02-medical-vs-illicit-use")
    assert module is not None
    body = module.body
    assert "esketamine" in body.lower()
    assert "Spravato" in body
    assert re.search(r"treatment-resistant depression", body)
    assert re.search(r"(?<!es)\bketamine is approved\b[^.]*\banaesthetic", body)
    assert re.search(r"\boff-label\b", body)
    assert re.search(r"at least 2 hours", body)


# -- crisis lines, pinned both ways to docs/evidence.md -------------------------------


def _evidence_rows(title: str) -> list[list[str]]:
    """The cells of one table in docs/evidence.md (the section under `## title`)."""
    section = EVIDENCE.read_text(encoding="utf-8").split(f"\n## {title}\n")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]


# (region, name, contact exactly as in the evidence file, kind, status, source)
EXPECTED_LINES: list[tuple[str, ...]] = [tuple(row) for row in _evidence_rows("Help lines")]
EMERGENCY_NUMBERS = dict(_evidence_rows("Emergency numbers"))
ALLOWED_KINDS = {
    "emergency",
    "crisis",
    "treatment referral",
    "poison",
    "family support",
    "domestic abuse",
}


def _shipped_lines() -> list[tuple[str, ...]]:
    return [
        (code, line.name, line.contact, line.kind, line.status, str(line.source))
        for code, region in crisis_directory().regions.items()
        for line in region.lines
    ]


def test_the_evidence_tables_were_read() -> None:
    assert len(EXPECTED_LINES) >= 30
    assert all(len(row) == 6 for row in EXPECTED_LINES)
    assert set(EMERGENCY_NUMBERS) == set(crisis_directory().regions)


def test_no_crisis_line_is_missing() -> None:
    missing = set(EXPECTED_LINES) - set(_shipped_lines())
    assert not missing, f"missing or changed: {sorted(missing)}"


def test_no_crisis_line_is_extra() -> None:
    extra = set(_shipped_lines()) - set(EXPECTED_LINES)
    assert not extra, f"not in docs/evidence.md: {sorted(extra)}"
    assert len(_shipped_lines()) == len(EXPECTED_LINES), "no duplicates"


@pytest.mark.parametrize(
    ("region", "name"), [(row[0], row[1]) for row in EXPECTED_LINES], ids=lambda v: str(v)
)
def test_crisis_line_has_source_date_kind_and_status(region: str, name: str) -> None:
    line = next(line for line in crisis_lines(region).lines if line.name == name)
    assert line.source.scheme == "https"
    assert line.verified <= date.today()
    assert line.kind in ALLOWED_KINDS
    assert line.status in {"verified", "secondary"}
    assert line.purpose.strip()
    if line.dial is not None:
        assert re.sub(r"\D", "", line.contact).startswith(line.dial), "dial matches contact"


@pytest.mark.parametrize(("region", "number"), sorted(EMERGENCY_NUMBERS.items()))
def test_each_region_lists_its_emergency_number_first(region: str, number: str) -> None:
    lines = crisis_lines(region)
    assert lines.lines[0].kind == "emergency"
    assert lines.emergency.dial == number
    assert [line.kind for line in lines.lines].count("emergency") == 1


def test_no_region_is_the_default_region() -> None:
    assert crisis_directory().default_region == "US"
    assert crisis_lines(None).name == "United States"


@pytest.mark.parametrize("code", ["XX", "", "us", "FR", "ZZZ"])
def test_an_unknown_region_asks_and_never_falls_back_to_the_us(code: str) -> None:
    region = crisis_lines(code)
    assert region == crisis_directory().regions[crisis_directory().unknown_region]
    assert "choose" in region.ask.lower()
    assert "findahelpline.com" in " ".join(line.contact for line in region.lines)
    emergency = region.emergency.contact
    for number in ("112", "000", "911", "999", "111"):
        assert number in emergency


@pytest.mark.parametrize("code", sorted(set(REGION_LABELS) - {"ZZ"}))
def test_a_known_region_does_not_ask(code: str) -> None:
    assert crisis_lines(code).ask == ""


@pytest.mark.parametrize("code", ["IE", "NZ"])
def test_ireland_and_new_zealand_have_crisis_and_drug_lines(code: str) -> None:
    kinds = {line.kind for line in crisis_lines(code).lines}
    assert {"emergency", "crisis", "treatment referral", "poison", "domestic abuse"} <= kinds


@pytest.mark.parametrize("code", sorted(set(REGION_LABELS) - {"ZZ"}))
def test_every_region_lists_domestic_abuse_help(code: str) -> None:
    assert any(line.kind == "domestic abuse" for line in crisis_lines(code).lines)


# -- the commercial referral number from seed 2 must appear nowhere -------------------

FORBIDDEN_NUMBER = "800-601-" + "3889"
FORBIDDEN_VARIANTS = re.compile(
    r"\(?" + "800" + r"\)?[\s.\-]{0,2}" + "601" + r"[\s.\-]{0,2}" + "3889"
)
UNTRACKED_DIRS = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "test-results",
}
UNTRACKED_SUFFIXES = (".pyc", ".db", ".db-wal", ".db-shm")


def _tracked_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(part in UNTRACKED_DIRS for part in parts) or parts[:2] == ("bench", "results"):
            continue
        if path.is_file() and not path.name.endswith(UNTRACKED_SUFFIXES):
            files.append(path)
    return files


@pytest.mark.parametrize(
    "written",
    [
        FORBIDDEN_NUMBER,
        "1-" + FORBIDDEN_NUMBER,
        FORBIDDEN_NUMBER.replace("-", ""),
        FORBIDDEN_NUMBER.replace("-", "."),
        FORBIDDEN_NUMBER.replace("-", " "),
        "(800) 601-" + "3889",
    ],
)
def test_forbidden_number_pattern_catches_every_spelling(written: str) -> None:
    assert FORBIDDEN_VARIANTS.search(f"Call {written} today")


def test_commercial_number_appears_in_no_file() -> None:
    files = _tracked_files()
    assert any(path.name == "crisis_lines.yaml" for path in files)
    hits = [
        str(path.relative_to(ROOT))
        for path in files
        if FORBIDDEN_VARIANTS.search(path.read_bytes().decode("utf-8", errors="replace"))
    ]
    assert not hits


# -- learning path, sections (search: tests/rules/test_search.py) ---------------------


def test_learning_path_is_ordered_by_path_order() -> None:
    path = learning_path()
    orders = [module.path_order for module in path]
    assert len(path) >= 5
    assert None not in orders
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders), "no two modules share a place"
    assert path[0].id == "k01-what-is-ketamine"


# Where the second edition's guides sit in the path: right after what they build on.
PATH_NEIGHBOURS = [
    ("k06-signs-while-intoxicated", "k16-if-they-stop-breathing"),
    ("f04-safety-first", "f15-harm-reduction-while-using"),
    ("f15-harm-reduction-while-using", "f16-suicide-risk"),
    ("f11-looking-after-yourself", "f19-guilt-grief-and-trust"),
    ("f12-inviting-to-treatment", "f20-when-they-refuse-help"),
]


@pytest.mark.parametrize(("before", "after"), PATH_NEIGHBOURS)
def test_new_guides_follow_what_they_build_on(before: str, after: str) -> None:
    ids = [module.id for module in learning_path()]
    assert ids.index(after) == ids.index(before) + 1


def test_modules_outside_the_path_come_after_it() -> None:
    modules = learn_modules()
    in_path = [module.path_order is not None for module in modules]
    assert in_path == sorted(in_path, reverse=True)
    off_path = [m.id for m in modules if m.path_order is None]
    assert off_path == sorted(off_path)


def _module(body: str) -> LearnModule:
    return LearnModule(
        id="test-module",
        title="A test module",
        summary="A module built for a test.",
        reading_minutes=2,
        audience="family",
        topic="family",
        sources=[
            {"title": "NIDA, Ketamine", "url": "https://nida.nih.gov/research-topics/ketamine"}
        ],
        last_reviewed=date(2026, 1, 1),
        discussion_questions=["Does this split?"],
        body=body + "\n" + "padding " * 20,
    )


@pytest.mark.parametrize(
    ("body", "headings"),
    [
        ("## One\nfirst\n## Two\nsecond", ["One", "Two"]),
        ("Intro text.\n\n## One\nfirst", ["A test module", "One"]),
        ("## One\nfirst\n### Sub\nstill first\n## Two\nsecond", ["One", "Two"]),
        ("##   Spaced   \nbody", ["Spaced"]),
        ("No headings at all.", ["A test module"]),
        ("Text with ## in the middle\n## Real\nbody", ["A test module", "Real"]),
    ],
)
def test_sections_split_at_level_two_headings(body: str, headings: list[str]) -> None:
    sections = _module(body).sections
    assert [section.heading for section in sections] == headings
    assert not any(section.body.startswith("## ") for section in sections)


def test_section_bodies_keep_their_text() -> None:
    sections = _module("Intro.\n## One\nfirst line\n### Sub\nsub text\n## Two\nsecond").sections
    assert sections[0].body == "Intro."
    assert sections[1].body == "first line\n### Sub\nsub text"
    assert sections[2].body.startswith("second")


# -- warning signs checklist ---------------------------------------------------------

SIGN_GROUPS = ["intoxicated", "regular-use", "behaviour", "treatment-needed"]
DIAGNOSTIC_PHRASES = ["is addicted", "has an addiction", "diagnosed with", "score", "risk level"]


def test_checklist_has_the_four_groups_in_order() -> None:
    checklist = warning_checklist()
    assert [group.id for group in checklist.groups] == SIGN_GROUPS
    assert all(source.url.scheme == "https" for source in checklist.sources)


def test_checklist_guidance_covers_each_group_and_none() -> None:
    checklist = warning_checklist()
    assert set(checklist.guidance) == {*SIGN_GROUPS, "none"}
    assert all(len(text) > 50 for text in checklist.guidance.values())


@pytest.mark.parametrize(
    "ticked",
    [[], ["intoxicated"], ["behaviour", "intoxicated"], SIGN_GROUPS],
    ids=lambda t: "+".join(t) or "nothing",
)
def test_guidance_for_returns_one_text_per_ticked_group(ticked: list[str]) -> None:
    checklist = warning_checklist()
    expected = [checklist.guidance[group] for group in ticked or ["none"]]
    assert checklist.guidance_for(ticked) == expected


def test_sign_ids_are_unique_across_groups() -> None:
    ids = [sign.id for group in warning_checklist().groups for sign in group.signs]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("key", [*SIGN_GROUPS, "none", "disclaimer"])
def test_checklist_text_never_diagnoses_or_scores(key: str) -> None:
    checklist = warning_checklist()
    if key == "disclaimer":
        texts = [checklist.disclaimer]
    else:
        texts = [checklist.guidance[key]]
        group = next((g for g in checklist.groups if g.id == key), None)
        if group is not None:
            texts += [group.title, group.note, *(sign.label for sign in group.signs)]
    found = [p for p in DIAGNOSTIC_PHRASES for text in texts if p in text.lower()]
    assert not found


def test_checklist_says_it_is_not_a_diagnosis() -> None:
    assert "not a diagnosis" in warning_checklist().disclaimer


def test_urgent_guidance_points_to_get_help_now() -> None:
    guidance = warning_checklist().guidance
    assert "Get help now" in guidance["intoxicated"]
    assert "emergency number" in guidance["intoxicated"]
    assert "doctor" in guidance["regular-use"]


# -- emergency guide -----------------------------------------------------------------

DANGER_SIGNS = [
    "cannot be woken",
    "breathing",
    "gurgling",
    "blue or grey lips",
    "seizure",
    "chest pain",
    "very hot",
    "15 minutes",
    "vomiting while drowsy",
]


@pytest.mark.parametrize("sign", DANGER_SIGNS)
def test_emergency_guide_lists_danger_sign(sign: str) -> None:
    signs = " | ".join(emergency_guide().danger_signs).lower()
    assert sign in signs


@pytest.mark.parametrize(
    "step", ["recovery position", "what was taken", "keep checking their breathing", "no food"]
)
def test_emergency_guide_says_what_to_do_while_waiting(step: str) -> None:
    steps = " | ".join(emergency_guide().while_waiting).lower()
    assert step in steps


def test_emergency_guide_is_sourced_and_reviewed() -> None:
    guide = emergency_guide()
    assert all(source.url.scheme == "https" for source in guide.sources)
    assert guide.last_reviewed <= date.today()
    assert any("alcohol" in risk for risk in guide.extra_risks)
    assert "call" in guide.call_now.lower()


def test_resource_files_exist() -> None:
    assert (RESOURCES_DIR / "crisis_lines.yaml").is_file()
    assert (RESOURCES_DIR / "emergency.yaml").is_file()


# -- a new family's time zone ---------------------------------------------------------------


def test_every_region_has_a_usual_time_zone_harbor_knows() -> None:
    assert set(usual_time_zones()) == set(REGION_LABELS) == set(crisis_directory().regions)
    assert all(zone in TIMEZONES for zone in usual_time_zones().values())


# (what the browser reported, the region chosen, the time zone a new family starts with)
DEFAULT_ZONE_CASES = [
    ("Australia/Perth", "US", "Australia/Perth"),  # the browser knows best
    ("America/Los_Angeles", "US", "America/Los_Angeles"),
    ("Asia/Calcutta", "UK", "Asia/Calcutta"),  # an old name Harbor still knows
    (None, "US", "America/New_York"),  # the browser did not say: the region's usual zone
    (None, "UK", "Europe/London"),
    (None, "CA", "America/Toronto"),
    (None, "AU", "Australia/Sydney"),
    ("", "UK", "Europe/London"),
    ("UTC", "AU", "Australia/Sydney"),  # what privacy settings report: no real hint
    ("Etc/UTC", "UK", "Europe/London"),
    ("GMT", "CA", "America/Toronto"),
    ("Mars/Olympus_Mons", "UK", "Europe/London"),  # not a time zone at all
    ("europe/london", "AU", "Australia/Sydney"),  # names are exact
    (None, None, "America/New_York"),  # no region either: the default region's
    (None, "XX", "America/New_York"),
]


@pytest.mark.parametrize(("reported", "region", "expected"), DEFAULT_ZONE_CASES)
def test_default_time_zone(reported: str | None, region: str | None, expected: str) -> None:
    assert default_time_zone(reported, region) == expected


def test_region_time_zone_of_an_unknown_region_is_the_default_regions() -> None:
    assert region_time_zone("XX") == region_time_zone(crisis_directory().default_region)


def _yaml_texts() -> list[tuple[str, str]]:
    """Every YAML text Harbor ships: whole .yaml files and each Markdown file's front matter."""
    texts = []
    for path in sorted(DATA_DIR.rglob("*")):
        text = path.read_text(encoding="utf-8") if path.suffix in {".md", ".yaml", ".yml"} else ""
        if path.suffix == ".md":
            match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", text, flags=re.DOTALL)
            text = match.group(1) if match else ""
        if text:
            texts.append((str(path.relative_to(DATA_DIR)), text))
    return texts


@pytest.mark.parametrize(("name", "text"), _yaml_texts(), ids=lambda value: value[:60])
def test_libyaml_reads_every_shipped_file_as_the_pure_parser_does(name: str, text: str) -> None:
    """content.py parses with libyaml for speed: dates, "no"/"yes", ids and numbers must come
    out exactly as PyYAML's own safe loader makes them (types included, via repr)."""
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert content._LOADER is yaml.CSafeLoader
    assert repr(content._yaml(text)) == repr(pure), name


@pytest.mark.parametrize(
    "text",
    [
        "answer: no\nother: yes\nflag: on\nnone: ~\n",
        "day: 2024-03-05\nwhen: 2024-03-05 10:30:00\n",
        "id: 007\nhex: 0x1F\noctal: 0o17\nexp: 1e3\nfloat: 1.0e+3\nversion: 1.10\n",
        "quoted: 'no'\nlist: [a, 'b', 3]\nnested: {a: {b: [1, 2]}}\nfolded: >\n  two\n  lines\n",
        'text: "Café — “quotes” and emoji ☰"\nkey with spaces: "value: with colon"\n',
    ],
)
def test_libyaml_resolves_tricky_scalars_as_the_pure_parser_does(text: str) -> None:
    assert repr(content._yaml(text)) == repr(yaml.load(text, Loader=yaml.SafeLoader))
