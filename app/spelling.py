"""Typo correction against the corpus's own vocabulary, before the question is embedded.

A word the corpus does not hold either may still be a typo of an everyday word the corpus
never writes ("compnaies" when the documents say "firms"): it is corrected to the model's
whole-word vocabulary, but only to a single best candidate that keeps the first letter, since
that vocabulary is large enough for most short typos to have several ("leed": led, lead).
A real English word (a lemma dictionary's) is never corrected: "rethink" is not "think".

A word is compared with only the corpus words it could be a typo of, found through a
deletion index (as in SymSpell): every corpus word is filed under itself and each string
one deletion away; a question word looks up itself and every string up to two deletions
away. That finds the corpus words within one missing, one extra-or-swapped-or-changed, or two
extra letters of the question word, at a cost that does not grow with the vocabulary. The
candidates are then scored with rapidfuzz's `ratio`, as a full scan would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from app.text import tokens

_WORD = re.compile(r"[A-Za-z]+")
# A real word typed for another, which no dictionary check catches: "were are the talks?"
# opens with "where" ("were" does not open a question before another verb).
_WERE_WHERE = re.compile(
    r"^(\s*)([Ww])ere(?= (?:are|is|was|were|do|does|did|can|could|will|would|should)\b)"
)
# Chat shorthand for the words that say what a question asks ("hw much", "wht time"): too
# short for the typo search, and they decide the kind of answer wanted.
_SHORTHAND = {
    "hw": "how",
    "hwo": "how",
    "wht": "what",
    "whta": "what",
    "whn": "when",
    "whr": "where",
    "wher": "where",
    "whch": "which",
}
_SHORT_WORD = re.compile(rf"\b(?:{'|'.join(_SHORTHAND)})\b", re.IGNORECASE)
# A contraction typed without its apostrophe ("whats the weather like"): "what" alone would
# lose the "is" that makes it ask what something is. ("its" is a word of its own.)
_BARE_CONTRACTION = re.compile(r"\b(what|that|who|where|how|there|here)s\b", re.IGNORECASE)
VOCAB_DELETES = 1  # deletions filed per corpus word
QUERY_DELETES = 2  # deletions looked up per question word


def deletions(word: str, depth: int) -> set[str]:
    """The word and every string made by deleting up to `depth` of its letters."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class DeletionIndex:
    """Corpus words by their deletion strings, as sorted hash arrays (compact at any size)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        keys: list[int] = []
        rows: list[int] = []
        for row, word in enumerate(words):
            for key in deletions(word, VOCAB_DELETES):
                keys.append(hash(key))
                rows.append(row)
        key_array = np.array(keys, dtype=np.int64)
        order = np.argsort(key_array, kind="stable")
        self._keys = key_array[order]
        self._rows = np.array(rows, dtype=np.int32)[order]

    def candidates(self, word: str) -> list[str]:
        """Corpus words that may be within a typo of `word`, in vocabulary order.

        A hash collision only adds a candidate; the caller scores every candidate exactly.
        """
        if not len(self._keys):
            return []
        probes = np.array([hash(k) for k in deletions(word, QUERY_DELETES)], dtype=np.int64)
        lo = np.searchsorted(self._keys, probes, side="left")
        hi = np.searchsorted(self._keys, probes, side="right")
        found = [self._rows[a:b] for a, b in zip(lo.tolist(), hi.tolist(), strict=True) if b > a]
        if not found:
            return []
        return [self.words[r] for r in np.unique(np.concatenate(found)).tolist()]


class Speller:
    """Replaces words neither in the corpus nor known English with the closest corpus word,
    or failing that with the one closest known word."""

    def __init__(
        self,
        corpus_texts: Iterable[str],
        known_words: Iterable[str],
        cutoff: float = 80,
        is_word: Callable[[str], bool] = lambda word: False,
    ):
        vocab = {t for text in corpus_texts for t in tokens(text) if t.isalpha() and len(t) >= 3}
        self._vocab = sorted(vocab)
        self._vocab_set = vocab
        self._index = DeletionIndex(self._vocab)
        self._known = {w.lower() for w in known_words}
        self._known_index: DeletionIndex | None = None  # built at the first word it is needed for
        self._is_word = is_word
        self._cutoff = cutoff
        # Memoised: the engine corrects a question once for its query and once for what it
        # asks for, and a conversation's history comes back with every follow-up.
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def correct_word(self, word: str) -> str:
        """The corpus word this one is a likely typo of, else the one known word it is, else
        the word itself."""
        low = word.lower()
        if len(low) < 4 or low in self._vocab_set or low in self._known or self._is_word(low):
            return word
        candidates = self._index.candidates(low)
        # Vocabulary order, as a full scan would see them: ties go to the same word.
        match = process.extractOne(low, candidates, scorer=fuzz.ratio, score_cutoff=self._cutoff)
        if match:
            return str(match[0])
        if word[:1].isupper():
            return word  # a capitalised word the corpus lacks is a name more often than a typo
        return self._known_word(low) or word

    def _known_word(self, low: str) -> str | None:
        """The one known word this is a likely typo of, if exactly one is closest."""
        if low.endswith("s") and (low[:-1] in self._known or low[:-1] in self._vocab_set):
            return None  # "whats", "hows": a known word with an "s" is no typo
        if self._known_index is None:
            self._known_index = DeletionIndex(sorted(self._known))
        candidates = [w for w in self._known_index.candidates(low) if w[0] == low[0]]
        best = process.extract(
            low, candidates, scorer=fuzz.ratio, score_cutoff=self._cutoff, limit=2
        )
        if not best or (len(best) == 2 and best[1][1] >= best[0][1]):
            return None
        return str(best[0][0])

    def _spelled_out(self, match: re.Match[str]) -> str:
        """The word a shorthand stands for, unless the corpus writes the shorthand itself."""
        short = match.group(0)
        if short.lower() in self._vocab_set:
            return short
        return _cased(_SHORTHAND[short.lower()], short)

    def _correct(self, text: str) -> str:
        """The text with likely typos replaced; everything else is left exactly as it was."""
        text = _WERE_WHERE.sub(r"\1\2here", text)
        text = _SHORT_WORD.sub(self._spelled_out, text)
        text = _BARE_CONTRACTION.sub(r"\1's", text)
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text)


def _cased(word: str, like: str) -> str:
    """The word capitalised as `like` is ("Hw" gives "How")."""
    return word.capitalize() if like[:1].isupper() else word
