"""The thing a question asks the price, time or place of, and the refusal when the documents
never write it."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer, AnswerPolicy
from app.answer_types import question_needs
from app.asked_thing import asked_thing
from app.lexicon import Lexicon
from app.synonyms import Synonyms
from app.text import content_stems


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
    ],
)
def test_the_thing_asked_about(question: str, thing: tuple[str, ...]) -> None:
    assert asked_thing(question, question_needs(question)) == thing


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
