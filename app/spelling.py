"""Typo correction against the corpus's own vocabulary, before the question is embedded."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from app.text import tokens

_WORD = re.compile(r"[A-Za-z]+")


class Speller:
    """Replaces words neither in the corpus nor known English with the closest corpus word."""

    def __init__(self, corpus_texts: Iterable[str], known_words: Iterable[str], cutoff: float = 80):
        vocab = {t for text in corpus_texts for t in tokens(text) if t.isalpha() and len(t) >= 3}
        self._vocab = sorted(vocab)
        self._vocab_set = vocab
        self._known = {w.lower() for w in known_words}
        self._cutoff = cutoff

    def correct_word(self, word: str) -> str:
        """The corpus word this one is a likely typo of, or the word itself."""
        low = word.lower()
        if len(low) < 4 or low in self._vocab_set or low in self._known or not self._vocab:
            return word
        match = process.extractOne(low, self._vocab, scorer=fuzz.ratio, score_cutoff=self._cutoff)
        return match[0] if match else word

    def correct(self, text: str) -> str:
        """The text with likely typos replaced; everything else is left exactly as it was."""
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text)
