"""Word vectors for matching a question's words to a passage's words by meaning.

"companies" should count as found in a passage that says "firms". Each word is embedded
once, alone, by the same model: the tokenizer's whole-word vocabulary (cached per model,
shared by every build) plus the corpus's own words. Lookups at question time cost nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from app.embed import Embedder
from app.text import stem, stem_words, tokens

MIN_LEN = 3


class Lexicon:
    """A word → unit-vector table."""

    def __init__(self, words: np.ndarray, vectors: np.ndarray) -> None:
        self.words = words
        self.vectors = vectors  # as stored (float16 on disk)
        # float32 once, here: converting rows at every lookup dominated the answer time.
        self._matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        self._row = {str(w): i for i, w in enumerate(words.tolist())}
        self._by_stem: dict[str, int] | None = None  # built on the first unknown word

    def __len__(self) -> int:
        return len(self._row)

    def rows(self, words: Iterable[str]) -> list[int]:
        """Rows of the words that have a vector (unknown words are left out)."""
        return [r for w in words if (r := self._row.get(w)) is not None]

    def similarity(self, word: str, context_rows: list[int]) -> float:
        """Highest cosine between the word and any of the context words (0 if unknown)."""
        return self.closest(word, context_rows)[0]

    def row_of(self, word: str) -> int | None:
        """The word's row, or for a word without one ("companys") a word with its stem."""
        row = self._row.get(word)
        if row is None:
            if self._by_stem is None:
                by_stem: dict[str, int] = {}
                for i, s in enumerate(stem_words([str(w) for w in self.words.tolist()])):
                    by_stem.setdefault(s, i)
                self._by_stem = by_stem
            row = self._by_stem.get(stem(word))
        return row

    def closest(self, word: str, context_rows: list[int]) -> tuple[float, str]:
        """The context word nearest in meaning to the word, and its cosine ((0, "") if none)."""
        row = self.row_of(word)
        if row is None or not context_rows:
            return 0.0, ""
        sims = self._matrix[context_rows] @ self._matrix[row]
        best = int(sims.argmax())
        return float(sims[best]), str(self.words[context_rows[best]])


def _model_key(embedder: Embedder) -> str:
    return hashlib.sha1(embedder.name.encode()).hexdigest()[:12]


def base_words(embedder: Embedder) -> list[str]:
    """Whole English words the model's tokenizer knows (no word pieces, digits or symbols)."""
    vocab = embedder.model.tokenizer.get_vocab()
    return sorted(w for w in vocab if w.isascii() and w.isalpha() and len(w) >= MIN_LEN)


def _load_base(embedder: Embedder, cache_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    path = cache_dir / f"words-{_model_key(embedder)}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                return data["words"], data["vectors"]
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is rebuilt below
    words = base_words(embedder)
    vectors = embedder.encode(words, batch_size=256).astype(np.float16)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp-{os.getpid()}.npz")
    np.savez(tmp, words=np.array(words), vectors=vectors)
    os.replace(tmp, path)
    return np.array(words), vectors


def build_lexicon(embedder: Embedder, corpus_texts: Iterable[str], cache_dir: Path) -> Lexicon:
    """The tokenizer's words (cached) plus any corpus words they lack."""
    words, vectors = _load_base(embedder, cache_dir)
    known = set(words.tolist())
    extra = sorted({t for text in corpus_texts for t in tokens(text) if len(t) >= MIN_LEN} - known)
    if extra:
        extra_vectors = embedder.encode(extra, batch_size=256).astype(np.float16)
        words = np.concatenate([words, np.array(extra)])
        vectors = np.concatenate([vectors, extra_vectors])
    return Lexicon(words, vectors)
