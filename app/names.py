"""Names in text: which words a question or the documents write as names, and the words every
document's title holds (what all the passages are about)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from app.text import DOCUMENT_WORDS, STOPWORDS, content_tokens, normalize, tokens
from app.types import Hit, Passage

# A model code ("H200", "b200", "A380"): a name in any case; its letters name its family.
_CODE = re.compile(r"([A-Za-z]{1,4})\d{1,5}[A-Za-z]?")


def _code_family(name: str) -> str | None:
    """The letters a code opens with ("hw" of "hw5"), or None for a name that is no code."""
    match = _CODE.fullmatch(name)
    return match.group(1) if match else None


def listed_family(name: str, hits: Sequence[Hit]) -> bool:
    """Whether a hit lists two or more codes of the name's family (the name being a code)."""
    family = _code_family(name)
    return family is not None and any(
        len({t for t in tokens(h.passage.text) if _code_family(t) == family}) >= 2 for h in hits
    )


# A capitalised word inside a sentence, an acronym ("CEO", "NATO") or a name with a capital
# inside it ("iPhone", "macOS") anywhere.
_CAPITALISED = re.compile(
    r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+(?:['’]s)?\b|\b[A-Z]{2,5}(?:['’]?s)?\b|"
    r"\b[a-z]+[A-Z][A-Za-z]*\b|"
    rf"\b{_CODE.pattern}\b"  # ... and a model code, in any case
)


_CAPITAL_WORD = re.compile(r"\b[A-Z][a-z]*\b")
# Titles before a name are not names: "Mr Bessent" names Bessent.
_HONORIFICS = frozenset("mr mrs ms mx dr prof sir madam dame lord lady".split())


def proper_nouns(texts: Iterable[str]) -> set[str]:
    """Lower-cased names: words capitalised inside a sentence, acronyms, "iPhone"-style words.

    A text in Title Case ("What Did The US Say About AI?") marks no names by its capitals.
    """
    out: set[str] = set()
    for text in texts:
        text = text.strip()
        # Title Case capitalises function words too, which running text never does.
        if sum(w.lower() in STOPWORDS for w in _CAPITAL_WORD.findall(text)[1:]) >= 2:
            continue
        for match in _CAPITALISED.finditer(text):
            # One word by construction: lower-cased, less a possessive, as `tokens` would.
            word = normalize(match.group(0)).removesuffix("'s")
            if word not in STOPWORDS and word not in _HONORIFICS and word not in DOCUMENT_WORDS:
                out.add(word)
    return out


def title_words(passages: Iterable[Passage]) -> frozenset[str]:
    """Words in the titles of most of the documents (of more than one): "Getting Started with
    Pinecrest Bikes", "Pinecrest Bikes: FAQ" and "Pinecrest Bikes - service notices" give
    "pinecrest" and "bikes"."""
    titles = {p.source: p.title for p in passages}
    if len(titles) < 2:
        return frozenset()
    counts = Counter(t for title in titles.values() for t in set(content_tokens(title)))
    return frozenset(t for t, n in counts.items() if 2 * n > len(titles))


def corpus_names(passages: Iterable[Passage]) -> frozenset[str]:
    """Words the passages write capitalised inside a sentence and never in lower case."""
    texts = [s for p in passages for s in p.sentences]
    lower = {w for t in texts for w in _LOWER_WORD.findall(t)}
    return frozenset(n for n in proper_nouns(texts) if n not in lower)


_LOWER_WORD = re.compile(r"\b[a-z][a-z0-9]*\b")
