"""How far a passage backs the words of a question."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer, AnswerPolicy
from app.lexicon import Lexicon
from app.types import Hit, Passage


def test_a_table_row_backs_a_question_about_the_table() -> None:
    answerer = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["x"]), np.eye(1, 2))
    )
    text = "Diplomacy — Focus: Lorien's status."
    row = Passage("r1", "doc.md", "Landscape", "Landscape", "row", text, (text,))
    prose = Passage("t1", "doc.md", "Landscape", "Landscape", "text", text, (text,))
    question = "How does the table describe Lorien's status?"
    assert (
        answerer.support(question, "", row).missing < answerer.support(question, "", prose).missing
    )


def test_an_faq_answering_yes_is_not_quoted_whole_for_a_question_only_near_its_own() -> None:
    unit = np.array([[1.0, 0.0], [1.0, 0.0]])
    answerer = Answerer(AnswerPolicy(), lambda p: unit, Lexicon(np.array(["x"]), np.eye(1, 2)))
    sentences = ("Yes, these talks are the first of their kind.", "Experts say Lorien is close.")
    faq = Passage(
        "f1",
        "faq.yaml",
        "FAQ",
        "",
        "faq",
        " ".join(sentences),
        sentences,
        question="Is this the first time they have talked?",
    )
    hits = [Hit(faq, 1.0, 0.8, 0.0, 0.0)]
    question = "Do experts say Lorien is close?"
    near = answerer.compose(question, question, np.array([1.0, 0.0]), hits, (faq, 0.75), [])
    assert near.answered
    assert not near.answer.startswith("Yes")
    assert "Experts say Lorien is close." in near.answer


def test_a_country_is_a_name_even_in_lower_case() -> None:
    # Word vectors put neighbouring countries close (0.72 here): close enough for a synonym,
    # not for a name.
    vectors = np.array([[1.0, 0.0], [0.72, (1 - 0.72**2) ** 0.5]])
    lexicon = Lexicon(np.array(["taiwan", "china"]), vectors)
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), lexicon)
    sentence = "China is getting closer."
    passage = Passage("p1", "doc.md", "Talks", "", "text", sentence, (sentence,))
    lower = answerer.support("what is happening with taiwan", "", passage, sentence)
    assert lower.score < 0.5


def test_irregular_forms_back_each_other() -> None:
    answerer = Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["x"]), np.eye(1, 2))
    )
    sentence = "A lost item is charged at its replacement cost."
    passage = Passage("p1", "guide.md", "Fines", "", "text", sentence, (sentence,))
    assert answerer.support("What if I lose an item?", "", passage, sentence).missing == 0.0
