"""A question that shares no word with the documents, and is far from them in meaning, is
refused however well some sentence happens to score."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.lexicon import Lexicon
from app.text import content_stems
from app.types import Hit, Passage

CAFE = "The cafe serves hot lunches, cakes and sandwiches every day."
PASSAGE = Passage("p1", "guide.md", "Guide", "Food", "text", CAFE, (CAFE,))


def _answerer(vocabulary: frozenset[str]) -> Answerer:
    # Every word is as near as can be to every other: only the new check can refuse.
    words = np.array(["recipe", "banana", "bread", "cafe", "lunches", "cakes"])
    vectors = np.tile(np.array([[1.0, 0.0]]), (len(words), 1))
    return Answerer(
        AnswerPolicy(),
        lambda p: np.array([[1.0, 0.0]]),
        Lexicon(words, vectors),
        vocabulary=vocabulary,
    )


def _answered(answerer: Answerer, question: str, dense: float) -> bool:
    hits = [Hit(PASSAGE, 1.0, dense, 0.0, 0.0)]
    return answerer.compose(question, question, np.array([1.0, 0.0]), hits, None, []).answered


def test_no_shared_word_and_far_in_meaning_is_refused() -> None:
    answerer = _answerer(frozenset(content_stems(CAFE)))
    assert not _answered(answerer, "Give me a recipe for banana bread", dense=0.2)


def test_near_in_meaning_or_one_shared_word_is_judged_as_before() -> None:
    answerer = _answerer(frozenset(content_stems(CAFE)))
    assert _answered(answerer, "Give me a recipe for banana bread", dense=0.5)
    assert _answered(answerer, "Does the cafe have banana bread", dense=0.2)


def test_without_a_vocabulary_nothing_is_judged_unrelated() -> None:
    assert _answered(_answerer(frozenset()), "Give me a recipe for banana bread", dense=0.2)
