"""A quoted sentence that opens with a pronoun is led by the sentence that says who."""

from __future__ import annotations

from app.sentences import Candidate, with_antecedents
from app.types import Passage

SENTENCES = (
    "Scott Bessent confirmed the talks.",
    "He said the US has a lead.",
    "Critics disagree.",
)
PASSAGE = Passage("p1", "doc.md", "Talks", "Key points", "text", " ".join(SENTENCES), SENTENCES)
FAQ = Passage(
    "f1",
    "faq.yaml",
    "FAQ",
    "",
    "faq",
    "Yes, they met. They also spoke about chips.",
    ("Yes, they met.", "They also spoke about chips."),
    question="Did they meet?",
)


def cand(passage: Passage, position: int, confidence: float = 0.8) -> Candidate:
    return Candidate(0, passage, position, passage.sentences[position], confidence)


def texts(chosen: list[Candidate]) -> list[str]:
    return [c.text for c in chosen]


def test_a_pronoun_sentence_is_led_by_the_one_before() -> None:
    chosen = with_antecedents([cand(PASSAGE, 1)], limit=3)
    assert texts(chosen) == [SENTENCES[0], SENTENCES[1]]


def test_the_antecedent_is_not_quoted_twice() -> None:
    chosen = with_antecedents([cand(PASSAGE, 1), cand(PASSAGE, 0, 0.7)], limit=3)
    assert texts(chosen) == [SENTENCES[0], SENTENCES[1]]


def test_the_sentence_limit_holds() -> None:
    assert texts(with_antecedents([cand(PASSAGE, 1)], limit=1)) == [SENTENCES[1]]
    ranked = [cand(PASSAGE, 2), cand(PASSAGE, 1, 0.7)]
    # Room for one more sentence only: the pronoun sentence and its lead do not both fit.
    assert texts(with_antecedents(ranked, limit=2)) == [SENTENCES[2]]


def test_an_faq_reply_is_no_antecedent() -> None:
    # "Yes, they met." answered the FAQ's own question.
    assert texts(with_antecedents([cand(FAQ, 1)], limit=3)) == ["They also spoke about chips."]
