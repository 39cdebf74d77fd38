"""The PIUS / "I statement" helper: which parts of positive communication a message has.

CRAFT's positive communication is Positive, "I" statements, Understanding and Shared
responsibility, kept brief and specific, naming a feeling and offering help (see the
"Positive communication (PIUS)" guide). This is a writing helper, not a judge: it shows
which parts are there and offers gentle suggestions. It never scores the message, or the
person who wrote it. The rules are plain regular expressions, so they are easy to read,
test and improve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BRIEF_MAX_WORDS = 60
BRIEF_MAX_SENTENCES = 4
LONG_SENTENCE_WORDS = 30


@dataclass(frozen=True)
class Part:
    """One part of PIUS: whether it is there, the words that showed it, and how to add it."""

    key: str
    label: str
    present: bool
    found: str
    tip: str


@dataclass(frozen=True)
class Flag:
    """Something that can make a message harder to hear, with a kinder way to say it."""

    key: str
    found: str
    suggestion: str


@dataclass(frozen=True)
class MessageCheck:
    text: str
    words: int
    sentences: int
    parts: tuple[Part, ...]
    flags: tuple[Flag, ...]

    @property
    def is_empty(self) -> bool:
        return self.words == 0

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    @property
    def present(self) -> set[str]:
        return {p.key for p in self.parts if p.present}

    @property
    def flag_keys(self) -> set[str]:
        return {f.key for f in self.flags}

    def suggestions(self) -> list[str]:
        """Gentle next steps: what to soften first, then what could be added."""
        if self.is_empty:
            return ["Write what you would like to say, and Harbor will show which parts are there."]
        return [f.suggestion for f in self.flags] + [p.tip for p in self.parts if not p.present]


def _any(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


FEELINGS = (
    r"worried|worry|scared|afraid|frightened|sad|upset|hurt|anxious|nervous|frustrated|"
    r"angry|lonely|tired|exhausted|hopeful|happy|glad|proud|grateful|relieved|concerned|"
    r"overwhelmed|stressed|stretched|heartbroken|confused|helpless|excited|calm|uneasy"
)
I_WORD = re.compile(r"\bi\b")
# "I feel like you…" starts as an I statement but goes on to describe the other person.
DISGUISED_YOU = re.compile(r"\bi (?:feel|felt) (?:that |like |as if |as though )?you")
POSITIVE = _any(
    r"i(?:'d| would) (?:really )?(?:love|like|enjoy|be (?:so )?(?:glad|happy|grateful))",
    r"i (?:really )?(?:love|appreciate|appreciated|enjoy|enjoyed|liked|loved|value|valued)",
    r"i(?:'m| am) (?:so |really )?(?:glad|proud|grateful|happy|looking forward|hoping)",
    r"i hope",
    r"it (?:would|will) mean (?:a lot|so much|the world)",
    r"thank you|thanks",
    r"would you (?:be willing|like|be up for|consider)",
    r"could we|can we|shall we|why don't we|let's|how about",
    r"it was (?:great|lovely|good|nice)",
)
UNDERSTANDING = _any(
    r"i (?:know|understand|can see|see|get|realise|realize|imagine|can imagine|can tell|hear)"
    r" (?:that |how |why )?(?:it|it's|it is|this|things|work|life|you|you've|you're|you are"
    r"|you feel|you have|it has|it's been|these)",
    r"i get it",
    r"it must (?:be|feel|have been)",
    r"must be (?:hard|tough|difficult|exhausting|scary|frightening)",
    r"(?:that|it) sounds (?:hard|tough|difficult|exhausting|scary|frightening)",
    r"(?:it's|it has|it is|things have) been (?:so |really )?(?:hard|tough|difficult|a lot|rough)",
    r"that makes sense|makes sense",
)
SHARED = _any(
    r"i (?:haven't|have not) always",
    r"i've not always",
    r"i (?:could|should|might|may) have",
    r"i know i(?:'ve| have)",
    r"i(?:'ve| have) (?:also )?been (?:short|hard|sharp|distant|busy|snappy|impatient|"
    r"critical|quick to)",
    r"i(?:'ve| have) made (?:it|things) harder",
    r"i(?:'m| am) partly",
    r"my part|my share|on me too|my fault too|part of this is",
    r"we(?:'re| are) in this together|(?<!it )(?<!yourself )(?<!act )together",
    r"both of us|as a family",
)
OFFER_HELP = _any(
    r"(?:can|could|how can|may|shall) i (?:help|drive|come|go|call|pay|sit|book|take)",
    r"i(?:'d| would) (?:love|like) to help",
    r"what can i do",
    r"(?:is there )?anything i can do",
    r"i (?:can|could) (?:help|drive|come|go|call|pay|sit|book|take)",
    r"i(?:'d| would) be (?:happy|glad) to",
    r"i(?:'ll| will) (?:help|drive|come|go|call|pay|sit|book|take|be there)",
    r"would it help if",
    r"(?:do you )?want me to",
    r"would you like me to",
    r"i(?:'m| am) here (?:for you|to help|if)",
)
FEELING = re.compile(
    r"\bi(?:'m| am| feel| felt| was| get| got|'ve been| have been| keep feeling)"
    rf"(?: (?:so|really|very|a bit|a little|quite|feeling|getting))* (?:{FEELINGS})\b"
    r"|\bi (?:love|miss|worry|care about)\b"
)
WEEKDAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
SPECIFIC = _any(
    rf"(?:on |this |next |every )?(?:{WEEKDAYS})s?",
    r"tonight|tomorrow|today|this (?:evening|weekend|week|morning|afternoon)",
    r"next (?:week|weekend|month|time)",
    r"(?:at|by|before|after|until) (?:\d{1,2}(?::\d\d)?(?: ?[ap]m)?|noon|midnight|seven|eight|"
    r"nine|ten|eleven|twelve|six|five)",
    r"\d{1,2}(?::\d\d)? ?[ap]m",
    r"midnight|noon|o'clock",
)
VAGUE = _any(
    r"more responsible",
    r"get your act together",
    r"sort (?:yourself|your life|your head) out",
    r"grow up",
    r"you(?:'ve| have)? (?:to |need to |should |must |could |got to )?(?:be|do) better",
    r"change your ways",
    r"get it together",
    r"pull yourself together",
    r"shape up",
    r"be normal",
)
ABSOLUTE = _any(
    r"you(?:'re| are|'ve| have)? (?:always|never|constantly|forever)",
    r"every (?:single )?time you",
    r"you (?:don't|do not|won't|will not|can't|cannot|didn't|did not) ever",
)
# After "you always", words like these make it praise, not a charge.
KIND_ABSOLUTE = re.compile(
    r"(?:make|made|makes) me (?:laugh|smile|feel better|happy|proud)|cheer|help|bring|"
    r"know how to|been there|been kind|been good|have my back|look out for|welcome|in my|"
    r"loved|will be"
)
BLAME = _any(
    r"(?:it's |it is )?your (?:own )?fault",
    r"you(?:'re| are) to blame",
    r"blam(?:e|ing) you",
    r"because of you",
    r"you made me",
    r"you make me (?:so )?(?:angry|mad|sick|furious|miserable|sad|crazy|ill)",
    r"what(?:'s| is) wrong with you",
    r"how could you",
    r"selfish|lazy|liar|junkie|druggie|addict|useless|pathetic|disgrace|disgusting",
    r"you ruin|ruin(?:ing|ed|s) (?:this|our|my|the|everything|your|it|us)",
    r"waste of (?:space|time|a life)|wasting your life",
    r"ashamed of you",
    r"(?:lie|lies|lying|lied) to me",
    r"you(?:'re| are) (?:so |such )?(?:a )?(?:stupid|hopeless|impossible|mess|failure|"
    r"irresponsible|idiot|joke)",
)
# "Clean" and "dirty" said of a person (not of a kitchen or the dishes) judge the person;
# "not using" and "using" say what happened.
CLEAN_DIRTY = re.compile(
    r"\b(?:(?:you|he|she|they|we|i)(?:'re|'s|'ve been|'d been| are| is| was| were| have been"
    r"| has been| had been| look| looked| seem| seemed)"
    r"|(?:stay|stays|stayed|staying|get|gets|got|getting|keep|keeps|kept|keeping|be|being|been"
    r"|come home|came home|a))"
    r"(?: (?:so|really|completely|totally|finally|still|not|never))* (?:clean|dirty)\b"
    r"(?! (?:the|your|my|our|up|dishes|clothes|kitchen|room|house|laundry|car|plates))"
)
NEGATED = re.compile(r"(?:\bnot|n't|\bno|\bnever)(?: \w+){0,2}\s*$")
WHY_QUESTION = _any(r"why (?:can't|won't|don't|didn't|do|did|are|were|would|will|can) you")
DEMAND = _any(r"you (?:should|need to|have to|must|had better|better|'ve got to|have got to)")
CONDITIONAL = re.compile(r"\b(?:if|whenever|when|in case|unless)\s+$")
NEGATIVE_REQUEST = _any(
    r"(?:stop|quit) \w+ing",
    r"don't you dare",
    r"i (?:don't|do not) want you to",
    r"no more",
    r"never again",
)
SHOUT_WORD = re.compile(r"\b[A-Z]{3,}\b")
NOT_SHOUTING = {"CBT", "NHS", "NIDA", "SMART", "CRAFT", "PIUS", "SAMHSA", "ADHD", "USA", "GP"}

PART_LABELS: dict[str, str] = {
    "positive": "Positive",
    "i_statement": '"I" statement',
    "understanding": "Understanding",
    "shared": "Shared responsibility",
    "offer_help": "Offer to help",
    "feeling": "Names a feeling",
    "specific": "Specific",
    "brief": "Brief",
}
PART_TIPS: dict[str, str] = {
    "positive": "Say what you would like to happen, e.g. “I'd love it if we could…”.",
    "i_statement": "Start from yourself: “I feel worried when…” rather than “You…”.",
    "understanding": "Show you see their side: “I know things have been hard for you.”",
    "shared": "Accept a small share, even a tiny one: “I know I haven't always made it easier.”",
    "offer_help": "End with an offer: “Is there anything I can do to help?”",
    "feeling": "Name one feeling, such as worried, sad or hopeful: feelings are hard to dispute.",
    "specific": "Ask for one clear thing, with a when: “Could we talk on Sunday afternoon?”",
    "brief": "Keep it to one to three short sentences; save the rest for another time.",
}


def normalise(text: str) -> str:
    """Straight quotes, single spaces: phones type curly apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"\s+", " ", text.replace("\u201d", '"')).strip()


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if re.search(r"\w", s)]


def _word_count(text: str) -> int:
    return len(re.findall(r"[\w']+", text))


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(0) if match else ""


def _not_negated(pattern: re.Pattern[str], text: str, guard: re.Pattern[str]) -> list[str]:
    """Matches of `pattern` that `guard` does not cancel (e.g. "not your fault")."""
    return [m.group(0) for m in pattern.finditer(text) if not guard.search(text[: m.start()])]


def _i_statement(lower: str) -> str:
    disguised = {m.start() for m in DISGUISED_YOU.finditer(lower)}
    for match in I_WORD.finditer(lower):
        if match.start() not in disguised:
            return " ".join(lower[match.start() :].split()[:3])
    return ""


def _understanding(lower: str) -> str:
    """Understanding counts only in a sentence that does not also blame."""
    for sentence in _sentences(lower):
        found = _first(UNDERSTANDING, sentence)
        if found and not _not_negated(BLAME, sentence, NEGATED):
            return found
    return ""


def _absolutes(lower: str) -> list[str]:
    found = []
    for match in ABSOLUTE.finditer(lower):
        after = " ".join(lower[match.end() :].split()[:4])
        praise = "always" in match.group(0) or "every" in match.group(0)
        if not (praise and KIND_ABSOLUTE.match(after)):
            found.append(match.group(0))
    return found


def check_message(text: str) -> MessageCheck:
    """Which PIUS parts a message has, and gentle suggestions. Never a score."""
    clean = normalise(text)
    lower = clean.lower()
    sentences = _sentences(clean)
    words = _word_count(clean)
    longest = max((_word_count(s) for s in sentences), default=0)
    brief = 0 < words <= BRIEF_MAX_WORDS and len(sentences) <= BRIEF_MAX_SENTENCES
    brief = brief and longest <= LONG_SENTENCE_WORDS
    found = {
        "positive": _first(POSITIVE, lower),
        "i_statement": _i_statement(lower),
        "understanding": _understanding(lower),
        "shared": _first(SHARED, lower),
        "offer_help": _first(OFFER_HELP, lower),
        "feeling": _first(FEELING, lower),
        "specific": _first(SPECIFIC, lower),
        "brief": f"{words} words" if brief else "",
    }
    parts = tuple(
        Part(key, PART_LABELS[key], bool(value), value, PART_TIPS[key])
        for key, value in found.items()
    )
    return MessageCheck(clean, words, len(sentences), parts, _flags(clean, lower, words, longest))


def _flags(clean: str, lower: str, words: int, longest: int) -> tuple[Flag, ...]:
    flags: list[Flag] = []

    def add(key: str, found: list[str], suggestion: str) -> None:
        if found:
            flags.append(Flag(key, ", ".join(dict.fromkeys(found)), suggestion))

    add(
        "absolute",
        _absolutes(lower),
        "“Always” and “never” can sound like a verdict, even when it feels true. "
        "Try describing one recent time instead: “Last night, when…”.",
    )
    add(
        "blame",
        _not_negated(BLAME, lower, NEGATED),
        "Words of blame or labels describe the person, not what happened, and tend to start "
        "an argument. Try saying what you saw and how you felt.",
    )
    add(
        "clean_dirty",
        CLEAN_DIRTY.findall(lower),
        "“Clean” and “dirty” can sound like a judgement of the person. Try saying what "
        "happened instead: “You haven't used this week” or “You used last night”.",
    )
    add(
        "disguised_you",
        [m.group(0) for m in DISGUISED_YOU.finditer(lower)],
        "“I feel like you…” describes them rather than you. Try naming your own feeling: "
        "“I feel worried when…”.",
    )
    add(
        "why_question",
        WHY_QUESTION.findall(lower),
        "Questions that start “Why do you…” can sound like an accusation. Try saying what "
        "you would like instead.",
    )
    add(
        "demand",
        _not_negated(DEMAND, lower, CONDITIONAL),
        "Telling someone what they must do invites a “no”. Try asking: “Would you be "
        "willing to…?”.",
    )
    add(
        "negative_request",
        NEGATIVE_REQUEST.findall(lower),
        "This asks for something to stop. Saying what you would like to happen instead is "
        "easier to agree to.",
    )
    add(
        "vague",
        VAGUE.findall(lower),
        "This asks for a change in character, which is hard to act on. Ask for one clear "
        "action instead.",
    )
    shouting = [w for w in SHOUT_WORD.findall(clean) if w not in NOT_SHOUTING]
    if len(shouting) >= 2 or "!!" in clean:
        flags.append(
            Flag(
                "shouting",
                " ".join(shouting) or "!!",
                "Capitals and exclamation marks can read as shouting. A calm tone helps the "
                "words land.",
            )
        )
    if words > BRIEF_MAX_WORDS or longest > LONG_SENTENCE_WORDS:
        flags.append(
            Flag(
                "long",
                f"{words} words",
                f"This is {words} words long. One to three short sentences are easier to "
                "hear; try keeping the most important one and saving the rest.",
            )
        )
    return tuple(flags)
