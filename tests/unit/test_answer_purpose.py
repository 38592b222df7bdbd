"""A question about what a thing is for wants its stated purpose, when the passages read
state one; when none does, what they say of the thing is the best the documents give."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.answer_types import Kind, question_needs
from app.lexicon import Lexicon
from app.types import Hit, Passage


def _passage(pid: str, *sentences: str) -> Passage:
    return Passage(pid, "guide.md", "Guide", "Rules", "text", " ".join(sentences), sentences)


def _answerer() -> Answerer:
    words = np.array(["scheme"])
    return Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(words, np.eye(1, 2)))


def test_the_purpose_need_stands_when_a_passage_states_one() -> None:
    needs = question_needs("What is the point of the scheme?")
    stated = _passage("p1", "The scheme is meant to prevent delays.")
    hits = [Hit(stated, 1.0, 0.5, 0.0, 0.0)]
    assert [n.kind for n in _answerer()._purpose_if_stated(needs, hits)] == [Kind.PURPOSE]


def test_without_a_stated_purpose_the_question_asks_for_nothing_in_particular() -> None:
    needs = question_needs("What is the point of the scheme?")
    told = _passage("p1", "You can claim compensation through the scheme.")
    hits = [Hit(told, 1.0, 0.5, 0.0, 0.0)]
    assert [n.kind for n in _answerer()._purpose_if_stated(needs, hits)] == [Kind.ANY]
