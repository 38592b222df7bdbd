"""Closed sets of alternatives: days of the week, months, seasons, ways of getting in touch,
travel classes. A sentence that names only other members of a set than the question does
not answer it: "open on Sunday?" against "Monday to Saturday", "renew by phone?" against
"renewed online", "book first class?" against "Business class may be booked".

Word vectors put "Sunday" beside "Saturday", "weekends" beside "weekdays" and "phone" beside
"online", so such a sentence would back the question word by word; the members of a closed
set can be compared as such instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

_RANGE_WORDS = r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*"


@dataclass(frozen=True)
class Cycle:
    """Named members in a cycle (days, months), with ranges between them spelled out."""

    names: tuple[str, ...]
    shorts: tuple[str, ...]  # abbreviations: members only inside a range ("Mon–Fri")
    groups: tuple[tuple[str, frozenset[int]], ...]  # patterns naming several members
    # Names that are everyday words too ("may", "march"): members only capitalised, after a
    # number ("5 May") or after a preposition of time ("in may").
    ambiguous: frozenset[str] = frozenset()

    def _index(self, word: str) -> int:
        word = word.lower().rstrip(".")
        return next(n for n, name in enumerate(self.names) if name.startswith(word[:3]))

    @cached_property
    def _single(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{'|'.join(self.names)})s?\b", re.IGNORECASE)

    @cached_property
    def _ranges(self) -> re.Pattern[str]:
        one = rf"(?:(?:{'|'.join(self.names)})s?|(?:{'|'.join(self.shorts)})\.?)"
        return re.compile(rf"\b(between\s+)?({one}){_RANGE_WORDS}({one})\b", re.IGNORECASE)

    @cached_property
    def _groups(self) -> tuple[tuple[re.Pattern[str], frozenset[int]], ...]:
        return tuple((re.compile(p, re.IGNORECASE), members) for p, members in self.groups)

    def _counts(self, text: str, match: re.Match[str]) -> bool:
        word = match.group(0)
        if word.lower() not in self.ambiguous or word[0].isupper():
            return True
        before = text[: match.start()].split()[-1:]
        return bool(before) and bool(_TIME_PREPOSITION.fullmatch(before[0].lower()))

    def spoken_of(self, text: str) -> frozenset[int]:
        """The members the text names, ranges and groups spelled out."""
        return _spoken_of(self, text)


_TIME_PREPOSITION = re.compile(
    r"\d+(?:st|nd|rd|th)?|in|on|during|until|till|from|since|by|of|early|late|mid|before|after"
)


@lru_cache(maxsize=8192)
def _spoken_of(cycle: Cycle, text: str) -> frozenset[int]:
    found: set[int] = set()
    for m in cycle._ranges.finditer(text):
        first, last = cycle._index(m.group(2)), cycle._index(m.group(3))
        if " and " in m.group(0).lower() and not m.group(1):
            found.update({first, last})  # "Tuesdays and Thursdays": two members, not a range
            continue
        span = (last - first) % len(cycle.names)  # "Friday to Monday" runs over the weekend
        found.update((first + k) % len(cycle.names) for k in range(span + 1))
    for m in cycle._single.finditer(text):
        if cycle._counts(text, m):
            found.add(cycle._index(m.group(0)))
    for pattern, members in cycle._groups:
        if pattern.search(text):
            found.update(members)
    return frozenset(found)


HOLIDAY = 7  # bank or public holidays: a day no weekday stands for
DAYS = Cycle(
    names=("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    shorts=("mon", "tues?", "wed", "thu(?:rs?)?", "fri", "sat", "sun"),
    groups=(
        (r"\bweek-?days?\b", frozenset(range(5))),
        (r"\bweek-?ends?\b", frozenset({5, 6})),
        (r"\bevery\s+day\b|\bdaily\b|\b(?:7|seven)\s+days\s+a\s+week\b", frozenset(range(7))),
        (r"\b(?:bank|public)\s+holidays?\b", frozenset({HOLIDAY})),
    ),
)
MONTHS = Cycle(
    names=(
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    shorts=("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept?", "oct", "nov", "dec"),
    groups=((r"\ball\s+year\b|\byear[- ]round\b|\bevery\s+month\b", frozenset(range(12))),),
    ambiguous=frozenset({"may", "march"}),
)


@dataclass(frozen=True)
class Choice:
    """Members of a set of alternatives, each by the phrases that name it."""

    members: tuple[tuple[str, re.Pattern[str]], ...]

    @classmethod
    def of(cls, *members: tuple[str, str]) -> Choice:
        """A set from (member, regex) pairs, matched in any case."""
        return cls(tuple((m, re.compile(p, re.IGNORECASE)) for m, p in members))

    def spoken_of(self, text: str) -> frozenset[str]:
        """The members the text names."""
        return _members_in(self, text)


@lru_cache(maxsize=8192)
def _members_in(choice: Choice, text: str) -> frozenset[str]:
    return frozenset(m for m, pattern in choice.members if pattern.search(text))


SEASONS = Choice.of(
    ("summer", r"\bsummers?\b"),
    ("winter", r"\bwinters?\b"),
    ("autumn", r"\bautumns?\b"),
)
CHANNELS = Choice.of(
    ("phone", r"\b(?:tele)?phon(?:e|es|ing)\b|\bcall(?:ing)? (?:us|our)\b|\bby calling\b"),
    ("online", r"\bonline\b|\bon-line\b|\bwebsite\b|\bweb site\b|\bon the web\b"),
    ("email", r"\be-?mail(?:s|ing)?\b"),
    ("post", r"\bby post\b|\bin the post\b|\bby mail\b"),
    ("in person", r"\bin[- ]person\b|\bface[- ]to[- ]face\b"),
)
TRAVEL_CLASSES = Choice.of(
    ("first", r"\bfirst[- ]class\b"),
    ("business", r"\bbusiness[- ]class\b"),
    ("premium economy", r"\bpremium economy\b"),
    ("economy", r"(?<!premium )\beconomy(?: class)?\b"),
    ("standard", r"\bstandard[- ]class\b"),
)
_SETS: Sequence[Cycle | Choice] = (DAYS, MONTHS, SEASONS, CHANNELS, TRAVEL_CLASSES)


def other_alternatives(question: str, text: str) -> bool:
    """Whether the question names members of a closed set that the text, naming members of
    that set, leaves out: "open on Sunday?" against "Monday to Saturday", "on weekends?"
    against "on weekdays", "by phone?" against "online"."""
    for alternatives in _SETS:
        asked: frozenset[object] = alternatives.spoken_of(question)
        stated: frozenset[object] = alternatives.spoken_of(text)
        if asked and stated and not asked & stated:
            return True
    return False
