"""Loads and validates the content shipped in data/: learn modules, crisis lines, guidance.

Content is data, not code: writers edit Markdown and YAML, and these models refuse a
module without sources or a review date, so a gap fails the tests, not a family.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator

from dashboard.config import CONTENT_DIR, DEFAULT_REGION
from dashboard.records import TIMEZONES, BoundaryArea, PhaseKind, TimezoneName

LEARN_DIR = CONTENT_DIR / "learn"
RESOURCES_DIR = CONTENT_DIR / "resources"


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the problem."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3)
    url: HttpUrl

    @field_validator("url")
    @classmethod
    def _https_only(cls, value: HttpUrl) -> HttpUrl:
        if value.scheme != "https":
            raise ValueError("source links must use https")
        return value


class Section(BaseModel):
    heading: str
    body: str


class LearnModule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3)
    summary: str = Field(min_length=10)
    reading_minutes: int = Field(ge=1, le=30)
    audience: Literal["family", "facilitator"]
    topic: Literal[
        "ketamine", "signs", "harms", "treatment", "recovery", "family", "craft", "self-care"
    ]
    path_order: int | None = None
    keywords: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date
    discussion_questions: list[str] = Field(min_length=1)
    body: str = Field(min_length=100)

    @property
    def sections(self) -> list[Section]:
        """The body split at its `## ` headings: one slide each in presentation mode."""
        parts = re.split(r"^## +(.+)$", self.body, flags=re.MULTILINE)
        sections = []
        intro = parts[0].strip()
        if intro:
            sections.append(Section(heading=self.title, body=intro))
        for heading, body in zip(parts[1::2], parts[2::2], strict=True):
            sections.append(Section(heading=heading.strip(), body=body.strip()))
        return sections


TOPIC_LABELS: dict[str, str] = {
    "ketamine": "About ketamine",
    "signs": "Signs to notice",
    "harms": "Health and withdrawal",
    "treatment": "Treatment",
    "recovery": "Recovery and relapse",
    "family": "What helps families",
    "craft": "CRAFT skills",
    "self-care": "Looking after yourself",
}


def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", text, flags=re.DOTALL)
    if match is None:
        raise ContentError(f"{where}: missing YAML front matter between '---' lines")
    meta = yaml.safe_load(match.group(1)) or {}
    if not isinstance(meta, dict):
        raise ContentError(f"{where}: front matter must be a mapping")
    return meta, match.group(2).strip()


def parse_module(path: Path) -> LearnModule:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    try:
        module = LearnModule.model_validate({**meta, "body": body})
    except ValueError as exc:
        raise ContentError(f"{path.name}: {exc}") from None
    if module.id != path.stem:
        raise ContentError(f"{path.name}: id '{module.id}' must match the file name")
    return module


@lru_cache(maxsize=1)
def learn_modules() -> tuple[LearnModule, ...]:
    """Every module, in learning-path order first, then by file name."""
    modules = [parse_module(path) for path in sorted(LEARN_DIR.glob("*.md"))]
    return tuple(sorted(modules, key=lambda m: (m.path_order is None, m.path_order or 0, m.id)))


def module_by_id(module_id: str) -> LearnModule | None:
    return next((m for m in learn_modules() if m.id == module_id), None)


def learning_path() -> list[LearnModule]:
    return [m for m in learn_modules() if m.path_order is not None]


def search_modules(query: str) -> list[LearnModule]:
    """Plain full-text search on whole words: every word must appear somewhere.

    Modules with the words in their title come first, then in their keywords, then the
    ones that mention them most.
    """
    words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 1]
    if not words:
        return []
    ranked = []
    for module in learn_modules():
        title = _words(module.title)
        keywords = _words(" ".join(module.keywords))
        everything = _words(" ".join([module.title, module.summary, *module.keywords, module.body]))
        if not all(word in everything for word in words):
            continue
        rank = (
            sum(word in title for word in words),
            sum(word in keywords for word in words),
            sum(everything.count(word) for word in words),
        )
        ranked.append((rank, module))
    return [module for _, module in sorted(ranked, key=lambda pair: pair[0], reverse=True)]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# -- crisis lines ---------------------------------------------------------------------


class CrisisLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    contact: str
    dial: str | None = Field(default=None, pattern=r"^[0-9]+$")
    purpose: str
    kind: Literal["emergency", "crisis", "treatment referral", "poison", "family support"]
    status: Literal["verified", "secondary"]
    source: HttpUrl
    verified: date


class Region(BaseModel):
    name: str
    lines: list[CrisisLine] = Field(min_length=1)

    @property
    def emergency(self) -> CrisisLine:
        return next(line for line in self.lines if line.kind == "emergency")


class CrisisDirectory(BaseModel):
    default_region: str
    regions: dict[str, Region]

    def region(self, code: str | None) -> Region:
        return self.regions.get(code or self.default_region, self.regions[self.default_region])


@lru_cache(maxsize=1)
def crisis_directory() -> CrisisDirectory:
    return CrisisDirectory.model_validate(_load_yaml(RESOURCES_DIR / "crisis_lines.yaml"))


def crisis_lines(region: str | None = DEFAULT_REGION) -> Region:
    return crisis_directory().region(region)


class EmergencyGuide(BaseModel):
    title: str
    call_now: str
    danger_signs: list[str]
    extra_risks: list[str]
    while_waiting: list[str]
    not_an_emergency: str
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date


@lru_cache(maxsize=1)
def emergency_guide() -> EmergencyGuide:
    return EmergencyGuide.model_validate(_load_yaml(RESOURCES_DIR / "emergency.yaml"))


# -- time zones ---------------------------------------------------------------------

# What a browser reports when it hides where it is (privacy settings) or runs on a server.
# It says nothing about the family's day, so the region's usual zone is the better guess.
UNINFORMATIVE_ZONES = frozenset(
    {
        "UTC",
        "UCT",
        "GMT",
        "GMT0",
        "GMT+0",
        "GMT-0",
        "Greenwich",
        "Universal",
        "Zulu",
        "Etc/UTC",
        "Etc/UCT",
        "Etc/GMT",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Etc/Greenwich",
        "Etc/Universal",
        "Etc/Zulu",
    }
)
KNOWN_ZONES = frozenset(TIMEZONES)


class TimeZoneDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    usual_time_zones: dict[str, TimezoneName] = Field(min_length=1)


@lru_cache(maxsize=1)
def usual_time_zones() -> dict[str, str]:
    """Region code -> the usual time zone there (data/resources/time_zones.yaml)."""
    path = RESOURCES_DIR / "time_zones.yaml"
    try:
        parsed = TimeZoneDefaults.model_validate(_load_yaml(path))
    except ValueError as exc:
        raise ContentError(f"{path.name}: {exc}") from None
    return dict(parsed.usual_time_zones)


def region_time_zone(region: str | None) -> str:
    """The usual time zone of a region; the default region's for an unknown one."""
    zones = usual_time_zones()
    return zones.get(region or DEFAULT_REGION, zones[DEFAULT_REGION])


def browser_time_zone(reported: str | None) -> str | None:
    """The zone a browser reported, when it is a real place Harbor knows; else None."""
    if reported in KNOWN_ZONES and reported not in UNINFORMATIVE_ZONES:
        return reported
    return None


def default_time_zone(reported: str | None, region: str | None) -> str:
    """A new family's time zone: the browser's own, or else the usual one of its region."""
    return browser_time_zone(reported) or region_time_zone(region)


def _load_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: {exc}") from None


# -- warning signs checklist ----------------------------------------------------------


class WarningSign(BaseModel):
    id: str
    label: str


class SignGroup(BaseModel):
    id: str
    title: str
    note: str = ""
    signs: list[WarningSign] = Field(min_length=1)


class WarningChecklist(BaseModel):
    """Signs grouped by what they mean, and next-step guidance per group. No scores."""

    groups: list[SignGroup] = Field(min_length=1)
    guidance: dict[str, str]
    disclaimer: str
    sources: list[Source] = Field(min_length=1)

    def guidance_for(self, ticked_groups: list[str]) -> list[str]:
        return [self.guidance[group] for group in (ticked_groups or ["none"])]


@lru_cache(maxsize=1)
def warning_checklist() -> WarningChecklist:
    return WarningChecklist.model_validate(_load_yaml(LEARN_DIR / "warning_signs.yaml"))


# -- questions to ask a programme -------------------------------------------------------


class ProgrammeQuestion(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str


class ProgrammeQuestions(BaseModel):
    title: str
    intro: str
    questions: list[ProgrammeQuestion] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date


@lru_cache(maxsize=1)
def programme_questions() -> ProgrammeQuestions:
    return ProgrammeQuestions.model_validate(_load_yaml(LEARN_DIR / "programme_questions.yaml"))


# -- boundaries: tips library, invitation planner and worksheets ----------------------

BOUNDARIES_DIR = CONTENT_DIR / "boundaries"
# The tips library, in the order a family sees it (file name = area).
TIP_AREAS: tuple[str, ...] = tuple(a for a in get_args(BoundaryArea) if a != "other")


class BoundaryTip(BaseModel):
    """One boundary or practical step: what it is, why, how to say it, and its sources."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3)
    boundary: str = Field(min_length=10, max_length=500)
    why: str = Field(min_length=20)
    say_it: str = Field(min_length=10, max_length=1_000)
    if_crossed: str = Field(default="", max_length=1_000)
    sources: list[Source] = Field(min_length=1)


class TipArea(BaseModel):
    model_config = ConfigDict(extra="forbid")

    area: BoundaryArea
    title: str
    intro: str
    last_reviewed: date
    tips: list[BoundaryTip] = Field(min_length=1)


@lru_cache(maxsize=1)
def boundary_tip_areas() -> tuple[TipArea, ...]:
    """Every area of the tips library; a file per area so writers edit one at a time."""
    areas = []
    for area in TIP_AREAS:
        path = BOUNDARIES_DIR / f"{area}.yaml"
        try:
            parsed = TipArea.model_validate(_load_yaml(path))
        except ValueError as exc:
            raise ContentError(f"{path.name}: {exc}") from None
        if parsed.area != area:
            raise ContentError(f"{path.name}: area '{parsed.area}' must match the file name")
        areas.append(parsed)
    return tuple(areas)


def boundary_tip(tip_id: str | None) -> tuple[TipArea, BoundaryTip] | None:
    """The tip with this id, and its area; None when it is unknown (or was retired)."""
    for area in boundary_tip_areas():
        for tip in area.tips:
            if tip.id == tip_id:
                return area, tip
    return None


class WindowSign(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str


class InvitationGuide(BaseModel):
    """Signs of a window of opportunity, and ideas for when the answer is no."""

    model_config = ConfigDict(extra="forbid")

    title: str
    intro: str
    window_signs: list[WindowSign] = Field(min_length=1)
    if_no_ideas: list[str] = Field(min_length=1)
    last_reviewed: date
    sources: list[Source] = Field(min_length=1)

    def sign_label(self, sign_id: str) -> str:
        return next((s.label for s in self.window_signs if s.id == sign_id), sign_id)


@lru_cache(maxsize=1)
def invitation_guide() -> InvitationGuide:
    return InvitationGuide.model_validate(_load_yaml(BOUNDARIES_DIR / "invitation.yaml"))


class WorksheetPrompt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[a-z_]+$")
    label: str
    lines: int = Field(default=2, ge=1, le=10)


class WorksheetTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: list[str] = Field(min_length=1)
    rows: int = Field(ge=1, le=30)


class WorksheetPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: str
    intro: str = ""
    fields: list[WorksheetPrompt] = Field(default_factory=list)
    table: WorksheetTable | None = None
    checklist_from: Literal["window_signs"] | None = None


class WorksheetTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    intro: str
    sections: list[WorksheetPart] = Field(min_length=1)


class WorksheetLibrary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    last_reviewed: date
    sources: list[Source] = Field(min_length=1)
    worksheets: list[WorksheetTemplate] = Field(min_length=1)

    def get(self, worksheet_id: str) -> WorksheetTemplate:
        return next(w for w in self.worksheets if w.id == worksheet_id)


@lru_cache(maxsize=1)
def worksheet_library() -> WorksheetLibrary:
    return WorksheetLibrary.model_validate(_load_yaml(BOUNDARIES_DIR / "worksheets.yaml"))


# -- typical phase lengths ----------------------------------------------------------------

REFERENCE_FILE = CONTENT_DIR / "reference" / "phase_lengths.yaml"


class ReferenceBand(BaseModel):
    kind: PhaseKind | Literal["treatment"]
    row: str | None = None
    typical_days: int = Field(gt=0, le=730)
    typical_text: str = Field(min_length=1)
    note: str = Field(min_length=1)
    source: str = Field(min_length=1)
    url: HttpUrl


class PhaseReference(BaseModel):
    """Typical phase lengths from the research notes, each with its source."""

    last_reviewed: date
    bands: list[ReferenceBand] = Field(min_length=1)


@lru_cache(maxsize=4)
def phase_reference(path: Path = REFERENCE_FILE) -> PhaseReference:
    """Typical phase lengths; a band's kind is an EventKind (or the whole "treatment")."""
    try:
        return PhaseReference.model_validate(_load_yaml(path))
    except ValueError as exc:
        raise ContentError(f"{path.name}: {exc}") from None


# -- hosted mode wording --------------------------------------------------------------------


class Notice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    body: str


class SignInWords(Notice):
    button: str


class WelcomeWords(Notice):
    code_label: str
    code_button: str


class HostingWords(BaseModel):
    """Sign-in, roles and the refusal page of a home Harbor reachable from other machines."""

    model_config = ConfigDict(extra="forbid")

    exposed: Notice
    hosted_needs_postgres: Notice
    hosted_as_owner: Notice
    sign_in: SignInWords
    welcome: WelcomeWords
    not_allowed: Notice
    roles: dict[str, str]
    sign_out: str


@lru_cache(maxsize=1)
def hosting_words() -> HostingWords:
    return HostingWords.model_validate(_load_yaml(RESOURCES_DIR / "hosting.yaml"))
