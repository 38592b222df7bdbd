"""A question about what "the table" (or "the FAQ") says is answered from that part of the
documents, not from prose elsewhere."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
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


FAQ = Passage(
    "f1",
    "faq.yaml",
    "Talks: FAQ",
    "",
    "faq",
    "Yes, the talks cover Lorien's role in the relationship. Trade was discussed as well.",
    ("Yes, the talks cover Lorien's role in the relationship.", "Trade was discussed as well."),
    question="Are other topics being discussed?",
)

OTHER_FAQ = Passage(
    "f2",
    "faq.yaml",
    "Talks: FAQ",
    "",
    "faq",
    "The relationship was discussed at the summit.",
    ("The relationship was discussed at the summit.",),
    question="What was discussed?",
)


def _quoted(question: str, hits: tuple[Passage, ...] = (PROSE, ROW)) -> list[str]:
    answerer = Answerer(
        AnswerPolicy(),
        lambda p: np.array([[1.0, 0.0]] * len(p.sentences)),
        Lexicon(np.array(["alpha"]), np.eye(1, 2)),
    )
    hits = [Hit(p, 1.0 - 0.1 * i, 0.7) for i, p in enumerate(hits)]
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


def test_the_faq_is_quoted_when_asked_about_without_its_yes() -> None:
    # The FAQ's "Yes," answered the FAQ's own question, so only the statement is quoted.
    asked = "What does the FAQ say about Lorien's role in the relationship?"
    assert _quoted(asked, (PROSE, FAQ)) == ["The talks cover Lorien's role in the relationship."]


def test_without_the_faq_its_yes_reply_is_quoted_only_without_its_yes() -> None:
    # A question the reply backs word for word may get it, never its "Yes".
    asked = "What is Lorien's role in the relationship?"
    assert _quoted(asked, (PROSE, FAQ)) == [
        PROSE.text,
        "The talks cover Lorien's role in the relationship.",
    ]
    # So may a yes-or-no question it backs word for word: the reply states the fact, in the
    # documents' words, and its "Yes" (the FAQ's own question's answer) is never quoted.
    yes_or_no = _quoted("Is Lorien's role in the relationship covered?", (PROSE, FAQ))
    assert "The talks cover Lorien's role in the relationship." in yes_or_no
    assert not any(s.startswith("Yes") for s in yes_or_no)


def test_when_the_faq_does_not_answer_the_rest_of_the_documents_may() -> None:
    # The FAQ never names Lorien; the prose does, and its source says where it comes from.
    asked = "What does the FAQ say about Lorien's role in the relationship?"
    assert _quoted(asked, (PROSE, OTHER_FAQ)) == [PROSE.text]


def test_asked_whether_the_faq_mentions_it_only_the_faq_answers() -> None:
    # A sentence from elsewhere would read as the FAQ's yes.
    asked = "Does the FAQ mention Lorien's role in the relationship?"
    assert _quoted(asked, (PROSE, OTHER_FAQ)) == []
