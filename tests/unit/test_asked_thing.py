"""The thing a question asks the price, time or place of, and the refusal when the documents
never write it."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer, AnswerPolicy
from app.answer_types import question_needs
from app.asked_thing import NOTHING, Thing, asked_thing, measured
from app.lexicon import Lexicon
from app.synonyms import Synonyms
from app.text import content_stems
from app.types import Passage


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("How much does the cholera vaccine cost?", ("cholera", "vaccine")),
        ("What does a day pass cost?", ("day", "pass")),
        ("What's the price of the Westmoor Railcard?", ("westmoor", "railcard")),
        (
            "Is there a fee for the garden waste service, and how much is it?",
            ("garden", "waste", "service"),
        ),
        ("How much is it for a grown-up to get in?", ()),  # "it": the thing is elsewhere
        ("What time does the ferry leave?", ("ferry",)),
        ("When does the swimming pool open?", ("pool",)),  # "swimming" says what is done there
        ("Where is the lost property office?", ("lost", "property", "office")),
        ("How do I get to the museum?", ()),  # no price, time or place asked of a thing
        ("When was the museum founded?", ()),  # a date, not an opening time
        ("When is Dr Reid coming back from maternity leave?", ()),  # "leave", a noun
        ("Where are the talks happening?", ("talks",)),  # a verb ends the phrase
        ("where are the talks taking place?", ("talks",)),
        ("How much is parking at the station?", ("parking", "station")),
        # Which limit: a limit on the number of cases is not a toll limit; a measure's name need
        # not be written ("25 km/h" gives a speed), so only the answer is held to it.
        ("Is there a toll limit for suitcases?", ("toll",)),
        ("Is there a weight limit for suitcases?", ()),
        ("whats the age limit for the railcard", ()),
        ("Is there a limit on how many bikes I can hire?", ()),
        ("Is there any limit?", ()),
        ("what is the speed limit of the e-bikes", ()),  # a measure, told by its unit
        ("How much is the fine for a stolen bike?", ("stolen", "bike")),
        ("What's the fee for losing a bike?", ("bike",)),
    ],
)
def test_the_thing_asked_about(question: str, thing: tuple[str, ...]) -> None:
    assert asked_thing(question, question_needs(question)).words == thing


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("What time does the cafe at Fenwick Quay close?", "cafe"),
        ("how much is the hep B vaccine for travel?", "vaccine"),
        ("Where is the meeting being held?", "meeting"),
        ("When is the library open on Saturdays?", "library"),
        ("How much is it for a grown-up?", None),
        ("What's the speed limit?", "speed"),
        ("Is there a weight limit for suitcases?", "weight"),
    ],
)
def test_the_noun_the_thing_is_about(question: str, head: str | None) -> None:
    assert asked_thing(question, question_needs(question)).head == head


def test_a_question_asking_no_price_time_or_place_asks_of_nothing() -> None:
    assert asked_thing("Who made the model?", question_needs("Who made the model?")) is NOTHING


GUIDE = "Travel vaccines carry a charge. Hepatitis B costs 45 pounds a dose."


def _answerer(synonyms: Synonyms | None = None) -> Answerer:
    words = np.array(["vaccine"])
    vocabulary = frozenset(content_stems(GUIDE))
    return Answerer(
        AnswerPolicy(),
        lambda p: np.ones((1, 2)),
        Lexicon(words, np.eye(1, 2)),
        vocabulary=vocabulary,
        synonyms=synonyms,
    )


def test_a_dictionary_word_the_documents_never_write_is_never_written() -> None:
    assert _answerer()._never_written(("cholera", "vaccine"))
    assert not _answerer()._never_written(("travel", "vaccine"))


def test_short_words_unknown_words_and_synonyms_are_not_held_against_the_question() -> None:
    answerer = _answerer(Synonyms({"jab": ("vaccine",)}))
    assert not answerer._never_written(("hep", "vaccine"))  # "hep" for "hepatitis"
    assert not answerer._never_written(("vacccine",))  # a typo no dictionary knows
    assert not answerer._never_written(("jab",))  # a word of the same sense is written


def test_without_a_vocabulary_nothing_is_held_against_the_question() -> None:
    bare = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["a"]), np.eye(1, 2))
    )
    assert not bare._never_written(("cholera",))


OFFICE = "The ticket office is open every day from 07:00 to 18:00."
CAFE_PAGE = Passage(
    "p1", "stations.md", "Stations", "Fenwick Quay", "text", OFFICE, (OFFICE, "It sells snacks.")
)


def _thing(head: str, *modifiers: str) -> Thing:
    return Thing((*modifiers, head), head, modifiers)


def test_the_answer_must_name_the_thing_whose_hours_are_asked() -> None:
    answerer = _answerer()
    assert answerer._names_thing(_thing("office"), CAFE_PAGE, OFFICE)
    assert not answerer._names_thing(_thing("cafe"), CAFE_PAGE, OFFICE)
    # "It" points back to the sentence before, which names the office.
    assert answerer._names_thing(_thing("office"), CAFE_PAGE, "It sells snacks.")
    # Its heading may name it: the page on Fenwick Quay is about the quay.
    assert answerer._names_thing(_thing("quay"), CAFE_PAGE, OFFICE)
    assert answerer._names_thing(NOTHING, CAFE_PAGE, OFFICE)  # nothing asked of a thing


def test_a_word_saying_which_one_or_the_documents_own_voice_names_the_thing() -> None:
    answerer = _answerer()
    rabies = "Rabies: 60 pounds per dose"
    page = Passage("p2", "services.md", "Services", "Travel health", "text", rabies, (rabies,))
    assert answerer._names_thing(_thing("vaccine", "rabies"), page, rabies)
    assert not answerer._names_thing(_thing("vaccine", "cholera"), page, rabies)
    ours = "On Friday we close at 6pm."
    home = Passage("p3", "guide.md", "Guide", "Hours", "text", ours, (ours,))
    assert answerer._names_thing(_thing("practice"), home, ours)


def test_a_measure_is_told_by_its_unit() -> None:
    assert measured("speed", "The motor stops helping at 25 km/h.")
    assert measured("weight", "Bags may weigh up to 23 kg each.")
    assert measured("age", "Riders aged 16 and 17 need an adult.")
    assert not measured("weight", "Each passenger may bring up to three items of luggage.")
    assert not measured("colour", "The bikes are 25 km/h machines.")  # no unit for a colour
