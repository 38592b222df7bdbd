"""The days of the week a text speaks of: "Monday to Saturday" speaks of six, "weekends" of
two, "every day" of all seven, "bank holidays" of none of them but of holidays.

Word vectors put "Sunday" beside "Saturday" and "weekends" beside "weekdays", so a sentence
giving Monday-to-Saturday hours would back a question about Sunday; the days are a closed set
and can be compared as such.
"""

from __future__ import annotations

import re
from functools import lru_cache

HOLIDAY = 7  # bank or public holidays: a "day" no weekday stands for
_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Abbreviations only count inside a range ("Mon–Fri"): alone, "sat", "sun" and "wed" are words.
_SHORT = ("mon", "tues?", "wed", "thu(?:rs?)?", "fri", "sat", "sun")
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_SHORT_DAY = rf"(?:{_DAY}|(?:{'|'.join(_SHORT)})\.?)"
_RANGE = re.compile(
    rf"\b(?:between\s+)?({_SHORT_DAY})\s*(?:-|–|—|to|through|thru|until|till|and)\s*({_SHORT_DAY})\b",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"\b{_DAY}\b", re.IGNORECASE)
_GROUPS: tuple[tuple[re.Pattern[str], frozenset[int]], ...] = (
    (re.compile(r"\bweek-?days?\b", re.IGNORECASE), frozenset(range(5))),
    (re.compile(r"\bweek-?ends?\b", re.IGNORECASE), frozenset({5, 6})),
    (
        re.compile(
            r"\bevery\s+day\b|\bdaily\b|\b(?:7|seven)\s+days\s+a\s+week\b|\ball\s+week\b",
            re.IGNORECASE,
        ),
        frozenset(range(7)),
    ),
    (re.compile(r"\b(?:bank|public)\s+holidays?\b", re.IGNORECASE), frozenset({HOLIDAY})),
)


def _day(word: str) -> int:
    """The day's number (Monday 0) of a day name or abbreviation."""
    word = word.lower().rstrip(".")
    for n, name in enumerate(_NAMES):
        if name.startswith(word[:3]):
            return n
    raise ValueError(word)  # unreachable: the patterns only match day names


@lru_cache(maxsize=4096)
def days_spoken_of(text: str) -> frozenset[int]:
    """The days (Monday 0 … Sunday 6, HOLIDAY) the text names, ranges spelled out."""
    days: set[int] = set()
    for m in _RANGE.finditer(text):
        first, last = _day(m.group(1)), _day(m.group(2))
        joined = m.group(0).lower()
        if " and " in joined and not joined.startswith("between"):
            days.update({first, last})  # "Tuesdays and Thursdays": two days, not a range
            continue
        span = (last - first) % 7  # "Friday to Monday" runs over the weekend
        days.update((first + k) % 7 for k in range(span + 1))
    days.update(_day(m.group(0)) for m in _SINGLE.finditer(text))
    for pattern, group in _GROUPS:
        if pattern.search(text):
            days.update(group)
    return frozenset(days)


def other_days(question: str, text: str) -> bool:
    """Whether the question asks about days that the text, naming days, leaves out: "open on
    Sunday?" against "Monday to Saturday", "on weekends?" against "on weekdays"."""
    asked = days_spoken_of(question)
    stated = days_spoken_of(text)
    return bool(asked and stated and not asked & stated)
