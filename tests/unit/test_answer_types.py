"""The kinds of fact a question asks for, and whether a sentence holds them."""

from __future__ import annotations

from app.answer_types import Kind, question_needs, satisfies_all


def kinds(question: str) -> list[Kind]:
    return [n.kind for n in question_needs(question)]


def test_a_question_can_ask_for_an_amount_and_a_prospect_at_once() -> None:
    assert kinds("How much revenue will the firm make from the deal?") == [
        Kind.FUTURE,
        Kind.MONEY,
    ]
    needs = question_needs("How much revenue will the firm make from the deal?")
    # A hedge ("may") without an amount does not answer it.
    assert not satisfies_all(needs, "Critics warn that the deal may help rivals.")
    assert satisfies_all(needs, "The firm will make $3 billion from the deal.")


def test_a_date_need_replaces_the_looser_time_need() -> None:
    assert kinds("When was the company founded?") == [Kind.DATE]
    assert kinds("When will the rules take effect?") == [Kind.TIME, Kind.FUTURE]


def test_plain_questions_need_nothing_in_particular() -> None:
    assert kinds("Why are the talks happening?") == [Kind.ANY]
