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


# libyaml's parser when PyYAML has it: the crisis lines on every first page parse in a
# fifth of the time. Same safe loader rules, same result.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> object:
    return yaml.load(text, Loader=_LOADER)  # a safe loader: plain data only


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
    meta = _yaml(match.group(1)) or {}
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


# -- crisis lines ---------------------------------------------------------------------


class CrisisLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    contact: str
    dial: str | None = Field(default=None, pattern=r"^[0-9]+$")
    # The number to text (an sms: link), and the word the service asks for first.
    text: str | None = Field(default=None, pattern=r"^[0-9]+$")
    text_word: str | None = Field(default=None, pattern=r"^[A-Z]+$")
    purpose: str
    kind: Literal[
        "emergency", "crisis", "treatment referral", "poison", "family support", "domestic abuse"
    ]
    status: Literal["verified", "secondary"]
    source: HttpUrl
    verified: date

    @property
    def sms_link(self) -> str | None:
        """sms:NUMBER, with the first word filled in when the service asks for one."""
        if self.text is None:
            return None
        return f"sms:{self.text}?body={self.text_word}" if self.text_word else f"sms:{self.text}"


class Region(BaseModel):
    name: str
    # Set only on the "somewhere else" entry: it asks the family to choose their country.
    ask: str = ""
    lines: list[CrisisLine] = Field(min_length=1)

    @property
    def emergency(self) -> CrisisLine:
        return next(line for line in self.lines if line.kind == "emergency")


class CrisisDirectory(BaseModel):
    default_region: str
    # Where a region code Harbor does not know lands: an entry that asks, never another
    # country's numbers shown as if they were the family's own.
    unknown_region: str
    regions: dict[str, Region]

    def region(self, code: str | None) -> Region:
        """The region's lines; no code is the default region, an unknown code asks."""
        if code is None:
            return self.regions[self.default_region]
        return self.regions.get(code, self.regions[self.unknown_region])


@lru_cache(maxsize=1)
def crisis_directory() -> CrisisDirectory:
    return CrisisDirectory.model_validate(_load_yaml(RESOURCES_DIR / "crisis_lines.yaml"))


def crisis_lines(region: str | None = DEFAULT_REGION) -> Region:
    return crisis_directory().region(region)


class EmergencyGuide(BaseModel):
    title: str
    call_now: str
    danger_signs: list[str]
    # If they are not breathing or won't wake: numbered steps, then the naloxone note.
    not_breathing_title: str
    not_breathing: list[str] = Field(min_length=1)
    naloxone: str = Field(min_length=20)
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
    last_reviewed: date
    sources: list[Source] = Field(min_length=1)


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
        return _yaml(path.read_text(encoding="utf-8"))
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
    last_reviewed: date

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


# -- glossary: plain words for the terms the guides use -------------------------------


class GlossaryTerm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    term: str = Field(min_length=2)
    also: list[str] = Field(default_factory=list)
    plain: str = Field(min_length=10)
    guide: str | None = None

    @property
    def names(self) -> list[str]:
        """The term and the other ways guides write it."""
        return [self.term, *self.also]


class Glossary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    intro: str
    last_reviewed: date
    sources: list[Source] = Field(min_length=1)
    terms: list[GlossaryTerm] = Field(min_length=1)


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    """data/learn/glossary.yaml; each term's guide must be a guide Harbor ships."""
    path = LEARN_DIR / "glossary.yaml"
    try:
        parsed = Glossary.model_validate(_load_yaml(path))
    except ValueError as exc:
        raise ContentError(f"{path.name}: {exc}") from None
    known = {module.id for module in learn_modules()}
    unknown = sorted({t.guide for t in parsed.terms if t.guide and t.guide not in known})
    if unknown:
        raise ContentError(f"{path.name}: terms point to unknown guides {unknown}")
    return parsed


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


# -- the family group curriculum (data/curriculum/) ---------------------------------------
# One file for the programme (opening statement, guidelines, safety protocol) and one per
# session (sNN-*.yaml). Every problem is a ContentError naming the file and the field, so a
# writer's slip fails the tests, never a facilitator in front of a group.

CURRICULUM_DIR = CONTENT_DIR / "curriculum"
MIN_SESSIONS = 10
SegmentKind = Literal[
    "opening", "check-in", "talk", "discussion", "activity", "break", "take-home", "close"
]
# Every session has these parts; it opens with the statement and closes with the help lines.
REQUIRED_SEGMENTS: tuple[str, ...] = (
    "opening",
    "check-in",
    "talk",
    "discussion",
    "activity",
    "take-home",
    "close",
)
REQUIRED_GUIDELINES: tuple[str, ...] = ("confidentiality", "no-labels", "passing", "cross-talk")


class Segment(BaseModel):
    """One timed part of an evening; what it shows comes from the session's other fields."""

    model_config = ConfigDict(extra="forbid")

    kind: SegmentKind
    minutes: int = Field(ge=1, le=120)


class GroupActivity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=3)
    kind: Literal["role-play", "exercise"]
    instructions: list[str] = Field(min_length=1)


class FacilitatorGuidance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    watch_for: list[str] = Field(min_length=1)
    if_danger: str = Field(min_length=20)


class GroupSession(BaseModel):
    """One evening of the programme, in Harbor's own words."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    title: str = Field(min_length=3)
    summary: str = Field(min_length=20)
    goals: list[str] = Field(min_length=1)
    modules: list[str] = Field(min_length=1)
    minutes: int = Field(ge=30, le=180)
    segments: list[Segment] = Field(min_length=len(REQUIRED_SEGMENTS))
    talk: list[str] = Field(min_length=2)
    discussion: list[str] = Field(min_length=1)
    activity: GroupActivity
    worksheet: str
    take_home: str = Field(min_length=10)
    facilitator_notes: FacilitatorGuidance
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date

    def segment_minutes(self, kind: str) -> int:
        return sum(s.minutes for s in self.segments if s.kind == kind)


class Guideline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3)
    text: str = Field(min_length=10)


class SegmentKindText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    what: str


class SafetyProtocol(BaseModel):
    """What a facilitator does when a member reports danger; the lines come from the region."""

    model_config = ConfigDict(extra="forbid")

    title: str
    intro: str
    steps: list[str] = Field(min_length=3)
    not_our_role: str


class GroupWording(BaseModel):
    """Headings and fixed sentences of the slides, the handouts and the notes page."""

    model_config = ConfigDict(extra="forbid")

    guidelines_heading: str
    help_lines_heading: str
    help_lines_lead: str
    in_danger: str
    more_help: str
    key_points: str
    take_home: str
    worksheet: str
    handout_footer: str
    notes_statement: str = Field(min_length=50)


class GroupProgramme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    subtitle: str
    intro: str
    last_reviewed: date
    opening_statement: str = Field(min_length=50)
    guidelines: list[Guideline] = Field(min_length=len(REQUIRED_GUIDELINES))
    check_in: list[str] = Field(min_length=1)
    segment_kinds: dict[SegmentKind, SegmentKindText]
    safety_protocol: SafetyProtocol
    sources: list[Source] = Field(min_length=1)
    wording: GroupWording


class Curriculum(BaseModel):
    programme: GroupProgramme
    sessions: tuple[GroupSession, ...]

    def session(self, number: int) -> GroupSession:
        """The session with this number; KeyError names the numbers there are."""
        for session in self.sessions:
            if session.number == number:
                return session
        raise KeyError(f"no session {number}; the sessions are 1 to {len(self.sessions)}")


def _validated(model: type[BaseModel], path: Path) -> BaseModel:
    """The file parsed as `model`; a problem names the file and the field, one per line."""
    try:
        raw = _yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: {exc}") from None
    from pydantic import ValidationError  # this section's own import: the top is shared

    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{path.name}: {'.'.join(str(p) for p in error['loc']) or 'file'}: {error['msg']}"
            for error in exc.errors()
        ]
        raise ContentError("\n".join(problems)) from None


def check_group_session(session: GroupSession, where: str) -> None:
    """Links and timings a model alone cannot check: modules, worksheet, minutes, order."""
    known_modules = {m.id for m in learn_modules()}
    for module in session.modules:
        if module not in known_modules:
            raise ContentError(f"{where}: modules: unknown Learn module '{module}'")
    known_sheets = {w.id for w in worksheet_library().worksheets}
    if session.worksheet not in known_sheets:
        raise ContentError(f"{where}: worksheet: unknown worksheet '{session.worksheet}'")
    total = sum(s.minutes for s in session.segments)
    if total != session.minutes:
        raise ContentError(
            f"{where}: minutes: the segments add up to {total} minutes, not {session.minutes}"
        )
    kinds = [s.kind for s in session.segments]
    missing = [kind for kind in REQUIRED_SEGMENTS if kind not in kinds]
    if missing:
        raise ContentError(f"{where}: segments: no {', '.join(missing)} segment")
    if kinds[0] != "opening" or kinds[-1] != "close":
        raise ContentError(f"{where}: segments: must start with opening and end with close")


def load_curriculum(folder: Path = CURRICULUM_DIR) -> Curriculum:
    """The programme and its sessions, each checked; sessions in file (skill) order."""
    programme_path = folder / "programme.yaml"
    if not programme_path.exists():
        raise ContentError(f"{programme_path.name}: missing from {folder.name}/")
    programme = _validated(GroupProgramme, programme_path)
    assert isinstance(programme, GroupProgramme)
    ids = {g.id for g in programme.guidelines}
    for needed in REQUIRED_GUIDELINES:
        if needed not in ids:
            raise ContentError(f"programme.yaml: guidelines: no '{needed}' guideline")
    missing_kinds = [k for k in get_args(SegmentKind) if k not in programme.segment_kinds]
    if missing_kinds:
        raise ContentError(f"programme.yaml: segment_kinds: no text for {', '.join(missing_kinds)}")
    sessions = []
    for expected, path in enumerate(sorted(folder.glob("s[0-9][0-9]-*.yaml")), start=1):
        session = _validated(GroupSession, path)
        assert isinstance(session, GroupSession)
        if session.number != expected or int(path.name[1:3]) != expected:
            raise ContentError(f"{path.name}: number: expected session {expected} here")
        check_group_session(session, path.name)
        sessions.append(session)
    if len(sessions) < MIN_SESSIONS:
        raise ContentError(
            f"{folder.name}/: sessions: {len(sessions)} session files; "
            f"at least {MIN_SESSIONS} are needed"
        )
    return Curriculum(programme=programme, sessions=tuple(sessions))


@lru_cache(maxsize=1)
def curriculum() -> Curriculum:
    """The shipped curriculum, parsed and checked once per process."""
    return load_curriculum()


class PiusHelperText(BaseModel):
    """The PIUS helper's own words, with the other name families may know it by (PIVA)."""

    model_config = ConfigDict(extra="forbid")

    intro: str = Field(min_length=20)
    also_called: str = Field(min_length=20)
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date


@lru_cache(maxsize=1)
def pius_helper_text() -> PiusHelperText:
    path = CONTENT_DIR / "boundaries" / "pius_helper.yaml"
    parsed = _validated(PiusHelperText, path)
    assert isinstance(parsed, PiusHelperText)
    return parsed


# -- the therapy session report --------------------------------------------------------

REPORTS_DIR = CONTENT_DIR / "reports"
SuggestionId = Literal[
    "urinary",
    "lapse",
    "sleep_lower",
    "mood_lower",
    "craving_higher",
    "warning_signs",
    "boundary_crossed",
    "high_stress",
    "no_attendance",
]


class Suggestion(BaseModel):
    """A question for the care team, and the reason (quoting the log) that brings it up."""

    model_config = ConfigDict(extra="forbid")

    id: SuggestionId
    reason: str
    ask: str


class ReportWording(BaseModel):
    """Every sentence of the session report that is not the family's own data."""

    model_config = ConfigDict(extra="forbid")

    title: str
    intro: str
    privacy: str
    disclaimer: str
    empty: str
    no_images: str
    sections: dict[str, str]
    nothing: dict[str, str]
    talk_about: dict[str, str]
    high_stress: int = Field(ge=0, le=10)
    family_questions: str
    suggested_questions: str
    suggestions: list[Suggestion] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date

    @field_validator("suggestions")
    @classmethod
    def _every_rule_has_words(cls, value: list[Suggestion]) -> list[Suggestion]:
        missing = set(get_args(SuggestionId)) - {s.id for s in value}
        if missing:
            raise ValueError(f"no wording for the suggestion rules {sorted(missing)}")
        return value

    def suggestion(self, suggestion_id: str) -> Suggestion:
        return next(s for s in self.suggestions if s.id == suggestion_id)


@lru_cache(maxsize=1)
def report_wording() -> ReportWording:
    return ReportWording.model_validate(_load_yaml(REPORTS_DIR / "session_report.yaml"))


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


class RoleSwitchWords(BaseModel):
    """A listed facilitator who is also in a family switches between the two in the sidebar."""

    model_config = ConfigDict(extra="forbid")

    label: str
    facilitator: str
    # The family side, named by the person's roles there: caregiver only, invited therapist
    # only, or both (a caregiver of one family invited into another).
    family: str
    invited: str
    family_or_invited: str


class HostingWords(BaseModel):
    """Sign-in, roles and the refusal page of a home Harbor reachable from other machines."""

    model_config = ConfigDict(extra="forbid")

    exposed: Notice
    hosted_needs_postgres: Notice
    hosted_as_owner: Notice
    sign_in: SignInWords
    welcome: WelcomeWords
    not_allowed: Notice
    # The provider named someone with an empty or too long issuer or subject (see
    # access.Person): nobody is signed in, and the page says why.
    identity_refused: Notice
    roles: dict[str, str]
    sign_out: str
    # The Facilitator page's notes statement when the notes are in the hosted database.
    notes_statement: str = Field(min_length=50)
    switch: RoleSwitchWords
    sources: list[Source] = Field(min_length=1)
    last_reviewed: date


@lru_cache(maxsize=1)
def hosting_words() -> HostingWords:
    return HostingWords.model_validate(_load_yaml(RESOURCES_DIR / "hosting.yaml"))
