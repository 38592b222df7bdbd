"""Answer sentences and what they lean on: a pronoun on the sentence before ("He said…"), an
FAQ reply on its "Yes," or "No,"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.answer_types import Kind, Need, asks_yes_or_no
from app.text import token_tuple
from app.types import Passage

_REPLY_OPENING = r"^\s*(yes|no)\b[,.!;:]?\s*"
REPLY = re.compile(_REPLY_OPENING, re.IGNORECASE)  # an FAQ answer's "Yes, "
# A reply whose rest leans on its yes or no: "No, not if you are 18 or over" says nothing alone.
FRAGMENT = re.compile(
    _REPLY_OPENING + r"(?:not|only|just|because|unless|but|although|though|if|except|as long as)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question, with how well it matches."""

    hit_rank: int
    passage: Passage
    position: int  # index of the sentence in its passage
    text: str
    confidence: float


# A sentence opening with a pronoun ("He said these discussions are needed…", "It is a free
# update…") names nobody: the sentence before it, in the same passage, says who or what.
THING_PRONOUNS = "it|they|this|these|that|those|its|their"
_ANAPHOR = re.compile(rf"^\s*(?:he|she|his|her|{THING_PRONOUNS})\b", re.IGNORECASE)
# ... and, for what a sentence is about, "There is no extra cost" goes on from it too.
POINTS_BACK = re.compile(rf"^\s*(?:{THING_PRONOUNS}|there)\b", re.IGNORECASE)


def with_antecedents(ranked: Sequence[Candidate], limit: int) -> list[Candidate]:
    """Up to `limit` sentences, best first, each opening with a pronoun led by the one before."""
    picked: list[Candidate] = []
    taken: set[tuple[str, int]] = set()
    for c in ranked:
        if (c.passage.id, c.position) in taken:
            continue
        group = [c]
        if _ANAPHOR.match(c.text) and c.position > 0:
            before = c.passage.sentences[c.position - 1]
            key = (c.passage.id, c.position - 1)
            if key not in taken and not (c.passage.question and REPLY.match(before)):
                group.insert(0, Candidate(c.hit_rank, c.passage, c.position - 1, before, 0.0))
        if len(picked) + len(group) > limit:
            if picked:
                break
            group = [c]  # the limit holds, even at the cost of the pronoun's antecedent
        picked.extend(group)
        taken.update((g.passage.id, g.position) for g in group)
    return picked


# A sentence whose subject is a personal pronoun ("He said these discussions are needed…").
_PERSONAL = re.compile(r"^\s*(?:he|she|they)\b", re.IGNORECASE)


def speaker_named(needs: Sequence[Need], passage: Passage, text: str) -> str:
    """The text with a leading "He"/"She"/"They" read as the speaker asked about, when the
    sentence before it in the passage names that speaker ("Scott Bessent confirmed … He said
    …" reports Bessent's words); otherwise the text itself."""
    speakers = [n.focus for n in needs if n.kind is Kind.SAYS and n.focus]
    opening = _PERSONAL.match(text)
    if not speakers or opening is None or text not in passage.sentences:
        return text
    at = passage.sentences.index(text)
    prior = passage.sentences[at - 1] if at > 0 else ""
    before = set(token_tuple(prior))
    named = [w for focus in speakers for w in focus if w in before and _may_be_subject(w, prior)]
    return f"{' '.join(named)}{text[opening.end() :]}" if named else text


# Where a name is not who a following "He said" is: an owner ("during President Trump's
# visit"), or after a preposition ("a call with Minister Varga").
_NOT_SUBJECT = (
    r"(?:(?i:{0})['’]s\b|\b(?i:during|of|in|at|from|to|with|by|for|on|under|after|before|"
    r"about|against|between|among|alongside)\s+(?:[A-Z][\w.’'-]*\s+){{0,3}}(?i:{0})\b)"
)


def _may_be_subject(word: str, sentence: str) -> bool:
    """Whether the sentence names `word` anywhere but as an owner or after a preposition."""
    name = re.escape(word)
    every = len(re.findall(rf"\b{name}\b", sentence, re.IGNORECASE))
    return every > len(re.findall(_NOT_SUBJECT.format(name), sentence))


def reply_for(question: str, sentences: Sequence[str]) -> list[str]:
    """An FAQ answer's sentences for the question: "Yes, ..." loses its "Yes" for a question
    that asked no yes or no ("Why ...?"), since it answered the FAQ's own question."""
    if asks_yes_or_no(question) or not sentences or not REPLY.match(sentences[0]):
        return list(sentences)
    first = without_reply(sentences[0])
    return [*([first] if first else []), *sentences[1:]] or list(sentences)


def without_reply(sentence: str) -> str:
    """The sentence less its leading "Yes,"/"No,", capitalised; "" when too little is left."""
    rest = REPLY.sub("", sentence, count=1)
    return rest[0].upper() + rest[1:] if len(rest.split()) >= 3 else ""
