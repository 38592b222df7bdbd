"""How far a passage backs the words of a question."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer, AnswerPolicy
from app.lexicon import Lexicon
from app.types import Passage


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
