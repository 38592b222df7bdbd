"""A question joining two names the documents only mention apart is refused."""

from __future__ import annotations

import numpy as np

from app.answer import Answerer, AnswerPolicy
from app.lexicon import Lexicon
from app.types import Hit, Passage


def _passage(pid: str, text: str) -> Passage:
    return Passage(pid, "doc.md", "Talks begin", "", "text", text, (text,))


def test_names_never_joined_in_one_passage_are_refused() -> None:
    words = np.array(["alpha"])
    answerer = Answerer(AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(words, np.eye(1, 2)))
    one = _passage("p1", "Minister Varga confirmed the talks.")
    two = _passage("p2", "The talks touched on Lorien, a sensitive issue.")
    hits = [Hit(one, 1.0, 0.5, 0.0, 0.0), Hit(two, 0.9, 0.5, 0.0, 0.0)]
    known = answerer._known_names("What did Varga say about Lorien?", hits)
    assert sorted(known) == ["lorien", "varga"]
    assert not any(answerer._mentions(h.passage, known) for h in hits)
    assert answerer._mentions(_passage("p3", "Varga spoke about Lorien."), known)
