"""The PIUS / "I statement" helper: table-driven, including the phrasing that fools naive rules."""

from __future__ import annotations

import pytest

from dashboard.rules.pius import BRIEF_MAX_WORDS, PART_LABELS, check_message

GUIDE_EXAMPLE = (
    "I felt scared last night when you came home and seemed so far away. I know things have "
    "been hard for you lately, and I've not always made it easier. I'd really like us to talk "
    "about it tomorrow. Can I help find someone for you to talk to?"
)


@pytest.mark.parametrize(
    ("text", "part", "present"),
    [
        # "I" statements
        ("I feel worried when you come home late.", "i_statement", True),
        ("i feel worried when ur out late", "i_statement", True),  # typed on a phone
        ("I’m worried about you.", "i_statement", True),  # curly apostrophe
        ("You come home late.", "i_statement", False),
        ("I feel like you don't care about us.", "i_statement", False),  # a you-message
        ("I feel that you are lying.", "i_statement", False),
        ("I feel like you don't care, and I miss you.", "i_statement", True),
        ("Iris and Ian came round.", "i_statement", False),  # names are not "I"
        # positive framing
        ("I'd love it if we could have dinner on Sunday.", "positive", True),
        ("I would really like us to talk.", "positive", True),
        ("Thank you for telling me.", "positive", True),
        ("Why don't we go for a walk?", "positive", True),
        ("I'm so proud of you.", "positive", True),
        ("You never spend time with us.", "positive", False),
        ("I don't like it when you shout.", "positive", False),  # says what they dislike
        # understanding
        ("I know things have been hard for you.", "understanding", True),
        ("I understand you're stressed at work.", "understanding", True),
        ("It must be exhausting.", "understanding", True),
        ("That sounds really hard.", "understanding", False),  # "really" in between
        ("That sounds hard.", "understanding", True),
        ("I know you lied to me.", "understanding", False),  # "I know" used to accuse
        ("I know you're a liar.", "understanding", False),
        # shared responsibility
        ("I've not always made it easier.", "shared", True),
        ("I haven't always listened.", "shared", True),
        ("I could have handled that better.", "shared", True),
        ("We're in this together.", "shared", True),
        ("Pull yourself together.", "shared", False),  # not shared at all
        ("Get it together.", "shared", False),
        # offer to help
        ("Can I help?", "offer_help", True),
        ("Is there anything I can do?", "offer_help", True),
        ("I'll drive you on Tuesday.", "offer_help", True),
        ("Would it help if I came with you?", "offer_help", True),
        ("If you need to talk, I'm here for you.", "offer_help", True),
        ("Can I pay it for you?", "offer_help", True),
        ("I'd love to help with your bus pass.", "offer_help", True),
        ("You need help.", "offer_help", False),  # help, but not an offer
        ("Can I ask where you were?", "offer_help", False),
        # naming a feeling
        ("I feel a bit worried.", "feeling", True),
        ("I'm really scared.", "feeling", True),
        ("I love you.", "feeling", True),
        ("You make me sad.", "feeling", False),  # a feeling word, but blamed on them
        # specific
        ("Could we talk on Sunday afternoon?", "specific", True),
        ("Please be home by 11pm.", "specific", True),
        ("Could you be home by midnight?", "specific", True),
        ("Be more responsible.", "specific", False),
        # brief
        ("I'd love to see you tonight.", "brief", True),
        ("I worry. " * 30, "brief", False),  # too many sentences
        ("I " + "really " * (BRIEF_MAX_WORDS + 1) + "care.", "brief", False),  # too many words
    ],
)
def test_parts(text: str, part: str, present: bool) -> None:
    assert check_message(text).part(part).present is present


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        (GUIDE_EXAMPLE, set()),
        ("You always lie to me.", {"absolute", "blame"}),
        ("You never help.", {"absolute"}),
        ("Every time you go out, this happens.", {"absolute"}),
        ("You don't ever listen.", {"absolute"}),
        ("You're always late.", {"absolute"}),
        # praise and care are not accusations
        ("You always make me laugh.", set()),
        ("You've always been there for me.", set()),
        ("You're always welcome here.", set()),
        ("I never want to lose you.", set()),
        # blame and labels, and their negations
        ("It's your fault.", {"blame"}),
        ("It's not your fault.", set()),
        ("This isn't your fault.", set()),
        ("I'm not blaming you.", set()),
        ("No one is blaming you.", set()),
        ("You're so selfish.", {"blame"}),
        ("You're not selfish.", set()),
        ("You're an addict.", {"blame"}),
        ("I'm reading about addiction.", set()),  # the word, not the label
        ("You're ruining this family.", {"blame"}),
        ("I don't want to ruin your evening.", set()),
        ("What's wrong with you?", {"blame"}),
        ("I feel like you don't care.", {"disguised_you"}),
        # "clean" and "dirty" said of a person, not of things
        ("You've been clean for a week.", {"clean_dirty"}),
        ("Are you clean?", set()),  # a question about a place or a thing as often as not
        ("You're dirty again.", {"clean_dirty"}),
        ("I hope you stay clean.", {"clean_dirty"}),
        ("He came home dirty.", {"clean_dirty"}),
        ("Getting clean is hard.", {"clean_dirty"}),
        ("I'm proud you got clean.", {"clean_dirty"}),
        ("Could you clean the kitchen on Sunday?", set()),
        ("The dishes are dirty.", set()),
        ("I'll keep the house clean.", set()),
        ("You haven't used this week.", set()),
        # questions, demands, negative requests
        ("Why won't you just get help?", {"why_question"}),
        ("Why don't we go for a walk on Saturday?", set()),
        ("You need to stop.", {"demand"}),
        ("You have to go to rehab.", {"demand"}),
        ("You don't have to decide now.", set()),
        ("If you need to talk, I'm here.", set()),
        ("Stop using.", {"negative_request"}),
        ("No more lies.", {"negative_request"}),
        # vague, shouting, long
        ("Get your act together.", {"vague"}),
        ("You need to do better.", {"demand", "vague"}),
        ("I'd like to do better at listening.", set()),
        ("STOP LYING TO ME", {"blame", "negative_request", "shouting"}),
        ("Come home!!", {"shouting"}),
        ("I read about CBT on the NHS site.", set()),  # acronyms are not shouting
        ("I " + "really " * (BRIEF_MAX_WORDS + 1) + "care.", {"long"}),
    ],
)
def test_flags(text: str, flags: set[str]) -> None:
    assert check_message(text).flag_keys == flags


def test_the_guide_example_has_every_part() -> None:
    check = check_message(GUIDE_EXAMPLE)
    assert check.present == set(PART_LABELS)
    assert check.flags == ()
    assert check.suggestions() == []


def test_a_harsh_message_gets_gentle_suggestions_not_a_score() -> None:
    check = check_message("You always lie to me. You're ruining this family!!")
    suggestions = check.suggestions()
    assert suggestions[0].startswith("“Always” and “never”")
    assert any("Words of blame" in s for s in suggestions)
    assert any(s.startswith("Start from yourself") for s in suggestions)
    text = " ".join(suggestions).lower()
    for judgment in ("score", "%", "/10", "grade", "bad", "wrong"):
        assert judgment not in text


def test_flags_name_the_words_that_triggered_them() -> None:
    check = check_message("You never call. You never visit.")
    (flag,) = check.flags
    assert flag.key == "absolute"
    assert flag.found == "you never"


def test_parts_show_the_words_that_were_found() -> None:
    check = check_message("I know things have been hard. Could we talk on Sunday?")
    assert check.part("understanding").found == "i know things"
    assert check.part("specific").found == "on sunday"
    assert check.part("offer_help").found == ""
    assert check.part("offer_help").tip.startswith("End with an offer")


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "🙂"])
def test_empty_messages(text: str) -> None:
    check = check_message(text)
    assert check.is_empty
    assert check.present == set()
    assert check.flags == ()
    assert check.suggestions() == [
        "Write what you would like to say, and Harbor will show which parts are there."
    ]


def test_counts_words_and_sentences() -> None:
    check = check_message("I love you. Could we talk tonight?\nI'll make tea.")
    assert (check.words, check.sentences) == (10, 3)


def test_markup_is_just_text() -> None:
    check = check_message("<script>alert(1)</script> [x](javascript:alert(1)) I love you")
    assert check.part("i_statement").present
    assert "<script>" in check.text
