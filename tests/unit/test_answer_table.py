"""A question about what "the table" says is answered from a table row, not from prose."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer, AnswerPolicy
from app.lexicon import Lexicon
from app.text import content_tokens
from app.types import Hit, Passage

SENTENCE = "The summit occurs alongside tense talks on Lorien's role in the relationship."
PROSE = Passage(
    "p1",
    "doc.md",
    "Talks",
    "Key points",
    "text",
    SENTENCE,
    (SENTENCE,),
)
ROW = Passage(
    "r1",
    "doc.md",
    "Talks",
    "Key points",
    "row",
    "Diplomatic Friction — Primary Focus: Addressing Lorien's status in bilateral ties.",
    ("Diplomatic Friction — Primary Focus: Addressing Lorien's status in bilateral ties.",),
)


def _quoted(question: str) -> list[str]:
    answerer = Answerer(
        AnswerPolicy(), lambda p: np.array([[1.0, 0.0]]), Lexicon(np.array(["alpha"]), np.eye(1, 2))
    )
    hits = [Hit(PROSE, 1.0, 0.7), Hit(ROW, 0.9, 0.7)]
    answer = answerer.compose(question, question, np.array([1.0, 0.0]), hits, None, [])
    return [sentence for sentence, _ in answer.parts]


def test_the_table_is_quoted_when_asked_about() -> None:
    assert _quoted("How is Lorien's role in the relationship described in the table?") == [ROW.text]


def test_without_the_table_the_nearest_sentence_answers() -> None:
    assert _quoted("What is Lorien's role in the relationship?") == [PROSE.text]


def test_asking_words_are_not_what_is_asked_about() -> None:
    assert content_tokens("How is it described, and what does it mention?") == []


def test_on_the_table_is_an_idiom_not_the_table() -> None:
    assert _quoted("Is Lorien's role in the relationship on the table?") == [PROSE.text]
