"""Days of the week are a closed set: a sentence naming only other days does not answer."""

from __future__ import annotations

import pytest

from app.contradict import contradicts
from app.weekdays import HOLIDAY, days_spoken_of


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Open Monday to Saturday, 07:00 to 19:00.", {0, 1, 2, 3, 4, 5}),
        ("Phone lines: Mon–Fri 9-5.", {0, 1, 2, 3, 4}),
        ("Closed between Friday and Monday.", {4, 5, 6, 0}),  # over the weekend
        ("It opens only on Tuesdays, Thursdays and Saturdays.", {1, 3, 5}),
        ("Saturday and Sunday: 09:00 to 17:00.", {5, 6}),
        ("By phone on weekdays, by email at weekends.", set(range(7))),
        ("The office is open every day.", set(range(7))),
        ("Closed on bank holidays.", {HOLIDAY}),
        # Abbreviations stand alone as other words; a duration in working days names no day.
        ("We sat in the sun.", set()),
        ("Results come back within five working days.", set()),
    ],
)
def test_days_spoken_of(text: str, days: set[int]) -> None:
    assert days_spoken_of(text) == days


@pytest.mark.parametrize(
    ("question", "text", "around", "expected"),
    [
        ("When is the ticket office open on a Sunday?", "It is open Monday to Saturday.", "", True),
        ("Is phone support available on weekends?", "By phone on weekdays 9-5.", "", True),
        ("Is it open on Wednesdays?", "It is open Monday to Saturday.", "", False),
        ("Are you open on Sundays?", "We are closed on Sundays.", "", False),
        ("Is it open on Saturday?", "Tickets cost £5.", "", False),  # names no day
        ("What time does it open?", "It is open Monday to Saturday.", "", False),
        # The passage speaks of the day asked about; the sentence tells what replaces it.
        (
            "What happens to the Thursday late opening in August?",
            "Instead, we stay open on every Friday that month.",
            "There is no Thursday late opening in August. Instead, we stay open on every "
            "Friday that month.",
            False,
        ),
    ],
)
def test_other_days_contradict(question: str, text: str, around: str, expected: bool) -> None:
    assert contradicts(question, text, around) is expected
