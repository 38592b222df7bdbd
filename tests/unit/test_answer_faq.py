"""An FAQ answer quoted for a question near the FAQ's own: its "Yes" only for a yes-or-no."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
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


def _faq(question: str, answer: str) -> Passage:
    sentences = tuple(s.strip() + "." for s in answer.split(".") if s.strip())
    return Passage("f2", "faq.yaml", "FAQ", "", "faq", answer, sentences, question=question)


def _compose(
    question: str, faq: Passage, similarity: float, runner_up: float = 0.0
) -> tuple[bool, str]:
    answerer = Answerer(
        AnswerPolicy(),
        lambda p: np.ones((len(p.sentences), 2)) / 2**0.5,
        Lexicon(np.array(["alpha"]), np.eye(1, 2)),
    )
    vector = np.array([1.0, 0.0])
    answer = answerer.compose(
        question, question, vector, [Hit(faq, 1.0, 0.3)], (faq, similarity), [], None, runner_up
    )
    return answer.via == "faq", answer.answer


DOG = _faq(
    "Can I bring my dog to the museum?",
    "No, pets are not allowed inside the museum. Assistance dogs are welcome.",
)


def test_a_question_the_faq_asks_in_more_detail_takes_its_answer() -> None:
    # A short question's cosine to the FAQ's longer one is low (0.79 here for the real model).
    via_faq, text = _compose("can i bring my dog", DOG, 0.79)
    assert via_faq and text.startswith("No, pets are not allowed")
    # A word the FAQ's question lacks, or another question word, keeps the threshold.
    assert not _compose("can i bring my parrot", DOG, 0.79)[0]
    assert not _compose("who can bring a dog", DOG, 0.79)[0]
    # The FAQ may ask more than the question does, with more question words.
    centre = _faq("Where is the depot and when is it open?", "The depot is at 14 Pier Road.")
    assert _compose("where is the depot", centre, 0.6)[0]
    # Another FAQ question as near: the question is too vague to pick this one.
    assert not _compose("can i bring my dog", DOG, 0.79, runner_up=0.77)[0]
    # Far below, even every word held is not enough.
    assert not _compose("can i bring my dog", DOG, 0.3)[0]


def test_a_hyphenated_word_matches_its_joined_spelling() -> None:
    wifi = _faq("Is there free Wi-Fi?", "Yes, connect to the Guest network. It needs no password.")
    via_faq, text = _compose("is there wifi", wifi, 0.76)
    assert via_faq and "Guest network" in text


def test_an_faq_answer_gives_what_its_own_question_asks_for() -> None:
    bikes = _faq(
        "How many bikes can I take out with one account?",
        "Up to four at a time. The account holder pays for every ride.",
    )
    # "Up to four" counts no bikes by itself; the FAQ's question says what it counts.
    via_faq, text = _compose("How many bikes can I take out with one account?", bikes, 0.97)
    assert via_faq and text.startswith("Up to four at a time.")
    # Asked for another kind of fact, the answer must hold it itself.
    assert not _compose("When can I take out bikes with one account?", bikes, 0.9)[0]


def test_a_reply_without_its_yes_answers_a_question_it_backs_in_full() -> None:
    wifi = _faq(
        "Is there free Wi-Fi?",
        "Yes, connect to the Guest network, which needs no password. The signal is weak upstairs.",
    )
    # Far from the FAQ's own question: the reply is a candidate sentence like any other.
    via_faq, text = _compose("what is the wifi password", wifi, 0.5)
    assert not via_faq
    assert text.startswith("Connect to the Guest network, which needs no password.")
    # Backed only in part, it is left out, as before.
    _, other = _compose("what is the wifi speed", wifi, 0.5)
    assert "Guest network" not in other
    # A yes-or-no question backed in full gets the reply without its "Yes" too: it states the
    # fact and never the FAQ's "Yes" ("is it possible to ask for a specific doctor?" / "you
    # can ask for a particular GP"); one backed in part does not.
    _, yes_no = _compose("does the wifi need a password", wifi, 0.5)
    assert yes_no.startswith("Connect to the Guest network, which needs no password.")
    _, near = _compose("does the wifi cost money", wifi, 0.5)
    assert "Guest network" not in near


def test_a_reply_that_leans_on_its_no_is_never_quoted_without_it() -> None:
    helmet = _faq(
        "Do I have to wear a helmet?",
        "No, not when riders keep to the park paths. Helmets are lent for free.",
    )
    # "Not when riders keep to the park paths." says nothing without its "No".
    _, text = _compose("what do riders keep to in the park", helmet, 0.5)
    assert not text.startswith("Not when")
    # A reply that stands alone is quoted without its "No".
    alone = _faq(
        "Do I have to wear a helmet?", "No, riders keep to the park paths. Helmets are lent."
    )
    _, text = _compose("what do riders keep to in the park", alone, 0.5)
    assert text.startswith("Riders keep to the park paths.")
