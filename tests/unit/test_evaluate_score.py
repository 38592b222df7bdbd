"""Scoring one labelled question: accuracy, refusals, and where a miss happened."""

from __future__ import annotations

from app.engine import Trace
from app.evaluate import Labelled, SplitReport, format_table, score
from app.types import Answer, Hit, Passage

PASSAGE = Passage("p1", "doc.md", "Talks", "", "text", "Lorien hosts the talks.", ("x",))
OTHER = Passage("p2", "doc.md", "Talks", "", "text", "Varga sells chips.", ("y",))


def _item(in_scope: bool = True) -> Labelled:
    return Labelled(
        id="q1",
        question="Where are the talks?",
        history=(),
        in_scope=in_scope,
        expect=("Lorien",) if in_scope else (),
        passage="Lorien hosts the talks" if in_scope else "",
        split="dev",
        category="paraphrase",
    )


def _trace(text: str, passages: list[Passage]) -> Trace:
    answer = Answer("Where are the talks?", bool(text), text, 0.5 if text else 0.1)
    return Trace("", tuple(Hit(p, 1.0) for p in passages), answer)


def test_a_right_answer_counts_and_ranks_its_passage() -> None:
    report = SplitReport("dev")
    score(_item(), _trace("Lorien hosts the talks. [1]", [OTHER, PASSAGE]), report)
    assert (report.correct, report.misses_retrieved, report.mrr) == (1, 0, 0.5)


def test_a_miss_says_whether_the_passage_was_retrieved() -> None:
    report = SplitReport("dev")
    score(_item(), _trace("Varga sells chips. [1]", [OTHER, PASSAGE]), report)
    score(_item(), _trace("", [OTHER]), report)
    assert (report.correct, report.false_refusals, report.misses_retrieved) == (0, 1, 1)
    assert "dev 1 of 2" in format_table({"dev": report})


def test_an_out_of_scope_question_is_right_when_refused() -> None:
    report = SplitReport("dev")
    score(_item(in_scope=False), _trace("", [OTHER]), report)
    score(_item(in_scope=False), _trace("Varga sells chips. [1]", [OTHER]), report)
    assert (report.refused_oos, report.out_of_scope, report.misses_retrieved) == (1, 2, 0)
