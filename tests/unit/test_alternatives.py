"""Closed sets of alternatives: a sentence naming only other members than the question's
(other days, months, ways of getting in touch, travel classes) does not answer it."""

from __future__ import annotations

import pytest

from app.alternatives import CHANNELS, DAYS, HOLIDAY, MONTHS, TRAVEL_CLASSES
from app.contradict import contradicts


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
    assert DAYS.spoken_of(text) == days


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("The garden is open from April to October.", set(range(3, 10))),
        ("Closed on 24, 25 and 26 December.", {11}),
        ("Late opening moves to Fridays in August.", {7}),
        ("From Nov to Feb the café closes early.", {10, 11, 0, 1}),
        ("Open all year.", set(range(12))),
        # "may" and "march" are words too: months when capitalised or after "in", a number…
        ("You may bring a dog; the band will march past.", set()),
        ("is it open in may?", {4}),
        ("It opens on 5 May.", {4}),
        ("May is our busiest month.", {4}),
    ],
)
def test_months_spoken_of(text: str, months: set[int]) -> None:
    assert MONTHS.spoken_of(text) == months


def test_ways_and_classes_spoken_of() -> None:
    assert CHANNELS.spoken_of("Loans can be renewed online or by calling us.") == {
        "online",
        "phone",
    }
    assert CHANNELS.spoken_of("Email lostproperty@example.org.") == {"email"}
    assert TRAVEL_CLASSES.spoken_of("Economy class is required; premium economy is not.") == {
        "economy",
        "premium economy",
    }


@pytest.mark.parametrize(
    ("question", "text", "around", "expected"),
    [
        ("When is the ticket office open on a Sunday?", "It is open Monday to Saturday.", "", True),
        ("Is phone support available on weekends?", "By phone on weekdays 9-5.", "", True),
        ("Is it open on Wednesdays?", "It is open Monday to Saturday.", "", False),
        ("Are you open on Sundays?", "We are closed on Sundays.", "", False),
        ("Is it open on Saturday?", "Tickets cost £5.", "", False),  # names no day
        ("What time does it open?", "It is open Monday to Saturday.", "", False),
        ("Is the garden open in December?", "It is open from April to October.", "", True),
        ("Is the garden open in June?", "It is open from April to October.", "", False),
        ("Can I renew a loan by phone?", "Loans can be renewed twice online.", "", True),
        ("Can I renew a loan online?", "Loans can be renewed twice online.", "", False),
        ("Can I book first class?", "Business class may be booked for long flights.", "", True),
        ("Can I book business class?", "Business class may be booked for long flights.", "", False),
        ("Is the trail open in winter?", "The trail is busiest in summer.", "", True),
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
def test_other_alternatives_contradict(
    question: str, text: str, around: str, expected: bool
) -> None:
    assert contradicts(question, text, around) is expected
