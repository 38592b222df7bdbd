"""Questions that ask what the documents are about, and the passage that answers them."""

from __future__ import annotations

import pytest

from app.overview import asks_for_overview, document_titles, lead_passage
from app.types import Passage

GIST = [
    "tell me everything",
    "What is this article about?",
    "what's this about",
    "Summarize the article",
    "tl;dr",
    "Give me the main points",
    "What happened?",
    "What's the story?",
    "What does the FAQ cover?",
    "Can you give me a quick summary?",
    "List the key points",
    "What is going on?",
    "What should I know?",
    "Can you summarize the story in one sentence?",
]
TOPICAL = [
    "everything about Lorien",
    "What is the article about Taiwan?",  # names a topic: retrieval answers it
    "What happened in Beijing?",
    "Summarize what Bessent said",
    "hello",
    "What is the weather?",
    "What do I need to know about the chips?",
    "List the companies",
    "",
]


@pytest.mark.parametrize("question", GIST)
def test_a_question_naming_no_topic_asks_for_the_gist(question: str) -> None:
    assert asks_for_overview(question)


@pytest.mark.parametrize("question", TOPICAL)
def test_a_question_with_a_topic_of_its_own_does_not(question: str) -> None:
    assert not asks_for_overview(question)


def test_after_other_questions_only_the_documents_named_ask_for_the_gist() -> None:
    # "What is it about?" after "What is Mythos?" asks about Mythos.
    assert not asks_for_overview("What is it about?", ["What is Mythos?"])
    assert asks_for_overview("What is this article about?", ["What is Mythos?"])
    # Naming the article as where to look, "it" still points back at the earlier subject.
    earlier = ["What did the president call the most sensitive issue?"]
    assert not asks_for_overview("how does the table in the article describe it?", earlier)
    assert asks_for_overview("summarise this article for me", earlier)


def passage(source: str, kind: str, text: str) -> Passage:
    question = "Q?" if kind == "faq" else None
    return Passage(f"{source}-{text}", source, source, "", kind, text, (text,), question)  # type: ignore[arg-type]


def test_the_lead_is_the_opening_of_the_document_with_the_most_prose() -> None:
    passages = [
        passage("a-faq.yaml", "faq", "An answer."),
        passage("b-note.md", "text", "A short note."),
        passage("c-guide.md", "text", "The guide opens here."),
        passage("c-guide.md", "row", "Plan — Price: $8"),
        passage("c-guide.md", "text", "The guide goes on."),
    ]
    lead = lead_passage(passages)
    assert lead is not None and lead.text == "The guide opens here."


def test_a_tie_goes_to_the_first_document_and_faq_only_has_no_lead() -> None:
    first = passage("a.md", "text", "First.")
    assert lead_passage([first, passage("b.md", "text", "Second.")]) == first
    assert lead_passage([passage("faq.yaml", "faq", "An answer.")]) is None


def test_titles_put_the_lead_first_and_keep_a_companion_with_its_document() -> None:
    faq = Passage("f", "t-faq.yaml", "Talks: FAQ", "", "faq", "A.", ("A.",), "Q?")
    notes = Passage("n", "notes.md", "Notes", "", "text", "N.", ("N.",))
    talks = Passage("t", "talks.md", "Talks", "", "text", "T.", ("T.",))
    assert document_titles([faq, notes, talks], talks) == ["Talks", "Notes"]
    assert document_titles([faq, notes, talks], None) == ["Talks: FAQ", "Notes", "Talks"]
