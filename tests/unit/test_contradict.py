"""A number bounded one way in the question and the other way in the text is no answer."""

from __future__ import annotations

import pytest

from app.contradict import contradicts


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        (
            "What is the rate for trips under 20 miles?",
            "It is 45 cents for trips over 20 miles.",
            True,
        ),
        (
            "What is the rate for trips over 20 miles?",
            "It is 45 cents for trips over 20 miles.",
            False,
        ),
        ("Can I spend more than $75 a day?", "Meals are reimbursed up to $75 per day.", True),
        ("Are hotels under $300 allowed?", "The nightly hotel limit is $250.", False),
        ("How long is the trip?", "Trips over 20 miles are paid.", False),
    ],
)
def test_opposite_bounds_on_the_same_number_contradict(
    question: str, text: str, expected: bool
) -> None:
    assert contradicts(question, text) is expected


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        (
            "When will version 3.1 stop getting updates?",
            "Version 3.0 will stop getting updates.",
            True,
        ),
        (
            "When will version 3.0 stop getting updates?",
            "Version 3.0 will stop getting updates.",
            False,
        ),
        ("Does it work on Android 11?", "It works on Android 12 and later.", True),
        ("Which Android versions work?", "It works on Android 12 and later.", False),
        ("What happened in 2025?", "The talks began in 2026.", True),
    ],
)
def test_a_thing_numbered_otherwise_is_another_thing(
    question: str, text: str, expected: bool
) -> None:
    assert contradicts(question, text) is expected
