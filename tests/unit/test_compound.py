"""Compound questions: how they are split, and how their parts' answers are merged."""

from __future__ import annotations

import json

import pytest

from app.compound import merge_answers, split_question
from app.render import Renderer
from app.slack_blocks import answer_blocks
from app.types import Answer, Source

SPLIT = [
    ("Who is Ada and what did she say?", ["Who is Ada", "what did she say?"]),
    ("Where are the talks, and who won the cup?", ["Where are the talks", "who won the cup?"]),
    ("What is Zephyr? Who made it?", ["What is Zephyr?", "Who made it?"]),
    ("Is it free; does it run offline?", ["Is it free", "does it run offline?"]),
]
WHOLE = [
    "Besides AI, what else are the two countries talking about?",  # a clause, then the question
    "Which critics warned about the sales? Give their names.",  # an instruction, not a question
    "How do the US and China differ on AI?",  # "and" inside a question
    "If the rules fail, what will the firms do?",
    "What is it? Why? How? Who? When?",  # too many parts, too short to stand alone
    "",
]


@pytest.mark.parametrize(("question", "parts"), SPLIT)
def test_a_text_asking_two_things_is_split(question: str, parts: list[str]) -> None:
    assert split_question(question) == parts


@pytest.mark.parametrize("question", WHOLE)
def test_a_text_asking_one_thing_is_kept_whole(question: str) -> None:
    assert split_question(question) == [question]


def source(n: int) -> Source:
    return Source(f"p{n}", "Guide", f"Section {n}", f"Text {n}.", 0.5)


def answered(
    question: str, parts: list[tuple[str, int]], sources: list[Source], conf: float
) -> Answer:
    return Answer(question, True, "", conf, sources, ["Q1?", "Q2?"], parts, via="extract")


def test_merged_citations_are_renumbered_and_shared_sources_kept_once() -> None:
    first = answered(
        "Who is Ada", [("Ada leads. ", 1), ("She founded it.", 2)], [source(1), source(2)], 0.9
    )
    second = answered("what did she say?", [("Ada said yes.", 1)], [source(2)], 0.6)
    merged = merge_answers("Who is Ada and what did she say?", [first, second])
    assert merged.answered and merged.missed == []
    assert [s.id for s in merged.sources] == ["p1", "p2"]
    assert merged.parts == [("Ada leads. ", 1), ("She founded it.", 2), ("Ada said yes.", 2)]
    assert merged.confidence == 0.6  # no surer than its weakest part
    assert merged.suggestions == ["Q1?", "Q2?"]


def test_a_part_the_documents_do_not_answer_is_named_in_every_format() -> None:
    first = answered("Where are the talks", [("In Lorien.", 1)], [source(1)], 0.8)
    refused = Answer("who won the <cup>?", False, "", 0.1, suggestions=["Q3?"])
    merged = merge_answers("Where are the talks, and who won the <cup>?", [first, refused])
    assert merged.answered and merged.missed == ["who won the <cup>?"]
    renderer = Renderer()
    body = renderer.body(merged)
    assert (
        body
        == 'In Lorien. [1] I couldn\'t find an answer to "who won the <cup>?" in the documents.'
    )
    assert "who won the &lt;cup\\>?" in renderer.render(merged, "markdown")  # escaped
    assert "who won the &lt;cup&gt;?" in renderer.render(merged, "html")  # escaped
    merged.answer = body
    slack = json.dumps(answer_blocks(merged))
    assert "who won the &lt;cup&gt;?" in slack


def test_parts_all_unanswered_make_a_refusal() -> None:
    refusals = [Answer("a b?", False, "", 0.2, suggestions=["Q?"]), Answer("c d?", False, "", 0.3)]
    merged = merge_answers("a b? c d?", refusals)
    assert not merged.answered and merged.confidence == 0.3 and merged.suggestions == ["Q?"]
