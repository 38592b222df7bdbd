"""The kind of fact a question asks for (a time, an amount, a count), and whether text has one.

A sentence about the right things that lacks the asked-for kind of fact does not answer the
question: "When was Anthropic founded?" is not answered by a sentence about Anthropic's model.
"""

from __future__ import annotations

import re
from enum import Enum


class Need(Enum):
    """The kind of fact a question asks for."""

    ANY = "any"
    TIME = "time"  # when, or during what
    DATE = "date"  # an explicit calendar date or year
    MONEY = "money"
    NUMBER = "number"
    NAMES = "names"  # which firms / which critics: the members, by name
    FUTURE = "future"  # will X happen: only text about intentions or prospects can answer


# "May" and "March" are also ordinary words; they count as months only beside a day number.
_MONTHS = (
    "january|february|april|june|july|august|september|october|november|december|"
    "jan|feb|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"(may|march) \d{1,2}\b|\b\d{1,2} (may|march)"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|twenty|thirty|"
    "forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|"
    "several|few|half|double|twice|percent"
)

# Plural nouns for people and organisations: "which critics" asks who they are, by name.
_MEMBERS = (
    "firms|companies|groups|critics|people|officials|organizations|organisations|experts|"
    "analysts|countries|nations|leaders|individuals|members|executives|businesses|negotiators"
)

_QUESTION_NEEDS: list[tuple[Need, re.Pattern[str]]] = [
    (
        Need.NAMES,
        re.compile(
            rf"\b(which|what)( \w+){{0,2}} ({_MEMBERS})\b|\bgive (their|the) names?\b|"
            r"\bnames? of the\b"
        ),
    ),
    (Need.DATE, re.compile(r"\b(what|which) (date|year|day|month)\b|\bwhat time\b|\bsince when\b")),
    (
        Need.DATE,
        re.compile(
            r"\bwhen (was|were|did) \w+( \w+)? "
            r"(founded|established|born|created|launched|started|introduced)\b"
        ),
    ),
    (Need.TIME, re.compile(r"\bwhen\b|\bhow long ago\b")),
    (Need.FUTURE, re.compile(r"^\s*(will|shall)\b|\b(is|are) \w+( \w+)? going to\b")),
    (
        Need.MONEY,
        re.compile(
            r"\bhow much (does|do|did|is|are|was|were|will|would|money|it)\b|"
            r"\b(price|prices|priced|cost|costs|costing|worth|salary|salaries|"
            r"revenue|fee|fees|budget)\b"
        ),
    ),
    (
        Need.NUMBER,
        re.compile(
            r"\bhow (many|old|long|far|big|large|fast|often)\b|"
            r"\bwhat (percentage|percent|number|proportion|share|age)\b|"
            r"\bnumber of\b"
        ),
    ),
]

_HAS: dict[Need, re.Pattern[str]] = {
    Need.DATE: re.compile(
        rf"\b(1[5-9]|20)\d\d\b|\b({_MONTHS})\b|\b({_DAYS})\b|"
        r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    ),
    Need.TIME: re.compile(
        rf"\b(1[5-9]|20)\d\d\b|\b({_MONTHS}|{_DAYS})\b|\b(today|yesterday|"
        r"tomorrow|tonight|week|weeks|month|months|year|years|decade|ago|"
        r"during|since|until|recently|currently|now|earlier|later|after|before|"
        r"while|when|first time|this week)\b"
    ),
    Need.MONEY: re.compile(
        r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(dollars?|euros?|yuan|pounds?|usd|eur|"
        r"million|billion|trillion|bn|m|k)\b|\b(free of charge|costs? nothing)\b"
    ),
    Need.FUTURE: re.compile(
        r"\b(will|would|shall|going to|intends?|plans?|expected|likely|unlikely|could|may|"
        r"might|seeks?|aims?|wants?|hopes?)\b"
    ),
    Need.NUMBER: re.compile(rf"\d|\b({_NUMBER_WORDS}|months|years|weeks|days)\b"),
}


def question_need(question: str) -> Need:
    """The kind of fact the question asks for; ANY when it asks for no particular kind."""
    q = question.lower()
    for need, pattern in _QUESTION_NEEDS:
        if pattern.search(q):
            return need
    return Need.ANY


# A named member: a capitalised name after a list marker, or two names in a list.
_NAMED = re.compile(
    r"(such as|including|like|namely|:|—|-)\s+(the\s+)?[A-Z][\w'’.-]+|"
    r"\b[A-Z][\w'’.-]+,\s+[A-Z][\w'’.-]+(,|\s+and)\s+[A-Z]"
)


def satisfies(need: Need, text: str) -> bool:
    """Whether the text holds a fact of the needed kind."""
    if need is Need.ANY:
        return True
    if need is Need.NAMES:
        # Skip a leading "Label:" so a bullet's heading is not taken for a name list.
        body = re.sub(r"^[^:]{1,40}:\s+", "", text)
        return bool(_NAMED.search(body))
    return bool(_HAS[need].search(text.lower()))
