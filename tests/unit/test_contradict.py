"""A sentence that says something else about the question's numbers does not answer it."""

from __future__ import annotations

import pytest

from app.contradict import contradicts

Q_RATE = "What is the rate for trips under 20 miles?"
Q_VERSION = "When will version 3.1 stop getting updates?"


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        # Opposite bounds on the same number.
        (Q_RATE, "It is 45 cents for trips over 20 miles.", True),
        (Q_RATE, "It is 45 cents for trips under 20 miles.", False),
        ("Can I spend more than $75 a day?", "Meals are reimbursed up to $75 per day.", True),
        ("Are hotels under $300 allowed?", "The nightly hotel limit is $250.", False),
        ("How long is the trip?", "Trips over 20 miles are paid.", False),
        # The same thing with another number.
        (Q_VERSION, "Version 3.0 will stop getting updates.", True),
        (Q_VERSION, "Version 3.1 will stop getting updates.", False),
        ("Does it work on Android 11?", "It works on Android 12 and later.", True),
        ("Which Android versions work?", "It works on Android 12 and later.", False),
        ("What happened in 2025?", "The talks began in 2026.", True),
        # A dotted number is a version however it is named; an amount or a time is not one.
        ("What was fixed in 3.2?", "A fix is planned for version 3.3.", True),
        ("What was fixed in 3.2?", "Orbit 3.2 fixed the battery drain.", False),
        ("Is the fare $1.50?", "The fare is $2.00.", False),
        ("Is it open at 9.30?", "It opens from 9:00.", False),
        ("Is the route 1.5 km long?", "The route is 2.5 km long.", False),
        ("Does it run on iOS 16.4?", "It needs iOS 17.1 or later.", True),
        # A rate for another period.
        ("What is the fine per hour?", "Late returns cost 20 cents per item per day.", True),
        ("What is the fine per day?", "Late returns cost 20 cents per item per day.", False),
    ],
)
def test_numbers_that_disagree_contradict(question: str, text: str, expected: bool) -> None:
    assert contradicts(question, text) is expected


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("When does the exhibition finish?", "The exhibition opens on 6 February 2026.", True),
        ("when is dr blackwood coming back?", "Dr Blackwood begins her leave on 1 March.", True),
        ("When does the café close?", "The café is open from 10:00 to 16:30.", False),
        ("When does the exhibition end?", "It opens on 6 February and runs until 30 June.", False),
        ("When does the exhibition open?", "The exhibition opens on 6 February 2026.", False),
        ("What is on at the museum?", "The exhibition opens on 6 February 2026.", False),
    ],
)
def test_a_start_does_not_tell_when_something_ends(
    question: str, text: str, expected: bool
) -> None:
    assert contradicts(question, text) is expected
