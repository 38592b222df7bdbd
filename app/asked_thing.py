"""The thing a question asks the price, opening time, place or limit of.

"What time does the cafe at Fenwick Quay close?" asks the cafe's hours: the ticket office's,
on the same station's page, are no answer, however well the rest of the question matches.
The answerer holds the answering sentence to naming the thing (Answerer._names_thing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from app.answer_types import Kind, Need
from app.attributes import QUANTITY_NOUNS
from app.text import STOPWORDS, content_tokens, root, token_tuple

_ARTICLE = r"(?:a |an |the |my |our |your |one )?"
# Up to the end of the noun phrase: a question mark, a comma, "and" starting another ask.
_END = r"(?:\?|$|,| and )"
# "When does the cafe close?", "When is the library open?"; not "When is Dr Reid coming back
# from maternity leave?", where "leave" is a noun.
_WHEN = (
    rf"\b(?:what time|when) (?:does|do|did|will) {_ARTICLE}(.+?) "
    r"(?:open|close|leave|depart|start|arrive|finish|shut)\b",
    rf"\b(?:what time|when) (?:is|are) {_ARTICLE}(.+?) "
    r"(?:open|closed|opening|closing|leaving|departing|starting|arriving|shut|shutting)\b",
)
_FRAMES = {
    Kind.MONEY: (
        rf"\bhow much (?:does|do|did|will|would|is|are|was|were) {_ARTICLE}(.+?) "
        r"(?:cost|costs|charge|set)\b",
        rf"\bwhat does {_ARTICLE}(.+?) cost\b",
        rf"\b(?:price|cost|fee|fare|charge|fine|penalty|surcharge|deposit)s? (?:of|for) "
        rf"{_ARTICLE}(.+?){_END}",
        rf"\bhow much (?:is|are|was|were) {_ARTICLE}(.+?){_END}",
    ),
    Kind.TIME: _WHEN,
    Kind.HOURS: (*_WHEN, rf"\bhours of {_ARTICLE}(.+?){_END}"),
    Kind.PLACE: (rf"^\s*where (?:is|are|was|were|can i find|do i find) {_ARTICLE}(.+?){_END}",),
}
# "Is there a weight limit for suitcases?", "What's the age limit?": which limit is asked; a
# limit on the number of cases is not a weight limit.
_WHICH_LIMIT = re.compile(
    r"\b(?:is there|are there|what(?:['’]?s| is| are))(?: a| an| the| any)? (?!a |an |the |any )"
    r"([a-z][\w-]*) (?:limits?|caps?|restrictions?|allowances?|quotas?|maximum|minimum)\b",
    re.IGNORECASE,
)
# Asked of a thing whatever the kind of fact: "How are train tickets reimbursed?" is not
# answered by how mileage is; "Can I take my scooter on the train?" not by the bikes rule.
_ANY_KIND = tuple(
    re.compile(f, re.IGNORECASE)
    for f in (
        rf"^\s*how (?:are|is|do|does) {_ARTICLE}(.+?) (?:get )?(?:reimbursed|refunded|paid|"
        r"charged|calculated|claimed|booked|renewed|cancelled|returned|recycled|collected)\b",
        rf"^\s*(?:can|may|could) (?:i|we|you) (?:take|bring|carry|park|leave|store|ride|recycle|"
        rf"put) {_ARTICLE}(.+?)(?= on\b| in\b| at\b| to\b| into\b|\?|$)",
    )
)
_VERB_FORMS = ("ing", "ed")
_PATTERNS = {
    kind: tuple(re.compile(f, re.IGNORECASE) for f in frames) for kind, frames in _FRAMES.items()
}
# "How much is it for a grown-up?": the thing is in the conversation, or is no thing.
_PRONOUNS = frozenset("it they this that these those there them i me you we".split())
# What follows the head noun: "the cafe at Fenwick Quay", "the vaccine for travel".
_AFTER_HEAD = re.compile(
    r"\s+(?:at|for|in|on|from|to|of|into|with|per|near|by|during|if|when|or)\b.*$", re.IGNORECASE
)
# "Where are the talks happening / taking place?", "where is the meeting held?": a verb ends
# the noun phrase.
_VERB_TAIL = re.compile(
    r"\s+(?:being\s+|been\s+)?(?:tak(?:e|es|ing)\s+place|going\s+on|[a-z]+ing|held|located|"
    r"based|situated|kept|found|sold|offered|given)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Thing:
    """What a question asks the price, time, place or limit of."""

    head: str | None  # the noun the phrase is about ("cafe"), before any "at", "for"...
    # the words before the head that say which one ("rabies" of "the rabies vaccine")
    modifiers: tuple[str, ...] = ()
    # a word the head is named with, as one noun ("waiting" of "the waiting room"): a room
    # alone may be any hall
    compound: tuple[str, ...] = ()


NOTHING = Thing(None)


def asked_thing(question: str, needs: Sequence[Need]) -> Thing:
    """What the question asks the price, time, place or limit of (or how it is paid for,
    whether it may be brought); NOTHING when it asks none."""
    for need in needs:
        for pattern in _PATTERNS.get(need.kind, ()):
            match = pattern.search(question)
            if match:
                return _thing(match.group(1))
    limit = _WHICH_LIMIT.search(question)
    if limit and (kind := limit.group(1).lower()) not in STOPWORDS:
        return Thing(kind)
    for pattern in _ANY_KIND:
        match = pattern.search(question)
        if match:
            return _thing(match.group(1))
    return NOTHING


def _thing(phrase: str) -> Thing:
    if phrase.split()[0].lower() in _PRONOUNS:
        return NOTHING
    phrase = _without_verb(phrase)
    core = content_tokens(_AFTER_HEAD.sub("", phrase))
    if not core:
        return NOTHING
    *modifiers, head = core
    compound = tuple(modifiers[-1:]) if modifiers and modifiers[-1].endswith("ing") else ()
    # "the fee for losing a bike": the bike is the thing; "losing" is what befalls it.
    which = tuple(m for m in modifiers if not m.endswith(_VERB_FORMS))
    return Thing(head, which, compound)


# A measure is named by its unit as well as its name: "stops at 25 km/h" gives a speed.
_UNITS = {
    "speed": r"\d\s*(?:km/h|kph|mph)\b|miles an hour|miles per hour",
    "weight": r"\d\s*(?:kg|kgs|kilos?|kilograms?|lbs?|pounds|grams?|g|tonnes?)\b",
    "height": r"\d\s*(?:cm|m|metres?|meters?|ft|feet|foot|inches?)\b|\btall\b",
    "length": r"\d\s*(?:cm|m|metres?|meters?|ft|feet|foot|inches?|km|miles?)\b|\blong\b",
    "size": r"\d\s*(?:cm|m|metres?|meters?|ft|feet|inches?|litres?)\b|\bfull-size\b",
    "age": r"\baged?\b|\d+\s*(?:years? old|and over|or over|or older|\+)",
    "time": r"\d\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b",
}
_UNIT_PATTERNS = {word: re.compile(units, re.IGNORECASE) for word, units in _UNITS.items()}


def measured(head: str, text: str) -> bool:
    """Whether the text gives the measure the head names by its unit ("25 km/h": a speed)."""
    pattern = _UNIT_PATTERNS.get(head)
    return pattern is not None and bool(pattern.search(text))


_TYPO_RATIO = 80
_PRICE_NOUNS = frozenset("price prices cost costs fee fees fare fares charge charges".split())


def modifies_another(word: str, thing: Thing, sentence: str) -> bool:
    """Whether the sentence writes the asked thing's modifier only before another noun:
    "Electric bikes" for "my electric scooter" is about bikes; "Rabies: £60" names the rabies
    vaccine's price, and "Orbit 3 licence" the licence."""
    words = token_tuple(sentence)
    own = {root(w) for w in (*thing.modifiers, *thing.compound, thing.head or "")}
    after = [words[i + 1] if i + 1 < len(words) else "" for i, w in enumerate(words)]
    followers = [nxt for w, nxt in zip(words, after, strict=True) if root(w) == root(word)]
    # A typo'd head ("a day pas") is still the head the sentence writes ("Day Pass"); one
    # quantity is another's name ("the hotel allowance" is "the hotel limit").
    head = thing.head or ""
    quantity = head in QUANTITY_NOUNS or head in _PRICE_NOUNS
    return bool(followers) and all(
        nxt
        and nxt not in STOPWORDS
        and not nxt[0].isdigit()
        and root(nxt) not in own
        and fuzz.ratio(nxt, head) < _TYPO_RATIO
        and not (quantity and (nxt in QUANTITY_NOUNS or nxt in _PRICE_NOUNS))
        for nxt in followers
    )


# An amount, or a price of nothing said of the thing itself ("at no cost", "costs nothing").
_AMOUNT = re.compile(
    r"[$€£¥]\s?\d|\d\s?(?:dollars?|euros?|pounds?|pence|cents?|yuan)\b|"
    r"\bno (?:[a-z-]+ )?(?:cost|charge|fee)s?\b|\bcosts? nothing\b",
    re.IGNORECASE,
)


def free_for_another(thing: Thing, sentence: str) -> bool:
    """Whether the sentence's only price is "free" said of another noun: "a free update for
    every Orbit 3 licence" does not price the licence. "The cloakroom is free", "free of
    charge", "free on the NHS" and "free Wi-Fi" (for the wifi) price what they are said of."""
    head = thing.head
    if head is None or _AMOUNT.search(sentence):
        return False
    words = token_tuple(sentence)
    frees = [i for i, w in enumerate(words) if w == "free"]
    if not frees:
        return False
    for i in frees:
        after = words[i + 1 : i + 4]
        if not after or after[0] in STOPWORDS:
            return False  # said of what comes before: "is free", "free of charge"
        spelt = {root(w) for w in after} | {"".join(after[:2]), "".join(after)}
        if root(head) in spelt or head in spelt:
            return False
    return True


def _without_verb(phrase: str) -> str:
    """The phrase without a verb ending it ("talks taking place"), unless that is all of it
    ("parking")."""
    while (shorter := _VERB_TAIL.sub("", phrase)) != phrase and content_tokens(shorter):
        phrase = shorter
    return phrase
