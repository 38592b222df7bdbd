"""Phrasal verbs are backed by the single verbs they mean: "take out" by "borrow"."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.lexicon import Lexicon
from app.phrasal import phrasal_meanings
from app.types import Passage


@pytest.mark.parametrize(
    ("question", "verb", "means"),
    [
        ("How many books can I take out at once?", "take", "borrow"),
        ("How many books can I take the books out?", "take", "borrow"),
        ("What are the two countries trying to set up?", "set", "establish"),
        ("Where can I drop off my books?", "drop", "return"),
        ("When did she come back?", "come", "return"),
        ("How early should I sort my jabs out?", "sort", "arrange"),
        ("Who is setting up the rules?", "setting", "establish"),
    ],
)
def test_a_verb_with_its_particle_means_a_single_verb(question: str, verb: str, means: str) -> None:
    assert means in phrasal_meanings(question)[verb]


@pytest.mark.parametrize(
    "question",
    [
        "Can I get tickets in advance?",  # a preposition's object sits between: no "get in"
        "Can I take my dog?",
        "What did they set?",
        "How do I set the big wall clock up?",  # too far apart
    ],
)
def test_no_phrasal_verb(question: str) -> None:
    assert phrasal_meanings(question) == {}


def test_take_out_is_backed_by_borrow() -> None:
    # Vectors that link no two words: only the phrasal meaning can back "take".
    lexicon = Lexicon(np.array(["take", "borrow", "books"]), np.eye(3))
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 3)), lexicon)
    sentence = "Members can borrow up to 12 books at a time."
    passage = Passage("p1", "guide.md", "Guide", "Loans", "text", sentence, (sentence,))
    out = answerer.support("How many books can I take out?", "", passage, sentence)
    plain = answerer.support("How many books can I take?", "", passage, sentence)
    assert out.score == 1.0 and out.missing == 0.0
    assert plain.missing > 0.0
