"""Question words matched to a passage's words as the model reads them in context.

A word's vector alone misses paraphrases a sentence makes plain: "goes missing" and "lost"
score 0.30 as single words, 0.51 as the model reads them in their sentences; "car" and "bike"
score 0.56 alone, 0.22 in "a flat tyre on my car" against a bike's flat tyre. Each word's
vector here is the mean of its word pieces' last hidden states (the states the model pools
into a sentence vector), and a question word's closeness to a text is its highest cosine with
any of the text's content words (BERTScore's greedy matching).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from threading import Lock

import numpy as np

from app.text import STOPWORDS, token_spans

# (start, end) character offsets of a text's word pieces, and the pieces' hidden states.
TokenStates = tuple[Sequence[tuple[int, int]], np.ndarray]
TokenEncoder = Callable[[list[str]], list[TokenStates]]


@dataclass(frozen=True)
class WordVectors:
    """A text's content words (as app.text.tokens spells them), where each starts, their vectors.

    Stopwords are left out: they are never matched, and a passage keeps about half its words.
    """

    words: tuple[str, ...]
    starts: np.ndarray  # character offset of each word in the text
    vectors: np.ndarray  # (words, hidden), unit rows, float16: a server keeps many


def word_vectors(text: str, states: TokenStates) -> WordVectors:
    """Group word pieces into the text's content words: each word's vector is its pieces' mean."""
    offsets, hidden = states
    real = [i for i, (a, b) in enumerate(offsets) if b > a]  # special tokens span nothing
    if len(real) < len(offsets):
        offsets, hidden = [offsets[i] for i in real], hidden[real]
    words: list[str] = []
    starts: list[int] = []
    bounds: list[int] = []  # each word's first piece and the piece after its last
    piece = 0
    for word, start, end in token_spans(text):
        while piece < len(offsets) and offsets[piece][1] <= start:
            piece += 1
        first = piece
        while piece < len(offsets) and offsets[piece][1] <= end:
            piece += 1
        if piece == first:
            continue  # past the model's length limit: no state for this word
        if word in STOPWORDS:
            continue  # after its pieces were passed: they are no other word's
        words.append(word)
        starts.append(start)
        bounds += [first, piece]
    dim = hidden.shape[1] if hidden.ndim == 2 else 0
    if not words:
        return WordVectors((), np.zeros(0, np.int64), np.zeros((0, dim), np.float16))
    # Sums over [first, after) for every word at once (the odd slices are the gaps between).
    padded = np.vstack([hidden, np.zeros((1, dim), hidden.dtype)])
    sums = np.add.reduceat(padded, bounds, axis=0)[::2]
    norms = np.linalg.norm(sums, axis=1)  # the mean's direction is the sum's
    keep = norms > 0
    vectors = (sums[keep] / norms[keep, None]).astype(np.float16)
    kept = [w for w, k in zip(words, keep.tolist(), strict=True) if k]
    return WordVectors(tuple(kept), np.array(starts, dtype=np.int64)[keep], vectors)


# Stored word vectors are int8: unit rows scaled by 127 (a cosine moves by about 0.002).
_INT8_SCALE = 127.0


@dataclass(frozen=True)
class StoredWords:
    """Every passage's content word vectors, as the build read them: rows offsets[i]..[i+1].

    Written beside the index, so a question meeting a passage for the first time costs no
    model call. Vectors are int8 (about 10 KB a passage of 25 content words).
    """

    texts: dict[str, int]  # passage text -> its row
    offsets: np.ndarray  # (passages + 1,) int64
    starts: np.ndarray  # (words,) character offset of each word in its text
    vectors: np.ndarray  # (words, hidden) int8

    @staticmethod
    def pack(words: WordVectors) -> tuple[np.ndarray, np.ndarray]:
        """One text's word starts and int8 vectors, as stored (a build holds every passage's)."""
        vectors = np.round(words.vectors.astype(np.float32) * _INT8_SCALE).astype(np.int8)
        return words.starts.astype(np.int32), vectors

    @staticmethod
    def arrays(packed: Sequence[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
        """The arrays to write for the passages' packed word vectors, in passage order."""
        counts = [len(starts) for starts, _ in packed]
        dim = next((v.shape[1] for _, v in packed if v.ndim == 2), 0)
        vectors = [v for _, v in packed if len(v)]
        return {
            "context_offsets": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            "context_starts": np.concatenate(
                [np.zeros(0, np.int32), *(starts for starts, _ in packed)]
            ).astype(np.int32),
            "context_vectors": np.vstack(vectors) if vectors else np.zeros((0, dim), np.int8),
        }

    def get(self, text: str) -> WordVectors | None:
        """The text's word vectors as stored, or None for a text the build did not read."""
        row = self.texts.get(text)
        if row is None:
            return None
        a, b = int(self.offsets[row]), int(self.offsets[row + 1])
        starts = np.asarray(self.starts[a:b], dtype=np.int64)
        vectors = np.asarray(self.vectors[a:b], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float16)
        at = set(starts.tolist())
        words = tuple(w for w, start, _ in token_spans(text) if start in at)
        return WordVectors(words, starts, vectors)


@dataclass(frozen=True)
class Match:
    """Cosines between a question's content words and a text's."""

    asked: tuple[str, ...]
    starts: np.ndarray  # where each content word of the text starts
    cosines: np.ndarray  # (asked words, content words)

    def best(self, span: tuple[int, int] | None = None) -> dict[str, float]:
        """Each question word's highest cosine with a content word (within the span)."""
        if span is None:
            return self._anywhere
        inside = (self.starts >= span[0]) & (self.starts < span[1])
        return self._by_word(self.cosines[:, inside])

    @cached_property
    def _anywhere(self) -> dict[str, float]:
        return self._by_word(self.cosines)

    def _by_word(self, cosines: np.ndarray) -> dict[str, float]:
        if not self.asked or not cosines.shape[1]:
            return {}
        out: dict[str, float] = {}
        for word, cosine in zip(self.asked, cosines.max(axis=1).tolist(), strict=True):
            out[word] = max(out.get(word, -1.0), cosine)
        return out


class ContextWords:
    """Word vectors in context, per text, kept for the most recently used texts."""

    def __init__(
        self, encode: TokenEncoder, cache_size: int = 2048, stored: StoredWords | None = None
    ) -> None:
        self._encode = encode
        self._size = cache_size
        self._stored = stored  # passages read at build time: never encoded again
        self._cache: OrderedDict[str, WordVectors] = OrderedDict()
        # A question meets each candidate passage once per sentence: its cosines are kept.
        self._matches: OrderedDict[tuple[str, str], Match] = OrderedDict()
        self._lock = Lock()  # the engine answers from several threads

    def clear(self) -> None:
        """Forget every text read (the benchmark measures a question meeting new passages)."""
        with self._lock:
            self._cache.clear()
            self._matches.clear()

    def remember(self, texts: Sequence[str], states: Sequence[TokenStates]) -> None:
        """Keep texts' word vectors from states already computed (a question's own encoding)."""
        self._keep(dict(zip(texts, map(word_vectors, texts, states), strict=True)))

    def _keep(self, fresh: dict[str, WordVectors]) -> None:
        with self._lock:
            self._cache.update(fresh)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def of(self, texts: Sequence[str]) -> list[WordVectors]:
        """The texts' word vectors; texts not seen lately are encoded in one batch."""
        with self._lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
            for t in known:
                self._cache.move_to_end(t)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh: dict[str, WordVectors] = {}
        if self._stored is not None:
            # Read at build time: decoded from the stored rows, no model call.
            fresh = {t: w for t in missing if (w := self._stored.get(t)) is not None}
            missing = [t for t in missing if t not in fresh]
        if missing:
            fresh.update(
                zip(missing, map(word_vectors, missing, self._encode(missing)), strict=True)
            )
        if fresh:
            self._keep(fresh)
            known.update(fresh)
        return [known[t] for t in texts]

    def match(self, question: str, text: str) -> Match:
        """The cosines between the question's words and the text's content words."""
        key = (question, text)
        with self._lock:
            found = self._matches.get(key)
        if found is not None:
            return found
        asked, said = self.of([question, text])
        if asked.words and said.words:
            cosines = asked.vectors.astype(np.float32) @ said.vectors.astype(np.float32).T
        else:
            cosines = np.zeros((len(asked.words), len(said.words)), np.float32)
        found = Match(asked.words, said.starts, cosines)
        with self._lock:
            self._matches[key] = found
            while len(self._matches) > self._size:
                self._matches.popitem(last=False)
        return found

    def closeness(
        self, question: str, text: str, span: tuple[int, int] | None = None
    ) -> dict[str, float]:
        """Each question content word's highest cosine with a content word of the text (span)."""
        return self.match(question, text).best(span)
