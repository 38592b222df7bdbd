"""The thing a question asks the price, time or place of, and the refusal when the documents
never write it."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer, AnswerPolicy
from app.answer_types import question_needs
from app.asked_thing import NOTHING, asked_thing
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
        ("When does the swimming pool open?", ("swimming", "pool")),
        ("Where is the lost property office?", ("lost", "property", "office")),
        ("How do I get to the museum?", ()),  # no price, time or place asked of a thing
        ("When was the museum founded?", ()),  # a date, not an opening time
        ("When is Dr Reid coming back from maternity leave?", ()),  # "leave", a noun
        ("Where are the talks happening?", ("talks",)),  # a verb ends the phrase
        ("where are the talks taking place?", ("talks",)),
        ("How much is parking at the station?", ("parking", "station")),
        # Which limit: a limit on the number of cases is not a weight limit.
        ("Is there a weight limit for suitcases?", ("weight",)),
        ("whats the age limit for the railcard", ("age",)),
        ("Is there a limit on how many bikes I can hire?", ()),
        ("Is there any limit?", ()),
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


def test_the_answer_must_name_the_thing_whose_hours_are_asked() -> None:
    answerer = _answerer()
    assert answerer._names_thing("office", CAFE_PAGE, OFFICE)
    assert not answerer._names_thing("cafe", CAFE_PAGE, OFFICE)
    # "It" points back to the sentence before, which names the office.
    assert answerer._names_thing("office", CAFE_PAGE, "It sells snacks.")
    # Its heading may name it: the page on Fenwick Quay is about the quay.
    assert answerer._names_thing("quay", CAFE_PAGE, OFFICE)
    assert answerer._names_thing(None, CAFE_PAGE, OFFICE)  # nothing asked of a thing
