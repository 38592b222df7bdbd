"""Hybrid retrieval: dense FAISS search fused with BM25 and rapidfuzz FAQ matching by RRF."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from app.index.base import VectorIndex
from app.lexical import LexicalIndex
from app.synonyms import Synonyms, query_stems
from app.text import content_stems, content_tokens, normalize
from app.types import Hit, Passage

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks
FUZZY_CUTOFF = 75  # rapidfuzz WRatio below this is no evidence of a matching FAQ question


@dataclass(frozen=True)
class Query:
    """A question ready for retrieval: its text (history-resolved) and its embedding."""

    text: str
    vector: np.ndarray  # (dimension,), unit length


def rrf(rankings: Sequence[Sequence[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion of several ranked lists of passage indices."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, idx in enumerate(ranking):
            scores[idx] = scores.get(idx, 0.0) + 1.0 / (k + rank + 1)
    return scores


def top_positive(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest positive scores, highest first (ties: lower index first).

    Only the documents sharing a word with the query are ranked: a full partition of the
    scores is slow when most of them are equal (zero), as they are in a large corpus.
    """
    hits = np.flatnonzero(scores > 0)
    if len(hits) > k:
        hits = np.sort(hits[np.argpartition(-scores[hits], k - 1)[:k]])
    return hits[np.argsort(-scores[hits], kind="stable")]


class HybridRetriever:
    """Finds passages for a query; every signal is also kept on the hits for the answerer."""

    def __init__(
        self,
        passages: Sequence[Passage],
        vectors: VectorIndex,
        faq_vectors: np.ndarray,
        faq_rows: np.ndarray,
        lexical: LexicalIndex | None = None,
        synonyms: Synonyms | None = None,
    ) -> None:
        self.passages = passages
        self.vectors = vectors
        self.faq_vectors = faq_vectors  # (n_faq, dim) embeddings of FAQ questions alone
        self.faq_rows = faq_rows  # passage index of each FAQ question
        self._faq_questions = [normalize(passages[i].question or "") for i in faq_rows]
        self.lexical = lexical if lexical is not None else LexicalIndex.build(passages)
        # A question word the passages never write is searched for by the synonyms they do.
        self.synonyms = synonyms if synonyms is not None else Synonyms({})

    def faq_similarity(self, query: Query) -> np.ndarray:
        """Cosine similarity of the query to every FAQ question."""
        if len(self.faq_rows) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.faq_vectors @ query.vector

    def search(self, query: Query, k: int) -> list[Hit]:
        """Top-k passages by reciprocal rank fusion of dense, lexical and fuzzy-FAQ rankings."""
        n = len(self.passages)
        depth = min(n, max(4 * k, 20))
        dense_scores, dense_ids = self.vectors.search(query.vector[None, :], depth)
        dense = {
            int(i): float(s) for i, s in zip(dense_ids[0], dense_scores[0], strict=True) if i >= 0
        }

        stems = content_stems(query.text)
        if len(self.synonyms):
            stems += query_stems(content_tokens(query.text), self.synonyms)
        lexical: dict[int, float] = {}
        lexical_rank: list[int] = []
        if stems:
            scores = self.lexical.scores(stems)
            ids = top_positive(scores, depth)
            top = float(scores[ids[0]]) if len(ids) else 0.0
            for i in ids.tolist():
                lexical[i] = float(scores[i]) / top
                lexical_rank.append(i)

        # An FAQ entry matches densely through its question alone, or question and answer.
        # For ranking only: Hit.dense stays the passage's own similarity, so an FAQ's answer
        # sentences are not credited with how well the question matched the FAQ's question.
        faq_dense = self.faq_similarity(query)
        ranking = dict(dense)
        for j, row in enumerate(self.faq_rows):
            row = int(row)
            ranking[row] = max(ranking.get(row, -1.0), float(faq_dense[j]))
        dense_rank = sorted(ranking, key=lambda i: -ranking[i])

        # Typo-tolerant match against FAQ questions; only real matches enter the fusion.
        fuzzy: dict[int, float] = {}
        if self._faq_questions:
            matches = process.extract(
                normalize(query.text),
                self._faq_questions,
                scorer=fuzz.token_sort_ratio,
                processor=utils.default_process,
                limit=min(5, len(self._faq_questions)),
                score_cutoff=FUZZY_CUTOFF,
            )
            for _, score, j in matches:
                fuzzy[int(self.faq_rows[j])] = score / 100.0
        fuzzy_rank = sorted(fuzzy, key=lambda i: -fuzzy[i])

        fused = rrf([dense_rank, lexical_rank, fuzzy_rank])
        ranked = sorted(fused, key=lambda i: -fused[i])[:k]
        missing = [i for i in ranked if i not in dense]
        if missing:
            # Found only lexically: score it densely too, so the answerer sees every signal.
            for i in missing:
                dense[i] = float(self.vectors.reconstruct(i) @ query.vector)
        return [
            Hit(
                passage=self.passages[i],
                score=fused[i],
                dense=dense[i],
                fuzzy=fuzzy.get(i, 0.0),
                lexical=lexical.get(i, 0.0),
            )
            for i in ranked
        ]
