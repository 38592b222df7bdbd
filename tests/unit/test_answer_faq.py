"""An FAQ answer quoted for a question near the FAQ's own: its "Yes" only for a yes-or-no."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer, AnswerPolicy
from app.answer_types import asks_yes_or_no
from app.lexicon import Lexicon
from app.types import Hit, Passage

FIRST = Passage(
    "f1",
    "faq.yaml",
    "Talks FAQ",
    "Frequently Asked Questions",
    "faq",
    "Yes, these talks in Lorien are the first formal talks on safety. They began after a leak.",
    (
        "Yes, these talks in Lorien are the first formal talks on safety.",
        "They began after a leak.",
    ),
    question="Is this the first time Lorien and Varga held talks on safety?",
)


def _answer(question: str) -> list[str]:
    answerer = Answerer(
        AnswerPolicy(),
        lambda p: np.ones((2, 2)) / 2**0.5,
        Lexicon(np.array(["alpha"]), np.eye(1, 2)),
    )
    vector = np.array([1.0, 0.0])
    hits = [Hit(FIRST, 1.0, 0.9)]
    answer = answerer.compose(question, question, vector, hits, (FIRST, 0.95), [])
    assert answer.answered and answer.via == "faq"
    return [sentence for sentence, _ in answer.parts]


def test_a_yes_or_no_question_keeps_the_faq_reply() -> None:
    assert _answer("Is this the first time Lorien and Varga held talks on safety?") == list(
        FIRST.sentences
    )


def test_another_question_gets_the_faq_answer_without_its_reply() -> None:
    assert _answer("Why did Lorien and Varga hold their first talks on safety?") == [
        "These talks in Lorien are the first formal talks on safety.",
        "They began after a leak.",
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Is it free?", True),
        ("Don't members pay?", True),
        ("Can you tell me why the talks began?", False),
        ("Why did the talks begin?", False),
        ("The talks began when?", False),
    ],
)
def test_yes_or_no_questions_are_told_apart(question: str, expected: bool) -> None:
    assert asks_yes_or_no(question) is expected


def test_a_follow_up_gets_the_faq_answer_only_when_its_own_words_match() -> None:
    """The earlier question set the topic; the FAQ answer must answer the follow-up itself."""
    answerer = Answerer(
        AnswerPolicy(),
        lambda p: np.ones((2, 2)) / 2**0.5,
        Lexicon(np.array(["alpha"]), np.eye(1, 2)),
    )
    earlier = "Is this the first time Lorien and Varga held talks on safety?"
    question = "Do they want a new treaty?"
    hits = [Hit(FIRST, 1.0, 0.9)]
    vector = np.array([1.0, 0.0])
    answer = answerer.compose(question, f"{earlier} {question}", vector, hits, (FIRST, 0.95), [])
    assert answer.via != "faq"
