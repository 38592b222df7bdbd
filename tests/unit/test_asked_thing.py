"""The thing a question asks the price, time, place or limit of, and whether an answering
sentence names it."""

from __future__ import annotations

import numpy as np
import pytest

from app.answer import Answerer
from app.answer_policy import AnswerPolicy
from app.answer_types import question_needs
from app.asked_thing import (
    NOTHING,
    Thing,
    asked_thing,
    free_for_another,
    measured,
    modifies_another,
)
from app.lexicon import Lexicon
from app.types import Passage


@pytest.mark.parametrize(
    ("question", "head", "modifiers"),
    [
        ("How much does the cholera vaccine cost?", "vaccine", ("cholera",)),
        ("What does a day pass cost?", "pass", ("day",)),
        ("What's the price of the Westmoor Railcard?", "railcard", ("westmoor",)),
        ("Is there a fee for the garden waste service, and how much is it?", "service", None),
        ("How much is it for a grown-up to get in?", None, ()),  # "it": the thing is elsewhere
        ("What time does the cafe at Fenwick Quay close?", "cafe", ()),  # "at…" says where
        ("how much is the hep B vaccine for travel?", "vaccine", ("hep", "b")),
        ("When does the swimming pool open?", "pool", ()),  # "swimming" says what is done there
        ("When is the library open on Saturdays?", "library", ()),
        ("Where is the lost property office?", "office", ("lost", "property")),
        ("How do I get to the museum?", None, ()),  # no price, time or place asked of a thing
        ("When was the museum founded?", None, ()),  # a date, not an opening time
        ("When is Dr Reid coming back from maternity leave?", None, ()),  # "leave", a noun
        ("Where are the talks happening?", "talks", ()),  # a verb ends the phrase
        ("where are the talks taking place?", "talks", ()),
        ("Where is the meeting being held?", "meeting", ()),
        ("How much is parking at the station?", "parking", ()),  # unless it is all there is
        ("How much is the fine for a stolen bike?", "bike", ("stolen",)),
        ("What's the fee for losing a bike?", "bike", ()),  # "losing" befalls the bike
        # Which limit: a limit on the number of cases is not a weight limit.
        ("Is there a weight limit for suitcases?", "weight", ()),
        ("whats the age limit for the railcard", "age", ()),
        ("Is there a limit on how many bikes I can hire?", None, ()),
        ("Is there any limit?", None, ()),
        # Whatever the kind of fact: how a thing is paid for, whether it may be brought.
        ("How are train tickets reimbursed?", "tickets", ("train",)),
        ("Can I take my electric scooter on the train?", "scooter", ("electric",)),
        ("Can I bring my dog?", "dog", ()),
        ("How do I change my address?", None, ()),
    ],
)
def test_the_thing_asked_about(
    question: str, head: str | None, modifiers: tuple[str, ...] | None
) -> None:
    thing = asked_thing(question, question_needs(question))
    assert thing.head == head
    if modifiers is not None:
        assert thing.modifiers == modifiers


def test_a_word_named_with_the_head_as_one_noun_is_part_of_it() -> None:
    """A waiting room is named "waiting room"; a passage on the ticket hall names no room."""
    needs = question_needs("When does the waiting room close?")
    assert asked_thing("When does the waiting room close?", needs).compound == ("waiting",)
    answerer = _answerer()
    hall = "The ticket hall is open from 07:00 to 18:00."
    page = _passage("Fenwick Quay", hall)
    assert not answerer._names_thing(Thing("room", (), ("waiting",)), page, hall)
    assert answerer._names_thing(Thing("hall"), page, hall)


def test_a_question_asking_no_price_time_or_place_asks_of_nothing() -> None:
    assert asked_thing("Who made the model?", question_needs("Who made the model?")) is NOTHING


def test_a_measure_is_told_by_its_unit() -> None:
    assert measured("speed", "The motor stops helping at 25 km/h.")
    assert measured("weight", "Bags may weigh up to 23 kg each.")
    assert measured("age", "Riders aged 16 and 17 need an adult.")
    assert not measured("weight", "Each passenger may bring up to three items of luggage.")
    assert not measured("colour", "The bikes are 25 km/h machines.")  # no unit for a colour


def _answerer() -> Answerer:
    # One word in the model's vocabulary, far from every other: credits come from writing.
    return Answerer(
        AnswerPolicy(), lambda p: np.ones((1, 2)), Lexicon(np.array(["vaccine"]), np.eye(1, 2))
    )


def _passage(section: str, *sentences: str) -> Passage:
    return Passage("p1", "guide.md", "Guide", section, "text", " ".join(sentences), sentences)


OFFICE = "The ticket office is open every day from 07:00 to 18:00."
STATION = _passage("Fenwick Quay", OFFICE, "It sells snacks.")


def test_the_answer_must_name_the_thing_whose_hours_are_asked() -> None:
    answerer = _answerer()
    assert answerer._names_thing(Thing("office"), STATION, OFFICE)
    assert not answerer._names_thing(Thing("cafe"), STATION, OFFICE)
    # "It" points back to the sentence before, which names the office.
    assert answerer._names_thing(Thing("office"), STATION, "It sells snacks.")
    # Its heading may name it: the page on Fenwick Quay is about the quay.
    assert answerer._names_thing(Thing("quay"), STATION, OFFICE)
    assert answerer._names_thing(NOTHING, STATION, OFFICE)  # nothing asked of a thing


def test_a_word_saying_which_one_or_a_unit_names_the_thing() -> None:
    answerer = _answerer()
    rabies = "Rabies: 60 pounds per dose"
    travel = _passage("Travel health", rabies)
    assert answerer._names_thing(Thing("vaccine", ("rabies",)), travel, rabies)
    assert not answerer._names_thing(Thing("vaccine", ("cholera",)), travel, rabies)
    fast = "The motor stops helping at 25 km/h."
    assert answerer._names_thing(Thing("speed"), _passage("E-bikes", fast), fast)
    assert not answerer._names_thing(Thing("weight"), _passage("E-bikes", fast), fast)


def test_a_word_saying_which_one_names_nothing_before_another_noun() -> None:
    """ "Electric bikes" is about bikes, not an electric scooter; "Rabies: 60 pounds", "Orbit 3
    licence" and "Day Pass" (asked as "a day pas") name what the question asks of."""
    scooter = Thing("scooter", ("electric",))
    assert modifies_another("electric", scooter, "Electric bikes follow the bike rules.")
    assert not modifies_another("electric", scooter, "Electric scooters are not allowed.")
    assert not modifies_another("rabies", Thing("vaccine", ("rabies",)), "Rabies: 60 pounds")
    licence = Thing("licence", ("orbit", "3"))
    assert not modifies_another("orbit", licence, "It is free for every Orbit 3 licence.")
    assert not modifies_another("day", Thing("pas", ("day",)), "Day Pass: $12.00 for 24 hours")
    # One quantity by another of its names: the hotel allowance is the hotel limit.
    allowance = Thing("allowance", ("hotel",))
    assert not modifies_another("hotel", allowance, "The nightly hotel limit is $250.")
    answerer = _answerer()
    bikes = "Electric bikes follow the same rules as other bikes."
    assert not answerer._names_thing(scooter, _passage("Bikes on trains", bikes), bikes)


def test_free_said_of_another_thing_prices_nothing_asked() -> None:
    licence = Thing("licence", ("orbit", "3"))
    assert free_for_another(licence, "It is a free update for every Orbit 3 licence.")
    # Said of what comes before it, of the thing itself, or beside an amount: a price.
    for sentence in (
        "The licence is free.",
        "Licences are free of charge for schools.",
        "A free licence comes with every device.",
        "An update costs $5; the first is a free update.",
    ):
        assert not free_for_another(licence, sentence), sentence
    assert not free_for_another(Thing("wifi"), "Both branches have free Wi-Fi.")
    assert not free_for_another(NOTHING, "It is a free update.")


def test_a_sentence_going_on_about_its_passage_is_named_by_the_passage() -> None:
    """ "There is no extra cost" is about the tricycles its passage is about; "The ticket
    office is open…" is about the office, not the car park its passage also names."""
    answerer = _answerer()
    cost = "There is no extra cost."
    adaptive = _passage("Accessibility", "Tricycles are kept at the pavilion.", "Book ahead.", cost)
    assert answerer._names_thing(Thing("tricycles"), adaptive, cost)
    strict = Answerer(
        AnswerPolicy(passage_support_weight=0.2),  # the passage's word counts this much
        lambda p: np.ones((1, 2)),
        Lexicon(np.array(["vaccine"]), np.eye(1, 2)),
    )
    assert not strict._names_thing(Thing("tricycles"), adaptive, cost)
    both = _passage("Fenwick Quay", OFFICE, "The car park has 120 spaces.")
    assert not answerer._names_thing(Thing("park", ("car",)), both, OFFICE)


def test_a_three_letter_thing_is_held_to_it_too() -> None:
    """ "Can I bring my dog to the talks?" is not answered by a sentence on the talks; a one-
    or two-letter head ("B" of "hep B") is no word to hold an answer to."""
    answerer = _answerer()
    talks = "Bessent confirmed the talks are happening in Beijing."
    page = _passage("News", talks)
    assert not answerer._names_thing(Thing("dog"), page, talks)
    assert answerer._names_thing(Thing("b"), page, talks)
