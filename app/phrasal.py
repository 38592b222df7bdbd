"""Phrasal verbs and the single verbs that say the same: "take out" a book is to borrow it,
"set up" rules is to establish them.

The particle ("out", "up") is a function word, so a question word by word holds only "take" or
"set", which backs nothing the documents say with "borrow" or "establish"; and single-word
vectors do not link the two. These are dictionary senses of common English phrasal verbs,
about no corpus in particular.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import simplemma

from app.text import tokens

# (verb, particle) -> single verbs or nouns meaning the same.
PHRASAL: dict[tuple[str, str], tuple[str, ...]] = {
    ("set", "up"): ("establish", "create", "arrange"),
    ("take", "out"): ("borrow", "withdraw", "remove"),
    ("check", "out"): ("borrow",),
    ("sort", "out"): ("arrange", "organise", "resolve"),
    ("drop", "off"): ("return", "deliver", "leave"),
    ("pick", "up"): ("collect", "fetch"),
    ("find", "out"): ("discover", "learn"),
    ("fill", "in"): ("complete",),
    ("fill", "out"): ("complete",),
    ("sign", "up"): ("register", "join", "enrol"),
    ("give", "back"): ("return", "refund"),
    ("bring", "back"): ("return",),
    ("take", "back"): ("return",),
    ("pay", "back"): ("refund", "repay"),
    ("hand", "in"): ("submit", "return"),
    ("hand", "out"): ("distribute",),
    ("carry", "out"): ("perform", "conduct"),
    ("look", "into"): ("investigate", "examine"),
    ("look", "after"): ("care",),
    ("put", "off"): ("postpone", "delay"),
    ("call", "off"): ("cancel",),
    ("come", "back"): ("return",),
    ("get", "back"): ("return",),
    ("go", "back"): ("return",),
    ("get", "in"): ("enter", "entry"),
    ("go", "ahead"): ("proceed",),
    ("pop", "out"): ("leave",),
    ("turn", "up"): ("arrive", "attend"),
    ("show", "up"): ("arrive", "attend"),
    ("top", "up"): ("add", "recharge"),
    ("shut", "down"): ("close",),
    ("close", "down"): ("close",),
    ("break", "down"): ("fail", "malfunction"),
    ("speed", "up"): ("accelerate",),
    ("rule", "out"): ("exclude",),
    ("step", "down"): ("resign",),
    ("take", "part"): ("participate",),
    ("give", "up"): ("quit", "abandon"),
    ("turn", "down"): ("refuse", "reject"),
    ("turn", "off"): ("disable",),
    ("turn", "on"): ("enable",),
    ("switch", "off"): ("disable",),
    ("switch", "on"): ("enable",),
    ("set", "off"): ("depart", "leave"),
    ("cut", "off"): ("disconnect",),
}
# Words allowed between the verb and its particle: "take the books out", "sort my jabs out";
# none before a preposition ("get tickets in advance" does not get in).
_GAP = {"out": 2, "up": 2, "back": 2, "down": 2, "off": 1}
_WIDEST = 1 + max(_GAP.values())  # words after the verb its particle may be among
_WORD = re.compile(r"[a-z]+")


def _lemma(word: str) -> str:
    if word.endswith("ting") and word[:-4] in {"set", "put", "cut", "get", "shut"}:
        return word[:-4]  # "setting up": simplemma reads the noun
    return str(simplemma.lemmatize(word, lang="en"))


@lru_cache(maxsize=4096)
def phrasal_meanings(text: str) -> Mapping[str, tuple[str, ...]]:
    """The text's verbs used with a particle, as written, and the single words they mean:
    "How many books can I take out?" gives {"take": ("borrow", "withdraw", "remove")}.
    Memoised (callers only read it): every candidate sentence of a question asks alike."""
    words = tokens(text)
    found: dict[str, tuple[str, ...]] = {}
    for i, word in enumerate(words):
        if not _WORD.fullmatch(word):
            continue
        lemma = _lemma(word)
        for gap, particle in enumerate(words[i + 1 : i + 1 + _WIDEST]):
            if (lemma, particle) in PHRASAL and gap <= _GAP.get(particle, 0):
                found[word] = PHRASAL[(lemma, particle)]
                break
    return found
