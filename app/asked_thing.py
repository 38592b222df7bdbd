"""The thing a question asks the price, opening time, place or limit of.

"How much does the cholera vaccine cost?" asks the price of a cholera vaccine: documents that
never write "cholera" cannot give it, however well a sentence on travel vaccines' charges
matches the rest of the question. The answerer refuses such a question up front.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.answer_types import Kind, Need
from app.text import STOPWORDS, content_tokens

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
        rf"\b(?:price|cost|fee|fare|charge)s? (?:of|for) {_ARTICLE}(.+?){_END}",
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
    """What a question asks the price, time or place of."""

    words: tuple[str, ...]  # the content words of its noun phrase ("cafe", "fenwick", ...)
    head: str | None  # the noun the phrase is about ("cafe"), before any "at", "for"...


NOTHING = Thing((), None)


def asked_thing(question: str, needs: Sequence[Need]) -> Thing:
    """What the question asks the price, time or place of; NOTHING when it asks none."""
    for need in needs:
        for pattern in _PATTERNS.get(need.kind, ()):
            match = pattern.search(question)
            if match:
                return _thing(match.group(1))
    limit = _WHICH_LIMIT.search(question)
    if limit and (kind := limit.group(1).lower()) not in STOPWORDS:
        return Thing((kind,), kind)
    return NOTHING


def _thing(phrase: str) -> Thing:
    if phrase.split()[0].lower() in _PRONOUNS:
        return NOTHING
    phrase = _without_verb(phrase)
    core = content_tokens(_AFTER_HEAD.sub("", phrase))
    return Thing(tuple(content_tokens(phrase)), core[-1] if core else None)


def _without_verb(phrase: str) -> str:
    """The phrase without a verb ending it ("talks taking place"), unless that is all of it
    ("parking")."""
    while (shorter := _VERB_TAIL.sub("", phrase)) != phrase and content_tokens(shorter):
        phrase = shorter
    return phrase
