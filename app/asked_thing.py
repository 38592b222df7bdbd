"""The thing a question asks the price, opening time or place of.

"How much does the cholera vaccine cost?" asks the price of a cholera vaccine: documents that
never write "cholera" cannot give it, however well a sentence on travel vaccines' charges
matches the rest of the question. The answerer refuses such a question up front.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.answer_types import Kind, Need
from app.text import content_tokens

_ARTICLE = r"(?:a |an |the |my |our |your |one )?"
# Up to the end of the noun phrase: a question mark, a comma, "and" starting another ask.
_END = r"(?:\?|$|,| and )"
_WHEN = (
    rf"\b(?:what time|when) (?:does|do|did|will|is|are) {_ARTICLE}(.+?) "
    r"(?:open|opens|close|closes|leave|leaves|depart|departs|start|starts|arrive|arrives|"
    r"opening|closing|leaving|departing|starting)\b"
)
_FRAMES = {
    Kind.MONEY: (
        rf"\bhow much (?:does|do|did|will|would|is|are|was|were) {_ARTICLE}(.+?) "
        r"(?:cost|costs|charge|set)\b",
        rf"\bwhat does {_ARTICLE}(.+?) cost\b",
        rf"\b(?:price|cost|fee|fare|charge)s? (?:of|for) {_ARTICLE}(.+?){_END}",
        rf"\bhow much (?:is|are|was|were) {_ARTICLE}(.+?){_END}",
    ),
    Kind.TIME: (_WHEN,),
    Kind.HOURS: (_WHEN, rf"\bhours of {_ARTICLE}(.+?){_END}"),
    Kind.PLACE: (rf"^\s*where (?:is|are|was|were|can i find|do i find) {_ARTICLE}(.+?){_END}",),
}
_PATTERNS = {
    kind: tuple(re.compile(f, re.IGNORECASE) for f in frames) for kind, frames in _FRAMES.items()
}
# "How much is it for a grown-up?": the thing is in the conversation, or is no thing.
_PRONOUNS = frozenset("it they this that these those there them i me you we".split())


def asked_thing(question: str, needs: Sequence[Need]) -> tuple[str, ...]:
    """The content words naming what the question asks the price, time or place of."""
    for need in needs:
        for pattern in _PATTERNS.get(need.kind, ()):
            match = pattern.search(question)
            if match:
                phrase = match.group(1)
                if phrase.split()[0].lower() in _PRONOUNS:
                    return ()
                return tuple(content_tokens(phrase))
    return ()
