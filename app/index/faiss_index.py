"""Faiss backend: exact inner-product search for small corpora, HNSW for large ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import faiss
import numpy as np

from app.index.base import FloatArray, IdArray, VectorIndex
from app.index.errors import IndexCorruptError

# Graph quality: at 40,000 synthetic passages efConstruction 200 against 80 raised
# questions' recall@10 at efSearch 128 from 0.988 to 0.993 (64: 0.971 -> 0.983) for a
# build 2.7x as long (4.5 -> 12 s; the model's encoding takes minutes there).
EF_CONSTRUCTION = 200
# Search breadth: recall@20 against exact search was 0.945 at 64 and 0.980 at 128 on 5,000
# MiniLM passages (python -m bench.growth), for about 20 more microseconds a query.
EF_SEARCH = 128
# With sample queries (the corpus's own sentences and FAQ questions), a build measures recall
# and widens the search until it reaches the target: efSearch 128 gave recall@5 of only 0.86
# at 101k synthetic passages. Stored texts are easier queries than questions (5k synthetic
# passages, recall@10 at efSearch 32: sentences 0.99, questions about the corpus 0.94,
# off-topic questions 0.87), hence a strict target and EF_SEARCH as the floor; a wider
# search costs microseconds beside the model call.
EF_SEARCH_CHOICES = (EF_SEARCH, 256, 512, 1024)
TARGET_RECALL = 0.99
CALIBRATION_K = 10
TIMED_QUERIES = 50  # calibration queries timed one at a time, HNSW against exact search
_NORM_TOLERANCE = 1e-3


class FaissIndex(VectorIndex):
    """A faiss `IndexFlatIP` ("flat") or `IndexHNSWFlat` with inner product ("hnsw")."""

    def __init__(self, index: faiss.Index) -> None:
        if index.metric_type != faiss.METRIC_INNER_PRODUCT:
            raise ValueError("faiss index must use the inner-product metric")
        self._hnsw: faiss.HNSW | None = None
        if isinstance(index, faiss.IndexHNSWFlat):
            self.kind = "hnsw"
            self._hnsw = index.hnsw
        elif isinstance(index, faiss.IndexFlat):
            self.kind = "flat"
        else:
            raise ValueError(f"unsupported faiss index type {type(index).__name__}")
        self.dimension = int(index.d)
        self._index = index
        self.calibration: dict[str, Any] | None = None  # set by build(calibrate=...)

    @classmethod
    def build(
        cls,
        vectors: FloatArray,
        *,
        hnsw_threshold: int = 20000,
        hnsw_m: int = 32,
        ef_search: int = EF_SEARCH,
        ef_construction: int = EF_CONSTRUCTION,
        calibrate: FloatArray | None = None,
        target_recall: float = TARGET_RECALL,
    ) -> FaissIndex:
        """Index L2-normalised vectors: exact below `hnsw_threshold` rows, HNSW at or above it.

        With `calibrate` (sample queries), an HNSW index takes the smallest efSearch whose
        recall@10 against exact search reaches `target_recall`, in place of `ef_search`; and
        if HNSW at that breadth is no faster than exact search, the index is exact after all.
        """
        data = _as_matrix(vectors, None)
        n, d = data.shape
        if d == 0:
            raise ValueError("vectors must have at least one dimension")
        if n:
            norms = np.linalg.norm(data, axis=1)
            # Inner product equals cosine only for unit vectors; catch a caller that forgot.
            if not np.all(np.abs(norms - 1.0) <= _NORM_TOLERANCE):
                raise ValueError("vectors must be L2-normalised")
        index: faiss.Index
        if n >= hnsw_threshold:
            index = faiss.IndexHNSWFlat(d, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = ef_construction  # must be set before add()
            index.hnsw.efSearch = ef_search
        else:
            index = faiss.IndexFlatIP(d)
        if n:
            index.add(data)
        built = cls(index)
        if calibrate is not None and len(calibrate) and built._hnsw is not None and n:
            built._calibrate(data, _as_matrix(calibrate, d), target_recall)
            assert built.calibration is not None
            if built.calibration["chose"] == "flat":
                exact = cls(faiss.IndexFlatIP(d))
                exact._index.add(data)
                exact.calibration = built.calibration
                return exact
        return built

    def _calibrate(self, data: FloatArray, queries: FloatArray, target: float) -> None:
        """Pick the smallest efSearch reaching `target` recall@10 on these queries.

        Also times it against exact search, one query at a time as when serving: an HNSW
        search so wide that it is no faster than exact search is not worth its misses, and
        the build then keeps exact search (`calibration["chose"]` says which).
        """
        assert self._hnsw is not None
        k = min(CALIBRATION_K, len(data))
        _, truth = faiss.knn(queries, data, k, metric=faiss.METRIC_INNER_PRODUCT)
        measured: dict[int, float] = {}
        for ef in EF_SEARCH_CHOICES:
            self._hnsw.efSearch = ef
            _, found = self._index.search(queries, k)
            measured[ef] = _overlap(truth, found)
            if measured[ef] >= target:
                break
        # Reached the target, or the widest breadth tried: the best recall available.
        timed = queries[:TIMED_QUERIES]
        hnsw_us = _per_query_us(lambda q: self._index.search(q, k), timed)
        exact_us = _per_query_us(
            lambda q: faiss.knn(q, data, k, metric=faiss.METRIC_INNER_PRODUCT), timed
        )
        self.calibration = {
            "queries": len(queries),
            "k": k,
            "target": target,
            "recall_at_ef": {str(ef): round(r, 4) for ef, r in measured.items()},
            "search_us": {"hnsw": round(hnsw_us, 1), "exact": round(exact_us, 1)},
            "chose": "hnsw" if hnsw_us < exact_us else "flat",
        }

    @property
    def params(self) -> dict[str, Any]:
        """Backend parameters recorded in the manifest."""
        params: dict[str, Any] = {"metric": "inner_product"}
        hnsw = self._hnsw
        if hnsw is not None:
            # Cumulative neighbour slots per layer: layer 0 holds 2*M.
            params["M"] = int(hnsw.cum_nneighbor_per_level.at(1)) // 2
            params["ef_construction"] = int(hnsw.efConstruction)
            params["ef_search"] = int(hnsw.efSearch)
        if self.calibration is not None:
            params["hnsw_calibration"] = self.calibration
        return params

    def set_ef_search(self, ef_search: int) -> None:
        """Set HNSW's search breadth (recall vs speed); no effect on an exact index."""
        if ef_search < 1:
            raise ValueError("ef_search must be at least 1")
        if self._hnsw is not None:
            # Shared state: set it at load time, not while other threads search.
            self._hnsw.efSearch = ef_search

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, queries: FloatArray, k: int) -> tuple[FloatArray, IdArray]:
        """Top-k (scores, ids), each shaped (n, k); missing slots have id -1 and score -inf."""
        if k < 1:
            raise ValueError("k must be at least 1")
        data = _as_matrix(queries, self.dimension)
        n = data.shape[0]
        if n == 0 or len(self) == 0:
            return (
                np.full((n, k), -np.inf, dtype=np.float32),
                np.full((n, k), -1, dtype=np.int64),
            )
        scores, ids = self._index.search(data, k)
        scores = np.asarray(scores, dtype=np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        scores[ids < 0] = -np.inf  # faiss pads with -FLT_MAX; make "missing" unmistakable
        return scores, ids

    def reconstruct(self, row: int) -> FloatArray:
        """The stored vector of one row (flat and HNSW-flat both keep the full vectors)."""
        return np.asarray(self._index.reconstruct(int(row)), dtype=np.float32)

    def recall_at_k(self, sample_queries: FloatArray, k: int) -> float:
        """Mean share of the exact top-k ids that this index also returns (1.0 for "flat")."""
        data = _as_matrix(sample_queries, self.dimension)
        if data.shape[0] == 0:
            raise ValueError("need at least one sample query")
        if len(self) == 0:
            return 1.0
        exact = faiss.IndexFlatIP(self.dimension)
        exact.add(self._index.reconstruct_n(0, len(self)))
        _, truth = exact.search(data, k)
        _, found = self.search(data, k)
        return _overlap(truth, found)

    def save(self, path: Path) -> None:
        """Write the index to one file at `path`."""
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> Self:
        """Read an index written by `save`; raises IndexCorruptError naming the file."""
        if not path.is_file():
            raise IndexCorruptError(f"{path}: file is missing")
        try:
            raw = faiss.read_index(str(path))
        except (RuntimeError, MemoryError, OSError) as exc:
            # faiss errors are multi-line C++ traces; keep the message to one line.
            raise IndexCorruptError(f"{path}: faiss cannot read this file") from exc
        try:
            return cls(raw)
        except ValueError as exc:
            raise IndexCorruptError(f"{path}: {exc}") from exc


def _per_query_us(search: Callable[[FloatArray], object], queries: FloatArray) -> float:
    """Best of two passes: microseconds a query, searching one query at a time."""
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        for row in range(len(queries)):
            search(queries[row : row + 1])
        best = min(best, time.perf_counter() - started)
    return best / max(1, len(queries)) * 1e6


def _overlap(truth: IdArray, found: IdArray) -> float:
    """Mean share of each row's true ids that were found (1.0 when there are none)."""
    hits = 0
    total = 0
    for want, got in zip(truth, found, strict=True):
        wanted = {int(i) for i in want if i >= 0}
        hits += len(wanted & {int(i) for i in got if i >= 0})
        total += len(wanted)
    return hits / total if total else 1.0


def _as_matrix(values: FloatArray, dimension: int | None) -> FloatArray:
    """Validate an (n, d) matrix and return it as C-contiguous float32, as faiss requires."""
    data = np.ascontiguousarray(values, dtype=np.float32)
    if data.ndim != 2:
        raise ValueError(f"expected a 2-D array of shape (n, d), got shape {data.shape}")
    if dimension is not None and data.shape[1] != dimension:
        raise ValueError(f"expected vectors of dimension {dimension}, got {data.shape[1]}")
    return data
