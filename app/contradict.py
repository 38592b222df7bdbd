"""Numbers that disagree: a sentence can match a question word for word and still say
something else about its numbers.

- Bounds: "trips under 20 miles" is not answered by "trips over 20 miles". Comparison words
  ("under", "over") are function words that word matching ignores.
- Rates: a fine "per hour" is not answered by one "per day".
- Numbered things: "version 3.1" is not answered by "Version 3.0", nor "Android 11" by
  "Android 12 and later", nor "in 3.2" by "version 3.3" (dotted numbers that are no amount).
  Numbers are not words to match by meaning.
- Alternatives: "open on Sunday?" is not answered by "Monday to Saturday", nor "by phone?" by
  "online" (app/alternatives.py).
- Ends: "When does the exhibition finish?" is not answered by "It opens on 6 February".
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.alternatives import other_alternatives

_BELOW = "under|below|less than|fewer than|at most|up to|no more than|within|before"
_ABOVE = "over|above|more than|greater than|at least|exceeding|beyond|after"
_BOUND = re.compile(rf"\b(?P<dir>{_BELOW}|{_ABOVE})\s+(?:\$|€|£)?(?P<num>\d[\d,.]*)", re.IGNORECASE)
_IS_BELOW = re.compile(rf"^(?:{_BELOW})$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _bounds(text: str) -> frozenset[tuple[str, bool]]:
    """(number, is an upper bound) for each bounded number in the text."""
    return frozenset(
        (m.group("num").rstrip(".,"), bool(_IS_BELOW.match(" ".join(m.group("dir").split()))))
        for m in _BOUND.finditer(text)
    )


# A number and the word before it: "version 3.1", "Android 12", "in 2025".
_NUMBERED = re.compile(r"\b([A-Za-z]+)\s+(\d[\d,.:]*\d|\d)")


@lru_cache(maxsize=4096)
def _numbered(text: str) -> frozenset[tuple[str, str]]:
    return frozenset((m.group(1).lower(), m.group(2)) for m in _NUMBERED.finditer(text))


# A dotted number that is no amount: a version ("3.1"), not "$1.50", "9:30", "2.5%" or
# "1.5 km" (an amount may be asked about to hear another: "Is the route 1.5 km long?").
_UNITS = (
    r"%|percent|per\b|[kmc]?m\b|mi\b|miles?|kilometres?|kilometers?|metres?|meters?|"
    r"[kmgt]b\b|bytes?|[km]?g\b|kilos?|grams?|lbs?\b|pounds?|ounces?|oz\b|[m]?l\b|litres?|"
    r"liters?|hours?|hrs?\b|minutes?|mins?\b|seconds?|days?|weeks?|months?|years?|times|x\b|"
    r"million|billion|thousand|euros?|dollars?|cents?|pence|degrees?|°"
)
_DOTTED = re.compile(
    rf"(?<![$€£¥\d.,:])\b\d+(?:\.\d+)+\b(?![.,:]?\d)(?!\s*(?:{_UNITS}))", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _dotted(text: str) -> frozenset[str]:
    return frozenset(m.group(0) for m in _DOTTED.finditer(text))


# A rate's period: "per hour" is not "per day".
_PER_PERIOD = re.compile(
    r"\b(?:per|a|an|each|every)\s+(second|minute|hour|day|night|week|month|quarter|year)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def _periods(text: str) -> frozenset[str]:
    return frozenset(m.group(1).lower() for m in _PER_PERIOD.finditer(text))


# A question about when something ends, and a sentence telling only when it starts.
_ASKS_END = re.compile(
    r"\b(?:when|what (?:date|day|time)|until when)\b.*\b(?:finish(?:es|ed)?|end(?:s|ed)?|over|"
    r"(?:come|comes|coming|be) back|return(?:s|ing)? from|reopen(?:s|ing)?|last day|"
    r"clos(?:e|es|ing)|shut(?:s|ting)?)\b",
    re.IGNORECASE,
)
_STARTS = re.compile(
    r"\b(?:open(?:s|ed|ing)?|begin(?:s|ning)?|began|start(?:s|ed|ing)?|launch(?:es|ed)?|"
    r"commenc\w*)\b",
    re.IGNORECASE,
)
_ENDS = re.compile(
    r"\b(?:until|till|through|end(?:s|ed|ing)?|finish\w*|clos\w*|shut\w*|last|back|return\w*|"
    r"reopen\w*)\b|\d\s*(?:–|-|—|to)\s*\d|\bto\s+\d",
    re.IGNORECASE,
)


def only_a_start(question: str, text: str) -> bool:
    """Whether the question asks when something ends and the text tells only when it starts:
    "When is Dr Blackwood coming back?" against "Dr Blackwood begins her leave on 1 March"."""
    return bool(_ASKS_END.search(question) and _STARTS.search(text) and not _ENDS.search(text))


def contradicts(question: str, text: str, around: str = "") -> bool:
    """Whether the text names only other days, months or ways than the question, bounds a number
    the question bounds the other way, states a rate only for another period, or numbers a
    thing the question numbers ("version 3.1") only with other numbers ("Version 3.0").
    `around` is the passage the text stands in."""
    if only_a_start(question, text):
        return True
    if other_alternatives(question, text) and (not around or other_alternatives(question, around)):
        # Unless the passage speaks of the asked one: "no Thursday late opening in August.
        # Instead, … every Friday that month" answers what happens to the Thursdays.
        return True
    stated = _bounds(text)
    for number, below in _bounds(question):
        if (number, not below) in stated and (number, below) not in stated:
            return True
    stated_periods = _periods(text)
    if stated_periods and _periods(question) and not (_periods(question) & stated_periods):
        return True  # "per hour" asked, only "per day" stated
    numbered = _numbered(text)
    for word, number in _numbered(question):
        others = {n for w, n in numbered if w == word}
        if others and number not in others:
            return True
    # "What was fixed in 3.2?": a sentence about 3.3 only, however the versions are named.
    asked, dotted = _dotted(question), _dotted(text)
    return bool(asked and dotted and not (asked & dotted))
